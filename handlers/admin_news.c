/*
 * admin_news.c: DLA's news and announcements (ข่าวสาร/ประชาสัมพันธ์):
 * list, add, edit, publish or withdraw from the public dashboard, and
 * delete after a confirmation page.
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "news.h"
#include "listing.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define DLA CARBON_ROUTE_DLA
#define FORM CARBON_ROUTE_FORM

static json_t *route_news(carbon_req *cr, int *status)
{
    json_t *item;
    int rv = carbon_news_find(cr, carbon_route_param(cr, 0), &item);
    if (rv != OK) {
        *status = carbon_send_body_error(cr, rv);
        return NULL;
    }
    if (!item) {
        *status = carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบข่าวที่ต้องการ");
        return NULL;
    }
    return item;
}

static int news_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    apr_table_t *q = carbon_query_args(cr);
    const char *note = apr_table_get(q, "note");
    json_t *result, *ctx;
    int rv = carbon_news_search(cr, q, &result);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    ctx = carbon_json_pool(p, json_pack("{s:O,s:O,s:s,s:s,s:s?}", "items", json_object_get(result, "items"),
                                        "paging", json_object_get(result, "paging"), "query", "",
                                        "list_path", apr_pstrcat(p, cr->base, "/admin/news", NULL),
                                        "note", !note ? NULL : !strcmp(note, "deleted") ? "ลบข่าวแล้ว" : NULL));
    return carbon_send_page(cr, HTTP_OK, "admin_news", "ข่าวสาร/ประชาสัมพันธ์", ctx);
}

/* The add/edit page; form holds the values as shown (date in BE). */
static int edit_page(carbon_req *cr, int status, json_t *item, json_t *form, json_t *errors, const char *note)
{
    json_t *ctx = carbon_json_pool(cr->r->pool, json_pack("{s:O?,s:O,s:O?,s:s?}", "item", item, "form", form,
                                                          "errors", errors, "note", note));
    return carbon_send_page(cr, status, "admin_news_edit", item ? "แก้ไขข่าว" : "เพิ่มข่าว", ctx);
}

static int new_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    json_t *form = carbon_json_pool(p, json_pack("{s:s,s:b}", "published_on",
                                                 carbon_be_date(p, carbon_today_iso(p, apr_time_now())),
                                                 "published", 1));
    return edit_page(cr, HTTP_OK, NULL, form, NULL, NULL);
}

static int item_page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    const char *note = apr_table_get(carbon_query_args(cr), "note");
    int status;
    json_t *item = route_news(cr, &status), *form;
    const char *on;
    if (!item)
        return status;
    on = carbon_json_str(item, "published_on");
    form = carbon_json_pool(p, json_pack("{s:O,s:O,s:s?,s:O}", "title_th", json_object_get(item, "title_th"),
                                         "body_th", json_object_get(item, "body_th"),
                                         "published_on", on ? carbon_be_date(p, on) : NULL,
                                         "published", json_object_get(item, "published")));
    return edit_page(cr, HTTP_OK, item, form,
                     NULL, !note ? NULL : !strcmp(note, "saved") ? "บันทึกข่าวเรียบร้อยแล้ว"
                                 : !strcmp(note, "published") ? "เผยแพร่ข่าวบนหน้าหลักแล้ว"
                                 : !strcmp(note, "unpublished") ? "ยกเลิกการเผยแพร่ข่าวแล้ว" : NULL);
}

static int redirect_item(carbon_req *cr, json_t *item, const char *note)
{
    return carbon_redirect_local(cr, apr_psprintf(cr->r->pool, "/admin/news/%" APR_INT64_T_FMT "?note=%s",
                                                  (apr_int64_t)json_integer_value(json_object_get(item, "id")),
                                                  note));
}

static int form_post(carbon_req *cr, const char *id)
{
    apr_table_t *f;
    json_t *item = NULL, *form, *errors, *saved;
    int status, rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (id && !(item = route_news(cr, &status)))
        return status;
    form = carbon_json_pool(cr->r->pool, json_object());
    json_object_set_new(form, "title_th", json_string(apr_table_get(f, "title_th") ? apr_table_get(f, "title_th") : ""));
    json_object_set_new(form, "body_th", json_string(apr_table_get(f, "body_th") ? apr_table_get(f, "body_th") : ""));
    json_object_set_new(form, "published_on",
                        json_string(apr_table_get(f, "published_on") ? apr_table_get(f, "published_on") : ""));
    json_object_set_new(form, "published", json_boolean(apr_table_get(f, "published") != NULL));
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_news_save(cr, id, form, errors, &saved);
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return edit_page(cr, rv, item, form, errors, NULL);
    if (rv != OK)
        return rv == HTTP_NOT_FOUND ? carbon_send_error(cr, rv, "ไม่พบข่าวที่ต้องการ") : carbon_send_body_error(cr, rv);
    return redirect_item(cr, saved, "saved");
}

static int create_post(carbon_req *cr)
{
    return form_post(cr, NULL);
}

