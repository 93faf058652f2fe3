/*
 * admin_certifications.c: certified credits (ข้อมูลหลัก (สถ.) > ข้อมูลการ
 * รับรองปริมาณคาร์บอนเครดิต). DLA records what TGO certified for an LAO in a
 * project; saving splits the credits by the project's sharing rule and
 * credits the LAO's share to its ledger (mod_carbon/ledger.c). The list has
 * filters (province, LAO, project, year); the view shows the split and the
 * documents. JSON: the list and one record are scoped reads for every
 * role; recording is DLA's (POST api/v1/certifications, JSON or
 * multipart with files "documents").
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "upload.h"
#include "ledger.h"
#include "projects.h"
#include "certifications.h"
#include "thaifmt.h"
#include "listing.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define PER_PAGE 50
#define DOCUMENTS_FIELD "documents"

/* ---- small helpers ---- */

static int db_trouble(carbon_req *cr, carbon_db_status st)
{
    return carbon_send_body_error(cr, st ? carbon_db_http_status(st) : HTTP_SERVICE_UNAVAILABLE);
}

/* The value when it is a code of exactly len digits (0: 1..18), else NULL. */
static const char *digits(const char *s, size_t len)
{
    size_t n = s ? strlen(s) : 0, i;
    if (n == 0 || (len ? n != len : n > 18))
        return NULL;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return NULL;
    return s;
}

/* ---- recording (shared by the API and the form) ---- */

/* Reads a certification request: a JSON object, or multipart/form-data
 * whose fields are the same names and whose files "documents" are checked
 * here (problems go to errors["documents"]). */
static int read_request(carbon_req *cr, json_t **input, apr_array_header_t **docs, json_t *errors,
                        int *any_file)
{
    apr_pool_t *p = cr->r->pool;
    const char *ct = apr_table_get(cr->r->headers_in, "Content-Type");
    apr_array_header_t *parts;
    const char *msg;
    int rv, i;
    *docs = apr_array_make(p, 4, sizeof(carbon_upload_file));
    *any_file = 0;
    if (!ct || strncasecmp(ct, "multipart/form-data", 19))
        return carbon_read_json(cr, input);
    if ((rv = carbon_upload_read(cr, &parts, &msg)) != OK) {
        *input = carbon_json_pool(p, json_pack("{s:s}", "message", msg));
        return rv;
    }
    *input = carbon_json_pool(p, json_object());
    for (i = 0; i < parts->nelts; i++) {
        const carbon_multipart_part *part = &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
        carbon_upload_file file;
        if (!part->filename) {
            if (strcmp(part->name, "csrf_token"))
                json_object_set_new(*input, part->name, json_stringn(part->data, part->len));
            continue;
        }
        if (strcmp(part->name, DOCUMENTS_FIELD) || (!*part->filename && part->len == 0))
            continue;       /* an empty file input, or a file nobody asked for */
        *any_file = 1;
        if ((msg = carbon_upload_check(cr, part, &file))) {
            const char *name = carbon_multipart_safe_filename(p, part->filename);
            const char *prev = carbon_json_str(errors, DOCUMENTS_FIELD);
            const char *line = apr_psprintf(p, "%s: %s", name && *name ? name : "ไฟล์", msg);
            json_object_set_new(errors, DOCUMENTS_FIELD,
                                json_string(prev ? apr_pstrcat(p, prev, " / ", line, NULL) : line));
            continue;
        }
        APR_ARRAY_PUSH(*docs, carbon_upload_file) = file;
    }
    return OK;
}

/* POST api/v1/certifications (DLA). */
static int api_create(carbon_req *cr)
{
    json_t *input = NULL, *errors = carbon_json_pool(cr->r->pool, json_object()), *created;
    apr_array_header_t *docs;
    int any_file, rv = read_request(cr, &input, &docs, errors, &any_file);
    if (rv != OK) {
        const char *msg = carbon_json_str(input, "message");
        return msg ? carbon_send_error(cr, rv, msg) : carbon_send_body_error(cr, rv);
    }
    rv = carbon_certification_create(cr, input, docs, errors, &created);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(created));
}

/* ---- JSON reads ---- */

