/* test_multipart.c: the streaming multipart/form-data parser. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "multipart.h"

#define B "----carbonTest7MA4YWxkTrZu0gW"

static apr_pool_t *pool;

static void setup(void)
{
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static carbon_multipart_limits default_limits(void)
{
    carbon_multipart_limits lim;
    carbon_multipart_default_limits(&lim);
    return lim;
}

/* Parses body in chunks of chunk bytes (0: all at once). */
static carbon_multipart_status parse_chunked(const char *body, apr_size_t len,
                                             apr_size_t chunk,
                                             const carbon_multipart_limits *lim,
                                             apr_array_header_t **parts)
{
    carbon_multipart *mp = carbon_multipart_create(pool, B, lim);
    apr_size_t pos = 0;
    carbon_multipart_status st = CARBON_MP_OK;

    if (chunk == 0)
        chunk = len > 0 ? len : 1;
    while (pos < len && st == CARBON_MP_OK) {
        apr_size_t n = len - pos < chunk ? len - pos : chunk;
        st = carbon_multipart_feed(mp, body + pos, n);
        pos += n;
    }
    return carbon_multipart_finish(mp, parts);
}

static carbon_multipart_status parse(const char *body, apr_size_t len,
                                     apr_array_header_t **parts)
{
    carbon_multipart_limits lim = default_limits();
    return parse_chunked(body, len, 0, &lim, parts);
}

static const carbon_multipart_part *part_at(apr_array_header_t *parts, int i)
{
    return &APR_ARRAY_IDX(parts, i, carbon_multipart_part);
}

static int same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static int same_parts(apr_array_header_t *a, apr_array_header_t *b)
{
    int i;

    if (a == NULL || b == NULL || a->nelts != b->nelts)
        return 0;
    for (i = 0; i < a->nelts; i++) {
        const carbon_multipart_part *x = part_at(a, i);
        const carbon_multipart_part *y = part_at(b, i);
        if (!same_text(x->name, y->name) || !same_text(x->filename, y->filename)
            || !same_text(x->content_type, y->content_type) || x->len != y->len
            || memcmp(x->data, y->data, x->len) != 0)
            return 0;
    }
    return 1;
}

static const char GOOD_BODY[] =
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"project_id\"\r\n"
    "\r\n"
    "12\r\n"
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n"
    "\r\n"
    "ขายคาร์บอนเครดิต\r\n"
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"receipt\"; filename=\"ใบเสร็จ.pdf\"\r\n"
    "Content-Type: application/pdf\r\n"
    "\r\n"
    "%PDF-1.4 not really\r\n"
    "--" B "\r\n"
    "content-disposition: form-data; name=contract; filename=\"c.jpg\"\r\n"
    "Content-Type: image/jpeg\r\n"
    "\r\n"
    "\xff\xd8\xff\xe0 jpeg bytes\r\n"
    "--" B "--\r\n";
#define GOOD_LEN (sizeof(GOOD_BODY) - 1)

/* A body with one field "f" = data (len bytes), as a file when filename. */
static char *one_part_body(const char *filename, const char *data, apr_size_t len,
                           apr_size_t *body_len)
{
    const char *head = apr_pstrcat(pool, "--" B "\r\n"
                                   "Content-Disposition: form-data; name=\"f\"",
                                   filename ? "; filename=\"" : "",
                                   filename ? filename : "", filename ? "\"" : "",
                                   "\r\n\r\n", NULL);
    const char *tail = "\r\n--" B "--\r\n";
    apr_size_t hl = strlen(head), tl = strlen(tail);
    char *body = apr_palloc(pool, hl + len + tl + 1);

    memcpy(body, head, hl);
    memcpy(body + hl, data, len);
    memcpy(body + hl + len, tail, tl + 1);
    *body_len = hl + len + tl;
    return body;
}

