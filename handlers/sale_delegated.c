/*
 * sale_delegated.c: การขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย), the sale
 * delegated to DLA (MISSION.md section 4; rules in
 * mod_carbon/delegated_sales.c). HTTP and templates only.
 *
 * Pages: the list with the manual's search (province, district, LAO fixed
 * for an LAO user; order number, buyer name, order dates; search, show
 * all), DLA's add form (buyer from the registry in the self sale's dialog,
 * templates/static/sale_self.js), and one sale's page, which shows each
 * user what it may do now: a provincial office its LAOs' lines (quantity
 * per LAO, checked against its remaining credits of the project); an LAO
 * step 1 ตรวจสอบเอกสาร (save-and-consent, or decline with a reason) and step
 * 2 ใบเสร็จรับเงิน (waiting, with a Thai message, until DLA uploaded its
 * documents); DLA its documents (payment evidence, contract, one transfer
 * slip per LAO, other documents), the missing receipts, and the way to its
 * confirmation queue. The confirmation step shows only once completed.
 *
 * Forms send files; they are stored first (like POST api/v1/files) and
 * the step is then taken with their ids, as the JSON API does.
 *
 * JSON (docs/API.md "Sales delegated to DLA"): POST / GET
 * api/v1/sales/delegated; POST api/v1/sales/{id}/participants | consent |
 * trade | receipt, which take the step of the trade's own kind
 * (carbon_trade_act), so every kind that has such a step shares them.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "tx.h"
#include "upload.h"
#include "trades.h"
#include "trade_view.h"
#include "delegated_sales.h"
#include "documents.h"
#include "projects.h"
#include "buyers.h"
#include "ledger.h"
#include "certifications.h"
#include "listing.h"
#include "thaifmt.h"
#include "money.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define TITLE "การขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย)"
#define PATH "/sales/delegated"

/* ---- answers --------------------------------------------------------------- */

static int status_error(carbon_req *cr, int rv, const char *conflict_th)
{
    switch (rv) {
    case HTTP_NOT_FOUND:
        return carbon_send_error(cr, rv, CARBON_TRADE_NOT_FOUND_TH);
    case HTTP_FORBIDDEN:
        return carbon_send_error(cr, rv, "ท่านไม่มีสิทธิ์ดำเนินการขั้นตอนนี้ของรายการขาย (อปท. มอบ สถ. ขาย)");
    case HTTP_CONFLICT:
        return carbon_send_error(cr, rv, conflict_th ? conflict_th : CARBON_TRADE_NOT_PENDING_TH);
    default:
        return carbon_send_body_error(cr, rv);
    }
}

/* ---- JSON ------------------------------------------------------------------ */

static int api_create(carbon_req *cr)
{
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *body, *trade;
    int rv = carbon_read_json(cr, &body);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    rv = carbon_delegated_create(cr, body, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv != HTTP_CREATED)
        return rv == HTTP_FORBIDDEN ? carbon_send_error(cr, rv, CARBON_DELEGATED_DLA_ONLY_TH) : status_error(cr, rv, NULL);
    return carbon_send_json(cr, HTTP_CREATED, json_incref(trade));
}

static int api_search(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *errors = carbon_json_pool(cr->r->pool, json_object()), *items;
    carbon_trade_filters f;
    long long total;
    int rv;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_filters_read(cr, carbon_query_args(cr), &f, errors)) != OK)
        return rv == HTTP_UNPROCESSABLE_ENTITY ? carbon_send_errors(cr, json_incref(errors))
                                               : carbon_send_body_error(cr, rv);
    if ((rv = carbon_delegated_search(cr, db, &f, &items, &total)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
                                                   "page", (json_int_t)(f.page > 0 ? f.page : 1),
                                                   "per_page", (json_int_t)f.per_page));
}

/* The steps' API (POST api/v1/sales/{id}/participants | consent | trade |
 * receipt) is one set of routes for every kind (handlers/sale_group.c):
 * carbon_trade_act runs the step of the trade's own kind. */

/* ---- forms: files first ------------------------------------------------------ */

typedef struct {
    apr_array_header_t *files;   /* carbon_upload_file */
    apr_array_header_t *names;   /* const char *: each file's field */
    json_t *ids;                 /* field -> [id] */
} stored_files;

