/*
 * trade_view.h: what people see of a trade: the Thai labels of its kind
 * and trade type, the rows of trade lists, and the preparation of the
 * read-only view (templates/trade_view_steps.html) that DLA's confirmation
 * pages, the provincial office's pages and the LAO's own pages share.
 * Labels only: the rules of a trade are trades.h's.
 */
#ifndef CARBON_TRADE_VIEW_H
#define CARBON_TRADE_VIEW_H

#include <jansson.h>

/* The kinds of trade, in the order pages list them (ended by a NULL code):
 * self (แบบดำเนินการเอง), group (แบบรวมกลุ่ม), delegated (อปท. มอบ สถ. ขาย). */
typedef struct {
    const char *code, *th;
} carbon_trade_kind_label;
extern const carbon_trade_kind_label carbon_trade_kinds[];

/* Thai name of a trade's kind; an unknown kind as given, NULL as "". */
const char *carbon_trade_kind_th(const char *kind);
/* A trade type in short for lists: "T-VER Transfer" / "Cancellation
 * Notification"; "" for NULL. */
const char *carbon_trade_type_short_th(const char *trade_type);
/* The label of the confirmation reference for a trade type (the transfer's
 * T-VER reference, or the cancellation notification's). */
const char *carbon_trade_ref_label_th(const char *trade_type);
/* Adds to each search item (trades.h) kind_th, trade_type_short and row_no
 * (numbered from first_row_no). */
void carbon_trade_items_prepare(json_t *items, long long first_row_no);
/* The documents of one step of a trade as [{kind, label_th, rule_th,
 * files}] in the order of the form (documents.h holds the kinds and their
 * rules), the files of the trade's lines included (a group sale's power of
 * attorney and per-LAO transfer slips). A new reference. */
json_t *carbon_trade_step_documents(json_t *trade, int step);
/* Adds to a trade (carbon_trade_get) what trade_view_steps.html shows:
 * kind_th, ref_label_th, step1_documents and step2_documents
 * ([{kind, label_th, rule_th, files}] in the order of the form),
 * is_completed, is_deleted; is_group, and for each line of a group sale
 * role_th, consent_th, power_of_attorney, slips and receipts. */
void carbon_trade_view_prepare(json_t *trade);

#endif
