/*
 * admin_confirm.c: ยืนยันการขาย อปท. (DLA). The queue of trades waiting
 * for DLA's confirmation, of all three kinds (แบบดำเนินการเอง, แบบรวมกลุ่ม,
 * อปท. มอบ สถ. ขาย), with filters (province, LAO, order number, buyer, order
 * dates, kind) and a status switch to see completed and deleted trades;
 * one trade read-only (steps 1 and 2 with every document, the LAO's
 * balance) with two actions: confirm (step 3: date, the T-VER transfer or
 * cancellation reference, note, document) and delete (with a reason,
 * after a confirmation page). Rules, SQL and the ledger moves are the
 * core's (mod_carbon/trades.c); this file turns requests into calls on it.
 *
 * The pages keep the queue's filters in their query string, so that after
 * an action the officer lands on the same filtered queue with a notice.
 *
 * The read-only trade view (its labels and preparation) is the core's
 * (mod_carbon/trade_view.h), shared with the provincial office's pages and
 * the LAO's; the partial is trade_view_steps.html.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "trades.h"
#include "trade_view.h"
#include "certifications.h"
#include "listing.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define TITLE_QUEUE "ยืนยันการขาย อปท."
#define TITLE_TRADE "ตรวจสอบและยืนยันการขาย"
#define TITLE_DELETE "ลบรายการซื้อขาย"
#define QUEUE_PATH "/admin/confirm"
#define PER_PAGE 20

#define REASON_MAX 1000

/* The queue's filters: what links and redirects carry. */
static const char *const filter_keys[] = {
    "status", "kind", "province_code", "lao_code", "order_no", "buyer", "ordered_from", "ordered_to",
    "per_page", NULL
};
/* The same without the status: the status switch keeps the other filters. */
static const char *const switch_keys[] = {
    "kind", "province_code", "lao_code", "order_no", "buyer", "ordered_from", "ordered_to", "per_page", NULL
};

/* ---- small helpers ------------------------------------------------------- */

static int status_answer(carbon_req *cr, int rv)
{
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, HTTP_NOT_FOUND, CARBON_TRADE_NOT_FOUND_TH);
    if (rv == HTTP_FORBIDDEN)
        return carbon_send_error(cr, HTTP_FORBIDDEN, CARBON_TRADE_DLA_ONLY_TH);
    return carbon_send_body_error(cr, rv);
}

/* The value when it is a code of exactly len digits, else NULL. */
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

/* The queue's filters of a request, as a query string ("" when none). */
static const char *queue_query(carbon_req *cr)
{
    return carbon_listing_query(cr->r->pool, carbon_query_args(cr), filter_keys);
}

/* path + "?" + query (when there is one). */
static const char *with_query(apr_pool_t *p, const char *path, const char *query, const char *more)
{
    const char *q = apr_pstrcat(p, query, *query && more && *more ? "&" : "", more ? more : "", NULL);
    return *q ? apr_pstrcat(p, path, "?", q, NULL) : path;
}

/* ---- the queue ------------------------------------------------------------ */

/* A notice after an action: ?confirmed=<id> or ?deleted=<id>, shown only
 * when that trade really is in that state (a link cannot make one up). */
static void action_notice(carbon_req *cr, carbon_db *db, apr_table_t *q, json_t *ctx)
{
    static const struct {
        const char *flag, *status;
    } notices[] = { { "confirmed", CARBON_TRADE_COMPLETED }, { "deleted", CARBON_TRADE_DELETED }, { NULL, NULL } };
    int i;
    for (i = 0; notices[i].flag; i++) {
        const char *id = apr_table_get(q, notices[i].flag);
        json_t *trade = NULL;
        if (!id || carbon_trade_get(cr, db, id, &trade) != OK || !trade)
            continue;
        if (!carbon_json_str(trade, "status") || strcmp(carbon_json_str(trade, "status"), notices[i].status))
            continue;
        json_object_set_new(trade, "kind_th", json_string(carbon_trade_kind_th(carbon_json_str(trade, "kind"))));
        json_object_set_new(ctx, "notice", json_pack("{s:s,s:O}", "action", notices[i].flag, "trade", trade));
        return;
    }
}

