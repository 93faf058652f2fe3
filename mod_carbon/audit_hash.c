/* audit_hash.c: see audit_hash.h. */
#include "audit_hash.h"
#include "digest.h"
#include "apr_strings.h"
#include <openssl/evp.h>
#include <string.h>

static int add_field(EVP_MD_CTX *ctx, const char *value)
{
    char len[32];
    int n;
    if (!value)
        return EVP_DigestUpdate(ctx, "-;", 2);      /* NULL differs from "" */
    n = snprintf(len, sizeof(len), "%zu:", strlen(value));
    return EVP_DigestUpdate(ctx, len, (size_t)n) && EVP_DigestUpdate(ctx, value, strlen(value))
           && EVP_DigestUpdate(ctx, ";", 1);
}

const char *carbon_audit_hash(apr_pool_t *p, const carbon_audit_fields *f)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char seq[32];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok;
    if (!ctx)
        return NULL;
    snprintf(seq, sizeof(seq), "%lld", f->seq);
    ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)
         && add_field(ctx, f->prev_hash) && add_field(ctx, seq) && add_field(ctx, f->at)
         && add_field(ctx, f->user_subject) && add_field(ctx, f->user_role)
         && add_field(ctx, f->org_code) && add_field(ctx, f->entity) && add_field(ctx, f->entity_id)
         && add_field(ctx, f->action) && add_field(ctx, f->before_json)
         && add_field(ctx, f->after_json) && EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return NULL;
    return carbon_hex(p, md, n);
}
