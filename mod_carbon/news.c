/* news.c: see news.h. */
#include "news.h"
#include "statements.h"
#include "validate.h"
#include "tx.h"
#include "listing.h"
#include "session.h"
#include "thaifmt.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define NEWS_COLUMNS "SELECT id, title_th, body_th, published_on, published, created_at, updated_at FROM news"

const carbon_statement carbon_news_statements[] = {
    { "news_admin_list", NEWS_COLUMNS " ORDER BY published_on DESC, id DESC LIMIT %lld OFFSET %lld" },
    { "news_admin_count", "SELECT COUNT(*) AS total FROM news" },
    { "news_find", NEWS_COLUMNS " WHERE id = %lld" },
    { "news_insert",
      "INSERT INTO news (title_th, body_th, published_on, published, created_at, updated_at)"
      " VALUES (%s, %s, %s, %lld, %s, %s) RETURNING id" },
    { "news_update",
      "UPDATE news SET title_th = %s, body_th = %s, published_on = %s, published = %lld, updated_at = %s"
      " WHERE id = %lld" },
    { "news_set_published", "UPDATE news SET published = %lld, updated_at = %s WHERE id = %lld" },
    { "news_delete", "DELETE FROM news WHERE id = %lld" },
    { "news_latest",
      "SELECT id, title_th, body_th, published_on FROM news WHERE published = 1"
      " ORDER BY published_on DESC, id DESC LIMIT 6" },
    { NULL, NULL }
};

static const carbon_vfield news_fields[] = {
    { "title_th", CARBON_V_TEXT, 1, 1, 200, "หัวข้อข่าว" },
    { "published_on", CARBON_V_DATE, 0, 0, 0, "วันที่ประกาศ" },
    { NULL }
};
/* The body is checked by check_body (validate.c's text refuses line breaks). */
#define BODY_MAX_CHARS 10000

int carbon_news_search(carbon_req *cr, apr_table_t *query, json_t **result)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    carbon_paging pg = carbon_paging_from(query, 20, 200);
    json_t *rows, *count;
    carbon_db_status st;
    *result = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = carbon_db_select_one(db, "news_admin_count", &count, CARBON_NOARGS)))
        return carbon_db_http_status(st);
    carbon_json_pool(p, count);
    st = carbon_db_select(db, "news_admin_list", &rows,
                          CARBON_ARGS(carbon_i64(p, pg.per_page), carbon_i64(p, pg.offset)));
    if (st)
        return carbon_db_http_status(st);
    *result = carbon_json_pool(p, json_pack("{s:o,s:I,s:o}", "items", rows, "total", carbon_row_int(count, "total"),
                                            "paging", carbon_paging_json(&pg, carbon_row_int(count, "total"))));
    return OK;
}

int carbon_news_latest(carbon_req *cr, json_t **items)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *items = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, "news_latest", items, CARBON_NOARGS);
    carbon_json_pool(cr->r->pool, *items);
    return carbon_db_http_status(st);
}

int carbon_news_find(carbon_req *cr, const char *id, json_t **item)
{
    return carbon_db_find_by_id(cr->r, "news_find", id, item);
}

/* The body as stored: CRLF and CR become LF, spaces and blank lines at
 * both ends go; NULL with a message in errors when it is missing, too
 * long, or holds control characters other than line breaks and tabs. */
static const char *check_body(apr_pool_t *p, json_t *input, json_t *errors)
{
    json_t *v = json_object_get(input, "body_th");
    const char *in = json_is_string(v) ? json_string_value(v) : NULL, *s;
    char *out, *o;
    long long chars = 0;
    if (v && !json_is_null(v) && !in) {
        json_object_set_new(errors, "body_th", json_string("เนื้อหาข่าวไม่ถูกต้อง"));
        return NULL;
    }
    out = o = apr_palloc(p, (in ? strlen(in) : 0) + 1);
    for (s = in; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\r') {
            if (s[1] != '\n')
                *o++ = '\n';
            continue;
        }
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            json_object_set_new(errors, "body_th", json_string("เนื้อหาข่าวมีอักขระที่ไม่อนุญาต"));
            return NULL;
        }
        if ((c & 0xC0) != 0x80)
            chars++;
        *o++ = (char)c;
    }
    while (o > out && strchr(" \t\n", o[-1]))
        o--;
    *o = '\0';
    out += strspn(out, " \t\n");
    if (!*out) {
        json_object_set_new(errors, "body_th", json_string("กรุณาระบุเนื้อหาข่าว"));
        return NULL;
    }
    if (chars > BODY_MAX_CHARS) {
        json_object_set_new(errors, "body_th", json_string("เนื้อหาข่าวต้องยาวไม่เกิน 10,000 ตัวอักษร"));
        return NULL;
    }
    return out;
}

/* published from JSON (true/false) or a form ("1", "on", "true" / "0", ...);
 * -1 when absent, -2 when not understood. */