static char *filled(apr_size_t n, char c)
{
    char *s = apr_palloc(pool, n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* ---- well-formed bodies ------------------------------------------------ */

START_TEST(good_body_gives_fields_and_two_files_in_order)
{
    apr_array_header_t *parts;
    const carbon_multipart_part *p;

    ck_assert_int_eq(parse(GOOD_BODY, GOOD_LEN, &parts), CARBON_MP_OK);
    ck_assert_int_eq(parts->nelts, 4);
    p = part_at(parts, 0);
    ck_assert_str_eq(p->name, "project_id");
    ck_assert_ptr_null(p->filename);
    ck_assert_ptr_null(p->content_type);
    ck_assert_uint_eq(p->len, 2);
    ck_assert_str_eq(p->data, "12");
    p = part_at(parts, 1);
    ck_assert_str_eq(p->name, "note");
    ck_assert_str_eq(p->data, "ขายคาร์บอนเครดิต");
    p = part_at(parts, 2);
    ck_assert_str_eq(p->name, "receipt");
    ck_assert_str_eq(p->filename, "ใบเสร็จ.pdf");
    ck_assert_str_eq(p->content_type, "application/pdf");
    ck_assert_str_eq(p->data, "%PDF-1.4 not really");
    p = part_at(parts, 3);
    ck_assert_str_eq(p->name, "contract");
    ck_assert_str_eq(p->filename, "c.jpg");
    ck_assert_uint_eq(p->len, 15);
    ck_assert_mem_eq(p->data, "\xff\xd8\xff\xe0 jpeg bytes", 15);
}
END_TEST

START_TEST(feeding_one_byte_at_a_time_gives_the_same_parts)
{
    carbon_multipart_limits lim = default_limits();
    apr_array_header_t *whole, *bytewise;

    ck_assert_int_eq(parse(GOOD_BODY, GOOD_LEN, &whole), CARBON_MP_OK);
    ck_assert_int_eq(parse_chunked(GOOD_BODY, GOOD_LEN, 1, &lim, &bytewise), CARBON_MP_OK);
    ck_assert(same_parts(whole, bytewise));
}
END_TEST

START_TEST(split_into_two_chunks_at_every_byte_gives_the_same_parts)
{
    carbon_multipart_limits lim = default_limits();
    apr_array_header_t *whole, *split;
    apr_size_t cut;

    ck_assert_int_eq(parse(GOOD_BODY, GOOD_LEN, &whole), CARBON_MP_OK);
    for (cut = 1; cut < GOOD_LEN; cut++) {
        carbon_multipart *mp = carbon_multipart_create(pool, B, &lim);
        ck_assert_int_eq(carbon_multipart_feed(mp, GOOD_BODY, cut), CARBON_MP_OK);
        ck_assert_int_eq(carbon_multipart_feed(mp, GOOD_BODY + cut, GOOD_LEN - cut), CARBON_MP_OK);
        ck_assert_int_eq(carbon_multipart_finish(mp, &split), CARBON_MP_OK);
        ck_assert_msg(same_parts(whole, split), "differs when cut at %zu", (size_t)cut);
    }
}
END_TEST

START_TEST(odd_chunk_sizes_give_the_same_parts)
{
    carbon_multipart_limits lim = default_limits();
    apr_array_header_t *whole, *chunked;
    apr_size_t chunk;

    ck_assert_int_eq(parse(GOOD_BODY, GOOD_LEN, &whole), CARBON_MP_OK);
    for (chunk = 2; chunk < 80; chunk++) {
        ck_assert_int_eq(parse_chunked(GOOD_BODY, GOOD_LEN, chunk, &lim, &chunked), CARBON_MP_OK);
        ck_assert_msg(same_parts(whole, chunked), "differs with chunk %zu", (size_t)chunk);
    }
}
END_TEST

START_TEST(boundary_text_not_at_line_start_is_data)
{
    const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n"
        "x--" B "\r\n"
        "y\n--" B "--\r\n"
        "\r--" B "\r\n"
        "--" B "--\r\n";
    const char data[] = "x--" B "\r\ny\n--" B "--\r\n\r--" B;
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_int_eq(parts->nelts, 1);
    ck_assert_uint_eq(part_at(parts, 0)->len, sizeof(data) - 1);
    ck_assert_mem_eq(part_at(parts, 0)->data, data, sizeof(data) - 1);
}
END_TEST

START_TEST(near_miss_of_the_delimiter_after_crlf_is_data)
{
    const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"f\"\r\n\r\n"
        "a\r\n--" "----carbonTest7MA4YWxkTrZu0g" "\r\n\r\r\n-\r\n--" B "--";
    const char data[] = "a\r\n--" "----carbonTest7MA4YWxkTrZu0g" "\r\n\r\r\n-";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_uint_eq(part_at(parts, 0)->len, sizeof(data) - 1);
    ck_assert_mem_eq(part_at(parts, 0)->data, data, sizeof(data) - 1);
}
END_TEST

START_TEST(crlf_inside_file_data_is_kept_exactly)
{
    const char data[] = "\r\n\r\nline1\r\nline2\n\r\r\n\r\n";
    apr_size_t len;
    char *body = one_part_body("a.doc", data, sizeof(data) - 1, &len);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_OK);
    ck_assert_uint_eq(part_at(parts, 0)->len, sizeof(data) - 1);
    ck_assert_mem_eq(part_at(parts, 0)->data, data, sizeof(data) - 1);
}
END_TEST

START_TEST(binary_data_with_nul_bytes_is_kept_exactly)
{
    char data[512];
    apr_size_t i, len;
    char *body;
    apr_array_header_t *parts;

    for (i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 7);
    body = one_part_body("a.jpg", data, sizeof(data), &len);
    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_OK);
    ck_assert_uint_eq(part_at(parts, 0)->len, sizeof(data));
    ck_assert_mem_eq(part_at(parts, 0)->data, data, sizeof(data));
    ck_assert_int_eq(part_at(parts, 0)->data[sizeof(data)], '\0');
}
END_TEST

