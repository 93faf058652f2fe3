/*
 * http.c: writing answers and reading request bodies. See http.h.
 */
#include "http.h"
#include "menu.h"
#include "session.h"
#include "json_util.h"
#include "http_protocol.h"
#include "http_request.h"
#include "http_core.h"
#include "util_script.h"
#include "apr_strings.h"
#include "apr_lib.h"

APLOG_USE_MODULE(carbon);

#define CARBON_FORM_LIMIT   (64 * 1024)
#define CARBON_JSON_LIMIT   (256 * 1024)

static void no_store(request_rec *r)
{
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
}

int carbon_send_json(carbon_req *cr, int status, json_t *body)
{
    request_rec *r = cr->r;
    char *text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(body);
    if (!text)
        return HTTP_INTERNAL_SERVER_ERROR;
    r->status = status;
    no_store(r);
    ap_set_content_type(r, "application/json; charset=utf-8");
    ap_rputs(text, r);
    free(text);
    return OK;
}

int carbon_send_errors(carbon_req *cr, json_t *errors)
{
    return carbon_send_json(cr, HTTP_UNPROCESSABLE_ENTITY, json_pack("{s:o}", "errors", errors));
}

int carbon_send_error(carbon_req *cr, int status, const char *message_th)
{
    json_t *ctx;
    int rv;
    if (status == HTTP_SERVICE_UNAVAILABLE)
        apr_table_setn(cr->r->err_headers_out, "Retry-After", "2");
    if (cr->is_api)
        return carbon_send_json(cr, status, json_pack("{s:s}", "error", message_th));
    ctx = json_pack("{s:s,s:i}", "message", message_th, "status", status);
    rv = carbon_send_page(cr, status, "error", "เกิดข้อผิดพลาด", ctx);
    json_decref(ctx);
    return rv;
}

static int write_to_request(void *baton, const char *buf, size_t len)
{
    return ap_rwrite(buf, (int)len, (request_rec *)baton) < 0 ? -1 : 0;
}

static json_t *user_json(carbon_user *u)
{
    if (!u)
        return json_null();
    return json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s?}",
                     "user", u->subject, "display_name", u->display_name,
                     "role", carbon_role_name(u->role),
                     "lao_code", u->lao_code, "lao_name", u->lao_name,
                     "province_code", u->province_code, "province_name", u->province_name);
}

int carbon_send_page(carbon_req *cr, int status, const char *name, const char *title_th, json_t *ctx)
{
    request_rec *r = cr->r;
    const carbon_tpl *page = carbon_tpl_get(cr->srv->templates, name);
    const carbon_tpl *layout = carbon_tpl_get(cr->srv->templates, "layout");
    json_t *lctx;
    char *body;
    if (!page || !layout) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, CARBONLOGNO(20) "template %s missing", name);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    json_object_set_new(ctx, "base", json_string(cr->base));
    json_object_set_new(ctx, "me", user_json(cr->user));
    if (cr->csrf_token)
        json_object_set_new(ctx, "csrf_token", json_string(cr->csrf_token));
    body = carbon_tpl_render_to_string(r->pool, page, ctx);
    if (!body)
        return HTTP_INTERNAL_SERVER_ERROR;
    lctx = carbon_json_pool(r->pool, json_object());
    json_object_set_new(lctx, "title", json_string(title_th));
    json_object_set_new(lctx, "base", json_string(cr->base));
    json_object_set_new(lctx, "me", user_json(cr->user));
    json_object_set_new(lctx, "menu", carbon_menu_for(cr));
    json_object_set_new(lctx, "content", json_string(body));
    if (cr->csrf_token)
        json_object_set_new(lctx, "csrf_token", json_string(cr->csrf_token));
    r->status = status;
    no_store(r);
    apr_table_setn(r->headers_out, "Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                   "script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    apr_table_setn(r->headers_out, "X-Frame-Options", "DENY");
    apr_table_setn(r->headers_out, "Referrer-Policy", "same-origin");
    ap_set_content_type(r, "text/html; charset=utf-8");
    if (carbon_tpl_render(layout, lctx, write_to_request, r) != APR_SUCCESS)
        return HTTP_INTERNAL_SERVER_ERROR;
    return OK;
}

