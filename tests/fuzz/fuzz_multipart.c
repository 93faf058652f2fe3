/* fuzz_multipart.c: libFuzzer target for the multipart/form-data parser.
 *
 * Input: one byte choosing how the rest is cut into chunks, then the body
 * (boundary FUZZ_BOUNDARY). The body is parsed twice, in those chunks and
 * in one piece: both must give the same status, the same error field and
 * the same parts, and the parts must respect the caps. Filenames also go
 * through carbon_multipart_safe_filename, and the whole input through
 * carbon_multipart_boundary as a Content-Type value.
 *
 *   make build/fuzz/fuzz_multipart
 *   build/fuzz/fuzz_multipart -max_total_time=30 tests/fuzz/corpus/multipart
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "multipart.h"

#define FUZZ_BOUNDARY "fuzzBoundary42"

/* Small caps, so that every cap is within reach of short inputs. The body
 * cap is far above libFuzzer's input sizes: an input over it is refused
 * at once in one piece, but only later when chunked. */
static const carbon_multipart_limits fuzz_limits = {
    4,          /* max_parts */
    256,        /* max_header_bytes */
    6,          /* max_header_lines */
    64,         /* max_field_bytes */
    512,        /* max_file_bytes */
    1 << 20     /* max_body_bytes */
};

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    apr_initialize();
    atexit(apr_terminate);
    return 0;
}

/* The size of chunk number i: the selector's low 5 bits give the largest
 * chunk, and bit 5 makes the sizes vary from chunk to chunk. */
static size_t chunk_size(uint8_t selector, size_t i)
{
    size_t largest = (size_t)(selector & 0x1f) + 1;

    if (selector & 0x20)
        return 1 + (i * 7 + selector) % largest;
    return largest;
}

static carbon_multipart_status parse(apr_pool_t *pool, const char *body, size_t len,
                                     uint8_t selector, int whole,
                                     apr_array_header_t **parts, const char **field)
{
    carbon_multipart *mp = carbon_multipart_create(pool, FUZZ_BOUNDARY, &fuzz_limits);
    carbon_multipart_status status = CARBON_MP_OK;
    carbon_multipart_status result;
    apr_array_header_t *again;
    size_t pos = 0;
    size_t i = 0;

    if (whole) {
        status = carbon_multipart_feed(mp, body, len);
    }
    else {
        while (pos < len) {
            size_t n = chunk_size(selector, i++);
            if (n > len - pos)
                n = len - pos;
            status = carbon_multipart_feed(mp, body + pos, n);
            pos += n;
        }
    }
    result = carbon_multipart_finish(mp, parts);
    REQUIRE(status == CARBON_MP_OK || result == status);
    REQUIRE(carbon_multipart_finish(mp, &again) == result && again == *parts);
    *field = carbon_multipart_error_field(mp);
    return result;
}

static int same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static void check_safe_filename(apr_pool_t *pool, const char *client_name)
{
    const char *safe = carbon_multipart_safe_filename(pool, client_name);
    size_t n = strlen(safe);
    size_t i;

    REQUIRE(n > 0 && n <= CARBON_MULTIPART_MAX_FILENAME);
    REQUIRE(safe[0] != '.');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)safe[i];
        REQUIRE(c >= 0x20 && c != 0x7f && c != '/' && c != '\\');
    }
}

static void check_parts(apr_pool_t *pool, apr_array_header_t *parts)
{
    int i;

    REQUIRE(parts != NULL && (size_t)parts->nelts <= fuzz_limits.max_parts);
    for (i = 0; i < parts->nelts; i++) {
        const carbon_multipart_part *p = &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
        size_t cap = p->filename != NULL ? fuzz_limits.max_file_bytes
                                         : fuzz_limits.max_field_bytes;
        REQUIRE(p->name != NULL && p->name[0] != '\0');
        REQUIRE(p->len <= cap);
        REQUIRE(p->data != NULL && p->data[p->len] == '\0');
        if (p->filename != NULL)
            check_safe_filename(pool, p->filename);
    }
}

static void check_same_parts(apr_array_header_t *a, apr_array_header_t *b)
{
    int i;

    REQUIRE(a->nelts == b->nelts);
    for (i = 0; i < a->nelts; i++) {
        const carbon_multipart_part *x = &APR_ARRAY_IDX(a, i, carbon_multipart_part);
        const carbon_multipart_part *y = &APR_ARRAY_IDX(b, i, carbon_multipart_part);
        REQUIRE(same_text(x->name, y->name));
        REQUIRE(same_text(x->filename, y->filename));
        REQUIRE(same_text(x->content_type, y->content_type));
        REQUIRE(x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
    }
}

static void check_boundary_parse(apr_pool_t *pool, const uint8_t *data, size_t size)
{
    const char *content_type = apr_pstrmemdup(pool, (const char *)data, size);
    const char *boundary = NULL;
    carbon_multipart_status status = carbon_multipart_boundary(pool, content_type, &boundary);

    if (status == CARBON_MP_OK) {
        size_t n = strlen(boundary);
        REQUIRE(n >= 1 && n <= CARBON_MULTIPART_MAX_BOUNDARY);
    }
    else {
        REQUIRE(boundary == NULL);
        REQUIRE(status == CARBON_MP_NOT_MULTIPART || status == CARBON_MP_BAD_BOUNDARY);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *pool;
    apr_array_header_t *chunked_parts;
    apr_array_header_t *whole_parts;
    const char *chunked_field;
    const char *whole_field;
    carbon_multipart_status chunked;
    carbon_multipart_status whole;
    const char *body;
    size_t len;

    if (size == 0)
        return 0;
    apr_pool_create(&pool, NULL);
    body = (const char *)data + 1;
    len = size - 1;

    chunked = parse(pool, body, len, data[0], 0, &chunked_parts, &chunked_field);
    whole = parse(pool, body, len, data[0], 1, &whole_parts, &whole_field);
    REQUIRE(chunked == whole);
    REQUIRE(same_text(chunked_field, whole_field));
    REQUIRE(carbon_multipart_status_text(chunked) != NULL);
    REQUIRE((carbon_multipart_user_message(pool, chunked, &fuzz_limits) == NULL)
            == (chunked == CARBON_MP_OK));
    if (chunked == CARBON_MP_OK) {
        check_parts(pool, chunked_parts);
        check_same_parts(chunked_parts, whole_parts);
    }
    else {
        REQUIRE(chunked_parts == NULL && whole_parts == NULL);
    }
    check_boundary_parse(pool, data, size);
    apr_pool_destroy(pool);
    return 0;
}
