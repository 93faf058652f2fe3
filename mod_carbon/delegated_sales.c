/* delegated_sales.c: see delegated_sales.h. */
#include "delegated_sales.h"
#include "trade_lines.h"
#include "ledger.h"
#include "documents.h"
#include "tx.h"
#include "listing.h"
#include "validate.h"
#include "scope.h"
#include "statements.h"
#include "thaifmt.h"
#include "session.h"
#include "money.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include <stdlib.h>
#include <string.h>

#define RECORD "trade_delegated"
#define MAX_LINES 500
#define MAX_OTHER_FILES 20
#define ID_MAX 999999999999LL

/* Filters of the lists: every one always applies (a LIKE '%' or the whole
 * date range when not given), so no "(? IS NULL OR ...)". 6 arguments:
 * two statuses, order_no LIKE, buyer LIKE, from, to. */
#define DLG_FILTER \
    " t.kind = 'delegated' AND t.status IN (%s, %s)" \
    " AND t.order_no LIKE %s ESCAPE '\\'" \
    " AND LOWER(b.display_name) LIKE LOWER(%s) ESCAPE '\\'" \
    " AND t.ordered_on >= %s AND t.ordered_on <= %s"
#define DLG_COLUMNS \
    "SELECT t.id, t.order_no, t.fiscal_year, t.status, t.step, t.ordered_on, t.trade_type," \
    "       t.unit_price_satang, t.quantity_tco2e, t.total_satang, t.updated_at, t.project_id," \
    "       pr.name_th AS project_name, b.display_name AS buyer_name," \
    "       (SELECT COUNT(*) FROM trade_lines cl WHERE cl.trade_id = t.id AND cl.consent <> 'declined')" \
    "         AS lao_count," \
    "       (SELECT COUNT(*) FROM trade_lines cl WHERE cl.trade_id = t.id AND cl.consent = 'pending')" \
    "         AS pending_count"
#define DLG_JOINS " JOIN buyers b ON b.id = t.buyer_id JOIN projects pr ON pr.id = t.project_id"
/* a provincial office: the open sales, and those with a line of its scope */
#define DLG_PROVINCE_SCOPE \
    " AND ((t.status = 'in_progress' AND %s IS NOT NULL)" \
    "      OR EXISTS (SELECT 1 FROM trade_lines sl JOIN laos sla ON sla.code = sl.lao_code" \
    "                 WHERE sl.trade_id = t.id AND " CARBON_SCOPE_SQL("sla") "))"
#define DLG_MY_LAOS \
    ", (SELECT COUNT(*) FROM trade_lines ml JOIN laos mla ON mla.code = ml.lao_code" \
    "    WHERE ml.trade_id = t.id AND ml.consent <> 'declined' AND " CARBON_SCOPE_SQL("mla") ") AS my_lao_count"

const carbon_statement carbon_delegated_statements[] = {
    { "dlg_insert",
      "INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id,"
      "                    buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang,"
      "                    created_by, created_at, updated_at)"
      " VALUES ('delegated', %s, %lld, 'in_progress', 'participants', NULL, NULL, %lld, %lld, %s, %s, 0, %lld, 0,"
      "         %lld, %s, %s)"
      " RETURNING id" },
    /* a file the user uploaded that nothing uses yet */
    { "dlg_file_free",
      "SELECT f.id FROM files f WHERE f.id = %lld AND f.uploaded_by = %lld"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.file_id = f.id)" },
    /* the link, only if it still is (0 rows: used meanwhile) */
    { "dlg_link",
      "INSERT INTO record_files (entity, entity_id, kind, file_id)"
      " SELECT %s, %lld, %s, f.id FROM files f WHERE f.id = %lld AND f.uploaded_by = %lld"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.file_id = f.id)" },
    { "dlg_lao_in_scope",
      "SELECT l.code, l.name_th FROM laos l WHERE l.code = %s AND " CARBON_SCOPE_SQL("l") },
    /* the lines of the provincial office's LAOs, inside its transaction */
    { "dlg_lines_in_scope",
      "SELECT tl.id, tl.lao_code, tl.quantity_tco2e, tl.consent, tl.ledger, l.name_th"
      "  FROM trade_lines tl JOIN laos l ON l.code = tl.lao_code"
      " WHERE tl.trade_id = %lld AND " CARBON_SCOPE_SQL("l") " ORDER BY tl.lao_code" },
    { "dlg_line_delete",
      "DELETE FROM trade_lines WHERE id = %lld AND trade_id = %lld AND ledger = 'reserved'"
      "   AND consent <> 'declined'" },
    { "dlg_line_repending",
      "UPDATE trade_lines SET consent = 'pending', version = version + 1 WHERE id = %lld AND ledger = 'reserved'" },
    { "dlg_sum_active",
      "SELECT COALESCE(SUM(quantity_tco2e), 0) AS quantity_tco2e FROM trade_lines"
      " WHERE trade_id = %lld AND consent <> 'declined'" },
    { "dlg_set_totals",
      "UPDATE trades SET quantity_tco2e = %lld, total_satang = %lld WHERE id = %lld" },
    { "dlg_consent",
      "UPDATE trade_lines SET consent = 'consented', version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s AND consent = 'pending' AND ledger = 'reserved'" },
    { "dlg_decline",
      "UPDATE trade_lines SET consent = 'declined', ledger = 'released', version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s AND consent = 'pending' AND ledger = 'reserved'" },
    { "dlg_event",
      "INSERT INTO trade_events (trade_id, action, ref, note, acted_by, acted_at)"
      " VALUES (%lld, %s, %s, %s, %lld, %s)" },
    /* the lines that still stop DLA's documents (inside its transaction) */
    { "dlg_not_consented",
      "SELECT COUNT(*) AS total FROM trade_lines WHERE trade_id = %lld AND consent = 'pending'" },
    { "dlg_receipts_missing",
      "SELECT COUNT(*) AS total FROM trade_lines tl"
      " WHERE tl.trade_id = %lld AND tl.consent = 'consented'"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.entity = 'trade_line'"
      "                   AND rf.entity_id = tl.id AND rf.kind = 'receipt')" },
    { "dlg_to_awaiting",
      "UPDATE trades SET step = 'awaiting_dla', updated_at = %s WHERE id = %lld AND step = 'receipts'" },
    { "dlg_unlink_line_kind",
      "DELETE FROM record_files WHERE entity = 'trade_line' AND entity_id = %lld AND kind = %s" },
    /* lists, one per role, scope inside each */
    { "dlg_count_dla",
      "SELECT COUNT(*) AS total FROM trades t" DLG_JOINS " WHERE" DLG_FILTER " AND %s = 'all'" },
    { "dlg_page_dla",
      DLG_COLUMNS " FROM trades t" DLG_JOINS " WHERE" DLG_FILTER " AND %s = 'all'"
      " ORDER BY t.ordered_on DESC, t.id DESC LIMIT %lld OFFSET %lld" },
    { "dlg_count_province",
      "SELECT COUNT(*) AS total FROM trades t" DLG_JOINS " WHERE" DLG_FILTER DLG_PROVINCE_SCOPE },
    { "dlg_page_province",
      DLG_COLUMNS DLG_MY_LAOS " FROM trades t" DLG_JOINS " WHERE" DLG_FILTER DLG_PROVINCE_SCOPE
      " ORDER BY t.ordered_on DESC, t.id DESC LIMIT %lld OFFSET %lld" },
    { "dlg_count_lao",
      "SELECT COUNT(*) AS total FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id" DLG_JOINS
      " WHERE tl.lao_code = %s AND" DLG_FILTER },
    { "dlg_page_lao",
      DLG_COLUMNS ", tl.quantity_tco2e AS line_quantity_tco2e, tl.consent AS line_consent,"
      "       (SELECT COUNT(*) FROM record_files rf WHERE rf.entity = 'trade_line' AND rf.entity_id = tl.id"
      "         AND rf.kind = 'receipt') AS receipt_count"
      "  FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id" DLG_JOINS
      " WHERE tl.lao_code = %s AND" DLG_FILTER
      " ORDER BY t.ordered_on DESC, t.id DESC LIMIT %lld OFFSET %lld" },
    { "dlg_candidates",
      "SELECT l.code AS lao_code, l.name_th, d.name_th AS district_name, pc.remaining_tco2e"
      "  FROM laos l JOIN project_credits pc ON pc.lao_code = l.code AND pc.project_id = %lld"
      "  JOIN districts d ON d.code = l.district_code"
      " WHERE (pc.remaining_tco2e > 0"
      "        OR EXISTS (SELECT 1 FROM trade_lines x WHERE x.trade_id = %lld AND x.lao_code = l.code))"
      "   AND " CARBON_SCOPE_SQL("l") " ORDER BY l.code LIMIT 1000" },
    { NULL, NULL }
};

