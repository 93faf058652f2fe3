/* Unit tests for mod_carbon/db_error.c: PostgreSQL errors sorted by the
 * SQLSTATE of libpq's verbose messages (whatever language the text is in),
 * SQLite errors by result code. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "db_error.h"

/* Messages as libpq writes them with PQERRORS_VERBOSE. */
#define UNIQUE_EN "ERROR:  23505: duplicate key value violates unique constraint \"buyers_tver_account_no_key\"\n" \
                  "DETAIL:  Key (tver_account_no)=(TV-1) already exists.\n" \
                  "LOCATION:  _bt_check_unique, nbtinsert.c:664\n"
/* The same error from a server with lc_messages = 'fr_FR': only the code is the same. */
#define UNIQUE_FR "ERREUR:  23505: la valeur d'une clé dupliquée rompt la contrainte unique « buyers_tver_account_no_key »\n" \
                  "DÉTAIL : La clé « (tver_account_no)=(TV-1) » existe déjà.\n"

START_TEST(sqlstate_is_read_after_the_severity)
{
    char code[6];
    ck_assert_int_eq(carbon_pg_sqlstate(UNIQUE_EN, code), 1);
    ck_assert_str_eq(code, "23505");
}
END_TEST

START_TEST(sqlstate_is_read_whatever_the_language)
{
    char code[6];
    ck_assert_int_eq(carbon_pg_sqlstate(UNIQUE_FR, code), 1);
    ck_assert_str_eq(code, "23505");
}
END_TEST

START_TEST(sqlstate_with_letters_is_read)
{
    char code[6];
    ck_assert_int_eq(carbon_pg_sqlstate("ERROR:  40P01: deadlock detected\n", code), 1);
    ck_assert_str_eq(code, "40P01");
}
END_TEST

static const char *const no_sqlstate[] = {
    "",
    "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n",
    "ERROR:  duplicate key value violates unique constraint \"x\"\n",           /* default verbosity */
    "ERROR:  2350: short\n",
    "ERROR:  23505 no colon\n",
    "ERROR:  235x5: lower case\n",
    "ERROR:  relation \"t\" does not exist\nLOCATION:  23505: on a later line\n",
    "ERROR:23505: one space\n",
};

START_TEST(message_without_a_sqlstate_has_none)
{
    char code[6] = "XXXXX";
    ck_assert_int_eq(carbon_pg_sqlstate(no_sqlstate[_i], code), 0);
    ck_assert_str_eq(code, "");
}
END_TEST

START_TEST(null_message_has_no_sqlstate)
{
    char code[6];
    ck_assert_int_eq(carbon_pg_sqlstate(NULL, code), 0);
    ck_assert_int_eq(carbon_pg_status(NULL), CARBON_DB_ERROR);
}
END_TEST

typedef struct {
    const char *msg;
    carbon_db_status status;
} pg_case;

static const pg_case pg_cases[] = {
    { UNIQUE_EN, CARBON_DB_CONSTRAINT },
    { UNIQUE_FR, CARBON_DB_CONSTRAINT },
    { "ERROR:  23503: insert or update on table \"trades\" violates foreign key constraint\n", CARBON_DB_CONSTRAINT },
    { "ERROR:  23514: new row for relation \"lao_credits\" violates check constraint\n", CARBON_DB_CONSTRAINT },
    { "ERROR:  23502: null value in column \"name_th\" violates not-null constraint\n", CARBON_DB_CONSTRAINT },
    { "ERROR:  23P01: conflicting key value violates exclusion constraint\n", CARBON_DB_CONSTRAINT },
    { "ERROR:  40001: could not serialize access due to concurrent update\n", CARBON_DB_BUSY },
    { "ERROR:  40P01: deadlock detected\n", CARBON_DB_BUSY },
    { "ERROR:  55P03: could not obtain lock on row in relation \"trades\"\n", CARBON_DB_BUSY },
    { "ERROR:  42P01: relation \"no_such_table\" does not exist\n", CARBON_DB_ERROR },
    { "ERROR:  22P02: invalid input syntax for type bigint: \"x\"\n", CARBON_DB_ERROR },
    { "ERROR:  25P02: current transaction is aborted, commands ignored until end of transaction block\n",
      CARBON_DB_ERROR },
    { "FATAL:  57P01: terminating connection due to administrator command\n", CARBON_DB_ERROR },
    /* English words of a constraint or a lock no longer decide anything. */
    { "ERROR:  duplicate key value violates unique constraint \"x\"\n", CARBON_DB_ERROR },
    { "ERROR:  P0001: the ledger is locked; could not serialize; violates the rules\n", CARBON_DB_ERROR },
};

