/* jwt.c: verification of LSSO sign-in tokens (compact JWS, HS256/RS256).
 *
 * Order of checks: size and shape, header and alg against the configured
 * keys, signature, then (only for a token whose signature holds) the
 * claims. Nothing here logs; callers log carbon_jwt_status_text().
 */
#include "jwt.h"

#include <string.h>

#include <apr_file_io.h>
#include <apr_strings.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#define HS256_MAC_LEN 32
#define MAX_SECRET_FILE_LEN 4096
#define RS256_MIN_KEY_BITS 2048
/* Skew above a year is a configuration mistake; clamping keeps sums safe. */
#define MAX_SKEW_SECONDS (366L * 24 * 60 * 60)
/* 9999-12-31T23:59:59Z: a NumericDate beyond this is not a real date. */
#define MAX_NUMERIC_DATE 253402300799LL

typedef enum { ALG_HS256, ALG_RS256 } jwt_alg;

/* One base64url segment of the token, pointing into the token itself. */
typedef struct {
    const char *start;
    size_t len;
} jwt_segment;

typedef struct {
    jwt_segment header;
    jwt_segment payload;
    jwt_segment signature;
    size_t signing_input_len; /* header '.' payload */
} jwt_parts;

/* ---- base64url (RFC 4648 section 5, no padding, canonical only) ---- */

static int base64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

/* Decodes seg into a pool buffer (NUL-terminated for convenience).
 * Refuses padding, characters outside the alphabet, a length that cannot
 * come from any input, and non-zero leftover bits, so each decoded value
 * has exactly one encoding. Returns 0 on success, -1 otherwise. */
static int base64url_decode(apr_pool_t *p, const jwt_segment *seg,
                            unsigned char **decoded, size_t *decoded_len)
{
    size_t tail = seg->len % 4;
    if (seg->len == 0 || tail == 1) {
        return -1;
    }
    size_t out_len = seg->len / 4 * 3 + (tail ? tail - 1 : 0);
    unsigned char *out = apr_palloc(p, out_len + 1);
    unsigned long bits = 0;
    int bit_count = 0;
    size_t written = 0;

    for (size_t i = 0; i < seg->len; i++) {
        int value = base64url_value((unsigned char)seg->start[i]);
        if (value < 0) {
            return -1;
        }
        bits = (bits << 6) | (unsigned long)value;
        bit_count += 6;
        if (bit_count >= 8) {
            bit_count -= 8;
            out[written++] = (unsigned char)((bits >> bit_count) & 0xFF);
        }
    }
    if ((bits & ((1UL << bit_count) - 1)) != 0) {
        return -1;
    }
    out[written] = '\0';
    *decoded = out;
    *decoded_len = written;
    return 0;
}

/* ---- shape ---- */

/* Splits a token of exactly three segments. 0 on success. */
static int split_token(const char *token, size_t token_len, jwt_parts *parts)
{
    const char *first_dot = memchr(token, '.', token_len);
    if (first_dot == NULL) {
        return -1;
    }
    const char *payload = first_dot + 1;
    size_t rest_len = token_len - (size_t)(payload - token);
    const char *second_dot = memchr(payload, '.', rest_len);
    if (second_dot == NULL) {
        return -1;
    }
    const char *signature = second_dot + 1;
    size_t signature_len = token_len - (size_t)(signature - token);
    if (memchr(signature, '.', signature_len) != NULL) {
        return -1;
    }
    parts->header.start = token;
    parts->header.len = (size_t)(first_dot - token);
    parts->payload.start = payload;
    parts->payload.len = (size_t)(second_dot - payload);
    parts->signature.start = signature;
    parts->signature.len = signature_len;
    parts->signing_input_len = (size_t)(second_dot - token);
    /* An empty signature ("alg":"none") is left for the alg check to name. */
    if (parts->header.len == 0 || parts->payload.len == 0) {
        return -1;
    }
    return 0;
}

/* Decodes a segment and parses it as one JSON object with no duplicate
 * member names. Returns a new reference or NULL. */
