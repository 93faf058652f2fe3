/*
 * signin.c: signing in and out (MISSION.md, "Signing in and out"): the
 * LSSO hand-off, the dev sign-in of the embedded server, the sign-out
 * confirmation, and who the signed-in user is.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "session.h"
#include "auth.h"
#include "config.h"
#include "jwt.h"
#include "upload.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

/* A local path to go back to after sign-in; anything else becomes "/". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\\')
        || strpbrk(next, "\r\n") || !strncmp(next, "/login", 6) || !strncmp(next, "/lsso/", 6)
        || !strncmp(next, "/logout", 7))
        return "/";
    return next;
}

static int login_page(carbon_req *cr)
{
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(cr->r->pool, json_object());
    const char *next = safe_next(apr_table_get(q, "next"));
    if (cr->user)
        return carbon_redirect_local(cr, next);
    if (cr->r->user && carbon_cfg_trust_remote_user(cr->srv))
        /* signed in by the module in front (ThaID), unknown here */
        return carbon_send_error(cr, HTTP_FORBIDDEN, "ท่านยืนยันตัวตนแล้ว แต่ยังไม่มีสิทธิ์ใช้งานระบบนี้ "
                                                     "กรุณาติดต่อผู้ดูแลระบบเพื่อลงทะเบียนผู้ใช้");
    json_object_set_new(ctx, "next", json_string(next));
    json_object_set_new(ctx, "lsso", json_boolean(cr->srv->lsso_login_url != NULL));
    if (cr->srv->lsso_login_url) {
        const char *url = carbon_lsso_login_url(cr, next);
        if (!url)
            return carbon_send_body_error(cr, HTTP_INTERNAL_SERVER_ERROR);
        json_object_set_new(ctx, "lsso_url", json_string(url));
    }
    if (carbon_cfg_dev_login(cr->srv)) {
        json_t *users;
        int rv = carbon_dev_users(cr, &users);
        if (rv != OK)
            return carbon_send_body_error(cr, rv);
        json_object_set(ctx, "dev_users", users);
    }
    return carbon_send_page(cr, HTTP_OK, "login", "เข้าสู่ระบบ", ctx);
}

/* Starts the session of a known, enabled subject and goes to next. */
static int sign_in_subject(carbon_req *cr, const char *subject, const char *next)
{
    int status;
    json_t *row = carbon_user_row_by_subject(cr, subject, &status);
    if (status != OK)
        return carbon_send_body_error(cr, status);
    if (!row) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r, CARBONLOGNO(40)
                      "sign-in refused: subject is not a registered, enabled user");
        return carbon_send_error(cr, HTTP_FORBIDDEN,
                                 "บัญชีผู้ใช้นี้ยังไม่ได้รับสิทธิ์ใช้งานระบบ Carbon Credit กรุณาติดต่อผู้ดูแลระบบ");
    }
    status = carbon_session_start(cr, row);
    if (status != OK)
        return carbon_send_body_error(cr, status);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, cr->r, CARBONLOGNO(41) "signed in: %s", cr->user->subject);
    /* Housekeeping rides on sign-in, as the purge of expired sessions does:
     * old pending uploads go. A failure costs nothing but the delay. */
    if ((status = carbon_upload_sweep_pending(cr)) != OK)
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, cr->r, CARBONLOGNO(46)
                      "the sweep of pending uploads failed (HTTP %d); it runs again at the next sign-in",
                      status);
    return carbon_redirect_local(cr, safe_next(next));
}

/* A signed-out form has no session, so no CSRF token: the dev sign-in is
 * protected by its origin instead. Browsers send Origin with every POST
 * (Referer where an old one does not); either must be this system. */
static int same_origin_post(carbon_req *cr)
{
    const char *origin = apr_table_get(cr->r->headers_in, "Origin");
    const char *referer = apr_table_get(cr->r->headers_in, "Referer");
    const char *ours = carbon_public_origin(cr);
    apr_size_t n = strlen(ours);
    if (origin)
        return !strcmp(origin, ours);
    if (referer)
        return !strncmp(referer, ours, n) && (referer[n] == '/' || !referer[n]);
    return 1;   /* no browser: curl and the test suite */
}

static int login_dev(carbon_req *cr)
{
    apr_table_t *form;
    int rv;
    if (!carbon_cfg_dev_login(cr->srv))
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบหน้าที่ต้องการ");
    if (!same_origin_post(cr)) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r, CARBONLOGNO(44)
                      "dev sign-in refused: posted from another origin");
        return carbon_send_error(cr, HTTP_FORBIDDEN,
                                 "คำขอเข้าสู่ระบบนี้ไม่ได้ส่งมาจากหน้าของระบบ กรุณาเปิดหน้าเข้าสู่ระบบแล้วลองอีกครั้ง");
    }
    rv = carbon_read_form(cr, &form);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!apr_table_get(form, "user") || !*apr_table_get(form, "user"))
        return carbon_send_error(cr, HTTP_BAD_REQUEST, "กรุณาเลือกผู้ใช้งาน");
    return sign_in_subject(cr, apr_table_get(form, "user"), apr_table_get(form, "next"));
}

