/* test_filetype.c: the upload content check (libmagic). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "filetype.h"
#include "sample_files.h"

#define MAX CARBON_FILETYPE_MAX_BYTES
#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static apr_pool_t *pool;
static magic_t cookie;

static void setup(void)
{
    const char *err = NULL;

    apr_pool_create(&pool, NULL);
    cookie = carbon_filetype_open(&err);
    ck_assert_msg(cookie != NULL, "%s", err);
}

static void teardown(void)
{
    magic_close(cookie);
    apr_pool_destroy(pool);
}

static carbon_filetype_status check_sample(const char *name, sample_file f,
                                           const char **mime)
{
    const char *ext;
    return carbon_filetype_check(cookie, name, f.bytes, f.len, MAX, mime, &ext);
}

/* f padded with zero bytes to size bytes. */
static sample_file padded(sample_file f, apr_size_t size)
{
    char *buf = apr_pcalloc(pool, size);
    sample_file out;

    memcpy(buf, f.bytes, f.len);
    out.bytes = buf;
    out.len = size;
    return out;
}

/* tests/fixtures/, from this file's path as the Makefile compiles it
 * ("tests/unit/test_filetype.c", run from the project root). */
static const char *fixture_path(const char *name)
{
    const char *here = __FILE__;
    const char *unit = strstr(here, "unit/test_filetype.c");
    apr_size_t dir_len = unit != NULL ? (apr_size_t)(unit - here) : 0;

    return apr_pstrcat(pool, apr_pstrmemdup(pool, here, dir_len), "fixtures/", name, NULL);
}

/* ---- accepted ---------------------------------------------------------- */

START_TEST(real_pdf_is_accepted)
{
    const char *mime, *ext;
    sample_file f = sample_pdf(pool);

    ck_assert_int_eq(carbon_filetype_check(cookie, "report.pdf", f.bytes, f.len, MAX, &mime, &ext),
                     CARBON_FT_OK);
    ck_assert_str_eq(mime, "application/pdf");
    ck_assert_str_eq(ext, ".pdf");
}
END_TEST

START_TEST(real_jpeg_is_accepted)
{
    const char *mime;

    ck_assert_int_eq(check_sample("photo.jpg", sample_jpeg(pool), &mime), CARBON_FT_OK);
    ck_assert_str_eq(mime, "image/jpeg");
}
END_TEST

START_TEST(jpeg_extension_in_any_case_is_accepted)
{
    const char *mime, *ext;
    sample_file f = sample_jpeg(pool);

    ck_assert_int_eq(carbon_filetype_check(cookie, "PHOTO.JPEG", f.bytes, f.len, MAX, &mime, &ext),
                     CARBON_FT_OK);
    ck_assert_str_eq(ext, ".jpeg");
}
END_TEST

START_TEST(word_97_document_is_accepted_as_doc)
{
    const char *mime;

    ck_assert_int_eq(check_sample("หนังสือ.doc", sample_doc(pool), &mime), CARBON_FT_OK);
    ck_assert_str_eq(mime, "application/msword");
}
END_TEST

START_TEST(xlsx_written_by_libxlsxwriter_is_accepted)
{
    const char *mime;
    sample_file f = sample_xlsx(pool);

    ck_assert_ptr_nonnull(f.bytes);
    ck_assert_int_eq(check_sample("รายงาน.xlsx", f, &mime), CARBON_FT_OK);
    ck_assert_str_eq(mime, XLSX_MIME);
}
END_TEST

START_TEST(zip_listing_xl_workbook_that_magic_calls_zip_is_accepted_as_xlsx)
{
    static const char *const names[] = { "docProps/app.xml", "xl/workbook.xml" };
    static const char *const contents[] = { "<Properties/>", "<workbook/>" };
    const char *mime;

    ck_assert_int_eq(check_sample("sheet.xlsx", sample_zip(pool, names, contents, 2), &mime),
                     CARBON_FT_OK);
    ck_assert_str_eq(mime, "application/zip");
}
END_TEST

START_TEST(file_of_exactly_512_kb_is_accepted)
{
    ck_assert_int_eq(check_sample("big.pdf", padded(sample_pdf(pool), MAX), NULL), CARBON_FT_OK);
}
END_TEST

