/* certifications.c: see certifications.h. */
#include "certifications.h"
#include "statements.h"
#include "scope.h"
#include "projects.h"
#include "json_util.h"
#include "apr_strings.h"
#include "validate.h"
#include "ledger.h"
#include "documents.h"
#include "sharing.h"
#include "session.h"
#include "thaifmt.h"
#include "listing.h"
#include "tx.h"
#include <stdlib.h>

APLOG_USE_MODULE(carbon);

#define CERT_FROM \
    "  FROM certifications c JOIN projects pr ON pr.id = c.project_id" \
    "  JOIN laos l ON l.code = c.lao_code" \
    "  JOIN provinces pv ON pv.code = l.province_code" \
    "  JOIN sharing_rules r ON r.code = c.sharing_rule_code" \
    "  LEFT JOIN users u ON u.id = c.created_by"

#define CERT_SELECT \
    "SELECT c.id, c.project_id, pr.name_th AS project_name, pr.registrant_name," \
    "       pr.tver_registrant_no, c.lao_code, l.name_th AS lao_name," \
    "       l.province_code, pv.name_th AS province_name," \
    "       c.period_from, c.period_to, c.certified_on, c.tgo_ref, c.total_tco2e," \
    "       c.lao_share_tco2e, c.developer_share_tco2e, c.state_share_tco2e," \
    "       c.lao_share_bp, c.developer_share_bp, c.state_share_bp," \
    "       c.sharing_rule_code, r.name_th AS sharing_rule_name, r.legal_ref," \
    "       r.lao_party_th, r.developer_party_th, r.state_party_th," \
    "       c.created_at, u.display_name AS created_by_name," \
    "       (SELECT COUNT(*) FROM record_files rf WHERE rf.entity = 'certification'" \
    "          AND rf.kind = 'document' AND rf.entity_id = c.id) AS document_count" \
    CERT_FROM

#define CERT_FILTER \
    " WHERE (%s IS NULL OR l.province_code = %s)" \
    "   AND (%s IS NULL OR c.lao_code = %s)" \
    "   AND (%lld IS NULL OR c.project_id = %lld)" \
    "   AND (%s IS NULL OR c.certified_on >= %s)" \
    "   AND (%s IS NULL OR c.certified_on <= %s)" \
    "   AND " CARBON_SCOPE_SQL("l")

