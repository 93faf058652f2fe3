/*
 * credits.c: an LAO's credit balance (remaining / awaiting / sold of
 * certified), scoped like every read: outside the user's scope is a 404.
 */
#include "handlers.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "scope.h"
#include "json_util.h"
#include "http_protocol.h"

/* The LAO of route parameter 0 as the user may see it: its balance row,
 * or NULL (answered: 404 outside the scope, or the database's trouble). */
static json_t *scoped_lao(carbon_req *cr, carbon_db *db, int *status)
{
    const char *code = carbon_route_param(cr, 0);
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    json_t *row;
    carbon_db_status st = carbon_db_select_one(db, "lao_balance", &row,
                                               CARBON_ARGS(code, CARBON_SCOPE_ARGS(sc)));
    if (st) {
        *status = carbon_send_body_error(cr, carbon_db_http_status(st));
        return NULL;
    }
    if (!row) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
        return NULL;
    }
    return carbon_json_pool(cr->r->pool, row);
}

int carbon_h_api_lao_balance(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row;
    int status;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if (!(row = scoped_lao(cr, db, &status)))
        return status;
    return carbon_send_json(cr, HTTP_OK, json_incref(row));
}

int carbon_h_api_lao_certifications(carbon_req *cr)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rows;
    carbon_db_status st;
    int status;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if (!scoped_lao(cr, db, &status))
        return status;
    st = carbon_db_select(db, "lao_certifications", &rows,
                          CARBON_ARGS(carbon_route_param(cr, 0), CARBON_SCOPE_ARGS(sc)));
    if (st)
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    return carbon_send_json(cr, HTTP_OK, rows);
}
