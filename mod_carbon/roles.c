/* roles.c: role names as they appear in the database, the API and httpd.conf. */
#include "carbon.h"

APLOG_USE_MODULE(carbon);

const char *carbon_role_name(carbon_role role)
{
    switch (role) {
    case CARBON_ROLE_LAO: return "lao";
    case CARBON_ROLE_PROVINCE: return "province";
    case CARBON_ROLE_DLA: return "dla";
    default: return "none";
    }
}

carbon_role carbon_role_parse(const char *name)
{
    if (!name)
        return CARBON_ROLE_NONE;
    if (!strcmp(name, "lao"))
        return CARBON_ROLE_LAO;
    if (!strcmp(name, "province"))
        return CARBON_ROLE_PROVINCE;
    if (!strcmp(name, "dla"))
        return CARBON_ROLE_DLA;
    return CARBON_ROLE_NONE;
}
