/* group_sales.c: see group_sales.h. */
#include "group_sales.h"
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
#include "http_protocol.h"
#include "apr_strings.h"
#include <stdlib.h>
#include <string.h>

/* ---- SQL ------------------------------------------------------------------ */

/* The columns of both lists; per row the progress at a glance (bounded by
 * the page). */
#define GROUP_LIST_COLUMNS \
    "SELECT t.id, t.kind, t.order_no, t.status, t.step, t.lao_code, rl.name_th AS lao_name," \
    "       t.province_code, t.project_id, pr.name_th AS project_name, b.display_name AS buyer_name," \
    "       t.ordered_on, t.trade_type, t.quantity_tco2e, t.unit_price_satang, t.total_satang," \
    "       (SELECT COUNT(*) FROM trade_lines cl WHERE cl.trade_id = t.id) AS line_count," \
    "       (SELECT COUNT(*) FROM trade_lines cl WHERE cl.trade_id = t.id AND cl.consent = 'consented')" \
    "         AS consented_count," \
    "       (SELECT COUNT(*) FROM trade_lines cl WHERE cl.trade_id = t.id AND cl.consent = 'declined')" \
    "         AS declined_count," \
    "       (SELECT COUNT(*) FROM trade_lines cl WHERE cl.trade_id = t.id AND EXISTS" \
    "          (SELECT 1 FROM record_files rf WHERE rf.entity = 'trade_line' AND rf.entity_id = cl.id" \
    "              AND rf.kind = 'lao_receipt')) AS receipt_count"
#define GROUP_LIST_JOINS \
    "  JOIN laos rl ON rl.code = t.lao_code" \
    "  JOIN projects pr ON pr.id = t.project_id" \
    "  JOIN buyers b ON b.id = t.buyer_id"
/* Every filter always applies (unset ones with bounds that match all):
 * status pair, order number, order dates, buyer name, then the keyset
 * (the last row of the previous page). 11 arguments. */
#define GROUP_LIST_FILTER \
    "   AND t.kind = 'group' AND t.status IN (%s, %s)" \
    "   AND t.order_no LIKE %s ESCAPE '\\'" \
    "   AND t.ordered_on >= %s AND t.ordered_on <= %s" \
    "   AND LOWER(b.display_name) LIKE LOWER(%s) ESCAPE '\\'" \
    "   AND (t.ordered_on < %s OR (t.ordered_on = %s AND t.id < %lld))" \
    " ORDER BY t.ordered_on DESC, t.id DESC LIMIT %lld"

const carbon_statement carbon_group_sale_statements[] = {
    { "group_trade_insert",
      "INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id,"
      "                    buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang,"
      "                    created_by, created_at, updated_at)"
      " VALUES ('group', %s, %lld, 'in_progress', 'consent', %s, %s, %lld, %lld, %s, %s, %lld, %lld, %lld,"
      "         %lld, %s, %s)"
      " RETURNING id" },
    /* the header follows its lines (the representative, the sums) */
    { "group_trade_header",
      "UPDATE trades SET lao_code = %s, quantity_tco2e = %lld, total_satang = %lld"
      " WHERE id = %lld AND kind = 'group'" },
    /* consent -> trade once no line is left without consent */
    { "group_step_advance",
      "UPDATE trades SET step = 'trade' WHERE id = %lld AND kind = 'group' AND step = 'consent'"
      "   AND NOT EXISTS (SELECT 1 FROM trade_lines tl WHERE tl.trade_id = %lld AND tl.consent <> 'consented')" },
    { "group_lines_now",
      "SELECT id, lao_code, role, quantity_tco2e, ledger, consent FROM trade_lines"
      " WHERE trade_id = %lld ORDER BY lao_code" },
    { "group_line_consent",
      "UPDATE trade_lines SET consent = 'consented', version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s AND consent = 'pending' AND ledger = 'reserved'" },
    { "group_line_decline",
      "UPDATE trade_lines SET consent = 'declined', ledger = 'released', version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s AND consent = 'pending' AND ledger = 'reserved'" },
    /* a declined line back in the list: reserved again, consent again */
    { "group_line_reset",
      "UPDATE trade_lines SET role = %s, quantity_tco2e = %lld, total_satang = %lld, ledger = 'reserved',"
      "                       consent = 'pending', version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s AND ledger = 'released'" },
    { "group_line_role_consent",
      "UPDATE trade_lines SET role = %s, consent = %s, version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s" },
    { "group_line_delete", "DELETE FROM trade_lines WHERE trade_id = %lld AND lao_code = %s AND ledger <> 'sold'" },
    { "group_line_docs_unlink", "DELETE FROM record_files WHERE entity = 'trade_line' AND entity_id = %lld" },
    { "group_line_kind_unlink",
      "DELETE FROM record_files WHERE entity = 'trade_line' AND entity_id = %lld AND kind = %s" },
    { "group_missing_receipts",
      "SELECT COUNT(*) AS missing_count FROM trade_lines tl WHERE tl.trade_id = %lld"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.entity = 'trade_line'"
      "                      AND rf.entity_id = tl.id AND rf.kind = 'lao_receipt')" },
    /* a file the user uploaded and that no record uses yet */
    { "group_file_usable",
      "SELECT f.id FROM files f WHERE f.id = %lld AND f.uploaded_by = %lld"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.file_id = f.id)" },
    { "group_doc_link",
      "INSERT INTO record_files (entity, entity_id, kind, file_id) VALUES (%s, %lld, %s, %lld)" },
    /* why LAOs declined and what the province asked: the trade was read in scope first */
    { "group_events_of",
      "SELECT e.action, e.ref AS lao_code, e.note, e.acted_at, u.display_name AS acted_by_name"
      "  FROM trade_events e JOIN trades t ON t.id = e.trade_id LEFT JOIN users u ON u.id = e.acted_by"
      " WHERE e.trade_id = %lld AND t.kind = 'group' AND e.action IN ('decline', 'delete_request')"
      " ORDER BY e.id" },
    { "group_lao_in_scope",
      "SELECT l.code AS lao_code, l.name_th AS lao_name FROM laos l WHERE l.code = %s AND "
      CARBON_SCOPE_SQL("l") },
    { "group_scope_laos",
      "SELECT l.code AS lao_code, l.name_th AS lao_name, d.name_th AS district_name,"
      "       COALESCE(pc.remaining_tco2e, 0) AS remaining_tco2e"
      "  FROM laos l JOIN districts d ON d.code = l.district_code"
      "  LEFT JOIN project_credits pc ON pc.lao_code = l.code AND pc.project_id = %lld"
      " WHERE " CARBON_SCOPE_SQL("l") " ORDER BY l.code" },
    /* the provincial office's list: the sales it organises */
    { "group_list_province",
      GROUP_LIST_COLUMNS
      "  FROM trades t" GROUP_LIST_JOINS
      " WHERE t.province_code = %s" GROUP_LIST_FILTER },
    /* an LAO's list: the sales it has a line in (trade_lines_lao) */
    { "group_list_lao",
      GROUP_LIST_COLUMNS ", ml.role AS my_role, ml.consent AS my_consent"
      "  FROM trade_lines ml JOIN trades t ON t.id = ml.trade_id" GROUP_LIST_JOINS
      " WHERE ml.lao_code = %s" GROUP_LIST_FILTER },
    { NULL, NULL }
};

/* ---- messages --------------------------------------------------------------- */

#define MSG_PROVINCE_ONLY "การเพิ่มการขายแบบรวมกลุ่มทำได้เฉพาะสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด"
#define MSG_FILE_GONE "ไม่พบไฟล์ที่อัปโหลดไว้ หรือไฟล์นั้นถูกใช้กับรายการอื่นแล้ว กรุณาอัปโหลดใหม่"
#define MSG_FILE_ID "รหัสไฟล์ไม่ถูกต้อง"
#define MSG_NOT_CONSENT_STEP "รายการนี้ไม่อยู่ในขั้นตรวจสอบเอกสาร (ขั้นที่ 1) จึงให้ความยินยอมไม่ได้"
#define MSG_NOT_PARTICIPANTS_STEP \
    "แก้ไข อปท. ผู้มีส่วนร่วมได้เฉพาะขณะรอความยินยอมหรือเมื่อมี อปท. ไม่ยินยอม"
