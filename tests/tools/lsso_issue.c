/* lsso_issue: a fake LSSO that signs real tokens, for tests and dev work.
 *
 *   lsso_issue --alg HS256 --secret-file FILE --sub SUBJECT [options]
 *   lsso_issue --alg RS256 --key private.pem --sub SUBJECT [options]
 *   lsso_issue --gen-rsa private.pem public.pem
 *
 * Options: --aud AUD (default DLA_CC), --iss ISSUER (default: none), --exp-in SECONDS (default 300, may
 * be negative), --nbf-in SECONDS, --name NAME, --alg-header ALG (write ALG
 * in the header instead; "none" leaves the signature empty), --now EPOCH
 * (default: the clock; for reproducible tokens).
 * Prints the compact token and a newline on stdout. Exit 0 ok, 1 failure,
 * 2 usage. The secret file loses one trailing newline, as mod_carbon's
 * carbon_jwt_read_secret_file() does.
 */
#include "lsso_sign.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SECRET_FILE_LEN 4096
#define DEFAULT_EXP_IN 300
#define GENERATED_RSA_BITS 2048

typedef struct {
    const char *alg;
    const char *secret_path;
    const char *key_path;
    const char *alg_header;
    lsso_claims claims;
    long long exp_in;
    long long nbf_in;
    int has_nbf_in;
    long long now;
} issue_options;

static void print_usage(FILE *to)
{
    fputs("usage: lsso_issue --alg HS256 --secret-file FILE --sub SUBJECT "
          "[options]\n"
          "       lsso_issue --alg RS256 --key PRIVATE.pem --sub SUBJECT "
          "[options]\n"
          "       lsso_issue --gen-rsa PRIVATE.pem PUBLIC.pem\n"
          "options: --aud AUD (default DLA_CC)  --exp-in SECONDS "
          "(default 300)\n"
          "         --nbf-in SECONDS  --name NAME  --iss ISSUER  --alg-header ALG  "
          "--now EPOCH\n", to);
}

static int parse_seconds(const char *text, long long *value)
{
    char *end;
    errno = 0;
    *value = strtoll(text, &end, 10);
    return (errno == 0 && end != text && *end == '\0') ? 0 : -1;
}

/* Reads at most MAX_SECRET_FILE_LEN bytes; drops one trailing newline. */
static unsigned char *read_secret(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    unsigned char *secret = malloc(MAX_SECRET_FILE_LEN + 1);
    size_t read_len = secret ? fread(secret, 1, MAX_SECRET_FILE_LEN + 1, file)
                             : 0;
    fclose(file);
    if (secret == NULL || read_len > MAX_SECRET_FILE_LEN) {
        free(secret);
        return NULL;
    }
    if (read_len > 0 && secret[read_len - 1] == '\n') {
        read_len--;
        if (read_len > 0 && secret[read_len - 1] == '\r') {
            read_len--;
        }
    }
    *len = read_len;
    return secret;
}

static int generate_key_pair(const char *private_path, const char *public_path)
{
    EVP_PKEY *key = lsso_generate_rsa(GENERATED_RSA_BITS);
    int rc = (key != NULL
              && lsso_write_key_pair(key, private_path, public_path) == 0);
    EVP_PKEY_free(key);
    if (!rc) {
        fprintf(stderr, "lsso_issue: cannot write key pair\n");
        return 1;
    }
    return 0;
}

