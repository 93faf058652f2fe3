/*
 * spending.c: การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต (MISSION.md section 5;
 * rules in mod_carbon/spending.c, the budget in mod_carbon/budget.c).
 *
 * Pages: the LAO's page (its budget at a glance, the add form, its records
 * with fiscal year, round, status and step: ข้อมูลรายจ่าย, and its income:
 * ข้อมูลรายรับ); a record's page (its steps; for the LAO user the form of
 * the step due: step 1 รายการจ่าย, step 2 ยืนยันข้อมูล; view only once
 * completed). A provincial office picks an LAO of its scope, DLA any LAO
 * (province, then LAO); only the LAO user writes.
 *
 * JSON (docs/API.md "Spending the revenue"): GET api/v1/laos/{code}/budget,
 * POST api/v1/spending, GET api/v1/spending, GET api/v1/spending/{id},
 * POST api/v1/spending/{id}/item, POST api/v1/spending/{id}/complete.
 */
#include "router.h"
#include "http.h"
#include "db.h"
#include "spending.h"
#include "budget.h"
#include "codes.h"
#include "certifications.h"
#include "listing.h"
#include "thaifmt.h"
#include "money.h"
#include "validate.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define TITLE "การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต"

static int db_trouble(carbon_req *cr, carbon_db_status st)
{
    return carbon_send_body_error(cr, st ? carbon_db_http_status(st) : HTTP_SERVICE_UNAVAILABLE);
}

static const char *digits(const char *s, size_t len)
{
    size_t n = s ? strlen(s) : 0, i;
    if (n != len)
        return NULL;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return NULL;
    return s;
}

static int status_error(carbon_req *cr, int rv)
{
    switch (rv) {
    case HTTP_NOT_FOUND:
        return carbon_send_error(cr, rv, CARBON_SPENDING_NOT_FOUND_TH);
    case HTTP_FORBIDDEN:
        return carbon_send_error(cr, rv, CARBON_SPENDING_LAO_ONLY_TH);
    case HTTP_CONFLICT:
        return carbon_send_error(cr, rv, CARBON_SPENDING_WRONG_STEP_TH);
    default:
        return carbon_send_body_error(cr, rv);
    }
}

static int read_error(carbon_req *cr, int rv, const carbon_trade_input *in)
{
    if (in->message_th && rv != HTTP_FORBIDDEN)
        return carbon_send_error(cr, rv, in->message_th);
    return carbon_send_body_error(cr, rv);
}

/* ---- the LAO's page ------------------------------------------------------ */

