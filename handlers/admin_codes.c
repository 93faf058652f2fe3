/*
 * admin_codes.c: DLA's code lists (รหัสข้อมูลพื้นฐาน): buyer types,
 * business types, spending project types. DLA adds, renames, reorders and
 * switches codes off; every signed-in role reads the active ones.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "codes.h"
#include "listing.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const char *const notes[][2] = {
    { "added", "เพิ่มรหัสแล้ว" }, { "saved", "บันทึกข้อมูลเรียบร้อยแล้ว" }, { "moved", "เปลี่ยนลำดับแล้ว" },
    { "deactivated", "ปิดการใช้งานรหัสแล้ว: ไม่แสดงเป็นตัวเลือกสำหรับข้อมูลใหม่ ข้อมูลเดิมยังใช้รหัสนี้ได้" },
    { "activated", "เปิดใช้งานรหัสแล้ว" }, { NULL, NULL }
};

static const char *note_text(carbon_req *cr)
{
    const char *n = apr_table_get(carbon_query_args(cr), "note");
    int i;
    for (i = 0; n && notes[i][0]; i++)
        if (!strcmp(notes[i][0], n))
            return notes[i][1];
    return NULL;
}

/* The list page: the tabs, the list's codes (active or not), the add
 * form with its values and errors. */
static int list_page(carbon_req *cr, int status, const char *list, json_t *form, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *lists = carbon_json_pool(p, carbon_code_lists()), *rows, *current = NULL, *l, *ctx;
    size_t i;
    int rv = carbon_codes_of(cr, list, 1, &rows);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!rows)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบรายการรหัสที่ต้องการ");
    json_array_foreach(lists, i, l) {
        if (!strcmp(carbon_json_str(l, "list"), list)) {
            json_object_set_new(l, "current", json_true());
            current = l;
        }
    }
    json_array_foreach(rows, i, l) {
        json_object_set_new(l, "is_first", json_boolean(i == 0));
        json_object_set_new(l, "is_last", json_boolean(i + 1 == json_array_size(rows)));
    }
    ctx = carbon_json_pool(p, json_pack("{s:O,s:O,s:O,s:O?,s:O?,s:s?}", "lists", lists, "list", current,
                                        "codes", rows, "form", form, "errors", errors, "note", note_text(cr)));
    return carbon_send_page(cr, status, "admin_codes", "รหัสข้อมูลพื้นฐาน", ctx);
}

static int codes_home(carbon_req *cr)
{
    return list_page(cr, HTTP_OK, "buyer_type", NULL, NULL);
}

static int codes_list_page(carbon_req *cr)
{
    return list_page(cr, HTTP_OK, carbon_route_param(cr, 0), NULL, NULL);
}

static json_t *form_object(carbon_req *cr, apr_table_t *f, const char *const *keys)
{
    json_t *o = carbon_json_pool(cr->r->pool, json_object());
    for (; *keys; keys++) {
        const char *v = apr_table_get(f, *keys);
        if (v && *v)
            json_object_set_new(o, *keys, json_string(v));
    }
    return o;
}

static int redirect_list(carbon_req *cr, const char *list, const char *note)
{
    return carbon_redirect_local(cr, apr_pstrcat(cr->r->pool, "/admin/codes/", list, "?note=", note, NULL));
}

