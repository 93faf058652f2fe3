/* lsso_sign.h: signing side of LSSO tokens, for tests and dev tools only.
 *
 * mod_carbon never signs: it only verifies (mod_carbon/jwt.c). This code
 * makes real HS256/RS256 compact JWS tokens the way LSSO does, so unit,
 * fuzz and integration tests exercise the verifier with genuine
 * signatures. Memory: every char * returned is malloc'd; free() it.
 */
#ifndef LSSO_SIGN_H
#define LSSO_SIGN_H

#include <stddef.h>
#include <openssl/evp.h>

typedef enum {
    LSSO_SIGN_HS256,
    LSSO_SIGN_RS256,
    LSSO_SIGN_NONE /* empty signature segment */
} lsso_sign_kind;

typedef struct {
    lsso_sign_kind kind;
    const unsigned char *secret; /* HS256 */
    size_t secret_len;
    EVP_PKEY *private_key;       /* RS256 */
} lsso_signer;

typedef struct {
    const char *sub;      /* NULL: claim left out */
    const char *name;     /* NULL: claim left out */
    const char *aud;      /* NULL: claim left out */
    long long iat;
    int has_iat;
    long long exp;
    int has_exp;
    long long nbf;
    int has_nbf;
    const char *jti;      /* NULL: claim left out; LSSO gives every token its own */
    const char *iss;      /* NULL: claim left out */
} lsso_claims;

/* base64url without padding. */
char *lsso_base64url(const unsigned char *data, size_t len);

/* {"alg":alg_header,"typ":"JWT"} */
char *lsso_header_json(const char *alg_header);

/* The payload JSON of claims, compact. */
char *lsso_claims_json(const lsso_claims *claims);

/* base64url(header_json) "." base64url(payload_json) "." signature.
 * The JSON texts are taken as given (they need not be valid JSON). */
char *lsso_sign_compact(const lsso_signer *signer, const char *header_json,
                        const char *payload_json);

/* Header with alg_header (NULL: the signer's own alg), claims, signed. */
char *lsso_issue_token(const lsso_signer *signer, const char *alg_header,
                       const lsso_claims *claims);

/* A fresh RSA key pair of bits bits. */
EVP_PKEY *lsso_generate_rsa(unsigned int bits);

/* PEM text ("BEGIN PUBLIC KEY") of key's public half. */
char *lsso_public_key_pem(EVP_PKEY *key);

/* Writes private (PKCS#8 PEM, mode 0600) and public (SPKI PEM) files.
 * 0 on success. */
int lsso_write_key_pair(EVP_PKEY *key, const char *private_path,
                        const char *public_path);

/* Reads a PEM private key; NULL on failure. */
EVP_PKEY *lsso_read_private_key(const char *path);

#endif /* LSSO_SIGN_H */
