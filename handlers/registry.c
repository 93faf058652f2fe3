/*
 * registry.c: the buyer registry menu (ข้อมูลพื้นฐาน > ทะเบียนผู้ซื้อคาร์บอนเครดิต):
 * the search page, the add / view / edit forms, and the same operations
 * as JSON under api/v1/buyers. Rules and SQL live in buyers.c; this file
 * turns requests into calls on it and renders the answers.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "buyers.h"
#include "pdpa.h"
#include "listing.h"
#include "geo.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define TITLE_SEARCH "ทะเบียนผู้ซื้อคาร์บอนเครดิต"
#define TITLE_NEW "เพิ่มข้อมูลผู้ซื้อคาร์บอนเครดิต"
#define TITLE_VIEW "ข้อมูลผู้ซื้อคาร์บอนเครดิต"
#define TITLE_EDIT "แก้ไขข้อมูลผู้ซื้อคาร์บอนเครดิต"

/* The first BE year offered in the year lists (T-VER's first years). */
#define FIRST_YEAR_BE 2556

/* The search filters, in the order links carry them. */
static const char *const filter_names[] = {
    "fiscal_year", "registered_year", "province_code", "district_code", "subdistrict_code",
    "buyer_type", "registered_from", "registered_to", "q", "per_page", NULL
};

/* Answers a status from the core that is not OK or 422. */
static int send_status(carbon_req *cr, int rv)
{
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, CARBON_BUYER_NOT_FOUND_TH);
    if (rv == HTTP_FORBIDDEN)
        return carbon_send_error(cr, HTTP_FORBIDDEN, CARBON_BUYER_FORBIDDEN_TH);
    return carbon_send_body_error(cr, rv);
}

/* Adds phone_display / office_phone_display to a record for people. */
static void add_display(apr_pool_t *p, json_t *rec)
{
    const char *phone = carbon_json_str(rec, "phone"), *office = carbon_json_str(rec, "office_phone");
    if (phone)
        json_object_set_new(rec, "phone_display", json_string(carbon_buyer_phone_display(p, phone)));
    if (office)
        json_object_set_new(rec, "office_phone_display", json_string(carbon_buyer_phone_display(p, office)));
}

/* Marks the row whose key equals value with flag = true. */
static void mark(json_t *rows, const char *key, const char *value, const char *flag)
{
    size_t i;
    json_t *row;
    if (!value)
        return;
    json_array_foreach(rows, i, row)
        if (carbon_json_str(row, key) && !strcmp(carbon_json_str(row, key), value))
            json_object_set_new(row, flag, json_true());
}

/* Province, district and subdistrict lists for pickers (districts of the
 * chosen province, subdistricts of the chosen district), with the chosen
 * entries marked selected; postcodes of the chosen subdistrict too when
 * with_postcodes. */
static carbon_db_status area_options(carbon_db *db, json_t *ctx, const char *province,
                                     const char *district, const char *subdistrict, int with_postcodes)
{
    json_t *rows = NULL;
    carbon_db_status st;
    if ((st = carbon_geo_provinces(db, &rows)))
        return st;
    mark(rows, "code", province, "selected");
    json_object_set_new(ctx, "provinces", rows);
    if ((st = carbon_geo_districts(db, province, &rows)))
        return st;
    if (rows) {
        mark(rows, "code", district, "selected");
        json_object_set_new(ctx, "districts", rows);
    }
    if ((st = carbon_geo_subdistricts(db, district, &rows)))
        return st;
    if (rows) {
        mark(rows, "code", subdistrict, "selected");
        json_object_set_new(ctx, "subdistricts", rows);
    }
    if (with_postcodes) {
        if ((st = carbon_geo_postcodes(db, subdistrict, &rows)))
            return st;
        if (rows)
            json_object_set_new(ctx, "postcodes", rows);
    }
    return CARBON_DB_OK;
}

/* A code list with the chosen entry marked (none when chosen is NULL). */
static carbon_db_status code_options(carbon_db *db, json_t *ctx, const char *list, const char *chosen,
                                     const char *flag, const char *name)
{
    json_t *rows = NULL;
    carbon_db_status st = carbon_buyer_code_list(db, list, &rows);
    if (st)
        return st;
    mark(rows, "code", chosen, flag);
    json_object_set_new(ctx, name, rows);
    return CARBON_DB_OK;
}

