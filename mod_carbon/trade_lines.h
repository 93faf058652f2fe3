/*
 * trade_lines.h: the LAOs taking part in a trade, one line each (LAO, role,
 * quantity, its own total, where its credits are, its consent). A
 * self-operated sale has one line (role seller); a group sale one per
 * participating LAO (one of them the representative); a delegated sale the
 * lines the provincial offices add.
 *
 * The credits of every line move through the ledger (ledger.h) in the
 * caller's transaction, with the line's ledger state beside them:
 * reserved (awaiting), sold, released. Nothing here opens a transaction.
 */
#ifndef CARBON_TRADE_LINES_H
#define CARBON_TRADE_LINES_H

#include "carbon.h"
#include "db.h"
#include "ledger.h"

/* Adds a line whose quantity the caller has just reserved (ledger state
 * "reserved"); consent is "pending" or "consented". */
carbon_db_status carbon_trade_line_add(carbon_req *cr, carbon_db *db, const char *trade_id, const char *lao_code,
                                       const char *role, long long quantity, long long total_satang,
                                       const char *consent);

/* The lines of a trade, in LAO order: [{id, lao_code, lao_name, role,
 * quantity_tco2e, total_satang, ledger, consent, decline_reason}] (the
 * reason of the LAO's latest decline while the line stands declined, else
 * null). *lines pool-owned. */
carbon_db_status carbon_trade_lines_of(carbon_req *cr, carbon_db *db, const char *trade_id, json_t **lines);

/* Sells (CARBON_LEDGER_SELL) or releases (CARBON_LEDGER_RELEASE) every
 * reserved line of the trade: the ledger moves for each line's LAO and the
 * project, and the lines become sold / released. *refused_lao names an LAO
 * whose awaiting credits were not there (the caller rolls back);
 * *settled_tco2e is the quantity moved. */
carbon_db_status carbon_trade_lines_settle(carbon_req *cr, carbon_db *db, const char *trade_id,
                                           long long project_id, carbon_ledger_move move,
                                           const char **refused_lao, long long *settled_tco2e);

/* A reserved line changes quantity or project (an edit): the ledger
 * releases the old quantity of the old project and reserves the new one of
 * the new project (only the difference when the project stays), and the
 * line takes the new quantity and total. *refused = 1 when the new
 * project's remaining credits do not cover it (the caller rolls back). */
carbon_db_status carbon_trade_line_resize(carbon_req *cr, carbon_db *db, const char *trade_id, const char *lao_code,
                                          long long old_project, long long old_quantity, long long new_project,
                                          long long new_quantity, long long new_total, int *refused);

#endif