/* The list's filters from the query string; invalid values are dropped. */
static void read_filter(carbon_req *cr, apr_table_t *q, carbon_certification_filter *f, json_t *echo)
{
    apr_pool_t *p = cr->r->pool;
    const char *year = digits(apr_table_get(q, "year"), 4), *page = digits(apr_table_get(q, "page"), 0);
    memset(f, 0, sizeof(*f));
    f->province_code = digits(apr_table_get(q, "province_code"), 2);
    f->lao_code = digits(apr_table_get(q, "lao_code"), 7);
    f->project_id = digits(apr_table_get(q, "project_id"), 0);
    if (year) {   /* a Buddhist-Era year of certification */
        int ce = carbon_ce_year(atoi(year));
        f->certified_from = carbon_iso_date(p, ce, 1, 1);
        f->certified_to = carbon_iso_date(p, ce, 12, 31);
    }
    f->page = page && strlen(page) < 7 ? atoll(page) : 1;
    f->per_page = PER_PAGE;
    if (echo) {
        json_object_set_new(echo, "province_code", f->province_code ? json_string(f->province_code) : json_null());
        json_object_set_new(echo, "lao_code", f->lao_code ? json_string(f->lao_code) : json_null());
        json_object_set_new(echo, "project_id", f->project_id ? json_string(f->project_id) : json_null());
        json_object_set_new(echo, "year", year ? json_string(year) : json_null());
    }
}

static int api_list(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_certification_filter f;
    json_t *items, *summary;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    read_filter(cr, carbon_query_args(cr), &f, NULL);
    if ((st = carbon_certifications_search(cr, db, &f, &items, &summary)))
        return db_trouble(cr, st);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:O,s:I,s:I}", "items", items, "summary", summary,
                                                   "total", carbon_row_int(summary, "total"),
                                                   "page", (json_int_t)f.page));
}

static int api_get(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_certification_get(cr, db, carbon_route_param(cr, 0), &row)))
        return db_trouble(cr, st);
    if (!row)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบข้อมูลการรับรองที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(row));
}

/* GET api/v1/lao-options?province_code=NN: the LAOs a user may pick. */
static int api_lao_options(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    const char *prov = digits(apr_table_get(carbon_query_args(cr), "province_code"), 2);
    json_t *rows;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if (!prov && cr->user->role == CARBON_ROLE_DLA)
        return carbon_send_errors(cr, json_pack("{s:s}", "province_code", "กรุณาเลือกจังหวัด"));
    if ((st = carbon_lao_options(cr, db, prov, &rows)))
        return db_trouble(cr, st);
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

/* ---- pages ---- */

/* Provinces, the LAOs of the chosen one, projects and years, each marked
 * with the chosen value, for the filters and the form. */
static carbon_db_status pickers(carbon_req *cr, carbon_db *db, json_t *ctx, const char *province_code,
                                const char *lao_code, const char *project_id)
{
    apr_pool_t *p = cr->r->pool;
    json_t *provinces, *laos = NULL, *projects;
    carbon_db_status st;
    if ((st = carbon_provinces_list(db, &provinces)))
        return st;
    carbon_json_pool(p, provinces);
    carbon_mark_selected(provinces, "province_code", province_code);
    if (province_code && (st = carbon_lao_options(cr, db, province_code, &laos)))
        return st;
    if (laos)
        carbon_mark_selected(laos, "lao_code", lao_code);
    if ((st = carbon_projects_list(p, db, &projects)))
        return st;
    carbon_mark_selected(projects, "id", project_id);
    json_object_set(ctx, "provinces", provinces);
    json_object_set(ctx, "laos", laos ? laos : json_array());
    json_object_set(ctx, "projects", projects);
    return CARBON_DB_OK;
}

static int list_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    carbon_certification_filter f;
    json_t *ctx = carbon_json_pool(p, json_object()), *filters = json_object(), *items, *summary, *years, *y;
    long long total, pages;
    const char *qs;
    size_t i;
    carbon_db_status st;
    json_object_set_new(ctx, "filters", filters);
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    read_filter(cr, q, &f, filters);
    if ((st = pickers(cr, db, ctx, f.province_code, f.lao_code, f.project_id))
        || (st = carbon_certification_years(db, &years))
        || (st = carbon_certifications_search(cr, db, &f, &items, &summary)))
        return db_trouble(cr, st);
    carbon_json_pool(p, years);
    json_array_foreach(years, i, y) {
        const char *be = apr_psprintf(p, "%d", carbon_be_year(atoi(carbon_row_str(y, "ce_year"))));
        json_object_set_new(y, "be_year", json_string(be));
    }
    carbon_mark_selected(years, "be_year", carbon_json_str(filters, "year"));
    json_object_set(ctx, "years", years);
    json_object_set(ctx, "items", items);
    json_object_set(ctx, "summary", summary);
    total = carbon_row_int(summary, "total");
    pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
    qs = apr_pstrcat(p, "province_code=", f.province_code ? f.province_code : "",
                     "&lao_code=", f.lao_code ? f.lao_code : "",
                     "&project_id=", f.project_id ? f.project_id : "",
                     "&year=", carbon_json_str(filters, "year") ? carbon_json_str(filters, "year") : "", NULL);
    json_object_set_new(ctx, "pager", json_pack("{s:I,s:I}", "page", (json_int_t)f.page, "pages", (json_int_t)pages));
    if (f.page > 1)
        json_object_set_new(json_object_get(ctx, "pager"), "prev",
                            json_string(apr_psprintf(p, "?%s&page=%" APR_INT64_T_FMT, qs, (apr_int64_t)(f.page - 1))));
    if (f.page < pages)
        json_object_set_new(json_object_get(ctx, "pager"), "next",
                            json_string(apr_psprintf(p, "?%s&page=%" APR_INT64_T_FMT, qs, (apr_int64_t)(f.page + 1))));
    return carbon_send_page(cr, HTTP_OK, "admin_certifications", "ข้อมูลการรับรองปริมาณคาร์บอนเครดิต", ctx);
}

