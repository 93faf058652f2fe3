/* trades.c: see trades.h. */
#include "trades.h"
#include "transitions.h"
#include "group_sales.h"
#include "delegated_sales.h"
#include "trade_lines.h"
#include "ledger.h"
#include "documents.h"
#include "tx.h"
#include "listing.h"
#include "validate.h"
#include "session.h"
#include "scope.h"
#include "statements.h"
#include "thaifmt.h"
#include "money.h"
#include "json_util.h"
#include "http.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include <string.h>

/* ---- SQL ----------------------------------------------------------------- */

/* LEFT JOIN: a sale delegated to DLA has no leading LAO (only DLA, whose
 * scope is 'all', lists it here; the LAO and province filters still
 * compare l's columns, so they keep their LAO-driven plans). */
#define TRADE_SLIM_FROM "  FROM trades t LEFT JOIN laos l ON l.code = t.lao_code"
#define TRADE_JOINS \
    "  LEFT JOIN provinces pv ON pv.code = l.province_code" \
    "  LEFT JOIN districts d ON d.code = l.district_code" \
    "  JOIN projects pr ON pr.id = t.project_id" \
    "  JOIN buyers b ON b.id = t.buyer_id" \
    "  LEFT JOIN code_lists bt ON bt.list = 'buyer_type' AND bt.code = b.buyer_type" \
    "  LEFT JOIN trade_events ce ON ce.trade_id = t.id AND ce.action = 'confirm'" \
    "  LEFT JOIN trade_events de ON de.trade_id = t.id AND de.action = 'delete'"
#define TRADE_FROM \
    "  FROM trades t JOIN laos l ON l.code = t.lao_code" TRADE_JOINS

#define TRADE_LIST_COLUMNS \
    "SELECT t.id, t.kind, t.order_no, t.fiscal_year, t.status, t.lao_code, l.name_th AS lao_name," \
    "       l.province_code, pv.name_th AS province_name, d.name_th AS district_name," \
    "       t.project_id, pr.name_th AS project_name, t.buyer_id, b.display_name AS buyer_name," \
    "       bt.name_th AS buyer_type_name, t.ordered_on, t.trade_type, t.quantity_tco2e," \
    "       t.unit_price_satang, t.total_satang, t.created_at, t.updated_at, ce.acted_on AS confirmed_on," \
    "       ce.ref AS confirmation_ref, de.acted_at AS deleted_at, t.step, t.version"

/* Deleted trades are DLA's only: the first scope argument is 'all' for DLA.
 * Lists are scoped by the leading LAO (the seller; a group sale's
 * representative): 5 arguments, sc.all and CARBON_SCOPE_ARGS. */
#define TRADE_VISIBLE " (t.status <> 'deleted' OR %s = 'all') AND " CARBON_SCOPE_SQL("l")
/* One trade is readable by DLA, by whoever has the leading LAO or any LAO
 * of its lines in scope, by the provincial office that organises it, and,
 * while in progress, a sale delegated to DLA by every provincial office
 * (they add their LAOs to it): 12 arguments, see trade_get_args(). */
#define TRADE_READABLE \
    " (t.status <> 'deleted' OR %s = 'all') AND (%s = 'all'" \
    "  OR (l.code IS NOT NULL AND " CARBON_SCOPE_SQL("l") ")" \
    "  OR EXISTS (SELECT 1 FROM trade_lines vl JOIN laos vla ON vla.code = vl.lao_code" \
    "             WHERE vl.trade_id = t.id AND " CARBON_SCOPE_SQL("vla") ")" \
    "  OR (t.province_code IS NOT NULL AND t.province_code = %s)" \
    "  OR (t.kind = 'delegated' AND t.status = 'in_progress' AND %s IS NOT NULL))"

/* 18 arguments, see search_args(). */
#define TRADE_FILTER \
    " WHERE (%s IS NULL OR t.kind = %s)" \
    "   AND t.status IN (%s, %s)" \
    "   AND (%s IS NULL OR l.province_code = %s)" \
    "   AND (%s IS NULL OR t.lao_code = %s)" \
    "   AND (%s IS NULL OR t.order_no LIKE %s ESCAPE '\\')" \
    "   AND (%s IS NULL OR t.buyer_id IN (SELECT bb.id FROM buyers bb" \
    "                                      WHERE LOWER(bb.display_name) LIKE LOWER(%s) ESCAPE '\\'))" \
    "   AND (%s IS NULL OR t.ordered_on >= %s)" \
    "   AND (%s IS NULL OR t.ordered_on <= %s)" \
    "   AND" TRADE_VISIBLE
#define FILTER_NARGS (16 + 5)

const carbon_statement carbon_trade_statements[] = {
    { "trade_get",
      "SELECT t.id, t.kind, t.order_no, t.fiscal_year, t.status, t.lao_code, l.name_th AS lao_name,"
      "       COALESCE(l.province_code, t.province_code) AS province_code, pv.name_th AS province_name,"
      "       d.name_th AS district_name, t.province_code AS organiser_province_code,"
      "       t.project_id, pr.name_th AS project_name, pr.registrant_name, pr.tver_registrant_no,"
      "       t.buyer_id, b.display_name AS buyer_name, b.buyer_type, bt.name_th AS buyer_type_name,"
      "       b.has_tver_account, b.tver_account_name, b.tver_account_no, b.phone AS buyer_phone,"
      "       b.coordinator_first_name, b.coordinator_last_name,"
      "       t.ordered_on, t.trade_type, t.quantity_tco2e, t.unit_price_satang, t.total_satang,"
      "       t.created_at, cu.display_name AS created_by_name, t.updated_at,"
      "       ce.acted_on AS confirmed_on, ce.ref AS confirmation_ref, ce.note AS confirmation_note,"
      "       fu.display_name AS confirmed_by_name, ce.acted_at AS confirmed_at,"
      "       de.note AS deleted_reason, du.display_name AS deleted_by_name, de.acted_at AS deleted_at,"
      "       t.step, t.version"
      "  FROM trades t LEFT JOIN laos l ON l.code = t.lao_code"
      "  LEFT JOIN provinces pv ON pv.code = COALESCE(l.province_code, t.province_code)"
      "  LEFT JOIN districts d ON d.code = l.district_code"
      "  JOIN projects pr ON pr.id = t.project_id"
      "  JOIN buyers b ON b.id = t.buyer_id"
      "  LEFT JOIN code_lists bt ON bt.list = 'buyer_type' AND bt.code = b.buyer_type"
      "  LEFT JOIN trade_events ce ON ce.trade_id = t.id AND ce.action = 'confirm'"
      "  LEFT JOIN trade_events de ON de.trade_id = t.id AND de.action = 'delete'"
      "  LEFT JOIN users cu ON cu.id = t.created_by"
      "  LEFT JOIN users fu ON fu.id = ce.acted_by"
      "  LEFT JOIN users du ON du.id = de.acted_by"
      " WHERE t.id = %lld AND" TRADE_READABLE },
    { "trade_search_count", "SELECT COUNT(*) AS total" TRADE_SLIM_FROM TRADE_FILTER },
    /* the page's ids first (trades and laos only), then the rest for those rows */
    { "trade_search_newest",
      TRADE_LIST_COLUMNS
      "  FROM (SELECT t.id" TRADE_SLIM_FROM TRADE_FILTER
      "        ORDER BY t.ordered_on DESC, t.id DESC LIMIT %lld OFFSET %lld) pg"
      "  JOIN trades t ON t.id = pg.id LEFT JOIN laos l ON l.code = t.lao_code" TRADE_JOINS
      " ORDER BY t.ordered_on DESC, t.id DESC" },
    { "trade_search_oldest",
      TRADE_LIST_COLUMNS
      "  FROM (SELECT t.id" TRADE_SLIM_FROM TRADE_FILTER
      "        ORDER BY t.ordered_on, t.id LIMIT %lld OFFSET %lld) pg"
      "  JOIN trades t ON t.id = pg.id LEFT JOIN laos l ON l.code = t.lao_code" TRADE_JOINS
      " ORDER BY t.ordered_on, t.id" },
    { "trade_waiting_counts",
      "SELECT t.kind, COUNT(*) AS waiting_count" TRADE_SLIM_FROM
      " WHERE t.status = 'in_progress' AND" TRADE_VISIBLE " GROUP BY t.kind" },
    { "trade_of_lao",
      TRADE_LIST_COLUMNS TRADE_FROM
      " WHERE t.lao_code = %s AND t.status = %s AND" TRADE_VISIBLE
      " ORDER BY t.ordered_on DESC, t.id DESC" },
    /* which step table applies: read before the scoped read of the trade */
    { "trade_kind", "SELECT kind FROM trades WHERE id = %lld" },
    { "trade_project",
      "SELECT id, name_th, registrant_name, tver_registrant_no FROM projects WHERE id = %lld" },
    { "trade_default_project",
      "SELECT id, name_th, registrant_name, tver_registrant_no FROM projects"
      " WHERE is_default = 1 ORDER BY id LIMIT 1" },
    { "trade_buyer",
      "SELECT id, display_name, has_tver_account FROM buyers WHERE id = %lld" },
    /* One readable sequence per fiscal year: the row is the lock. */
    { "trade_order_seq",
      "INSERT INTO order_sequences (fiscal_year, last_no) VALUES (%lld, 1)"
      " ON CONFLICT (fiscal_year) DO UPDATE SET last_no = order_sequences.last_no + 1"
      " RETURNING last_no AS seq" },
    { "trade_insert",
      "INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, project_id, buyer_id,"
      "                    ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang,"
      "                    created_by, created_at, updated_at)"
      " VALUES ('self', %s, %lld, 'in_progress', 'awaiting_dla', %s, %lld, %lld, %s, %s, %lld, %lld, %lld,"
      "         %lld, %s, %s)"
      " RETURNING id" },
    /* An edit's new values; the transition's step-and-version UPDATE before
     * it is the guard. */
    { "trade_update",
      "UPDATE trades SET project_id = %lld, ordered_on = %s, quantity_tco2e = %lld,"
      "                  unit_price_satang = %lld, total_satang = %lld"
      " WHERE id = %lld" },
    { NULL, NULL }
};

