/*
 * router.h: sub-paths of the mount point to handlers. A route says who may
 * call it: the public, anyone signed in, or some roles; whether a write
 * needs the CSRF token (all do, except signing in).
 */
#ifndef CARBON_ROUTER_H
#define CARBON_ROUTER_H

#include "carbon.h"

typedef int (*carbon_handler_fn)(carbon_req *cr);

enum {
    CARBON_ROUTE_PUBLIC  = 1 << 0,   /* no sign-in needed */
    CARBON_ROUTE_NO_CSRF = 1 << 1,   /* a sign-in step: no session yet */
    CARBON_ROUTE_LAO      = 1 << 2,  /* roles allowed (none set = every role) */
    CARBON_ROUTE_PROVINCE = 1 << 3,
    CARBON_ROUTE_DLA      = 1 << 4,
    CARBON_ROUTE_FORM     = 1 << 5   /* an HTML form may post it: the token may come as a
                                        csrf_token field, which the handler must check */
};

typedef struct {
    const char *method;        /* "GET", "POST", ... */
    const char *pattern;       /* "/api/v1/laos/{code}/balance" */
    carbon_handler_fn handler;
    int flags;
} carbon_route;

/* Each handlers/ file exports its routes in a table ended by a NULL
 * pattern, listed once in router.c. */
extern const carbon_route carbon_core_routes[];
extern const carbon_route carbon_registry_routes[];     /* handlers/registry.c */
extern const carbon_route carbon_geo_routes[];          /* handlers/geo.c */
extern const carbon_route carbon_admin_laos_routes[];   /* handlers/admin_laos.c */
extern const carbon_route carbon_admin_users_routes[];  /* handlers/admin_users.c */
extern const carbon_route carbon_province_routes[];     /* handlers/province.c */
extern const carbon_route carbon_admin_news_routes[];   /* handlers/admin_news.c */
extern const carbon_route carbon_admin_codes_routes[];  /* handlers/admin_codes.c */
extern const carbon_route carbon_admin_projects_routes[];        /* handlers/admin_projects.c */
extern const carbon_route carbon_admin_certifications_routes[];  /* handlers/admin_certifications.c */
extern const carbon_route carbon_sale_self_routes[];             /* handlers/sale_self.c */
extern const carbon_route carbon_registry_export_routes[];      /* handlers/registry_export.c */
extern const carbon_route carbon_admin_confirm_routes[];         /* handlers/admin_confirm.c */
extern const carbon_route carbon_province_sales_routes[];        /* handlers/province_sales.c */

/* The route for method and path, filling cr->route_params; NULL when none.
 * *path_known tells whether the path exists for another method (405). */
const carbon_route *carbon_route_match(carbon_req *cr, const char *method, int *path_known);
/* A route parameter by position. */
const char *carbon_route_param(carbon_req *cr, int i);

/* The request context, made once per request. */
carbon_req *carbon_req_get(request_rec *r);
/* Runs the matched route: role check, CSRF check, the handler. */
int carbon_dispatch(carbon_req *cr);

int carbon_route_role_allowed(const carbon_route *route, carbon_role role);

#endif
