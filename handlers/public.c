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
#include "public_charts.h"
#include "thaifmt.h"
#include "news.h"
#include "json_util.h"
#include "http_protocol.h"
#include <apr_strings.h>

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

/* ---- the province table: provinces with credits first, sortable ---- */

typedef struct {
    const char *key;       /* ?sort= */
    const char *label_th;
    const char *column;    /* the row's field */
    int numeric;
    int default_desc;      /* the first click on a number sorts largest first */
} sort_column;

static const sort_column sort_columns[] = {
    { "code",      "รหัส",                    "province_code",     0, 0 },
    { "name",      "จังหวัด",                  "name_th",           0, 0 },
    { "laos",      "อปท. ที่มีเครดิต (แห่ง)",    "laos_with_credits", 1, 1 },
    { "certified", "ได้รับรอง (tCO2eq)",        "certified_tco2e",   1, 1 },
    { "sold",      "ขายแล้ว (tCO2eq)",          "sold_tco2e",        1, 1 },
    { "remaining", "คงเหลือ (tCO2eq)",          "remaining_tco2e",   1, 1 },
    { NULL, NULL, NULL, 0, 0 }
};

typedef struct {
    json_t *row;
    const char *text;      /* the text key (Thai sort key of a name) */
    json_int_t value;
} sort_item;

/* The comparator's choice: per thread (qsort has no baton; requests run
 * on several threads of one process). */
static __thread const sort_column *sort_by;
static __thread int sort_desc;

static int compare_rows(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    int c;
    if (sort_by->numeric)
        c = x->value < y->value ? -1 : x->value > y->value;
    else
        c = strcmp(x->text, y->text);
    if (sort_desc)
        c = -c;
    if (!c)   /* ties: by province code, always ascending */
        c = strcmp(carbon_row_str(x->row, "province_code"), carbon_row_str(y->row, "province_code"));
    return c;
}

/* Sorts rows in place by col (qsort over a copy of the array). */
static json_t *sorted_rows(apr_pool_t *p, json_t *rows, const sort_column *col, int desc)
{
    size_t i, n = json_array_size(rows);
    sort_item *items = apr_pcalloc(p, (n ? n : 1) * sizeof(*items));
    json_t *out = carbon_json_pool(p, json_array());
    for (i = 0; i < n; i++) {
        items[i].row = json_array_get(rows, i);
        if (col->numeric)
            items[i].value = carbon_row_int(items[i].row, col->column);
        else
            items[i].text = carbon_thai_sort_key(p, carbon_row_str(items[i].row, col->column));
    }
    sort_by = col;
    sort_desc = desc;
    qsort(items, n, sizeof(*items), compare_rows);
    for (i = 0; i < n; i++)
        json_array_append(out, items[i].row);
    return out;
}

/* The header links of the province table: the current column toggles its
 * direction, the others start at their default; aria-sort on the sorted one. */
static json_t *sort_headers(apr_pool_t *p, const sort_column *cur, int desc)
{
    json_t *out = carbon_json_pool(p, json_array());
    const sort_column *c;
    for (c = sort_columns; c->key; c++) {
        int is_cur = c == cur;
        int next_desc = is_cur ? !desc : c->default_desc;
        json_t *h = json_pack("{s:s,s:s,s:b,s:s}", "key", c->key, "label", c->label_th, "num", c->numeric,
                              "href", apr_psprintf(p, "?sort=%s&dir=%s#province-table", c->key,
                                                   next_desc ? "desc" : "asc"));
        if (is_cur) {
            json_object_set_new(h, "aria_sort", json_string(desc ? "descending" : "ascending"));
            json_object_set_new(h, "arrow", json_string(desc ? " ▼" : " ▲"));
        }
        json_array_append_new(out, h);
    }
    return out;
}

#define CHART_PROVINCES_MAX 15