/* The page; form / errors: the add form as typed when refused. */
static int page_with(carbon_req *cr, int status, json_t *form, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object()), *lao = NULL, *budget = NULL, *list, *income, *years, *y;
    const char *lao_code;
    carbon_db_status st;
    int rv;
    size_t i;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = carbon_lao_of_page(cr, db, q, ctx, &lao)) == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    lao_code = lao ? carbon_row_str(lao, "lao_code") : NULL;
    if (lao) {
        json_object_set(ctx, "lao", lao);
        if ((st = carbon_budget_get(cr, db, lao_code, &budget)) || !budget)
            return db_trouble(cr, st);
        json_object_set(ctx, "budget", budget);
        if ((st = carbon_spending_list(cr, db, lao_code, 0, &list)))
            return db_trouble(cr, st);
        json_object_set(ctx, "records", list);
        if ((st = carbon_spending_income(cr, db, lao_code, &income)))
            return db_trouble(cr, st);
        json_object_set(ctx, "income", income);
        years = carbon_spending_years(cr, db, lao_code);
        json_object_set(ctx, "years", years);
        if (!form) {
            form = carbon_json_pool(p, json_object());
            json_object_set_new(form, "fiscal_year", json_integer(carbon_current_fiscal_year_be(apr_time_now())));
        }
        {
            json_t *opts = carbon_json_pool(p, json_array());
            json_t *chosen = json_object_get(form, "fiscal_year");
            const char *chosen_text = json_is_string(chosen) ? json_string_value(chosen) : NULL;
            json_int_t cv = json_is_integer(chosen) ? json_integer_value(chosen) : chosen_text ? atoll(chosen_text) : 0;
            json_array_foreach(years, i, y)
                json_array_append_new(opts, json_pack("{s:I,s:b}", "year", json_integer_value(y),
                                                      "selected", json_integer_value(y) == cv));
            json_object_set(ctx, "year_options", opts);
        }
    }
    json_object_set(ctx, "form", form ? form : json_object());
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    if (apr_table_get(q, "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, status, "spending", TITLE, ctx);
}

static int page(carbon_req *cr)
{
    return page_with(cr, HTTP_OK, NULL, NULL);
}

static int create_form(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *rec;
    carbon_trade_input in;
    int rv = carbon_spending_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_spending_create(cr, in.fields, errors, &rec);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return page_with(cr, rv, in.fields, errors);
    if (rv != HTTP_CREATED)
        return status_error(cr, rv);
    if (json_is_true(json_object_get(rec, "has_action")))
        return carbon_redirect_local(cr, apr_pstrcat(cr->r->pool, "/spending/",
                                                     carbon_i64(cr->r->pool, carbon_row_int(rec, "id")), "?saved=1", NULL));
    return carbon_redirect_local(cr, "/spending?saved=1");
}

/* ---- a record ------------------------------------------------------------ */

static json_t *doc_fields(apr_pool_t *p, int step, json_t *pending, json_t *errors)
{
    const carbon_doc_kind *k;
    json_t *out = carbon_json_pool(p, json_array());
    for (k = carbon_doc_kinds("spending"); k->kind; k++) {
        json_t *kept = pending ? json_object_get(pending, k->kind) : NULL;
        if (k->step != step)
            continue;
        json_array_append_new(out, json_pack("{s:s,s:s,s:b,s:o,s:O?}", "kind", k->kind, "label_th", k->label_th,
                                             "is_required", k->required == CARBON_DOC_ALWAYS,
                                             "pending", kept ? json_incref(kept) : json_array(),
                                             "error", errors ? json_object_get(errors, k->kind) : NULL));
    }
    return out;
}

static int record_page(carbon_req *cr, int status, json_t *form, json_t *errors, json_t *pending)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *rec, *types = NULL, *budget = NULL;
    const char *step;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = carbon_spending_get(cr, db, carbon_route_param(cr, 0), &rec)) != OK)
        return status_error(cr, rv);
    step = carbon_json_str(rec, "step");
    json_object_set(ctx, "s", rec);
    json_object_set_new(ctx, "request_docs", carbon_doc_step_view("spending", 1, json_object_get(rec, "documents"), 0));
    json_object_set_new(ctx, "spending_docs", carbon_doc_step_view("spending", 2, json_object_get(rec, "documents"), 0));
    if (!strcmp(step, "confirm") || !strcmp(step, "completed"))
        json_object_set_new(ctx, "item_done", json_true());
    if (json_is_true(json_object_get(rec, "can_act"))) {
        if (!form) {
            form = carbon_json_pool(p, json_object());
            if (!strcmp(step, "confirm"))
                json_object_set_new(form, "completed_on", json_string(carbon_be_date(p, carbon_today_iso(p, apr_time_now()))));
        }
        if (!strcmp(step, "item")) {
            if ((rv = carbon_codes_of(cr, "spending_project_type", 0, &types)) != OK)
                return carbon_send_body_error(cr, rv);
            carbon_mark_selected(types, "code", carbon_json_str(form, "project_type"));
            json_object_set(ctx, "project_types", types);
            if ((rv = carbon_budget_get(cr, db, cr->user->lao_code, &budget)) || !budget)
                return db_trouble(cr, rv);
            json_object_set(ctx, "budget", budget);
            json_object_set_new(ctx, "available_baht",
                                json_string(carbon_satang_format(p, carbon_row_int(budget, "available_satang"))));
            json_object_set_new(ctx, "item_form", json_true());
            json_object_set_new(ctx, "step1_docs", doc_fields(p, 1, pending, errors));
        } else {
            json_object_set_new(ctx, "complete_form", json_true());
            json_object_set_new(ctx, "step2_docs", doc_fields(p, 2, pending, errors));
        }
    }
    if (cr->user->role != CARBON_ROLE_LAO)
        json_object_set_new(ctx, "back_query", json_string(apr_pstrcat(p, "?lao_code=", carbon_json_str(rec, "lao_code"), NULL)));
    json_object_set(ctx, "form", form ? form : json_object());
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    if (apr_table_get(carbon_query_args(cr), "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, status, "spending_view",
                            apr_pstrcat(p, "ข้อมูลการใช้จ่ายรายได้ ปีงบประมาณ ", carbon_i64(p, carbon_row_int(rec, "fiscal_year")),
                                        " รอบที่ ", carbon_i64(p, carbon_row_int(rec, "round")), NULL),
                            ctx);
}

