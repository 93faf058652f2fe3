/*
 * statements.h: every SQL statement of mod_carbon, by label. Placeholders
 * are apr_dbd's: %s for text, %lld for integers (PostgreSQL types the
 * parameter from it), %pDb never (files are base64 text).
 */
#ifndef CARBON_STATEMENTS_H
#define CARBON_STATEMENTS_H

typedef struct {
    const char *label;   /* also the PostgreSQL prepared-statement name */
    const char *sql;
} carbon_statement;

/* Each concept keeps its SQL beside its rules, in a table ended by
 * { NULL, NULL }, listed once in statements.c. */
extern const carbon_statement carbon_core_statements[];
extern const carbon_statement carbon_buyer_statements[];     /* buyers.c */
extern const carbon_statement carbon_geo_statements[];       /* geo.c */
extern const carbon_statement carbon_laos_statements[];      /* laos.c */
extern const carbon_statement carbon_users_statements[];     /* users.c */
extern const carbon_statement carbon_news_statements[];      /* news.c */
extern const carbon_statement carbon_codes_statements[];     /* codes.c */
extern const carbon_statement carbon_project_statements[];        /* projects.c */
extern const carbon_statement carbon_certification_statements[];  /* certifications.c */
extern const carbon_statement carbon_ledger_statements[];         /* ledger.c */
extern const carbon_statement carbon_trade_statements[];          /* trades.c */
extern const carbon_statement carbon_group_sale_statements[];     /* group_sales.c */
extern const carbon_statement carbon_document_statements[];       /* documents.c */
extern const carbon_statement carbon_trade_line_statements[];     /* trade_lines.c */
extern const carbon_statement carbon_transition_statements[];     /* transitions.c */
extern const carbon_statement carbon_public_statements[];         /* public_stats.c */
extern const carbon_statement carbon_public_chart_statements[];   /* public_charts.c */
extern const carbon_statement carbon_session_statements[];        /* session.c */
extern const carbon_statement carbon_auth_statements[];           /* auth.c */
extern const carbon_statement carbon_file_statements[];           /* upload.c */
extern const carbon_statement carbon_budget_statements[];         /* budget.c */
extern const carbon_statement carbon_spending_statements[];       /* spending.c */
extern const carbon_statement carbon_delegated_statements[];      /* delegated_sales.c */
extern const carbon_statement carbon_todo_statements[];           /* todo.c */
extern const carbon_statement carbon_pdpa_statements[];           /* pdpa.c */

const carbon_statement *carbon_statement_find(const char *label);

/* Calls each(baton, s) for every statement of every table, in order; stops
 * at and returns the first non-zero return (0 when all returned 0). */
int carbon_statement_each(int (*each)(void *baton, const carbon_statement *s), void *baton);

/* A statement is prepared under the name CARBON_STATEMENT_PREFIX + label:
 * PostgreSQL puts the names in its SQL namespace (session_user is a
 * keyword), and cuts identifiers at 63 bytes, so a longer name could
 * silently collide with another. */
#define CARBON_STATEMENT_PREFIX "carbon_"
#define CARBON_STATEMENT_NAME_MAX 63

/* NULL when every label is unique across all tables and short enough;
 * otherwise what is wrong, with *label the label at fault. */
const char *carbon_statement_label_problem(const char **label);

/* Result columns named like this come back as JSON integers: id, seq, sort,
 * *_id, *_tco2e, *_satang, *_bp, *_bytes, *_count, total, laos_with_credits;
 * is_*, has_*, disabled, active and published come back as JSON booleans. */
int carbon_column_is_int(const char *name);
int carbon_column_is_bool(const char *name);

#endif
