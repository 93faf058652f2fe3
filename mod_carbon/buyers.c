/* buyers.c: see buyers.h. */
#include "buyers.h"
#include "geo.h"
#include "validate.h"
#include "tx.h"
#include "listing.h"
#include "session.h"
#include "statements.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include <string.h>

APLOG_USE_MODULE(carbon);

/* ---- SQL ----------------------------------------------------------------- */

#define BUYER_COLUMNS \
    " b.id, b.buyer_type, bt.name_th AS buyer_type_name, b.registered_on, b.has_tver_account," \
    " b.tver_account_name, b.tver_account_no, b.first_name, b.last_name, b.occupation, b.org_name," \
    " b.business_type, b.display_name, b.address, b.road," \
    " b.province_code, p.name_th AS province_name, b.district_code, d.name_th AS district_name," \
    " b.subdistrict_code, s.name_th AS subdistrict_name, b.postcode, b.phone, b.office_phone," \
    " b.coordinator_first_name, b.coordinator_last_name," \
    " b.owner_lao_code, ol.name_th AS owner_lao_name, b.owner_province_code, op.name_th AS owner_province_name," \
    " u.display_name AS registered_by_name," \
    " CASE WHEN b.owner_lao_code IS NOT NULL THEN ol.name_th" \
    "      WHEN b.owner_province_code IS NOT NULL THEN 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด' || op.name_th" \
    "      ELSE 'กรมส่งเสริมการปกครองท้องถิ่น' END AS registered_by_org," \
    " b.created_at, b.updated_at"

#define BUYER_FROM \
    " FROM buyers b JOIN provinces p ON p.code = b.province_code" \
    " JOIN districts d ON d.code = b.district_code" \
    " JOIN subdistricts s ON s.code = b.subdistrict_code" \
    " LEFT JOIN code_lists bt ON bt.list = 'buyer_type' AND bt.code = b.buyer_type" \
    " LEFT JOIN laos ol ON ol.code = b.owner_lao_code" \
    " LEFT JOIN provinces op ON op.code = b.owner_province_code" \
    " LEFT JOIN users u ON u.id = b.created_by"

/* The search's WHERE, composed from fixed fragments for the filters given
 * (never from input), each combination its own prepared statement, so
 * every one can use the index that matches it (migration 016) and none is
 * written `(? IS NULL OR col = ?)`, which defeats them all. The dates are
 * always a range (open ends are '0000-01-01' and '9999-12-31'); the area is
 * its most specific code given (carbon_geo_check has checked the others
 * contain it); the name narrows the candidates through the trigram index
 * buyer_names (two patterns without ESCAPE, the index's LIKE) and the exact
 * LIKE ... ESCAPE on the row decides (two more). See filter_args(). */
#define W_DATES " WHERE b.registered_on >= %s AND b.registered_on <= %s"
#define W_PROVINCE " AND b.province_code = %s"
#define W_DISTRICT " AND b.district_code = %s"
#define W_SUBDISTRICT " AND b.subdistrict_code = %s"
#define W_TYPE " AND b.buyer_type = %s"
#define W_NAME_ROW \
    " AND (LOWER(b.display_name) LIKE %s ESCAPE '\\' OR LOWER(b.tver_account_no) LIKE %s ESCAPE '\\')"
#define W_NAME \
    " AND b.id IN (SELECT rowid FROM buyer_names WHERE display_name LIKE %s" \
    "              UNION SELECT rowid FROM buyer_names WHERE tver_account_no LIKE %s)" W_NAME_ROW

#define BUYER_ORDER " ORDER BY b.registered_on DESC, b.id DESC"

/* The count stops at CARBON_BUYERS_COUNT_CAP + 1 rows: "more than 10,000"
 * costs the same at 100,000 buyers as at 10,001. */
#define COUNT_LIMIT " LIMIT 10001"

/* Three statements per filter set: the bounded count, a page by number
 * (OFFSET, in index order), and the page after a key (keyset). */
#define BUYER_SET(tag, where) \
    { "buyer_count_" tag, "SELECT COUNT(*) AS total FROM (SELECT 1 FROM buyers b" where COUNT_LIMIT ") n" }, \
    { "buyer_page_" tag, "SELECT" BUYER_COLUMNS BUYER_FROM where BUYER_ORDER " LIMIT %lld OFFSET %lld" }, \
    { "buyer_after_" tag, "SELECT" BUYER_COLUMNS BUYER_FROM where \
      " AND (b.registered_on < %s OR (b.registered_on = %s AND b.id < %lld))" BUYER_ORDER " LIMIT %lld" },
/* Every type / name combination of one area level. */
#define BUYER_SETS(area, where) \
    BUYER_SET(area, W_DATES where) BUYER_SET(area "t", W_DATES where W_TYPE) \
    BUYER_SET(area "n", W_DATES where W_NAME) BUYER_SET(area "tn", W_DATES where W_TYPE W_NAME) \
    BUYER_SET(area "m", W_DATES where W_NAME_ROW) BUYER_SET(area "tm", W_DATES where W_TYPE W_NAME_ROW)

#define BUYER_WRITE_COLUMNS \
    "buyer_type, registered_on, has_tver_account, tver_account_name, tver_account_no, first_name," \
    " last_name, occupation, org_name, business_type, display_name, address, road, province_code," \
    " district_code, subdistrict_code, postcode, phone, office_phone, coordinator_first_name," \
    " coordinator_last_name"

