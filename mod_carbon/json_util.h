/* json_util.h: tying jansson values to APR pools, and small JSON helpers. */
#ifndef CARBON_JSON_UTIL_H
#define CARBON_JSON_UTIL_H

#include "apr_pools.h"
#include <jansson.h>

/* Releases j (one reference) when pool p is cleared; returns j. */
json_t *carbon_json_pool(apr_pool_t *p, json_t *j);
/* The string at key, or NULL when absent or not a string. */
const char *carbon_json_str(json_t *obj, const char *key);

#endif
