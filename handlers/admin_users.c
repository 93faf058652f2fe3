/*
 * admin_users.c: DLA's user list (ผู้ใช้งาน): an LSSO subject mapped to a
 * role and an organisation, disabled or enabled, and for provincial
 * office users the provinces and LAOs they are responsible for.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "users.h"
#include "listing.h"
#include "geo.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const char *const filter_keys[] = { "q", "role", "province_code", "status", NULL };
/* What pager links keep: the filters and the page size. */
static const char *const query_keys[] = { "q", "role", "province_code", "status", "per_page", NULL };
static const char *const form_keys[] = { "subject", "display_name", "role", "lao_code", "province_code", NULL };

/* Every province, for the select lists, marked at selected. */
static json_t *province_options(carbon_req *cr, const char *selected, int *status)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rows;
    carbon_db_status st;
    if (!db) {
        *status = HTTP_SERVICE_UNAVAILABLE;
        return NULL;
    }
    if ((st = carbon_geo_provinces(db, &rows))) {
        *status = carbon_db_http_status(st);
        return NULL;
    }
    carbon_mark_selected(rows, "code", selected);
    return carbon_json_pool(cr->r->pool, rows);
}

/* The form fields of a request body as a JSON object (empty ones left out). */
static json_t *form_object(carbon_req *cr, apr_table_t *f, const char *const *keys)
{
    json_t *o = carbon_json_pool(cr->r->pool, json_object());
    carbon_form_into(o, f, keys);
    return o;
}

/* ---- list --------------------------------------------------------------- */

static int users_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    apr_table_t *q = carbon_query_args(cr);
    json_t *result, *provinces, *filters = carbon_json_pool(p, json_object()), *ctx;
    int status, rv = carbon_users_search(cr, q, &result);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!(provinces = province_options(cr, carbon_query_value(p, q, "province_code"), &status)))
        return carbon_send_body_error(cr, status);
    carbon_listing_filters_into(filters, p, q, filter_keys);
    ctx = carbon_json_pool(p, json_pack("{s:O,s:O,s:O,s:O,s:s,s:s}", "items", json_object_get(result, "items"),
                                        "paging", json_object_get(result, "paging"), "provinces", provinces,
                                        "filters", filters, "query", carbon_listing_query(p, q, query_keys),
                                        "list_path", apr_pstrcat(p, cr->base, "/admin/users", NULL)));
    return carbon_send_page(cr, HTTP_OK, "admin_users", "ผู้ใช้งาน", ctx);
}

static int api_users(carbon_req *cr)
{
    json_t *result;
    int rv = carbon_users_search(cr, carbon_query_args(cr), &result);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, carbon_listing_api_json(result));
}

/* ---- one user ----------------------------------------------------------- */

/* The user of route parameter 0, or NULL (answered). */
static json_t *route_user(carbon_req *cr, int *status)
{
    json_t *user;
    int rv = carbon_user_find(cr, carbon_route_param(cr, 0), &user);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    if (!user) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบผู้ใช้ที่ต้องการ");
        return NULL;
    }
    return user;
}

/* Answers a failed write of the JSON API. */
static int api_write_failed(carbon_req *cr, int rv, json_t *errors)
{
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบผู้ใช้ที่ต้องการ");
    return carbon_send_body_error(cr, rv);
}

/* The add/edit page. user NULL for a new one; form holds the values shown;
 * note is a message to show (saved, ...); resp_errors the messages of the
 * responsibility forms. */
static int user_page(carbon_req *cr, int status, json_t *user, json_t *form, json_t *errors,
                     const char *note, json_t *resp_errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *provinces, *resp_provinces = NULL, *resp = NULL, *ctx;
    int st, rv;
    if (!(provinces = province_options(cr, carbon_json_str(form, "province_code"), &st)))
        return carbon_send_body_error(cr, st);
    if (user && !strcmp(carbon_json_str(user, "role"), "province")) {
        if ((rv = carbon_responsibilities_of(cr, json_integer_value(json_object_get(user, "id")), &resp)) != OK
            || !(resp_provinces = province_options(cr, NULL, &st)))
            return carbon_send_body_error(cr, rv != OK ? rv : st);
    }
    ctx = carbon_json_pool(p, json_pack("{s:O?,s:O,s:O,s:O?,s:s?,s:O?,s:O?,s:O?,s:b}", "user", user, "form", form,
                                        "provinces", provinces, "errors", errors, "note", note,
                                        "responsibilities", resp, "resp_provinces", resp_provinces,
                                        "resp_errors", resp_errors,
                                        "is_self", user && cr->user
                                                   && json_integer_value(json_object_get(user, "id")) == cr->user->id));
    return carbon_send_page(cr, status, "admin_user_edit", user ? "แก้ไขข้อมูลผู้ใช้งาน" : "เพิ่มผู้ใช้งาน", ctx);
}

