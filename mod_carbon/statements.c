/*
 * statements.c: every table of labelled SQL, listed once, and the core's
 * statements that have no concept file of their own yet (the credit
 * ledger's reads, the audit trail). Scoped statements end with
 * CARBON_SCOPE_SQL (scope.h), so the same statement serves every role.
 */
#include "statements.h"
#include "scope.h"
#include <string.h>

const carbon_statement carbon_core_statements[] = {
    /* --- the credit ledger --- */
    { "lao_exists", "SELECT code AS lao_code, province_code FROM laos WHERE code = %s" },

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
    carbon_document_statements,
    carbon_trade_line_statements,
    carbon_transition_statements,
    carbon_trade_statements,
    carbon_group_sale_statements,
    carbon_public_statements,
    carbon_public_chart_statements,
    carbon_session_statements,
    carbon_auth_statements,
    carbon_file_statements,
    carbon_budget_statements,
    carbon_spending_statements,
    carbon_delegated_statements,
    carbon_todo_statements,
    carbon_pdpa_statements,
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
