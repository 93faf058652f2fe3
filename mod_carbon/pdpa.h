/*
 * pdpa.h: accountability for reads of buyers' personal data (Thailand's
 * PDPA). Every page or API answer that shows a buyer's personal data (the
 * record, the edit form, the API read, a search, the .xlsx export, the
 * printable report) first records who read it, when, how, and the record
 * or the filter with the number of rows; table personal_data_reads
 * (sql/015_hardening.sql), only ever inserted into. A read that cannot be
 * recorded is not shown (the caller answers the status returned). One
 * INSERT per read, in the same request.
 *
 * DLA lists the reads per buyer (those of the record itself) and per user
 * (every read, with its filter), newest first, 50 a page, keyset paging
 * on id (before=<id of the last row shown>).
 */
#ifndef CARBON_PDPA_H
#define CARBON_PDPA_H

#include "carbon.h"
#include "db.h"

#define CARBON_PDPA_PAGE 50

/* Records that the user read buyer_id (decimal text); action is one of
 * "view", "edit_form", "api_read". Returns an HTTP status. */
int carbon_pdpa_record_buyer(carbon_req *cr, carbon_db *db, const char *action, const char *buyer_id);
/* Records a list read ("search", "api_search", "export", "print") with its
 * filters (the clean filters as given, JSON) and the rows shown. */
int carbon_pdpa_record_list(carbon_req *cr, carbon_db *db, const char *action, json_t *filters,
                            long long rows);

/* One page of reads of a buyer (buyer_id) or of a user (subject), newest
 * first, older than before (decimal id; NULL: from the newest). Each row:
 * id, read_at, action, buyer_id, filter_json, row_count, user_subject,
 * user_name. *next_before is the id to ask for the next page, or NULL.
 * Returns an HTTP status; *rows pool-owned. */
int carbon_pdpa_reads_of_buyer(carbon_req *cr, const char *buyer_id, const char *before, json_t **rows,
                               const char **next_before);
int carbon_pdpa_reads_of_user(carbon_req *cr, const char *subject, const char *before, json_t **rows,
                              const char **next_before);

#endif
