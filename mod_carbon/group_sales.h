/*
 * group_sales.h: การขายคาร์บอนเครดิต (แบบรวมกลุ่ม), the group sale
 * (MISSION.md section 3, the LAO manual's pages of that menu, FIXED-POINTS
 * "Group sales"). A provincial office (สถจ.) sells the credits of several
 * LAOs of its scope to one buyer: one of them is the representative
 * (ผู้แทนในการขาย), the others participants (ผู้มีส่วนร่วม). Every LAO has
 * its own line (trade_lines.h): its quantity, its total (quantity x unit
 * price, in satang), its consent, its documents (entity "trade_line").
 *
 * The steps (trades.step), each a transition of carbon_trade_group_steps
 * (transitions.h): who may act is checked there (a wrong step 409, a wrong
 * actor 403, out of scope or not a line's LAO 404).
 *
 *   create        province        -> consent   every line's quantity reserved
 *   consent       each LAO        consent      the representative sends its
 *                                              power of attorney; when every
 *                                              line has consented: -> trade
 *   decline       each LAO        -> declined  with a reason; releases that
 *                                              LAO's credits
 *   participants  province        consent | declined -> consent: the list
 *                                              replaced, reservations moved
 *                                              to match; a line whose quantity
 *                                              or role changed consents again
 *                                              (every line consented: -> trade)
 *   ask_delete    province        declined     asks DLA to delete the sale
 *   trade         representative  -> transfer  payment evidence, receipt,
 *                                              contract (> 100,000 baht by the
 *                                              sale's total), other documents
 *   transfer      representative  -> receipts  one slip per LAO (per_lao) or
 *                                              one combined slip (combined)
 *   receipt       each LAO        receipts     its own LAO receipt (replaces)
 *   submit        representative  -> awaiting_dla  once every line's receipt is in
 *   confirm       DLA             -> completed every line awaiting -> sold
 *   delete        DLA             any in-progress step -> deleted; every
 *                                              reserved line released
 *
 * Documents are documents.c's record "trade_group": the sale's own on
 * entity "trade", each LAO's (power of attorney, its slip, its receipt) on
 * entity "trade_line". A document is a file sent with the request
 * (multipart, the kind as field name) or the id of a file the user
 * uploaded before (POST api/v1/files) and that is linked to nothing yet.
 */
#ifndef CARBON_GROUP_SALES_H
#define CARBON_GROUP_SALES_H

#include "carbon.h"
#include "db.h"
#include "trades.h"
#include "transitions.h"

#define CARBON_GROUP_RECORD "trade_group"

/* The group sale's step table (registered in trades.c's kind_steps[]). */
extern const carbon_trade_transition carbon_trade_group_steps[];

/* Creates a group sale for the signed-in provincial office from in
 * (JSON: project_id, buyer_id, ordered_on, trade_type, unit_price_satang,
 * representative_lao_code, participants [{lao_code, quantity_tco2e}],
 * intent_letter_file_id, related_file_ids; a form: the same with
 * unit_price_baht, qty_<lao_code> per LAO and files intent_letter /
 * related_docs). Returns HTTP_CREATED with *trade, 422 with errors (an LAO
 * short of credits is named on "participants" and "qty_<lao_code>";
 * nothing is reserved), 403 (not a provincial office), or another status. */
int carbon_group_create(carbon_req *cr, const carbon_trade_input *in, json_t *errors, json_t **trade);

/* The transition a consent request asks for: "decline" when the field
 * consent is false ("0", "false"), else "consent". */
const char *carbon_group_consent_step(const carbon_trade_input *in);

/* Filters of the group-sale lists (NULL when not set). */
typedef struct {
    const char *order_no, *buyer, *ordered_from, *ordered_to;
    const char *status;                    /* in_progress | completed | NULL: both */
    const char *before_on, *before_id;     /* keyset: the last row of the previous page */
    long long per_page;
} carbon_group_filters;

/* One page of the group sales organised by province_code (the provincial
 * office's own; DLA any), newest first; *more tells whether another page
 * follows. Items: id, order_no, status, status_th, step, step_th,
 * lao_code / lao_name (the representative), project_name, buyer_name,
 * ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang,
 * line_count, consented_count, declined_count, receipt_count. */
int carbon_group_list_province(carbon_req *cr, carbon_db *db, const char *province_code,
                               const carbon_group_filters *f, json_t **items, int *more);
/* The same for the group sales the LAO takes part in (the LAO user's own),
 * each with my_role and my_consent. */
int carbon_group_list_lao(carbon_req *cr, carbon_db *db, const char *lao_code, const carbon_group_filters *f,
                          json_t **items, int *more);

/* The LAOs of the user's scope with their remaining credits of a project:
 * [{lao_code, lao_name, district_name, remaining_tco2e}], for the form. */
int carbon_group_scope_laos(carbon_req *cr, carbon_db *db, long long project_id, json_t **laos);

/* The declines ({action "decline", lao_code, note (the reason), acted_at,
 * acted_by_name}) and the province's requests to delete (action
 * "delete_request") of a trade the user has read (carbon_trade_get). */
int carbon_group_events(carbon_req *cr, carbon_db *db, json_t *trade, json_t **events);

/* Thai name of a group sale's step. */
const char *carbon_group_step_th(const char *step);

#endif
