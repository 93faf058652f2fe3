/* Unit tests for mod_carbon/bahttext.c: amounts in Thai words, as the
 * revenue-spending report prints its totals. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bahttext.c"

static const struct {
    long long satang;
    const char *words;
} known[] = {
    { 123450, "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์" },
    { 2100, "ยี่สิบเอ็ดบาทถ้วน" },
    { 10000000000LL, "หนึ่งร้อยล้านบาทถ้วน" },
    { 0, "ศูนย์บาทถ้วน" },
    { 1, "หนึ่งสตางค์" },
    { 25, "ยี่สิบห้าสตางค์" },
    { 100, "หนึ่งบาทถ้วน" },
    { 1000, "สิบบาทถ้วน" },
    { 1100, "สิบเอ็ดบาทถ้วน" },
    { 10100, "หนึ่งร้อยเอ็ดบาทถ้วน" },
    { 8400000, "แปดหมื่นสี่พันบาทถ้วน" },
    { 100000100, "หนึ่งล้านเอ็ดบาทถ้วน" },
    { 250000000, "สองล้านห้าแสนบาทถ้วน" },
    { 1234567891, "สิบสองล้านสามแสนสี่หมื่นห้าพันหกร้อยเจ็ดสิบแปดบาทเก้าสิบเอ็ดสตางค์" },
    { 100000000000000LL, "หนึ่งล้านล้านบาทถ้วน" },
};

START_TEST(known_amounts_in_words)
{
    char out[512];
    int n = carbon_baht_text(known[_i].satang, out, sizeof(out));
    ck_assert_int_eq(n, (int)strlen(known[_i].words));
    ck_assert_str_eq(out, known[_i].words);
}
END_TEST

START_TEST(negative_amount_refused)
{
    char out[64];
    ck_assert_int_eq(carbon_baht_text(-1, out, sizeof(out)), -1);
}
END_TEST

START_TEST(small_buffer_refused)
{
    char out[8];
    ck_assert_int_eq(carbon_baht_text(123450, out, sizeof(out)), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bahttext");
    TCase *tc = tcase_create("words");
    SRunner *sr;
    int failed;
    tcase_add_loop_test(tc, known_amounts_in_words, 0, (int)(sizeof(known) / sizeof(known[0])));
    tcase_add_test(tc, negative_amount_refused);
    tcase_add_test(tc, small_buffer_refused);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
