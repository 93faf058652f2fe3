/* scope.c: see scope.h. */
#include "scope.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

carbon_scope carbon_scope_of(apr_pool_t *p, const carbon_user *u)
{
    carbon_scope s = { NULL, NULL, NULL, NULL };
    if (!u)
        return s;
    switch (u->role) {
    case CARBON_ROLE_DLA:
        s.all = "all";
        break;
    case CARBON_ROLE_PROVINCE:
        s.province_code = u->province_code;
        s.province_user = apr_psprintf(p, "%" APR_INT64_T_FMT, u->id);
        break;
    case CARBON_ROLE_LAO:
        s.lao_code = u->lao_code;
        break;
    default:
        break;
    }
    return s;
}

const char *carbon_user_org(const carbon_user *u)
{
    switch (u->role) {
    case CARBON_ROLE_LAO: return u->lao_code;
    case CARBON_ROLE_PROVINCE: return u->province_code;
    case CARBON_ROLE_DLA: return "DLA";
    default: return "";
    }
}
