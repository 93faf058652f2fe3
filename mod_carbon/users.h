/*
 * users.h: who may sign in (DLA keeps the list): an LSSO subject mapped to
 * a role and an organisation — an LAO for role lao, a province for role
 * province, none for dla — and whether the account is disabled. A
 * disabled user's sessions end at once.
 *
 * A provincial office user may also be made responsible for other whole
 * provinces or single LAOs (user_responsibilities, the manual's "add
 * responsible province / LAO"); every scoped statement reads them
 * (scope.h), so they widen that user's scope everywhere.
 */
#ifndef CARBON_USERS_H
#define CARBON_USERS_H

#include "carbon.h"
#include "db.h"

/* Users matching the query (q: subject, name or LAO contains; role;
 * province_code; status: active | disabled; page, per_page):
 * *result = {items, total, paging}. OK or an HTTP status. */
int carbon_users_search(carbon_req *cr, apr_table_t *query, json_t **result);

/* One user by id (decimal text); *user NULL when there is none. */
int carbon_user_find(carbon_req *cr, const char *id, json_t **user);

/* Creates (id NULL) or changes a user. Input: subject, display_name,
 * role (lao | province | dla), lao_code (role lao), province_code (role
 * province; for lao it may be given but must be the LAO's). OK with *saved
 * (the user as carbon_user_find gives it); HTTP_NOT_FOUND;
 * HTTP_UNPROCESSABLE_ENTITY with Thai messages per field in errors; or
 * another HTTP status. Audited. */
int carbon_user_save(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **saved);

/* Disables (disabled 1, and the user's sessions are deleted) or enables a
 * user. A DLA user cannot disable themself (422, errors.disabled).
 * OK with *saved, HTTP_NOT_FOUND, HTTP_UNPROCESSABLE_ENTITY or another
 * HTTP status. Audited. */
int carbon_user_set_disabled(carbon_req *cr, const char *id, int disabled, json_t *errors, json_t **saved);

/* The provinces and LAOs a province user is responsible for, beyond its
 * own province: [{id, province_code, province_name, lao_code, lao_name,
 * created_at}], whole provinces first. */
int carbon_responsibilities_of(carbon_req *cr, apr_int64_t user_id, json_t **rows);

/* Adds a whole province (input province_code) or one LAO (input lao_code)
 * to a province user's responsibilities; a whole province replaces the
 * single LAOs of it. OK with *created; HTTP_NOT_FOUND (no such user);
 * HTTP_UNPROCESSABLE_ENTITY with Thai messages; or another status. */
int carbon_responsibility_add(carbon_req *cr, const char *user_id, json_t *input, json_t *errors,
                              json_t **created);

/* Removes one responsibility of a user; OK, HTTP_NOT_FOUND or a status. */
int carbon_responsibility_remove(carbon_req *cr, const char *user_id, const char *responsibility_id);

#endif
