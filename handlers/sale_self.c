/*
 * sale_self.c: การขายคาร์บอนเครดิต (แบบดำเนินการเอง), the self-operated
 * sale (MISSION.md section 2; rules in mod_carbon/trades.c).
 *
 * Pages: the LAO's page (credit summary, LAO information, trades in
 * progress, and the data-type switch between completed trades and
 * certified credits); the add / edit form in two steps (one form, steps
 * shown one at a time by JS, both without JS); the read-only view of a
 * trade (steps 1 and 2, and step 3 only once DLA confirmed it). An LAO user
 * sees its own LAO; a provincial office picks an LAO of its scope, DLA any
 * LAO (province, then LAO); only the LAO user adds and edits, and nobody
 * deletes here (DLA deletes from its confirmation menu).
 *
 * A refused form comes back with Thai messages next to the fields, every
 * value as typed, and the files that passed the checks kept as the user's
 * pending uploads ("แนบแล้ว: name.pdf"), so nothing has to be sent again.
 *
 * JSON (docs/API.md "Self-operated sales"): POST api/v1/sales/self,
 * GET api/v1/sales, GET / POST / DELETE api/v1/sales/{id},
 * POST api/v1/sales/{id}/confirm.
 */
#include "trade_view.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "certifications.h"
#include "projects.h"
#include "buyers.h"
#include "trades.h"
#include "ledger.h"
#include "listing.h"
#include "thaifmt.h"
#include "money.h"
#include "validate.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define DATA_CERTIFICATIONS "certifications"
#define DATA_COMPLETED "completed"
#define COMPLETED_PER_PAGE 50
#define TITLE "การขายคาร์บอนเครดิต (แบบดำเนินการเอง)"

static int db_trouble(carbon_req *cr, carbon_db_status st)
{
    return carbon_send_body_error(cr, st ? carbon_db_http_status(st) : HTTP_SERVICE_UNAVAILABLE);
}

/* The answer to a status from the trades core, as JSON or a page. */
static int trade_status_error(carbon_req *cr, int rv, const char *conflict_th)
{
    switch (rv) {
    case HTTP_NOT_FOUND:
        return carbon_send_error(cr, rv, CARBON_TRADE_NOT_FOUND_TH);
    case HTTP_FORBIDDEN:
        return carbon_send_error(cr, rv, cr->user && cr->user->role == CARBON_ROLE_LAO
                                         ? CARBON_TRADE_DLA_ONLY_TH : CARBON_TRADE_LAO_ONLY_TH);
    case HTTP_CONFLICT:
        return carbon_send_error(cr, rv, conflict_th ? conflict_th : CARBON_TRADE_NOT_PENDING_TH);
    default:
        return carbon_send_body_error(cr, rv);
    }
}

/* A body that could not be read. */
static int read_error(carbon_req *cr, int rv, const carbon_trade_input *in)
{
    if (in->message_th && rv != HTTP_FORBIDDEN)
        return carbon_send_error(cr, rv, in->message_th);
    return carbon_send_body_error(cr, rv);
}

/* ---- the LAO's page ------------------------------------------------------ */

/* The LAO pickers of a provincial office (its scope) or DLA (province,
 * then the province's LAOs). */
