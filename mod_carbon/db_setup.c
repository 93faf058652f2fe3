/*
 * db_setup.c: connections made ready before db.c uses them (see
 * db_setup.h and docs/DESIGN.md, "Database").
 */
#include "db_setup.h"
#include "carbon.h"
#include "mod_dbd.h"
#include "apr_optional_hooks.h"
#include "apr_strings.h"
#include "apr_file_info.h"
#include <libpq-fe.h>
#include <string.h>

APLOG_USE_MODULE(carbon);

int carbon_db_prepare(const apr_dbd_driver_t *driver, apr_pool_t *pool, apr_dbd_t *handle,
                      const carbon_statement *def, apr_dbd_prepared_t **stmt)
{
    *stmt = NULL;
    return apr_dbd_prepare(driver, pool, handle, def->sql,
                           apr_pstrcat(pool, CARBON_STATEMENT_PREFIX, def->label, NULL), stmt);
}

/* libpq leaves the SQLSTATE out of its messages unless asked; apr_dbd gives
 * nothing else (db_error.h reads the code from the message). */
static void report_sqlstate(const apr_dbd_driver_t *driver, apr_dbd_t *handle)
{
    PGconn *conn;
    if (strcmp(apr_dbd_name(driver), "pgsql"))
        return;
    if ((conn = apr_dbd_native_handle(driver, handle)))
        PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
}

typedef struct {
    const apr_dbd_driver_t *driver;
    apr_pool_t *pool;
    apr_dbd_t *handle;
    apr_hash_t *prepared;   /* label -> statement, or NULL to prepare and drop */
    server_rec *s;
    int level;              /* of the log line of a statement that fails */
    const char *when;
    int failed;
} prepare_all;

static int prepare_one(void *baton, const carbon_statement *def)
{
    prepare_all *b = baton;
    apr_dbd_prepared_t *stmt;
    int rv = carbon_db_prepare(b->driver, b->pool, b->handle, def, &stmt);
    if (rv) {
        const char *msg = apr_dbd_error(b->driver, b->handle, rv);
        ap_log_error(APLOG_MARK, b->level, 0, b->s, CARBONLOGNO(15)
                     "statement %s does not prepare %s: %s", def->label, b->when,
                     msg ? msg : "(no message from the driver)");
        b->failed++;
    } else if (b->prepared) {
        apr_hash_set(b->prepared, def->label, APR_HASH_KEY_STRING, stmt);
    }
    return 0;   /* go on: every broken statement is named, not just the first */
}

/* mod_dbd's constructor of a pooled connection calls this once the
 * connection is open; its return value is ignored, so a statement that
 * fails is logged here and db.c tries it again (and logs) when it is used. */
static apr_status_t carbon_dbd_post_connect(apr_pool_t *pool, dbd_cfg_t *cfg, ap_dbd_t *dbd)
{
    prepare_all b = { dbd->driver, pool, dbd->handle, dbd->prepared, cfg->server, APLOG_ERR,
                      "on a new connection", 0 };
    report_sqlstate(dbd->driver, dbd->handle);
    carbon_statement_each(prepare_one, &b);
    return APR_SUCCESS;
}

void carbon_db_setup_register_hooks(apr_pool_t *p)
{
    APR_OPTIONAL_HOOK(dbd, post_connect, carbon_dbd_post_connect, NULL, NULL, APR_HOOK_MIDDLE);
}

int carbon_db_check_labels(server_rec *s)
{
    const char *label;
    const char *problem = carbon_statement_label_problem(&label);
    if (!problem)
        return OK;
    ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, CARBONLOGNO(14)
                 "statement label %s %s (statements.c and the tables it lists)", label, problem);
    return HTTP_INTERNAL_SERVER_ERROR;
}

/* mod_dbd's settings of a server: the dbd_cfg_t of mod_dbd.h (the one its
 * post_connect hook hands over), kept behind mod_dbd's private per-server
 * record whose first member points to it (so since httpd 2.2). The record
 * names its server, which confirms the layout before anything else is
 * read; NULL when mod_dbd is absent or the check fails. */
static const dbd_cfg_t *dbd_settings(server_rec *s)
{
    module *m = ap_find_linked_module("mod_dbd.c");
    void *svr;
    const dbd_cfg_t *cfg;
    if (!m || !(svr = ap_get_module_config(s->module_config, m)))
        return NULL;
    memcpy(&cfg, svr, sizeof(cfg));
    return cfg && cfg->server == s ? cfg : NULL;
}

/* One connection with the settings of cfg: every statement prepared, then
 * closed. Returns OK, or an HTTP error status when a statement fails. */
static int check_with(apr_pool_t *ptemp, server_rec *s, const dbd_cfg_t *cfg)
{
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle = NULL;
    const char *err = NULL;
    apr_finfo_t fi;
    apr_pool_t *pool;
    prepare_all b;
    if (cfg->name[0] == '[' || apr_dbd_get_driver(ptemp, cfg->name, &driver) != APR_SUCCESS)
        return OK;        /* no DBDriver, or one mod_dbd has already refused */
    /* sqlite3_open would create a missing file, owned by root. */
    if (!strcmp(cfg->name, "sqlite3") && apr_stat(&fi, cfg->params, APR_FINFO_TYPE, ptemp)) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, CARBONLOGNO(16)
                     "DBDParams: no database file %s; statements are not checked at start-up "
                     "(create it with tools/migrate)", cfg->params);
        return OK;
    }
    apr_pool_create(&pool, ptemp);
    if (apr_dbd_open_ex(driver, pool, cfg->params, &handle, &err) != APR_SUCCESS || !handle) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, CARBONLOGNO(16)
                     "cannot reach the %s database (%s); statements are not checked at "
                     "start-up, only as connections are made", cfg->name, err ? err : "?");
        apr_pool_destroy(pool);
        return OK;
    }
    report_sqlstate(driver, handle);
    b = (prepare_all){ driver, pool, handle, NULL, s, APLOG_EMERG, "at start-up", 0 };
    carbon_statement_each(prepare_one, &b);
    apr_dbd_close(driver, handle);
    apr_pool_destroy(pool);
    return b.failed ? HTTP_INTERNAL_SERVER_ERROR : OK;
}

int carbon_db_check_statements(apr_pool_t *ptemp, server_rec *s)
{
    apr_hash_t *seen = apr_hash_make(ptemp);
    server_rec *sp;
    for (sp = s; sp; sp = sp->next) {
        const dbd_cfg_t *cfg = dbd_settings(sp);
        const char *key;
        int rv;
        if (!cfg) {
            if (sp == s)
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, CARBONLOGNO(17)
                             "mod_dbd's settings are not readable (is mod_dbd loaded?); "
                             "statements are not checked at start-up");
            continue;
        }
        key = apr_pstrcat(ptemp, cfg->name, "\n", cfg->params, NULL);
        if (apr_hash_get(seen, key, APR_HASH_KEY_STRING))
            continue;
        apr_hash_set(seen, key, APR_HASH_KEY_STRING, key);
        if ((rv = check_with(ptemp, sp, cfg)) != OK)
            return rv;
    }
    return OK;
}
