/* ledger.c: see ledger.h. */
#include "ledger.h"
#include "scope.h"
#include "statements.h"
#include "listing.h"
#include "json_util.h"
#include "http_log.h"
#include "apr_strings.h"
#include <stdlib.h>
#include <string.h>

APLOG_USE_MODULE(carbon);

/* Each movement is three statements: the province's totals (the public
 * figures, migration 016), the LAO's totals, then the project row, each its
 * own check (0 rows = refused). Arguments: q, q, lao, [project,] q; the
 * province's credit: q, q, lao, q, lao (it counts the LAO among the
 * province's laos_with_credits when it had no certified credits before). */
const carbon_statement carbon_ledger_statements[] = {
    { "ledger_lao_ensure",
      "INSERT INTO lao_credits (lao_code) VALUES (%s) ON CONFLICT (lao_code) DO NOTHING" },
    { "ledger_project_ensure",
      "INSERT INTO project_credits (lao_code, project_id) VALUES (%s, %lld)"
      " ON CONFLICT (lao_code, project_id) DO NOTHING" },
    /* the province row exists once any LAO of it was credited */
    { "ledger_province_ensure",
      "INSERT INTO province_credits (province_code)"
      " SELECT province_code FROM laos WHERE code = %s"
      " ON CONFLICT (province_code) DO NOTHING" },
    { "ledger_province_credit",
      "UPDATE province_credits SET certified_tco2e = certified_tco2e + %lld,"
      "                            remaining_tco2e = remaining_tco2e + %lld,"
      "       laos_with_credits = laos_with_credits"
      "         + CASE WHEN COALESCE((SELECT c.certified_tco2e FROM lao_credits c WHERE c.lao_code = %s), 0) = 0"
      "                 AND CAST(%lld AS BIGINT) > 0 THEN 1 ELSE 0 END"
      " WHERE province_code = (SELECT province_code FROM laos WHERE code = %s)" },
    { "ledger_province_reserve",
      "UPDATE province_credits SET remaining_tco2e = remaining_tco2e - %lld,"
      "                            awaiting_tco2e = awaiting_tco2e + %lld"
      " WHERE province_code = (SELECT province_code FROM laos WHERE code = %s)"
      "   AND remaining_tco2e >= %lld" },
    { "ledger_province_release",
      "UPDATE province_credits SET remaining_tco2e = remaining_tco2e + %lld,"
      "                            awaiting_tco2e = awaiting_tco2e - %lld"
      " WHERE province_code = (SELECT province_code FROM laos WHERE code = %s)"
      "   AND awaiting_tco2e >= %lld" },
    { "ledger_province_sell",
      "UPDATE province_credits SET awaiting_tco2e = awaiting_tco2e - %lld,"
      "                            sold_tco2e = sold_tco2e + %lld"
      " WHERE province_code = (SELECT province_code FROM laos WHERE code = %s)"
      "   AND awaiting_tco2e >= %lld" },
    { "ledger_lao_credit",
      "UPDATE lao_credits SET certified_tco2e = certified_tco2e + %lld,"
      "                       remaining_tco2e = remaining_tco2e + %lld"
      " WHERE lao_code = %s AND CAST(%lld AS BIGINT) > 0" },
    { "ledger_project_credit",
      "UPDATE project_credits SET certified_tco2e = certified_tco2e + %lld,"
      "                           remaining_tco2e = remaining_tco2e + %lld"
      " WHERE lao_code = %s AND project_id = %lld AND CAST(%lld AS BIGINT) > 0" },
    { "ledger_lao_reserve",
      "UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - %lld,"
      "                       awaiting_tco2e = awaiting_tco2e + %lld"
      " WHERE lao_code = %s AND remaining_tco2e >= %lld" },
    { "ledger_project_reserve",
      "UPDATE project_credits SET remaining_tco2e = remaining_tco2e - %lld,"
      "                           awaiting_tco2e = awaiting_tco2e + %lld"
      " WHERE lao_code = %s AND project_id = %lld AND remaining_tco2e >= %lld" },
    { "ledger_lao_release",
      "UPDATE lao_credits SET remaining_tco2e = remaining_tco2e + %lld,"
      "                       awaiting_tco2e = awaiting_tco2e - %lld"
      " WHERE lao_code = %s AND awaiting_tco2e >= %lld" },
    { "ledger_project_release",
      "UPDATE project_credits SET remaining_tco2e = remaining_tco2e + %lld,"
      "                           awaiting_tco2e = awaiting_tco2e - %lld"
      " WHERE lao_code = %s AND project_id = %lld AND awaiting_tco2e >= %lld" },
    { "ledger_lao_sell",
      "UPDATE lao_credits SET awaiting_tco2e = awaiting_tco2e - %lld,"
      "                       sold_tco2e = sold_tco2e + %lld"
      " WHERE lao_code = %s AND awaiting_tco2e >= %lld" },
    { "ledger_project_sell",
      "UPDATE project_credits SET awaiting_tco2e = awaiting_tco2e - %lld,"
      "                           sold_tco2e = sold_tco2e + %lld"
      " WHERE lao_code = %s AND project_id = %lld AND awaiting_tco2e >= %lld" },
    { "ledger_project_remaining",
      "SELECT remaining_tco2e FROM project_credits WHERE lao_code = %s AND project_id = %lld" },
    { "lao_balance",
      "SELECT l.code AS lao_code, l.name_th, l.province_code,"
      "       COALESCE(c.certified_tco2e, 0) AS certified_tco2e,"
      "       COALESCE(c.awaiting_tco2e, 0) AS awaiting_tco2e,"
      "       COALESCE(c.sold_tco2e, 0) AS sold_tco2e,"
      "       COALESCE(c.remaining_tco2e, 0) AS remaining_tco2e"
      "  FROM laos l LEFT JOIN lao_credits c ON c.lao_code = l.code"
      " WHERE l.code = %s AND " CARBON_SCOPE_SQL("l") },
    /* an LAO holds credits of a handful of projects: bounded by the projects */
    { "lao_balance_projects",
      "SELECT pc.project_id, pr.name_th AS project_name, pc.certified_tco2e, pc.awaiting_tco2e,"
      "       pc.sold_tco2e, pc.remaining_tco2e"
      "  FROM project_credits pc JOIN projects pr ON pr.id = pc.project_id"
      " WHERE pc.lao_code = %s ORDER BY pc.project_id" },
    { NULL, NULL }
};

