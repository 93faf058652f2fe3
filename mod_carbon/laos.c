/* laos.c: see laos.h. */
#include "laos.h"
#include "statements.h"
#include "scope.h"
#include "validate.h"
#include "tx.h"
#include "listing.h"
#include "csv.h"
#include "filetype.h"
#include "digest.h"
#include "geo.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "apr_hash.h"

APLOG_USE_MODULE(carbon);

/* The filters of a search, shared by the page of rows and its count. */
#define LAOS_FILTER \
    " WHERE (%s IS NULL OR l.code LIKE %s ESCAPE '\\' OR l.name_th LIKE %s ESCAPE '\\')" \
    "   AND (%s IS NULL OR l.lao_type = %s)" \
    "   AND (%s IS NULL OR l.province_code = %s)" \
    "   AND (%s IS NULL OR l.district_code = %s)" \
    "   AND " CARBON_SCOPE_SQL("l")

#define LAOS_COLUMNS \
    "SELECT l.code AS lao_code, l.name_th, l.lao_type, t.name_th AS lao_type_name," \
    "       l.province_code, p.name_th AS province_name, l.district_code, d.name_th AS district_name," \
    "       l.subdistrict_code, s.name_th AS subdistrict_name," \
    "       COALESCE(c.certified_tco2e, 0) AS certified_tco2e, COALESCE(c.awaiting_tco2e, 0) AS awaiting_tco2e," \
    "       COALESCE(c.sold_tco2e, 0) AS sold_tco2e, COALESCE(c.remaining_tco2e, 0) AS remaining_tco2e" \
    "  FROM laos l JOIN lao_types t ON t.code = l.lao_type" \
    "  JOIN provinces p ON p.code = l.province_code" \
    "  JOIN districts d ON d.code = l.district_code" \
    "  LEFT JOIN subdistricts s ON s.code = l.subdistrict_code" \
    "  LEFT JOIN lao_credits c ON c.lao_code = l.code"

const carbon_statement carbon_laos_statements[] = {
    { "laos_search", LAOS_COLUMNS LAOS_FILTER
      " ORDER BY l.province_code, l.district_code, l.code LIMIT %lld OFFSET %lld" },
    { "laos_find", LAOS_COLUMNS " WHERE l.code = %s AND " CARBON_SCOPE_SQL("l") },
    { "laos_search_totals",
      "SELECT COUNT(*) AS lao_count, COALESCE(SUM(c.certified_tco2e), 0) AS certified_tco2e,"
      "       COALESCE(SUM(c.awaiting_tco2e), 0) AS awaiting_tco2e, COALESCE(SUM(c.sold_tco2e), 0) AS sold_tco2e,"
      "       COALESCE(SUM(c.remaining_tco2e), 0) AS remaining_tco2e"
      "  FROM laos l LEFT JOIN lao_credits c ON c.lao_code = l.code" LAOS_FILTER },
    { "laos_row",
      "SELECT code AS lao_code, name_th, lao_type, province_code, district_code, subdistrict_code"
      "  FROM laos WHERE code = %s" },
    { "laos_all",
      "SELECT code AS lao_code, name_th, lao_type, province_code, district_code, subdistrict_code"
      "  FROM laos ORDER BY code" },
    { "laos_insert",
      "INSERT INTO laos (code, name_th, lao_type, province_code, district_code, subdistrict_code)"
      " VALUES (%s, %s, %s, %s, %s, %s)" },
    { "laos_update",
      "UPDATE laos SET name_th = %s, lao_type = %s, province_code = %s, district_code = %s,"
      "                subdistrict_code = %s WHERE code = %s" },
    /* An LAO user's province and a responsibility for one LAO follow the
     * LAO when it moves (both store the province beside the LAO code). */
    { "laos_sync_user_provinces",
      "UPDATE users SET province_code = (SELECT l.province_code FROM laos l WHERE l.code = users.lao_code)"
      " WHERE role = 'lao' AND lao_code IS NOT NULL" },
    { "laos_sync_responsibilities",
      "UPDATE user_responsibilities SET province_code ="
      "       (SELECT l.province_code FROM laos l WHERE l.code = user_responsibilities.lao_code)"
      " WHERE lao_code IS NOT NULL" },
    { "laos_types", "SELECT code, name_th FROM lao_types ORDER BY sort, code" },
    /* The whole geography at once, for an import's thousands of rows. */
    { "laos_provinces_all", "SELECT code, name_th FROM provinces" },
    { "laos_districts_all", "SELECT code, province_code AS parent FROM districts" },
    { "laos_subdistricts_all", "SELECT code, district_code AS parent FROM subdistricts" },
    { NULL, NULL }
};