/* ---- labels --------------------------------------------------------------- */

const char *carbon_delegated_step_th(const char *step)
{
    if (!step)
        return "";
    if (!strcmp(step, "participants"))
        return "รอ สจ./อปท. เพิ่มข้อมูลและยินยอม";
    if (!strcmp(step, "receipts"))
        return "รอ อปท. อัปโหลดใบเสร็จรับเงิน";
    if (!strcmp(step, "awaiting_dla"))
        return "รอ สถ. ยืนยันการขาย";
    if (!strcmp(step, "completed"))
        return "ดำเนินการเสร็จสิ้น (สถ.)";
    if (!strcmp(step, "deleted"))
        return "ลบโดย สถ.";
    return step;
}

/* ---- small helpers -------------------------------------------------------- */

#define MSG_FILE_GONE "ไม่พบไฟล์ที่อัปโหลดไว้ หรือไฟล์นี้ถูกใช้กับรายการอื่นแล้ว กรุณาอัปโหลดไฟล์ใหม่"
#define MSG_FILE_ID "กรุณาระบุรหัสไฟล์ที่อัปโหลดแล้ว (POST api/v1/files)"

/* A document to link: the file, its kind, and the line it belongs to
 * (NULL: the trade). */
typedef struct {
    const char *field;       /* where its errors go */
    const char *kind;
    const char *line_id;     /* entity "trade_line", or NULL for "trade" */
    const char *file_id;
} dlg_doc;

/* An id from JSON (integer or digit text); NULL otherwise. */
static const char *id_of(apr_pool_t *p, json_t *v)
{
    if (json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) <= ID_MAX)
        return carbon_i64(p, json_integer_value(v));
    if (json_is_string(v) && carbon_is_id(json_string_value(v)))
        return json_string_value(v);
    return NULL;
}

/* A whole number min..max from JSON (integer or digit text); -1 otherwise. */
static long long int_of(json_t *v, long long min, long long max)
{
    long long n;
    char *end;
    if (json_is_integer(v))
        n = json_integer_value(v);
    else if (json_is_string(v) && *json_string_value(v)) {
        n = strtoll(json_string_value(v), &end, 10);
        if (*end)
            return -1;
    } else
        return -1;
    return n >= min && n <= max ? n : -1;
}

/* Checks that file_id is a free upload of the user; adds the document to docs. */
static int want_file(carbon_req *cr, carbon_db *db, apr_array_header_t *docs, const char *field,
                     const char *kind, const char *line_id, const char *file_id, json_t *errors)
{
    json_t *row = NULL;
    int i;
    carbon_db_status st;
    for (i = 0; i < docs->nelts; i++)
        if (!strcmp(APR_ARRAY_IDX(docs, i, dlg_doc).file_id, file_id)) {
            json_object_set_new(errors, field, json_string("ไฟล์เดียวกันใช้ได้กับเอกสารเพียงรายการเดียว"));
            return OK;
        }
    if ((st = carbon_db_select_one(db, "dlg_file_free", &row,
                                   CARBON_ARGS(file_id, carbon_i64(cr->r->pool, cr->user->id)))))
        return carbon_db_http_status(st);
    if (!row) {
        json_object_set_new(errors, field, json_string(MSG_FILE_GONE));
        return OK;
    }
    json_decref(row);
    {
        dlg_doc *d = &APR_ARRAY_PUSH(docs, dlg_doc);
        d->field = field;
        d->kind = kind;
        d->line_id = line_id;
        d->file_id = file_id;
    }
    return OK;
}