/* ---- documents ---------------------------------------------------------- */

/* The self-operated sale's documents: documents.c's table of the record
 * "trade_self", linked to the trade (record_files entity "trade"). */
#define DOC_RECORD "trade_self"
#define DOC_ENTITY "trade"

/* ---- small helpers ------------------------------------------------------ */

#define MSG_PENDING_GONE "ไฟล์ที่แนบไว้ก่อนหน้าใช้ไม่ได้แล้ว กรุณาแนบไฟล์ใหม่"

const char *carbon_trade_status_th(const char *status)
{
    if (!status)
        return "";
    if (!strcmp(status, CARBON_TRADE_IN_PROGRESS))
        return "ระหว่างดำเนินการ";
    if (!strcmp(status, CARBON_TRADE_COMPLETED))
        return "ดำเนินการเสร็จสิ้น (สถ.)";
    if (!strcmp(status, CARBON_TRADE_DELETED))
        return "ลบโดย สถ.";
    return status;
}

const char *carbon_trade_type_th(const char *trade_type)
{
    if (!trade_type)
        return "";
    if (!strcmp(trade_type, "transfer"))
        return "T-VER Transfer (โอนคาร์บอนเครดิตเข้าบัญชีผู้ซื้อ)";
    if (!strcmp(trade_type, "cancellation"))
        return "Cancellation Notification (แจ้งยกเลิกคาร์บอนเครดิต)";
    return trade_type;
}

const char *carbon_trade_order_no(apr_pool_t *p, int fy_be, long long n)
{
    return apr_psprintf(p, "%d-%05" APR_INT64_T_FMT, fy_be, (apr_int64_t)n);
}

/* A field as text: strings as they are, integers in decimal; else NULL. */
static const char *field_text(apr_pool_t *p, json_t *fields, const char *name)
{
    json_t *v = fields ? json_object_get(fields, name) : NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return carbon_i64(p, json_integer_value(v));
    return NULL;
}

/* Whether the field was sent with something in it. */
static int field_given(json_t *fields, const char *name)
{
    json_t *v = fields ? json_object_get(fields, name) : NULL;
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        while (*s == ' ' || *s == '\t')
            s++;
        return *s != '\0';
    }
    return 1;
}

static int is_role(carbon_req *cr, carbon_role role)
{
    return cr->user && cr->user->role == role;
}

/* Adds the per-user flags and Thai names to a row. */
static void decorate(carbon_req *cr, json_t *row)
{
    const char *status = carbon_row_str(row, "status");
    const char *fy = carbon_row_str(row, "fiscal_year");
    int in_progress = status && !strcmp(status, CARBON_TRADE_IN_PROGRESS);
    const char *lao = carbon_row_str(row, "lao_code");
    if (fy)
        json_object_set_new(row, "fiscal_year", json_integer(atoi(fy)));
    json_object_set_new(row, "status_th", json_string(carbon_trade_status_th(status)));
    json_object_set_new(row, "trade_type_th", json_string(carbon_trade_type_th(carbon_row_str(row, "trade_type"))));
    json_object_set_new(row, "can_edit", json_boolean(in_progress && is_role(cr, CARBON_ROLE_LAO) && lao
                                                      && cr->user->lao_code && !strcmp(lao, cr->user->lao_code)));
}

/* ---- reading a request -------------------------------------------------- */

/* The document kind a file part carries ("document" is the confirmation's
 * short name), or NULL. */
static const char *part_kind(const carbon_trade_input *in, const char *name)
{
    const carbon_doc_kind *k = carbon_doc_kind_find(in->record, name);
    if (k)
        return k->kind;
    if (!strcmp(name, "document"))
        return "confirmation_doc";
    return NULL;
}

static void add_file_error(apr_pool_t *p, json_t *errors, const char *kind, const char *filename,
                           const char *msg)
{
    const char *name = carbon_multipart_safe_filename(p, filename);
    const char *prev = carbon_json_str(errors, kind);
    const char *line = apr_psprintf(p, "%s: %s", name && *name ? name : "ไฟล์", msg);
    json_object_set_new(errors, kind, json_string(prev ? apr_pstrcat(p, prev, " / ", line, NULL) : line));
}

static void init_input(apr_pool_t *p, carbon_trade_input *in)
{
    memset(in, 0, sizeof(*in));
    in->fields = carbon_json_pool(p, json_object());
    in->files = apr_array_make(p, 8, sizeof(carbon_trade_file));
    in->pending = apr_array_make(p, 8, sizeof(carbon_trade_pending));
}

/* A field of a form: "pending_<kind>" become pending ids; other fields
 * keep their first non-empty value. */
static void add_form_field(apr_pool_t *p, carbon_trade_input *in, const char *name, const char *value)
{
    if (!strcmp(name, "csrf_token"))
        return;
    if (!strncmp(name, "pending_", 8)) {
        const char *kind = part_kind(in, name + 8);
        if (kind && carbon_is_id(value)) {
            carbon_trade_pending *pd = &APR_ARRAY_PUSH(in->pending, carbon_trade_pending);
            pd->kind = kind;
            pd->file_id = apr_pstrdup(p, value);
        }
        return;
    }
    if (!field_given(in->fields, name))
        json_object_set_new(in->fields, name, json_string(value));   /* NULL (not UTF-8): not set */
}

