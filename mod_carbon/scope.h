/*
 * scope.h: row scope. Every scoped statement ends its WHERE clause with
 * CARBON_SCOPE_SQL(alias) over an LAO row and takes CARBON_SCOPE_ARGS(sc):
 * DLA sees every LAO; an LAO user its own; a provincial office the LAOs of
 * its province plus the provinces and LAOs it was made responsible for
 * (user_responsibilities). A NULL argument grants nothing, since
 * comparisons with NULL are never true.
 */
#ifndef CARBON_SCOPE_H
#define CARBON_SCOPE_H

#include "carbon.h"

typedef struct {
    const char *all;            /* "all" for DLA, else NULL */
    const char *lao_code;       /* an LAO user's LAO, else NULL */
    const char *province_code;  /* a provincial office's province, else NULL */
    const char *province_user;  /* a provincial office user's id, else NULL */
} carbon_scope;

#define CARBON_SCOPE_SQL(alias) \
    "(%s = 'all' OR " alias ".code = %s OR " alias ".province_code = %s" \
    " OR EXISTS (SELECT 1 FROM user_responsibilities ur WHERE ur.user_id = %lld" \
    "            AND ur.province_code = " alias ".province_code" \
    "            AND (ur.lao_code IS NULL OR ur.lao_code = " alias ".code)))"
#define CARBON_SCOPE_ARGS(sc) (sc).all, (sc).lao_code, (sc).province_code, (sc).province_user

carbon_scope carbon_scope_of(apr_pool_t *p, const carbon_user *u);
/* The organisation code recorded for the user (audit, ownership). */
const char *carbon_user_org(const carbon_user *u);

#endif
