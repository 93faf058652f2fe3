/* users.c: see users.h. */
#include "users.h"
#include "statements.h"
#include "validate.h"
#include "tx.h"
#include "listing.h"
#include "geo.h"
#include "session.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define USERS_COLUMNS \
    "SELECT u.id, u.subject, u.display_name, u.role, u.lao_code, l.name_th AS lao_name," \
    "       COALESCE(u.province_code, l.province_code) AS province_code, p.name_th AS province_name," \
    "       u.disabled, u.created_at" \
    "  FROM users u LEFT JOIN laos l ON l.code = u.lao_code" \
    "  LEFT JOIN provinces p ON p.code = COALESCE(u.province_code, l.province_code)"

#define USERS_FILTER \
    " WHERE (%s IS NULL OR u.subject LIKE %s ESCAPE '\\' OR u.display_name LIKE %s ESCAPE '\\'" \
    "        OR u.lao_code LIKE %s ESCAPE '\\' OR l.name_th LIKE %s ESCAPE '\\')" \
    "   AND (%s IS NULL OR u.role = %s)" \
    "   AND (%s IS NULL OR COALESCE(u.province_code, l.province_code) = %s)" \
    "   AND (%lld IS NULL OR u.disabled = %lld)"

const carbon_statement carbon_users_statements[] = {
    { "users_search", USERS_COLUMNS USERS_FILTER
      " ORDER BY CASE u.role WHEN 'dla' THEN 1 WHEN 'province' THEN 2 ELSE 3 END, u.subject"
      " LIMIT %lld OFFSET %lld" },
    { "users_search_count",
      "SELECT COUNT(*) AS total FROM users u LEFT JOIN laos l ON l.code = u.lao_code" USERS_FILTER },
    { "users_find", USERS_COLUMNS " WHERE u.id = %lld" },
    { "users_row",
      "SELECT id, subject, display_name, role, lao_code, province_code, disabled FROM users WHERE id = %lld" },
    { "users_subject_taken", "SELECT id FROM users WHERE subject = %s AND id <> %lld" },
    { "users_insert",
      "INSERT INTO users (subject, display_name, role, lao_code, province_code, disabled, created_at)"
      " VALUES (%s, %s, %s, %s, %s, 0, %s) RETURNING id" },
    { "users_update",
      "UPDATE users SET subject = %s, display_name = %s, role = %s, lao_code = %s, province_code = %s"
      " WHERE id = %lld" },
    { "users_set_disabled", "UPDATE users SET disabled = %lld WHERE id = %lld" },
    { "users_end_sessions", "DELETE FROM sessions WHERE user_id = %lld" },
    { "users_lao", "SELECT code AS lao_code, province_code FROM laos WHERE code = %s" },
    /* --- a province user's responsibilities --- */
    { "users_responsibilities",
      "SELECT r.id, r.province_code, pr.name_th AS province_name, r.lao_code, l.name_th AS lao_name,"
      "       r.created_at"
      "  FROM user_responsibilities r JOIN provinces pr ON pr.code = r.province_code"
      "  LEFT JOIN laos l ON l.code = r.lao_code"
      " WHERE r.user_id = %lld"
      " ORDER BY r.province_code, CASE WHEN r.lao_code IS NULL THEN 0 ELSE 1 END, r.lao_code" },
    { "users_responsibility",
      "SELECT id, user_id, province_code, lao_code FROM user_responsibilities WHERE id = %lld AND user_id = %lld" },
    { "users_responsibility_province",
      "SELECT id FROM user_responsibilities WHERE user_id = %lld AND province_code = %s AND lao_code IS NULL" },
    { "users_responsibility_lao",
      "SELECT id FROM user_responsibilities WHERE user_id = %lld AND lao_code = %s" },
    { "users_responsibility_insert",
      "INSERT INTO user_responsibilities (user_id, province_code, lao_code, created_at)"
      " VALUES (%lld, %s, %s, %s) RETURNING id" },
    { "users_responsibility_delete",
      "DELETE FROM user_responsibilities WHERE id = %lld AND user_id = %lld" },
    { "users_responsibility_drop_laos",
      "DELETE FROM user_responsibilities WHERE user_id = %lld AND province_code = %s AND lao_code IS NOT NULL" },
    { "users_responsibility_clear", "DELETE FROM user_responsibilities WHERE user_id = %lld" },
    { NULL, NULL }
};

