/*
 * upload.h: multipart/form-data requests and the files they carry. The
 * body is streamed through the parser under hard caps; each file is
 * checked by content (libmagic) and size before anything is stored, and
 * stored in the database with its SHA-256.
 */
#ifndef CARBON_UPLOAD_H
#define CARBON_UPLOAD_H

#include "carbon.h"
#include "db.h"
#include "multipart.h"

/* Reads the whole multipart body. On failure returns an HTTP status and
 * sets *message_th. Checks the csrf_token field when the route asked, and
 * the upload quotas (CarbonUploadQuotaUser / CarbonUploadQuotaLao: files
 * stored in the last 24 hours plus this request's): 429 beyond them. */
int carbon_upload_read(carbon_req *cr, apr_array_header_t **parts, const char **message_th);
/* The same with another cap on each file (e.g. a CSV import, which is not
 * a document and may be larger than CarbonUploadMaxBytes). */
int carbon_upload_read_capped(carbon_req *cr, apr_size_t max_file_bytes, apr_array_header_t **parts,
                              const char **message_th);
/* The first part with that name, or NULL. */
const carbon_multipart_part *carbon_upload_part(apr_array_header_t *parts, const char *name);
/* The text of a field part (NUL-terminated), or NULL. */
const char *carbon_upload_field(apr_array_header_t *parts, const char *name);

/* A file part that passed the checks, ready to store. */
typedef struct {
    const carbon_multipart_part *part;
    const char *mime_type;
    const char *extension;
    const char *safe_name;
} carbon_upload_file;

/* Checks a file part; NULL when acceptable (fills *file), else a Thai message. */
const char *carbon_upload_check(carbon_req *cr, const carbon_multipart_part *part,
                                carbon_upload_file *file);

/* Stores a checked file inside the caller's transaction, owned by an LAO
 * or a province (either may be NULL), and audits it. */
carbon_db_status carbon_upload_store(carbon_req *cr, carbon_db *db, const carbon_upload_file *file,
                                     const char *owner_lao, const char *owner_province,
                                     json_int_t *id);

/* Deletes, in one transaction, the pending uploads (files no record links
 * in record_files) uploaded more than CarbonPendingUploadHours ago; a
 * linked file is never touched. Rides on sign-in; tools/carbon-maintain
 * sweep-uploads does the same from cron. Returns an HTTP status. */
int carbon_upload_sweep_pending(carbon_req *cr);

/* A stored file's metadata as the user may see it (id, sha256, size_bytes,
 * mime_type, extension, original_name, owner_lao_code,
 * owner_province_code, uploaded_at): a file is visible with its owner's
 * record (an LAO's by the LAO's scope, a province's as if it were an LAO
 * of that province, one without owner to DLA only). *meta (pool-owned) is
 * NULL when id is malformed, unknown or not visible: the same answer, so
 * another organisation's file cannot be told from none. Returns an HTTP
 * status (OK, or 503 / 500 on database trouble). */
int carbon_file_meta(carbon_req *cr, const char *id, json_t **meta);
/* The same and the file's bytes (*bytes, *len, pool-owned). */
int carbon_file_read(carbon_req *cr, const char *id, json_t **meta, const char **bytes, apr_size_t *len);

#endif
