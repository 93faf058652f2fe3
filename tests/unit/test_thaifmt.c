/* Unit tests for mod_carbon/thaifmt.c: Thai calendar and number formats. */
#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <limits.h>
#include <stdlib.h>

#include "thaifmt.h"

static apr_pool_t *pool;

static void make_pool(void)
{
    apr_pool_create(&pool, NULL);
}

static void destroy_pool(void)
{
    apr_pool_destroy(pool);
}

/* ---- fiscal year ---- */

START_TEST(fiscal_year_30_sep_2024_belongs_to_2567)
{
    ck_assert_int_eq(carbon_fiscal_year_be(2024, 9, 30), 2567);
}
END_TEST

START_TEST(fiscal_year_1_oct_2024_starts_2568)
{
    ck_assert_int_eq(carbon_fiscal_year_be(2024, 10, 1), 2568);
}
END_TEST

START_TEST(fiscal_year_30_sep_2025_ends_2568)
{
    ck_assert_int_eq(carbon_fiscal_year_be(2025, 9, 30), 2568);
}
END_TEST

START_TEST(fiscal_year_1_oct_2025_starts_2569)
{
    ck_assert_int_eq(carbon_fiscal_year_be(2025, 10, 1), 2569);
}
END_TEST

START_TEST(fiscal_year_31_dec_and_1_jan_share_a_year)
{
    ck_assert_int_eq(carbon_fiscal_year_be(2024, 12, 31), 2568);
    ck_assert_int_eq(carbon_fiscal_year_be(2025, 1, 1), 2568);
}
END_TEST

START_TEST(fiscal_year_range_2568_runs_oct_2024_to_sep_2025)
{
    char from[CARBON_ISO_DATE_SIZE], to[CARBON_ISO_DATE_SIZE];
    ck_assert_int_eq(carbon_fiscal_year_range(2568, from, to), APR_SUCCESS);
    ck_assert_str_eq(from, "2024-10-01");
    ck_assert_str_eq(to, "2025-09-30");
}
END_TEST

START_TEST(fiscal_year_range_outside_supported_years_is_refused)
{
    char from[CARBON_ISO_DATE_SIZE], to[CARBON_ISO_DATE_SIZE];
    ck_assert_int_eq(carbon_fiscal_year_range(0, from, to), APR_EINVAL);
    ck_assert_int_eq(carbon_fiscal_year_range(99999, from, to), APR_EINVAL);
}
END_TEST

START_TEST(be_year_adds_543)
{
    ck_assert_int_eq(carbon_be_year(2024), 2567);
    ck_assert_int_eq(carbon_ce_year(2567), 2024);
}
END_TEST

/* ---- ISO dates ---- */

START_TEST(iso_date_29_feb_2024_is_valid)
{
    int y = 0, m = 0, d = 0;
    ck_assert_int_eq(carbon_parse_iso_date("2024-02-29", &y, &m, &d), APR_SUCCESS);
    ck_assert_int_eq(y, 2024);
    ck_assert_int_eq(m, 2);
    ck_assert_int_eq(d, 29);
}
END_TEST

START_TEST(iso_date_29_feb_2023_is_invalid)
{
    int y, m, d;
    ck_assert_int_eq(carbon_parse_iso_date("2023-02-29", &y, &m, &d), APR_EINVAL);
}
END_TEST

START_TEST(iso_date_century_leap_rule)
{
    int y, m, d;
    ck_assert_int_eq(carbon_parse_iso_date("1900-02-29", &y, &m, &d), APR_EINVAL);
    ck_assert_int_eq(carbon_parse_iso_date("2000-02-29", &y, &m, &d), APR_SUCCESS);
}
END_TEST

static const char *const malformed_iso_dates[] = {
    "", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-13-01",
    "2024-00-10", "2024-01-00", "2024-01-32", "2024-04-31", "1899-12-31",
    "2601-01-01", " 2024-01-01", "2024-01-01 ", "2024-01-01T00:00:00Z",
    "2024-0a-01", "+024-01-01",
};

START_TEST(iso_date_rejects_malformed_text)
{
    int y, m, d;
    const char *text = malformed_iso_dates[_i];
    ck_assert_msg(carbon_parse_iso_date(text, &y, &m, &d) == APR_EINVAL,
                  "accepted '%s'", text);
}
END_TEST

START_TEST(iso_date_null_is_invalid)
{
    int y, m, d;
    ck_assert_int_eq(carbon_parse_iso_date(NULL, &y, &m, &d), APR_EINVAL);
}
END_TEST

/* ---- BE dates typed in the UI ---- */

START_TEST(be_date_21_11_2569_is_2026_11_21)
{
    int y = 0, m = 0, d = 0;
    ck_assert_int_eq(carbon_parse_be_date("21/11/2569", &y, &m, &d), APR_SUCCESS);
    ck_assert_int_eq(y, 2026);
    ck_assert_int_eq(m, 11);
    ck_assert_int_eq(d, 21);
}
END_TEST