#define MSG_NOT_DECLINED "ขอให้ สถ. ลบรายการได้เฉพาะเมื่อมี อปท. ไม่ยินยอม"
#define MSG_NOT_TRADE_STEP "รายการนี้ไม่อยู่ในขั้นดำเนินการซื้อขาย (ขั้นที่ 2)"
#define MSG_NOT_TRANSFER_STEP "รายการนี้ไม่อยู่ในขั้นใบโอนเงิน (ขั้นที่ 3)"
#define MSG_NOT_RECEIPT_STEP "รายการนี้ไม่อยู่ในขั้นใบเสร็จรับเงิน (ขั้นที่ 4)"
#define MSG_NOT_AWAITING "รายการนี้ยังไม่ได้ส่งให้ สถ. ยืนยันการขาย หรือดำเนินการเสร็จสิ้นแล้ว"
#define MSG_DECIDED "อปท. ของท่านให้ความยินยอมหรือไม่ยินยอมในรายการนี้แล้ว"

/* ---- small helpers -------------------------------------------------------- */

static int is_json_request(carbon_req *cr)
{
    const char *ct = apr_table_get(cr->r->headers_in, "Content-Type");
    return ct && !strncasecmp(ct, "application/json", 16);
}

/* A field as an id text: a JSON integer or a string of digits; NULL when
 * absent; "" when present but not an id. */
static const char *id_of(apr_pool_t *p, json_t *v)
{
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_integer(v) && json_integer_value(v) > 0)
        return carbon_i64(p, json_integer_value(v));
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!*s)
            return NULL;
        return carbon_is_id(s) ? s : "";
    }
    return "";
}

static int given(json_t *fields, const char *name)
{
    json_t *v = json_object_get(fields, name);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        while (*s == ' ' || *s == '\t')
            s++;
        return *s != 0;
    }
    return 1;
}

static json_t *line_of(json_t *trade, const char *lao_code)
{
    json_t *line;
    size_t i;
    json_array_foreach(json_object_get(trade, "participants"), i, line)
        if (lao_code && carbon_json_str(line, "lao_code") && !strcmp(carbon_json_str(line, "lao_code"), lao_code))
            return line;
    return NULL;
}

static const char *my_lao(carbon_req *cr)
{
    return cr->user && cr->user->role == CARBON_ROLE_LAO ? cr->user->lao_code : NULL;
}

/* ---- documents: new files and uploaded ids -------------------------------- */

typedef struct {
    const char *kind;
    const char *lao_code;              /* the line a per-LAO document goes to, else NULL */
    const carbon_upload_file *file;    /* a new file, or NULL */
    const char *file_id;               /* an uploaded file, or NULL */
    const char *err_key;               /* where its problems are told */
} gdoc;

static gdoc *push_doc(apr_array_header_t *docs, const char *kind, const char *err_key)
{
    gdoc *d = &APR_ARRAY_PUSH(docs, gdoc);
    memset(d, 0, sizeof(*d));
    d->kind = kind;
    d->err_key = err_key;
    return d;
}

/* The documents of kind in the request: files sent under the kind's name,
 * pending ids, and ids in the JSON field id_field (an id, or with multi an
 * array of ids). */
static void gather(apr_pool_t *p, const carbon_trade_input *in, const char *kind, const char *id_field, int multi,
                   apr_array_header_t *docs, json_t *errors)
{
    json_t *v = id_field ? json_object_get(in->fields, id_field) : NULL;
    int i;
    for (i = 0; in->files && i < in->files->nelts; i++) {
        const carbon_doc_file *df = &APR_ARRAY_IDX(in->files, i, carbon_doc_file);
        if (!strcmp(df->kind, kind))
            push_doc(docs, kind, kind)->file = &df->file;
    }
    for (i = 0; in->pending && i < in->pending->nelts; i++) {
        const carbon_doc_pending *pd = &APR_ARRAY_IDX(in->pending, i, carbon_doc_pending);
        if (!strcmp(pd->kind, kind))
            push_doc(docs, kind, kind)->file_id = pd->file_id;
    }
    if (!v || json_is_null(v))
        return;
    if (multi && json_is_array(v)) {
        json_t *x;
        size_t j;
        json_array_foreach(v, j, x) {
            const char *id = id_of(p, x);
            if (!id || !*id) {
                json_object_set_new(errors, id_field, json_string(MSG_FILE_ID));
                continue;
            }
            push_doc(docs, kind, id_field)->file_id = id;
        }
        return;
    }
    {
        const char *id = id_of(p, v);
        if (id && !*id)
            json_object_set_new(errors, id_field, json_string(MSG_FILE_ID));
        else if (id)
            push_doc(docs, kind, id_field)->file_id = id;
    }
}

static int count_kind(const apr_array_header_t *docs, const char *kind)
{
    int i, n = 0;
    for (i = 0; i < docs->nelts; i++)
        if (!strcmp(APR_ARRAY_IDX(docs, i, gdoc).kind, kind))
            n++;
    return n;
}

/* The kind's rule: required (not sent and none kept), single. */
static void doc_rule(carbon_req *cr, const apr_array_header_t *docs, const char *kind, const char *id_field,
                     int kept, long long total, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    const carbon_doc_kind *k = carbon_doc_kind_find(CARBON_GROUP_RECORD, kind);
    int n = count_kind(docs, kind);
    const char *key = is_json_request(cr) && id_field ? id_field : kind;
    if (!k || json_object_get(errors, kind) || json_object_get(errors, key))
        return;
    if (!k->multiple && n > 1)
        json_object_set_new(errors, key, json_string(apr_pstrcat(p, k->label_th, "แนบได้เพียง 1 ไฟล์", NULL)));
    else if (!n && !kept && carbon_doc_required(k, total))
        json_object_set_new(errors, key, json_string(
            k->required == CARBON_DOC_ABOVE_CONTRACT_MIN
                ? "กรุณาแนบแบบสัญญาซื้อขาย (บังคับเมื่อราคาคาร์บอนเครดิตทั้งหมดเกิน 100,000 บาท)"
                : apr_pstrcat(p, "กรุณาแนบ", k->label_th, NULL)));
}

/* Every uploaded id must be the user's own and linked to nothing. */
static int docs_usable(carbon_req *cr, carbon_db *db, const apr_array_header_t *docs, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    int i;
    for (i = 0; i < docs->nelts; i++) {
        const gdoc *d = &APR_ARRAY_IDX(docs, i, gdoc);
        json_t *row = NULL;
        carbon_db_status st;
        if (!d->file_id)
            continue;
        if ((st = carbon_db_select_one(db, "group_file_usable", &row,
                                       CARBON_ARGS(d->file_id, carbon_i64(p, cr->user->id)))))
            return carbon_db_http_status(st);
        if (!row && !json_object_get(errors, d->err_key))
            json_object_set_new(errors, d->err_key, json_string(MSG_FILE_GONE));
        json_decref(row);
    }
    return OK;
}

/* Inside the transaction: stores the new files (owned by owner_lao or
 * owner_province) and links every document to (entity, entity_id), or to
 * its LAO's line when the document names one (lines: the trade's lines).
 * ids gets {kind: [file ids]}; *gone when an uploaded id was taken meanwhile. */
static carbon_db_status link_docs(carbon_req *cr, carbon_db *db, const char *entity, const char *entity_id,
                                  json_t *lines, const char *owner_lao, const char *owner_province,
                                  const apr_array_header_t *docs, json_t *ids, int *gone)
{
    apr_pool_t *p = cr->r->pool;
    int i;
    carbon_db_status st;
    *gone = 0;
    for (i = 0; i < docs->nelts; i++) {
        const gdoc *d = &APR_ARRAY_IDX(docs, i, gdoc);
        const char *file_id = d->file_id, *ent = entity, *ent_id = entity_id;
        if (d->lao_code) {
            json_t *line = NULL, *x;
            size_t j;
            json_array_foreach(lines, j, x)
                if (!strcmp(carbon_json_str(x, "lao_code"), d->lao_code))
                    line = x;
            if (!line)
                return CARBON_DB_ERROR;
            ent = "trade_line";
            ent_id = carbon_i64(p, carbon_row_int(line, "id"));
        }
        if (d->file) {
            json_int_t id = 0;
            if ((st = carbon_upload_store(cr, db, d->file, owner_lao, owner_province, &id)))
                return st;
            file_id = carbon_i64(p, id);
        } else {
            json_t *row = NULL;
            if ((st = carbon_db_select_one(db, "group_file_usable", &row,
                                           CARBON_ARGS(file_id, carbon_i64(p, cr->user->id)))))
                return st;
            if (!row) {
                *gone = 1;
                return CARBON_DB_OK;
            }
            json_decref(row);
        }
        if ((st = carbon_db_exec(db, "group_doc_link", NULL, CARBON_ARGS(ent, ent_id, d->kind, file_id))))
            return st;
        if (!json_object_get(ids, d->kind))
            json_object_set_new(ids, d->kind, json_array());
        json_array_append_new(json_object_get(ids, d->kind), json_integer(atoll(file_id)));
    }
    return CARBON_DB_OK;
}

