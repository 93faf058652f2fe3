/*
 * registry_export.c: the buyer registry's reports (ทะเบียนผู้ซื้อคาร์บอนเครดิต >
 * ออกรายงาน): every buyer matching the search filters as an Excel file
 * (.xlsx) for the API and the page, and the same rows as a page made for
 * printing (A4 landscape).
 *
 * The filters are the search's (buyers.h: carbon_buyer_filters_read);
 * page and per_page are ignored: a report holds every matching row. The
 * rows come from carbon_buyers_each in chunks and go straight into the
 * constant-memory workbook (xlsx.h), each row built in a scratch pool that
 * is cleared after it, so an export of 100,000 buyers costs the memory of
 * a few hundred. The printable page holds at most PRINT_MAX rows and says
 * to use Excel beyond that.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "buyers.h"
#include "pdpa.h"
#include "listing.h"
#include "geo.h"
#include "xlsx.h"
#include "session.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define TITLE_REGISTRY "ทะเบียนผู้ซื้อคาร์บอนเครดิต"
#define TITLE_PRINT "รายงานทะเบียนผู้ซื้อคาร์บอนเครดิต"
#define SHEET_TH "ผู้ซื้อคาร์บอนเครดิต"
#define FILENAME_TH "ทะเบียนผู้ซื้อคาร์บอนเครดิต"

/* Largest printable report; Excel beyond that. */
#define PRINT_MAX 5000

/* carbon_buyers_each's callback asks it to stop (not an HTTP status). */
#define STOP_ROWS (-2)

/* Bangkok: เขต / แขวง and no จังหวัด. */
#define BANGKOK_CODE "10"

/* The filters links carry, in this order (page and per_page are not a
 * report's business). */
static const char *const filter_names[] = {
    "fiscal_year", "registered_year", "province_code", "district_code", "subdistrict_code",
    "buyer_type", "registered_from", "registered_to", "q", NULL
};

/* The columns of the workbook: keys of the rows made by report_row(). */
static const carbon_xlsx_column columns[] = {
    { "ลำดับ", "row_no", CARBON_XLSX_TEXT, 8 },
    { "วันที่ลงทะเบียน", "registered_on_th", CARBON_XLSX_TEXT, 15 },
    { "ประเภทผู้ซื้อ", "buyer_type_name", CARBON_XLSX_TEXT, 15 },
    { "ชื่อผู้ซื้อ/หน่วยงาน", "display_name", CARBON_XLSX_TEXT, 36 },
    { "ประเภทกิจการ/อาชีพ", "activity", CARBON_XLSX_TEXT, 26 },
    { "บัญชี T-VER", "tver", CARBON_XLSX_TEXT, 11 },
    { "ชื่อบัญชี T-VER", "tver_account_name", CARBON_XLSX_TEXT, 30 },
    { "เลขที่บัญชี T-VER", "tver_account_no", CARBON_XLSX_TEXT, 20 },
    { "ที่อยู่", "address_full", CARBON_XLSX_TEXT, 64 },
    { "โทรศัพท์", "phone", CARBON_XLSX_TEXT, 15 },
    { "โทรศัพท์สำนักงาน", "office_phone", CARBON_XLSX_TEXT, 22 },
    { "ผู้ประสานงาน", "coordinator", CARBON_XLSX_TEXT, 26 },
    { "หน่วยงานที่ลงทะเบียน", "registered_by_org", CARBON_XLSX_TEXT, 40 },
    { NULL, NULL, CARBON_XLSX_TEXT, 0 }
};

/* The filters given, as a query string for links ("all=1" when none:
 * the search page's "show all"). */
static const char *filters_query(apr_pool_t *p, apr_table_t *args)
{
    const char *q = "";
    int i;
    for (i = 0; filter_names[i]; i++) {
        const char *v = apr_table_get(args, filter_names[i]);
        if (v && *v)
            q = apr_pstrcat(p, q, "&", filter_names[i], "=", ap_escape_urlencoded(p, v), NULL);
    }
    return *q ? q + 1 : "all=1";
}

