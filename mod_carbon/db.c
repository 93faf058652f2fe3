/*
 * db.c: labelled statements over mod_dbd's per-request connection. Every
 * statement was prepared when mod_dbd made the connection (db_setup.c) and
 * is found in its ap_dbd_t->prepared hash; one missing there (it failed to
 * prepare then) is prepared again on first use, and logged if it fails.
 */
#include "db.h"
#include "carbon.h"
#include "statements.h"
#include "db_setup.h"
#include "dbd_text.h"
#include "json_util.h"
#include "validate.h"
#include "apr_dbd.h"
#include "mod_dbd.h"
#include "apr_strings.h"
#include "apr_optional.h"

APLOG_USE_MODULE(carbon);

struct carbon_db {
    request_rec *r;
    ap_dbd_t *dbd;
    int is_sqlite;
};

static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire_fn;

void carbon_db_retrieve_optional_fns(void)
{
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
}

carbon_db *carbon_db_get(request_rec *r)
{
    carbon_db *db = NULL;
    ap_dbd_t *dbd;
    apr_pool_userdata_get((void **)&db, "carbon_db", r->pool);
    if (db)
        return db;
    if (!dbd_acquire_fn) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, CARBONLOGNO(10)
                      "mod_dbd is not loaded; mod_carbon needs it");
        return NULL;
    }
    dbd = dbd_acquire_fn(r);
    if (!dbd) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, CARBONLOGNO(11)
                      "no database connection (check DBDriver / DBDParams)");
        return NULL;
    }
    db = apr_pcalloc(r->pool, sizeof(*db));
    db->r = r;
    db->dbd = dbd;
    db->is_sqlite = !strcmp(apr_dbd_name(dbd->driver), "sqlite3");
    apr_pool_userdata_setn(db, "carbon_db", NULL, r->pool);
    return db;
}

/* The driver's code and message, sorted into what the caller must do
 * (db_error.h): SQLite's result code, PostgreSQL's SQLSTATE. */
static carbon_db_status classify(carbon_db *db, int rv, const char *label)
{
    const char *msg = apr_dbd_error(db->dbd->driver, db->dbd->handle, rv);
    carbon_db_status st = db->is_sqlite ? carbon_sqlite_status(rv, msg) : carbon_pg_status(msg);
    ap_log_rerror(APLOG_MARK, st == CARBON_DB_CONSTRAINT ? APLOG_INFO : APLOG_ERR, 0, db->r,
                  CARBONLOGNO(12) "statement %s: %s (%d)", label, msg ? msg : "?", rv);
    return st;
}

static carbon_db_status prepared(carbon_db *db, const char *label, apr_dbd_prepared_t **stmt)
{
    const carbon_statement *def;
    int rv;
    *stmt = apr_hash_get(db->dbd->prepared, label, APR_HASH_KEY_STRING);
    if (*stmt)
        return CARBON_DB_OK;
    def = carbon_statement_find(label);
    if (!def) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r, CARBONLOGNO(13)
                      "no statement labelled %s", label);
        return CARBON_DB_ERROR;
    }
    rv = carbon_db_prepare(db->dbd->driver, db->dbd->pool, db->dbd->handle, def, stmt);
    if (rv)
        return classify(db, rv, label);
    apr_hash_set(db->dbd->prepared, def->label, APR_HASH_KEY_STRING, *stmt);
    return CARBON_DB_OK;
}

static json_t *column_value(const char *name, const char *text)
{
    if (!text)
        return json_null();
    if (carbon_column_is_int(name)) {
        char *end;
        long long v = strtoll(text, &end, 10);
        if (*text && !*end)
            return json_integer(v);
    }
    if (carbon_column_is_bool(name))
        return json_boolean(strcmp(text, "0") && strcmp(text, "f") && strcmp(text, "false"));
    return json_string(text);
}

/* Runs a prepared SELECT and hands each row, as JSON, to each(). The
 * driver's result lives in a pool of its own, gone when this returns (the
 * JSON holds copies). The sqlite3 driver reads the whole result at select
 * time, so a caller streaming a large result reads it in keyset pages. */