static void gone_error(const apr_array_header_t *docs, json_t *errors)
{
    int i;
    for (i = 0; i < docs->nelts; i++)
        if (APR_ARRAY_IDX(docs, i, gdoc).file_id)
            json_object_set_new(errors, APR_ARRAY_IDX(docs, i, gdoc).err_key, json_string(MSG_FILE_GONE));
}

/* ---- the participants ------------------------------------------------------ */

typedef struct {
    const char *lao_code, *lao_name, *role;
    long long quantity, total;
} gpart;

static int part_cmp(const void *a, const void *b)
{
    return strcmp(((const gpart *)a)->lao_code, ((const gpart *)b)->lao_code);
}

static int is_lao_code(const char *s)
{
    int i;
    if (!s || strlen(s) != 7)
        return 0;
    for (i = 0; i < 7; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void add_error(apr_pool_t *p, json_t *errors, const char *key, const char *msg)
{
    const char *prev = carbon_json_str(errors, key);
    json_object_set_new(errors, key, json_string(prev ? apr_pstrcat(p, prev, " / ", msg, NULL) : msg));
}

/* The quantity as given: a JSON integer or decimal text; -1 when not one. */
static long long qty_of(json_t *v)
{
    int64_t n;
    if (json_is_integer(v))
        return json_integer_value(v) >= 1 && json_integer_value(v) <= 1000000000LL ? json_integer_value(v) : -1;
    if (json_is_string(v) && carbon_parse_int64(json_string_value(v), 1, 1000000000LL, &n) == APR_SUCCESS)
        return n;
    return -1;
}

/* Reads and checks the participants of in (JSON participants, or a form's
 * qty_<lao_code>), the representative (representative_lao_code, default
 * rep_default) and every LAO's credits of project_id (plus what this sale
 * reserves of it already: lines, or NULL). *out sorted by lao_code. */
static int read_participants(carbon_req *cr, carbon_db *db, const carbon_trade_input *in, const char *rep_default,
                             long long project_id, long long unit, json_t *lines, apr_array_header_t **out,
                             const char **rep_out, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    apr_array_header_t *parts = apr_array_make(p, 8, sizeof(gpart));
    json_t *list = json_object_get(in->fields, "participants"), *x;
    const char *rep = carbon_json_str(in->fields, "representative_lao_code"), *key;
    int i, has_rep = 0;
    size_t j;
    *out = parts;
    if (!rep || !*rep)
        rep = rep_default;
    *rep_out = rep;
    if (json_is_array(list)) {
        json_array_foreach(list, j, x) {
            const char *code = carbon_json_str(x, "lao_code");
            long long q = qty_of(json_object_get(x, "quantity_tco2e"));
            gpart *gp;
            if (!json_is_object(x) || !is_lao_code(code)) {
                add_error(p, errors, "participants",
                          apr_psprintf(p, "ลำดับที่ %d: กรุณาระบุรหัส อปท. 7 หลัก", (int)j + 1));
                continue;
            }
            if (q < 0) {
                add_error(p, errors, "participants",
                          apr_psprintf(p, "อปท. %s: ปริมาณคาร์บอนเครดิตต้องเป็นจำนวนเต็มตั้งแต่ 1 tCO2eq", code));
                json_object_set_new(errors, apr_pstrcat(p, "qty_", code, NULL),
                                    json_string("ปริมาณคาร์บอนเครดิตต้องเป็นจำนวนเต็มตั้งแต่ 1 tCO2eq"));
                continue;
            }
            gp = &APR_ARRAY_PUSH(parts, gpart);
            gp->lao_code = code;
            gp->quantity = q;
        }
    } else if (list && !json_is_null(list)) {
        add_error(p, errors, "participants", "participants ต้องเป็นรายการ [{lao_code, quantity_tco2e}]");
    } else {
        json_object_foreach(in->fields, key, x) {
            long long q;
            gpart *gp;
            if (strncmp(key, "qty_", 4) || !is_lao_code(key + 4) || !given(in->fields, key))
                continue;
            if ((q = qty_of(x)) < 0) {
                json_object_set_new(errors, key, json_string("ปริมาณคาร์บอนเครดิตต้องเป็นจำนวนเต็มตั้งแต่ 1 tCO2eq"));
                add_error(p, errors, "participants",
                          apr_psprintf(p, "อปท. %s: ปริมาณคาร์บอนเครดิตไม่ถูกต้อง", key + 4));
                continue;
            }
            gp = &APR_ARRAY_PUSH(parts, gpart);
            gp->lao_code = apr_pstrdup(p, key + 4);
            gp->quantity = q;
        }
    }
    qsort(parts->elts, parts->nelts, sizeof(gpart), part_cmp);
    for (i = 0; i < parts->nelts; i++) {
        gpart *gp = &APR_ARRAY_IDX(parts, i, gpart);
        json_t *row = NULL, *line;
        long long remaining = 0;
        int64_t total;
        carbon_db_status st;
        if (i > 0 && !strcmp(gp->lao_code, APR_ARRAY_IDX(parts, i - 1, gpart).lao_code)) {
            add_error(p, errors, "participants", apr_psprintf(p, "อปท. %s ซ้ำกันในรายการ", gp->lao_code));
            continue;
        }
        if ((st = carbon_db_select_one(db, "group_lao_in_scope", &row,
                                       CARBON_ARGS(gp->lao_code, CARBON_SCOPE_ARGS(sc)))))
            return carbon_db_http_status(st);
        if (!row) {
            add_error(p, errors, "participants",
                      apr_psprintf(p, "ไม่พบ อปท. รหัส %s ในเขตความรับผิดชอบของท่าน", gp->lao_code));
            continue;
        }
        carbon_json_pool(p, row);
        gp->lao_name = carbon_json_str(row, "lao_name");
        gp->role = rep && !strcmp(rep, gp->lao_code) ? "representative" : "participant";
        has_rep |= rep && !strcmp(rep, gp->lao_code);
        if (!project_id)
            continue;
        if ((st = carbon_ledger_remaining(db, gp->lao_code, project_id, &remaining)))
            return carbon_db_http_status(st);
        json_array_foreach(lines, j, line)
            if (!strcmp(carbon_json_str(line, "lao_code"), gp->lao_code)
                && !strcmp(carbon_json_str(line, "ledger"), "reserved"))
                remaining += carbon_row_int(line, "quantity_tco2e");
        if (gp->quantity > remaining) {
            const char *msg = apr_psprintf(p, "%s (%s): %s (คงเหลือ %lld tCO2eq)", gp->lao_name, gp->lao_code,
                                           CARBON_TRADE_EXCEEDS_TH, remaining);
            add_error(p, errors, "participants", msg);
            json_object_set_new(errors, apr_pstrcat(p, "qty_", gp->lao_code, NULL),
                                json_string(apr_psprintf(p, "%s (คงเหลือ %lld tCO2eq)", CARBON_TRADE_EXCEEDS_TH,
                                                         remaining)));
        }
        if (unit > 0) {
            if (carbon_satang_mul_qty(unit, gp->quantity, &total) != APR_SUCCESS)
                add_error(p, errors, "participants", "ราคาคาร์บอนเครดิตทั้งหมดสูงเกินกว่าที่ระบบรองรับ");
            else
                gp->total = total;
        }
    }
    if (!json_object_get(errors, "participants") && parts->nelts < 2)
        json_object_set_new(errors, "participants",
                            json_string("กรุณาระบุ อปท. อย่างน้อย 2 แห่ง (ผู้แทนในการขายและผู้มีส่วนร่วม) พร้อมปริมาณ"));
    if (!rep || !*rep)
        json_object_set_new(errors, "representative_lao_code", json_string("กรุณาเลือก อปท. ผู้แทนในการขาย"));
    else if (!has_rep && !json_object_get(errors, "representative_lao_code"))
        json_object_set_new(errors, "representative_lao_code",
                            json_string("อปท. ผู้แทนในการขายต้องเป็นหนึ่งใน อปท. ที่ร่วมขาย (ระบุปริมาณด้วย)"));
    return OK;
}

static void sums(const apr_array_header_t *parts, long long *qty, long long *total)
{
    int i;
    *qty = *total = 0;
    for (i = 0; i < parts->nelts; i++) {
        *qty += APR_ARRAY_IDX(parts, i, gpart).quantity;
        *total += APR_ARRAY_IDX(parts, i, gpart).total;
    }
}

static json_t *parts_json(const apr_array_header_t *parts)
{
    json_t *out = json_array();
    int i;
    for (i = 0; i < parts->nelts; i++) {
        const gpart *gp = &APR_ARRAY_IDX(parts, i, gpart);
        json_array_append_new(out, json_pack("{s:s,s:s,s:I,s:I}", "lao_code", gp->lao_code, "role", gp->role,
                                             "quantity_tco2e", (json_int_t)gp->quantity,
                                             "total_satang", (json_int_t)gp->total));
    }
    return out;
}

/* ---- create ------------------------------------------------------------------ */

static const char *const trade_types[] = { "transfer", "cancellation", NULL };

static const carbon_vfield create_fields[] = {
    { "project_id", CARBON_V_INT, 1, 1, 999999999999LL, "โครงการ" },
    { "buyer_id", CARBON_V_INT, 1, 1, 999999999999LL, "ผู้ซื้อ" },
    { "ordered_on", CARBON_V_DATE_PAST, 1, 0, 0, "วันที่สั่งซื้อ" },
    { "trade_type", CARBON_V_CHOICE, 0, 0, 0, "ประเภทการซื้อขาย", trade_types },
    { "unit_price_satang", CARBON_V_SATANG, 1, 1, 100000000000000LL, "ราคาคาร์บอนเครดิตต่อหน่วย (สตางค์)" },
    { NULL }
};

typedef struct {
    long long project_id, buyer_id, unit, quantity, total;
    int fy;
    const char *ordered_on, *trade_type, *rep;
    apr_array_header_t *parts, *docs;
    json_t *errors;
    const char *trade_id;
} create_values;

/* unit_price_baht ("1,234.50") when unit_price_satang is not given. */
static void price_from_baht(json_t *input, json_t *errors)
{
    const char *baht = carbon_json_str(input, "unit_price_baht");
    int64_t satang;
    apr_status_t rv;
    if (given(input, "unit_price_satang") || !baht || !given(input, "unit_price_baht"))
        return;
    rv = carbon_satang_parse(baht, &satang);
    if (rv != APR_SUCCESS || satang <= 0 || satang > 100000000000000LL)
        json_object_set_new(errors, "unit_price_satang",
                            json_string("ราคาคาร์บอนเครดิตต่อหน่วยต้องเป็นจำนวนเงินบาทมากกว่า 0 ทศนิยมไม่เกิน 2 ตำแหน่ง "
                                        "เช่น 250 หรือ 1,250.50"));
    else
        json_object_set_new(input, "unit_price_satang", json_integer(satang));
}

static int create_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    create_values *v = baton;
    apr_pool_t *p = cr->r->pool;
    apr_array_header_t *ledger = apr_array_make(p, v->parts->nelts, sizeof(carbon_ledger_part));
    const char *refused = NULL, *order_no, *now = carbon_now_iso(p, apr_time_now());
    json_t *row = NULL, *ids = carbon_json_pool(p, json_object()), *after;
    int i, gone = 0;
    carbon_db_status st;
    for (i = 0; i < v->parts->nelts; i++) {
        carbon_ledger_part *lp = &APR_ARRAY_PUSH(ledger, carbon_ledger_part);
        lp->lao_code = APR_ARRAY_IDX(v->parts, i, gpart).lao_code;
        lp->quantity = APR_ARRAY_IDX(v->parts, i, gpart).quantity;
    }
    /* the reservations are the check: every LAO's or none */
    if ((st = carbon_ledger_apply_all(cr, db, CARBON_LEDGER_RESERVE, v->project_id, ledger, &refused)))
        return carbon_db_http_status(st);
    if (refused) {
        json_object_set_new(v->errors, "participants",
                            json_string(apr_psprintf(p, "อปท. %s: %s", refused, CARBON_TRADE_EXCEEDS_TH)));
        json_object_set_new(v->errors, apr_pstrcat(p, "qty_", refused, NULL), json_string(CARBON_TRADE_EXCEEDS_TH));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if ((st = carbon_db_select_one(db, "trade_order_seq", &row, CARBON_ARGS(carbon_i64(p, v->fy)))) || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    order_no = carbon_trade_order_no(p, v->fy, carbon_row_int(row, "seq"));
    json_decref(row);
    st = carbon_db_select_one(db, "group_trade_insert", &row,
                              CARBON_ARGS(order_no, carbon_i64(p, v->fy), v->rep, cr->user->province_code,
                                          carbon_i64(p, v->project_id), carbon_i64(p, v->buyer_id), v->ordered_on,
                                          v->trade_type, carbon_i64(p, v->quantity), carbon_i64(p, v->unit),
                                          carbon_i64(p, v->total), carbon_i64(p, cr->user->id), now, now));
    if (st || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    v->trade_id = carbon_i64(p, carbon_row_int(row, "id"));
    json_decref(row);
    for (i = 0; i < v->parts->nelts; i++) {
        const gpart *gp = &APR_ARRAY_IDX(v->parts, i, gpart);
        if ((st = carbon_trade_line_add(cr, db, v->trade_id, gp->lao_code, gp->role, gp->quantity, gp->total,
                                        "pending")))
            return carbon_db_http_status(st);
    }
    if ((st = link_docs(cr, db, "trade", v->trade_id, NULL, NULL, cr->user->province_code, v->docs, ids, &gone)))
        return carbon_db_http_status(st);
    if (gone) {
        gone_error(v->docs, v->errors);
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    after = carbon_json_pool(p, json_pack("{s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:s,s:o,s:O}",
                                          "kind", "group", "order_no", order_no, "status", CARBON_TRADE_IN_PROGRESS,
                                          "project_id", (json_int_t)v->project_id,
                                          "buyer_id", (json_int_t)v->buyer_id, "ordered_on", v->ordered_on,
                                          "trade_type", v->trade_type, "quantity_tco2e", (json_int_t)v->quantity,
                                          "unit_price_satang", (json_int_t)v->unit,
                                          "total_satang", (json_int_t)v->total, "step", "consent",
                                          "participants", parts_json(v->parts), "documents", ids));
    audit->entity = "trade";
    audit->entity_id = v->trade_id;
    audit->action = "create";
    audit->after = after;
    return OK;
}

int carbon_group_create(carbon_req *cr, const carbon_trade_input *in, json_t *errors, json_t **trade)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *input = carbon_json_pool(p, json_object()), *clean, *row = NULL;
    create_values *v = apr_pcalloc(p, sizeof(*v));
    const carbon_vfield *f;
    carbon_db_status st;
    int rv, y, m, d;
    *trade = NULL;
    if (!cr->user || cr->user->role != CARBON_ROLE_PROVINCE || !cr->user->province_code)
        return HTTP_FORBIDDEN;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    for (f = create_fields; f->name; f++)
        if (json_object_get(in->fields, f->name))
            json_object_set(input, f->name, json_object_get(in->fields, f->name));
    if (json_object_get(in->fields, "unit_price_baht"))
        json_object_set(input, "unit_price_baht", json_object_get(in->fields, "unit_price_baht"));
    if (!given(input, "project_id")) {
        if ((st = carbon_db_select_one(db, "trade_default_project", &row, CARBON_NOARGS)))
            return carbon_db_http_status(st);
        if (row)
            json_object_set(input, "project_id", json_object_get(row, "id"));
        json_decref(row);
        row = NULL;
    }
    if (!given(input, "buyer_id"))
        json_object_set_new(errors, "buyer_id", json_string("กรุณาเลือกผู้ซื้อจากทะเบียนผู้ซื้อคาร์บอนเครดิต"));
    price_from_baht(input, errors);
    if (!given(input, "trade_type"))
        json_object_del(input, "trade_type");
    clean = carbon_json_pool(p, carbon_validate(create_fields, input, errors));
    v->errors = errors;
    v->ordered_on = carbon_json_str(clean, "ordered_on");
    v->trade_type = carbon_json_str(clean, "trade_type");
    v->unit = json_integer_value(json_object_get(clean, "unit_price_satang"));
    if (json_object_get(clean, "project_id")) {
        v->project_id = json_integer_value(json_object_get(clean, "project_id"));
        if ((st = carbon_db_select_one(db, "trade_project", &row, CARBON_ARGS(carbon_i64(p, v->project_id)))))
            return carbon_db_http_status(st);
        if (!row) {
            json_object_set_new(errors, "project_id", json_string("ไม่พบโครงการที่เลือก"));
            v->project_id = 0;
        }
        json_decref(row);
        row = NULL;
    }
    if (json_object_get(clean, "buyer_id")) {
        v->buyer_id = json_integer_value(json_object_get(clean, "buyer_id"));
        if ((st = carbon_db_select_one(db, "trade_buyer", &row, CARBON_ARGS(carbon_i64(p, v->buyer_id)))))
            return carbon_db_http_status(st);
        carbon_json_pool(p, row);
        if (!row) {
            json_object_set_new(errors, "buyer_id", json_string("ไม่พบผู้ซื้อที่เลือกในทะเบียนผู้ซื้อคาร์บอนเครดิต"));
        } else if (!json_is_true(json_object_get(row, "has_tver_account"))) {
            /* no T-VER account: the credits can only be cancelled for the buyer */
            if (v->trade_type && !strcmp(v->trade_type, "transfer"))
                json_object_set_new(errors, "trade_type",
                                    json_string("ผู้ซื้อรายนี้ไม่มีบัญชี T-VER ประเภทการซื้อขายจึงต้องเป็น "
                                                "Cancellation Notification"));
            else if (!json_object_get(errors, "trade_type"))
                v->trade_type = "cancellation";
        }
    }
    if (!v->trade_type && !json_object_get(errors, "trade_type"))
        json_object_set_new(errors, "trade_type", json_string("กรุณาเลือกประเภทการซื้อขาย"));
    if ((rv = read_participants(cr, db, in, NULL, v->project_id, v->unit, NULL, &v->parts, &v->rep, errors)) != OK)
        return rv;
    sums(v->parts, &v->quantity, &v->total);
    v->docs = apr_array_make(p, 4, sizeof(gdoc));
    gather(p, in, "intent_letter", "intent_letter_file_id", 0, v->docs, errors);
    gather(p, in, "related_docs", "related_file_ids", 1, v->docs, errors);
    doc_rule(cr, v->docs, "intent_letter", "intent_letter_file_id", 0, v->total, errors);
    doc_rule(cr, v->docs, "related_docs", "related_file_ids", 0, v->total, errors);
    if ((rv = docs_usable(cr, db, v->docs, errors)) != OK)
        return rv;
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    if (carbon_parse_iso_date(v->ordered_on, &y, &m, &d) != APR_SUCCESS)
        return HTTP_UNPROCESSABLE_ENTITY;
    v->fy = carbon_fiscal_year_be(y, m, d);
    if ((rv = carbon_tx_run(cr, db, create_work, v)) != OK)
        return rv;
    rv = carbon_trade_get(cr, db, v->trade_id, trade);
    return rv == OK ? HTTP_CREATED : rv;
}

const char *carbon_group_consent_step(const carbon_trade_input *in)
{
    json_t *v = json_object_get(in->fields, "consent");
    if (json_is_false(v))
        return "decline";
    if (json_is_string(v) && (!strcmp(json_string_value(v), "0") || !strcmp(json_string_value(v), "false")))
        return "decline";
    return "consent";
}

/* ---- consent and decline (step 1) ------------------------------------------ */

typedef struct {
    json_t *line;
    apr_array_header_t *docs;
} line_change;

static const carbon_vfield consent_fields[] = {
    { "consent", CARBON_V_BOOL, 0, 0, 0, "การให้ความยินยอม" },
    { "reason", CARBON_V_TEXT, 0, 1, 1000, "เหตุผลที่ไม่ยินยอม" },
    { NULL }
};

/* The user's own line, still to decide; 409 (errors tell) when decided. */
static int own_pending_line(carbon_req *cr, carbon_trade_change *c, json_t *errors, line_change **out)
{
    line_change *lc = apr_pcalloc(cr->r->pool, sizeof(*lc));
    lc->line = line_of(c->trade, my_lao(cr));
    lc->docs = apr_array_make(cr->r->pool, 2, sizeof(gdoc));
    *out = lc;
    c->data = lc;
    if (!lc->line)
        return HTTP_NOT_FOUND;
    if (strcmp(carbon_json_str(lc->line, "consent"), "pending")) {
        json_object_set_new(errors, "consent", json_string(MSG_DECIDED));
        return HTTP_CONFLICT;
    }
    c->event_ref = carbon_json_str(lc->line, "lao_code");
    return OK;
}

static int consent_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    line_change *lc;
    int rv = own_pending_line(cr, c, errors, &lc);
    json_t *v = json_object_get(c->clean, "consent");
    if (rv != OK)
        return rv;
    if (!json_is_true(v) && !json_object_get(errors, "consent"))
        json_object_set_new(errors, "consent", json_string("กรุณาระบุ consent เป็น true (ยินยอม) หรือ false (ไม่ยินยอม)"));
    if (!strcmp(carbon_json_str(lc->line, "role"), "representative")) {
        int kept = json_array_size(json_object_get(json_object_get(lc->line, "documents"), "power_of_attorney")) > 0;
        gather(cr->r->pool, c->in, "power_of_attorney", "power_of_attorney_file_id", 0, lc->docs, errors);
        doc_rule(cr, lc->docs, "power_of_attorney", "power_of_attorney_file_id", kept, 0, errors);
    }
    return docs_usable(cr, db, lc->docs, errors);
}

static int consent_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    line_change *lc = c->data;
    const char *lao = carbon_json_str(lc->line, "lao_code");
    const char *line_id = carbon_i64(p, carbon_row_int(lc->line, "id"));
    json_t *ids = carbon_json_pool(p, json_object());
    int affected = 0, gone = 0;
    carbon_db_status st;
    if ((st = carbon_db_exec(db, "group_line_consent", &affected, CARBON_ARGS(c->id, lao))))
        return carbon_db_http_status(st);
    if (affected != 1) {
        json_object_set_new(errors, "consent", json_string(MSG_DECIDED));
        return HTTP_CONFLICT;
    }
    if (lc->docs->nelts
        && (st = carbon_db_exec(db, "group_line_kind_unlink", NULL, CARBON_ARGS(line_id, "power_of_attorney"))))
        return carbon_db_http_status(st);
    if ((st = link_docs(cr, db, "trade_line", line_id, NULL, lao, NULL, lc->docs, ids, &gone)))
        return carbon_db_http_status(st);
    if (gone) {
        gone_error(lc->docs, errors);
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if ((st = carbon_db_exec(db, "group_step_advance", NULL, CARBON_ARGS(c->id, c->id))))
        return carbon_db_http_status(st);
    c->before = carbon_json_pool(p, json_pack("{s:s,s:s}", "lao_code", lao, "consent", "pending"));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s,s:O}", "lao_code", lao, "consent", "consented",
                                             "documents", ids));
    return OK;
}

