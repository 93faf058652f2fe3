/* session.c: see session.h. */
#include "session.h"
#include "db.h"
#include "statements.h"
#include "json_util.h"
#include "config.h"
#include "digest.h"
#include "apr_strings.h"
#include "util_cookies.h"
#include <openssl/crypto.h>
#include <openssl/rand.h>

APLOG_USE_MODULE(carbon);

#define TOKEN_BYTES 32
#define TOUCH_EVERY 60        /* seconds between two writes of last_seen_at */

const carbon_statement carbon_session_statements[] = {
    { "session_insert",
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)"
      " VALUES (%s, %lld, %s, %s, %s, %s)" },
    { "session_user",
      "SELECT u.id, u.subject, u.display_name, u.role, u.lao_code, u.disabled,"
      "       l.name_th AS lao_name, COALESCE(u.province_code, l.province_code) AS province_code,"
      "       p.name_th AS province_name, s.csrf_token, s.last_seen_at"
      "  FROM sessions s JOIN users u ON u.id = s.user_id"
      "  LEFT JOIN laos l ON l.code = u.lao_code"
      "  LEFT JOIN provinces p ON p.code = COALESCE(u.province_code, l.province_code)"
      " WHERE s.token_hash = %s AND s.expires_at > %s AND s.last_seen_at > %s" },
    /* At most once a minute per session (the WHERE), so most requests write nothing. */
    { "session_touch",
      "UPDATE sessions SET last_seen_at = %s WHERE token_hash = %s AND last_seen_at < %s" },
    { "session_delete", "DELETE FROM sessions WHERE token_hash = %s" },
    { "session_purge_expired", "DELETE FROM sessions WHERE expires_at <= %s OR last_seen_at <= %s" },
    { NULL, NULL }
};

const char *carbon_now_iso(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t tm;
    apr_time_exp_gmt(&tm, t);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

const char *carbon_random_hex(apr_pool_t *p)
{
    unsigned char buf[TOKEN_BYTES];
    if (RAND_bytes(buf, sizeof(buf)) != 1)
        return NULL;
    return carbon_hex(p, buf, sizeof(buf));
}

static const char *token_hash(apr_pool_t *p, const char *token)
{
    return carbon_sha256_hex(p, token, strlen(token));
}

carbon_user *carbon_user_from_row(apr_pool_t *p, json_t *row)
{
    carbon_user *u = apr_pcalloc(p, sizeof(*u));
    const char *s;
    u->id = carbon_row_int(row, "id");
    u->subject = apr_pstrdup(p, carbon_row_str(row, "subject"));
    u->display_name = apr_pstrdup(p, carbon_row_str(row, "display_name"));
    u->role = carbon_role_parse(carbon_row_str(row, "role"));
    if ((s = carbon_row_str(row, "lao_code")))
        u->lao_code = apr_pstrdup(p, s);
    if ((s = carbon_row_str(row, "lao_name")))
        u->lao_name = apr_pstrdup(p, s);
    if ((s = carbon_row_str(row, "province_code")))
        u->province_code = apr_pstrdup(p, s);
    if ((s = carbon_row_str(row, "province_name")))
        u->province_name = apr_pstrdup(p, s);
    return u;
}

static const char *cookie_attrs(carbon_req *cr, int max_age)
{
    return apr_psprintf(cr->r->pool, "Path=%s/;HttpOnly;SameSite=Lax;Max-Age=%d%s", cr->base,
                        max_age, carbon_cfg_cookie_secure(cr->srv) ? ";Secure" : "");
}

/* Sessions whose latest request is older than this have ended (idle). */
static const char *idle_limit(carbon_req *cr, apr_time_t now)
{
    return carbon_now_iso(cr->r->pool, now - apr_time_from_sec(cr->srv->session_idle));
}

int carbon_session_load(carbon_req *cr)
{
    request_rec *r = cr->r;
    apr_time_t now = apr_time_now();
    const char *token = NULL;
    carbon_db *db;
    json_t *row;
    carbon_db_status st;
    ap_cookie_read(r, CARBON_SESSION_COOKIE, &token, 0);
    if (!token || strlen(token) != TOKEN_BYTES * 2)
        return APR_NOTFOUND;
    if (!(db = carbon_db_get(r)))
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, "session_user", &row,
                              CARBON_ARGS(token_hash(r->pool, token), carbon_now_iso(r->pool, now),
                                          idle_limit(cr, now)));
    if (st)
        return carbon_db_http_status(st);
    if (!row)
        return APR_NOTFOUND;
    carbon_json_pool(r->pool, row);
    if (json_is_true(json_object_get(row, "disabled")))
        return APR_NOTFOUND;
    /* The idle clock restarts with this request; a failure to write it only
     * shortens the session, so it is logged, not answered. */
    st = carbon_db_exec(db, "session_touch", NULL,
                        CARBON_ARGS(carbon_now_iso(r->pool, now), token_hash(r->pool, token),
                                    carbon_now_iso(r->pool, now - apr_time_from_sec(TOUCH_EVERY))));
    if (st)
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, CARBONLOGNO(18)
                      "session: the time of its latest request was not recorded");
    cr->user = carbon_user_from_row(r->pool, row);
    cr->csrf_token = apr_pstrdup(r->pool, carbon_row_str(row, "csrf_token"));
    cr->session_token = token;
    return APR_SUCCESS;
}

