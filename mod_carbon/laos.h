/*
 * laos.h: the LAOs (องค์กรปกครองส่วนท้องถิ่น) as DLA keeps them: search,
 * one LAO, an edit, and the import of DLA's whole list from a CSV file.
 * An LAO's province, district and subdistrict must belong together; the
 * same rules check an edit and every row of an import.
 *
 * Import file: UTF-8 text (a byte-order mark is allowed), comma-separated,
 * header row code,name_th,lao_type,province_code,district_code,
 * subdistrict_code (any order), at most CARBON_LAO_IMPORT_MAX_ROWS rows
 * after the header and CARBON_LAO_IMPORT_MAX_BYTES bytes. It is not a
 * "document" (filetype.c): its name must end in .csv or .txt and libmagic
 * must call its content text. Every row is checked; if any is wrong,
 * nothing is imported. Codes already known are updated, new ones inserted,
 * all in one transaction with one audit row for the import.
 */
#ifndef CARBON_LAOS_H
#define CARBON_LAOS_H

#include "carbon.h"
#include "db.h"

#define CARBON_LAO_IMPORT_MAX_ROWS 20000
#define CARBON_LAO_IMPORT_MAX_BYTES (4 * 1024 * 1024)
/* Line messages an import failure lists at most (the count is always told). */
#define CARBON_LAO_IMPORT_MAX_LINE_ERRORS 1000

/* LAOs in the user's scope matching the query's filters (q: code or name
 * contains; lao_type, province_code, district_code; page, per_page):
 * *result = {items: [...] (with their credit balances), total, paging,
 * totals: {lao_count, certified_tco2e, awaiting_tco2e, sold_tco2e,
 * remaining_tco2e} over every match}. OK or an HTTP status. */
int carbon_laos_search(carbon_req *cr, apr_table_t *query, json_t **result);

/* One LAO in the user's scope, with its type, province, district and
 * subdistrict names; *lao NULL when there is none the user may see. */
int carbon_lao_find(carbon_req *cr, const char *code, json_t **lao);

/* Changes an LAO's name, type, province, district and subdistrict (input:
 * name_th, lao_type, province_code, district_code, subdistrict_code).
 * OK with *saved set; HTTP_NOT_FOUND; HTTP_UNPROCESSABLE_ENTITY with Thai
 * messages per field in errors; or another HTTP status. Audited. */
int carbon_lao_update(carbon_req *cr, const char *code, json_t *input, json_t *errors, json_t **saved);

/* The lists an LAO form offers: {lao_types, provinces, districts (of
 * province_code), subdistricts (of district_code)}, each [{code, name_th,
 * selected}]. OK or an HTTP status. */
int carbon_lao_form_options(carbon_req *cr, const char *province_code, const char *district_code,
                            const char *subdistrict_code, const char *lao_type, json_t **options);

/* Imports the CSV file data[0..len) named file_name. OK with *result =
 * {inserted, updated, unchanged, inserted_codes, updated_codes}; else
 * HTTP_UNPROCESSABLE_ENTITY with errors = {file: message, lines: [{line,
 * message}]} (lines only for row errors; header = line 1), or another
 * HTTP status. */
int carbon_lao_import(carbon_req *cr, const char *file_name, const char *data, apr_size_t len,
                      json_t *errors, json_t **result);

/* Every LAO in the import's columns, ordered by code, for the export. */
int carbon_laos_all(carbon_req *cr, json_t **rows);

#endif
