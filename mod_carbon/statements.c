/*
 * statements.c: the SQL of mod_carbon, each statement labelled once.
 * Scoped statements end with CARBON_SCOPE_SQL (scope.h), so the same
 * statement serves every role.
 */
#include "statements.h"
#include "scope.h"
#include <string.h>


/* A file is in scope with its owner: an LAO's by the LAO scope, a
 * province's as if it were an LAO of that province, DLA's for DLA only. */
#define FILE_SCOPE \
    "(f.owner_lao_code IS NOT NULL AND " CARBON_SCOPE_SQL("l") ")" \
    " OR (f.owner_province_code IS NOT NULL AND " CARBON_SCOPE_SQL("op") ")" \
    " OR (f.owner_lao_code IS NULL AND f.owner_province_code IS NULL AND %s = 'all')"

const carbon_statement carbon_core_statements[] = {
    /* --- users and sessions --- */
    { "user_by_subject",
      "SELECT u.id, u.subject, u.display_name, u.role, u.lao_code, u.disabled,"
      "       l.name_th AS lao_name, COALESCE(u.province_code, l.province_code) AS province_code,"
      "       p.name_th AS province_name"
      "  FROM users u LEFT JOIN laos l ON l.code = u.lao_code"
      "  LEFT JOIN provinces p ON p.code = COALESCE(u.province_code, l.province_code)"
      " WHERE u.subject = %s" },
    { "session_insert",
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
      " VALUES (%s, %lld, %s, %s, %s)" },
    { "session_user",
      "SELECT u.id, u.subject, u.display_name, u.role, u.lao_code, u.disabled,"
      "       l.name_th AS lao_name, COALESCE(u.province_code, l.province_code) AS province_code,"
      "       p.name_th AS province_name, s.csrf_token"
      "  FROM sessions s JOIN users u ON u.id = s.user_id"
      "  LEFT JOIN laos l ON l.code = u.lao_code"
      "  LEFT JOIN provinces p ON p.code = COALESCE(u.province_code, l.province_code)"
      " WHERE s.token_hash = %s AND s.expires_at > %s" },
    { "session_delete", "DELETE FROM sessions WHERE token_hash = %s" },
    { "session_purge_expired", "DELETE FROM sessions WHERE expires_at <= %s" },
    { "lsso_token_purge", "DELETE FROM lsso_used_tokens WHERE expires_at <= %s" },
    { "lsso_token_use",
      "INSERT INTO lsso_used_tokens (token_hash, expires_at) VALUES (%s, %s)"
      " ON CONFLICT (token_hash) DO NOTHING" },
    { "dev_users",
      "SELECT u.subject AS user, u.display_name, u.role, u.lao_code, l.name_th AS lao_name,"
      "       COALESCE(u.province_code, l.province_code) AS province_code"
      "  FROM users u LEFT JOIN laos l ON l.code = u.lao_code"
      " WHERE u.disabled = 0"
      " ORDER BY CASE u.role WHEN 'lao' THEN 1 WHEN 'province' THEN 2 ELSE 3 END, u.subject" },

    /* --- the credit ledger --- */
    { "lao_exists", "SELECT code AS lao_code, province_code FROM laos WHERE code = %s" },
    { "ledger_ensure",
      "INSERT INTO lao_credits (lao_code) VALUES (%s) ON CONFLICT (lao_code) DO NOTHING" },
    { "ledger_credit",
      "UPDATE lao_credits SET certified_tco2e = certified_tco2e + %lld,"
      "                       remaining_tco2e = remaining_tco2e + %lld WHERE lao_code = %s" },
    { "lao_certifications",
      "SELECT c.id, c.project_id, pr.name_th AS project_name, c.period_from, c.period_to,"
      "       c.certified_on, c.tgo_ref, c.total_tco2e, c.lao_share_tco2e"
      "  FROM certifications c JOIN projects pr ON pr.id = c.project_id"
      "  JOIN laos l ON l.code = c.lao_code"
      " WHERE c.lao_code = %s AND " CARBON_SCOPE_SQL("l")
      " ORDER BY c.certified_on DESC, c.id DESC" },
    { "lao_balance",
      "SELECT l.code AS lao_code, l.name_th, l.province_code,"
      "       COALESCE(c.certified_tco2e, 0) AS certified_tco2e,"
      "       COALESCE(c.awaiting_tco2e, 0) AS awaiting_tco2e,"
      "       COALESCE(c.sold_tco2e, 0) AS sold_tco2e,"
      "       COALESCE(c.remaining_tco2e, 0) AS remaining_tco2e"
      "  FROM laos l LEFT JOIN lao_credits c ON c.lao_code = l.code"
      " WHERE l.code = %s AND " CARBON_SCOPE_SQL("l") },
    { "public_summary",
      "SELECT COALESCE(SUM(certified_tco2e), 0) AS certified_tco2e,"
      "       COALESCE(SUM(sold_tco2e), 0) AS sold_tco2e,"
      "       COALESCE(SUM(awaiting_tco2e), 0) AS awaiting_tco2e,"
      "       COALESCE(SUM(remaining_tco2e), 0) AS remaining_tco2e,"
      "       COUNT(CASE WHEN certified_tco2e > 0 THEN 1 END) AS laos_with_credits"
      "  FROM lao_credits" },
    { "public_provinces",
      "SELECT p.code AS province_code, p.name_th,"
      "       COALESCE(SUM(c.certified_tco2e), 0) AS certified_tco2e,"
      "       COALESCE(SUM(c.sold_tco2e), 0) AS sold_tco2e,"
      "       COALESCE(SUM(c.awaiting_tco2e), 0) AS awaiting_tco2e,"
      "       COALESCE(SUM(c.remaining_tco2e), 0) AS remaining_tco2e,"
      "       COUNT(CASE WHEN c.certified_tco2e > 0 THEN 1 END) AS laos_with_credits"
      "  FROM provinces p LEFT JOIN laos l ON l.province_code = p.code"
      "  LEFT JOIN lao_credits c ON c.lao_code = l.code"
      " GROUP BY p.code, p.name_th ORDER BY p.code" },
    { "public_province",
      "SELECT code AS province_code, name_th FROM provinces WHERE code = %s" },
    { "public_top_laos",
      "SELECT l.code AS lao_code, l.name_th, p.name_th AS province_name,"
      "       c.certified_tco2e, c.sold_tco2e, c.remaining_tco2e"
      "  FROM lao_credits c JOIN laos l ON l.code = c.lao_code"
      "  JOIN provinces p ON p.code = l.province_code"
      " WHERE c.remaining_tco2e > 0"
      " ORDER BY c.remaining_tco2e DESC, l.code LIMIT 10" },
    { "public_province_laos",
      "SELECT l.code AS lao_code, l.name_th, t.name_th AS lao_type_name, d.name_th AS district_name,"
      "       c.certified_tco2e, c.sold_tco2e, c.awaiting_tco2e, c.remaining_tco2e"
      "  FROM laos l JOIN lao_credits c ON c.lao_code = l.code"
      "  JOIN lao_types t ON t.code = l.lao_type"
      "  JOIN districts d ON d.code = l.district_code"
      " WHERE l.province_code = %s AND c.certified_tco2e > 0"
      " ORDER BY c.remaining_tco2e DESC, l.code" },
    { "public_lao",
      "SELECT l.code AS lao_code, l.name_th, t.name_th AS lao_type_name,"
      "       p.code AS province_code, p.name_th AS province_name, d.name_th AS district_name,"
      "       c.certified_tco2e, c.sold_tco2e, c.awaiting_tco2e, c.remaining_tco2e"
      "  FROM laos l JOIN lao_credits c ON c.lao_code = l.code"
      "  JOIN lao_types t ON t.code = l.lao_type"
      "  JOIN provinces p ON p.code = l.province_code"
      "  JOIN districts d ON d.code = l.district_code"
      " WHERE l.code = %s AND c.certified_tco2e > 0" },
    { "public_lao_certifications",
      "SELECT c.id, pr.name_th AS project_name, c.period_from, c.period_to, c.certified_on,"
      "       c.tgo_ref, c.lao_share_tco2e"
      "  FROM certifications c JOIN projects pr ON pr.id = c.project_id"
      " WHERE c.lao_code = %s ORDER BY c.certified_on DESC, c.id DESC" },
    { "news_latest",
      "SELECT id, title_th, body_th, published_on FROM news WHERE published = 1"
      " ORDER BY published_on DESC, id DESC LIMIT 6" },

    /* --- files --- */
    { "file_insert",
      "INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name,"
      "                   owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)"
      " VALUES (%s, %lld, %s, %s, %s, %s, %s, %lld, %s, %s) RETURNING id" },
    { "file_meta",
      "SELECT f.id, f.sha256, f.size_bytes, f.mime_type, f.extension, f.original_name,"
      "       f.owner_lao_code, f.owner_province_code, f.uploaded_at"
      "  FROM files f LEFT JOIN laos l ON l.code = f.owner_lao_code"
      "  LEFT JOIN (SELECT code, code AS province_code FROM provinces) op ON op.code = f.owner_province_code"
      " WHERE f.id = %lld AND (" FILE_SCOPE ")" },
    { "file_content",
      "SELECT f.content_b64 FROM files f LEFT JOIN laos l ON l.code = f.owner_lao_code"
      "  LEFT JOIN (SELECT code, code AS province_code FROM provinces) op ON op.code = f.owner_province_code"
      " WHERE f.id = %lld AND (" FILE_SCOPE ")" },

    /* --- audit trail --- */
    { "audit_head_bump", "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1" },
    { "audit_head_get", "SELECT last_seq AS seq, last_hash FROM audit_head WHERE id = 1" },
    { "audit_head_set", "UPDATE audit_head SET last_hash = %s WHERE id = 1 AND last_seq = %lld" },
    { "audit_insert",
      "INSERT INTO audit_log (seq, at, user_subject, user_role, org_code, entity, entity_id,"
      "                       action, before_json, after_json, prev_hash, hash)"
      " VALUES (%lld, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)" },
    { "audit_for_entity",
      "SELECT seq, at, user_subject, user_role, org_code, action, before_json, after_json"
      "  FROM audit_log WHERE entity = %s AND entity_id = %s ORDER BY seq" },

    /* Only in the test builds of the start-up checks (make
     * build/test-broken/mod_carbon.so, build/test-duplicate/mod_carbon.so;
     * tests/integration/test_startup_statements.py), never shipped. */
#ifdef CARBON_TEST_BROKEN_STATEMENT
    { "test_broken_statement", "SELECT no_such_column FROM no_such_table WHERE id = %lld" },
#endif
#ifdef CARBON_TEST_DUPLICATE_LABEL
    { "session_delete", "DELETE FROM sessions WHERE expires_at <= %s" },
#endif
    { NULL, NULL }
};