static int decline_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    line_change *lc;
    int rv = own_pending_line(cr, c, errors, &lc);
    (void)db;
    if (rv != OK)
        return rv;
    c->event_note = carbon_json_str(c->clean, "reason");
    if (!c->event_note && !json_object_get(errors, "reason"))
        json_object_set_new(errors, "reason", json_string("กรุณาระบุเหตุผลที่ไม่ยินยอม"));
    return OK;
}

static int decline_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    line_change *lc = c->data;
    const char *lao = carbon_json_str(lc->line, "lao_code");
    long long qty = carbon_row_int(lc->line, "quantity_tco2e");
    int affected = 0, refused = 0;
    carbon_db_status st;
    if ((st = carbon_db_exec(db, "group_line_decline", &affected, CARBON_ARGS(c->id, lao))))
        return carbon_db_http_status(st);
    if (affected != 1) {
        json_object_set_new(errors, "consent", json_string(MSG_DECIDED));
        return HTTP_CONFLICT;
    }
    if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RELEASE, lao, carbon_row_int(c->trade, "project_id"), qty,
                                  &refused)))
        return carbon_db_http_status(st);
    if (refused)
        return HTTP_INTERNAL_SERVER_ERROR;   /* the ledger does not hold the line's credits */
    c->before = carbon_json_pool(p, json_pack("{s:s,s:s,s:s}", "lao_code", lao, "consent", "pending",
                                              "ledger", "reserved"));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s,s:s,s:s,s:I}", "lao_code", lao, "consent", "declined",
                                             "ledger", "released", "reason", c->event_note,
                                             "released_tco2e", (json_int_t)qty));
    return OK;
}