START_TEST(duplicated_field_names_are_kept_in_order)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"doc\"\r\n\r\none\r\n"
        "--" B "\r\nContent-Disposition: form-data; name=\"doc\"\r\n\r\ntwo\r\n"
        "--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_int_eq(parts->nelts, 2);
    ck_assert_str_eq(part_at(parts, 0)->data, "one");
    ck_assert_str_eq(part_at(parts, 1)->data, "two");
}
END_TEST

START_TEST(preamble_and_epilogue_are_ignored)
{
    const char body[] =
        "preamble text\r\n--not-it\r\n"
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n"
        "--" B "--\r\nepilogue\r\n--" B "\r\ngarbage";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_int_eq(parts->nelts, 1);
    ck_assert_str_eq(part_at(parts, 0)->data, "v");
}
END_TEST

START_TEST(whitespace_after_a_delimiter_is_allowed)
{
    const char body[] =
        "--" B " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n"
        "--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_str_eq(part_at(parts, 0)->data, "v");
}
END_TEST

START_TEST(file_input_without_a_file_has_empty_filename_and_data)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"receipt\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
        "--" B "--\r\n";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_str_eq(part_at(parts, 0)->filename, "");
    ck_assert_uint_eq(part_at(parts, 0)->len, 0);
    ck_assert_str_eq(part_at(parts, 0)->data, "");
}
END_TEST

START_TEST(unknown_part_headers_and_parameters_are_ignored)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"; filename*=UTF-8''x.pdf\r\n"
        "X-Other: whatever\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_OK);
    ck_assert_ptr_null(part_at(parts, 0)->filename);
    ck_assert_str_eq(part_at(parts, 0)->name, "a");
}
END_TEST

/* ---- truncation and syntax errors ------------------------------------- */

START_TEST(body_cut_inside_a_part_is_truncated)
{
    apr_array_header_t *parts = (apr_array_header_t *)1;
    apr_size_t cut;

    for (cut = 0; cut < GOOD_LEN - 10; cut += 7)
        ck_assert_int_eq(parse(GOOD_BODY, cut, &parts), CARBON_MP_TRUNCATED);
    ck_assert_ptr_null(parts);
}
END_TEST

START_TEST(body_without_close_delimiter_is_truncated)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n"
        "--" B "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nw\r\n";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_TRUNCATED);
}
END_TEST

START_TEST(close_delimiter_with_one_dash_is_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" B "-\r\n";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(text_right_after_a_delimiter_is_malformed)
{
    const char body[] =
        "--" B "X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(header_line_ending_in_bare_lf_is_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(header_line_without_colon_is_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition form-data; name=\"a\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(disposition_other_than_form_data_is_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(unterminated_quoted_name_is_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(two_names_in_one_part_are_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(nul_byte_in_a_header_is_malformed)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MALFORMED);
}
END_TEST

START_TEST(part_without_name_is_refused)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MISSING_NAME);
}
END_TEST

START_TEST(part_with_empty_name_is_refused)
{
    const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MISSING_NAME);
}
END_TEST

