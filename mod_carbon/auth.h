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

/* The sign-in LSSO hands back is bound to the browser that began it: the
 * return URL carries state=<random>, and the same value goes into a
 * short-lived cookie (CARBON_LSSO_STATE_TTL seconds, path <base>/lsso/)
 * that the callback compares. */
#define CARBON_LSSO_STATE_COOKIE "carbon_lsso_state"
#define CARBON_LSSO_STATE_TTL    600

/* CarbonLssoLoginURL with service=<audience> and return=<our callback>,
 * which brings the browser back to next (a local path) signed in. Sets
 * the state cookie; NULL when no random state could be made. The return
 * URL is built on carbon_public_origin (http.h), never the Host header. */
const char *carbon_lsso_login_url(carbon_req *cr, const char *next);
/* Whether presented is the state of this browser's sign-in (its cookie);
 * the cookie is cleared either way. */
int carbon_lsso_state_valid(carbon_req *cr, const char *presented);

/* Fills cr->user from the session (and, with CarbonTrustRemoteUser, from
 * r->user); safe to call more than once. */
int carbon_identify(carbon_req *cr);

#endif