/* A list of file ids (field) into docs of kind. */
static int want_files(carbon_req *cr, carbon_db *db, apr_array_header_t *docs, json_t *fields, const char *field,
                      const char *kind, json_t *errors)
{
    json_t *list = json_object_get(fields, field), *v;
    size_t i;
    int rv;
    if (!list || json_is_null(list))
        return OK;
    if (!json_is_array(list) || json_array_size(list) > MAX_OTHER_FILES) {
        json_object_set_new(errors, field, json_string("ต้องเป็นรายการรหัสไฟล์ ไม่เกิน 20 ไฟล์"));
        return OK;
    }
    json_array_foreach(list, i, v) {
        const char *id = id_of(cr->r->pool, v);
        if (!id) {
            json_object_set_new(errors, field, json_string(MSG_FILE_ID));
            return OK;
        }
        if ((rv = want_file(cr, db, docs, field, kind, NULL, id, errors)) != OK)
            return rv;
    }
    return OK;
}

/* Links docs inside the transaction; 422 when a file was used meanwhile. */
static int link_docs(carbon_req *cr, carbon_db *db, const char *trade_id, apr_array_header_t *docs,
                     json_t *errors, json_t *ids)
{
    apr_pool_t *p = cr->r->pool;
    int i, affected;
    carbon_db_status st;
    for (i = 0; i < docs->nelts; i++) {
        dlg_doc *d = &APR_ARRAY_IDX(docs, i, dlg_doc);
        affected = 0;
        if ((st = carbon_db_exec(db, "dlg_link", &affected,
                                 CARBON_ARGS(d->line_id ? "trade_line" : "trade", d->line_id ? d->line_id : trade_id,
                                             d->kind, d->file_id, carbon_i64(p, cr->user->id)))))
            return carbon_db_http_status(st);
        if (affected != 1) {
            json_object_set_new(errors, d->field, json_string(MSG_FILE_GONE));
            return HTTP_UNPROCESSABLE_ENTITY;
        }
        if (ids) {
            const char *key = d->line_id ? apr_pstrcat(p, d->kind, "_line_", d->line_id, NULL) : d->kind;
            if (!json_object_get(ids, key))
                json_object_set_new(ids, key, json_array());
            json_array_append_new(json_object_get(ids, key), json_integer(atoll(d->file_id)));
        }
    }
    return OK;
}

/* Recomputes the trade's quantity and total from its lines that are in the
 * sale (inside the transaction). */
static int set_totals(carbon_req *cr, carbon_db *db, const char *trade_id, long long unit, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *row = NULL;
    int64_t total;
    long long qty;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "dlg_sum_active", &row, CARBON_ARGS(trade_id))))
        return carbon_db_http_status(st);
    qty = row ? carbon_row_int(row, "quantity_tco2e") : 0;
    json_decref(row);
    if (carbon_satang_mul_qty(unit, qty, &total) != APR_SUCCESS) {
        json_object_set_new(errors, "participants", json_string("ราคารวมสูงเกินกว่าที่ระบบรองรับ"));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if ((st = carbon_db_exec(db, "dlg_set_totals", NULL,
                             CARBON_ARGS(carbon_i64(p, qty), carbon_i64(p, total), trade_id))))
        return carbon_db_http_status(st);
    return OK;
}

/* The line of the signed-in LAO among the trade's lines, or NULL. */
static json_t *my_line(carbon_req *cr, json_t *trade)
{
    json_t *line;
    size_t i;
    json_array_foreach(json_object_get(trade, "participants"), i, line)
        if (cr->user->lao_code && !strcmp(carbon_json_str(line, "lao_code"), cr->user->lao_code))
            return line;
    return NULL;
}

static int event(carbon_req *cr, carbon_db *db, const char *trade_id, const char *action, const char *ref,
                 const char *note)
{
    apr_pool_t *p = cr->r->pool;
    return carbon_db_http_status(
        carbon_db_exec(db, "dlg_event", NULL,
                       CARBON_ARGS(trade_id, action, ref, note, carbon_i64(p, cr->user->id),
                                   carbon_now_iso(p, apr_time_now()))));
}

/* ---- create ---------------------------------------------------------------- */

static const char *const trade_types[] = { "transfer", "cancellation", NULL };

static const carbon_vfield create_fields[] = {
    { "project_id", CARBON_V_INT, 0, 1, ID_MAX, "โครงการ" },
    { "buyer_id", CARBON_V_INT, 1, 1, ID_MAX, "ผู้ซื้อ" },
    { "ordered_on", CARBON_V_DATE_PAST, 1, 0, 0, "วันที่สั่งซื้อ" },
    { "trade_type", CARBON_V_CHOICE, 0, 0, 0, "ประเภทการซื้อขาย", trade_types },
    { "unit_price_satang", CARBON_V_SATANG, 0, 1, 100000000000000LL, "ราคาคาร์บอนเครดิตต่อหน่วย (สตางค์)" },
    { "unit_price_baht", CARBON_V_BAHT, 0, 1, 100000000000000LL, "ราคาคาร์บอนเครดิตต่อหน่วย (บาท)" },
    { "intent_letter_file_id", CARBON_V_INT, 1, 1, ID_MAX, "หนังสือแจ้งความประสงค์ซื้อขายคาร์บอนเครดิต" },
    { NULL }
};

typedef struct {
    long long project_id, buyer_id, unit;
    const char *ordered_on, *trade_type;
    apr_array_header_t *docs;
    int fy;
    const char *trade_id;
    json_t *errors;
} create_values;

static int create_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    create_values *v = baton;
    apr_pool_t *p = cr->r->pool;
    const char *now = carbon_now_iso(p, apr_time_now()), *order_no;
    json_t *row = NULL, *ids = carbon_json_pool(p, json_object()), *after;
    int rv;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "trade_order_seq", &row, CARBON_ARGS(carbon_i64(p, v->fy)))))
        return carbon_db_http_status(st);
    if (!row)
        return HTTP_INTERNAL_SERVER_ERROR;
    order_no = carbon_trade_order_no(p, v->fy, carbon_row_int(row, "seq"));
    json_decref(row);
    row = NULL;
    if ((st = carbon_db_select_one(db, "dlg_insert", &row,
                                   CARBON_ARGS(order_no, carbon_i64(p, v->fy), carbon_i64(p, v->project_id),
                                               carbon_i64(p, v->buyer_id), v->ordered_on, v->trade_type,
                                               carbon_i64(p, v->unit), carbon_i64(p, cr->user->id), now, now))))
        return carbon_db_http_status(st);
    if (!row)
        return HTTP_INTERNAL_SERVER_ERROR;
    v->trade_id = carbon_i64(p, carbon_row_int(row, "id"));
    json_decref(row);
    if ((rv = link_docs(cr, db, v->trade_id, v->docs, v->errors, ids)) != OK)
        return rv;
    after = carbon_json_pool(p, json_pack("{s:s,s:s,s:I,s:s,s:I,s:I,s:s,s:s,s:I,s:s,s:O}", "kind", "delegated",
                                          "order_no", order_no, "fiscal_year", (json_int_t)v->fy,
                                          "status", CARBON_TRADE_IN_PROGRESS,
                                          "project_id", (json_int_t)v->project_id, "buyer_id",
                                          (json_int_t)v->buyer_id, "ordered_on", v->ordered_on,
                                          "trade_type", v->trade_type, "unit_price_satang", (json_int_t)v->unit,
                                          "step", "participants", "documents", ids));
    audit->entity = "trade";
    audit->entity_id = v->trade_id;
    audit->action = "create";
    audit->after = after;
    return OK;
}

