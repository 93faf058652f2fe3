/* xlsx.c: see xlsx.h. */
#include "xlsx.h"
#include "thaifmt.h"
#include "http.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "apr_file_io.h"
#include "apr_buckets.h"
#include "util_filter.h"
#include <xlsxwriter.h>
#include <unistd.h>

APLOG_USE_MODULE(carbon);

struct carbon_xlsx {
    carbon_req *cr;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *int_fmt, *baht_fmt, *date_fmt, *head_fmt, *title_fmt;
    const carbon_xlsx_column *columns;
    int ncols;
    lxw_row_t next_row;
    long rows;
    apr_pool_t *scratch;        /* cleared after every row */
    char *path;
    int failed;
};

static apr_status_t close_workbook(void *data)
{
    carbon_xlsx *x = data;
    if (x->wb) {
        workbook_close(x->wb);
        x->wb = NULL;
    }
    if (x->path)
        unlink(x->path);
    return APR_SUCCESS;
}

carbon_xlsx *carbon_xlsx_open(carbon_req *cr, const char *sheet_th, const char *title_th,
                              const char *subtitle_th, const carbon_xlsx_column *columns)
{
    apr_pool_t *p = cr->r->pool;
    carbon_xlsx *x = apr_pcalloc(p, sizeof(*x));
    const char *tmp = NULL;
    apr_file_t *f;
    lxw_workbook_options opts = { 0 };
    int i;
    x->cr = cr;
    x->columns = columns;
    apr_pool_create(&x->scratch, p);
    for (x->ncols = 0; columns[x->ncols].key; x->ncols++)
        ;
    if (apr_temp_dir_get(&tmp, p) != APR_SUCCESS)
        tmp = "/tmp";
    x->path = apr_pstrcat(p, tmp, "/carbon-export-XXXXXX", NULL);
    if (apr_file_mktemp(&f, x->path, APR_FOPEN_CREATE | APR_FOPEN_WRITE | APR_FOPEN_EXCL, p) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, cr->r, CARBONLOGNO(60) "xlsx: no temporary file in %s", tmp);
        return NULL;
    }
    apr_file_close(f);
    opts.constant_memory = LXW_TRUE;
    opts.tmpdir = (char *)tmp;
    x->wb = workbook_new_opt(x->path, &opts);
    apr_pool_cleanup_register(p, x, close_workbook, apr_pool_cleanup_null);
    if (!x->wb || !(x->ws = workbook_add_worksheet(x->wb, sheet_th))) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, cr->r, CARBONLOGNO(61) "xlsx: cannot start the workbook");
        return NULL;
    }
    x->int_fmt = workbook_add_format(x->wb);
    format_set_num_format(x->int_fmt, "#,##0");
    x->baht_fmt = workbook_add_format(x->wb);
    format_set_num_format(x->baht_fmt, "#,##0.00");
    x->date_fmt = workbook_add_format(x->wb);
    format_set_num_format(x->date_fmt, "[$-th-TH]d/m/bbbb");
    x->head_fmt = workbook_add_format(x->wb);
    format_set_bold(x->head_fmt);
    format_set_bg_color(x->head_fmt, 0xE8F3EC);
    format_set_border(x->head_fmt, LXW_BORDER_THIN);
    format_set_text_wrap(x->head_fmt);
    x->title_fmt = workbook_add_format(x->wb);
    format_set_bold(x->title_fmt);
    format_set_font_size(x->title_fmt, 14);
    for (i = 0; i < x->ncols; i++)
        worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, columns[i].width > 0 ? columns[i].width : 16, NULL);
    worksheet_write_string(x->ws, 0, 0, title_th, x->title_fmt);
    if (subtitle_th)
        worksheet_write_string(x->ws, 1, 0, subtitle_th, NULL);
    for (i = 0; i < x->ncols; i++)
        worksheet_write_string(x->ws, 3, (lxw_col_t)i, columns[i].header_th, x->head_fmt);
    worksheet_freeze_panes(x->ws, 4, 0);
    x->next_row = 4;
    return x;
}

int carbon_xlsx_add_row(carbon_xlsx *x, json_t *row)
{
    apr_pool_t *p = x->scratch;
    int i;
    for (i = 0; i < x->ncols; i++) {
        const carbon_xlsx_column *c = &x->columns[i];
        json_t *v = json_object_get(row, c->key);
        lxw_col_t col = (lxw_col_t)i;
        lxw_error err = LXW_NO_ERROR;
        if (!v || json_is_null(v))
            continue;
        switch (c->kind) {
        case CARBON_XLSX_INT:
            if (json_is_integer(v))
                err = worksheet_write_number(x->ws, x->next_row, col, (double)json_integer_value(v), x->int_fmt);
            break;
        case CARBON_XLSX_BAHT:
            if (json_is_integer(v))
                err = worksheet_write_number(x->ws, x->next_row, col, (double)json_integer_value(v) / 100.0,
                                             x->baht_fmt);
            break;
        case CARBON_XLSX_DATE:
            if (json_is_string(v)) {
                int y, m, d;
                if (carbon_parse_iso_date(json_string_value(v), &y, &m, &d) == APR_SUCCESS) {
                    lxw_datetime dt = { y, m, d, 0, 0, 0 };
                    err = worksheet_write_datetime(x->ws, x->next_row, col, &dt, x->date_fmt);
                }
            }
            break;
        case CARBON_XLSX_THAI_DATE:
            if (json_is_string(v)) {
                const char *th = carbon_thai_date(p, json_string_value(v), 0);
                err = worksheet_write_string(x->ws, x->next_row, col, th ? th : json_string_value(v), NULL);
            }
            break;
        default:
            if (json_is_string(v))
                err = worksheet_write_string(x->ws, x->next_row, col, json_string_value(v), NULL);
            else if (json_is_integer(v))
                err = worksheet_write_number(x->ws, x->next_row, col, (double)json_integer_value(v), NULL);
            break;
        }
        if (err != LXW_NO_ERROR) {
            x->failed = 1;
            return -1;
        }
    }
    apr_pool_clear(x->scratch);     /* libxlsxwriter has copied the row's strings */
    x->next_row++;
    x->rows++;
    return 0;
}

int carbon_xlsx_row_cb(void *baton, json_t *row)
{
    return carbon_xlsx_add_row(baton, row);
}

long carbon_xlsx_rows(const carbon_xlsx *x)
{
    return x->rows;
}

int carbon_xlsx_send(carbon_xlsx *x, const char *filename, const char *filename_th)
{
    request_rec *r = x->cr->r;
    apr_file_t *f;
    apr_finfo_t fi;
    apr_bucket_brigade *bb;
    lxw_error err = workbook_close(x->wb);
    x->wb = NULL;
    if (err != LXW_NO_ERROR || x->failed) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, CARBONLOGNO(62) "xlsx: %s", lxw_strerror(err));
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (apr_file_open(&f, x->path, APR_FOPEN_READ | APR_FOPEN_SENDFILE_ENABLED, 0, r->pool) != APR_SUCCESS
        || apr_file_info_get(&fi, APR_FINFO_SIZE, f) != APR_SUCCESS)
        return HTTP_INTERNAL_SERVER_ERROR;
    unlink(x->path);        /* the open descriptor keeps the data until sent */
    x->path = NULL;
    ap_set_content_type(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    carbon_set_attachment(x->cr, filename, filename_th);
    apr_table_setn(r->headers_out, "Cache-Control", "private, no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    ap_set_content_length(r, fi.size);
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_brigade_insert_file(bb, f, 0, fi.size, r->pool);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(r->connection->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS ? OK : AP_FILTER_ERROR;
}
