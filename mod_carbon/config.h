/* config.h: mod_carbon's httpd.conf directives, their defaults and checks. */
#ifndef CARBON_CONFIG_H
#define CARBON_CONFIG_H

#include "carbon.h"

#define CARBON_DEFAULT_AUDIENCE      "DLA_CC"
#define CARBON_DEFAULT_SESSION_TTL   28800      /* 8 hours, a working day */
#define CARBON_DEFAULT_UPLOAD_MAX    524288     /* 512 KB: the manual's limit */
#define CARBON_DEFAULT_CLOCK_SKEW    60
#define CARBON_DEFAULT_SESSION_IDLE  1800       /* 30 minutes without a request */
#define CARBON_DEFAULT_QUOTA_USER    200        /* stored uploads per user in 24 hours */
#define CARBON_DEFAULT_QUOTA_LAO     500        /* stored uploads per LAO in 24 hours */
#define CARBON_DEFAULT_PENDING_HOURS 72         /* pending uploads never linked: 3 days */

extern const command_rec carbon_directives[];

void *carbon_create_server_config(apr_pool_t *p, server_rec *s);
void *carbon_merge_server_config(apr_pool_t *p, void *base, void *add);
void *carbon_create_dir_config(apr_pool_t *p, char *dir);
void *carbon_merge_dir_config(apr_pool_t *p, void *base, void *add);

/* Loads keys and templates once the whole configuration is read; an error
 * names the directive at fault and stops start-up. */
int carbon_config_finish(apr_pool_t *pconf, server_rec *s);

/* Effective flag values (unset means the default). */
int carbon_cfg_dev_login(const carbon_srv_cfg *c);
int carbon_cfg_trust_remote_user(const carbon_srv_cfg *c);
int carbon_cfg_cookie_secure(const carbon_srv_cfg *c);

#endif
