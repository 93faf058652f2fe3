/*
 * carbon.h: types shared by the Apache side of mod_carbon (config, the
 * signed-in user, the per-request context) and the log-number macro.
 */
#ifndef CARBON_H
#define CARBON_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "apr_tables.h"
#include <jansson.h>
#include <openssl/evp.h>

#include "template.h"

#define CARBONLOGNO(n) "CARBON" #n ": "

extern module AP_MODULE_DECLARE_DATA carbon_module;

/* Server-wide settings (one <VirtualHost> or the main server). The fields
 * are declared through this one list, which also drives the merge of a
 * <VirtualHost> with the main server (config.c), so no field can be left
 * out of it. The third column says how a <VirtualHost> inherits a field:
 *   PTR   the vhost's value when set (not NULL), else the main server's
 *   INT   -1 is unset: the vhost's value when set, else the main server's
 *   SIZE  0 is unset: likewise
 *   LEN   the length of the field just before it, inherited with that field
 * Defaults are filled in after the merge (carbon_config_finish), so a
 * vhost never mistakes the main server's default for a setting. */
#define CARBON_SRV_CFG_FIELDS(F) \
    F(const char *,          template_dir,         PTR)                                  \
    F(carbon_tpl_set *,      templates,            PTR)   /* compiled in check_config */ \
    F(const char *,          lsso_login_url,       PTR)                                  \
    F(const unsigned char *, lsso_secret,          PTR)   /* HS256 shared secret, or NULL */ \
    F(apr_size_t,            lsso_secret_len,      LEN)                                  \
    F(const char *,          lsso_public_key_path, PTR)   /* RS256 PEM, or NULL */       \
    F(EVP_PKEY *,            lsso_public_key,      PTR)   /* loaded with the directive */ \
    F(const char *,          lsso_audience,        PTR)                                  \
    F(int,                   lsso_clock_skew,      INT)   /* seconds */                  \
    F(int,                   session_ttl,          INT)   /* seconds */                  \
    F(int,                   trust_remote_user,    INT)   /* -1 unset, 0 off, 1 on */    \
    F(int,                   dev_login,            INT)   /* -1 unset, 0 off, 1 on */    \
    F(int,                   cookie_secure,        INT)   /* -1 unset, 0 off, 1 on */    \
    F(apr_size_t,            upload_max_bytes,     SIZE)                                 \
    F(const char *,          public_url,           PTR)   /* scheme://host[:port], no slash */ \
    F(const char *,          lsso_issuer,          PTR)   /* required "iss", or NULL */  \
    F(int,                   session_idle,         INT)   /* seconds without a request */ \
    F(int,                   upload_quota_user,    INT)   /* files a user stores a day */ \
    F(int,                   upload_quota_lao,     INT)   /* files an LAO's users store a day */ \
    F(int,                   upload_pending_hours, INT)   /* pending uploads kept, hours */

typedef struct {
#define CARBON_SRV_CFG_DECLARE(type, name, kind) type name;
    CARBON_SRV_CFG_FIELDS(CARBON_SRV_CFG_DECLARE)
#undef CARBON_SRV_CFG_DECLARE
} carbon_srv_cfg;

/* Per-<Location> settings: the base URL the module is mounted on. */
typedef struct {
    const char *base;                   /* e.g. "/carbon", no trailing slash */
} carbon_dir_cfg;

typedef enum { CARBON_ROLE_NONE = 0, CARBON_ROLE_LAO, CARBON_ROLE_PROVINCE, CARBON_ROLE_DLA } carbon_role;

/* The signed-in person, as the users table maps their LSSO subject. */
typedef struct {
    apr_int64_t id;
    const char *subject;
    const char *display_name;
    carbon_role role;
    const char *lao_code;        /* role lao */
    const char *lao_name;
    const char *province_code;   /* role province, and the LAO's province for lao */
    const char *province_name;
} carbon_user;

/* Everything a handler needs about the request. */
typedef struct {
    request_rec *r;
    carbon_srv_cfg *srv;
    const char *base;            /* mount point, e.g. "/carbon" */
    const char *path;            /* the rest, always starting with "/" */
    int is_api;                  /* path under /api/ */
    carbon_user *user;           /* NULL when signed out */
    const char *csrf_token;      /* of the session, NULL when signed out */
    const char *session_token;   /* raw cookie value, NULL when none */
    const char **route_params;   /* {name} segments of the matched route */
    int route_param_count;
    int csrf_pending;            /* a form write whose csrf_token field is still to check */
} carbon_req;

const char *carbon_role_name(carbon_role role);
carbon_role carbon_role_parse(const char *name);

#endif