/* The fields of an LAO form, and the code an import row adds. */
static const carbon_vfield lao_fields[] = {
    { "name_th", CARBON_V_TEXT, 1, 1, 200, "ชื่อ อปท." },
    { "lao_type", CARBON_V_TEXT, 1, 1, 60, "ประเภท อปท." },
    { "province_code", CARBON_V_DIGITS, 1, 2, 2, "จังหวัด" },
    { "district_code", CARBON_V_DIGITS, 1, 4, 4, "อำเภอ" },
    { "subdistrict_code", CARBON_V_DIGITS, 0, 6, 6, "ตำบล" },
    { NULL }
};
static const carbon_vfield lao_code_field[] = {
    { "code", CARBON_V_DIGITS, 1, 7, 7, "รหัส อปท." },
    { NULL }
};
/* The import's columns, in the order the template file has them and in
 * which a row's messages are listed. */
static const char *const import_columns[] = {
    "code", "name_th", "lao_type", "province_code", "district_code", "subdistrict_code", NULL
};
#define IMPORT_COLUMN_COUNT 6
#define IMPORT_HEADER "code,name_th,lao_type,province_code,district_code,subdistrict_code"

/* What import rows refer to, by code: types (by code and by Thai name ->
 * code), provinces (-> name), districts (-> province), subdistricts
 * (-> district), loaded once for the whole file. */
typedef struct {
    apr_hash_t *types, *provinces, *districts, *subdistricts;
} lao_refs;

/* Adds rows of a statement to a hash: key column -> value column. */
static carbon_db_status load_hash(apr_pool_t *p, carbon_db *db, const char *label,
                                  const char *key, const char *value, apr_hash_t *into)
{
    json_t *rows, *row;
    size_t i;
    carbon_db_status st = carbon_db_select(db, label, &rows, CARBON_NOARGS);
    if (st)
        return st;
    json_array_foreach(rows, i, row) {
        const char *k = carbon_row_str(row, key), *v = carbon_row_str(row, value);
        if (k && v)
            apr_hash_set(into, apr_pstrdup(p, k), APR_HASH_KEY_STRING, apr_pstrdup(p, v));
    }
    json_decref(rows);
    return CARBON_DB_OK;
}

/* LAO types by code and by Thai name, both -> code. */
static carbon_db_status load_types(apr_pool_t *p, carbon_db *db, apr_hash_t *types)
{
    carbon_db_status st = load_hash(p, db, "laos_types", "code", "code", types);
    return st ? st : load_hash(p, db, "laos_types", "name_th", "code", types);
}

static carbon_db_status load_refs(apr_pool_t *p, carbon_db *db, lao_refs *refs)
{
    carbon_db_status st;
    refs->types = apr_hash_make(p);
    refs->provinces = apr_hash_make(p);
    refs->districts = apr_hash_make(p);
    refs->subdistricts = apr_hash_make(p);
    if ((st = load_types(p, db, refs->types))
        || (st = load_hash(p, db, "laos_provinces_all", "code", "name_th", refs->provinces))
        || (st = load_hash(p, db, "laos_districts_all", "code", "parent", refs->districts)))
        return st;
    return load_hash(p, db, "laos_subdistricts_all", "code", "parent", refs->subdistricts);
}

/* Thai letters: U+0E00..U+0E7F is E0 B8 xx or E0 B9 xx in UTF-8. */
static int has_thai(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)s[0] == 0xE0 && ((unsigned char)s[1] == 0xB8 || (unsigned char)s[1] == 0xB9))
            return 1;
    return 0;
}

static void set_error(json_t *errors, const char *field, const char *msg)
{
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(msg));
}

/* The name and type rules of an edit and of an import row: the name is
 * Thai (and cannot start like a spreadsheet formula); the type is known,
 * given by its code or its Thai name, and the clean value is the code. */