START_TEST(pg_status_follows_the_sqlstate)
{
    ck_assert_int_eq(carbon_pg_status(pg_cases[_i].msg), pg_cases[_i].status);
}
END_TEST

START_TEST(sqlite_constraint_by_result_code)
{
    ck_assert_int_eq(carbon_sqlite_status(19, "UNIQUE constraint failed: buyers.tver_account_no"),
                     CARBON_DB_CONSTRAINT);
    ck_assert_int_eq(carbon_sqlite_status(19, NULL), CARBON_DB_CONSTRAINT);
}
END_TEST

START_TEST(sqlite_busy_and_locked_by_result_code)
{
    ck_assert_int_eq(carbon_sqlite_status(5, NULL), CARBON_DB_BUSY);
    ck_assert_int_eq(carbon_sqlite_status(6, NULL), CARBON_DB_BUSY);
}
END_TEST

START_TEST(sqlite_select_that_gave_up_on_a_lock_is_busy)
{
    ck_assert_int_eq(carbon_sqlite_status(1, "database is locked"), CARBON_DB_BUSY);
    ck_assert_int_eq(carbon_sqlite_status(1, "database table is locked"), CARBON_DB_BUSY);
}
END_TEST

START_TEST(sqlite_other_errors_are_errors)
{
    ck_assert_int_eq(carbon_sqlite_status(1, "no such table: no_such_table"), CARBON_DB_ERROR);
    ck_assert_int_eq(carbon_sqlite_status(1, "no such column: locked"), CARBON_DB_ERROR);
    ck_assert_int_eq(carbon_sqlite_status(1, NULL), CARBON_DB_ERROR);
    ck_assert_int_eq(carbon_sqlite_status(11, "database disk image is malformed"), CARBON_DB_ERROR);
}
END_TEST

static Suite *db_error_suite(void)
{
    Suite *s = suite_create("db_error");
    TCase *pg = tcase_create("postgresql");
    TCase *sqlite = tcase_create("sqlite");
    suite_add_tcase(s, pg);
    suite_add_tcase(s, sqlite);

    tcase_add_test(pg, sqlstate_is_read_after_the_severity);
    tcase_add_test(pg, sqlstate_is_read_whatever_the_language);
    tcase_add_test(pg, sqlstate_with_letters_is_read);
    tcase_add_loop_test(pg, message_without_a_sqlstate_has_none, 0,
                        (int)(sizeof(no_sqlstate) / sizeof(no_sqlstate[0])));
    tcase_add_test(pg, null_message_has_no_sqlstate);
    tcase_add_loop_test(pg, pg_status_follows_the_sqlstate, 0,
                        (int)(sizeof(pg_cases) / sizeof(pg_cases[0])));

    tcase_add_test(sqlite, sqlite_constraint_by_result_code);
    tcase_add_test(sqlite, sqlite_busy_and_locked_by_result_code);
    tcase_add_test(sqlite, sqlite_select_that_gave_up_on_a_lock_is_busy);
    tcase_add_test(sqlite, sqlite_other_errors_are_errors);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(db_error_suite());
    int failed;
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
