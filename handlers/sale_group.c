/*
 * sale_group.c: การขายคาร์บอนเครดิต (แบบรวมกลุ่ม), the group sale
 * (MISSION.md section 3; rules in mod_carbon/group_sales.c).
 *
 * Pages: the list (a provincial office: the sales it organises, with
 * "add"; an LAO: the sales it takes part in; search by order number, buyer
 * and order dates, keyset pages; DLA goes to its confirmation queue); the
 * add form (province); one sale, step by step, with the form of whatever
 * the signed-in user may do in the sale's step (consent or decline, the
 * representative's steps 2 to 4, each LAO's receipt, the province's
 * change of participants). A refused form shows the sale again with the
 * Thai messages, the files that passed kept as pending uploads.
 *
 * JSON (docs/API.md "Group sales"): POST api/v1/sales/group,
 * GET api/v1/sales/group, and the steps POST api/v1/sales/{id}/consent |
 * participants | trade | transfer | receipt | submit | delete_request.
 * The step routes are kind-neutral: carbon_trade_act runs the step table
 * of the trade's own kind, so another kind of sale with steps of these
 * names uses the same routes.
 */
#include "trade_view.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "projects.h"
#include "certifications.h"
#include "buyers.h"
#include "trades.h"
#include "group_sales.h"
#include "documents.h"
#include "listing.h"
#include "thaifmt.h"
#include "money.h"
#include "validate.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define TITLE "การขายคาร์บอนเครดิต (แบบรวมกลุ่ม)"
#define PER_PAGE 20

static int db_trouble(carbon_req *cr)
{
    return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
}

/* The first message of errors (a 409 told by a step's check). */
static const char *first_error(json_t *errors)
{
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v)
        if (json_is_string(v))
            return json_string_value(v);
    return NULL;
}

