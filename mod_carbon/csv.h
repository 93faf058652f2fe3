/* csv.h: reading CSV text (RFC 4180) as spreadsheets write it.
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * - The text must be UTF-8; a byte-order mark at the start is skipped.
 * - Fields are separated by ',', records by CRLF, LF or CR. A field may be
 *   quoted with '"'; inside quotes a comma or a line break is data and
 *   '""' is one quote. Text after a closing quote other than a separator
 *   is an error; a quote inside an unquoted field is an ordinary character.
 * - Records are numbered as a spreadsheet numbers its rows: the first
 *   record is 1, a blank line is a record (with one empty field) and keeps
 *   its number, a record with a quoted line break is still one row. A
 *   line break at the very end does not start another record.
 */
#ifndef CARBON_CSV_H
#define CARBON_CSV_H

#include <apr_pools.h>
#include <apr_tables.h>

typedef struct {
    int line;             /* 1-based row number */
    int nfields;
    const char **fields;  /* NUL-terminated copies, from the pool */
} carbon_csv_record;

/* 1 when data[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) with no NUL byte. */
int carbon_csv_is_utf8(const char *data, apr_size_t len);

/* Splits data[0..len) into records (an array of carbon_csv_record) after
 * skipping a UTF-8 byte-order mark. Stops with an error when the text is
 * not UTF-8, when a quote is left open or followed by other text, or when
 * there are more than max_records records. Returns NULL on success, else
 * a Thai message (static or from p) naming the row where possible;
 * *too_many is set to 1 when the cap was the reason. */
const char *carbon_csv_parse(apr_pool_t *p, const char *data, apr_size_t len,
                             int max_records, apr_array_header_t **records, int *too_many);

/* 1 when every field of the record is empty after trimming spaces. */
int carbon_csv_record_blank(const carbon_csv_record *rec);

/* The field as text with spaces and tabs trimmed at both ends (pool copy). */
const char *carbon_csv_trimmed(apr_pool_t *p, const char *field);

/* One field written for a CSV file: quoted when it holds ',', '"', CR or
 * LF or starts with a space; NULL is an empty field. (Callers write only
 * values whose rules keep out a leading '=', '+', '-' or '@', which a
 * spreadsheet would evaluate.) */
const char *carbon_csv_field(apr_pool_t *p, const char *text);

#endif
