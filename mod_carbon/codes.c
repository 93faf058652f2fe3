/* codes.c: see codes.h. */
#include "codes.h"
#include "statements.h"
#include "validate.h"
#include "tx.h"
#include "listing.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include <stdlib.h>

APLOG_USE_MODULE(carbon);

const carbon_statement carbon_codes_statements[] = {
    { "codes_list",
      "SELECT code, name_th, sort, active FROM code_lists"
      " WHERE list = %s AND (%s IS NOT NULL OR active = 1) ORDER BY sort, code" },
    { "codes_get", "SELECT code, name_th, sort, active FROM code_lists WHERE list = %s AND code = %s" },
    { "codes_next_sort", "SELECT COALESCE(MAX(sort), 0) + 10 AS next_sort FROM code_lists WHERE list = %s" },
    { "codes_insert",
      "INSERT INTO code_lists (list, code, name_th, sort, active) VALUES (%s, %s, %s, %lld, 1)" },
    { "codes_update",
      "UPDATE code_lists SET name_th = %s, sort = %lld, active = %lld WHERE list = %s AND code = %s" },
    { "codes_set_sort", "UPDATE code_lists SET sort = %lld WHERE list = %s AND code = %s" },
    { NULL, NULL }
};

typedef struct {
    const char *list;
    const char *name_th;
    int fixed;          /* codes fixed by the API: no new ones, none switched off */
} code_list_def;

static const code_list_def lists[] = {
    { "buyer_type", "ประเภทผู้ซื้อคาร์บอนเครดิต", 1 },
    { "business_type", "ประเภทธุรกิจ", 0 },
    { "spending_project_type", "ประเภทโครงการที่ใช้จ่ายรายได้", 0 },
    { NULL, NULL, 0 }
};

static const carbon_vfield add_fields[] = {
    { "code", CARBON_V_TEXT, 1, 1, 40, "รหัส" },
    { "name_th", CARBON_V_TEXT, 1, 1, 200, "ชื่อ" },
    { "sort", CARBON_V_INT, 0, 0, 99999, "ลำดับ" },
    { NULL }
};
static const carbon_vfield update_fields[] = {
    { "name_th", CARBON_V_TEXT, 0, 1, 200, "ชื่อ" },
    { "sort", CARBON_V_INT, 0, 0, 99999, "ลำดับ" },
    { NULL }
};

static const code_list_def *list_def(const char *list)
{
    const code_list_def *d;
    for (d = lists; list && d->list; d++)
        if (!strcmp(d->list, list))
            return d;
    return NULL;
}

json_t *carbon_code_lists(void)
{
    json_t *out = json_array();
    const code_list_def *d;
    for (d = lists; d->list; d++)
        json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "list", d->list, "name_th", d->name_th,
                                             "fixed", d->fixed));
    return out;
}

int carbon_code_list_known(const char *list)
{
    return list_def(list) != NULL;
}

int carbon_codes_of(carbon_req *cr, const char *list, int with_inactive, json_t **rows)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *rows = NULL;
    if (!list_def(list))
        return OK;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = carbon_db_select(db, "codes_list", rows, CARBON_ARGS(list, with_inactive ? "all" : NULL))))
        return carbon_db_http_status(st);
    carbon_json_pool(cr->r->pool, *rows);
    return OK;
}

carbon_db_status carbon_code_lookup(carbon_db *db, const char *list, const char *code, json_t **row)
{
    return carbon_db_select_one(db, "codes_get", row, CARBON_ARGS(list, code));
}