static int published_value(json_t *input)
{
    json_t *v = json_object_get(input, "published");
    const char *s;
    if (!v || json_is_null(v))
        return -1;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v))
        return json_integer_value(v) == 1 ? 1 : json_integer_value(v) == 0 ? 0 : -2;
    s = json_string_value(v);
    if (!s)
        return -2;
    if (!strcmp(s, "1") || !strcmp(s, "on") || !strcmp(s, "true"))
        return 1;
    if (!strcmp(s, "0") || !strcmp(s, "off") || !strcmp(s, "false") || !*s)
        return 0;
    return -2;
}

/* A news item's create or change, checked, inside its transaction. */
typedef struct {
    const char *id;      /* NULL: create (set by the work) */
    json_t *clean;
    const char *body, *on;
    int published;       /* 1 / 0, or -1: kept (a new item: published) */
} news_save_baton;

static int news_save_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    news_save_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *clean = b->clean, *before = NULL, *row = NULL;
    const char *now = carbon_now_iso(p, apr_time_now()), *pub;
    int published = b->published;
    carbon_db_status st;
    if (b->id) {
        if ((st = carbon_db_select_one(db, "news_find", &before, CARBON_ARGS(b->id))))
            return carbon_db_http_status(st);
        if (!before)
            return HTTP_NOT_FOUND;
        carbon_json_pool(p, before);
        if (published < 0)
            published = json_is_true(json_object_get(before, "published"));
    } else if (published < 0) {
        published = 1;
    }
    pub = published ? "1" : "0";
    if (b->id) {
        st = carbon_db_exec(db, "news_update", NULL,
                            CARBON_ARGS(carbon_json_str(clean, "title_th"), b->body, b->on, pub, now, b->id));
    } else {
        st = carbon_db_select_one(db, "news_insert", &row,
                                  CARBON_ARGS(carbon_json_str(clean, "title_th"), b->body, b->on, pub, now, now));
        if (!st && !row)
            st = CARBON_DB_ERROR;
        if (!st)
            b->id = carbon_i64(p, carbon_row_int(carbon_json_pool(p, row), "id"));
    }
    if (st)
        return carbon_db_http_status(st);
    json_object_set_new(clean, "body_th", json_string(b->body));
    json_object_set_new(clean, "published_on", json_string(b->on));
    json_object_set_new(clean, "published", json_boolean(published));
    audit->entity = "news";
    audit->entity_id = b->id;
    audit->action = before ? "update" : "create";
    audit->before = before;
    audit->after = clean;
    return OK;
}

int carbon_news_save(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **saved)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    news_save_baton b = { id, NULL, NULL, NULL, published_value(input) };
    int rv;
    *saved = NULL;
    b.clean = carbon_json_pool(p, carbon_validate(news_fields, input, errors));
    b.body = check_body(p, input, errors);
    if (id && !carbon_is_id(id))
        return HTTP_NOT_FOUND;
    if (b.published == -2)
        json_object_set_new(errors, "published", json_string("สถานะการเผยแพร่ไม่ถูกต้อง"));
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    b.on = carbon_json_str(b.clean, "published_on");
    if (!b.on)
        b.on = carbon_today_iso(p, apr_time_now());
    if ((rv = carbon_tx_run(cr, db, news_save_work, &b)) != OK)
        return rv;
    return carbon_news_find(cr, b.id, saved);
}

typedef struct {
    const char *id;
    int published;       /* set_published; -1: delete */
} news_change_baton;

static int news_change_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    news_change_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *before = NULL;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "news_find", &before, CARBON_ARGS(b->id))))
        return carbon_db_http_status(st);
    if (!before)
        return HTTP_NOT_FOUND;
    carbon_json_pool(p, before);
    if (b->published < 0)
        st = carbon_db_exec(db, "news_delete", NULL, CARBON_ARGS(b->id));
    else
        st = carbon_db_exec(db, "news_set_published", NULL,
                            CARBON_ARGS(b->published ? "1" : "0", carbon_now_iso(p, apr_time_now()), b->id));
    if (st)
        return carbon_db_http_status(st);
    audit->entity = "news";
    audit->entity_id = b->id;
    audit->action = b->published < 0 ? "delete" : b->published ? "publish" : "unpublish";
    audit->before = before;
    audit->after = b->published < 0 ? NULL
                                    : carbon_json_pool(p, json_pack("{s:b}", "published", b->published));
    return OK;
}

int carbon_news_set_published(carbon_req *cr, const char *id, int published, json_t **saved)
{
    news_change_baton b = { id, published ? 1 : 0 };
    int rv;
    *saved = NULL;
    if (!carbon_is_id(id))
        return HTTP_NOT_FOUND;
    if ((rv = carbon_tx_run(cr, carbon_db_get(cr->r), news_change_work, &b)) != OK)
        return rv;
    return carbon_news_find(cr, id, saved);
}

int carbon_news_delete(carbon_req *cr, const char *id)
{
    news_change_baton b = { id, -1 };
    if (!carbon_is_id(id))
        return HTTP_NOT_FOUND;
    return carbon_tx_run(cr, carbon_db_get(cr->r), news_change_work, &b);
}
