/* auth.c: see auth.h. */
#include "auth.h"
#include "session.h"
#include "http.h"
#include "router.h"
#include "config.h"
#include "db.h"
#include "statements.h"
#include "digest.h"
#include "json_util.h"
#include "mod_auth.h"
#include "http_request.h"
#include "http_protocol.h"
#include "http_core.h"
#include "apr_strings.h"
#include "util_cookies.h"
#include <openssl/crypto.h>

APLOG_USE_MODULE(carbon);

const carbon_statement carbon_auth_statements[] = {
    { "user_by_subject",
      "SELECT u.id, u.subject, u.display_name, u.role, u.lao_code, u.disabled,"
      "       l.name_th AS lao_name, COALESCE(u.province_code, l.province_code) AS province_code,"
      "       p.name_th AS province_name"
      "  FROM users u LEFT JOIN laos l ON l.code = u.lao_code"
      "  LEFT JOIN provinces p ON p.code = COALESCE(u.province_code, l.province_code)"
      " WHERE u.subject = %s" },
    { "lsso_token_purge", "DELETE FROM lsso_used_tokens WHERE expires_at <= %s" },
    { "lsso_token_use",
      "INSERT INTO lsso_used_tokens (token_hash, expires_at) VALUES (%s, %s)"
      " ON CONFLICT (token_hash) DO NOTHING" },
    { "dev_users",
      "SELECT u.subject AS user, u.display_name, u.role, u.lao_code, l.name_th AS lao_name,"
      "       COALESCE(u.province_code, l.province_code) AS province_code"
      "  FROM users u LEFT JOIN laos l ON l.code = u.lao_code"
      " WHERE u.disabled = 0"
      " ORDER BY CASE u.role WHEN 'lao' THEN 1 WHEN 'province' THEN 2 ELSE 3 END, u.subject" },
    { NULL, NULL }
};

json_t *carbon_user_row_by_subject(carbon_req *cr, const char *subject, int *status)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row;
    carbon_db_status st;
    *status = OK;
    if (!db) {
        *status = HTTP_SERVICE_UNAVAILABLE;
        return NULL;
    }
    st = carbon_db_select_one(db, "user_by_subject", &row, CARBON_ARGS(subject));
    if (st) {
        *status = carbon_db_http_status(st);
        return NULL;
    }
    if (!row)
        return NULL;
    carbon_json_pool(cr->r->pool, row);
    return json_is_true(json_object_get(row, "disabled")) ? NULL : row;
}

int carbon_dev_users(carbon_req *cr, json_t **users)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *users = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, "dev_users", users, CARBON_NOARGS);
    carbon_json_pool(cr->r->pool, *users);
    return carbon_db_http_status(st);
}

int carbon_lsso_token_first_use(carbon_req *cr, const char *token, long exp, int *first)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const char *now = carbon_now_iso(p, apr_time_now());
    const char *until = carbon_now_iso(p, apr_time_from_sec(exp + cr->srv->lsso_clock_skew));
    int inserted = 0;
    carbon_db_status st;
    *first = 0;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = carbon_db_exec(db, "lsso_token_purge", NULL, CARBON_ARGS(now)))
        || (st = carbon_db_exec(db, "lsso_token_use", &inserted,
                                CARBON_ARGS(carbon_sha256_hex(p, token, strlen(token)), until))))
        return carbon_db_http_status(st);
    *first = inserted == 1;
    return OK;
}

/* The session cookie (read once per request), then, if trusted, r->user
 * as another authn module set it (possibly after our first look). */
int carbon_identify(carbon_req *cr)
{
    request_rec *r = cr->r;
    int rv;
    if (!apr_table_get(r->notes, "carbon-session-read")) {
        apr_table_setn(r->notes, "carbon-session-read", "1");
        rv = carbon_session_load(cr);
        if (rv != APR_SUCCESS && rv != APR_NOTFOUND)
            return rv;
    }
    if (carbon_cfg_trust_remote_user(cr->srv) && r->user
        && (!cr->user || strcmp(cr->user->subject, r->user))) {
        int status;
        json_t *row = carbon_user_row_by_subject(cr, r->user, &status);
        if (status != OK)
            return status;
        if (row)
            return carbon_session_start(cr, row);   /* gives the user a CSRF token */
        cr->user = NULL;
    }
    /* Apache's own record of who asks (%u in the access log): Require
     * carbon-role grants from the session without running authn, which is
     * where r->user would otherwise be set. */
    if (cr->user && !r->user) {
        r->user = apr_pstrdup(r->pool, cr->user->subject);
        r->ap_auth_type = "LSSO";
    }
    return OK;
}

static int is_html_navigation(carbon_req *cr)
{
    return !cr->is_api && (!strcmp(cr->r->method, "GET") || !strcmp(cr->r->method, "HEAD"));
}

/* The state cookie: short-lived, sent back only to the callback's path. It
 * is SameSite=Lax, so LSSO's top-level redirect back brings it and a
 * cross-site POST does not; a Secure deployment gets SameSite=None so an
 * LSSO that posts the token back (form_post) still can. */
static const char *state_cookie_attrs(carbon_req *cr, int max_age)
{
    int secure = carbon_cfg_cookie_secure(cr->srv);
    return apr_psprintf(cr->r->pool, "Path=%s/lsso/;HttpOnly;SameSite=%s;Max-Age=%d%s", cr->base,
                        secure ? "None" : "Lax", max_age, secure ? ";Secure" : "");
}

