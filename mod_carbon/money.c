/* money.c: integer satang arithmetic and strict parsing (see money.h). */
#include "money.h"
#include "thaifmt.h"

#include <apr_strings.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Appends one decimal digit to *value; records an overflow in *overflowed. */
static void append_digit(int64_t *value, char digit, int *overflowed)
{
    int64_t shifted;
    if (__builtin_mul_overflow(*value, 10, &shifted)
        || __builtin_add_overflow(shifted, digit - '0', value)) {
        *overflowed = 1;
    }
}

/* Reads the whole-baht part in [*cursor, end): plain digits, or groups of
 * three after a first group of one to three digits. Advances *cursor. */
static apr_status_t parse_whole_baht(const char **cursor, const char *end,
                                     int64_t *baht, int *overflowed)
{
    const char *c = *cursor;
    int first_group_len = 0;

    while (c < end && is_digit(*c)) {
        append_digit(baht, *c++, overflowed);
        first_group_len++;
    }
    if (first_group_len == 0) {
        return APR_EINVAL;
    }
    if (c < end && *c == ',') {
        if (first_group_len > 3) {
            return APR_EINVAL;
        }
        while (c < end && *c == ',') {
            c++;
            for (int i = 0; i < 3; i++, c++) {
                if (c >= end || !is_digit(*c)) {
                    return APR_EINVAL;
                }
                append_digit(baht, *c, overflowed);
            }
        }
        if (c < end && is_digit(*c)) {
            return APR_EINVAL;
        }
    }
    *cursor = c;
    return APR_SUCCESS;
}

/* Reads ".D" or ".DD" filling [*cursor, end) exactly, or nothing. */
static apr_status_t parse_satang_decimals(const char *c, const char *end, int64_t *satang)
{
    size_t decimals;

    *satang = 0;
    if (c == end) {
        return APR_SUCCESS;
    }
    if (*c != '.') {
        return APR_EINVAL;
    }
    c++;
    decimals = (size_t)(end - c);
    if (decimals < 1 || decimals > 2 || !is_digit(c[0])
        || (decimals == 2 && !is_digit(c[1]))) {
        return APR_EINVAL;
    }
    *satang = (c[0] - '0') * 10 + (decimals == 2 ? c[1] - '0' : 0);
    return APR_SUCCESS;
}

apr_status_t carbon_satang_parse(const char *text, int64_t *out)
{
    const char *start, *end;
    int64_t baht = 0, decimal_satang, satang;
    int overflowed = 0;

    if (text == NULL) {
        return APR_EINVAL;
    }
    start = text;
    end = text + strlen(text);
    while (start < end && is_blank(*start)) {
        start++;
    }
    while (end > start && is_blank(end[-1])) {
        end--;
    }
    if (parse_whole_baht(&start, end, &baht, &overflowed) != APR_SUCCESS
        || parse_satang_decimals(start, end, &decimal_satang) != APR_SUCCESS) {
        return APR_EINVAL;
    }
    if (overflowed
        || __builtin_mul_overflow(baht, CARBON_SATANG_PER_BAHT, &satang)
        || __builtin_add_overflow(satang, decimal_satang, &satang)) {
        return APR_ERANGE;
    }
    *out = satang;
    return APR_SUCCESS;
}

char *carbon_satang_format(apr_pool_t *p, int64_t satang)
{
    uint64_t magnitude = satang < 0 ? 0 - (uint64_t)satang : (uint64_t)satang;
    long long whole_baht = (long long)(magnitude / CARBON_SATANG_PER_BAHT);
    int cents = (int)(magnitude % CARBON_SATANG_PER_BAHT);

    return apr_psprintf(p, "%s%s.%02d", satang < 0 ? "-" : "",
                        carbon_format_int(p, whole_baht), cents);
}

apr_status_t carbon_satang_mul_qty(int64_t unit_satang, int64_t qty, int64_t *out)
{
    int64_t product;
    if (__builtin_mul_overflow(unit_satang, qty, &product)) {
        return APR_ERANGE;
    }
    *out = product;
    return APR_SUCCESS;
}

apr_status_t carbon_satang_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum)) {
        return APR_ERANGE;
    }
    *out = sum;
    return APR_SUCCESS;
}

apr_status_t carbon_parse_int64(const char *text, int64_t min, int64_t max, int64_t *out)
{
    const char *c = text;
    int negative, overflowed = 0;
    int64_t value = 0;

    if (text == NULL) {
        return APR_EINVAL;
    }
    negative = *c == '-';
    if (negative) {
        c++;
    }
    if (!is_digit(*c)) {
        return APR_EINVAL;
    }
    /* Accumulate negatively so INT64_MIN parses without overflow. */
    for (; is_digit(*c); c++) {
        int64_t shifted;
        if (__builtin_mul_overflow(value, 10, &shifted)
            || __builtin_sub_overflow(shifted, *c - '0', &value)) {
            overflowed = 1;
        }
    }
    if (*c != '\0') {
        return APR_EINVAL;
    }
    if (overflowed || (!negative && value == INT64_MIN)) {
        return APR_ERANGE;
    }
    if (!negative) {
        value = -value;
    }
    if (value < min || value > max) {
        return APR_ERANGE;
    }
    *out = value;
    return APR_SUCCESS;
}
