/* report_xlsx.c: see report_xlsx.h. */
#include "report_xlsx.h"
#include "xlsx.h"
#include "json_util.h"
#include "apr_strings.h"
#include <string.h>

#define TITLE_TH "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต"

static const carbon_xlsx_column lao_columns[] = {
    { "ประเภท", "section", CARBON_XLSX_TEXT, 10 },
    { "เลขที่คำสั่งซื้อ / ครั้งที่", "ref", CARBON_XLSX_TEXT, 18 },
    { "วันที่", "on", CARBON_XLSX_DATE, 12 },
    { "รายการ", "detail", CARBON_XLSX_TEXT, 40 },
    { "ปริมาณ (tCO2eq)", "quantity_tco2e", CARBON_XLSX_INT, 12 },
    { "รายรับ / งบประมาณจากการขายคาร์บอนเครดิต (บาท)", "amount_satang", CARBON_XLSX_BAHT, 20 },
    { "งบประมาณจากแหล่งอื่น (บาท)", "other_satang", CARBON_XLSX_BAHT, 16 },
    { "สถานะ", "status_th", CARBON_XLSX_TEXT, 24 },
    { NULL }
};

static const carbon_xlsx_column province_columns[] = {
    { "อำเภอ", "district_name", CARBON_XLSX_TEXT, 18 },
    { "รหัส อปท.", "lao_code", CARBON_XLSX_TEXT, 10 },
    { "อปท.", "name_th", CARBON_XLSX_TEXT, 36 },
    { "รายรับสะสมจากการขาย (บาท)", "income_satang", CARBON_XLSX_BAHT, 18 },
    { "งบประมาณที่ขอใช้แล้ว (บาท)", "committed_satang", CARBON_XLSX_BAHT, 18 },
    { "จำนวนรายการในปี", "records_count", CARBON_XLSX_INT, 12 },
    { "งบประมาณจากการขายที่ขอใช้ในปี (บาท)", "year_credit_satang", CARBON_XLSX_BAHT, 20 },
    { NULL }
};

static const carbon_xlsx_column national_columns[] = {
    { "รหัสจังหวัด", "province_code", CARBON_XLSX_TEXT, 10 },
    { "จังหวัด", "name_th", CARBON_XLSX_TEXT, 22 },
    { "จำนวน อปท. ที่มีรายรับ", "laos_count", CARBON_XLSX_INT, 14 },
    { "รายรับสะสมจากการขาย (บาท)", "income_satang", CARBON_XLSX_BAHT, 18 },
    { "งบประมาณที่ขอใช้แล้ว (บาท)", "committed_satang", CARBON_XLSX_BAHT, 18 },
    { "จำนวนรายการในปี", "records_count", CARBON_XLSX_INT, 12 },
    { "งบประมาณจากการขายที่ขอใช้ในปี (บาท)", "year_credit_satang", CARBON_XLSX_BAHT, 20 },
    { NULL }
};

/* An income row of the lao form. */
static int income_row(void *baton, json_t *row)
{
    json_t *out = json_pack("{s:s,s:O?,s:O?,s:O?,s:O?,s:O?}", "section", "รายรับ",
                            "ref", json_object_get(row, "order_no"), "on", json_object_get(row, "confirmed_on"),
                            "detail", json_object_get(row, "buyer_name"),
                            "quantity_tco2e", json_object_get(row, "quantity_tco2e"),
                            "amount_satang", json_object_get(row, "total_satang"));
    int rv = carbon_xlsx_add_row(baton, out);
    json_decref(out);
    return rv;
}

/* A spending record of the lao form. */
static int spending_row(void *baton, json_t *row)
{
    carbon_xlsx *x = baton;
    char ref[32];
    json_t *out;
    int rv;
    json_t *round = json_object_get(row, "round");   /* text: "round" is no number column by its name */
    if (json_is_integer(round))
        snprintf(ref, sizeof(ref), "ครั้งที่ %lld", (long long)json_integer_value(round));
    else
        snprintf(ref, sizeof(ref), "ครั้งที่ %s", json_is_string(round) ? json_string_value(round) : "-");
    out = json_pack("{s:s,s:s,s:O?,s:O?,s:O?,s:O?,s:s}", "section", "รายจ่าย", "ref", ref,
                    "on", json_object_get(row, "started_on"),
                    "detail", json_object_get(row, json_object_get(row, "name") ? "name" : "note"),
                    "amount_satang", json_object_get(row, "budget_credit_satang"),
                    "other_satang", json_object_get(row, "budget_other_satang"),
                    "status_th", carbon_spending_status_th(carbon_json_str(row, "status")));
    rv = carbon_xlsx_add_row(x, out);
    json_decref(out);
    return rv;
}

int carbon_report_xlsx_send(carbon_req *cr, carbon_db *db, const carbon_report_query *q)
{
    apr_pool_t *p = cr->r->pool;
    const char *who = q->form == CARBON_REPORT_LAO ? carbon_json_str(q->head, "lao_name")
                      : q->form == CARBON_REPORT_PROVINCE ? apr_pstrcat(p, "จังหวัด",
                                                                        carbon_json_str(q->head, "province_name"), NULL)
                      : "ภาพรวมประเทศ";
    const char *subtitle = apr_psprintf(p, "ปีงบประมาณ พ.ศ. %d · %s", q->fiscal_year, who ? who : "");
    const char *file = apr_psprintf(p, "spending-report-%d.xlsx", q->fiscal_year);
    const char *file_th = apr_psprintf(p, "รายงานบัญชีการใช้จ่ายรายได้ %d.xlsx", q->fiscal_year);
    carbon_xlsx *x;
    carbon_db_status st;
    switch (q->form) {
    case CARBON_REPORT_LAO:
        if (!(x = carbon_xlsx_open(cr, "แบบ อปท.", TITLE_TH, subtitle, lao_columns)))
            return HTTP_INTERNAL_SERVER_ERROR;
        if ((st = carbon_report_each(cr, db, q, "income", income_row, x))
            || (st = carbon_report_each(cr, db, q, "spending", spending_row, x)))
            return carbon_db_http_status(st);
        break;
    case CARBON_REPORT_PROVINCE:
        if (!(x = carbon_xlsx_open(cr, "แบบจังหวัด", TITLE_TH, subtitle, province_columns)))
            return HTTP_INTERNAL_SERVER_ERROR;
        if ((st = carbon_report_each(cr, db, q, NULL, carbon_xlsx_row_cb, x)))
            return carbon_db_http_status(st);
        break;
    default:
        if (!(x = carbon_xlsx_open(cr, "แบบภาพรวมประเทศ", TITLE_TH, subtitle, national_columns)))
            return HTTP_INTERNAL_SERVER_ERROR;
        if ((st = carbon_report_each(cr, db, q, NULL, carbon_xlsx_row_cb, x)))
            return carbon_db_http_status(st);
        break;
    }
    return carbon_xlsx_send(x, file, file_th);
}
