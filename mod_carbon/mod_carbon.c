/*
 * mod_carbon.c: the module record and hook registration, nothing else.
 * The Carbon Credit system of Thailand's Department of Local
 * Administration; see README.md and docs/.
 * (AP_DECLARE_MODULE below gives this file APLOG_USE_MODULE(carbon).)
 */
#include "carbon.h"
#include "config.h"
#include "auth.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "db_setup.h"
#include "http_request.h"
#include "http_protocol.h"


/* check_config runs on every configuration load, start-up, restart and
 * `apache2 -t` alike, so a template error or a label used twice fails the
 * configtest too. */
static int carbon_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    int rv = carbon_config_finish(pconf, s);
    if (rv == OK)
        rv = carbon_db_check_labels(s);
    return rv != OK ? rv : carbon_db_check_schema(ptemp, s);
}

/* post_config runs at start-up and restart, not for `apache2 -t`: only
 * then does mod_carbon connect to the database to prepare its statements. */
static int carbon_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    return carbon_db_check_statements(ptemp, s);
}

static void carbon_optional_fn_retrieve(void)
{
    carbon_db_retrieve_optional_fns();
}

static int carbon_handler(request_rec *r)
{
    carbon_req *cr;
    int rv;
    if (!r->handler || strcmp(r->handler, "carbon"))
        return DECLINED;
    cr = carbon_req_get(r);
    rv = carbon_identify(cr);
    if (rv != OK)
        return carbon_send_body_error(cr, rv);
    return carbon_dispatch(cr);
}

static void carbon_register_hooks(apr_pool_t *p)
{
    ap_hook_check_config(carbon_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(carbon_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_optional_fn_retrieve(carbon_optional_fn_retrieve, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(carbon_handler, NULL, NULL, APR_HOOK_MIDDLE);
    carbon_auth_register_hooks(p);
    carbon_db_setup_register_hooks(p);
}

AP_DECLARE_MODULE(carbon) = {
    STANDARD20_MODULE_STUFF,
    carbon_create_dir_config,
    carbon_merge_dir_config,
    carbon_create_server_config,
    carbon_merge_server_config,
    carbon_directives,
    carbon_register_hooks
};