const carbon_statement carbon_certification_statements[] = {
    { "certification_search",
      CERT_SELECT CERT_FILTER " ORDER BY c.certified_on DESC, c.id DESC LIMIT %lld OFFSET %lld" },
    { "certification_search_summary",
      "SELECT COUNT(*) AS total, COALESCE(SUM(c.total_tco2e), 0) AS total_tco2e,"
      "       COALESCE(SUM(c.lao_share_tco2e), 0) AS lao_share_tco2e,"
      "       COALESCE(SUM(c.developer_share_tco2e), 0) AS developer_share_tco2e,"
      "       COALESCE(SUM(c.state_share_tco2e), 0) AS state_share_tco2e"
      CERT_FROM CERT_FILTER },
    { "certification_get", CERT_SELECT " WHERE c.id = %lld AND " CARBON_SCOPE_SQL("l") },
    { "certification_documents",
      "SELECT f.id, f.original_name, f.mime_type, f.extension, f.size_bytes, f.uploaded_at"
      "  FROM record_files rf JOIN files f ON f.id = rf.file_id"
      " WHERE rf.entity = 'certification' AND rf.kind = 'document' AND rf.entity_id = %lld"
      " ORDER BY f.id" },
    { "certification_documents_of_lao",
      "SELECT rf.entity_id AS certification_id, f.id, f.original_name, f.mime_type, f.extension,"
      "       f.size_bytes"
      "  FROM record_files rf JOIN certifications c ON c.id = rf.entity_id"
      "  JOIN files f ON f.id = rf.file_id JOIN laos l ON l.code = c.lao_code"
      " WHERE rf.entity = 'certification' AND rf.kind = 'document' AND c.lao_code = %s"
      "   AND " CARBON_SCOPE_SQL("l") " ORDER BY f.id" },
    { "certification_lao_options",
      "SELECT l.code AS lao_code, l.name_th, l.province_code, t.name_th AS lao_type_name,"
      "       d.name_th AS district_name"
      "  FROM laos l JOIN lao_types t ON t.code = l.lao_type JOIN districts d ON d.code = l.district_code"
      " WHERE (%s IS NULL OR l.province_code = %s) AND " CARBON_SCOPE_SQL("l")
      " ORDER BY d.name_th, l.name_th, l.code LIMIT 5000" },
    { "certification_lao_profile",
      "SELECT l.code AS lao_code, l.name_th, t.name_th AS lao_type_name, l.province_code,"
      "       pv.name_th AS province_name, d.name_th AS district_name, s.name_th AS subdistrict_name,"
      "       COALESCE(c.certified_tco2e, 0) AS certified_tco2e,"
      "       COALESCE(c.awaiting_tco2e, 0) AS awaiting_tco2e,"
      "       COALESCE(c.sold_tco2e, 0) AS sold_tco2e,"
      "       COALESCE(c.remaining_tco2e, 0) AS remaining_tco2e"
      "  FROM laos l JOIN lao_types t ON t.code = l.lao_type"
      "  JOIN provinces pv ON pv.code = l.province_code JOIN districts d ON d.code = l.district_code"
      "  LEFT JOIN subdistricts s ON s.code = l.subdistrict_code"
      "  LEFT JOIN lao_credits c ON c.lao_code = l.code"
      " WHERE l.code = %s AND " CARBON_SCOPE_SQL("l") },
    { "certification_provinces", "SELECT code AS province_code, name_th FROM provinces ORDER BY name_th, code" },
    { "certification_years",
      "SELECT DISTINCT SUBSTR(certified_on, 1, 4) AS ce_year FROM certifications ORDER BY ce_year DESC" },
    { "certification_project_split",
      "SELECT p.id, p.name_th, p.sharing_rule_code, p.lao_share_bp, p.developer_share_bp,"
      "       p.state_share_bp, r.lao_min_bp, r.lao_max_bp,"
      "       r.developer_share_bp AS rule_developer_share_bp, r.state_min_bp"
      "  FROM projects p JOIN sharing_rules r ON r.code = p.sharing_rule_code WHERE p.id = %lld" },
    { "certification_tgo_ref_taken",
      "SELECT id FROM certifications WHERE project_id = %lld AND lao_code = %s AND tgo_ref = %s" },
    { "certification_insert",
      "INSERT INTO certifications (project_id, lao_code, period_from, period_to, certified_on,"
      "                            tgo_ref, total_tco2e, lao_share_tco2e, developer_share_tco2e,"
      "                            state_share_tco2e, sharing_rule_code, lao_share_bp,"
      "                            developer_share_bp, state_share_bp, created_by, created_at)"
      " VALUES (%lld, %s, %s, %s, %s, %s, %lld, %lld, %lld, %lld, %s, %lld, %lld, %lld, %lld, %s)"
      " RETURNING id" },
    { "lao_certifications",
      "SELECT c.id, c.project_id, pr.name_th AS project_name, c.period_from, c.period_to,"
      "       c.certified_on, c.tgo_ref, c.total_tco2e, c.lao_share_tco2e"
      "  FROM certifications c JOIN projects pr ON pr.id = c.project_id"
      "  JOIN laos l ON l.code = c.lao_code"
      " WHERE c.lao_code = %s AND " CARBON_SCOPE_SQL("l")
      " ORDER BY c.certified_on DESC, c.id DESC" },
    { NULL, NULL }
};

static void add_percents_to_all(apr_pool_t *p, json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        carbon_sharing_add_percents(p, row);
}