static json_t *decode_json_object(apr_pool_t *p, const jwt_segment *seg)
{
    unsigned char *text;
    size_t text_len;
    if (base64url_decode(p, seg, &text, &text_len) != 0) {
        return NULL;
    }
    json_t *object = json_loadb((const char *)text, text_len,
                                JSON_REJECT_DUPLICATES, NULL);
    if (object != NULL && !json_is_object(object)) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* ---- header ---- */

/* Reads "alg" from the header. A header with "crit" names extensions this
 * verifier does not implement, so it is refused (RFC 7515 4.1.11). */
static carbon_jwt_status read_header_alg(const json_t *header, jwt_alg *alg)
{
    if (json_object_get(header, "crit") != NULL) {
        return CARBON_JWT_MALFORMED;
    }
    const char *alg_name = json_string_value(json_object_get(header, "alg"));
    if (alg_name == NULL) {
        return CARBON_JWT_MALFORMED;
    }
    if (strcmp(alg_name, "HS256") == 0) {
        *alg = ALG_HS256;
        return CARBON_JWT_OK;
    }
    if (strcmp(alg_name, "RS256") == 0) {
        *alg = ALG_RS256;
        return CARBON_JWT_OK;
    }
    return CARBON_JWT_BAD_ALG;
}

static int hs256_configured(const carbon_jwt_keys *keys)
{
    return keys->hs256_secret != NULL
        && keys->hs256_secret_len >= CARBON_JWT_MIN_HS256_SECRET_LEN;
}

static int rs256_configured(const carbon_jwt_keys *keys)
{
    return keys->rs256_key != NULL && EVP_PKEY_is_a(keys->rs256_key, "RSA");
}

/* ---- signatures ---- */

static carbon_jwt_status verify_hs256(const carbon_jwt_keys *keys,
                                      const char *signing_input,
                                      size_t signing_input_len,
                                      const unsigned char *signature,
                                      size_t signature_len)
{
    unsigned char expected[EVP_MAX_MD_SIZE];
    size_t expected_len = 0;
    carbon_jwt_status status = CARBON_JWT_BAD_SIGNATURE;

    if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL,
                  keys->hs256_secret, keys->hs256_secret_len,
                  (const unsigned char *)signing_input, signing_input_len,
                  expected, sizeof expected, &expected_len) == NULL) {
        ERR_clear_error();
        return CARBON_JWT_BAD_SIGNATURE;
    }
    if (expected_len == HS256_MAC_LEN && signature_len == HS256_MAC_LEN
        && CRYPTO_memcmp(expected, signature, HS256_MAC_LEN) == 0) {
        status = CARBON_JWT_OK;
    }
    OPENSSL_cleanse(expected, sizeof expected);
    return status;
}

