/*
 * trades.h: trades of carbon credits (การซื้อขายคาร์บอนเครดิต): the header
 * of every kind of sale (a trade: kind, order number, project, buyer, unit
 * price, status, step) with its lines (trade_lines.h: one per LAO taking
 * part), and the rules of the self-operated sale (แบบดำเนินการเอง, MISSION.md
 * section 2): an LAO records a sale to a registered buyer in two steps, the
 * trade waits in the step "awaiting_dla" with its quantity reserved
 * (awaiting) until DLA confirms it (completed: awaiting -> sold) or deletes
 * it (awaiting -> remaining). Its steps are the table
 * carbon_trade_self_steps (transitions.h); the kinds' tables are found by
 * carbon_trade_steps_of().
 *
 * Who may do what (checked here, not only by the routes):
 *   create / update   the LAO user of the trade's LAO, in_progress only
 *                     (another LAO: 404; province / DLA: 403; completed: 409
 *                     with CARBON_TRADE_NOT_EDITABLE_TH; deleted: 404, as
 *                     deleted trades are DLA's only); the buyer and the
 *                     trade type are fixed once saved (422 on the field)
 *   read              scoped (scope.h): by DLA, by whoever has the leading
 *                     LAO or any LAO of the lines in scope, by the
 *                     organising province. Deleted trades are DLA's only
 *                     (everyone else: 404 / not listed).
 *   search            scoped by the leading LAO.
 *   confirm / delete  DLA only (403), in_progress only (409).
 *
 * Every write is one transaction (tx.h): the trade row and its lines, its
 * documents (documents.h, record "trade_<kind>", entity 'trade', owned by
 * the trade's LAO), the ledger move (ledger.h: the LAO's credits of the
 * trade's project, a conditional UPDATE, never read-then-write) and one
 * audit row (entity "trade", actions create | update | confirm | delete).
 * A database still busy after the driver's retries answers 503 (the
 * caller sends it with Retry-After); nothing is half-written.
 *
 * Order number (เลขที่คำสั่งซื้อ): "<BE fiscal year of the order date>-<NNNNN>",
 * e.g. "2569-00001": one sequence per Thai fiscal year (order_sequences),
 * at least five digits (zero-padded; more when a year passes 99999). Given
 * once at creation and never changed, even if the order date is edited.
 *
 * A trade, as carbon_trade_get gives it (JSON; the API's GET sales/{id}):
 *   id, kind ("self"), order_no, fiscal_year (BE, integer), status
 *   ("in_progress" | "completed" | "deleted"), status_th, step
 *   ("awaiting_dla" | "completed" | "deleted" for a self-operated sale),
 *   participants (its lines, trade_lines.h; other kinds' lines carry their
 *   own documents),
 *   lao_code, lao_name, province_code, province_name, district_name,
 *   project_id, project {id, name_th, registrant_name, tver_registrant_no},
 *   buyer_id, buyer {id, display_name, buyer_type, buyer_type_name,
 *     has_tver_account, tver_account_name, tver_account_no, phone,
 *     coordinator_name},
 *   ordered_on (ISO), trade_type ("transfer" | "cancellation"), trade_type_th,
 *   quantity_tco2e, unit_price_satang, total_satang, contract_required (bool),
 *   created_at, created_by_name, updated_at,
 *   documents {intent_letter: [doc...], related_docs: [...], payment_evidence,
 *     receipt, contract, other_docs, confirmation_doc} (every kind present,
 *     [] when none; doc = {id, original_name, size_bytes, mime_type,
 *     extension, uploaded_at, url ("<base>/files/<id>")}),
 *   steps [{step 1..3, title_th, is_done}] (step 3 only when completed),
 *   confirmation: null, or when completed {confirmed_on, confirmation_ref,
 *     note, confirmed_by_name, confirmed_at, document (doc or null)},
 *   deletion: null, or when deleted (DLA only) {deleted_reason,
 *     deleted_by_name, deleted_at},
 *   can_edit, can_confirm, can_delete (bools, for the signed-in user).
 * A search item is flat: id, kind, order_no, fiscal_year, status,
 * status_th, lao_code, lao_name, province_code, province_name,
 * district_name, project_id, project_name, buyer_id, buyer_name,
 * buyer_type_name, ordered_on, trade_type, trade_type_th, quantity_tco2e,
 * unit_price_satang, total_satang, created_at, updated_at, confirmed_on,
 * confirmation_ref, deleted_at, can_edit.
 *
 * Input fields of create / update (API names; the HTML form uses the same):
 *   project_id (default: the default project), buyer_id*, ordered_on*
 *   (ISO or dd/mm/yyyy BE; not after today), trade_type* (transfer |
 *   cancellation; a buyer without a T-VER account forces cancellation: a
 *   missing trade_type becomes cancellation, "transfer" is refused on
 *   trade_type), quantity_tco2e* (whole, >= 1, not above the credits the
 *   LAO can sell of the chosen project: its remaining, plus this trade's own
 *   quantity on an edit that keeps the project),
 *   unit_price_satang* (integer > 0) or, when unit_price_satang is absent,
 *   unit_price_baht (text as typed, "1,234.50": money.h carbon_satang_parse);
 *   errors about the price are always on "unit_price_satang".
 *   total_satang = quantity x unit price, computed here (overflow refused).
 * Documents (multipart file parts of these names; each file checked by
 * content and size as every upload, a bad one is a 422 on its field):
 *   intent_letter*, related_docs (several), payment_evidence*, receipt*,
 *   contract* only when total_satang > CARBON_CONTRACT_MIN_SATANG (documents.h),
 *   other_docs (several).
 * On update, a kind not sent keeps its documents; sent files replace that
 * kind's documents (the old files stay in the files table, unlinked; the
 * audit row names old and new ids); "remove_<kind>" = "1" drops an
 * optional kind's documents (related_docs, other_docs, and contract when
 * not required).
 * Pending uploads (HTML re-render after a refused form): files the user
 * already sent and that passed the checks are stored unattached, owned by
 * the user's LAO and uploaded_by the user; the form carries their ids in
 * "pending_<kind>" fields and create / update link them like new files.
 * A pending id must be the user's own, of the user's LAO, and linked to no
 * record; otherwise a 422 on that kind.
 */