static int page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object()), *lao = NULL, *certs, *list;
    const char *lao_code;
    const char *data = apr_table_get(q, "data");
    carbon_db_status st;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if (!data || strcmp(data, DATA_COMPLETED))
        data = DATA_CERTIFICATIONS;
    json_object_set_new(ctx, "data", json_string(data));
    if ((rv = carbon_lao_of_page(cr, db, q, ctx, &lao)) == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    lao_code = lao ? carbon_row_str(lao, "lao_code") : NULL;
    if (lao) {
        json_t *balance = NULL;
        json_object_set(ctx, "lao", lao);
        if ((st = carbon_ledger_balance(cr, db, lao_code, &balance)))
            return db_trouble(cr, st);
        if (balance)
            json_object_set(ctx, "projects", json_object_get(balance, "projects"));
        if ((rv = carbon_trades_of_lao(cr, db, lao_code, CARBON_TRADE_IN_PROGRESS, &list)) != OK)
            return carbon_send_body_error(cr, rv);
        json_object_set(ctx, "in_progress", list);
        if (!strcmp(data, DATA_COMPLETED)) {
            /* Completed trades pile up over the years: a page at a time. */
            carbon_paging pg = carbon_paging_from(q, COMPLETED_PER_PAGE, CARBON_TRADES_PER_PAGE_MAX);
            carbon_trade_filters f = { 0 };
            long long total = 0;
            f.status = CARBON_TRADE_COMPLETED;
            f.lao_code = lao_code;
            f.page = pg.page;
            f.per_page = pg.per_page;
            if ((rv = carbon_trades_search(cr, db, &f, 0, &list, &total)) != OK)
                return carbon_send_body_error(cr, rv);
            json_object_set(ctx, "completed", list);
            json_object_set_new(ctx, "paging", carbon_paging_json(&pg, total));
            json_object_set_new(ctx, "list_path", json_string(apr_pstrcat(cr->r->pool, cr->base, "/sales/self", NULL)));
            json_object_set_new(ctx, "query", json_string(apr_pstrcat(cr->r->pool, "data=completed",
                cr->user->role == CARBON_ROLE_LAO ? "" : "&lao_code=", cr->user->role == CARBON_ROLE_LAO ? "" : lao_code,
                NULL)));
        } else {
            if ((st = carbon_certifications_of_lao(cr, db, lao_code, &certs)))
                return db_trouble(cr, st);
            json_object_set(ctx, "certifications", certs);
        }
    }
    if (apr_table_get(q, "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, HTTP_OK, "sale_self", TITLE, ctx);
}

/* ---- the add / edit form ------------------------------------------------- */

/* The document fields of one step: [{kind, label_th, is_required,
 * is_contract, multiple, existing, pending, error, can_remove}]. */
static json_t *doc_fields(int step, json_t *existing, json_t *pending, json_t *errors, long long total,
                          json_t *removed)
{
    const carbon_doc_kind *k;
    json_t *out = json_array();
    for (k = carbon_doc_kinds("trade_self"); k->kind; k++) {
        json_t *have = existing ? json_object_get(existing, k->kind) : NULL;
        json_t *kept = pending ? json_object_get(pending, k->kind) : NULL;
        int is_contract = !strcmp(k->kind, "contract");
        if (k->step != step || k->actor != CARBON_DOC_BY_SELLER)
            continue;
        json_array_append_new(out, json_pack(
            "{s:s,s:s,s:b,s:b,s:b,s:o,s:o,s:O?,s:b,s:b}",
            "kind", k->kind, "label_th", k->label_th,
            "is_required", carbon_doc_required(k, total),
            "is_contract", is_contract, "multiple", k->multiple,
            "existing", have ? json_incref(have) : json_array(),
            "pending", kept ? json_incref(kept) : json_array(),
            "error", errors ? json_object_get(errors, k->kind) : NULL,
            "can_remove", k->required != CARBON_DOC_ALWAYS && json_array_size(have) > 0,
            "is_removed", removed && json_object_get(removed, k->kind) != NULL));
    }
    return out;
}

/* Renders the form. values: the fields as typed (or as stored, for a new
 * edit); trade: the trade being edited, or NULL. */
static int form_page(carbon_req *cr, int status, json_t *values, json_t *trade, json_t *errors,
                     json_t *pending)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *projects, *lao = NULL, *buyer = NULL, *row, *balance;
    const char *project_id = carbon_json_str(values, "project_id");
    const char *buyer_id = carbon_json_str(values, "buyer_id");
    const char *qty_text = carbon_json_str(values, "quantity_tco2e");
    const char *price_text = carbon_json_str(values, "unit_price_baht");
    long long available, total = 0;
    int64_t qty = 0, unit = 0, t;
    size_t i;
    carbon_db_status st;
    int any_selected = 0;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((st = carbon_projects_list(p, db, &projects)))
        return db_trouble(cr, st);
    carbon_mark_selected(projects, "id", project_id);
    json_array_foreach(projects, i, row)
        any_selected |= json_is_true(json_object_get(row, "selected"));
    if (!any_selected)   /* no choice yet: the default project */
        json_array_foreach(projects, i, row)
            json_object_set(row, "selected", json_object_get(row, "is_default"));
    json_array_foreach(projects, i, row)
        if (json_is_true(json_object_get(row, "selected")))
            json_object_set(ctx, "project", row);
    json_object_set(ctx, "projects", projects);

    if (buyer_id && carbon_is_id(buyer_id) && carbon_buyer_get(cr, db, buyer_id, &buyer) == OK)
        json_object_set(ctx, "buyer", buyer);
    if ((st = carbon_lao_profile(cr, db, cr->user->lao_code, &lao)))
        return db_trouble(cr, st);
    json_object_set(ctx, "lao", lao);
    /* what the LAO can sell of each project (its remaining credits of that
     * project, plus this trade's own on an edit); the chosen one is checked */
    if ((st = carbon_ledger_balance(cr, db, cr->user->lao_code, &balance)))
        return db_trouble(cr, st);
    available = 0;
    json_array_foreach(projects, i, row) {
        long long can = 0;
        size_t j;
        json_t *pc;
        json_array_foreach(balance ? json_object_get(balance, "projects") : NULL, j, pc)
            if (carbon_row_int(pc, "project_id") == carbon_row_int(row, "id"))
                can = carbon_row_int(pc, "remaining_tco2e");
        if (trade && carbon_row_int(trade, "project_id") == carbon_row_int(row, "id"))
            can += carbon_row_int(trade, "quantity_tco2e");
        json_object_set_new(row, "available_tco2e", json_integer(can));
        if (json_is_true(json_object_get(row, "selected")))
            available = can;
    }
    json_object_set_new(ctx, "available_tco2e", json_integer(available));

    if (qty_text && carbon_parse_int64(qty_text, 1, 1000000000LL, &qty) == APR_SUCCESS && price_text
        && carbon_satang_parse(price_text, &unit) == APR_SUCCESS && unit > 0
        && carbon_satang_mul_qty(unit, qty, &t) == APR_SUCCESS) {
        total = t;
        json_object_set_new(ctx, "total_baht", json_string(carbon_satang_format(p, t)));
    }
    json_object_set_new(ctx, "contract_required", json_boolean(carbon_contract_required(total)));
    json_object_set_new(ctx, "contract_min_satang", json_integer(CARBON_CONTRACT_MIN_SATANG));

    json_object_set(ctx, "form", values);
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (errors && json_object_size(errors)) {
        const carbon_doc_kind *k;
        int step = 2;
        static const char *const step1_fields[] = { "project_id", "buyer_id", "ordered_on", "trade_type",
                                                    "quantity_tco2e", "unit_price_satang", NULL };
        for (i = 0; step1_fields[i]; i++)
            if (json_object_get(errors, step1_fields[i]))
                step = 1;
        for (k = carbon_doc_kinds("trade_self"); k->kind; k++)
            if (k->step == 1 && json_object_get(errors, k->kind))
                step = 1;
        json_object_set_new(ctx, "has_errors", json_true());
        json_object_set_new(ctx, "first_error_step", json_integer(step));
    }
    {
        json_t *existing = trade ? json_object_get(trade, "documents") : NULL;
        json_t *removed = json_object();
        const carbon_doc_kind *k;
        for (k = carbon_doc_kinds("trade_self"); k->kind; k++) {
            const char *flag = carbon_json_str(values, apr_pstrcat(p, "remove_", k->kind, NULL));
            if (flag && !strcmp(flag, "1"))
                json_object_set_new(removed, k->kind, json_true());
        }
        json_object_set_new(ctx, "step1_docs", doc_fields(1, existing, pending, errors, total, removed));
        json_object_set_new(ctx, "step2_docs", doc_fields(2, existing, pending, errors, total, removed));
        json_decref(removed);
    }
    if (trade) {
        json_object_set(ctx, "trade", trade);
        json_object_set_new(ctx, "action", json_string(apr_psprintf(p, "/sales/self/%" APR_INT64_T_FMT,
                                                                    (apr_int64_t)carbon_row_int(trade, "id"))));
    } else {
        json_object_set_new(ctx, "action", json_string("/sales/self"));
    }
    return carbon_send_page(cr, status, "sale_self_form",
                            trade ? "แก้ไขข้อมูลการขายคาร์บอนเครดิต (แบบดำเนินการเอง)"
                                  : "เพิ่มข้อมูลการขายคาร์บอนเครดิต (แบบดำเนินการเอง)", ctx);
}

static int new_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *values = carbon_json_pool(p, json_object());
    json_object_set_new(values, "ordered_on", json_string(carbon_be_date(p, carbon_today_iso(p, apr_time_now()))));
    return form_page(cr, HTTP_OK, values, NULL, NULL, NULL);
}