static const carbon_vfield user_fields[] = {
    { "subject", CARBON_V_TEXT, 1, 1, 100, "ชื่อผู้ใช้ (LSSO)" },
    { "display_name", CARBON_V_TEXT, 1, 1, 200, "ชื่อที่แสดง" },
    { "role", CARBON_V_TEXT, 1, 1, 20, "บทบาท" },
    { "lao_code", CARBON_V_DIGITS, 0, 7, 7, "รหัส อปท." },
    { "province_code", CARBON_V_DIGITS, 0, 2, 2, "จังหวัด" },
    { NULL }
};

static const carbon_vfield responsibility_fields[] = {
    { "province_code", CARBON_V_DIGITS, 0, 2, 2, "จังหวัด" },
    { "lao_code", CARBON_V_DIGITS, 0, 7, 7, "รหัส อปท." },
    { NULL }
};

static void set_error(json_t *errors, const char *field, const char *msg)
{
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(msg));
}

/* ---- search and read ---------------------------------------------------- */

int carbon_users_search(carbon_req *cr, apr_table_t *query, json_t **result)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    carbon_paging pg = carbon_paging_from(query, 50, 500);
    const char *q = carbon_like_contains(p, carbon_query_value(p, query, "q"));
    const char *role = carbon_query_value(p, query, "role");
    const char *province = carbon_query_value(p, query, "province_code");
    const char *status = carbon_query_value(p, query, "status");
    const char *disabled = !status ? NULL : !strcmp(status, "disabled") ? "1" : !strcmp(status, "active") ? "0" : NULL;
    json_t *rows, *count;
    carbon_db_status st;
    *result = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select_one(db, "users_search_count", &count,
                              CARBON_ARGS(q, q, q, q, q, role, role, province, province, disabled, disabled));
    if (st)
        return carbon_db_http_status(st);
    carbon_json_pool(p, count);
    st = carbon_db_select(db, "users_search", &rows,
                          CARBON_ARGS(q, q, q, q, q, role, role, province, province, disabled, disabled,
                                      carbon_i64(p, pg.per_page), carbon_i64(p, pg.offset)));
    if (st)
        return carbon_db_http_status(st);
    *result = carbon_json_pool(p, json_pack("{s:o,s:I,s:o}", "items", rows, "total", carbon_row_int(count, "total"),
                                            "paging", carbon_paging_json(&pg, carbon_row_int(count, "total"))));
    return OK;
}

int carbon_user_find(carbon_req *cr, const char *id, json_t **user)
{
    return carbon_db_find_by_id(cr->r, "users_find", id, user);
}

/* ---- create and change -------------------------------------------------- */

/* LSSO subjects: letters, digits and . _ @ - (user names, citizen ids, e-mail). */
static int subject_chars_ok(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
              || strchr("._@-", *s)))
            return 0;
    return 1;
}

/* Role and organisation fit together; the clean province of an LAO user
 * becomes the LAO's. Database lookups: the LAO, the province. */
static carbon_db_status check_role_org(apr_pool_t *p, carbon_db *db, json_t *clean, json_t *errors)
{
    const char *role = carbon_json_str(clean, "role"), *lao = carbon_json_str(clean, "lao_code");
    const char *province = carbon_json_str(clean, "province_code");
    json_t *row = NULL;
    carbon_db_status st;
    if (!role)
        return CARBON_DB_OK;
    if (!strcmp(role, "lao")) {
        if (!lao) {
            set_error(errors, "lao_code", "ผู้ใช้บทบาท อปท. ต้องระบุรหัส อปท.");
            return CARBON_DB_OK;
        }
        if ((st = carbon_db_select_one(db, "users_lao", &row, CARBON_ARGS(lao))))
            return st;
        if (!row) {
            set_error(errors, "lao_code", "ไม่พบ อปท. รหัสนี้");
            return CARBON_DB_OK;
        }
        carbon_json_pool(p, row);
        if (province && strcmp(province, carbon_row_str(row, "province_code")))
            set_error(errors, "province_code", "จังหวัดไม่ตรงกับจังหวัดของ อปท. ที่ระบุ");
        json_object_set_new(clean, "province_code", json_string(carbon_row_str(row, "province_code")));
    } else if (!strcmp(role, "province")) {
        if (lao)
            set_error(errors, "lao_code", "ผู้ใช้บทบาทสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดไม่ต้องระบุ อปท.");
        if (!province)
            set_error(errors, "province_code", "ผู้ใช้บทบาทสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดต้องเลือกจังหวัด");
        else
            return carbon_geo_check(db, province, NULL, NULL, NULL, errors);
    } else if (!strcmp(role, "dla")) {
        if (lao)
            set_error(errors, "lao_code", "ผู้ใช้บทบาทกรมส่งเสริมการปกครองท้องถิ่นไม่ต้องระบุ อปท.");
        if (province)
            set_error(errors, "province_code", "ผู้ใช้บทบาทกรมส่งเสริมการปกครองท้องถิ่นไม่ต้องระบุจังหวัด");
    } else {
        set_error(errors, "role", "บทบาทต้องเป็น อปท. สำนักงานจังหวัด หรือ สถ.");
    }
    return CARBON_DB_OK;
}

