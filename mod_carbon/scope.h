/*
 * scope.h: row scope. Every scoped statement takes (scope_all,
 * province_code, lao_code): DLA gets ('all', NULL, NULL), a provincial
 * office (NULL, its province, NULL), an LAO (NULL, NULL, its code).
 */
#ifndef CARBON_SCOPE_H
#define CARBON_SCOPE_H

#include "carbon.h"

typedef struct {
    const char *all;
    const char *province_code;
    const char *lao_code;
} carbon_scope;

carbon_scope carbon_scope_of(const carbon_user *u);
/* The organisation code recorded for the user (audit, ownership). */
const char *carbon_user_org(const carbon_user *u);

#endif
