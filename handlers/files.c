/*
 * files.c: documents. POST api/v1/files stores one checked file owned by
 * the user's organisation; downloads check the same scope as the record,
 * so another LAO's document is a 404.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "tx.h"
#include "upload.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

/* The upload's transaction: the file row and its audit row (written by
 * carbon_upload_store itself, as in every transaction that stores files). */
typedef struct {
    const carbon_upload_file *file;
    json_int_t id;
} upload_baton;

static int store_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    upload_baton *ub = baton;
    carbon_user *u = cr->user;
    return carbon_db_http_status(carbon_upload_store(cr, db, ub->file,
                                                     u->role == CARBON_ROLE_LAO ? u->lao_code : NULL,
                                                     u->role == CARBON_ROLE_PROVINCE ? u->province_code : NULL,
                                                     &ub->id));
}

static int api_upload(carbon_req *cr)
{
    apr_array_header_t *parts;
    const char *msg;
    const carbon_multipart_part *part;
    carbon_upload_file file;
    upload_baton ub = { &file, 0 };
    int rv = carbon_upload_read(cr, &parts, &msg);
    if (rv != OK)
        return carbon_send_error(cr, rv, msg);
    part = carbon_upload_part(parts, "file");
    if (!part || !part->filename)
        return carbon_send_errors(cr, json_pack("{s:s}", "file", "กรุณาเลือกไฟล์"));
    if ((msg = carbon_upload_check(cr, part, &file)))
        return carbon_send_errors(cr, json_pack("{s:s}", "file", msg));
    if ((rv = carbon_tx_run(cr, carbon_db_get(cr->r), store_work, &ub)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_CREATED,
                            json_pack("{s:I,s:s,s:s,s:I}", "id", ub.id, "original_name", file.safe_name,
                                      "mime_type", file.mime_type, "size_bytes", (json_int_t)file.part->len));
}

static int api_meta(carbon_req *cr)
{
    json_t *meta;
    int rv = carbon_file_meta(cr, carbon_route_param(cr, 0), &meta);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!meta)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบไฟล์ที่ต้องการ");
    return carbon_send_json(cr, HTTP_OK, json_incref(meta));
}

static int download(carbon_req *cr)
{
    json_t *meta;
    const char *bytes;
    apr_size_t len;
    int rv = carbon_file_read(cr, carbon_route_param(cr, 0), &meta, &bytes, &len);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (!meta)
        return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบไฟล์ที่ต้องการ");
    ap_set_content_type(cr->r, carbon_row_str(meta, "mime_type"));
    carbon_set_attachment(cr, apr_pstrcat(cr->r->pool, "document", carbon_row_str(meta, "extension"), NULL),
                          carbon_row_str(meta, "original_name"));
    apr_table_setn(cr->r->headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(cr->r->headers_out, "Cache-Control", "private, no-store");
    apr_table_setn(cr->r->headers_out, "ETag",
                   apr_psprintf(cr->r->pool, "\"%s\"", carbon_row_str(meta, "sha256")));
    ap_set_content_length(cr->r, (apr_off_t)len);
    ap_rwrite(bytes, (int)len, cr->r);
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