static void check_name_and_type(apr_pool_t *p, apr_hash_t *types, json_t *clean, json_t *errors)
{
    const char *name = carbon_json_str(clean, "name_th"), *type = carbon_json_str(clean, "lao_type");
    const char *type_code;
    if (name && (!has_thai(name) || strchr("=+-@", name[0])))
        set_error(errors, "name_th", "ชื่อ อปท. ต้องเป็นภาษาไทย");
    if (type) {
        if ((type_code = apr_hash_get(types, type, APR_HASH_KEY_STRING)))
            json_object_set_new(clean, "lao_type", json_string(type_code));
        else
            set_error(errors, "lao_type", apr_psprintf(p, "ไม่มีประเภท อปท. \"%s\"", type));
    }
}

/* An import row's province, district and subdistrict exist and belong
 * together (geo.c checks a form's the same way, a row at a time; these
 * messages name the codes, as a file's reader needs). */
static void check_row_geography(apr_pool_t *p, const lao_refs *refs, json_t *clean, json_t *errors)
{
    const char *province = carbon_json_str(clean, "province_code");
    const char *district = carbon_json_str(clean, "district_code");
    const char *subdistrict = carbon_json_str(clean, "subdistrict_code");
    const char *parent;
    if (province && !apr_hash_get(refs->provinces, province, APR_HASH_KEY_STRING)) {
        set_error(errors, "province_code", apr_psprintf(p, "ไม่พบจังหวัดรหัส %s", province));
        province = NULL;
    }
    if (district) {
        parent = apr_hash_get(refs->districts, district, APR_HASH_KEY_STRING);
        if (!parent)
            set_error(errors, "district_code", apr_psprintf(p, "ไม่พบอำเภอรหัส %s", district));
        else if (province && strcmp(parent, province))
            set_error(errors, "district_code",
                      apr_psprintf(p, "อำเภอรหัส %s ไม่อยู่ในจังหวัดรหัส %s", district, province));
        if (!parent)
            district = NULL;
    }
    if (subdistrict) {
        parent = apr_hash_get(refs->subdistricts, subdistrict, APR_HASH_KEY_STRING);
        if (!parent)
            set_error(errors, "subdistrict_code", apr_psprintf(p, "ไม่พบตำบลรหัส %s", subdistrict));
        else if (district && strcmp(parent, district))
            set_error(errors, "subdistrict_code",
                      apr_psprintf(p, "ตำบลรหัส %s ไม่อยู่ในอำเภอรหัส %s", subdistrict, district));
    }
}

/* ---- search and read ---------------------------------------------------- */

int carbon_laos_search(carbon_req *cr, apr_table_t *query, json_t **result)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    carbon_scope sc = carbon_scope_of(p, cr->user);
    carbon_paging pg = carbon_paging_from(query, 50, 500);
    const char *q = carbon_like_contains(p, carbon_query_value(p, query, "q"));
    const char *type = carbon_query_value(p, query, "lao_type");
    const char *province = carbon_query_value(p, query, "province_code");
    const char *district = carbon_query_value(p, query, "district_code");
    json_t *rows, *count;
    carbon_db_status st;
    *result = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, "laos_search_totals", &count,
                              CARBON_ARGS(q, q, q, type, type, province, province, district, district,
                                          CARBON_SCOPE_ARGS(sc)));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, count);
    st = carbon_db_select(db, "laos_search", &rows,
                          CARBON_ARGS(q, q, q, type, type, province, province, district, district,
                                      CARBON_SCOPE_ARGS(sc), carbon_i64(p, pg.per_page),
                                      carbon_i64(p, pg.offset)));
    if (st)
        return carbon_db_http_status(st);
    *result = carbon_json_pool(p, json_pack("{s:o,s:I,s:o,s:O}", "items", rows,
                                            "total", carbon_row_int(count, "lao_count"),
                                            "paging", carbon_paging_json(&pg, carbon_row_int(count, "lao_count")),
                                            "totals", count));
    return OK;
}

int carbon_lao_find(carbon_req *cr, const char *code, json_t **lao)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db_status st;
    *lao = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, "laos_find", lao, CARBON_ARGS(code, CARBON_SCOPE_ARGS(sc)));
    carbon_json_pool(cr->r->pool, *lao);
    return carbon_db_http_status(st);
}

