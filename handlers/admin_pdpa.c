/*
 * admin_pdpa.c: DLA's list of the reads of buyers' personal data (PDPA
 * accountability, pdpa.h): per buyer (?buyer_id=) or per user (?user=, the
 * LSSO subject), newest first, 50 a page (?before=<id> for older ones).
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "pdpa.h"
#include "validate.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define TITLE_TH "บันทึกการเข้าถึงข้อมูลส่วนบุคคลของผู้ซื้อ"

static const char *action_th(const char *action)
{
    static const char *const names[][2] = {
        { "view", "ดูข้อมูลผู้ซื้อ" }, { "edit_form", "เปิดแบบฟอร์มแก้ไข" },
        { "api_read", "อ่านผ่าน API" }, { "search", "ค้นหาทะเบียนผู้ซื้อ" },
        { "api_search", "ค้นหาผ่าน API" }, { "export", "ส่งออก Excel" },
        { "print", "รายงานสำหรับพิมพ์" },
    };
    size_t i;
    for (i = 0; action && i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(names[i][0], action))
            return names[i][1];
    return action ? action : "";
}

/* Exactly one of buyer_id / user, and before when given, each well formed;
 * NULL when the query is good, else the Thai message. */
static const char *read_query(apr_table_t *q, const char **buyer_id, const char **user, const char **before)
{
    *buyer_id = apr_table_get(q, "buyer_id");
    *user = apr_table_get(q, "user");
    *before = apr_table_get(q, "before");
    if (*buyer_id && !**buyer_id)
        *buyer_id = NULL;
    if (*user && !**user)
        *user = NULL;
    if (*before && !**before)
        *before = NULL;
    if ((*buyer_id != NULL) == (*user != NULL))
        return "กรุณาระบุรหัสผู้ซื้อ หรือชื่อผู้ใช้ (LSSO) อย่างใดอย่างหนึ่ง";
    if (*buyer_id && !carbon_is_id(*buyer_id))
        return "รหัสผู้ซื้อต้องเป็นตัวเลข";
    if (*user && (strlen(*user) > 255 || strpbrk(*user, " \t\r\n")))
        return "ชื่อผู้ใช้ไม่ถูกต้อง";
    if (*before && !carbon_is_id(*before))
        return "ตำแหน่งหน้าถัดไปไม่ถูกต้อง";
    return NULL;
}

static int fetch(carbon_req *cr, const char *buyer_id, const char *user, const char *before, json_t **rows,
                 const char **next_before)
{
    return buyer_id ? carbon_pdpa_reads_of_buyer(cr, buyer_id, before, rows, next_before)
                    : carbon_pdpa_reads_of_user(cr, user, before, rows, next_before);
}

static int api_reads(carbon_req *cr)
{
    const char *buyer_id, *user, *before, *next_before, *msg;
    json_t *rows;
    int rv;
    if ((msg = read_query(carbon_query_args(cr), &buyer_id, &user, &before)))
        return carbon_send_error(cr, HTTP_BAD_REQUEST, msg);
    if ((rv = fetch(cr, buyer_id, user, before, &rows, &next_before)) != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:s?}", "items", rows, "next_before", next_before));
}

static int reads_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object()), *rows, *row;
    const char *buyer_id, *user, *before, *next_before, *msg;
    size_t i;
    int rv;
    json_object_set_new(ctx, "buyer_id", json_string(apr_table_get(q, "buyer_id") ? apr_table_get(q, "buyer_id") : ""));
    json_object_set_new(ctx, "user", json_string(apr_table_get(q, "user") ? apr_table_get(q, "user") : ""));
    if (apr_is_empty_table(q))
        return carbon_send_page(cr, HTTP_OK, "admin_pdpa_reads", TITLE_TH, ctx);
    if ((msg = read_query(q, &buyer_id, &user, &before))) {
        json_object_set_new(ctx, "error", json_string(msg));
        return carbon_send_page(cr, HTTP_BAD_REQUEST, "admin_pdpa_reads", TITLE_TH, ctx);
    }
    if ((rv = fetch(cr, buyer_id, user, before, &rows, &next_before)) != OK)
        return carbon_send_body_error(cr, rv);
    json_array_foreach(rows, i, row) {
        json_object_set_new(row, "read_at_th", json_string(carbon_thai_datetime(p, carbon_row_str(row, "read_at"))));
        json_object_set_new(row, "action_th", json_string(action_th(carbon_row_str(row, "action"))));
    }
    json_object_set(ctx, "items", rows);
    json_object_set_new(ctx, "searched", json_true());
    if (next_before)
        json_object_set_new(ctx, "older_href", json_string(apr_pstrcat(p, cr->base, "/admin/personal-data-reads?",
            buyer_id ? "buyer_id=" : "user=", ap_escape_urlencoded(p, buyer_id ? buyer_id : user),
            "&before=", next_before, NULL)));
    return carbon_send_page(cr, HTTP_OK, "admin_pdpa_reads", TITLE_TH, ctx);
}

#define DLA CARBON_ROUTE_DLA

static const carbon_route routes[] = {
    { "GET", "/admin/personal-data-reads",        reads_page, DLA },
    { "GET", "/api/v1/admin/personal-data-reads", api_reads, DLA },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)

#undef DLA
