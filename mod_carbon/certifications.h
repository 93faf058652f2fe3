/*
 * certifications.h: reading certified credits (ข้อมูลการรับรองปริมาณ
 * คาร์บอนเครดิต) with their split and documents, and the LAO facts the
 * pages around them need. Every read is scoped (scope.h): outside the
 * user's scope a record is simply not found. Recording a certification is
 * the ledger's job (ledger.h).
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

/* An LAO in scope with its type, area and credit balance, or *row = NULL. */
carbon_db_status carbon_lao_profile(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **row);

/* Every province {province_code, name_th}, by name. */
carbon_db_status carbon_provinces_list(carbon_db *db, json_t **rows);

/* The years (CE, "YYYY", newest first) in which certifications were made. */
carbon_db_status carbon_certification_years(carbon_db *db, json_t **rows);

#endif
