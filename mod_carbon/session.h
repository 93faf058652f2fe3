/*
 * session.h: server-side sessions in the database. The cookie holds a
 * random token; the sessions table holds its SHA-256, the user and the
 * CSRF token. Sessions survive an Apache restart and are shared by every
 * server on the same database; signing out deletes the row.
 */
#ifndef CARBON_SESSION_H
#define CARBON_SESSION_H

#include "carbon.h"

#define CARBON_SESSION_COOKIE "carbon_session"

/* Fills cr->user, cr->csrf_token from the cookie; APR_SUCCESS or
 * APR_NOTFOUND (no valid session), or an HTTP status on database trouble. */
int carbon_session_load(carbon_req *cr);
/* Starts a session for the user row (a new token), sets the cookie. */
int carbon_session_start(carbon_req *cr, json_t *user_row);
/* Deletes the session row and expires the cookie. */
int carbon_session_end(carbon_req *cr);
/* Constant-time check of a presented CSRF token against the session's. */
int carbon_csrf_valid(carbon_req *cr, const char *presented);

/* A user row (user_by_subject / session_user columns) as a carbon_user. */
carbon_user *carbon_user_from_row(apr_pool_t *p, json_t *row);
/* 32 random bytes as 64 hex digits (NULL if the RNG fails). */
const char *carbon_random_hex(apr_pool_t *p);
/* Current time as ISO-8601 UTC text, the form stored in the database. */
const char *carbon_now_iso(apr_pool_t *p, apr_time_t t);

#endif
