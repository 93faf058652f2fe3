/*
 * db.h: the only door to the database. Every statement is labelled in
 * statements.c, prepared once per connection, and run with positional
 * text arguments; nothing is ever built from input. Rows come back as a
 * JSON array of objects keyed by column name; each statement's column
 * types (see statements.c) turn numbers into JSON integers.
 */
#ifndef CARBON_DB_H
#define CARBON_DB_H

#include "httpd.h"
#include <jansson.h>
#include "db_error.h"

typedef struct carbon_db carbon_db;

/* carbon_db_status (db_error.h): OK, BUSY, CONSTRAINT or ERROR, sorted by
 * result code on SQLite and by SQLSTATE on PostgreSQL. */

/* Builds a counted argument list: CARBON_ARGS("a", b) -> 2, (const char*[]){"a", b} */
#define CARBON_ARGS(...) \
    (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)), (const char *[]){__VA_ARGS__}
#define CARBON_NOARGS 0, NULL

/* Looks up mod_dbd's ap_dbd_acquire (optional_fn_retrieve hook). */
void carbon_db_retrieve_optional_fns(void);

/* The request's connection from mod_dbd, or NULL (logged). */
carbon_db *carbon_db_get(request_rec *r);

/* SELECT (or INSERT ... RETURNING): *rows is a new JSON array the caller owns. */
carbon_db_status carbon_db_select(carbon_db *db, const char *label, json_t **rows,
                                  int nargs, const char *const *args);
/* The first row or NULL (no row is not an error). */
carbon_db_status carbon_db_select_one(carbon_db *db, const char *label, json_t **row,
                                      int nargs, const char *const *args);
/* Streams a SELECT: calls each(baton, row) for every row, one at a time
 * (the row is released after the call), so memory does not grow with the
 * result. A non-zero return from each stops with CARBON_DB_ERROR. */
carbon_db_status carbon_db_each(carbon_db *db, const char *label, int (*each)(void *baton, json_t *row),
                                void *baton, int nargs, const char *const *args);
/* The row a one-argument statement finds for a record id from a URL:
 * *row (pool-owned) or NULL when the id is malformed or not found; returns
 * an HTTP status (OK, or 503/500 on database trouble). */
int carbon_db_find_by_id(request_rec *r, const char *label, const char *id, json_t **row);
/* INSERT / UPDATE / DELETE; *affected may be NULL. */
carbon_db_status carbon_db_exec(carbon_db *db, const char *label, int *affected,
                                int nargs, const char *const *args);


/* Transactions: BEGIN IMMEDIATE on SQLite (writers queue up front instead
 * of failing mid-way), BEGIN on PostgreSQL. */
carbon_db_status carbon_db_begin(carbon_db *db);
carbon_db_status carbon_db_commit(carbon_db *db);
void carbon_db_rollback(carbon_db *db);

/* Turns a status into the HTTP status to answer with. */
int carbon_db_http_status(carbon_db_status st);

/* Helpers on result rows. */
const char *carbon_row_str(json_t *row, const char *col);
json_int_t carbon_row_int(json_t *row, const char *col);

#endif