START_TEST(part_without_content_disposition_is_refused)
{
    const char body[] =
        "--" B "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, sizeof(body) - 1, &parts), CARBON_MP_MISSING_NAME);
}
END_TEST

START_TEST(an_error_is_final_for_later_feeds)
{
    carbon_multipart_limits lim = default_limits();
    carbon_multipart *mp = carbon_multipart_create(pool, B, &lim);
    const char bad[] = "--" B "X";
    const char good[] = "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" B "--";
    apr_array_header_t *parts;

    ck_assert_int_eq(carbon_multipart_feed(mp, bad, sizeof(bad) - 1), CARBON_MP_MALFORMED);
    ck_assert_int_eq(carbon_multipart_feed(mp, good, sizeof(good) - 1), CARBON_MP_MALFORMED);
    ck_assert_int_eq(carbon_multipart_finish(mp, &parts), CARBON_MP_MALFORMED);
    ck_assert_ptr_null(parts);
}
END_TEST

/* ---- caps -------------------------------------------------------------- */

START_TEST(file_of_exactly_the_cap_is_accepted)
{
    apr_size_t len;
    char *body = one_part_body("big.pdf", filled(CARBON_MULTIPART_DEFAULT_MAX_FILE_BYTES, 'x'),
                               CARBON_MULTIPART_DEFAULT_MAX_FILE_BYTES, &len);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_OK);
    ck_assert_uint_eq(part_at(parts, 0)->len, 524288);
}
END_TEST

START_TEST(file_one_byte_over_the_cap_is_refused)
{
    carbon_multipart_limits lim = default_limits();
    apr_size_t len;
    char *body = one_part_body("big.pdf", filled(CARBON_MULTIPART_DEFAULT_MAX_FILE_BYTES + 1, 'x'),
                               CARBON_MULTIPART_DEFAULT_MAX_FILE_BYTES + 1, &len);
    carbon_multipart *mp = carbon_multipart_create(pool, B, &lim);
    apr_array_header_t *parts;

    ck_assert_int_eq(carbon_multipart_feed(mp, body, len), CARBON_MP_FILE_TOO_LARGE);
    ck_assert_int_eq(carbon_multipart_finish(mp, &parts), CARBON_MP_FILE_TOO_LARGE);
    ck_assert_str_eq(carbon_multipart_error_field(mp), "f");
}
END_TEST

START_TEST(file_cap_comes_from_the_limits)
{
    carbon_multipart_limits lim = default_limits();
    apr_size_t len;
    char *body = one_part_body("a.pdf", filled(101, 'x'), 101, &len);
    apr_array_header_t *parts;

    lim.max_file_bytes = 101;
    ck_assert_int_eq(parse_chunked(body, len, 3, &lim, &parts), CARBON_MP_OK);
    lim.max_file_bytes = 100;
    ck_assert_int_eq(parse_chunked(body, len, 3, &lim, &parts), CARBON_MP_FILE_TOO_LARGE);
}
END_TEST

START_TEST(field_over_its_cap_is_refused)
{
    apr_size_t len;
    char *body = one_part_body(NULL, filled(CARBON_MULTIPART_DEFAULT_MAX_FIELD_BYTES + 1, 'x'),
                               CARBON_MULTIPART_DEFAULT_MAX_FIELD_BYTES + 1, &len);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_FIELD_TOO_LARGE);
    body = one_part_body(NULL, filled(CARBON_MULTIPART_DEFAULT_MAX_FIELD_BYTES, 'x'),
                         CARBON_MULTIPART_DEFAULT_MAX_FIELD_BYTES, &len);
    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_OK);
}
END_TEST

static char *body_of_parts(int count, apr_size_t *len)
{
    char *body = "";
    int i;

    for (i = 0; i < count; i++)
        body = apr_psprintf(pool, "%s--" B "\r\nContent-Disposition: form-data; "
                            "name=\"f%d\"\r\n\r\n%d\r\n", body, i, i);
    body = apr_pstrcat(pool, body, "--" B "--\r\n", NULL);
    *len = strlen(body);
    return body;
}

START_TEST(thirty_two_parts_are_accepted)
{
    apr_size_t len;
    char *body = body_of_parts(32, &len);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_OK);
    ck_assert_int_eq(parts->nelts, 32);
}
END_TEST