static int new_user_page(carbon_req *cr)
{
    json_t *form = carbon_json_pool(cr->r->pool, json_pack("{s:s}", "role", "lao"));
    return user_page(cr, HTTP_OK, NULL, form, NULL, NULL, NULL);
}

/* Notes a redirect may ask the page to show (?note=...). */
static const char *note_text(carbon_req *cr)
{
    const char *n = apr_table_get(carbon_query_args(cr), "note");
    if (!n)
        return NULL;
    if (!strcmp(n, "saved"))
        return "บันทึกข้อมูลเรียบร้อยแล้ว";
    if (!strcmp(n, "disabled"))
        return "ระงับการใช้งานบัญชีนี้แล้ว ผู้ใช้ถูกออกจากระบบทันที";
    if (!strcmp(n, "enabled"))
        return "เปิดใช้งานบัญชีนี้แล้ว";
    if (!strcmp(n, "resp_added"))
        return "เพิ่มพื้นที่รับผิดชอบแล้ว";
    if (!strcmp(n, "resp_removed"))
        return "ลบพื้นที่รับผิดชอบแล้ว";
    return NULL;
}

static int user_edit_page(carbon_req *cr)
{
    int status;
    json_t *user = route_user(cr, &status), *form;
    const char *const *k;
    if (!user)
        return status;
    form = carbon_json_pool(cr->r->pool, json_object());
    for (k = form_keys; *k; k++)
        json_object_set(form, *k, json_object_get(user, *k));
    return user_page(cr, HTTP_OK, user, form, NULL, note_text(cr), NULL);
}

static int redirect_user(carbon_req *cr, json_t *user, const char *note)
{
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/admin/users/%" APR_INT64_T_FMT "?note=%s",
                                                  (apr_int64_t)json_integer_value(json_object_get(user, "id")),
                                                  note));
}

/* POST /admin/users (id NULL) and /admin/users/{id}. */
static int user_form_post(carbon_req *cr, const char *id)
{
    apr_table_t *f;
    json_t *user = NULL, *form, *errors, *saved;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (id && !(user = route_user(cr, &status)))
        return status;
    form = form_object(cr, f, form_keys);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_user_save(cr, id, form, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return user_page(cr, rv, user, form, errors, NULL, NULL);
    if (rv != OK)
        return rv == HTTP_NOT_FOUND ? carbon_send_error(cr, rv, "ไม่พบผู้ใช้ที่ต้องการ") : carbon_send_body_error(cr, rv);
    return redirect_user(cr, saved, "saved");
}

static int user_create_post(carbon_req *cr)
{
    return user_form_post(cr, NULL);
}

static int user_update_post(carbon_req *cr)
{
    return user_form_post(cr, carbon_route_param(cr, 0));
}

static int set_disabled_post(carbon_req *cr, int disabled)
{
    apr_table_t *f;
    json_t *user, *errors, *saved, *form;
    const char *const *k;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!(user = route_user(cr, &status)))
        return status;
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_user_set_disabled(cr, carbon_route_param(cr, 0), disabled, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        form = carbon_json_pool(cr->r->pool, json_object());
        for (k = form_keys; *k; k++)
            json_object_set(form, *k, json_object_get(user, *k));
        return user_page(cr, rv, user, form, errors, NULL, NULL);
    }
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_user(cr, saved, disabled ? "disabled" : "enabled");
}

static int disable_post(carbon_req *cr)
{
    return set_disabled_post(cr, 1);
}

static int enable_post(carbon_req *cr)
{
    return set_disabled_post(cr, 0);
}

static int api_user(carbon_req *cr)
{
    int status;
    json_t *user = route_user(cr, &status);
    return user ? carbon_send_json(cr, HTTP_OK, json_incref(user)) : status;
}

static int api_user_save(carbon_req *cr, const char *id)
{
    json_t *input, *errors, *saved;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_user_save(cr, id, input, errors, &saved);
    if (rv != OK)
        return api_write_failed(cr, rv, errors);
    return carbon_send_json(cr, id ? HTTP_OK : HTTP_CREATED, json_incref(saved));
}

