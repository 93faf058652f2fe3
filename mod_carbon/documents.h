/*
 * documents.h: the documents attached to records (record_files: entity,
 * entity id, kind, file), for every kind of record alike.
 *
 * What each record takes is a table of document kinds (documents.c), one
 * per kind of record: for each kind, the step it belongs to, who uploads
 * it, whether several files are allowed, and when it is required (always,
 * never, or only when the total is above 100,000.00 baht: the sales
 * contract). carbon_doc_required() is the only place that rule is written.
 *
 * Files are stored (upload.h) and linked inside the caller's transaction.
 * A pending upload is a file a user already sent with a refused form: it is
 * stored unattached, owned by the LAO and uploaded_by the user, and a later
 * write links it like a new file, provided it is still the user's own, of
 * that LAO, and linked to nothing (checked again inside the transaction).
 *
 * A document as shown (carbon_doc_json): {id, original_name, size_bytes,
 * mime_type, extension, uploaded_at, url ("<base>/files/<id>")}.
 */
#ifndef CARBON_DOCUMENTS_H
#define CARBON_DOCUMENTS_H

#include "carbon.h"
#include "db.h"
#include "upload.h"

/* A contract is required when the total is above 100,000.00 baht (at
 * exactly 100,000.00 it is not). */
#define CARBON_CONTRACT_MIN_SATANG 10000000LL

typedef enum {
    CARBON_DOC_NEVER = 0,       /* optional */
    CARBON_DOC_ALWAYS,
    CARBON_DOC_ABOVE_CONTRACT_MIN   /* when total_satang > CARBON_CONTRACT_MIN_SATANG */
} carbon_doc_rule;

typedef enum {
    CARBON_DOC_BY_SELLER,          /* the LAO of a self-operated sale */
    CARBON_DOC_BY_DLA,             /* DLA (its confirmation, a delegated sale's papers) */
    CARBON_DOC_BY_PROVINCE,        /* the provincial office organising a group sale */
    CARBON_DOC_BY_REPRESENTATIVE,  /* the representative LAO of a group sale */
    CARBON_DOC_BY_PARTICIPANT      /* each LAO taking part (its own line) */
} carbon_doc_actor;

typedef struct {
    const char *kind;          /* the form field and record_files kind */
    int step;                  /* the step of the record's workflow it belongs to */
    carbon_doc_actor actor;
    int multiple;              /* several files allowed */
    carbon_doc_rule required;
    const char *label_th;
} carbon_doc_kind;

/* The kinds of a record ("trade_self", "certification"), in form order,
 * ended by a NULL kind; NULL for an unknown record. */
const carbon_doc_kind *carbon_doc_kinds(const char *record);
/* The kind's entry in the record's table, or NULL. */
const carbon_doc_kind *carbon_doc_kind_find(const char *record, const char *kind);
/* Whether the kind is required for a record of that total. */
int carbon_doc_required(const carbon_doc_kind *k, long long total_satang);
/* The rule in Thai for read-only pages: "จำเป็น", "ถ้ามี", or the contract's. */
const char *carbon_doc_rule_th(const carbon_doc_kind *k, long long total_satang);
/* Whether a total needs the sales contract (the rule of CARBON_DOC_ABOVE_CONTRACT_MIN). */
int carbon_contract_required(long long total_satang);

/* A checked file of one kind, and a pending upload named by a form. */
typedef struct {
    const char *kind;
    carbon_upload_file file;
} carbon_doc_file;

typedef struct {
    const char *kind;
    const char *file_id;       /* decimal text */
} carbon_doc_pending;

/* How many of files / pending are of kind. */
int carbon_doc_count_files(const apr_array_header_t *files, const char *kind);
int carbon_doc_count_pending(const apr_array_header_t *pending, const char *kind);

/* A pending upload as the user may still use it for owner_lao: *row
 * {id, original_name, size_bytes} (caller owns) or NULL. */
carbon_db_status carbon_doc_pending_get(carbon_req *cr, carbon_db *db, const char *file_id,
                                        const char *owner_lao, json_t **row);

/* Inside the caller's transaction: stores files (owned by owner_lao) and
 * links them and the pending ones to (entity, entity_id); their ids go to
 * ids[kind] (arrays). *pending_gone is set when a pending upload is no
 * longer usable (the caller rolls back and asks for the file again). */
carbon_db_status carbon_doc_link_all(carbon_req *cr, carbon_db *db, const char *entity, const char *entity_id,
                                     const char *owner_lao, const apr_array_header_t *files,
                                     const apr_array_header_t *pending, json_t *ids, int *pending_gone);
/* Unlinks every document of one kind (the files stay, unlinked, for the
 * audit trail): replacing or removing a kind. */
carbon_db_status carbon_doc_unlink_kind(carbon_db *db, const char *entity, const char *entity_id,
                                        const char *kind);

/* The record's documents by kind: every kind of the record's table present
 * ([] when none), each a list of carbon_doc_json. *docs pool-owned. */
carbon_db_status carbon_doc_by_kind(carbon_req *cr, carbon_db *db, const char *record, const char *entity,
                                    const char *entity_id, json_t **docs);
/* A file row {id, original_name, size_bytes, mime_type, extension,
 * uploaded_at} as shown (adds url). A new reference. */
json_t *carbon_doc_json(carbon_req *cr, json_t *row);
/* {kind: [ids]} of a carbon_doc_by_kind answer (kinds with files only),
 * for audit rows. A new reference. */
json_t *carbon_doc_ids(json_t *docs);

/* The documents of one step for a read-only page, in form order:
 * [{kind, label_th, rule_th, is_required, files}]. A new reference. */
json_t *carbon_doc_step_view(const char *record, int step, json_t *docs, long long total_satang);

/* Stores the files that passed the checks as pending uploads of the user
 * owned by owner_lao (own transaction, each audited as a file), and gives
 * every pending upload of the request: the new ones and the still-valid
 * ones of pending, as *out = {kind: [{id, original_name, size_bytes}]}
 * (pool-owned). For single-file kinds a new file wins over a pending one;
 * two new files of a single kind keep neither. For re-rendering a refused
 * HTML form only. Returns OK or an HTTP status. */
int carbon_doc_keep_pending(carbon_req *cr, const char *record, const apr_array_header_t *files,
                            const apr_array_header_t *pending, const char *owner_lao, json_t **out);
/* The same for a document owned by owner_lao, or (owner_lao NULL) by the
 * provincial office owner_province (a group sale's creation). */
int carbon_doc_keep_pending_owned(carbon_req *cr, const char *record, const apr_array_header_t *files,
                                  const apr_array_header_t *pending, const char *owner_lao,
                                  const char *owner_province, json_t **out);

#endif
