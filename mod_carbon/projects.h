/*
 * projects.h: T-VER projects and the sharing rules of the regulations
 * (DLA's master data). A project names its registrant, its T-VER registrant
 * number and the rule its certified credits are shared by, with the LAO's
 * share within the rule's bounds. Exactly one project is the default of a
 * new sale ("โครงการถังขยะเปียก ลดโลกร้อน" from the start).
 */
#ifndef CARBON_PROJECTS_H
#define CARBON_PROJECTS_H

#include "carbon.h"
#include "db.h"
#include "sharing.h"

/* Every sharing rule, in the order DLA shows them, with percentages
 * (*_pct text) and is_adjustable. */
carbon_db_status carbon_sharing_rules_list(apr_pool_t *p, carbon_db *db, json_t **rows);
/* One rule by code, or *row = NULL. */
carbon_db_status carbon_sharing_rule_get(apr_pool_t *p, carbon_db *db, const char *code, json_t **row);
/* A rule row's bounds. */
carbon_sharing_bounds carbon_sharing_bounds_of(json_t *rule_row);

/* Every project, the default first, each with its rule (name, legal
 * reference, parties) and its shares as basis points and percentages. */
carbon_db_status carbon_projects_list(apr_pool_t *p, carbon_db *db, json_t **rows);
/* One project by id (decimal text), or *row = NULL. */
carbon_db_status carbon_project_get(apr_pool_t *p, carbon_db *db, const char *id, json_t **row);

/* Creates (id NULL) or updates a project from input: name_th,
 * registrant_name, tver_registrant_no, sharing_rule_code, lao_share_bp,
 * developer_share_bp, state_share_bp, is_default. On update, absent fields
 * keep their values (the shares too, unless the rule or a share changes). Absent
 * shares take the rule's defaults; the state agency's share defaults to
 * the rest. Shares must add up to 10000 and fit the rule. Setting
 * is_default unsets the previous default in the same transaction; the
 * default cannot be unset. Audited. Returns OK with *saved (the project
 * as carbon_project_get gives it), HTTP_UNPROCESSABLE_ENTITY with Thai
 * messages in errors, HTTP_NOT_FOUND, or another HTTP status. */
int carbon_project_save(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **saved);

/* Adds lao_share_pct, developer_share_pct, state_share_pct (and the rule's
 * lao_min_pct, lao_max_pct, state_min_pct) as text next to the *_bp
 * integers of a row, for people. */
void carbon_sharing_add_percents(apr_pool_t *p, json_t *row);

#endif
