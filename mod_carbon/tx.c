/* tx.c: see tx.h. */
#include "tx.h"
#include "audit.h"

APLOG_USE_MODULE(carbon);

int carbon_tx_run(carbon_req *cr, carbon_db *db, carbon_tx_work work, void *baton)
{
    carbon_audit_entry audit = { NULL, NULL, NULL, NULL, NULL };
    carbon_db_status st;
    int rv;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = carbon_db_begin(db)))
        return carbon_db_http_status(st);
    if ((rv = work(cr, db, baton, &audit)) != OK) {
        carbon_db_rollback(db);
        return rv;
    }
    if (audit.entity
        && (st = carbon_audit_record(cr, db, audit.entity, audit.entity_id, audit.action,
                                     audit.before, audit.after))) {
        carbon_db_rollback(db);
        return carbon_db_http_status(st);
    }
    if ((st = carbon_db_commit(db)))   /* commit rolls back itself on failure */
        return carbon_db_http_status(st);
    return OK;
}
