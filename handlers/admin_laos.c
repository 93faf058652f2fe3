/*
 * admin_laos.c: DLA's list of LAOs (องค์กรปกครองส่วนท้องถิ่น): search,
 * edit, export, and the import of DLA's whole list from a CSV file. The
 * JSON list and one LAO are scoped reads for every signed-in role.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "laos.h"
#include "listing.h"
#include "upload.h"
#include "csv.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const char *const filter_keys[] = { "q", "lao_type", "province_code", "district_code", NULL };
/* What pager links keep: the filters and the page size. */
static const char *const query_keys[] = { "q", "lao_type", "province_code", "district_code", "per_page", NULL };
static const char *const form_keys[] = { "name_th", "lao_type", "province_code", "district_code",
                                         "subdistrict_code", NULL };

/* ---- list --------------------------------------------------------------- */

static int laos_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    apr_table_t *q = carbon_query_args(cr);
    json_t *result, *options, *filters = carbon_json_pool(p, json_object()), *ctx;
    int rv = carbon_laos_search(cr, q, &result);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    rv = carbon_lao_form_options(cr, carbon_query_value(p, q, "province_code"),
                                 carbon_query_value(p, q, "district_code"), NULL,
                                 carbon_query_value(p, q, "lao_type"), &options);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    carbon_listing_filters_into(filters, p, q, filter_keys);
    ctx = carbon_json_pool(p, json_pack("{s:O,s:O,s:O,s:O,s:s,s:s}", "items", json_object_get(result, "items"),
                                        "paging", json_object_get(result, "paging"), "options", options,
                                        "filters", filters, "query", carbon_listing_query(p, q, query_keys),
                                        "list_path", apr_pstrcat(p, cr->base, "/admin/laos", NULL)));
    return carbon_send_page(cr, HTTP_OK, "admin_laos", "องค์กรปกครองส่วนท้องถิ่น", ctx);
}

static int api_laos(carbon_req *cr)
{
    json_t *result;
    int rv = carbon_laos_search(cr, carbon_query_args(cr), &result);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, carbon_listing_api_json(result));
}

/* ---- one LAO ------------------------------------------------------------ */

/* The LAO of route parameter 0, or NULL (answered). */
static json_t *route_lao(carbon_req *cr, int *status)
{
    json_t *lao;
    int rv = carbon_lao_find(cr, carbon_route_param(cr, 0), &lao);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    if (!lao) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
        return NULL;
    }
    return lao;
}

static int api_lao(carbon_req *cr)
{
    int status;
    json_t *lao = route_lao(cr, &status);
    return lao ? carbon_send_json(cr, HTTP_OK, json_incref(lao)) : status;
}

/* The edit page with form values (input names), Thai errors and a saved note. */
static int edit_page(carbon_req *cr, int status, json_t *lao, json_t *form, json_t *errors, int saved)
{
    json_t *options, *ctx;
    int rv = carbon_lao_form_options(cr, carbon_json_str(form, "province_code"),
                                     carbon_json_str(form, "district_code"),
                                     carbon_json_str(form, "subdistrict_code"),
                                     carbon_json_str(form, "lao_type"), &options);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    ctx = carbon_json_pool(cr->r->pool, json_pack("{s:O,s:O,s:O,s:o?,s:b}", "lao", lao, "form", form,
                                                  "options", options, "errors", json_incref(errors),
                                                  "saved", saved));
    return carbon_send_page(cr, status, "admin_lao_edit", "แก้ไขข้อมูล อปท.", ctx);
}

static int lao_edit_page(carbon_req *cr)
{
    int status;
    json_t *lao = route_lao(cr, &status), *form;
    const char *const *k;
    if (!lao)
        return status;
    form = carbon_json_pool(cr->r->pool, json_object());
    for (k = form_keys; *k; k++)
        json_object_set(form, *k, json_object_get(lao, *k));
    return edit_page(cr, HTTP_OK, lao, form, NULL,
                     apr_table_get(carbon_query_args(cr), "saved") != NULL);
}

/* POST of the edit form: "refresh" redraws the district and subdistrict
 * lists for the chosen province (the page without JavaScript); otherwise
 * save, then back to the page with a note. */
static int lao_edit_post(carbon_req *cr)
{
    apr_table_t *f;
    json_t *lao, *form, *errors, *saved;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!(lao = route_lao(cr, &status)))
        return status;
    form = carbon_json_pool(cr->r->pool, json_object());
    carbon_form_into(form, f, form_keys);
    if (apr_table_get(f, "refresh"))
        return edit_page(cr, HTTP_OK, lao, form, NULL, 0);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_lao_update(cr, carbon_route_param(cr, 0), form, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return edit_page(cr, rv, lao, form, errors, 0);
    if (rv != OK)
        return rv == HTTP_NOT_FOUND ? carbon_send_error(cr, rv, "ไม่พบ อปท. ที่ต้องการ") : carbon_send_body_error(cr, rv);
    return carbon_redirect_local(cr, apr_pstrcat(cr->r->pool, "/admin/laos/",
                                                 carbon_route_param(cr, 0), "?saved=1", NULL));
}