static carbon_jwt_status verify_rs256(const carbon_jwt_keys *keys,
                                      const char *signing_input,
                                      size_t signing_input_len,
                                      const unsigned char *signature,
                                      size_t signature_len)
{
    if (signature_len != (size_t)EVP_PKEY_get_size(keys->rs256_key)) {
        return CARBON_JWT_BAD_SIGNATURE;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) {
        ERR_clear_error();
        return CARBON_JWT_BAD_SIGNATURE;
    }
    carbon_jwt_status status = CARBON_JWT_BAD_SIGNATURE;
    if (EVP_DigestVerifyInit_ex(ctx, NULL, "SHA256", NULL, NULL,
                                keys->rs256_key, NULL) == 1
        && EVP_DigestVerify(ctx, signature, signature_len,
                            (const unsigned char *)signing_input,
                            signing_input_len) == 1) {
        status = CARBON_JWT_OK;
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return status;
}

static carbon_jwt_status verify_signature(apr_pool_t *p, const char *token,
                                          const jwt_parts *parts, jwt_alg alg,
                                          const carbon_jwt_keys *keys)
{
    unsigned char *signature;
    size_t signature_len;
    if (base64url_decode(p, &parts->signature, &signature,
                         &signature_len) != 0) {
        return CARBON_JWT_MALFORMED;
    }
    if (alg == ALG_HS256) {
        return verify_hs256(keys, token, parts->signing_input_len,
                            signature, signature_len);
    }
    return verify_rs256(keys, token, parts->signing_input_len,
                        signature, signature_len);
}

/* ---- claims ---- */

/* Reads an optional NumericDate claim. Sets *present and *seconds.
 * Fractions are dropped. Returns CARBON_JWT_MALFORMED for a value that
 * is not a number or not a plausible date. */
static carbon_jwt_status read_numeric_date(const json_t *payload,
                                           const char *claim, int *present,
                                           long long *seconds)
{
    const json_t *value = json_object_get(payload, claim);
    *present = value != NULL;
    if (value == NULL) {
        return CARBON_JWT_OK;
    }
    if (json_is_integer(value)) {
        *seconds = json_integer_value(value);
    }
    else if (json_is_real(value) && json_real_value(value) >= 0.0
             && json_real_value(value) <= (double)MAX_NUMERIC_DATE) {
        *seconds = (long long)json_real_value(value); /* NaN fails above */
    }
    else {
        return CARBON_JWT_MALFORMED;
    }
    if (*seconds < 0 || *seconds > MAX_NUMERIC_DATE) {
        return CARBON_JWT_MALFORMED;
    }
    return CARBON_JWT_OK;
}

static long long clamped_skew(const carbon_jwt_keys *keys)
{
    if (keys->skew_seconds < 0) {
        return 0;
    }
    if (keys->skew_seconds > MAX_SKEW_SECONDS) {
        return MAX_SKEW_SECONDS;
    }
    return keys->skew_seconds;
}

/* exp is required; nbf and iat are optional but must be dates. */
static carbon_jwt_status check_times(const json_t *payload,
                                     const carbon_jwt_keys *keys,
                                     apr_time_t now, long long *exp)
{
    int exp_present, nbf_present, iat_present;
    long long nbf = 0, iat = 0;

    if (read_numeric_date(payload, "exp", &exp_present, exp) != CARBON_JWT_OK
        || !exp_present
        || read_numeric_date(payload, "nbf", &nbf_present, &nbf)
               != CARBON_JWT_OK
        || read_numeric_date(payload, "iat", &iat_present, &iat)
               != CARBON_JWT_OK) {
        return CARBON_JWT_MALFORMED;
    }
    long long now_seconds = (long long)apr_time_sec(now);
    long long skew = clamped_skew(keys);
    if (now_seconds > *exp + skew) {
        return CARBON_JWT_EXPIRED;
    }
    if (nbf_present && now_seconds + skew < nbf) {
        return CARBON_JWT_NOT_YET_VALID;
    }
    return CARBON_JWT_OK;
}

static int string_equals(const json_t *value, const char *expected)
{
    const char *text = json_string_value(value);
    return text != NULL && json_string_length(value) == strlen(expected)
        && strcmp(text, expected) == 0;
}

/* "aud" is one string or an array of strings; one must be the audience. */
static carbon_jwt_status check_audience(const json_t *payload,
                                        const char *audience)
{
    const json_t *aud = json_object_get(payload, "aud");
    if (audience == NULL || audience[0] == '\0' || aud == NULL) {
        return CARBON_JWT_WRONG_AUDIENCE;
    }
    if (json_is_string(aud)) {
        return string_equals(aud, audience) ? CARBON_JWT_OK
                                            : CARBON_JWT_WRONG_AUDIENCE;
    }
    if (!json_is_array(aud)) {
        return CARBON_JWT_MALFORMED;
    }
    size_t index;
    const json_t *member;
    json_array_foreach(aud, index, member) {
        if (string_equals(member, audience)) {
            return CARBON_JWT_OK;
        }
    }
    return CARBON_JWT_WRONG_AUDIENCE;
}

/* Visible ASCII only: subjects end up in logs and database keys. */
static int is_plain_identifier(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x21 || c > 0x7E) {
            return 0;
        }
    }
    return 1;
}

static carbon_jwt_status read_subject(apr_pool_t *p, const json_t *payload,
                                      const char **sub)
{
    const json_t *value = json_object_get(payload, "sub");
    const char *text = json_string_value(value);
    if (text == NULL) {
        return CARBON_JWT_NO_SUBJECT;
    }
    size_t len = json_string_length(value);
    if (len == 0 || len > CARBON_JWT_MAX_SUBJECT_LEN
        || !is_plain_identifier(text, len)) {
        return CARBON_JWT_NO_SUBJECT;
    }
    *sub = apr_pstrmemdup(p, text, len);
    return CARBON_JWT_OK;
}

/* jansson has already checked UTF-8; refuse control characters too. */
static int has_no_control_chars(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7F) {
            return 0;
        }
    }
    return 1;
}