static int view_page(carbon_req *cr)
{
    return record_page(cr, HTTP_OK, NULL, NULL, NULL);
}

static int step_form(carbon_req *cr, int completing)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *rec, *pending = NULL;
    const char *id = carbon_route_param(cr, 0);
    carbon_trade_input in;
    int rv = carbon_spending_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = completing ? carbon_spending_complete(cr, id, &in, errors, &rec) : carbon_spending_item(cr, id, &in, errors, &rec);
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        if ((rv = carbon_spending_keep_pending(cr, &in, &pending)) != OK)
            return carbon_send_body_error(cr, rv);
        return record_page(cr, HTTP_UNPROCESSABLE_ENTITY, in.fields, errors, pending);
    }
    if (rv != OK)
        return status_error(cr, rv);
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/spending/%s?saved=1", id));
}

static int item_form(carbon_req *cr)
{
    return step_form(cr, 0);
}

static int complete_form(carbon_req *cr)
{
    return step_form(cr, 1);
}

/* ---- JSON ---------------------------------------------------------------- */

static int api_budget(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *budget;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_budget_get(cr, db, carbon_route_param(cr, 0), &budget)))
        return db_trouble(cr, st);
    if (!budget)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:O,s:O}", "income_satang", json_object_get(budget, "income_satang"),
                                                   "committed_satang", json_object_get(budget, "committed_satang"),
                                                   "available_satang", json_object_get(budget, "available_satang")));
}

static int api_create(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *rec;
    carbon_trade_input in;
    int rv = carbon_spending_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_spending_create(cr, in.fields, errors, &rec);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != HTTP_CREATED)
        return status_error(cr, rv);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(rec));
}

static int api_step(carbon_req *cr, int completing)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *rec;
    carbon_trade_input in;
    int rv = carbon_spending_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = completing ? carbon_spending_complete(cr, carbon_route_param(cr, 0), &in, errors, &rec)
                    : carbon_spending_item(cr, carbon_route_param(cr, 0), &in, errors, &rec);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return status_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(rec));
}

static int api_item(carbon_req *cr)
{
    return api_step(cr, 0);
}

static int api_complete(carbon_req *cr)
{
    return api_step(cr, 1);
}

static int api_get(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *rec;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = carbon_spending_get(cr, db, carbon_route_param(cr, 0), &rec)) != OK)
        return status_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_incref(rec));
}

static int api_list(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    const char *lao = apr_table_get(q, "lao_code"), *fy = apr_table_get(q, "fiscal_year");
    json_t *items, *budget = NULL;
    int64_t year = 0;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((!lao || !*lao) && cr->user->role == CARBON_ROLE_LAO)
        lao = cr->user->lao_code;
    if (!digits(lao, 7))
        return carbon_send_errors(cr, json_pack("{s:s}", "lao_code", "กรุณาระบุรหัส อปท. 7 หลัก"));
    if (fy && *fy && carbon_parse_int64(fy, 2500, 2700, &year) != APR_SUCCESS)
        return carbon_send_errors(cr, json_pack("{s:s}", "fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569"));
    if ((st = carbon_budget_get(cr, db, lao, &budget)))
        return db_trouble(cr, st);
    if (!budget)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    if ((st = carbon_spending_list(cr, db, lao, (int)year, &items)))
        return db_trouble(cr, st);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

#define LAO CARBON_ROUTE_LAO
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/spending",                        page, 0 },
    { "POST", "/spending",                        create_form, LAO | FORM },
    { "GET",  "/spending/{id}",                   view_page, 0 },
    { "POST", "/spending/{id}/item",              item_form, LAO | FORM },
    { "POST", "/spending/{id}/complete",          complete_form, LAO | FORM },
    { "GET",  "/api/v1/laos/{code}/budget",       api_budget, 0 },
    { "POST", "/api/v1/spending",                 api_create, LAO },
    { "GET",  "/api/v1/spending",                 api_list, 0 },
    { "GET",  "/api/v1/spending/{id}",            api_get, 0 },
    { "POST", "/api/v1/spending/{id}/item",       api_item, LAO },
    { "POST", "/api/v1/spending/{id}/complete",   api_complete, LAO },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef LAO
#undef FORM
