/*
 * spending.h: spending the revenue from credit sales (การใช้จ่ายรายได้จากการ
 * ขายคาร์บอนเครดิต, MISSION.md section 5; FIXED-POINTS.md "Spending the
 * revenue"): the LAO's records, their two steps, the two lists of the
 * manual (ข้อมูลรายจ่าย: the records; ข้อมูลรายรับ: the income of its
 * completed sales) and the data of the report.
 *
 * A record, numbered by round within its fiscal year (BE) for its LAO:
 *   status request (แจ้งขอใช้งบประมาณ), step item -> confirm -> completed
 *     (status completed: ดำเนินการเสร็จสิ้น (สถ.), view only);
 *   status no_request (ไม่แจ้งขอใช้งบประมาณ), step none: no action, a note
 *     is required.
 * Step 1 (item, the LAO): started_on*, name*, project_type* (an active code
 *   of the spending_project_type list), details*, budget_credit_satang* (>
 *   0, not above the available budget) or budget_credit_baht (as typed),
 *   budget_other_satang (>= 0) or budget_other_baht, the budget request
 *   document (file part budget_request_doc, or request_doc_file_id / a
 *   pending id: optional). Commits the credit budget (budget.h) in the
 *   same transaction: total_satang = credit + other.
 * Step 2 (confirm, the LAO): completed_on* (not before started_on, not
 *   after today), the spending document* (file part spending_doc, or
 *   spending_doc_file_id / a pending id).
 *
 * Who: only the LAO user of the record's LAO writes (another LAO: 404;
 * province / DLA: 403); reads are scoped (scope.h: the LAO its own, a
 * provincial office its LAOs, DLA all; outside: 404). Every write is one
 * transaction with its audit row (entity "spending": create | item |
 * complete).
 *
 * A record as shown (carbon_spending_get, the API): id, lao_code, lao_name,
 * province_code, fiscal_year, round (integers), status, status_th, step,
 * step_th, note, started_on, name, project_type, project_type_name,
 * details, budget_credit_satang, budget_other_satang, total_satang,
 * completed_on, created_at, updated_at, documents {budget_request_doc:
 * [doc], spending_doc: [doc]}, can_act (the signed-in user may do the next
 * step), has_action (a request: the manual's action button).
 */
#ifndef CARBON_SPENDING_H
#define CARBON_SPENDING_H

#include "carbon.h"
#include "db.h"
#include "trades.h"

/* The one message of a credit budget above the available budget (422 on
 * budget_credit_satang), from validation and from the ledger alike. */
#define CARBON_SPENDING_EXCEEDS_TH "จำนวนงบประมาณจากการขายคาร์บอนเครดิตเกินกว่างบประมาณที่มีอยู่"
#define CARBON_SPENDING_NOT_FOUND_TH "ไม่พบข้อมูลการใช้จ่ายรายได้ที่ต้องการ"
#define CARBON_SPENDING_LAO_ONLY_TH "การบันทึกข้อมูลการใช้จ่ายรายได้ทำได้เฉพาะเจ้าหน้าที่ของ อปท. เจ้าของข้อมูล"
#define CARBON_SPENDING_WRONG_STEP_TH "รายการนี้ไม่อยู่ในขั้นตอนที่บันทึกข้อมูลนี้ได้ (อาจบันทึกไปแล้ว หรือไม่ได้แจ้งขอใช้งบประมาณ)"
#define CARBON_SPENDING_NOTE_REQUIRED_TH "กรุณาระบุหมายเหตุ (บังคับเมื่อเลือกสถานะไม่แจ้งขอใช้งบประมาณ)"

#define CARBON_SPENDING_REQUEST "request"
#define CARBON_SPENDING_NO_REQUEST "no_request"
#define CARBON_SPENDING_COMPLETED "completed"

const char *carbon_spending_status_th(const char *status);

/* Reads a request body (multipart with the document kinds of record
 * "spending", JSON or urlencoded) as trades.h's reader does. */
int carbon_spending_read_request(carbon_req *cr, carbon_trade_input *in, json_t *errors);