static carbon_jwt_status read_name(apr_pool_t *p, const json_t *payload,
                                   const char **name)
{
    const json_t *value = json_object_get(payload, "name");
    *name = NULL;
    if (value == NULL || json_is_null(value)) {
        return CARBON_JWT_OK;
    }
    const char *text = json_string_value(value);
    if (text == NULL) {
        return CARBON_JWT_MALFORMED;
    }
    size_t len = json_string_length(value);
    if (len > CARBON_JWT_MAX_NAME_LEN || !has_no_control_chars(text, len)) {
        return CARBON_JWT_MALFORMED;
    }
    *name = apr_pstrmemdup(p, text, len);
    return CARBON_JWT_OK;
}

static carbon_jwt_status read_claims(apr_pool_t *p, const json_t *payload,
                                     const carbon_jwt_keys *keys,
                                     apr_time_t now, carbon_jwt_claims *out)
{
    long long exp = 0;
    carbon_jwt_status status = check_times(payload, keys, now, &exp);
    if (status == CARBON_JWT_OK) {
        status = check_audience(payload, keys->audience);
    }
    if (status == CARBON_JWT_OK && keys->issuer != NULL) {
        status = string_equals(json_object_get(payload, "iss"), keys->issuer)
                 ? CARBON_JWT_OK : CARBON_JWT_WRONG_ISSUER;
    }
    if (status == CARBON_JWT_OK) {
        status = read_subject(p, payload, &out->sub);
    }
    if (status == CARBON_JWT_OK) {
        status = read_name(p, payload, &out->name);
    }
    out->exp = (long)exp;
    return status;
}

/* ---- public ---- */

/* Header checks: the alg must be one whose key is configured. */
static carbon_jwt_status check_header(apr_pool_t *p, const jwt_parts *parts,
                                      const carbon_jwt_keys *keys,
                                      jwt_alg *alg)
{
    json_t *header = decode_json_object(p, &parts->header);
    if (header == NULL) {
        return CARBON_JWT_MALFORMED;
    }
    carbon_jwt_status status = read_header_alg(header, alg);
    json_decref(header);
    if (status != CARBON_JWT_OK) {
        return status;
    }
    if ((*alg == ALG_HS256 && !hs256_configured(keys))
        || (*alg == ALG_RS256 && !rs256_configured(keys))) {
        return CARBON_JWT_BAD_ALG;
    }
    return CARBON_JWT_OK;
}

carbon_jwt_status carbon_jwt_verify(apr_pool_t *p, const char *token,
                                    const carbon_jwt_keys *keys,
                                    apr_time_t now, carbon_jwt_claims *out)
{
    jwt_parts parts;
    jwt_alg alg;
    carbon_jwt_claims claims = { NULL, NULL, 0 };

    memset(out, 0, sizeof *out);
    if (token == NULL || keys == NULL) {
        return CARBON_JWT_MALFORMED;
    }
    size_t token_len = strnlen(token, CARBON_JWT_MAX_TOKEN_LEN + 1);
    if (token_len > CARBON_JWT_MAX_TOKEN_LEN
        || split_token(token, token_len, &parts) != 0) {
        return CARBON_JWT_MALFORMED;
    }
    carbon_jwt_status status = check_header(p, &parts, keys, &alg);
    if (status != CARBON_JWT_OK) {
        return status;
    }
    status = verify_signature(p, token, &parts, alg, keys);
    if (status != CARBON_JWT_OK) {
        return status;
    }
    json_t *payload = decode_json_object(p, &parts.payload);
    if (payload == NULL) {
        return CARBON_JWT_MALFORMED;
    }
    status = read_claims(p, payload, keys, now, &claims);
    json_decref(payload);
    if (status == CARBON_JWT_OK) {
        *out = claims;
    }
    return status;
}

