/* transitions.c: see transitions.h. */
#include "transitions.h"
#include "trade_lines.h"
#include "budget.h"
#include "tx.h"
#include "listing.h"
#include "json_util.h"
#include "statements.h"
#include "thaifmt.h"
#include "session.h"
#include "apr_strings.h"
#include <string.h>

const carbon_statement carbon_transition_statements[] = {
    /* the guard: only from the step the transition starts from, and only
     * if nobody changed the trade since it was read */
    { "transition_step",
      "UPDATE trades SET step = %s, status = %s, updated_at = %s, version = version + 1"
      " WHERE id = %lld AND step = %s AND version = %lld" },
    { "transition_step_any",
      "UPDATE trades SET step = %s, status = %s, updated_at = %s, version = version + 1"
      " WHERE id = %lld AND step = %s" },
    { "transition_event",
      "INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)"
      " VALUES (%lld, %s, %s, %s, %s, %lld, %s)" },
    { "transition_current", "SELECT step FROM trades WHERE id = %lld" },
    { NULL, NULL }
};

int carbon_trade_step_in(const char *from_steps, const char *step)
{
    size_t n = step ? strlen(step) : 0;
    const char *s = from_steps;
    if (!s || !n)
        return 0;
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        if (len == n && !strncmp(s, step, n))
            return 1;
        if (!bar)
            break;
        s = bar + 1;
    }
    return 0;
}

/* Whether the user is the actor; 0 with *status set otherwise. */
static int actor_ok(carbon_req *cr, const carbon_trade_transition *t, json_t *trade, int *status)
{
    const carbon_user *u = cr->user;
    json_t *lines = json_object_get(trade, "participants"), *line;
    size_t i;
    switch (t->actor) {
    case CARBON_ACTOR_DLA:
        *status = HTTP_FORBIDDEN;
        return u && u->role == CARBON_ROLE_DLA;
    case CARBON_ACTOR_PROVINCE:
        *status = HTTP_FORBIDDEN;
        return u && u->role == CARBON_ROLE_PROVINCE && u->province_code
               && carbon_json_str(trade, "organiser_province_code")
               && !strcmp(u->province_code, carbon_json_str(trade, "organiser_province_code"));
    case CARBON_ACTOR_ANY_PROVINCE:
        *status = HTTP_FORBIDDEN;
        return u && u->role == CARBON_ROLE_PROVINCE && u->province_code;
    default:
        break;
    }
    *status = HTTP_FORBIDDEN;
    if (!u || u->role != CARBON_ROLE_LAO || !u->lao_code)
        return 0;
    *status = HTTP_NOT_FOUND;   /* an LAO that is not the actor of this trade */
    json_array_foreach(lines, i, line) {
        const char *role = carbon_json_str(line, "role"), *lao = carbon_json_str(line, "lao_code");
        if (!lao || strcmp(lao, u->lao_code))
            continue;
        if (t->actor == CARBON_ACTOR_PARTICIPANT
            || (t->actor == CARBON_ACTOR_SELLER && role && !strcmp(role, "seller"))
            || (t->actor == CARBON_ACTOR_REPRESENTATIVE && role && !strcmp(role, "representative")))
            return 1;
        *status = HTTP_FORBIDDEN;   /* an LAO of the trade, but not in that role */
    }
    return 0;
}

typedef struct {
    const carbon_trade_transition *t;
    carbon_trade_change *c;
    json_t *errors;
    const char **conflict_th;
} apply_baton;