static int store_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    stored_files *sf = baton;
    const carbon_user *u = cr->user;
    int i;
    (void)audit;
    for (i = 0; i < sf->files->nelts; i++) {
        json_int_t id = 0;
        const char *name = APR_ARRAY_IDX(sf->names, i, const char *);
        carbon_db_status st = carbon_upload_store(cr, db, &APR_ARRAY_IDX(sf->files, i, carbon_upload_file),
                                                  u->role == CARBON_ROLE_LAO ? u->lao_code : NULL,
                                                  u->role == CARBON_ROLE_PROVINCE ? u->province_code : NULL, &id);
        if (st)
            return carbon_db_http_status(st);
        if (!json_object_get(sf->ids, name))
            json_object_set_new(sf->ids, name, json_array());
        json_array_append_new(json_object_get(sf->ids, name), json_integer(id));
    }
    return OK;
}

/* Reads a form (multipart): its text fields into *fields, its files
 * checked (a refused one is an error on its field) and stored, their ids
 * in *ids (field -> [id]). */
static int read_form(carbon_req *cr, json_t **fields, json_t **ids, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    apr_array_header_t *parts;
    const char *msg;
    stored_files sf;
    int rv, i;
    *fields = carbon_json_pool(p, json_object());
    *ids = carbon_json_pool(p, json_object());
    if ((rv = carbon_upload_read(cr, &parts, &msg)) != OK)
        {
        carbon_send_error(cr, rv, msg ? msg : "อ่านข้อมูลแบบฟอร์มไม่สำเร็จ");
        return DONE;
    }
    sf.files = apr_array_make(p, 4, sizeof(carbon_upload_file));
    sf.names = apr_array_make(p, 4, sizeof(const char *));
    sf.ids = *ids;
    for (i = 0; i < parts->nelts; i++) {
        const carbon_multipart_part *part = &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
        carbon_upload_file file;
        if (!part->filename) {
            if (strcmp(part->name, "csrf_token") && part->data)
                json_object_set_new(*fields, part->name, json_string(part->data));
            continue;
        }
        if (!*part->filename && part->len == 0)
            continue;
        if ((msg = carbon_upload_check(cr, part, &file))) {
            json_object_set_new(errors, part->name, json_string(msg));
            continue;
        }
        APR_ARRAY_PUSH(sf.files, carbon_upload_file) = file;
        APR_ARRAY_PUSH(sf.names, const char *) = part->name;
    }
    if (json_object_size(errors) || !sf.files->nelts)
        return OK;
    return carbon_tx_run(cr, carbon_db_get(cr->r), store_work, &sf);
}

static json_t *first_id(json_t *ids, const char *name)
{
    json_t *list = json_object_get(ids, name);
    return json_array_size(list) ? json_array_get(list, 0) : NULL;
}

/* ---- the list ------------------------------------------------------------------ */

static int list_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object()), *errors = json_object(), *items = NULL, *lao = NULL;
    static const char *const keys[] = { "status", "order_no", "buyer", "ordered_from", "ordered_to", NULL };
    json_t *filters = json_object();
    carbon_trade_filters f;
    long long total = 0;
    carbon_paging pg;
    int rv;
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    json_object_set_new(ctx, "errors", errors);
    json_object_set_new(ctx, "filters", filters);
    carbon_listing_filters_into(filters, p, q, keys);
    rv = carbon_trade_filters_read(cr, q, &f, errors);
    if (rv == OK) {
        if ((rv = carbon_delegated_search(cr, db, &f, &items, &total)) != OK)
            return carbon_send_body_error(cr, rv);
        pg.page = f.page > 0 ? f.page : 1;
        pg.per_page = f.per_page;
        pg.offset = (pg.page - 1) * pg.per_page;
        json_object_set(ctx, "items", items);
        json_object_set_new(ctx, "paging", carbon_paging_json(&pg, total));
    } else if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        json_object_set_new(ctx, "has_errors", json_true());
    } else {
        return carbon_send_body_error(cr, rv);
    }
    if (cr->user->role == CARBON_ROLE_LAO) {
        if ((st = carbon_lao_profile(cr, db, cr->user->lao_code, &lao)))
            return carbon_send_body_error(cr, carbon_db_http_status(st));
        json_object_set(ctx, "lao", lao);
    }
    json_object_set_new(ctx, "is_dla", json_boolean(cr->user->role == CARBON_ROLE_DLA));
    json_object_set_new(ctx, "is_province", json_boolean(cr->user->role == CARBON_ROLE_PROVINCE));
    json_object_set_new(ctx, "is_lao", json_boolean(cr->user->role == CARBON_ROLE_LAO));
    json_object_set_new(ctx, "query", json_string(carbon_listing_query(p, q, keys)));
    json_object_set_new(ctx, "list_path", json_string(apr_pstrcat(p, cr->base, PATH, NULL)));
    if (apr_table_get(q, "deleted"))
        json_object_set_new(ctx, "notice", json_string("ลบรายการแล้ว"));
    return carbon_send_page(cr, HTTP_OK, "sale_delegated", TITLE, ctx);
}

