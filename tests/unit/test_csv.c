/* test_csv.c: reading CSV files as spreadsheets write them (csv.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"

static apr_pool_t *pool;

static void setup(void)
{
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static apr_array_header_t *parse_ok(const char *text)
{
    apr_array_header_t *records;
    int too_many;
    const char *msg = carbon_csv_parse(pool, text, strlen(text), 100, &records, &too_many);
    ck_assert_msg(msg == NULL, "unexpected error: %s", msg ? msg : "");
    return records;
}

static const carbon_csv_record *rec(apr_array_header_t *records, int i)
{
    return &APR_ARRAY_IDX(records, i, carbon_csv_record);
}

START_TEST(fields_are_split_on_commas_and_records_on_line_breaks)
{
    apr_array_header_t *r = parse_ok("a,b,c\r\nd,e,f\n");
    ck_assert_int_eq(r->nelts, 2);
    ck_assert_int_eq(rec(r, 1)->nfields, 3);
    ck_assert_str_eq(rec(r, 1)->fields[2], "f");
}
END_TEST

START_TEST(last_record_needs_no_line_break)
{
    apr_array_header_t *r = parse_ok("a,b\nc,d");
    ck_assert_int_eq(r->nelts, 2);
    ck_assert_str_eq(rec(r, 1)->fields[1], "d");
}
END_TEST

START_TEST(byte_order_mark_is_skipped)
{
    apr_array_header_t *r = parse_ok("\xEF\xBB\xBF" "code,name\n");
    ck_assert_str_eq(rec(r, 0)->fields[0], "code");
}
END_TEST

START_TEST(quoted_field_keeps_commas_quotes_and_line_breaks)
{
    apr_array_header_t *r = parse_ok("\"a, \"\"b\"\"\nc\",d\n");
    ck_assert_int_eq(r->nelts, 1);
    ck_assert_str_eq(rec(r, 0)->fields[0], "a, \"b\"\nc");
    ck_assert_str_eq(rec(r, 0)->fields[1], "d");
}
END_TEST

START_TEST(rows_are_numbered_as_a_spreadsheet_numbers_them)
{
    apr_array_header_t *r = parse_ok("h\n\"two\nlines\"\n\nfour\n");
    ck_assert_int_eq(r->nelts, 4);
    ck_assert_int_eq(rec(r, 1)->line, 2);
    ck_assert_int_eq(rec(r, 2)->line, 3);
    ck_assert(carbon_csv_record_blank(rec(r, 2)));
    ck_assert_int_eq(rec(r, 3)->line, 4);
}
END_TEST

START_TEST(trailing_comma_gives_an_empty_last_field)
{
    apr_array_header_t *r = parse_ok("a,\nb,");
    ck_assert_int_eq(rec(r, 0)->nfields, 2);
    ck_assert_str_eq(rec(r, 0)->fields[1], "");
    ck_assert_int_eq(rec(r, 1)->nfields, 2);
}
END_TEST

START_TEST(open_quote_is_an_error_naming_the_row)
{
    apr_array_header_t *records;
    int too_many;
    const char *msg = carbon_csv_parse(pool, "a\n\"b,c\n", 7, 100, &records, &too_many);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "แถวที่ 2"));
}
END_TEST

START_TEST(text_after_a_closing_quote_is_an_error)
{
    apr_array_header_t *records;
    int too_many;
    ck_assert_ptr_nonnull(carbon_csv_parse(pool, "\"a\"b,c\n", 7, 100, &records, &too_many));
}
END_TEST

START_TEST(text_that_is_not_utf8_is_refused)
{
    apr_array_header_t *records;
    int too_many;
    const char *tis620 = "\xC1\xD2\xE0,x\n";
    const char *msg = carbon_csv_parse(pool, tis620, strlen(tis620), 100, &records, &too_many);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "UTF-8"));
}
END_TEST

START_TEST(utf8_check_refuses_nul_overlong_and_surrogates)
{
    ck_assert(carbon_csv_is_utf8("ไทย", strlen("ไทย")));
    ck_assert(!carbon_csv_is_utf8("a\0b", 3));
    ck_assert(!carbon_csv_is_utf8("\xC0\xAF", 2));
    ck_assert(!carbon_csv_is_utf8("\xED\xA0\x80", 3));
    ck_assert(!carbon_csv_is_utf8("\xE0\xB8", 2));
}
END_TEST

START_TEST(more_records_than_the_cap_is_refused)
{
    apr_array_header_t *records;
    int too_many;
    const char *msg = carbon_csv_parse(pool, "a\nb\nc\n", 6, 2, &records, &too_many);
    ck_assert_ptr_nonnull(msg);
    ck_assert_int_eq(too_many, 1);
}
END_TEST

START_TEST(written_field_is_quoted_only_when_needed)
{
    ck_assert_str_eq(carbon_csv_field(pool, "เทศบาล"), "เทศบาล");
    ck_assert_str_eq(carbon_csv_field(pool, "a,\"b\""), "\"a,\"\"b\"\"\"");
    ck_assert_str_eq(carbon_csv_field(pool, NULL), "");
}
END_TEST

START_TEST(trimmed_field_loses_spaces_and_tabs_at_both_ends)
{
    ck_assert_str_eq(carbon_csv_trimmed(pool, " \t54 \t"), "54");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("csv");
    SRunner *sr;
    int failed;
    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fields_are_split_on_commas_and_records_on_line_breaks);
    tcase_add_test(tc, last_record_needs_no_line_break);
    tcase_add_test(tc, byte_order_mark_is_skipped);
    tcase_add_test(tc, quoted_field_keeps_commas_quotes_and_line_breaks);
    tcase_add_test(tc, rows_are_numbered_as_a_spreadsheet_numbers_them);
    tcase_add_test(tc, trailing_comma_gives_an_empty_last_field);
    tcase_add_test(tc, open_quote_is_an_error_naming_the_row);
    tcase_add_test(tc, text_after_a_closing_quote_is_an_error);
    tcase_add_test(tc, text_that_is_not_utf8_is_refused);
    tcase_add_test(tc, utf8_check_refuses_nul_overlong_and_surrogates);
    tcase_add_test(tc, more_records_than_the_cap_is_refused);
    tcase_add_test(tc, written_field_is_quoted_only_when_needed);
    tcase_add_test(tc, trimmed_field_loses_spaces_and_tabs_at_both_ends);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
