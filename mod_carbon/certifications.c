/* certifications.c: see certifications.h. */
#include "certifications.h"
#include "statements.h"
#include "scope.h"
#include "projects.h"
#include "json_util.h"
#include "apr_strings.h"
#include "validate.h"

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
    { NULL, NULL }
};

static const char *i64(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

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
                                      i64(p, per_page), i64(p, (page - 1) * per_page)));
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