static int api_lao_update(carbon_req *cr)
{
    json_t *input, *errors, *saved, *lao;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_lao_update(cr, carbon_route_param(cr, 0), input, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบ อปท. ที่ต้องการ");
    if (rv != OK || (rv = carbon_lao_find(cr, carbon_route_param(cr, 0), &lao)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(lao));
}

/* ---- import and export -------------------------------------------------- */

/* Reads the multipart body of an import with the import's own size cap
 * (the documents' cap is far smaller). The file part, or NULL with the
 * status and Thai message to answer. */
static const carbon_multipart_part *read_import_file(carbon_req *cr, int *status, const char **message)
{
    apr_array_header_t *parts;
    const carbon_multipart_part *part;
    *status = carbon_upload_read_capped(cr, CARBON_LAO_IMPORT_MAX_BYTES, &parts, message);
    if (*status != OK)
        return NULL;
    part = carbon_upload_part(parts, "file");
    if (!part || !part->filename || !*part->filename) {
        *status = HTTP_UNPROCESSABLE_ENTITY;
        *message = "กรุณาเลือกไฟล์ CSV";
        return NULL;
    }
    return part;
}

static json_t *import_page_ctx(apr_pool_t *p)
{
    return carbon_json_pool(p, json_pack("{s:s,s:i,s:s}", "max_rows_text", "20,000",
                                         "max_line_errors", CARBON_LAO_IMPORT_MAX_LINE_ERRORS,
                                         "max_size_text", "4 MB"));
}

static int import_page(carbon_req *cr)
{
    return carbon_send_page(cr, HTTP_OK, "admin_lao_import", "นำเข้าข้อมูล อปท. จากไฟล์ CSV",
                            import_page_ctx(cr->r->pool));
}

/* Codes shown on the result page at most (the counts are always whole). */
#define SHOWN_CODES 200

static json_t *first_codes(json_t *codes)
{
    json_t *out = json_array();
    size_t i;
    for (i = 0; i < json_array_size(codes) && i < SHOWN_CODES; i++)
        json_array_append(out, json_array_get(codes, i));
    return out;
}

static int import_post(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *ctx = import_page_ctx(p), *errors = carbon_json_pool(p, json_object()), *result;
    const char *msg = NULL;
    int status;
    const carbon_multipart_part *part = read_import_file(cr, &status, &msg);
    if (!part && status != HTTP_UNPROCESSABLE_ENTITY && status != HTTP_REQUEST_ENTITY_TOO_LARGE)
        return carbon_send_error(cr, status, msg);
    if (part) {
        status = carbon_lao_import(cr, carbon_multipart_safe_filename(p, part->filename), part->data, part->len,
                                   errors, &result);
        if (status == OK) {
            json_object_set(ctx, "result", result);
            json_object_set_new(ctx, "inserted_shown", first_codes(json_object_get(result, "inserted_codes")));
            json_object_set_new(ctx, "updated_shown", first_codes(json_object_get(result, "updated_codes")));
            json_object_set_new(ctx, "file_name", json_string(carbon_multipart_safe_filename(p, part->filename)));
            return carbon_send_page(cr, HTTP_OK, "admin_lao_import", "นำเข้าข้อมูล อปท. จากไฟล์ CSV", ctx);
        }
        if (status != HTTP_UNPROCESSABLE_ENTITY)
            return carbon_send_body_error(cr, status);
    } else {
        json_object_set_new(errors, "file", json_string(msg));
    }
    json_object_set(ctx, "errors", errors);
    return carbon_send_page(cr, status, "admin_lao_import", "นำเข้าข้อมูล อปท. จากไฟล์ CSV", ctx);
}

static int api_import(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *result;
    const char *msg = NULL;
    int status;
    const carbon_multipart_part *part = read_import_file(cr, &status, &msg);
    if (!part) {
        if (status == HTTP_UNPROCESSABLE_ENTITY)
            return carbon_send_errors(cr, json_pack("{s:s}", "file", msg));
        return carbon_send_error(cr, status, msg);
    }
    status = carbon_lao_import(cr, carbon_multipart_safe_filename(cr->r->pool, part->filename), part->data,
                               part->len, errors, &result);
    if (status == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (status != OK)
        return carbon_send_body_error(cr, status);
    return carbon_send_json(cr, HTTP_OK, json_incref(result));
}

/* Every LAO as a CSV file in the import's format (with a byte-order mark,
 * so spreadsheet programs read the Thai names as UTF-8). */
static int export_csv(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *rows, *row;
    size_t i;
    int rv = carbon_laos_all(cr, &rows);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    ap_set_content_type(cr->r, "text/csv; charset=utf-8");
    apr_table_setn(cr->r->headers_out, "Content-Disposition", "attachment; filename=\"laos.csv\"");
    apr_table_setn(cr->r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(cr->r->headers_out, "X-Content-Type-Options", "nosniff");
    ap_rputs("\xEF\xBB\xBF" "code,name_th,lao_type,province_code,district_code,subdistrict_code\r\n", cr->r);
    json_array_foreach(rows, i, row) {
        ap_rvputs(cr->r, carbon_row_str(row, "lao_code"), ",", carbon_csv_field(p, carbon_row_str(row, "name_th")),
                  ",", carbon_row_str(row, "lao_type"), ",", carbon_row_str(row, "province_code"), ",",
                  carbon_row_str(row, "district_code"), ",",
                  carbon_csv_field(p, carbon_row_str(row, "subdistrict_code")), "\r\n", NULL);
    }
    return OK;
}

static const carbon_route routes[] = {
    { "GET",  "/admin/laos",                 laos_page, DLA },
    { "GET",  "/admin/laos/import",          import_page, DLA },
    { "POST", "/admin/laos/import",          import_post, DLA | FORM },
    { "GET",  "/admin/laos/export.csv",      export_csv, DLA },
    { "GET",  "/admin/laos/{code}",          lao_edit_page, DLA },
    { "POST", "/admin/laos/{code}",          lao_edit_post, DLA | FORM },
    { "GET",  "/api/v1/laos",                api_laos, 0 },
    { "POST", "/api/v1/laos/import",         api_import, DLA | FORM },
    { "GET",  "/api/v1/laos/{code}",         api_lao, 0 },
    { "PUT",  "/api/v1/laos/{code}",         api_lao_update, DLA },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
