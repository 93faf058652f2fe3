/* documents.c: see documents.h. */
#include "documents.h"
#include "listing.h"
#include "validate.h"
#include "json_util.h"
#include "statements.h"
#include "tx.h"
#include "apr_strings.h"
#include <stdlib.h>
#include <string.h>

const carbon_statement carbon_document_statements[] = {
    { "doc_link",
      "INSERT INTO record_files (entity, entity_id, kind, file_id) VALUES (%s, %lld, %s, %lld)" },
    { "doc_unlink_kind",
      "DELETE FROM record_files WHERE entity = %s AND entity_id = %lld AND kind = %s" },
    { "doc_of_record",
      "SELECT rf.kind, f.id, f.original_name, f.size_bytes, f.mime_type, f.extension, f.uploaded_at"
      "  FROM record_files rf JOIN files f ON f.id = rf.file_id"
      " WHERE rf.entity = %s AND rf.entity_id = %lld ORDER BY f.id" },
    /* a pending upload: the user's own, of the LAO, linked to nothing */
    { "doc_pending_file",
      "SELECT f.id, f.original_name, f.size_bytes FROM files f"
      " WHERE f.id = %lld AND f.uploaded_by = %lld AND f.owner_lao_code = %s"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.file_id = f.id)" },
    /* the same for a provincial office's own upload */
    { "doc_pending_file_province",
      "SELECT f.id, f.original_name, f.size_bytes FROM files f"
      " WHERE f.id = %lld AND f.uploaded_by = %lld AND f.owner_lao_code IS NULL AND f.owner_province_code = %s"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.file_id = f.id)" },
    { NULL, NULL }
};

/* ---- the tables of document kinds ---------------------------------------- */

/* การขายคาร์บอนเครดิต (แบบดำเนินการเอง): steps 1 and 2 by the LAO, 3 by DLA. */
static const carbon_doc_kind trade_self_kinds[] = {
    { "intent_letter", 1, CARBON_DOC_BY_SELLER, 0, CARBON_DOC_ALWAYS, "หนังสือแจ้งความประสงค์ซื้อขายคาร์บอนเครดิต" },
    { "related_docs", 1, CARBON_DOC_BY_SELLER, 1, CARBON_DOC_NEVER, "เอกสารที่เกี่ยวข้อง" },
    { "payment_evidence", 2, CARBON_DOC_BY_SELLER, 0, CARBON_DOC_ALWAYS, "หลักฐานการชำระเงิน" },
    { "receipt", 2, CARBON_DOC_BY_SELLER, 0, CARBON_DOC_ALWAYS, "ใบเสร็จรับเงิน" },
    { "contract", 2, CARBON_DOC_BY_SELLER, 0, CARBON_DOC_ABOVE_CONTRACT_MIN, "แบบสัญญาซื้อขาย" },
    { "other_docs", 2, CARBON_DOC_BY_SELLER, 1, CARBON_DOC_NEVER, "เอกสารอื่น ๆ ที่เกี่ยวข้อง" },
    { "confirmation_doc", 3, CARBON_DOC_BY_DLA, 0, CARBON_DOC_NEVER, "เอกสารยืนยันการขาย" },
    { NULL, 0, 0, 0, 0, NULL }
};

/* การขายคาร์บอนเครดิต (แบบรวมกลุ่ม), group_sales.h: the sale's documents on
 * entity "trade", each LAO's (power of attorney, its slip, its receipt) on
 * entity "trade_line". Steps: 1 ตรวจสอบเอกสาร, 2 ดำเนินการซื้อขาย, 3 ใบโอนเงิน,
 * 4 ใบเสร็จรับเงิน, 5 ยืนยันการขาย. */