/* ---- participants (the province) ------------------------------------------- */

typedef struct {
    apr_array_header_t *parts;
    const char *rep;
} participants_change;

static int participants_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    participants_change *pc = apr_pcalloc(cr->r->pool, sizeof(*pc));
    int rv;
    c->data = pc;
    if ((rv = read_participants(cr, db, c->in, carbon_json_str(c->trade, "lao_code"),
                                carbon_row_int(c->trade, "project_id"), carbon_row_int(c->trade, "unit_price_satang"),
                                json_object_get(c->trade, "participants"), &pc->parts, &pc->rep, errors)) != OK)
        return rv;
    c->before = carbon_json_pool(cr->r->pool, json_pack("{s:O?}", "participants",
                                                        json_object_get(c->trade, "participants")));
    return OK;
}

static int participants_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    participants_change *pc = c->data;
    long long project = carbon_row_int(c->trade, "project_id"), qty, total;
    json_t *lines = NULL, *line;
    int i = 0, refused = 0;
    size_t j = 0, n;
    carbon_db_status st;
    /* the lines as they are now (the trade row is locked by the step update) */
    if ((st = carbon_db_select(db, "group_lines_now", &lines, CARBON_ARGS(c->id))))
        return carbon_db_http_status(st);
    carbon_json_pool(p, lines);
    n = json_array_size(lines);
    /* both lists are in lao_code order: one merge, the ledger locked in that order */
    while (i < pc->parts->nelts || j < n) {
        const gpart *gp = i < pc->parts->nelts ? &APR_ARRAY_IDX(pc->parts, i, gpart) : NULL;
        const char *old_code;
        int cmp;
        line = j < n ? json_array_get(lines, j) : NULL;
        old_code = line ? carbon_json_str(line, "lao_code") : NULL;
        cmp = !gp ? 1 : !line ? -1 : strcmp(gp->lao_code, old_code);
        if (cmp > 0) {   /* an LAO taken out of the sale: its credits back, its line gone */
            if (!strcmp(carbon_json_str(line, "ledger"), "reserved")
                && ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RELEASE, old_code, project,
                                              carbon_row_int(line, "quantity_tco2e"), &refused)) || refused))
                return st ? carbon_db_http_status(st) : HTTP_INTERNAL_SERVER_ERROR;
            if ((st = carbon_db_exec(db, "group_line_docs_unlink", NULL,
                                     CARBON_ARGS(carbon_i64(p, carbon_row_int(line, "id")))))
                || (st = carbon_db_exec(db, "group_line_delete", NULL, CARBON_ARGS(c->id, old_code))))
                return carbon_db_http_status(st);
            j++;
            continue;
        }
        if (cmp < 0) {   /* a new LAO */
            if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RESERVE, gp->lao_code, project, gp->quantity,
                                          &refused)))
                return carbon_db_http_status(st);
            if (!refused && (st = carbon_trade_line_add(cr, db, c->id, gp->lao_code, gp->role, gp->quantity,
                                                        gp->total, "pending")))
                return carbon_db_http_status(st);
        } else if (!strcmp(carbon_json_str(line, "ledger"), "released")) {   /* declined, back in */
            if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RESERVE, gp->lao_code, project, gp->quantity,
                                          &refused)))
                return carbon_db_http_status(st);
            if (!refused
                && (st = carbon_db_exec(db, "group_line_reset", NULL,
                                        CARBON_ARGS(gp->role, carbon_i64(p, gp->quantity), carbon_i64(p, gp->total),
                                                    c->id, gp->lao_code))))
                return carbon_db_http_status(st);
            j++;
        } else {
            long long old_qty = carbon_row_int(line, "quantity_tco2e");
            int changed = old_qty != gp->quantity || strcmp(carbon_json_str(line, "role"), gp->role);
            if (old_qty != gp->quantity
                && (st = carbon_trade_line_resize(cr, db, c->id, gp->lao_code, project, old_qty, project,
                                                  gp->quantity, gp->total, &refused)))
                return carbon_db_http_status(st);
            if (!refused && changed
                && (st = carbon_db_exec(db, "group_line_role_consent", NULL,
                                        CARBON_ARGS(gp->role, "pending", c->id, gp->lao_code))))
                return carbon_db_http_status(st);
            j++;
        }
        if (refused) {
            json_object_set_new(errors, "participants",
                                json_string(apr_psprintf(p, "%s (%s): %s", gp->lao_name, gp->lao_code,
                                                         CARBON_TRADE_EXCEEDS_TH)));
            json_object_set_new(errors, apr_pstrcat(p, "qty_", gp->lao_code, NULL),
                                json_string(CARBON_TRADE_EXCEEDS_TH));
            return HTTP_UNPROCESSABLE_ENTITY;
        }
        i++;
    }
    sums(pc->parts, &qty, &total);
    if ((st = carbon_db_exec(db, "group_trade_header", NULL,
                             CARBON_ARGS(pc->rep, carbon_i64(p, qty), carbon_i64(p, total), c->id)))
        || (st = carbon_db_exec(db, "group_step_advance", NULL, CARBON_ARGS(c->id, c->id))))
        return carbon_db_http_status(st);
    c->after = carbon_json_pool(p, json_pack("{s:s,s:o,s:I,s:I}", "representative_lao_code", pc->rep,
                                             "participants", parts_json(pc->parts), "quantity_tco2e",
                                             (json_int_t)qty, "total_satang", (json_int_t)total));
    return OK;
}