/* ---- JSON API ------------------------------------------------------------ */

/* {items, total, page, per_page} as docs/API.md fixes them, and beside
 * them total_more (true: more than CARBON_BUYERS_COUNT_CAP match, total
 * says the cap) and next_after (the keyset cursor of the next page for
 * after=, null on the last page). */
static json_t *search_json(carbon_req *cr, const carbon_buyer_filters *f, json_t *items, long long total)
{
    size_t n = json_array_size(items);
    int more = total > CARBON_BUYERS_COUNT_CAP;
    json_t *next = n && (long long)n == f->per_page
                   ? json_string(carbon_buyer_cursor(cr->r->pool, json_array_get(items, n - 1))) : json_null();
    return json_pack("{s:O,s:I,s:I,s:I,s:b,s:o}", "items", items,
                     "total", (json_int_t)(more ? CARBON_BUYERS_COUNT_CAP : total), "page", (json_int_t)f->page,
                     "per_page", (json_int_t)f->per_page, "total_more", more, "next_after", next);
}

static int h_api_search(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *errors = carbon_json_pool(p, json_object()), *items;
    carbon_buyer_filters f;
    long long total;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    rv = carbon_buyer_filters_read(cr, db, carbon_query_args(cr), &f, errors);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if ((rv = carbon_buyers_search(cr, db, &f, &items, &total)) != OK
        || (rv = carbon_pdpa_record_list(cr, db, "api_search", f.given, (long long)json_array_size(items))) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, search_json(cr, &f, items, total));
}

static int h_api_get(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *buyer;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_buyer_get(cr, db, carbon_route_param(cr, 0), &buyer)) != OK)
        return send_status(cr, rv);
    if ((rv = carbon_pdpa_record_buyer(cr, db, "api_read", carbon_route_param(cr, 0))) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(buyer));
}

static int h_api_create(carbon_req *cr)
{
    json_t *input, *errors, *created;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_buyer_create(cr, input, errors, &created);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return send_status(cr, rv);
    apr_table_setn(cr->r->headers_out, "Location",
                   carbon_url(cr, apr_pstrcat(cr->r->pool, "/api/v1/buyers/",
                                              carbon_i64(cr->r->pool, carbon_row_int(created, "id")), NULL)));
    return carbon_send_json(cr, HTTP_CREATED, json_incref(created));
}

static int h_api_update(carbon_req *cr)
{
    json_t *input, *errors, *updated;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_buyer_update(cr, carbon_route_param(cr, 0), input, errors, &updated);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return send_status(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(updated));
}

/* ---- the search page ----------------------------------------------------- */

/* Years from..to, newest first, the chosen one selected. */
static json_t *year_options(apr_pool_t *p, int newest, int oldest, const char *chosen)
{
    json_t *list = json_array();
    int y;
    for (y = newest; y >= oldest; y--) {
        const char *v = apr_itoa(p, y);
        json_array_append_new(list, json_pack("{s:s,s:b}", "value", v, "selected",
                                              chosen && !strcmp(chosen, v)));
    }
    return list;
}

/* The filters as a query string (without page), for pager links. */
static const char *filters_query(apr_pool_t *p, apr_table_t *args)
{
    const char *q = "";
    int i;
    for (i = 0; filter_names[i]; i++) {
        const char *v = apr_table_get(args, filter_names[i]);
        if (v && *v)
            q = apr_pstrcat(p, q, "&", filter_names[i], "=", ap_escape_urlencoded(p, v), NULL);
    }
    return *q ? q + 1 : "all=1";
}

/* Page links: first, last, the current one and two either side, gaps. */
static json_t *pager(carbon_req *cr, const char *query, long long page, long long pages)
{
    apr_pool_t *p = cr->r->pool;
    json_t *list = json_array();
    long long n, last_shown = 0;
    const char *href = apr_pstrcat(p, cr->base, "/registry/buyers?", query, "&page=", NULL);
    if (pages <= 1)
        return list;
    if (page > 1)
        json_array_append_new(list, json_pack("{s:s,s:s}", "label", "‹ ก่อนหน้า", "href",
                                              apr_pstrcat(p, href, carbon_i64(p, page - 1), NULL)));
    for (n = 1; n <= pages; n++) {
        if (n != 1 && n != pages && (n < page - 2 || n > page + 2))
            continue;
        if (last_shown && n > last_shown + 1)
            json_array_append_new(list, json_pack("{s:b}", "gap", 1));
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "label", carbon_i64(p, n), "href",
                                              apr_pstrcat(p, href, carbon_i64(p, n), NULL), "current", n == page));
        last_shown = n;
    }
    if (page < pages)
        json_array_append_new(list, json_pack("{s:s,s:s}", "label", "ถัดไป ›", "href",
                                              apr_pstrcat(p, href, carbon_i64(p, page + 1), NULL)));
    return list;
}