static int dashboard_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    apr_table_t *q = carbon_query_args(cr);
    const char *sort = apr_table_get(q, "sort"), *dir = apr_table_get(q, "dir");
    const sort_column *col = &sort_columns[3];   /* certified, largest first */
    json_t *summary, *provinces, *top, *news, *years, *ctx, *with, *empty, *row, *by_certified, *chart_rows;
    size_t i;
    int rv, desc;
    if ((rv = carbon_public_summary(cr, &summary)) != OK
        || (rv = carbon_public_provinces(cr, &provinces)) != OK
        || (rv = carbon_public_top_laos(cr, &top)) != OK
        || (rv = carbon_public_sales_by_year(cr, &years)) != OK
        || (rv = carbon_news_latest(cr, &news)) != OK)
        return carbon_send_body_error(cr, rv);
    if (sort) {
        const sort_column *c;
        for (c = sort_columns; c->key; c++)
            if (!strcmp(c->key, sort))
                col = c;
    }
    desc = dir ? !strcmp(dir, "desc") : col->default_desc;

    with = carbon_json_pool(p, json_array());
    empty = carbon_json_pool(p, json_array());
    json_array_foreach(provinces, i, row)
        json_array_append(carbon_row_int(row, "certified_tco2e") > 0 ? with : empty, row);
    by_certified = sorted_rows(p, with, &sort_columns[3], 1);
    chart_rows = carbon_json_pool(p, json_array());
    for (i = 0; i < json_array_size(by_certified) && i < CHART_PROVINCES_MAX; i++)
        json_array_append(chart_rows, json_array_get(by_certified, i));

    ctx = carbon_json_pool(p, json_pack("{s:O,s:O,s:O,s:O,s:O}", "summary", summary,
                                        "provinces", sorted_rows(p, with, col, desc), "top_laos", top,
                                        "news", news, "years", years));
    json_object_set_new(ctx, "provinces_empty", json_incref(empty));
    json_object_set_new(ctx, "provinces_with_count", json_integer((json_int_t)json_array_size(with)));
    json_object_set_new(ctx, "provinces_empty_count", json_integer((json_int_t)json_array_size(empty)));
    json_object_set_new(ctx, "provinces_charted", json_integer((json_int_t)json_array_size(chart_rows)));
    json_object_set_new(ctx, "sort_headers", json_incref(sort_headers(p, col, desc)));
    json_object_set_new(ctx, "chart_provinces", json_incref(carbon_chart_provinces(p, chart_rows)));
    json_object_set_new(ctx, "chart_years", json_incref(carbon_chart_years(p, years)));
    json_object_set_new(ctx, "chart_top", json_incref(carbon_chart_top_laos(p, top)));
    json_object_set_new(ctx, "fiscal_year_be", json_integer(carbon_current_fiscal_year_be(apr_time_now())));
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

#define LAO_SALES_PAGE 20

/* One LAO's page: its credits, certifications and completed sales, the
 * sales LAO_SALES_PAGE at a time, keyset by trade id (?before=<id>: the
 * sales recorded before it), so a deep page costs what the first does. */
static int lao_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    const char *before_arg = apr_table_get(carbon_query_args(cr), "before");
    json_int_t before = 0;
    json_t *sales, *page_rows;
    size_t i;
    int status, rv;
    json_t *ctx = public_lao(cr, &status);
    if (!ctx)
        return status;
    if (before_arg && *before_arg) {
        char *end;
        apr_int64_t v = apr_strtoi64(before_arg, &end, 10);
        if (*end || v <= 0)
            return carbon_send_error(cr, HTTP_BAD_REQUEST, "หน้ารายการขายไม่ถูกต้อง");
        before = (json_int_t)v;
    }
    if ((rv = carbon_public_lao_sales(cr, carbon_row_str(json_object_get(ctx, "lao"), "lao_code"), before,
                                      LAO_SALES_PAGE + 1, &sales)) != OK)
        return carbon_send_body_error(cr, rv);
    page_rows = carbon_json_pool(p, json_array());
    for (i = 0; i < json_array_size(sales) && i < LAO_SALES_PAGE; i++)
        json_array_append(page_rows, json_array_get(sales, i));
    json_object_set_new(ctx, "sales", json_incref(page_rows));
    if (json_array_size(sales) > LAO_SALES_PAGE)
        json_object_set_new(ctx, "sales_next_before",
                            json_integer(carbon_row_int(json_array_get(page_rows, LAO_SALES_PAGE - 1), "trade_id")));
    if (before)
        json_object_set_new(ctx, "sales_paged", json_true());
    if (before || json_array_size(sales) > LAO_SALES_PAGE)
        json_object_set_new(ctx, "sales_pager", json_true());
    return carbon_send_page(cr, HTTP_OK, "lao", "ปริมาณคาร์บอนเครดิตของ อปท.", ctx);
}

static int api_lao_sales(carbon_req *cr)
{
    int status, rv;
    json_t *sales, *body = public_lao(cr, &status);
    if (!body)
        return status;
    if ((rv = carbon_public_lao_sales(cr, carbon_route_param(cr, 0), 0, 100000, &sales)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(sales));
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
    { "GET",  "/api/v1/public/laos/{code}/sales",     api_lao_sales, PUB },
    { "GET",  "/api/v1/public/news",                  api_news, PUB },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef PUB
