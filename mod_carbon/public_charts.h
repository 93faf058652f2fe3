/*
 * public_charts.h: the public dashboard's charts and open data (issue 12).
 * The SQL here is new and kept apart from public_stats.c (whose statements
 * issue 13 rewrites): completed sales by fiscal year, and one LAO's
 * completed sales with keyset paging. Never a buyer's name: only the buyer
 * type.
 *
 * The charts are drawn on the server: the functions below turn rows into
 * the geometry (integer x, y, widths in the SVG's own units) that the
 * chart_*.html partials write as inline SVG, so the page needs no script
 * and reads the same with scripts off. Each chart has a table beside it.
 */
#ifndef CARBON_PUBLIC_CHARTS_H
#define CARBON_PUBLIC_CHARTS_H

#include "carbon.h"

/* Completed sales by fiscal year (BE), oldest first:
 * {fiscal_year, trade_count, sold_tco2e}. */
int carbon_public_sales_by_year(carbon_req *cr, json_t **rows);

/* The completed sales of one LAO, newest recorded first, limit rows with a
 * trade id below before_id (0: from the newest):
 * {trade_id, order_no, sold_on, buyer_type_name, quantity_tco2e}. */
int carbon_public_lao_sales(carbon_req *cr, const char *lao_code, json_int_t before_id, int limit,
                            json_t **rows);

/* Chart geometry (new objects, pool-owned). */
json_t *carbon_chart_provinces(apr_pool_t *p, json_t *provinces_with_credits);
json_t *carbon_chart_years(apr_pool_t *p, json_t *years);
json_t *carbon_chart_top_laos(apr_pool_t *p, json_t *top_laos);

/* A sort key of Thai text for strcmp: a leading vowel that is written
 * before its consonant (เ แ โ ใ ไ) is moved after it, as dictionaries
 * order words. */
const char *carbon_thai_sort_key(apr_pool_t *p, const char *s);

#endif