/* ---- DLA's add form ------------------------------------------------------------- */

static int form_page(carbon_req *cr, int status, json_t *values, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *projects, *row, *buyer = NULL;
    const char *project_id = carbon_json_str(values, "project_id"), *buyer_id = carbon_json_str(values, "buyer_id");
    size_t i;
    int any = 0;
    carbon_db_status st;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((st = carbon_projects_list(p, db, &projects)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    carbon_mark_selected(projects, "id", project_id);
    json_array_foreach(projects, i, row)
        any |= json_is_true(json_object_get(row, "selected"));
    if (!any)
        json_array_foreach(projects, i, row)
            json_object_set(row, "selected", json_object_get(row, "is_default"));
    json_array_foreach(projects, i, row)
        if (json_is_true(json_object_get(row, "selected")))
            json_object_set(ctx, "project", row);
    json_object_set(ctx, "projects", projects);
    if (buyer_id && carbon_is_id(buyer_id) && carbon_buyer_get(cr, db, buyer_id, &buyer) == OK)
        json_object_set(ctx, "buyer", buyer);
    json_object_set(ctx, "form", values);
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    json_object_set_new(ctx, "contract_min_satang", json_integer(CARBON_CONTRACT_MIN_SATANG));
    return carbon_send_page(cr, status, "sale_delegated_form", "เพิ่มข้อมูลการขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย)", ctx);
}

static int new_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *values = carbon_json_pool(p, json_object());
    json_object_set_new(values, "ordered_on", json_string(carbon_be_date(p, carbon_today_iso(p, apr_time_now()))));
    return form_page(cr, HTTP_OK, values, NULL);
}

static int create_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *errors = carbon_json_pool(p, json_object()), *fields, *ids, *trade, *id;
    int rv = read_form(cr, &fields, &ids, errors);
    if (rv == DONE)
        return OK;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (json_object_get(errors, "intent_letter"))
        json_object_set(errors, "intent_letter_file_id", json_object_get(errors, "intent_letter"));
    if (json_object_size(errors))
        return form_page(cr, HTTP_UNPROCESSABLE_ENTITY, fields, errors);
    if ((id = first_id(ids, "intent_letter")))
        json_object_set(fields, "intent_letter_file_id", id);
    if (json_object_get(ids, "related_docs"))
        json_object_set(fields, "related_file_ids", json_object_get(ids, "related_docs"));
    rv = carbon_delegated_create(cr, fields, errors, &trade);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return form_page(cr, HTTP_UNPROCESSABLE_ENTITY, fields, errors);
    if (rv != HTTP_CREATED)
        return status_error(cr, rv, NULL);
    return carbon_redirect_local(cr, apr_psprintf(p, PATH "/%" APR_INT64_T_FMT "?done=created",
                                                  (apr_int64_t)carbon_row_int(trade, "id")));
}

/* ---- one sale ---------------------------------------------------------------------- */

static const char *const notices[][2] = {
    { "created", "บันทึกรายการขายแล้ว สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดจะเพิ่ม อปท. ที่ร่วมขาย" },
    { "participants", "บันทึก อปท. ที่ร่วมขายแล้ว ปริมาณคาร์บอนเครดิตของแต่ละ อปท. ย้ายเป็น \"รอยืนยันการขาย\"" },
    { "consent", "บันทึกความยินยอมแล้ว กรุณารอ สถ. อัปโหลดเอกสารการขาย" },
    { "decline", "บันทึกการไม่ยินยอมแล้ว ปริมาณคาร์บอนเครดิตคืนเป็นคงเหลือของ อปท." },
    { "trade", "บันทึกเอกสารการขายแล้ว รอ อปท. อัปโหลดใบเสร็จรับเงิน" },
    { "receipt", "บันทึกใบเสร็จรับเงินแล้ว รายการอยู่ในสถานะระหว่างดำเนินการ รอ สถ. ยืนยันการขาย" },
    { NULL, NULL }
};