#ifndef CARBON_TRADES_H
#define CARBON_TRADES_H

#include "carbon.h"
#include "db.h"
#include "upload.h"
#include "documents.h"

/* ---- constants ---------------------------------------------------------- */

/* The one message of a quantity above what the LAO can sell of the chosen
 * project (422 on quantity_tco2e), from validation and from the ledger's
 * conditional UPDATE alike. Tests look for it. */
#define CARBON_TRADE_EXCEEDS_TH "ปริมาณคาร์บอนเครดิตเกินกว่าปริมาณคงเหลือที่ขายได้"
#define CARBON_TRADE_NOT_FOUND_TH "ไม่พบข้อมูลการซื้อขายที่ต้องการ"
/* 409 on an edit of a trade that is no longer in progress. */
#define CARBON_TRADE_NOT_EDITABLE_TH \
    "รายการนี้ไม่อยู่ในสถานะระหว่างดำเนินการแล้ว (ดำเนินการเสร็จสิ้นหรือถูกลบโดย สถ.) จึงแก้ไขไม่ได้"
/* 409 on a confirm / delete of a trade that is no longer in progress. */
#define CARBON_TRADE_NOT_PENDING_TH \
    "รายการนี้ไม่อยู่ในสถานะระหว่างดำเนินการ จึงยืนยันหรือลบไม่ได้"
/* 409 when someone else changed the trade between reading and writing. */
#define CARBON_TRADE_CHANGED_TH \
    "รายการนี้เพิ่งถูกแก้ไขโดยผู้อื่น กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"
/* 422 on an edit that changes what the manual fixes once saved. */
#define CARBON_TRADE_BUYER_FIXED_TH "ผู้ซื้อแก้ไขไม่ได้หลังบันทึกรายการขายแล้ว"
#define CARBON_TRADE_TYPE_FIXED_TH "ประเภทการซื้อขายแก้ไขไม่ได้หลังบันทึกรายการขายแล้ว"
/* 403 texts. */
#define CARBON_TRADE_LAO_ONLY_TH "การบันทึกและแก้ไขรายการขายแบบดำเนินการเองทำได้เฉพาะเจ้าหน้าที่ของ อปท. เจ้าของรายการ"
#define CARBON_TRADE_DLA_ONLY_TH "การยืนยันหรือลบรายการขายทำได้เฉพาะกรมส่งเสริมการปกครองท้องถิ่น (สถ.)"

/* Largest page of a search. */
#define CARBON_TRADES_PER_PAGE_MAX 100
#define CARBON_TRADES_PER_PAGE_DEFAULT 20