const carbon_statement carbon_buyer_statements[] = {
    { "buyer_get", "SELECT" BUYER_COLUMNS BUYER_FROM " WHERE b.id = %lld" },
    /* area: a(ll), p(rovince), d(istrict), s(ubdistrict); then t(ype), and
     * n(ame through the index) or m (name on the rows: a short q) */
    BUYER_SETS("a", "")
    BUYER_SETS("p", W_PROVINCE)
    BUYER_SETS("d", W_DISTRICT)
    BUYER_SETS("s", W_SUBDISTRICT)
    { "buyer_same_tver_no",
      "SELECT id, display_name, registered_on FROM buyers WHERE tver_account_no = %s AND id <> %lld" },
    { "buyer_code_list",
      "SELECT code, name_th FROM code_lists WHERE list = %s AND active = 1 ORDER BY sort, code" },
    { "buyer_insert",
      "INSERT INTO buyers (" BUYER_WRITE_COLUMNS ", owner_lao_code, owner_province_code, created_by,"
      "                    created_at, updated_at)"
      " VALUES (%s, %s, %lld, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
      "         %s, %s, %lld, %s, %s) RETURNING id" },
    { "buyer_update",
      "UPDATE buyers SET buyer_type = %s, registered_on = %s, has_tver_account = %lld,"
      " tver_account_name = %s, tver_account_no = %s, first_name = %s, last_name = %s, occupation = %s,"
      " org_name = %s, business_type = %s, display_name = %s, address = %s, road = %s,"
      " province_code = %s, district_code = %s, subdistrict_code = %s, postcode = %s, phone = %s,"
      " office_phone = %s, coordinator_first_name = %s, coordinator_last_name = %s, updated_at = %s"
      " WHERE id = %lld" },
    { NULL, NULL }
};

static const char *const buyer_types[] = { "individual", "private", "state_enterprise", "government", NULL };

static int is_buyer_type(const char *s)
{
    int i;
    for (i = 0; s && buyer_types[i]; i++)
        if (!strcmp(s, buyer_types[i]))
            return 1;
    return 0;
}

static void set_error(json_t *errors, const char *field, const char *message)
{
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(message));
}

carbon_db_status carbon_buyer_code_list(carbon_db *db, const char *list, json_t **rows)
{
    return carbon_db_select(db, "buyer_code_list", rows, CARBON_ARGS(list));
}

/* ---- who may change a buyer ------------------------------------------------ */

int carbon_buyer_can_edit(const carbon_user *u, json_t *buyer)
{
    const char *lao, *prov;
    if (!u || !buyer)
        return 0;
    lao = carbon_row_str(buyer, "owner_lao_code");
    prov = carbon_row_str(buyer, "owner_province_code");
    switch (u->role) {
    case CARBON_ROLE_DLA:
        return 1;
    case CARBON_ROLE_LAO:
        return lao && u->lao_code && !strcmp(lao, u->lao_code);
    case CARBON_ROLE_PROVINCE:
        return !lao && prov && u->province_code && !strcmp(prov, u->province_code);
    default:
        return 0;
    }
}

/* ---- phones ------------------------------------------------------------- */

#define PHONE_EXT_TH "ต่อ"

/* Length of an extension marker at s ("ต่อ", "ext", "x", "#"), or 0. */
static size_t extension_marker(const char *s)
{
    if (!strncmp(s, PHONE_EXT_TH, strlen(PHONE_EXT_TH)))
        return strlen(PHONE_EXT_TH);
    if (!strncasecmp(s, "ext", 3))
        return 3;
    if (*s == 'x' || *s == 'X' || *s == '#')
        return 1;
    return 0;
}

/* The digits of an extension after its marker: "  . 123 " -> "123". */
static const char *extension_digits(apr_pool_t *p, const char *s)
{
    const char *start;
    size_t n;
    while (*s == ' ' || *s == '.' || *s == ':')
        s++;
    start = s;
    while (*s >= '0' && *s <= '9')
        s++;
    n = (size_t)(s - start);
    while (*s == ' ')
        s++;
    if (*s || n < 1 || n > 6)
        return NULL;
    return apr_pstrmemdup(p, start, n);
}

const char *carbon_buyer_phone_normalise(apr_pool_t *p, const char *text, int allow_extension)
{
    char digits[16], *d = digits;
    size_t n = 0, marker;
    const char *s = text, *ext = NULL;
    int international = 0;
    if (!s)
        return NULL;
    while (*s == ' ')
        s++;
    if (*s == '+') {
        international = 1;
        s++;
    }
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (n + 1 >= sizeof(digits))
                return NULL;
            digits[n++] = *s;
        } else if (*s == ' ' || *s == '-' || *s == '.' || *s == '(' || *s == ')') {
            continue;
        } else if (allow_extension && n && (marker = extension_marker(s))) {
            if (!(ext = extension_digits(p, s + marker)))
                return NULL;
            break;
        } else {
            return NULL;
        }
    }
    digits[n] = '\0';
    if (international) {
        /* +66 81 234 5678 or +66 (0)81 234 5678 */
        if (strncmp(digits, "66", 2))
            return NULL;
        d = digits + 1;
        if (d[1] == '0')
            d++;
        *d = '0';
        n = strlen(d);
    }
    if (!((n == 10 && d[0] == '0' && (d[1] == '6' || d[1] == '8' || d[1] == '9'))
          || (n == 9 && d[0] == '0' && d[1] >= '2' && d[1] <= '7')))
        return NULL;
    return ext ? apr_pstrcat(p, d, " " PHONE_EXT_TH " ", ext, NULL) : apr_pstrdup(p, d);
}

