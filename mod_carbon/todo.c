/* todo.c: see todo.h. */
#include "todo.h"
#include "scope.h"
#include "statements.h"
#include "listing.h"
#include "json_util.h"
#include "thaifmt.h"
#include "session.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "apr_time.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every statement returns id, title, kind, waiting_since; its arguments
 * are the user's (todo_args: first), then the task's params, then the
 * LIMIT. Trades are in progress only; scope is inside each statement. */
#define TODO_TRADE_COLS "SELECT t.id, t.order_no AS title, t.kind, t.updated_at AS waiting_since"

const carbon_statement carbon_todo_statements[] = {
    /* an LAO's line in a trade of (kind, step), roles (r1, r2), consents (c1, c2) */
    { "todo_line_step",
      TODO_TRADE_COLS
      "  FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id"
      " WHERE tl.lao_code = %s AND t.status = 'in_progress' AND t.kind = %s AND t.step = %s"
      "   AND tl.role IN (%s, %s) AND tl.consent IN (%s, %s)"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    /* the same, where the line still lacks its document of a kind */
    { "todo_line_missing_doc",
      TODO_TRADE_COLS
      "  FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id"
      " WHERE tl.lao_code = %s AND t.status = 'in_progress' AND t.kind = %s AND t.step = %s"
      "   AND tl.role IN (%s, %s) AND tl.consent IN (%s, %s)"
      "   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.entity = 'trade_line'"
      "                   AND rf.entity_id = tl.id AND rf.kind = %s)"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    /* the same, once every consented line of the trade has its document
     * (the representative's "submit") */
    { "todo_line_all_docs",
      TODO_TRADE_COLS
      "  FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id"
      " WHERE tl.lao_code = %s AND t.status = 'in_progress' AND t.kind = %s AND t.step = %s"
      "   AND tl.role IN (%s, %s) AND tl.consent IN (%s, %s)"
      "   AND NOT EXISTS (SELECT 1 FROM trade_lines ol WHERE ol.trade_id = t.id AND ol.consent = 'consented'"
      "                   AND NOT EXISTS (SELECT 1 FROM record_files rf WHERE rf.entity = 'trade_line'"
      "                                   AND rf.entity_id = ol.id AND rf.kind = %s))"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    /* DLA: trades of kinds (k1, k2, k3) at a step */
    { "todo_dla_step",
      TODO_TRADE_COLS
      "  FROM trades t"
      " WHERE %s = 'all' AND t.status = 'in_progress' AND t.kind IN (%s, %s, %s) AND t.step = %s"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    /* DLA: trades of a kind at a step whose lines have all consented (at least one) */
    { "todo_dla_all_consented",
      TODO_TRADE_COLS
      "  FROM trades t"
      " WHERE %s = 'all' AND t.status = 'in_progress' AND t.kind = %s AND t.step = %s"
      "   AND EXISTS (SELECT 1 FROM trade_lines cl WHERE cl.trade_id = t.id AND cl.consent = 'consented')"
      "   AND NOT EXISTS (SELECT 1 FROM trade_lines pl WHERE pl.trade_id = t.id AND pl.consent = 'pending')"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    /* a provincial office: open trades of a kind at a step without any
     * line of its scope (a delegated sale it has not added LAOs to) */
    { "todo_province_without_mine",
      TODO_TRADE_COLS
      "  FROM trades t"
      " WHERE %s IS NOT NULL"
      "   AND NOT EXISTS (SELECT 1 FROM trade_lines ml JOIN laos mla ON mla.code = ml.lao_code"
      "                   WHERE ml.trade_id = t.id AND " CARBON_SCOPE_SQL("mla") ")"
      "   AND t.status = 'in_progress' AND t.kind = %s AND t.step = %s"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    /* a provincial office: the trades it organises at a step (a group sale declined) */
    { "todo_province_organiser",
      TODO_TRADE_COLS
      "  FROM trades t"
      " WHERE t.province_code = %s AND t.status = 'in_progress' AND t.kind = %s AND t.step = %s"
      " ORDER BY t.updated_at DESC, t.id DESC LIMIT %lld" },
    { NULL, NULL }
};

/* The user's arguments that come first in a task's statement. */
typedef enum {
    TODO_ARGS_LAO,             /* the LAO's code */
    TODO_ARGS_DLA,             /* 'all' */
    TODO_ARGS_PROVINCE,        /* the province's code */
    TODO_ARGS_PROVINCE_SCOPE   /* the province's code, then CARBON_SCOPE_ARGS */
} todo_args;

#define TODO_MAX_PARAMS 8

typedef struct {
    const char *task;          /* the item's "task" */
    const char *record;        /* "sale" | "spending" */
    carbon_role role;          /* whose list */
    const char *statement;
    todo_args args;
    const char *params[TODO_MAX_PARAMS];   /* after the user's arguments, NULL-ended */
    const char *url;           /* "{id}" is the record's id */
    const char *task_th;
} todo_task;

#define LAO CARBON_ROLE_LAO
#define PROV CARBON_ROLE_PROVINCE
#define DLA CARBON_ROLE_DLA

/* The sales' tasks: self-operated, delegated to DLA, and group
 * (FIXED-POINTS "Group sales": kind "group", steps consent | trade |
 * transfer | receipts | awaiting_dla | declined, lines representative |
 * participant with a consent). */
static const todo_task sale_tasks[] = {
    /* DLA: every kind waiting for its confirmation, in its queue */
    { "confirm_sale", "sale", DLA, "todo_dla_step", TODO_ARGS_DLA,
      { "self", "group", "delegated", "awaiting_dla", NULL }, "/admin/confirm/{id}", "ยืนยันการขาย" },
    /* delegated to DLA */
    { "delegated_documents", "sale", DLA, "todo_dla_all_consented", TODO_ARGS_DLA,
      { "delegated", "participants", NULL }, "/sales/delegated/{id}#dla-documents",
      "อัปโหลดเอกสารการขาย (ทุก อปท. ยินยอมแล้ว)" },
    { "delegated_add_laos", "sale", PROV, "todo_province_without_mine", TODO_ARGS_PROVINCE_SCOPE,
      { "delegated", "participants", NULL }, "/sales/delegated/{id}#participants",
      "เพิ่ม อปท. ที่ร่วมขาย (อปท. มอบ สถ. ขาย)" },
    { "delegated_consent", "sale", LAO, "todo_line_step", TODO_ARGS_LAO,
      { "delegated", "participants", "participant", "participant", "pending", "pending", NULL },
      "/sales/delegated/{id}#step-1", "ตรวจสอบเอกสารและยินยอม (อปท. มอบ สถ. ขาย)" },
    { "delegated_receipt", "sale", LAO, "todo_line_missing_doc", TODO_ARGS_LAO,
      { "delegated", "receipts", "participant", "participant", "consented", "consented", "receipt", NULL },
      "/sales/delegated/{id}#step-2", "อัปโหลดใบเสร็จรับเงิน อปท. (อปท. มอบ สถ. ขาย)" },
    /* group sales */
    { "group_consent", "sale", LAO, "todo_line_step", TODO_ARGS_LAO,
      { "group", "consent", "representative", "participant", "pending", "pending", NULL },
      "/sales/group/{id}", "ตรวจสอบเอกสารและยินยอม (แบบรวมกลุ่ม)" },
    { "group_trade", "sale", LAO, "todo_line_step", TODO_ARGS_LAO,
      { "group", "trade", "representative", "representative", "consented", "consented", NULL },
      "/sales/group/{id}", "บันทึกรายละเอียดการขาย (ผู้แทนในการขาย)" },
    { "group_transfer", "sale", LAO, "todo_line_step", TODO_ARGS_LAO,
      { "group", "transfer", "representative", "representative", "consented", "consented", NULL },
      "/sales/group/{id}", "อัปโหลดใบโอนเงิน (ผู้แทนในการขาย)" },
    { "group_receipt", "sale", LAO, "todo_line_missing_doc", TODO_ARGS_LAO,
      { "group", "receipts", "representative", "participant", "consented", "consented", "lao_receipt", NULL },
      "/sales/group/{id}", "อัปโหลดใบเสร็จรับเงิน อปท. (แบบรวมกลุ่ม)" },
    { "group_submit", "sale", LAO, "todo_line_all_docs", TODO_ARGS_LAO,
      { "group", "receipts", "representative", "representative", "consented", "consented", "lao_receipt", NULL },
      "/sales/group/{id}", "ส่งรายการให้ สถ. ยืนยันการขาย (ผู้แทนในการขาย)" },
    { "group_declined", "sale", PROV, "todo_province_organiser", TODO_ARGS_PROVINCE,
      { "group", "declined", NULL }, "/sales/group/{id}", "แก้ไขรายการที่ อปท. ไม่ยินยอม (แบบรวมกลุ่ม)" },
    { NULL }
};

/* Spending the revenue (spending.c): an LAO's request waiting for its
 * items (step 1 รายการจ่าย) or its completion (step 2 ยืนยันข้อมูล). */
static const todo_task spending_tasks[] = {
    { "spending_item", "spending", LAO, "spending_todo_step", TODO_ARGS_LAO,
      { "item", NULL }, "/spending/{id}", "บันทึกรายการจ่าย (การใช้จ่ายรายได้)" },
    { "spending_complete", "spending", LAO, "spending_todo_step", TODO_ARGS_LAO,
      { "confirm", NULL }, "/spending/{id}", "ยืนยันข้อมูลการใช้จ่าย (การใช้จ่ายรายได้)" },
    { NULL }
};

static const todo_task *const task_tables[] = { sale_tasks, spending_tasks, NULL };

#undef LAO
#undef PROV
#undef DLA

/* "3 วัน", "5 ชั่วโมง", "ไม่ถึง 1 ชั่วโมง" since an ISO timestamp. */
static const char *waited_th(apr_pool_t *p, const char *iso, apr_time_t now)
{
    apr_time_exp_t tm;
    apr_time_t then;
    int y, mo, d, h = 0, mi = 0, s = 0;
    long long hours;
    if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3)
        return "";
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    if (apr_time_exp_gmt_get(&then, &tm) != APR_SUCCESS)
        return "";
    hours = (long long)((now - then) / APR_USEC_PER_SEC / 3600);
    if (hours < 1)
        return "ไม่ถึง 1 ชั่วโมง";
    if (hours < 24)
        return apr_psprintf(p, "%lld ชั่วโมง", hours);
    return apr_psprintf(p, "%lld วัน", hours / 24);
}

static int older_first(const void *a, const void *b)
{
    const char *x = carbon_json_str(*(json_t *const *)a, "waiting_since");
    const char *y = carbon_json_str(*(json_t *const *)b, "waiting_since");
    return strcmp(x ? x : "", y ? y : "");
}

static const char *url_of(apr_pool_t *p, const char *base, const char *pattern, const char *id)
{
    const char *at = strstr(pattern, "{id}");
    if (!at)
        return apr_pstrcat(p, base, pattern, NULL);
    return apr_pstrcat(p, base, apr_pstrndup(p, pattern, (apr_size_t)(at - pattern)), id, at + 4, NULL);
}

#define TODO_KEPT "carbon_todo_list"

int carbon_todo_list(carbon_req *cr, carbon_db *db, json_t **items)
{
    apr_pool_t *p = cr->r->pool;
    carbon_scope sc = carbon_scope_of(p, cr->user);
    const todo_task *const *tab;
    const todo_task *t;
    apr_array_header_t *all = apr_array_make(p, 16, sizeof(json_t *));
    apr_time_t now = apr_time_now();
    const char *limit = carbon_i64(p, CARBON_TODO_PER_TASK);
    json_t *out;
    void *kept = NULL;
    int i;
    *items = NULL;
    if (!cr->user)
        return HTTP_UNAUTHORIZED;
    /* once per request: the home page shows the list and the menu its count */
    if (apr_pool_userdata_get(&kept, TODO_KEPT, p) == APR_SUCCESS && kept) {
        *items = kept;
        return OK;
    }
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    for (tab = task_tables; *tab; tab++)
        for (t = *tab; t->task; t++) {
            const char *args[6 + TODO_MAX_PARAMS + 1];
            int n = 0, k;
            json_t *rows = NULL, *row;
            size_t r;
            carbon_db_status st;
            if (t->role != cr->user->role)
                continue;
            switch (t->args) {
            case TODO_ARGS_LAO:
                if (!sc.lao_code)
                    continue;
                args[n++] = sc.lao_code;
                break;
            case TODO_ARGS_DLA:
                args[n++] = sc.all;
                break;
            case TODO_ARGS_PROVINCE:
                if (!sc.province_code)
                    continue;
                args[n++] = sc.province_code;
                break;
            case TODO_ARGS_PROVINCE_SCOPE:
                if (!sc.province_code)
                    continue;
                args[n++] = sc.province_code;
                args[n++] = sc.all;
                args[n++] = sc.lao_code;
                args[n++] = sc.province_code;
                args[n++] = sc.province_user;
                break;
            }
            for (k = 0; k < TODO_MAX_PARAMS && t->params[k]; k++)
                args[n++] = t->params[k];
            args[n++] = limit;
            if ((st = carbon_db_select(db, t->statement, &rows, n, args)))
                return carbon_db_http_status(st);
            carbon_json_pool(p, rows);
            json_array_foreach(rows, r, row) {
                const char *id = carbon_i64(p, carbon_row_int(row, "id"));
                json_t *item = json_pack("{s:s,s:s,s:I,s:s,s:O,s:s,s:O,s:O,s:s}",
                                         "task", t->task, "record", t->record, "id", carbon_row_int(row, "id"),
                                         "url", url_of(p, cr->base, t->url, id),
                                         "waiting_since", json_object_get(row, "waiting_since"),
                                         "task_th", t->task_th,
                                         "title", json_object_get(row, "title") ? json_object_get(row, "title")
                                                                                : json_null(),
                                         "kind", json_object_get(row, "kind") ? json_object_get(row, "kind")
                                                                              : json_null(),
                                         "waited_th", waited_th(p, carbon_row_str(row, "waiting_since"), now));
                if (item)
                    APR_ARRAY_PUSH(all, json_t *) = carbon_json_pool(p, item);
            }
        }
    qsort(all->elts, (size_t)all->nelts, sizeof(json_t *), older_first);
    out = carbon_json_pool(p, json_array());
    for (i = 0; i < all->nelts && i < CARBON_TODO_MAX; i++)
        json_array_append(out, APR_ARRAY_IDX(all, i, json_t *));
    apr_pool_userdata_setn(out, TODO_KEPT, NULL, p);
    *items = out;
    return OK;
}