START_TEST(be_date_accepts_single_digit_day_and_month)
{
    int y = 0, m = 0, d = 0;
    ck_assert_int_eq(carbon_parse_be_date("1/2/2567", &y, &m, &d), APR_SUCCESS);
    ck_assert_int_eq(y, 2024);
    ck_assert_int_eq(m, 2);
    ck_assert_int_eq(d, 1);
}
END_TEST

static const char *const malformed_be_dates[] = {
    "", "29/02/2566", "31/04/2567", "21-11-2569", "21/11/69", "21/11/25690",
    "/11/2569", "123/11/2569", "21/11/2569 ", "2026-11-21",
};

START_TEST(be_date_rejects_malformed_text)
{
    int y, m, d;
    const char *text = malformed_be_dates[_i];
    ck_assert_msg(carbon_parse_be_date(text, &y, &m, &d) == APR_EINVAL,
                  "accepted '%s'", text);
}
END_TEST

START_TEST(be_date_formats_iso_for_date_inputs)
{
    ck_assert_str_eq(carbon_be_date(pool, "2026-11-21"), "21/11/2569");
    ck_assert_str_eq(carbon_be_date(pool, "2024-02-01"), "01/02/2567");
    ck_assert_ptr_null(carbon_be_date(pool, "2026-02-30"));
}
END_TEST

/* ---- Thai date text ---- */

START_TEST(thai_date_short_form)
{
    ck_assert_str_eq(carbon_thai_date(pool, "2024-10-01", 0), "1 ต.ค. 2567");
}
END_TEST

START_TEST(thai_date_long_form)
{
    ck_assert_str_eq(carbon_thai_date(pool, "2024-10-01", 1), "1 ตุลาคม 2567");
}
END_TEST

START_TEST(thai_date_every_month_name)
{
    ck_assert_str_eq(carbon_thai_date(pool, "2025-01-15", 0), "15 ม.ค. 2568");
    ck_assert_str_eq(carbon_thai_date(pool, "2025-05-31", 1), "31 พฤษภาคม 2568");
    ck_assert_str_eq(carbon_thai_date(pool, "2025-12-31", 0), "31 ธ.ค. 2568");
    ck_assert_str_eq(carbon_thai_month_short(4), "เม.ย.");
    ck_assert_str_eq(carbon_thai_month_long(2), "กุมภาพันธ์");
    ck_assert_ptr_null(carbon_thai_month_short(0));
    ck_assert_ptr_null(carbon_thai_month_long(13));
}
END_TEST

START_TEST(thai_date_of_invalid_date_is_null)
{
    ck_assert_ptr_null(carbon_thai_date(pool, "2023-02-29", 0));
    ck_assert_ptr_null(carbon_thai_date(pool, "", 1));
}
END_TEST

START_TEST(thai_datetime_shows_bangkok_time_of_utc)
{
    ck_assert_str_eq(carbon_thai_datetime(pool, "2024-09-30T17:05:00Z"),
                     "1 ต.ค. 2567 00:05 น.");
}
END_TEST

START_TEST(thai_datetime_reads_sqlite_timestamp_as_utc)
{
    ck_assert_str_eq(carbon_thai_datetime(pool, "2024-10-01 07:30:00"),
                     "1 ต.ค. 2567 14:30 น.");
}
END_TEST

START_TEST(thai_datetime_honours_explicit_offset)
{
    ck_assert_str_eq(carbon_thai_datetime(pool, "2024-10-01T14:30:00+07:00"),
                     "1 ต.ค. 2567 14:30 น.");
    ck_assert_str_eq(carbon_thai_datetime(pool, "2024-10-01 14:30:00.123456+07"),
                     "1 ต.ค. 2567 14:30 น.");
}
END_TEST

START_TEST(thai_datetime_rejects_bad_timestamps)
{
    ck_assert_ptr_null(carbon_thai_datetime(pool, "2024-10-01"));
    ck_assert_ptr_null(carbon_thai_datetime(pool, "2024-10-01T24:00:00Z"));
    ck_assert_ptr_null(carbon_thai_datetime(pool, "2024-10-01T10:00:00Q"));
    ck_assert_ptr_null(carbon_thai_datetime(pool, "2024-10-01T10:00:00+7"));
}
END_TEST

/* ---- integers ---- */

START_TEST(format_int_zero)
{
    ck_assert_str_eq(carbon_format_int(pool, 0), "0");
}
END_TEST

START_TEST(format_int_999_has_no_separator)
{
    ck_assert_str_eq(carbon_format_int(pool, 999), "999");
}
END_TEST