static int status_error(carbon_req *cr, int rv, const char *conflict_th, json_t *errors)
{
    switch (rv) {
    case HTTP_NOT_FOUND:
        return carbon_send_error(cr, rv, CARBON_TRADE_NOT_FOUND_TH);
    case HTTP_FORBIDDEN:
        return carbon_send_error(cr, rv, "ผู้ใช้งานนี้ไม่มีสิทธิ์ดำเนินการขั้นตอนนี้ของการขายแบบรวมกลุ่ม");
    case HTTP_CONFLICT:
        return carbon_send_error(cr, rv, conflict_th ? conflict_th
                                         : first_error(errors) ? first_error(errors) : CARBON_TRADE_NOT_PENDING_TH);
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

/* A refused form: the files that passed become pending uploads of the
 * user (its LAO's, or its provincial office's) and come back as "แนบแล้ว"
 * choices, so nothing has to be sent again: *pending {kind: [files]}. The
 * per-LAO slips are not kept (a pending file names no LAO). */
static int keep_pending(carbon_req *cr, const carbon_trade_input *in, json_t **pending)
{
    apr_array_header_t *files = apr_array_make(cr->r->pool, in->files->nelts + 1, sizeof(carbon_doc_file));
    int i;
    for (i = 0; i < in->files->nelts; i++) {
        const carbon_doc_file *df = &APR_ARRAY_IDX(in->files, i, carbon_doc_file);
        if (strcmp(df->kind, "lao_transfer_slip"))
            APR_ARRAY_PUSH(files, carbon_doc_file) = *df;
    }
    return carbon_doc_keep_pending_owned(cr, CARBON_GROUP_RECORD, files, in->pending, cr->user->lao_code,
                                         cr->user->lao_code ? NULL : cr->user->province_code, pending);
}

/* ---- the lists ------------------------------------------------------------------ */

static const carbon_vfield search_fields[] = {
    { "order_no", CARBON_V_TEXT, 0, 1, 30, "เลขที่คำสั่งซื้อ" },
    { "buyer", CARBON_V_TEXT, 0, 1, 100, "ชื่อผู้ซื้อ" },
    { "ordered_from", CARBON_V_DATE, 0, 0, 0, "วันที่สั่งซื้อ" },
    { "ordered_to", CARBON_V_DATE, 0, 0, 0, "ถึงวันที่" },
    { "before_on", CARBON_V_DATE, 0, 0, 0, "หน้าถัดไป" },
    { "before_id", CARBON_V_INT, 0, 1, 999999999999999LL, "หน้าถัดไป" },
    { "per_page", CARBON_V_INT, 0, 1, CARBON_TRADES_PER_PAGE_MAX, "จำนวนรายการต่อหน้า" },
    { NULL }
};

static const char *const search_keys[] = { "order_no", "buyer", "ordered_from", "ordered_to", "province_code",
                                           NULL };

/* Reads the filters; 422 with errors when one is wrong. */
static int read_filters(carbon_req *cr, apr_table_t *q, carbon_group_filters *f, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *input = carbon_json_pool(p, json_object()), *clean;
    const carbon_vfield *fld;
    const char *v;
    memset(f, 0, sizeof(*f));
    for (fld = search_fields; fld->name; fld++)
        if ((v = carbon_query_value(p, q, fld->name)))
            json_object_set_new(input, fld->name, json_string(v));
    clean = carbon_json_pool(p, carbon_validate(search_fields, input, errors));
    f->order_no = carbon_json_str(clean, "order_no");
    f->buyer = carbon_json_str(clean, "buyer");
    f->ordered_from = carbon_json_str(clean, "ordered_from");
    f->ordered_to = carbon_json_str(clean, "ordered_to");
    f->before_on = carbon_json_str(clean, "before_on");
    if (json_object_get(clean, "before_id"))
        f->before_id = carbon_i64(p, json_integer_value(json_object_get(clean, "before_id")));
    f->per_page = json_object_get(clean, "per_page") ? json_integer_value(json_object_get(clean, "per_page"))
                                                     : PER_PAGE;
    if ((v = carbon_query_value(p, q, "status")) && (!strcmp(v, CARBON_TRADE_IN_PROGRESS)
                                                     || !strcmp(v, CARBON_TRADE_COMPLETED)))
        f->status = v;
    if (f->ordered_from && f->ordered_to && strcmp(f->ordered_from, f->ordered_to) > 0)
        json_object_set_new(errors, "ordered_to", json_string("วันที่สั่งซื้อถึงต้องไม่ก่อนวันที่สั่งซื้อตั้งแต่"));
    return json_object_size(errors) ? HTTP_UNPROCESSABLE_ENTITY : OK;
}

/* The list of the signed-in user (province: its own; LAO: its lines; DLA:
 * the province of province_code). */
static int list_for_user(carbon_req *cr, carbon_db *db, apr_table_t *q, const carbon_group_filters *f,
                         json_t **items, int *more)
{
    const carbon_user *u = cr->user;
    if (u->role == CARBON_ROLE_LAO)
        return carbon_group_list_lao(cr, db, u->lao_code, f, items, more);
    if (u->role == CARBON_ROLE_PROVINCE)
        return carbon_group_list_province(cr, db, u->province_code, f, items, more);
    {
        const char *pv = carbon_query_value(cr->r->pool, q, "province_code");
        if (!pv || strlen(pv) != 2) {
            *items = carbon_json_pool(cr->r->pool, json_array());
            *more = 0;
            return OK;
        }
        return carbon_group_list_province(cr, db, pv, f, items, more);
    }
}

static const char *next_query(apr_pool_t *p, apr_table_t *q, json_t *items)
{
    json_t *last = json_array_get(items, json_array_size(items) - 1);
    const char *base = carbon_listing_query(p, q, search_keys);
    return apr_psprintf(p, "%s%sbefore_on=%s&before_id=%" APR_INT64_T_FMT, base, *base ? "&" : "",
                        carbon_json_str(last, "ordered_on"), (apr_int64_t)carbon_row_int(last, "id"));
}

static int list_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object()), *errors = json_object(), *filters = json_object(), *items;
    carbon_group_filters f;
    int rv, more = 0;
    if (!db)
        return db_trouble(cr);
    if (cr->user->role == CARBON_ROLE_DLA) {   /* DLA picks the province (its queue lists them all) */
        json_t *provinces = NULL;
        carbon_db_status st = carbon_provinces_list(db, &provinces);
        if (st)
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        carbon_json_pool(p, provinces);
        carbon_mark_selected(provinces, "province_code", carbon_query_value(p, q, "province_code"));
        json_object_set(ctx, "provinces", provinces);
    }
    json_object_set_new(ctx, "errors", errors);
    json_object_set_new(ctx, "filters", filters);
    carbon_listing_filters_into(filters, p, q, search_keys);
    rv = read_filters(cr, q, &f, errors);
    if (rv == OK) {
        if ((rv = list_for_user(cr, db, q, &f, &items, &more)) != OK)
            return status_error(cr, rv, NULL, NULL);
        json_object_set(ctx, "items", items);
        if (more)
            json_object_set_new(ctx, "next_query", json_string(next_query(p, q, items)));
    } else if (rv != HTTP_UNPROCESSABLE_ENTITY) {
        return carbon_send_body_error(cr, rv);
    }
    json_object_set_new(ctx, "is_province", json_boolean(cr->user->role == CARBON_ROLE_PROVINCE));
    json_object_set_new(ctx, "is_lao", json_boolean(cr->user->role == CARBON_ROLE_LAO));
    json_object_set_new(ctx, "is_paged", json_boolean(carbon_query_value(p, q, "before_id") != NULL));
    if (cr->user->lao_code) {
        json_t *lao = NULL;
        if (carbon_lao_profile(cr, db, cr->user->lao_code, &lao) == CARBON_DB_OK && lao)
            json_object_set(ctx, "lao", lao);
    }
    return carbon_send_page(cr, rv == OK ? HTTP_OK : HTTP_UNPROCESSABLE_ENTITY, "sale_group", TITLE, ctx);
}