/* Every rule of a user form; the database ones too. */
static carbon_db_status check_user(carbon_req *cr, carbon_db *db, const char *id, json_t *clean,
                                   json_t *errors)
{
    const char *subject = carbon_json_str(clean, "subject");
    json_t *taken = NULL;
    carbon_db_status st;
    if (subject && !subject_chars_ok(subject))
        set_error(errors, "subject", "ชื่อผู้ใช้ (LSSO) ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข และ . _ @ -");
    if (subject && !json_object_get(errors, "subject")) {
        if ((st = carbon_db_select_one(db, "users_subject_taken", &taken, CARBON_ARGS(subject, id ? id : "0"))))
            return st;
        if (taken)
            set_error(errors, "subject", "มีผู้ใช้ชื่อนี้ในระบบแล้ว");
        json_decref(taken);
    }
    if (id && cr->user && cr->user->id == (apr_int64_t)apr_atoi64(id) && carbon_json_str(clean, "role")
        && strcmp(carbon_json_str(clean, "role"), carbon_role_name(cr->user->role)))
        set_error(errors, "role", "ไม่สามารถเปลี่ยนบทบาทของบัญชีที่ท่านใช้อยู่ได้");
    return check_role_org(cr->r->pool, db, clean, errors);
}

/* A user's create or change, inside its transaction. */
typedef struct {
    const char *id;      /* NULL: create (set by the work) */
    json_t *clean;
} user_save_baton;

static int user_save_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    user_save_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *clean = b->clean, *before = NULL, *row = NULL;
    const char *role = carbon_json_str(clean, "role");
    carbon_db_status st;
    if (b->id) {
        if ((st = carbon_db_select_one(db, "users_row", &before, CARBON_ARGS(b->id))))
            return carbon_db_http_status(st);
        if (!before)
            return HTTP_NOT_FOUND;
        carbon_json_pool(p, before);
        st = carbon_db_exec(db, "users_update", NULL,
                            CARBON_ARGS(carbon_json_str(clean, "subject"), carbon_json_str(clean, "display_name"),
                                        role, carbon_json_str(clean, "lao_code"),
                                        carbon_json_str(clean, "province_code"), b->id));
        /* Responsibilities belong to province users only. */
        if (!st && strcmp(role, "province"))
            st = carbon_db_exec(db, "users_responsibility_clear", NULL, CARBON_ARGS(b->id));
    } else {
        st = carbon_db_select_one(db, "users_insert", &row,
                                  CARBON_ARGS(carbon_json_str(clean, "subject"),
                                              carbon_json_str(clean, "display_name"), role,
                                              carbon_json_str(clean, "lao_code"),
                                              carbon_json_str(clean, "province_code"),
                                              carbon_now_iso(p, apr_time_now())));
        if (!st && !row)
            st = CARBON_DB_ERROR;
        if (!st)
            b->id = carbon_i64(p, carbon_row_int(carbon_json_pool(p, row), "id"));
    }
    if (st)
        return carbon_db_http_status(st);
    audit->entity = "user";
    audit->entity_id = b->id;
    audit->action = before ? "update" : "create";
    audit->before = before;
    audit->after = clean;
    return OK;
}

int carbon_user_save(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **saved)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    user_save_baton b = { id, carbon_json_pool(p, carbon_validate(user_fields, input, errors)) };
    carbon_db_status st;
    int rv;
    *saved = NULL;
    if (id && !carbon_is_id(id))
        return HTTP_NOT_FOUND;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if ((st = check_user(cr, db, id, b.clean, errors)))
        return carbon_db_http_status(st);
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    if ((rv = carbon_tx_run(cr, db, user_save_work, &b)) != OK)
        return rv;
    return carbon_user_find(cr, b.id, saved);
}

typedef struct {
    const char *id;
    int disabled;
} user_disable_baton;

