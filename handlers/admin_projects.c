/*
 * admin_projects.c: DLA's master data of T-VER projects (ข้อมูลหลัก (สถ.) >
 * โครงการ): the list, add and edit pages, and the same operations as JSON.
 * Every signed-in role reads the projects (a sale names one); only DLA
 * writes them. The rules and the writes are in mod_carbon/projects.c.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "projects.h"
#include "sharing.h"
#include "listing.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define PAGE_LIST_TITLE "โครงการ"
#define PAGE_NEW_TITLE "เพิ่มโครงการ"
#define PAGE_EDIT_TITLE "แก้ไขโครงการ"

/* ---- shared ---- */

static int db_trouble(carbon_req *cr, carbon_db_status st)
{
    return carbon_send_body_error(cr, st ? carbon_db_http_status(st) : HTTP_SERVICE_UNAVAILABLE);
}

/* The rules with the one of code selected (for the form's list). */
static json_t *rules_for_form(carbon_req *cr, carbon_db *db, const char *code, carbon_db_status *st)
{
    json_t *rules;
    if ((*st = carbon_sharing_rules_list(cr->r->pool, db, &rules)))
        return NULL;
    carbon_mark_selected(rules, "sharing_rule_code", code);
    return rules;
}

/* ---- JSON ---- */

static int api_list(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rows;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_projects_list(cr->r->pool, db, &rows)))
        return db_trouble(cr, st);
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

static int api_get(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_project_get(cr->r->pool, db, carbon_route_param(cr, 0), &row)))
        return db_trouble(cr, st);
    if (!row)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบโครงการที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(row));
}

static int api_rules(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rows;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_sharing_rules_list(cr->r->pool, db, &rows)))
        return db_trouble(cr, st);
    return carbon_send_json(cr, HTTP_OK, json_incref(rows));
}

static int api_save(carbon_req *cr, const char *id)
{
    json_t *input, *errors, *saved;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_project_save(cr, id, input, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบโครงการที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, id ? HTTP_OK : HTTP_CREATED, json_incref(saved));
}

static int api_create(carbon_req *cr)
{
    return api_save(cr, NULL);
}

static int api_update(carbon_req *cr)
{
    return api_save(cr, carbon_route_param(cr, 0));
}

/* ---- pages ---- */

static int list_page(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(cr->r->pool, json_object()), *rows, *rules;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_projects_list(cr->r->pool, db, &rows))
        || (st = carbon_sharing_rules_list(cr->r->pool, db, &rules)))
        return db_trouble(cr, st);
    json_object_set(ctx, "projects", rows);
    json_object_set(ctx, "rules", rules);
    if (apr_table_get(q, "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, HTTP_OK, "admin_projects", PAGE_LIST_TITLE, ctx);
}

/* The form page: values (what to show in the fields), errors, the rules. */
static int form_page(carbon_req *cr, int status, const char *id, json_t *values, json_t *errors)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(cr->r->pool, json_object()), *rules;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if (!(rules = rules_for_form(cr, db, carbon_json_str(values, "sharing_rule_code"), &st)))
        return db_trouble(cr, st);
    json_object_set(ctx, "rules", rules);
    json_object_set(ctx, "form", values);
    json_object_set(ctx, "errors", errors ? errors : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    if (id) {
        json_object_set_new(ctx, "id", json_string(id));
        json_object_set_new(ctx, "action", json_string(apr_pstrcat(cr->r->pool, cr->base, "/admin/projects/", id, NULL)));
    } else {
        json_object_set_new(ctx, "action", json_string(apr_pstrcat(cr->r->pool, cr->base, "/admin/projects", NULL)));
    }
    return carbon_send_page(cr, status, "admin_project_form", id ? PAGE_EDIT_TITLE : PAGE_NEW_TITLE, ctx);
}

static int new_page(carbon_req *cr)
{
    json_t *values = carbon_json_pool(cr->r->pool, json_pack("{s:s,s:s}", "sharing_rule_code", "dla_programme",
                                                             "lao_share_pct", "100"));
    return form_page(cr, HTTP_OK, NULL, values, NULL);
}

static int edit_page(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *row;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_project_get(cr->r->pool, db, carbon_route_param(cr, 0), &row)))
        return db_trouble(cr, st);
    if (!row)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบโครงการที่ต้องการ");
    return form_page(cr, HTTP_OK, carbon_route_param(cr, 0), row, NULL);
}