/* The add form with values (as typed) and errors. */
static int form_page(carbon_req *cr, int status, json_t *values, json_t *errors, int files_dropped)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(cr->r->pool, json_object());
    const char *project_id = carbon_json_str(values, "project_id");
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = pickers(cr, db, ctx, digits(carbon_json_str(values, "province_code"), 2),
                      carbon_json_str(values, "lao_pick"), project_id)))
        return db_trouble(cr, st);
    if (!project_id) {   /* no choice yet: the default project */
        size_t i;
        json_t *row;
        json_array_foreach(json_object_get(ctx, "projects"), i, row)
            if (json_is_true(json_object_get(row, "is_default")))
                json_object_set_new(row, "selected", json_true());
    }
    json_object_set(ctx, "form", values);
    json_object_set(ctx, "errors", errors ? errors : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    if (files_dropped)
        json_object_set_new(ctx, "files_dropped", json_true());
    return carbon_send_page(cr, status, "admin_certification_form", "เพิ่มข้อมูลการรับรองปริมาณคาร์บอนเครดิต", ctx);
}

static int new_page(carbon_req *cr)
{
    apr_table_t *q = carbon_query_args(cr);
    json_t *values = carbon_json_pool(cr->r->pool, json_object());
    const char *prov = digits(apr_table_get(q, "province_code"), 2);
    if (prov)
        json_object_set_new(values, "province_code", json_string(prov));
    return form_page(cr, HTTP_OK, values, NULL, 0);
}

/* POST /admin/certifications: the form (multipart, with documents). The
 * LAO comes from the typed code, else from the list of the province. */
static int create_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *input = NULL, *errors = carbon_json_pool(p, json_object()), *created, *values;
    apr_array_header_t *docs;
    const char *typed, *picked;
    int any_file, rv = read_request(cr, &input, &docs, errors, &any_file);
    if (rv != OK) {
        const char *msg = carbon_json_str(input, "message");
        return msg ? carbon_send_error(cr, rv, msg) : carbon_send_body_error(cr, rv);
    }
    values = json_deep_copy(input);
    carbon_json_pool(p, values);
    typed = carbon_json_str(input, "lao_code");
    picked = carbon_json_str(input, "lao_pick");
    if ((!typed || !*typed) && picked && *picked)
        json_object_set_new(input, "lao_code", json_string(picked));
    rv = carbon_certification_create(cr, input, docs, errors, &created);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return form_page(cr, HTTP_UNPROCESSABLE_ENTITY, values, errors, any_file);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_redirect_local(cr, apr_psprintf(p, "/admin/certifications/%" APR_INT64_T_FMT "?saved=1",
                                                  (apr_int64_t)carbon_row_int(created, "id")));
}

static int view_page(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row, *ctx = carbon_json_pool(cr->r->pool, json_object());
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_certification_get(cr, db, carbon_route_param(cr, 0), &row)))
        return db_trouble(cr, st);
    if (!row)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบข้อมูลการรับรองที่ต้องการ");
    json_object_set(ctx, "c", row);
    if (apr_table_get(carbon_query_args(cr), "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, HTTP_OK, "admin_certification", "ข้อมูลการรับรองปริมาณคาร์บอนเครดิต", ctx);
}

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/admin/certifications",           list_page, DLA },
    { "GET",  "/admin/certifications/new",       new_page, DLA },
    { "POST", "/admin/certifications",           create_form, DLA | FORM },
    { "GET",  "/admin/certifications/{id}",      view_page, DLA },
    { "GET",  "/api/v1/certifications",          api_list, 0 },
    { "POST", "/api/v1/certifications",          api_create, DLA },
    { "GET",  "/api/v1/certifications/{id}",     api_get, 0 },
    { "GET",  "/api/v1/lao-options",             api_lao_options, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef DLA
#undef FORM
