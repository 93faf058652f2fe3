/* libFuzzer target for the LSSO token verifier (mod_carbon/jwt.c).
 *
 *   make build/fuzz/fuzz_jwt
 *   build/fuzz/fuzz_jwt -max_total_time=60 tests/fuzz/corpus/jwt
 *
 * Each input is checked twice:
 *  1. as a whole token, against a fixed HS256 secret and RSA key;
 *  2. as the payload JSON of a token signed with that secret, so the
 *     claim checks behind the signature are reached too.
 * The corpus tokens are made with
 *   lsso_issue --alg HS256 --secret-file <FUZZ_SECRET> --now 1700000000 ...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "jwt.h"
#include "../tools/lsso_sign.c"

#define FUZZ_NOW_SECONDS 1700000000LL

static const char FUZZ_SECRET[] = "fuzz-shared-secret-0123456789abcdef";

/* Set once in LLVMFuzzerInitialize, read-only afterwards. */
static EVP_PKEY *fuzz_rsa_key;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    apr_initialize();
    fuzz_rsa_key = lsso_generate_rsa(2048);
    if (fuzz_rsa_key == NULL) {
        abort();
    }
    return 0;
}

static carbon_jwt_keys fuzz_keys(void)
{
    carbon_jwt_keys keys = { (const unsigned char *)FUZZ_SECRET,
                             sizeof FUZZ_SECRET - 1, fuzz_rsa_key, "DLA_CC",
                             CARBON_JWT_DEFAULT_SKEW_SECONDS, NULL };
    return keys;
}

/* On success the claims must be usable strings within their limits. */
static void check_claims(carbon_jwt_status status,
                         const carbon_jwt_claims *claims)
{
    if (status != CARBON_JWT_OK) {
        if (claims->sub != NULL || claims->name != NULL) {
            abort();
        }
        return;
    }
    if (claims->sub == NULL || claims->sub[0] == '\0'
        || strlen(claims->sub) > CARBON_JWT_MAX_SUBJECT_LEN) {
        abort();
    }
    if (claims->name != NULL
        && strlen(claims->name) > CARBON_JWT_MAX_NAME_LEN) {
        abort();
    }
    if (carbon_jwt_status_text(status) == NULL) {
        abort();
    }
}

static void verify_one(apr_pool_t *pool, const char *token)
{
    carbon_jwt_keys keys = fuzz_keys();
    carbon_jwt_claims claims;
    carbon_jwt_status status = carbon_jwt_verify(
        pool, token, &keys, apr_time_from_sec(FUZZ_NOW_SECONDS), &claims);
    check_claims(status, &claims);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *pool;
    char *text = malloc(size + 1);
    if (text == NULL) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    apr_pool_create(&pool, NULL);

    verify_one(pool, text);

    lsso_signer signer = { LSSO_SIGN_HS256, (const unsigned char *)FUZZ_SECRET,
                           sizeof FUZZ_SECRET - 1, NULL };
    char *signed_payload = lsso_sign_compact(
        &signer, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", text);
    if (signed_payload != NULL) {
        verify_one(pool, signed_payload);
        free(signed_payload);
    }

    apr_pool_destroy(pool);
    free(text);
    return 0;
}
