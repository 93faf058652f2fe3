/* ledger.c: see ledger.h. */
#include "ledger.h"
#include "validate.h"
#include "audit.h"
#include "session.h"
#include "thaifmt.h"
#include "json_util.h"
#include "statements.h"
#include "sharing.h"
#include "projects.h"
#include "certifications.h"
#include "apr_strings.h"

const carbon_statement carbon_ledger_statements[] = {
    { "ledger_project_split",
      "SELECT p.id, p.name_th, p.sharing_rule_code, p.lao_share_bp, p.developer_share_bp,"
      "       p.state_share_bp, r.lao_min_bp, r.lao_max_bp,"
      "       r.developer_share_bp AS rule_developer_share_bp, r.state_min_bp"
      "  FROM projects p JOIN sharing_rules r ON r.code = p.sharing_rule_code WHERE p.id = %lld" },
    { "ledger_tgo_ref_taken",
      "SELECT id FROM certifications WHERE project_id = %lld AND lao_code = %s AND tgo_ref = %s" },
    { "ledger_certification_insert",
      "INSERT INTO certifications (project_id, lao_code, period_from, period_to, certified_on,"
      "                            tgo_ref, total_tco2e, lao_share_tco2e, developer_share_tco2e,"
      "                            state_share_tco2e, sharing_rule_code, lao_share_bp,"
      "                            developer_share_bp, state_share_bp, created_by, created_at)"
      " VALUES (%lld, %s, %s, %s, %s, %s, %lld, %lld, %lld, %lld, %s, %lld, %lld, %lld, %lld, %s)"
      " RETURNING id" },
    { "ledger_record_file_link",
      "INSERT INTO record_files (entity, entity_id, kind, file_id) VALUES (%s, %lld, %s, %lld)" },
    { NULL, NULL }
};

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

#define TGO_REF_TAKEN "เลขที่อ้างอิงการรับรองของ อบก. นี้บันทึกไว้แล้วสำหรับโครงการและ อปท. นี้"

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

/* The project's split, checked again against its rule (the rule is data
 * and may have been corrected since the project was saved). */
static void split_by_project(apr_pool_t *p, json_t *project, long long total, json_t *split, json_t *errors)
{
    carbon_sharing_bounds bounds = carbon_sharing_bounds_of(project);
    int lao_bp = (int)carbon_row_int(project, "lao_share_bp");
    int dev_bp = (int)carbon_row_int(project, "developer_share_bp");
    int state_bp = (int)carbon_row_int(project, "state_share_bp");
    long long lao, dev, state;
    const char *msg;
    if (carbon_sharing_check(p, &bounds, lao_bp, dev_bp, state_bp, &msg) != CARBON_SHARE_OK
        || carbon_sharing_split(total, lao_bp, dev_bp, &lao, &dev, &state)) {
        json_object_set_new(errors, "project_id",
                            json_string(apr_pstrcat(p, "สัดส่วนการแบ่งปันของโครงการนี้ไม่เป็นไปตามหลักเกณฑ์ "
                                                       "กรุณาแก้ไขข้อมูลโครงการก่อน: ", msg ? msg : "", NULL)));
        return;
    }
    json_object_set_new(split, "sharing_rule_code", json_string(carbon_row_str(project, "sharing_rule_code")));
    json_object_set_new(split, "lao_share_bp", json_integer(lao_bp));
    json_object_set_new(split, "developer_share_bp", json_integer(dev_bp));
    json_object_set_new(split, "state_share_bp", json_integer(state_bp));
    json_object_set_new(split, "lao_share_tco2e", json_integer(lao));
    json_object_set_new(split, "developer_share_tco2e", json_integer(dev));
    json_object_set_new(split, "state_share_tco2e", json_integer(state));
}

/* Stores each document owned by the certification's LAO (so the LAO, its
 * provincial office and DLA may download it) and links it to the record. */
static carbon_db_status store_documents(carbon_req *cr, carbon_db *db, const char *lao_code,
                                        const char *cert_id, const apr_array_header_t *documents,
                                        json_t *ids)
{
    int i;
    for (i = 0; documents && i < documents->nelts; i++) {
        const carbon_upload_file *file = &APR_ARRAY_IDX(documents, i, carbon_upload_file);
        json_int_t file_id = 0;
        carbon_db_status st = carbon_upload_store(cr, db, file, lao_code, NULL, &file_id);
        if (!st)
            st = carbon_db_exec(db, "ledger_record_file_link", NULL,
                                CARBON_ARGS("certification", cert_id, "document",
                                            i64(cr->r->pool, file_id)));
        if (st)
            return st;
        json_array_append_new(ids, json_integer(file_id));
    }
    return CARBON_DB_OK;
}

