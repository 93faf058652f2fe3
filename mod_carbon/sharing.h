/*
 * sharing.h: splitting certified credits between the parties of a project,
 * as the regulations on benefit sharing set them (docs/DESIGN.md, "Sharing").
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * Shares are basis points (1 % = 100 bp) and the three parties' shares add
 * up to 10000:
 *   LAO        the LAO (the community developer / the applicant),
 *   developer  an additional project developer (RFD 2567, ข้อ 12 (3)), often 0,
 *   state      the state agency (DMCR, RFD; DLA under its own programme).
 * Credits are whole tCO2eq: the LAO's and the developer's shares are each
 * rounded down and the remainder goes to the state agency, so the state's
 * share is never below its percentage and the parts always add up to the total.
 */
#ifndef CARBON_SHARING_H
#define CARBON_SHARING_H

#include <apr_pools.h>

#define CARBON_SHARING_WHOLE_BP 10000

/* A sharing rule's bounds (table sharing_rules): the LAO's share may be set
 * between lao_min_bp and lao_max_bp (equal when the rule fixes it), the
 * developer's share is fixed, and the state agency has at least state_min_bp
 * (= 10000 - lao_max_bp - developer_share_bp). */
typedef struct {
    int lao_min_bp;
    int lao_max_bp;
    int developer_share_bp;
    int state_min_bp;
} carbon_sharing_bounds;

/* Splits total whole credits: lao = floor(total * lao_bp / 10000),
 * developer = floor(total * developer_bp / 10000), state = the rest.
 * Returns 0, or -1 (outputs untouched) when total < 0, a share is negative
 * or lao_bp + developer_bp > 10000. No overflow for any total >= 0. */
int carbon_sharing_split(long long total, int lao_bp, int developer_bp,
                         long long *lao, long long *developer, long long *state);

/* Which field a refused set of shares is blamed on. */
typedef enum {
    CARBON_SHARE_OK = 0,
    CARBON_SHARE_NOT_WHOLE,      /* the three shares do not add up to 10000 */
    CARBON_SHARE_LAO_BOUNDS,     /* the LAO's share outside the rule's bounds */
    CARBON_SHARE_DEVELOPER,      /* the developer's share differs from the rule's */
    CARBON_SHARE_STATE_MIN       /* the state's share below the rule's minimum */
} carbon_share_problem;

/* Checks the shares of a project against its rule; on a problem returns it
 * and sets *message_th (from p) to a Thai sentence naming the allowed
 * percentages. Shares outside 0..10000 are reported as NOT_WHOLE. */
carbon_share_problem carbon_sharing_check(apr_pool_t *p, const carbon_sharing_bounds *rule,
                                          int lao_bp, int developer_bp, int state_bp,
                                          const char **message_th);

/* The form field a problem belongs to: "lao_share_bp", "developer_share_bp"
 * or "state_share_bp" (NULL for CARBON_SHARE_OK). */
const char *carbon_sharing_problem_field(carbon_share_problem problem);

/* Basis points as a percentage for people: 9000 -> "90", 8750 -> "87.5",
 * 1 -> "0.01", -250 -> "-2.5". */
char *carbon_sharing_percent(apr_pool_t *p, long long bp);

/* A percentage typed by a person -> basis points: "90" -> 9000, "87.5" ->
 * 8750, " 12.25 " -> 1225, "100" -> 10000. At most two decimals, no sign,
 * 0..100. Returns 0, or -1 (output untouched) when not accepted. */
int carbon_sharing_parse_percent(const char *text, int *bp);

#endif