static int update_post(carbon_req *cr)
{
    return form_post(cr, carbon_route_param(cr, 0));
}

static int publish_post_as(carbon_req *cr, int published)
{
    apr_table_t *f;
    json_t *saved;
    int rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    rv = carbon_news_set_published(cr, carbon_route_param(cr, 0), published, &saved);
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบข่าวที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    if (apr_table_get(f, "back") && !strcmp(apr_table_get(f, "back"), "list"))
        return carbon_redirect_local(cr, "/admin/news");
    return redirect_item(cr, saved, published ? "published" : "unpublished");
}

static int publish_post(carbon_req *cr)
{
    return publish_post_as(cr, 1);
}

static int unpublish_post(carbon_req *cr)
{
    return publish_post_as(cr, 0);
}

static int delete_page(carbon_req *cr)
{
    int status;
    json_t *item = route_news(cr, &status);
    if (!item)
        return status;
    return carbon_send_page(cr, HTTP_OK, "admin_news_delete", "ยืนยันการลบข่าว",
                            carbon_json_pool(cr->r->pool, json_pack("{s:O}", "item", item)));
}

static int delete_post(carbon_req *cr)
{
    apr_table_t *f;
    int rv = carbon_read_form(cr, &f);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    rv = carbon_news_delete(cr, carbon_route_param(cr, 0));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบข่าวที่ต้องการ");
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_redirect_local(cr, "/admin/news?note=deleted");
}

/* ---- JSON --------------------------------------------------------------- */

static int api_failed(carbon_req *cr, int rv, json_t *errors)
{
    if (rv == HTTP_UNPROCESSABLE_ENTITY)
        return carbon_send_errors(cr, json_incref(errors));
    if (rv == HTTP_NOT_FOUND)
        return carbon_send_error(cr, rv, "ไม่พบข่าวที่ต้องการ");
    return carbon_send_body_error(cr, rv);
}

static int api_list(carbon_req *cr)
{
    json_t *result;
    int rv = carbon_news_search(cr, carbon_query_args(cr), &result);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:O}", "items", json_object_get(result, "items"),
                                                   "total", json_object_get(result, "total")));
}

static int api_item(carbon_req *cr)
{
    int status;
    json_t *item = route_news(cr, &status);
    return item ? carbon_send_json(cr, HTTP_OK, json_incref(item)) : status;
}

static int api_save(carbon_req *cr, const char *id)
{
    json_t *input, *errors, *saved;
    int rv = carbon_read_json(cr, &input);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    errors = carbon_json_pool(cr->r->pool, json_object());
    rv = carbon_news_save(cr, id, input, errors, &saved);
    if (rv != OK)
        return api_failed(cr, rv, errors);
    return carbon_send_json(cr, id ? HTTP_OK : HTTP_CREATED, json_incref(saved));
}

static int api_create(carbon_req *cr)
{
    return api_save(cr, NULL);
}

static int api_update(carbon_req *cr)
{
    return api_save(cr, carbon_route_param(cr, 0));
}

static int api_publish_as(carbon_req *cr, int published)
{
    json_t *saved;
    int rv = carbon_news_set_published(cr, carbon_route_param(cr, 0), published, &saved);
    if (rv != OK)
        return api_failed(cr, rv, NULL);
    return carbon_send_json(cr, HTTP_OK, json_incref(saved));
}

static int api_publish(carbon_req *cr)
{
    return api_publish_as(cr, 1);
}

static int api_unpublish(carbon_req *cr)
{
    return api_publish_as(cr, 0);
}

static int api_delete(carbon_req *cr)
{
    int rv = carbon_news_delete(cr, carbon_route_param(cr, 0));
    if (rv != OK)
        return api_failed(cr, rv, NULL);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:b}", "deleted", 1));
}

static const carbon_route routes[] = {
    { "GET",    "/admin/news",                  news_page, DLA },
    { "POST",   "/admin/news",                  create_post, DLA | FORM },
    { "GET",    "/admin/news/new",              new_page, DLA },
    { "GET",    "/admin/news/{id}",             item_page, DLA },
    { "POST",   "/admin/news/{id}",             update_post, DLA | FORM },
    { "POST",   "/admin/news/{id}/publish",     publish_post, DLA | FORM },
    { "POST",   "/admin/news/{id}/unpublish",   unpublish_post, DLA | FORM },
    { "GET",    "/admin/news/{id}/delete",      delete_page, DLA },
    { "POST",   "/admin/news/{id}/delete",      delete_post, DLA | FORM },
    { "GET",    "/api/v1/news",                 api_list, DLA },
    { "POST",   "/api/v1/news",                 api_create, DLA },
    { "GET",    "/api/v1/news/{id}",            api_item, DLA },
    { "PUT",    "/api/v1/news/{id}",            api_update, DLA },
    { "DELETE", "/api/v1/news/{id}",            api_delete, DLA },
    { "POST",   "/api/v1/news/{id}/publish",    api_publish, DLA },
    { "POST",   "/api/v1/news/{id}/unpublish",  api_unpublish, DLA },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
