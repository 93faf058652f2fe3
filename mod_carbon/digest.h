/* digest.h: hex encoding and SHA-256, shared by sessions, uploads, sign-in and the audit trail. */
#ifndef CARBON_DIGEST_H
#define CARBON_DIGEST_H

#include "apr_pools.h"
#include <stddef.h>

/* Lower-case hex of n bytes, from the pool. */
char *carbon_hex(apr_pool_t *p, const unsigned char *bytes, size_t n);
/* SHA-256 of data as 64 hex characters, or NULL if the digest failed. */
char *carbon_sha256_hex(apr_pool_t *p, const void *data, size_t len);

#endif
