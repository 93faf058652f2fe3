/* validate.c: see validate.h. */
#include "validate.h"
#include "thaifmt.h"
#include "money.h"
#include <stdio.h>
#include <time.h>
#include <string.h>

#define MSG_MAX 512

static void set_error(json_t *errors, const char *field, const char *fmt, const char *label,
                      long long a, long long b)
{
    char msg[MSG_MAX];
    snprintf(msg, sizeof(msg), fmt, label, a, b);
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(msg));
}

/* Characters (code points) of valid UTF-8 text, or -1 when it holds
 * control characters. */
static long long text_length(const char *s)
{
    long long n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 && c != '\t')
            return -1;
        if (c == 0x7f)
            return -1;
        if ((c & 0xC0) != 0x80)
            n++;
    }
    return n;
}

static char *trimmed(const char *s)
{
    size_t len;
    char *out;
    while (*s == ' ' || *s == '\t')
        s++;
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    out = malloc(len + 1);
    if (out) {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    return out;
}

void carbon_validate_today(char out[11])
{
    time_t now = time(NULL) + 7 * 3600;   /* Asia/Bangkok, no daylight saving */
    struct tm tm;
    char buf[32];
    gmtime_r(&now, &tm);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

static int is_choice(const carbon_vfield *f, const char *t)
{
    const char *const *c;
    for (c = f->choices; c && *c; c++)
        if (!strcmp(*c, t))
            return 1;
    return 0;
}

static void check_field(const carbon_vfield *f, json_t *value, json_t *clean, json_t *errors)
{
    const char *text = json_is_string(value) ? json_string_value(value) : NULL;
    char *t;
    if (f->type == CARBON_V_BOOL && json_is_boolean(value)) {
        json_object_set(clean, f->name, value);
        return;
    }
    if (f->type == CARBON_V_SATANG && json_is_integer(value)) {
        json_int_t v = json_integer_value(value);
        if (v < f->min || v > f->max)
            set_error(errors, f->name, "%sต้องเป็นจำนวนเงินตั้งแต่ %lld ถึง %lld สตางค์", f->label_th, f->min, f->max);
        else
            json_object_set_new(clean, f->name, json_integer(v));
        return;
    }
    if (f->type == CARBON_V_INT && json_is_integer(value)) {
        json_int_t v = json_integer_value(value);
        if (v < f->min || v > f->max)
            set_error(errors, f->name, "%sต้องเป็นจำนวนเต็มตั้งแต่ %lld ถึง %lld", f->label_th, f->min, f->max);
        else
            json_object_set_new(clean, f->name, json_integer(v));
        return;
    }
    if (!value || json_is_null(value) || (text && !*text)) {
        if (f->required)
            set_error(errors, f->name, "กรุณาระบุ%s", f->label_th, 0, 0);
        return;
    }
    if (!text) {
        set_error(errors, f->name, "%sไม่ถูกต้อง", f->label_th, 0, 0);
        return;
    }
    t = trimmed(text);
    if (!t)
        return;
    if (!*t) {
        if (f->required)
            set_error(errors, f->name, "กรุณาระบุ%s", f->label_th, 0, 0);
    } else if (f->type == CARBON_V_TEXT) {
        long long n = text_length(t);
        if (n < 0)
            set_error(errors, f->name, "%sมีอักขระที่ไม่อนุญาต", f->label_th, 0, 0);
        else if (n < f->min || n > f->max)
            set_error(errors, f->name, "%sต้องยาว %lld ถึง %lld ตัวอักษร", f->label_th, f->min, f->max);
        else
            json_object_set_new(clean, f->name, json_string(t));
    } else if (f->type == CARBON_V_INT) {
        int64_t v;
        if (carbon_parse_int64(t, f->min, f->max, &v) != 0)
            set_error(errors, f->name, "%sต้องเป็นจำนวนเต็มตั้งแต่ %lld ถึง %lld", f->label_th, f->min, f->max);
        else
            json_object_set_new(clean, f->name, json_integer(v));
    } else if (f->type == CARBON_V_DATE || f->type == CARBON_V_DATE_PAST) {
        int y, m, d;
        char iso[16], today[11];
        if (carbon_parse_iso_date(t, &y, &m, &d) != 0 && carbon_parse_be_date(t, &y, &m, &d) != 0) {
            set_error(errors, f->name, "%sไม่ถูกต้อง (วว/ดด/ปปปป พ.ศ.)", f->label_th, 0, 0);
        } else {
            snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
            carbon_validate_today(today);
            if (f->type == CARBON_V_DATE_PAST && strcmp(iso, today) > 0)
                set_error(errors, f->name, "%sต้องไม่เกินวันนี้", f->label_th, 0, 0);
            else
                json_object_set_new(clean, f->name, json_string(iso));
        }
    } else if (f->type == CARBON_V_CHOICE) {
        if (!is_choice(f, t))
            set_error(errors, f->name, "%sไม่ถูกต้อง", f->label_th, 0, 0);
        else
            json_object_set_new(clean, f->name, json_string(t));
    } else if (f->type == CARBON_V_BOOL) {
        if (!strcmp(t, "1") || !strcmp(t, "true") || !strcmp(t, "on"))
            json_object_set_new(clean, f->name, json_true());
        else if (!strcmp(t, "0") || !strcmp(t, "false"))
            json_object_set_new(clean, f->name, json_false());
        else
            set_error(errors, f->name, "%sไม่ถูกต้อง", f->label_th, 0, 0);
    } else if (f->type == CARBON_V_BAHT) {
        int64_t satang;
        int rv = carbon_satang_parse(t, &satang);
        if (rv != 0)
            set_error(errors, f->name, "%sต้องเป็นจำนวนเงินบาท ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 250 หรือ 1,250.50",
                      f->label_th, 0, 0);
        else if (satang < f->min || satang > f->max)
            set_error(errors, f->name, "%sอยู่นอกช่วงที่กำหนด", f->label_th, 0, 0);
        else
            json_object_set_new(clean, f->name, json_integer(satang));
    } else if (f->type == CARBON_V_SATANG) {
        int64_t v;
        if (carbon_parse_int64(t, f->min, f->max, &v) != 0)
            set_error(errors, f->name, "%sต้องเป็นจำนวนเงินตั้งแต่ %lld ถึง %lld สตางค์", f->label_th, f->min, f->max);
        else
            json_object_set_new(clean, f->name, json_integer(v));
    } else {
        size_t i, n = strlen(t);
        int ok = (long long)n >= f->min && (long long)n <= f->max;
        for (i = 0; ok && i < n; i++)
            ok = t[i] >= '0' && t[i] <= '9';
        if (!ok)
            set_error(errors, f->name, "%sไม่ถูกต้อง", f->label_th, 0, 0);
        else
            json_object_set_new(clean, f->name, json_string(t));
    }
    free(t);
}

json_t *carbon_validate(const carbon_vfield *fields, json_t *input, json_t *errors)
{
    json_t *clean = json_object();
    const carbon_vfield *f;
    for (f = fields; f->name; f++)
        check_field(f, json_object_get(input, f->name), clean, errors);
    return clean;
}

int carbon_is_id(const char *s)
{
    size_t n = s ? strspn(s, "0123456789") : 0;
    return n && n <= 18 && !s[n];
}

json_t *carbon_validate_form(const carbon_vform *form, json_t *input, json_t *errors, void *baton)
{
    json_t *clean = carbon_validate(form->fields, input, errors);
    if (form->check)
        form->check(clean, errors, baton);
    return clean;
}
