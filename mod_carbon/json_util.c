/* json_util.c: see json_util.h. */
#include "json_util.h"

static apr_status_t release_json(void *data)
{
    json_decref((json_t *)data);
    return APR_SUCCESS;
}

json_t *carbon_json_pool(apr_pool_t *p, json_t *j)
{
    if (j)
        apr_pool_cleanup_register(p, j, release_json, apr_pool_cleanup_null);
    return j;
}

const char *carbon_json_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}