static int read_multipart(carbon_req *cr, carbon_trade_input *in, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    apr_array_header_t *parts;
    const char *msg;
    int rv, i;
    if ((rv = carbon_upload_read(cr, &parts, &msg)) != OK) {
        in->message_th = msg;
        return rv;
    }
    for (i = 0; i < parts->nelts; i++) {
        const carbon_multipart_part *part = &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
        const char *kind;
        carbon_trade_file tf;
        if (!part->filename) {
            add_form_field(p, in, part->name, part->data);   /* text that is not UTF-8 is dropped */
            continue;
        }
        kind = part_kind(in, part->name);
        if (!kind || (!*part->filename && part->len == 0))
            continue;       /* a file nobody asked for, or an empty file input */
        in->any_file = 1;
        if ((msg = carbon_upload_check(cr, part, &tf.file))) {
            add_file_error(p, errors, kind, part->filename, msg);
            continue;
        }
        tf.kind = kind;
        APR_ARRAY_PUSH(in->files, carbon_trade_file) = tf;
    }
    return OK;
}

int carbon_trade_read_request(carbon_req *cr, carbon_trade_input *in, json_t *errors)
{
    return carbon_trade_read_request_for(cr, DOC_RECORD, in, errors);
}

int carbon_trade_read_request_for(carbon_req *cr, const char *record, carbon_trade_input *in, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    const char *ct = apr_table_get(cr->r->headers_in, "Content-Type");
    const char *cl = apr_table_get(cr->r->headers_in, "Content-Length");
    const char *te = apr_table_get(cr->r->headers_in, "Transfer-Encoding");
    int rv;
    init_input(p, in);
    in->record = record;
    if (ct && !strncasecmp(ct, "multipart/form-data", 19))
        return read_multipart(cr, in, errors);
    if (ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
        apr_table_t *form;
        const apr_array_header_t *arr;
        int i;
        if ((rv = carbon_read_form(cr, &form)) != OK)
            return rv;
        arr = apr_table_elts(form);
        for (i = 0; i < arr->nelts; i++) {
            const apr_table_entry_t *e = &APR_ARRAY_IDX(arr, i, apr_table_entry_t);
            add_form_field(p, in, e->key, e->val);
        }
        return OK;
    }
    if (ct && !strncasecmp(ct, "application/json", 16)) {
        json_t *obj;
        if ((rv = carbon_read_json(cr, &obj)) != OK)
            return rv;
        in->fields = obj;
        return OK;
    }
    if (!te && (!cl || !strcmp(cl, "0")))
        return OK;          /* no body at all (e.g. a DELETE without a reason) */
    return HTTP_UNSUPPORTED_MEDIA_TYPE;
}

/* ---- reads -------------------------------------------------------------- */

static json_t *move_keys(json_t *row, const char *const *keys)
{
    json_t *obj = json_object();
    for (; *keys; keys++) {
        json_t *v = json_object_get(row, *keys);
        json_object_set(obj, *keys, v ? v : json_null());
        json_object_del(row, *keys);
    }
    return obj;
}

int carbon_trade_get(carbon_req *cr, carbon_db *db, const char *id, json_t **trade)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    static const char *const project_keys[] = { "registrant_name", "tver_registrant_no", NULL };
    static const char *const confirm_keys[] = { "confirmation_note", "confirmed_by_name", "confirmed_at", NULL };
    static const char *const delete_keys[] = { "deleted_reason", "deleted_by_name", "deleted_at", NULL };
    static const char *const buyer_keys[] = { "buyer_type", "buyer_type_name", "has_tver_account",
                                              "tver_account_name", "tver_account_no", "buyer_phone",
                                              "coordinator_first_name", "coordinator_last_name", NULL };
    json_t *row, *docs, *obj, *steps, *lines;
    const char *status, *record;
    int completed, in_progress;
    carbon_db_status st;
    *trade = NULL;
    if (!carbon_is_id(id))
        return HTTP_NOT_FOUND;
    st = carbon_db_select_one(db, "trade_get", &row,
                              CARBON_ARGS(id, sc.all, sc.all, CARBON_SCOPE_ARGS(sc), CARBON_SCOPE_ARGS(sc),
                                          sc.province_code, sc.province_code));
    if (st)
        return carbon_db_http_status(st);
    if (!row)
        return HTTP_NOT_FOUND;
    carbon_json_pool(p, row);
    record = apr_pstrcat(p, "trade_", carbon_row_str(row, "kind"), NULL);
    if ((st = carbon_doc_by_kind(cr, db, record, DOC_ENTITY, id, &docs))
        || (st = carbon_trade_lines_of(cr, db, id, &lines)))
        return carbon_db_http_status(st);
    if (strcmp(carbon_row_str(row, "kind"), "self")) {
        /* each LAO's own documents (its consent papers, its receipt) */
        json_t *line, *line_docs;
        size_t i;
        json_t *kept = carbon_json_pool(p, json_array()), *declined = carbon_json_pool(p, json_array()), *rc;
        int delegated = !strcmp(carbon_row_str(row, "kind"), "delegated");
        json_array_foreach(lines, i, line) {
            if ((st = carbon_doc_by_kind(cr, db, record, "trade_line",
                                         carbon_i64(p, carbon_row_int(line, "id")), &line_docs)))
                return carbon_db_http_status(st);
            json_object_set(line, "documents", line_docs);
            /* the LAO's own receipt (FIXED-POINTS: receipt_file_id), or null: a group
             * sale's line kind is lao_receipt, a delegated sale's receipt */
            rc = json_object_get(line_docs, "lao_receipt");
            if (!json_array_size(rc))
                rc = json_object_get(line_docs, "receipt");
            json_object_set(line, "receipt_file_id",
                            json_array_size(rc) ? json_object_get(json_array_get(rc, 0), "id") : json_null());
            /* a delegated sale's LAO that declined has left it (kept in the record) */
            json_array_append(delegated && !strcmp(carbon_row_str(line, "consent"), "declined") ? declined : kept,
                              line);
        }
        if (delegated) {
            lines = kept;
            json_object_set(row, "declined_participants", declined);
        }
    }
    decorate(cr, row);
    status = carbon_row_str(row, "status");
    completed = !strcmp(status, CARBON_TRADE_COMPLETED);
    in_progress = !strcmp(status, CARBON_TRADE_IN_PROGRESS);

    obj = move_keys(row, project_keys);
    json_object_set(obj, "id", json_object_get(row, "project_id"));
    json_object_set(obj, "name_th", json_object_get(row, "project_name"));
    json_object_set_new(row, "project", obj);

    obj = move_keys(row, buyer_keys);
    json_object_set(obj, "id", json_object_get(row, "buyer_id"));
    json_object_set(obj, "display_name", json_object_get(row, "buyer_name"));
    json_object_set(obj, "phone", json_object_get(obj, "buyer_phone"));
    json_object_del(obj, "buyer_phone");
    json_object_set_new(obj, "coordinator_name",
                        json_string(apr_pstrcat(p, carbon_row_str(obj, "coordinator_first_name")
                                                   ? carbon_row_str(obj, "coordinator_first_name") : "", " ",
                                                carbon_row_str(obj, "coordinator_last_name")
                                                   ? carbon_row_str(obj, "coordinator_last_name") : "", NULL)));
    json_object_del(obj, "coordinator_first_name");
    json_object_del(obj, "coordinator_last_name");
    json_object_set_new(row, "buyer", obj);

    obj = move_keys(row, confirm_keys);
    if (completed) {
        json_t *cdocs = json_object_get(docs, "confirmation_doc");
        json_object_set(obj, "confirmed_on", json_object_get(row, "confirmed_on"));
        json_object_set(obj, "confirmation_ref", json_object_get(row, "confirmation_ref"));
        json_object_set(obj, "note", json_object_get(obj, "confirmation_note"));
        json_object_del(obj, "confirmation_note");
        json_object_set(obj, "document", json_array_size(cdocs) ? json_array_get(cdocs, 0) : json_null());
        json_object_set_new(row, "confirmation", obj);
    } else {
        json_decref(obj);
        json_object_set_new(row, "confirmation", json_null());
    }

    obj = move_keys(row, delete_keys);
    if (!strcmp(status, CARBON_TRADE_DELETED)) {
        json_object_set_new(row, "deletion", obj);
    } else {
        json_decref(obj);
        json_object_set_new(row, "deletion", json_null());
    }

    json_object_set(row, "documents", docs);
    json_object_set(row, "participants", lines);
    json_object_set_new(row, "contract_required",
                        json_boolean(carbon_contract_required(carbon_row_int(row, "total_satang"))));
    steps = json_pack("[{s:i,s:s,s:b},{s:i,s:s,s:b}]",
                      "step", 1, "title_th", "ข้อมูลคาร์บอนเครดิต", "is_done", 1,
                      "step", 2, "title_th", "รายละเอียดการขาย", "is_done", 1);
    if (completed)
        json_array_append_new(steps, json_pack("{s:i,s:s,s:b}", "step", 3, "title_th", "ยืนยันการขาย",
                                               "is_done", 1));
    json_object_set_new(row, "steps", steps);
    /* DLA confirms a trade once it waits for DLA (a self-operated sale always does) */
    json_object_set_new(row, "can_confirm", json_boolean(in_progress && is_role(cr, CARBON_ROLE_DLA)
                                                         && !strcmp(carbon_row_str(row, "step"), "awaiting_dla")));
    json_object_set_new(row, "can_delete", json_boolean(in_progress && is_role(cr, CARBON_ROLE_DLA)));
    *trade = row;
    return OK;
}