int carbon_delegated_create(carbon_req *cr, json_t *fields, json_t *errors, json_t **trade)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *clean, *row = NULL;
    create_values v;
    const char *id;
    int rv, y, m, d;
    carbon_db_status st;
    *trade = NULL;
    if (!cr->user || cr->user->role != CARBON_ROLE_DLA)
        return HTTP_FORBIDDEN;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (!json_is_object(fields))
        fields = carbon_json_pool(p, json_object());
    memset(&v, 0, sizeof(v));
    v.docs = apr_array_make(p, 4, sizeof(dlg_doc));
    v.errors = errors;
    clean = carbon_json_pool(p, carbon_validate(create_fields, fields, errors));
    /* the price: satang, or baht as typed (the form); errors on unit_price_satang */
    if (json_object_get(errors, "unit_price_baht")) {
        json_object_set(errors, "unit_price_satang", json_object_get(errors, "unit_price_baht"));
        json_object_del(errors, "unit_price_baht");
    }
    if (json_object_get(clean, "unit_price_satang"))
        v.unit = json_integer_value(json_object_get(clean, "unit_price_satang"));
    else if (json_object_get(clean, "unit_price_baht"))
        v.unit = json_integer_value(json_object_get(clean, "unit_price_baht"));
    else if (!json_object_get(errors, "unit_price_satang"))
        json_object_set_new(errors, "unit_price_satang", json_string("กรุณาระบุราคาคาร์บอนเครดิตต่อหน่วย"));
    /* the project: the one given, or the default */
    if (json_object_get(clean, "project_id"))
        st = carbon_db_select_one(db, "trade_project", &row,
                                  CARBON_ARGS(carbon_i64(p, json_integer_value(json_object_get(clean, "project_id")))));
    else
        st = carbon_db_select_one(db, "trade_default_project", &row, CARBON_NOARGS);
    if (st)
        return carbon_db_http_status(st);
    if (row) {
        v.project_id = carbon_row_int(row, "id");
        json_decref(row);
    } else if (!json_object_get(errors, "project_id"))
        json_object_set_new(errors, "project_id", json_string("ไม่พบโครงการที่เลือก"));
    /* the buyer, and the trade type its T-VER account allows */
    v.trade_type = carbon_json_str(clean, "trade_type");
    if (json_object_get(clean, "buyer_id")) {
        row = NULL;
        if ((st = carbon_db_select_one(db, "trade_buyer", &row,
                                       CARBON_ARGS(carbon_i64(p, json_integer_value(json_object_get(clean, "buyer_id")))))))
            return carbon_db_http_status(st);
        if (!row)
            json_object_set_new(errors, "buyer_id", json_string("ไม่พบผู้ซื้อในทะเบียนผู้ซื้อคาร์บอนเครดิต"));
        else {
            int has_account = json_is_true(json_object_get(row, "has_tver_account"))
                              || carbon_row_int(row, "has_tver_account") == 1;
            v.buyer_id = carbon_row_int(row, "id");
            if (!has_account) {
                if (v.trade_type && !strcmp(v.trade_type, "transfer"))
                    json_object_set_new(errors, "trade_type",
                                        json_string("ผู้ซื้อไม่มีบัญชี T-VER จึงต้องเป็น Cancellation Notification"));
                v.trade_type = "cancellation";
            }
            json_decref(row);
        }
    }
    if (!v.trade_type && !json_object_get(errors, "trade_type"))
        json_object_set_new(errors, "trade_type", json_string("กรุณาเลือกประเภทการซื้อขาย"));
    v.ordered_on = carbon_json_str(clean, "ordered_on");
    /* documents: the intent letter, related documents */
    if (json_object_get(clean, "intent_letter_file_id")
        && (id = id_of(p, json_object_get(clean, "intent_letter_file_id")))
        && (rv = want_file(cr, db, v.docs, "intent_letter_file_id", "intent_letter", NULL, id, errors)) != OK)
        return rv;
    if ((rv = want_files(cr, db, v.docs, fields, "related_file_ids", "related_docs", errors)) != OK)
        return rv;
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    if (!v.ordered_on || carbon_parse_iso_date(v.ordered_on, &y, &m, &d) != APR_SUCCESS)
        return HTTP_UNPROCESSABLE_ENTITY;
    v.fy = carbon_fiscal_year_be(y, m, d);
    if ((rv = carbon_tx_run(cr, db, create_work, &v)) != OK)
        return rv;
    rv = carbon_trade_get(cr, db, v.trade_id, trade);
    return rv == OK ? HTTP_CREATED : rv;
}

/* ---- participants (a provincial office) ------------------------------------ */

typedef struct {
    const char *lao_code, *name_th;
    long long quantity, total;
} want_line;

typedef struct {
    want_line *lines;
    int n;
} want_lines;

static int by_lao(const void *a, const void *b)
{
    return strcmp(((const want_line *)a)->lao_code, ((const want_line *)b)->lao_code);
}