const char *carbon_buyer_phone_display(apr_pool_t *p, const char *stored)
{
    const char *ext, *main;
    size_t n;
    if (!stored)
        return NULL;
    ext = strstr(stored, " " PHONE_EXT_TH " ");
    main = ext ? apr_pstrmemdup(p, stored, (apr_size_t)(ext - stored)) : stored;
    n = strlen(main);
    if (n == 10)
        main = apr_psprintf(p, "%.3s-%.3s-%.4s", main, main + 3, main + 6);
    else if (n == 9 && !strncmp(main, "02", 2))
        main = apr_psprintf(p, "%.2s-%.3s-%.4s", main, main + 2, main + 5);
    else if (n == 9)
        main = apr_psprintf(p, "%.3s-%.3s-%.3s", main, main + 3, main + 6);
    return ext ? apr_pstrcat(p, main, ext, NULL) : main;
}

/* ---- search --------------------------------------------------------------- */

static const carbon_vfield filter_fields[] = {
    { "fiscal_year", CARBON_V_INT, 0, 2444, 3143, "ปีงบประมาณ" },
    { "registered_year", CARBON_V_INT, 0, 2443, 3143, "ปีที่ลงทะเบียน" },
    { "province_code", CARBON_V_DIGITS, 0, 2, 2, "รหัสจังหวัด" },
    { "district_code", CARBON_V_DIGITS, 0, 4, 4, "รหัสอำเภอ" },
    { "subdistrict_code", CARBON_V_DIGITS, 0, 6, 6, "รหัสตำบล" },
    { "buyer_type", CARBON_V_TEXT, 0, 1, 32, "ประเภทผู้ซื้อ" },
    { "registered_from", CARBON_V_DATE, 0, 0, 0, "วันที่ลงทะเบียนเริ่มต้น" },
    { "registered_to", CARBON_V_DATE, 0, 0, 0, "วันที่ลงทะเบียนสิ้นสุด" },
    { "q", CARBON_V_TEXT, 0, 1, 100, "ชื่อผู้ซื้อหรือเลขที่บัญชี T-VER" },
    { "page", CARBON_V_INT, 0, 1, 1000000, "หน้า" },
    { "per_page", CARBON_V_INT, 0, 1, CARBON_BUYERS_PER_PAGE_MAX, "จำนวนรายการต่อหน้า" },
    { "after", CARBON_V_TEXT, 0, 12, 29, "ตำแหน่งหน้าถัดไป" },
    { NULL }
};

/* Narrows [*lo, *hi] to [from, to]; ISO dates compare as text. */
static void narrow(const char **lo, const char **hi, const char *from, const char *to)
{
    if (from && (!*lo || strcmp(from, *lo) > 0))
        *lo = from;
    if (to && (!*hi || strcmp(to, *hi) < 0))
        *hi = to;
}

/* q as a "contains" LIKE pattern (carbon_like_contains, ESCAPE '\') in
 * lower-case ASCII, for the statements' LOWER(column) LIKE. */