/* ---- search ------------------------------------------------------------- */

static const carbon_vfield filter_fields[] = {
    { "kind", CARBON_V_TEXT, 0, 1, 20, "ประเภทการขาย" },
    { "status", CARBON_V_TEXT, 0, 1, 20, "สถานะ" },
    { "province_code", CARBON_V_DIGITS, 0, 2, 2, "รหัสจังหวัด" },
    { "lao_code", CARBON_V_DIGITS, 0, 7, 7, "รหัส อปท." },
    { "order_no", CARBON_V_TEXT, 0, 1, 30, "เลขที่คำสั่งซื้อ" },
    { "buyer", CARBON_V_TEXT, 0, 1, 100, "ชื่อผู้ซื้อ" },
    { "ordered_from", CARBON_V_DATE, 0, 0, 0, "วันที่สั่งซื้อตั้งแต่" },
    { "ordered_to", CARBON_V_DATE, 0, 0, 0, "วันที่สั่งซื้อถึง" },
    { "page", CARBON_V_INT, 0, 1, 1000000, "หน้า" },
    { "per_page", CARBON_V_INT, 0, 1, CARBON_TRADES_PER_PAGE_MAX, "จำนวนรายการต่อหน้า" },
    { NULL }
};

static int one_of(const char *v, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (!strcmp(v, *allowed))
            return 1;
    return 0;
}

int carbon_trade_filters_read(carbon_req *cr, apr_table_t *args, carbon_trade_filters *f, json_t *errors)
{
    static const char *const kinds[] = { "self", "group", "delegated", NULL };
    static const char *const statuses[] = { "in_progress", "completed", "deleted", NULL };
    apr_pool_t *p = cr->r->pool;
    json_t *input = carbon_json_pool(p, json_object()), *clean;
    const carbon_vfield *fld;
    const char *v;
    memset(f, 0, sizeof(*f));
    for (fld = filter_fields; fld->name; fld++)
        if ((v = apr_table_get(args, fld->name)) && *v)
            json_object_set_new(input, fld->name, json_string(v));
    clean = carbon_json_pool(p, carbon_validate(filter_fields, input, errors));
    f->given = clean;
#define TAKE(member, key) \
    if ((v = carbon_json_str(clean, key))) f->member = apr_pstrdup(p, v)
    TAKE(kind, "kind");
    TAKE(status, "status");
    TAKE(province_code, "province_code");
    TAKE(lao_code, "lao_code");
    TAKE(order_no, "order_no");
    TAKE(buyer, "buyer");
    TAKE(ordered_from, "ordered_from");
    TAKE(ordered_to, "ordered_to");
#undef TAKE
    if (f->kind && !one_of(f->kind, kinds))
        json_object_set_new(errors, "kind", json_string("ประเภทการขายไม่ถูกต้อง (self, group หรือ delegated)"));
    if (f->status && !one_of(f->status, statuses))
        json_object_set_new(errors, "status",
                            json_string("สถานะไม่ถูกต้อง (in_progress, completed หรือ deleted)"));
    if (f->ordered_from && f->ordered_to && strcmp(f->ordered_from, f->ordered_to) > 0)
        json_object_set_new(errors, "ordered_to", json_string("วันที่สั่งซื้อถึงต้องไม่ก่อนวันที่สั่งซื้อตั้งแต่"));
    f->page = json_object_get(clean, "page") ? json_integer_value(json_object_get(clean, "page")) : 1;
    f->per_page = json_object_get(clean, "per_page") ? json_integer_value(json_object_get(clean, "per_page"))
                                                     : CARBON_TRADES_PER_PAGE_DEFAULT;
    return json_object_size(errors) ? HTTP_UNPROCESSABLE_ENTITY : OK;
}

static void search_args(apr_pool_t *p, const carbon_trade_filters *f, const carbon_scope *sc,
                        const char **a)
{
    const char *order_like = carbon_like_contains(p, f->order_no);
    const char *buyer_like = carbon_like_contains(p, f->buyer);
    a[0] = a[1] = f->kind;
    a[2] = f->status ? f->status : CARBON_TRADE_IN_PROGRESS;   /* default: both */
    a[3] = f->status ? f->status : CARBON_TRADE_COMPLETED;
    a[4] = a[5] = f->province_code;
    a[6] = a[7] = f->lao_code;
    a[8] = a[9] = order_like;
    a[10] = a[11] = buyer_like;
    a[12] = a[13] = f->ordered_from;
    a[14] = a[15] = f->ordered_to;
    a[16] = sc->all;
    a[17] = sc->all;
    a[18] = sc->lao_code;
    a[19] = sc->province_code;
    a[20] = sc->province_user;
}

int carbon_trades_search(carbon_req *cr, carbon_db *db, const carbon_trade_filters *f,
                         int order_oldest_first, json_t **items, long long *total)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    const char *a[FILTER_NARGS + 2];
    long long per_page = f->per_page > 0 ? f->per_page : CARBON_TRADES_PER_PAGE_DEFAULT;
    long long page = f->page > 0 ? f->page : 1;
    json_t *row;
    size_t i;
    carbon_db_status st;
    *items = NULL;
    *total = 0;
    if (per_page > CARBON_TRADES_PER_PAGE_MAX)
        per_page = CARBON_TRADES_PER_PAGE_MAX;
    search_args(p, f, &sc, a);
    if ((st = carbon_db_select_one(db, "trade_search_count", &row, FILTER_NARGS, a)))
        return carbon_db_http_status(st);
    *total = carbon_row_int(row, "total");
    json_decref(row);
    a[FILTER_NARGS] = carbon_i64(p, per_page);
    a[FILTER_NARGS + 1] = carbon_i64(p, (page - 1) * per_page);
    st = carbon_db_select(db, order_oldest_first ? "trade_search_oldest" : "trade_search_newest", items,
                          FILTER_NARGS + 2, a);
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, *items);
    json_array_foreach(*items, i, row)
        decorate(cr, row);
    return OK;
}

int carbon_trades_of_lao(carbon_req *cr, carbon_db *db, const char *lao_code, const char *status,
                         json_t **items)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    json_t *row;
    size_t i;
    carbon_db_status st = carbon_db_select(db, "trade_of_lao", items,
                                           CARBON_ARGS(lao_code, status, sc.all, CARBON_SCOPE_ARGS(sc)));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, *items);
    json_array_foreach(*items, i, row)
        decorate(cr, row);
    return OK;
}

/* ---- create and update -------------------------------------------------- */

static const char *const trade_types[] = { "transfer", "cancellation", NULL };