/* The form's values of a stored trade. */
static json_t *values_of_trade(apr_pool_t *p, json_t *trade)
{
    json_t *v = carbon_json_pool(p, json_object());
    const char *be = carbon_be_date(p, carbon_row_str(trade, "ordered_on"));
    json_object_set_new(v, "project_id", json_string(carbon_i64(p, carbon_row_int(trade, "project_id"))));
    json_object_set_new(v, "buyer_id", json_string(carbon_i64(p, carbon_row_int(trade, "buyer_id"))));
    json_object_set_new(v, "ordered_on", json_string(be ? be : ""));
    json_object_set(v, "trade_type", json_object_get(trade, "trade_type"));
    json_object_set_new(v, "quantity_tco2e", json_string(carbon_i64(p, carbon_row_int(trade, "quantity_tco2e"))));
    json_object_set_new(v, "unit_price_baht",
                        json_string(carbon_satang_format(p, carbon_row_int(trade, "unit_price_satang"))));
    return v;
}

/* The trade the LAO user may edit: OK with *trade, or an answer status. */
static int editable_trade(carbon_req *cr, carbon_db *db, const char *id, json_t **trade)
{
    int rv = carbon_trade_get(cr, db, id, trade);
    if (rv != OK)
        return rv;
    if (strcmp(carbon_row_str(*trade, "lao_code"), cr->user->lao_code))
        return HTTP_NOT_FOUND;
    if (!json_is_true(json_object_get(*trade, "can_edit")))
        return HTTP_CONFLICT;
    return OK;
}