static int user_disable_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    user_disable_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *before = NULL, *after;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "users_row", &before, CARBON_ARGS(b->id))))
        return carbon_db_http_status(st);
    if (!before)
        return HTTP_NOT_FOUND;
    carbon_json_pool(p, before);
    after = carbon_json_pool(p, json_deep_copy(before));
    json_object_set_new(after, "disabled", json_boolean(b->disabled));
    if ((st = carbon_db_exec(db, "users_set_disabled", NULL, CARBON_ARGS(b->disabled ? "1" : "0", b->id)))
        || (b->disabled && (st = carbon_db_exec(db, "users_end_sessions", NULL, CARBON_ARGS(b->id)))))
        return carbon_db_http_status(st);
    audit->entity = "user";
    audit->entity_id = b->id;
    audit->action = b->disabled ? "disable" : "enable";
    audit->before = before;
    audit->after = after;
    return OK;
}

int carbon_user_set_disabled(carbon_req *cr, const char *id, int disabled, json_t *errors, json_t **saved)
{
    carbon_db *db = carbon_db_get(cr->r);
    user_disable_baton b = { id, disabled };
    int rv;
    *saved = NULL;
    if (!carbon_is_id(id))
        return HTTP_NOT_FOUND;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (disabled && cr->user && cr->user->id == (apr_int64_t)apr_atoi64(id)) {
        set_error(errors, "disabled", "ไม่สามารถระงับบัญชีที่ท่านใช้อยู่ได้");
        return HTTP_UNPROCESSABLE_ENTITY;
    }
    if ((rv = carbon_tx_run(cr, db, user_disable_work, &b)) != OK)
        return rv;
    return carbon_user_find(cr, id, saved);
}

/* ---- responsibilities --------------------------------------------------- */

int carbon_responsibilities_of(carbon_req *cr, apr_int64_t user_id, json_t **rows)
{
    carbon_db *db = carbon_db_get(cr->r);
    carbon_db_status st;
    *rows = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    st = carbon_db_select(db, "users_responsibilities", rows, CARBON_ARGS(carbon_i64(cr->r->pool, user_id)));
    carbon_json_pool(cr->r->pool, *rows);
    return carbon_db_http_status(st);
}

/* 1 when the statement finds a row (st set on failure). */
static int found(carbon_db *db, const char *label, int nargs, const char *const *args, carbon_db_status *st)
{
    json_t *row = NULL;
    *st = carbon_db_select_one(db, label, &row, nargs, args);
    json_decref(row);
    return row != NULL;
}

/* The rules of a new responsibility for user (a users_row); on success
 * *province and *lao say what to insert (lao NULL: the whole province). */
static carbon_db_status check_responsibility(carbon_req *cr, carbon_db *db, json_t *user, json_t *clean,
                                             json_t *errors, const char **province, const char **lao)
{
    const char *uid = carbon_i64(cr->r->pool, carbon_row_int(user, "id"));
    const char *own = carbon_row_str(user, "province_code");
    json_t *row = NULL;
    carbon_db_status st = CARBON_DB_OK;
    *lao = carbon_json_str(clean, "lao_code");
    *province = carbon_json_str(clean, "province_code");
    if (strcmp(carbon_row_str(user, "role"), "province")) {
        set_error(errors, "user", "กำหนดพื้นที่รับผิดชอบได้เฉพาะผู้ใช้บทบาทสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด");
        return st;
    }
    if (*lao && *province) {
        set_error(errors, "lao_code", "เลือกได้อย่างใดอย่างหนึ่ง: ทั้งจังหวัด หรือ อปท. แห่งเดียว");
        return st;
    }
    if (!*lao && !*province) {
        if (!json_object_size(errors))
            set_error(errors, "province_code", "กรุณาเลือกจังหวัด หรือระบุรหัส อปท.");
        return st;
    }
    if (*lao) {
        if ((st = carbon_db_select_one(db, "users_lao", &row, CARBON_ARGS(*lao))))
            return st;
        if (!row) {
            set_error(errors, "lao_code", "ไม่พบ อปท. รหัสนี้");
            return st;
        }
        *province = apr_pstrdup(cr->r->pool, carbon_row_str(row, "province_code"));
        json_decref(row);
        if (own && !strcmp(own, *province))
            set_error(errors, "lao_code", "อปท. นี้อยู่ในจังหวัดของผู้ใช้อยู่แล้ว");
        else if (found(db, "users_responsibility_province", CARBON_ARGS(uid, *province), &st))
            set_error(errors, "lao_code", "จังหวัดของ อปท. นี้อยู่ในความรับผิดชอบทั้งจังหวัดแล้ว");
        else if (!st && found(db, "users_responsibility_lao", CARBON_ARGS(uid, *lao), &st))
            set_error(errors, "lao_code", "อปท. นี้อยู่ในความรับผิดชอบแล้ว");
        return st;
    }
    if ((st = carbon_geo_check(db, *province, NULL, NULL, NULL, errors)) || json_object_size(errors))
        return st;
    if (own && !strcmp(own, *province))
        set_error(errors, "province_code", "จังหวัดนี้เป็นจังหวัดของผู้ใช้อยู่แล้ว");
    else if (found(db, "users_responsibility_province", CARBON_ARGS(uid, *province), &st))
        set_error(errors, "province_code", "จังหวัดนี้อยู่ในความรับผิดชอบแล้ว");
    return st;
}