static const carbon_doc_kind trade_group_kinds[] = {
    { "intent_letter", 1, CARBON_DOC_BY_PROVINCE, 0, CARBON_DOC_ALWAYS, "หนังสือแจ้งความประสงค์ซื้อขายคาร์บอนเครดิต" },
    { "related_docs", 1, CARBON_DOC_BY_PROVINCE, 1, CARBON_DOC_NEVER, "เอกสารที่เกี่ยวข้อง" },
    { "power_of_attorney", 1, CARBON_DOC_BY_REPRESENTATIVE, 0, CARBON_DOC_ALWAYS, "เอกสารใบมอบอำนาจ" },
    { "payment_evidence", 2, CARBON_DOC_BY_REPRESENTATIVE, 0, CARBON_DOC_ALWAYS, "หลักฐานการชำระเงิน" },
    { "receipt", 2, CARBON_DOC_BY_REPRESENTATIVE, 0, CARBON_DOC_ALWAYS, "ใบเสร็จรับเงิน" },
    { "contract", 2, CARBON_DOC_BY_REPRESENTATIVE, 0, CARBON_DOC_ABOVE_CONTRACT_MIN, "แบบสัญญาซื้อขาย" },
    { "other_docs", 2, CARBON_DOC_BY_REPRESENTATIVE, 1, CARBON_DOC_NEVER, "เอกสารอื่น ๆ ที่เกี่ยวข้อง" },
    { "transfer_slip", 3, CARBON_DOC_BY_REPRESENTATIVE, 0, CARBON_DOC_NEVER, "ใบโอนเงินรวมทุก อปท." },
    { "lao_transfer_slip", 3, CARBON_DOC_BY_REPRESENTATIVE, 1, CARBON_DOC_NEVER, "ใบโอนเงินแยก อปท." },
    { "lao_receipt", 4, CARBON_DOC_BY_PARTICIPANT, 0, CARBON_DOC_ALWAYS, "ใบเสร็จรับเงิน อปท." },
    { "confirmation_doc", 5, CARBON_DOC_BY_DLA, 0, CARBON_DOC_NEVER, "เอกสารยืนยันการขาย" },
    { NULL, 0, 0, 0, 0, NULL }
};

/* การขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย): DLA's papers on the trade (step 1
 * at creation, step 2 once every LAO consented, 3 its confirmation); on
 * each LAO's line (entity "trade_line"): DLA's transfer slip to that LAO
 * and the LAO's own receipt (step 2 of the LAO's page). */
static const carbon_doc_kind trade_delegated_kinds[] = {
    { "intent_letter", 1, CARBON_DOC_BY_DLA, 0, CARBON_DOC_ALWAYS, "หนังสือแจ้งความประสงค์ซื้อขายคาร์บอนเครดิต" },
    { "related_docs", 1, CARBON_DOC_BY_DLA, 1, CARBON_DOC_NEVER, "เอกสารที่เกี่ยวข้อง" },
    { "payment_evidence", 2, CARBON_DOC_BY_DLA, 0, CARBON_DOC_ALWAYS, "หลักฐานการชำระเงิน" },
    { "contract", 2, CARBON_DOC_BY_DLA, 0, CARBON_DOC_ABOVE_CONTRACT_MIN, "แบบสัญญาซื้อขาย" },
    { "other_docs", 2, CARBON_DOC_BY_DLA, 1, CARBON_DOC_NEVER, "เอกสารอื่น ๆ ที่เกี่ยวข้อง" },
    { "transfer_slip", 2, CARBON_DOC_BY_DLA, 0, CARBON_DOC_ALWAYS, "ใบโอนเงินให้ อปท." },
    { "receipt", 2, CARBON_DOC_BY_PARTICIPANT, 0, CARBON_DOC_ALWAYS, "ใบเสร็จรับเงิน อปท." },
    { "confirmation_doc", 3, CARBON_DOC_BY_DLA, 0, CARBON_DOC_NEVER, "เอกสารยืนยันการขาย" },
    { NULL, 0, 0, 0, 0, NULL }
};

/* A certification's documents (DLA, when it records the certification). */
static const carbon_doc_kind certification_kinds[] = {
    { "document", 1, CARBON_DOC_BY_DLA, 1, CARBON_DOC_NEVER, "เอกสารการรับรอง" },
    { NULL, 0, 0, 0, 0, NULL }
};

