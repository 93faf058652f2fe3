/* test_validate.c: the validation table shared by forms and the API. */
#include <check.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "validate.h"

static const carbon_vfield fields[] = {
    { "name", CARBON_V_TEXT, 1, 1, 10, "ชื่อ" },
    { "qty", CARBON_V_INT, 1, 1, 1000, "ปริมาณ" },
    { "on", CARBON_V_DATE, 0, 0, 0, "วันที่" },
    { "code", CARBON_V_DIGITS, 1, 7, 7, "รหัส อปท." },
    { NULL }
};

static json_t *run(const char *input_json, json_t **errors)
{
    json_t *input = json_loads(input_json, 0, NULL);
    json_t *clean;
    *errors = json_object();
    clean = carbon_validate(fields, input, *errors);
    json_decref(input);
    return clean;
}

static const char *err(json_t *errors, const char *field)
{
    return json_string_value(json_object_get(errors, field));
}

START_TEST(valid_input_gives_clean_values_and_no_errors)
{
    json_t *errors, *clean = run("{\"name\":\" ทดสอบ \",\"qty\":\"12\",\"on\":\"2024-02-29\",\"code\":\"5540105\"}", &errors);
    ck_assert_int_eq(json_object_size(errors), 0);
    ck_assert_str_eq(json_string_value(json_object_get(clean, "name")), "ทดสอบ");
    ck_assert_int_eq(json_integer_value(json_object_get(clean, "qty")), 12);
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(missing_required_field_gets_thai_message)
{
    json_t *errors, *clean = run("{\"qty\":1,\"code\":\"5540105\"}", &errors);
    ck_assert_str_eq(err(errors, "name"), "กรุณาระบุชื่อ");
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(blank_text_counts_as_missing)
{
    json_t *errors, *clean = run("{\"name\":\"   \",\"qty\":1,\"code\":\"5540105\"}", &errors);
    ck_assert_str_eq(err(errors, "name"), "กรุณาระบุชื่อ");
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(text_length_counts_thai_characters_not_bytes)
{
    json_t *errors, *clean = run("{\"name\":\"กขคงจฉชซฌญ\",\"qty\":1,\"code\":\"5540105\"}", &errors);
    ck_assert_ptr_null(err(errors, "name"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(text_with_control_characters_is_refused)
{
    json_t *errors, *clean = run("{\"name\":\"a\\u0001b\",\"qty\":1,\"code\":\"5540105\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "name"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(integer_out_of_range_is_refused)
{
    json_t *errors, *clean = run("{\"name\":\"a\",\"qty\":1001,\"code\":\"5540105\"}", &errors);
    ck_assert_str_eq(err(errors, "qty"), "ปริมาณต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1000");
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(integer_text_with_decimals_is_refused)
{
    json_t *errors, *clean = run("{\"name\":\"a\",\"qty\":\"1.5\",\"code\":\"5540105\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "qty"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(impossible_date_is_refused)
{
    json_t *errors, *clean = run("{\"name\":\"a\",\"qty\":1,\"on\":\"2023-02-29\",\"code\":\"5540105\"}", &errors);
    ck_assert_str_eq(err(errors, "on"), "วันที่ไม่ถูกต้อง (วว/ดด/ปปปป พ.ศ.)");
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(buddhist_era_date_becomes_iso)
{
    json_t *errors, *clean = run("{\"name\":\"a\",\"qty\":1,\"on\":\"21/11/2569\",\"code\":\"5540105\"}", &errors);
    ck_assert_int_eq(json_object_size(errors), 0);
    ck_assert_str_eq(json_string_value(json_object_get(clean, "on")), "2026-11-21");
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(optional_field_may_be_absent)
{
    json_t *errors, *clean = run("{\"name\":\"a\",\"qty\":1,\"code\":\"5540105\"}", &errors);
    ck_assert_int_eq(json_object_size(errors), 0);
    ck_assert_ptr_null(json_object_get(clean, "on"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(code_with_wrong_length_or_letters_is_refused)
{
    json_t *errors, *clean = run("{\"name\":\"a\",\"qty\":1,\"code\":\"55401a5\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "code"));
    json_decref(clean); json_decref(errors);
    clean = run("{\"name\":\"a\",\"qty\":1,\"code\":\"554010\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "code"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(non_string_value_for_text_is_refused)
{
    json_t *errors, *clean = run("{\"name\":[1],\"qty\":1,\"code\":\"5540105\"}", &errors);
    ck_assert_str_eq(err(errors, "name"), "ชื่อไม่ถูกต้อง");
    json_decref(clean); json_decref(errors);
}
END_TEST

/* ---- the types the sale and spending forms need ---- */

static const char *const colours[] = { "transfer", "cancellation", NULL };
static const carbon_vfield typed[] = {
    { "kind", CARBON_V_CHOICE, 0, 0, 0, "ประเภท", colours },
    { "agree", CARBON_V_BOOL, 0, 0, 0, "ความยินยอม" },
    { "price", CARBON_V_BAHT, 0, 1, 100000000, "ราคา" },
    { "price_satang", CARBON_V_SATANG, 0, 1, 100000000, "ราคา" },
    { "on", CARBON_V_DATE_PAST, 0, 0, 0, "วันที่สั่งซื้อ" },
    { NULL }
};

static json_t *run_typed(const char *input_json, json_t **errors)
{
    json_t *input = json_loads(input_json, 0, NULL);
    json_t *clean;
    *errors = json_object();
    clean = carbon_validate(typed, input, *errors);
    json_decref(input);
    return clean;
}

START_TEST(choice_accepts_only_its_values)
{
    json_t *errors, *clean = run_typed("{\"kind\":\"transfer\"}", &errors);
    ck_assert_str_eq(json_string_value(json_object_get(clean, "kind")), "transfer");
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"kind\":\"gift\"}", &errors);
    ck_assert_ptr_null(json_object_get(clean, "kind"));
    ck_assert_str_eq(err(errors, "kind"), "ประเภทไม่ถูกต้อง");
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(boolean_reads_json_and_form_text)
{
    json_t *errors, *clean = run_typed("{\"agree\":true}", &errors);
    ck_assert(json_is_true(json_object_get(clean, "agree")));
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"agree\":\"0\"}", &errors);
    ck_assert(json_is_false(json_object_get(clean, "agree")));
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"agree\":\"maybe\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "agree"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(baht_as_typed_becomes_satang)
{
    json_t *errors, *clean = run_typed("{\"price\":\"1,234.50\"}", &errors);
    ck_assert_int_eq(json_object_size(errors), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(clean, "price")), 123450);
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"price\":\"12.345\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "price"));
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"price\":\"0\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "price"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(satang_is_a_whole_number_in_range)
{
    json_t *errors, *clean = run_typed("{\"price_satang\":25000}", &errors);
    ck_assert_int_eq(json_integer_value(json_object_get(clean, "price_satang")), 25000);
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"price_satang\":\"250.5\"}", &errors);
    ck_assert_ptr_nonnull(err(errors, "price_satang"));
    json_decref(clean); json_decref(errors);
}
END_TEST

START_TEST(date_not_in_the_future_refuses_tomorrow_and_takes_today)
{
    char today[11], body[64];
    json_t *errors, *clean;
    carbon_validate_today(today);
    snprintf(body, sizeof(body), "{\"on\":\"%s\"}", today);
    clean = run_typed(body, &errors);
    ck_assert_str_eq(json_string_value(json_object_get(clean, "on")), today);
    json_decref(clean); json_decref(errors);
    clean = run_typed("{\"on\":\"2099-01-01\"}", &errors);
    ck_assert_str_eq(err(errors, "on"), "วันที่สั่งซื้อต้องไม่เกินวันนี้");
    json_decref(clean); json_decref(errors);
}
END_TEST

static void from_before_to(json_t *clean, json_t *errors, void *baton)
{
    const char *from = json_string_value(json_object_get(clean, "from"));
    const char *to = json_string_value(json_object_get(clean, "to"));
    (*(int *)baton)++;
    if (from && to && strcmp(from, to) > 0)
        json_object_set_new(errors, "to", json_string("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"));
}

START_TEST(a_form_runs_its_cross_field_check_after_the_fields)
{
    static const carbon_vfield range[] = {
        { "from", CARBON_V_DATE, 1, 0, 0, "วันเริ่มต้น" },
        { "to", CARBON_V_DATE, 1, 0, 0, "วันสิ้นสุด" },
        { NULL }
    };
    static const carbon_vform form = { range, from_before_to };
    int calls = 0;
    json_t *input = json_loads("{\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}", 0, NULL);
    json_t *errors = json_object(), *clean = carbon_validate_form(&form, input, errors, &calls);
    ck_assert_int_eq(calls, 1);
    ck_assert_str_eq(err(errors, "to"), "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น");
    json_decref(clean); json_decref(errors); json_decref(input);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("validation table");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, valid_input_gives_clean_values_and_no_errors);
    tcase_add_test(tc, missing_required_field_gets_thai_message);
    tcase_add_test(tc, blank_text_counts_as_missing);
    tcase_add_test(tc, text_length_counts_thai_characters_not_bytes);
    tcase_add_test(tc, text_with_control_characters_is_refused);
    tcase_add_test(tc, integer_out_of_range_is_refused);
    tcase_add_test(tc, integer_text_with_decimals_is_refused);
    tcase_add_test(tc, impossible_date_is_refused);
    tcase_add_test(tc, buddhist_era_date_becomes_iso);
    tcase_add_test(tc, optional_field_may_be_absent);
    tcase_add_test(tc, code_with_wrong_length_or_letters_is_refused);
    tcase_add_test(tc, non_string_value_for_text_is_refused);
    tcase_add_test(tc, choice_accepts_only_its_values);
    tcase_add_test(tc, boolean_reads_json_and_form_text);
    tcase_add_test(tc, baht_as_typed_becomes_satang);
    tcase_add_test(tc, satang_is_a_whole_number_in_range);
    tcase_add_test(tc, date_not_in_the_future_refuses_tomorrow_and_takes_today);
    tcase_add_test(tc, a_form_runs_its_cross_field_check_after_the_fields);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
