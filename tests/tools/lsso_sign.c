/* lsso_sign.c: signing side of LSSO tokens, for tests and dev tools only. */
#include "lsso_sign.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

static const char BASE64URL_ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *lsso_base64url(const unsigned char *data, size_t len)
{
    char *out = malloc(len / 3 * 4 + 5);
    size_t written = 0;
    unsigned long bits = 0;
    int bit_count = 0;

    if (out == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        bits = (bits << 8) | data[i];
        bit_count += 8;
        while (bit_count >= 6) {
            bit_count -= 6;
            out[written++] = BASE64URL_ALPHABET[(bits >> bit_count) & 0x3F];
        }
    }
    if (bit_count > 0) {
        out[written++] = BASE64URL_ALPHABET[(bits << (6 - bit_count)) & 0x3F];
    }
    out[written] = '\0';
    return out;
}

char *lsso_header_json(const char *alg_header)
{
    json_t *header = json_pack("{s:s, s:s}", "alg", alg_header, "typ", "JWT");
    if (header == NULL) {
        return NULL;
    }
    char *text = json_dumps(header, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(header);
    return text;
}

static void set_optional_string(json_t *object, const char *key,
                                const char *value)
{
    if (value != NULL) {
        json_object_set_new(object, key, json_string(value));
    }
}

static void set_optional_date(json_t *object, const char *key, int present,
                              long long value)
{
    if (present) {
        json_object_set_new(object, key, json_integer(value));
    }
}

char *lsso_claims_json(const lsso_claims *claims)
{
    json_t *payload = json_object();
    if (payload == NULL) {
        return NULL;
    }
    set_optional_string(payload, "sub", claims->sub);
    set_optional_string(payload, "name", claims->name);
    set_optional_string(payload, "aud", claims->aud);
    set_optional_date(payload, "iat", claims->has_iat, claims->iat);
    set_optional_date(payload, "nbf", claims->has_nbf, claims->nbf);
    set_optional_date(payload, "exp", claims->has_exp, claims->exp);
    set_optional_string(payload, "jti", claims->jti);
    set_optional_string(payload, "iss", claims->iss);
    char *text = json_dumps(payload, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(payload);
    return text;
}

/* HMAC-SHA256 or RSASSA-PKCS1-v1_5 SHA-256 of input; malloc'd signature. */
static unsigned char *sign_bytes(const lsso_signer *signer,
                                 const char *input, size_t input_len,
                                 size_t *signature_len)
{
    unsigned char *signature = NULL;
    *signature_len = 0;
    if (signer->kind == LSSO_SIGN_HS256) {
        signature = malloc(EVP_MAX_MD_SIZE);
        if (signature != NULL
            && EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, signer->secret,
                         signer->secret_len, (const unsigned char *)input,
                         input_len, signature, EVP_MAX_MD_SIZE,
                         signature_len) == NULL) {
            free(signature);
            signature = NULL;
        }
        return signature;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t max_len = (size_t)EVP_PKEY_get_size(signer->private_key);
    signature = malloc(max_len);
    *signature_len = max_len;
    if (ctx == NULL || signature == NULL
        || EVP_DigestSignInit_ex(ctx, NULL, "SHA256", NULL, NULL,
                                 signer->private_key, NULL) != 1
        || EVP_DigestSign(ctx, signature, signature_len,
                          (const unsigned char *)input, input_len) != 1) {
        free(signature);
        signature = NULL;
    }
    EVP_MD_CTX_free(ctx);
    return signature;
}

/* "left.right", malloc'd. */
static char *join_with_dot(const char *left, const char *right)
{
    size_t len = strlen(left) + 1 + strlen(right) + 1;
    char *out = malloc(len);
    if (out != NULL) {
        snprintf(out, len, "%s.%s", left, right);
    }
    return out;
}

char *lsso_sign_compact(const lsso_signer *signer, const char *header_json,
                        const char *payload_json)
{
    char *header = lsso_base64url((const unsigned char *)header_json,
                                  strlen(header_json));
    char *payload = lsso_base64url((const unsigned char *)payload_json,
                                   strlen(payload_json));
    char *input = NULL, *signature_text = NULL, *token = NULL;
    unsigned char *signature = NULL;
    size_t signature_len = 0;

    if (header == NULL || payload == NULL) {
        goto done;
    }
    input = join_with_dot(header, payload);
    if (input == NULL) {
        goto done;
    }
    if (signer->kind != LSSO_SIGN_NONE) {
        signature = sign_bytes(signer, input, strlen(input), &signature_len);
        if (signature == NULL) {
            goto done;
        }
    }
    signature_text = lsso_base64url(signature ? signature
                                              : (const unsigned char *)"",
                                    signature_len);
    if (signature_text != NULL) {
        token = join_with_dot(input, signature_text);
    }
done:
    ERR_clear_error();
    free(header);
    free(payload);
    free(input);
    free(signature);
    free(signature_text);
    return token;
}

static const char *kind_alg(lsso_sign_kind kind)
{
    switch (kind) {
    case LSSO_SIGN_HS256:
        return "HS256";
    case LSSO_SIGN_RS256:
        return "RS256";
    case LSSO_SIGN_NONE:
        return "none";
    }
    return "none";
}

char *lsso_issue_token(const lsso_signer *signer, const char *alg_header,
                       const lsso_claims *claims)
{
    char *header = lsso_header_json(alg_header ? alg_header
                                               : kind_alg(signer->kind));
    char *payload = lsso_claims_json(claims);
    char *token = NULL;
    if (header != NULL && payload != NULL) {
        token = lsso_sign_compact(signer, header, payload);
    }
    free(header);
    free(payload);
    return token;
}

EVP_PKEY *lsso_generate_rsa(unsigned int bits)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
    ERR_clear_error();
    return key;
}

char *lsso_public_key_pem(EVP_PKEY *key)
{
    BIO *memory = BIO_new(BIO_s_mem());
    char *pem = NULL;
    if (memory != NULL && PEM_write_bio_PUBKEY(memory, key) == 1) {
        char *data;
        long len = BIO_get_mem_data(memory, &data);
        pem = malloc((size_t)len + 1);
        if (pem != NULL) {
            memcpy(pem, data, (size_t)len);
            pem[len] = '\0';
        }
    }
    BIO_free(memory);
    return pem;
}

static int write_private_pem(EVP_PKEY *key, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        return -1;
    }
    FILE *file = fdopen(fd, "w");
    if (file == NULL) {
        close(fd);
        return -1;
    }
    int ok = PEM_write_PrivateKey(file, key, NULL, NULL, 0, NULL, NULL);
    return (fclose(file) == 0 && ok == 1) ? 0 : -1;
}

static int write_public_pem(EVP_PKEY *key, const char *path)
{
    FILE *file = fopen(path, "w");
    if (file == NULL) {
        return -1;
    }
    int ok = PEM_write_PUBKEY(file, key);
    return (fclose(file) == 0 && ok == 1) ? 0 : -1;
}

int lsso_write_key_pair(EVP_PKEY *key, const char *private_path,
                        const char *public_path)
{
    int rc = (write_private_pem(key, private_path) == 0
              && write_public_pem(key, public_path) == 0) ? 0 : -1;
    ERR_clear_error();
    return rc;
}

EVP_PKEY *lsso_read_private_key(const char *path)
{
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        return NULL;
    }
    EVP_PKEY *key = PEM_read_PrivateKey(file, NULL, NULL, NULL);
    fclose(file);
    ERR_clear_error();
    return key;
}
