/*
 * audit.h: the audit trail. Call inside the writing transaction, after the
 * write: who (user, role, organisation), when, what (entity, id, action),
 * the values before and after. The row is chained by hash to the last one.
 */
#ifndef CARBON_AUDIT_H
#define CARBON_AUDIT_H

#include "carbon.h"
#include "db.h"

/* before/after are borrowed and may be NULL. */
carbon_db_status carbon_audit_record(carbon_req *cr, carbon_db *db, const char *entity,
                                     const char *entity_id, const char *action,
                                     json_t *before, json_t *after);

#endif