static const char *like_pattern(apr_pool_t *p, const char *q)
{
    char *lower = apr_pstrdup(p, q), *c;
    for (c = lower; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return carbon_like_contains(p, lower);
}

/* q for the trigram index's LIKE ('%q%', lower-case ASCII), or NULL when
 * the index cannot answer it: fewer than three characters (no trigram),
 * or a %, _ or \ (that LIKE has no ESCAPE; and SQLite 3.40's FTS5 misses
 * rows for a pattern whose literal runs are shorter than three Thai
 * characters). Those searches test the rows the other filters leave. */
static const char *index_pattern(apr_pool_t *p, const char *q)
{
    char *lower = apr_pstrcat(p, "%", q, "%", NULL), *c;
    int chars = 0;
    for (c = lower + 1; c[1]; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            return NULL;
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        if ((*c & 0xC0) != 0x80)
            chars++;
    }
    return chars >= 3 ? lower : NULL;
}

static int cursor_parse(apr_pool_t *p, const char *text, const char **on, const char **id);

int carbon_buyer_filters_read(carbon_req *cr, carbon_db *db, apr_table_t *args,
                              carbon_buyer_filters *f, json_t *errors)
{
    apr_pool_t *p = cr->r->pool;
    json_t *input = carbon_json_pool(p, json_object()), *clean, *v;
    const carbon_vfield *fld;
    const char *lo = NULL, *hi = NULL, *from, *to, *type, *q;
    char a[CARBON_ISO_DATE_SIZE], b[CARBON_ISO_DATE_SIZE];
    carbon_db_status st;
    memset(f, 0, sizeof(*f));
    f->page = 1;
    f->per_page = CARBON_BUYERS_PER_PAGE_DEFAULT;
    for (fld = filter_fields; fld->name; fld++) {
        const char *text = apr_table_get(args, fld->name);
        json_t *js;
        if (!text || !*text)
            continue;
        if (!(js = json_string(text)))
            set_error(errors, fld->name, apr_pstrcat(p, fld->label_th, "ไม่ถูกต้อง", NULL));
        else
            json_object_set_new(input, fld->name, js);
    }
    clean = carbon_json_pool(p, carbon_validate(filter_fields, input, errors));
    f->given = clean;
    if ((v = json_object_get(clean, "fiscal_year"))) {
        if (carbon_fiscal_year_range((int)json_integer_value(v), a, b) == APR_SUCCESS)
            narrow(&lo, &hi, apr_pstrdup(p, a), apr_pstrdup(p, b));
        else
            set_error(errors, "fiscal_year", "ปีงบประมาณไม่ถูกต้อง");
    }
    if ((v = json_object_get(clean, "registered_year"))) {
        int ce = carbon_ce_year((int)json_integer_value(v));
        narrow(&lo, &hi, carbon_iso_date(p, ce, 1, 1), carbon_iso_date(p, ce, 12, 31));
    }
    from = carbon_json_str(clean, "registered_from");
    to = carbon_json_str(clean, "registered_to");
    if (from && to && strcmp(from, to) > 0)
        set_error(errors, "registered_to", "วันที่ลงทะเบียนสิ้นสุดต้องไม่ก่อนวันที่ลงทะเบียนเริ่มต้น");
    narrow(&lo, &hi, from, to);
    f->from = lo;
    f->to = hi;
    type = carbon_json_str(clean, "buyer_type");
    if (type && !is_buyer_type(type))
        set_error(errors, "buyer_type", "ประเภทผู้ซื้อไม่ถูกต้อง");
    f->buyer_type = type;
    f->province_code = carbon_json_str(clean, "province_code");
    f->district_code = carbon_json_str(clean, "district_code");
    f->subdistrict_code = carbon_json_str(clean, "subdistrict_code");
    if ((q = carbon_json_str(clean, "q"))) {
        f->name_like = like_pattern(p, q);
        f->name_index = index_pattern(p, q);
    }
    if (carbon_json_str(clean, "after")
        && !cursor_parse(p, carbon_json_str(clean, "after"), &f->after_on, &f->after_id))
        set_error(errors, "after", "ตำแหน่งหน้าถัดไปไม่ถูกต้อง");
    if ((v = json_object_get(clean, "page")))
        f->page = json_integer_value(v);
    if ((v = json_object_get(clean, "per_page")))
        f->per_page = json_integer_value(v);
    st = carbon_geo_check(db, f->province_code, f->district_code, f->subdistrict_code, NULL, errors);
    if (st)
        return carbon_db_http_status(st);
    return json_object_size(errors) ? HTTP_UNPROCESSABLE_ENTITY : OK;
}

/* Most arguments of a search: dates, area, type, name patterns. */
#define FILTER_NARGS_MAX 8

/* The statement suffix for the filters given ("p", "atn", ...) and the
 * arguments in the order its fragments take them; returns their number. */
static int filter_args(apr_pool_t *p, const carbon_buyer_filters *f, const char **a, const char **tag)
{
    int n = 0;
    a[n++] = f->from ? f->from : "0000-01-01";
    a[n++] = f->to ? f->to : "9999-12-31";
    if (f->subdistrict_code) {
        a[n++] = f->subdistrict_code;
        *tag = "s";
    } else if (f->district_code) {
        a[n++] = f->district_code;
        *tag = "d";
    } else if (f->province_code) {
        a[n++] = f->province_code;
        *tag = "p";
    } else {
        *tag = "a";
    }
    if (f->buyer_type) {
        a[n++] = f->buyer_type;
        *tag = apr_pstrcat(p, *tag, "t", NULL);
    }
    if (f->name_like && f->name_index) {
        a[n++] = f->name_index;
        a[n++] = f->name_index;
        a[n++] = f->name_like;
        a[n++] = f->name_like;
        *tag = apr_pstrcat(p, *tag, "n", NULL);
    } else if (f->name_like) {
        a[n++] = f->name_like;
        a[n++] = f->name_like;
        *tag = apr_pstrcat(p, *tag, "m", NULL);
    }
    return n;
}

/* A keyset cursor: "YYYY-MM-DD.id" of the last row shown. */
const char *carbon_buyer_cursor(apr_pool_t *p, json_t *row)
{
    return apr_pstrcat(p, carbon_row_str(row, "registered_on"), ".", carbon_i64(p, carbon_row_int(row, "id")), NULL);
}

static int cursor_parse(apr_pool_t *p, const char *text, const char **on, const char **id)
{
    const char *dot = text ? strchr(text, '.') : NULL, *c;
    if (!dot || dot - text != 10 || !dot[1] || strlen(dot + 1) > 18)
        return 0;
    for (c = dot + 1; *c; c++)
        if (*c < '0' || *c > '9')
            return 0;
    *on = apr_pstrmemdup(p, text, 10);
    *id = dot + 1;
    {
        int y, m, d;
        return carbon_parse_iso_date(*on, &y, &m, &d) == APR_SUCCESS;
    }
}

int carbon_buyers_search(carbon_req *cr, carbon_db *db, const carbon_buyer_filters *f,
                         json_t **items, long long *total)
{
    apr_pool_t *p = cr->r->pool;
    const char *a[FILTER_NARGS_MAX + 4], *tag;
    json_t *count = NULL, *row;
    carbon_db_status st;
    size_t i;
    int n = filter_args(p, f, a, &tag);
    *items = NULL;
    *total = 0;
    if ((st = carbon_db_select_one(db, apr_pstrcat(p, "buyer_count_", tag, NULL), &count, n, a)))
        return carbon_db_http_status(st);
    *total = carbon_row_int(count, "total");
    json_decref(count);
    if (f->after_on) {
        a[n] = a[n + 1] = f->after_on;
        a[n + 2] = f->after_id;
        a[n + 3] = carbon_i64(p, f->per_page);
        st = carbon_db_select(db, apr_pstrcat(p, "buyer_after_", tag, NULL), items, n + 4, a);
    } else {
        a[n] = carbon_i64(p, f->per_page);
        a[n + 1] = carbon_i64(p, (f->page - 1) * f->per_page);
        st = carbon_db_select(db, apr_pstrcat(p, "buyer_page_", tag, NULL), items, n + 2, a);
    }
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, *items);
    json_array_foreach(*items, i, row)
        json_object_set_new(row, "can_edit", json_boolean(carbon_buyer_can_edit(cr->user, row)));
    return OK;
}

