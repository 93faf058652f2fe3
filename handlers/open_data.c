/*
 * open_data.c: every public table as a file to download (issue 12): CSV
 * in UTF-8 with a byte-order mark (spreadsheet programs then read the Thai
 * names right), the national summary as JSON, each named with the current
 * fiscal year in BE. The same data as the public pages, no sign-in, never
 * a buyer's name (the sales carry the buyer type only).
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "csv.h"
#include "public_stats.h"
#include "public_charts.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include <apr_strings.h>

APLOG_USE_MODULE(carbon);

typedef struct {
    const char *header_th;
    const char *key;
} csv_column;

/* A text cell: quoted as CSV needs, and a leading = + - @ (which a
 * spreadsheet would run as a formula) behind an apostrophe. */
static const char *cell(apr_pool_t *p, json_t *v)
{
    const char *s;
    if (json_is_integer(v))
        return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)json_integer_value(v));
    if (json_is_true(v))
        return "1";
    if (json_is_false(v))
        return "0";
    if (!json_is_string(v))
        return "";
    s = json_string_value(v);
    if (strchr("=+-@\t\r", *s) && *s)
        s = apr_pstrcat(p, "'", s, NULL);
    return carbon_csv_field(p, s);
}

static void file_headers(carbon_req *cr, const char *type, const char *ascii_name, const char *thai_name)
{
    ap_set_content_type(cr->r, type);
    carbon_set_attachment(cr, ascii_name, thai_name);
    apr_table_setn(cr->r->headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(cr->r->headers_out, "Access-Control-Allow-Origin", "*");
}

/* Writes rows as CSV: a BOM, the Thai header line, one line per row, CRLF. */
static int send_csv(carbon_req *cr, const char *stem, const char *thai_stem, const csv_column *cols,
                    json_t *rows)
{
    apr_pool_t *p = cr->r->pool;
    int fy = carbon_current_fiscal_year_be(apr_time_now());
    const csv_column *c;
    json_t *row;
    size_t i;
    file_headers(cr, "text/csv; charset=utf-8", apr_psprintf(p, "%s-%d.csv", stem, fy),
                 apr_psprintf(p, "%s-ปีงบประมาณ-%d.csv", thai_stem, fy));
    ap_rputs("\xEF\xBB\xBF", cr->r);
    for (c = cols; c->key; c++)
        ap_rvputs(cr->r, c == cols ? "" : ",", carbon_csv_field(p, c->header_th), NULL);
    ap_rputs("\r\n", cr->r);
    json_array_foreach(rows, i, row) {
        for (c = cols; c->key; c++)
            ap_rvputs(cr->r, c == cols ? "" : ",", cell(p, json_object_get(row, c->key)), NULL);
        ap_rputs("\r\n", cr->r);
    }
    return OK;
}

static const csv_column province_cols[] = {
    { "รหัสจังหวัด", "province_code" }, { "จังหวัด", "name_th" },
    { "อปท. ที่มีคาร์บอนเครดิต (แห่ง)", "laos_with_credits" },
    { "ได้รับรอง (tCO2eq)", "certified_tco2e" }, { "รอยืนยันการขาย (tCO2eq)", "awaiting_tco2e" },
    { "ขายแล้ว (tCO2eq)", "sold_tco2e" }, { "คงเหลือ (tCO2eq)", "remaining_tco2e" },
    { NULL, NULL }
};

static int provinces_csv(carbon_req *cr)
{
    json_t *rows;
    int rv = carbon_public_provinces(cr, &rows);
    return rv != OK ? carbon_send_body_error(cr, rv)
                    : send_csv(cr, "carbon-provinces", "คาร์บอนเครดิตรายจังหวัด", province_cols, rows);
}

static const csv_column top_cols[] = {
    { "รหัส อปท.", "lao_code" }, { "อปท.", "name_th" }, { "จังหวัด", "province_name" },
    { "ได้รับรอง (tCO2eq)", "certified_tco2e" }, { "ขายแล้ว (tCO2eq)", "sold_tco2e" },
    { "คงเหลือ (tCO2eq)", "remaining_tco2e" },
    { NULL, NULL }
};

static int top_laos_csv(carbon_req *cr)
{
    json_t *rows;
    int rv = carbon_public_top_laos(cr, &rows);
    return rv != OK ? carbon_send_body_error(cr, rv)
                    : send_csv(cr, "carbon-top-laos", "อปท.ที่มีคาร์บอนเครดิตคงเหลือมากที่สุด", top_cols, rows);
}

static const csv_column year_cols[] = {
    { "ปีงบประมาณ (พ.ศ.)", "fiscal_year" }, { "จำนวนรายการขาย", "trade_count" },
    { "ปริมาณที่ขาย (tCO2eq)", "sold_tco2e" },
    { NULL, NULL }
};

static int sales_by_year_csv(carbon_req *cr)
{
    json_t *rows;
    int rv = carbon_public_sales_by_year(cr, &rows);
    return rv != OK ? carbon_send_body_error(cr, rv)
                    : send_csv(cr, "carbon-sales-by-year", "การขายคาร์บอนเครดิตรายปีงบประมาณ", year_cols, rows);
}

static const csv_column province_lao_cols[] = {
    { "รหัส อปท.", "lao_code" }, { "อปท.", "name_th" }, { "ประเภท", "lao_type_name" },
    { "อำเภอ", "district_name" }, { "ได้รับรอง (tCO2eq)", "certified_tco2e" },
    { "รอยืนยันการขาย (tCO2eq)", "awaiting_tco2e" }, { "ขายแล้ว (tCO2eq)", "sold_tco2e" },
    { "คงเหลือ (tCO2eq)", "remaining_tco2e" },
    { NULL, NULL }
};

static int province_laos_csv(carbon_req *cr)
{
    json_t *prov, *laos;
    const char *code = carbon_route_param(cr, 0);
    int rv = carbon_public_province(cr, code, &prov, &laos);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!prov)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบจังหวัดที่ต้องการ");
    return send_csv(cr, apr_psprintf(cr->r->pool, "carbon-province-%s-laos", code),
                    apr_psprintf(cr->r->pool, "คาร์บอนเครดิต-จังหวัด%s", carbon_row_str(prov, "name_th")),
                    province_lao_cols, laos);
}

