/*
 * todo.c: งานที่ต้องดำเนินการ, the signed-in user's to-do list (rules in
 * mod_carbon/todo.c): GET /todo (the page; the home page starts with the
 * same list, handlers/public.c) and GET api/v1/me/todo (JSON, FIXED-POINTS
 * "To-do list": {"items": [...], "total"}).
 */
#include "carbon.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "todo.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

static int api_todo(carbon_req *cr)
{
    json_t *items;
    int rv = carbon_todo_list(cr, carbon_db_get(cr->r), &items);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_send_json(cr, HTTP_OK, json_pack("{s:O,s:I}", "items", items, "total",
                                                   (json_int_t)json_array_size(items)));
}

static int todo_page(carbon_req *cr)
{
    json_t *items, *ctx = carbon_json_pool(cr->r->pool, json_object());
    int rv = carbon_todo_list(cr, carbon_db_get(cr->r), &items);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    json_object_set(ctx, "todo", items);
    json_object_set_new(ctx, "todo_total", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(ctx, "todo_page", json_true());
    return carbon_send_page(cr, HTTP_OK, "todo", "งานที่ต้องดำเนินการ", ctx);
}

static const carbon_route routes[] = {
    { "GET", "/todo",           todo_page, 0 },
    { "GET", "/api/v1/me/todo", api_todo, 0 },
    { NULL, NULL, NULL, 0 }
};
CARBON_ROUTES(routes)
