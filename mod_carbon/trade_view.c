/* trade_view.c: see trade_view.h. */
#include "trade_view.h"
#include "documents.h"
#include "trades.h"
#include "json_util.h"
#include <string.h>

const carbon_trade_kind_label carbon_trade_kinds[] = {
    { "self", "แบบดำเนินการเอง" },
    { "group", "แบบรวมกลุ่ม" },
    { "delegated", "อปท. มอบ สถ. ขาย" },
    { NULL, NULL }
};

const char *carbon_trade_kind_th(const char *kind)
{
    int i;
    for (i = 0; kind && carbon_trade_kinds[i].code; i++)
        if (!strcmp(carbon_trade_kinds[i].code, kind))
            return carbon_trade_kinds[i].th;
    return kind ? kind : "";
}

const char *carbon_trade_type_short_th(const char *trade_type)
{
    if (!trade_type)
        return "";
    return !strcmp(trade_type, "cancellation") ? "Cancellation Notification" : "T-VER Transfer";
}

const char *carbon_trade_ref_label_th(const char *trade_type)
{
    return trade_type && !strcmp(trade_type, "cancellation")
        ? "เลขที่อ้างอิงการแจ้งยกเลิก (Cancellation Notification)"
        : "เลขที่อ้างอิงการโอน (T-VER)";
}

void carbon_trade_items_prepare(json_t *items, long long first_row_no)
{
    size_t i;
    json_t *row;
    json_array_foreach(items, i, row) {
        json_object_set_new(row, "kind_th", json_string(carbon_trade_kind_th(carbon_json_str(row, "kind"))));
        json_object_set_new(row, "trade_type_short",
                            json_string(carbon_trade_type_short_th(carbon_json_str(row, "trade_type"))));
        json_object_set_new(row, "row_no", json_integer((json_int_t)(first_row_no + (long long)i)));
    }
}

/* The trade's documents with those kept on its lines (a group sale's power
 * of attorney and per-LAO slips belong to a line, not to the trade): a new
 * object {kind: [files]}, the trade's files first, then each line's in the
 * order of the lines. */
static json_t *all_documents(json_t *trade)
{
    json_t *out = json_deep_copy(json_object_get(trade, "documents")), *line, *files, *list;
    const char *kind;
    size_t i, j;
    if (!json_is_object(out)) {
        json_decref(out);
        out = json_object();
    }
    json_array_foreach(json_object_get(trade, "participants"), i, line) {
        json_object_foreach(json_object_get(line, "documents"), kind, files) {
            json_t *f;
            if (!json_is_array(files))
                continue;
            if (!(list = json_object_get(out, kind)) || !json_is_array(list)) {
                list = json_array();
                json_object_set_new(out, kind, list);
            }
            json_array_foreach(files, j, f)
                json_array_append(list, f);
        }
    }
    return out;
}

json_t *carbon_trade_step_documents(json_t *trade, int step)
{
    /* the kinds of the trade's own kind ("trade_group", ...; self when unknown) */
    const char *kind = carbon_json_str(trade, "kind");
    const char *record = kind && !strcmp(kind, "group") ? "trade_group"
                         : kind && !strcmp(kind, "delegated") ? "trade_delegated" : "trade_self";
    json_t *docs = all_documents(trade), *out;
    out = carbon_doc_step_view(record, step, docs,
                               (long long)json_integer_value(json_object_get(trade, "total_satang")));
    json_decref(docs);   /* the view holds its own references to the file lists */
    return out;
}

static json_t *step_documents(json_t *trade, int step)
{
    return carbon_trade_step_documents(trade, step);
}

static int status_is(json_t *trade, const char *status)
{
    const char *s = carbon_json_str(trade, "status");
    return s && !strcmp(s, status);
}

void carbon_trade_view_prepare(json_t *trade)
{
    json_object_set_new(trade, "kind_th", json_string(carbon_trade_kind_th(carbon_json_str(trade, "kind"))));
    json_object_set_new(trade, "ref_label_th",
                        json_string(carbon_trade_ref_label_th(carbon_json_str(trade, "trade_type"))));
    json_object_set_new(trade, "step1_documents", step_documents(trade, 1));
    json_object_set_new(trade, "step2_documents", step_documents(trade, 2));
    json_object_set_new(trade, "is_completed", json_boolean(status_is(trade, CARBON_TRADE_COMPLETED)));
    json_object_set_new(trade, "is_deleted", json_boolean(status_is(trade, CARBON_TRADE_DELETED)));
    {   /* a group sale: every LAO's line, its consent, slip and receipt */
        const char *kind = carbon_json_str(trade, "kind");
        json_t *line, *docs;
        size_t i;
        json_object_set_new(trade, "is_group", json_boolean(kind && !strcmp(kind, "group")));
        json_array_foreach(json_object_get(trade, "participants"), i, line) {
            const char *role = carbon_json_str(line, "role"), *consent = carbon_json_str(line, "consent");
            docs = json_object_get(line, "documents");
            json_object_set_new(line, "role_th", json_string(!role ? "" : !strcmp(role, "representative")
                                                             ? "ผู้แทนในการขาย" : !strcmp(role, "participant")
                                                             ? "ผู้มีส่วนร่วม" : "ผู้ขาย"));
            json_object_set_new(line, "consent_th", json_string(!consent ? "" : !strcmp(consent, "consented")
                                                                ? "ยินยอม" : !strcmp(consent, "declined")
                                                                ? "ไม่ยินยอม" : "รอการยินยอม"));
            if (docs) {
                json_object_set(line, "slips", json_object_get(docs, "lao_transfer_slip"));
                json_object_set(line, "receipts", json_object_get(docs, "lao_receipt"));
                json_object_set(line, "power_of_attorney", json_object_get(docs, "power_of_attorney"));
            }
        }
    }
}
