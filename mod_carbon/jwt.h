/* jwt.h: verification of LSSO sign-in tokens (compact JWS, RFC 7515/7519).
 *
 * Pure part of mod_carbon: no httpd headers. Verifies only; the signing
 * side used by the tests lives in tests/tools/.
 *
 * Accepted: alg HS256 (shared secret) or RS256 (RSA public key), and only
 * the alg whose key is configured, so an HS256 token is refused when only
 * an RSA key is set (key confusion). The payload is read only after the
 * signature has been checked.
 */
#ifndef CARBON_JWT_H
#define CARBON_JWT_H

#include <stddef.h>
#include <apr_pools.h>
#include <apr_time.h>
#include <openssl/evp.h>

/* Longest token accepted, in bytes. */
#define CARBON_JWT_MAX_TOKEN_LEN 8192
/* Shortest HS256 secret honoured (RFC 7518 3.2: at least the hash size). */
#define CARBON_JWT_MIN_HS256_SECRET_LEN 32
/* Longest "sub" accepted, in bytes. */
#define CARBON_JWT_MAX_SUBJECT_LEN 255
/* Longest "name" accepted, in bytes (UTF-8, Thai is 3 bytes a letter). */
#define CARBON_JWT_MAX_NAME_LEN 765
/* Clock skew used when the caller has no setting of its own. */
#define CARBON_JWT_DEFAULT_SKEW_SECONDS 60

typedef struct {
    /* HS256 shared secret; NULL or shorter than
     * CARBON_JWT_MIN_HS256_SECRET_LEN means HS256 is not accepted. */
    const unsigned char *hs256_secret;
    size_t hs256_secret_len;
    /* RS256 public key (RSA); NULL means RS256 is not accepted. */
    EVP_PKEY *rs256_key;
    /* Required member of "aud", e.g. "DLA_CC"; NULL refuses every token. */
    const char *audience;
    /* Allowed clock difference for exp/nbf, in seconds (negative counts as
     * 0, more than a year as a year). */
    long skew_seconds;
    /* Required "iss" (exactly); NULL: the issuer is not checked. */
    const char *issuer;
} carbon_jwt_keys;

typedef struct {
    const char *sub;   /* never NULL on success; printable ASCII, no space */
    const char *name;  /* optional "name" claim, UTF-8; NULL when absent */
    long exp;          /* expiry, seconds since the epoch */
} carbon_jwt_claims;

typedef enum {
    CARBON_JWT_OK = 0,
    CARBON_JWT_MALFORMED,
    CARBON_JWT_BAD_ALG,
    CARBON_JWT_BAD_SIGNATURE,
    CARBON_JWT_EXPIRED,
    CARBON_JWT_NOT_YET_VALID,
    CARBON_JWT_WRONG_AUDIENCE,
    CARBON_JWT_NO_SUBJECT,
    CARBON_JWT_WRONG_ISSUER
} carbon_jwt_status;

/* Verifies token against keys at time now. On CARBON_JWT_OK fills *out
 * with strings allocated from p; on any other status *out is zeroed. */
carbon_jwt_status carbon_jwt_verify(apr_pool_t *p, const char *token,
                                    const carbon_jwt_keys *keys,
                                    apr_time_t now, carbon_jwt_claims *out);

/* English text for the log; never contains any part of a token. */
const char *carbon_jwt_status_text(carbon_jwt_status status);

/* Reads an RSA public key (PEM, "BEGIN PUBLIC KEY") of at least 2048 bits.
 * The key is freed when p is cleared. On failure returns NULL and sets
 * *err to an English message allocated from p. */
EVP_PKEY *carbon_jwt_load_public_key(apr_pool_t *p, const char *pem_path,
                                     const char **err);

/* Reads an HS256 shared secret from a file (at most 4096 bytes; one
 * trailing "\n" or "\r\n" is dropped, as editors and echo add it). The
 * secret must be at least CARBON_JWT_MIN_HS256_SECRET_LEN bytes. Returns 0
 * and sets *secret and *secret_len (pool memory), or -1 and sets *err to an
 * English message that never contains the secret. */
int carbon_jwt_read_secret_file(apr_pool_t *p, const char *path,
                                const unsigned char **secret,
                                size_t *secret_len, const char **err);

#endif /* CARBON_JWT_H */
