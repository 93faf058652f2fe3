/* geo.c: see geo.h. */
#include "geo.h"
#include "statements.h"
#include "apr_strings.h"
#include <stdlib.h>
#include <string.h>

APLOG_USE_MODULE(carbon);

const carbon_statement carbon_geo_statements[] = {
    { "geo_provinces", "SELECT code, name_th FROM provinces" },
    { "geo_province", "SELECT code, name_th FROM provinces WHERE code = %s" },
    { "geo_districts", "SELECT code, name_th FROM districts WHERE province_code = %s" },
    { "geo_district", "SELECT code, name_th, province_code FROM districts WHERE code = %s" },
    { "geo_subdistricts", "SELECT code, name_th FROM subdistricts WHERE district_code = %s" },
    { "geo_subdistrict", "SELECT code, name_th, district_code FROM subdistricts WHERE code = %s" },
    { "geo_postcodes",
      "SELECT postcode AS code, postcode AS name_th FROM subdistrict_postcodes"
      " WHERE subdistrict_code = %s ORDER BY postcode" },
    { "geo_postcode_of",
      "SELECT postcode FROM subdistrict_postcodes WHERE subdistrict_code = %s AND postcode = %s" },
    { NULL, NULL }
};

int carbon_geo_is_code(const char *s, size_t len)
{
    size_t i;
    if (!s || strlen(s) != len)
        return 0;
    for (i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* ---- Thai dictionary order -------------------------------------------- */

#define SORT_KEY_MAX 96

/* The next code point of UTF-8 text (invalid bytes count as themselves). */
static unsigned next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = *p++;
    if (c >= 0xE0 && c < 0xF0 && (p[0] & 0xC0) == 0x80 && (p[1] & 0xC0) == 0x80) {
        c = ((c & 0x0F) << 12) | ((unsigned)(p[0] & 0x3F) << 6) | (p[1] & 0x3F);
        p += 2;
    } else if (c >= 0xC0 && c < 0xE0 && (p[0] & 0xC0) == 0x80) {
        c = ((c & 0x1F) << 6) | (p[0] & 0x3F);
        p += 1;
    }
    *s = p;
    return c;
}

static int is_prevowel(unsigned c) { return c >= 0x0E40 && c <= 0x0E44; }
static int is_tone_mark(unsigned c) { return c >= 0x0E47 && c <= 0x0E4E; }

/* Primary sort key: code points with each leading vowel moved after the
 * consonant it is written before, tone marks left out. */
static size_t sort_key(const char *text, unsigned key[SORT_KEY_MAX])
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t n = 0;
    while (*s && n < SORT_KEY_MAX) {
        unsigned c = next_cp(&s);
        if (is_tone_mark(c))
            continue;
        if (is_prevowel(c) && *s && n + 1 < SORT_KEY_MAX) {
            unsigned d = next_cp(&s);
            key[n++] = d;
        }
        key[n++] = c;
    }
    return n;
}

typedef struct {
    json_t *row;
    const char *text;
    unsigned key[SORT_KEY_MAX];
    size_t len;
} sort_item;

static int compare_items(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    size_t i, n = x->len < y->len ? x->len : y->len;
    for (i = 0; i < n; i++)
        if (x->key[i] != y->key[i])
            return x->key[i] < y->key[i] ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return strcmp(x->text ? x->text : "", y->text ? y->text : "");
}

void carbon_geo_sort_thai(json_t *rows, const char *key)
{
    size_t i, n = json_array_size(rows);
    sort_item *items;
    if (n < 2)
        return;
    items = calloc(n, sizeof(*items));
    if (!items)
        return;
    for (i = 0; i < n; i++) {
        items[i].row = json_incref(json_array_get(rows, i));
        items[i].text = json_string_value(json_object_get(items[i].row, key));
        items[i].len = sort_key(items[i].text, items[i].key);
    }
    qsort(items, n, sizeof(*items), compare_items);
    json_array_clear(rows);
    for (i = 0; i < n; i++)
        json_array_append_new(rows, items[i].row);
    free(items);
}

/* ---- lists -------------------------------------------------------------- */

