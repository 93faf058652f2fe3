/*
 * config.c: directives of mod_carbon. Every setting has a default and a
 * merge rule; bad values are refused while the configuration is read, with
 * the directive's name in the message, so Apache does not start.
 */
#include "config.h"
#include "jwt.h"
#include "http_core.h"
#include "apr_strings.h"
#include "apr_file_io.h"
#include "apr_uri.h"
#include <string.h>

APLOG_USE_MODULE(carbon);

#define UNSET -1

/* How a <VirtualHost> inherits each field: one row per field of
 * carbon_srv_cfg, made from the list that declares the struct (carbon.h). */
typedef enum { KIND_PTR, KIND_INT, KIND_SIZE, KIND_LEN } field_kind;

typedef struct {
    apr_size_t offset;
    apr_size_t size;
    field_kind kind;
} srv_field;

#define FIELD_ROW(type, name, kind) \
    { APR_OFFSETOF(carbon_srv_cfg, name), sizeof(((carbon_srv_cfg *)0)->name), KIND_##kind },
static const srv_field srv_fields[] = {
    CARBON_SRV_CFG_FIELDS(FIELD_ROW)
};
#undef FIELD_ROW

/* A field's kind must fit its type: the merge reads it as one. */
#define KIND_SIZE_PTR  sizeof(void *)
#define KIND_SIZE_INT  sizeof(int)
#define KIND_SIZE_SIZE sizeof(apr_size_t)
#define KIND_SIZE_LEN  sizeof(apr_size_t)
#define FIELD_CHECK(type, name, kind) \
    _Static_assert(sizeof(((carbon_srv_cfg *)0)->name) == KIND_SIZE_##kind, \
                   "carbon_srv_cfg." #name " does not fit merge kind " #kind);
CARBON_SRV_CFG_FIELDS(FIELD_CHECK)
#undef FIELD_CHECK

static int field_is_set(const carbon_srv_cfg *c, const srv_field *f)
{
    const char *at = (const char *)c + f->offset;
    void *ptr;
    int i;
    apr_size_t size;
    switch (f->kind) {
    case KIND_PTR:
        memcpy(&ptr, at, sizeof(ptr));
        return ptr != NULL;
    case KIND_INT:
        memcpy(&i, at, sizeof(i));
        return i != UNSET;
    case KIND_SIZE:
        memcpy(&size, at, sizeof(size));
        return size != 0;
    default:
        return 0;      /* KIND_LEN: decided by the field before it */
    }
}

void *carbon_create_server_config(apr_pool_t *p, server_rec *s)
{
    carbon_srv_cfg *c = apr_pcalloc(p, sizeof(*c));
    const int unset = UNSET;
    apr_size_t i;
    for (i = 0; i < sizeof(srv_fields) / sizeof(srv_fields[0]); i++)
        if (srv_fields[i].kind == KIND_INT)
            memcpy((char *)c + srv_fields[i].offset, &unset, sizeof(unset));
    return c;
}

/* Every field: the <VirtualHost>'s value when it set one, else the main
 * server's; a LEN field goes with the field before it. */
void *carbon_merge_server_config(apr_pool_t *p, void *basev, void *addv)
{
    const carbon_srv_cfg *base = basev, *add = addv;
    carbon_srv_cfg *c = apr_pcalloc(p, sizeof(*c));
    const carbon_srv_cfg *from = base;
    apr_size_t i;
    for (i = 0; i < sizeof(srv_fields) / sizeof(srv_fields[0]); i++) {
        const srv_field *f = &srv_fields[i];
        if (f->kind != KIND_LEN)
            from = field_is_set(add, f) ? add : base;
        memcpy((char *)c + f->offset, (const char *)from + f->offset, f->size);
    }
    return c;
}

void *carbon_create_dir_config(apr_pool_t *p, char *dir)
{
    carbon_dir_cfg *d = apr_pcalloc(p, sizeof(*d));
    if (dir) {
        apr_size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            n--;
        d->base = apr_pstrmemdup(p, dir, n);
    }
    return d;
}

void *carbon_merge_dir_config(apr_pool_t *p, void *basev, void *addv)
{
    const carbon_dir_cfg *base = basev, *add = addv;
    carbon_dir_cfg *d = apr_pcalloc(p, sizeof(*d));
    d->base = add->base ? add->base : base->base;
    return d;
}

int carbon_cfg_dev_login(const carbon_srv_cfg *c) { return c->dev_login == 1; }
int carbon_cfg_trust_remote_user(const carbon_srv_cfg *c) { return c->trust_remote_user == 1; }
int carbon_cfg_cookie_secure(const carbon_srv_cfg *c) { return c->cookie_secure != 0; }

static carbon_srv_cfg *srv_cfg(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config, &carbon_module);
}

static const char *parse_int_range(cmd_parms *cmd, const char *arg, long min, long max, long *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < min || v > max)
        return apr_psprintf(cmd->pool, "%s: '%s' is not a whole number from %ld to %ld",
                            cmd->directive->directive, arg, min, max);
    *out = v;
    return NULL;
}

