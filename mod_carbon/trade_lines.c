/* trade_lines.c: see trade_lines.h. */
#include "trade_lines.h"
#include "listing.h"
#include "json_util.h"
#include "statements.h"
#include "apr_strings.h"
#include <string.h>

APLOG_USE_MODULE(carbon);

const carbon_statement carbon_trade_line_statements[] = {
    { "trade_line_insert",
      "INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)"
      " VALUES (%lld, %s, %s, %lld, %lld, 'reserved', %s)" },
    { "trade_lines_of",
      "SELECT tl.id, tl.lao_code, l.name_th AS lao_name, tl.role, tl.quantity_tco2e, tl.total_satang,"
      "       tl.ledger, tl.consent,"
      /* why the LAO declined (its latest decline), null unless it stands declined */
      "       CASE WHEN tl.consent = 'declined' THEN"
      "         (SELECT e.note FROM trade_events e WHERE e.trade_id = tl.trade_id AND e.action = 'decline'"
      "             AND e.ref = tl.lao_code ORDER BY e.id DESC LIMIT 1) END AS decline_reason"
      "  FROM trade_lines tl JOIN laos l ON l.code = tl.lao_code"
      " WHERE tl.trade_id = %lld ORDER BY tl.lao_code" },
    { "trade_lines_reserved",
      "SELECT lao_code, quantity_tco2e FROM trade_lines"
      " WHERE trade_id = %lld AND ledger = 'reserved' ORDER BY lao_code" },
    { "trade_lines_settle",
      "UPDATE trade_lines SET ledger = %s, version = version + 1"
      " WHERE trade_id = %lld AND ledger = 'reserved'" },
    { "trade_line_resize",
      "UPDATE trade_lines SET quantity_tco2e = %lld, total_satang = %lld, version = version + 1"
      " WHERE trade_id = %lld AND lao_code = %s AND ledger = 'reserved' AND quantity_tco2e = %lld" },
    { NULL, NULL }
};

carbon_db_status carbon_trade_line_add(carbon_req *cr, carbon_db *db, const char *trade_id, const char *lao_code,
                                       const char *role, long long quantity, long long total_satang,
                                       const char *consent)
{
    apr_pool_t *p = cr->r->pool;
    return carbon_db_exec(db, "trade_line_insert", NULL,
                          CARBON_ARGS(trade_id, lao_code, role, carbon_i64(p, quantity),
                                      carbon_i64(p, total_satang), consent));
}

carbon_db_status carbon_trade_lines_of(carbon_req *cr, carbon_db *db, const char *trade_id, json_t **lines)
{
    carbon_db_status st = carbon_db_select(db, "trade_lines_of", lines, CARBON_ARGS(trade_id));
    if (!st)
        carbon_json_pool(cr->r->pool, *lines);
    return st;
}

carbon_db_status carbon_trade_lines_settle(carbon_req *cr, carbon_db *db, const char *trade_id,
                                           long long project_id, carbon_ledger_move move,
                                           const char **refused_lao, long long *settled_tco2e)
{
    apr_pool_t *p = cr->r->pool;
    apr_array_header_t *parts = apr_array_make(p, 4, sizeof(carbon_ledger_part));
    json_t *rows = NULL, *row;
    size_t i;
    carbon_db_status st;
    *refused_lao = NULL;
    *settled_tco2e = 0;
    if ((st = carbon_db_select(db, "trade_lines_reserved", &rows, CARBON_ARGS(trade_id))))
        return st;
    carbon_json_pool(p, rows);
    json_array_foreach(rows, i, row) {
        carbon_ledger_part *part = &APR_ARRAY_PUSH(parts, carbon_ledger_part);
        part->lao_code = carbon_row_str(row, "lao_code");
        part->quantity = carbon_row_int(row, "quantity_tco2e");
        *settled_tco2e += part->quantity;
    }
    if ((st = carbon_ledger_apply_all(cr, db, move, project_id, parts, refused_lao)) || *refused_lao)
        return st;
    return carbon_db_exec(db, "trade_lines_settle", NULL,
                          CARBON_ARGS(move == CARBON_LEDGER_SELL ? "sold" : "released", trade_id));
}

carbon_db_status carbon_trade_line_resize(carbon_req *cr, carbon_db *db, const char *trade_id, const char *lao_code,
                                          long long old_project, long long old_quantity, long long new_project,
                                          long long new_quantity, long long new_total, int *refused)
{
    apr_pool_t *p = cr->r->pool;
    long long diff = new_quantity - old_quantity;
    int affected = 0;
    carbon_db_status st;
    *refused = 0;
    if (old_project != new_project) {
        if ((st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RELEASE, lao_code, old_project, old_quantity, refused))
            || *refused
            || (st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RESERVE, lao_code, new_project, new_quantity,
                                         refused)))
            return st;
    } else if (diff > 0) {
        st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RESERVE, lao_code, new_project, diff, refused);
    } else if (diff < 0) {
        st = carbon_ledger_apply(cr, db, CARBON_LEDGER_RELEASE, lao_code, new_project, -diff, refused);
    } else {
        st = CARBON_DB_OK;
    }
    if (st || *refused)
        return st;
    if ((st = carbon_db_exec(db, "trade_line_resize", &affected,
                             CARBON_ARGS(carbon_i64(p, new_quantity), carbon_i64(p, new_total), trade_id,
                                         lao_code, carbon_i64(p, old_quantity)))))
        return st;
    return affected == 1 ? CARBON_DB_OK : CARBON_DB_ERROR;
}
