/* projects.c: see projects.h. */
#include "projects.h"
#include "statements.h"
#include "validate.h"
#include "audit.h"
#include "tx.h"
#include "listing.h"
#include "session.h"
#include "json_util.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define RULE_COLUMNS \
    "r.code AS sharing_rule_code, r.name_th AS sharing_rule_name, r.legal_ref," \
    " r.lao_min_bp, r.lao_max_bp, r.developer_share_bp AS rule_developer_share_bp, r.state_min_bp," \
    " r.lao_party_th, r.developer_party_th, r.state_party_th," \
    " CASE WHEN r.lao_min_bp < r.lao_max_bp THEN 1 ELSE 0 END AS is_adjustable"

#define PROJECT_SELECT \
    "SELECT p.id, p.name_th, p.registrant_name, p.tver_registrant_no, p.is_default," \
    "       p.lao_share_bp, p.developer_share_bp, p.state_share_bp, p.created_at, p.updated_at," \
    "       (SELECT COUNT(*) FROM certifications c WHERE c.project_id = p.id) AS certification_count, " \
    RULE_COLUMNS \
    "  FROM projects p JOIN sharing_rules r ON r.code = p.sharing_rule_code"

const carbon_statement carbon_project_statements[] = {
    { "project_rules_list",
      "SELECT " RULE_COLUMNS ", r.lao_share_bp, r.developer_share_bp"
      "  FROM sharing_rules r ORDER BY r.sort, r.code" },
    { "project_rule_get",
      "SELECT " RULE_COLUMNS ", r.lao_share_bp, r.developer_share_bp"
      "  FROM sharing_rules r WHERE r.code = %s" },
    { "project_list", PROJECT_SELECT " ORDER BY p.is_default DESC, p.name_th, p.id" },
    { "project_get", PROJECT_SELECT " WHERE p.id = %lld" },
    { "project_same_name", "SELECT id FROM projects WHERE name_th = %s AND id <> %lld" },
    { "project_other_default",
      "SELECT id, name_th, is_default FROM projects WHERE is_default = 1 AND id <> %lld" },
    { "project_unset_default", "UPDATE projects SET is_default = 0, updated_at = %s WHERE id = %lld" },
    { "project_insert",
      "INSERT INTO projects (name_th, registrant_name, tver_registrant_no, sharing_rule_code,"
      "                      lao_share_bp, developer_share_bp, state_share_bp, is_default,"
      "                      created_at, updated_at)"
      " VALUES (%s, %s, %s, %s, %lld, %lld, %lld, %lld, %s, %s) RETURNING id" },
    { "project_update",
      "UPDATE projects SET name_th = %s, registrant_name = %s, tver_registrant_no = %s,"
      "       sharing_rule_code = %s, lao_share_bp = %lld, developer_share_bp = %lld,"
      "       state_share_bp = %lld, is_default = %lld, updated_at = %s"
      " WHERE id = %lld" },
    { NULL, NULL }
};

static const carbon_vfield project_fields[] = {
    { "name_th", CARBON_V_TEXT, 1, 1, 200, "ชื่อโครงการ" },
    { "registrant_name", CARBON_V_TEXT, 1, 1, 200, "ชื่อผู้ขึ้นทะเบียนโครงการ" },
    { "tver_registrant_no", CARBON_V_TEXT, 1, 1, 64, "เลขผู้ขึ้นทะเบียนโครงการ (T-VER)" },
    { "sharing_rule_code", CARBON_V_TEXT, 1, 1, 64, "หลักเกณฑ์การแบ่งปันคาร์บอนเครดิต" },
    { "lao_share_bp", CARBON_V_INT, 0, 0, CARBON_SHARING_WHOLE_BP, "ส่วนแบ่งของ อปท. (หน่วยร้อยละ x 100)" },
    { "developer_share_bp", CARBON_V_INT, 0, 0, CARBON_SHARING_WHOLE_BP, "ส่วนแบ่งของผู้พัฒนาโครงการรายอื่น (หน่วยร้อยละ x 100)" },
    { "state_share_bp", CARBON_V_INT, 0, 0, CARBON_SHARING_WHOLE_BP, "ส่วนแบ่งของหน่วยงานของรัฐ (หน่วยร้อยละ x 100)" },
    { NULL }
};