static const carbon_vfield trade_fields[] = {
    { "project_id", CARBON_V_INT, 1, 1, 999999999999LL, "โครงการ" },
    { "buyer_id", CARBON_V_INT, 1, 1, 999999999999LL, "ผู้ซื้อ" },
    { "ordered_on", CARBON_V_DATE_PAST, 1, 0, 0, "วันที่สั่งซื้อ" },
    { "trade_type", CARBON_V_CHOICE, 0, 0, 0, "ประเภทการซื้อขาย", trade_types },
    { "quantity_tco2e", CARBON_V_INT, 1, 1, 1000000000LL, "ปริมาณคาร์บอนเครดิตที่ต้องการซื้อ (tCO2eq)" },
    { "unit_price_satang", CARBON_V_INT, 1, 1, 100000000000000LL, "ราคาคาร์บอนเครดิตต่อหน่วย (สตางค์)" },
    { NULL }
};

/* The values a write will store, checked. */
typedef struct {
    long long project_id, buyer_id, quantity, unit, total;
    const char *ordered_on, *trade_type;
    /* documents: per seller kind, what the trade will have */
    apr_array_header_t *new_files;   /* carbon_trade_file (seller kinds) */
    apr_array_header_t *pending;     /* carbon_trade_pending, checked */
    json_t *remove;                  /* kind -> true: drop the existing documents */
} trade_values;

/* The unit price from unit_price_baht when unit_price_satang is absent. */
static void price_from_baht(json_t *input, json_t *errors)
{
    const char *baht;
    int64_t satang;
    apr_status_t rv;
    if (field_given(input, "unit_price_satang"))
        return;
    baht = carbon_json_str(input, "unit_price_baht");
    if (!baht || !field_given(input, "unit_price_baht")) {
        json_object_set_new(errors, "unit_price_satang", json_string("กรุณาระบุราคาคาร์บอนเครดิตต่อหน่วย"));
        return;
    }
    rv = carbon_satang_parse(baht, &satang);
    if (rv == APR_ERANGE || (rv == APR_SUCCESS && satang > 100000000000000LL))
        json_object_set_new(errors, "unit_price_satang",
                            json_string("ราคาคาร์บอนเครดิตต่อหน่วยสูงเกินกว่าที่ระบบรองรับ"));
    else if (rv != APR_SUCCESS)
        json_object_set_new(errors, "unit_price_satang",
                            json_string("ราคาคาร์บอนเครดิตต่อหน่วยต้องเป็นจำนวนเงินบาท ทศนิยมไม่เกิน 2 ตำแหน่ง "
                                        "เช่น 250 หรือ 1,250.50"));
    else if (satang <= 0)
        json_object_set_new(errors, "unit_price_satang", json_string("ราคาคาร์บอนเครดิตต่อหน่วยต้องมากกว่า 0 บาท"));
    else
        json_object_set_new(input, "unit_price_satang", json_integer(satang));
}

/* Checks the pending ids of in for the kinds actor uploads: valid ones go
 * to out (a new file of a single kind wins). */
static int check_pending(carbon_req *cr, carbon_db *db, const carbon_trade_input *in, const char *owner_lao,
                         carbon_doc_actor actor, apr_array_header_t *out, json_t *errors)
{
    int i;
    for (i = 0; in->pending && i < in->pending->nelts; i++) {
        const carbon_trade_pending *pd = &APR_ARRAY_IDX(in->pending, i, carbon_trade_pending);
        const carbon_doc_kind *k = carbon_doc_kind_find(DOC_RECORD, pd->kind);
        json_t *row = NULL;
        carbon_db_status st;
        if (!k || k->actor != actor)
            continue;
        if (!k->multiple && (carbon_doc_count_files(in->files, k->kind) || carbon_doc_count_pending(out, k->kind)))
            continue;
        if ((st = carbon_doc_pending_get(cr, db, pd->file_id, owner_lao, &row)))
            return carbon_db_http_status(st);
        if (!row) {
            if (!json_object_get(errors, k->kind))
                json_object_set_new(errors, k->kind, json_string(MSG_PENDING_GONE));
            continue;
        }
        json_decref(row);
        APR_ARRAY_PUSH(out, carbon_trade_pending) = *pd;
    }
    return OK;
}

/* A field of an edit that the manual fixes once the sale is saved: sent
 * with another value than the stored one is a 422 on the field. */
static void check_fixed(apr_pool_t *p, const carbon_trade_input *in, json_t *before, const char *field,
                        const char *message_th, json_t *errors)
{
    const char *sent = field_text(p, in->fields, field);
    char *trimmed = sent ? apr_pstrdup(p, sent) : NULL;
    json_t *stored = json_object_get(before, field);
    const char *now = json_is_integer(stored) ? carbon_i64(p, json_integer_value(stored))
                                              : json_string_value(stored);
    if (trimmed)
        apr_collapse_spaces(trimmed, sent);
    if (field_given(in->fields, field) && trimmed && now && strcmp(trimmed, now))
        json_object_set_new(errors, field, json_string(message_th));
}

/* Checks every field and document of a create (before NULL) or an update
 * of before (the trade as carbon_trade_get gave it). */