int carbon_laos_all(carbon_req *cr, json_t **rows)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *rows = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, "laos_all", rows, CARBON_NOARGS);
    carbon_json_pool(cr->r->pool, *rows);
    return carbon_db_http_status(st);
}

int carbon_lao_form_options(carbon_req *cr, const char *province_code, const char *district_code,
                            const char *subdistrict_code, const char *lao_type, json_t **options)
{
    carbon_db *db = carbon_db_get(cr->r);
    json_t *o = carbon_json_pool(cr->r->pool, json_object()), *types, *provinces, *districts = NULL,
           *subdistricts = NULL;
    carbon_db_status st;
    *options = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = carbon_db_select(db, "laos_types", &types, CARBON_NOARGS)))
        return carbon_db_http_status(st);
    json_object_set_new(o, "lao_types", types);
    if ((st = carbon_geo_provinces(db, &provinces)))
        return carbon_db_http_status(st);
    json_object_set_new(o, "provinces", provinces);
    if (province_code && (st = carbon_geo_districts(db, province_code, &districts)))
        return carbon_db_http_status(st);
    json_object_set_new(o, "districts", districts ? districts : json_array());
    if (district_code && (st = carbon_geo_subdistricts(db, district_code, &subdistricts)))
        return carbon_db_http_status(st);
    json_object_set_new(o, "subdistricts", subdistricts ? subdistricts : json_array());
    carbon_mark_selected(types, "code", lao_type);
    carbon_mark_selected(provinces, "code", province_code);
    carbon_mark_selected(json_object_get(o, "districts"), "code", district_code);
    carbon_mark_selected(json_object_get(o, "subdistricts"), "code", subdistrict_code);
    *options = o;
    return OK;
}

/* ---- edit --------------------------------------------------------------- */

/* Writes one checked LAO row (insert or update). */
static carbon_db_status write_lao(carbon_db *db, const char *label, const char *code, json_t *clean)
{
    const char *name = carbon_json_str(clean, "name_th"), *type = carbon_json_str(clean, "lao_type");
    const char *province = carbon_json_str(clean, "province_code");
    const char *district = carbon_json_str(clean, "district_code");
    const char *subdistrict = carbon_json_str(clean, "subdistrict_code");
    if (!strcmp(label, "laos_insert"))
        return carbon_db_exec(db, label, NULL, CARBON_ARGS(code, name, type, province, district, subdistrict));
    return carbon_db_exec(db, label, NULL, CARBON_ARGS(name, type, province, district, subdistrict, code));
}

static carbon_db_status sync_followers(carbon_db *db)
{
    carbon_db_status st = carbon_db_exec(db, "laos_sync_user_provinces", NULL, CARBON_NOARGS);
    return st ? st : carbon_db_exec(db, "laos_sync_responsibilities", NULL, CARBON_NOARGS);
}

typedef struct {
    const char *code;
    json_t *clean;
} lao_update_baton;

static int lao_update_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    lao_update_baton *b = baton;
    json_t *before = NULL;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "laos_row", &before, CARBON_ARGS(b->code))))
        return carbon_db_http_status(st);
    if (!before)
        return HTTP_NOT_FOUND;
    carbon_json_pool(cr->r->pool, before);
    json_object_set_new(b->clean, "lao_code", json_string(b->code));
    if (!json_object_get(b->clean, "subdistrict_code"))
        json_object_set_new(b->clean, "subdistrict_code", json_null());
    if ((st = write_lao(db, "laos_update", b->code, b->clean)) || (st = sync_followers(db)))
        return carbon_db_http_status(st);
    audit->entity = "lao";
    audit->entity_id = b->code;
    audit->action = "update";
    audit->before = before;
    audit->after = b->clean;
    return OK;
}

int carbon_lao_update(carbon_req *cr, const char *code, json_t *input, json_t *errors, json_t **saved)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *clean = carbon_json_pool(p, carbon_validate(lao_fields, input, errors));
    apr_hash_t *types = apr_hash_make(p);
    lao_update_baton b;
    carbon_db_status st;
    int rv;
    *saved = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = load_types(p, db, types))
        || (st = carbon_geo_check(db, carbon_json_str(clean, "province_code"),
                                  carbon_json_str(clean, "district_code"),
                                  carbon_json_str(clean, "subdistrict_code"), NULL, errors)))
        return carbon_db_http_status(st);
    check_name_and_type(p, types, clean, errors);
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    b = (lao_update_baton){ code, clean };
    if ((rv = carbon_tx_run(cr, db, lao_update_work, &b)) != OK)
        return rv;
    *saved = clean;
    return OK;
}