void carbon_sharing_add_percents(apr_pool_t *p, json_t *row)
{
    static const char *const keys[] = { "lao_share_bp", "developer_share_bp", "state_share_bp",
                                        "lao_min_bp", "lao_max_bp", "state_min_bp",
                                        "rule_developer_share_bp", NULL };
    int i;
    for (i = 0; keys[i]; i++) {
        json_t *v = json_object_get(row, keys[i]);
        size_t n = strlen(keys[i]);
        if (!json_is_integer(v))
            continue;
        json_object_set_new(row, apr_pstrcat(p, apr_pstrmemdup(p, keys[i], n - 3), "_pct", NULL),
                            json_string(carbon_sharing_percent(p, json_integer_value(v))));
    }
}

static void add_percents_to_all(apr_pool_t *p, json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        carbon_sharing_add_percents(p, row);
}

carbon_db_status carbon_sharing_rules_list(apr_pool_t *p, carbon_db *db, json_t **rows)
{
    carbon_db_status st = carbon_db_select(db, "project_rules_list", rows, CARBON_NOARGS);
    if (!st)
        add_percents_to_all(p, carbon_json_pool(p, *rows));
    return st;
}

carbon_db_status carbon_sharing_rule_get(apr_pool_t *p, carbon_db *db, const char *code, json_t **row)
{
    carbon_db_status st = carbon_db_select_one(db, "project_rule_get", row, CARBON_ARGS(code));
    if (!st && *row)
        carbon_sharing_add_percents(p, carbon_json_pool(p, *row));
    return st;
}

carbon_sharing_bounds carbon_sharing_bounds_of(json_t *rule)
{
    carbon_sharing_bounds b;
    json_t *dev = json_object_get(rule, "rule_developer_share_bp");
    b.lao_min_bp = (int)carbon_row_int(rule, "lao_min_bp");
    b.lao_max_bp = (int)carbon_row_int(rule, "lao_max_bp");
    b.developer_share_bp = (int)(dev ? json_integer_value(dev) : carbon_row_int(rule, "developer_share_bp"));
    b.state_min_bp = (int)carbon_row_int(rule, "state_min_bp");
    return b;
}

carbon_db_status carbon_projects_list(apr_pool_t *p, carbon_db *db, json_t **rows)
{
    carbon_db_status st = carbon_db_select(db, "project_list", rows, CARBON_NOARGS);
    if (!st)
        add_percents_to_all(p, carbon_json_pool(p, *rows));
    return st;
}

carbon_db_status carbon_project_get(apr_pool_t *p, carbon_db *db, const char *id, json_t **row)
{
    carbon_db_status st;
    *row = NULL;
    if (!carbon_is_id(id))
        return CARBON_DB_OK;
    st = carbon_db_select_one(db, "project_get", row, CARBON_ARGS(id));
    if (!st && *row)
        carbon_sharing_add_percents(p, carbon_json_pool(p, *row));
    return st;
}

/* true/false, 1/0, "1"/"0"/"true"/"false"/"on"/"": 1 or 0; -1 otherwise. */
static int flag_value(json_t *v)
{
    const char *s;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        return (int)json_integer_value(v);
    if (!json_is_string(v))
        return -1;
    s = json_string_value(v);
    if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on"))
        return 1;
    if (!strcmp(s, "0") || !strcmp(s, "false") || !*s)
        return 0;
    return -1;
}

/* The input over the stored project: absent fields keep their values, and
 * the stored shares only while neither the rule nor any share changes. */
static json_t *merged_input(json_t *existing, json_t *input)
{
    static const char *const kept[] = { "name_th", "registrant_name", "tver_registrant_no",
                                        "sharing_rule_code", "is_default", NULL };
    static const char *const shares[] = { "lao_share_bp", "developer_share_bp", "state_share_bp", NULL };
    json_t *m = json_object();
    const char *new_rule = carbon_json_str(input, "sharing_rule_code");
    int i, same_rule;
    if (existing) {
        for (i = 0; kept[i]; i++)
            json_object_set(m, kept[i], json_object_get(existing, kept[i]));
        same_rule = !new_rule || !strcmp(new_rule, carbon_row_str(existing, "sharing_rule_code"));
        for (i = 0; shares[i]; i++)       /* new shares given: the rest follows from them */
            if (json_object_get(input, shares[i]))
                same_rule = 0;
        for (i = 0; same_rule && shares[i]; i++)
            json_object_set(m, shares[i], json_object_get(existing, shares[i]));
    }
    json_object_update(m, input);
    return m;
}

