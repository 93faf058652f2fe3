/*
 * credits.c: an LAO's credit balance (remaining / awaiting / sold of
 * certified, in total and per project) and its certifications, scoped like
 * every read: outside the user's scope is a 404. No SQL here: ledger.h and
 * certifications.h.
 */
#include "router.h"
#include "http.h"
#include "db.h"
#include "ledger.h"
#include "certifications.h"
#include "json_util.h"
#include "http_protocol.h"

APLOG_USE_MODULE(carbon);

/* GET api/v1/laos/{code}/balance: the LAO's totals and its credits per
 * project (ledger.h); outside the user's scope a 404. */
static int api_balance(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *balance;
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((st = carbon_ledger_balance(cr, db, carbon_route_param(cr, 0), &balance)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    if (!balance)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(balance));
}

/* GET api/v1/laos/{code}/certifications: 404 outside the user's scope. */
static int api_certifications(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    const char *code = carbon_route_param(cr, 0);
    json_t *balance, *rows;
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((st = carbon_ledger_balance(cr, db, code, &balance))
        || (balance && (st = carbon_certifications_api_of_lao(cr, db, code, &rows))))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    if (!balance)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

static const carbon_route routes[] = {
    { "GET",  "/api/v1/laos/{code}/balance",        api_balance, 0 },
    { "GET",  "/api/v1/laos/{code}/certifications", api_certifications, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