static int prepare(carbon_req *cr, carbon_db *db, const carbon_trade_input *in, json_t *before,
                   const char *lao_code, json_t *errors, trade_values *v)
{
    apr_pool_t *p = cr->r->pool;
    json_t *input = carbon_json_pool(p, json_object()), *clean, *project = NULL, *buyer = NULL, *row = NULL;
    const char *today = carbon_today_iso(p, apr_time_now());
    const carbon_doc_kind *k;
    const char *key;
    json_t *val;
    int rv, explicit_type, i;
    long long available;
    carbon_db_status st;
    memset(v, 0, sizeof(*v));
    v->new_files = apr_array_make(p, 8, sizeof(carbon_trade_file));
    v->pending = apr_array_make(p, 8, sizeof(carbon_trade_pending));
    v->remove = carbon_json_pool(p, json_object());

    if (before) {   /* an edit starts from the trade as it is; buyer and trade type stay */
        check_fixed(p, in, before, "buyer_id", CARBON_TRADE_BUYER_FIXED_TH, errors);
        check_fixed(p, in, before, "trade_type", CARBON_TRADE_TYPE_FIXED_TH, errors);
        json_object_set(input, "project_id", json_object_get(before, "project_id"));
        json_object_set(input, "ordered_on", json_object_get(before, "ordered_on"));
        json_object_set(input, "quantity_tco2e", json_object_get(before, "quantity_tco2e"));
        json_object_set(input, "unit_price_satang", json_object_get(before, "unit_price_satang"));
        if (!json_object_get(in->fields, "unit_price_satang") && json_object_get(in->fields, "unit_price_baht"))
            json_object_del(input, "unit_price_satang");
    }
    json_object_foreach(in->fields, key, val) {
        const carbon_vfield *f;
        if (before && (!strcmp(key, "buyer_id") || !strcmp(key, "trade_type")))
            continue;
        for (f = trade_fields; f->name; f++)
            if (!strcmp(f->name, key))
                json_object_set(input, key, val);
        if (!strcmp(key, "unit_price_baht"))
            json_object_set(input, key, val);
    }
    if (before) {
        json_object_set(input, "buyer_id", json_object_get(before, "buyer_id"));
        json_object_set(input, "trade_type", json_object_get(before, "trade_type"));
    }
    if (!field_given(input, "project_id") && !json_object_get(in->fields, "project_id")) {
        if ((st = carbon_db_select_one(db, "trade_default_project", &row, CARBON_NOARGS)))
            return carbon_db_http_status(st);
        if (row) {
            json_object_set(input, "project_id", json_object_get(row, "id"));
            json_decref(row);
        }
    }
    if (!field_given(input, "buyer_id"))
        json_object_set_new(errors, "buyer_id", json_string("กรุณาเลือกผู้ซื้อจากทะเบียนผู้ซื้อคาร์บอนเครดิต"));
    if (!field_given(input, "project_id"))
        json_object_set_new(errors, "project_id", json_string("กรุณาเลือกโครงการ"));
    price_from_baht(input, errors);
    clean = carbon_json_pool(p, carbon_validate(trade_fields, input, errors));

    v->ordered_on = carbon_json_str(clean, "ordered_on");

    if (json_object_get(clean, "project_id")) {
        v->project_id = json_integer_value(json_object_get(clean, "project_id"));
        if ((st = carbon_db_select_one(db, "trade_project", &project, CARBON_ARGS(carbon_i64(p, v->project_id)))))
            return carbon_db_http_status(st);
        if (!project)
            json_object_set_new(errors, "project_id", json_string("ไม่พบโครงการที่เลือก"));
        json_decref(project);
    }

    v->trade_type = carbon_json_str(clean, "trade_type");
    explicit_type = field_given(in->fields, "trade_type");
    if (json_object_get(clean, "buyer_id")) {
        v->buyer_id = json_integer_value(json_object_get(clean, "buyer_id"));
        if ((st = carbon_db_select_one(db, "trade_buyer", &buyer, CARBON_ARGS(carbon_i64(p, v->buyer_id)))))
            return carbon_db_http_status(st);
        carbon_json_pool(p, buyer);
        if (!buyer) {
            json_object_set_new(errors, "buyer_id", json_string("ไม่พบผู้ซื้อที่เลือกในทะเบียนผู้ซื้อคาร์บอนเครดิต"));
        } else if (!json_is_true(json_object_get(buyer, "has_tver_account")) && !before) {
            /* no T-VER account: the credits can only be cancelled for the buyer */
            if (v->trade_type && !strcmp(v->trade_type, "transfer") && explicit_type)
                json_object_set_new(errors, "trade_type",
                                    json_string("ผู้ซื้อรายนี้ไม่มีบัญชี T-VER ประเภทการซื้อขายจึงต้องเป็น "
                                                "Cancellation Notification"));
            else if (!json_object_get(errors, "trade_type"))
                v->trade_type = "cancellation";
        }
    }
    if (!v->trade_type && !json_object_get(errors, "trade_type"))
        json_object_set_new(errors, "trade_type", json_string("กรุณาเลือกประเภทการซื้อขาย"));

    if (json_object_get(clean, "quantity_tco2e") && v->project_id) {
        /* the chosen project's remaining credits (plus this trade's own, on an
         * edit that keeps the project); the ledger's UPDATE stays the guard */
        v->quantity = json_integer_value(json_object_get(clean, "quantity_tco2e"));
        if ((st = carbon_ledger_remaining(db, lao_code, v->project_id, &available)))
            return carbon_db_http_status(st);
        if (before && carbon_row_int(before, "project_id") == v->project_id)
            available += carbon_row_int(before, "quantity_tco2e");
        if (v->quantity > available)
            json_object_set_new(errors, "quantity_tco2e", json_string(CARBON_TRADE_EXCEEDS_TH));
    }
    if (json_object_get(clean, "unit_price_satang")) {
        int64_t total;
        v->unit = json_integer_value(json_object_get(clean, "unit_price_satang"));
        if (v->quantity > 0) {
            if (carbon_satang_mul_qty(v->unit, v->quantity, &total) != APR_SUCCESS) {
                json_object_set_new(errors, "unit_price_satang",
                                    json_string("ราคาคาร์บอนเครดิตทั้งหมดสูงเกินกว่าที่ระบบรองรับ "
                                                "กรุณาตรวจสอบปริมาณและราคาต่อหน่วย"));
            } else {
                v->total = total;
            }
        }
    }
    (void)today;

    /* documents */
    for (i = 0; i < in->files->nelts; i++) {
        const carbon_trade_file *tf = &APR_ARRAY_IDX(in->files, i, carbon_trade_file);
        k = carbon_doc_kind_find(DOC_RECORD, tf->kind);
        if (k && k->actor == CARBON_DOC_BY_SELLER)
            APR_ARRAY_PUSH(v->new_files, carbon_trade_file) = *tf;
    }
    if ((rv = check_pending(cr, db, in, lao_code, CARBON_DOC_BY_SELLER, v->pending, errors)) != OK)
        return rv;
    for (k = carbon_doc_kinds(DOC_RECORD); k->kind; k++) {
        int sent, kept, required;
        json_t *existing = before ? json_object_get(json_object_get(before, "documents"), k->kind) : NULL;
        const char *remove_key = apr_pstrcat(p, "remove_", k->kind, NULL);
        if (k->actor != CARBON_DOC_BY_SELLER)
            continue;
        sent = carbon_doc_count_files(v->new_files, k->kind) + carbon_doc_count_pending(v->pending, k->kind);
        if (!k->multiple && carbon_doc_count_files(v->new_files, k->kind) > 1 && !json_object_get(errors, k->kind))
            json_object_set_new(errors, k->kind, json_string(apr_pstrcat(p, k->label_th, "แนบได้เพียง 1 ไฟล์", NULL)));
        required = carbon_doc_required(k, v->total);
        if (!sent && before && !required) {
            const char *flag = field_text(p, in->fields, remove_key);
            if (flag && !strcmp(flag, "1") && json_array_size(existing))
                json_object_set_new(v->remove, k->kind, json_true());
        }
        kept = sent || (json_array_size(existing) && !json_object_get(v->remove, k->kind));
        if (required && !kept && !json_object_get(errors, k->kind)) {
            if (k->required == CARBON_DOC_ABOVE_CONTRACT_MIN)
                json_object_set_new(errors, k->kind,
                                    json_string("กรุณาแนบแบบสัญญาซื้อขาย (บังคับเมื่อราคาคาร์บอนเครดิตทั้งหมดเกิน 100,000 บาท)"));
            else
                json_object_set_new(errors, k->kind, json_string(apr_pstrcat(p, "กรุณาแนบ", k->label_th, NULL)));
        }
    }
    return json_object_size(errors) ? HTTP_UNPROCESSABLE_ENTITY : OK;
}

static json_t *values_json(const trade_values *v)
{
    return json_pack("{s:I,s:I,s:s,s:s,s:I,s:I,s:I}",
                     "project_id", (json_int_t)v->project_id, "buyer_id", (json_int_t)v->buyer_id,
                     "ordered_on", v->ordered_on, "trade_type", v->trade_type,
                     "quantity_tco2e", (json_int_t)v->quantity, "unit_price_satang", (json_int_t)v->unit,
                     "total_satang", (json_int_t)v->total);
}

static void pending_gone_error(const apr_array_header_t *pending, json_t *errors)
{
    int i;
    for (i = 0; pending && i < pending->nelts; i++)
        if (!json_object_get(errors, APR_ARRAY_IDX(pending, i, carbon_trade_pending).kind))
            json_object_set_new(errors, APR_ARRAY_IDX(pending, i, carbon_trade_pending).kind,
                                json_string(MSG_PENDING_GONE));
}

/* ---- create ------------------------------------------------------------- */

typedef struct {
    trade_values *v;
    json_t *errors;
    int fy;
    const char *trade_id;
} create_baton;

