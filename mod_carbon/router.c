/*
 * router.c: matching a path to the routes the handler files register, and
 * dispatch. Sign-in itself is Apache's job
 * (auth.c, through AuthType LSSO and Require carbon-role); this file adds
 * the per-route rules: which roles, and the CSRF token on every write.
 */
#include "router.h"
#include "session.h"
#include "http.h"
#include "config.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

/* ---- the registered tables ----------------------------------------------- */

static carbon_route_set *route_sets;   /* in registration order */

void carbon_route_set_register(carbon_route_set *set)
{
    carbon_route_set **at;
    for (at = &route_sets; *at; at = &(*at)->next)
        if (*at == set || (*at)->table == set->table)
            return;
    set->next = NULL;
    *at = set;
}

#define MAX_PARAMS 4
#define MAX_SEGMENTS 31

typedef struct {
    const char *start[MAX_PARAMS];
    apr_size_t len[MAX_PARAMS];
    int n;
} param_spans;

/* Matches one pattern segment by segment; {name} takes one non-empty
 * segment (the whole segment). No allocation: the spans point into path. */
static int pattern_matches(const char *pattern, const char *path, param_spans *ps)
{
    ps->n = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *pend = strchr(pattern, '}');
            const char *seg_end = strchr(path, '/');
            apr_size_t n = seg_end ? (apr_size_t)(seg_end - path) : strlen(path);
            if (!pend || n == 0 || ps->n == MAX_PARAMS)
                return 0;
            ps->start[ps->n] = path;
            ps->len[ps->n++] = n;
            pattern = pend + 1;
            path += n;
        } else if (*pattern++ != *path++) {
            return 0;
        }
    }
    return !*pattern && !*path;
}

/* A bit per segment, the leftmost highest, set where the segment is
 * literal: of two patterns matching one path, the greater is the more
 * specific (a literal segment where the other has {param}). */
static unsigned literal_key(const char *pattern)
{
    unsigned key = 0;
    int seg = -1;
    for (; *pattern; pattern++)
        if (*pattern == '/') {
            seg++;
            if (seg < MAX_SEGMENTS && pattern[1] != '{')
                key |= 1u << (MAX_SEGMENTS - seg);
        }
    return key;
}

static int method_serves(const carbon_route *rt, const char *method)
{
    return !strcmp(rt->method, method) || (!strcmp(method, "HEAD") && !strcmp(rt->method, "GET"));
}

const carbon_route *carbon_route_match(carbon_req *cr, const char *method, int *path_known)
{
    const carbon_route_set *set;
    const carbon_route *rt, *best = NULL;
    param_spans ps, best_ps;
    unsigned key, best_key = 0;
    const char **params;
    int i;
    *path_known = 0;
    for (set = route_sets; set; set = set->next) {
        for (rt = set->table; rt->pattern; rt++) {
            if (!pattern_matches(rt->pattern, cr->path, &ps))
                continue;
            if (!method_serves(rt, method)) {
                *path_known = 1;
                continue;
            }
            key = literal_key(rt->pattern);
            if (!best || key > best_key) {
                best = rt;
                best_key = key;
                best_ps = ps;
            }
        }
    }
    if (!best)
        return NULL;
    params = apr_pcalloc(cr->r->pool, sizeof(char *) * MAX_PARAMS);
    for (i = 0; i < best_ps.n; i++)
        params[i] = apr_pstrmemdup(cr->r->pool, best_ps.start[i], best_ps.len[i]);
    cr->route_params = params;
    cr->route_param_count = best_ps.n;
    return best;
}

/* The pattern with every {name} as {}: two routes of one method with the
 * same shape would match the same paths with the same specificity. */
static const char *shape_of(apr_pool_t *p, const char *pattern)
{
    char *out = apr_palloc(p, strlen(pattern) + 1), *o = out;
    while (*pattern) {
        if (*pattern == '{') {
            const char *pend = strchr(pattern, '}');
            if (!pend)
                return NULL;
            *o++ = '{';
            *o++ = '}';
            pattern = pend + 1;
        } else {
            *o++ = *pattern++;
        }
    }
    *o = '\0';
    return out;
}

/* A pattern starts with '/', and each {param} is a whole segment. */
static int pattern_well_formed(const char *pattern)
{
    const char *s;
    int params = 0, segments = 0;
    if (pattern[0] != '/')
        return 0;
    for (s = pattern; *s; s++) {
        if (*s == '/')
            segments++;
        if (*s == '{') {
            const char *pend = strchr(s, '}');
            if (s[-1] != '/' || !pend || (pend[1] && pend[1] != '/') || ++params > MAX_PARAMS)
                return 0;
            s = pend;
        }
    }
    return segments <= MAX_SEGMENTS;
}

const char *carbon_routes_check(apr_pool_t *p)
{
    const carbon_route_set *a, *b;
    const carbon_route *x, *y;
    for (a = route_sets; a; a = a->next)
        for (x = a->table; x->pattern; x++) {
            const char *shape = pattern_well_formed(x->pattern) ? shape_of(p, x->pattern) : NULL;
            if (!shape)
                return apr_psprintf(p, "route %s %s: malformed pattern", x->method, x->pattern);
            for (b = a; b; b = b->next)
                for (y = (b == a ? x + 1 : b->table); y->pattern; y++)
                    if (!strcmp(x->method, y->method) && shape_of(p, y->pattern)
                        && !strcmp(shape, shape_of(p, y->pattern)))
                        return apr_psprintf(p, "routes %s %s and %s %s match the same paths",
                                            x->method, x->pattern, y->method, y->pattern);
        }
    return NULL;
}

