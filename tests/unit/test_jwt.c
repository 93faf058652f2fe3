/* Unit tests for mod_carbon/jwt.c: LSSO token verification.
 * Tokens are signed for real by the fake LSSO's signing code. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "jwt.h"
/* The signing side lives with the test tools; one translation unit keeps
 * the shared unit-test build rule. */
#include "../tools/lsso_sign.c"

#define NOW_SECONDS 1700000000LL
#define SKEW 60
#define AUDIENCE "DLA_CC"
#define SUBJECT "lao-100101"
#define THAI_NAME "องค์การบริหารส่วนตำบลบางพลี"

static const char HS_SECRET[] = "unit-test-shared-secret-0123456789abcdef";
static const char OTHER_HS_SECRET[] = "another-shared-secret-0123456789abcdefgh";

/* Made once in main(), before the tests fork. */
static EVP_PKEY *rsa_key;
static EVP_PKEY *other_rsa_key;
/* Made per test (checked fixture). */
static apr_pool_t *pool;

static void make_pool(void)
{
    apr_pool_create(&pool, NULL);
}

static void destroy_pool(void)
{
    apr_pool_destroy(pool);
}

/* ---- helpers ---- */

static lsso_claims valid_claims(void)
{
    lsso_claims claims = { SUBJECT, THAI_NAME, AUDIENCE,
                           NOW_SECONDS, 1, NOW_SECONDS + 300, 1, 0, 0 };
    return claims;
}

static lsso_signer hs_signer(const char *secret)
{
    lsso_signer signer = { LSSO_SIGN_HS256, (const unsigned char *)secret,
                           strlen(secret), NULL };
    return signer;
}

static lsso_signer rs_signer(EVP_PKEY *key)
{
    lsso_signer signer = { LSSO_SIGN_RS256, NULL, 0, key };
    return signer;
}

static carbon_jwt_keys hs_keys(void)
{
    carbon_jwt_keys keys = { (const unsigned char *)HS_SECRET,
                             strlen(HS_SECRET), NULL, AUDIENCE, SKEW };
    return keys;
}

static carbon_jwt_keys rs_keys(void)
{
    carbon_jwt_keys keys = { NULL, 0, rsa_key, AUDIENCE, SKEW };
    return keys;
}

static carbon_jwt_keys both_keys(void)
{
    carbon_jwt_keys keys = hs_keys();
    keys.rs256_key = rsa_key;
    return keys;
}

/* Verifies and frees token (malloc'd by the signer). */
static carbon_jwt_status verify_and_free(char *token,
                                         const carbon_jwt_keys *keys,
                                         carbon_jwt_claims *out)
{
    carbon_jwt_claims ignored;
    ck_assert_ptr_nonnull(token);
    carbon_jwt_status status = carbon_jwt_verify(
        pool, token, keys, apr_time_from_sec(NOW_SECONDS), out ? out : &ignored);
    free(token);
    return status;
}

static carbon_jwt_status verify_hs_claims(const lsso_claims *claims)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    carbon_jwt_keys keys = hs_keys();
    return verify_and_free(lsso_issue_token(&signer, NULL, claims), &keys,
                           NULL);
}

static carbon_jwt_status verify_hs_payload(const char *payload_json)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    carbon_jwt_keys keys = hs_keys();
    char *header = lsso_header_json("HS256");
    char *token = lsso_sign_compact(&signer, header, payload_json);
    free(header);
    return verify_and_free(token, &keys, NULL);
}

static carbon_jwt_status verify_hs_header(const char *header_json)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    carbon_jwt_keys keys = hs_keys();
    lsso_claims claims = valid_claims();
    char *payload = lsso_claims_json(&claims);
    char *token = lsso_sign_compact(&signer, header_json, payload);
    free(payload);
    return verify_and_free(token, &keys, NULL);
}

static carbon_jwt_status verify_text(const char *token)
{
    carbon_jwt_keys keys = both_keys();
    carbon_jwt_claims out;
    return carbon_jwt_verify(pool, token, &keys,
                             apr_time_from_sec(NOW_SECONDS), &out);
}