/* ---- naming the filters in Thai ------------------------------------------ */

/* name_th of the row whose code is code, copied into p; NULL when absent. */
static const char *name_of(apr_pool_t *p, json_t *rows, const char *code)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *c = carbon_json_str(row, "code");
        if (c && !strcmp(c, code))
            return apr_pstrdup(p, carbon_json_str(row, "name_th"));
    }
    return NULL;
}

/* The name of code in rows (a new array from the geo / code functions,
 * released here) after the call that made it returned st; the code itself
 * when the list has no such entry. */
static carbon_db_status lookup(apr_pool_t *p, carbon_db_status st, json_t *rows, const char *code,
                               const char **name)
{
    const char *n = (!st && rows) ? name_of(p, rows, code) : NULL;
    json_decref(rows);
    *name = n ? n : code;
    return st;
}

static const char *append(apr_pool_t *p, const char *text, const char *part)
{
    return *text ? apr_pstrcat(p, text, ", ", part, NULL) : part;
}

/* "ปีงบประมาณ 2569, จังหวัดแพร่, ประเภทผู้ซื้อ: เอกชน", or "ทั้งหมด". */
static carbon_db_status describe_filters(apr_pool_t *p, carbon_db *db, const carbon_buyer_filters *f,
                                         const char **text)
{
    json_t *given = f->given, *v, *rows = NULL;
    const char *out = "", *name, *from, *to, *q;
    /* DOPA codes nest: a district's code starts with its province's, a
     * subdistrict's with its district's (checked by the filters). */
    const char *area = f->subdistrict_code ? f->subdistrict_code : f->district_code ? f->district_code
                                                                                    : f->province_code;
    int bkk = area && !strncmp(area, BANGKOK_CODE, 2);
    carbon_db_status st;
    *text = "ทั้งหมด";
    if ((v = json_object_get(given, "fiscal_year")) && json_is_integer(v))
        out = append(p, out, apr_pstrcat(p, "ปีงบประมาณ ", carbon_i64(p, json_integer_value(v)), NULL));
    if ((v = json_object_get(given, "registered_year")) && json_is_integer(v))
        out = append(p, out, apr_pstrcat(p, "ปีที่ลงทะเบียน ", carbon_i64(p, json_integer_value(v)), NULL));
    if (f->province_code) {
        st = carbon_geo_provinces(db, &rows);
        if ((st = lookup(p, st, rows, f->province_code, &name)))
            return st;
        out = append(p, out, bkk ? name : apr_pstrcat(p, "จังหวัด", name, NULL));
    }
    if (f->district_code) {
        rows = NULL;
        st = carbon_geo_districts(db, apr_pstrmemdup(p, f->district_code, 2), &rows);
        if ((st = lookup(p, st, rows, f->district_code, &name)))
            return st;
        out = append(p, out, apr_pstrcat(p, bkk ? "เขต" : "อำเภอ", name, NULL));
    }
    if (f->subdistrict_code) {
        rows = NULL;
        st = carbon_geo_subdistricts(db, apr_pstrmemdup(p, f->subdistrict_code, 4), &rows);
        if ((st = lookup(p, st, rows, f->subdistrict_code, &name)))
            return st;
        out = append(p, out, apr_pstrcat(p, bkk ? "แขวง" : "ตำบล", name, NULL));
    }
    if (f->buyer_type) {
        rows = NULL;
        st = carbon_buyer_code_list(db, "buyer_type", &rows);
        if ((st = lookup(p, st, rows, f->buyer_type, &name)))
            return st;
        out = append(p, out, apr_pstrcat(p, "ประเภทผู้ซื้อ: ", name, NULL));
    }
    from = carbon_json_str(given, "registered_from");
    to = carbon_json_str(given, "registered_to");
    if (from && to)
        out = append(p, out, apr_pstrcat(p, "ลงทะเบียนตั้งแต่วันที่ ", carbon_thai_date(p, from, 0),
                                         " ถึงวันที่ ", carbon_thai_date(p, to, 0), NULL));
    else if (from)
        out = append(p, out, apr_pstrcat(p, "ลงทะเบียนตั้งแต่วันที่ ", carbon_thai_date(p, from, 0), NULL));
    else if (to)
        out = append(p, out, apr_pstrcat(p, "ลงทะเบียนถึงวันที่ ", carbon_thai_date(p, to, 0), NULL));
    if ((q = carbon_json_str(given, "q")))
        out = append(p, out, apr_pstrcat(p, "ชื่อหรือเลขที่บัญชี T-VER มีคำว่า “", q, "”", NULL));
    if (*out)
        *text = out;
    return CARBON_DB_OK;
}