static int sale_page(carbon_req *cr, int status, const char *id, json_t *errors, json_t *form, const char *alert)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *ctx = carbon_json_pool(p, json_object()), *t, *lines, *line, *mine = NULL, *cand = NULL, *c;
    const char *step, *done = apr_table_get(carbon_query_args(cr), "done");
    carbon_role role = cr->user->role;
    int rv, in_progress, all_consented = 1, i;
    long long missing = 0;
    size_t k, j;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((rv = carbon_trade_get(cr, db, id, &t)) != OK)
        return status_error(cr, rv, NULL);
    if (strcmp(carbon_json_str(t, "kind"), "delegated"))
        return status_error(cr, HTTP_NOT_FOUND, NULL);
    carbon_trade_view_prepare(t);
    step = carbon_json_str(t, "step");
    in_progress = !strcmp(carbon_json_str(t, "status"), CARBON_TRADE_IN_PROGRESS);
    json_object_set_new(t, "step_th", json_string(carbon_delegated_step_th(step)));
    json_object_set_new(t, "step1_documents",
                        carbon_doc_step_view("trade_delegated", 1, json_object_get(t, "documents"),
                                             carbon_row_int(t, "total_satang")));
    {   /* DLA's step-2 papers on the trade (slips and receipts are per line) */
        json_t *docs = carbon_doc_step_view("trade_delegated", 2, json_object_get(t, "documents"),
                                            carbon_row_int(t, "total_satang")), *kept = json_array(), *d;
        json_array_foreach(docs, k, d)
            if (strcmp(carbon_json_str(d, "kind"), "transfer_slip") && strcmp(carbon_json_str(d, "kind"), "receipt"))
                json_array_append(kept, d);
        json_decref(docs);
        json_object_set_new(t, "dla_documents", kept);
    }
    lines = json_object_get(t, "participants");
    json_array_foreach(lines, k, line) {
        json_t *docs = json_object_get(line, "documents");
        json_object_set_new(line, "consent_th",
                            json_string(!strcmp(carbon_json_str(line, "consent"), "consented") ? "ยินยอม"
                                        : !strcmp(carbon_json_str(line, "consent"), "declined") ? "ไม่ยินยอม"
                                                                                                : "รอการยินยอม"));
        json_object_set(line, "slips", json_object_get(docs, "transfer_slip"));
        json_object_set(line, "receipts", json_object_get(docs, "receipt"));
        if (strcmp(carbon_json_str(line, "consent"), "consented"))
            all_consented = 0;
        if (!json_array_size(json_object_get(docs, "receipt")))
            missing++;
        if (role == CARBON_ROLE_LAO && !strcmp(carbon_json_str(line, "lao_code"), cr->user->lao_code))
            mine = line;
    }
    json_object_set(ctx, "t", t);
    json_object_set_new(ctx, "is_dla", json_boolean(role == CARBON_ROLE_DLA));
    json_object_set_new(ctx, "is_province", json_boolean(role == CARBON_ROLE_PROVINCE));
    json_object_set_new(ctx, "is_lao", json_boolean(role == CARBON_ROLE_LAO));
    json_object_set_new(ctx, "is_participants", json_boolean(in_progress && !strcmp(step, "participants")));
    json_object_set_new(ctx, "is_receipts", json_boolean(in_progress && !strcmp(step, "receipts")));
    json_object_set_new(ctx, "is_awaiting", json_boolean(in_progress && !strcmp(step, "awaiting_dla")));
    json_object_set_new(ctx, "docs_uploaded", json_boolean(strcmp(step, "participants") != 0));
    json_object_set_new(ctx, "missing_receipts", json_integer(missing));
    if (role == CARBON_ROLE_DLA) {
        json_object_set_new(ctx, "can_upload_docs", json_boolean(in_progress && !strcmp(step, "participants")
                                                                 && json_array_size(lines) && all_consented));
        json_object_set_new(ctx, "can_delete", json_boolean(in_progress));
    }
    if (role == CARBON_ROLE_PROVINCE && in_progress && !strcmp(step, "participants")) {
        /* its LAOs with credits of the project, with the quantity already set */
        if ((rv = carbon_delegated_candidates(cr, db, id, carbon_row_int(t, "project_id"), &cand)) != OK)
            return carbon_send_body_error(cr, rv);
        json_array_foreach(cand, k, c) {
            const char *code = carbon_json_str(c, "lao_code");
            long long can = carbon_row_int(c, "remaining_tco2e");
            json_array_foreach(lines, j, line)
                if (!strcmp(carbon_json_str(line, "lao_code"), code)) {
                    json_object_set(c, "quantity_tco2e", json_object_get(line, "quantity_tco2e"));
                    json_object_set(c, "consent_th", json_object_get(line, "consent_th"));
                    can += carbon_row_int(line, "quantity_tco2e");
                }
            json_array_foreach(json_object_get(t, "declined_participants"), j, line)
                if (!strcmp(carbon_json_str(line, "lao_code"), code))
                    json_object_set_new(c, "declined", json_true());
            json_object_set_new(c, "available_tco2e", json_integer(can));
            if (form && carbon_json_str(form, apr_pstrcat(p, "qty_", code, NULL)))
                json_object_set_new(c, "typed", json_string(carbon_json_str(form, apr_pstrcat(p, "qty_", code, NULL))));
        }
        json_object_set(ctx, "candidates", cand);
        json_object_set_new(ctx, "can_add_laos", json_true());
    }
    if (mine) {
        const char *consent = carbon_json_str(mine, "consent");
        json_object_set(ctx, "mine", mine);
        json_object_set_new(ctx, "can_consent", json_boolean(in_progress && !strcmp(step, "participants")
                                                             && !strcmp(consent, "pending")));
        json_object_set_new(ctx, "consented", json_boolean(!strcmp(consent, "consented")));
        json_object_set_new(ctx, "can_receipt", json_boolean(in_progress && !strcmp(step, "receipts")
                                                             && !strcmp(consent, "consented")));
        json_object_set_new(ctx, "wait_dla_docs", json_boolean(in_progress && !strcmp(step, "participants")
                                                               && !strcmp(consent, "consented")));
    }
    for (i = 0; done && notices[i][0]; i++)
        if (!strcmp(done, notices[i][0]))
            json_object_set_new(ctx, "notice", json_string(notices[i][1]));
    json_object_set_new(ctx, "errors", errors ? json_incref(errors) : json_object());
    if (errors && json_object_size(errors))
        json_object_set_new(ctx, "has_errors", json_true());
    json_object_set(ctx, "form", form ? form : json_object());
    if (alert)
        json_object_set_new(ctx, "alert", json_string(alert));
    return carbon_send_page(cr, status, "sale_delegated_view",
                            apr_pstrcat(p, "รายการขาย (อปท. มอบ สถ. ขาย) ", carbon_json_str(t, "order_no"), NULL), ctx);
}

