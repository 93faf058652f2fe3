/*
 * audit.c: see audit.h. The single audit_head row is updated first, so
 * concurrent writers queue on its lock (PostgreSQL) or on the write lock
 * (SQLite, BEGIN IMMEDIATE) and the chain has no forks.
 */
#include "audit.h"
#include "audit_hash.h"
#include "scope.h"
#include "session.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

static const char *dump(apr_pool_t *p, json_t *j)
{
    char *text, *copy;
    if (!j)
        return NULL;
    text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return NULL;
    copy = apr_pstrdup(p, text);
    free(text);
    return copy;
}

carbon_db_status carbon_audit_record(carbon_req *cr, carbon_db *db, const char *entity,
                                     const char *entity_id, const char *action,
                                     json_t *before, json_t *after)
{
    apr_pool_t *p = cr->r->pool;
    carbon_audit_fields f;
    json_t *head;
    const char *hash, *seq;
    int affected = 0;
    carbon_db_status st = carbon_db_exec(db, "audit_head_bump", &affected, CARBON_NOARGS);
    if (st)
        return st;
    st = carbon_db_select_one(db, "audit_head_get", &head, CARBON_NOARGS);
    if (st)
        return st;
    if (!head)
        return CARBON_DB_ERROR;
    f.seq = carbon_row_int(head, "seq");
    f.prev_hash = apr_pstrdup(p, carbon_row_str(head, "last_hash"));
    json_decref(head);
    f.at = carbon_now_iso(p, apr_time_now());
    f.user_subject = cr->user ? cr->user->subject : "-";
    f.user_role = cr->user ? carbon_role_name(cr->user->role) : "-";
    f.org_code = cr->user ? carbon_user_org(cr->user) : "-";
    f.entity = entity;
    f.entity_id = entity_id;
    f.action = action;
    f.before_json = dump(p, before);
    f.after_json = dump(p, after);
    hash = carbon_audit_hash(p, &f);
    if (!hash || !f.prev_hash)
        return CARBON_DB_ERROR;
    seq = apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)f.seq);
    st = carbon_db_exec(db, "audit_insert", NULL,
                        CARBON_ARGS(seq, f.at, f.user_subject, f.user_role, f.org_code, entity,
                                    entity_id, action, f.before_json, f.after_json, f.prev_hash, hash));
    if (st)
        return st;
    return carbon_db_exec(db, "audit_head_set", NULL, CARBON_ARGS(hash, seq));
}