/* Unsets the other default project, if any, inside the transaction. */
static carbon_db_status unset_other_default(carbon_req *cr, carbon_db *db, const char *id, const char *now)
{
    apr_pool_t *p = cr->r->pool;
    json_t *prev = NULL, *before, *after;
    carbon_db_status st = carbon_db_select_one(db, "project_other_default", &prev, CARBON_ARGS(id));
    const char *prev_id;
    if (st || !prev)
        return st;
    carbon_json_pool(p, prev);
    prev_id = carbon_i64(p, carbon_row_int(prev, "id"));
    if ((st = carbon_db_exec(db, "project_unset_default", NULL, CARBON_ARGS(now, prev_id))))
        return st;
    before = carbon_json_pool(p, json_pack("{s:O,s:b}", "name_th", json_object_get(prev, "name_th"),
                                           "is_default", 1));
    after = carbon_json_pool(p, json_pack("{s:O,s:b}", "name_th", json_object_get(prev, "name_th"),
                                          "is_default", 0));
    return carbon_audit_record(cr, db, "project", prev_id, "update", before, after);
}

/* What the audit trail keeps of a project. */
static json_t *audit_view(apr_pool_t *p, json_t *row)
{
    static const char *const keys[] = { "name_th", "registrant_name", "tver_registrant_no",
                                        "sharing_rule_code", "lao_share_bp", "developer_share_bp",
                                        "state_share_bp", "is_default", NULL };
    json_t *v = carbon_json_pool(p, json_object());
    int i;
    for (i = 0; row && keys[i]; i++)
        if (json_object_get(row, keys[i]))
            json_object_set(v, keys[i], json_object_get(row, keys[i]));
    return v;
}

/* A project's create or change, checked, inside its transaction. */
typedef struct {
    const char *id;          /* NULL: create (set by the work) */
    json_t *existing, *clean;
    const char *rule_code;
    long long lao_bp, dev_bp, state_bp;
    int is_default;
} project_save_baton;

static int project_save_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    project_save_baton *b = baton;
    apr_pool_t *p = cr->r->pool;
    json_t *clean = b->clean, *row = NULL;
    const char *now = carbon_now_iso(p, apr_time_now());
    carbon_db_status st;
    int affected = 0;
    if (b->is_default && (st = unset_other_default(cr, db, b->id ? b->id : "0", now)))
        return carbon_db_http_status(st);
    if (!b->id) {
        st = carbon_db_select_one(db, "project_insert", &row,
                                  CARBON_ARGS(carbon_json_str(clean, "name_th"),
                                              carbon_json_str(clean, "registrant_name"),
                                              carbon_json_str(clean, "tver_registrant_no"), b->rule_code,
                                              carbon_i64(p, b->lao_bp), carbon_i64(p, b->dev_bp),
                                              carbon_i64(p, b->state_bp), b->is_default ? "1" : "0", now, now));
        if (st || !row)
            return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
        b->id = carbon_i64(p, carbon_row_int(carbon_json_pool(p, row), "id"));
    } else {
        st = carbon_db_exec(db, "project_update", &affected,
                            CARBON_ARGS(carbon_json_str(clean, "name_th"),
                                        carbon_json_str(clean, "registrant_name"),
                                        carbon_json_str(clean, "tver_registrant_no"), b->rule_code,
                                        carbon_i64(p, b->lao_bp), carbon_i64(p, b->dev_bp),
                                        carbon_i64(p, b->state_bp), b->is_default ? "1" : "0", now, b->id));
        if (st || affected != 1)
            return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    }
    audit->entity = "project";
    audit->entity_id = b->id;
    audit->action = b->existing ? "update" : "create";
    audit->before = b->existing ? audit_view(p, b->existing) : NULL;
    audit->after = audit_view(p, clean);
    return OK;
}