/* Adds a record for the signed-in LAO user's LAO: fields fiscal_year (BE;
 * default the current one), status* (request | no_request), note
 * (required for no_request). HTTP_CREATED with *rec, 422 with errors,
 * HTTP_FORBIDDEN (not an LAO user), or another status. */
int carbon_spending_create(carbon_req *cr, json_t *fields, json_t *errors, json_t **rec);
/* Step 1 of record id. OK with *rec, HTTP_NOT_FOUND, HTTP_FORBIDDEN,
 * HTTP_CONFLICT (not at step item), 422 with errors, or another status. */
int carbon_spending_item(carbon_req *cr, const char *id, const carbon_trade_input *in, json_t *errors,
                         json_t **rec);
/* Step 2 of record id, with the same answers (step confirm). */
int carbon_spending_complete(carbon_req *cr, const char *id, const carbon_trade_input *in, json_t *errors,
                             json_t **rec);
/* Keeps the files of a refused HTML form as pending uploads of the user's
 * LAO: documents.h carbon_doc_keep_pending for record "spending". */
int carbon_spending_keep_pending(carbon_req *cr, const carbon_trade_input *in, json_t **pending);

/* One record in scope (see above). OK with *rec (pool-owned),
 * HTTP_NOT_FOUND, or another status. */
int carbon_spending_get(carbon_req *cr, carbon_db *db, const char *id, json_t **rec);
/* The records of an LAO in scope (ข้อมูลรายจ่าย), fiscal year then round,
 * newest first; fiscal_year 0: every year. *items pool-owned. */
carbon_db_status carbon_spending_list(carbon_req *cr, carbon_db *db, const char *lao_code, int fiscal_year,
                                      json_t **items);
/* The LAO's income (ข้อมูลรายรับ): each completed sale of every kind that
 * brought it money: {trade_id, kind, order_no, confirmed_on, buyer_name,
 * quantity_tco2e, total_satang}, by confirmation date, newest first. */
carbon_db_status carbon_spending_income(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **items);
/* The fiscal years (BE, integers, newest first) with records or income of
 * the LAO, plus the current one: for the pickers. */
json_t *carbon_spending_years(carbon_req *cr, carbon_db *db, const char *lao_code);

/* ---- the report's data (report_pdf.h draws it) -------------------------- */

typedef enum { CARBON_REPORT_LAO, CARBON_REPORT_PROVINCE, CARBON_REPORT_NATIONAL } carbon_report_form;

typedef struct {
    carbon_report_form form;
    int fiscal_year;              /* BE */
    const char *lao_code;         /* form lao */
    const char *province_code;    /* form province */
    json_t *head;                 /* {lao_name, province_name, district_name, ...} pool-owned */
    json_t *budget;               /* form lao: carbon_budget_get */
} carbon_report_query;

/* Reads and checks the report's arguments (fiscal_year*, form, lao_code,
 * province_code) against the user's role: an LAO user gets only its own
 * lao form; a provincial office its LAOs' lao form and its province's
 * form; DLA any. OK with q filled; 422 with errors (missing or bad
 * argument); HTTP_FORBIDDEN (a form the role does not allow);
 * HTTP_NOT_FOUND (an LAO or province out of scope); or another status. */
int carbon_report_query_read(carbon_req *cr, carbon_db *db, apr_table_t *args, carbon_report_query *q,
                             json_t *errors);

/* Streams the report's rows, one at a time (memory flat in the number of
 * rows). lao form: the income of the year's sales (label "income": trade
 * rows as carbon_spending_income) then the year's records (label
 * "spending": rows as carbon_spending_list); province form: one row per
 * LAO {lao_code, name_th, district_name, income_satang, committed_satang,
 * records_count, year_credit_satang}; national form: one row per province
 * {province_code, name_th, laos_count, income_satang, committed_satang,
 * records_count, year_credit_satang}. */
carbon_db_status carbon_report_each(carbon_req *cr, carbon_db *db, const carbon_report_query *q,
                                    const char *part, int (*each)(void *baton, json_t *row), void *baton);

#endif