static int apply_work(carbon_req *cr, carbon_db *db, void *baton, carbon_audit_entry *audit)
{
    apply_baton *b = baton;
    const carbon_trade_transition *t = b->t;
    carbon_trade_change *c = b->c;
    apr_pool_t *p = cr->r->pool;
    const char *now = carbon_now_iso(p, apr_time_now()), *refused = NULL;
    /* the step it was read in (one of from_step's): the guard */
    const char *from = carbon_json_str(c->trade, "step");
    int affected = 0, rv;
    carbon_db_status st;
    if (t->guards_version)
        st = carbon_db_exec(db, "transition_step", &affected,
                            CARBON_ARGS(t->to_step, t->to_status, now, c->id, from,
                                        carbon_i64(p, carbon_row_int(c->trade, "version"))));
    else
        st = carbon_db_exec(db, "transition_step_any", &affected,
                            CARBON_ARGS(t->to_step, t->to_status, now, c->id, from));
    if (st)
        return carbon_db_http_status(st);
    if (affected != 1) {   /* moved or edited by someone else meanwhile */
        json_t *row = NULL;
        if ((st = carbon_db_select_one(db, "transition_current", &row, CARBON_ARGS(c->id))))
            return carbon_db_http_status(st);
        *b->conflict_th = (row && !carbon_trade_step_in(t->from_step, carbon_json_str(row, "step")))
                          ? t->wrong_step_th : CARBON_TRADE_CHANGED_TH;
        json_decref(row);
        return HTTP_CONFLICT;
    }
    if (t->effect != CARBON_EFFECT_NONE) {
        if ((st = carbon_trade_lines_settle(cr, db, c->id, carbon_row_int(c->trade, "project_id"),
                                            t->effect == CARBON_EFFECT_SELL_ALL ? CARBON_LEDGER_SELL
                                                                                : CARBON_LEDGER_RELEASE,
                                            &refused, &c->settled_tco2e)))
            return carbon_db_http_status(st);
        if (refused)
            return HTTP_INTERNAL_SERVER_ERROR;   /* the ledger does not hold the trade's credits */
        /* a sale's money becomes its LAOs' income (budget.h) */
        if (t->effect == CARBON_EFFECT_SELL_ALL && (st = carbon_budget_income_of_trade(cr, db, c->id)))
            return carbon_db_http_status(st);
    }
    if (t->write && (rv = t->write(cr, db, c, b->errors)) != OK) {
        if (rv == HTTP_CONFLICT)
            *b->conflict_th = c->conflict_th ? c->conflict_th : t->wrong_step_th;
        return rv;
    }
    if (t->event
        && (st = carbon_db_exec(db, "transition_event", NULL,
                                CARBON_ARGS(c->id, t->event, c->event_on, c->event_ref, c->event_note,
                                            carbon_i64(p, cr->user->id), now))))
        return carbon_db_http_status(st);
    audit->entity = "trade";
    audit->entity_id = c->id;
    audit->action = t->audit_action;
    audit->before = c->before;
    audit->after = c->after;
    return OK;
}

int carbon_trade_apply(carbon_req *cr, const carbon_trade_transition *table, const char *name, const char *id,
                       const carbon_trade_input *in, json_t *errors, void *data, json_t **trade,
                       const char **conflict_th)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    const carbon_trade_transition *t;
    carbon_trade_change c;
    apply_baton b;
    int rv, status;
    *trade = NULL;
    *conflict_th = NULL;
    for (t = table; t->name && strcmp(t->name, name); t++)
        ;
    if (!t->name)
        return HTTP_INTERNAL_SERVER_ERROR;
    if (!db)
        return HTTP_SERVICE_UNAVAILABLE;
    memset(&c, 0, sizeof(c));
    if ((rv = carbon_trade_get(cr, db, id, &c.trade)) != OK)
        return rv;
    {   /* a name listed for several steps: the row of the trade's step */
        const carbon_trade_transition *s;
        for (s = t; s->name; s++)
            if (!strcmp(s->name, name) && carbon_trade_step_in(s->from_step, carbon_json_str(c.trade, "step"))) {
                t = s;
                break;
            }
    }
    if (!actor_ok(cr, t, c.trade, &status))
        return status;
    if (!carbon_trade_step_in(t->from_step, carbon_json_str(c.trade, "step"))) {
        *conflict_th = t->wrong_step_th;
        return HTTP_CONFLICT;
    }
    c.id = apr_pstrdup(p, id);
    c.in = in;
    c.data = data;
    c.clean = carbon_json_pool(p, t->fields ? carbon_validate(t->fields, in->fields, errors) : json_object());
    if (t->check && (rv = t->check(cr, db, &c, errors)) != OK) {
        if (rv == HTTP_CONFLICT)
            *conflict_th = c.conflict_th ? c.conflict_th : t->wrong_step_th;
        return rv;
    }
    if (json_object_size(errors))
        return HTTP_UNPROCESSABLE_ENTITY;
    b.t = t;
    b.c = &c;
    b.errors = errors;
    b.conflict_th = conflict_th;
    if ((rv = carbon_tx_run(cr, db, apply_work, &b)) != OK)
        return rv;
    return carbon_trade_get(cr, db, id, trade);
}
