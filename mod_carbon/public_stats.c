/* public_stats.c: see public_stats.h. */
#include "public_stats.h"
#include "statements.h"
#include "db.h"
#include "json_util.h"
#include "http_protocol.h"

APLOG_USE_MODULE(carbon);

const carbon_statement carbon_public_statements[] = {
    /* the national figures: the sum of the maintained province rows
     * (province_credits, moved by ledger.c; at most 77 rows) */
    { "public_summary",
      "SELECT COALESCE(SUM(certified_tco2e), 0) AS certified_tco2e,"
      "       COALESCE(SUM(sold_tco2e), 0) AS sold_tco2e,"
      "       COALESCE(SUM(awaiting_tco2e), 0) AS awaiting_tco2e,"
      "       COALESCE(SUM(remaining_tco2e), 0) AS remaining_tco2e,"
      "       COALESCE(SUM(laos_with_credits), 0) AS laos_with_credits"
      "  FROM province_credits" },
    /* one row per province, read as maintained: no GROUP BY over the LAOs */
    { "public_provinces",
      "SELECT p.code AS province_code, p.name_th,"
      "       COALESCE(c.certified_tco2e, 0) AS certified_tco2e,"
      "       COALESCE(c.sold_tco2e, 0) AS sold_tco2e,"
      "       COALESCE(c.awaiting_tco2e, 0) AS awaiting_tco2e,"
      "       COALESCE(c.remaining_tco2e, 0) AS remaining_tco2e,"
      "       COALESCE(c.laos_with_credits, 0) AS laos_with_credits"
      "  FROM provinces p LEFT JOIN province_credits c ON c.province_code = p.code"
      " ORDER BY p.code" },
    { "public_province",
      "SELECT code AS province_code, name_th FROM provinces WHERE code = %s" },
    { "public_top_laos",
      "SELECT l.code AS lao_code, l.name_th, p.name_th AS province_name,"
      "       c.certified_tco2e, c.sold_tco2e, c.remaining_tco2e"
      "  FROM lao_credits c JOIN laos l ON l.code = c.lao_code"
      "  JOIN provinces p ON p.code = l.province_code"
      " WHERE c.remaining_tco2e > 0"
      " ORDER BY c.remaining_tco2e DESC, c.lao_code LIMIT 10" },  /* index lao_credits_remaining */
    { "public_province_laos",
      "SELECT l.code AS lao_code, l.name_th, t.name_th AS lao_type_name, d.name_th AS district_name,"
      "       c.certified_tco2e, c.sold_tco2e, c.awaiting_tco2e, c.remaining_tco2e"
      "  FROM laos l JOIN lao_credits c ON c.lao_code = l.code"
      "  JOIN lao_types t ON t.code = l.lao_type"
      "  JOIN districts d ON d.code = l.district_code"
      " WHERE l.province_code = %s AND c.certified_tco2e > 0"
      " ORDER BY c.remaining_tco2e DESC, l.code" },
    { "public_lao",
      "SELECT l.code AS lao_code, l.name_th, t.name_th AS lao_type_name,"
      "       p.code AS province_code, p.name_th AS province_name, d.name_th AS district_name,"
      "       c.certified_tco2e, c.sold_tco2e, c.awaiting_tco2e, c.remaining_tco2e"
      "  FROM laos l JOIN lao_credits c ON c.lao_code = l.code"
      "  JOIN lao_types t ON t.code = l.lao_type"
      "  JOIN provinces p ON p.code = l.province_code"
      "  JOIN districts d ON d.code = l.district_code"
      " WHERE l.code = %s AND c.certified_tco2e > 0" },
    { "public_lao_certifications",
      "SELECT c.id, pr.name_th AS project_name, c.period_from, c.period_to, c.certified_on,"
      "       c.tgo_ref, c.lao_share_tco2e"
      "  FROM certifications c JOIN projects pr ON pr.id = c.project_id"
      " WHERE c.lao_code = %s ORDER BY c.certified_on DESC, c.id DESC" },
    { NULL, NULL }
};

/* Runs a public statement: *rows pool-owned. */
static int rows_of(carbon_req *cr, const char *label, int nargs, const char *const *args, json_t **rows)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *rows = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, label, rows, nargs, args);
    carbon_json_pool(cr->r->pool, *rows);
    if (st)
        *rows = NULL;
    return carbon_db_http_status(st);
}

/* The first row of a public statement, or NULL (pool-owned). */
static int row_of(carbon_req *cr, const char *label, int nargs, const char *const *args, json_t **row)
{
    json_t *rows;
    int rv = rows_of(cr, label, nargs, args, &rows);
    *row = rv == OK ? json_array_get(rows, 0) : NULL;
    return rv;
}

static int is_code(const char *s, size_t len)
{
    size_t i;
    if (!s || strlen(s) != len)
        return 0;
    for (i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int carbon_public_summary(carbon_req *cr, json_t **summary)
{
    return row_of(cr, "public_summary", CARBON_NOARGS, summary);
}

int carbon_public_provinces(carbon_req *cr, json_t **rows)
{
    return rows_of(cr, "public_provinces", CARBON_NOARGS, rows);
}

int carbon_public_top_laos(carbon_req *cr, json_t **rows)
{
    return rows_of(cr, "public_top_laos", CARBON_NOARGS, rows);
}

int carbon_public_province(carbon_req *cr, const char *code, json_t **province, json_t **laos)
{
    int rv;
    *province = *laos = NULL;
    if (!is_code(code, 2))
        return OK;
    if ((rv = row_of(cr, "public_province", CARBON_ARGS(code), province)) != OK || !*province)
        return rv;
    if ((rv = rows_of(cr, "public_province_laos", CARBON_ARGS(code), laos)) != OK)
        *province = NULL;
    return rv;
}

int carbon_public_lao(carbon_req *cr, const char *code, json_t **lao, json_t **certifications)
{
    int rv;
    *lao = *certifications = NULL;
    if (!is_code(code, 7))
        return OK;
    if ((rv = row_of(cr, "public_lao", CARBON_ARGS(code), lao)) != OK || !*lao)
        return rv;
    if ((rv = rows_of(cr, "public_lao_certifications", CARBON_ARGS(code), certifications)) != OK)
        *lao = NULL;
    return rv;
}
