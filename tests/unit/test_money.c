/* Unit tests for mod_carbon/money.c: satang parsing, formatting, arithmetic. */
#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <stdint.h>
#include <stdlib.h>

#include "money.h"

static apr_pool_t *pool;

static void make_pool(void)
{
    apr_pool_create(&pool, NULL);
}

static void destroy_pool(void)
{
    apr_pool_destroy(pool);
}

/* ---- parsing baht typed by people ---- */

static const struct {
    const char *text;
    int64_t satang;
} accepted_amounts[] = {
    { "1234", 123400 },
    { "1,234.5", 123450 },
    { "1,234.50", 123450 },
    { "0", 0 },
    { "0.01", 1 },
    { "0.5", 50 },
    { "999", 99900 },
    { "1,000", 100000 },
    { "12,345,678.09", 1234567809 },
    { " 15.25 ", 1525 },
    { "92233720368547758.07", INT64_MAX },
};

START_TEST(satang_parse_accepts_baht_text)
{
    int64_t satang = -1;
    const char *text = accepted_amounts[_i].text;
    ck_assert_msg(carbon_satang_parse(text, &satang) == APR_SUCCESS, "refused '%s'", text);
    ck_assert_msg(satang == accepted_amounts[_i].satang, "'%s' gave %lld", text,
                  (long long)satang);
}
END_TEST

static const char *const rejected_amounts[] = {
    "", "   ", "1.234", "12.345", "-1", "+1", "abc", "12a", "1,23", "1,2345",
    "12,34,567", "1234,567", ",123", "1,", ".5", "5.", "1.2.3", "1 234",
    "1,234.5x", "๑๒๓", "0x10", "1e3",
};

START_TEST(satang_parse_rejects_malformed_text)
{
    int64_t satang = 42;
    const char *text = rejected_amounts[_i];
    ck_assert_msg(carbon_satang_parse(text, &satang) == APR_EINVAL, "accepted '%s'", text);
    ck_assert_int_eq(satang, 42);
}
END_TEST

START_TEST(satang_parse_rejects_null)
{
    int64_t satang;
    ck_assert_int_eq(carbon_satang_parse(NULL, &satang), APR_EINVAL);
}
END_TEST

START_TEST(satang_parse_reports_overflow_as_range_error)
{
    int64_t satang;
    ck_assert_int_eq(carbon_satang_parse("92233720368547758.08", &satang), APR_ERANGE);
    ck_assert_int_eq(carbon_satang_parse("99999999999999999999999", &satang), APR_ERANGE);
    ck_assert_int_eq(carbon_satang_parse("999,999,999,999,999,999,999", &satang), APR_ERANGE);
}
END_TEST

START_TEST(satang_parse_tells_100000_baht_from_one_satang_more)
{
    int64_t limit, over;
    ck_assert_int_eq(carbon_satang_parse("100,000.00", &limit), APR_SUCCESS);
    ck_assert_int_eq(carbon_satang_parse("100,000.01", &over), APR_SUCCESS);
    ck_assert_int_eq(limit, 10000000);
    ck_assert_int_eq(over, 10000001);
    ck_assert(over > limit);
}
END_TEST

/* ---- formatting ---- */

START_TEST(satang_format_groups_and_two_decimals)
{
    ck_assert_str_eq(carbon_satang_format(pool, 123450), "1,234.50");
}
END_TEST

START_TEST(satang_format_small_amounts)
{
    ck_assert_str_eq(carbon_satang_format(pool, 0), "0.00");
    ck_assert_str_eq(carbon_satang_format(pool, 5), "0.05");
    ck_assert_str_eq(carbon_satang_format(pool, 99999), "999.99");
    ck_assert_str_eq(carbon_satang_format(pool, 10000000), "100,000.00");
}
END_TEST

START_TEST(satang_format_negative)
{
    ck_assert_str_eq(carbon_satang_format(pool, -5), "-0.05");
    ck_assert_str_eq(carbon_satang_format(pool, -123456789), "-1,234,567.89");
}
END_TEST

START_TEST(satang_format_extremes)
{
    ck_assert_str_eq(carbon_satang_format(pool, INT64_MAX), "92,233,720,368,547,758.07");
    ck_assert_str_eq(carbon_satang_format(pool, INT64_MIN), "-92,233,720,368,547,758.08");
}
END_TEST

/* ---- arithmetic ---- */

START_TEST(mul_qty_multiplies)
{
    int64_t total = 0;
    ck_assert_int_eq(carbon_satang_mul_qty(25050, 400, &total), APR_SUCCESS);
    ck_assert_int_eq(total, 10020000);
}
END_TEST

START_TEST(mul_qty_detects_overflow)
{
    int64_t total = 7;
    ck_assert_int_eq(carbon_satang_mul_qty(INT64_MAX / 2 + 1, 2, &total), APR_ERANGE);
    ck_assert_int_eq(carbon_satang_mul_qty(4000000000LL, 4000000000LL, &total), APR_ERANGE);
    ck_assert_int_eq(total, 7);
}
END_TEST