static int h_search_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *args = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object());
    json_t *errors = json_object(), *filters = json_object(), *items = NULL;
    const char *today = carbon_today_iso(p, apr_time_now());
    int this_year = carbon_be_year(atoi(today));
    int this_fy = carbon_current_fiscal_year_be(apr_time_now());
    carbon_buyer_filters f;
    long long total = 0, pages;
    carbon_db_status st;
    int rv, i;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    /* The page opens on the current fiscal year; "show all" and every
     * search send their own filters. */
    if (apr_is_empty_table(args))
        apr_table_setn(args, "fiscal_year", apr_itoa(p, this_fy));
    json_object_set_new(ctx, "errors", errors);
    json_object_set_new(ctx, "filters", filters);
    for (i = 0; filter_names[i]; i++) {
        const char *v = apr_table_get(args, filter_names[i]);
        json_t *text = v ? json_string(v) : NULL;
        json_object_set_new(filters, filter_names[i], text ? text : json_string(""));
    }
    rv = carbon_buyer_filters_read(cr, db, args, &f, errors);
    if (rv != OK && rv != HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_body_error(cr, rv);
    if (rv == OK && (rv = carbon_buyers_search(cr, db, &f, &items, &total)) != OK)
        return carbon_send_body_error(cr, rv);
    if (items && (rv = carbon_pdpa_record_list(cr, db, "search", f.given, (long long)json_array_size(items))) != OK)
        return carbon_send_body_error(cr, rv);
    if (items) {
        size_t k;
        json_t *row;
        json_array_foreach(items, k, row) {
            add_display(p, row);
            json_object_set_new(row, "row_no", json_integer((json_int_t)((f.page - 1) * f.per_page + (long long)k + 1)));
        }
        json_object_set(ctx, "items", items);
    }
    /* above the count's cap the pager goes on one page at a time while
     * pages are full ("more than 10,000") */
    if (total > CARBON_BUYERS_COUNT_CAP) {
        json_object_set_new(ctx, "total_more", json_true());
        total = CARBON_BUYERS_COUNT_CAP;
    }
    pages = (total + f.per_page - 1) / f.per_page;
    if (json_is_true(json_object_get(ctx, "total_more")) && items
        && (long long)json_array_size(items) == f.per_page && pages <= f.page)
        pages = f.page + 1;
    json_object_set_new(ctx, "searched", json_boolean(items != NULL));
    json_object_set_new(ctx, "total", json_integer(total));
    json_object_set_new(ctx, "page", json_integer(f.page));
    json_object_set_new(ctx, "pages", json_integer(pages));
    json_object_set_new(ctx, "first_no", json_integer(total ? (f.page - 1) * f.per_page + 1 : 0));
    json_object_set_new(ctx, "last_no", json_integer(items ? (f.page - 1) * f.per_page + (long long)json_array_size(items) : 0));
    json_object_set_new(ctx, "pager", pager(cr, filters_query(p, args), f.page, pages));
    json_object_set_new(ctx, "fiscal_years", year_options(p, this_fy + 1, FIRST_YEAR_BE, apr_table_get(args, "fiscal_year")));
    json_object_set_new(ctx, "registered_years", year_options(p, this_year, FIRST_YEAR_BE, apr_table_get(args, "registered_year")));
    json_object_set_new(ctx, "per_page_options", json_pack("[{s:s},{s:s},{s:s}]", "value", "20", "value", "50", "value", "100"));
    mark(json_object_get(ctx, "per_page_options"), "value", carbon_i64(p, f.per_page), "selected");
    if ((st = code_options(db, ctx, "buyer_type", apr_table_get(args, "buyer_type"), "selected", "buyer_types"))
        || (st = area_options(db, ctx, apr_table_get(args, "province_code"), apr_table_get(args, "district_code"),
                              apr_table_get(args, "subdistrict_code"), 0)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    return carbon_send_page(cr, json_object_size(errors) ? HTTP_UNPROCESSABLE_ENTITY : HTTP_OK,
                            "buyers_search", TITLE_SEARCH, ctx);
}

/* ---- the add / edit form ------------------------------------------------- */

/* A stored record as the form's text values. */
static json_t *record_values(apr_pool_t *p, json_t *rec)
{
    json_t *values = json_object();
    int i;
    for (i = 0; carbon_buyer_input_fields[i]; i++) {
        const char *name = carbon_buyer_input_fields[i];
        const char *v = carbon_json_str(rec, name);
        if (!strcmp(name, "has_tver_account"))
            v = json_is_true(json_object_get(rec, name)) ? "1" : "0";
        else if (v && (!strcmp(name, "phone") || !strcmp(name, "office_phone")))
            v = carbon_buyer_phone_display(p, v);
        json_object_set_new(values, name, json_string(v ? v : ""));
    }
    return values;
}

/* The form's fields as text (for showing again) and as API input. */
static void form_values(apr_table_t *form, json_t **values, json_t **input)
{
    int i;
    *values = json_object();
    *input = json_object();
    for (i = 0; carbon_buyer_input_fields[i]; i++) {
        const char *name = carbon_buyer_input_fields[i];
        const char *v = apr_table_get(form, name);
        json_t *text = v ? json_string(v) : NULL;
        json_object_set_new(*values, name, text ? json_incref(text) : json_string(""));
        if (!v || !*v)
            json_decref(text);
        else if (!strcmp(name, "has_tver_account") && (!strcmp(v, "1") || !strcmp(v, "0"))) {
            json_decref(text);
            json_object_set_new(*input, name, json_boolean(!strcmp(v, "1")));
        } else {
            /* text that is not UTF-8 becomes a value the validator refuses */
            json_object_set_new(*input, name, text ? text : json_integer(0));
        }
    }
}

/* Renders the add (id NULL) or edit form with values (text) and errors. */
static int send_form(carbon_req *cr, carbon_db *db, int status, const char *id, json_t *values,
                     json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *ctx = carbon_json_pool(p, json_object());
    carbon_db_status st;
    json_object_set(ctx, "buyer", values);
    json_object_set(ctx, "errors", errors);
    json_object_set_new(ctx, "error_count", json_integer((json_int_t)json_object_size(errors)));
    json_object_set_new(ctx, "is_edit", json_boolean(id != NULL));
    if (id)
        json_object_set_new(ctx, "id", json_string(id));
    json_object_set_new(ctx, "action", json_string(id ? apr_pstrcat(p, "/registry/buyers/", id, NULL)
                                                      : "/registry/buyers"));
    if ((st = code_options(db, ctx, "buyer_type", carbon_json_str(values, "buyer_type"), "checked", "buyer_types"))
        /* suggestions for the typed business type (a <datalist>), no choice */
        || (st = code_options(db, ctx, "business_type", NULL, NULL, "business_types"))
        || (st = area_options(db, ctx, carbon_json_str(values, "province_code"),
                              carbon_json_str(values, "district_code"),
                              carbon_json_str(values, "subdistrict_code"), 1)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    return carbon_send_page(cr, status, "buyer_form", id ? TITLE_EDIT : TITLE_NEW, ctx);
}

static int h_new_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *values = carbon_json_pool(p, json_object()), *errors = carbon_json_pool(p, json_object());
    int i;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    for (i = 0; carbon_buyer_input_fields[i]; i++)
        json_object_set_new(values, carbon_buyer_input_fields[i], json_string(""));
    json_object_set_new(values, "registered_on", json_string(carbon_today_iso(p, apr_time_now())));
    return send_form(cr, db, HTTP_OK, NULL, values, errors);
}

static int h_edit_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const char *id = carbon_route_param(cr, 0);
    json_t *buyer;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_buyer_get(cr, db, id, &buyer)) != OK)
        return send_status(cr, rv);
    if (!carbon_buyer_can_edit(cr->user, buyer))
        return send_status(cr, HTTP_FORBIDDEN);
    if ((rv = carbon_pdpa_record_buyer(cr, db, "edit_form", id)) != OK)
        return carbon_send_body_error(cr, rv);
    return send_form(cr, db, HTTP_OK, id, carbon_json_pool(p, record_values(p, buyer)),
                     carbon_json_pool(p, json_object()));
}