/* Status and kind codes. */
#define CARBON_TRADE_IN_PROGRESS "in_progress"
#define CARBON_TRADE_COMPLETED "completed"
#define CARBON_TRADE_DELETED "deleted"

/* ---- documents: documents.h's record "trade_self" ------------------------ */

typedef carbon_doc_file carbon_trade_file;
typedef carbon_doc_pending carbon_trade_pending;

/* ---- reading a request -------------------------------------------------- */

/* A create / update / confirm request, read once. */
typedef struct {
    const char *record;          /* whose document kinds (documents.h) the files are */
    json_t *fields;              /* field name -> value (text from a form,
                                    any JSON from a JSON body); pool-owned */
    apr_array_header_t *files;   /* carbon_trade_file: the files that passed */
    apr_array_header_t *pending; /* carbon_trade_pending */
    int any_file;                /* a file was sent (passed or not) */
    const char *message_th;      /* why the body could not be read */
} carbon_trade_input;

/* Reads the request body: multipart/form-data (fields; files of the kinds
 * above, each checked: a refused file sets errors[kind], several refused
 * files of one kind are joined with " / "; empty file inputs are ignored;
 * files under other names are ignored; "pending_<kind>" fields become
 * pending ids), or a JSON object (fields only), or an urlencoded form
 * (fields only, e.g. the DLA delete form). The csrf_token field of a form
 * is checked by the reader (routes with CARBON_ROUTE_FORM). Returns OK, or
 * an HTTP status with in->message_th set when there is a Thai message. */
int carbon_trade_read_request(carbon_req *cr, carbon_trade_input *in, json_t *errors);
/* The same for the document kinds of another record ("trade_group", ...). */
int carbon_trade_read_request_for(carbon_req *cr, const char *record, carbon_trade_input *in, json_t *errors);

/* ---- writes ------------------------------------------------------------- */

/* Creates a self-operated trade for the signed-in LAO user's LAO from in
 * (fields, files, pending ids). errors may already hold problems found
 * while reading (a refused file): nothing is written then, but every
 * other field is still checked so all messages come at once. Returns
 * HTTP_CREATED with *trade (as carbon_trade_get), HTTP_UNPROCESSABLE_ENTITY
 * with Thai messages in errors (field -> message; documents by kind),
 * HTTP_FORBIDDEN (not an LAO user), or another HTTP status (503: busy). */
int carbon_trade_create(carbon_req *cr, const carbon_trade_input *in, json_t *errors, json_t **trade);

/* Updates trade id (decimal text) with the same rules; fields not sent keep
 * their values (an empty text clears nothing: a required field sent empty
 * is an error). A quantity change moves the difference between remaining
 * and awaiting (an increase is checked against remaining by the UPDATE).
 * Returns OK with *trade, HTTP_NOT_FOUND, HTTP_FORBIDDEN (not the LAO user
 * of the trade), HTTP_CONFLICT (not in progress: CARBON_TRADE_NOT_EDITABLE_TH;
 * changed meanwhile: CARBON_TRADE_CHANGED_TH; *conflict_th says which),
 * HTTP_UNPROCESSABLE_ENTITY with errors, or another HTTP status. */
int carbon_trade_update(carbon_req *cr, const char *id, const carbon_trade_input *in, json_t *errors,
                        json_t **trade, const char **conflict_th);

/* DLA confirms trade id (step 3): input fields confirmed_on (ISO or BE;
 * default today; not before the order date, not after today),
 * confirmation_ref* (the T-VER transfer or cancellation reference, 1-100
 * characters), note (or confirmation_note; 0-2000 characters); document: in->files of kind
 * "confirmation_doc" (one, optional; also accepted under the name
 * "document"), or a pending id. Status becomes completed, the quantity
 * moves awaiting -> sold, audited, one transaction. Returns OK with
 * *trade, HTTP_NOT_FOUND, HTTP_FORBIDDEN (not DLA), HTTP_CONFLICT (not in
 * progress: CARBON_TRADE_NOT_PENDING_TH), HTTP_UNPROCESSABLE_ENTITY with
 * errors, or another HTTP status. */
int carbon_trade_confirm(carbon_req *cr, const char *id, const carbon_trade_input *in, json_t *errors,
                         json_t **trade);

