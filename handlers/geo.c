/*
 * geo.c: the geography lists behind the cascading province / district /
 * subdistrict / postcode pickers (signed-in users). Each answers a JSON
 * list [{code, name_th}] in Thai dictionary order; 404 for an unknown
 * parent code.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "geo.h"
#include "http_protocol.h"

APLOG_USE_MODULE(carbon);

typedef carbon_db_status (*geo_list_fn)(carbon_db *db, const char *code, json_t **rows);

/* Answers the list fn gives for route parameter 0 (or all provinces). */
static int send_list(carbon_req *cr, geo_list_fn fn, const char *not_found_th)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rows = NULL;
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    st = fn ? fn(db, carbon_route_param(cr, 0), &rows) : carbon_geo_provinces(db, &rows);
    if (st)
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    if (!rows)
        return carbon_send_error(cr, HTTP_NOT_FOUND, not_found_th);
    return carbon_send_json(cr, HTTP_OK, rows);
}

static int h_provinces(carbon_req *cr)
{
    return send_list(cr, NULL, NULL);
}

static int h_districts(carbon_req *cr)
{
    return send_list(cr, carbon_geo_districts, "ไม่พบจังหวัดที่ต้องการ");
}

static int h_subdistricts(carbon_req *cr)
{
    return send_list(cr, carbon_geo_subdistricts, "ไม่พบอำเภอที่ต้องการ");
}

static int h_postcodes(carbon_req *cr)
{
    return send_list(cr, carbon_geo_postcodes, "ไม่พบตำบลที่ต้องการ");
}

static const carbon_route routes[] = {
    { "GET", "/api/v1/geo/provinces", h_provinces, 0 },
    { "GET", "/api/v1/geo/provinces/{code}/districts", h_districts, 0 },
    { "GET", "/api/v1/geo/districts/{code}/subdistricts", h_subdistricts, 0 },
    { "GET", "/api/v1/geo/subdistricts/{code}/postcodes", h_postcodes, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