static const char *set_template_dir(cmd_parms *cmd, void *d, const char *arg)
{
    const char *path = ap_server_root_relative(cmd->pool, arg);
    apr_finfo_t fi;
    if (!path || apr_stat(&fi, path, APR_FINFO_TYPE, cmd->pool) != APR_SUCCESS || fi.filetype != APR_DIR)
        return apr_psprintf(cmd->pool, "CarbonTemplateDir: '%s' is not a readable directory", arg);
    srv_cfg(cmd)->template_dir = path;
    return NULL;
}

static const char *set_login_url(cmd_parms *cmd, void *d, const char *arg)
{
    if (strncmp(arg, "https://", 8) && strncmp(arg, "http://", 7) && arg[0] != '/')
        return "CarbonLssoLoginURL: must be an absolute http(s) URL or a local path";
    srv_cfg(cmd)->lsso_login_url = arg;
    return NULL;
}

/* The secret is given as "file:/path" (preferred: httpd.conf stays
 * shareable) or inline; either way at least 32 bytes. */
static const char *set_secret(cmd_parms *cmd, void *d, const char *arg)
{
    carbon_srv_cfg *c = srv_cfg(cmd);
    const char *secret = arg;
    apr_size_t len = strlen(arg);
    if (!strncmp(arg, "file:", 5)) {
        const char *path = ap_server_root_relative(cmd->pool, arg + 5);
        const unsigned char *bytes;
        const char *err = NULL;
        if (!path || carbon_jwt_read_secret_file(cmd->pool, path, &bytes, &len, &err))
            return apr_psprintf(cmd->pool, "CarbonLssoSecret: '%s': %s", arg + 5, err ? err : "unreadable");
        secret = (const char *)bytes;
    }
    if (len < CARBON_JWT_MIN_HS256_SECRET_LEN)
        return apr_psprintf(cmd->pool, "CarbonLssoSecret: the secret must be at least %d bytes",
                            CARBON_JWT_MIN_HS256_SECRET_LEN);
    c->lsso_secret = (const unsigned char *)secret;
    c->lsso_secret_len = len;
    return NULL;
}

static const char *set_public_key(cmd_parms *cmd, void *d, const char *arg)
{
    const char *path = ap_server_root_relative(cmd->pool, arg);
    const char *err = NULL;
    EVP_PKEY *key;
    if (!path)
        return "CarbonLssoPublicKey: invalid path";
    key = carbon_jwt_load_public_key(cmd->pool, path, &err);
    if (!key)
        return apr_psprintf(cmd->pool, "CarbonLssoPublicKey: '%s': %s", arg, err ? err : "unreadable");
    srv_cfg(cmd)->lsso_public_key_path = path;
    srv_cfg(cmd)->lsso_public_key = key;
    return NULL;
}

static const char *set_audience(cmd_parms *cmd, void *d, const char *arg)
{
    if (!*arg || strlen(arg) > 255)
        return "CarbonLssoAudience: must be 1 to 255 characters";
    srv_cfg(cmd)->lsso_audience = arg;
    return NULL;
}

static const char *set_skew(cmd_parms *cmd, void *d, const char *arg)
{
    long v;
    const char *err = parse_int_range(cmd, arg, 0, 300, &v);
    if (!err)
        srv_cfg(cmd)->lsso_clock_skew = (int)v;
    return err;
}

static const char *set_session_ttl(cmd_parms *cmd, void *d, const char *arg)
{
    long v;
    const char *err = parse_int_range(cmd, arg, 300, 7 * 86400, &v);
    if (!err)
        srv_cfg(cmd)->session_ttl = (int)v;
    return err;
}

static const char *set_upload_max(cmd_parms *cmd, void *d, const char *arg)
{
    long v;
    const char *err = parse_int_range(cmd, arg, 1024, CARBON_DEFAULT_UPLOAD_MAX, &v);
    if (!err)
        srv_cfg(cmd)->upload_max_bytes = (apr_size_t)v;
    return err;
}