typedef struct {
    const char *user_id;
    json_t *clean, *errors;
    json_t *created;     /* set by the work */
} responsibility_add_baton;

static int responsibility_add_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    responsibility_add_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *user = NULL, *row = NULL, *after;
    const char *province = NULL, *lao = NULL;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "users_row", &user, CARBON_ARGS(b->user_id))))
        return carbon_db_http_status(st);
    if (!user)
        return HTTP_NOT_FOUND;
    carbon_json_pool(p, user);
    if ((st = check_responsibility(cr, db, user, b->clean, b->errors, &province, &lao)))
        return carbon_db_http_status(st);
    if (json_object_size(b->errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    if (!lao && (st = carbon_db_exec(db, "users_responsibility_drop_laos", NULL,
                                     CARBON_ARGS(b->user_id, province))))
        return carbon_db_http_status(st);
    st = carbon_db_select_one(db, "users_responsibility_insert", &row,
                              CARBON_ARGS(b->user_id, province, lao, carbon_now_iso(p, apr_time_now())));
    if (st || !row)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    carbon_json_pool(p, row);
    after = carbon_json_pool(p, json_pack("{s:I,s:s,s:s,s:s?}", "id", carbon_row_int(row, "id"),
                                          "subject", carbon_row_str(user, "subject"), "province_code", province,
                                          "lao_code", lao));
    json_object_set(after, "user_id", json_object_get(user, "id"));
    audit->entity = "user_responsibility";
    audit->entity_id = carbon_i64(p, carbon_row_int(row, "id"));
    audit->action = "create";
    audit->after = after;
    b->created = after;
    return OK;
}

int carbon_responsibility_add(carbon_req *cr, const char *user_id, json_t *input, json_t *errors,
                              json_t **created)
{
    responsibility_add_baton b = { user_id, NULL, errors, NULL };
    int rv;
    *created = NULL;
    b.clean = carbon_json_pool(cr->r->pool, carbon_validate(responsibility_fields, input, errors));
    if (!carbon_is_id(user_id))
        return HTTP_NOT_FOUND;
    if ((rv = carbon_tx_run(cr, carbon_db_get(cr->r), responsibility_add_work, &b)) != OK)
        return rv;
    *created = b.created;
    return OK;
}

typedef struct {
    const char *user_id, *responsibility_id;
} responsibility_remove_baton;

static int responsibility_remove_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    responsibility_remove_baton *b = baton;
    json_t *before = NULL;
    carbon_db_status st;
    if ((st = carbon_db_select_one(db, "users_responsibility", &before,
                                   CARBON_ARGS(b->responsibility_id, b->user_id))))
        return carbon_db_http_status(st);
    if (!before)
        return HTTP_NOT_FOUND;
    carbon_json_pool(cr->r->pool, before);
    if ((st = carbon_db_exec(db, "users_responsibility_delete", NULL,
                             CARBON_ARGS(b->responsibility_id, b->user_id))))
        return carbon_db_http_status(st);
    audit->entity = "user_responsibility";
    audit->entity_id = b->responsibility_id;
    audit->action = "delete";
    audit->before = before;
    return OK;
}

int carbon_responsibility_remove(carbon_req *cr, const char *user_id, const char *responsibility_id)
{
    responsibility_remove_baton b = { user_id, responsibility_id };
    if (!carbon_is_id(user_id) || !carbon_is_id(responsibility_id))
        return HTTP_NOT_FOUND;
    return carbon_tx_run(cr, carbon_db_get(cr->r), responsibility_remove_work, &b);
}
