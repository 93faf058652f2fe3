/*
 * transitions.h: the steps of a trade and the one function that moves a
 * trade from one step to the next. Each kind of trade is a small table of
 * transitions (trades.c has the self-operated sale's): its name, the step
 * it starts from and the step it leads to, who acts (DLA, or the LAO of a
 * line with a given role), the fields it takes (a validation table), the
 * documents of which step, its ledger effect, the trade_events row it
 * leaves and its audit action.
 *
 * carbon_trade_apply() runs a transition: the trade as the user may see it
 * (absent or out of scope: 404), the actor (403 for a wrong role, and for
 * an LAO of the trade whose line has another role), the step (409 with the
 * transition's Thai message), the fields and the transition's own check
 * (422 with errors), then one transaction: a conditional UPDATE of the
 * trade's step (and version, for transitions that guard it; 0 rows:
 * someone else moved it first, 409), the ledger effect on every line, the
 * transition's own writes, the event row, the audit row, commit. On any refusal nothing has changed.
 */
#ifndef CARBON_TRANSITIONS_H
#define CARBON_TRANSITIONS_H

#include "carbon.h"
#include "db.h"
#include "trades.h"
#include "validate.h"

typedef enum {
    CARBON_ACTOR_DLA,
    CARBON_ACTOR_PROVINCE,       /* the provincial office of the trade */
    CARBON_ACTOR_ANY_PROVINCE,   /* any provincial office (a sale delegated to DLA: each adds its LAOs) */
    CARBON_ACTOR_SELLER,         /* the LAO of the seller line */
    CARBON_ACTOR_REPRESENTATIVE, /* the LAO of the representative line */
    CARBON_ACTOR_PARTICIPANT     /* the LAO of any line */
} carbon_trade_actor;

typedef enum {
    CARBON_EFFECT_NONE,          /* the transition's write moves what it moves */
    CARBON_EFFECT_SELL_ALL,      /* every reserved line: awaiting -> sold */
    CARBON_EFFECT_RELEASE_ALL    /* every reserved line: awaiting -> remaining */
} carbon_trade_effect;

/* What a transition works on, from its check to its write. */
typedef struct {
    json_t *trade;          /* the trade before, as carbon_trade_get gives it */
    const char *id;         /* its id (decimal text) */
    const carbon_trade_input *in;
    json_t *clean;          /* the transition's fields, validated */
    json_t *before, *after; /* the audit row's values (the check and the write fill them) */
    /* the event row, if the transition leaves one */
    const char *event_on, *event_ref, *event_note;
    long long settled_tco2e;  /* what the ledger effect moved (before the write runs) */
    const char *conflict_th;  /* a check's or write's own 409 message (default: wrong_step_th) */
    void *data;             /* the caller's (carbon_trade_apply's data), then the transition's own */
} carbon_trade_change;

typedef struct carbon_trade_transition_s {
    const char *name;            /* update | confirm | delete | ... */
    const char *from_step;       /* one step, or several as "a|b|c" (e.g. a deletion) */
    const char *to_step;
    const char *to_status;       /* in_progress | completed | deleted */
    carbon_trade_actor actor;
    /* 1: applies only to the version that was read (an edit prepared from a
     * stale copy loses); 0: to the trade as it is in from_step (DLA's
     * confirmation sells the lines as they are when it commits) */
    int guards_version;
    const carbon_vfield *fields; /* validated into change->clean; may be NULL */
    carbon_trade_effect effect;
    const char *event;           /* trade_events action, or NULL */
    const char *audit_action;
    const char *wrong_step_th;   /* the 409's message */
    /* More checks after the fields (errors: field -> Thai message); OK or an HTTP status. */
    int (*check)(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors);
    /* More writes inside the transaction; OK, or an HTTP status to roll back. */
    int (*write)(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors);
} carbon_trade_transition;

/* Applies transition name of table (ended by a NULL name) to trade id; a
 * name listed more than once applies from each of its rows' from_step.
 * data is handed to the transition's check as change->data. Returns OK with *trade (as the user now sees it), or 404 / 403 / 409
 * (*conflict_th says why) / 422 (errors) / 503 / 500, nothing changed. */
/* The self-operated sale's table (trades.c). */
extern const carbon_trade_transition carbon_trade_self_steps[];

/* DLA's confirmation and deletion, the same for every kind (trades.c):
 * the fields, checks and writes of the self-operated sale's "confirm" and
 * "delete" rows, for the other kinds' tables. */
extern const carbon_vfield carbon_trade_confirm_fields[];
extern const carbon_vfield carbon_trade_delete_fields[];
int carbon_trade_confirm_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors);
int carbon_trade_confirm_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors);
int carbon_trade_delete_check(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors);
int carbon_trade_delete_write(carbon_req *cr, carbon_db *db, carbon_trade_change *c, json_t *errors);

/* Whether step is one of from_steps ("a" or "a|b|c"). */
int carbon_trade_step_in(const char *from_steps, const char *step);

int carbon_trade_apply(carbon_req *cr, const carbon_trade_transition *table, const char *name, const char *id,
                       const carbon_trade_input *in, json_t *errors, void *data, json_t **trade,
                       const char **conflict_th);

#endif
