/*
 * report_pdf.h: the revenue-spending account report (รายงานข้อมูลบัญชีการขอ
 * ใช้จ่ายรายได้จากการขายคาร์บอนเครดิต) as a PDF, drawn with cairo, its Thai
 * text shaped and line-broken by pango in Laksaman (Debian's
 * fonts-tlwg-laksaman: TH Sarabun New's shapes, the Thai government
 * document font), embedded, A4, selectable and searchable.
 *
 * The document is drawn twice from the same rows (spending.h
 * carbon_report_each, streamed one row at a time, so memory stays flat in
 * the number of rows): first into a discarded PDF to count the pages for
 * "หน้า x จาก y", then into the response. Everything that can fail (the
 * arguments, the scope, the database) fails in the first pass, before a
 * byte is sent.
 */
#ifndef CARBON_REPORT_PDF_H
#define CARBON_REPORT_PDF_H

#include "carbon.h"
#include "db.h"
#include "spending.h"

/* The PDF media type and the report's file names. */
#define CARBON_REPORT_PDF_TYPE "application/pdf"

/* Draws the report q (checked by carbon_report_query_read) and sends it as
 * an attachment. Returns OK once sent, or an HTTP status before anything
 * was sent (503 busy, 500). */
int carbon_report_pdf_send(carbon_req *cr, carbon_db *db, const carbon_report_query *q);

#endif