/* Rows fetched per round by carbon_buyers_each: each round is a keyset
 * seek, so the export costs the same per row at any depth. */
#define EACH_CHUNK 500

int carbon_buyers_each(carbon_req *cr, carbon_db *db, const carbon_buyer_filters *f,
                       carbon_buyer_row_fn fn, void *baton)
{
    apr_pool_t *p = cr->r->pool;
    const char *a[FILTER_NARGS_MAX + 4], *tag;
    const char *chunk = carbon_i64(p, EACH_CHUNK);
    json_t *rows = NULL, *row;
    carbon_db_status st;
    size_t i, n;
    int k = filter_args(p, f, a, &tag);
    const char *after = apr_pstrcat(p, "buyer_after_", tag, NULL);
    a[k] = chunk;
    a[k + 1] = "0";
    st = carbon_db_select(db, apr_pstrcat(p, "buyer_page_", tag, NULL), &rows, k + 2, a);
    while (!st) {
        json_t *last;
        n = json_array_size(rows);
        json_array_foreach(rows, i, row) {
            int rv = fn(baton, row);
            if (rv) {
                json_decref(rows);
                return rv;
            }
        }
        if (n < EACH_CHUNK)
            break;
        last = json_array_get(rows, n - 1);
        a[k] = a[k + 1] = apr_pstrdup(p, carbon_row_str(last, "registered_on"));
        a[k + 2] = carbon_i64(p, carbon_row_int(last, "id"));
        a[k + 3] = chunk;
        json_decref(rows);
        rows = NULL;
        st = carbon_db_select(db, after, &rows, k + 4, a);
    }
    json_decref(rows);
    return carbon_db_http_status(st);
}

/* ---- one buyer ------------------------------------------------------------ */

/* The record (pool-owned) or NULL in *row. */
static carbon_db_status buyer_row(apr_pool_t *p, carbon_db *db, const char *id, json_t **row)
{
    carbon_db_status st = carbon_db_select_one(db, "buyer_get", row, CARBON_ARGS(id));
    if (*row)
        carbon_json_pool(p, *row);
    return st;
}

int carbon_buyer_get(carbon_req *cr, carbon_db *db, const char *id, json_t **buyer)
{
    carbon_db_status st;
    *buyer = NULL;
    if (!carbon_is_id(id))
        return HTTP_NOT_FOUND;
    if ((st = buyer_row(cr->r->pool, db, id, buyer)))
        return carbon_db_http_status(st);
    if (!*buyer)
        return HTTP_NOT_FOUND;
    json_object_set_new(*buyer, "can_edit", json_boolean(carbon_buyer_can_edit(cr->user, *buyer)));
    return OK;
}

/* ---- the form's one validation table -------------------------------------- */

typedef enum {
    FOR_ALL,        /* every buyer */
    FOR_TVER,       /* buyers with a T-VER account */
    FOR_PERSON,     /* individual */
    FOR_ORG         /* private, state_enterprise, government */
} buyer_applies;

typedef enum {
    RULE_NONE,
    RULE_CHOICE,        /* picked from a list: "กรุณาเลือก..." when missing */
    RULE_BOOL,          /* a JSON boolean (the form's radio gives "1"/"0") */
    RULE_PHONE,
    RULE_OFFICE_PHONE
} buyer_rule;

typedef struct {
    carbon_vfield v;    /* v.required: required whenever the field applies */
    buyer_applies applies;
    buyer_rule rule;
} buyer_field;