static const struct {
    const char *province_label, *lao_label, *project_label, *name;
} moves[] = {
    [CARBON_LEDGER_CREDIT] = { "ledger_province_credit", "ledger_lao_credit", "ledger_project_credit", "credit" },
    [CARBON_LEDGER_RESERVE] = { "ledger_province_reserve", "ledger_lao_reserve", "ledger_project_reserve", "reserve" },
    [CARBON_LEDGER_RELEASE] = { "ledger_province_release", "ledger_lao_release", "ledger_project_release", "release" },
    [CARBON_LEDGER_SELL] = { "ledger_province_sell", "ledger_lao_sell", "ledger_project_sell", "sell" },
};

carbon_db_status carbon_ledger_apply(carbon_req *cr, carbon_db *db, carbon_ledger_move move,
                                     const char *lao_code, long long project_id, long long quantity,
                                     int *refused)
{
    apr_pool_t *p = cr->r->pool;
    const char *q = carbon_i64(p, quantity), *project = carbon_i64(p, project_id);
    int affected = 0;
    carbon_db_status st;
    *refused = 0;
    if (quantity <= 0) {
        *refused = 1;
    } else {
        if (move == CARBON_LEDGER_CREDIT
            && ((st = carbon_db_exec(db, "ledger_province_ensure", NULL, CARBON_ARGS(lao_code)))
                || (st = carbon_db_exec(db, "ledger_lao_ensure", NULL, CARBON_ARGS(lao_code)))
                || (st = carbon_db_exec(db, "ledger_project_ensure", NULL, CARBON_ARGS(lao_code, project)))))
            return st;
        /* The province's row first (before the LAO's, which the credit's
         * laos_with_credits reads as it was): lock order province, LAO,
         * project. On PostgreSQL two transactions moving LAOs of two
         * provinces in opposite orders can deadlock; PostgreSQL aborts one
         * (40P01: BUSY, 503 with Retry-After) and the other goes on. */
        if (move == CARBON_LEDGER_CREDIT)
            st = carbon_db_exec(db, moves[move].province_label, &affected, CARBON_ARGS(q, q, lao_code, q, lao_code));
        else
            st = carbon_db_exec(db, moves[move].province_label, &affected, CARBON_ARGS(q, q, lao_code, q));
        if (st)
            return st;
        if (affected == 1
            && (st = carbon_db_exec(db, moves[move].lao_label, &affected, CARBON_ARGS(q, q, lao_code, q))))
            return st;
        if (affected == 1
            && (st = carbon_db_exec(db, moves[move].project_label, &affected,
                                    CARBON_ARGS(q, q, lao_code, project, q))))
            return st;
        *refused = affected != 1;
    }
    if (*refused)
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, cr->r,
                      "carbon: ledger %s refused: lao %s, project %s, %s tCO2eq",
                      moves[move].name, lao_code, project, q);
    return CARBON_DB_OK;
}