carbon_db_status carbon_certifications_search(carbon_req *cr, carbon_db *db,
                                              const carbon_certification_filter *f,
                                              json_t **items, json_t **summary)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    long long per_page = f->per_page > 0 ? f->per_page : 50, page = f->page > 0 ? f->page : 1;
    const char *project_id = carbon_is_id(f->project_id) ? f->project_id : NULL;
    carbon_db_status st;
    *items = *summary = NULL;
    if (f->project_id && !project_id)
        project_id = "0";           /* not an id: matches nothing */
    st = carbon_db_select(db, "certification_search", items,
                          CARBON_ARGS(f->province_code, f->province_code, f->lao_code, f->lao_code,
                                      project_id, project_id, f->certified_from, f->certified_from,
                                      f->certified_to, f->certified_to, CARBON_SCOPE_ARGS(sc),
                                      carbon_i64(p, per_page), carbon_i64(p, (page - 1) * per_page)));
    if (st)
        return st;
    carbon_json_pool(p, *items);
    add_percents_to_all(p, *items);
    st = carbon_db_select_one(db, "certification_search_summary", summary,
                              CARBON_ARGS(f->province_code, f->province_code, f->lao_code, f->lao_code,
                                          project_id, project_id, f->certified_from, f->certified_from,
                                          f->certified_to, f->certified_to, CARBON_SCOPE_ARGS(sc)));
    if (!st && *summary)
        carbon_json_pool(p, *summary);
    return st;
}

carbon_db_status carbon_certification_get(carbon_req *cr, carbon_db *db, const char *id, json_t **row)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    json_t *docs;
    carbon_db_status st;
    *row = NULL;
    if (!carbon_is_id(id))
        return CARBON_DB_OK;
    st = carbon_db_select_one(db, "certification_get", row, CARBON_ARGS(id, CARBON_SCOPE_ARGS(sc)));
    if (st || !*row)
        return st;
    carbon_json_pool(p, *row);
    carbon_sharing_add_percents(p, *row);
    if ((st = carbon_db_select(db, "certification_documents", &docs, CARBON_ARGS(id)))) {
        *row = NULL;
        return st;
    }
    json_object_set_new(*row, "documents", docs);
    return CARBON_DB_OK;
}

carbon_db_status carbon_certifications_of_lao(carbon_req *cr, carbon_db *db, const char *lao_code,
                                              json_t **rows)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    carbon_certification_filter f = { NULL, lao_code, NULL, NULL, NULL, 1, 100000 };
    json_t *summary, *docs, *doc, *row;
    size_t i, j;
    carbon_db_status st = carbon_certifications_search(cr, db, &f, rows, &summary);
    if (st)
        return st;
    st = carbon_db_select(db, "certification_documents_of_lao", &docs,
                          CARBON_ARGS(lao_code, CARBON_SCOPE_ARGS(sc)));
    if (st) {
        *rows = NULL;
        return st;
    }
    carbon_json_pool(p, docs);
    json_array_foreach(*rows, i, row) {
        json_t *mine = json_array();
        json_array_foreach(docs, j, doc)
            if (carbon_row_int(doc, "certification_id") == carbon_row_int(row, "id"))
                json_array_append(mine, doc);
        json_object_set_new(row, "documents", mine);
    }
    return CARBON_DB_OK;
}

carbon_db_status carbon_lao_options(carbon_req *cr, carbon_db *db, const char *province_code,
                                    json_t **rows)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db_status st = carbon_db_select(db, "certification_lao_options", rows,
                                           CARBON_ARGS(province_code, province_code, CARBON_SCOPE_ARGS(sc)));
    if (!st)
        carbon_json_pool(cr->r->pool, *rows);
    return st;
}

carbon_db_status carbon_lao_profile(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **row)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db_status st = carbon_db_select_one(db, "certification_lao_profile", row,
                                               CARBON_ARGS(lao_code, CARBON_SCOPE_ARGS(sc)));
    if (!st && *row)
        carbon_json_pool(cr->r->pool, *row);
    return st;
}

carbon_db_status carbon_provinces_list(carbon_db *db, json_t **rows)
{
    return carbon_db_select(db, "certification_provinces", rows, CARBON_NOARGS);
}

carbon_db_status carbon_certification_years(carbon_db *db, json_t **rows)
{
    return carbon_db_select(db, "certification_years", rows, CARBON_NOARGS);
}

