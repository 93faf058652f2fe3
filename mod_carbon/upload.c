/* upload.c: see upload.h. */
#include "upload.h"
#include "filetype.h"
#include "session.h"
#include "audit.h"
#include "scope.h"
#include "statements.h"
#include "validate.h"
#include "json_util.h"
#include "listing.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "apr_base64.h"
#include "apr_thread_proc.h"
#include "digest.h"
#include "tx.h"

APLOG_USE_MODULE(carbon);

/* A file is in scope with its owner: an LAO's by the LAO scope, a
 * province's as if it were an LAO of that province, DLA's for DLA only;
 * and a document of a trade (or of one of its lines) with every LAO of the
 * trade's lines: a group sale's LAOs see each other's papers. */
#define FILE_SCOPE \
    "(f.owner_lao_code IS NOT NULL AND " CARBON_SCOPE_SQL("l") ")" \
    " OR (f.owner_province_code IS NOT NULL AND " CARBON_SCOPE_SQL("op") ")" \
    " OR (f.owner_lao_code IS NULL AND f.owner_province_code IS NULL AND %s = 'all')" \
    FILE_OF_TRADE
/* A document of a trade (or of one of its lines) is readable by whoever
 * has one of the trade's LAOs in scope (the LAOs of a group sale read each
 * other's papers; a delegated sale's papers are DLA's files), and, while a
 * delegated sale is open, by every provincial office (trades.c
 * TRADE_READABLE): 9 more arguments. */
#define FILE_OF_TRADE \
    " OR EXISTS (SELECT 1 FROM record_files rf JOIN trade_lines gl ON gl.trade_id = rf.entity_id" \
    "            JOIN laos gla ON gla.code = gl.lao_code" \
    "            WHERE rf.file_id = f.id AND rf.entity = 'trade' AND " CARBON_SCOPE_SQL("gla") ")" \
    " OR EXISTS (SELECT 1 FROM record_files rf JOIN trade_lines ol ON ol.id = rf.entity_id" \
    "            JOIN trade_lines gl ON gl.trade_id = ol.trade_id JOIN laos gla ON gla.code = gl.lao_code" \
    "            WHERE rf.file_id = f.id AND rf.entity = 'trade_line' AND " CARBON_SCOPE_SQL("gla") ")" \
    " OR EXISTS (SELECT 1 FROM record_files rf JOIN trades ft ON ft.id = rf.entity_id" \
    "            WHERE rf.file_id = f.id AND rf.entity = 'trade' AND ft.kind = 'delegated'" \
    "              AND ft.status = 'in_progress' AND %s IS NOT NULL)"

const carbon_statement carbon_file_statements[] = {
    { "file_insert",
      "INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name,"
      "                   owner_lao_code, owner_province_code, uploaded_by, uploaded_at, content_b64)"
      " VALUES (%s, %lld, %s, %s, %s, %s, %s, %lld, %s, %s) RETURNING id" },
    { "file_meta",
      "SELECT f.id, f.sha256, f.size_bytes, f.mime_type, f.extension, f.original_name,"
      "       f.owner_lao_code, f.owner_province_code, f.uploaded_at"
      "  FROM files f LEFT JOIN laos l ON l.code = f.owner_lao_code"
      "  LEFT JOIN (SELECT code, code AS province_code FROM provinces) op ON op.code = f.owner_province_code"
      " WHERE f.id = %lld AND (" FILE_SCOPE ")" },
    { "file_content",
      "SELECT f.content_b64 FROM files f LEFT JOIN laos l ON l.code = f.owner_lao_code"
      "  LEFT JOIN (SELECT code, code AS province_code FROM provinces) op ON op.code = f.owner_province_code"
      " WHERE f.id = %lld AND (" FILE_SCOPE ")" },
    /* --- upload quotas: files stored in the last 24 hours --- */
    { "file_count_by_uploader",
      "SELECT COUNT(*) AS file_count FROM files WHERE uploaded_by = %lld AND uploaded_at > %s" },
    { "file_count_by_owner_lao",
      "SELECT COUNT(*) AS file_count FROM files WHERE owner_lao_code = %s AND uploaded_at > %s" },
    /* --- the sweep of pending uploads: old files no record links --- */
    { "file_sweep_pending",
      "DELETE FROM files WHERE uploaded_at < %s"
      " AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.file_id = files.id)" },
    { NULL, NULL }
};