static int participants_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    json_t *list = json_object_get(c->in->fields, "participants"), *item, *declined, *dl;
    long long unit = carbon_row_int(c->trade, "unit_price_satang");
    want_lines *w = apr_pcalloc(p, sizeof(*w));
    size_t i, j;
    carbon_db_status st;
    c->data = w;
    if (!json_is_array(list)) {
        json_object_set_new(errors, "participants",
                            json_string("กรุณาระบุรายการ อปท. ที่ร่วมขาย [{\"lao_code\", \"quantity_tco2e\"}]"));
        return OK;
    }
    if (json_array_size(list) > MAX_LINES) {
        json_object_set_new(errors, "participants", json_string("ระบุ อปท. ได้ไม่เกิน 500 แห่งต่อครั้ง"));
        return OK;
    }
    w->lines = apr_pcalloc(p, sizeof(want_line) * (json_array_size(list) + 1));
    declined = json_object_get(c->trade, "declined_participants");
    json_array_foreach(list, i, item) {
        const char *code = carbon_json_str(item, "lao_code");
        long long q = int_of(json_object_get(item, "quantity_tco2e"), 1, 1000000000LL);
        json_t *row = NULL;
        int64_t total;
        const char *where = apr_psprintf(p, "อปท. ลำดับที่ %d", (int)i + 1);
        if (!json_is_object(item) || !code || strlen(code) != 7 || strspn(code, "0123456789") != 7) {
            json_object_set_new(errors, "participants", json_string(apr_pstrcat(p, where, ": รหัส อปท. ไม่ถูกต้อง", NULL)));
            return OK;
        }
        if (q < 0) {
            json_object_set_new(errors, "participants",
                                json_string(apr_pstrcat(p, where, " (", code, "): ปริมาณคาร์บอนเครดิตต้องเป็นจำนวนเต็มตั้งแต่ 1 tCO2eq", NULL)));
            return OK;
        }
        for (j = 0; j < (size_t)w->n; j++)
            if (!strcmp(w->lines[j].lao_code, code)) {
                json_object_set_new(errors, "participants",
                                    json_string(apr_pstrcat(p, "อปท. ", code, " ระบุซ้ำ", NULL)));
                return OK;
            }
        if ((st = carbon_db_select_one(db, "dlg_lao_in_scope", &row, CARBON_ARGS(code, CARBON_SCOPE_ARGS(sc)))))
            return carbon_db_http_status(st);
        if (!row) {
            json_object_set_new(errors, "participants",
                                json_string(apr_pstrcat(p, "อปท. ", code, " ไม่อยู่ในความรับผิดชอบของสำนักงานฯ จังหวัดของท่าน", NULL)));
            return OK;
        }
        carbon_json_pool(p, row);
        json_array_foreach(declined, j, dl)
            if (!strcmp(carbon_json_str(dl, "lao_code"), code)) {
                json_object_set_new(errors, "participants",
                                    json_string(apr_pstrcat(p, carbon_json_str(row, "name_th"), " (", code,
                                                            ") ไม่ยินยอมเข้าร่วมรายการนี้แล้ว จึงเพิ่มอีกไม่ได้", NULL)));
                return OK;
            }
        if (carbon_satang_mul_qty(unit, q, &total) != APR_SUCCESS) {
            json_object_set_new(errors, "participants", json_string("ราคารวมสูงเกินกว่าที่ระบบรองรับ"));
            return OK;
        }
        w->lines[w->n].lao_code = apr_pstrdup(p, code);
        w->lines[w->n].name_th = carbon_json_str(row, "name_th");
        w->lines[w->n].quantity = q;
        w->lines[w->n].total = total;
        w->n++;
    }
    qsort(w->lines, (size_t)w->n, sizeof(want_line), by_lao);
    return OK;
}

static int participants_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    want_lines *w = c->data;
    long long project = carbon_row_int(c->trade, "project_id"), unit = carbon_row_int(c->trade, "unit_price_satang");
    json_t *mine = NULL, *before = carbon_json_pool(p, json_array()), *after = carbon_json_pool(p, json_array());
    size_t i = 0, n_mine;
    int j = 0, refused;
    carbon_db_status st;
    if ((st = carbon_db_select(db, "dlg_lines_in_scope", &mine, CARBON_ARGS(c->id, CARBON_SCOPE_ARGS(sc)))))
        return carbon_db_http_status(st);
    carbon_json_pool(p, mine);
    n_mine = json_array_size(mine);
    /* one walk over both lists in lao_code order: the ledger's lock order */
    while (i < n_mine || j < w->n) {
        json_t *old = i < n_mine ? json_array_get(mine, i) : NULL;
        want_line *nw = j < w->n ? &w->lines[j] : NULL;
        int cmp = !old ? 1 : !nw ? -1 : strcmp(carbon_json_str(old, "lao_code"), nw->lao_code);
        const char *old_id = old ? carbon_i64(p, carbon_row_int(old, "id")) : NULL;
        refused = 0;
        if (old && !strcmp(carbon_json_str(old, "consent"), "declined")) {
            if (cmp == 0) {
                json_object_set_new(errors, "participants",
                                    json_string(apr_pstrcat(p, nw->name_th, " (", nw->lao_code,
                                                            ") ไม่ยินยอมเข้าร่วมรายการนี้แล้ว จึงเพิ่มอีกไม่ได้", NULL)));
                return HTTP_UNPROCESSABLE_ENTITY;
            }
            i++;
            continue;
        }
        if (old)
            json_array_append_new(before, json_pack("{s:s,s:I,s:s}", "lao_code", carbon_json_str(old, "lao_code"),
                                                    "quantity_tco2e", carbon_row_int(old, "quantity_tco2e"),
                                                    "consent", carbon_json_str(old, "consent")));
        if (cmp < 0) {            /* no longer in the sale: released, line gone */
            int affected = 0;
            if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RELEASE, carbon_json_str(old, "lao_code"), project,
                                          carbon_row_int(old, "quantity_tco2e"), &refused)))
                return carbon_db_http_status(st);
            if (refused)
                return HTTP_INTERNAL_SERVER_ERROR;
            if ((st = carbon_db_exec(db, "dlg_line_delete", &affected, CARBON_ARGS(old_id, c->id))))
                return carbon_db_http_status(st);
            if (affected != 1)
                return HTTP_INTERNAL_SERVER_ERROR;
            i++;
            continue;
        }
        if (cmp > 0) {            /* a new line: its credits reserved */
            if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RESERVE, nw->lao_code, project, nw->quantity,
                                          &refused)))
                return carbon_db_http_status(st);
            if (refused) {
                long long remaining = 0;
                carbon_ledger_remaining(db, nw->lao_code, project, &remaining);
                json_object_set_new(errors, "participants",
                                    json_string(apr_psprintf(p, "%s (%s): " CARBON_TRADE_EXCEEDS_TH
                                                             " (คงเหลือ %lld tCO2eq)", nw->name_th, nw->lao_code,
                                                             remaining)));
                json_object_set_new(errors, "lao_code", json_string(nw->lao_code));
                return HTTP_UNPROCESSABLE_ENTITY;
            }
            if ((st = carbon_trade_line_add(cr, db, c->id, nw->lao_code, "participant", nw->quantity, nw->total,
                                            "pending")))
                return carbon_db_http_status(st);
            json_array_append_new(after, json_pack("{s:s,s:I}", "lao_code", nw->lao_code,
                                                   "quantity_tco2e", (json_int_t)nw->quantity));
            j++;
            continue;
        }
        if (carbon_row_int(old, "quantity_tco2e") != nw->quantity) {   /* a new quantity */
            if ((st = carbon_trade_line_resize(cr, db, c->id, nw->lao_code, project,
                                               carbon_row_int(old, "quantity_tco2e"), project, nw->quantity,
                                               nw->total, &refused)))
                return carbon_db_http_status(st);
            if (refused) {
                json_object_set_new(errors, "participants",
                                    json_string(apr_psprintf(p, "%s (%s): " CARBON_TRADE_EXCEEDS_TH, nw->name_th,
                                                             nw->lao_code)));
                json_object_set_new(errors, "lao_code", json_string(nw->lao_code));
                return HTTP_UNPROCESSABLE_ENTITY;
            }
            /* its consent was for another quantity: it is asked again */
            if ((st = carbon_db_exec(db, "dlg_line_repending", NULL, CARBON_ARGS(old_id))))
                return carbon_db_http_status(st);
        }
        json_array_append_new(after, json_pack("{s:s,s:I}", "lao_code", nw->lao_code,
                                               "quantity_tco2e", (json_int_t)nw->quantity));
        i++;
        j++;
    }
    (void)unit;
    c->before = carbon_json_pool(p, json_pack("{s:s?,s:O}", "province_code", cr->user->province_code,
                                              "participants", before));
    c->after = carbon_json_pool(p, json_pack("{s:s?,s:O}", "province_code", cr->user->province_code,
                                             "participants", after));
    return set_totals(cr, db, c->id, unit, errors);
}

