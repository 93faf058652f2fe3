/*
 * public.c: the public dashboard (MISSION.md section 7): national totals,
 * LAOs with the most remaining credits, provinces -> LAOs -> one LAO, and
 * news. No sign-in needed; HTML and JSON read the same (public_stats.h).
 */
#include "carbon.h"
#include "router.h"
#include "todo.h"
#include "http.h"
#include "public_stats.h"
#include "news.h"
#include "json_util.h"
#include "http_protocol.h"

APLOG_USE_MODULE(carbon);

static int api_summary(carbon_req *cr)
{
    json_t *summary;
    int rv = carbon_public_summary(cr, &summary);
    return rv != OK ? carbon_send_body_error(cr, rv) : carbon_send_json(cr, HTTP_OK, json_incref(summary));
}

static int api_provinces(carbon_req *cr)
{
    json_t *rows;
    int rv = carbon_public_provinces(cr, &rows);
    return rv != OK ? carbon_send_body_error(cr, rv) : carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

/* A province and its LAOs with credits; NULL (answered) when absent. */
static json_t *public_province(carbon_req *cr, int *status)
{
    json_t *prov, *laos;
    int rv = carbon_public_province(cr, carbon_route_param(cr, 0), &prov, &laos);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    if (!prov) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบจังหวัดที่ต้องการ");
        return NULL;
    }
    return carbon_json_pool(cr->r->pool, json_pack("{s:O,s:O}", "province", prov, "laos", laos));
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
    json_t *lao, *certs;
    int rv = carbon_public_lao(cr, carbon_route_param(cr, 0), &lao, &certs);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    if (!lao) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
        return NULL;
    }
    return carbon_json_pool(cr->r->pool, json_pack("{s:O,s:O}", "lao", lao, "certifications", certs));
}

static int api_lao(carbon_req *cr)
{
    int status;
    json_t *body = public_lao(cr, &status);
    return body ? carbon_send_json(cr, HTTP_OK, json_incref(body)) : status;
}

static int api_news(carbon_req *cr)
{
    json_t *items;
    int rv = carbon_news_latest(cr, &items);
    return rv != OK ? carbon_send_body_error(cr, rv) : carbon_send_json(cr, HTTP_OK, json_incref(items));
}

static int dashboard_page(carbon_req *cr)
{
    json_t *summary, *provinces, *top, *news, *ctx;
    int rv;
    if ((rv = carbon_public_summary(cr, &summary)) != OK
        || (rv = carbon_public_provinces(cr, &provinces)) != OK
        || (rv = carbon_public_top_laos(cr, &top)) != OK
        || (rv = carbon_news_latest(cr, &news)) != OK)
        return carbon_send_body_error(cr, rv);
    ctx = carbon_json_pool(cr->r->pool,
                           json_pack("{s:O,s:O,s:O,s:O}", "summary", summary,
                                     "provinces", provinces, "top_laos", top, "news", news));
    if (cr->user) {   /* a signed-in user's home page starts with what waits for it */
        json_t *todo;
        if ((rv = carbon_todo_list(cr, carbon_db_get(cr->r), &todo)) != OK)
            return carbon_send_body_error(cr, rv);
        json_object_set(ctx, "todo", todo);
        json_object_set_new(ctx, "todo_total", json_integer((json_int_t)json_array_size(todo)));
        json_object_set_new(ctx, "signed_in", json_true());
    }
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