/* A whole number into the int field named by cmd->info, within the range
 * its directive's table row gives (min and max of the directive). */
typedef struct {
    apr_size_t offset;
    long min, max;
} int_field;

static const char *set_int_field(cmd_parms *cmd, void *d, const char *arg)
{
    const int_field *f = cmd->info;
    long v;
    const char *err = parse_int_range(cmd, arg, f->min, f->max, &v);
    if (!err)
        *(int *)((char *)srv_cfg(cmd) + f->offset) = (int)v;
    return err;
}

static const int_field session_idle_field = { APR_OFFSETOF(carbon_srv_cfg, session_idle), 60, 86400 };
static const int_field quota_user_field = { APR_OFFSETOF(carbon_srv_cfg, upload_quota_user), 1, 100000 };
static const int_field quota_lao_field = { APR_OFFSETOF(carbon_srv_cfg, upload_quota_lao), 1, 1000000 };
static const int_field pending_hours_field = { APR_OFFSETOF(carbon_srv_cfg, upload_pending_hours), 1, 8760 };

/* The public origin of the system, as browsers reach it: the LSSO return
 * URL is built from it, never from the request's Host header. */
static const char *set_public_url(cmd_parms *cmd, void *d, const char *arg)
{
    apr_uri_t u;
    apr_size_t n = strlen(arg);
    if ((strncmp(arg, "https://", 8) && strncmp(arg, "http://", 7))
        || apr_uri_parse(cmd->pool, arg, &u) != APR_SUCCESS || !u.hostname || !*u.hostname
        || (u.path && strcmp(u.path, "/") && *u.path) || u.query || u.fragment || u.user
        || strpbrk(arg, " \t\r\n\"<>"))
        return "CarbonPublicURL: must be http(s)://host[:port] (the origin browsers use, no path)";
    while (n > 0 && arg[n - 1] == '/')
        n--;
    srv_cfg(cmd)->public_url = apr_pstrmemdup(cmd->pool, arg, n);
    return NULL;
}

static const char *set_issuer(cmd_parms *cmd, void *d, const char *arg)
{
    if (!*arg || strlen(arg) > 255)
        return "CarbonLssoIssuer: must be 1 to 255 characters";
    srv_cfg(cmd)->lsso_issuer = arg;
    return NULL;
}

static const char *set_flag(cmd_parms *cmd, void *d, int on)
{
    carbon_srv_cfg *c = srv_cfg(cmd);
    int *field = (int *)((char *)c + (apr_size_t)cmd->info);
    *field = on ? 1 : 0;
    return NULL;
}

const command_rec carbon_directives[] = {
    AP_INIT_TAKE1("CarbonTemplateDir", set_template_dir, NULL, RSRC_CONF,
                  "Directory of mod_carbon's HTML templates"),
    AP_INIT_TAKE1("CarbonLssoLoginURL", set_login_url, NULL, RSRC_CONF,
                  "LSSO sign-in page; mod_carbon appends return=<callback URL>"),
    AP_INIT_TAKE1("CarbonLssoSecret", set_secret, NULL, RSRC_CONF,
                  "HS256 secret shared with LSSO: file:/path or the value (>= 32 bytes)"),
    AP_INIT_TAKE1("CarbonLssoPublicKey", set_public_key, NULL, RSRC_CONF,
                  "PEM file of LSSO's RS256 public key"),
    AP_INIT_TAKE1("CarbonLssoAudience", set_audience, NULL, RSRC_CONF,
                  "Audience a token must carry (default DLA_CC)"),
    AP_INIT_TAKE1("CarbonLssoClockSkew", set_skew, NULL, RSRC_CONF,
                  "Seconds of clock difference tolerated on exp/nbf (default 60)"),
    AP_INIT_TAKE1("CarbonSessionTTL", set_session_ttl, NULL, RSRC_CONF,
                  "Session lifetime in seconds (default 28800)"),
    AP_INIT_FLAG("CarbonTrustRemoteUser", set_flag,
                 (void *)APR_OFFSETOF(carbon_srv_cfg, trust_remote_user), RSRC_CONF,
                 "Map r->user set by another authn module to a mod_carbon user (default Off)"),
    AP_INIT_FLAG("CarbonDevLogin", set_flag,
                 (void *)APR_OFFSETOF(carbon_srv_cfg, dev_login), RSRC_CONF,
                 "Development sign-in as a demo user, without LSSO (default Off)"),
    AP_INIT_FLAG("CarbonCookieSecure", set_flag,
                 (void *)APR_OFFSETOF(carbon_srv_cfg, cookie_secure), RSRC_CONF,
                 "Mark the session cookie Secure (default On; Off only for a plain-http dev server)"),
    AP_INIT_TAKE1("CarbonUploadMaxBytes", set_upload_max, NULL, RSRC_CONF,
                  "Largest accepted upload in bytes (default and maximum 524288)"),
    AP_INIT_TAKE1("CarbonPublicURL", set_public_url, NULL, RSRC_CONF,
                  "Origin browsers use (https://host[:port]); default: the ServerName"),
    AP_INIT_TAKE1("CarbonLssoIssuer", set_issuer, NULL, RSRC_CONF,
                  "The iss a token must carry (default: not checked)"),
    AP_INIT_TAKE1("CarbonSessionIdleTimeout", set_int_field, (void *)&session_idle_field, RSRC_CONF,
                  "Seconds without a request after which a session ends (60-86400, default 1800)"),
    AP_INIT_TAKE1("CarbonUploadQuotaUser", set_int_field, (void *)&quota_user_field, RSRC_CONF,
                  "Uploads one user may store in 24 hours (default 200)"),
    AP_INIT_TAKE1("CarbonUploadQuotaLao", set_int_field, (void *)&quota_lao_field, RSRC_CONF,
                  "Uploads the users of one LAO may store in 24 hours (default 500)"),
    AP_INIT_TAKE1("CarbonPendingUploadHours", set_int_field, (void *)&pending_hours_field, RSRC_CONF,
                  "Hours a pending upload linked to no record is kept (1-8760, default 72)"),
    { NULL }
};

