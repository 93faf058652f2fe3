/*
 * report_spending.c: รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต
 * (MISSION.md section 6). The search form (fiscal year / round; province,
 * district and LAO fixed by role; the report form: "แบบ อปท." fixed for an
 * LAO user, its LAOs or "แบบจังหวัด" for a provincial office, any LAO, any
 * province or "แบบภาพรวมประเทศ" for DLA) and the PDF it downloads
 * (GET api/v1/reports/spending.pdf, and .xlsx from the same rows). The data is spending.h's, the drawing
 * report_pdf.h's.
 */
#include "router.h"
#include "http.h"
#include "db.h"
#include "spending.h"
#include "report_pdf.h"
#include "report_xlsx.h"
#include "certifications.h"
#include "listing.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define TITLE "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต"

static int page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *years, *y, *opts = carbon_json_pool(p, json_array());
    json_t *laos = NULL, *provinces = NULL, *lao = NULL;
    carbon_db_status st;
    size_t i;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    years = carbon_spending_years(cr, db, cr->user->role == CARBON_ROLE_LAO ? cr->user->lao_code : NULL);
    if (cr->user->role != CARBON_ROLE_LAO) {   /* a few years back, for everyone's LAOs */
        int current = carbon_current_fiscal_year_be(apr_time_now()), k;
        years = carbon_json_pool(p, json_array());
        for (k = 0; k < 5; k++)
            json_array_append_new(years, json_integer(current - k));
    }
    json_array_foreach(years, i, y)
        json_array_append_new(opts, json_pack("{s:I,s:b}", "year", json_integer_value(y), "selected", i == 0));
    json_object_set(ctx, "year_options", opts);
    switch (cr->user->role) {
    case CARBON_ROLE_LAO:
        if ((st = carbon_lao_profile(cr, db, cr->user->lao_code, &lao)))
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        json_object_set(ctx, "lao", lao);
        json_object_set_new(ctx, "is_lao", json_true());
        break;
    case CARBON_ROLE_PROVINCE:
        if ((st = carbon_lao_options(cr, db, cr->user->province_code, &laos)))
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        json_object_set(ctx, "laos", laos);
        json_object_set_new(ctx, "is_province", json_true());
        json_object_set_new(ctx, "province_code", json_string(cr->user->province_code ? cr->user->province_code : ""));
        json_object_set_new(ctx, "province_name", json_string(cr->user->province_name ? cr->user->province_name : ""));
        break;
    default:
        if ((st = carbon_provinces_list(db, &provinces)))
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        carbon_json_pool(p, provinces);
        json_object_set(ctx, "provinces", provinces);
        json_object_set_new(ctx, "is_dla", json_true());
        break;
    }
    return carbon_send_page(cr, HTTP_OK, "report_spending", TITLE, ctx);
}

/* The report as q describes it, in the format send() writes. */
static int report(carbon_req *cr, int (*send)(carbon_req *, carbon_db *, const carbon_report_query *))
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *errors = carbon_json_pool(cr->r->pool, json_object());
    carbon_report_query q;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    rv = carbon_report_query_read(cr, db, carbon_query_args(cr), &q, errors);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv == HTTP_FORBIDDEN)
        return carbon_send_error(cr, rv, "แบบรายงานนี้ไม่อยู่ในสิทธิ์ของผู้ใช้งาน");
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบ อปท. หรือจังหวัดที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    rv = send(cr, db, &q);
    return rv == OK ? OK : carbon_send_body_error(cr, rv);
}

static int api_pdf(carbon_req *cr) { return report(cr, carbon_report_pdf_send); }
static int api_xlsx(carbon_req *cr) { return report(cr, carbon_report_xlsx_send); }

static const carbon_route routes[] = {
    { "GET", "/reports/spending",                page, 0 },
    { "GET", "/api/v1/reports/spending.pdf",     api_pdf, 0 },
    { "GET", "/api/v1/reports/spending.xlsx",    api_xlsx, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