static int add_post(carbon_req *cr)
{
    static const char *const keys[] = { "code", "name_th", "sort", NULL };
    const char *list = carbon_route_param(cr, 0);
    apr_table_t *f;
    json_t *form, *errors, *saved;
    int rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    form = form_object(cr, f, keys);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_code_add(cr, list, form, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return list_page(cr, rv, list, form, errors);
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบรายการรหัสที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_list(cr, list, "added");
}

/* The code of route parameters 0 (list) and 1 (code), or NULL (answered). */
static json_t *route_code(carbon_req *cr, int *status)
{
    json_t *rows, *row;
    size_t i;
    int rv = carbon_codes_of(cr, carbon_route_param(cr, 0), 1, &rows);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    json_array_foreach(rows, i, row)
        if (!strcmp(carbon_json_str(row, "code"), carbon_route_param(cr, 1)))
            return row;
    *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบรหัสที่ต้องการ");
    return NULL;
}

static int edit_page(carbon_req *cr, int status, json_t *code, json_t *form, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *lists = carbon_json_pool(p, carbon_code_lists()), *l, *current = NULL, *ctx;
    size_t i;
    json_array_foreach(lists, i, l)
        if (!strcmp(carbon_json_str(l, "list"), carbon_route_param(cr, 0)))
            current = l;
    ctx = carbon_json_pool(p, json_pack("{s:O,s:O?,s:O,s:O?}", "code", code, "list", current, "form", form,
                                        "errors", errors));
    return carbon_send_page(cr, status, "admin_code_edit", "แก้ไขรหัสข้อมูลพื้นฐาน", ctx);
}

static int code_edit_page(carbon_req *cr)
{
    int status;
    json_t *code = route_code(cr, &status);
    if (!code)
        return status;
    return edit_page(cr, HTTP_OK, code, code, NULL);
}

static int code_edit_post(carbon_req *cr)
{
    static const char *const keys[] = { "name_th", "sort", NULL };
    apr_table_t *f;
    json_t *code, *form, *errors, *saved;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!(code = route_code(cr, &status)))
        return status;
    form = form_object(cr, f, keys);
    if (!json_object_get(form, "name_th"))
        json_object_set_new(form, "name_th", json_string(""));   /* an emptied name is refused, not ignored */
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_code_update(cr, carbon_route_param(cr, 0), carbon_route_param(cr, 1), form, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return edit_page(cr, rv, code, form, errors);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_list(cr, carbon_route_param(cr, 0), "saved");
}

static int set_active_post(carbon_req *cr, int active)
{
    apr_table_t *f;
    json_t *errors, *saved;
    int rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_code_update(cr, carbon_route_param(cr, 0), carbon_route_param(cr, 1),
                            carbon_json_pool(cr->r->pool, json_pack("{s:b}", "active", active)), errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return list_page(cr, rv, carbon_route_param(cr, 0), NULL, errors);
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบรหัสที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_list(cr, carbon_route_param(cr, 0), active ? "activated" : "deactivated");
}

static int deactivate_post(carbon_req *cr)
{
    return set_active_post(cr, 0);
}

static int activate_post(carbon_req *cr)
{
    return set_active_post(cr, 1);
}

static int move_post(carbon_req *cr)
{
    apr_table_t *f;
    const char *dir;
    int rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    dir = apr_table_get(f, "direction");
    rv = carbon_code_move(cr, carbon_route_param(cr, 0), carbon_route_param(cr, 1),
                          dir && !strcmp(dir, "up") ? -1 : 1);
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบรหัสที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return redirect_list(cr, carbon_route_param(cr, 0), "moved");
}

/* ---- JSON --------------------------------------------------------------- */

static int api_lists(carbon_req *cr)
{
    return carbon_send_json(cr, HTTP_OK, carbon_code_lists());
}

/* Active codes for everyone; with ?all=1 DLA also gets the inactive ones. */
static int api_codes(carbon_req *cr)
{
    const char *all = apr_table_get(carbon_query_args(cr), "all");
    json_t *rows;
    int rv = carbon_codes_of(cr, carbon_route_param(cr, 0),
                             all && !strcmp(all, "1") && cr->user->role == CARBON_ROLE_DLA, &rows);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!rows)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบรายการรหัสที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

static int api_failed(carbon_req *cr, int rv, json_t *errors)
{
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบรหัสที่ต้องการ");
    return carbon_send_body_error(cr, rv);
}

static int api_add(carbon_req *cr)
{
    json_t *input, *errors, *saved;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_code_add(cr, carbon_route_param(cr, 0), input, errors, &saved);
    if (rv != OK)
        return api_failed(cr, rv, errors);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(saved));
}

static int api_update(carbon_req *cr)
{
    json_t *input, *errors, *saved;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_code_update(cr, carbon_route_param(cr, 0), carbon_route_param(cr, 1), input, errors, &saved);
    if (rv != OK)
        return api_failed(cr, rv, errors);
    return carbon_send_json(cr, HTTP_OK, json_incref(saved));
}

static const carbon_route routes[] = {
    { "GET",  "/admin/codes",                            codes_home, DLA },
    { "GET",  "/admin/codes/{list}",                     codes_list_page, DLA },
    { "POST", "/admin/codes/{list}",                     add_post, DLA | FORM },
    { "GET",  "/admin/codes/{list}/{code}",              code_edit_page, DLA },
    { "POST", "/admin/codes/{list}/{code}",              code_edit_post, DLA | FORM },
    { "POST", "/admin/codes/{list}/{code}/move",         move_post, DLA | FORM },
    { "POST", "/admin/codes/{list}/{code}/deactivate",   deactivate_post, DLA | FORM },
    { "POST", "/admin/codes/{list}/{code}/activate",     activate_post, DLA | FORM },
    { "GET",  "/api/v1/codes",                           api_lists, 0 },
    { "GET",  "/api/v1/codes/{list}",                    api_codes, 0 },
    { "POST", "/api/v1/codes/{list}",                    api_add, DLA },
    { "PUT",  "/api/v1/codes/{list}/{code}",             api_update, DLA },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