static int api_list(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *items;
    carbon_group_filters f;
    int rv, more = 0;
    if (!db)
        return db_trouble(cr);
    if ((rv = read_filters(cr, q, &f, errors)) != OK)
        return rv == HTTP_UNPROCESSABLE_ENTITY ? carbon_send_errors(cr, json_incref(errors))
                                               : carbon_send_body_error(cr, rv);
    if ((rv = list_for_user(cr, db, q, &f, &items, &more)) != OK)
        return status_error(cr, rv, NULL, NULL);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:b}", "items", items, "has_more", more));
}

/* ---- the add form ---------------------------------------------------------------- */

static int form_page(carbon_req *cr, int status, json_t *values, json_t *errors, json_t *pending)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *projects, *laos, *row, *buyer = NULL;
    const char *project_id = carbon_json_str(values, "project_id");
    const char *buyer_id = carbon_json_str(values, "buyer_id");
    const char *rep = carbon_json_str(values, "representative_lao_code");
    long long chosen = 0;
    size_t i;
    int rv, any = 0;
    carbon_db_status st;
    if (!db)
        return db_trouble(cr);
    if ((st = carbon_projects_list(p, db, &projects)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_mark_selected(projects, "id", project_id);
    json_array_foreach(projects, i, row)
        any |= json_is_true(json_object_get(row, "selected"));
    json_array_foreach(projects, i, row) {
        if (!any)
            json_object_set(row, "selected", json_object_get(row, "is_default"));
        if (json_is_true(json_object_get(row, "selected")))
            chosen = carbon_row_int(row, "id");
    }
    json_object_set(ctx, "projects", projects);
    if ((rv = carbon_group_scope_laos(cr, db, chosen, &laos)) != OK)
        return carbon_send_body_error(cr, rv);
    json_array_foreach(laos, i, row) {
        const char *code = carbon_json_str(row, "lao_code");
        const char *qkey = apr_pstrcat(p, "qty_", code, NULL);
        json_object_set_new(row, "qty", json_string(carbon_json_str(values, qkey) ? carbon_json_str(values, qkey) : ""));
        json_object_set_new(row, "is_rep", json_boolean(rep && !strcmp(rep, code)));
        if (errors && json_object_get(errors, qkey))
            json_object_set(row, "error", json_object_get(errors, qkey));
    }
    json_object_set(ctx, "laos", laos);
    if (buyer_id && carbon_is_id(buyer_id) && carbon_buyer_get(cr, db, buyer_id, &buyer) == OK)
        json_object_set(ctx, "buyer", buyer);
    json_object_set(ctx, "form", values);
    if (pending)
        json_object_set(ctx, "pending", pending);
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    json_object_set_new(ctx, "contract_min_satang", json_integer(CARBON_CONTRACT_MIN_SATANG));
    return carbon_send_page(cr, status, "sale_group_form", "เพิ่มข้อมูลการขายคาร์บอนเครดิต (แบบรวมกลุ่ม)", ctx);
}

static int new_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *values = carbon_json_pool(p, json_object());
    const char *project = carbon_query_value(p, carbon_query_args(cr), "project_id");
    json_object_set_new(values, "ordered_on", json_string(carbon_be_date(p, carbon_today_iso(p, apr_time_now()))));
    if (project)
        json_object_set_new(values, "project_id", json_string(project));
    return form_page(cr, HTTP_OK, values, NULL, NULL);
}

