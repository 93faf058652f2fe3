/*
 * router.c: the route table and dispatch. Sign-in itself is Apache's job
 * (auth.c, through AuthType LSSO and Require carbon-role); this file adds
 * the per-route rules: which roles, and the CSRF token on every write.
 */
#include "router.h"
#include "session.h"
#include "http.h"
#include "config.h"
#include "../handlers/handlers.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define PUB CARBON_ROUTE_PUBLIC
#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

const carbon_route carbon_core_routes[] = {
    { "GET",  "/",                                  carbon_h_public_dashboard, PUB },
    { "GET",  "/provinces/{code}",                  carbon_h_public_province, PUB },
    { "GET",  "/laos/{code}",                       carbon_h_public_lao, PUB },
    { "GET",  "/login",                             carbon_h_login_page, PUB },
    { "POST", "/login/dev",                         carbon_h_login_dev, PUB | CARBON_ROUTE_NO_CSRF },
    { "GET",  "/lsso/callback",                     carbon_h_lsso_callback, PUB | CARBON_ROUTE_NO_CSRF },
    { "POST", "/lsso/callback",                     carbon_h_lsso_callback, PUB | CARBON_ROUTE_NO_CSRF },
    { "GET",  "/logout",                            carbon_h_logout_page, 0 },
    { "POST", "/logout",                            carbon_h_logout, FORM },
    { "GET",  "/files/{id}",                        carbon_h_file_download, 0 },

    { "GET",  "/api/v1/public/summary",             carbon_h_api_public_summary, PUB },
    { "GET",  "/api/v1/public/provinces",           carbon_h_api_public_provinces, PUB },
    { "GET",  "/api/v1/public/provinces/{code}/laos", carbon_h_api_public_province_laos, PUB },
    { "GET",  "/api/v1/public/laos/{code}",         carbon_h_api_public_lao, PUB },
    { "GET",  "/api/v1/public/news",                carbon_h_api_public_news, PUB },
    { "GET",  "/api/v1/dev/users",                  carbon_h_api_dev_users, PUB },
    { "GET",  "/api/v1/me",                         carbon_h_api_me, 0 },
    { "GET",  "/api/v1/laos/{code}/balance",        carbon_h_api_lao_balance, 0 },
    { "GET",  "/api/v1/laos/{code}/certifications", carbon_h_api_lao_certifications, 0 },
    { "POST", "/api/v1/certifications",             carbon_h_api_certification_create, DLA },
    { "POST", "/api/v1/files",                      carbon_h_api_file_upload, FORM },
    { "GET",  "/api/v1/files/{id}",                 carbon_h_api_file_meta, 0 },
    { NULL, NULL, NULL, 0 }
};

#undef PUB
#undef DLA
#undef FORM

/* Every table of routes, searched in order. */
static const carbon_route *const tables[] = {
    carbon_core_routes,
    carbon_registry_export_routes,  /* before registry: /registry/buyers/print vs /registry/buyers/{id} */
    carbon_registry_routes,
    carbon_geo_routes,
    carbon_admin_laos_routes,
    carbon_admin_users_routes,
    carbon_province_routes,
    carbon_admin_news_routes,
    carbon_admin_codes_routes,
    carbon_admin_projects_routes,
    carbon_admin_certifications_routes,
    carbon_sale_self_routes,
    carbon_admin_confirm_routes,
    carbon_province_sales_routes,
    NULL
};

#define MAX_PARAMS 4

/* Matches one pattern segment by segment; {name} takes one non-empty segment. */
static int pattern_matches(apr_pool_t *p, const char *pattern, const char *path,
                           const char **params, int *nparams)
{
    *nparams = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *pend = strchr(pattern, '}');
            const char *seg_end = strchr(path, '/');
            apr_size_t n = seg_end ? (apr_size_t)(seg_end - path) : strlen(path);
            if (!pend || n == 0 || *nparams == MAX_PARAMS)
                return 0;
            params[(*nparams)++] = apr_pstrmemdup(p, path, n);
            pattern = pend + 1;
            path += n;
        } else if (*pattern++ != *path++) {
            return 0;
        }
    }
    return !*pattern && !*path;
}

const carbon_route *carbon_route_match(carbon_req *cr, const char *method, int *path_known)
{
    const carbon_route *const *t;
    const carbon_route *rt;
    const char **params = apr_pcalloc(cr->r->pool, sizeof(char *) * MAX_PARAMS);
    int n;
    *path_known = 0;
    for (t = tables; *t; t++) {
        for (rt = *t; rt->pattern; rt++) {
            if (!pattern_matches(cr->r->pool, rt->pattern, cr->path, params, &n))
                continue;
            if (strcmp(rt->method, method) && !(!strcmp(method, "HEAD") && !strcmp(rt->method, "GET"))) {
                *path_known = 1;
                continue;
            }
            cr->route_params = params;
            cr->route_param_count = n;
            return rt;
        }
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
    if (!rt) {
        if (path_known) {
            apr_table_setn(r->headers_out, "Allow", "GET, POST");
            return carbon_send_error(cr, HTTP_METHOD_NOT_ALLOWED, "ไม่รองรับวิธีการเรียกนี้");
        }
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบหน้าที่ต้องการ");
    }
    if (!(rt->flags & CARBON_ROUTE_PUBLIC)) {
        if (!cr->user)
            return carbon_send_error(cr, HTTP_UNAUTHORIZED, "กรุณาเข้าสู่ระบบ");
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