/* A valid HS256 token with its signature segment replaced. */
static char *hs_token_with_signature(const char *signature)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    char *token = lsso_issue_token(&signer, NULL, &claims);
    char *last_dot = strrchr(token, '.');
    char *result = apr_pstrcat(pool, apr_pstrmemdup(pool, token,
                               (apr_size_t)(last_dot - token + 1)),
                               signature, NULL);
    free(token);
    return result;
}

static char *write_temp_file(const char *content, size_t len)
{
    char *path = apr_pstrdup(pool, "/tmp/test_jwt_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, len), (ssize_t)len);
    close(fd);
    return path;
}

/* ---- accepted tokens ---- */

START_TEST(hs256_token_with_valid_claims_is_accepted)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    carbon_jwt_claims out;
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, &out), CARBON_JWT_OK);
    ck_assert_str_eq(out.sub, SUBJECT);
    ck_assert_str_eq(out.name, THAI_NAME);
    ck_assert_int_eq(out.exp, NOW_SECONDS + 300);
}
END_TEST

START_TEST(rs256_token_with_valid_claims_is_accepted)
{
    lsso_signer signer = rs_signer(rsa_key);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = rs_keys();
    carbon_jwt_claims out;
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, &out), CARBON_JWT_OK);
    ck_assert_str_eq(out.sub, SUBJECT);
}
END_TEST

START_TEST(either_alg_is_accepted_when_both_keys_are_configured)
{
    lsso_signer hs = hs_signer(HS_SECRET), rs = rs_signer(rsa_key);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = both_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&hs, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_OK);
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&rs, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_OK);
}
END_TEST

START_TEST(token_without_name_gives_null_name)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    carbon_jwt_claims out;
    claims.name = NULL;
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, &out), CARBON_JWT_OK);
    ck_assert_ptr_null(out.name);
}
END_TEST

/* ---- time ---- */

START_TEST(expired_token_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.exp = NOW_SECONDS - SKEW - 1;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_EXPIRED);
}
END_TEST

START_TEST(token_expired_within_skew_is_accepted)
{
    lsso_claims claims = valid_claims();
    claims.exp = NOW_SECONDS - SKEW;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_OK);
}
END_TEST

START_TEST(token_with_nbf_in_future_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.nbf = NOW_SECONDS + SKEW + 1;
    claims.has_nbf = 1;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_NOT_YET_VALID);
}
END_TEST

START_TEST(token_with_nbf_within_skew_is_accepted)
{
    lsso_claims claims = valid_claims();
    claims.nbf = NOW_SECONDS + SKEW;
    claims.has_nbf = 1;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_OK);
}
END_TEST

START_TEST(token_without_exp_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.has_exp = 0;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(exp_that_is_not_a_number_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"aud\":\"DLA_CC\","
                                       "\"exp\":\"1700000300\"}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(fractional_exp_is_accepted)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"aud\":\"DLA_CC\","
                                       "\"exp\":1700000300.5}"),
                     CARBON_JWT_OK);
}
END_TEST

START_TEST(iat_that_is_not_a_number_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"aud\":\"DLA_CC\","
                                       "\"exp\":1700000300,\"iat\":true}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(huge_exp_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"aud\":\"DLA_CC\","
                                       "\"exp\":9223372036854775807}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

/* ---- audience ---- */

START_TEST(wrong_audience_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.aud = "OTHER_APP";
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_WRONG_AUDIENCE);
}
END_TEST

START_TEST(missing_audience_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.aud = NULL;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_WRONG_AUDIENCE);
}
END_TEST

START_TEST(audience_array_containing_ours_is_accepted)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"exp\":1700000300,"
                                       "\"aud\":[\"X\",\"DLA_CC\"]}"),
                     CARBON_JWT_OK);
}
END_TEST

START_TEST(audience_array_without_ours_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"exp\":1700000300,"
                                       "\"aud\":[\"X\",\"DLA_CC2\",7]}"),
                     CARBON_JWT_WRONG_AUDIENCE);
}
END_TEST

START_TEST(audience_prefix_is_not_a_match)
{
    lsso_claims claims = valid_claims();
    claims.aud = "DLA_C";
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_WRONG_AUDIENCE);
}
END_TEST

START_TEST(unset_configured_audience_refuses_every_token)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    keys.audience = NULL;
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_WRONG_AUDIENCE);
}
END_TEST