static int lsso_callback(carbon_req *cr)
{
    apr_table_t *q = carbon_query_args(cr), *form = NULL;
    const char *token = apr_table_get(q, "token");
    carbon_jwt_keys keys;
    carbon_jwt_claims claims;
    carbon_jwt_status js;
    const char *state = apr_table_get(q, "state");
    int status, first;
    if (!strcmp(cr->r->method, "POST")) {
        int rv = carbon_read_form(cr, &form);
        if (rv != OK)
            return carbon_send_body_error(cr, rv);
        token = apr_table_get(form, "token");
        if (apr_table_get(form, "state"))
            state = apr_table_get(form, "state");
    }
    if (!cr->srv->lsso_secret && !cr->srv->lsso_public_key)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่ได้เปิดใช้การเข้าสู่ระบบผ่าน LSSO");
    if (!token)
        return carbon_send_error(cr, HTTP_BAD_REQUEST, "ไม่พบข้อมูลการเข้าสู่ระบบจาก LSSO");
    /* Before the token is even read: a token begun in another browser (a
     * pasted link) must not switch this browser's session. */
    if (!carbon_lsso_state_valid(cr, state)) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r, CARBONLOGNO(45)
                      "LSSO callback refused: no sign-in of this browser matches its state");
        return carbon_send_error(cr, HTTP_UNAUTHORIZED,
                                 "การเข้าสู่ระบบนี้ไม่ได้เริ่มจากเบราว์เซอร์นี้หรือหมดเวลาแล้ว กรุณาเข้าสู่ระบบใหม่ผ่าน LSSO");
    }
    memset(&keys, 0, sizeof(keys));
    keys.hs256_secret = cr->srv->lsso_secret;
    keys.hs256_secret_len = cr->srv->lsso_secret_len;
    keys.rs256_key = cr->srv->lsso_public_key;
    keys.audience = cr->srv->lsso_audience;
    keys.skew_seconds = cr->srv->lsso_clock_skew;
    keys.issuer = cr->srv->lsso_issuer;
    js = carbon_jwt_verify(cr->r->pool, token, &keys, apr_time_now(), &claims);
    if (js != CARBON_JWT_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r, CARBONLOGNO(42)
                      "LSSO token refused: %s", carbon_jwt_status_text(js));
        return carbon_send_error(cr, HTTP_UNAUTHORIZED,
                                 "ไม่สามารถเข้าสู่ระบบได้ ข้อมูลยืนยันตัวตนจาก LSSO ไม่ถูกต้องหรือหมดอายุ กรุณาเข้าสู่ระบบใหม่");
    }
    if ((status = carbon_lsso_token_first_use(cr, token, claims.exp, &first)) != OK)
        return carbon_send_body_error(cr, status);
    if (!first) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r, CARBONLOGNO(43)
                      "LSSO token refused: already used");
        return carbon_send_error(cr, HTTP_UNAUTHORIZED,
                                 "ข้อมูลยืนยันตัวตนนี้ถูกใช้เข้าสู่ระบบไปแล้ว กรุณาเข้าสู่ระบบใหม่ผ่าน LSSO");
    }
    return sign_in_subject(cr, claims.sub, apr_table_get(form ? form : q, "next"));
}

static int logout_page(carbon_req *cr)
{
    return carbon_send_page(cr, HTTP_OK, "logout", "ออกจากระบบ",
                            carbon_json_pool(cr->r->pool, json_object()));
}

static int logout_form(carbon_req *cr)
{
    int rv;
    if (cr->csrf_pending) {
        /* no X-CSRF-Token header: the sign-out form's csrf_token field */
        apr_table_t *form;
        rv = carbon_read_form(cr, &form);
        if (rv != OK)
            return carbon_send_body_error(cr, rv);
    }
    rv = carbon_session_end(cr);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_redirect_local(cr, "/");
}

static int api_me(carbon_req *cr)
{
    carbon_user *u = cr->user;
    return carbon_send_json(cr, HTTP_OK,
        json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?}",
                  "user", u->subject, "display_name", u->display_name,
                  "role", carbon_role_name(u->role),
                  "province_code", u->province_code, "province_name", u->province_name,
                  "lao_code", u->lao_code, "lao_name", u->lao_name,
                  "csrf_token", cr->csrf_token));
}

static int api_dev_users(carbon_req *cr)
{
    json_t *users;
    int rv;
    if (!carbon_cfg_dev_login(cr->srv))
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบหน้าที่ต้องการ");
    if ((rv = carbon_dev_users(cr, &users)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(users));
}

#define PUB CARBON_ROUTE_PUBLIC
#define NO_CSRF CARBON_ROUTE_NO_CSRF
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/login",            login_page, PUB },
    { "POST", "/login/dev",        login_dev, PUB | NO_CSRF },
    { "GET",  "/lsso/callback",    lsso_callback, PUB | NO_CSRF },
    { "POST", "/lsso/callback",    lsso_callback, PUB | NO_CSRF },
    { "GET",  "/logout",           logout_page, 0 },
    { "POST", "/logout",           logout_form, FORM },
    { "GET",  "/api/v1/dev/users", api_dev_users, PUB },
    { "GET",  "/api/v1/me",        api_me, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef PUB
#undef NO_CSRF
#undef FORM