static int by_lao(const void *a, const void *b)
{
    return strcmp(((const carbon_ledger_part *)a)->lao_code, ((const carbon_ledger_part *)b)->lao_code);
}

carbon_db_status carbon_ledger_apply_all(carbon_req *cr, carbon_db *db, carbon_ledger_move move,
                                         long long project_id, const apr_array_header_t *parts,
                                         const char **refused_lao)
{
    apr_array_header_t *sorted = apr_array_copy(cr->r->pool, parts);
    int i, refused = 0;
    carbon_db_status st;
    *refused_lao = NULL;
    qsort(sorted->elts, sorted->nelts, sizeof(carbon_ledger_part), by_lao);
    for (i = 0; i < sorted->nelts; i++) {
        const carbon_ledger_part *part = &APR_ARRAY_IDX(sorted, i, carbon_ledger_part);
        if ((st = carbon_ledger_apply(cr, db, move, part->lao_code, project_id, part->quantity, &refused)))
            return st;
        if (refused) {
            *refused_lao = part->lao_code;
            return CARBON_DB_OK;
        }
    }
    return CARBON_DB_OK;
}

carbon_db_status carbon_ledger_remaining(carbon_db *db, const char *lao_code, long long project_id,
                                         long long *remaining)
{
    char project[24];
    json_t *row = NULL;
    carbon_db_status st;
    snprintf(project, sizeof(project), "%lld", project_id);
    *remaining = 0;
    if ((st = carbon_db_select_one(db, "ledger_project_remaining", &row, CARBON_ARGS(lao_code, project))))
        return st;
    if (row)
        *remaining = carbon_row_int(row, "remaining_tco2e");
    json_decref(row);
    return CARBON_DB_OK;
}

carbon_db_status carbon_ledger_balance(carbon_req *cr, carbon_db *db, const char *lao_code, json_t **balance)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    json_t *row = NULL, *projects = NULL;
    carbon_db_status st;
    *balance = NULL;
    if ((st = carbon_db_select_one(db, "lao_balance", &row, CARBON_ARGS(lao_code, CARBON_SCOPE_ARGS(sc)))) || !row)
        return st;
    carbon_json_pool(cr->r->pool, row);
    if ((st = carbon_db_select(db, "lao_balance_projects", &projects, CARBON_ARGS(lao_code))))
        return st;
    json_object_set_new(row, "projects", projects);
    *balance = row;
    return CARBON_DB_OK;
}