/* Runs list_label for the parent found by parent_label, sorted. */
static carbon_db_status child_list(carbon_db *db, const char *parent_label, const char *list_label,
                                   const char *code, size_t code_len, json_t **rows)
{
    json_t *parent = NULL;
    carbon_db_status st;
    *rows = NULL;
    if (!carbon_geo_is_code(code, code_len))
        return CARBON_DB_OK;
    if ((st = carbon_db_select_one(db, parent_label, &parent, CARBON_ARGS(code))))
        return st;
    if (!parent)
        return CARBON_DB_OK;
    json_decref(parent);
    if ((st = carbon_db_select(db, list_label, rows, CARBON_ARGS(code))))
        return st;
    carbon_geo_sort_thai(*rows, "name_th");
    return CARBON_DB_OK;
}

carbon_db_status carbon_geo_provinces(carbon_db *db, json_t **rows)
{
    carbon_db_status st = carbon_db_select(db, "geo_provinces", rows, CARBON_NOARGS);
    if (!st)
        carbon_geo_sort_thai(*rows, "name_th");
    return st;
}

carbon_db_status carbon_geo_districts(carbon_db *db, const char *province_code, json_t **rows)
{
    return child_list(db, "geo_province", "geo_districts", province_code, 2, rows);
}

carbon_db_status carbon_geo_subdistricts(carbon_db *db, const char *district_code, json_t **rows)
{
    return child_list(db, "geo_district", "geo_subdistricts", district_code, 4, rows);
}

carbon_db_status carbon_geo_postcodes(carbon_db *db, const char *subdistrict_code, json_t **rows)
{
    carbon_db_status st;
    json_t *parent = NULL;
    *rows = NULL;
    if (!carbon_geo_is_code(subdistrict_code, 6))
        return CARBON_DB_OK;
    if ((st = carbon_db_select_one(db, "geo_subdistrict", &parent, CARBON_ARGS(subdistrict_code))))
        return st;
    if (!parent)
        return CARBON_DB_OK;
    json_decref(parent);
    return carbon_db_select(db, "geo_postcodes", rows, CARBON_ARGS(subdistrict_code));
}

/* ---- consistency -------------------------------------------------------- */

static void set_once(json_t *errors, const char *field, const char *message)
{
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(message));
}

carbon_db_status carbon_geo_check(carbon_db *db, const char *province_code, const char *district_code,
                                  const char *subdistrict_code, const char *postcode, json_t *errors)
{
    json_t *row = NULL;
    carbon_db_status st;
    int subdistrict_ok = 0;
    if (province_code && !json_object_get(errors, "province_code")) {
        if ((st = carbon_db_select_one(db, "geo_province", &row, CARBON_ARGS(province_code))))
            return st;
        if (!row)
            set_once(errors, "province_code", "ไม่พบจังหวัดที่เลือก");
        json_decref(row);
    }
    if (district_code && !json_object_get(errors, "district_code")) {
        if ((st = carbon_db_select_one(db, "geo_district", &row, CARBON_ARGS(district_code))))
            return st;
        if (!row)
            set_once(errors, "district_code", "ไม่พบอำเภอที่เลือก");
        else if (province_code && strcmp(province_code, carbon_row_str(row, "province_code")))
            set_once(errors, "district_code", "อำเภอที่เลือกไม่อยู่ในจังหวัดที่เลือก");
        json_decref(row);
    }
    if (subdistrict_code && !json_object_get(errors, "subdistrict_code")) {
        if ((st = carbon_db_select_one(db, "geo_subdistrict", &row, CARBON_ARGS(subdistrict_code))))
            return st;
        if (!row)
            set_once(errors, "subdistrict_code", "ไม่พบตำบลที่เลือก");
        else if (district_code && strcmp(district_code, carbon_row_str(row, "district_code")))
            set_once(errors, "subdistrict_code", "ตำบลที่เลือกไม่อยู่ในอำเภอที่เลือก");
        else
            subdistrict_ok = 1;
        json_decref(row);
    }
    if (postcode && subdistrict_ok && !json_object_get(errors, "postcode")) {
        if ((st = carbon_db_select_one(db, "geo_postcode_of", &row, CARBON_ARGS(subdistrict_code, postcode))))
            return st;
        if (!row)
            set_once(errors, "postcode", "รหัสไปรษณีย์ไม่ตรงกับตำบลที่เลือก");
        json_decref(row);
    }
    return CARBON_DB_OK;
}