START_TEST(thirty_three_parts_are_too_many)
{
    apr_size_t len;
    char *body = body_of_parts(33, &len);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, len, &parts), CARBON_MP_TOO_MANY_PARTS);
}
END_TEST

START_TEST(header_block_over_its_cap_is_refused)
{
    const char *body = apr_pstrcat(pool, "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                                   "X-Padding: ", filled(9000, 'p'), "\r\n\r\nv\r\n--" B "--", NULL);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, strlen(body), &parts), CARBON_MP_HEADER_TOO_LARGE);
}
END_TEST

START_TEST(header_block_of_exactly_the_cap_is_accepted)
{
    const char *first = "Content-Disposition: form-data; name=\"a\"\r\n";
    /* first line + "X: " + pad + CRLF + CRLF = 8192 */
    apr_size_t pad = CARBON_MULTIPART_DEFAULT_MAX_HEADER_BYTES - strlen(first) - 3 - 2 - 2;
    const char *body = apr_pstrcat(pool, "--" B "\r\n", first, "X: ", filled(pad, 'p'),
                                   "\r\n\r\nv\r\n--" B "--", NULL);
    apr_array_header_t *parts;

    ck_assert_int_eq(parse(body, strlen(body), &parts), CARBON_MP_OK);
}
END_TEST

START_TEST(too_many_header_lines_are_refused)
{
    char *body = "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n";
    int i;
    apr_array_header_t *parts;

    for (i = 0; i < CARBON_MULTIPART_DEFAULT_MAX_HEADER_LINES; i++)
        body = apr_pstrcat(pool, body, "X-A: b\r\n", NULL);
    body = apr_pstrcat(pool, body, "\r\nv\r\n--" B "--", NULL);
    ck_assert_int_eq(parse(body, strlen(body), &parts), CARBON_MP_TOO_MANY_HEADERS);
}
END_TEST

START_TEST(body_over_the_total_cap_is_refused)
{
    carbon_multipart_limits lim = default_limits();
    apr_array_header_t *parts;

    lim.max_body_bytes = GOOD_LEN;
    ck_assert_int_eq(parse_chunked(GOOD_BODY, GOOD_LEN, 5, &lim, &parts), CARBON_MP_OK);
    lim.max_body_bytes = GOOD_LEN - 1;
    ck_assert_int_eq(parse_chunked(GOOD_BODY, GOOD_LEN, 5, &lim, &parts), CARBON_MP_BODY_TOO_LARGE);
}
END_TEST

/* ---- boundary from Content-Type ---------------------------------------- */

START_TEST(boundary_is_read_plain_or_quoted)
{
    const char *b = NULL;

    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-data; boundary=abc123", &b),
                     CARBON_MP_OK);
    ck_assert_str_eq(b, "abc123");
    ck_assert_int_eq(carbon_multipart_boundary(pool,
                     "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c?\"", &b),
                     CARBON_MP_OK);
    ck_assert_str_eq(b, "a b:c?");
}
END_TEST

START_TEST(missing_or_empty_boundary_is_refused)
{
    const char *b = "unchanged";

    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-data", &b),
                     CARBON_MP_BAD_BOUNDARY);
    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-data; boundary=", &b),
                     CARBON_MP_BAD_BOUNDARY);
    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-data; boundary=\"\"", &b),
                     CARBON_MP_BAD_BOUNDARY);
    ck_assert_str_eq(b, "unchanged");
}
END_TEST

START_TEST(boundary_over_seventy_chars_is_refused)
{
    const char *b;
    const char *seventy = filled(70, 'b');

    ck_assert_int_eq(carbon_multipart_boundary(pool,
                     apr_pstrcat(pool, "multipart/form-data; boundary=", seventy, NULL), &b),
                     CARBON_MP_OK);
    ck_assert_int_eq(carbon_multipart_boundary(pool,
                     apr_pstrcat(pool, "multipart/form-data; boundary=", seventy, "b", NULL), &b),
                     CARBON_MP_BAD_BOUNDARY);
}
END_TEST

START_TEST(boundary_with_bad_characters_is_refused)
{
    const char *b;

    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-data; boundary=\"a\rb\"", &b),
                     CARBON_MP_BAD_BOUNDARY);
    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-data; boundary=\"ab \"", &b),
                     CARBON_MP_BAD_BOUNDARY);
    ck_assert_int_eq(carbon_multipart_boundary(pool,
                     "multipart/form-data; boundary=a; boundary=b", &b),
                     CARBON_MP_BAD_BOUNDARY);
}
END_TEST

