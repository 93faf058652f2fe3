/*
 * public.c: the public dashboard (MISSION.md section 7): national totals,
 * LAOs with the most remaining credits, provinces -> LAOs -> one LAO, and
 * news. No sign-in needed; HTML and JSON read the same statements.
 */
#include "handlers.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "json_util.h"
#include "http_protocol.h"

/* Runs a public statement; on failure answers and returns NULL. */
static json_t *public_rows(carbon_req *cr, const char *label, int nargs, const char *const *args,
                           int *status)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rows = NULL;
    carbon_db_status st;
    if (!db) {
        *status = carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
        return NULL;
    }
    st = carbon_db_select(db, label, &rows, nargs, args);
    if (st) {
        *status = carbon_send_body_error(cr, carbon_db_http_status(st));
        return NULL;
    }
    return carbon_json_pool(cr->r->pool, rows);
}

static int is_code(const char *s, size_t len)
{
    size_t i;
    if (!s || strlen(s) != len)
        return 0;
    for (i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int api_summary(carbon_req *cr)
{
    int status;
    json_t *rows = public_rows(cr, "public_summary", CARBON_NOARGS, &status);
    if (!rows)
        return status;
    return carbon_send_json(cr, HTTP_OK, json_incref(json_array_get(rows, 0)));
}

static int api_provinces(carbon_req *cr)
{
    int status;
    json_t *rows = public_rows(cr, "public_provinces", CARBON_NOARGS, &status);
    if (!rows)
        return status;
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

/* A province and its LAOs with credits; NULL (answered) when absent. */
static json_t *public_province(carbon_req *cr, int *status)
{
    const char *code = carbon_route_param(cr, 0);
    json_t *prov, *laos;
    if (!is_code(code, 2)) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบจังหวัดที่ต้องการ");
        return NULL;
    }
    if (!(prov = public_rows(cr, "public_province", CARBON_ARGS(code), status)))
        return NULL;
    if (!json_array_size(prov)) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบจังหวัดที่ต้องการ");
        return NULL;
    }
    if (!(laos = public_rows(cr, "public_province_laos", CARBON_ARGS(code), status)))
        return NULL;
    return carbon_json_pool(cr->r->pool, json_pack("{s:O,s:O}", "province", json_array_get(prov, 0),
                                                   "laos", laos));
}

static int api_province_laos(carbon_req *cr)
{
    int status;
    json_t *body = public_province(cr, &status);
    return body ? carbon_send_json(cr, HTTP_OK, json_incref(body)) : status;
}

/* One LAO with credits and its certifications; NULL (answered) when absent. */
static json_t *public_lao(carbon_req *cr, int *status)
{
    const char *code = carbon_route_param(cr, 0);
    json_t *lao, *certs;
    if (!is_code(code, 7)) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
        return NULL;
    }
    if (!(lao = public_rows(cr, "public_lao", CARBON_ARGS(code), status)))
        return NULL;
    if (!json_array_size(lao)) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
        return NULL;
    }
    if (!(certs = public_rows(cr, "public_lao_certifications", CARBON_ARGS(code), status)))
        return NULL;
    return carbon_json_pool(cr->r->pool, json_pack("{s:O,s:O}", "lao", json_array_get(lao, 0),
                                                   "certifications", certs));
}

static int api_lao(carbon_req *cr)
{
    int status;
    json_t *body = public_lao(cr, &status);
    return body ? carbon_send_json(cr, HTTP_OK, json_incref(body)) : status;
}

static int api_news(carbon_req *cr)
{
    int status;
    json_t *rows = public_rows(cr, "news_latest", CARBON_NOARGS, &status);
    return rows ? carbon_send_json(cr, HTTP_OK, json_incref(rows)) : status;
}

static int dashboard_page(carbon_req *cr)
{
    int status;
    json_t *summary, *provinces, *top, *news, *ctx;
    if (!(summary = public_rows(cr, "public_summary", CARBON_NOARGS, &status))
        || !(provinces = public_rows(cr, "public_provinces", CARBON_NOARGS, &status))
        || !(top = public_rows(cr, "public_top_laos", CARBON_NOARGS, &status))
        || !(news = public_rows(cr, "news_latest", CARBON_NOARGS, &status)))
        return status;
    ctx = carbon_json_pool(cr->r->pool,
                           json_pack("{s:O,s:O,s:O,s:O}", "summary", json_array_get(summary, 0),
                                     "provinces", provinces, "top_laos", top, "news", news));
    return carbon_send_page(cr, HTTP_OK, "dashboard", "ข้อมูลคาร์บอนเครดิตของ อปท. ทั่วประเทศ", ctx);
}

static int province_page(carbon_req *cr)
{
    int status;
    json_t *ctx = public_province(cr, &status);
    if (!ctx)
        return status;
    return carbon_send_page(cr, HTTP_OK, "province", "ปริมาณคาร์บอนเครดิตรายจังหวัด", ctx);
}

static int lao_page(carbon_req *cr)
{
    int status;
    json_t *ctx = public_lao(cr, &status);
    if (!ctx)
        return status;
    return carbon_send_page(cr, HTTP_OK, "lao", "ปริมาณคาร์บอนเครดิตของ อปท.", ctx);
}

#define PUB CARBON_ROUTE_PUBLIC

static const carbon_route routes[] = {
    { "GET",  "/",                                    dashboard_page, PUB },
    { "GET",  "/provinces/{code}",                    province_page, PUB },
    { "GET",  "/laos/{code}",                         lao_page, PUB },
    { "GET",  "/api/v1/public/summary",               api_summary, PUB },
    { "GET",  "/api/v1/public/provinces",             api_provinces, PUB },
    { "GET",  "/api/v1/public/provinces/{code}/laos", api_province_laos, PUB },
    { "GET",  "/api/v1/public/laos/{code}",           api_lao, PUB },
    { "GET",  "/api/v1/public/news",                  api_news, PUB },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef PUB