static const carbon_vfield ask_delete_fields[] = {
    { "reason", CARBON_V_TEXT, 1, 1, 1000, "เหตุผลที่ขอให้ลบรายการ" },
    { NULL }
};

static int ask_delete_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    (void)cr; (void)db; (void)errors;
    c->event_note = carbon_json_str(c->clean, "reason");
    return OK;
}

static int ask_delete_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    (void)db; (void)errors;
    c->after = carbon_json_pool(cr->r->pool, json_pack("{s:s?}", "reason", c->event_note));
    return OK;
}

/* ---- trade (step 2), transfer (step 3), receipts (step 4) ------------------ */

typedef struct {
    apr_array_header_t *docs;
    json_t *lines;
    const char *mode;
} docs_change;

static docs_change *new_docs_change(carbon_req *cr, carbon_trade_change *c)
{
    docs_change *dc = apr_pcalloc(cr->r->pool, sizeof(*dc));
    dc->docs = apr_array_make(cr->r->pool, 4, sizeof(gdoc));
    dc->lines = json_object_get(c->trade, "participants");
    c->data = dc;
    return dc;
}

static int trade_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    docs_change *dc = new_docs_change(cr, c);
    long long total = carbon_row_int(c->trade, "total_satang");
    gather(p, c->in, "payment_evidence", "payment_evidence_file_id", 0, dc->docs, errors);
    gather(p, c->in, "receipt", "receipt_file_id", 0, dc->docs, errors);
    gather(p, c->in, "contract", "contract_file_id", 0, dc->docs, errors);
    gather(p, c->in, "other_docs", "other_file_ids", 1, dc->docs, errors);
    doc_rule(cr, dc->docs, "payment_evidence", "payment_evidence_file_id", 0, total, errors);
    doc_rule(cr, dc->docs, "receipt", "receipt_file_id", 0, total, errors);
    doc_rule(cr, dc->docs, "contract", "contract_file_id", 0, total, errors);
    doc_rule(cr, dc->docs, "other_docs", "other_file_ids", 0, total, errors);
    return docs_usable(cr, db, dc->docs, errors);
}

/* Links the change's documents to the trade (or their lines), owned by
 * the acting LAO (DLA: the representative). */
static int docs_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    docs_change *dc = c->data;
    json_t *ids = carbon_json_pool(p, json_object());
    const char *owner = my_lao(cr) ? my_lao(cr) : carbon_json_str(c->trade, "lao_code");
    int gone = 0;
    carbon_db_status st;
    if ((st = link_docs(cr, db, "trade", c->id, dc->lines, owner, NULL, dc->docs, ids, &gone)))
        return carbon_db_http_status(st);
    if (gone) {
        gone_error(dc->docs, errors);
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    c->after = carbon_json_pool(p, json_pack("{s:s?,s:O}", "mode", dc->mode, "documents", ids));
    return OK;
}

static const char *const transfer_modes[] = { "per_lao", "combined", NULL };

static const carbon_vfield transfer_fields[] = {
    { "mode", CARBON_V_CHOICE, 1, 0, 0, "รูปแบบใบโอนเงิน", transfer_modes },
    { NULL }
};