static int view_page(carbon_req *cr)
{
    return sale_page(cr, HTTP_OK, carbon_route_param(cr, 0), NULL, NULL, NULL);
}

/* Takes a step from a form; back to the sale's page with a notice, or the
 * page again with the errors / the conflict. */
static int act_form(carbon_req *cr, const char *name, json_t *fields, json_t *errors, const char *done)
{
    apr_pool_t *p = cr->r->pool;
    const char *id = carbon_route_param(cr, 0), *conflict = NULL;
    json_t *trade;
    carbon_trade_input in;
    int rv;
    if (json_object_size(errors))
        return sale_page(cr, HTTP_UNPROCESSABLE_ENTITY, id, errors, fields, NULL);
    memset(&in, 0, sizeof(in));
    in.record = "trade_delegated";
    in.fields = fields;
    rv = carbon_trade_act(cr, name, id, &in, errors, NULL, &trade, &conflict);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return sale_page(cr, rv, id, errors, fields, NULL);
    if (rv == HTTP_CONFLICT)
        return sale_page(cr, rv, id, NULL, fields, conflict ? conflict : CARBON_TRADE_NOT_PENDING_TH);
    if (rv != OK)
        return status_error(cr, rv, conflict);
    return carbon_redirect_local(cr, apr_pstrcat(p, PATH "/", id, "?done=", done, NULL));
}