/* การใช้จ่ายรายได้: the budget request document with step 1 (optional), the
 * spending document with step 2 (required), both by the LAO. */
static const carbon_doc_kind spending_kinds[] = {
    { "budget_request_doc", 1, CARBON_DOC_BY_SELLER, 0, CARBON_DOC_NEVER, "เอกสารขอใช้เงิน" },
    { "spending_doc", 2, CARBON_DOC_BY_SELLER, 0, CARBON_DOC_ALWAYS, "เอกสารการใช้จ่ายงบประมาณ" },
    { NULL, 0, 0, 0, 0, NULL }
};

static const struct {
    const char *record;
    const carbon_doc_kind *kinds;
} records[] = {
    { "trade_self", trade_self_kinds },
    { "trade_group", trade_group_kinds },
    { "trade_delegated", trade_delegated_kinds },
    { "certification", certification_kinds },
    { "spending", spending_kinds },
    { NULL, NULL }
};

const carbon_doc_kind *carbon_doc_kinds(const char *record)
{
    int i;
    for (i = 0; record && records[i].record; i++)
        if (!strcmp(records[i].record, record))
            return records[i].kinds;
    return NULL;
}

const carbon_doc_kind *carbon_doc_kind_find(const char *record, const char *kind)
{
    const carbon_doc_kind *k = carbon_doc_kinds(record);
    for (; k && kind && k->kind; k++)
        if (!strcmp(k->kind, kind))
            return k;
    return NULL;
}

int carbon_contract_required(long long total_satang)
{
    return total_satang > CARBON_CONTRACT_MIN_SATANG;
}

int carbon_doc_required(const carbon_doc_kind *k, long long total_satang)
{
    return k->required == CARBON_DOC_ALWAYS
           || (k->required == CARBON_DOC_ABOVE_CONTRACT_MIN && carbon_contract_required(total_satang));
}

const char *carbon_doc_rule_th(const carbon_doc_kind *k, long long total_satang)
{
    if (carbon_doc_required(k, total_satang))
        return "จำเป็น";
    if (k->required == CARBON_DOC_ABOVE_CONTRACT_MIN)
        return "จำเป็นเมื่อราคารวมเกิน 100,000 บาท";
    return "ถ้ามี";
}

/* ---- files and pending uploads ------------------------------------------ */

int carbon_doc_count_files(const apr_array_header_t *files, const char *kind)
{
    int i, n = 0;
    for (i = 0; files && i < files->nelts; i++)
        if (!strcmp(APR_ARRAY_IDX(files, i, carbon_doc_file).kind, kind))
            n++;
    return n;
}

int carbon_doc_count_pending(const apr_array_header_t *pending, const char *kind)
{
    int i, n = 0;
    for (i = 0; pending && i < pending->nelts; i++)
        if (!strcmp(APR_ARRAY_IDX(pending, i, carbon_doc_pending).kind, kind))
            n++;
    return n;
}

carbon_db_status carbon_doc_pending_get(carbon_req *cr, carbon_db *db, const char *file_id,
                                        const char *owner_lao, json_t **row)
{
    *row = NULL;
    if (!cr->user || !owner_lao || !carbon_is_id(file_id))
        return CARBON_DB_OK;
    return carbon_db_select_one(db, "doc_pending_file", row,
                                CARBON_ARGS(file_id, carbon_i64(cr->r->pool, cr->user->id), owner_lao));
}

static void add_id(json_t *ids, const char *kind, json_int_t id)
{
    if (!json_object_get(ids, kind))
        json_object_set_new(ids, kind, json_array());
    json_array_append_new(json_object_get(ids, kind), json_integer(id));
}