static const buyer_field buyer_fields[] = {
    { { "buyer_type", CARBON_V_TEXT, 1, 1, 32, "ประเภทผู้ซื้อ" }, FOR_ALL, RULE_CHOICE },
    { { "registered_on", CARBON_V_DATE, 1, 0, 0, "วันที่ลงทะเบียนผู้ซื้อ" }, FOR_ALL, RULE_NONE },
    { { "has_tver_account", CARBON_V_TEXT, 1, 0, 0, "ข้อมูลบัญชีของผู้ซื้อ" }, FOR_ALL, RULE_BOOL },
    { { "tver_account_name", CARBON_V_TEXT, 1, 1, 200, "ชื่อบัญชีผู้ซื้อ (T-VER)" }, FOR_TVER, RULE_NONE },
    { { "tver_account_no", CARBON_V_TEXT, 1, 1, 50, "เลขที่บัญชีผู้ซื้อ (T-VER)" }, FOR_TVER, RULE_NONE },
    { { "first_name", CARBON_V_TEXT, 1, 1, 100, "ชื่อผู้ซื้อ" }, FOR_PERSON, RULE_NONE },
    { { "last_name", CARBON_V_TEXT, 1, 1, 100, "นามสกุลผู้ซื้อ" }, FOR_PERSON, RULE_NONE },
    { { "occupation", CARBON_V_TEXT, 1, 1, 100, "อาชีพ" }, FOR_PERSON, RULE_NONE },
    { { "org_name", CARBON_V_TEXT, 1, 1, 300, "ชื่อบริษัท/ชื่อหน่วยงาน" }, FOR_ORG, RULE_NONE },
    { { "business_type", CARBON_V_TEXT, 1, 1, 200, "ประเภทกิจการ" }, FOR_ORG, RULE_NONE },
    { { "address", CARBON_V_TEXT, 1, 1, 300, "ที่อยู่" }, FOR_ALL, RULE_NONE },
    { { "road", CARBON_V_TEXT, 0, 1, 150, "ถนน" }, FOR_ALL, RULE_NONE },
    { { "province_code", CARBON_V_DIGITS, 1, 2, 2, "จังหวัด" }, FOR_ALL, RULE_CHOICE },
    { { "district_code", CARBON_V_DIGITS, 1, 4, 4, "อำเภอ" }, FOR_ALL, RULE_CHOICE },
    { { "subdistrict_code", CARBON_V_DIGITS, 1, 6, 6, "ตำบล" }, FOR_ALL, RULE_CHOICE },
    { { "postcode", CARBON_V_DIGITS, 1, 5, 5, "รหัสไปรษณีย์ 5 หลัก" }, FOR_ALL, RULE_NONE },
    { { "phone", CARBON_V_TEXT, 1, 1, 40, "หมายเลขโทรศัพท์" }, FOR_ALL, RULE_PHONE },
    { { "office_phone", CARBON_V_TEXT, 0, 1, 60, "หมายเลขโทรศัพท์สำนักงาน" }, FOR_ALL, RULE_OFFICE_PHONE },
    { { "coordinator_first_name", CARBON_V_TEXT, 1, 1, 100, "ชื่อผู้ประสานงาน" }, FOR_ALL, RULE_NONE },
    { { "coordinator_last_name", CARBON_V_TEXT, 1, 1, 100, "นามสกุลผู้ประสานงาน" }, FOR_ALL, RULE_NONE },
    { { NULL }, FOR_ALL, RULE_NONE }
};

const char *const carbon_buyer_input_fields[] = {
    "buyer_type", "registered_on", "has_tver_account", "tver_account_name", "tver_account_no",
    "first_name", "last_name", "occupation", "org_name", "business_type", "address", "road",
    "province_code", "district_code", "subdistrict_code", "postcode", "phone", "office_phone",
    "coordinator_first_name", "coordinator_last_name", NULL
};

#define PHONE_HELP "โทรศัพท์มือถือ 10 หลัก เช่น 081-234-5678 หรือโทรศัพท์พื้นฐาน 9 หลัก เช่น 02-123-4567"

static int blank(json_t *v)
{
    const char *s;
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v))
        return 0;
    for (s = json_string_value(v); *s == ' ' || *s == '\t'; s++)
        ;
    return !*s;
}

/* Validates the fields of one group with carbon_validate (choices first
 * get "กรุณาเลือก..." when missing); clean values go into clean. */
static void validate_group(apr_pool_t *p, buyer_applies applies, json_t *input, json_t *clean,
                           json_t *errors)
{
    carbon_vfield *list = apr_pcalloc(p, sizeof(buyer_fields));
    const buyer_field *bf;
    json_t *out;
    int n = 0;
    for (bf = buyer_fields; bf->v.name; bf++) {
        if (bf->applies != applies || bf->rule == RULE_BOOL)
            continue;
        if (bf->rule == RULE_CHOICE && bf->v.required && blank(json_object_get(input, bf->v.name)))
            set_error(errors, bf->v.name, apr_pstrcat(p, "กรุณาเลือก", bf->v.label_th, NULL));
        list[n++] = bf->v;
    }
    out = carbon_validate(list, input, errors);
    json_object_update(clean, out);
    json_decref(out);
}

/* has_tver_account: 1, 0, or -1 with an error. */
static int tver_choice(json_t *input, json_t *errors)
{
    json_t *v = json_object_get(input, "has_tver_account");
    if (json_is_boolean(v))
        return json_is_true(v);
    if (blank(v))
        set_error(errors, "has_tver_account", "กรุณาเลือกข้อมูลบัญชีของผู้ซื้อ (มีบัญชี T-VER / ไม่มีบัญชี T-VER)");
    else
        set_error(errors, "has_tver_account", "ข้อมูลบัญชีของผู้ซื้อไม่ถูกต้อง");
    return -1;
}

static void check_phones(apr_pool_t *p, json_t *clean, json_t *errors)
{
    const char *phone = carbon_json_str(clean, "phone"), *office = carbon_json_str(clean, "office_phone");
    const char *norm;
    if (phone) {
        if ((norm = carbon_buyer_phone_normalise(p, phone, 0)))
            json_object_set_new(clean, "phone", json_string(norm));
        else
            set_error(errors, "phone", "หมายเลขโทรศัพท์ไม่ถูกต้อง (" PHONE_HELP ")");
    }
    if (office) {
        if ((norm = carbon_buyer_phone_normalise(p, office, 1)))
            json_object_set_new(clean, "office_phone", json_string(norm));
        else
            set_error(errors, "office_phone", "หมายเลขโทรศัพท์สำนักงานไม่ถูกต้อง (" PHONE_HELP
                      " ระบุเบอร์ต่อได้ เช่น 02-123-4567 ต่อ 123)");
    }
}