static int participants_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *errors = carbon_json_pool(p, json_object()), *fields, *ids, *list = json_array(), *body;
    const char *key;
    json_t *v;
    int rv = read_form(cr, &fields, &ids, errors);
    if (rv == DONE)
        return OK;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    /* qty_<lao_code> = quantity; empty = not taking part */
    json_object_foreach(fields, key, v) {
        const char *text = json_string_value(v);
        int64_t q;
        if (strncmp(key, "qty_", 4) || !text)
            continue;
        while (*text == ' ')
            text++;
        if (!*text)
            continue;
        if (carbon_parse_int64(text, 1, 1000000000LL, &q) != APR_SUCCESS) {
            json_object_set_new(errors, key, json_string("ปริมาณต้องเป็นจำนวนเต็มตั้งแต่ 1 tCO2eq"));
            json_object_set_new(errors, "participants", json_string("กรุณาตรวจสอบปริมาณคาร์บอนเครดิตที่ระบุ"));
            continue;
        }
        json_array_append_new(list, json_pack("{s:s,s:I}", "lao_code", key + 4, "quantity_tco2e", (json_int_t)q));
    }
    body = carbon_json_pool(p, json_copy(fields));
    json_object_set_new(body, "participants", list);
    return act_form(cr, "participants", body, errors, "participants");
}

static int consent_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *errors = carbon_json_pool(p, json_object()), *fields, *ids;
    const char *answer;
    int rv = read_form(cr, &fields, &ids, errors);
    if (rv == DONE)
        return OK;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    answer = carbon_json_str(fields, "answer");
    json_object_set_new(fields, "consent", json_boolean(answer && !strcmp(answer, "consent")));
    return act_form(cr, "consent", fields, errors, answer && !strcmp(answer, "consent") ? "consent" : "decline");
}

static int trade_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *errors = carbon_json_pool(p, json_object()), *fields, *ids, *id, *slips = json_array();
    const char *key;
    json_t *v;
    int rv = read_form(cr, &fields, &ids, errors);
    if (rv == DONE)
        return OK;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if ((id = first_id(ids, "payment_evidence")))
        json_object_set(fields, "payment_evidence_file_id", id);
    if ((id = first_id(ids, "contract")))
        json_object_set(fields, "contract_file_id", id);
    if (json_object_get(ids, "other_docs"))
        json_object_set(fields, "other_file_ids", json_object_get(ids, "other_docs"));
    json_object_foreach(ids, key, v)
        if (!strncmp(key, "transfer_slip_", 14))
            json_array_append_new(slips, json_pack("{s:s,s:O}", "lao_code", key + 14, "file_id",
                                                   json_array_get(v, 0)));
    json_object_set_new(fields, "transfer_slips", slips);
    if (json_object_get(errors, "payment_evidence"))
        json_object_set(errors, "payment_evidence_file_id", json_object_get(errors, "payment_evidence"));
    if (json_object_get(errors, "contract"))
        json_object_set(errors, "contract_file_id", json_object_get(errors, "contract"));
    return act_form(cr, "trade", fields, errors, "trade");
}

static int receipt_form(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *errors = carbon_json_pool(p, json_object()), *fields, *ids, *id;
    int rv = read_form(cr, &fields, &ids, errors);
    if (rv == DONE)
        return OK;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (json_object_get(errors, "receipt"))
        json_object_set(errors, "receipt_file_id", json_object_get(errors, "receipt"));
    if ((id = first_id(ids, "receipt")))
        json_object_set(fields, "receipt_file_id", id);
    return act_form(cr, "receipt", fields, errors, "receipt");
}

#define DLA CARBON_ROUTE_DLA
#define LAO CARBON_ROUTE_LAO
#define PROV CARBON_ROUTE_PROVINCE
#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  PATH,                              list_page, 0 },
    { "POST", PATH,                              create_form, DLA | FORM },
    { "GET",  PATH "/new",                       new_page, DLA },
    { "GET",  PATH "/{id}",                      view_page, 0 },
    { "POST", PATH "/{id}/participants",         participants_form, PROV | FORM },
    { "POST", PATH "/{id}/consent",              consent_form, LAO | FORM },
    { "POST", PATH "/{id}/trade",                trade_form, DLA | FORM },
    { "POST", PATH "/{id}/receipt",              receipt_form, LAO | FORM },
    { "POST", "/api/v1/sales/delegated",         api_create, DLA },
    { "GET",  "/api/v1/sales/delegated",         api_search, 0 },
    /* the steps of every kind that has them (the actor is the step's) */
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef DLA
#undef LAO
#undef PROV
#undef FORM