carbon_db_status carbon_doc_link_all(carbon_req *cr, carbon_db *db, const char *entity, const char *entity_id,
                                     const char *owner_lao, const apr_array_header_t *files,
                                     const apr_array_header_t *pending, json_t *ids, int *pending_gone)
{
    apr_pool_t *p = cr->r->pool;
    int i;
    carbon_db_status st;
    for (i = 0; files && i < files->nelts; i++) {
        const carbon_doc_file *df = &APR_ARRAY_IDX(files, i, carbon_doc_file);
        json_int_t file_id = 0;
        if ((st = carbon_upload_store(cr, db, &df->file, owner_lao, NULL, &file_id))
            || (st = carbon_db_exec(db, "doc_link", NULL,
                                    CARBON_ARGS(entity, entity_id, df->kind, carbon_i64(p, file_id)))))
            return st;
        add_id(ids, df->kind, file_id);
    }
    for (i = 0; pending && i < pending->nelts; i++) {
        const carbon_doc_pending *pd = &APR_ARRAY_IDX(pending, i, carbon_doc_pending);
        json_t *row = NULL;
        if ((st = carbon_doc_pending_get(cr, db, pd->file_id, owner_lao, &row)))
            return st;
        if (!row) {
            *pending_gone = 1;
            return CARBON_DB_OK;
        }
        json_decref(row);
        if ((st = carbon_db_exec(db, "doc_link", NULL, CARBON_ARGS(entity, entity_id, pd->kind, pd->file_id))))
            return st;
        add_id(ids, pd->kind, atoll(pd->file_id));
    }
    return CARBON_DB_OK;
}

carbon_db_status carbon_doc_unlink_kind(carbon_db *db, const char *entity, const char *entity_id,
                                        const char *kind)
{
    return carbon_db_exec(db, "doc_unlink_kind", NULL, CARBON_ARGS(entity, entity_id, kind));
}

/* ---- reading ------------------------------------------------------------- */

json_t *carbon_doc_json(carbon_req *cr, json_t *row)
{
    return json_pack("{s:I,s:s?,s:I,s:s?,s:s?,s:s?,s:s}",
                     "id", carbon_row_int(row, "id"),
                     "original_name", carbon_row_str(row, "original_name"),
                     "size_bytes", carbon_row_int(row, "size_bytes"),
                     "mime_type", carbon_row_str(row, "mime_type"),
                     "extension", carbon_row_str(row, "extension"),
                     "uploaded_at", carbon_row_str(row, "uploaded_at"),
                     "url", apr_psprintf(cr->r->pool, "%s/files/%" APR_INT64_T_FMT, cr->base,
                                         (apr_int64_t)carbon_row_int(row, "id")));
}

carbon_db_status carbon_doc_by_kind(carbon_req *cr, carbon_db *db, const char *record, const char *entity,
                                    const char *entity_id, json_t **docs)
{
    const carbon_doc_kind *k;
    json_t *rows, *row;
    size_t i;
    carbon_db_status st = carbon_db_select(db, "doc_of_record", &rows, CARBON_ARGS(entity, entity_id));
    *docs = NULL;
    if (st)
        return st;
    *docs = carbon_json_pool(cr->r->pool, json_object());
    for (k = carbon_doc_kinds(record); k && k->kind; k++)
        json_object_set_new(*docs, k->kind, json_array());
    json_array_foreach(rows, i, row) {
        json_t *list = json_object_get(*docs, carbon_row_str(row, "kind"));
        if (list)
            json_array_append_new(list, carbon_doc_json(cr, row));
    }
    json_decref(rows);
    return CARBON_DB_OK;
}

json_t *carbon_doc_ids(json_t *docs)
{
    json_t *out = json_object(), *list, *doc;
    const char *kind;
    size_t i;
    json_object_foreach(docs, kind, list) {
        json_t *ids = json_array();
        json_array_foreach(list, i, doc)
            json_array_append(ids, json_object_get(doc, "id"));
        if (json_array_size(ids))
            json_object_set_new(out, kind, ids);
        else
            json_decref(ids);
    }
    return out;
}

