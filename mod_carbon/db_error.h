/*
 * db_error.h: a database error sorted into what the caller must do, from
 * the driver's result code and message alone. Pure (no httpd header), so
 * it is unit-tested; db.c applies it to every failed statement.
 */
#ifndef CARBON_DB_ERROR_H
#define CARBON_DB_ERROR_H

typedef enum {
    CARBON_DB_OK = 0,
    CARBON_DB_BUSY,        /* a lock or serialisation conflict outlasted the retries: answer 503 */
    CARBON_DB_CONSTRAINT,  /* a CHECK / UNIQUE / FOREIGN KEY / NOT NULL refused the write */
    CARBON_DB_ERROR        /* anything else: logged, answer 500 */
} carbon_db_status;

/* The SQLSTATE of a PostgreSQL error message: libpq writes it after the
 * severity when the connection's verbosity is PQERRORS_VERBOSE (db_setup.c
 * sets it on every connection), "ERROR:  23505: duplicate key value ...".
 * Copies the five characters and a NUL into code and returns 1; returns 0
 * (code "") when the first line carries none, e.g. libpq's own messages. */
int carbon_pg_sqlstate(const char *msg, char code[6]);

/* PostgreSQL, by SQLSTATE only (the text follows the server's lc_messages):
 * class 23 (integrity constraint violation) is CONSTRAINT; 40001
 * serialization_failure, 40P01 deadlock_detected and 55P03
 * lock_not_available are BUSY; any other code, or none, is ERROR. */
carbon_db_status carbon_pg_status(const char *msg);

/* SQLite, by result code (apr_dbd's sqlite3 driver returns SQLite's):
 * SQLITE_CONSTRAINT (19) is CONSTRAINT, SQLITE_BUSY and SQLITE_LOCKED (5,
 * 6) are BUSY. When its SELECT gives up waiting for a lock the driver
 * returns SQLITE_ERROR (1), leaving SQLite's message of SQLITE_BUSY or
 * SQLITE_LOCKED, a fixed text SQLite never translates: those two exact
 * messages are BUSY too. Anything else is ERROR. */
carbon_db_status carbon_sqlite_status(int rv, const char *msg);

#endif