/* DLA deletes in-progress trade id: status deleted, the quantity moves
 * awaiting -> remaining, the reason (may be NULL or empty through the
 * API; at most 1000 characters, else 422 on "reason") is kept, audited,
 * one transaction. The HTML form requires a reason: pass require_reason.
 * Returns OK with *trade (as DLA now sees it), HTTP_NOT_FOUND,
 * HTTP_FORBIDDEN, HTTP_CONFLICT (CARBON_TRADE_NOT_PENDING_TH),
 * HTTP_UNPROCESSABLE_ENTITY with errors, or another HTTP status. */
int carbon_trade_delete(carbon_req *cr, const char *id, const char *reason, int require_reason,
                        json_t *errors, json_t **trade);

/* Stores the files of in that passed the checks as pending uploads of the
 * user, owned by owner_lao_code (the trade's LAO; for a new trade the
 * user's) (own transaction, each audited as a file), and returns every
 * pending upload of the request (the new ones and the still-valid ones in
 * in->pending) as *pending = {kind: [{id, original_name, size_bytes}]}
 * (pool-owned). For single-file kinds a new file wins over a pending one.
 * Use it only to re-render a refused HTML form. OK or an HTTP status. */
int carbon_trade_keep_pending(carbon_req *cr, const carbon_trade_input *in, const char *owner_lao_code,
                              json_t **pending);

/* ---- steps (transitions.h) ---------------------------------------------- */

struct carbon_trade_transition_s;
/* The step table of a kind of trade ("self", ...), or NULL. */
const struct carbon_trade_transition_s *carbon_trade_steps_of(const char *kind);
/* Applies transition name of the trade's own kind to trade id (see
 * carbon_trade_apply in transitions.h; data goes to the transition). */
int carbon_trade_act(carbon_req *cr, const char *name, const char *id, const carbon_trade_input *in,
                     json_t *errors, void *data, json_t **trade, const char **conflict_th);

/* ---- reads -------------------------------------------------------------- */

/* One trade in the user's scope (see above); id is decimal text. Returns
 * OK with *trade (pool-owned), HTTP_NOT_FOUND (absent, out of scope,
 * deleted for a non-DLA user, or id not a number), or another status. */
int carbon_trade_get(carbon_req *cr, carbon_db *db, const char *id, json_t **trade);

/* Search filters; every pointer NULL when not set. */
typedef struct {
    const char *kind;            /* self | group | delegated */
    const char *status;          /* in_progress | completed | deleted (DLA only;
                                    others match nothing) | NULL = in_progress
                                    and completed */
    const char *province_code;   /* 2 digits */
    const char *lao_code;        /* 7 digits */
    const char *order_no;        /* part of the order number */
    const char *buyer;           /* part of the buyer's name (as typed) */
    const char *ordered_from;    /* ISO, inclusive */
    const char *ordered_to;      /* ISO, inclusive */
    long long page, per_page;    /* 1-based; 1..CARBON_TRADES_PER_PAGE_MAX */
    json_t *given;               /* the clean filters as given, for links (pool-owned) */
} carbon_trade_filters;

/* Reads filters from query arguments of the same names (ordered_from /
 * ordered_to in ISO or dd/mm/yyyy BE; empty = not set). Returns OK, or
 * HTTP_UNPROCESSABLE_ENTITY with Thai messages in errors (unknown kind or
 * status, bad code or date, from after to, per_page over the maximum). */
int carbon_trade_filters_read(carbon_req *cr, apr_table_t *args, carbon_trade_filters *f, json_t *errors);

/* One page of matching trades in scope, ordered by order date then id,
 * newest first (the DLA queue may want oldest first: order_oldest_first),
 * and the number of all matches. *items is pool-owned. OK or an HTTP status. */
int carbon_trades_search(carbon_req *cr, carbon_db *db, const carbon_trade_filters *f,
                         int order_oldest_first, json_t **items, long long *total);

/* Every trade of one LAO in scope with the status, newest first: the LAO
 * page's in-progress list, which DLA's confirmations keep short (completed
 * trades are listed a page at a time with carbon_trades_search). *items
 * pool-owned. */
int carbon_trades_of_lao(carbon_req *cr, carbon_db *db, const char *lao_code, const char *status,
                         json_t **items);

/* [{kind, waiting_count}] of in-progress trades in scope. */
int carbon_trades_waiting_counts(carbon_req *cr, carbon_db *db, json_t **rows);

/* Thai names for people. */
const char *carbon_trade_status_th(const char *status);
const char *carbon_trade_type_th(const char *trade_type);

/* The order number of sequence n in fiscal year fy_be: "2569-00001". */
const char *carbon_trade_order_no(apr_pool_t *p, int fy_be, long long n);

#endif
