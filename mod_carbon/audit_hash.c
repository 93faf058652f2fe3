/* audit_hash.c: see audit_hash.h. */
#include "audit_hash.h"
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
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    char seq[32];
    char *out;
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
    out = apr_palloc(p, n * 2 + 1);
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[2 * n] = '\0';
    return out;
}
