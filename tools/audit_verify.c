/*
 * carbon-audit-verify: checks the audit trail's hash chain.
 *
 *   carbon-audit-verify sqlite3 /var/lib/carbon/carbon.db
 *   carbon-audit-verify pgsql "host=db1 dbname=carbon user=carbon"
 *
 * Recomputes every row's hash from its fields and the previous row's hash
 * (the same function the module uses, mod_carbon/audit_hash.c), checks the
 * sequence has no gaps and that audit_head points at the last row. Prints
 * "audit trail OK: N rows" and exits 0, or names the first broken row and
 * exits 1 (2 on a usage or database error).
 */
#include "audit_hash.h"
#include "dbd_text.h"
#include "apr_general.h"
#include "apr_strings.h"
#include "apu.h"
#include "apr_dbd.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS_SQL "SELECT seq, at, user_subject, user_role, org_code, entity, entity_id, action, " \
                 "before_json, after_json, prev_hash, hash FROM audit_log ORDER BY seq"
#define HEAD_SQL "SELECT last_seq, last_hash FROM audit_head WHERE id = 1"

static const char *entry(const apr_dbd_driver_t *drv, apr_dbd_row_t *row, int col)
{
    return carbon_dbd_text(drv, row, col);
}

static int verify(apr_pool_t *p, const apr_dbd_driver_t *drv, apr_dbd_t *h)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *prev = CARBON_AUDIT_GENESIS;
    long long expect_seq = 1, count = 0;
    int rv = apr_dbd_select(drv, p, h, &res, ROWS_SQL, 0);
    if (rv) {
        fprintf(stderr, "carbon-audit-verify: %s\n", apr_dbd_error(drv, h, rv));
        return 2;
    }
    while (apr_dbd_get_row(drv, p, res, &row, -1) == 0) {
        carbon_audit_fields f;
        const char *stored, *computed;
        f.seq = atoll(entry(drv, row, 0));
        f.at = entry(drv, row, 1);
        f.user_subject = entry(drv, row, 2);
        f.user_role = entry(drv, row, 3);
        f.org_code = entry(drv, row, 4);
        f.entity = entry(drv, row, 5);
        f.entity_id = entry(drv, row, 6);
        f.action = entry(drv, row, 7);
        f.before_json = entry(drv, row, 8);
        f.after_json = entry(drv, row, 9);
        f.prev_hash = entry(drv, row, 10);
        stored = entry(drv, row, 11);
        if (f.seq != expect_seq) {
            printf("audit trail BROKEN at seq %lld: expected seq %lld (a row is missing)\n", f.seq, expect_seq);
            return 1;
        }
        if (!f.prev_hash || strcmp(f.prev_hash, prev)) {
            printf("audit trail BROKEN at seq %lld: prev_hash does not match the hash of the row before\n", f.seq);
            return 1;
        }
        f.prev_hash = apr_pstrdup(p, f.prev_hash);
        computed = carbon_audit_hash(p, &f);
        if (!computed || !stored || strcmp(computed, stored)) {
            printf("audit trail BROKEN at seq %lld: the row's content does not match its hash "
                   "(%s %s %s by %s at %s)\n", f.seq, f.action, f.entity, f.entity_id,
                   f.user_subject ? f.user_subject : "?", f.at ? f.at : "?");
            return 1;
        }
        prev = apr_pstrdup(p, stored);
        expect_seq++;
        count++;
    }
    res = NULL;
    row = NULL;
    if (apr_dbd_select(drv, p, h, &res, HEAD_SQL, 0) == 0
        && apr_dbd_get_row(drv, p, res, &row, -1) == 0) {
        long long last = atoll(entry(drv, row, 0));
        const char *head_hash = apr_pstrdup(p, entry(drv, row, 1));
        while (apr_dbd_get_row(drv, p, res, &row, -1) == 0)
            ;
        if (last != count || strcmp(head_hash, prev)) {
            printf("audit trail BROKEN after seq %lld: audit_head says seq %lld (rows were removed "
                   "from the end or the head was changed)\n", count, last);
            return 1;
        }
    }
    printf("audit trail OK: %lld rows\n", count);
    return 0;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    const apr_dbd_driver_t *drv;
    apr_dbd_t *h;
    const char *err = NULL;
    int rc;
    if (argc != 3) {
        fprintf(stderr, "usage: carbon-audit-verify sqlite3 FILE | pgsql CONNINFO\n");
        return 2;
    }
    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&p, NULL);
    apr_dbd_init(p);
    if (apr_dbd_get_driver(p, argv[1], &drv) != APR_SUCCESS) {
        fprintf(stderr, "carbon-audit-verify: no apr_dbd driver '%s'\n", argv[1]);
        return 2;
    }
    if (apr_dbd_open_ex(drv, p, argv[2], &h, &err) != APR_SUCCESS) {
        fprintf(stderr, "carbon-audit-verify: cannot open the database: %s\n", err ? err : "?");
        return 2;
    }
    rc = verify(p, drv, h);
    apr_dbd_close(drv, h);
    apr_pool_destroy(p);
    apr_terminate();
    return rc;
}