/* ---- recording a certification ------------------------------------------ */

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

typedef struct {
    json_t *clean, *split, *errors;
    const apr_array_header_t *documents;
    const char *project_id, *lao_code, *cert_id;
} create_baton;

/* The certification row, the LAO's share credited to its ledger for the
 * project, the documents, the audit row: one transaction (tx.h). */
static int create_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    create_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *clean = b->clean, *split = b->split, *row = NULL, *ids = carbon_json_pool(p, json_object());
    apr_array_header_t *files = apr_array_make(p, 4, sizeof(carbon_doc_file));
    long long share = carbon_row_int(split, "lao_share_tco2e");
    int i, refused = 0, gone = 0;
    carbon_db_status st;
    st = carbon_db_select_one(db, "certification_insert", &row,
                              CARBON_ARGS(b->project_id, b->lao_code, carbon_json_str(clean, "period_from"),
                                          carbon_json_str(clean, "period_to"),
                                          carbon_json_str(clean, "certified_on"), carbon_json_str(clean, "tgo_ref"),
                                          carbon_i64(p, json_integer_value(json_object_get(clean, "total_tco2e"))),
                                          carbon_i64(p, share),
                                          carbon_i64(p, carbon_row_int(split, "developer_share_tco2e")),
                                          carbon_i64(p, carbon_row_int(split, "state_share_tco2e")),
                                          carbon_row_str(split, "sharing_rule_code"),
                                          carbon_i64(p, carbon_row_int(split, "lao_share_bp")),
                                          carbon_i64(p, carbon_row_int(split, "developer_share_bp")),
                                          carbon_i64(p, carbon_row_int(split, "state_share_bp")),
                                          carbon_i64(p, cr->user ? cr->user->id : 0),
                                          carbon_now_iso(p, apr_time_now())));
    if (st == CARBON_DB_CONSTRAINT) {   /* the same reference, recorded a moment ago */
        json_object_set_new(b->errors, "tgo_ref", json_string(TGO_REF_TAKEN));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if (st || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    b->cert_id = carbon_i64(p, carbon_row_int(carbon_json_pool(p, row), "id"));
    /* a share of 0 (a rule may give the LAO nothing) moves nothing */
    if (share > 0) {
        if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_CREDIT, b->lao_code, atoll(b->project_id), share,
                                      &refused)))
            return carbon_db_http_status(st);
        if (refused)
            return HTTP_INTERNAL_SERVER_ERROR;
    }
    for (i = 0; b->documents && i < b->documents->nelts; i++) {
        carbon_doc_file *df = &APR_ARRAY_PUSH(files, carbon_doc_file);
        df->kind = "document";
        df->file = APR_ARRAY_IDX(b->documents, i, carbon_upload_file);
    }
    if ((st = carbon_doc_link_all(cr, db, "certification", b->cert_id, b->lao_code, files, NULL, ids, &gone)))
        return carbon_db_http_status(st);
    json_object_update(clean, split);
    json_object_set(clean, "document_file_ids",
                    json_object_get(ids, "document") ? json_object_get(ids, "document") : json_array());
    audit->entity = "certification";
    audit->entity_id = b->cert_id;
    audit->action = "create";
    audit->after = clean;
    return OK;
}

