/*
 * budget.h: the budget ledger of the revenue from credit sales, one row per
 * LAO (lao_budget): income (its share of its completed sales of every
 * kind), committed (what its spending requests took), available = income
 * - committed. The only code that touches lao_budget.
 *
 * Like the credit ledger (ledger.h), every movement is a conditional
 * UPDATE inside the caller's transaction, never read-then-write:
 *   income   income += x            (a sale confirmed: each sold line's total)
 *   commit   committed += x  WHERE income - committed >= x   (step 1 of a request)
 *   release  committed -= x  WHERE committed >= x
 * 0 rows is a refusal (the caller rolls back). On SQLite writers queue at
 * BEGIN IMMEDIATE; on PostgreSQL the UPDATE waits for the row lock and
 * re-checks its condition, so concurrent requests can never commit more
 * than the income; the table's CHECKs say the same at every commit.
 */
#ifndef CARBON_BUDGET_H
#define CARBON_BUDGET_H

#include "carbon.h"
#include "db.h"

/* The income of a confirmed sale's line: lao_code's income grows by satang
 * (>= 0; the row is made on first use). In the caller's transaction. */
carbon_db_status carbon_budget_income_add(carbon_req *cr, carbon_db *db, const char *lao_code, long long satang);
/* carbon_budget_income_add for every sold line of trade trade_id (decimal
 * text): the one call of the confirmation path, after the SELL effect. */
carbon_db_status carbon_budget_income_of_trade(carbon_req *cr, carbon_db *db, const char *trade_id);

/* Commits satang (> 0) of lao_code's available budget: *refused = 1 (and
 * nothing moved) when it does not fit. */
carbon_db_status carbon_budget_commit(carbon_req *cr, carbon_db *db, const char *lao_code, long long satang,
                                      int *refused);
/* Gives back satang (> 0) committed before: *refused = 1 when not that much
 * is committed. */
carbon_db_status carbon_budget_release(carbon_req *cr, carbon_db *db, const char *lao_code, long long satang,
                                       int *refused);

/* The LAO's budget as the user may see it (scope.h): {lao_code,
 * income_satang, committed_satang, available_satang} (income = committed +
 * available; zeros for an LAO without sales); *budget pool-owned, NULL when
 * the LAO is absent or out of scope. */
carbon_db_status carbon_budget_get(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **budget);
/* The available budget of an LAO, unscoped (for the message next to a
 * field; the conditional UPDATE stays the guard). */
carbon_db_status carbon_budget_available(carbon_db *db, const char *lao_code, long long *available);

#endif