static int edit_page(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = editable_trade(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return trade_status_error(cr, rv, CARBON_TRADE_NOT_EDITABLE_TH);
    return form_page(cr, HTTP_OK, values_of_trade(cr->r->pool, trade), trade, NULL, NULL);
}

/* A refused form: keep the files that passed as pending uploads, then
 * show the form again. */
static int refused_form(carbon_req *cr, const carbon_trade_input *in, json_t *trade, json_t *errors)
{
    json_t *pending = NULL;
    int rv = carbon_trade_keep_pending(cr, in, cr->user->lao_code, &pending);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return form_page(cr, HTTP_UNPROCESSABLE_ENTITY, in->fields, trade, errors, pending);
}

static int create_form(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_trade_create(cr, &in, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return refused_form(cr, &in, NULL, errors);
    if (rv != HTTP_CREATED)
        return trade_status_error(cr, rv, NULL);
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/sales/self/%" APR_INT64_T_FMT "?saved=1",
                                                  (apr_int64_t)carbon_row_int(trade, "id")));
}

static int update_form(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    const char *id = carbon_route_param(cr, 0), *conflict = NULL;
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade, *before;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    rv = carbon_trade_update(cr, id, &in, errors, &trade, &conflict);
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        if ((rv = editable_trade(cr, db, id, &before)) != OK)
            return trade_status_error(cr, rv, CARBON_TRADE_NOT_EDITABLE_TH);
        return refused_form(cr, &in, before, errors);
    }
    if (rv != OK)
        return trade_status_error(cr, rv, conflict);
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/sales/self/%s?saved=1", id));
}

/* ---- the read-only view -------------------------------------------------- */