START_TEST(format_int_1000_has_one_separator)
{
    ck_assert_str_eq(carbon_format_int(pool, 1000), "1,000");
}
END_TEST

START_TEST(format_int_negative_millions)
{
    ck_assert_str_eq(carbon_format_int(pool, -1234567), "-1,234,567");
}
END_TEST

START_TEST(format_int_extremes)
{
    ck_assert_str_eq(carbon_format_int(pool, LLONG_MIN), "-9,223,372,036,854,775,808");
    ck_assert_str_eq(carbon_format_int(pool, LLONG_MAX), "9,223,372,036,854,775,807");
}
END_TEST

/* ---- today in Bangkok ---- */

START_TEST(today_turns_at_bangkok_midnight)
{
    /* 2024-09-30T16:59:59Z and 17:00:00Z: 23:59:59 and 00:00 in Bangkok. */
    ck_assert_str_eq(carbon_today_iso(pool, apr_time_from_sec(1727715599)), "2024-09-30");
    ck_assert_str_eq(carbon_today_iso(pool, apr_time_from_sec(1727715600)), "2024-10-01");
}
END_TEST

START_TEST(current_fiscal_year_turns_at_bangkok_midnight)
{
    ck_assert_int_eq(carbon_current_fiscal_year_be(apr_time_from_sec(1727715599)), 2567);
    ck_assert_int_eq(carbon_current_fiscal_year_be(apr_time_from_sec(1727715600)), 2568);
}
END_TEST

static Suite *thaifmt_suite(void)
{
    Suite *s = suite_create("thaifmt");
    TCase *fiscal = tcase_create("fiscal_year");
    TCase *iso = tcase_create("iso_date");
    TCase *be = tcase_create("be_date");
    TCase *thai = tcase_create("thai_date");
    TCase *ints = tcase_create("format_int");
    TCase *today = tcase_create("today");
    TCase *all[] = { fiscal, iso, be, thai, ints, today };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], make_pool, destroy_pool);
        suite_add_tcase(s, all[i]);
    }

    tcase_add_test(fiscal, fiscal_year_30_sep_2024_belongs_to_2567);
    tcase_add_test(fiscal, fiscal_year_1_oct_2024_starts_2568);
    tcase_add_test(fiscal, fiscal_year_30_sep_2025_ends_2568);
    tcase_add_test(fiscal, fiscal_year_1_oct_2025_starts_2569);
    tcase_add_test(fiscal, fiscal_year_31_dec_and_1_jan_share_a_year);
    tcase_add_test(fiscal, fiscal_year_range_2568_runs_oct_2024_to_sep_2025);
    tcase_add_test(fiscal, fiscal_year_range_outside_supported_years_is_refused);
    tcase_add_test(fiscal, be_year_adds_543);

    tcase_add_test(iso, iso_date_29_feb_2024_is_valid);
    tcase_add_test(iso, iso_date_29_feb_2023_is_invalid);
    tcase_add_test(iso, iso_date_century_leap_rule);
    tcase_add_loop_test(iso, iso_date_rejects_malformed_text, 0,
                        (int)(sizeof(malformed_iso_dates) / sizeof(malformed_iso_dates[0])));
    tcase_add_test(iso, iso_date_null_is_invalid);

    tcase_add_test(be, be_date_21_11_2569_is_2026_11_21);
    tcase_add_test(be, be_date_accepts_single_digit_day_and_month);
    tcase_add_loop_test(be, be_date_rejects_malformed_text, 0,
                        (int)(sizeof(malformed_be_dates) / sizeof(malformed_be_dates[0])));
    tcase_add_test(be, be_date_formats_iso_for_date_inputs);

    tcase_add_test(thai, thai_date_short_form);
    tcase_add_test(thai, thai_date_long_form);
    tcase_add_test(thai, thai_date_every_month_name);
    tcase_add_test(thai, thai_date_of_invalid_date_is_null);
    tcase_add_test(thai, thai_datetime_shows_bangkok_time_of_utc);
    tcase_add_test(thai, thai_datetime_reads_sqlite_timestamp_as_utc);
    tcase_add_test(thai, thai_datetime_honours_explicit_offset);
    tcase_add_test(thai, thai_datetime_rejects_bad_timestamps);

    tcase_add_test(ints, format_int_zero);
    tcase_add_test(ints, format_int_999_has_no_separator);
    tcase_add_test(ints, format_int_1000_has_one_separator);
    tcase_add_test(ints, format_int_negative_millions);
    tcase_add_test(ints, format_int_extremes);

    tcase_add_test(today, today_turns_at_bangkok_midnight);
    tcase_add_test(today, current_fiscal_year_turns_at_bangkok_midnight);
    return s;
}

int main(void)
{
    SRunner *runner;
    int failed;

    apr_initialize();
    runner = srunner_create(thaifmt_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