/* The no-script "show the lists" button: the form again with the lists of
 * the chosen area, and the postcode filled in when the subdistrict has
 * only one. Nothing is checked or saved. */
static int refresh_form(carbon_req *cr, carbon_db *db, const char *id, json_t *values)
{
    apr_pool_t *p = cr->r->pool;
    const char *postcode = carbon_json_str(values, "postcode");
    json_t *codes = NULL;
    carbon_db_status st;
    if (!postcode || !*postcode) {
        if ((st = carbon_geo_postcodes(db, carbon_json_str(values, "subdistrict_code"), &codes)))
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        if (json_array_size(codes) == 1)
            json_object_set(values, "postcode", json_object_get(json_array_get(codes, 0), "code"));
        json_decref(codes);
    }
    return send_form(cr, db, HTTP_OK, id, values, carbon_json_pool(p, json_object()));
}

/* POST of the form: create (id NULL) or update. "refresh" (the no-script
 * button) only shows the form again with the lists of the chosen area. */
static int save_form(carbon_req *cr, const char *id)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *form;
    json_t *values, *input, *errors = carbon_json_pool(p, json_object()), *saved = NULL;
    int rv = carbon_read_form(cr, &form);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if (id) {
        json_t *buyer;
        if ((rv = carbon_buyer_get(cr, db, id, &buyer)) != OK)
            return send_status(cr, rv);
        if (!carbon_buyer_can_edit(cr->user, buyer))
            return send_status(cr, HTTP_FORBIDDEN);
    }
    form_values(form, &values, &input);
    carbon_json_pool(p, values);
    carbon_json_pool(p, input);
    if (apr_table_get(form, "refresh"))
        return refresh_form(cr, db, id, values);
    rv = id ? carbon_buyer_update(cr, id, input, errors, &saved) : carbon_buyer_create(cr, input, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return send_form(cr, db, HTTP_UNPROCESSABLE_ENTITY, id, values, errors);
    if (rv != OK)
        return send_status(cr, rv);
    return carbon_redirect_local(cr, apr_pstrcat(p, "/registry/buyers/", carbon_i64(p, carbon_row_int(saved, "id")),
                                                 "?saved=1", NULL));
}