int carbon_certification_create(carbon_req *cr, json_t *input, const apr_array_header_t *documents,
                                json_t *errors, json_t **created)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *clean = carbon_json_pool(p, carbon_validate(certification_fields, input, errors));
    json_t *project = NULL, *lao = NULL, *taken = NULL, *row = NULL;
    json_t *split = carbon_json_pool(p, json_object()), *doc_ids = carbon_json_pool(p, json_array());
    const char *lao_code, *project_id, *tgo_ref, *cert_id;
    long long total;
    carbon_db_status st;
    *created = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    check_dates(p, clean, errors);
    if (!json_object_get(clean, "project_id") || !json_object_get(clean, "lao_code"))
        return HTTP_UNPROCESSABLE_ENTITY;
    lao_code = carbon_json_str(clean, "lao_code");
    tgo_ref = carbon_json_str(clean, "tgo_ref");
    project_id = i64(p, json_integer_value(json_object_get(clean, "project_id")));
    if ((st = carbon_db_select_one(db, "ledger_project_split", &project, CARBON_ARGS(project_id)))
        || (st = carbon_db_select_one(db, "lao_exists", &lao, CARBON_ARGS(lao_code))))
        return carbon_db_http_status(st);
    carbon_json_pool(p, project);
    carbon_json_pool(p, lao);
    if (!project)
        json_object_set_new(errors, "project_id", json_string("ไม่พบโครงการที่เลือก"));
    if (!lao)
        json_object_set_new(errors, "lao_code", json_string("ไม่พบ อปท. รหัสนี้"));
    if (project && lao && tgo_ref) {
        if ((st = carbon_db_select_one(db, "ledger_tgo_ref_taken", &taken, CARBON_ARGS(project_id, lao_code, tgo_ref))))
            return carbon_db_http_status(st);
        if (taken) {
            json_decref(taken);
            json_object_set_new(errors, "tgo_ref", json_string(TGO_REF_TAKEN));
        }
    }
    if (project && json_object_get(clean, "total_tco2e"))
        split_by_project(p, project, json_integer_value(json_object_get(clean, "total_tco2e")), split, errors);
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;

    total = json_integer_value(json_object_get(clean, "total_tco2e"));
    if ((st = carbon_db_begin(db)))
        return carbon_db_http_status(st);
    st = carbon_db_select_one(db, "ledger_certification_insert", &row,
                              CARBON_ARGS(project_id, lao_code, carbon_json_str(clean, "period_from"),
                                          carbon_json_str(clean, "period_to"),
                                          carbon_json_str(clean, "certified_on"), tgo_ref, i64(p, total),
                                          i64(p, carbon_row_int(split, "lao_share_tco2e")),
                                          i64(p, carbon_row_int(split, "developer_share_tco2e")),
                                          i64(p, carbon_row_int(split, "state_share_tco2e")),
                                          carbon_row_str(split, "sharing_rule_code"),
                                          i64(p, carbon_row_int(split, "lao_share_bp")),
                                          i64(p, carbon_row_int(split, "developer_share_bp")),
                                          i64(p, carbon_row_int(split, "state_share_bp")),
                                          i64(p, cr->user ? cr->user->id : 0),
                                          carbon_now_iso(p, apr_time_now())));
    if (st == CARBON_DB_CONSTRAINT) {   /* the same reference, recorded a moment ago */
        carbon_db_rollback(db);
        json_object_set_new(errors, "tgo_ref", json_string(TGO_REF_TAKEN));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if (st || !row)
        return fail(db, st ? st : CARBON_DB_ERROR);
    cert_id = i64(p, carbon_row_int(carbon_json_pool(p, row), "id"));
    if ((st = carbon_db_exec(db, "ledger_ensure", NULL, CARBON_ARGS(lao_code)))
        || (st = carbon_db_exec(db, "ledger_credit", NULL,
                                CARBON_ARGS(i64(p, carbon_row_int(split, "lao_share_tco2e")),
                                            i64(p, carbon_row_int(split, "lao_share_tco2e")), lao_code))))
        return fail(db, st);
    if ((st = store_documents(cr, db, lao_code, cert_id, documents, doc_ids)))
        return fail(db, st);
    json_object_update(clean, split);
    json_object_set(clean, "document_file_ids", doc_ids);
    if ((st = carbon_audit_record(cr, db, "certification", cert_id, "create", NULL, clean)))
        return fail(db, st);
    if ((st = carbon_db_commit(db)))
        return carbon_db_http_status(st);
    if ((st = carbon_certification_get(cr, db, cert_id, created)) || !*created)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    return OK;
}