static int transfer_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    docs_change *dc = new_docs_change(cr, c);
    const char *key = is_json_request(cr) ? "slips" : "lao_transfer_slip";
    size_t nlines = json_array_size(dc->lines), i;
    dc->mode = carbon_json_str(c->clean, "mode");
    c->event_ref = dc->mode;
    if (!dc->mode)
        return OK;
    if (!strcmp(dc->mode, "combined")) {
        gather(p, c->in, "transfer_slip", "slip_file_id", 0, dc->docs, errors);
        if (!count_kind(dc->docs, "transfer_slip") && !json_object_get(errors, "slip_file_id"))
            json_object_set_new(errors, is_json_request(cr) ? "slip_file_id" : "transfer_slip",
                                json_string("กรุณาแนบใบโอนเงินรวมทุก อปท."));
        doc_rule(cr, dc->docs, "transfer_slip", "slip_file_id", 0, 0, errors);
    } else if (json_is_array(json_object_get(c->in->fields, "slips"))) {
        json_t *x;
        json_array_foreach(json_object_get(c->in->fields, "slips"), i, x) {
            const char *code = carbon_json_str(x, "lao_code"), *id = id_of(p, json_object_get(x, "file_id"));
            gdoc *d;
            if (!code || !line_of(c->trade, code)) {
                add_error(p, errors, "slips", apr_psprintf(p, "ลำดับที่ %d: ไม่พบ อปท. นี้ในรายการขาย", (int)i + 1));
                continue;
            }
            if (!id || !*id) {
                add_error(p, errors, "slips", apr_psprintf(p, "อปท. %s: %s", code, MSG_FILE_ID));
                continue;
            }
            d = push_doc(dc->docs, "lao_transfer_slip", "slips");
            d->lao_code = code;
            d->file_id = id;
        }
    } else {
        /* the form: one file input lao_transfer_slip per LAO, in the order
         * of slip_laos (an input left empty is not sent: then the count is short) */
        const char *order = carbon_json_str(c->in->fields, "slip_laos");
        char *list = order ? apr_pstrdup(p, order) : NULL, *last = NULL, *code;
        apr_array_header_t *codes = apr_array_make(p, 8, sizeof(const char *));
        int f, k = 0;
        for (code = list ? apr_strtok(list, ",", &last) : NULL; code; code = apr_strtok(NULL, ",", &last))
            if (line_of(c->trade, code))
                APR_ARRAY_PUSH(codes, const char *) = code;
        if (carbon_doc_count_files(c->in->files, "lao_transfer_slip") == codes->nelts)
            for (f = 0; c->in->files && f < c->in->files->nelts; f++) {
                const carbon_doc_file *df = &APR_ARRAY_IDX(c->in->files, f, carbon_doc_file);
                gdoc *d;
                if (strcmp(df->kind, "lao_transfer_slip"))
                    continue;
                d = push_doc(dc->docs, "lao_transfer_slip", key);
                d->lao_code = APR_ARRAY_IDX(codes, k, const char *);
                d->file = &df->file;
                k++;
            }
    }
    if (!strcmp(dc->mode, "per_lao") && !json_object_get(errors, key) && !json_object_get(errors, "slips")) {
        json_t *line;
        json_array_foreach(dc->lines, i, line) {
            int n = 0, d;
            for (d = 0; d < dc->docs->nelts; d++)
                n += !strcmp(APR_ARRAY_IDX(dc->docs, d, gdoc).lao_code, carbon_json_str(line, "lao_code"));
            if (n != 1) {
                add_error(p, errors, key, apr_psprintf(p, "กรุณาแนบใบโอนเงินของ %s 1 ไฟล์",
                                                        carbon_json_str(line, "lao_name")));
            }
        }
        (void)nlines;
    }
    return docs_usable(cr, db, dc->docs, errors);
}

static int receipt_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    docs_change *dc = new_docs_change(cr, c);
    json_t *line = line_of(c->trade, my_lao(cr));
    int i;
    if (!line)
        return HTTP_NOT_FOUND;
    gather(p, c->in, "lao_receipt", "receipt_file_id", 0, dc->docs, errors);
    doc_rule(cr, dc->docs, "lao_receipt", "receipt_file_id", 0, 0, errors);
    for (i = 0; i < dc->docs->nelts; i++)
        APR_ARRAY_IDX(dc->docs, i, gdoc).lao_code = carbon_json_str(line, "lao_code");
    c->event_ref = carbon_json_str(line, "lao_code");
    return docs_usable(cr, db, dc->docs, errors);
}

static int receipt_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    json_t *line = line_of(c->trade, my_lao(cr));
    carbon_db_status st;
    /* a new receipt replaces the LAO's earlier one */
    if ((st = carbon_db_exec(db, "group_line_kind_unlink", NULL,
                             CARBON_ARGS(carbon_i64(cr->r->pool, carbon_row_int(line, "id")), "lao_receipt"))))
        return carbon_db_http_status(st);
    return docs_write(cr, db, c, errors);
}

static int submit_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *line;
    const char *missing = NULL;
    size_t i;
    (void)db;
    json_array_foreach(json_object_get(c->trade, "participants"), i, line)
        if (!json_array_size(json_object_get(json_object_get(line, "documents"), "lao_receipt")))
            missing = missing ? apr_pstrcat(p, missing, ", ", carbon_json_str(line, "lao_name"), NULL)
                              : carbon_json_str(line, "lao_name");
    if (missing) {
        json_object_set_new(errors, "receipts",
                            json_string(apr_pstrcat(p, "ยังส่งให้ สถ. ยืนยันไม่ได้ ยังไม่มีใบเสร็จรับเงิน อปท. ของ ",
                                                    missing, NULL)));
        return HTTP_CONFLICT;
    }
    return OK;
}

static int submit_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    json_t *row = NULL;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "group_missing_receipts", &row, CARBON_ARGS(c->id))) || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    carbon_json_pool(cr->r->pool, row);
    if (carbon_row_int(row, "missing_count")) {
        json_object_set_new(errors, "receipts", json_string("ยังมี อปท. ที่ยังไม่ส่งใบเสร็จรับเงิน"));
        return HTTP_CONFLICT;
    }
    c->after = carbon_json_pool(cr->r->pool, json_pack("{s:s}", "step", "awaiting_dla"));
    return OK;
}

/* ---- DLA: confirm and delete ----------------------------------------------- */

static const carbon_vfield confirm_fields[] = {
    { "confirmed_on", CARBON_V_DATE_PAST, 0, 0, 0, "วันที่ยืนยันการขาย" },
    { "confirmation_ref", CARBON_V_TEXT, 1, 1, 100, "เลขที่อ้างอิงการโอนหรือการยกเลิกคาร์บอนเครดิต (T-VER)" },
    { "note", CARBON_V_TEXT, 0, 0, 2000, "หมายเหตุ" },
    { "confirmation_note", CARBON_V_TEXT, 0, 0, 2000, "หมายเหตุ" },
    { NULL }
};

static int confirm_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    docs_change *dc = new_docs_change(cr, c);
    const char *on = carbon_json_str(c->clean, "confirmed_on");
    int i;
    if (!on && !json_object_get(errors, "confirmed_on"))
        on = carbon_today_iso(p, apr_time_now());
    if (on && strcmp(on, carbon_json_str(c->trade, "ordered_on")) < 0)
        json_object_set_new(errors, "confirmed_on", json_string("วันที่ยืนยันการขายต้องไม่ก่อนวันที่สั่งซื้อ"));
    gather(p, c->in, "confirmation_doc", "confirmation_doc_file_id", 0, dc->docs, errors);
    for (i = 0; c->in->files && i < c->in->files->nelts; i++)   /* "document" is its short name */
        if (!strcmp(APR_ARRAY_IDX(c->in->files, i, carbon_doc_file).kind, "document"))
            push_doc(dc->docs, "confirmation_doc", "confirmation_doc")->file =
                &APR_ARRAY_IDX(c->in->files, i, carbon_doc_file).file;
    doc_rule(cr, dc->docs, "confirmation_doc", "confirmation_doc_file_id", 0, 0, errors);
    c->event_on = on;
    c->event_ref = carbon_json_str(c->clean, "confirmation_ref");
    c->event_note = carbon_json_str(c->clean, "note") ? carbon_json_str(c->clean, "note")
                                                      : carbon_json_str(c->clean, "confirmation_note");
    return docs_usable(cr, db, dc->docs, errors);
}

static int confirm_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    int rv = docs_write(cr, db, c, errors);
    json_t *docs;
    if (rv != OK)
        return rv;
    docs = json_object_get(c->after, "documents");
    c->before = carbon_json_pool(p, json_pack("{s:s}", "status", CARBON_TRADE_IN_PROGRESS));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s,s:s,s:s?,s:I,s:O}", "status", CARBON_TRADE_COMPLETED,
                                             "confirmed_on", c->event_on, "confirmation_ref", c->event_ref,
                                             "note", c->event_note, "quantity_tco2e", (json_int_t)c->settled_tco2e,
                                             "documents", docs));
    return OK;
}

static const carbon_vfield delete_fields[] = {
    { "reason", CARBON_V_TEXT, 0, 1, 1000, "เหตุผลการลบ" },
    { NULL }
};