int carbon_session_start(carbon_req *cr, json_t *user_row)
{
    request_rec *r = cr->r;
    apr_time_t now = apr_time_now();
    const char *token = carbon_random_hex(r->pool), *csrf = carbon_random_hex(r->pool);
    carbon_db *db = carbon_db_get(r);
    carbon_db_status st;
    if (!token || !csrf)
        return HTTP_INTERNAL_SERVER_ERROR;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (cr->session_token)
        carbon_session_end(cr);
    /* Housekeeping rides on sign-in: expired rows go before a new one comes. */
    carbon_db_exec(db, "session_purge_expired", NULL,
                   CARBON_ARGS(carbon_now_iso(r->pool, now), idle_limit(cr, now)));
    st = carbon_db_exec(db, "session_insert", NULL,
                        CARBON_ARGS(token_hash(r->pool, token),
                                    apr_psprintf(r->pool, "%" APR_INT64_T_FMT, (apr_int64_t)carbon_row_int(user_row, "id")),
                                    csrf, carbon_now_iso(r->pool, now),
                                    carbon_now_iso(r->pool, now + apr_time_from_sec(cr->srv->session_ttl)),
                                    carbon_now_iso(r->pool, now)));
    if (st)
        return carbon_db_http_status(st);
    ap_cookie_write(r, CARBON_SESSION_COOKIE, token, cookie_attrs(cr, cr->srv->session_ttl), 0,
                    r->err_headers_out, NULL);
    cr->user = carbon_user_from_row(r->pool, user_row);
    cr->csrf_token = csrf;
    cr->session_token = token;
    return OK;
}

int carbon_session_end(carbon_req *cr)
{
    request_rec *r = cr->r;
    carbon_db *db;
    if (cr->session_token && (db = carbon_db_get(r))) {
        carbon_db_status st = carbon_db_exec(db, "session_delete", NULL,
                                             CARBON_ARGS(token_hash(r->pool, cr->session_token)));
        if (st)
            return carbon_db_http_status(st);
    }
    ap_cookie_write(r, CARBON_SESSION_COOKIE, "", cookie_attrs(cr, 0), 0, r->err_headers_out, NULL);
    cr->user = NULL;
    cr->csrf_token = NULL;
    cr->session_token = NULL;
    return OK;
}

int carbon_csrf_valid(carbon_req *cr, const char *presented)
{
    size_t n;
    if (!cr->csrf_token || !presented)
        return 0;
    n = strlen(cr->csrf_token);
    return strlen(presented) == n && CRYPTO_memcmp(presented, cr->csrf_token, n) == 0;
}
