/*
 * files.c: documents. POST api/v1/files stores one checked file owned by
 * the user's organisation; downloads check the same scope as the record,
 * so another LAO's document is a 404.
 */
#include "handlers.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "scope.h"
#include "upload.h"
#include "validate.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "apr_base64.h"

static int api_upload(carbon_req *cr)
{
    apr_array_header_t *parts;
    const char *msg;
    const carbon_multipart_part *part;
    carbon_upload_file file;
    carbon_db *db;
    carbon_db_status st;
    json_int_t id = 0;
    int rv = carbon_upload_read(cr, &parts, &msg);
    if (rv != OK)
        return carbon_send_error(cr, rv, msg);
    part = carbon_upload_part(parts, "file");
    if (!part || !part->filename)
        return carbon_send_errors(cr, json_pack("{s:s}", "file", "กรุณาเลือกไฟล์"));
    if ((msg = carbon_upload_check(cr, part, &file)))
        return carbon_send_errors(cr, json_pack("{s:s}", "file", msg));
    if (!(db = carbon_db_get(cr->r)))
        return carbon_send_body_error(cr, HTTP_SERVICE_UNAVAILABLE);
    if ((st = carbon_db_begin(db)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    st = carbon_upload_store(cr, db, &file, cr->user->role == CARBON_ROLE_LAO ? cr->user->lao_code : NULL,
                             cr->user->role == CARBON_ROLE_PROVINCE ? cr->user->province_code : NULL, &id);
    if (st) {
        carbon_db_rollback(db);
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    }
    if ((st = carbon_db_commit(db)))
        return carbon_send_body_error(cr, carbon_db_http_status(st));
    return carbon_send_json(cr, HTTP_CREATED,
                            json_pack("{s:I,s:s,s:s,s:I}", "id", id, "original_name", file.safe_name,
                                      "mime_type", file.mime_type, "size_bytes", (json_int_t)file.part->len));
}

/* Runs a scoped file statement for route parameter 0; NULL row = not visible. */
static int scoped_file(carbon_req *cr, const char *label, json_t **row)
{
    const char *id = carbon_route_param(cr, 0);
    carbon_scope sc = carbon_scope_of(cr->r->pool, cr->user);
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *row = NULL;
    if (!carbon_is_id(id))
        return OK;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, label, row,
                              CARBON_ARGS(id, CARBON_SCOPE_ARGS(sc), CARBON_SCOPE_ARGS(sc), sc.all));
    if (*row)
        carbon_json_pool(cr->r->pool, *row);
    return carbon_db_http_status(st);
}

static int api_meta(carbon_req *cr)
{
    json_t *row;
    int rv = scoped_file(cr, "file_meta", &row);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!row)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบไฟล์ที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(row));
}

static int download(carbon_req *cr)
{
    json_t *meta, *content;
    const char *b64;
    char *bytes;
    int rv = scoped_file(cr, "file_meta", &meta), len;
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!meta)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบไฟล์ที่ต้องการ");
    rv = scoped_file(cr, "file_content", &content);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!content || !(b64 = carbon_row_str(content, "content_b64")))
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบไฟล์ที่ต้องการ");
    bytes = apr_palloc(cr->r->pool, apr_base64_decode_len(b64));
    len = apr_base64_decode(bytes, b64);
    ap_set_content_type(cr->r, carbon_row_str(meta, "mime_type"));
    carbon_set_attachment(cr, apr_pstrcat(cr->r->pool, "document", carbon_row_str(meta, "extension"), NULL),
                          carbon_row_str(meta, "original_name"));
    apr_table_setn(cr->r->headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(cr->r->headers_out, "Cache-Control", "private, no-store");
    apr_table_setn(cr->r->headers_out, "ETag",
                   apr_psprintf(cr->r->pool, "\"%s\"", carbon_row_str(meta, "sha256")));
    ap_set_content_length(cr->r, len);
    ap_rwrite(bytes, len, cr->r);
    return OK;
}

#define FORM CARBON_ROUTE_FORM

static const carbon_route routes[] = {
    { "GET",  "/files/{id}",        download, 0 },
    { "POST", "/api/v1/files",      api_upload, FORM },
    { "GET",  "/api/v1/files/{id}", api_meta, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef FORM