static int create_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    create_baton *b = baton;
    trade_values *v = b->v;
    apr_pool_t *p = cr->r->pool;
    const char *lao_code = cr->user->lao_code, *order_no, *now = carbon_now_iso(p, apr_time_now());
    json_t *row = NULL, *after, *ids = carbon_json_pool(p, json_object());
    int refused = 0, gone = 0;
    carbon_db_status st;
    /* the reserve is the check: never read-then-write */
    if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RESERVE, lao_code, v->project_id, v->quantity, &refused)))
        return carbon_db_http_status(st);
    if (refused) {
        json_object_set_new(b->errors, "quantity_tco2e", json_string(CARBON_TRADE_EXCEEDS_TH));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if ((st = carbon_db_select_one(db, "trade_order_seq", &row, CARBON_ARGS(carbon_i64(p, b->fy)))) || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    order_no = carbon_trade_order_no(p, b->fy, carbon_row_int(row, "seq"));
    json_decref(row);
    st = carbon_db_select_one(db, "trade_insert", &row,
                              CARBON_ARGS(order_no, carbon_i64(p, b->fy), lao_code, carbon_i64(p, v->project_id),
                                          carbon_i64(p, v->buyer_id), v->ordered_on, v->trade_type,
                                          carbon_i64(p, v->quantity), carbon_i64(p, v->unit), carbon_i64(p, v->total),
                                          carbon_i64(p, cr->user->id), now, now));
    if (st || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    b->trade_id = carbon_i64(p, carbon_row_int(row, "id"));
    json_decref(row);
    if ((st = carbon_trade_line_add(cr, db, b->trade_id, lao_code, "seller", v->quantity, v->total, "consented"))
        || (st = carbon_doc_link_all(cr, db, DOC_ENTITY, b->trade_id, lao_code, v->new_files, v->pending, ids,
                                     &gone)))
        return carbon_db_http_status(st);
    if (gone) {
        pending_gone_error(v->pending, b->errors);
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    after = carbon_json_pool(p, values_json(v));
    json_object_set_new(after, "order_no", json_string(order_no));
    json_object_set_new(after, "fiscal_year", json_integer(b->fy));
    json_object_set_new(after, "kind", json_string("self"));
    json_object_set_new(after, "lao_code", json_string(lao_code));
    json_object_set_new(after, "status", json_string(CARBON_TRADE_IN_PROGRESS));
    json_object_set(after, "documents", ids);
    audit->entity = "trade";
    audit->entity_id = b->trade_id;
    audit->action = "create";
    audit->after = after;
    return OK;
}

int carbon_trade_create(carbon_req *cr, const carbon_trade_input *in, json_t *errors, json_t **trade)
{
    carbon_db *db = carbon_db_get(cr->r);
    trade_values v;
    create_baton b;
    int rv, y, m, d;
    *trade = NULL;
    if (!is_role(cr, CARBON_ROLE_LAO) || !cr->user->lao_code)
        return HTTP_FORBIDDEN;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((rv = prepare(cr, db, in, NULL, cr->user->lao_code, errors, &v)) != OK)
        return rv;
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    if (carbon_parse_iso_date(v.ordered_on, &y, &m, &d) != APR_SUCCESS)
        return HTTP_UNPROCESSABLE_ENTITY;
    b.v = &v;
    b.errors = errors;
    b.fy = carbon_fiscal_year_be(y, m, d);
    b.trade_id = NULL;
    if ((rv = carbon_tx_run(cr, db, create_work, &b)) != OK)
        return rv;
    rv = carbon_trade_get(cr, db, b.trade_id, trade);
    return rv == OK ? HTTP_CREATED : rv;
}

/* ---- the steps of a self-operated sale ---------------------------------- */

/* update (the seller, while DLA has not confirmed): project, order date,
 * quantity, unit price and documents; the buyer and trade type stay. */
static int update_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    trade_values *v = apr_pcalloc(cr->r->pool, sizeof(*v));
    json_t *before = c->trade;
    int rv = prepare(cr, db, c->in, before, carbon_json_str(before, "lao_code"), errors, v);
    c->data = v;
    c->before = carbon_json_pool(cr->r->pool,
                                 json_pack("{s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:O?}",
                                           "project_id", json_object_get(before, "project_id"),
                                           "buyer_id", json_object_get(before, "buyer_id"),
                                           "ordered_on", json_object_get(before, "ordered_on"),
                                           "trade_type", json_object_get(before, "trade_type"),
                                           "quantity_tco2e", json_object_get(before, "quantity_tco2e"),
                                           "unit_price_satang", json_object_get(before, "unit_price_satang"),
                                           "total_satang", json_object_get(before, "total_satang")));
    json_object_set_new(c->before, "documents", carbon_doc_ids(json_object_get(before, "documents")));
    json_object_set_new(c->before, "status", json_string(CARBON_TRADE_IN_PROGRESS));
    return rv == HTTP_UNPROCESSABLE_ENTITY ? OK : rv;   /* the errors answer */
}

static int update_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    trade_values *v = c->data;
    json_t *before = c->trade, *ids = carbon_json_pool(p, json_object()), *all, *list;
    const char *lao_code = carbon_json_str(before, "lao_code"), *kind;
    const carbon_doc_kind *k;
    int refused = 0, gone = 0;
    void *tmp;
    carbon_db_status st;
    if ((st = carbon_db_exec(db, "trade_update", NULL,
                             CARBON_ARGS(carbon_i64(p, v->project_id), v->ordered_on, carbon_i64(p, v->quantity),
                                         carbon_i64(p, v->unit), carbon_i64(p, v->total), c->id))))
        return carbon_db_http_status(st);
    if ((st = carbon_trade_line_resize(cr, db, c->id, lao_code, carbon_row_int(before, "project_id"),
                                       carbon_row_int(before, "quantity_tco2e"), v->project_id, v->quantity,
                                       v->total, &refused)))
        return carbon_db_http_status(st);
    if (refused) {
        json_object_set_new(errors, "quantity_tco2e", json_string(CARBON_TRADE_EXCEEDS_TH));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    /* documents: a kind sent replaces that kind's documents; remove_<kind> drops them */
    for (k = carbon_doc_kinds(DOC_RECORD); k->kind; k++)
        if (k->actor == CARBON_DOC_BY_SELLER
            && (carbon_doc_count_files(v->new_files, k->kind) || carbon_doc_count_pending(v->pending, k->kind)
                || json_object_get(v->remove, k->kind))
            && (st = carbon_doc_unlink_kind(db, DOC_ENTITY, c->id, k->kind)))
            return carbon_db_http_status(st);
    if ((st = carbon_doc_link_all(cr, db, DOC_ENTITY, c->id, lao_code, v->new_files, v->pending, ids, &gone)))
        return carbon_db_http_status(st);
    if (gone) {
        pending_gone_error(v->pending, errors);
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    c->after = carbon_json_pool(p, values_json(v));
    json_object_set_new(c->after, "status", json_string(CARBON_TRADE_IN_PROGRESS));
    all = carbon_doc_ids(json_object_get(before, "documents"));   /* the kept ones and the new ones */
    json_object_foreach_safe(all, tmp, kind, list) {
        if (json_object_get(ids, kind) || json_object_get(v->remove, kind))
            json_object_del(all, kind);
    }
    json_object_update(all, ids);
    json_object_set_new(c->after, "documents", all);
    json_object_set(c->after, "replaced_kinds", ids);
    json_object_set(c->after, "removed_kinds", v->remove);
    return OK;
}

const carbon_vfield carbon_trade_confirm_fields[] = {
    { "confirmed_on", CARBON_V_DATE_PAST, 0, 0, 0, "วันที่ยืนยันการขาย" },
    { "confirmation_ref", CARBON_V_TEXT, 1, 1, 100, "เลขที่อ้างอิงการโอนหรือการยกเลิกคาร์บอนเครดิต (T-VER)" },
    { "note", CARBON_V_TEXT, 0, 0, 2000, "หมายเหตุ" },
    { NULL }
};

typedef struct {
    apr_array_header_t *files, *pending;
} confirm_docs;

/* confirm (DLA, step 3): the date (default today; not before the order
 * date), the T-VER reference, a note, one optional document. */
int carbon_trade_confirm_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    const carbon_trade_input *in = c->in;
    confirm_docs *docs = apr_pcalloc(p, sizeof(*docs));
    const char *on;
    int i;
    /* "confirmation_note" is the note's other name; its errors answer on the name sent */
    if (!json_object_get(in->fields, "note") && json_object_get(in->fields, "confirmation_note")) {
        json_t *input = carbon_json_pool(p, json_copy(in->fields));
        json_object_set(input, "note", json_object_get(input, "confirmation_note"));
        json_object_del(errors, "note");
        json_object_del(errors, "confirmed_on");
        json_object_del(errors, "confirmation_ref");
        c->clean = carbon_json_pool(p, carbon_validate(carbon_trade_confirm_fields, input, errors));
        if (json_object_get(errors, "note"))
            json_object_set(errors, "confirmation_note", json_object_get(errors, "note"));
    }
    on = carbon_json_str(c->clean, "confirmed_on");
    if (!on && !json_object_get(errors, "confirmed_on"))
        on = carbon_today_iso(p, apr_time_now());
    if (on && strcmp(on, carbon_json_str(c->trade, "ordered_on")) < 0)
        json_object_set_new(errors, "confirmed_on", json_string("วันที่ยืนยันการขายต้องไม่ก่อนวันที่สั่งซื้อ"));
    docs->files = apr_array_make(p, 1, sizeof(carbon_trade_file));
    for (i = 0; in->files && i < in->files->nelts; i++) {
        const carbon_trade_file *tf = &APR_ARRAY_IDX(in->files, i, carbon_trade_file);
        if (!strcmp(tf->kind, "confirmation_doc"))
            APR_ARRAY_PUSH(docs->files, carbon_trade_file) = *tf;
    }
    if (docs->files->nelts > 1 && !json_object_get(errors, "confirmation_doc"))
        json_object_set_new(errors, "confirmation_doc", json_string("เอกสารยืนยันการขายแนบได้เพียง 1 ไฟล์"));
    docs->pending = apr_array_make(p, 1, sizeof(carbon_trade_pending));
    c->data = docs;
    c->event_on = on;
    c->event_ref = carbon_json_str(c->clean, "confirmation_ref");
    c->event_note = carbon_json_str(c->clean, "note");
    return check_pending(cr, db, in, carbon_json_str(c->trade, "lao_code"), CARBON_DOC_BY_DLA, docs->pending,
                         errors);
}

int carbon_trade_confirm_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    confirm_docs *docs = c->data;
    json_t *ids = carbon_json_pool(p, json_object());
    int gone = 0;
    carbon_db_status st;
    if ((st = carbon_doc_link_all(cr, db, DOC_ENTITY, c->id, carbon_json_str(c->trade, "lao_code"), docs->files,
                                  docs->pending, ids, &gone)))
        return carbon_db_http_status(st);
    if (gone) {
        json_object_set_new(errors, "confirmation_doc", json_string(MSG_PENDING_GONE));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    c->before = carbon_json_pool(p, json_pack("{s:s}", "status", CARBON_TRADE_IN_PROGRESS));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s,s:s,s:s?,s:o}", "status", CARBON_TRADE_COMPLETED,
                                             "confirmed_on", c->event_on, "confirmation_ref", c->event_ref,
                                             "note", c->event_note,
                                             "quantity_tco2e", json_integer(c->settled_tco2e)));
    json_object_set(c->after, "documents", ids);
    return OK;
}

