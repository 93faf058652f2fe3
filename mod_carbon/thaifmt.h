/* thaifmt.h: Thai calendar and number formatting.
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * - Dates travel as ISO "YYYY-MM-DD" (Gregorian, CE); people see them with
 *   Buddhist-Era years (BE = CE + 543) and Thai month names.
 * - The Thai fiscal year runs 1 October to 30 September and is named by the
 *   BE year in which it ends: FY 2568 = 2024-10-01 .. 2025-09-30.
 * - "Today" and timestamps shown to people are in Asia/Bangkok, a fixed
 *   UTC+7 with no daylight saving.
 *
 * Parse functions return APR_SUCCESS, or APR_EINVAL when the text is not
 * accepted; outputs are written only on success.
 */
#ifndef CARBON_THAIFMT_H
#define CARBON_THAIFMT_H

#include <apr_pools.h>
#include <apr_time.h>
#include <apr_errno.h>
#include <stdint.h>

/* Offset of Buddhist-Era years from CE years. */
#define CARBON_BE_OFFSET 543
/* Asia/Bangkok: UTC+7 all year. */
#define CARBON_BANGKOK_UTC_OFFSET_SECONDS (7 * 3600)
/* CE years accepted by the date parsers. */
#define CARBON_MIN_CE_YEAR 1900
#define CARBON_MAX_CE_YEAR 2600
/* Bytes of an ISO date "YYYY-MM-DD" plus its terminating NUL. */
#define CARBON_ISO_DATE_SIZE 11

int carbon_be_year(int ce_year);
int carbon_ce_year(int be_year);

/* 1 for a Gregorian leap year, else 0. */
int carbon_is_leap_year(int ce_year);
/* Days in month m (1..12) of ce_year; 0 for a month out of range. */
int carbon_days_in_month(int ce_year, int m);

/* BE fiscal year containing the CE date y-m-d: 2024-09-30 -> 2567,
 * 2024-10-01 -> 2568. */
int carbon_fiscal_year_be(int y, int m, int d);

/* First and last day of fiscal year fy_be as ISO dates:
 * 2568 -> "2024-10-01", "2025-09-30". APR_EINVAL when the years would fall
 * outside CARBON_MIN_CE_YEAR..CARBON_MAX_CE_YEAR. */
apr_status_t carbon_fiscal_year_range(int fy_be, char from[CARBON_ISO_DATE_SIZE],
                                      char to[CARBON_ISO_DATE_SIZE]);

/* Strict "YYYY-MM-DD": exactly ten characters, a real calendar date (leap
 * years included), year CARBON_MIN_CE_YEAR..CARBON_MAX_CE_YEAR. */
apr_status_t carbon_parse_iso_date(const char *text, int *y, int *m, int *d);

/* "D/M/YYYY" or "DD/MM/YYYY" with a Buddhist-Era year, as typed into the
 * UI's date inputs: "21/11/2569" -> 2026, 11, 21 (CE). Same calendar checks
 * as carbon_parse_iso_date. */
apr_status_t carbon_parse_be_date(const char *text, int *y, int *m, int *d);

/* Timestamp "YYYY-MM-DD" then 'T' or ' ', "HH:MM", optional ":SS" and
 * fractional seconds, then an optional zone: "Z", "+HH", "+HHMM", "+HH:MM"
 * (or '-'). No zone means UTC (SQLite's CURRENT_TIMESTAMP). Gives seconds
 * since the Unix epoch. */
apr_status_t carbon_parse_iso_timestamp(const char *text, int64_t *epoch_seconds);

/* Thai month names for m = 1..12 ("ต.ค.", "ตุลาคม"); NULL out of range. */
const char *carbon_thai_month_short(int m);
const char *carbon_thai_month_long(int m);

/* "YYYY-MM-DD" -> "1 ต.ค. 2567" (long_form 0) or "1 ตุลาคม 2567"
 * (long_form 1). NULL when iso is not a valid ISO date. */
char *carbon_thai_date(apr_pool_t *p, const char *iso, int long_form);

/* Timestamp (see carbon_parse_iso_timestamp) -> Bangkok time as
 * "1 ต.ค. 2567 14:05 น.". NULL when not a valid timestamp. */
char *carbon_thai_datetime(apr_pool_t *p, const char *iso_timestamp);

/* "YYYY-MM-DD" -> "DD/MM/YYYY" with the BE year ("21/11/2569"), the form
 * carbon_parse_be_date reads back. NULL when iso is not a valid ISO date. */
char *carbon_be_date(apr_pool_t *p, const char *iso);

/* y, m, d -> "YYYY-MM-DD" (no calendar check). */
char *carbon_iso_date(apr_pool_t *p, int y, int m, int d);

/* Decimal with thousands separators: 1234567 -> "1,234,567",
 * -1234567 -> "-1,234,567". */
char *carbon_format_int(apr_pool_t *p, long long value);

/* The Bangkok calendar date at time now, as "YYYY-MM-DD". */
char *carbon_today_iso(apr_pool_t *p, apr_time_t now);

/* The BE fiscal year of the Bangkok calendar date at time now. */
int carbon_current_fiscal_year_be(apr_time_t now);

#endif
