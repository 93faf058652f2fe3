/*
 * codes.h: the code lists DLA keeps (รหัสข้อมูลพื้นฐาน): buyer types
 * (the API fixes their four codes: names and order change, nothing is
 * added or switched off), business types and spending project types
 * (added, renamed, reordered, switched off). A code switched off stays
 * valid on the records that carry it but is not offered for new ones.
 */
#ifndef CARBON_CODES_H
#define CARBON_CODES_H

#include "carbon.h"
#include "db.h"

/* The lists DLA edits: [{list, name_th, fixed}], in menu order. */
json_t *carbon_code_lists(void);
/* 1 when list names one of them. */
int carbon_code_list_known(const char *list);

/* The codes of a list, by sort then code: [{code, name_th, sort, active}];
 * the active ones only unless with_inactive. *rows NULL for an unknown
 * list. OK or an HTTP status. */
int carbon_codes_of(carbon_req *cr, const char *list, int with_inactive, json_t **rows);

/* One code of a list, active or not ({code, name_th, sort, active}), or
 * NULL: what a form checks a submitted code against (a new record needs
 * an active one; an old record may keep an inactive one it has). */
carbon_db_status carbon_code_lookup(carbon_db *db, const char *list, const char *code, json_t **row);

/* Adds a code (input code, name_th, sort optional: after the last).
 * OK with *saved; HTTP_NOT_FOUND (unknown list); HTTP_UNPROCESSABLE_ENTITY
 * with Thai messages; or another status. Audited. */
int carbon_code_add(carbon_req *cr, const char *list, json_t *input, json_t *errors, json_t **saved);

/* Changes a code: name_th, sort and active, each optional (kept when
 * absent). OK with *saved, HTTP_NOT_FOUND, HTTP_UNPROCESSABLE_ENTITY or
 * another status. Audited. */
int carbon_code_update(carbon_req *cr, const char *list, const char *code, json_t *input, json_t *errors,
                       json_t **saved);

/* Moves a code one place up (-1) or down (+1) in its list, numbering the
 * list's sort 10, 20, 30, ... OK, HTTP_NOT_FOUND or another status. */
int carbon_code_move(carbon_req *cr, const char *list, const char *code, int direction);

#endif
