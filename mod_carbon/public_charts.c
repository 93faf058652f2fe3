/* public_charts.c: see public_charts.h. */
#include "public_charts.h"
#include "statements.h"
#include "db.h"
#include "json_util.h"
#include "http_protocol.h"
#include <apr_time.h>
#include <apr_strings.h>
#include <string.h>

APLOG_USE_MODULE(carbon);

/* Completed sales count the lines whose credits were sold (a participant
 * that declined a group sale keeps its credits and is not counted). The
 * date of a sale is DLA's confirmation date, else the order date. */
#define SALE_DATE_SQL \
    "COALESCE((SELECT MAX(e.acted_on) FROM trade_events e" \
    "           WHERE e.trade_id = t.id AND e.action = 'confirm'), t.ordered_on)"

const carbon_statement carbon_public_chart_statements[] = {
    { "public_sales_by_year",
      "SELECT t.fiscal_year, COUNT(DISTINCT t.id) AS trade_count,"
      "       SUM(tl.quantity_tco2e) AS sold_tco2e"
      "  FROM trades t JOIN trade_lines tl ON tl.trade_id = t.id"
      " WHERE t.status = 'completed' AND tl.ledger = 'sold'"
      " GROUP BY t.fiscal_year ORDER BY t.fiscal_year" },
    { "public_lao_sales",
      "SELECT t.id AS trade_id, t.order_no, " SALE_DATE_SQL " AS sold_on,"
      "       COALESCE(bt.name_th, b.buyer_type) AS buyer_type_name, tl.quantity_tco2e"
      "  FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id"
      "  JOIN buyers b ON b.id = t.buyer_id"
      "  LEFT JOIN code_lists bt ON bt.list = 'buyer_type' AND bt.code = b.buyer_type"
      " WHERE tl.lao_code = %s AND tl.ledger = 'sold' AND t.status = 'completed'"
      "   AND t.id < %lld"
      " ORDER BY t.id DESC LIMIT %lld" },
    { NULL, NULL }
};

static int rows_of(carbon_req *cr, const char *label, int nargs, const char *const *args, json_t **rows)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *rows = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, label, rows, nargs, args);
    carbon_json_pool(cr->r->pool, *rows);
    if (st)
        *rows = NULL;
    return carbon_db_http_status(st);
}

int carbon_public_sales_by_year(carbon_req *cr, json_t **rows)
{
    return rows_of(cr, "public_sales_by_year", CARBON_NOARGS, rows);
}

int carbon_public_lao_sales(carbon_req *cr, const char *lao_code, json_int_t before_id, int limit,
                            json_t **rows)
{
    apr_pool_t *p = cr->r->pool;
    const char *before = apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)(before_id > 0 ? before_id : (json_int_t)1 << 62));
    const char *lim = apr_psprintf(p, "%d", limit);
    return rows_of(cr, "public_lao_sales", CARBON_ARGS(lao_code, before, lim), rows);
}

/* ---- chart geometry (SVG user units; the partials scale it to the page) ---- */

#define CHART_W      480
#define BAR_MAX      360   /* longest bar; the value is written after it */
#define HROW         40    /* a label line, then the bar */

static json_int_t num(json_t *row, const char *key)
{
    json_t *v = json_object_get(row, key);
    if (json_is_integer(v))
        return json_integer_value(v);
    if (json_is_string(v))
        return (json_int_t)apr_atoi64(json_string_value(v));
    return 0;
}

static json_int_t scaled(json_int_t v, json_int_t max, int span)
{
    if (v <= 0 || max <= 0)
        return 0;
    json_int_t w = (json_int_t)((double)v * span / (double)max + 0.5);
    return w < 1 ? 1 : w;   /* a non-zero value stays visible */
}

json_t *carbon_chart_provinces(apr_pool_t *p, json_t *rows)
{
    json_t *bars = json_array(), *row;
    json_int_t max = 0;
    size_t i, n = json_array_size(rows);
    json_array_foreach(rows, i, row)
        if (num(row, "certified_tco2e") > max)
            max = num(row, "certified_tco2e");
    json_array_foreach(rows, i, row) {
        json_int_t y = (json_int_t)i * HROW;
        json_int_t sold = scaled(num(row, "sold_tco2e"), max, BAR_MAX);
        json_int_t wait = scaled(num(row, "awaiting_tco2e"), max, BAR_MAX);
        json_int_t rem = scaled(num(row, "remaining_tco2e"), max, BAR_MAX);
        json_array_append_new(bars, json_pack(
            "{s:O?,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
            "name_th", json_object_get(row, "name_th"),
            "label_y", y + 14, "bar_y", y + 20, "value_y", y + 32,
            "sold_w", sold, "awaiting_x", sold, "awaiting_w", wait,
            "remaining_x", sold + wait, "remaining_w", rem, "value_x", sold + wait + rem + 6,
            "certified_tco2e", num(row, "certified_tco2e"), "sold_tco2e", num(row, "sold_tco2e"),
            "remaining_tco2e", num(row, "remaining_tco2e")));
    }
    return carbon_json_pool(p, json_pack("{s:i,s:I,s:o}", "width", CHART_W,
                                         "height", (json_int_t)(n ? n : 1) * HROW, "bars", bars));
}