static carbon_db_status run_select(carbon_db *db, const char *label, int random,
                                   int (*each)(void *baton, json_t *row), void *baton,
                                   int nargs, const char *const *args)
{
    apr_dbd_prepared_t *stmt;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_pool_t *qpool;
    carbon_db_status st = prepared(db, label, &stmt);
    int rv, ncols, i, stop = 0;
    if (st)
        return st;
    apr_pool_create(&qpool, db->r->pool);
    rv = apr_dbd_pselect(db->dbd->driver, qpool, db->dbd->handle, &res, stmt, random,
                         nargs, (const char **)args);
    if (rv) {
        st = classify(db, rv, label);
        apr_pool_destroy(qpool);
        return st;
    }
    /* A sequential (non-random) result of the pgsql driver knows its columns
     * only once its first row has been fetched (PQnfields of the first
     * PGresult): count them after each fetch, not before the first. */
    while ((rv = apr_dbd_get_row(db->dbd->driver, qpool, res, &row, -1)) == 0) {
        json_t *obj = json_object();
        ncols = apr_dbd_num_cols(db->dbd->driver, res);
        for (i = 0; i < ncols; i++) {
            const char *name = apr_dbd_get_name(db->dbd->driver, res, i);
            json_object_set_new(obj, name, column_value(name, carbon_dbd_text(db->dbd->driver, row, i)));
        }
        if (!stop && each(baton, obj))
            stop = 1;          /* keep reading: the driver must reach the end of the result */
        json_decref(obj);
    }
    st = rv != -1 ? classify(db, rv, label) : (stop ? CARBON_DB_ERROR : CARBON_DB_OK);
    apr_pool_destroy(qpool);
    return st;
}

static int append_row(void *baton, json_t *row)
{
    return json_array_append(baton, row);
}

carbon_db_status carbon_db_select(carbon_db *db, const char *label, json_t **rows,
                                  int nargs, const char *const *args)
{
    carbon_db_status st;
    *rows = json_array();
    st = run_select(db, label, 1, append_row, *rows, nargs, args);
    if (st) {
        json_decref(*rows);
        *rows = NULL;
    }
    return st;
}

carbon_db_status carbon_db_each(carbon_db *db, const char *label, int (*each)(void *baton, json_t *row),
                                void *baton, int nargs, const char *const *args)
{
    return run_select(db, label, 0, each, baton, nargs, args);
}

carbon_db_status carbon_db_select_one(carbon_db *db, const char *label, json_t **row,
                                      int nargs, const char *const *args)
{
    json_t *rows;
    carbon_db_status st = carbon_db_select(db, label, &rows, nargs, args);
    *row = NULL;
    if (st)
        return st;
    if (json_array_size(rows))
        *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return CARBON_DB_OK;
}

int carbon_db_find_by_id(request_rec *r, const char *label, const char *id, json_t **row)
{
    carbon_db *db;
    carbon_db_status st;
    *row = NULL;
    if (!carbon_is_id(id))
        return OK;
    if (!(db = carbon_db_get(r)))
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, label, row, CARBON_ARGS(id));
    carbon_json_pool(r->pool, *row);
    return carbon_db_http_status(st);
}

carbon_db_status carbon_db_exec(carbon_db *db, const char *label, int *affected,
                                int nargs, const char *const *args)
{
    apr_dbd_prepared_t *stmt;
    int nrows = 0, rv;
    carbon_db_status st = prepared(db, label, &stmt);
    if (st)
        return st;
    rv = apr_dbd_pquery(db->dbd->driver, db->r->pool, db->dbd->handle, &nrows, stmt,
                        nargs, (const char **)args);
    if (rv)
        return classify(db, rv, label);
    if (affected)
        *affected = nrows;
    return CARBON_DB_OK;
}

static carbon_db_status run_plain(carbon_db *db, const char *sql)
{
    int nrows = 0;
    int rv = apr_dbd_query(db->dbd->driver, db->dbd->handle, &nrows, sql);
    return rv ? classify(db, rv, sql) : CARBON_DB_OK;
}

carbon_db_status carbon_db_begin(carbon_db *db)
{
    return run_plain(db, db->is_sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

carbon_db_status carbon_db_commit(carbon_db *db)
{
    carbon_db_status st = run_plain(db, "COMMIT");
    if (st)
        carbon_db_rollback(db);
    return st;
}

void carbon_db_rollback(carbon_db *db)
{
    int nrows;
    apr_dbd_query(db->dbd->driver, db->dbd->handle, &nrows, "ROLLBACK");
}

int carbon_db_http_status(carbon_db_status st)
{
    switch (st) {
    case CARBON_DB_OK: return OK;
    case CARBON_DB_BUSY: return HTTP_SERVICE_UNAVAILABLE;
    case CARBON_DB_CONSTRAINT: return HTTP_CONFLICT;
    default: return HTTP_INTERNAL_SERVER_ERROR;
    }
}

const char *carbon_row_str(json_t *row, const char *col)
{
    json_t *v = row ? json_object_get(row, col) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

json_int_t carbon_row_int(json_t *row, const char *col)
{
    json_t *v = row ? json_object_get(row, col) : NULL;
    return json_is_integer(v) ? json_integer_value(v) : 0;
}
