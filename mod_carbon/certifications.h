/*
 * certifications.h: reading certified credits (ข้อมูลการรับรองปริมาณ
 * คาร์บอนเครดิต) with their split and documents, and the LAO facts the
 * pages around them need. Every read is scoped (scope.h): outside the
 * user's scope a record is simply not found. Recording a certification
 * credits the LAO's share to its ledger for the project (ledger.h).
 */
#ifndef CARBON_CERTIFICATIONS_H
#define CARBON_CERTIFICATIONS_H

#include "carbon.h"
#include "db.h"

/* Search filters; NULL means any. Dates are ISO. */
typedef struct {
    const char *province_code;
    const char *lao_code;
    const char *project_id;      /* decimal text */
    const char *certified_from;  /* certified_on >= */
    const char *certified_to;    /* certified_on <= */
    long long page;              /* 1-based */
    long long per_page;
} carbon_certification_filter;

/* One page of certifications, newest first, each with its split (tCO2eq
 * and basis points), rule, LAO, province and document_count; *summary gets
 * {total (rows), total_tco2e, lao_share_tco2e, developer_share_tco2e,
 * state_share_tco2e} over every matching row. */
carbon_db_status carbon_certifications_search(carbon_req *cr, carbon_db *db,
                                              const carbon_certification_filter *f,
                                              json_t **items, json_t **summary);

/* One certification (id as decimal text) with its documents, or *row = NULL
 * (absent or out of scope). */
carbon_db_status carbon_certification_get(carbon_req *cr, carbon_db *db, const char *id, json_t **row);

/* Every certification of an LAO in scope, newest first, each with its
 * documents. */
carbon_db_status carbon_certifications_of_lao(carbon_req *cr, carbon_db *db, const char *lao_code,
                                              json_t **rows);

/* LAOs in scope, of one province (or every province when NULL), sorted by
 * district then name: {lao_code, name_th, province_code, lao_type_name,
 * district_name}. */
carbon_db_status carbon_lao_options(carbon_req *cr, carbon_db *db, const char *province_code,
                                    json_t **rows);

/* The LAO a page is about (the self-sale and spending pages): an LAO user's
 * own (ctx gets "can_add"), or for a provincial office or DLA the LAO of
 * the query's lao_code (7 digits), chosen with pickers (ctx gets
 * "chooses_lao", "laos": carbon_lao_options of the query's province_code,
 * the LAO marked selected, and for DLA "provinces", its province following
 * the chosen LAO; no "laos" until a province is chosen). ctx gets
 * "province_code". Returns OK with *lao (carbon_lao_profile's row,
 * pool-owned) or *lao = NULL when none is chosen, HTTP_NOT_FOUND when the
 * LAO is absent or out of scope, or the database's HTTP status. */
int carbon_lao_of_page(carbon_req *cr, carbon_db *db, apr_table_t *query, json_t *ctx, json_t **lao);

/* An LAO in scope with its type, area and credit balance, or *row = NULL. */
carbon_db_status carbon_lao_profile(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **row);

/* Every province {province_code, name_th}, by name. */
carbon_db_status carbon_provinces_list(carbon_db *db, json_t **rows);

/* The years (CE, "YYYY", newest first) in which certifications were made. */
carbon_db_status carbon_certification_years(carbon_db *db, json_t **rows);

/* The certifications of an LAO in scope for the API (GET
 * api/v1/laos/{code}/certifications): flat rows, newest first, [] when
 * none. *rows pool-owned. */
carbon_db_status carbon_certifications_api_of_lao(carbon_req *cr, carbon_db *db, const char *lao_code,
                                                  json_t **rows);

/* Records a certification of a project's credits for an LAO: validates
 * input (project_id, lao_code, period_from, period_to, certified_on,
 * tgo_ref, total_tco2e; a TGO reference once per project and LAO), splits
 * the total by the project's sharing rule (sharing.h: whole credits, the
 * remainder to the state agency), stores the split, credits the LAO's
 * share to its ledger for that project (ledger.h), stores the documents
 * (checked carbon_upload_file items, may be NULL) owned by the LAO and
 * linked as the certification's "document"s, and writes the audit trail,
 * all in one transaction. errors may already hold problems found by the
 * caller (e.g. in the documents): nothing is written then. Returns OK with
 * *created (carbon_certification_get's view: the split, the rule, the
 * documents), HTTP_UNPROCESSABLE_ENTITY with Thai messages in errors, or
 * another HTTP status. */
int carbon_certification_create(carbon_req *cr, json_t *input, const apr_array_header_t *documents,
                                json_t *errors, json_t **created);

#endif
