/* ledger.c: see ledger.h. */
#include "ledger.h"
#include "validate.h"
#include "audit.h"
#include "session.h"
#include "thaifmt.h"
#include "json_util.h"
#include "apr_strings.h"

static const carbon_vfield certification_fields[] = {
    { "project_id", CARBON_V_INT, 1, 1, 999999999, "โครงการ" },
    { "lao_code", CARBON_V_DIGITS, 1, 7, 7, "รหัส อปท." },
    { "period_from", CARBON_V_DATE, 1, 0, 0, "วันเริ่มต้นช่วงติดตามผล" },
    { "period_to", CARBON_V_DATE, 1, 0, 0, "วันสิ้นสุดช่วงติดตามผล" },
    { "certified_on", CARBON_V_DATE, 1, 0, 0, "วันที่รับรอง" },
    { "tgo_ref", CARBON_V_TEXT, 1, 1, 64, "เลขที่อ้างอิงการรับรองของ อบก." },
    { "total_tco2e", CARBON_V_INT, 1, 1, 100000000, "ปริมาณคาร์บอนเครดิตที่ได้รับการรับรอง" },
    { NULL }
};

long long carbon_share_of(long long total, long long lao_share_bp)
{
    return total * lao_share_bp / 10000;
}

static const char *i64(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

/* Rules between fields, after each field passed on its own. */
static void check_dates(apr_pool_t *p, json_t *clean, json_t *errors)
{
    const char *from = carbon_json_str(clean, "period_from"), *to = carbon_json_str(clean, "period_to");
    const char *on = carbon_json_str(clean, "certified_on");
    if (from && to && strcmp(from, to) > 0)
        json_object_set_new(errors, "period_to", json_string("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้นช่วงติดตามผล"));
    if (on && strcmp(on, carbon_today_iso(p, apr_time_now())) > 0)
        json_object_set_new(errors, "certified_on", json_string("วันที่รับรองต้องไม่เกินวันนี้"));
    if (on && to && strcmp(on, to) < 0)
        json_object_set_new(errors, "certified_on", json_string("วันที่รับรองต้องไม่ก่อนวันสิ้นสุดช่วงติดตามผล"));
}

static int fail(carbon_db *db, carbon_db_status st)
{
    carbon_db_rollback(db);
    return carbon_db_http_status(st);
}

int carbon_certification_create(carbon_req *cr, json_t *input, json_t *errors, json_t **created)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *clean = carbon_json_pool(p, carbon_validate(certification_fields, input, errors));
    json_t *project = NULL, *lao = NULL, *row = NULL;
    const char *lao_code, *project_id, *total_s, *share_s;
    long long total, share;
    carbon_db_status st;
    *created = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    check_dates(p, clean, errors);
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    lao_code = carbon_json_str(clean, "lao_code");
    project_id = i64(p, json_integer_value(json_object_get(clean, "project_id")));
    if ((st = carbon_db_select_one(db, "project_rule", &project, CARBON_ARGS(project_id)))
        || (st = carbon_db_select_one(db, "lao_exists", &lao, CARBON_ARGS(lao_code))))
        return carbon_db_http_status(st);
    carbon_json_pool(p, project);
    carbon_json_pool(p, lao);
    if (!project)
        json_object_set_new(errors, "project_id", json_string("ไม่พบโครงการที่เลือก"));
    if (!lao)
        json_object_set_new(errors, "lao_code", json_string("ไม่พบ อปท. รหัสนี้"));
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    total = json_integer_value(json_object_get(clean, "total_tco2e"));
    share = carbon_share_of(total, carbon_row_int(project, "lao_share_bp"));
    total_s = i64(p, total);
    share_s = i64(p, share);
    if ((st = carbon_db_begin(db)))
        return carbon_db_http_status(st);
    st = carbon_db_select_one(db, "certification_insert", &row,
                              CARBON_ARGS(project_id, lao_code, carbon_json_str(clean, "period_from"),
                                          carbon_json_str(clean, "period_to"),
                                          carbon_json_str(clean, "certified_on"),
                                          carbon_json_str(clean, "tgo_ref"), total_s, share_s,
                                          carbon_now_iso(p, apr_time_now())));
    if (st || !row)
        return fail(db, st ? st : CARBON_DB_ERROR);
    carbon_json_pool(p, row);
    if ((st = carbon_db_exec(db, "ledger_ensure", NULL, CARBON_ARGS(lao_code)))
        || (st = carbon_db_exec(db, "ledger_credit", NULL, CARBON_ARGS(share_s, share_s, lao_code))))
        return fail(db, st);
    json_object_update(clean, row);
    json_object_set_new(clean, "lao_share_tco2e", json_integer(share));
    json_object_set_new(clean, "other_parties_tco2e", json_integer(total - share));
    json_object_set_new(clean, "sharing_rule", json_string(carbon_row_str(project, "sharing_rule_name")));
    st = carbon_audit_record(cr, db, "certification", i64(p, carbon_row_int(row, "id")), "create", NULL, clean);
    if (st)
        return fail(db, st);
    if ((st = carbon_db_commit(db)))
        return carbon_db_http_status(st);
    *created = clean;
    return OK;
}