/* CarbonPublicURL, else the scheme, the configured ServerName and the
 * port (ServerName's, else the one the connection came in on): never the
 * request's Host header, which the client chooses. */
const char *carbon_public_origin(carbon_req *cr)
{
    request_rec *r = cr->r;
    const char *scheme = ap_http_scheme(r);
    apr_port_t port = r->server->port ? r->server->port : r->connection->local_addr->port;
    if (cr->srv->public_url)
        return cr->srv->public_url;
    if (port == ap_default_port(r))
        return apr_pstrcat(r->pool, scheme, "://", r->server->server_hostname, NULL);
    return apr_psprintf(r->pool, "%s://%s:%u", scheme, r->server->server_hostname, (unsigned)port);
}

const char *carbon_url(carbon_req *cr, const char *path)
{
    return apr_pstrcat(cr->r->pool, carbon_public_origin(cr), cr->base, path, NULL);
}

int carbon_redirect_local(carbon_req *cr, const char *path)
{
    apr_table_setn(cr->r->headers_out, "Location", carbon_url(cr, path));
    return HTTP_SEE_OTHER;
}

int carbon_read_body(carbon_req *cr, apr_size_t limit, const char **body, apr_size_t *len)
{
    request_rec *r = cr->r;
    apr_size_t cap = 8192, used = 0;
    char *buf;
    int rv = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK);
    if (rv != OK)
        return rv;
    buf = apr_palloc(r->pool, cap + 1);
    if (ap_should_client_block(r)) {
        long n;
        char chunk[8192];
        while ((n = ap_get_client_block(r, chunk, sizeof(chunk))) > 0) {
            if (used + (apr_size_t)n > limit)
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            if (used + (apr_size_t)n > cap) {
                char *bigger;
                while (used + (apr_size_t)n > cap)
                    cap *= 2;
                bigger = apr_palloc(r->pool, cap + 1);
                memcpy(bigger, buf, used);
                buf = bigger;
            }
            memcpy(buf + used, chunk, (apr_size_t)n);
            used += (apr_size_t)n;
        }
        if (n < 0)
            return HTTP_BAD_REQUEST;
    }
    buf[used] = '\0';
    *body = buf;
    *len = used;
    return OK;
}

static void add_urlencoded(apr_pool_t *p, apr_table_t *t, char *text)
{
    char *pair, *last = NULL;
    for (pair = apr_strtok(text, "&", &last); pair; pair = apr_strtok(NULL, "&", &last)) {
        char *eq = strchr(pair, '=');
        char *key = pair, *val = (char *)"";
        if (eq) {
            *eq = '\0';
            val = eq + 1;
        }
        for (char *c = key; *c; c++) if (*c == '+') *c = ' ';
        for (char *c = val; *c; c++) if (*c == '+') *c = ' ';
        if (ap_unescape_urlencoded(key) != OK || ap_unescape_urlencoded(val) != OK)
            continue;
        apr_table_add(t, key, val);
    }
}

int carbon_read_form(carbon_req *cr, apr_table_t **form)
{
    const char *ct = apr_table_get(cr->r->headers_in, "Content-Type");
    const char *body;
    apr_size_t len;
    int rv;
    *form = apr_table_make(cr->r->pool, 16);
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33))
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    rv = carbon_read_body(cr, CARBON_FORM_LIMIT, &body, &len);
    if (rv != OK)
        return rv;
    if (memchr(body, '\0', len))
        return HTTP_BAD_REQUEST;
    add_urlencoded(cr->r->pool, *form, apr_pstrmemdup(cr->r->pool, body, len));
    if (cr->csrf_pending) {
        if (!carbon_csrf_valid(cr, apr_table_get(*form, "csrf_token")))
            return HTTP_FORBIDDEN;
        cr->csrf_pending = 0;
    }
    return OK;
}