/* Codes are machine names: a-z, 0-9 and '_', starting with a letter. */
static int code_chars_ok(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* The code row after a write, for the answer and the audit. */
static int reread(carbon_req *cr, carbon_db *db, const char *list, const char *code, json_t **saved)
{
    carbon_db_status st = carbon_code_lookup(db, list, code, saved);
    carbon_json_pool(cr->r->pool, *saved);
    return st ? carbon_db_http_status(st) : (*saved ? OK : HTTP_INTERNAL_SERVER_ERROR);
}

/* A code's add or change, inside its transaction. */
typedef struct {
    const char *list, *code;
    json_t *clean, *errors;
    int active;          /* update: 1 / 0, or -1 to keep */
    json_t *saved;       /* the row after the write (set by the work) */
} code_write_baton;

static int code_add_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    code_write_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *old = NULL, *next = NULL;
    const char *sort;
    carbon_db_status st;
    int rv;
    if ((st = carbon_code_lookup(db, b->list, b->code, &old)))
        return carbon_db_http_status(st);
    if (old) {
        json_decref(old);
        json_object_set_new(b->errors, "code", json_string("มีรหัสนี้ในรายการแล้ว"));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if (json_object_get(b->clean, "sort")) {
        sort = carbon_i64(p, json_integer_value(json_object_get(b->clean, "sort")));
    } else {
        if ((st = carbon_db_select_one(db, "codes_next_sort", &next, CARBON_ARGS(b->list))))
            return carbon_db_http_status(st);
        sort = apr_pstrdup(p, next ? carbon_row_str(next, "next_sort") : "10");
        json_decref(next);
    }
    if ((st = carbon_db_exec(db, "codes_insert", NULL,
                             CARBON_ARGS(b->list, b->code, carbon_json_str(b->clean, "name_th"), sort))))
        return carbon_db_http_status(st);
    if ((rv = reread(cr, db, b->list, b->code, &b->saved)) != OK)
        return rv;
    audit->entity = "code";
    audit->entity_id = apr_pstrcat(p, b->list, "/", b->code, NULL);
    audit->action = "create";
    audit->after = b->saved;
    return OK;
}

int carbon_code_add(carbon_req *cr, const char *list, json_t *input, json_t *errors, json_t **saved)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const code_list_def *def = list_def(list);
    json_t *clean = carbon_json_pool(p, carbon_validate(add_fields, input, errors));
    const char *code = carbon_json_str(clean, "code");
    code_write_baton b;
    int rv;
    *saved = NULL;
    if (!def)
        return HTTP_NOT_FOUND;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (def->fixed) {
        json_object_set_new(errors, "code", json_string("รหัสของรายการนี้กำหนดไว้คงที่ เพิ่มรหัสใหม่ไม่ได้"));
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if (code && !code_chars_ok(code))
        json_object_set_new(errors, "code",
                            json_string("รหัสต้องขึ้นต้นด้วยอักษรภาษาอังกฤษตัวเล็ก ตามด้วย a-z, 0-9 หรือ _"));
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    b = (code_write_baton){ list, code, clean, errors, -1, NULL };
    if ((rv = carbon_tx_run(cr, db, code_add_work, &b)) == OK)
        *saved = b.saved;
    return rv;
}

/* active from JSON (true/false) or a form ("1"/"0"); -1 absent, -2 bad. */
static int active_value(json_t *input)
{
    json_t *v = json_object_get(input, "active");
    const char *s = json_string_value(v);
    if (!v || json_is_null(v))
        return -1;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (s && (!strcmp(s, "1") || !strcmp(s, "true")))
        return 1;
    if (s && (!strcmp(s, "0") || !strcmp(s, "false")))
        return 0;
    return -2;
}

static int code_update_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    code_write_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *before = NULL;
    const char *name, *sort;
    carbon_db_status st;
    int active = b->active, rv;
    if ((st = carbon_code_lookup(db, b->list, b->code, &before)))
        return carbon_db_http_status(st);
    if (!before)
        return HTTP_NOT_FOUND;
    carbon_json_pool(p, before);
    name = carbon_json_str(b->clean, "name_th") ? carbon_json_str(b->clean, "name_th")
                                                : carbon_json_str(before, "name_th");
    sort = carbon_i64(p, json_object_get(b->clean, "sort") ? json_integer_value(json_object_get(b->clean, "sort"))
                                                             : json_integer_value(json_object_get(before, "sort")));
    if (active < 0)
        active = json_is_true(json_object_get(before, "active"));
    if ((st = carbon_db_exec(db, "codes_update", NULL,
                             CARBON_ARGS(name, sort, active ? "1" : "0", b->list, b->code))))
        return carbon_db_http_status(st);
    if ((rv = reread(cr, db, b->list, b->code, &b->saved)) != OK)
        return rv;
    audit->entity = "code";
    audit->entity_id = apr_pstrcat(p, b->list, "/", b->code, NULL);
    audit->action = "update";
    audit->before = before;
    audit->after = b->saved;
    return OK;
}