/* ---- one row of a report ------------------------------------------------- */

/* "99/1 หมู่ 2 ถนนเจริญเมือง ตำบลในเวียง อำเภอเมืองแพร่ จังหวัดแพร่ 54000". */
static const char *full_address(apr_pool_t *p, json_t *rec)
{
    const char *province = carbon_json_str(rec, "province_code");
    int bkk = province && !strcmp(province, BANGKOK_CODE);
    const char *address = carbon_json_str(rec, "address"), *road = carbon_json_str(rec, "road");
    const char *sub = carbon_json_str(rec, "subdistrict_name"), *dist = carbon_json_str(rec, "district_name");
    const char *prov = carbon_json_str(rec, "province_name"), *postcode = carbon_json_str(rec, "postcode");
    const char *out = address ? address : "";
    if (road && *road)
        out = apr_pstrcat(p, out, " ", (!strncmp(road, "ถนน", strlen("ถนน")) || !strncmp(road, "ถ.", strlen("ถ.")))
                                          ? "" : "ถนน", road, NULL);
    if (sub)
        out = apr_pstrcat(p, out, bkk ? " แขวง" : " ตำบล", sub, NULL);
    if (dist)
        out = apr_pstrcat(p, out, bkk ? " เขต" : " อำเภอ", dist, NULL);
    if (prov)
        out = apr_pstrcat(p, out, bkk ? " " : " จังหวัด", prov, NULL);
    if (postcode)
        out = apr_pstrcat(p, out, " ", postcode, NULL);
    return out;
}

/* Sets key to text (skipped when NULL or empty). */
static void set_text(json_t *row, const char *key, const char *text)
{
    if (text && *text) {
        json_t *s = json_string(text);
        if (s)
            json_object_set_new(row, key, s);
    }
}

/* A buyer record as a report row (a new object; its strings are copies, so
 * the scratch pool sp may be cleared right after). */
static json_t *report_row(apr_pool_t *sp, json_t *rec, long long no)
{
    json_t *row = json_object();
    const char *phone = carbon_json_str(rec, "phone"), *office = carbon_json_str(rec, "office_phone");
    const char *activity = carbon_json_str(rec, "business_type");
    const char *date = carbon_json_str(rec, "registered_on");
    const char *first = carbon_json_str(rec, "coordinator_first_name");
    const char *last = carbon_json_str(rec, "coordinator_last_name");
    int has_tver = json_is_true(json_object_get(rec, "has_tver_account"));
    json_object_set_new(row, "row_no", json_integer((json_int_t)no));
    json_object_set_new(row, "id", json_integer(carbon_row_int(rec, "id")));
    set_text(row, "registered_on_th", date ? carbon_thai_date(sp, date, 0) : NULL);
    set_text(row, "buyer_type_name", carbon_json_str(rec, "buyer_type_name"));
    set_text(row, "display_name", carbon_json_str(rec, "display_name"));
    if (!activity || !*activity)
        activity = carbon_json_str(rec, "occupation");
    set_text(row, "activity", activity);
    set_text(row, "tver", has_tver ? "มี" : "ไม่มี");
    json_object_set_new(row, "has_tver_account", json_boolean(has_tver));
    if (has_tver) {
        set_text(row, "tver_account_name", carbon_json_str(rec, "tver_account_name"));
        set_text(row, "tver_account_no", carbon_json_str(rec, "tver_account_no"));
    }
    set_text(row, "address_full", full_address(sp, rec));
    set_text(row, "phone", phone ? carbon_buyer_phone_display(sp, phone) : NULL);
    set_text(row, "office_phone", office ? carbon_buyer_phone_display(sp, office) : NULL);
    set_text(row, "coordinator", apr_pstrcat(sp, first ? first : "", first && last ? " " : "", last ? last : "",
                                             NULL));
    set_text(row, "registered_by_org", carbon_json_str(rec, "registered_by_org"));
    return row;
}

