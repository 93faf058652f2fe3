/*
 * xlsx.h: Excel exports (.xlsx) with libxlsxwriter in constant-memory mode:
 * rows are written as they come, so an export of every matching row costs
 * the same memory for 100 rows as for 100,000. Debian 12's libxlsxwriter
 * cannot write to memory: the workbook goes to a temporary file, which is
 * sent and removed.
 */
#ifndef CARBON_XLSX_H
#define CARBON_XLSX_H

#include "carbon.h"
#include "db.h"

typedef enum {
    CARBON_XLSX_TEXT,       /* string as is */
    CARBON_XLSX_INT,        /* integer, #,##0 */
    CARBON_XLSX_BAHT,       /* integer satang shown as baht, #,##0.00 */
    CARBON_XLSX_THAI_DATE,  /* ISO date shown as a Thai date with a BE year (text) */
    CARBON_XLSX_DATE        /* ISO date as a real date cell, shown d/m/yyyy in the BE year */
} carbon_xlsx_kind;

typedef struct {
    const char *header_th;  /* column heading */
    const char *key;        /* the row's JSON key */
    carbon_xlsx_kind kind;
    double width;           /* in characters */
} carbon_xlsx_column;

typedef struct carbon_xlsx carbon_xlsx;

/* Starts a workbook: one sheet, a title row (e.g. naming the filters), a
 * subtitle row, then the header row. NULL on failure (logged). */
carbon_xlsx *carbon_xlsx_open(carbon_req *cr, const char *sheet_th, const char *title_th,
                              const char *subtitle_th, const carbon_xlsx_column *columns);
/* Appends one row (a JSON object keyed like the columns). */
int carbon_xlsx_add_row(carbon_xlsx *x, json_t *row);
/* carbon_db_each callback adapter: baton is the carbon_xlsx. */
int carbon_xlsx_row_cb(void *baton, json_t *row);
/* Closes the workbook and sends it as an attachment named filename
 * (ASCII; the Thai name goes in filename*). Returns an HTTP status. */
int carbon_xlsx_send(carbon_xlsx *x, const char *filename, const char *filename_th);
/* Rows written so far. */
long carbon_xlsx_rows(const carbon_xlsx *x);

#endif
