/* Unit tests for mod_carbon/sharing.c: splitting whole credits between the
 * LAO, an additional developer and the state agency under each regulation's
 * rule, checking a project's shares against its rule, percentages. */
#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sharing.h"

static apr_pool_t *pool;

static void make_pool(void)
{
    apr_pool_create(&pool, NULL);
}

static void destroy_pool(void)
{
    apr_pool_destroy(pool);
}

/* The rules seeded by sql/006_sharing.sql, with their default shares. */
typedef struct {
    const char *code;
    int lao_bp, developer_bp, state_bp;
    carbon_sharing_bounds bounds;
} rule_case;

static const rule_case rules[] = {
    { "dla_programme",      10000,    0,    0, { 10000, 10000,    0,    0 } },
    { "dmcr_mangrove_2565",  9000,    0, 1000, {     0,  9000,    0, 1000 } },
    { "rfd_2567_6_1_4",      9000,    0, 1000, {  9000,  9000,    0, 1000 } },
    { "rfd_2567_6_5",        2000, 7000, 1000, {  2000,  2000, 7000, 1000 } },
};
#define NRULES ((int)(sizeof(rules) / sizeof(rules[0])))

/* ---- the split of odd totals under each regulation ---- */

static const struct {
    const char *rule;
    long long total, lao, developer, state;
} odd_splits[] = {
    { "dla_programme",      101, 101,  0,  0 },
    { "dla_programme",        7,   7,  0,  0 },
    { "dla_programme",        1,   1,  0,  0 },
    { "dmcr_mangrove_2565", 101,  90,  0, 11 },   /* 90.9 -> 90, DMCR 10.1 -> 11 */
    { "dmcr_mangrove_2565",   7,   6,  0,  1 },   /* 6.3 -> 6 */
    { "dmcr_mangrove_2565",   1,   0,  0,  1 },   /* 0.9 -> 0: the one credit goes to DMCR */
    { "rfd_2567_6_1_4",     101,  90,  0, 11 },
    { "rfd_2567_6_1_4",       7,   6,  0,  1 },
    { "rfd_2567_6_1_4",       1,   0,  0,  1 },
    { "rfd_2567_6_5",       101,  20, 70, 11 },   /* 20.2 -> 20, 70.7 -> 70, RFD 10.1 -> 11 */
    { "rfd_2567_6_5",         7,   1,  4,  2 },   /* 1.4 -> 1, 4.9 -> 4, RFD 0.7 -> 2 */
    { "rfd_2567_6_5",         1,   0,  0,  1 },
};

static const rule_case *rule_named(const char *code)
{
    int i;
    for (i = 0; i < NRULES; i++)
        if (!strcmp(rules[i].code, code))
            return &rules[i];
    return NULL;
}

START_TEST(split_of_odd_totals_follows_each_regulation)
{
    const rule_case *r = rule_named(odd_splits[_i].rule);
    long long lao = -1, dev = -1, state = -1;
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(carbon_sharing_split(odd_splits[_i].total, r->lao_bp, r->developer_bp,
                                          &lao, &dev, &state), 0);
    ck_assert_msg(lao == odd_splits[_i].lao && dev == odd_splits[_i].developer
                  && state == odd_splits[_i].state,
                  "%s total %lld: got %lld/%lld/%lld", r->code, odd_splits[_i].total, lao, dev, state);
}
END_TEST

START_TEST(split_always_adds_up_to_the_total)
{
    const rule_case *r = &rules[_i];
    long long total, lao, dev, state;
    for (total = 0; total <= 20011; total++) {
        ck_assert_int_eq(carbon_sharing_split(total, r->lao_bp, r->developer_bp, &lao, &dev, &state), 0);
        ck_assert_msg(lao + dev + state == total, "%s total %lld", r->code, total);
        ck_assert(lao >= 0 && dev >= 0 && state >= 0);
    }
}
END_TEST

START_TEST(state_share_never_below_its_minimum_percentage)
{
    const rule_case *r = &rules[_i];
    long long total, lao, dev, state;
    for (total = 0; total <= 20011; total++) {
        carbon_sharing_split(total, r->lao_bp, r->developer_bp, &lao, &dev, &state);
        /* state / total >= state_min_bp / 10000, without rounding */
        ck_assert_msg(state * 10000 >= total * r->bounds.state_min_bp, "%s total %lld: state %lld",
                      r->code, total, state);
    }
}
END_TEST

START_TEST(parties_other_than_the_state_are_rounded_down)
{
    const rule_case *r = &rules[_i];
    long long total, lao, dev, state;
    for (total = 0; total <= 20011; total++) {
        carbon_sharing_split(total, r->lao_bp, r->developer_bp, &lao, &dev, &state);
        ck_assert(lao * 10000 <= total * r->lao_bp && (lao + 1) * 10000 > total * r->lao_bp);
        ck_assert(dev * 10000 <= total * r->developer_bp && (dev + 1) * 10000 > total * r->developer_bp);
    }
}
END_TEST