int carbon_read_json(carbon_req *cr, json_t **obj)
{
    const char *ct = apr_table_get(cr->r->headers_in, "Content-Type");
    const char *body;
    apr_size_t len;
    json_error_t jerr;
    int rv;
    *obj = NULL;
    if (!ct || strncasecmp(ct, "application/json", 16))
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    rv = carbon_read_body(cr, CARBON_JSON_LIMIT, &body, &len);
    if (rv != OK)
        return rv;
    *obj = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*obj || !json_is_object(*obj)) {
        json_decref(*obj);
        *obj = NULL;
        return HTTP_BAD_REQUEST;
    }
    carbon_json_pool(cr->r->pool, *obj);
    return OK;
}

/* RFC 5987 attr-char: everything else is percent-encoded (a space is %20,
 * never '+', which would stay a literal plus). */
static const char *rfc5987_encode(apr_pool_t *p, const char *s)
{
    static const char hexdigits[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || strchr("!#$&+-.^_`|~", c)) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hexdigits[c >> 4];
            *o++ = hexdigits[c & 15];
        }
    }
    *o = '\0';
    return out;
}

void carbon_set_attachment(carbon_req *cr, const char *ascii_name, const char *utf8_name)
{
    apr_table_setn(cr->r->headers_out, "Content-Disposition",
                   apr_psprintf(cr->r->pool, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii_name,
                                rfc5987_encode(cr->r->pool, utf8_name ? utf8_name : ascii_name)));
}

int carbon_query_well_formed(carbon_req *cr)
{
    char *pair, *last = NULL, *text;
    if (!cr->r->args)
        return 1;
    text = apr_pstrdup(cr->r->pool, cr->r->args);
    for (pair = apr_strtok(text, "&", &last); pair; pair = apr_strtok(NULL, "&", &last))
        if (strstr(pair, "%00") || ap_unescape_urlencoded(pair) != OK)
            return 0;
    return 1;
}

apr_table_t *carbon_query_args(carbon_req *cr)
{
    apr_table_t *t = apr_table_make(cr->r->pool, 8);
    if (cr->r->args)
        add_urlencoded(cr->r->pool, t, apr_pstrdup(cr->r->pool, cr->r->args));
    return t;
}

int carbon_send_body_error(carbon_req *cr, int status)
{
    switch (status) {
    case HTTP_FORBIDDEN:
        return carbon_send_error(cr, status, "คำขอไม่มีรหัสยืนยันความปลอดภัย (CSRF) ที่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง");
    case HTTP_REQUEST_ENTITY_TOO_LARGE:
        return carbon_send_error(cr, status, "ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด");
    case HTTP_UNSUPPORTED_MEDIA_TYPE:
        return carbon_send_error(cr, status, "รูปแบบข้อมูลที่ส่งมาไม่ถูกต้อง");
    case HTTP_SERVICE_UNAVAILABLE:
        return carbon_send_error(cr, status, "ระบบฐานข้อมูลไม่ว่างชั่วคราว กรุณาลองใหม่อีกครั้ง");
    case HTTP_CONFLICT:
        return carbon_send_error(cr, status, "ข้อมูลขัดแย้งกับข้อมูลที่มีอยู่ในระบบ");
    case HTTP_INTERNAL_SERVER_ERROR:
        return carbon_send_error(cr, status, "ระบบขัดข้อง ไม่สามารถดำเนินการได้ในขณะนี้ กรุณาลองใหม่อีกครั้งหรือติดต่อผู้ดูแลระบบ");
    default:
        return carbon_send_error(cr, HTTP_BAD_REQUEST, "ข้อมูลที่ส่งมาไม่ถูกต้อง");
    }
}