int carbon_certification_create(carbon_req *cr, json_t *input, const apr_array_header_t *documents,
                                json_t *errors, json_t **created)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *clean = carbon_json_pool(p, carbon_validate(certification_fields, input, errors));
    json_t *project = NULL, *lao = NULL, *taken = NULL;
    json_t *split = carbon_json_pool(p, json_object());
    const char *lao_code, *project_id, *tgo_ref, *cert_id;
    create_baton b;
    int rv;
    carbon_db_status st;
    *created = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    check_dates(p, clean, errors);
    if (!json_object_get(clean, "project_id") || !json_object_get(clean, "lao_code"))
        return HTTP_UNPROCESSABLE_ENTITY;
    lao_code = carbon_json_str(clean, "lao_code");
    tgo_ref = carbon_json_str(clean, "tgo_ref");
    project_id = carbon_i64(p, json_integer_value(json_object_get(clean, "project_id")));
    if ((st = carbon_db_select_one(db, "certification_project_split", &project, CARBON_ARGS(project_id)))
        || (st = carbon_db_select_one(db, "lao_exists", &lao, CARBON_ARGS(lao_code))))
        return carbon_db_http_status(st);
    carbon_json_pool(p, project);
    carbon_json_pool(p, lao);
    if (!project)
        json_object_set_new(errors, "project_id", json_string("ไม่พบโครงการที่เลือก"));
    if (!lao)
        json_object_set_new(errors, "lao_code", json_string("ไม่พบ อปท. รหัสนี้"));
    if (project && lao && tgo_ref) {
        if ((st = carbon_db_select_one(db, "certification_tgo_ref_taken", &taken, CARBON_ARGS(project_id, lao_code, tgo_ref))))
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

    b.clean = clean;
    b.split = split;
    b.documents = documents;
    b.errors = errors;
    b.project_id = project_id;
    b.lao_code = lao_code;
    if ((rv = carbon_tx_run(cr, db, create_work, &b)) != OK)
        return rv;
    cert_id = b.cert_id;
    if ((st = carbon_certification_get(cr, db, cert_id, created)) || !*created)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    return OK;
}

carbon_db_status carbon_certifications_api_of_lao(carbon_req *cr, carbon_db *db, const char *lao_code,
                                                  json_t **rows)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db_status st = carbon_db_select(db, "lao_certifications", rows,
                                           CARBON_ARGS(lao_code, CARBON_SCOPE_ARGS(sc)));
    if (!st)
        carbon_json_pool(cr->r->pool, *rows);
    return st;
}

/* text when it is a code of exactly len digits, else NULL */
static const char *code_of(const char *text, size_t len)
{
    size_t i;
    if (!text || strlen(text) != len)
        return NULL;
    for (i = 0; i < len; i++)
        if (text[i] < '0' || text[i] > '9')
            return NULL;
    return text;
}

static carbon_db_status pickers(carbon_req *cr, carbon_db *db, json_t *ctx, const char *province_code,
                                const char *lao_code)
{
    json_t *provinces = NULL, *laos = NULL;
    carbon_db_status st;
    if (cr->user->role == CARBON_ROLE_DLA) {
        if ((st = carbon_provinces_list(db, &provinces)))
            return st;
        carbon_json_pool(cr->r->pool, provinces);
        carbon_mark_selected(provinces, "province_code", province_code);
        json_object_set(ctx, "provinces", provinces);
        if (!province_code)
            return CARBON_DB_OK;
    }
    if ((st = carbon_lao_options(cr, db, province_code, &laos)))
        return st;
    carbon_mark_selected(laos, "lao_code", lao_code);
    json_object_set(ctx, "laos", laos);
    return CARBON_DB_OK;
}

int carbon_lao_of_page(carbon_req *cr, carbon_db *db, apr_table_t *query, json_t *ctx, json_t **lao)
{
    const char *lao_code, *province_code = code_of(apr_table_get(query, "province_code"), 2);
    carbon_db_status st;
    *lao = NULL;
    if (cr->user->role == CARBON_ROLE_LAO) {
        lao_code = cr->user->lao_code;
        json_object_set_new(ctx, "can_add", json_true());
    } else {
        lao_code = code_of(apr_table_get(query, "lao_code"), 7);
        json_object_set_new(ctx, "chooses_lao", json_true());
    }
    if (lao_code) {
        if ((st = carbon_lao_profile(cr, db, lao_code, lao)))
            return carbon_db_http_status(st);
        if (!*lao)
            return HTTP_NOT_FOUND;
        if (cr->user->role == CARBON_ROLE_DLA)
            province_code = carbon_row_str(*lao, "province_code");
    }
    if (cr->user->role != CARBON_ROLE_LAO && (st = pickers(cr, db, ctx, province_code, lao_code)))
        return carbon_db_http_status(st);
    json_object_set_new(ctx, "province_code", province_code ? json_string(province_code) : json_null());
    return OK;
}
