/* csv.c: see csv.h. */
#include "csv.h"

#include <apr_strings.h>
#include <string.h>

#define BOM "\xEF\xBB\xBF"

int carbon_csv_is_utf8(const char *data, apr_size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    apr_size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        unsigned long cp;
        int n, k;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return 0;
        if (len - i <= (apr_size_t)n)
            return 0;
        for (k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF
            || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += (apr_size_t)n + 1;
    }
    return 1;
}

/* The reader's state while it walks the text. */
typedef struct {
    apr_pool_t *p;
    const char *s, *end;
    int line;                    /* row number of the record being read */
    apr_array_header_t *fields;  /* const char * of the current record */
    apr_array_header_t *records;
} csv_reader;

static void end_field(csv_reader *rd, const char *start, apr_size_t len)
{
    APR_ARRAY_PUSH(rd->fields, const char *) = apr_pstrmemdup(rd->p, start, len);
}

static void end_record(csv_reader *rd)
{
    carbon_csv_record *rec = apr_array_push(rd->records);
    rec->line = rd->line;
    rec->nfields = rd->fields->nelts;
    rec->fields = (const char **)rd->fields->elts;
    rd->fields = apr_array_make(rd->p, 8, sizeof(const char *));
    rd->line++;
}

/* Skips one line break at *s (CRLF, LF or CR); 1 if there was one. */
static int skip_break(const char **s, const char *end)
{
    if (*s < end && **s == '\r') {
        (*s)++;
        if (*s < end && **s == '\n')
            (*s)++;
        return 1;
    }
    if (*s < end && **s == '\n') {
        (*s)++;
        return 1;
    }
    return 0;
}

/* A quoted field starting after its opening quote; NULL or a message. */
static const char *read_quoted(csv_reader *rd)
{
    apr_size_t cap = 64, used = 0;
    char *buf = apr_palloc(rd->p, cap);
    int start_line = rd->line;
    for (;;) {
        char c;
        if (rd->s >= rd->end)
            return apr_psprintf(rd->p, "แถวที่ %d: เครื่องหมายคำพูด (\") เปิดไว้แต่ไม่ได้ปิด", start_line);
        c = *rd->s++;
        if (c == '"') {
            if (rd->s < rd->end && *rd->s == '"') {
                rd->s++;
            } else {
                break;
            }
        }
        if (used + 1 >= cap) {
            char *bigger = apr_palloc(rd->p, cap * 2);
            memcpy(bigger, buf, used);
            buf = bigger;
            cap *= 2;
        }
        buf[used++] = c;
    }
    buf[used] = '\0';
    APR_ARRAY_PUSH(rd->fields, const char *) = buf;
    if (rd->s < rd->end && *rd->s != ',' && *rd->s != '\r' && *rd->s != '\n')
        return apr_psprintf(rd->p, "แถวที่ %d: มีข้อความต่อท้ายเครื่องหมายคำพูดปิด (\")", start_line);
    return NULL;
}

const char *carbon_csv_parse(apr_pool_t *p, const char *data, apr_size_t len,
                             int max_records, apr_array_header_t **records, int *too_many)
{
    csv_reader rd;
    *records = NULL;
    *too_many = 0;
    if (!carbon_csv_is_utf8(data, len))
        return "ไฟล์ไม่ได้บันทึกเป็นข้อความ UTF-8 กรุณาบันทึกจากโปรแกรมตารางคำนวณเป็น \"CSV UTF-8\"";
    if (len >= 3 && !memcmp(data, BOM, 3))
        data += 3, len -= 3;
    rd.p = p;
    rd.s = data;
    rd.end = data + len;
    rd.line = 1;
    rd.fields = apr_array_make(p, 8, sizeof(const char *));
    rd.records = apr_array_make(p, 256, sizeof(carbon_csv_record));
    while (rd.s < rd.end) {
        if (rd.records->nelts >= max_records) {
            *too_many = 1;
            return apr_psprintf(p, "ไฟล์มีเกิน %d แถว", max_records);
        }
        if (*rd.s == '"') {
            const char *msg;
            rd.s++;
            if ((msg = read_quoted(&rd)))
                return msg;
        } else {
            const char *start = rd.s;
            while (rd.s < rd.end && *rd.s != ',' && *rd.s != '\r' && *rd.s != '\n')
                rd.s++;
            end_field(&rd, start, (apr_size_t)(rd.s - start));
        }
        if (rd.s < rd.end && *rd.s == ',') {
            rd.s++;
            if (rd.s == rd.end)                 /* a trailing comma ends with an empty field */
                end_field(&rd, rd.s, 0);
            else if (*rd.s == '\r' || *rd.s == '\n')
                end_field(&rd, rd.s, 0);
            else
                continue;
        }
        skip_break(&rd.s, rd.end);
        end_record(&rd);
    }
    *records = rd.records;
    return NULL;
}

int carbon_csv_record_blank(const carbon_csv_record *rec)
{
    int i;
    for (i = 0; i < rec->nfields; i++)
        if (rec->fields[i][strspn(rec->fields[i], " \t")])
            return 0;
    return 1;
}

const char *carbon_csv_trimmed(apr_pool_t *p, const char *field)
{
    apr_size_t len;
    field += strspn(field, " \t");
    len = strlen(field);
    while (len && (field[len - 1] == ' ' || field[len - 1] == '\t'))
        len--;
    return apr_pstrmemdup(p, field, len);
}

const char *carbon_csv_field(apr_pool_t *p, const char *text)
{
    const char *c;
    char *out, *o;
    if (!text)
        return "";
    if (!strpbrk(text, ",\"\r\n") && text[0] != ' ')
        return text;
    out = o = apr_palloc(p, strlen(text) * 2 + 3);
    *o++ = '"';
    for (c = text; *c; c++) {
        if (*c == '"')
            *o++ = '"';
        *o++ = *c;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}