START_TEST(only_the_last_extension_counts)
{
    ck_assert_int_eq(check_sample("scan.exe.pdf", sample_pdf(pool), NULL), CARBON_FT_OK);
    ck_assert_int_eq(check_sample("scan.pdf.exe", sample_pdf(pool), NULL),
                     CARBON_FT_BAD_EXTENSION);
}
END_TEST

/* ---- refused ----------------------------------------------------------- */

START_TEST(html_named_pdf_is_a_content_mismatch)
{
    const char *mime, *ext;

    ck_assert_int_eq(carbon_filetype_check(cookie, "not-really.pdf", SAMPLE_HTML,
                                           strlen(SAMPLE_HTML), MAX, &mime, &ext),
                     CARBON_FT_CONTENT_MISMATCH);
    ck_assert_str_eq(mime, "text/html");
    ck_assert_str_eq(ext, ".pdf");
}
END_TEST

START_TEST(pdf_named_doc_is_a_content_mismatch)
{
    ck_assert_int_eq(check_sample("letter.doc", sample_pdf(pool), NULL),
                     CARBON_FT_CONTENT_MISMATCH);
}
END_TEST

START_TEST(exe_extension_is_refused)
{
    const char *mime = "x", *ext = "x";
    const char mz[] = "MZ\x90\0\3\0\0\0";

    ck_assert_int_eq(carbon_filetype_check(cookie, "setup.exe", mz, sizeof(mz), MAX, &mime, &ext),
                     CARBON_FT_BAD_EXTENSION);
    ck_assert_ptr_null(mime);
    ck_assert_ptr_null(ext);
}
END_TEST

START_TEST(name_without_extension_is_refused)
{
    ck_assert_int_eq(check_sample("pdf", sample_pdf(pool), NULL), CARBON_FT_BAD_EXTENSION);
    ck_assert_int_eq(check_sample("dir.pdf/file", sample_pdf(pool), NULL), CARBON_FT_BAD_EXTENSION);
    ck_assert_int_eq(check_sample(NULL, sample_pdf(pool), NULL), CARBON_FT_BAD_EXTENSION);
}
END_TEST

START_TEST(file_over_512_kb_is_too_large)
{
    const char *mime = "x";

    ck_assert_int_eq(check_sample("big.pdf", padded(sample_pdf(pool), MAX + 1), &mime),
                     CARBON_FT_TOO_LARGE);
    ck_assert_ptr_null(mime);
}
END_TEST

START_TEST(empty_file_is_refused)
{
    ck_assert_int_eq(carbon_filetype_check(cookie, "a.pdf", "", 0, MAX, NULL, NULL),
                     CARBON_FT_EMPTY);
}
END_TEST

START_TEST(compound_file_without_word_stream_is_not_a_doc)
{
    sample_file f = sample_doc(pool);
    char *copy = apr_pmemdup(pool, f.bytes, f.len);
    /* Rename the "WordDocument" entry (directory sector, entry 1). */
    unsigned char *entry = (unsigned char *)copy + 2 * 512 + 128;
    const char *mime;

    entry[0] = 'X';
    f.bytes = copy;
    ck_assert_int_eq(check_sample("fake.doc", f, &mime), CARBON_FT_CONTENT_MISMATCH);
}
END_TEST

START_TEST(zip_with_only_content_types_is_not_an_xlsx)
{
    static const char *const names[] = { "[Content_Types].xml" };
    static const char *const contents[] = { "<Types/>" };
    const char *mime;

    ck_assert_int_eq(check_sample("sheet.xlsx", sample_zip(pool, names, contents, 1), &mime),
                     CARBON_FT_CONTENT_MISMATCH);
    ck_assert_str_eq(mime, "application/zip");
}
END_TEST

START_TEST(truncated_zip_listing_xl_workbook_is_not_an_xlsx)
{
    static const char *const names[] = { "docProps/app.xml", "xl/workbook.xml" };
    static const char *const contents[] = { "<Properties/>", "<workbook/>" };
    sample_file f = sample_zip(pool, names, contents, 2);

    f.len -= 1;
    ck_assert_int_eq(check_sample("sheet.xlsx", f, NULL), CARBON_FT_CONTENT_MISMATCH);
}
END_TEST

