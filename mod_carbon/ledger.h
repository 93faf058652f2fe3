/*
 * ledger.h: the credit ledger, one lao_credits row per LAO. Every movement
 * is a conditional UPDATE inside the caller's transaction, and the table's
 * CHECK keeps remaining + awaiting + sold = certified at every commit.
 * Certifications are the only way credits enter it.
 */
#ifndef CARBON_LEDGER_H
#define CARBON_LEDGER_H

#include "carbon.h"
#include "db.h"

/* Records a certification of a project's credits for an LAO: validates
 * input (project_id, lao_code, period_from, period_to, certified_on,
 * tgo_ref, total_tco2e), splits the total by the project's sharing rule,
 * credits the LAO's share and writes the audit trail, all in one
 * transaction. Returns OK with *created set, HTTP_UNPROCESSABLE_ENTITY with
 * Thai messages in errors, or another HTTP status. */
int carbon_certification_create(carbon_req *cr, json_t *input, json_t *errors, json_t **created);

/* The LAO's share of total under a rule of lao_share_bp basis points:
 * whole credits, rounded down; the remainder goes to the other parties. */
long long carbon_share_of(long long total, long long lao_share_bp);

#endif
