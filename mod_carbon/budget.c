/* budget.c: see budget.h. */
#include "budget.h"
#include "scope.h"
#include "statements.h"
#include "listing.h"
#include "json_util.h"
#include "trade_lines.h"
#include "http_log.h"
#include <string.h>

APLOG_USE_MODULE(carbon);

const carbon_statement carbon_budget_statements[] = {
    { "budget_income_add",
      "INSERT INTO lao_budget (lao_code, income_satang) VALUES (%s, %lld)"
      " ON CONFLICT (lao_code) DO UPDATE SET income_satang = lao_budget.income_satang + excluded.income_satang" },
    /* the check is the UPDATE itself: arguments x, lao, x, x. SQLite's
     * driver binds every argument as text: CAST makes the comparisons with
     * an expression numeric there too */
    { "budget_commit",
      "UPDATE lao_budget SET committed_satang = committed_satang + %lld"
      " WHERE lao_code = %s AND income_satang - committed_satang >= CAST(%lld AS BIGINT)"
      "   AND CAST(%lld AS BIGINT) > 0" },
    { "budget_release",
      "UPDATE lao_budget SET committed_satang = committed_satang - %lld"
      " WHERE lao_code = %s AND committed_satang >= CAST(%lld AS BIGINT) AND CAST(%lld AS BIGINT) > 0" },
    { "budget_get",
      "SELECT l.code AS lao_code, COALESCE(b.income_satang, 0) AS income_satang,"
      "       COALESCE(b.committed_satang, 0) AS committed_satang"
      "  FROM laos l LEFT JOIN lao_budget b ON b.lao_code = l.code"
      " WHERE l.code = %s AND " CARBON_SCOPE_SQL("l") },
    { "budget_available",
      "SELECT income_satang - committed_satang AS available_satang FROM lao_budget WHERE lao_code = %s" },
    { NULL, NULL }
};

carbon_db_status carbon_budget_income_add(carbon_req *cr, carbon_db *db, const char *lao_code, long long satang)
{
    if (satang < 0)
        return CARBON_DB_CONSTRAINT;
    return carbon_db_exec(db, "budget_income_add", NULL, CARBON_ARGS(lao_code, carbon_i64(cr->r->pool, satang)));
}

carbon_db_status carbon_budget_income_of_trade(carbon_req *cr, carbon_db *db, const char *trade_id)
{
    json_t *lines = NULL, *line;
    carbon_db_status st;
    size_t i;
    if ((st = carbon_trade_lines_of(cr, db, trade_id, &lines)))
        return st;
    json_array_foreach(lines, i, line) {   /* LAO order: the same lock order everywhere */
        const char *ledger = carbon_json_str(line, "ledger");
        if (ledger && !strcmp(ledger, "sold")
            && (st = carbon_budget_income_add(cr, db, carbon_json_str(line, "lao_code"),
                                              carbon_row_int(line, "total_satang"))))
            return st;
    }
    return CARBON_DB_OK;
}

static carbon_db_status move(carbon_req *cr, carbon_db *db, const char *label, const char *lao_code,
                             long long satang, int *refused)
{
    const char *x = carbon_i64(cr->r->pool, satang);
    int affected = 0;
    carbon_db_status st;
    *refused = 1;
    if (satang > 0 && (st = carbon_db_exec(db, label, &affected, CARBON_ARGS(x, lao_code, x, x))))
        return st;
    *refused = affected != 1;
    if (*refused)
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r, "carbon: %s refused: lao %s, %s satang",
                      label, lao_code, x);
    return CARBON_DB_OK;
}

carbon_db_status carbon_budget_commit(carbon_req *cr, carbon_db *db, const char *lao_code, long long satang,
                                      int *refused)
{
    return move(cr, db, "budget_commit", lao_code, satang, refused);
}

carbon_db_status carbon_budget_release(carbon_req *cr, carbon_db *db, const char *lao_code, long long satang,
                                       int *refused)
{
    return move(cr, db, "budget_release", lao_code, satang, refused);
}

carbon_db_status carbon_budget_get(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **budget)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    json_t *row = NULL;
    carbon_db_status st;
    *budget = NULL;
    if ((st = carbon_db_select_one(db, "budget_get", &row, CARBON_ARGS(lao_code, CARBON_SCOPE_ARGS(sc)))) || !row)
        return st;
    carbon_json_pool(cr->r->pool, row);
    json_object_set_new(row, "available_satang",
                        json_integer(carbon_row_int(row, "income_satang") - carbon_row_int(row, "committed_satang")));
    *budget = row;
    return CARBON_DB_OK;
}

carbon_db_status carbon_budget_available(carbon_db *db, const char *lao_code, long long *available)
{
    json_t *row = NULL;
    carbon_db_status st;
    *available = 0;
    if ((st = carbon_db_select_one(db, "budget_available", &row, CARBON_ARGS(lao_code))))
        return st;
    if (row)
        *available = carbon_row_int(row, "available_satang");
    json_decref(row);
    return CARBON_DB_OK;
}