START_TEST(xlsx_named_pdf_is_a_content_mismatch)
{
    sample_file f = sample_xlsx(pool);

    ck_assert_ptr_nonnull(f.bytes);
    ck_assert_int_eq(check_sample("sheet.pdf", f, NULL), CARBON_FT_CONTENT_MISMATCH);
}
END_TEST

/* ---- messages ---------------------------------------------------------- */

START_TEST(messages_are_thai)
{
    ck_assert_str_eq(carbon_filetype_message(pool, CARBON_FT_BAD_EXTENSION, NULL, MAX),
                     "อนุญาตเฉพาะไฟล์ .xlsx, .jpg, .pdf, .doc");
    ck_assert_str_eq(carbon_filetype_message(pool, CARBON_FT_CONTENT_MISMATCH, ".pdf", MAX),
                     "เนื้อหาไฟล์ไม่ตรงกับนามสกุล .pdf");
    ck_assert_str_eq(carbon_filetype_message(pool, CARBON_FT_TOO_LARGE, ".pdf", MAX),
                     "ไฟล์มีขนาดเกิน 512 KB");
    ck_assert_str_eq(carbon_filetype_message(pool, CARBON_FT_EMPTY, ".pdf", MAX),
                     "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีเนื้อหา");
    ck_assert_ptr_null(carbon_filetype_message(pool, CARBON_FT_OK, ".pdf", MAX));
}
END_TEST

/* ---- shipped fixtures -------------------------------------------------- */

START_TEST(fixtures_pass_or_fail_as_named)
{
    static const struct {
        const char *name;
        carbon_filetype_status expected;
    } fixtures[] = {
        { "sample.pdf", CARBON_FT_OK },
        { "sample.jpg", CARBON_FT_OK },
        { "sample.doc", CARBON_FT_OK },
        { "sample.xlsx", CARBON_FT_OK },
        { "not-really.pdf", CARBON_FT_CONTENT_MISMATCH },
    };
    size_t i;

    for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
        sample_file f = sample_read_file(pool, fixture_path(fixtures[i].name));
        ck_assert_msg(f.bytes != NULL, "cannot read %s", fixture_path(fixtures[i].name));
        ck_assert_msg(check_sample(fixtures[i].name, f, NULL) == fixtures[i].expected,
                      "%s", fixtures[i].name);
    }
}
END_TEST

static Suite *filetype_suite(void)
{
    Suite *s = suite_create("filetype");
    TCase *tc;

    tc = tcase_create("accepted");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, real_pdf_is_accepted);
    tcase_add_test(tc, real_jpeg_is_accepted);
    tcase_add_test(tc, jpeg_extension_in_any_case_is_accepted);
    tcase_add_test(tc, word_97_document_is_accepted_as_doc);
    tcase_add_test(tc, xlsx_written_by_libxlsxwriter_is_accepted);
    tcase_add_test(tc, zip_listing_xl_workbook_that_magic_calls_zip_is_accepted_as_xlsx);
    tcase_add_test(tc, file_of_exactly_512_kb_is_accepted);
    tcase_add_test(tc, only_the_last_extension_counts);
    suite_add_tcase(s, tc);

    tc = tcase_create("refused");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, html_named_pdf_is_a_content_mismatch);
    tcase_add_test(tc, pdf_named_doc_is_a_content_mismatch);
    tcase_add_test(tc, exe_extension_is_refused);
    tcase_add_test(tc, name_without_extension_is_refused);
    tcase_add_test(tc, file_over_512_kb_is_too_large);
    tcase_add_test(tc, empty_file_is_refused);
    tcase_add_test(tc, compound_file_without_word_stream_is_not_a_doc);
    tcase_add_test(tc, zip_with_only_content_types_is_not_an_xlsx);
    tcase_add_test(tc, truncated_zip_listing_xl_workbook_is_not_an_xlsx);
    tcase_add_test(tc, xlsx_named_pdf_is_a_content_mismatch);
    suite_add_tcase(s, tc);

    tc = tcase_create("messages");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, messages_are_thai);
    suite_add_tcase(s, tc);

    tc = tcase_create("fixtures");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fixtures_pass_or_fail_as_named);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    apr_initialize();
    sr = srunner_create(filetype_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
