/* pdpa.c: see pdpa.h. */
#include "pdpa.h"
#include "statements.h"
#include "session.h"
#include "json_util.h"
#include "listing.h"
#include "validate.h"
#include "http_log.h"
#include "apr_strings.h"
#include <stdlib.h>

APLOG_USE_MODULE(carbon);

/* Keyset paging: one row more than a page says whether another follows. */
#define PAGE_PLUS_ONE "51"
#define NEWEST "9223372036854775807"

const carbon_statement carbon_pdpa_statements[] = {
    { "pdpa_read_buyer",
      "INSERT INTO personal_data_reads (read_at, user_id, action, buyer_id, filter_json, row_count)"
      " VALUES (%s, %lld, %s, %lld, NULL, 1)" },
    { "pdpa_read_list",
      "INSERT INTO personal_data_reads (read_at, user_id, action, buyer_id, filter_json, row_count)"
      " VALUES (%s, %lld, %s, NULL, %s, %lld)" },
    { "pdpa_reads_of_buyer",
      "SELECT r.id, r.read_at, r.action, r.buyer_id, r.filter_json, r.row_count,"
      "       u.subject AS user_subject, u.display_name AS user_name"
      "  FROM personal_data_reads r JOIN users u ON u.id = r.user_id"
      " WHERE r.buyer_id = %lld AND r.id < %lld ORDER BY r.id DESC LIMIT " PAGE_PLUS_ONE },
    { "pdpa_reads_of_user",
      "SELECT r.id, r.read_at, r.action, r.buyer_id, r.filter_json, r.row_count,"
      "       u.subject AS user_subject, u.display_name AS user_name"
      "  FROM personal_data_reads r JOIN users u ON u.id = r.user_id"
      " WHERE u.subject = %s AND r.id < %lld ORDER BY r.id DESC LIMIT " PAGE_PLUS_ONE },
    { NULL, NULL }
};

int carbon_pdpa_record_buyer(carbon_req *cr, carbon_db *db, const char *action, const char *buyer_id)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db_status st = carbon_db_exec(db, "pdpa_read_buyer", NULL,
                                         CARBON_ARGS(carbon_now_iso(p, apr_time_now()),
                                                     carbon_i64(p, cr->user->id), action, buyer_id));
    if (st)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, cr->r, CARBONLOGNO(70)
                      "personal-data read (%s of buyer %s) not recorded: not shown", action, buyer_id);
    return carbon_db_http_status(st);
}

int carbon_pdpa_record_list(carbon_req *cr, carbon_db *db, const char *action, json_t *filters,
                            long long rows)
{
    apr_pool_t *p = cr->r->pool;
    char *text = json_dumps(filters ? filters : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
    const char *copy = apr_pstrdup(p, text ? text : "{}");
    carbon_db_status st;
    free(text);
    st = carbon_db_exec(db, "pdpa_read_list", NULL,
                        CARBON_ARGS(carbon_now_iso(p, apr_time_now()), carbon_i64(p, cr->user->id), action,
                                    copy, carbon_i64(p, rows)));
    if (st)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, cr->r, CARBONLOGNO(71)
                      "personal-data read (%s, %lld rows) not recorded: not shown", action, rows);
    return carbon_db_http_status(st);
}

static int reads_page(carbon_req *cr, const char *label, const char *key, const char *before, json_t **rows,
                      const char **next_before)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *rows = NULL;
    *next_before = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, label, rows, CARBON_ARGS(key, before ? before : NEWEST));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(cr->r->pool, *rows);
    if (json_array_size(*rows) > CARBON_PDPA_PAGE) {
        json_array_remove(*rows, CARBON_PDPA_PAGE);
        *next_before = carbon_i64(cr->r->pool,
                                  carbon_row_int(json_array_get(*rows, CARBON_PDPA_PAGE - 1), "id"));
    }
    return OK;
}

int carbon_pdpa_reads_of_buyer(carbon_req *cr, const char *buyer_id, const char *before, json_t **rows,
                               const char **next_before)
{
    return reads_page(cr, "pdpa_reads_of_buyer", buyer_id, before, rows, next_before);
}

int carbon_pdpa_reads_of_user(carbon_req *cr, const char *subject, const char *before, json_t **rows,
                              const char **next_before)
{
    return reads_page(cr, "pdpa_reads_of_user", subject, before, rows, next_before);
}
