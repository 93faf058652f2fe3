/*
 * report_xlsx.h: the revenue-spending account report (รายงานข้อมูลบัญชีการขอ
 * ใช้จ่ายรายได้จากการขายคาร์บอนเครดิต) as .xlsx, from the same rows as the
 * PDF (spending.h carbon_report_each, streamed: memory flat in the number
 * of rows), with real number and date cells.
 *   lao form       one row per income (รายรับ: each confirmed sale of the
 *                  year) and per spending record (รายจ่าย: each round)
 *   province form  one row per LAO; national form one row per province
 */
#ifndef CARBON_REPORT_XLSX_H
#define CARBON_REPORT_XLSX_H

#include "carbon.h"
#include "db.h"
#include "spending.h"

/* Writes the report q (checked by carbon_report_query_read) and sends it as
 * an attachment. Returns an HTTP status (OK once sent). */
int carbon_report_xlsx_send(carbon_req *cr, carbon_db *db, const carbon_report_query *q);

#endif