/* ---- import ------------------------------------------------------------- */

/* What an import collects while it checks the rows. */
typedef struct {
    apr_pool_t *p;
    json_t *lines;        /* [{line, message}], at most CARBON_LAO_IMPORT_MAX_LINE_ERRORS */
    int bad_rows;
    json_t *rows;         /* clean rows, in file order */
    apr_hash_t *seen;     /* code -> the line it was first seen on */
} import_state;

static void row_error(import_state *is, int line, const char *message)
{
    is->bad_rows++;
    if (json_array_size(is->lines) < CARBON_LAO_IMPORT_MAX_LINE_ERRORS)
        json_array_append_new(is->lines, json_pack("{s:i,s:s}", "line", line, "message", message));
}

static int file_error(json_t *errors, const char *message)
{
    json_object_set_new(errors, "file", json_string(message));
    return HTTP_UNPROCESSABLE_ENTITY;
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static apr_status_t close_magic(void *cookie)
{
    magic_close((magic_t)cookie);
    return APR_SUCCESS;
}

/* NULL when the file may be read as CSV text, else why not (Thai). The
 * file is not a "document" (filetype.c); it must be named .csv or .txt and
 * libmagic must call it text (text/plain, text/csv, ...), not binary. */
static const char *check_csv_file(carbon_req *cr, const char *file_name, const char *data, apr_size_t len)
{
    const char *err = NULL, *mime;
    magic_t cookie;
    if (!file_name || !(ends_with_ci(file_name, ".csv") || ends_with_ci(file_name, ".txt")))
        return "อนุญาตเฉพาะไฟล์ .csv";
    if (!len)
        return "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีข้อมูล";
    if (len > CARBON_LAO_IMPORT_MAX_BYTES)
        return "ไฟล์มีขนาดเกิน 4 MB";
    if (!(cookie = carbon_filetype_open(&err))) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, cr->r, CARBONLOGNO(300) "%s", err ? err : "libmagic");
        return "ระบบตรวจสอบไฟล์ขัดข้อง กรุณาลองใหม่อีกครั้ง";
    }
    apr_pool_cleanup_register(cr->r->pool, cookie, close_magic, apr_pool_cleanup_null);
    mime = magic_buffer(cookie, data, len);
    if (!mime || !(!strncmp(mime, "text/", 5) || !strcmp(mime, "application/csv"))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, cr->r, CARBONLOGNO(301) "LAO import refused: %s",
                      mime ? mime : "unknown content");
        return "ไฟล์ต้องเป็นไฟล์ข้อความ CSV (UTF-8) ไม่ใช่ไฟล์ประเภทอื่น";
    }
    return NULL;
}

/* The column index of each import column from the header; NULL or why
 * the header is refused. Empty trailing header cells are ignored. */
static const char *read_header(apr_pool_t *p, const carbon_csv_record *rec, int map[IMPORT_COLUMN_COUNT],
                               int *width)
{
    int i, c, n = rec->nfields;
    while (n > 0 && !*carbon_csv_trimmed(p, rec->fields[n - 1]))
        n--;
    for (c = 0; c < IMPORT_COLUMN_COUNT; c++)
        map[c] = -1;
    for (i = 0; i < n; i++) {
        const char *name = carbon_csv_trimmed(p, rec->fields[i]);
        for (c = 0; c < IMPORT_COLUMN_COUNT && strcasecmp(name, import_columns[c]); c++)
            ;
        if (c == IMPORT_COLUMN_COUNT || map[c] >= 0)
            return "หัวตาราง (แถวที่ 1) ต้องเป็น " IMPORT_HEADER;
        map[c] = i;
    }
    if (n != IMPORT_COLUMN_COUNT)
        return "หัวตาราง (แถวที่ 1) ต้องเป็น " IMPORT_HEADER;
    *width = n;
    return NULL;
}

/* The Thai messages of a row's errors, in column order. */
static const char *joined_messages(apr_pool_t *p, json_t *errors)
{
    const char *out = NULL;
    int c;
    for (c = 0; c < IMPORT_COLUMN_COUNT; c++) {
        const char *m = carbon_json_str(errors, import_columns[c]);
        if (m)
            out = out ? apr_pstrcat(p, out, "; ", m, NULL) : m;
    }
    return out ? out : "ข้อมูลไม่ถูกต้อง";
}