const char *carbon_jwt_status_text(carbon_jwt_status status)
{
    switch (status) {
    case CARBON_JWT_OK:
        return "token valid";
    case CARBON_JWT_MALFORMED:
        return "token malformed or missing a required claim";
    case CARBON_JWT_BAD_ALG:
        return "token algorithm not accepted for the configured keys";
    case CARBON_JWT_BAD_SIGNATURE:
        return "token signature invalid";
    case CARBON_JWT_EXPIRED:
        return "token expired";
    case CARBON_JWT_NOT_YET_VALID:
        return "token not yet valid (nbf in the future)";
    case CARBON_JWT_WRONG_AUDIENCE:
        return "token audience does not include this service";
    case CARBON_JWT_NO_SUBJECT:
        return "token subject missing or invalid";
    case CARBON_JWT_WRONG_ISSUER:
        return "token issuer (iss) is not CarbonLssoIssuer";
    }
    return "token rejected (unknown status)";
}

/* ---- key loading ---- */

static apr_status_t free_public_key(void *key)
{
    EVP_PKEY_free(key);
    return APR_SUCCESS;
}

static const char *openssl_reason(apr_pool_t *p)
{
    unsigned long code = ERR_peek_last_error();
    const char *reason = code ? ERR_reason_error_string(code) : NULL;
    ERR_clear_error();
    return apr_pstrdup(p, reason ? reason : "no details");
}

EVP_PKEY *carbon_jwt_load_public_key(apr_pool_t *p, const char *pem_path,
                                     const char **err)
{
    *err = NULL;
    BIO *file = BIO_new_file(pem_path, "r");
    if (file == NULL) {
        *err = apr_psprintf(p, "cannot open RSA public key file %s: %s",
                            pem_path, openssl_reason(p));
        return NULL;
    }
    EVP_PKEY *key = PEM_read_bio_PUBKEY(file, NULL, NULL, NULL);
    BIO_free(file);
    if (key == NULL) {
        *err = apr_psprintf(p, "%s holds no PEM public key "
                            "(expected \"BEGIN PUBLIC KEY\"): %s",
                            pem_path, openssl_reason(p));
        return NULL;
    }
    if (!EVP_PKEY_is_a(key, "RSA")) {
        *err = apr_psprintf(p, "%s is not an RSA public key", pem_path);
    }
    else if (EVP_PKEY_get_bits(key) < RS256_MIN_KEY_BITS) {
        *err = apr_psprintf(p, "%s: RSA key of %d bits, at least %d needed",
                            pem_path, EVP_PKEY_get_bits(key),
                            RS256_MIN_KEY_BITS);
    }
    if (*err != NULL) {
        EVP_PKEY_free(key);
        return NULL;
    }
    apr_pool_cleanup_register(p, key, free_public_key,
                              apr_pool_cleanup_null);
    return key;
}

/* ---- shared secret ---- */

static size_t without_trailing_newline(const char *text, size_t len)
{
    if (len > 0 && text[len - 1] == '\n') {
        len--;
        if (len > 0 && text[len - 1] == '\r') {
            len--;
        }
    }
    return len;
}

int carbon_jwt_read_secret_file(apr_pool_t *p, const char *path,
                                const unsigned char **secret,
                                size_t *secret_len, const char **err)
{
    apr_file_t *file;
    char *buffer = apr_palloc(p, MAX_SECRET_FILE_LEN + 1);
    apr_size_t read_len = 0;

    *err = NULL;
    apr_status_t rv = apr_file_open(&file, path, APR_FOPEN_READ,
                                    APR_FPROT_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        char reason[120];
        *err = apr_psprintf(p, "cannot open HS256 secret file %s: %s", path,
                            apr_strerror(rv, reason, sizeof reason));
        return -1;
    }
    rv = apr_file_read_full(file, buffer, MAX_SECRET_FILE_LEN + 1, &read_len);
    apr_file_close(file);
    if (rv != APR_SUCCESS && rv != APR_EOF) {
        *err = apr_psprintf(p, "cannot read HS256 secret file %s", path);
        return -1;
    }
    if (read_len > MAX_SECRET_FILE_LEN) {
        *err = apr_psprintf(p, "HS256 secret file %s is larger than %d bytes",
                            path, MAX_SECRET_FILE_LEN);
        return -1;
    }
    size_t len = without_trailing_newline(buffer, read_len);
    if (len < CARBON_JWT_MIN_HS256_SECRET_LEN) {
        *err = apr_psprintf(p, "HS256 secret in %s is shorter than %d bytes",
                            path, CARBON_JWT_MIN_HS256_SECRET_LEN);
        return -1;
    }
    *secret = (const unsigned char *)buffer;
    *secret_len = len;
    return 0;
}