static int delete_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    const int *require_reason = c->data;
    (void)cr; (void)db;
    c->event_note = carbon_json_str(c->clean, "reason");
    if (require_reason && *require_reason && !c->event_note && !json_object_get(errors, "reason"))
        json_object_set_new(errors, "reason", json_string("กรุณาระบุเหตุผลการลบรายการ"));
    return OK;
}

static int delete_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    (void)db; (void)errors;
    c->before = carbon_json_pool(p, json_pack("{s:s,s:s}", "status", CARBON_TRADE_IN_PROGRESS,
                                              "step", carbon_json_str(c->trade, "step")));
    c->after = carbon_json_pool(p, json_pack("{s:s,s:s?,s:I}", "status", CARBON_TRADE_DELETED,
                                             "reason", c->event_note, "released_tco2e",
                                             (json_int_t)c->settled_tco2e));
    return OK;
}

/* ---- the step table ------------------------------------------------------------ */

#define IP CARBON_TRADE_IN_PROGRESS
#define REP CARBON_ACTOR_REPRESENTATIVE
#define ANY_LAO CARBON_ACTOR_PARTICIPANT
#define PROV CARBON_ACTOR_PROVINCE
#define NONE CARBON_EFFECT_NONE
#define DELETE_FROM(step) \
    { "delete", step, "deleted", CARBON_TRADE_DELETED, CARBON_ACTOR_DLA, 0, delete_fields, \
      CARBON_EFFECT_RELEASE_ALL, "delete", "delete", CARBON_TRADE_NOT_PENDING_TH, delete_check, delete_write }

/* A name listed more than once applies from each of its steps
 * (carbon_trade_apply picks the row of the trade's step). */
const carbon_trade_transition carbon_trade_group_steps[] = {
    { "consent", "consent", "consent", IP, ANY_LAO, 0, consent_fields, NONE, "consent", "consent",
      MSG_NOT_CONSENT_STEP, consent_check, consent_write },
    { "decline", "consent", "declined", IP, ANY_LAO, 0, consent_fields, NONE, "decline", "decline",
      MSG_NOT_CONSENT_STEP, decline_check, decline_write },
    { "participants", "consent", "consent", IP, PROV, 0, NULL, NONE, "participants", "participants",
      MSG_NOT_PARTICIPANTS_STEP, participants_check, participants_write },
    { "participants", "declined", "consent", IP, PROV, 0, NULL, NONE, "participants", "participants",
      MSG_NOT_PARTICIPANTS_STEP, participants_check, participants_write },
    { "ask_delete", "declined", "declined", IP, PROV, 0, ask_delete_fields, NONE, "delete_request",
      "delete_request", MSG_NOT_DECLINED, ask_delete_check, ask_delete_write },
    { "trade", "trade", "transfer", IP, REP, 1, NULL, NONE, "trade", "trade", MSG_NOT_TRADE_STEP, trade_check,
      docs_write },
    { "transfer", "transfer", "receipts", IP, REP, 1, transfer_fields, NONE, "transfer", "transfer",
      MSG_NOT_TRANSFER_STEP, transfer_check, docs_write },
    { "receipt", "receipts", "receipts", IP, ANY_LAO, 0, NULL, NONE, "receipt", "receipt", MSG_NOT_RECEIPT_STEP,
      receipt_check, receipt_write },
    { "submit", "receipts", "awaiting_dla", IP, REP, 0, NULL, NONE, "submit", "submit", MSG_NOT_RECEIPT_STEP,
      submit_check, submit_write },
    { "confirm", "awaiting_dla", "completed", CARBON_TRADE_COMPLETED, CARBON_ACTOR_DLA, 0, confirm_fields,
      CARBON_EFFECT_SELL_ALL, "confirm", "confirm", MSG_NOT_AWAITING, confirm_check, confirm_write },
    DELETE_FROM("consent"),
    DELETE_FROM("declined"),
    DELETE_FROM("trade"),
    DELETE_FROM("transfer"),
    DELETE_FROM("receipts"),
    DELETE_FROM("awaiting_dla"),
    { NULL }
};

/* ---- lists ------------------------------------------------------------------- */

const char *carbon_group_step_th(const char *step)
{
    static const struct {
        const char *step, *th;
    } names[] = {
        { "consent", "ขั้นที่ 1 ตรวจสอบเอกสาร (รอความยินยอม)" },
        { "declined", "มี อปท. ไม่ยินยอม (รอ สถจ. แก้ไข)" },
        { "trade", "ขั้นที่ 2 ดำเนินการซื้อขาย" },
        { "transfer", "ขั้นที่ 3 ใบโอนเงิน" },
        { "receipts", "ขั้นที่ 4 ใบเสร็จรับเงิน" },
        { "awaiting_dla", "รอ สถ. ยืนยันการขาย" },
        { "completed", "ดำเนินการเสร็จสิ้น (สถ.)" },
        { "deleted", "ลบโดย สถ." },
        { NULL, NULL }
    };
    int i;
    for (i = 0; step && names[i].step; i++)
        if (!strcmp(names[i].step, step))
            return names[i].th;
    return step ? step : "";
}

static int run_list(carbon_req *cr, carbon_db *db, const char *label, const char *who,
                    const carbon_group_filters *f, json_t **items, int *more)
{
    apr_pool_t *p = cr->r->pool;
    long long per_page = f->per_page > 0 && f->per_page <= CARBON_TRADES_PER_PAGE_MAX ? f->per_page
                                                                                   : CARBON_TRADES_PER_PAGE_DEFAULT;
    const char *order_like = f->order_no ? carbon_like_contains(p, f->order_no) : "%";
    const char *buyer_like = f->buyer ? carbon_like_contains(p, f->buyer) : "%";
    const char *before_on = f->before_on && f->before_id ? f->before_on : "9999-12-31";
    const char *before_id = f->before_on && f->before_id ? f->before_id : "999999999999999999";
    json_t *row;
    size_t i;
    carbon_db_status st;
    *items = NULL;
    *more = 0;
    st = carbon_db_select(db, label, items,
                          CARBON_ARGS(who, f->status ? f->status : CARBON_TRADE_IN_PROGRESS,
                                      f->status ? f->status : CARBON_TRADE_COMPLETED, order_like,
                                      f->ordered_from ? f->ordered_from : "0000-01-01",
                                      f->ordered_to ? f->ordered_to : "9999-12-31", buyer_like, before_on, before_on,
                                      before_id, carbon_i64(p, per_page + 1)));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, *items);
    if ((long long)json_array_size(*items) > per_page) {
        *more = 1;
        json_array_remove(*items, json_array_size(*items) - 1);
    }
    json_array_foreach(*items, i, row) {
        const char *status = carbon_json_str(row, "status");
        json_object_set_new(row, "status_th", json_string(carbon_trade_status_th(status)));
        json_object_set_new(row, "step_th", json_string(carbon_group_step_th(carbon_json_str(row, "step"))));
        json_object_set_new(row, "is_completed", json_boolean(status && !strcmp(status, CARBON_TRADE_COMPLETED)));
    }
    return OK;
}

int carbon_group_list_province(carbon_req *cr, carbon_db *db, const char *province_code,
                               const carbon_group_filters *f, json_t **items, int *more)
{
    const carbon_user *u = cr->user;
    *items = NULL;
    *more = 0;
    /* the provincial office lists its own; DLA any province */
    if (!u || (u->role == CARBON_ROLE_PROVINCE && (!u->province_code || strcmp(u->province_code, province_code)))
        || u->role == CARBON_ROLE_LAO)
        return HTTP_NOT_FOUND;
    return run_list(cr, db, "group_list_province", province_code, f, items, more);
}

int carbon_group_list_lao(carbon_req *cr, carbon_db *db, const char *lao_code, const carbon_group_filters *f,
                          json_t **items, int *more)
{
    *items = NULL;
    *more = 0;
    if (!my_lao(cr) || strcmp(my_lao(cr), lao_code))
        return HTTP_NOT_FOUND;
    return run_list(cr, db, "group_list_lao", lao_code, f, items, more);
}

int carbon_group_events(carbon_req *cr, carbon_db *db, json_t *trade, json_t **events)
{
    carbon_db_status st = carbon_db_select(db, "group_events_of", events,
                                           CARBON_ARGS(carbon_i64(cr->r->pool, carbon_row_int(trade, "id"))));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(cr->r->pool, *events);
    return OK;
}

int carbon_group_scope_laos(carbon_req *cr, carbon_db *db, long long project_id, json_t **laos)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db_status st = carbon_db_select(db, "group_scope_laos", laos,
                                           CARBON_ARGS(carbon_i64(cr->r->pool, project_id),
                                                       CARBON_SCOPE_ARGS(sc)));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(cr->r->pool, *laos);
    return OK;
}