int carbon_project_save(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **saved)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    json_t *existing = NULL, *merged, *clean, *rule = NULL, *same = NULL;
    const char *rule_code, *msg, *self_id;
    carbon_db_status st;
    carbon_share_problem problem;
    carbon_sharing_bounds bounds;
    long long lao_bp, dev_bp, state_bp;
    int is_default, rv;
    project_save_baton b;
    *saved = NULL;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    if (id) {
        if ((st = carbon_project_get(p, db, id, &existing)))
            return carbon_db_http_status(st);
        if (!existing)
            return HTTP_NOT_FOUND;
    }
    merged = carbon_json_pool(p, merged_input(existing, input));
    clean = carbon_json_pool(p, carbon_validate(project_fields, merged, errors));
    is_default = json_object_get(merged, "is_default") ? flag_value(json_object_get(merged, "is_default")) : 0;
    if (is_default < 0)
        json_object_set_new(errors, "is_default", json_string("ค่าโครงการตั้งต้นไม่ถูกต้อง"));
    if (existing && json_is_true(json_object_get(existing, "is_default")) && is_default == 0)
        json_object_set_new(errors, "is_default",
                            json_string("ต้องมีโครงการตั้งต้น 1 โครงการเสมอ หากต้องการเปลี่ยน "
                                        "ให้กำหนดโครงการอื่นเป็นโครงการตั้งต้นแทน"));
    if ((rule_code = carbon_json_str(clean, "sharing_rule_code"))) {
        if ((st = carbon_sharing_rule_get(p, db, rule_code, &rule)))
            return carbon_db_http_status(st);
        if (!rule)
            json_object_set_new(errors, "sharing_rule_code", json_string("ไม่พบหลักเกณฑ์การแบ่งปันที่เลือก"));
    }
    self_id = id ? id : "0";
    if (carbon_json_str(clean, "name_th")) {
        if ((st = carbon_db_select_one(db, "project_same_name", &same,
                                       CARBON_ARGS(carbon_json_str(clean, "name_th"), self_id))))
            return carbon_db_http_status(st);
        if (same) {
            json_decref(same);
            json_object_set_new(errors, "name_th", json_string("มีโครงการชื่อนี้อยู่แล้ว"));
        }
    }
    if (!rule)
        return HTTP_UNPROCESSABLE_ENTITY;

    /* absent shares: the rule's own, and the rest to the state agency */
    lao_bp = json_object_get(clean, "lao_share_bp") ? json_integer_value(json_object_get(clean, "lao_share_bp"))
                                                     : carbon_row_int(rule, "lao_share_bp");
    dev_bp = json_object_get(clean, "developer_share_bp")
             ? json_integer_value(json_object_get(clean, "developer_share_bp"))
             : carbon_row_int(rule, "rule_developer_share_bp");
    state_bp = json_object_get(clean, "state_share_bp")
               ? json_integer_value(json_object_get(clean, "state_share_bp"))
               : CARBON_SHARING_WHOLE_BP - lao_bp - dev_bp;
    bounds = carbon_sharing_bounds_of(rule);
    problem = carbon_sharing_check(p, &bounds, (int)lao_bp, (int)dev_bp, (int)state_bp, &msg);
    if (problem != CARBON_SHARE_OK && !json_object_get(errors, carbon_sharing_problem_field(problem)))
        json_object_set_new(errors, carbon_sharing_problem_field(problem), json_string(msg));
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    json_object_set_new(clean, "lao_share_bp", json_integer(lao_bp));
    json_object_set_new(clean, "developer_share_bp", json_integer(dev_bp));
    json_object_set_new(clean, "state_share_bp", json_integer(state_bp));
    json_object_set_new(clean, "is_default", json_boolean(is_default));

    b = (project_save_baton){ id, existing, clean, rule_code, lao_bp, dev_bp, state_bp, is_default };
    if ((rv = carbon_tx_run(cr, db, project_save_work, &b)) != OK)
        return rv;
    id = b.id;
    if ((st = carbon_project_get(p, db, id, saved)) || !*saved)
        return carbon_db_http_status(st ? st : CARBON_DB_ERROR);
    return OK;
}
