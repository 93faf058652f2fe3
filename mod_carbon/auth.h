/*
 * auth.h: Apache's side of identity. AuthType LSSO (check_authn hook)
 * signs people in from the session cookie; "Require carbon-role lao
 * province dla" is an authz provider; CarbonTrustRemoteUser maps a user
 * another authn module set.
 */
#ifndef CARBON_AUTH_H
#define CARBON_AUTH_H

#include "carbon.h"

void carbon_auth_register_hooks(apr_pool_t *p);

/* Looks up a user row by LSSO subject; NULL when unknown or disabled. The
 * row is pool-owned. *status is set to an HTTP status on database trouble. */
json_t *carbon_user_row_by_subject(carbon_req *cr, const char *subject, int *status);

/* The enabled users for the dev sign-in's list (user, display_name, role,
 * lao_code, lao_name, province_code; LAOs first); pool-owned. Returns an
 * HTTP status. */
int carbon_dev_users(carbon_req *cr, json_t **users);

/* An LSSO token may sign in once: records it (its SHA-256, kept until exp
 * plus the clock skew; expired records are dropped) and sets *first to 1,
 * or to 0 when it was recorded before (a replay). Returns an HTTP status
 * (OK, or 503 / 500 on database trouble). */
int carbon_lsso_token_first_use(carbon_req *cr, const char *token, long exp, int *first);

/* CarbonLssoLoginURL with service=<audience> and return=<our callback>,
 * which brings the browser back to next (a local path) signed in. */
const char *carbon_lsso_login_url(carbon_req *cr, const char *next);

/* Fills cr->user from the session (and, with CarbonTrustRemoteUser, from
 * r->user); safe to call more than once. */
int carbon_identify(carbon_req *cr);

#endif
