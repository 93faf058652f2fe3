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

int carbon_h_api_lao_balance(carbon_req *cr)
{
    const char *code = carbon_route_param(cr, 0);
    carbon_scope sc = carbon_scope_of(cr->user);
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row;
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    st = carbon_db_select_one(db, "lao_balance", &row,
                              CARBON_ARGS(code, sc.all, sc.province_code, sc.lao_code));
    if (st)
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    if (!row)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, row);
}