/* The business type is typed text (the manual: "ระบุข้อมูล ประเภทกิจการ"; the
 * form offers DLA's code list only as suggestions). carbon_validate trims
 * it and refuses C0 controls but lets a tab through; a business type has
 * no use for a tab or a C1 control (U+0080..U+009F) either. */
static void check_business_type(json_t *clean, json_t *errors)
{
    const unsigned char *s = (const unsigned char *)carbon_json_str(clean, "business_type");
    for (; s && *s; s++)
        if (*s == '\t' || (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)) {
            set_error(errors, "business_type", "ประเภทกิจการมีอักขระที่ไม่อนุญาต");
            json_object_del(clean, "business_type");
            return;
        }
}

/* Checks input and makes the record to write: every column of
 * BUYER_WRITE_COLUMNS, null where it does not apply. OK, 422 or a status. */
static int buyer_check(carbon_req *cr, carbon_db *db, json_t *input, json_t *errors, json_t **record)
{
    apr_pool_t *p = cr->r->pool;
    json_t *clean = carbon_json_pool(p, json_object()), *rec;
    const buyer_field *bf;
    const char *type, *on;
    int tver, person = -1;
    carbon_db_status st;
    *record = NULL;
    validate_group(p, FOR_ALL, input, clean, errors);
    tver = tver_choice(input, errors);
    type = carbon_json_str(clean, "buyer_type");
    if (type && !is_buyer_type(type)) {
        set_error(errors, "buyer_type", "ประเภทผู้ซื้อไม่ถูกต้อง");
        type = NULL;
    }
    if (type) {
        person = !strcmp(type, "individual");
        validate_group(p, person ? FOR_PERSON : FOR_ORG, input, clean, errors);
    }
    if (tver == 1)
        validate_group(p, FOR_TVER, input, clean, errors);
    on = carbon_json_str(clean, "registered_on");
    if (on && strcmp(on, carbon_today_iso(p, apr_time_now())) > 0)
        set_error(errors, "registered_on", "วันที่ลงทะเบียนผู้ซื้อต้องไม่เกินวันนี้");
    check_phones(p, clean, errors);
    check_business_type(clean, errors);
    if ((st = carbon_geo_check(db, carbon_json_str(clean, "province_code"),
                               carbon_json_str(clean, "district_code"),
                               carbon_json_str(clean, "subdistrict_code"),
                               carbon_json_str(clean, "postcode"), errors)))
        return carbon_db_http_status(st);
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    rec = carbon_json_pool(p, json_object());
    for (bf = buyer_fields; bf->v.name; bf++) {
        json_t *v = json_object_get(clean, bf->v.name);
        int applies = bf->applies == FOR_ALL || (bf->applies == FOR_TVER && tver == 1)
                      || (bf->applies == FOR_PERSON && person == 1) || (bf->applies == FOR_ORG && person == 0);
        json_object_set(rec, bf->v.name, applies && v ? v : json_null());
    }
    json_object_set_new(rec, "has_tver_account", json_boolean(tver == 1));
    json_object_set_new(rec, "display_name", json_string(
        person ? apr_pstrcat(p, carbon_json_str(clean, "first_name"), " ", carbon_json_str(clean, "last_name"), NULL)
               : carbon_json_str(clean, "org_name")));
    *record = rec;
    return OK;
}

/* The record's values in BUYER_WRITE_COLUMNS order (21 of them). */
#define WRITE_NARGS 21
static void write_args(json_t *rec, const char **a)
{
    static const char *const cols[WRITE_NARGS] = {
        "buyer_type", "registered_on", "has_tver_account", "tver_account_name", "tver_account_no",
        "first_name", "last_name", "occupation", "org_name", "business_type", "display_name",
        "address", "road", "province_code", "district_code", "subdistrict_code", "postcode", "phone",
        "office_phone", "coordinator_first_name", "coordinator_last_name"
    };
    int i;
    for (i = 0; i < WRITE_NARGS; i++)
        a[i] = carbon_json_str(rec, cols[i]);
    a[2] = json_is_true(json_object_get(rec, "has_tver_account")) ? "1" : "0";
}

/* Another buyer with the record's T-VER account number: sets the Thai
 * message naming it and answers 422; OK when there is none. */
static int check_duplicate(apr_pool_t *p, carbon_db *db, json_t *rec, const char *own_id, json_t *errors)
{
    const char *no = carbon_json_str(rec, "tver_account_no");
    json_t *other = NULL;
    carbon_db_status st;
    const char *date;
    if (!no)
        return OK;
    if ((st = carbon_db_select_one(db, "buyer_same_tver_no", &other, CARBON_ARGS(no, own_id))))
        return carbon_db_http_status(st);
    if (!other)
        return OK;
    carbon_json_pool(p, other);
    date = carbon_thai_date(p, carbon_row_str(other, "registered_on"), 0);
    set_error(errors, "tver_account_no",
              apr_psprintf(p, "เลขที่บัญชีผู้ซื้อ (T-VER) นี้ลงทะเบียนไว้แล้ว เป็นของผู้ซื้อ “%s” (ลงทะเบียนวันที่ %s)",
                           carbon_row_str(other, "display_name"),
                           date ? date : carbon_row_str(other, "registered_on")));
    return HTTP_UNPROCESSABLE_ENTITY;
}

/* After a refused write: a duplicate that slipped past the check (a
 * concurrent writer) becomes the same 422; anything else a 409. */