START_TEST(other_content_types_are_not_multipart)
{
    const char *b;

    ck_assert_int_eq(carbon_multipart_boundary(pool, "application/x-www-form-urlencoded", &b),
                     CARBON_MP_NOT_MULTIPART);
    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/mixed; boundary=a", &b),
                     CARBON_MP_NOT_MULTIPART);
    ck_assert_int_eq(carbon_multipart_boundary(pool, "multipart/form-dataX; boundary=a", &b),
                     CARBON_MP_NOT_MULTIPART);
    ck_assert_int_eq(carbon_multipart_boundary(pool, NULL, &b), CARBON_MP_NOT_MULTIPART);
}
END_TEST

/* ---- messages ---------------------------------------------------------- */

START_TEST(user_messages_are_thai_and_quote_the_cap)
{
    carbon_multipart_limits lim = default_limits();

    ck_assert_str_eq(carbon_multipart_user_message(pool, CARBON_MP_FILE_TOO_LARGE, &lim),
                     "ไฟล์มีขนาดเกิน 512 KB");
    ck_assert_str_eq(carbon_multipart_user_message(pool, CARBON_MP_MALFORMED, NULL),
                     "ข้อมูลที่ส่งมาไม่ถูกต้อง");
    ck_assert_str_eq(carbon_multipart_user_message(pool, CARBON_MP_TOO_MANY_PARTS, &lim),
                     "ส่งข้อมูลและไฟล์มาเกิน 32 รายการ");
    ck_assert_ptr_null(carbon_multipart_user_message(pool, CARBON_MP_OK, &lim));
    ck_assert_str_eq(carbon_multipart_status_text(CARBON_MP_TRUNCATED),
                     "multipart body ended before its close delimiter");
}
END_TEST

/* ---- safe filename ----------------------------------------------------- */

START_TEST(safe_filename_drops_unix_path)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "../../etc/passwd"), "passwd");
}
END_TEST

START_TEST(safe_filename_drops_windows_path)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "C:\\x\\y.pdf"), "y.pdf");
}
END_TEST

START_TEST(safe_filename_keeps_thai_name)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "ใบเสร็จรับเงิน ปี ๒๕๖๘.pdf"),
                     "ใบเสร็จรับเงิน ปี ๒๕๖๘.pdf");
}
END_TEST

START_TEST(safe_filename_drops_control_characters)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "a\x01" "b\x1f\x7f" "c\r\n.pdf"),
                     "abc.pdf");
}
END_TEST

START_TEST(safe_filename_drops_leading_dots)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "..htaccess"), "htaccess");
}
END_TEST

START_TEST(safe_filename_of_nothing_is_file)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, ""), "file");
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, NULL), "file");
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "a/b/"), "file");
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "..."), "file");
}
END_TEST

START_TEST(safe_filename_drops_bidi_override_and_bad_utf8)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "invoice\xe2\x80\xae" "fdp.exe"),
                     "invoicefdp.exe");
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "a\xff\xc0\xaf" "b.pdf"), "ab.pdf");
}
END_TEST

START_TEST(safe_filename_replaces_characters_windows_forbids)
{
    ck_assert_str_eq(carbon_multipart_safe_filename(pool, "a<b>:c\"d|e?f*.pdf"),
                     "a_b__c_d_e_f_.pdf");
}
END_TEST

START_TEST(safe_filename_cuts_long_thai_name_on_a_character_keeping_extension)
{
    const char *thai = "ก";       /* 3 bytes */
    char *name = "";
    const char *safe;
    int i;

    for (i = 0; i < 100; i++)
        name = apr_pstrcat(pool, name, thai, NULL);
    name = apr_pstrcat(pool, name, ".pdf", NULL);
    safe = carbon_multipart_safe_filename(pool, name);
    ck_assert_uint_le(strlen(safe), CARBON_MULTIPART_MAX_FILENAME);
    ck_assert_uint_eq(strlen(safe), 196 / 3 * 3 + 4);
    ck_assert_str_eq(safe + strlen(safe) - 4, ".pdf");
    ck_assert_mem_eq(safe, name, strlen(safe) - 4);
}
END_TEST

