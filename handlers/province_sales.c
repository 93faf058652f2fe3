/*
 * province_sales.c: the provincial office's view of its LAOs' self-operated
 * sales (การขายคาร์บอนเครดิต (แบบดำเนินการเอง), สถจ.). Read-only: a search
 * (LAO of its area, order number, buyer, order dates, in progress or
 * completed) and one trade step by step with its documents; no edit,
 * confirm or delete (the LAO edits, DLA confirms and deletes). Every read
 * is scoped by the core (trades.h): a trade of another province is 404.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "trades.h"
#include "trade_view.h"
#include "certifications.h"
#include "listing.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define TITLE_LIST "การขายคาร์บอนเครดิต (แบบดำเนินการเอง) ของ อปท. ในพื้นที่"
#define TITLE_TRADE "ข้อมูลการซื้อขายคาร์บอนเครดิต"
#define LIST_PATH "/province/sales"
#define PER_PAGE 20

static const char *const filter_keys[] = {
    "status", "lao_code", "order_no", "buyer", "ordered_from", "ordered_to", "per_page", NULL
};

static int status_answer(carbon_req *cr, int rv)
{
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, CARBON_TRADE_NOT_FOUND_TH);
    return carbon_send_body_error(cr, rv);
}

static int list_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = apr_table_copy(p, carbon_query_args(cr));
    json_t *ctx = carbon_json_pool(p, json_object()), *errors = json_object(), *filters = json_object();
    json_t *items = NULL, *laos = NULL;
    carbon_trade_filters f;
    carbon_paging pg;
    const char *status;
    long long total = 0;
    carbon_db_status st;
    int rv;
    json_object_set_new(ctx, "errors", errors);
    json_object_set_new(ctx, "filters", filters);
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    status = carbon_query_value(p, q, "status");
    if (!status || strcmp(status, CARBON_TRADE_COMPLETED))
        status = CARBON_TRADE_IN_PROGRESS;      /* the two lists of the LAO page; nothing else */
    apr_table_setn(q, "status", status);
    apr_table_setn(q, "kind", "self");
    apr_table_unset(q, "province_code");
    carbon_listing_filters_into(filters, p, q, filter_keys);
    rv = carbon_trade_filters_read(cr, q, &f, errors);
    if (rv != OK && rv != HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_body_error(cr, rv);
    if (rv == OK) {
        if (!f.per_page)
            f.per_page = PER_PAGE;
        if ((rv = carbon_trades_search(cr, db, &f, 0, &items, &total)) != OK)
            return carbon_send_body_error(cr, rv);
        pg.page = f.page > 0 ? f.page : 1;
        pg.per_page = f.per_page;
        pg.offset = (pg.page - 1) * pg.per_page;
        carbon_trade_items_prepare(items, pg.offset + 1);
        json_object_set(ctx, "items", items);
        json_object_set_new(ctx, "paging", carbon_paging_json(&pg, total));
    } else {
        json_object_set_new(ctx, "has_errors", json_true());
    }
    /* the LAOs of the office's area (its province and responsibilities) */
    if ((st = carbon_lao_options(cr, db, NULL, &laos)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_mark_selected(laos, "lao_code", carbon_query_value(p, q, "lao_code"));
    json_object_set(ctx, "laos", laos);
    json_object_set_new(ctx, "status", json_string(status));
    json_object_set_new(ctx, "query", json_string(carbon_listing_query(p, q, filter_keys)));
    json_object_set_new(ctx, "list_path", json_string(apr_pstrcat(p, cr->base, LIST_PATH, NULL)));
    return carbon_send_page(cr, rv == OK ? HTTP_OK : HTTP_UNPROCESSABLE_ENTITY, "province_sales", TITLE_LIST, ctx);
}

static int trade_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *trade = NULL, *lao = NULL;
    const char *back = carbon_listing_query(p, carbon_query_args(cr), filter_keys);
    carbon_db_status st;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_get(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return status_answer(cr, rv);
    if ((st = carbon_lao_profile(cr, db, carbon_json_str(trade, "lao_code"), &lao)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_trade_view_prepare(trade);
    json_object_set(ctx, "t", trade);
    if (lao)
        json_object_set(ctx, "lao", lao);
    json_object_set_new(ctx, "list_href", json_string(apr_pstrcat(p, cr->base, LIST_PATH, *back ? "?" : "", back, NULL)));
    return carbon_send_page(cr, HTTP_OK, "province_sale",
                            apr_pstrcat(p, TITLE_TRADE, " ", carbon_json_str(trade, "order_no"), NULL), ctx);
}

#define PROVINCE CARBON_ROUTE_PROVINCE

static const carbon_route routes[] = {
    { "GET", "/province/sales",      list_page, PROVINCE },
    { "GET", "/province/sales/{id}", trade_page, PROVINCE },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef PROVINCE