/* How many trades of each kind wait for confirmation (the queue's tabs). */
static int waiting_counts(carbon_req *cr, carbon_db *db, json_t *ctx, const char *chosen_kind)
{
    json_t *tabs = json_array(), *rows, *row;
    const carbon_trade_kind_label *k;
    long long all = 0;
    size_t j;
    int rv;
    json_object_set_new(ctx, "kind_tabs", tabs);
    if ((rv = carbon_trades_waiting_counts(cr, db, &rows)) != OK)
        return rv;
    for (k = carbon_trade_kinds; k->code; k++) {
        long long total = 0;
        json_array_foreach(rows, j, row)
            if (carbon_json_str(row, "kind") && !strcmp(carbon_json_str(row, "kind"), k->code))
                total = carbon_row_int(row, "waiting_count");
        all += total;
        json_array_append_new(tabs, json_pack("{s:s,s:s,s:I,s:b}", "kind", k->code, "kind_th", k->th,
                                              "waiting_count", (json_int_t)total,
                                              "is_current", chosen_kind && !strcmp(chosen_kind, k->code)));
    }
    json_object_set_new(ctx, "waiting_count", json_integer(all));
    return OK;
}

static int queue_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = apr_table_copy(p, carbon_query_args(cr));
    json_t *ctx = carbon_json_pool(p, json_object()), *errors = json_object(), *filters = json_object();
    json_t *items = NULL, *provinces = NULL, *laos = NULL, *kind_options = json_array();
    carbon_trade_filters f;
    carbon_paging pg;
    const char *status, *province_code, *lao_code;
    long long total = 0;
    const carbon_trade_kind_label *k;
    carbon_db_status st;
    int rv, rv2;
    json_object_set_new(ctx, "errors", errors);
    json_object_set_new(ctx, "filters", filters);
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    status = carbon_query_value(p, q, "status");
    if (!status)
        apr_table_setn(q, "status", CARBON_TRADE_IN_PROGRESS);   /* the queue: what waits */
    carbon_listing_filters_into(filters, p, q, filter_keys);
    status = carbon_query_value(p, q, "status");
    rv = carbon_trade_filters_read(cr, q, &f, errors);
    if (rv != OK && rv != HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_body_error(cr, rv);
    if (rv == OK) {
        if (!f.per_page)
            f.per_page = PER_PAGE;
        if ((rv = carbon_trades_search(cr, db, &f, !strcmp(status, CARBON_TRADE_IN_PROGRESS), &items, &total))
            != OK)
            return carbon_send_body_error(cr, rv);
        pg.page = f.page > 0 ? f.page : 1;
        pg.per_page = f.per_page;
        pg.offset = (pg.page - 1) * pg.per_page;
        carbon_trade_items_prepare(items, pg.offset + 1);
        json_object_set(ctx, "items", items);
        json_object_set_new(ctx, "paging", carbon_paging_json(&pg, total));
    } else {
        json_object_set_new(ctx, "has_errors", json_true());
    }
    if ((rv2 = waiting_counts(cr, db, ctx, carbon_json_str(filters, "kind"))) != OK)
        return carbon_send_body_error(cr, rv2);
    /* the pickers: province, then its LAOs (lao_picker.js refills them) */
    province_code = digits(carbon_query_value(p, q, "province_code"), 2);
    lao_code = digits(carbon_query_value(p, q, "lao_code"), 7);
    if ((st = carbon_provinces_list(db, &provinces)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_json_pool(p, provinces);
    carbon_mark_selected(provinces, "province_code", province_code);
    json_object_set(ctx, "provinces", provinces);
    if (province_code) {
        if ((st = carbon_lao_options(cr, db, province_code, &laos)))
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        carbon_mark_selected(laos, "lao_code", lao_code);
        json_object_set(ctx, "laos", laos);
    }
    for (k = carbon_trade_kinds; k->code; k++)
        json_array_append_new(kind_options, json_pack("{s:s,s:s}", "code", k->code, "name_th", k->th));
    carbon_mark_selected(kind_options, "code", carbon_json_str(filters, "kind"));
    json_object_set_new(ctx, "kinds", kind_options);
    json_object_set_new(ctx, "status", json_string(status));
    json_object_set_new(ctx, "query", json_string(carbon_listing_query(p, q, filter_keys)));
    json_object_set_new(ctx, "switch_query", json_string(carbon_listing_query(p, q, switch_keys)));
    json_object_set_new(ctx, "list_path", json_string(apr_pstrcat(p, cr->base, QUEUE_PATH, NULL)));
    json_object_set_new(ctx, "today", json_string(carbon_today_iso(p, apr_time_now())));
    action_notice(cr, db, carbon_query_args(cr), ctx);
    return carbon_send_page(cr, rv == OK ? HTTP_OK : HTTP_UNPROCESSABLE_ENTITY, "admin_confirm_queue",
                            TITLE_QUEUE, ctx);
}

/* ---- one trade ------------------------------------------------------------ */

/* The trade page: the trade read-only, the LAO's balance and, while it is
 * in progress, the confirmation form (values and errors when refused). */
static int trade_page(carbon_req *cr, int status, json_t *trade, json_t *values, json_t *errors,
                      const char *alert_th)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *lao = NULL;
    const char *back = queue_query(cr);
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((st = carbon_lao_profile(cr, db, carbon_json_str(trade, "lao_code"), &lao)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_trade_view_prepare(trade);
    json_object_set(ctx, "t", trade);
    if (lao)
        json_object_set(ctx, "lao", lao);
    if (!values) {
        values = json_pack("{s:s}", "confirmed_on", carbon_be_date(p, carbon_today_iso(p, apr_time_now())));
        carbon_json_pool(p, values);
    }
    json_object_set(ctx, "form", values);
    json_object_set(ctx, "errors", errors ? errors : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    if (alert_th)
        json_object_set_new(ctx, "alert", json_string(alert_th));
    json_object_set_new(ctx, "back_query", json_string(back));
    json_object_set_new(ctx, "queue_href", json_string(with_query(p, apr_pstrcat(p, cr->base, QUEUE_PATH, NULL),
                                                                  back, NULL)));
    return carbon_send_page(cr, status, "admin_confirm_trade",
                            apr_pstrcat(p, TITLE_TRADE, " ", carbon_json_str(trade, "order_no"), NULL), ctx);
}

static int trade_view(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade = NULL;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_get(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return status_answer(cr, rv);
    return trade_page(cr, HTTP_OK, trade, NULL, NULL, NULL);
}

/* After an action: back to the queue it came from, with the notice. */
static int back_to_queue(carbon_req *cr, const char *flag, json_t *trade)
{
    apr_pool_t *p = cr->r->pool;
    return carbon_redirect_local(cr, with_query(p, QUEUE_PATH, queue_query(cr),
                                                apr_psprintf(p, "%s=%" APR_INT64_T_FMT, flag,
                                                             (apr_int64_t)carbon_row_int(trade, "id"))));
}

/* A refused action on a trade that is no longer in progress (or changed):
 * the trade as it is now, with the message. */
static int conflict_page(carbon_req *cr, const char *id, const char *message_th)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade = NULL;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_get(cr, db, id, &trade)) != OK)
        return status_answer(cr, rv);
    return trade_page(cr, HTTP_CONFLICT, trade, NULL, NULL, message_th);
}

/* POST /admin/confirm/{id}/confirm: the confirmation form (multipart). */
static int confirm_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    const char *id = carbon_route_param(cr, 0);
    json_t *errors = carbon_json_pool(p, json_object()), *trade = NULL, *values, *pending = NULL, *doc;
    carbon_trade_input in;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return in.message_th ? carbon_send_error(cr, rv, in.message_th) : carbon_send_body_error(cr, rv);
    rv = carbon_trade_confirm(cr, id, &in, errors, &trade);
    if (rv == OK)
        return back_to_queue(cr, "confirmed", trade);
    if (rv == HTTP_CONFLICT)
        return conflict_page(cr, id, CARBON_TRADE_NOT_PENDING_TH);
    if (rv != HTTP_UNPROCESSABLE_ENTITY)
        return status_answer(cr, rv);
    {
        carbon_db *db = carbon_db_get(cr->r);
        if (!db)
            return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
        if ((rv = carbon_trade_get(cr, db, id, &trade)) != OK)
            return status_answer(cr, rv);
    }
    values = carbon_json_pool(p, json_deep_copy(in.fields));
    /* a document that passed its checks is kept (pending) so that it need
     * not be chosen again; the form sends its id back */
    if ((rv = carbon_trade_keep_pending(cr, &in, carbon_json_str(trade, "lao_code"), &pending)) != OK)
        return carbon_send_body_error(cr, rv);
    doc = json_array_get(json_object_get(pending, "confirmation_doc"), 0);
    if (doc)
        json_object_set(values, "pending_document", doc);
    return trade_page(cr, HTTP_UNPROCESSABLE_ENTITY, trade, values, errors, NULL);
}

/* The delete confirmation page (reason and the final button). */
static int delete_page(carbon_req *cr, int status, json_t *trade, const char *reason, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *lao = NULL;
    const char *back = queue_query(cr);
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((st = carbon_lao_profile(cr, db, carbon_json_str(trade, "lao_code"), &lao)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_trade_view_prepare(trade);
    json_object_set(ctx, "t", trade);
    if (lao) {
        json_object_set(ctx, "lao", lao);
        json_object_set_new(ctx, "remaining_after",
                            json_integer(carbon_row_int(lao, "remaining_tco2e") + carbon_row_int(trade, "quantity_tco2e")));
    }
    json_object_set_new(ctx, "reason", json_string(reason ? reason : ""));
    json_object_set(ctx, "errors", errors ? errors : json_object());
    json_object_set_new(ctx, "back_query", json_string(back));
    json_object_set_new(ctx, "queue_href", json_string(with_query(p, apr_pstrcat(p, cr->base, QUEUE_PATH, NULL),
                                                                  back, NULL)));
    json_object_set_new(ctx, "reason_max", json_integer(REASON_MAX));
    return carbon_send_page(cr, status, "admin_confirm_delete",
                            apr_pstrcat(p, TITLE_DELETE, " ", carbon_json_str(trade, "order_no"), NULL), ctx);
}

static int delete_view(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *trade = NULL;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_get(cr, db, carbon_route_param(cr, 0), &trade)) != OK)
        return status_answer(cr, rv);
    if (!json_is_true(json_object_get(trade, "can_delete")))
        return trade_page(cr, HTTP_CONFLICT, trade, NULL, NULL, CARBON_TRADE_NOT_PENDING_TH);
    return delete_page(cr, HTTP_OK, trade, NULL, NULL);
}

/* POST /admin/confirm/{id}/delete: the reason form (urlencoded). */
static int delete_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    const char *id = carbon_route_param(cr, 0), *reason;
    json_t *errors = carbon_json_pool(p, json_object()), *trade = NULL;
    carbon_trade_input in;
    carbon_db *db;
    int rv = carbon_trade_read_request(cr, &in, errors);
    if (rv != OK)
        return in.message_th ? carbon_send_error(cr, rv, in.message_th) : carbon_send_body_error(cr, rv);
    reason = carbon_json_str(in.fields, "reason");
    rv = carbon_trade_delete(cr, id, reason, 1, errors, &trade);
    if (rv == OK)
        return back_to_queue(cr, "deleted", trade);
    if (rv == HTTP_CONFLICT)
        return conflict_page(cr, id, CARBON_TRADE_NOT_PENDING_TH);
    if (rv != HTTP_UNPROCESSABLE_ENTITY)
        return status_answer(cr, rv);
    if (!(db = carbon_db_get(cr->r)))
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_get(cr, db, id, &trade)) != OK)
        return status_answer(cr, rv);
    return delete_page(cr, HTTP_UNPROCESSABLE_ENTITY, trade, reason, errors);
}

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/admin/confirm",                 queue_page, DLA },
    { "GET",  "/admin/confirm/{id}",            trade_view, DLA },
    { "POST", "/admin/confirm/{id}/confirm",    confirm_form, DLA | FORM },
    { "GET",  "/admin/confirm/{id}/delete",     delete_view, DLA },
    { "POST", "/admin/confirm/{id}/delete",     delete_form, DLA | FORM },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef DLA
#undef FORM