/* Fills defaults, checks the settings that depend on each other, and
 * compiles the templates, for every server. */
int carbon_config_finish(apr_pool_t *pconf, server_rec *s)
{
    for (; s; s = s->next) {
        carbon_srv_cfg *c = ap_get_module_config(s->module_config, &carbon_module);
        const char *err = NULL;
        if (!c->lsso_audience)
            c->lsso_audience = CARBON_DEFAULT_AUDIENCE;
        if (c->lsso_clock_skew == UNSET)
            c->lsso_clock_skew = CARBON_DEFAULT_CLOCK_SKEW;
        if (c->session_ttl == UNSET)
            c->session_ttl = CARBON_DEFAULT_SESSION_TTL;
        if (!c->upload_max_bytes)
            c->upload_max_bytes = CARBON_DEFAULT_UPLOAD_MAX;
        if (c->session_idle == UNSET)
            c->session_idle = CARBON_DEFAULT_SESSION_IDLE;
        if (c->upload_quota_user == UNSET)
            c->upload_quota_user = CARBON_DEFAULT_QUOTA_USER;
        if (c->upload_quota_lao == UNSET)
            c->upload_quota_lao = CARBON_DEFAULT_QUOTA_LAO;
        if (c->upload_pending_hours == UNSET)
            c->upload_pending_hours = CARBON_DEFAULT_PENDING_HOURS;
        if (c->session_idle > c->session_ttl) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, CARBONLOGNO(6)
                         "CarbonSessionIdleTimeout: %d seconds is longer than CarbonSessionTTL (%d)",
                         c->session_idle, c->session_ttl);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (!c->template_dir) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, CARBONLOGNO(1)
                         "CarbonTemplateDir: not set; mod_carbon needs its templates");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        c->templates = carbon_tpl_load_dir(pconf, c->template_dir, &err);
        if (!c->templates) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, CARBONLOGNO(2)
                         "CarbonTemplateDir: %s", err ? err : "cannot load templates");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (!c->lsso_secret && !c->lsso_public_key && !carbon_cfg_dev_login(c)
            && !carbon_cfg_trust_remote_user(c)) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, CARBONLOGNO(3)
                         "CarbonLssoSecret / CarbonLssoPublicKey: neither is set, so nobody "
                         "could sign in; set one (or CarbonTrustRemoteUser On)");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if ((c->lsso_secret || c->lsso_public_key) && !c->lsso_login_url) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, CARBONLOGNO(4)
                         "CarbonLssoLoginURL: not set, but an LSSO key is");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (carbon_cfg_dev_login(c))
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, CARBONLOGNO(5)
                         "CarbonDevLogin is On: anyone can sign in as a demo user. "
                         "Never enable it on a production server.");
    }
    return OK;
}