/* ---- signatures and algorithms ---- */

START_TEST(hs256_token_signed_with_another_secret_is_rejected)
{
    lsso_signer signer = hs_signer(OTHER_HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_SIGNATURE);
}
END_TEST

START_TEST(rs256_token_signed_with_another_key_is_rejected)
{
    lsso_signer signer = rs_signer(other_rsa_key);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = rs_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_SIGNATURE);
}
END_TEST

START_TEST(token_with_changed_payload_is_rejected)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    char *genuine = lsso_issue_token(&signer, NULL, &claims);
    claims.sub = "admin";
    char *other = lsso_issue_token(&signer, NULL, &claims);
    /* The admin token's header and payload with the genuine signature. */
    char *forged = apr_pstrcat(
        pool, apr_pstrmemdup(pool, other, (apr_size_t)(strrchr(other, '.')
                                                       - other)),
        strrchr(genuine, '.'), NULL);
    free(genuine);
    free(other);
    carbon_jwt_claims out;
    ck_assert_int_eq(carbon_jwt_verify(pool, forged, &keys,
                                       apr_time_from_sec(NOW_SECONDS), &out),
                     CARBON_JWT_BAD_SIGNATURE);
}
END_TEST

START_TEST(truncated_signature_is_rejected)
{
    ck_assert_int_eq(verify_text(hs_token_with_signature("AAAA")),
                     CARBON_JWT_BAD_SIGNATURE);
}
END_TEST

START_TEST(alg_none_is_rejected)
{
    lsso_signer signer = { LSSO_SIGN_NONE, NULL, 0, NULL };
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = both_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
}
END_TEST

START_TEST(alg_none_with_a_valid_hmac_is_rejected)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, "none",
                                                      &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
}
END_TEST

START_TEST(hs256_signed_with_public_key_pem_is_rejected_when_only_rsa_is_configured)
{
    char *public_pem = lsso_public_key_pem(rsa_key);
    lsso_signer signer = hs_signer(public_pem);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = rs_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
    free(public_pem);
}
END_TEST

START_TEST(hs256_signed_with_public_key_pem_is_rejected_when_both_are_configured)
{
    char *public_pem = lsso_public_key_pem(rsa_key);
    lsso_signer signer = hs_signer(public_pem);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = both_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_SIGNATURE);
    free(public_pem);
}
END_TEST

START_TEST(rs256_token_is_rejected_when_only_hs256_is_configured)
{
    lsso_signer signer = rs_signer(rsa_key);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
}
END_TEST

START_TEST(unsupported_alg_is_rejected)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = both_keys();
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, "HS512",
                                                      &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, "hs256",
                                                      &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
}
END_TEST

START_TEST(short_hs256_secret_is_not_honoured)
{
    lsso_signer signer = hs_signer("short-secret");
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    keys.hs256_secret = (const unsigned char *)"short-secret";
    keys.hs256_secret_len = strlen("short-secret");
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_BAD_ALG);
}
END_TEST