int carbon_code_update(carbon_req *cr, const char *list, const char *code, json_t *input, json_t *errors,
                       json_t **saved)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const code_list_def *def = list_def(list);
    json_t *clean = carbon_json_pool(p, carbon_validate(update_fields, input, errors));
    int active = active_value(input), rv;
    code_write_baton b;
    *saved = NULL;
    if (!def || !code)
        return HTTP_NOT_FOUND;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (json_is_string(json_object_get(input, "name_th")) && !carbon_json_str(clean, "name_th")
        && !json_object_get(errors, "name_th"))
        json_object_set_new(errors, "name_th", json_string("กรุณาระบุชื่อ"));   /* a name is changed, never cleared */
    if (active == -2)
        json_object_set_new(errors, "active", json_string("สถานะการใช้งานไม่ถูกต้อง"));
    if (def->fixed && active == 0)
        json_object_set_new(errors, "active", json_string("รหัสของรายการนี้กำหนดไว้คงที่ ปิดการใช้งานไม่ได้"));
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    b = (code_write_baton){ list, code, clean, errors, active, NULL };
    if ((rv = carbon_tx_run(cr, db, code_update_work, &b)) == OK)
        *saved = b.saved;
    return rv;
}

typedef struct {
    const char *list, *code;
    int direction;
} code_move_baton;

static int code_move_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    code_move_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *rows, *before, *after;
    size_t i, n, at = (size_t)-1;
    carbon_db_status st;
    if ((st = carbon_db_select(db, "codes_list", &rows, CARBON_ARGS(b->list, "all"))))
        return carbon_db_http_status(st);
    carbon_json_pool(p, rows);
    n = json_array_size(rows);
    for (i = 0; i < n; i++)
        if (!strcmp(carbon_row_str(json_array_get(rows, i), "code"), b->code))
            at = i;
    if (at == (size_t)-1)
        return HTTP_NOT_FOUND;
    before = carbon_json_pool(p, json_pack("{s:I}", "sort", carbon_row_int(json_array_get(rows, at), "sort")));
    if ((b->direction < 0 && at > 0) || (b->direction > 0 && at + 1 < n)) {
        size_t other = b->direction < 0 ? at - 1 : at + 1;
        json_t *moved = json_incref(json_array_get(rows, at));
        json_array_set(rows, at, json_array_get(rows, other));
        json_array_set_new(rows, other, moved);
        at = other;
    }
    for (i = 0; i < n; i++) {
        json_t *row = json_array_get(rows, i);
        long long sort = (long long)(i + 1) * 10;
        if (sort != carbon_row_int(row, "sort")
            && (st = carbon_db_exec(db, "codes_set_sort", NULL,
                                    CARBON_ARGS(carbon_i64(p, sort), b->list, carbon_row_str(row, "code")))))
            return carbon_db_http_status(st);
    }
    after = carbon_json_pool(p, json_pack("{s:I}", "sort", (json_int_t)(at + 1) * 10));
    audit->entity = "code";
    audit->entity_id = apr_pstrcat(p, b->list, "/", b->code, NULL);
    audit->action = b->direction < 0 ? "move_up" : "move_down";
    audit->before = before;
    audit->after = after;
    return OK;
}

int carbon_code_move(carbon_req *cr, const char *list, const char *code, int direction)
{
    code_move_baton b = { list, code, direction };
    if (!list_def(list) || !code)
        return HTTP_NOT_FOUND;
    return carbon_tx_run(cr, carbon_db_get(cr->r), code_move_work, &b);
}