START_TEST(split_of_an_adjusted_dmcr_share)
{
    long long lao, dev, state;
    ck_assert_int_eq(carbon_sharing_split(101, 8750, 0, &lao, &dev, &state), 0);
    ck_assert(lao == 88 && dev == 0 && state == 13);   /* 88.375 -> 88 */
    ck_assert_int_eq(carbon_sharing_split(101, 0, 0, &lao, &dev, &state), 0);
    ck_assert(lao == 0 && state == 101);
}
END_TEST

START_TEST(split_of_the_largest_total_does_not_overflow)
{
    long long lao, dev, state;
    ck_assert_int_eq(carbon_sharing_split(LLONG_MAX, 2000, 7000, &lao, &dev, &state), 0);
    ck_assert(lao == LLONG_MAX / 10000 * 2000 + (LLONG_MAX % 10000) * 2000 / 10000);
    ck_assert(lao > 0 && dev > 0 && state > 0);
    ck_assert(state == LLONG_MAX - lao - dev);
    ck_assert(lao <= LLONG_MAX - dev);
}
END_TEST

static const struct {
    long long total;
    int lao_bp, developer_bp;
} refused_splits[] = {
    { -1, 9000, 0 }, { 10, -1, 0 }, { 10, 9000, -1 }, { 10, 9001, 1000 }, { 10, 10001, 0 },
    { 10, 0, 10001 },
};

START_TEST(split_refuses_impossible_shares_and_leaves_outputs)
{
    long long lao = 42, dev = 43, state = 44;
    ck_assert_int_eq(carbon_sharing_split(refused_splits[_i].total, refused_splits[_i].lao_bp,
                                          refused_splits[_i].developer_bp, &lao, &dev, &state), -1);
    ck_assert(lao == 42 && dev == 43 && state == 44);
}
END_TEST

/* ---- a project's shares against its rule ---- */

static int has_thai(const char *s)
{
    return s && strstr(s, "ร้อยละ") != NULL;
}

START_TEST(check_accepts_each_rules_default_shares)
{
    const rule_case *r = &rules[_i];
    const char *msg = "x";
    ck_assert_int_eq(carbon_sharing_check(pool, &r->bounds, r->lao_bp, r->developer_bp, r->state_bp, &msg),
                     CARBON_SHARE_OK);
    ck_assert_ptr_null(msg);
}
END_TEST

START_TEST(check_refuses_shares_not_adding_up_to_100_percent)
{
    const char *msg;
    const rule_case *dmcr = rule_named("dmcr_mangrove_2565");
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, 9000, 0, 500, &msg), CARBON_SHARE_NOT_WHOLE);
    ck_assert_msg(has_thai(msg) && strstr(msg, "95"), "%s", msg);
    ck_assert_str_eq(carbon_sharing_problem_field(CARBON_SHARE_NOT_WHOLE), "state_share_bp");
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, 9000, 0, 1001, &msg), CARBON_SHARE_NOT_WHOLE);
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, -100, 0, 10100, &msg), CARBON_SHARE_NOT_WHOLE);
}
END_TEST

START_TEST(check_lets_dmcr_share_move_between_0_and_90_percent)
{
    const char *msg;
    const rule_case *dmcr = rule_named("dmcr_mangrove_2565");
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, 0, 0, 10000, &msg), CARBON_SHARE_OK);
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, 8750, 0, 1250, &msg), CARBON_SHARE_OK);
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, 9000, 0, 1000, &msg), CARBON_SHARE_OK);
}
END_TEST

START_TEST(check_refuses_dmcr_lao_share_above_90_percent)
{
    const char *msg;
    const rule_case *dmcr = rule_named("dmcr_mangrove_2565");
    ck_assert_int_eq(carbon_sharing_check(pool, &dmcr->bounds, 9001, 0, 999, &msg), CARBON_SHARE_LAO_BOUNDS);
    ck_assert_msg(has_thai(msg) && strstr(msg, "0 ถึง 90"), "%s", msg);
    ck_assert_str_eq(carbon_sharing_problem_field(CARBON_SHARE_LAO_BOUNDS), "lao_share_bp");
}
END_TEST

START_TEST(check_refuses_a_fixed_rule_with_another_lao_share)
{
    const char *msg;
    const rule_case *rfd = rule_named("rfd_2567_6_1_4");
    ck_assert_int_eq(carbon_sharing_check(pool, &rfd->bounds, 8000, 0, 2000, &msg), CARBON_SHARE_LAO_BOUNDS);
    ck_assert_msg(has_thai(msg) && strstr(msg, "ไว้ที่ร้อยละ 90"), "%s", msg);
}
END_TEST

START_TEST(check_refuses_another_developer_share_under_rfd_6_5)
{
    const char *msg;
    const rule_case *rfd = rule_named("rfd_2567_6_5");
    ck_assert_int_eq(carbon_sharing_check(pool, &rfd->bounds, 2000, 6000, 2000, &msg), CARBON_SHARE_DEVELOPER);
    ck_assert_msg(has_thai(msg) && strstr(msg, "70"), "%s", msg);
    ck_assert_int_eq(carbon_sharing_check(pool, &rules[1].bounds, 8000, 1000, 1000, &msg), CARBON_SHARE_DEVELOPER);
}
END_TEST