#define UPLOAD_MAX_BODY (8 * 1024 * 1024)
#define MAGIC_KEY "carbon-magic-cookie"

static apr_status_t close_magic(void *data)
{
    magic_close((magic_t)data);
    return APR_SUCCESS;
}

/* One libmagic cookie per thread, kept in the thread's data; a request
 * without a thread (never, with httpd 2.4's MPMs) gets its own. */
static magic_t magic_cookie(request_rec *r)
{
    apr_thread_t *thd = r->connection->current_thread;
    magic_t cookie = NULL;
    const char *err = NULL;
    if (thd && apr_thread_data_get((void **)&cookie, MAGIC_KEY, thd) == APR_SUCCESS && cookie)
        return cookie;
    cookie = carbon_filetype_open(&err);
    if (!cookie) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, CARBONLOGNO(50) "libmagic: %s", err ? err : "?");
        return NULL;
    }
    if (thd)
        apr_thread_data_set(cookie, MAGIC_KEY, close_magic, thd);
    else
        apr_pool_cleanup_register(r->pool, cookie, close_magic, apr_pool_cleanup_null);
    return cookie;
}

/* Files stored by label's owner (uploader id or LAO code) in the last 24
 * hours; -1 on database trouble. */
static long long stored_today(carbon_req *cr, carbon_db *db, const char *label, const char *owner)
{
    json_t *row;
    long long n;
    const char *since = carbon_now_iso(cr->r->pool, apr_time_now() - apr_time_from_sec(86400));
    if (carbon_db_select_one(db, label, &row, CARBON_ARGS(owner, since)) || !row)
        return -1;
    n = carbon_row_int(row, "file_count");
    json_decref(row);
    return n;
}

/* CarbonUploadQuotaUser / CarbonUploadQuotaLao: the files of this request
 * and those stored in the last 24 hours, by the user and by the users of
 * the user's LAO. The count is read before the request's own transaction,
 * so two uploads at the same instant may both pass: a bound on growth,
 * not an exact ledger. */
static int check_quota(carbon_req *cr, apr_array_header_t *parts, const char **message_th)
{
    carbon_db *db;
    long long incoming = 0, n;
    int i;
    for (i = 0; i < parts->nelts; i++) {
        const carbon_multipart_part *p = &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
        if (p->filename && *p->filename)
            incoming++;
    }
    if (!incoming || !cr->user)
        return OK;
    if (!(db = carbon_db_get(cr->r)))
        return HTTP_SERVICE_UNAVAILABLE;
    n = stored_today(cr, db, "file_count_by_uploader", carbon_i64(cr->r->pool, cr->user->id));
    if (n < 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (n + incoming > cr->srv->upload_quota_user) {
        *message_th = apr_psprintf(cr->r->pool,
            "ท่านอัปโหลดไฟล์ได้ไม่เกิน %d ไฟล์ใน 24 ชั่วโมง และได้อัปโหลดไปแล้ว %lld ไฟล์ "
            "กรุณาลองใหม่ภายหลัง หรือติดต่อผู้ดูแลระบบ", cr->srv->upload_quota_user, n);
        apr_table_setn(cr->r->err_headers_out, "Retry-After", "3600");
        return HTTP_TOO_MANY_REQUESTS;
    }
    if (cr->user->role != CARBON_ROLE_LAO || !cr->user->lao_code)
        return OK;
    n = stored_today(cr, db, "file_count_by_owner_lao", cr->user->lao_code);
    if (n < 0)
        return HTTP_SERVICE_UNAVAILABLE;
    if (n + incoming > cr->srv->upload_quota_lao) {
        *message_th = apr_psprintf(cr->r->pool,
            "หน่วยงานของท่านอัปโหลดไฟล์ได้ไม่เกิน %d ไฟล์ใน 24 ชั่วโมง และได้อัปโหลดไปแล้ว %lld ไฟล์ "
            "กรุณาลองใหม่ภายหลัง หรือติดต่อผู้ดูแลระบบ", cr->srv->upload_quota_lao, n);
        apr_table_setn(cr->r->err_headers_out, "Retry-After", "3600");
        return HTTP_TOO_MANY_REQUESTS;
    }
    return OK;
}

int carbon_upload_read(carbon_req *cr, apr_array_header_t **parts, const char **message_th)
{
    int rv = carbon_upload_read_capped(cr, cr->srv->upload_max_bytes, parts, message_th);
    if (rv == OK && (rv = check_quota(cr, *parts, message_th)) == HTTP_SERVICE_UNAVAILABLE)
        *message_th = "ระบบฐานข้อมูลไม่ว่างชั่วคราว กรุณาลองใหม่อีกครั้ง";
    return rv;
}

typedef struct {
    const char *before;    /* ISO time: files uploaded earlier may go */
    int deleted;
} sweep_baton;

/* One statement, no audit row: the files never belonged to a record, and
 * their upload stays in the audit trail. */
static int sweep_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    sweep_baton *b = baton;
    return carbon_db_http_status(carbon_db_exec(db, "file_sweep_pending", &b->deleted,
                                                CARBON_ARGS(b->before)));
}