/* Every table of statements; a label is unique across all of them. */
static const carbon_statement *const tables[] = {
    carbon_core_statements,
    carbon_buyer_statements,
    carbon_geo_statements,
    carbon_laos_statements,
    carbon_users_statements,
    carbon_news_statements,
    carbon_codes_statements,
    carbon_project_statements,
    carbon_certification_statements,
    carbon_ledger_statements,
    carbon_trade_statements,
    NULL
};

const carbon_statement *carbon_statement_find(const char *label)
{
    const carbon_statement *const *t;
    const carbon_statement *s;
    for (t = tables; *t; t++)
        for (s = *t; s->label; s++)
            if (!strcmp(s->label, label))
                return s;
    return NULL;
}

int carbon_statement_each(int (*each)(void *baton, const carbon_statement *s), void *baton)
{
    const carbon_statement *const *t;
    const carbon_statement *s;
    int rv;
    for (t = tables; *t; t++)
        for (s = *t; s->label; s++)
            if ((rv = each(baton, s)))
                return rv;
    return 0;
}

/* Quadratic, but over a few hundred labels, once per configuration load. */
const char *carbon_statement_label_problem(const char **label)
{
    const carbon_statement *const *t, *const *u;
    const carbon_statement *s, *v;
    for (t = tables; *t; t++)
        for (s = *t; s->label; s++) {
            *label = s->label;
            if (strlen(CARBON_STATEMENT_PREFIX) + strlen(s->label) > CARBON_STATEMENT_NAME_MAX)
                return "too long for a PostgreSQL prepared-statement name";
            for (u = t; *u; u++)
                for (v = (u == t) ? s + 1 : *u; v->label; v++)
                    if (!strcmp(s->label, v->label))
                        return "labels two statements";
        }
    *label = NULL;
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

int carbon_column_is_int(const char *name)
{
    static const char *const exact[] = { "id", "seq", "total", "sort", "version", "laos_with_credits", NULL };
    static const char *const suffixes[] = { "_id", "_tco2e", "_satang", "_bp", "_bytes", "_count", NULL };
    int i;
    for (i = 0; exact[i]; i++)
        if (!strcmp(name, exact[i]))
            return 1;
    for (i = 0; suffixes[i]; i++)
        if (ends_with(name, suffixes[i]))
            return 1;
    return 0;
}

int carbon_column_is_bool(const char *name)
{
    return !strncmp(name, "is_", 3) || !strncmp(name, "has_", 4) || !strcmp(name, "disabled")
           || !strcmp(name, "active") || !strcmp(name, "published");
}