/* Fills opts from argv. 0 ok, 2 usage error. */
static int parse_options(int argc, char **argv, issue_options *opts)
{
    static const struct option long_options[] = {
        { "alg", required_argument, NULL, 'a' },
        { "secret-file", required_argument, NULL, 's' },
        { "key", required_argument, NULL, 'k' },
        { "sub", required_argument, NULL, 'u' },
        { "aud", required_argument, NULL, 'd' },
        { "iss", required_argument, NULL, 'I' },
        { "exp-in", required_argument, NULL, 'e' },
        { "nbf-in", required_argument, NULL, 'n' },
        { "name", required_argument, NULL, 'N' },
        { "alg-header", required_argument, NULL, 'H' },
        { "now", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int has_now = 0, option;

    while ((option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (option) {
        case 'a': opts->alg = optarg; break;
        case 's': opts->secret_path = optarg; break;
        case 'k': opts->key_path = optarg; break;
        case 'u': opts->claims.sub = optarg; break;
        case 'd': opts->claims.aud = optarg; break;
        case 'I': opts->claims.iss = optarg; break;
        case 'N': opts->claims.name = optarg; break;
        case 'H': opts->alg_header = optarg; break;
        case 'e':
            if (parse_seconds(optarg, &opts->exp_in) != 0) return 2;
            break;
        case 'n':
            if (parse_seconds(optarg, &opts->nbf_in) != 0) return 2;
            opts->has_nbf_in = 1;
            break;
        case 't':
            if (parse_seconds(optarg, &opts->now) != 0) return 2;
            has_now = 1;
            break;
        default:
            return 2;
        }
    }
    if (optind != argc || opts->claims.sub == NULL) {
        return 2;
    }
    if (!has_now) {
        opts->now = (long long)time(NULL);
    }
    return 0;
}

/* Sets up signer from the options. 0 ok, 1 failure, 2 usage error.
 * *secret and the private key are the caller's to free. */
static int prepare_signer(const issue_options *opts, lsso_signer *signer,
                          unsigned char **secret)
{
    if (opts->alg_header != NULL && strcmp(opts->alg_header, "none") == 0) {
        signer->kind = LSSO_SIGN_NONE;
        return 0;
    }
    if (opts->alg != NULL && strcmp(opts->alg, "HS256") == 0
        && opts->secret_path != NULL) {
        signer->kind = LSSO_SIGN_HS256;
        *secret = read_secret(opts->secret_path, &signer->secret_len);
        signer->secret = *secret;
        if (*secret == NULL) {
            fprintf(stderr, "lsso_issue: cannot read secret file %s\n",
                    opts->secret_path);
            return 1;
        }
        return 0;
    }
    if (opts->alg != NULL && strcmp(opts->alg, "RS256") == 0
        && opts->key_path != NULL) {
        signer->kind = LSSO_SIGN_RS256;
        signer->private_key = lsso_read_private_key(opts->key_path);
        if (signer->private_key == NULL) {
            fprintf(stderr, "lsso_issue: cannot read private key %s\n",
                    opts->key_path);
            return 1;
        }
        return 0;
    }
    return 2;
}

static int issue(const issue_options *opts)
{
    lsso_signer signer = { LSSO_SIGN_NONE, NULL, 0, NULL };
    unsigned char *secret = NULL;
    lsso_claims claims = opts->claims;

    int rc = prepare_signer(opts, &signer, &secret);
    if (rc == 2) {
        print_usage(stderr);
    }
    if (rc == 0) {
        claims.iat = opts->now;
        claims.has_iat = 1;
        claims.exp = opts->now + opts->exp_in;
        claims.has_exp = 1;
        claims.nbf = opts->now + opts->nbf_in;
        claims.has_nbf = opts->has_nbf_in;
        unsigned char jti_bytes[16];
        char jti[2 * sizeof(jti_bytes) + 1];
        if (RAND_bytes(jti_bytes, sizeof(jti_bytes)) == 1) {
            for (size_t i = 0; i < sizeof(jti_bytes); i++) {
                snprintf(jti + 2 * i, 3, "%02x", jti_bytes[i]);
            }
            claims.jti = jti;
        }
        char *token = lsso_issue_token(&signer, opts->alg_header, &claims);
        if (token == NULL) {
            fprintf(stderr, "lsso_issue: signing failed\n");
            rc = 1;
        }
        else {
            printf("%s\n", token);
            free(token);
        }
    }
    free(secret);
    EVP_PKEY_free(signer.private_key);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--gen-rsa") == 0) {
        return generate_key_pair(argv[2], argv[3]);
    }
    issue_options opts;
    memset(&opts, 0, sizeof opts);
    opts.claims.aud = "DLA_CC";
    opts.exp_in = DEFAULT_EXP_IN;
    int rc = parse_options(argc, argv, &opts);
    if (rc != 0) {
        print_usage(stderr);
        return rc;
    }
    return issue(&opts);
}
