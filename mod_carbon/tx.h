/*
 * tx.h: one writing transaction, made the way every write of mod_carbon is
 * made: BEGIN (IMMEDIATE on SQLite), the caller's work, its audit row,
 * COMMIT. Anything but OK from the work, or a failed audit row or commit,
 * rolls the whole transaction back, so nothing is ever half-written.
 *
 * The work runs its statements on db, fills *audit when the write is to be
 * audited (entity NULL: no audit row; the row is written after the work, in
 * the same transaction), and returns OK to commit or an HTTP status to roll
 * back and answer with (422 with the caller's errors, 409, ...). A
 * statement's failure is returned as carbon_db_http_status(st): 503 for a
 * database still busy after the driver's retries, 409 for a constraint,
 * 500 otherwise.
 */
#ifndef CARBON_TX_H
#define CARBON_TX_H

#include "carbon.h"
#include "db.h"

typedef struct {
    const char *entity;      /* e.g. "trade"; NULL: no audit row */
    const char *entity_id;   /* decimal text */
    const char *action;      /* create | update | confirm | delete | ... */
    json_t *before, *after;  /* borrowed; may be NULL */
} carbon_audit_entry;

typedef int (*carbon_tx_work)(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit);

/* Runs work inside one transaction on db (the request's connection).
 * Returns OK once committed, the work's own status when it refused (rolled
 * back), or the database's HTTP status (503 busy, 500). */
int carbon_tx_run(carbon_req *cr, carbon_db *db, carbon_tx_work work, void *baton);

#endif
