/* bahttext.c: see bahttext.h. */
#include "bahttext.h"
#include <string.h>

static const char *const digit_words[] = { "ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า" };
static const char *const place_words[] = { "", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน" };

typedef struct {
    char *out;
    size_t size, len;
    int overflow;
} sink;

static void put(sink *s, const char *w)
{
    size_t n = strlen(w);
    if (s->len + n + 1 > s->size) {
        s->overflow = 1;
        return;
    }
    memcpy(s->out + s->len, w, n + 1);
    s->len += n;
}

/* n < 1,000,000, written after a higher part when tail (so a final 1 is
 * "เอ็ด": 101 -> หนึ่งร้อยเอ็ด, 1,000,001 -> หนึ่งล้านเอ็ด). */
static void below_million(sink *s, long long n, int tail)
{
    int place, d, started = tail;
    long long div = 100000;
    for (place = 5; place >= 0; place--, div /= 10) {
        d = (int)((n / div) % 10);
        if (!d)
            continue;
        if (place == 1) {             /* tens: สิบ, ยี่สิบ, สามสิบ, ... */
            if (d == 2)
                put(s, "ยี่");
            else if (d != 1)
                put(s, digit_words[d]);
        } else if (place == 0) {      /* units: เอ็ด after anything higher */
            put(s, d == 1 && started ? "เอ็ด" : digit_words[d]);
        } else {
            put(s, digit_words[d]);
        }
        put(s, place_words[place]);
        started = 1;
    }
}

static void number(sink *s, long long n)
{
    if (n >= 1000000) {
        number(s, n / 1000000);
        put(s, "ล้าน");
        if (n % 1000000)
            below_million(s, n % 1000000, 1);
    } else {
        below_million(s, n, 0);
    }
}

int carbon_baht_text(long long satang, char *out, size_t size)
{
    sink s = { out, size, 0, 0 };
    long long baht, st;
    if (satang < 0 || !out || size == 0)
        return -1;
    out[0] = '\0';
    baht = satang / 100;
    st = satang % 100;
    if (baht) {
        number(&s, baht);
        put(&s, "บาท");
    } else if (!st) {
        put(&s, "ศูนย์บาท");
    }
    if (st) {
        below_million(&s, st, 0);
        put(&s, "สตางค์");
    } else {
        put(&s, "ถ้วน");
    }
    return s.overflow ? -1 : (int)s.len;
}