static int api_user_create(carbon_req *cr)
{
    return api_user_save(cr, NULL);
}

static int api_user_update(carbon_req *cr)
{
    return api_user_save(cr, carbon_route_param(cr, 0));
}

static int api_set_disabled(carbon_req *cr, int disabled)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *saved;
    int rv = carbon_user_set_disabled(cr, carbon_route_param(cr, 0), disabled, errors, &saved);
    if (rv != OK)
        return api_write_failed(cr, rv, errors);
    return carbon_send_json(cr, HTTP_OK, json_incref(saved));
}

static int api_disable(carbon_req *cr)
{
    return api_set_disabled(cr, 1);
}

static int api_enable(carbon_req *cr)
{
    return api_set_disabled(cr, 0);
}

/* ---- responsibilities --------------------------------------------------- */

static int resp_add_post(carbon_req *cr)
{
    static const char *const keys[] = { "province_code", "lao_code", NULL };
    apr_table_t *f;
    json_t *user, *errors, *created, *form;
    const char *const *k;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!(user = route_user(cr, &status)))
        return status;
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_responsibility_add(cr, carbon_route_param(cr, 0), form_object(cr, f, keys), errors, &created);
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        form = carbon_json_pool(cr->r->pool, json_object());
        for (k = form_keys; *k; k++)
            json_object_set(form, *k, json_object_get(user, *k));
        return user_page(cr, rv, user, form, NULL, NULL, errors);
    }
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_user(cr, user, "resp_added");
}

static int resp_remove_post(carbon_req *cr)
{
    apr_table_t *f;
    json_t *user;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!(user = route_user(cr, &status)))
        return status;
    rv = carbon_responsibility_remove(cr, carbon_route_param(cr, 0), carbon_route_param(cr, 1));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบพื้นที่รับผิดชอบที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_user(cr, user, "resp_removed");
}

static int api_resp_list(carbon_req *cr)
{
    int status;
    json_t *user = route_user(cr, &status), *rows;
    if (!user)
        return status;
    if ((status = carbon_responsibilities_of(cr, json_integer_value(json_object_get(user, "id")), &rows)) != OK)
        return carbon_send_body_error(cr, status);
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

static int api_resp_add(carbon_req *cr)
{
    json_t *input, *errors, *created;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_responsibility_add(cr, carbon_route_param(cr, 0), input, errors, &created);
    if (rv != OK)
        return api_write_failed(cr, rv, errors);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(created));
}

static int api_resp_remove(carbon_req *cr)
{
    int rv = carbon_responsibility_remove(cr, carbon_route_param(cr, 0), carbon_route_param(cr, 1));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบพื้นที่รับผิดชอบที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:b}", "deleted", 1));
}

static const carbon_route routes[] = {
    { "GET",    "/admin/users",                                   users_page, DLA },
    { "POST",   "/admin/users",                                   user_create_post, DLA | FORM },
    { "GET",    "/admin/users/new",                               new_user_page, DLA },
    { "GET",    "/admin/users/{id}",                              user_edit_page, DLA },
    { "POST",   "/admin/users/{id}",                              user_update_post, DLA | FORM },
    { "POST",   "/admin/users/{id}/disable",                      disable_post, DLA | FORM },
    { "POST",   "/admin/users/{id}/enable",                       enable_post, DLA | FORM },
    { "POST",   "/admin/users/{id}/responsibilities",             resp_add_post, DLA | FORM },
    { "POST",   "/admin/users/{id}/responsibilities/{rid}/delete", resp_remove_post, DLA | FORM },
    { "GET",    "/api/v1/users",                                  api_users, DLA },
    { "POST",   "/api/v1/users",                                  api_user_create, DLA },
    { "GET",    "/api/v1/users/{id}",                             api_user, DLA },
    { "PUT",    "/api/v1/users/{id}",                             api_user_update, DLA },
    { "POST",   "/api/v1/users/{id}/disable",                     api_disable, DLA },
    { "POST",   "/api/v1/users/{id}/enable",                      api_enable, DLA },
    { "GET",    "/api/v1/users/{id}/responsibilities",            api_resp_list, DLA },
    { "POST",   "/api/v1/users/{id}/responsibilities",            api_resp_add, DLA },
    { "DELETE", "/api/v1/users/{id}/responsibilities/{rid}",      api_resp_remove, DLA },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