/* ---- consent (each LAO) ---------------------------------------------------- */

static const carbon_vfield consent_fields[] = {
    { "consent", CARBON_V_BOOL, 1, 0, 0, "การยินยอม" },
    { "reason", CARBON_V_TEXT, 0, 1, 1000, "เหตุผลที่ไม่ยินยอม" },
    { NULL }
};

static int consent_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    json_t *line = my_line(cr, c->trade);
    (void)db;
    if (!line)
        return HTTP_NOT_FOUND;
    if (strcmp(carbon_json_str(line, "consent"), "pending")) {
        c->conflict_th = CARBON_DELEGATED_CONSENT_DONE_TH;
        return HTTP_CONFLICT;
    }
    if (json_is_false(json_object_get(c->clean, "consent")) && !carbon_json_str(c->clean, "reason")
        && !json_object_get(errors, "reason"))
        json_object_set_new(errors, "reason", json_string("กรุณาระบุเหตุผลที่ไม่ยินยอม"));
    c->data = line;
    return OK;
}

static int consent_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *line = c->data;
    const char *lao = cr->user->lao_code, *reason = carbon_json_str(c->clean, "reason");
    int yes = json_is_true(json_object_get(c->clean, "consent")), affected = 0, refused = 0, rv;
    long long qty = carbon_row_int(line, "quantity_tco2e");
    carbon_db_status st;
    if ((st = carbon_db_exec(db, yes ? "dlg_consent" : "dlg_decline", &affected, CARBON_ARGS(c->id, lao))))
        return carbon_db_http_status(st);
    if (affected != 1) {
        c->conflict_th = CARBON_DELEGATED_CONSENT_DONE_TH;
        return HTTP_CONFLICT;
    }
    if (!yes) {   /* its credits go back to remaining; it leaves the sale */
        if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RELEASE, lao, carbon_row_int(c->trade, "project_id"), qty,
                                      &refused)))
            return carbon_db_http_status(st);
        if (refused)
            return HTTP_INTERNAL_SERVER_ERROR;
        if ((rv = set_totals(cr, db, c->id, carbon_row_int(c->trade, "unit_price_satang"), errors)) != OK)
            return rv;
    }
    if ((rv = event(cr, db, c->id, yes ? "consent" : "decline", lao, yes ? NULL : reason)) != OK)
        return rv;
    c->before = carbon_json_pool(p, json_pack("{s:s,s:s,s:I}", "lao_code", lao, "consent", "pending",
                                              "quantity_tco2e", (json_int_t)qty));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s,s:s?}", "lao_code", lao, "consent",
                                             yes ? "consented" : "declined", "reason", yes ? NULL : reason));
    if (!yes)
        json_object_set_new(c->after, "released_tco2e", json_integer(qty));
    return OK;
}

/* ---- DLA's documents -------------------------------------------------------- */

static const carbon_vfield trade_fields[] = {
    { "payment_evidence_file_id", CARBON_V_INT, 1, 1, ID_MAX, "หลักฐานการชำระเงิน" },
    { "contract_file_id", CARBON_V_INT, 0, 1, ID_MAX, "แบบสัญญาซื้อขาย" },
    { NULL }
};