static int after_constraint(apr_pool_t *p, carbon_db *db, json_t *rec, const char *own_id, json_t *errors)
{
    int rv = check_duplicate(p, db, rec, own_id, errors);
    return rv == OK ? HTTP_CONFLICT : rv;
}

/* One write (create or update) inside carbon_tx_run. */
typedef struct {
    json_t *rec;            /* the checked record */
    const char **args;      /* the statement's arguments */
    const char *id;         /* the buyer's id; NULL until inserted */
    json_t *errors;
    json_t *before, *after; /* pool-owned, for the audit row and the answer */
    int constraint;         /* the write hit a constraint: look for a duplicate after the rollback */
} buyer_write;

static int create_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    buyer_write *w = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *row = NULL;
    carbon_db_status st;
    int rv;
    if ((rv = check_duplicate(p, db, w->rec, "0", w->errors)) != OK)
        return rv;
    st = carbon_db_select_one(db, "buyer_insert", &row, WRITE_NARGS + 5, w->args);
    if (st == CARBON_DB_CONSTRAINT) {
        w->constraint = 1;
        return HTTP_CONFLICT;
    }
    if (st || !row)
        return st ? carbon_db_http_status(st) : HTTP_INTERNAL_SERVER_ERROR;
    w->id = carbon_i64(p, carbon_row_int(row, "id"));
    json_decref(row);
    if ((st = buyer_row(p, db, w->id, &w->after)) || !w->after)
        return st ? carbon_db_http_status(st) : HTTP_INTERNAL_SERVER_ERROR;
    audit->entity = "buyer";
    audit->entity_id = w->id;
    audit->action = "create";
    audit->after = w->after;
    return OK;
}

int carbon_buyer_create(carbon_req *cr, json_t *input, json_t *errors, json_t **created)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const char *a[WRITE_NARGS + 5], *now;
    buyer_write w;
    int rv;
    *created = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (!json_is_object(input))
        return HTTP_BAD_REQUEST;
    memset(&w, 0, sizeof(w));
    if ((rv = buyer_check(cr, db, input, errors, &w.rec)) != OK)
        return rv;
    now = carbon_now_iso(p, apr_time_now());
    write_args(w.rec, a);
    a[WRITE_NARGS] = cr->user->role == CARBON_ROLE_LAO ? cr->user->lao_code : NULL;
    a[WRITE_NARGS + 1] = cr->user->role == CARBON_ROLE_PROVINCE ? cr->user->province_code : NULL;
    a[WRITE_NARGS + 2] = carbon_i64(p, cr->user->id);
    a[WRITE_NARGS + 3] = now;
    a[WRITE_NARGS + 4] = now;
    w.args = a;
    w.errors = errors;
    rv = carbon_tx_run(cr, db, create_work, &w);
    if (w.constraint)
        return after_constraint(p, db, w.rec, "0", errors);
    if (rv != OK)
        return rv;
    json_object_set_new(w.after, "can_edit", json_boolean(carbon_buyer_can_edit(cr->user, w.after)));
    *created = w.after;
    return OK;
}

static int update_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    buyer_write *w = baton;
    apr_pool_t *p = cr->r->pool;
    carbon_db_status st;
    int rv, affected = 0;
    /* The record as it is now, inside the transaction, for the audit. */
    if ((st = buyer_row(p, db, w->id, &w->before)))
        return carbon_db_http_status(st);
    if (!w->before)
        return HTTP_NOT_FOUND;
    if ((rv = check_duplicate(p, db, w->rec, w->id, w->errors)) != OK)
        return rv;
    st = carbon_db_exec(db, "buyer_update", &affected, WRITE_NARGS + 2, w->args);
    if (st == CARBON_DB_CONSTRAINT) {
        w->constraint = 1;
        return HTTP_CONFLICT;
    }
    if (st || affected != 1)
        return st ? carbon_db_http_status(st) : HTTP_INTERNAL_SERVER_ERROR;
    if ((st = buyer_row(p, db, w->id, &w->after)) || !w->after)
        return st ? carbon_db_http_status(st) : HTTP_INTERNAL_SERVER_ERROR;
    audit->entity = "buyer";
    audit->entity_id = w->id;
    audit->action = "update";
    audit->before = w->before;
    audit->after = w->after;
    return OK;
}

int carbon_buyer_update(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **updated)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const char *a[WRITE_NARGS + 2];
    json_t *current = NULL;
    buyer_write w;
    int rv;
    *updated = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((rv = carbon_buyer_get(cr, db, id, &current)) != OK)
        return rv;
    if (!carbon_buyer_can_edit(cr->user, current))
        return HTTP_FORBIDDEN;
    if (!json_is_object(input))
        return HTTP_BAD_REQUEST;
    memset(&w, 0, sizeof(w));
    if ((rv = buyer_check(cr, db, input, errors, &w.rec)) != OK)
        return rv;
    write_args(w.rec, a);
    a[WRITE_NARGS] = carbon_now_iso(p, apr_time_now());
    a[WRITE_NARGS + 1] = id;
    w.args = a;
    w.id = id;
    w.errors = errors;
    rv = carbon_tx_run(cr, db, update_work, &w);
    if (w.constraint)
        return after_constraint(p, db, w.rec, id, errors);
    if (rv != OK)
        return rv;
    json_object_set_new(w.after, "can_edit", json_boolean(carbon_buyer_can_edit(cr->user, w.after)));
    *updated = w.after;
    return OK;
}
