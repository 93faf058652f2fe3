/*
 * province.c: the provincial office's own view of its area (จังหวัด /
 * อปท. ที่รับผิดชอบ): the provinces and LAOs DLA made it responsible for,
 * and every LAO in its scope with its credit balance. Read-only: DLA
 * assigns responsibilities on the user's page (admin_users.c).
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "laos.h"
#include "users.h"
#include "listing.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define PROVINCE CARBON_ROUTE_PROVINCE

static const char *const filter_keys[] = { "q", "province_code", NULL };
/* What pager links keep: the filters and the page size. */
static const char *const query_keys[] = { "q", "province_code", "per_page", NULL };

/* The provinces of the user's scope, for the filter: its own, then those
 * of its responsibilities, once each, marked at selected. */
static json_t *scope_provinces(carbon_req *cr, json_t *responsibilities, const char *selected)
{
    json_t *out = json_array(), *r;
    size_t i, j;
    json_array_append_new(out, json_pack("{s:s,s:s}", "code", cr->user->province_code,
                                         "name_th", cr->user->province_name ? cr->user->province_name : ""));
    json_array_foreach(responsibilities, i, r) {
        const char *code = carbon_json_str(r, "province_code");
        int known = 0;
        for (j = 0; j < json_array_size(out); j++)
            known |= !strcmp(carbon_json_str(json_array_get(out, j), "code"), code);
        if (!known)
            json_array_append_new(out, json_pack("{s:s,s:s}", "code", code,
                                                 "name_th", carbon_json_str(r, "province_name")));
    }
    carbon_mark_selected(out, "code", selected);
    return carbon_json_pool(cr->r->pool, out);
}

/* The page's data: {responsibilities, items, total, paging, totals}. */
static int province_laos(carbon_req *cr, apr_table_t *q, json_t **data)
{
    json_t *resp, *result;
    int rv = carbon_responsibilities_of(cr, cr->user->id, &resp);
    if (rv != OK || (rv = carbon_laos_search(cr, q, &result)) != OK)
        return rv;
    json_object_set(result, "responsibilities", resp);
    *data = result;
    return OK;
}

static int province_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    apr_table_t *q = carbon_query_args(cr);
    json_t *data, *filters = carbon_json_pool(p, json_object());
    int rv = province_laos(cr, q, &data);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    carbon_listing_filters_into(filters, p, q, filter_keys);
    json_object_set(data, "filters", filters);
    json_object_set(data, "provinces", scope_provinces(cr, json_object_get(data, "responsibilities"),
                                                       carbon_query_value(p, q, "province_code")));
    json_object_set_new(data, "query", json_string(carbon_listing_query(p, q, query_keys)));
    json_object_set_new(data, "list_path", json_string(apr_pstrcat(p, cr->base, "/province/laos", NULL)));
    return carbon_send_page(cr, HTTP_OK, "province_laos", "จังหวัด / อปท. ที่รับผิดชอบ", data);
}

static int api_province_laos(carbon_req *cr)
{
    json_t *data;
    int rv = province_laos(cr, carbon_query_args(cr), &data);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK,
                            json_pack("{s:O,s:O,s:O,s:O}", "responsibilities", json_object_get(data, "responsibilities"),
                                      "items", json_object_get(data, "items"), "total", json_object_get(data, "total"),
                                      "totals", json_object_get(data, "totals")));
}

static const carbon_route routes[] = {
    { "GET", "/province/laos",        province_page, PROVINCE },
    { "GET", "/api/v1/province/laos", api_province_laos, PROVINCE },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