/* The LAO (with credits) of the route, or NULL with *status answered. */
static json_t *lao_of_route(carbon_req *cr, json_t **certs, int *status)
{
    json_t *lao;
    int rv = carbon_public_lao(cr, carbon_route_param(cr, 0), &lao, certs);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    if (!lao)
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    return lao;
}

static const csv_column cert_cols[] = {
    { "โครงการ", "project_name" }, { "ติดตามผลตั้งแต่", "period_from" }, { "ติดตามผลถึง", "period_to" },
    { "วันที่รับรอง", "certified_on" }, { "เลขที่อ้างอิง อบก.", "tgo_ref" },
    { "ปริมาณ (tCO2eq)", "lao_share_tco2e" },
    { NULL, NULL }
};

static int lao_certifications_csv(carbon_req *cr)
{
    int status;
    json_t *certs, *lao = lao_of_route(cr, &certs, &status);
    if (!lao)
        return status;
    return send_csv(cr, apr_psprintf(cr->r->pool, "carbon-lao-%s-certifications", carbon_row_str(lao, "lao_code")),
                    apr_psprintf(cr->r->pool, "การรับรอง-%s", carbon_row_str(lao, "name_th")), cert_cols, certs);
}

static const csv_column sale_cols[] = {
    { "เลขที่คำสั่งซื้อ", "order_no" }, { "วันที่ขาย", "sold_on" }, { "ประเภทผู้ซื้อ", "buyer_type_name" },
    { "ปริมาณ (tCO2eq)", "quantity_tco2e" },
    { NULL, NULL }
};

/* Bounded: an LAO sells a few times a year; the page pages, the file is whole. */
#define LAO_SALES_FILE_MAX 100000

static int lao_sales_csv(carbon_req *cr)
{
    int status, rv;
    json_t *certs, *sales, *lao = lao_of_route(cr, &certs, &status);
    if (!lao)
        return status;
    if ((rv = carbon_public_lao_sales(cr, carbon_row_str(lao, "lao_code"), 0, LAO_SALES_FILE_MAX, &sales)) != OK)
        return carbon_send_body_error(cr, rv);
    return send_csv(cr, apr_psprintf(cr->r->pool, "carbon-lao-%s-sales", carbon_row_str(lao, "lao_code")),
                    apr_psprintf(cr->r->pool, "การขาย-%s", carbon_row_str(lao, "name_th")), sale_cols, sales);
}

static int summary_json(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *summary, *body;
    int fy = carbon_current_fiscal_year_be(apr_time_now());
    int rv = carbon_public_summary(cr, &summary);
    char *text;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    body = carbon_json_pool(p, json_deep_copy(summary));
    json_object_set_new(body, "fiscal_year_be", json_integer(fy));
    json_object_set_new(body, "unit", json_string("tCO2eq"));
    text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!text)
        return HTTP_INTERNAL_SERVER_ERROR;
    file_headers(cr, "application/json; charset=utf-8", apr_psprintf(p, "carbon-summary-%d.json", fy),
                 apr_psprintf(p, "สรุปคาร์บอนเครดิต-ปีงบประมาณ-%d.json", fy));
    ap_rputs(text, cr->r);
    free(text);
    return OK;
}

#define PUB CARBON_ROUTE_PUBLIC

static const carbon_route routes[] = {
    { "GET", "/open-data/summary.json",          summary_json, PUB },
    { "GET", "/open-data/provinces.csv",         provinces_csv, PUB },
    { "GET", "/open-data/top-laos.csv",          top_laos_csv, PUB },
    { "GET", "/open-data/sales-by-year.csv",     sales_by_year_csv, PUB },
    { "GET", "/provinces/{code}/laos.csv",       province_laos_csv, PUB },
    { "GET", "/laos/{code}/certifications.csv",  lao_certifications_csv, PUB },
    { "GET", "/laos/{code}/sales.csv",           lao_sales_csv, PUB },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef PUB