json_t *carbon_doc_step_view(const char *record, int step, json_t *docs, long long total_satang)
{
    json_t *out = json_array();
    const carbon_doc_kind *k;
    for (k = carbon_doc_kinds(record); k && k->kind; k++) {
        json_t *files = json_object_get(docs, k->kind);
        if (k->step != step)
            continue;
        json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:b,s:O}", "kind", k->kind, "label_th", k->label_th,
                                             "rule_th", carbon_doc_rule_th(k, total_satang),
                                             "is_required", carbon_doc_required(k, total_satang),
                                             "files", json_is_array(files) ? files : json_array()));
    }
    return out;
}

typedef struct {
    const char *record, *owner_lao, *owner_province;
    const apr_array_header_t *files;
    json_t *out;
} keep_baton;

/* Stores the new files (each audited by upload.c) in one transaction. */
static int keep_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    keep_baton *b = baton;
    int i;
    carbon_db_status st;
    for (i = 0; i < b->files->nelts; i++) {
        const carbon_doc_file *df = &APR_ARRAY_IDX(b->files, i, carbon_doc_file);
        const carbon_doc_kind *k = carbon_doc_kind_find(b->record, df->kind);
        json_int_t file_id = 0;
        if (!k || (!k->multiple && carbon_doc_count_files(b->files, df->kind) > 1))
            continue;   /* two files for one: neither is kept */
        if ((st = carbon_upload_store(cr, db, &df->file, b->owner_lao, b->owner_province, &file_id)))
            return carbon_db_http_status(st);
        if (!json_object_get(b->out, df->kind))
            json_object_set_new(b->out, df->kind, json_array());
        json_array_append_new(json_object_get(b->out, df->kind),
                              json_pack("{s:I,s:s,s:I}", "id", file_id, "original_name", df->file.safe_name,
                                        "size_bytes", (json_int_t)df->file.part->len));
    }
    return OK;
}

int carbon_doc_keep_pending(carbon_req *cr, const char *record, const apr_array_header_t *files,
                            const apr_array_header_t *pending, const char *owner_lao, json_t **pending_out)
{
    return carbon_doc_keep_pending_owned(cr, record, files, pending, owner_lao, NULL, pending_out);
}

int carbon_doc_keep_pending_owned(carbon_req *cr, const char *record, const apr_array_header_t *files,
                                  const apr_array_header_t *pending, const char *owner_lao,
                                  const char *owner_province, json_t **pending_out)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *out = carbon_json_pool(p, json_object()), *row;
    keep_baton b;
    int i;
    carbon_db_status st;
    *pending_out = out;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (owner_lao)
        owner_province = NULL;          /* an LAO's document: the LAO owns it */
    if (!cr->user || (!owner_lao && !owner_province))
        return OK;
    /* the still-valid pending ids first (unless a new file replaces a single one) */
    for (i = 0; pending && i < pending->nelts; i++) {
        const carbon_doc_pending *pd = &APR_ARRAY_IDX(pending, i, carbon_doc_pending);
        const carbon_doc_kind *k = carbon_doc_kind_find(record, pd->kind);
        if (!k || (!k->multiple && (carbon_doc_count_files(files, pd->kind)
                                    || json_array_size(json_object_get(out, pd->kind)))))
            continue;
        row = NULL;
        st = CARBON_DB_OK;
        if (owner_lao)
            st = carbon_doc_pending_get(cr, db, pd->file_id, owner_lao, &row);
        else if (carbon_is_id(pd->file_id))
            st = carbon_db_select_one(db, "doc_pending_file_province", &row,
                                      CARBON_ARGS(pd->file_id, carbon_i64(p, cr->user->id), owner_province));
        if (st)
            return carbon_db_http_status(st);
        if (!row)
            continue;
        if (!json_object_get(out, pd->kind))
            json_object_set_new(out, pd->kind, json_array());
        json_array_append_new(json_object_get(out, pd->kind), row);
    }
    if (!files || !files->nelts)
        return OK;
    b.record = record;
    b.files = files;
    b.owner_lao = owner_lao;
    b.owner_province = owner_province;
    b.out = out;
    return carbon_tx_run(cr, db, keep_work, &b);
}
