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

/* Each handlers/ file owns its routes: a static table ended by a NULL
 * pattern, registered from the file itself with CARBON_ROUTES(table) at
 * file scope. The core knows no handler.
 *
 * Which route answers does not depend on the order of tables or of their
 * entries: of the routes whose pattern matches the path, the one with a
 * literal segment where the others have a {param} wins, compared segment
 * by segment from the left ("/registry/buyers/print" beats
 * "/registry/buyers/{id}", "/a/{x}/b" beats "/a/{x}/{y}"). Two routes of
 * one method with the same shape of segments would be ambiguous:
 * carbon_routes_check names them (tests/integration/test_routes.py checks
 * the sources the same way). */
typedef struct carbon_route_set {
    const carbon_route *table;
    struct carbon_route_set *next;   /* the router's list; set by registration */
} carbon_route_set;

/* Adds a table (once: registering the same table again does nothing).
 * Called by CARBON_ROUTES when the module is loaded, before any request. */
void carbon_route_set_register(carbon_route_set *set);

#define CARBON_ROUTES(table) \
    static carbon_route_set carbon_route_set_##table = { table, NULL }; \
    __attribute__((constructor)) static void carbon_route_set_add_##table(void) \
    { carbon_route_set_register(&carbon_route_set_##table); }

/* NULL when every registered route is well-formed and no two of one
 * method have the same shape (literal text and {param} positions);
 * otherwise a message naming the routes, for the start-up log. */
const char *carbon_routes_check(apr_pool_t *p);

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