static int h_create_form(carbon_req *cr)
{
    return save_form(cr, NULL);
}

static int h_update_form(carbon_req *cr)
{
    return save_form(cr, carbon_route_param(cr, 0));
}

/* ---- the view page ------------------------------------------------------- */

static int h_view_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *buyer, *ctx = carbon_json_pool(p, json_object());
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_buyer_get(cr, db, carbon_route_param(cr, 0), &buyer)) != OK)
        return send_status(cr, rv);
    if ((rv = carbon_pdpa_record_buyer(cr, db, "view", carbon_route_param(cr, 0))) != OK)
        return carbon_send_body_error(cr, rv);
    add_display(p, buyer);
    json_object_set(ctx, "buyer", buyer);
    json_object_set_new(ctx, "saved", json_boolean(apr_table_get(carbon_query_args(cr), "saved") != NULL));
    return carbon_send_page(cr, HTTP_OK, "buyer_view", TITLE_VIEW, ctx);
}

#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/registry/buyers",               h_search_page, 0 },
    { "POST", "/registry/buyers",               h_create_form, FORM },
    { "GET",  "/registry/buyers/new",           h_new_page, 0 },
    { "GET",  "/registry/buyers/{id}",          h_view_page, 0 },
    { "POST", "/registry/buyers/{id}",          h_update_form, FORM },
    { "GET",  "/registry/buyers/{id}/edit",     h_edit_page, 0 },
    { "GET",  "/api/v1/buyers",                 h_api_search, 0 },
    { "POST", "/api/v1/buyers",                 h_api_create, 0 },
    { "GET",  "/api/v1/buyers/{id}",            h_api_get, 0 },
    { "PUT",  "/api/v1/buyers/{id}",            h_api_update, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef FORM
