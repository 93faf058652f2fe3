/*
 * listing.h: what list pages share, HTML and API alike: the page asked for
 * (page, per_page in the query), the pager shown under a list, a LIKE
 * pattern for "contains" searches, and integers as statement arguments.
 */
#ifndef CARBON_LISTING_H
#define CARBON_LISTING_H

#include "apr_pools.h"
#include "apr_tables.h"
#include <jansson.h>

typedef struct {
    long long page;       /* 1-based */
    long long per_page;
    long long offset;     /* rows before this page */
} carbon_paging;

/* page and per_page from the query: absent or bad values give page 1 and
 * per_page_default; per_page is capped at per_page_max. */
carbon_paging carbon_paging_from(apr_table_t *query, long long per_page_default, long long per_page_max);

/* {page, per_page, total, pages, first, last, prev, next} (prev/next 0 when
 * there is none; first/last number the rows shown), for the pager. */
json_t *carbon_paging_json(const carbon_paging *pg, long long total);

/* The query string of the listed keys that have a value, url-encoded
 * ("q=...&province_code=54"), for pager links that keep the filters. */
const char *carbon_listing_query(apr_pool_t *p, apr_table_t *query, const char *const *keys);

/* A LIKE pattern matching text anywhere, for statements that say
 * LIKE %s ESCAPE '\': '%', '_' and '\' in text match themselves. NULL for
 * NULL or empty text (statements read NULL as "no filter"). */
const char *carbon_like_contains(apr_pool_t *p, const char *text);

/* The value as a statement argument (%lld). */
const char *carbon_i64(apr_pool_t *p, long long v);

/* Marks the options (objects) whose key equals value with "selected": true,
 * for <select> lists in templates ({{#if selected}}); an integer key is
 * compared as its decimal text (project ids). NULL value marks none. */
void carbon_mark_selected(json_t *options, const char *key, const char *value);

/* Sets obj[key] for each of keys the query has a value for (trimmed):
 * the filters a list page shows back in its form. */
void carbon_listing_filters_into(json_t *obj, apr_pool_t *p, apr_table_t *query, const char *const *keys);
/* Sets obj[key] for each of keys the posted form has a non-empty value
 * for, as sent: a form shown again after a refusal. */
void carbon_form_into(json_t *obj, apr_table_t *form, const char *const *keys);
/* The API's answer for a list: {items, total, page, per_page} of a search
 * result {items, total, paging}. A new reference. */
json_t *carbon_listing_api_json(json_t *result);

/* The query value trimmed; NULL when absent or empty. */
const char *carbon_query_value(apr_pool_t *p, apr_table_t *query, const char *key);

#endif
