/* thaifmt.c: Thai calendar and number formatting (see thaifmt.h). */
#include "thaifmt.h"

#include <apr_strings.h>
#include <string.h>

#define SECONDS_PER_DAY 86400

static const char *const thai_month_short_names[12] = {
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."
};

static const char *const thai_month_long_names[12] = {
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"
};

int carbon_be_year(int ce_year)
{
    return ce_year + CARBON_BE_OFFSET;
}

int carbon_ce_year(int be_year)
{
    return be_year - CARBON_BE_OFFSET;
}

int carbon_is_leap_year(int ce_year)
{
    return (ce_year % 4 == 0 && ce_year % 100 != 0) || ce_year % 400 == 0;
}

int carbon_days_in_month(int ce_year, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12) {
        return 0;
    }
    if (m == 2 && carbon_is_leap_year(ce_year)) {
        return 29;
    }
    return days[m - 1];
}

int carbon_fiscal_year_be(int y, int m, int d)
{
    return carbon_be_year(m >= 10 ? y + 1 : y);
}

static int is_valid_date(int y, int m, int d)
{
    return y >= CARBON_MIN_CE_YEAR && y <= CARBON_MAX_CE_YEAR
        && m >= 1 && m <= 12
        && d >= 1 && d <= carbon_days_in_month(y, m);
}

apr_status_t carbon_fiscal_year_range(int fy_be, char from[CARBON_ISO_DATE_SIZE],
                                      char to[CARBON_ISO_DATE_SIZE])
{
    int end_year = carbon_ce_year(fy_be);
    int start_year = end_year - 1;

    if (start_year < CARBON_MIN_CE_YEAR || end_year > CARBON_MAX_CE_YEAR) {
        return APR_EINVAL;
    }
    apr_snprintf(from, CARBON_ISO_DATE_SIZE, "%04d-10-01", start_year);
    apr_snprintf(to, CARBON_ISO_DATE_SIZE, "%04d-09-30", end_year);
    return APR_SUCCESS;
}