static int trade_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *lines = json_object_get(c->trade, "participants"), *line, *slips, *slip;
    apr_array_header_t *docs = apr_array_make(p, 8, sizeof(dlg_doc));
    const char *id;
    size_t i, j;
    int rv;
    c->data = docs;
    if (!json_array_size(lines)) {
        c->conflict_th = CARBON_DELEGATED_NOT_READY_TH;
        return HTTP_CONFLICT;
    }
    json_array_foreach(lines, i, line)
        if (strcmp(carbon_json_str(line, "consent"), "consented")) {
            c->conflict_th = CARBON_DELEGATED_NOT_READY_TH;
            return HTTP_CONFLICT;
        }
    if ((id = id_of(p, json_object_get(c->in->fields, "payment_evidence_file_id")))
        && (rv = want_file(cr, db, docs, "payment_evidence_file_id", "payment_evidence", NULL, id, errors)) != OK)
        return rv;
    id = id_of(p, json_object_get(c->in->fields, "contract_file_id"));
    if (!id && carbon_contract_required(carbon_row_int(c->trade, "total_satang"))
        && !json_object_get(errors, "contract_file_id"))
        json_object_set_new(errors, "contract_file_id",
                            json_string("ราคารวมเกิน 100,000 บาท กรุณาอัปโหลดแบบสัญญาซื้อขาย"));
    if (id && (rv = want_file(cr, db, docs, "contract_file_id", "contract", NULL, id, errors)) != OK)
        return rv;
    if ((rv = want_files(cr, db, docs, c->in->fields, "other_file_ids", "other_docs", errors)) != OK)
        return rv;
    /* one transfer slip for each LAO in the sale, none for anyone else */
    slips = json_object_get(c->in->fields, "transfer_slips");
    if (!json_is_array(slips)) {
        json_object_set_new(errors, "transfer_slips", json_string("กรุณาอัปโหลดใบโอนเงินให้ อปท. ทุกแห่ง"));
        return OK;
    }
    json_array_foreach(slips, j, slip) {
        const char *code = carbon_json_str(slip, "lao_code");
        int found = 0;
        json_array_foreach(lines, i, line)
            if (code && !strcmp(code, carbon_json_str(line, "lao_code")))
                found = 1;
        if (!found) {
            json_object_set_new(errors, "transfer_slips",
                                json_string(apr_pstrcat(p, "อปท. ", code ? code : "?", " ไม่ได้ร่วมขายในรายการนี้", NULL)));
            return OK;
        }
    }
    json_array_foreach(lines, i, line) {
        const char *code = carbon_json_str(line, "lao_code"), *file = NULL, *field;
        int count = 0;
        json_array_foreach(slips, j, slip)
            if (carbon_json_str(slip, "lao_code") && !strcmp(carbon_json_str(slip, "lao_code"), code)) {
                count++;
                file = id_of(p, json_object_get(slip, "file_id"));
            }
        field = apr_pstrcat(p, "transfer_slip_", code, NULL);
        if (count != 1 || !file) {
            const char *msg = apr_pstrcat(p, "กรุณาอัปโหลดใบโอนเงินให้", carbon_json_str(line, "lao_name"),
                                          " (", code, ") 1 ไฟล์", NULL);
            json_object_set_new(errors, "transfer_slips", json_string(msg));
            json_object_set_new(errors, field, json_string(msg));
            continue;
        }
        if ((rv = want_file(cr, db, docs, field, "transfer_slip", carbon_i64(p, carbon_row_int(line, "id")), file,
                            errors)) != OK)
            return rv;
    }
    return OK;
}

static int trade_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *row = NULL, *ids = carbon_json_pool(p, json_object());
    int rv;
    carbon_db_status st;
    /* the version guard already refused a sale changed since it was read;
     * this is the rule itself, under the trade's lock */
    if ((st = carbon_db_select_one(db, "dlg_not_consented", &row, CARBON_ARGS(c->id))))
        return carbon_db_http_status(st);
    if (row && carbon_row_int(row, "total") > 0) {
        json_decref(row);
        c->conflict_th = CARBON_DELEGATED_NOT_READY_TH;
        return HTTP_CONFLICT;
    }
    json_decref(row);
    if ((rv = link_docs(cr, db, c->id, c->data, errors, ids)) != OK)
        return rv;
    c->before = carbon_json_pool(p, json_pack("{s:s}", "step", "participants"));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:O}", "step", "receipts", "documents", ids));
    return OK;
}

/* ---- each LAO's receipt ------------------------------------------------------ */

static const carbon_vfield receipt_fields[] = {
    { "receipt_file_id", CARBON_V_INT, 1, 1, ID_MAX, "ใบเสร็จรับเงิน อปท." },
    { NULL }
};

static int receipt_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *line = my_line(cr, c->trade);
    apr_array_header_t *docs = apr_array_make(p, 1, sizeof(dlg_doc));
    const char *id = id_of(p, json_object_get(c->clean, "receipt_file_id"));
    c->data = docs;
    if (!line)
        return HTTP_NOT_FOUND;
    if (strcmp(carbon_json_str(line, "consent"), "consented")) {
        c->conflict_th = CARBON_DELEGATED_RECEIPT_NOT_CONSENTED_TH;
        return HTTP_CONFLICT;
    }
    if (!id)
        return OK;
    return want_file(cr, db, docs, "receipt_file_id", "receipt", carbon_i64(p, carbon_row_int(line, "id")), id,
                     errors);
}

static int receipt_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    apr_array_header_t *docs = c->data;
    json_t *row = NULL, *ids = carbon_json_pool(p, json_object()), *line = my_line(cr, c->trade);
    json_t *old = json_object_get(json_object_get(line, "documents"), "receipt");
    const char *line_id = carbon_i64(p, carbon_row_int(line, "id"));
    long long missing;
    int rv;
    carbon_db_status st;
    /* a new receipt replaces the LAO's earlier one (the file stays, unlinked) */
    if ((st = carbon_db_exec(db, "dlg_unlink_line_kind", NULL, CARBON_ARGS(line_id, "receipt"))))
        return carbon_db_http_status(st);
    if ((rv = link_docs(cr, db, c->id, docs, errors, ids)) != OK)
        return rv;
    if ((st = carbon_db_select_one(db, "dlg_receipts_missing", &row, CARBON_ARGS(c->id))))
        return carbon_db_http_status(st);
    missing = row ? carbon_row_int(row, "total") : 0;
    json_decref(row);
    if (!missing
        && (st = carbon_db_exec(db, "dlg_to_awaiting", NULL, CARBON_ARGS(carbon_now_iso(p, apr_time_now()), c->id))))
        return carbon_db_http_status(st);
    if ((rv = event(cr, db, c->id, "receipt", cr->user->lao_code, NULL)) != OK)
        return rv;
    c->before = carbon_json_pool(p, json_pack("{s:s,s:O}", "lao_code", cr->user->lao_code, "receipt",
                                              carbon_doc_ids(json_pack("{s:O}", "receipt", old ? old : json_array()))));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:O,s:s}", "lao_code", cr->user->lao_code, "documents", ids,
                                             "step", missing ? "receipts" : "awaiting_dla"));
    return OK;
}

/* ---- the table ------------------------------------------------------------------ */

#define IN_PROGRESS CARBON_TRADE_IN_PROGRESS

