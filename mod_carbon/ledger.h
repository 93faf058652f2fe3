/*
 * ledger.h: the credit ledger, the only code that touches the credit
 * tables. Credits are kept per LAO and project (project_credits: a sale of
 * project P reserves, sells and releases only P's credits of that LAO);
 * lao_credits holds each LAO's totals over its projects, moved together
 * with the project row, so public totals read one row per LAO. Both tables'
 * CHECKs keep remaining + awaiting + sold = certified at every commit.
 *
 * Every movement is a conditional UPDATE inside the caller's transaction
 * (never read-then-write): 0 rows is a refusal, logged with the LAO,
 * project and quantity, and the caller rolls back. Lock order, so that
 * concurrent transactions on PostgreSQL never deadlock: the LAO's totals row
 * first, then its project row; lines of several LAOs in lao_code order.
 *
 *   credit   certified += q, remaining += q   (a certification)
 *   reserve  remaining -> awaiting            (a sale saved)
 *   release  awaiting  -> remaining           (a sale deleted, declined, reduced)
 *   sell     awaiting  -> sold                (a sale confirmed by DLA)
 */
#ifndef CARBON_LEDGER_H
#define CARBON_LEDGER_H

#include "carbon.h"
#include "db.h"

typedef enum {
    CARBON_LEDGER_CREDIT,
    CARBON_LEDGER_RESERVE,
    CARBON_LEDGER_RELEASE,
    CARBON_LEDGER_SELL
} carbon_ledger_move;

/* One LAO's part of a movement. */
typedef struct {
    const char *lao_code;
    long long quantity;      /* > 0 */
} carbon_ledger_part;

/* Moves quantity credits of (lao_code, project_id) in the caller's open
 * transaction. Returns CARBON_DB_OK with *refused = 0 when moved, or
 * CARBON_DB_OK with *refused = 1 when the credits are not there (nothing
 * moved by this call; the caller rolls back), or a database status. */
carbon_db_status carbon_ledger_apply(carbon_req *cr, carbon_db *db, carbon_ledger_move move,
                                     const char *lao_code, long long project_id, long long quantity,
                                     int *refused);

/* The same movement for every part at once (e.g. every line of a trade),
 * in lao_code order. *refused_lao is NULL when all moved, or the first LAO
 * whose credits were not there (the caller rolls back). */
carbon_db_status carbon_ledger_apply_all(carbon_req *cr, carbon_db *db, carbon_ledger_move move,
                                         long long project_id, const apr_array_header_t *parts,
                                         const char **refused_lao);

/* The LAO's remaining credits of one project (0 when it has none): for the
 * message next to a field; the conditional UPDATE stays the guard. */
carbon_db_status carbon_ledger_remaining(carbon_db *db, const char *lao_code, long long project_id,
                                         long long *remaining);

/* The LAO's balance as the user may see it (scope.h): lao_code, name_th,
 * province_code, its totals (certified_tco2e, awaiting_tco2e, sold_tco2e,
 * remaining_tco2e) and projects [{project_id, project_name, certified_tco2e,
 * awaiting_tco2e, sold_tco2e, remaining_tco2e}] (project order), each adding
 * up on its own. *balance pool-owned; NULL when the LAO is absent or out of
 * scope. */
carbon_db_status carbon_ledger_balance(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **balance);

#endif