/* Reads exactly count ASCII digits at text; -1 if any is not a digit. */
static int read_digits(const char *text, int count)
{
    int value = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

/* Reads one or two digits at *text, advancing it; -1 if none. */
static int read_one_or_two_digits(const char **text)
{
    int value = read_digits(*text, 1);
    if (value < 0) {
        return -1;
    }
    (*text)++;
    if (**text >= '0' && **text <= '9') {
        value = value * 10 + (**text - '0');
        (*text)++;
    }
    return value;
}

/* The "YYYY-MM-DD" at the start of text, without looking past it. */
static apr_status_t parse_date_prefix(const char *text, int *y, int *m, int *d)
{
    int year, month, day;

    if (strnlen(text, 10) < 10 || text[4] != '-' || text[7] != '-') {
        return APR_EINVAL;
    }
    year = read_digits(text, 4);
    month = read_digits(text + 5, 2);
    day = read_digits(text + 8, 2);
    if (year < 0 || month < 0 || day < 0 || !is_valid_date(year, month, day)) {
        return APR_EINVAL;
    }
    *y = year;
    *m = month;
    *d = day;
    return APR_SUCCESS;
}

apr_status_t carbon_parse_iso_date(const char *text, int *y, int *m, int *d)
{
    if (text == NULL || strlen(text) != 10) {
        return APR_EINVAL;
    }
    return parse_date_prefix(text, y, m, d);
}

apr_status_t carbon_parse_be_date(const char *text, int *y, int *m, int *d)
{
    const char *cursor = text;
    int day, month, be_year, ce_year;

    if (text == NULL) {
        return APR_EINVAL;
    }
    day = read_one_or_two_digits(&cursor);
    if (day < 0 || *cursor++ != '/') {
        return APR_EINVAL;
    }
    month = read_one_or_two_digits(&cursor);
    if (month < 0 || *cursor++ != '/') {
        return APR_EINVAL;
    }
    if (strlen(cursor) != 4 || (be_year = read_digits(cursor, 4)) < 0) {
        return APR_EINVAL;
    }
    ce_year = carbon_ce_year(be_year);
    if (!is_valid_date(ce_year, month, day)) {
        return APR_EINVAL;
    }
    *y = ce_year;
    *m = month;
    *d = day;
    return APR_SUCCESS;
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (the usual
 * era/day-of-era arithmetic, exact for any year). */
static int64_t days_from_civil(int y, int m, int d)
{
    int64_t year = (int64_t)y - (m <= 2);
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100
                         + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t day_of_era = z - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                           - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4
                                        - year_of_era / 100);
    int64_t month_from_march = (5 * day_of_year + 2) / 153;
    int month = (int)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);

    *d = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    *m = month;
    *y = (int)(year_of_era + era * 400 + (month <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Reads "HH:MM" then optional ":SS" and ".fraction"; advances *text. */
static apr_status_t parse_time_of_day(const char **text, int *seconds_of_day)
{
    const char *t = *text;
    int hour = read_digits(t, 2), minute, second = 0;

    if (hour < 0 || t[2] != ':' || (minute = read_digits(t + 3, 2)) < 0) {
        return APR_EINVAL;
    }
    t += 5;
    if (*t == ':') {
        if ((second = read_digits(t + 1, 2)) < 0) {
            return APR_EINVAL;
        }
        t += 3;
        if (*t == '.') {
            t++;
            if (*t < '0' || *t > '9') {
                return APR_EINVAL;
            }
            while (*t >= '0' && *t <= '9') {
                t++;
            }
        }
    }
    if (hour > 23 || minute > 59 || second > 59) {
        return APR_EINVAL;
    }
    *seconds_of_day = hour * 3600 + minute * 60 + second;
    *text = t;
    return APR_SUCCESS;
}

/* Reads "", "Z", "+HH", "+HHMM" or "+HH:MM" (or '-') up to the end of text. */
static apr_status_t parse_zone(const char *text, int *offset_seconds)
{
    int sign, hours, minutes = 0;

    if (*text == '\0' || (text[0] == 'Z' && text[1] == '\0')) {
        *offset_seconds = 0;
        return APR_SUCCESS;
    }
    if (*text != '+' && *text != '-') {
        return APR_EINVAL;
    }
    sign = *text == '-' ? -1 : 1;
    if ((hours = read_digits(text + 1, 2)) < 0) {
        return APR_EINVAL;
    }
    text += 3;
    if (*text == ':') {
        text++;
    }
    if (*text != '\0') {
        if ((minutes = read_digits(text, 2)) < 0 || text[2] != '\0') {
            return APR_EINVAL;
        }
    }
    if (hours > 23 || minutes > 59) {
        return APR_EINVAL;
    }
    *offset_seconds = sign * (hours * 3600 + minutes * 60);
    return APR_SUCCESS;
}

apr_status_t carbon_parse_iso_timestamp(const char *text, int64_t *epoch_seconds)
{
    int y, m, d, seconds_of_day, offset_seconds;
    const char *cursor;

    if (text == NULL || parse_date_prefix(text, &y, &m, &d) != APR_SUCCESS) {
        return APR_EINVAL;
    }
    cursor = text + 10;
    if (*cursor != 'T' && *cursor != ' ') {
        return APR_EINVAL;
    }
    cursor++;
    if (parse_time_of_day(&cursor, &seconds_of_day) != APR_SUCCESS
        || parse_zone(cursor, &offset_seconds) != APR_SUCCESS) {
        return APR_EINVAL;
    }
    *epoch_seconds = days_from_civil(y, m, d) * SECONDS_PER_DAY + seconds_of_day
                     - offset_seconds;
    return APR_SUCCESS;
}

const char *carbon_thai_month_short(int m)
{
    return (m >= 1 && m <= 12) ? thai_month_short_names[m - 1] : NULL;
}

const char *carbon_thai_month_long(int m)
{
    return (m >= 1 && m <= 12) ? thai_month_long_names[m - 1] : NULL;
}

static char *thai_date_of(apr_pool_t *p, int y, int m, int d, int long_form)
{
    const char *month = long_form ? carbon_thai_month_long(m) : carbon_thai_month_short(m);
    return apr_psprintf(p, "%d %s %d", d, month, carbon_be_year(y));
}

char *carbon_thai_date(apr_pool_t *p, const char *iso, int long_form)
{
    int y, m, d;
    if (carbon_parse_iso_date(iso, &y, &m, &d) != APR_SUCCESS) {
        return NULL;
    }
    return thai_date_of(p, y, m, d, long_form);
}

char *carbon_thai_datetime(apr_pool_t *p, const char *iso_timestamp)
{
    int64_t local_seconds, days, seconds_of_day;
    int y, m, d;

    if (carbon_parse_iso_timestamp(iso_timestamp, &local_seconds) != APR_SUCCESS) {
        return NULL;
    }
    local_seconds += CARBON_BANGKOK_UTC_OFFSET_SECONDS;
    days = floor_div(local_seconds, SECONDS_PER_DAY);
    seconds_of_day = local_seconds - days * SECONDS_PER_DAY;
    civil_from_days(days, &y, &m, &d);
    return apr_psprintf(p, "%s %02d:%02d น.", thai_date_of(p, y, m, d, 0),
                        (int)(seconds_of_day / 3600), (int)(seconds_of_day % 3600 / 60));
}

char *carbon_be_date(apr_pool_t *p, const char *iso)
{
    int y, m, d;
    if (carbon_parse_iso_date(iso, &y, &m, &d) != APR_SUCCESS) {
        return NULL;
    }
    return apr_psprintf(p, "%02d/%02d/%d", d, m, carbon_be_year(y));
}

char *carbon_iso_date(apr_pool_t *p, int y, int m, int d)
{
    return apr_psprintf(p, "%04d-%02d-%02d", y, m, d);
}

char *carbon_format_int(apr_pool_t *p, long long value)
{
    /* 20 digits, 6 separators, a sign and the NUL fit in 32 bytes. */
    char digits[32];
    char *cursor = digits + sizeof(digits);
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value
                                             : (unsigned long long)value;
    int written = 0;

    *--cursor = '\0';
    do {
        if (written > 0 && written % 3 == 0) {
            *--cursor = ',';
        }
        *--cursor = (char)('0' + magnitude % 10);
        magnitude /= 10;
        written++;
    } while (magnitude > 0);
    if (value < 0) {
        *--cursor = '-';
    }
    return apr_pstrdup(p, cursor);
}

static void bangkok_date_of(apr_time_t now, int *y, int *m, int *d)
{
    int64_t local_seconds = (int64_t)apr_time_sec(now) + CARBON_BANGKOK_UTC_OFFSET_SECONDS;
    civil_from_days(floor_div(local_seconds, SECONDS_PER_DAY), y, m, d);
}

char *carbon_today_iso(apr_pool_t *p, apr_time_t now)
{
    int y, m, d;
    bangkok_date_of(now, &y, &m, &d);
    return carbon_iso_date(p, y, m, d);
}

int carbon_current_fiscal_year_be(apr_time_t now)
{
    int y, m, d;
    bangkok_date_of(now, &y, &m, &d);
    return carbon_fiscal_year_be(y, m, d);
}
