/* digest.c: see digest.h. */
#include "digest.h"
#include <openssl/evp.h>

char *carbon_hex(apr_pool_t *p, const unsigned char *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *out = apr_palloc(p, n * 2 + 1);
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[n * 2] = '\0';
    return out;
}

char *carbon_sha256_hex(apr_pool_t *p, const void *data, size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL))
        return NULL;
    return carbon_hex(p, md, n);
}