/* ---- reading the filters --------------------------------------------------- */

/* Reads the filters. OK, or the answer already sent in *done: 422 JSON
 * under the API, else a 303 to the search page with the same filters,
 * which shows the Thai messages beside the fields. */
static int read_filters(carbon_req *cr, carbon_db *db, apr_table_t *args, carbon_buyer_filters *f, int *done)
{
    apr_pool_t *p = cr->r->pool;
    json_t *errors = carbon_json_pool(p, json_object());
    int rv = carbon_buyer_filters_read(cr, db, args, f, errors);
    *done = 1;
    if (rv == HTTP_UNPROCESSABLE_ENTITY) {
        if (cr->is_api)
            return carbon_send_errors(cr, json_incref(errors));
        return carbon_redirect_local(cr, apr_pstrcat(p, "/registry/buyers?", filters_query(p, args), NULL));
    }
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    *done = 0;
    return OK;
}

/* ---- Excel ------------------------------------------------------------------- */

typedef struct {
    carbon_xlsx *x;
    apr_pool_t *scratch;
    long long n;
} export_state;

static int export_row(void *baton, json_t *rec)
{
    export_state *s = baton;
    json_t *row = report_row(s->scratch, rec, ++s->n);
    int rv = carbon_xlsx_add_row(s->x, row);
    json_decref(row);
    apr_pool_clear(s->scratch);
    return rv ? HTTP_INTERNAL_SERVER_ERROR : 0;
}