int carbon_upload_sweep_pending(carbon_req *cr)
{
    carbon_db *db = carbon_db_get(cr->r);
    sweep_baton b = { carbon_now_iso(cr->r->pool, apr_time_now()
                                     - apr_time_from_sec((apr_time_t)cr->srv->upload_pending_hours * 3600)), 0 };
    int rv;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    rv = carbon_tx_run(cr, db, sweep_work, &b);
    if (rv == OK && b.deleted > 0)
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, cr->r, CARBONLOGNO(53)
                      "pending uploads older than %d hours removed: %d", cr->srv->upload_pending_hours,
                      b.deleted);
    return rv;
}

int carbon_upload_read_capped(carbon_req *cr, apr_size_t max_file_bytes, apr_array_header_t **parts,
                              const char **message_th)
{
    request_rec *r = cr->r;
    const char *boundary;
    carbon_multipart_limits lim;
    carbon_multipart *mp;
    carbon_multipart_status st;
    char buf[8192];
    long n;
    int rv;
    *parts = NULL;
    *message_th = "ข้อมูลที่ส่งมาไม่ถูกต้อง";
    carbon_multipart_default_limits(&lim);
    lim.max_file_bytes = max_file_bytes;
    lim.max_body_bytes = max_file_bytes > UPLOAD_MAX_BODY / 2 ? 2 * max_file_bytes : UPLOAD_MAX_BODY;
    st = carbon_multipart_boundary(r->pool, apr_table_get(r->headers_in, "Content-Type"), &boundary);
    if (st != CARBON_MP_OK) {
        *message_th = carbon_multipart_user_message(r->pool, st, &lim);
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    }
    mp = carbon_multipart_create(r->pool, boundary, &lim);
    rv = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK);
    if (rv != OK)
        return rv;
    if (ap_should_client_block(r)) {
        while ((n = ap_get_client_block(r, buf, sizeof(buf))) > 0) {
            st = carbon_multipart_feed(mp, buf, (apr_size_t)n);
            if (st != CARBON_MP_OK)
                break;
        }
        if (n < 0)
            return HTTP_BAD_REQUEST;
    }
    if (st == CARBON_MP_OK)
        st = carbon_multipart_finish(mp, parts);
    if (st != CARBON_MP_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, CARBONLOGNO(51) "multipart refused: %s",
                      carbon_multipart_status_text(st));
        *message_th = carbon_multipart_user_message(r->pool, st, &lim);
        return (st == CARBON_MP_FILE_TOO_LARGE || st == CARBON_MP_BODY_TOO_LARGE)
               ? HTTP_REQUEST_ENTITY_TOO_LARGE : HTTP_BAD_REQUEST;
    }
    if (cr->csrf_pending) {
        if (!carbon_csrf_valid(cr, carbon_upload_field(*parts, "csrf_token"))) {
            *message_th = "คำขอไม่มีรหัสยืนยันความปลอดภัย (CSRF) ที่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง";
            return HTTP_FORBIDDEN;
        }
        cr->csrf_pending = 0;
    }
    return OK;
}

const carbon_multipart_part *carbon_upload_part(apr_array_header_t *parts, const char *name)
{
    int i;
    for (i = 0; parts && i < parts->nelts; i++) {
        const carbon_multipart_part *p = &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
        if (!strcmp(p->name, name))
            return p;
    }
    return NULL;
}

const char *carbon_upload_field(apr_array_header_t *parts, const char *name)
{
    const carbon_multipart_part *p = carbon_upload_part(parts, name);
    return (p && !p->filename) ? p->data : NULL;
}