const char *carbon_lsso_login_url(carbon_req *cr, const char *next)
{
    request_rec *r = cr->r;
    const char *state = carbon_random_hex(r->pool), *callback;
    if (!state)
        return NULL;
    ap_cookie_write(r, CARBON_LSSO_STATE_COOKIE, state, state_cookie_attrs(cr, CARBON_LSSO_STATE_TTL), 0,
                    r->err_headers_out, NULL);
    callback = apr_pstrcat(r->pool, carbon_url(cr, "/lsso/callback"), "?next=",
                           ap_escape_urlencoded(r->pool, next), "&state=", state, NULL);
    return apr_pstrcat(r->pool, cr->srv->lsso_login_url,
                       strchr(cr->srv->lsso_login_url, '?') ? "&" : "?",
                       "service=", ap_escape_urlencoded(r->pool, cr->srv->lsso_audience),
                       "&return=", ap_escape_urlencoded(r->pool, callback), NULL);
}

int carbon_lsso_state_valid(carbon_req *cr, const char *presented)
{
    const char *expected = NULL;
    size_t n;
    ap_cookie_read(cr->r, CARBON_LSSO_STATE_COOKIE, &expected, 0);
    /* one sign-in, one state: the cookie goes whatever the outcome */
    ap_cookie_write(cr->r, CARBON_LSSO_STATE_COOKIE, "", state_cookie_attrs(cr, 0), 0,
                    cr->r->err_headers_out, NULL);
    if (!expected || !presented || strlen(expected) != 64)
        return 0;
    n = strlen(expected);
    return strlen(presented) == n && CRYPTO_memcmp(presented, expected, n) == 0;
}

/* Where a signed-out browser is sent: LSSO when configured, else the dev
 * sign-in page. The callback takes it back to the page it asked for. */
static const char *sign_in_url(carbon_req *cr)
{
    request_rec *r = cr->r;
    const char *next = apr_pstrcat(r->pool, cr->path, r->args ? "?" : "", r->args ? r->args : "", NULL);
    if (cr->srv->lsso_login_url)
        return carbon_lsso_login_url(cr, next);   /* NULL only when the RNG fails */
    return carbon_url(cr, apr_pstrcat(r->pool, "/login?next=", ap_escape_urlencoded(r->pool, next), NULL));
}

static int carbon_check_authn(request_rec *r)
{
    const char *type = ap_auth_type(r);
    carbon_req *cr;
    int rv;
    if (!type || strcasecmp(type, "LSSO"))
        return DECLINED;
    cr = carbon_req_get(r);
    rv = carbon_identify(cr);
    if (rv != OK)
        return rv;
    if (cr->user) {
        r->user = apr_pstrdup(r->pool, cr->user->subject);
        r->ap_auth_type = "LSSO";
        return OK;
    }
    if (is_html_navigation(cr)) {
        const char *to = sign_in_url(cr);
        if (!to)
            return HTTP_INTERNAL_SERVER_ERROR;
        apr_table_setn(r->err_headers_out, "Location", to);
        return HTTP_MOVED_TEMPORARILY;
    }
    apr_table_setn(r->err_headers_out, "WWW-Authenticate",
                   apr_psprintf(r->pool, "LSSO realm=\"%s\"", cr->srv->lsso_audience));
    if (cr->is_api) {
        /* API clients get the 401 as JSON, written here (as mod_auth_openidc
         * answers from its hooks); DONE ends the request with it. */
        carbon_send_error(cr, HTTP_UNAUTHORIZED, "กรุณาเข้าสู่ระบบ");
        return DONE;
    }
    return HTTP_UNAUTHORIZED;
}

/* "Require carbon-role lao province dla": the roles are checked when the
 * configuration is read. */
static const char *carbon_role_parse_require(cmd_parms *cmd, const char *require_line,
                                             const void **parsed)
{
    const char *args = require_line, *word;
    int mask = 0;
    while (*(word = ap_getword_conf(cmd->pool, &args))) {
        carbon_role role = carbon_role_parse(word);
        if (role == CARBON_ROLE_NONE)
            return apr_psprintf(cmd->pool, "Require carbon-role: unknown role '%s' "
                                "(use lao, province, dla)", word);
        mask |= 1 << role;
    }
    if (!mask)
        return "Require carbon-role: name at least one role (lao, province, dla)";
    *parsed = apr_pmemdup(cmd->pool, &mask, sizeof(mask));
    return NULL;
}

static authz_status carbon_role_check(request_rec *r, const char *require_args, const void *parsed)
{
    carbon_req *cr = carbon_req_get(r);
    int path_known;
    const carbon_route *rt = carbon_route_match(cr, r->method, &path_known);
    int mask = *(const int *)parsed;
    if (rt && (rt->flags & CARBON_ROUTE_PUBLIC))
        return AUTHZ_GRANTED;
    if (carbon_identify(cr) != OK)
        return AUTHZ_GENERAL_ERROR;
    if (!cr->user)
        return AUTHZ_DENIED_NO_USER;
    if (mask & (1 << cr->user->role))
        return AUTHZ_GRANTED;
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, CARBONLOGNO(30)
                  "user %s (role %s) is not allowed here by Require carbon-role",
                  cr->user->subject, carbon_role_name(cr->user->role));
    return AUTHZ_DENIED;
}

static const authz_provider carbon_role_provider = {
    &carbon_role_check,
    &carbon_role_parse_require,
};

void carbon_auth_register_hooks(apr_pool_t *p)
{
    ap_hook_check_authn(carbon_check_authn, NULL, NULL, APR_HOOK_MIDDLE, AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "carbon-role", AUTHZ_PROVIDER_VERSION,
                              &carbon_role_provider, AP_AUTH_INTERNAL_PER_CONF);
}