const carbon_trade_transition carbon_trade_delegated_steps[] = {
    { "participants", "participants", "participants", IN_PROGRESS, CARBON_ACTOR_ANY_PROVINCE, 0, NULL,
      CARBON_EFFECT_NONE, NULL, "participants", CARBON_DELEGATED_CLOSED_TH, participants_check, participants_write },
    { "consent", "participants", "participants", IN_PROGRESS, CARBON_ACTOR_PARTICIPANT, 0, consent_fields,
      CARBON_EFFECT_NONE, NULL, "consent", CARBON_DELEGATED_CONSENT_STEP_TH, consent_check, consent_write },
    /* the shared step API names a "consent": false "decline" (as the group sale's table does) */
    { "decline", "participants", "participants", IN_PROGRESS, CARBON_ACTOR_PARTICIPANT, 0, consent_fields,
      CARBON_EFFECT_NONE, NULL, "consent", CARBON_DELEGATED_CONSENT_STEP_TH, consent_check, consent_write },
    { "trade", "participants", "receipts", IN_PROGRESS, CARBON_ACTOR_DLA, 1, trade_fields,
      CARBON_EFFECT_NONE, "documents", "trade", CARBON_DELEGATED_TRADE_STEP_TH, trade_check, trade_write },
    { "receipt", "receipts", "receipts", IN_PROGRESS, CARBON_ACTOR_PARTICIPANT, 0, receipt_fields,
      CARBON_EFFECT_NONE, NULL, "receipt", CARBON_DELEGATED_RECEIPT_WAIT_TH, receipt_check, receipt_write },
    { "confirm", "awaiting_dla", "completed", CARBON_TRADE_COMPLETED, CARBON_ACTOR_DLA, 0,
      carbon_trade_confirm_fields, CARBON_EFFECT_SELL_ALL, "confirm", "confirm", CARBON_DELEGATED_CONFIRM_WAIT_TH,
      carbon_trade_confirm_check, carbon_trade_confirm_write },
    { "delete", "participants|receipts|awaiting_dla", "deleted", CARBON_TRADE_DELETED, CARBON_ACTOR_DLA, 0,
      carbon_trade_delete_fields, CARBON_EFFECT_RELEASE_ALL, "delete", "delete", CARBON_TRADE_NOT_PENDING_TH,
      carbon_trade_delete_check, carbon_trade_delete_write },
    { NULL }
};

/* ---- lists ----------------------------------------------------------------------- */

int carbon_delegated_search(carbon_req *cr, carbon_db *db, const carbon_trade_filters *f, json_t **items,
                            long long *total)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    long long per_page = f->per_page > 0 && f->per_page <= CARBON_TRADES_PER_PAGE_MAX ? f->per_page
                                                                                      : CARBON_TRADES_PER_PAGE_DEFAULT;
    long long page = f->page > 0 ? f->page : 1;
    const char *s1 = f->status ? f->status : CARBON_TRADE_IN_PROGRESS;
    const char *s2 = f->status ? f->status : CARBON_TRADE_COMPLETED;
    const char *order_like = f->order_no ? carbon_like_contains(p, f->order_no) : "%";
    const char *buyer_like = f->buyer ? carbon_like_contains(p, f->buyer) : "%";
    const char *from = f->ordered_from ? f->ordered_from : "0000-01-01";
    const char *to = f->ordered_to ? f->ordered_to : "9999-12-31";
    const char *lim = carbon_i64(p, per_page), *off = carbon_i64(p, (page - 1) * per_page);
    json_t *row = NULL, *it;
    size_t i;
    carbon_db_status st;
    *items = NULL;
    *total = 0;
    if (!cr->user)
        return HTTP_NOT_FOUND;
    if (f->status && !strcmp(f->status, CARBON_TRADE_DELETED) && cr->user->role != CARBON_ROLE_DLA) {
        *items = carbon_json_pool(p, json_array());
        return OK;
    }
    switch (cr->user->role) {
    case CARBON_ROLE_DLA:
        if (!(st = carbon_db_select_one(db, "dlg_count_dla", &row,
                                        CARBON_ARGS(s1, s2, order_like, buyer_like, from, to, sc.all))))
            st = carbon_db_select(db, "dlg_page_dla", items,
                                  CARBON_ARGS(s1, s2, order_like, buyer_like, from, to, sc.all, lim, off));
        break;
    case CARBON_ROLE_PROVINCE:
        if (!(st = carbon_db_select_one(db, "dlg_count_province", &row,
                                        CARBON_ARGS(s1, s2, order_like, buyer_like, from, to, sc.province_code,
                                                    CARBON_SCOPE_ARGS(sc)))))
            st = carbon_db_select(db, "dlg_page_province", items,
                                  CARBON_ARGS(CARBON_SCOPE_ARGS(sc), s1, s2, order_like, buyer_like, from, to,
                                              sc.province_code, CARBON_SCOPE_ARGS(sc), lim, off));
        break;
    case CARBON_ROLE_LAO:
        if (!(st = carbon_db_select_one(db, "dlg_count_lao", &row,
                                        CARBON_ARGS(sc.lao_code, s1, s2, order_like, buyer_like, from, to))))
            st = carbon_db_select(db, "dlg_page_lao", items,
                                  CARBON_ARGS(sc.lao_code, s1, s2, order_like, buyer_like, from, to, lim, off));
        break;
    default:
        return HTTP_NOT_FOUND;
    }
    if (st)
        return carbon_db_http_status(st);
    *total = row ? carbon_row_int(row, "total") : 0;
    json_decref(row);
    carbon_json_pool(p, *items);
    json_array_foreach(*items, i, it) {
        json_object_set_new(it, "kind", json_string("delegated"));
        json_object_set_new(it, "status_th", json_string(carbon_trade_status_th(carbon_json_str(it, "status"))));
        json_object_set_new(it, "step_th", json_string(carbon_delegated_step_th(carbon_json_str(it, "step"))));
        json_object_set_new(it, "trade_type_th",
                            json_string(carbon_trade_type_th(carbon_json_str(it, "trade_type"))));
        if (json_object_get(it, "receipt_count")) {
            json_object_set_new(it, "has_receipt", json_boolean(carbon_row_int(it, "receipt_count") > 0));
            json_object_del(it, "receipt_count");
        }
    }
    return OK;
}

int carbon_delegated_candidates(carbon_req *cr, carbon_db *db, const char *trade_id, long long project_id,
                                json_t **laos)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    carbon_db_status st = carbon_db_select(db, "dlg_candidates", laos,
                                           CARBON_ARGS(carbon_i64(p, project_id), trade_id,
                                                       CARBON_SCOPE_ARGS(sc)));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, *laos);
    return OK;
}