START_TEST(check_refuses_a_state_share_below_the_rules_minimum)
{
    const char *msg;
    carbon_sharing_bounds loose = { 0, 10000, 0, 1000 };   /* inconsistent data: caught anyway */
    ck_assert_int_eq(carbon_sharing_check(pool, &loose, 9500, 0, 500, &msg), CARBON_SHARE_STATE_MIN);
    ck_assert_msg(has_thai(msg) && strstr(msg, "10"), "%s", msg);
}
END_TEST

/* ---- percentages ---- */

START_TEST(percent_formats_basis_points)
{
    ck_assert_str_eq(carbon_sharing_percent(pool, 9000), "90");
    ck_assert_str_eq(carbon_sharing_percent(pool, 8750), "87.5");
    ck_assert_str_eq(carbon_sharing_percent(pool, 1225), "12.25");
    ck_assert_str_eq(carbon_sharing_percent(pool, 1), "0.01");
    ck_assert_str_eq(carbon_sharing_percent(pool, 0), "0");
    ck_assert_str_eq(carbon_sharing_percent(pool, 10000), "100");
    ck_assert_str_eq(carbon_sharing_percent(pool, -250), "-2.5");
}
END_TEST

static const struct {
    const char *text;
    int bp;
} accepted_percents[] = {
    { "90", 9000 }, { "87.5", 8750 }, { " 12.25 ", 1225 }, { "0", 0 }, { "100", 10000 },
    { "0.01", 1 }, { "007", 700 }, { "100.00", 10000 },
};

START_TEST(parse_percent_accepts_typed_percentages)
{
    int bp = -1;
    ck_assert_int_eq(carbon_sharing_parse_percent(accepted_percents[_i].text, &bp), 0);
    ck_assert_int_eq(bp, accepted_percents[_i].bp);
}
END_TEST

static const char *const rejected_percents[] = {
    "", " ", "-1", "+5", "100.01", "101", "1000", "12.345", ".5", "5.", "90%", "1,5", "๙๐", "9 0",
    "abc", "1e2",
};

START_TEST(parse_percent_rejects_other_text)
{
    int bp = 42;
    ck_assert_int_eq(carbon_sharing_parse_percent(rejected_percents[_i], &bp), -1);
    ck_assert_int_eq(bp, 42);
    ck_assert_int_eq(carbon_sharing_parse_percent(NULL, &bp), -1);
}
END_TEST

static Suite *sharing_suite(void)
{
    Suite *s = suite_create("sharing");
    TCase *split = tcase_create("split");
    TCase *check = tcase_create("check");
    TCase *percent = tcase_create("percent");
    tcase_add_checked_fixture(check, make_pool, destroy_pool);
    tcase_add_checked_fixture(percent, make_pool, destroy_pool);
    suite_add_tcase(s, split);
    suite_add_tcase(s, check);
    suite_add_tcase(s, percent);

    tcase_add_loop_test(split, split_of_odd_totals_follows_each_regulation, 0,
                        (int)(sizeof(odd_splits) / sizeof(odd_splits[0])));
    tcase_add_loop_test(split, split_always_adds_up_to_the_total, 0, NRULES);
    tcase_add_loop_test(split, state_share_never_below_its_minimum_percentage, 0, NRULES);
    tcase_add_loop_test(split, parties_other_than_the_state_are_rounded_down, 0, NRULES);
    tcase_add_test(split, split_of_an_adjusted_dmcr_share);
    tcase_add_test(split, split_of_the_largest_total_does_not_overflow);
    tcase_add_loop_test(split, split_refuses_impossible_shares_and_leaves_outputs, 0,
                        (int)(sizeof(refused_splits) / sizeof(refused_splits[0])));

    tcase_add_loop_test(check, check_accepts_each_rules_default_shares, 0, NRULES);
    tcase_add_test(check, check_refuses_shares_not_adding_up_to_100_percent);
    tcase_add_test(check, check_lets_dmcr_share_move_between_0_and_90_percent);
    tcase_add_test(check, check_refuses_dmcr_lao_share_above_90_percent);
    tcase_add_test(check, check_refuses_a_fixed_rule_with_another_lao_share);
    tcase_add_test(check, check_refuses_another_developer_share_under_rfd_6_5);
    tcase_add_test(check, check_refuses_a_state_share_below_the_rules_minimum);

    tcase_add_test(percent, percent_formats_basis_points);
    tcase_add_loop_test(percent, parse_percent_accepts_typed_percentages, 0,
                        (int)(sizeof(accepted_percents) / sizeof(accepted_percents[0])));
    tcase_add_loop_test(percent, parse_percent_rejects_other_text, 0,
                        (int)(sizeof(rejected_percents) / sizeof(rejected_percents[0])));
    return s;
}

int main(void)
{
    SRunner *runner;
    int failed;

    apr_initialize();
    runner = srunner_create(sharing_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
