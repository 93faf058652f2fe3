/*
 * delegated_sales.h: the sale delegated to DLA (การขายคาร์บอนเครดิต
 * (อปท. มอบ สถ. ขาย), MISSION.md section 4, FIXED-POINTS "Sales delegated
 * to DLA"). It owns the rules of this kind of trade: its step table, its
 * creation, the provincial offices' lines, and its lists for DLA, the
 * provinces and the LAOs. The trade itself is read with carbon_trade_get
 * (trades.h) and moved with carbon_trade_act (its kind dispatches here).
 *
 * Steps (trades.step) and who acts:
 *   participants  DLA created it (intent letter, related documents). Each
 *                 provincial office replaces its own LAOs' lines
 *                 ("participants": quantity reserved against that LAO's
 *                 remaining credits of the sale's project, consent
 *                 pending); each LAO consents, or declines with a reason
 *                 (its credits are released, its line leaves the sale and
 *                 is kept as declined). Once there is at least one line and
 *                 every line has consented, DLA uploads its documents
 *                 ("trade": payment evidence, the contract above 100,000.00
 *                 baht, one transfer slip per LAO, other documents).
 *   receipts      adding LAOs is closed; each LAO uploads its receipt
 *                 ("receipt"); the last one moves the sale on.
 *   awaiting_dla  DLA confirms ("confirm": every line sold, completed).
 *   any of these  DLA deletes with a reason ("delete": every line released).
 * A wrong step is 409, a wrong actor 403 (an LAO without a line: 404), bad
 * fields 422; each write is one transaction (transitions.h) with an audit
 * row; nothing changes on a refusal.
 *
 * Documents (documents.c record "trade_delegated") are referenced by file
 * id (POST api/v1/files first): a file the user uploaded and that is linked
 * to nothing yet; the link is a conditional INSERT inside the transaction.
 */
#ifndef CARBON_DELEGATED_SALES_H
#define CARBON_DELEGATED_SALES_H

#include "carbon.h"
#include "db.h"
#include "trades.h"
#include "transitions.h"

#define CARBON_DELEGATED_DLA_ONLY_TH "การเพิ่มรายการขาย (อปท. มอบ สถ. ขาย) ทำได้เฉพาะกรมส่งเสริมการปกครองท้องถิ่น (สถ.)"
/* 409s */
#define CARBON_DELEGATED_CLOSED_TH \
    "สถ. อัปโหลดเอกสารการขายแล้ว จึงเพิ่มหรือแก้ไข อปท. ที่ร่วมขายไม่ได้อีก"
#define CARBON_DELEGATED_CONSENT_STEP_TH "รายการนี้ผ่านขั้นตรวจสอบเอกสารแล้ว จึงยินยอมหรือไม่ยินยอมไม่ได้อีก"
#define CARBON_DELEGATED_CONSENT_DONE_TH "อปท. ของท่านแจ้งความยินยอมสำหรับรายการนี้ไปแล้ว"
#define CARBON_DELEGATED_NOT_READY_TH \
    "ยังอัปโหลดเอกสารไม่ได้ ต้องมี อปท. ร่วมขายอย่างน้อย 1 แห่ง และทุก อปท. ต้องยินยอมก่อน"
#define CARBON_DELEGATED_TRADE_STEP_TH "สถ. อัปโหลดเอกสารการขายของรายการนี้แล้ว"
#define CARBON_DELEGATED_RECEIPT_WAIT_TH \
    "ต้องรอให้กรมส่งเสริมการปกครองท้องถิ่น (สถ.) อัปโหลดเอกสารการขายให้เรียบร้อยก่อน จึงจะอัปโหลดใบเสร็จรับเงินได้"
#define CARBON_DELEGATED_RECEIPT_NOT_CONSENTED_TH "อปท. ของท่านไม่ได้ร่วมขายในรายการนี้แล้ว"
#define CARBON_DELEGATED_CONFIRM_WAIT_TH \
    "ยังยืนยันการขายไม่ได้ ต้องรอให้ทุก อปท. อัปโหลดใบเสร็จรับเงินก่อน"

/* The step table (kind "delegated", registered in trades.c kind_steps[]). */
extern const carbon_trade_transition carbon_trade_delegated_steps[];

/* Thai name of a step of this kind, for lists and pages. */
const char *carbon_delegated_step_th(const char *step);

/* DLA creates a delegated sale from fields (JSON values or form text):
 * project_id (default: the default project), buyer_id*, ordered_on* (ISO
 * or BE, not after today), trade_type (transfer | cancellation; a buyer
 * without a T-VER account forces cancellation), unit_price_satang* (or
 * unit_price_baht as typed), intent_letter_file_id*, related_file_ids
 * (list). Returns HTTP_CREATED with *trade (carbon_trade_get),
 * HTTP_FORBIDDEN (not DLA), HTTP_UNPROCESSABLE_ENTITY with errors, or
 * another HTTP status. */
int carbon_delegated_create(carbon_req *cr, json_t *fields, json_t *errors, json_t **trade);

/* One page of the delegated sales the user may list, newest order first,
 * and the number of all matches: DLA every one; a provincial office the
 * open ones and those with a line of its scope; an LAO those with its own
 * line (its line's quantity, consent and receipt beside). Filters: status
 * (default in progress and completed), order_no, buyer, ordered_from,
 * ordered_to, page, per_page (trades.h). Each item: id, order_no, status,
 * status_th, step, step_th, ordered_on, buyer_name, project_name,
 * trade_type, unit_price_satang, quantity_tco2e, total_satang, lao_count,
 * pending_count, my_lao_count (province), line_quantity_tco2e /
 * line_consent / has_receipt (LAO), updated_at. */
int carbon_delegated_search(carbon_req *cr, carbon_db *db, const carbon_trade_filters *f, json_t **items,
                            long long *total);

/* The LAOs of the provincial office's scope holding remaining credits of
 * project_id, or already in sale trade_id: [{lao_code, name_th,
 * district_name, remaining_tco2e}] (at most 1000, by code). */
int carbon_delegated_candidates(carbon_req *cr, carbon_db *db, const char *trade_id, long long project_id,
                                json_t **laos);

#endif
