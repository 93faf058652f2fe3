/*
 * http.h: answering requests. Pages render a template into the layout
 * (menu of the user's role, user id, sign-out); API calls answer JSON.
 * Errors a user can cause carry Thai messages either way.
 */
#ifndef CARBON_HTTP_H
#define CARBON_HTTP_H

#include "carbon.h"

/* Sends body (a reference is taken over) with the status. */
int carbon_send_json(carbon_req *cr, int status, json_t *body);
/* {"errors": {field: message}} with 422, or the form page again is up to
 * the handler; this is the API form. */
int carbon_send_errors(carbon_req *cr, json_t *errors);
/* An error with a Thai message: JSON {"error": ...} under /api, else a page. */
int carbon_send_error(carbon_req *cr, int status, const char *message_th);
/* Renders templates/<name>.html with ctx (borrowed) inside the layout. */
int carbon_send_page(carbon_req *cr, int status, const char *name, const char *title_th, json_t *ctx);
/* 303 See Other to a path under the mount point (path starts with "/"). */
int carbon_redirect_local(carbon_req *cr, const char *path);
/* Absolute URL of a path under the mount point, for redirects elsewhere;
 * built on carbon_public_origin, never on the Host header. */
const char *carbon_url(carbon_req *cr, const char *path);
/* "scheme://host[:port]" of the system: CarbonPublicURL, else the scheme,
 * ServerName and port of the server's configuration. */
const char *carbon_public_origin(carbon_req *cr);

/* Request bodies. Each refuses more than limit bytes (413). */
int carbon_read_body(carbon_req *cr, apr_size_t limit, const char **body, apr_size_t *len);
/* application/x-www-form-urlencoded into a table (values unescaped). */
int carbon_read_form(carbon_req *cr, apr_table_t **form);
/* application/json object; *obj is pool-owned. */
int carbon_read_json(carbon_req *cr, json_t **obj);

/* Answers a failed body read / database call (a status from the calls
 * above or carbon_db_http_status) with the matching Thai message. */
int carbon_send_body_error(carbon_req *cr, int status);

/* Sets Content-Disposition: attachment with an ASCII fallback name and the
 * real (UTF-8, e.g. Thai) name as RFC 5987 filename*. */
void carbon_set_attachment(carbon_req *cr, const char *ascii_name, const char *utf8_name);

/* Whether every query parameter unescapes cleanly: no %00 (NUL), no broken
 * %-escape. The router answers 400 otherwise, so a filter is never skipped. */
int carbon_query_well_formed(carbon_req *cr);
/* Query-string parameters (unescaped). */
apr_table_t *carbon_query_args(carbon_req *cr);

#endif