json_t *carbon_chart_top_laos(apr_pool_t *p, json_t *rows)
{
    json_t *bars = json_array(), *row;
    json_int_t max = 0;
    size_t i, n = json_array_size(rows);
    json_array_foreach(rows, i, row)
        if (num(row, "remaining_tco2e") > max)
            max = num(row, "remaining_tco2e");
    json_array_foreach(rows, i, row) {
        json_int_t y = (json_int_t)i * HROW;
        json_int_t w = scaled(num(row, "remaining_tco2e"), max, BAR_MAX);
        json_array_append_new(bars, json_pack(
            "{s:O?,s:O?,s:I,s:I,s:I,s:I,s:I,s:I}",
            "name_th", json_object_get(row, "name_th"), "province_name", json_object_get(row, "province_name"),
            "label_y", y + 14, "bar_y", y + 20, "value_y", y + 32,
            "bar_w", w, "value_x", w + 6, "remaining_tco2e", num(row, "remaining_tco2e")));
    }
    return carbon_json_pool(p, json_pack("{s:i,s:I,s:o}", "width", CHART_W,
                                         "height", (json_int_t)(n ? n : 1) * HROW, "bars", bars));
}

#define YEARS_H    240
#define YEARS_TOP  28    /* room for the value above the tallest bar */
#define YEARS_BASE 200   /* the baseline; the year is written below it */

json_t *carbon_chart_years(apr_pool_t *p, json_t *rows)
{
    json_t *bars = json_array(), *row;
    json_int_t max = 0, slot, w;
    size_t i, n = json_array_size(rows);
    json_array_foreach(rows, i, row)
        if (num(row, "sold_tco2e") > max)
            max = num(row, "sold_tco2e");
    slot = n ? (CHART_W - 20) / (json_int_t)n : CHART_W - 20;
    if (slot > 120)
        slot = 120;
    w = slot * 6 / 10;
    json_array_foreach(rows, i, row) {
        json_int_t h = scaled(num(row, "sold_tco2e"), max, YEARS_BASE - YEARS_TOP);
        json_int_t x = 10 + (json_int_t)i * slot + (slot - w) / 2;
        json_array_append_new(bars, json_pack(
            "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
            "fiscal_year", num(row, "fiscal_year"), "x", x, "y", YEARS_BASE - h, "w", w, "h", h,
            "mid_x", x + w / 2, "value_y", YEARS_BASE - h - 8, "year_y", YEARS_BASE + 22,
            "sold_tco2e", num(row, "sold_tco2e")));
    }
    return carbon_json_pool(p, json_pack("{s:i,s:i,s:i,s:i,s:o}", "width", CHART_W, "height", YEARS_H,
                                         "base_y", YEARS_BASE, "base_x2", CHART_W - 10, "bars", bars));
}

/* ---- helpers ---- */

const char *carbon_thai_sort_key(apr_pool_t *p, const char *s)
{
    /* UTF-8 of U+0E40..U+0E44 is E0 B9 80..84; Thai consonants are
     * U+0E01..U+0E2E (E0 B8 81..AE). */
    size_t n = s ? strlen(s) : 0;
    char *k;
    if (n < 6)
        return s ? s : "";
    k = apr_pstrmemdup(p, s, n);
    if ((unsigned char)k[0] == 0xE0 && (unsigned char)k[1] == 0xB9 && (unsigned char)k[2] >= 0x80
        && (unsigned char)k[2] <= 0x84 && (unsigned char)k[3] == 0xE0 && (unsigned char)k[4] == 0xB8
        && (unsigned char)k[5] >= 0x81 && (unsigned char)k[5] <= 0xAE) {
        char v[3];
        memcpy(v, k, 3);
        memmove(k, k + 3, 3);
        memcpy(k + 3, v, 3);
    }
    return k;
}
