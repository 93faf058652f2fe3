/* report_pdf.c: see report_pdf.h. */
#include "report_pdf.h"
#include "bahttext.h"
#include "budget.h"
#include "http.h"
#include "json_util.h"
#include "listing.h"
#include "money.h"
#include "thaifmt.h"
#include "session.h"
#include "http_protocol.h"
#include "http_log.h"
#include "apr_strings.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

APLOG_USE_MODULE(carbon);

#define PAGE_W 595.276   /* A4 in points */
#define PAGE_H 841.890
#define MARGIN_L 56.0
#define MARGIN_R 42.0
#define MARGIN_T 42.0
#define MARGIN_B 48.0
#define FOOTER_H 22.0
#define FONT "Laksaman"
#define BODY_PT 12.0
#define CELL_PAD 3.0
#define MAX_COLS 9

/* ---- a page-breaking writer over cairo + pango --------------------------- */

typedef struct {
    cairo_t *cr;
    PangoContext *ctx;
    double y;
    int page, pages;            /* pages: the total from the first pass (0 during it) */
    const char *printed;        /* "พิมพ์เมื่อ ..." */
    /* the open table */
    int ncols;
    double widths[MAX_COLS];    /* points */
    int right[MAX_COLS];
    const char *headers[MAX_COLS];
    int in_table;
} pdf;