static Suite *multipart_suite(void)
{
    Suite *s = suite_create("multipart");
    TCase *tc;

    tc = tcase_create("well-formed");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, good_body_gives_fields_and_two_files_in_order);
    tcase_add_test(tc, feeding_one_byte_at_a_time_gives_the_same_parts);
    tcase_add_test(tc, split_into_two_chunks_at_every_byte_gives_the_same_parts);
    tcase_add_test(tc, odd_chunk_sizes_give_the_same_parts);
    tcase_add_test(tc, boundary_text_not_at_line_start_is_data);
    tcase_add_test(tc, near_miss_of_the_delimiter_after_crlf_is_data);
    tcase_add_test(tc, crlf_inside_file_data_is_kept_exactly);
    tcase_add_test(tc, binary_data_with_nul_bytes_is_kept_exactly);
    tcase_add_test(tc, duplicated_field_names_are_kept_in_order);
    tcase_add_test(tc, preamble_and_epilogue_are_ignored);
    tcase_add_test(tc, whitespace_after_a_delimiter_is_allowed);
    tcase_add_test(tc, file_input_without_a_file_has_empty_filename_and_data);
    tcase_add_test(tc, unknown_part_headers_and_parameters_are_ignored);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, body_cut_inside_a_part_is_truncated);
    tcase_add_test(tc, body_without_close_delimiter_is_truncated);
    tcase_add_test(tc, close_delimiter_with_one_dash_is_malformed);
    tcase_add_test(tc, text_right_after_a_delimiter_is_malformed);
    tcase_add_test(tc, header_line_ending_in_bare_lf_is_malformed);
    tcase_add_test(tc, header_line_without_colon_is_malformed);
    tcase_add_test(tc, disposition_other_than_form_data_is_malformed);
    tcase_add_test(tc, unterminated_quoted_name_is_malformed);
    tcase_add_test(tc, two_names_in_one_part_are_malformed);
    tcase_add_test(tc, nul_byte_in_a_header_is_malformed);
    tcase_add_test(tc, part_without_name_is_refused);
    tcase_add_test(tc, part_with_empty_name_is_refused);
    tcase_add_test(tc, part_without_content_disposition_is_refused);
    tcase_add_test(tc, an_error_is_final_for_later_feeds);
    suite_add_tcase(s, tc);

    tc = tcase_create("caps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, file_of_exactly_the_cap_is_accepted);
    tcase_add_test(tc, file_one_byte_over_the_cap_is_refused);
    tcase_add_test(tc, file_cap_comes_from_the_limits);
    tcase_add_test(tc, field_over_its_cap_is_refused);
    tcase_add_test(tc, thirty_two_parts_are_accepted);
    tcase_add_test(tc, thirty_three_parts_are_too_many);
    tcase_add_test(tc, header_block_over_its_cap_is_refused);
    tcase_add_test(tc, header_block_of_exactly_the_cap_is_accepted);
    tcase_add_test(tc, too_many_header_lines_are_refused);
    tcase_add_test(tc, body_over_the_total_cap_is_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("boundary");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, boundary_is_read_plain_or_quoted);
    tcase_add_test(tc, missing_or_empty_boundary_is_refused);
    tcase_add_test(tc, boundary_over_seventy_chars_is_refused);
    tcase_add_test(tc, boundary_with_bad_characters_is_refused);
    tcase_add_test(tc, other_content_types_are_not_multipart);
    suite_add_tcase(s, tc);

    tc = tcase_create("messages");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, user_messages_are_thai_and_quote_the_cap);
    suite_add_tcase(s, tc);

    tc = tcase_create("safe filename");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, safe_filename_drops_unix_path);
    tcase_add_test(tc, safe_filename_drops_windows_path);
    tcase_add_test(tc, safe_filename_keeps_thai_name);
    tcase_add_test(tc, safe_filename_drops_control_characters);
    tcase_add_test(tc, safe_filename_drops_leading_dots);
    tcase_add_test(tc, safe_filename_of_nothing_is_file);
    tcase_add_test(tc, safe_filename_drops_bidi_override_and_bad_utf8);
    tcase_add_test(tc, safe_filename_replaces_characters_windows_forbids);
    tcase_add_test(tc, safe_filename_cuts_long_thai_name_on_a_character_keeping_extension);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    apr_initialize();
    sr = srunner_create(multipart_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