const char *carbon_upload_check(carbon_req *cr, const carbon_multipart_part *part,
                                carbon_upload_file *file)
{
    magic_t cookie = magic_cookie(cr->r);
    carbon_filetype_status st;
    if (!cookie)
        return "ระบบตรวจสอบไฟล์ขัดข้อง กรุณาลองใหม่อีกครั้ง";
    if (!part->filename || !*part->filename)
        return "กรุณาเลือกไฟล์";
    st = carbon_filetype_check(cookie, part->filename, part->data, part->len,
                               cr->srv->upload_max_bytes, &file->mime_type, &file->extension);
    if (st != CARBON_FT_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, cr->r, CARBONLOGNO(52) "upload refused: %s",
                      carbon_filetype_status_text(st));
        return carbon_filetype_message(cr->r->pool, st, file->extension, cr->srv->upload_max_bytes);
    }
    file->part = part;
    file->mime_type = apr_pstrdup(cr->r->pool, file->mime_type);   /* libmagic reuses its buffer */
    file->safe_name = carbon_multipart_safe_filename(cr->r->pool, part->filename);
    return NULL;
}

carbon_db_status carbon_upload_store(carbon_req *cr, carbon_db *db, const carbon_upload_file *file,
                                     const char *owner_lao, const char *owner_province,
                                     json_int_t *id)
{
    apr_pool_t *p = cr->r->pool;
    const carbon_multipart_part *part = file->part;
    const char *sha = carbon_sha256_hex(p, part->data, part->len);
    char *b64 = apr_palloc(p, apr_base64_encode_len((int)part->len));
    json_t *row, *meta;
    carbon_db_status st;
    if (!sha)
        return CARBON_DB_ERROR;
    apr_base64_encode(b64, part->data, (int)part->len);
    st = carbon_db_select_one(db, "file_insert", &row,
                              CARBON_ARGS(sha, carbon_i64(p, (long long)part->len),
                                          file->mime_type, file->extension, file->safe_name,
                                          owner_lao, owner_province,
                                          carbon_i64(p, cr->user->id),
                                          carbon_now_iso(p, apr_time_now()), b64));
    if (st)
        return st;
    if (!row)
        return CARBON_DB_ERROR;
    *id = carbon_row_int(row, "id");
    json_decref(row);
    meta = json_pack("{s:s,s:I,s:s,s:s,s:s?,s:s?}", "sha256", sha, "size_bytes", (json_int_t)part->len,
                     "mime_type", file->mime_type, "original_name", file->safe_name,
                     "owner_lao_code", owner_lao, "owner_province_code", owner_province);
    st = carbon_audit_record(cr, db, "file", carbon_i64(p, *id), "create",
                             NULL, meta);
    json_decref(meta);
    return st;
}

/* Runs a scoped file statement for a file id; *row NULL (not visible) when
 * the id is malformed, unknown or outside the user's scope. */
static int scoped_file(carbon_req *cr, const char *label, const char *id, json_t **row)
{
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *row = NULL;
    if (!carbon_is_id(id))
        return OK;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, label, row,
                              CARBON_ARGS(id, CARBON_SCOPE_ARGS(sc), CARBON_SCOPE_ARGS(sc), sc.all,
                                          CARBON_SCOPE_ARGS(sc), CARBON_SCOPE_ARGS(sc), sc.province_code));
    carbon_json_pool(cr->r->pool, *row);
    return carbon_db_http_status(st);
}

int carbon_file_meta(carbon_req *cr, const char *id, json_t **meta)
{
    return scoped_file(cr, "file_meta", id, meta);
}

int carbon_file_read(carbon_req *cr, const char *id, json_t **meta, const char **bytes, apr_size_t *len)
{
    json_t *content;
    const char *b64;
    char *out;
    int rv;
    *bytes = NULL;
    *len = 0;
    if ((rv = scoped_file(cr, "file_meta", id, meta)) != OK || !*meta)
        return rv;
    if ((rv = scoped_file(cr, "file_content", id, &content)) != OK)
        return rv;
    if (!content || !(b64 = carbon_row_str(content, "content_b64"))) {
        *meta = NULL;
        return OK;
    }
    out = apr_palloc(cr->r->pool, apr_base64_decode_len(b64));
    *len = (apr_size_t)apr_base64_decode(out, b64);
    *bytes = out;
    return OK;
}