static PangoLayout *layout(pdf *d, const char *text, double size, int bold, double width, PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(d->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static double height_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void show(pdf *d, PangoLayout *l, double x, double y)
{
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
}

static void footer(pdf *d)
{
    double width = PAGE_W - MARGIN_L - MARGIN_R;
    char pages[64];
    PangoLayout *l;
    if (d->pages)
        snprintf(pages, sizeof(pages), "หน้า %d จาก %d", d->page, d->pages);
    else
        snprintf(pages, sizeof(pages), "หน้า %d จาก %d", d->page, d->page);
    cairo_set_line_width(d->cr, 0.5);
    cairo_move_to(d->cr, MARGIN_L, PAGE_H - MARGIN_B);
    cairo_line_to(d->cr, PAGE_W - MARGIN_R, PAGE_H - MARGIN_B);
    cairo_stroke(d->cr);
    l = layout(d, d->printed, 11, 0, width, PANGO_ALIGN_LEFT);
    show(d, l, MARGIN_L, PAGE_H - MARGIN_B + 3);
    g_object_unref(l);
    l = layout(d, pages, 11, 0, width, PANGO_ALIGN_RIGHT);
    show(d, l, MARGIN_L, PAGE_H - MARGIN_B + 3);
    g_object_unref(l);
}

static void table_header(pdf *d);

static void new_page(pdf *d)
{
    footer(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = MARGIN_T;
    if (d->in_table)
        table_header(d);
}

/* Room for h points more on this page, or a new page. */
static void need(pdf *d, double h)
{
    if (d->y + h > PAGE_H - MARGIN_B - 4)
        new_page(d);
}

static void para(pdf *d, const char *text, double size, int bold, PangoAlignment align)
{
    PangoLayout *l = layout(d, text, size, bold, PAGE_W - MARGIN_L - MARGIN_R, align);
    double h = height_of(l);
    need(d, h);
    show(d, l, MARGIN_L, d->y);
    d->y += h + 2;
    g_object_unref(l);
}

/* One row of cells with borders; header rows are shaded and bold. */
static void row(pdf *d, const char *const *cells, int bold, int shade)
{
    PangoLayout *ls[MAX_COLS];
    double h = 0, x = MARGIN_L;
    int i;
    for (i = 0; i < d->ncols; i++) {
        ls[i] = layout(d, cells[i], BODY_PT, bold, d->widths[i] - 2 * CELL_PAD,
                       shade ? PANGO_ALIGN_CENTER : d->right[i] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        if (height_of(ls[i]) > h)
            h = height_of(ls[i]);
    }
    h += 2 * CELL_PAD;
    if (!shade)
        need(d, h);
    for (i = 0; i < d->ncols; i++) {
        cairo_rectangle(d->cr, x, d->y, d->widths[i], h);
        if (shade) {
            cairo_set_source_rgb(d->cr, 0.88, 0.92, 0.88);
            cairo_fill_preserve(d->cr);
            cairo_set_source_rgb(d->cr, 0, 0, 0);
        }
        cairo_set_line_width(d->cr, 0.5);
        cairo_stroke(d->cr);
        show(d, ls[i], x + CELL_PAD, d->y + CELL_PAD);
        x += d->widths[i];
        g_object_unref(ls[i]);
    }
    d->y += h;
}

static void table_header(pdf *d)
{
    row(d, d->headers, 1, 1);
}

/* Opens a table: fractions of the text width, right-aligned columns. */
static void table(pdf *d, int ncols, const double *fractions, const int *right, const char *const *headers)
{
    double width = PAGE_W - MARGIN_L - MARGIN_R;
    int i;
    d->ncols = ncols;
    for (i = 0; i < ncols; i++) {
        d->widths[i] = fractions[i] * width;
        d->right[i] = right[i];
        d->headers[i] = headers[i];
    }
    need(d, 60);   /* a header alone at the foot of a page helps nobody */
    d->in_table = 1;
    table_header(d);
}

static void table_end(pdf *d)
{
    d->in_table = 0;
    d->y += 8;
}

/* ---- the report --------------------------------------------------------- */

typedef struct {
    carbon_req *cr;
    const carbon_report_query *q;
    pdf *d;
    long long n, sum_a, sum_b, sum_c, sum_d;
    long long count;
} report_state;

static const char *baht(apr_pool_t *p, long long satang)
{
    return carbon_satang_format(p, satang);
}

static const char *words(apr_pool_t *p, long long satang)
{
    char buf[512];
    if (carbon_baht_text(satang, buf, sizeof(buf)) < 0)
        return "";
    return apr_pstrcat(p, "(", buf, ")", NULL);
}

static const char *thai_date(apr_pool_t *p, const char *iso)
{
    const char *s = iso ? carbon_thai_date(p, iso, 0) : NULL;
    return s ? s : "-";
}

static int income_row(void *baton, json_t *r)
{
    report_state *s = baton;
    apr_pool_t *p = s->cr->r->pool;
    const char *cells[6];
    s->n++;
    cells[0] = carbon_i64(p, s->n);
    cells[1] = carbon_json_str(r, "order_no");
    cells[2] = thai_date(p, carbon_json_str(r, "confirmed_on"));
    cells[3] = carbon_json_str(r, "buyer_name");
    cells[4] = carbon_format_int(p, carbon_row_int(r, "quantity_tco2e"));
    cells[5] = baht(p, carbon_row_int(r, "total_satang"));
    s->sum_a += carbon_row_int(r, "quantity_tco2e");
    s->sum_b += carbon_row_int(r, "total_satang");
    row(s->d, cells, 0, 0);
    return 0;
}

static int spending_row(void *baton, json_t *r)
{
    report_state *s = baton;
    apr_pool_t *p = s->cr->r->pool;
    const char *status = carbon_json_str(r, "status"), *cells[7];
    const char *name = carbon_json_str(r, "name"), *note = carbon_json_str(r, "note");
    cells[0] = carbon_json_str(r, "round");
    cells[1] = name ? name : note ? apr_pstrcat(p, "หมายเหตุ: ", note, NULL) : "-";
    cells[2] = carbon_json_str(r, "project_type_name") ? carbon_json_str(r, "project_type_name") : "-";
    cells[3] = carbon_spending_status_th(status);
    cells[4] = baht(p, carbon_row_int(r, "budget_credit_satang"));
    cells[5] = baht(p, carbon_row_int(r, "budget_other_satang"));
    cells[6] = baht(p, carbon_row_int(r, "total_satang"));
    if (!cells[0]) {
        cells[0] = carbon_i64(p, carbon_row_int(r, "round"));
    }
    s->count++;
    s->sum_a += carbon_row_int(r, "budget_credit_satang");
    s->sum_b += carbon_row_int(r, "budget_other_satang");
    s->sum_c += carbon_row_int(r, "total_satang");
    row(s->d, cells, 0, 0);
    return 0;
}

/* A province's LAO, or the nation's province. */
static int area_row(void *baton, json_t *r)
{
    report_state *s = baton;
    apr_pool_t *p = s->cr->r->pool;
    long long income = carbon_row_int(r, "income_satang"), committed = carbon_row_int(r, "committed_satang");
    const char *cells[7];
    s->n++;
    cells[0] = carbon_i64(p, s->n);
    cells[1] = s->q->form == CARBON_REPORT_PROVINCE
               ? apr_pstrcat(p, carbon_json_str(r, "name_th"), " (อ.", carbon_json_str(r, "district_name"), ")", NULL)
               : carbon_json_str(r, "name_th");
    cells[2] = baht(p, income);
    cells[3] = baht(p, committed);
    cells[4] = baht(p, income - committed);
    cells[5] = carbon_format_int(p, carbon_row_int(r, "records_count"));
    cells[6] = baht(p, carbon_row_int(r, "year_credit_satang"));
    s->sum_a += income;
    s->sum_b += committed;
    s->count += carbon_row_int(r, "records_count");
    s->sum_d += carbon_row_int(r, "year_credit_satang");
    row(s->d, cells, 0, 0);
    return 0;
}

/* The summary of income, committed and available with the words. */
static void summary(pdf *d, apr_pool_t *p, const char *title, long long income, long long committed)
{
    static const double fr[] = { 0.36, 0.18, 0.46 };
    static const int right[] = { 0, 1, 0 };
    static const char *const heads[] = { "รายการ", "จำนวนเงิน (บาท)", "จำนวนเงิน (ตัวอักษร)" };
    const char *cells[3];
    need(d, 130);   /* the summary stays on one page */
    para(d, title, 15, 1, PANGO_ALIGN_LEFT);
    table(d, 3, fr, right, heads);
    cells[0] = "รายรับจากการขายคาร์บอนเครดิตทั้งหมด";
    cells[1] = baht(p, income);
    cells[2] = words(p, income);
    row(d, cells, 0, 0);
    cells[0] = "งบประมาณที่ขอใช้จ่ายแล้ว";
    cells[1] = baht(p, committed);
    cells[2] = words(p, committed);
    row(d, cells, 0, 0);
    cells[0] = "งบประมาณคงเหลือที่ใช้ได้";
    cells[1] = baht(p, income - committed);
    cells[2] = words(p, income - committed);
    row(d, cells, 1, 0);
    table_end(d);
}

static carbon_db_status draw_report(carbon_req *cr, carbon_db *db, const carbon_report_query *q, pdf *d)
{
    apr_pool_t *p = cr->r->pool;
    json_t *h = q->head;
    report_state s;
    carbon_db_status st;
    const char *fy = apr_psprintf(p, "ปีงบประมาณ พ.ศ. %d", q->fiscal_year);
    memset(&s, 0, sizeof(s));
    s.cr = cr;
    s.q = q;
    s.d = d;
    para(d, "กรมส่งเสริมการปกครองท้องถิ่น", 18, 1, PANGO_ALIGN_CENTER);
    para(d, "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต", 17, 1, PANGO_ALIGN_CENTER);
    if (q->form == CARBON_REPORT_LAO) {
        static const double fi[] = { 0.07, 0.15, 0.15, 0.31, 0.14, 0.18 };
        static const int ri[] = { 1, 0, 0, 0, 1, 1 };
        static const char *const hi[] = { "ลำดับ", "เลขที่คำสั่งซื้อ", "วันที่ยืนยันการขาย", "ผู้ซื้อ",
                                          "ปริมาณ (tCO2eq)", "จำนวนเงิน (บาท)" };
        static const double fs[] = { 0.06, 0.27, 0.15, 0.14, 0.13, 0.12, 0.13 };
        static const int rs[] = { 1, 0, 0, 0, 1, 1, 1 };
        static const char *const hs[] = { "รอบ", "ชื่อโครงการ/กิจกรรม", "ประเภทโครงการ", "สถานะ",
                                          "งบประมาณจากการขายคาร์บอนเครดิต (บาท)", "งบประมาณจากแหล่งอื่น ๆ (บาท)",
                                          "รวม (บาท)" };
        const char *cells[7];
        para(d, "แบบ อปท.", 14, 0, PANGO_ALIGN_CENTER);
        para(d, apr_pstrcat(p, carbon_json_str(h, "lao_name"), " อำเภอ", carbon_json_str(h, "district_name"),
                            " จังหวัด", carbon_json_str(h, "province_name"), NULL), 15, 1, PANGO_ALIGN_CENTER);
        para(d, fy, 15, 1, PANGO_ALIGN_CENTER);
        d->y += 6;
        para(d, "1. รายรับจากการขายคาร์บอนเครดิต (ข้อมูลรายรับ)", 15, 1, PANGO_ALIGN_LEFT);
        table(d, 6, fi, ri, hi);
        if ((st = carbon_report_each(cr, db, q, "income", income_row, &s)))
            return st;
        if (!s.n) {
            const char *none[6] = { "", "", "", "ไม่มีรายรับในปีงบประมาณนี้", "", "" };
            row(d, none, 0, 0);
        }
        cells[0] = "";
        cells[1] = "";
        cells[2] = "";
        cells[3] = "รวมรายรับในปีงบประมาณ";
        cells[4] = carbon_format_int(p, s.sum_a);
        cells[5] = baht(p, s.sum_b);
        row(d, cells, 1, 0);
        table_end(d);
        para(d, apr_pstrcat(p, "รวมรายรับในปีงบประมาณ ", baht(p, s.sum_b), " บาท ", words(p, s.sum_b), NULL),
             BODY_PT, 0, PANGO_ALIGN_LEFT);
        d->y += 6;
        s.sum_a = s.sum_b = 0;
        para(d, "2. รายการขอใช้จ่ายรายได้ (ข้อมูลรายจ่าย) ตามรอบการขอใช้", 15, 1, PANGO_ALIGN_LEFT);
        table(d, 7, fs, rs, hs);
        if ((st = carbon_report_each(cr, db, q, "spending", spending_row, &s)))
            return st;
        if (!s.count) {
            const char *none[7] = { "", "ไม่มีรายการขอใช้จ่ายในปีงบประมาณนี้", "", "", "", "", "" };
            row(d, none, 0, 0);
        }
        cells[0] = "";
        cells[1] = "รวมรายจ่ายในปีงบประมาณ";
        cells[2] = "";
        cells[3] = "";
        cells[4] = baht(p, s.sum_a);
        cells[5] = baht(p, s.sum_b);
        cells[6] = baht(p, s.sum_c);
        row(d, cells, 1, 0);
        table_end(d);
        d->y += 6;
        summary(d, p, "3. สรุปงบประมาณรายได้จากการขายคาร์บอนเครดิต (ยอดสะสม ณ วันที่พิมพ์)",
                carbon_row_int(q->budget, "income_satang"), carbon_row_int(q->budget, "committed_satang"));
    } else {
        static const double fa[] = { 0.08, 0.28, 0.14, 0.13, 0.13, 0.10, 0.14 };
        static const int ra[] = { 1, 0, 1, 1, 1, 1, 1 };
        const char *ha[] = { "ลำดับ", q->form == CARBON_REPORT_PROVINCE ? "อปท." : "จังหวัด",
                             "รายรับสะสม (บาท)", "ขอใช้แล้ว (บาท)", "คงเหลือ (บาท)",
                             "จำนวนรายการ (ปีงบฯ)", "ขอใช้ในปีงบประมาณ (บาท)" };
        const char *cells[7];
        if (q->form == CARBON_REPORT_PROVINCE) {
            para(d, "แบบจังหวัด", 14, 0, PANGO_ALIGN_CENTER);
            para(d, apr_pstrcat(p, "จังหวัด", carbon_json_str(h, "province_name"), NULL), 15, 1, PANGO_ALIGN_CENTER);
        } else {
            para(d, "แบบภาพรวมประเทศ", 14, 0, PANGO_ALIGN_CENTER);
        }
        para(d, fy, 15, 1, PANGO_ALIGN_CENTER);
        d->y += 6;
        table(d, 7, fa, ra, ha);
        if ((st = carbon_report_each(cr, db, q, "rows", area_row, &s)))
            return st;
        cells[0] = "";
        cells[1] = "รวม";
        cells[2] = baht(p, s.sum_a);
        cells[3] = baht(p, s.sum_b);
        cells[4] = baht(p, s.sum_a - s.sum_b);
        cells[5] = carbon_format_int(p, s.count);
        cells[6] = baht(p, s.sum_d);
        row(d, cells, 1, 0);
        table_end(d);
        d->y += 6;
        summary(d, p, "สรุปงบประมาณรายได้จากการขายคาร์บอนเครดิต (ยอดสะสม ณ วันที่พิมพ์)", s.sum_a, s.sum_b);
    }
    return CARBON_DB_OK;
}

/* ---- output ------------------------------------------------------------- */

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_client(void *closure, const unsigned char *data, unsigned int length)
{
    request_rec *r = closure;
    return ap_rwrite(data, (int)length, r) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* One pass: draws into a PDF going to write; *pages is the count. */
static carbon_db_status pass(carbon_req *cr, carbon_db *db, const carbon_report_query *q,
                             cairo_write_func_t write, void *closure, int total, int *pages)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write, closure, PAGE_W, PAGE_H);
    pdf d;
    carbon_db_status st;
    memset(&d, 0, sizeof(d));
    d.cr = cairo_create(surface);
    d.ctx = pango_cairo_create_context(d.cr);
    pango_cairo_context_set_resolution(d.ctx, 72);   /* pango's points are the PDF's */
    d.page = 1;
    d.pages = total;
    d.y = MARGIN_T;
    d.printed = apr_pstrcat(cr->r->pool, "พิมพ์เมื่อ ",
                            carbon_thai_datetime(cr->r->pool, carbon_now_iso(cr->r->pool, apr_time_now())), NULL);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, "กรมส่งเสริมการปกครองท้องถิ่น");
    cairo_set_source_rgb(d.cr, 0, 0, 0);
    st = draw_report(cr, db, q, &d);
    footer(&d);
    cairo_show_page(d.cr);
    *pages = d.page;
    g_object_unref(d.ctx);
    cairo_destroy(d.cr);
    cairo_surface_finish(surface);
    if (!st && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        st = CARBON_DB_ERROR;
    cairo_surface_destroy(surface);
    return st;
}

int carbon_report_pdf_send(carbon_req *cr, carbon_db *db, const carbon_report_query *q)
{
    apr_pool_t *p = cr->r->pool;
    const char *code = q->form == CARBON_REPORT_LAO ? q->lao_code
                       : q->form == CARBON_REPORT_PROVINCE ? q->province_code : "all";
    const char *name = apr_psprintf(p, "spending-report-%d-%s.pdf", q->fiscal_year, code);
    int pages = 0, again = 0;
    carbon_db_status st;
    if ((st = pass(cr, db, q, discard, NULL, 0, &pages)))
        return carbon_db_http_status(st);
    ap_set_content_type(cr->r, CARBON_REPORT_PDF_TYPE);
    apr_table_setn(cr->r->headers_out, "Cache-Control", "no-store");
    carbon_set_attachment(cr, name, apr_psprintf(p, "รายงานบัญชีการขอใช้จ่ายรายได้-%d-%s.pdf", q->fiscal_year, code));
    if ((st = pass(cr, db, q, to_client, cr->r, pages, &again)))
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, cr->r, "carbon: spending report failed while sending");
    return OK;
}