START_TEST(mul_qty_at_the_limit_fits)
{
    int64_t total = 0;
    ck_assert_int_eq(carbon_satang_mul_qty(INT64_MAX, 1, &total), APR_SUCCESS);
    ck_assert_int_eq(total, INT64_MAX);
}
END_TEST

START_TEST(add_sums)
{
    int64_t sum = 0;
    ck_assert_int_eq(carbon_satang_add(10000000, 1, &sum), APR_SUCCESS);
    ck_assert_int_eq(sum, 10000001);
}
END_TEST

START_TEST(add_detects_overflow)
{
    int64_t sum = 7;
    ck_assert_int_eq(carbon_satang_add(INT64_MAX, 1, &sum), APR_ERANGE);
    ck_assert_int_eq(carbon_satang_add(INT64_MIN, -1, &sum), APR_ERANGE);
    ck_assert_int_eq(sum, 7);
}
END_TEST

/* ---- strict integers ---- */

START_TEST(parse_int64_accepts_plain_decimal)
{
    int64_t value = 0;
    ck_assert_int_eq(carbon_parse_int64("400", 1, 1000000, &value), APR_SUCCESS);
    ck_assert_int_eq(value, 400);
    ck_assert_int_eq(carbon_parse_int64("-12", -100, 100, &value), APR_SUCCESS);
    ck_assert_int_eq(value, -12);
}
END_TEST

START_TEST(parse_int64_accepts_int64_extremes)
{
    int64_t value = 0;
    ck_assert_int_eq(carbon_parse_int64("9223372036854775807", INT64_MIN, INT64_MAX, &value),
                     APR_SUCCESS);
    ck_assert_int_eq(value, INT64_MAX);
    ck_assert_int_eq(carbon_parse_int64("-9223372036854775808", INT64_MIN, INT64_MAX, &value),
                     APR_SUCCESS);
    ck_assert_int_eq(value, INT64_MIN);
}
END_TEST

static const char *const malformed_integers[] = {
    "", "-", "+1", " 1", "1 ", "1,000", "1.0", "1e3", "0x1f", "12a", "--1", "๑",
};

START_TEST(parse_int64_rejects_malformed_text)
{
    int64_t value = 42;
    const char *text = malformed_integers[_i];
    ck_assert_msg(carbon_parse_int64(text, INT64_MIN, INT64_MAX, &value) == APR_EINVAL,
                  "accepted '%s'", text);
    ck_assert_int_eq(value, 42);
}
END_TEST

START_TEST(parse_int64_enforces_limits)
{
    int64_t value = 42;
    ck_assert_int_eq(carbon_parse_int64("0", 1, 100, &value), APR_ERANGE);
    ck_assert_int_eq(carbon_parse_int64("101", 1, 100, &value), APR_ERANGE);
    ck_assert_int_eq(carbon_parse_int64("9223372036854775808", INT64_MIN, INT64_MAX, &value),
                     APR_ERANGE);
    ck_assert_int_eq(carbon_parse_int64("-9223372036854775809", INT64_MIN, INT64_MAX, &value),
                     APR_ERANGE);
    ck_assert_int_eq(value, 42);
}
END_TEST

static Suite *money_suite(void)
{
    Suite *s = suite_create("money");
    TCase *parse = tcase_create("satang_parse");
    TCase *format = tcase_create("satang_format");
    TCase *arith = tcase_create("arithmetic");
    TCase *ints = tcase_create("parse_int64");
    TCase *all[] = { parse, format, arith, ints };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], make_pool, destroy_pool);
        suite_add_tcase(s, all[i]);
    }

    tcase_add_loop_test(parse, satang_parse_accepts_baht_text, 0,
                        (int)(sizeof(accepted_amounts) / sizeof(accepted_amounts[0])));
    tcase_add_loop_test(parse, satang_parse_rejects_malformed_text, 0,
                        (int)(sizeof(rejected_amounts) / sizeof(rejected_amounts[0])));
    tcase_add_test(parse, satang_parse_rejects_null);
    tcase_add_test(parse, satang_parse_reports_overflow_as_range_error);
    tcase_add_test(parse, satang_parse_tells_100000_baht_from_one_satang_more);

    tcase_add_test(format, satang_format_groups_and_two_decimals);
    tcase_add_test(format, satang_format_small_amounts);
    tcase_add_test(format, satang_format_negative);
    tcase_add_test(format, satang_format_extremes);

    tcase_add_test(arith, mul_qty_multiplies);
    tcase_add_test(arith, mul_qty_detects_overflow);
    tcase_add_test(arith, mul_qty_at_the_limit_fits);
    tcase_add_test(arith, add_sums);
    tcase_add_test(arith, add_detects_overflow);

    tcase_add_test(ints, parse_int64_accepts_plain_decimal);
    tcase_add_test(ints, parse_int64_accepts_int64_extremes);
    tcase_add_loop_test(ints, parse_int64_rejects_malformed_text, 0,
                        (int)(sizeof(malformed_integers) / sizeof(malformed_integers[0])));
    tcase_add_test(ints, parse_int64_enforces_limits);
    return s;
}

int main(void)
{
    SRunner *runner;
    int failed;

    apr_initialize();
    runner = srunner_create(money_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