/* Checks one data row; a good one joins is->rows. */
static void check_row(import_state *is, const lao_refs *refs, const carbon_csv_record *rec,
                      const int map[IMPORT_COLUMN_COUNT], int width)
{
    apr_pool_t *p = is->p;
    json_t *input = carbon_json_pool(p, json_object()), *errors = carbon_json_pool(p, json_object());
    json_t *clean, *code_clean;
    const char *code;
    int c, i;
    for (i = width; i < rec->nfields; i++) {
        if (*carbon_csv_trimmed(p, rec->fields[i])) {
            row_error(is, rec->line, apr_psprintf(p, "มีข้อมูลเกิน %d คอลัมน์ของหัวตาราง", width));
            return;
        }
    }
    if (rec->nfields < width) {
        row_error(is, rec->line, apr_psprintf(p, "มีข้อมูล %d คอลัมน์ ต้องมี %d คอลัมน์ตามหัวตาราง",
                                              rec->nfields, width));
        return;
    }
    for (c = 0; c < IMPORT_COLUMN_COUNT; c++)
        json_object_set_new(input, import_columns[c], json_string(rec->fields[map[c]]));
    code_clean = carbon_json_pool(p, carbon_validate(lao_code_field, input, errors));
    if (json_object_get(errors, "code"))
        json_object_set_new(errors, "code", json_string("รหัส อปท. ต้องเป็นตัวเลข 7 หลัก"));
    clean = carbon_validate(lao_fields, input, errors);
    json_object_update(clean, code_clean);
    carbon_json_pool(p, clean);
    check_name_and_type(p, refs->types, clean, errors);
    check_row_geography(p, refs, clean, errors);
    code = carbon_json_str(clean, "code");
    if (code) {
        int *first = apr_hash_get(is->seen, code, APR_HASH_KEY_STRING);
        if (first) {
            set_error(errors, "code", apr_psprintf(p, "รหัส อปท. %s ซ้ำกับแถวที่ %d", code, *first));
        } else {
            first = apr_palloc(p, sizeof(int));
            *first = rec->line;
            apr_hash_set(is->seen, apr_pstrdup(p, code), APR_HASH_KEY_STRING, first);
        }
    }
    if (json_object_size(errors))
        row_error(is, rec->line, joined_messages(p, errors));
    else
        json_array_append(is->rows, clean);
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* 1 when the clean row says what the stored row says. */
static int lao_unchanged(json_t *stored, json_t *clean)
{
    static const char *const cols[] = { "name_th", "lao_type", "province_code", "district_code",
                                        "subdistrict_code", NULL };
    int i;
    for (i = 0; cols[i]; i++)
        if (!same_text(carbon_row_str(stored, cols[i]), carbon_json_str(clean, cols[i])))
            return 0;
    return 1;
}

/* Writes the checked rows in the caller's transaction; counts in result. */
static carbon_db_status write_rows(carbon_db *db, apr_pool_t *p, json_t *rows, json_t *result)
{
    json_t *stored, *row, *inserted = json_array(), *updated = json_array();
    apr_hash_t *by_code = apr_hash_make(p);
    long long unchanged = 0;
    size_t i;
    carbon_db_status st = carbon_db_select(db, "laos_all", &stored, CARBON_NOARGS);
    if (st)
        return st;
    carbon_json_pool(p, stored);
    json_array_foreach(stored, i, row)
        apr_hash_set(by_code, carbon_row_str(row, "lao_code"), APR_HASH_KEY_STRING, row);
    json_object_set_new(result, "inserted_codes", inserted);
    json_object_set_new(result, "updated_codes", updated);
    json_array_foreach(rows, i, row) {
        const char *code = carbon_json_str(row, "code");
        json_t *old = apr_hash_get(by_code, code, APR_HASH_KEY_STRING);
        if (old && lao_unchanged(old, row)) {
            unchanged++;
            continue;
        }
        if ((st = write_lao(db, old ? "laos_update" : "laos_insert", code, row)))
            return st;
        json_array_append_new(old ? updated : inserted, json_string(code));
    }
    json_object_set_new(result, "inserted", json_integer((json_int_t)json_array_size(inserted)));
    json_object_set_new(result, "updated", json_integer((json_int_t)json_array_size(updated)));
    json_object_set_new(result, "unchanged", json_integer(unchanged));
    return sync_followers(db);
}

/* Reads and checks the whole file; OK with the clean rows in is->rows. */
static int check_file(carbon_req *cr, carbon_db *db, import_state *is, const char *data, apr_size_t len,
                      json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    apr_array_header_t *records;
    lao_refs *refs = apr_palloc(p, sizeof(*refs));
    const char *msg;
    int map[IMPORT_COLUMN_COUNT], width = 0, too_many, i;
    carbon_db_status st;
    msg = carbon_csv_parse(p, data, len, CARBON_LAO_IMPORT_MAX_ROWS + 1, &records, &too_many);
    if (too_many)
        return file_error(errors, apr_psprintf(p, "ไฟล์มีข้อมูลเกิน %s แถว (ไม่นับหัวตาราง) กรุณาแบ่งเป็นหลายไฟล์",
                                               "20,000"));
    if (msg)
        return file_error(errors, msg);
    if (!records->nelts)
        return file_error(errors, "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีข้อมูล");
    if ((msg = read_header(p, &APR_ARRAY_IDX(records, 0, carbon_csv_record), map, &width)))
        return file_error(errors, msg);
    if ((st = load_refs(p, db, refs)))
        return carbon_db_http_status(st);
    for (i = 1; i < records->nelts; i++) {
        const carbon_csv_record *rec = &APR_ARRAY_IDX(records, i, carbon_csv_record);
        if (!carbon_csv_record_blank(rec))
            check_row(is, refs, rec, map, width);
    }
    if (is->bad_rows) {
        json_object_set_new(errors, "file",
                            json_string(apr_psprintf(p, "พบข้อผิดพลาด %d แถว จึงยังไม่ได้นำเข้าข้อมูลใด ๆ"
                                                        " กรุณาแก้ไขไฟล์แล้วนำเข้าใหม่", is->bad_rows)));
        json_object_set(errors, "lines", is->lines);
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if (!json_array_size(is->rows))
        return file_error(errors, "ไม่มีข้อมูล อปท. ในไฟล์ (มีแต่หัวตาราง)");
    return OK;
}

/* The import's transaction: every row, then one audit row for the file. */
typedef struct {
    const char *file_name, *sha;
    json_t *rows;
    json_t *out;         /* {inserted, updated, unchanged} (set by the work) */
} lao_import_baton;

static int lao_import_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    lao_import_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    carbon_db_status st;
    if ((st = write_rows(db, p, b->rows, b->out)))
        return carbon_db_http_status(st);
    audit->entity = "lao_import";
    audit->entity_id = b->sha;
    audit->action = "import";
    audit->after = carbon_json_pool(p, json_pack("{s:s,s:s,s:I,s:O,s:O,s:O}", "file_name", b->file_name,
                                                 "sha256", b->sha, "rows", (json_int_t)json_array_size(b->rows),
                                                 "inserted", json_object_get(b->out, "inserted"),
                                                 "updated", json_object_get(b->out, "updated"),
                                                 "unchanged", json_object_get(b->out, "unchanged")));
    return OK;
}

int carbon_lao_import(carbon_req *cr, const char *file_name, const char *data, apr_size_t len,
                      json_t *errors, json_t **result)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    import_state is;
    lao_import_baton b;
    const char *msg, *sha;
    int rv;
    *result = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((msg = check_csv_file(cr, file_name, data, len)))
        return file_error(errors, msg);
    is.p = p;
    is.lines = carbon_json_pool(p, json_array());
    is.rows = carbon_json_pool(p, json_array());
    is.bad_rows = 0;
    is.seen = apr_hash_make(p);
    if ((rv = check_file(cr, db, &is, data, len, errors)) != OK)
        return rv;
    if (!(sha = carbon_sha256_hex(p, data, len)))
        return HTTP_INTERNAL_SERVER_ERROR;
    b = (lao_import_baton){ file_name, sha, is.rows, carbon_json_pool(p, json_object()) };
    if ((rv = carbon_tx_run(cr, db, lao_import_work, &b)) != OK)
        return rv;
    *result = b.out;
    return OK;
}