/* GET api/v1/buyers.xlsx and registry/buyers.xlsx: every matching buyer. */
static int h_export(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_time_t now = apr_time_now();
    const char *title, *subtitle, *today, *ymd, *be_ymd;
    carbon_buyer_filters f;
    export_state s = { NULL, NULL, 0 };
    json_t *total;
    carbon_db_status st;
    int rv, done;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    rv = read_filters(cr, db, carbon_query_args(cr), &f, &done);
    if (done)
        return rv;
    if ((st = describe_filters(p, db, &f, &title)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    title = apr_pstrcat(p, TITLE_REGISTRY " — ", title, NULL);
    subtitle = apr_pstrcat(p, "ส่งออกเมื่อ ", carbon_thai_datetime(p, carbon_now_iso(p, now)),
                           cr->user && cr->user->display_name ? " โดย " : "",
                           cr->user && cr->user->display_name ? cr->user->display_name : "", NULL);
    if (!(s.x = carbon_xlsx_open(cr, SHEET_TH, title, subtitle, columns)))
        return carbon_send_body_error(cr, HTTP_INTERNAL_SERVER_ERROR);
    apr_pool_create(&s.scratch, p);
    rv = carbon_buyers_each(cr, db, &f, export_row, &s);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    total = json_pack("{s:s}", "row_no", apr_pstrcat(p, "รวม ", carbon_format_int(p, s.n), " ราย", NULL));
    rv = carbon_xlsx_add_row(s.x, total);
    json_decref(total);
    if (rv)
        return carbon_send_body_error(cr, HTTP_INTERNAL_SERVER_ERROR);
    if ((rv = carbon_pdpa_record_list(cr, db, "export", f.given, s.n)) != OK)
        return carbon_send_body_error(cr, rv);
    today = carbon_today_iso(p, now);                       /* YYYY-MM-DD, Bangkok */
    ymd = apr_pstrcat(p, apr_pstrmemdup(p, today, 4), apr_pstrmemdup(p, today + 5, 2), today + 8, NULL);
    be_ymd = apr_pstrcat(p, apr_itoa(p, carbon_be_year(atoi(today))), ymd + 4, NULL);
    return carbon_xlsx_send(s.x, apr_pstrcat(p, "buyers-", ymd, ".xlsx", NULL),
                            apr_pstrcat(p, FILENAME_TH "-", be_ymd, ".xlsx", NULL));
}

/* ---- the printable report ------------------------------------------------ */

typedef struct {
    json_t *rows;
    apr_pool_t *scratch;
    long long n;
    int truncated;
} print_state;

static int print_row(void *baton, json_t *rec)
{
    print_state *s = baton;
    if (s->n == PRINT_MAX) {
        s->truncated = 1;
        return STOP_ROWS;
    }
    json_array_append_new(s->rows, report_row(s->scratch, rec, ++s->n));
    apr_pool_clear(s->scratch);
    return 0;
}

/* GET registry/buyers/print: the matching buyers as a page for printing. */
static int h_print(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *args = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object());
    const char *filters_th, *query;
    carbon_buyer_filters f;
    print_state s = { NULL, NULL, 0, 0 };
    long long total;
    carbon_db_status st;
    int rv, done;
    if (!db)
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    rv = read_filters(cr, db, args, &f, &done);
    if (done)
        return rv;
    if ((st = describe_filters(p, db, &f, &filters_th)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    s.rows = json_array();
    json_object_set_new(ctx, "rows", s.rows);
    apr_pool_create(&s.scratch, p);
    rv = carbon_buyers_each(cr, db, &f, print_row, &s);
    if (rv != OK && rv != STOP_ROWS)
        return carbon_send_body_error(cr, rv);
    total = s.n;
    if (s.truncated) {
        json_t *first = NULL;
        f.page = 1;
        f.per_page = 1;
        if ((rv = carbon_buyers_search(cr, db, &f, &first, &total)) != OK)
            return carbon_send_body_error(cr, rv);
    }
    if ((rv = carbon_pdpa_record_list(cr, db, "print", f.given, s.n)) != OK)
        return carbon_send_body_error(cr, rv);
    query = filters_query(p, args);
    json_object_set_new(ctx, "filters_th", json_string(filters_th));
    json_object_set_new(ctx, "printed_at", json_string(carbon_thai_datetime(p, carbon_now_iso(p, apr_time_now()))));
    json_object_set_new(ctx, "count", json_integer((json_int_t)s.n));
    json_object_set_new(ctx, "total", json_integer((json_int_t)total));
    json_object_set_new(ctx, "truncated", json_boolean(s.truncated));
    json_object_set_new(ctx, "print_max", json_integer(PRINT_MAX));
    json_object_set_new(ctx, "xlsx_href", json_string(apr_pstrcat(p, cr->base, "/registry/buyers.xlsx?", query, NULL)));
    json_object_set_new(ctx, "back_href", json_string(apr_pstrcat(p, cr->base, "/registry/buyers?", query, NULL)));
    return carbon_send_page(cr, HTTP_OK, "buyers_print", TITLE_PRINT, ctx);
}

/* The router prefers literal segments: /registry/buyers/print
 * would otherwise be taken by /registry/buyers/{id}. */
static const carbon_route routes[] = {
    { "GET", "/api/v1/buyers.xlsx",     h_export, 0 },
    { "GET", "/registry/buyers.xlsx",   h_export, 0 },
    { "GET", "/registry/buyers/print",  h_print, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
