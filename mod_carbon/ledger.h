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
#include "upload.h"

/* Records a certification of a project's credits for an LAO: validates
 * input (project_id, lao_code, period_from, period_to, certified_on,
 * tgo_ref, total_tco2e; a TGO reference once per project and LAO), splits
 * the total by the project's sharing rule (sharing.h: whole credits, the
 * remainder to the state agency), stores the split, credits the LAO's
 * share to its ledger, stores the documents (checked carbon_upload_file
 * items, may be NULL) owned by the LAO and linked in record_files, and
 * writes the audit trail, all in one transaction. errors may already hold
 * problems found by the caller (e.g. in the documents): nothing is written
 * then. Returns OK with *created (carbon_certification_get's view: the
 * split, the rule, the documents), HTTP_UNPROCESSABLE_ENTITY with Thai
 * messages in errors, or another HTTP status. */
int carbon_certification_create(carbon_req *cr, json_t *input, const apr_array_header_t *documents,
                                json_t *errors, json_t **created);

#endif