static int create_form(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    carbon_trade_input in;
    int rv = carbon_trade_read_request_for(cr, CARBON_GROUP_RECORD, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_group_create(cr, &in, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        json_t *pending = NULL;
        if ((rv = keep_pending(cr, &in, &pending)) != OK)
            return carbon_send_body_error(cr, rv);
        return form_page(cr, HTTP_UNPROCESSABLE_ENTITY, in.fields, errors, pending);
    }
    if (rv != HTTP_CREATED)
        return status_error(cr, rv, NULL, errors);
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/sales/group/%" APR_INT64_T_FMT "?saved=1",
                                                  (apr_int64_t)carbon_row_int(trade, "id")));
}

static int api_create(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    carbon_trade_input in;
    int rv = carbon_trade_read_request_for(cr, CARBON_GROUP_RECORD, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_group_create(cr, &in, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != HTTP_CREATED)
        return status_error(cr, rv, NULL, errors);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(trade));
}

/* ---- one sale ----------------------------------------------------------------------- */

/* The documents of one step of the sale for the page, the lines' own (the
 * power of attorney, the per-LAO slips) included. */
static json_t *step_docs(json_t *trade, int step)
{
    return carbon_trade_step_documents(trade, step);
}

static json_t *line_of_code(json_t *trade, const char *lao_code)
{
    json_t *line;
    size_t i;
    json_array_foreach(json_object_get(trade, "participants"), i, line)
        if (lao_code && !strcmp(carbon_json_str(line, "lao_code"), lao_code))
            return line;
    return NULL;
}

static int step_is(json_t *trade, const char *step)
{
    return !strcmp(carbon_json_str(trade, "step"), step);
}

