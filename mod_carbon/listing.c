/* listing.c: see listing.h. */
#include "listing.h"
#include "httpd.h"
#include "apr_strings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_log.h"
APLOG_USE_MODULE(carbon);

static long long positive(const char *text, long long fallback)
{
    char *end;
    long long v;
    if (!text || !*text)
        return fallback;
    v = strtoll(text, &end, 10);
    return (*end || v < 1 || v > 1000000000LL) ? fallback : v;
}

carbon_paging carbon_paging_from(apr_table_t *query, long long per_page_default, long long per_page_max)
{
    carbon_paging pg;
    pg.page = positive(apr_table_get(query, "page"), 1);
    pg.per_page = positive(apr_table_get(query, "per_page"), per_page_default);
    if (pg.per_page > per_page_max)
        pg.per_page = per_page_max;
    pg.offset = (pg.page - 1) * pg.per_page;
    return pg;
}

json_t *carbon_paging_json(const carbon_paging *pg, long long total)
{
    long long pages = total ? (total + pg->per_page - 1) / pg->per_page : 1;
    long long first = total ? pg->offset + 1 : 0, last = pg->offset + pg->per_page;
    if (last > total)
        last = total;
    if (first > total)
        first = last = 0;
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "page", (json_int_t)pg->page,
                     "per_page", (json_int_t)pg->per_page, "total", (json_int_t)total,
                     "pages", (json_int_t)pages, "first", (json_int_t)first, "last", (json_int_t)last,
                     "prev", (json_int_t)(pg->page > 1 ? (pg->page > pages ? pages : pg->page - 1) : 0),
                     "next", (json_int_t)(pg->page < pages ? pg->page + 1 : 0));
}

const char *carbon_listing_query(apr_pool_t *p, apr_table_t *query, const char *const *keys)
{
    const char *out = "";
    for (; *keys; keys++) {
        const char *v = carbon_query_value(p, query, *keys);
        if (!v)
            continue;
        out = apr_pstrcat(p, out, *out ? "&" : "", *keys, "=", ap_escape_urlencoded(p, v), NULL);
    }
    return out;
}

const char *carbon_like_contains(apr_pool_t *p, const char *text)
{
    char *out, *o;
    if (!text || !*text)
        return NULL;
    out = o = apr_palloc(p, strlen(text) * 2 + 3);
    *o++ = '%';
    for (; *text; text++) {
        if (*text == '%' || *text == '_' || *text == '\\')
            *o++ = '\\';
        *o++ = *text;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

const char *carbon_i64(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

const char *carbon_query_value(apr_pool_t *p, apr_table_t *query, const char *key)
{
    const char *v = query ? apr_table_get(query, key) : NULL;
    apr_size_t len;
    if (!v)
        return NULL;
    v += strspn(v, " \t");
    len = strlen(v);
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    return len ? apr_pstrmemdup(p, v, len) : NULL;
}

void carbon_mark_selected(json_t *options, const char *key, const char *value)
{
    size_t i;
    json_t *o;
    if (!value)
        return;
    json_array_foreach(options, i, o) {
        json_t *v = json_object_get(o, key);
        char digits[32];
        const char *text = json_is_string(v) ? json_string_value(v) : NULL;
        if (json_is_integer(v)) {
            snprintf(digits, sizeof(digits), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            text = digits;
        }
        if (text && !strcmp(text, value))
            json_object_set_new(o, "selected", json_true());
    }
}

void carbon_listing_filters_into(json_t *obj, apr_pool_t *p, apr_table_t *query, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *v = carbon_query_value(p, query, *keys);
        if (v)
            json_object_set_new(obj, *keys, json_string(v));
    }
}

void carbon_form_into(json_t *obj, apr_table_t *form, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *v = apr_table_get(form, *keys);
        if (v && *v)
            json_object_set_new(obj, *keys, json_string(v));
    }
}

json_t *carbon_listing_api_json(json_t *result)
{
    json_t *paging = json_object_get(result, "paging");
    return json_pack("{s:O,s:O,s:O,s:O}", "items", json_object_get(result, "items"),
                     "total", json_object_get(result, "total"), "page", json_object_get(paging, "page"),
                     "per_page", json_object_get(paging, "per_page"));
}