/* The HTML form as the core's input. The LAO's share is typed as a
 * percentage, and only counts under a rule that lets it move; the other
 * parties' shares follow from the rule. */
static json_t *form_input(carbon_req *cr, apr_table_t *form, json_t *errors)
{
    static const char *const fields[] = { "name_th", "registrant_name", "tver_registrant_no",
                                          "sharing_rule_code", NULL };
    apr_pool_t *p = cr->r->pool;
    json_t *input = carbon_json_pool(p, json_object()), *rule = NULL;
    carbon_db *db = carbon_db_get(cr->r);
    const char *pct = apr_table_get(form, "lao_share_pct"), *code = apr_table_get(form, "sharing_rule_code");
    int i, bp;
    for (i = 0; fields[i]; i++)
        if (apr_table_get(form, fields[i]))
            json_object_set_new(input, fields[i], json_string(apr_table_get(form, fields[i])));
    json_object_set_new(input, "is_default", json_boolean(apr_table_get(form, "is_default") != NULL));
    if (db && code && carbon_sharing_rule_get(p, db, code, &rule) == CARBON_DB_OK && rule
        && json_is_true(json_object_get(rule, "is_adjustable")) && pct) {
        if (carbon_sharing_parse_percent(pct, &bp))
            json_object_set_new(errors, "lao_share_bp",
                                json_string("กรุณากรอกส่วนแบ่งของ อปท. เป็นร้อยละ 0 ถึง 100 "
                                            "(ทศนิยมไม่เกิน 2 ตำแหน่ง)"));
        else
            json_object_set_new(input, "lao_share_bp", json_integer(bp));
    }
    return input;
}

/* What the form shows again after a refusal: what was typed. */
static json_t *typed_values(apr_pool_t *p, apr_table_t *form)
{
    static const char *const fields[] = { "name_th", "registrant_name", "tver_registrant_no",
                                          "sharing_rule_code", "lao_share_pct", NULL };
    json_t *v = carbon_json_pool(p, json_object());
    int i;
    for (i = 0; fields[i]; i++)
        if (apr_table_get(form, fields[i]))
            json_object_set_new(v, fields[i], json_string(apr_table_get(form, fields[i])));
    json_object_set_new(v, "is_default", json_boolean(apr_table_get(form, "is_default") != NULL));
    return v;
}

static int form_save(carbon_req *cr, const char *id)
{
    apr_table_t *form;
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *input, *saved = NULL;
    int rv = carbon_read_form(cr, &form);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    input = form_input(cr, form, errors);
    if (!json_object_size(errors))
        rv = carbon_project_save(cr, id, input, errors, &saved);
    else
        rv = HTTP_UNPROCESSABLE_ENTITY;
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        json_t *values = typed_values(cr->r->pool, form);
        if (id) {   /* the default project's flag is not a form field: keep it */
            carbon_db *db = carbon_db_get(cr->r);
            json_t *row = NULL;
            if (db && carbon_project_get(cr->r->pool, db, id, &row) == CARBON_DB_OK && row
                && json_is_true(json_object_get(row, "is_default")))
                json_object_set_new(values, "is_default", json_true());
        }
        return form_page(cr, HTTP_UNPROCESSABLE_ENTITY, id, values, errors);
    }
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบโครงการที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/admin/projects?saved=%" APR_INT64_T_FMT,
                                                  (apr_int64_t)carbon_row_int(saved, "id")));
}

static int create_form(carbon_req *cr)
{
    return form_save(cr, NULL);
}

static int update_form(carbon_req *cr)
{
    return form_save(cr, carbon_route_param(cr, 0));
}

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/admin/projects",                 list_page, DLA },
    { "GET",  "/admin/projects/new",             new_page, DLA },
    { "POST", "/admin/projects",                 create_form, DLA | FORM },
    { "GET",  "/admin/projects/{id}/edit",       edit_page, DLA },
    { "POST", "/admin/projects/{id}",            update_form, DLA | FORM },
    { "GET",  "/api/v1/projects",                api_list, 0 },
    { "POST", "/api/v1/projects",                api_create, DLA },
    { "GET",  "/api/v1/projects/{id}",           api_get, 0 },
    { "PUT",  "/api/v1/projects/{id}",           api_update, DLA },
    { "GET",  "/api/v1/sharing-rules",           api_rules, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef DLA
#undef FORM