const char *carbon_route_param(carbon_req *cr, int i)
{
    return i < cr->route_param_count ? cr->route_params[i] : NULL;
}

int carbon_route_role_allowed(const carbon_route *route, carbon_role role)
{
    int mask = route->flags & (CARBON_ROUTE_LAO | CARBON_ROUTE_PROVINCE | CARBON_ROUTE_DLA);
    if (!mask)
        return 1;
    switch (role) {
    case CARBON_ROLE_LAO: return (mask & CARBON_ROUTE_LAO) != 0;
    case CARBON_ROLE_PROVINCE: return (mask & CARBON_ROUTE_PROVINCE) != 0;
    case CARBON_ROLE_DLA: return (mask & CARBON_ROUTE_DLA) != 0;
    default: return 0;
    }
}

carbon_req *carbon_req_get(request_rec *r)
{
    carbon_req *cr = ap_get_module_config(r->request_config, &carbon_module);
    carbon_dir_cfg *d;
    const char *uri = r->uri;
    apr_size_t blen;
    if (cr)
        return cr;
    cr = apr_pcalloc(r->pool, sizeof(*cr));
    d = ap_get_module_config(r->per_dir_config, &carbon_module);
    cr->r = r;
    cr->srv = ap_get_module_config(r->server->module_config, &carbon_module);
    cr->base = (d && d->base) ? d->base : "/carbon";
    blen = strlen(cr->base);
    if (!strcmp(cr->base, "/"))
        cr->base = "", blen = 0;
    cr->path = (!strncmp(uri, cr->base, blen) && (uri[blen] == '/' || !uri[blen]))
               ? (uri[blen] ? uri + blen : "/") : uri;
    cr->is_api = !strncmp(cr->path, "/api/", 5);
    ap_set_module_config(r->request_config, &carbon_module, cr);
    return cr;
}

static int is_write(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

/* The token in the X-CSRF-Token header. A form that cannot set a header
 * sends csrf_token as a field; its handler checks it (http.c, upload.c). */
static int csrf_header_ok(carbon_req *cr)
{
    return carbon_csrf_valid(cr, apr_table_get(cr->r->headers_in, "X-CSRF-Token"));
}

int carbon_dispatch(carbon_req *cr)
{
    request_rec *r = cr->r;
    int path_known;
    const carbon_route *rt = carbon_route_match(cr, r->method, &path_known);
    if (!carbon_query_well_formed(cr))
        return carbon_send_error(cr, HTTP_BAD_REQUEST,
                                 "พารามิเตอร์ของคำขอมีอักขระที่ไม่ถูกต้อง (เช่น อักขระว่าง %00) กรุณาตรวจสอบลิงก์แล้วลองอีกครั้ง");
    if (!rt) {
        if (path_known) {
            apr_table_setn(r->headers_out, "Allow", "GET, POST");
            return carbon_send_error(cr, HTTP_METHOD_NOT_ALLOWED, "ไม่รองรับวิธีการเรียกนี้");
        }
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบหน้าที่ต้องการ");
    }
    if (!(rt->flags & CARBON_ROUTE_PUBLIC)) {
        if (!cr->user) {
            /* Signed in by the module in front (CarbonTrustRemoteUser, e.g.
             * ThaID through mod_auth_openidc) but not a user of this system:
             * signing in again would not help, so 403, not 401. */
            if (r->user && carbon_cfg_trust_remote_user(cr->srv))
                return carbon_send_error(cr, HTTP_FORBIDDEN,
                                         "ท่านยืนยันตัวตนแล้ว แต่ยังไม่มีสิทธิ์ใช้งานระบบนี้ "
                                         "กรุณาติดต่อผู้ดูแลระบบเพื่อลงทะเบียนผู้ใช้");
            return carbon_send_error(cr, HTTP_UNAUTHORIZED, "กรุณาเข้าสู่ระบบ");
        }
        if (!carbon_route_role_allowed(rt, cr->user->role))
            return carbon_send_error(cr, HTTP_FORBIDDEN, "ท่านไม่มีสิทธิ์ใช้งานส่วนนี้");
    }
    if (is_write(r->method) && !(rt->flags & CARBON_ROUTE_NO_CSRF)) {
        const char *ct = apr_table_get(r->headers_in, "Content-Type");
        int form_post = (rt->flags & CARBON_ROUTE_FORM) && ct
                        && (!strncasecmp(ct, "application/x-www-form-urlencoded", 33)
                            || !strncasecmp(ct, "multipart/form-data", 19));
        if (!csrf_header_ok(cr)) {
            if (!form_post)
                return carbon_send_error(cr, HTTP_FORBIDDEN,
                                         "คำขอไม่มีรหัสยืนยันความปลอดภัย (CSRF) ที่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง");
            cr->csrf_pending = 1;   /* the form's csrf_token field: checked as the body is read */
        }
    }
    return rt->handler(cr);
}