static int view_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade, *ctx = carbon_json_pool(p, json_object()), *docs;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = carbon_trade_get(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return trade_status_error(cr, rv, NULL);
    docs = json_object_get(trade, "documents");
    json_object_set(ctx, "t", trade);
    json_object_set_new(ctx, "step1_docs", carbon_doc_step_view("trade_self", 1, docs, carbon_row_int(trade, "total_satang")));
    json_object_set_new(ctx, "step2_docs", carbon_doc_step_view("trade_self", 2, docs, carbon_row_int(trade, "total_satang")));
    json_object_set_new(ctx, "unit_price_baht",
                        json_string(carbon_satang_format(p, carbon_row_int(trade, "unit_price_satang"))));
    json_object_set_new(ctx, "total_baht",
                        json_string(carbon_satang_format(p, carbon_row_int(trade, "total_satang"))));
    json_object_set_new(ctx, "is_completed", json_boolean(!strcmp(carbon_row_str(trade, "status"),
                                                                  CARBON_TRADE_COMPLETED)));
    json_object_set_new(ctx, "is_deleted", json_boolean(!strcmp(carbon_row_str(trade, "status"),
                                                                CARBON_TRADE_DELETED)));
    if (cr->user->role != CARBON_ROLE_LAO)
        json_object_set_new(ctx, "back_query", json_string(apr_pstrcat(p, "?lao_code=",
                                                                       carbon_row_str(trade, "lao_code"), NULL)));
    if (apr_table_get(carbon_query_args(cr), "saved"))
        json_object_set_new(ctx, "saved", json_true());
    return carbon_send_page(cr, HTTP_OK, "sale_self_view",
                            apr_pstrcat(p, "ข้อมูลการขายคาร์บอนเครดิต ", carbon_row_str(trade, "order_no"), NULL),
                            ctx);
}

/* ---- JSON ---------------------------------------------------------------- */

static int api_create(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_trade_create(cr, &in, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != HTTP_CREATED)
        return trade_status_error(cr, rv, NULL);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(trade));
}

static int api_get(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = carbon_trade_get(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return trade_status_error(cr, rv, NULL);
    return carbon_send_json(cr, HTTP_OK, json_incref(trade));
}

static int api_update(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    const char *conflict = NULL;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_trade_update(cr, carbon_route_param(cr, 0), &in, errors, &trade, &conflict);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return trade_status_error(cr, rv, conflict);
    return carbon_send_json(cr, HTTP_OK, json_incref(trade));
}

static int api_confirm(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    rv = carbon_trade_confirm(cr, carbon_route_param(cr, 0), &in, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return trade_status_error(cr, rv, CARBON_TRADE_NOT_PENDING_TH);
    return carbon_send_json(cr, HTTP_OK, json_incref(trade));
}

static int api_delete(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *trade, *reason;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return read_error(cr, rv, &in);
    reason = json_object_get(in.fields, "reason");
    if (reason && !json_is_string(reason) && !json_is_null(reason))
        return carbon_send_errors(cr, json_pack("{s:s}", "reason", "เหตุผลการลบต้องเป็นข้อความ"));
    rv = carbon_trade_delete(cr, carbon_route_param(cr, 0), json_is_string(reason) ? json_string_value(reason) : NULL,
                             0, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != OK)
        return trade_status_error(cr, rv, CARBON_TRADE_NOT_PENDING_TH);
    return carbon_send_json(cr, HTTP_OK, json_incref(trade));
}

static int api_search(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *items;
    carbon_trade_filters f;
    long long total;
    int rv;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if ((rv = carbon_trade_filters_read(cr, carbon_query_args(cr), &f, errors)) != OK)
        return rv == HTTP_UNPROCESSABLE_ENTITY ? carbon_send_errors(cr, json_incref(errors))
                                               : carbon_send_body_error(cr, rv);
    if ((rv = carbon_trades_search(cr, db, &f, 0, &items, &total)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
                                                   "page", (json_int_t)f.page, "per_page", (json_int_t)f.per_page));
}

#define LAO CARBON_ROUTE_LAO
#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",    "/sales/self",                 page, 0 },
    { "POST",   "/sales/self",                 create_form, LAO | FORM },
    { "GET",    "/sales/self/new",             new_page, LAO },
    { "GET",    "/sales/self/{id}",            view_page, 0 },
    { "POST",   "/sales/self/{id}",            update_form, LAO | FORM },
    { "GET",    "/sales/self/{id}/edit",       edit_page, LAO },
    { "POST",   "/api/v1/sales/self",          api_create, LAO },
    { "GET",    "/api/v1/sales",               api_search, 0 },
    { "GET",    "/api/v1/sales/{id}",          api_get, 0 },
    { "POST",   "/api/v1/sales/{id}",          api_update, LAO },
    { "DELETE", "/api/v1/sales/{id}",          api_delete, DLA },
    { "POST",   "/api/v1/sales/{id}/confirm",  api_confirm, DLA },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef LAO
#undef DLA
#undef FORM