START_TEST(header_with_crit_is_rejected)
{
    ck_assert_int_eq(verify_hs_header("{\"alg\":\"HS256\",\"crit\":[\"b64\"],"
                                      "\"b64\":false}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(header_with_duplicate_alg_is_rejected)
{
    ck_assert_int_eq(verify_hs_header("{\"alg\":\"HS256\",\"alg\":\"none\"}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(header_without_alg_is_rejected)
{
    ck_assert_int_eq(verify_hs_header("{\"typ\":\"JWT\"}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

/* ---- malformed tokens ---- */

START_TEST(token_without_dots_is_rejected)
{
    ck_assert_int_eq(verify_text("eyJhbGciOiJIUzI1NiJ9"), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(token_with_four_segments_is_rejected)
{
    char *token = hs_token_with_signature("AAAA.AAAA");
    ck_assert_int_eq(verify_text(token), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(token_with_two_segments_is_rejected)
{
    ck_assert_int_eq(verify_text("eyJhbGciOiJIUzI1NiJ9.e30"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(empty_and_null_tokens_are_rejected)
{
    carbon_jwt_keys keys = both_keys();
    carbon_jwt_claims out;
    ck_assert_int_eq(verify_text(""), CARBON_JWT_MALFORMED);
    ck_assert_int_eq(verify_text(".."), CARBON_JWT_MALFORMED);
    ck_assert_int_eq(carbon_jwt_verify(pool, NULL, &keys, 0, &out),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(signature_with_characters_outside_base64url_is_rejected)
{
    ck_assert_int_eq(verify_text(hs_token_with_signature("ab+/")),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(signature_with_padding_is_rejected)
{
    ck_assert_int_eq(verify_text(hs_token_with_signature("AA==")),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(signature_of_impossible_length_is_rejected)
{
    ck_assert_int_eq(verify_text(hs_token_with_signature("AAAAA")),
                     CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(base64url_with_nonzero_leftover_bits_is_rejected)
{
    /* "e30" is "{}"; "e31" decodes to the same bytes with a stray bit. */
    ck_assert_int_eq(verify_text("e31.e30.AAAA"), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(header_that_is_not_json_is_rejected)
{
    /* "bm90IGpzb24" is "not json". */
    ck_assert_int_eq(verify_text("bm90IGpzb24.e30.AAAA"), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(header_that_is_a_json_array_is_rejected)
{
    ck_assert_int_eq(verify_hs_header("[\"HS256\"]"), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(payload_that_is_not_json_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":"), CARBON_JWT_MALFORMED);
}
END_TEST

START_TEST(oversize_token_is_rejected)
{
    lsso_signer signer = hs_signer(HS_SECRET);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = hs_keys();
    char *long_name = apr_palloc(pool, CARBON_JWT_MAX_TOKEN_LEN);
    memset(long_name, 'a', CARBON_JWT_MAX_TOKEN_LEN - 1);
    long_name[CARBON_JWT_MAX_TOKEN_LEN - 1] = '\0';
    claims.name = long_name;
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_MALFORMED);
}
END_TEST

/* ---- subject and name ---- */

START_TEST(token_without_sub_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.sub = NULL;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_NO_SUBJECT);
}
END_TEST

START_TEST(token_with_empty_sub_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.sub = "";
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_NO_SUBJECT);
}
END_TEST

START_TEST(sub_with_control_characters_is_rejected)
{
    lsso_claims claims = valid_claims();
    claims.sub = "lao\n100";
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_NO_SUBJECT);
}
END_TEST

START_TEST(sub_longer_than_255_bytes_is_rejected)
{
    lsso_claims claims = valid_claims();
    char *long_sub = apr_palloc(pool, 257);
    memset(long_sub, 'u', 256);
    long_sub[256] = '\0';
    claims.sub = long_sub;
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_NO_SUBJECT);
    long_sub[255] = '\0';
    ck_assert_int_eq(verify_hs_claims(&claims), CARBON_JWT_OK);
}
END_TEST

START_TEST(sub_that_is_not_a_string_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":42,\"aud\":\"DLA_CC\","
                                       "\"exp\":1700000300}"),
                     CARBON_JWT_NO_SUBJECT);
}
END_TEST

START_TEST(name_that_is_not_a_string_is_rejected)
{
    ck_assert_int_eq(verify_hs_payload("{\"sub\":\"u\",\"aud\":\"DLA_CC\","
                                       "\"exp\":1700000300,\"name\":[1]}"),
                     CARBON_JWT_MALFORMED);
}
END_TEST

/* ---- status text, key and secret loading ---- */

START_TEST(every_status_has_text)
{
    for (int status = CARBON_JWT_OK; status <= CARBON_JWT_NO_SUBJECT;
         status++) {
        const char *text = carbon_jwt_status_text((carbon_jwt_status)status);
        ck_assert_ptr_nonnull(text);
        ck_assert_int_gt(strlen(text), 0);
    }
}
END_TEST

START_TEST(public_key_pem_is_loaded_and_verifies)
{
    char *pem = lsso_public_key_pem(rsa_key);
    char *path = write_temp_file(pem, strlen(pem));
    free(pem);
    const char *err = NULL;
    EVP_PKEY *loaded = carbon_jwt_load_public_key(pool, path, &err);
    unlink(path);
    ck_assert_ptr_nonnull(loaded);
    ck_assert_ptr_null(err);

    lsso_signer signer = rs_signer(rsa_key);
    lsso_claims claims = valid_claims();
    carbon_jwt_keys keys = { NULL, 0, loaded, AUDIENCE, SKEW };
    ck_assert_int_eq(verify_and_free(lsso_issue_token(&signer, NULL, &claims),
                                     &keys, NULL), CARBON_JWT_OK);
}
END_TEST

START_TEST(missing_public_key_file_gives_error)
{
    const char *err = NULL;
    ck_assert_ptr_null(carbon_jwt_load_public_key(
        pool, "/nonexistent/lsso.pem", &err));
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/lsso.pem"));
}
END_TEST

START_TEST(file_without_public_key_gives_error)
{
    char *path = write_temp_file("not a key\n", 10);
    const char *err = NULL;
    EVP_PKEY *loaded = carbon_jwt_load_public_key(pool, path, &err);
    unlink(path);
    ck_assert_ptr_null(loaded);
    ck_assert_ptr_nonnull(err);
}
END_TEST

START_TEST(rsa_key_under_2048_bits_is_refused)
{
    EVP_PKEY *small = lsso_generate_rsa(1024);
    char *pem = lsso_public_key_pem(small);
    char *path = write_temp_file(pem, strlen(pem));
    free(pem);
    EVP_PKEY_free(small);
    const char *err = NULL;
    EVP_PKEY *loaded = carbon_jwt_load_public_key(pool, path, &err);
    unlink(path);
    ck_assert_ptr_null(loaded);
    ck_assert_ptr_nonnull(strstr(err, "2048"));
}
END_TEST

START_TEST(secret_file_loses_one_trailing_newline)
{
    char *content = apr_pstrcat(pool, HS_SECRET, "\n", NULL);
    char *path = write_temp_file(content, strlen(content));
    const unsigned char *secret = NULL;
    size_t secret_len = 0;
    const char *err = NULL;
    int rc = carbon_jwt_read_secret_file(pool, path, &secret, &secret_len,
                                         &err);
    unlink(path);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(secret_len, strlen(HS_SECRET));
    ck_assert_int_eq(memcmp(secret, HS_SECRET, secret_len), 0);
}
END_TEST

START_TEST(short_secret_file_is_refused_without_showing_the_secret)
{
    char *path = write_temp_file("tiny-secret\n", 12);
    const unsigned char *secret = NULL;
    size_t secret_len = 0;
    const char *err = NULL;
    int rc = carbon_jwt_read_secret_file(pool, path, &secret, &secret_len,
                                         &err);
    unlink(path);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_null(strstr(err, "tiny-secret"));
}
END_TEST

/* ---- suite ---- */

static TCase *new_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, make_pool, destroy_pool);
    return tc;
}

static Suite *jwt_suite(void)
{
    Suite *s = suite_create("jwt");

    TCase *accepted = new_tcase("accepted tokens");
    tcase_add_test(accepted, hs256_token_with_valid_claims_is_accepted);
    tcase_add_test(accepted, rs256_token_with_valid_claims_is_accepted);
    tcase_add_test(accepted, either_alg_is_accepted_when_both_keys_are_configured);
    tcase_add_test(accepted, token_without_name_gives_null_name);
    suite_add_tcase(s, accepted);

    TCase *times = new_tcase("expiry and not-before");
    tcase_add_test(times, expired_token_is_rejected);
    tcase_add_test(times, token_expired_within_skew_is_accepted);
    tcase_add_test(times, token_with_nbf_in_future_is_rejected);
    tcase_add_test(times, token_with_nbf_within_skew_is_accepted);
    tcase_add_test(times, token_without_exp_is_rejected);
    tcase_add_test(times, exp_that_is_not_a_number_is_rejected);
    tcase_add_test(times, fractional_exp_is_accepted);
    tcase_add_test(times, iat_that_is_not_a_number_is_rejected);
    tcase_add_test(times, huge_exp_is_rejected);
    suite_add_tcase(s, times);

    TCase *audience = new_tcase("audience");
    tcase_add_test(audience, wrong_audience_is_rejected);
    tcase_add_test(audience, missing_audience_is_rejected);
    tcase_add_test(audience, audience_array_containing_ours_is_accepted);
    tcase_add_test(audience, audience_array_without_ours_is_rejected);
    tcase_add_test(audience, audience_prefix_is_not_a_match);
    tcase_add_test(audience, unset_configured_audience_refuses_every_token);
    suite_add_tcase(s, audience);

    TCase *signatures = new_tcase("signatures and algorithms");
    tcase_add_test(signatures, hs256_token_signed_with_another_secret_is_rejected);
    tcase_add_test(signatures, rs256_token_signed_with_another_key_is_rejected);
    tcase_add_test(signatures, token_with_changed_payload_is_rejected);
    tcase_add_test(signatures, truncated_signature_is_rejected);
    tcase_add_test(signatures, alg_none_is_rejected);
    tcase_add_test(signatures, alg_none_with_a_valid_hmac_is_rejected);
    tcase_add_test(signatures, hs256_signed_with_public_key_pem_is_rejected_when_only_rsa_is_configured);
    tcase_add_test(signatures, hs256_signed_with_public_key_pem_is_rejected_when_both_are_configured);
    tcase_add_test(signatures, rs256_token_is_rejected_when_only_hs256_is_configured);
    tcase_add_test(signatures, unsupported_alg_is_rejected);
    tcase_add_test(signatures, short_hs256_secret_is_not_honoured);
    tcase_add_test(signatures, header_with_crit_is_rejected);
    tcase_add_test(signatures, header_with_duplicate_alg_is_rejected);
    tcase_add_test(signatures, header_without_alg_is_rejected);
    suite_add_tcase(s, signatures);

    TCase *malformed = new_tcase("malformed tokens");
    tcase_add_test(malformed, token_without_dots_is_rejected);
    tcase_add_test(malformed, token_with_four_segments_is_rejected);
    tcase_add_test(malformed, token_with_two_segments_is_rejected);
    tcase_add_test(malformed, empty_and_null_tokens_are_rejected);
    tcase_add_test(malformed, signature_with_characters_outside_base64url_is_rejected);
    tcase_add_test(malformed, signature_with_padding_is_rejected);
    tcase_add_test(malformed, signature_of_impossible_length_is_rejected);
    tcase_add_test(malformed, base64url_with_nonzero_leftover_bits_is_rejected);
    tcase_add_test(malformed, header_that_is_not_json_is_rejected);
    tcase_add_test(malformed, header_that_is_a_json_array_is_rejected);
    tcase_add_test(malformed, payload_that_is_not_json_is_rejected);
    tcase_add_test(malformed, oversize_token_is_rejected);
    suite_add_tcase(s, malformed);

    TCase *subject = new_tcase("subject and name");
    tcase_add_test(subject, token_without_sub_is_rejected);
    tcase_add_test(subject, token_with_empty_sub_is_rejected);
    tcase_add_test(subject, sub_with_control_characters_is_rejected);
    tcase_add_test(subject, sub_longer_than_255_bytes_is_rejected);
    tcase_add_test(subject, sub_that_is_not_a_string_is_rejected);
    tcase_add_test(subject, name_that_is_not_a_string_is_rejected);
    suite_add_tcase(s, subject);

    TCase *loading = new_tcase("status text and key loading");
    tcase_add_test(loading, every_status_has_text);
    tcase_add_test(loading, public_key_pem_is_loaded_and_verifies);
    tcase_add_test(loading, missing_public_key_file_gives_error);
    tcase_add_test(loading, file_without_public_key_gives_error);
    tcase_add_test(loading, rsa_key_under_2048_bits_is_refused);
    tcase_add_test(loading, secret_file_loses_one_trailing_newline);
    tcase_add_test(loading, short_secret_file_is_refused_without_showing_the_secret);
    suite_add_tcase(s, loading);
    return s;
}

int main(void)
{
    apr_initialize();
    rsa_key = lsso_generate_rsa(2048);
    other_rsa_key = lsso_generate_rsa(2048);
    if (rsa_key == NULL || other_rsa_key == NULL) {
        fputs("test_jwt: cannot generate RSA test keys\n", stderr);
        return EXIT_FAILURE;
    }
    SRunner *runner = srunner_create(jwt_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(other_rsa_key);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
