/* money.h: money as integer satang (1 baht = 100 satang) and strict
 * integer parsing. No floating point anywhere.
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * Functions return APR_SUCCESS; APR_EINVAL when the text is not accepted;
 * APR_ERANGE when the value does not fit (overflow, or outside the limits
 * asked for). Outputs are written only on success.
 */
#ifndef CARBON_MONEY_H
#define CARBON_MONEY_H

#include <apr_pools.h>
#include <apr_errno.h>
#include <stdint.h>

#define CARBON_SATANG_PER_BAHT 100

/* Baht amount as typed by a person -> satang. Accepted: digits, optionally
 * grouped in threes with commas ("1,234" but not "1,23" or "12,34,567"),
 * optionally followed by '.' and one or two decimals: "1234" -> 123400,
 * "1,234.5" -> 123450, "1,234.50" -> 123450. Leading and trailing spaces
 * are ignored. Rejected (APR_EINVAL): empty, signs ("-1", "+1"), letters,
 * more than two decimals ("12.345", "1.234"), ".5", "5.". Too large for
 * int64 satang: APR_ERANGE. */
apr_status_t carbon_satang_parse(const char *text, int64_t *out);

/* Satang -> baht with thousands separators and two decimals:
 * 123450 -> "1,234.50", -5 -> "-0.05". */
char *carbon_satang_format(apr_pool_t *p, int64_t satang);

/* *out = unit_satang * qty; APR_ERANGE on int64 overflow. */
apr_status_t carbon_satang_mul_qty(int64_t unit_satang, int64_t qty, int64_t *out);

/* *out = a + b; APR_ERANGE on int64 overflow. */
apr_status_t carbon_satang_add(int64_t a, int64_t b, int64_t *out);

/* Strict decimal integer for quantities, ids, page numbers: optional '-',
 * then digits only (no spaces, '+', commas or decimals); APR_EINVAL
 * otherwise. APR_ERANGE when outside min..max (or int64). */
apr_status_t carbon_parse_int64(const char *text, int64_t min, int64_t max, int64_t *out);

#endif