const carbon_vfield carbon_trade_delete_fields[] = {
    { "reason", CARBON_V_TEXT, 0, 1, 1000, "เหตุผลการลบ" },
    { NULL }
};

/* delete (DLA, in progress): the reason (required by the HTML form). */
int carbon_trade_delete_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    const int *require_reason = c->data;
    (void)p;
    c->event_note = carbon_json_str(c->clean, "reason");
    if (*require_reason && !c->event_note && !json_object_get(errors, "reason"))
        json_object_set_new(errors, "reason", json_string("กรุณาระบุเหตุผลการลบรายการ"));
    return OK;
}

int carbon_trade_delete_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    c->before = carbon_json_pool(p, json_pack("{s:s,s:I}", "status", CARBON_TRADE_IN_PROGRESS,
                                              "quantity_tco2e", (json_int_t)c->settled_tco2e));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s?,s:I}", "status", CARBON_TRADE_DELETED,
                                             "reason", c->event_note, "released_tco2e",
                                             (json_int_t)c->settled_tco2e));
    return OK;
}

/* The self-operated sale: saved (create) straight into "awaiting_dla";
 * the seller edits it there; DLA confirms it (completed) or deletes it. */
const carbon_trade_transition carbon_trade_self_steps[] = {
    { "update", "awaiting_dla", "awaiting_dla", CARBON_TRADE_IN_PROGRESS, CARBON_ACTOR_SELLER, 1, NULL,
      CARBON_EFFECT_NONE, NULL, "update", CARBON_TRADE_NOT_EDITABLE_TH, update_check, update_write },
    { "confirm", "awaiting_dla", "completed", CARBON_TRADE_COMPLETED, CARBON_ACTOR_DLA, 0,
      carbon_trade_confirm_fields, CARBON_EFFECT_SELL_ALL, "confirm", "confirm", CARBON_TRADE_NOT_PENDING_TH,
      carbon_trade_confirm_check, carbon_trade_confirm_write },
    { "delete", "awaiting_dla", "deleted", CARBON_TRADE_DELETED, CARBON_ACTOR_DLA, 0, carbon_trade_delete_fields,
      CARBON_EFFECT_RELEASE_ALL, "delete", "delete", CARBON_TRADE_NOT_PENDING_TH, carbon_trade_delete_check,
      carbon_trade_delete_write },
    { NULL }
};

int carbon_trade_update(carbon_req *cr, const char *id, const carbon_trade_input *in, json_t *errors,
                        json_t **trade, const char **conflict_th)
{
    return carbon_trade_apply(cr, carbon_trade_self_steps, "update", id, in, errors, NULL, trade, conflict_th);
}

/* The step table of each kind of trade. */
static const struct {
    const char *kind;
    const carbon_trade_transition *steps;
} kind_steps[] = {
    { "self", carbon_trade_self_steps },
    { "group", carbon_trade_group_steps },
    { "delegated", carbon_trade_delegated_steps },
    { NULL, NULL }
};

const carbon_trade_transition *carbon_trade_steps_of(const char *kind)
{
    int i;
    for (i = 0; kind && kind_steps[i].kind; i++)
        if (!strcmp(kind_steps[i].kind, kind))
            return kind_steps[i].steps;
    return NULL;
}

int carbon_trade_act(carbon_req *cr, const char *name, const char *id, const carbon_trade_input *in,
                     json_t *errors, void *data, json_t **trade, const char **conflict_th)
{
    carbon_db *db = carbon_db_get(cr->r);
    const carbon_trade_transition *steps;
    json_t *row = NULL;
    carbon_db_status st;
    *trade = NULL;
    *conflict_th = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (!carbon_is_id(id))
        return HTTP_NOT_FOUND;
    if ((st = carbon_db_select_one(db, "trade_kind", &row, CARBON_ARGS(id))))
        return carbon_db_http_status(st);
    if (!row)
        return HTTP_NOT_FOUND;
    steps = carbon_trade_steps_of(carbon_json_str(carbon_json_pool(cr->r->pool, row), "kind"));
    if (!steps)
        return HTTP_NOT_FOUND;
    return carbon_trade_apply(cr, steps, name, id, in, errors, data, trade, conflict_th);
}

int carbon_trade_confirm(carbon_req *cr, const char *id, const carbon_trade_input *in, json_t *errors,
                         json_t **trade)
{
    const char *conflict_th;
    return carbon_trade_act(cr, "confirm", id, in, errors, NULL, trade, &conflict_th);
}

int carbon_trade_delete(carbon_req *cr, const char *id, const char *reason, int require_reason,
                        json_t *errors, json_t **trade)
{
    carbon_trade_input in;
    const char *conflict_th;
    memset(&in, 0, sizeof(in));
    in.fields = carbon_json_pool(cr->r->pool, json_object());
    if (reason)
        json_object_set_new(in.fields, "reason", json_string(reason));
    return carbon_trade_act(cr, "delete", id, &in, errors, &require_reason, trade, &conflict_th);
}

/* ---- pending uploads ---------------------------------------------------- */

int carbon_trade_keep_pending(carbon_req *cr, const carbon_trade_input *in, const char *owner_lao_code,
                              json_t **pending)
{
    return carbon_doc_keep_pending(cr, DOC_RECORD, in->files, in->pending, owner_lao_code, pending);
}

int carbon_trades_waiting_counts(carbon_req *cr, carbon_db *db, json_t **rows)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db_status st = carbon_db_select(db, "trade_waiting_counts", rows,
                                           CARBON_ARGS(sc.all, CARBON_SCOPE_ARGS(sc)));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(cr->r->pool, *rows);
    return OK;
}