static int view_page_with(carbon_req *cr, int status, json_t *trade, json_t *errors, const char *alert,
                          json_t *pending)
{
    apr_pool_t *p = cr->r->pool;
    json_t *ctx = carbon_json_pool(p, json_object()), *line, *mine = NULL;
    const carbon_user *u = cr->user;
    int in_progress = !strcmp(carbon_json_str(trade, "status"), CARBON_TRADE_IN_PROGRESS);
    int is_rep = 0, is_province, receipts = 0;
    size_t i, n = json_array_size(json_object_get(trade, "participants"));
    const char *slips = "";
    json_array_foreach(json_object_get(trade, "participants"), i, line) {
        json_t *docs = json_object_get(line, "documents");
        if (u->role == CARBON_ROLE_LAO && !strcmp(carbon_json_str(line, "lao_code"), u->lao_code))
            mine = line;
        json_object_set_new(line, "is_rep", json_boolean(!strcmp(carbon_json_str(line, "role"), "representative")));
        json_object_set_new(line, "role_th", json_string(!strcmp(carbon_json_str(line, "role"), "representative")
                                                         ? "ผู้แทนในการขาย" : "ผู้มีส่วนร่วม"));
        json_object_set_new(line, "consent_th", json_string(
            !strcmp(carbon_json_str(line, "consent"), "consented") ? "ยินยอม"
            : !strcmp(carbon_json_str(line, "consent"), "declined") ? "ไม่ยินยอม" : "รอการยินยอม"));
        json_object_set(line, "power_of_attorney", json_object_get(docs, "power_of_attorney"));
        json_object_set(line, "slips", json_object_get(docs, "lao_transfer_slip"));
        json_object_set(line, "receipts", json_object_get(docs, "lao_receipt"));
        json_object_set_new(line, "qty_text", json_string(carbon_i64(p, carbon_row_int(line, "quantity_tco2e"))));
        receipts += json_array_size(json_object_get(docs, "lao_receipt")) > 0;
        slips = apr_pstrcat(p, slips, *slips ? "," : "", carbon_json_str(line, "lao_code"), NULL);
    }
    is_rep = mine && !strcmp(carbon_json_str(mine, "role"), "representative");
    is_province = u->role == CARBON_ROLE_PROVINCE && carbon_json_str(trade, "organiser_province_code")
                  && u->province_code && !strcmp(u->province_code, carbon_json_str(trade, "organiser_province_code"));
    carbon_trade_view_prepare(trade);
    json_object_set(ctx, "t", trade);
    json_object_set_new(ctx, "step_th", json_string(carbon_group_step_th(carbon_json_str(trade, "step"))));
    json_object_set_new(ctx, "step1_docs", step_docs(trade, 1));
    json_object_set_new(ctx, "step2_docs", step_docs(trade, 2));
    json_object_set_new(ctx, "step3_docs", step_docs(trade, 3));
    json_object_set_new(ctx, "slip_laos", json_string(slips));
    json_object_set_new(ctx, "receipt_count", json_integer((json_int_t)receipts));
    json_object_set_new(ctx, "line_count", json_integer((json_int_t)n));
    if (mine)
        json_object_set(ctx, "mine", mine);
    json_object_set_new(ctx, "is_rep", json_boolean(is_rep));
    json_object_set_new(ctx, "is_province", json_boolean(is_province));
    json_object_set_new(ctx, "contract_required",
                        json_boolean(carbon_contract_required(carbon_row_int(trade, "total_satang"))));
    /* what the user may do now */
    json_object_set_new(ctx, "can_consent", json_boolean(in_progress && mine && step_is(trade, "consent")
                                                         && !strcmp(carbon_json_str(mine, "consent"), "pending")));
    json_object_set_new(ctx, "can_participants", json_boolean(in_progress && is_province
                                                              && (step_is(trade, "consent")
                                                                  || step_is(trade, "declined"))));
    json_object_set_new(ctx, "can_ask_delete", json_boolean(in_progress && is_province && step_is(trade, "declined")));
    json_object_set_new(ctx, "can_trade", json_boolean(in_progress && is_rep && step_is(trade, "trade")));
    json_object_set_new(ctx, "can_transfer", json_boolean(in_progress && is_rep && step_is(trade, "transfer")));
    json_object_set_new(ctx, "can_receipt", json_boolean(in_progress && mine && step_is(trade, "receipts")));
    json_object_set_new(ctx, "can_submit", json_boolean(in_progress && is_rep && step_is(trade, "receipts")));
    json_object_set_new(ctx, "all_receipts", json_boolean((size_t)receipts == n));
    json_object_set_new(ctx, "show_steps_2", json_boolean(!step_is(trade, "consent") && !step_is(trade, "declined")));
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (pending)
        json_object_set(ctx, "pending", pending);
    {
        carbon_db *db = carbon_db_get(cr->r);
        json_t *events = NULL, *laos = NULL, *row;
        int rv;
        if (!db)
            return db_trouble(cr);
        if ((rv = carbon_group_events(cr, db, trade, &events)) != OK)
            return carbon_send_body_error(cr, rv);
        json_array_foreach(events, i, row) {
            json_t *l = line_of_code(trade, carbon_json_str(row, "lao_code"));
            if (l)
                json_object_set(row, "lao_name", json_object_get(l, "lao_name"));
            json_object_set_new(row, "is_decline", json_boolean(!strcmp(carbon_json_str(row, "action"), "decline")));
        }
        json_object_set(ctx, "events", events);
        if (json_is_true(json_object_get(ctx, "can_participants"))) {
            /* the province's change: every LAO of its scope, this sale's quantities filled in */
            if ((rv = carbon_group_scope_laos(cr, db, carbon_row_int(trade, "project_id"), &laos)) != OK)
                return carbon_send_body_error(cr, rv);
            json_array_foreach(laos, i, row) {
                json_t *l = line_of_code(trade, carbon_json_str(row, "lao_code"));
                int reserved = l && !strcmp(carbon_json_str(l, "ledger"), "reserved");
                json_object_set_new(row, "qty", json_string(l ? carbon_i64(p, carbon_row_int(l, "quantity_tco2e")) : ""));
                json_object_set_new(row, "is_rep", json_boolean(l && json_is_true(json_object_get(l, "is_rep"))));
                json_object_set_new(row, "remaining_tco2e",
                                    json_integer(carbon_row_int(row, "remaining_tco2e")
                                                 + (reserved ? carbon_row_int(l, "quantity_tco2e") : 0)));
                if (errors && json_object_get(errors, apr_pstrcat(p, "qty_", carbon_json_str(row, "lao_code"), NULL)))
                    json_object_set(row, "error",
                                    json_object_get(errors, apr_pstrcat(p, "qty_", carbon_json_str(row, "lao_code"), NULL)));
            }
            json_object_set(ctx, "laos", laos);
        }
    }
    if (alert)
        json_object_set_new(ctx, "alert", json_string(alert));
    if (apr_table_get(carbon_query_args(cr), "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, status, "sale_group_view",
                            apr_pstrcat(p, "การขายแบบรวมกลุ่ม ", carbon_json_str(trade, "order_no"), NULL), ctx);
}

static int view_page(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade;
    int rv;
    if (!db)
        return db_trouble(cr);
    if ((rv = carbon_trade_get(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return status_error(cr, rv, NULL, NULL);
    return view_page_with(cr, HTTP_OK, trade, NULL, NULL, NULL);
}

/* A step posted from the sale's page: back to the page, with the messages
 * when refused. */
static int step_form(carbon_req *cr, const char *name)
{
    carbon_db *db = carbon_db_get(cr->r);
    const char *id = carbon_route_param(cr, 0), *conflict = NULL;
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade = NULL, *pending = NULL;
    carbon_trade_input in;
    int rv = carbon_trade_read_request_for(cr, CARBON_GROUP_RECORD, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    if (!db)
        return db_trouble(cr);
    if (!strcmp(name, "consent"))
        name = carbon_group_consent_step(&in);
    if (!json_object_size(errors))
        rv = carbon_trade_act(cr, name, id, &in, errors, NULL, &trade, &conflict);
    else
        rv = HTTP_UNPROCESSABLE_ENTITY;
    if (rv == OK)
        return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/sales/group/%s?saved=1", id));
    if (rv != HTTP_UNPROCESSABLE_ENTITY && rv != HTTP_CONFLICT)
        return status_error(cr, rv, conflict, errors);
    if ((rv == HTTP_UNPROCESSABLE_ENTITY || rv == HTTP_CONFLICT)
        && carbon_trade_get(cr, db, id, &trade) != OK)
        return status_error(cr, HTTP_NOT_FOUND, NULL, NULL);
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {   /* the form comes back: keep what passed */
        int kept = keep_pending(cr, &in, &pending);
        if (kept != OK)
            return carbon_send_body_error(cr, kept);
    }
    return view_page_with(cr, rv, trade, errors,
                          rv == HTTP_CONFLICT ? (conflict ? conflict : first_error(errors))
                                              : "ยังบันทึกไม่ได้ กรุณาตรวจสอบข้อมูลที่แจ้งไว้", pending);
}

static int consent_form(carbon_req *cr) { return step_form(cr, "consent"); }
static int participants_form(carbon_req *cr) { return step_form(cr, "participants"); }
static int ask_delete_form(carbon_req *cr) { return step_form(cr, "ask_delete"); }
static int trade_form(carbon_req *cr) { return step_form(cr, "trade"); }
static int transfer_form(carbon_req *cr) { return step_form(cr, "transfer"); }
static int receipt_form(carbon_req *cr) { return step_form(cr, "receipt"); }
static int submit_form(carbon_req *cr) { return step_form(cr, "submit"); }

/* ---- JSON steps -------------------------------------------------------------------- */

/* POST api/v1/sales/{id}/<step>: one set of routes for the steps of every
 * kind of trade (the group and the delegated sale): carbon_trade_act runs
 * the step of that name of the trade's own kind, whose table checks the
 * actor (a route flag would refuse DLA's "trade" of a delegated sale). A
 * "consent": false is the step "decline" in both tables. */
static int api_step(carbon_req *cr, const char *name)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    const char *conflict = NULL;
    carbon_trade_input in;
    int rv = carbon_trade_read_request_for(cr, CARBON_GROUP_RECORD, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    if (!strcmp(name, "consent"))
        name = carbon_group_consent_step(&in);
    rv = carbon_trade_act(cr, name, carbon_route_param(cr, 0), &in, errors, NULL, &trade, &conflict);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return status_error(cr, rv, conflict, errors);
    return carbon_send_json(cr, HTTP_OK, json_incref(trade));
}

static int api_consent(carbon_req *cr) { return api_step(cr, "consent"); }
static int api_participants(carbon_req *cr) { return api_step(cr, "participants"); }
static int api_ask_delete(carbon_req *cr) { return api_step(cr, "ask_delete"); }
static int api_trade(carbon_req *cr) { return api_step(cr, "trade"); }
static int api_transfer(carbon_req *cr) { return api_step(cr, "transfer"); }
static int api_receipt(carbon_req *cr) { return api_step(cr, "receipt"); }
static int api_submit(carbon_req *cr) { return api_step(cr, "submit"); }

#define LAO CARBON_ROUTE_LAO
#define PROVINCE CARBON_ROUTE_PROVINCE
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/sales/group",                         list_page, 0 },
    { "POST", "/sales/group",                         create_form, PROVINCE | FORM },
    { "GET",  "/sales/group/new",                     new_page, PROVINCE },
    { "GET",  "/sales/group/{id}",                    view_page, 0 },
    { "POST", "/sales/group/{id}/consent",            consent_form, LAO | FORM },
    { "POST", "/sales/group/{id}/participants",       participants_form, PROVINCE | FORM },
    { "POST", "/sales/group/{id}/delete_request",     ask_delete_form, PROVINCE | FORM },
    { "POST", "/sales/group/{id}/trade",              trade_form, LAO | FORM },
    { "POST", "/sales/group/{id}/transfer",           transfer_form, LAO | FORM },
    { "POST", "/sales/group/{id}/receipt",            receipt_form, LAO | FORM },
    { "POST", "/sales/group/{id}/submit",             submit_form, LAO | FORM },
    { "POST", "/api/v1/sales/group",                  api_create, PROVINCE },
    { "GET",  "/api/v1/sales/group",                  api_list, 0 },
    { "POST", "/api/v1/sales/{id}/consent",           api_consent, LAO },
    { "POST", "/api/v1/sales/{id}/participants",      api_participants, 0 },
    { "POST", "/api/v1/sales/{id}/delete_request",    api_ask_delete, PROVINCE },
    { "POST", "/api/v1/sales/{id}/trade",             api_trade, 0 },
    { "POST", "/api/v1/sales/{id}/transfer",          api_transfer, LAO },
    { "POST", "/api/v1/sales/{id}/receipt",           api_receipt, LAO },
    { "POST", "/api/v1/sales/{id}/submit",            api_submit, LAO },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef LAO
#undef PROVINCE
#undef FORM
