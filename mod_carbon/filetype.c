/* filetype.c: upload content check with libmagic; see filetype.h. */
#include "filetype.h"
#include "multipart.h"

#include <apr_strings.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The accepted extensions and the one MIME type libmagic must report. */
static const struct {
    const char *ext;
    const char *mime;
} allowed_types[] = {
    { ".xlsx", XLSX_MIME },
    { ".jpg",  "image/jpeg" },
    { ".jpeg", "image/jpeg" },
    { ".pdf",  "application/pdf" },
    { ".doc",  "application/msword" },
};
#define ALLOWED_COUNT (sizeof(allowed_types) / sizeof(allowed_types[0]))

magic_t carbon_filetype_open(const char **err)
{
    magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);

    if (cookie == NULL) {
        *err = "libmagic: magic_open failed";
        return NULL;
    }
    if (magic_load(cookie, NULL) != 0) {
        magic_close(cookie);
        *err = "libmagic: cannot load the default magic database";
        return NULL;
    }
    return cookie;
}

/* Index in allowed_types of the filename's extension, or -1. */
static int allowed_index(const char *filename)
{
    const char *slash;
    const char *dot;
    size_t i;

    if (filename == NULL)
        return -1;
    slash = strrchr(filename, '/');
    if (slash != NULL)
        filename = slash + 1;
    slash = strrchr(filename, '\\');
    if (slash != NULL)
        filename = slash + 1;
    dot = strrchr(filename, '.');
    if (dot == NULL)
        return -1;
    for (i = 0; i < ALLOWED_COUNT; i++)
        if (strcasecmp(dot, allowed_types[i].ext) == 0)
            return (int)i;
    return -1;
}

/* ---- zip central directory --------------------------------------------- */

#define ZIP_LOCAL_SIG   0x04034b50u
#define ZIP_CENTRAL_SIG 0x02014b50u
#define ZIP_END_SIG     0x06054b50u
#define ZIP_END_LEN     22
#define ZIP_CENTRAL_LEN 46
#define ZIP_LOCAL_LEN   30

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return le16(p) | (le16(p + 2) << 16);
}

/* Offset of the end-of-central-directory record whose comment runs to the
 * end of the data; 0 when there is none (it can never be at offset 0 in
 * a zip that starts with a local header). */
static size_t find_zip_end(const unsigned char *z, size_t len)
{
    size_t pos = len - ZIP_END_LEN;
    size_t lowest = pos > 0xffff ? pos - 0xffff : 0;

    for (;; pos--) {
        if (le32(z + pos) == ZIP_END_SIG
            && pos + ZIP_END_LEN + le16(z + pos + 20) == len)
            return pos;
        if (pos == lowest)
            return 0;
    }
}

/* 1 when z is a single-disk zip whose central directory lists entry. */
static int zip_lists_entry(const unsigned char *z, size_t len, const char *entry)
{
    size_t entry_len = strlen(entry);
    size_t end_at;
    size_t dir_at;
    size_t dir_end;
    size_t pos;
    uint32_t count;
    uint32_t i;

    if (len < ZIP_LOCAL_LEN + ZIP_END_LEN || le32(z) != ZIP_LOCAL_SIG)
        return 0;
    end_at = find_zip_end(z, len);
    if (end_at == 0 || le16(z + end_at + 4) != 0 || le16(z + end_at + 6) != 0)
        return 0;
    count = le16(z + end_at + 10);
    dir_at = le32(z + end_at + 16);
    if (dir_at > end_at || le32(z + end_at + 12) > end_at - dir_at)
        return 0;
    dir_end = dir_at + le32(z + end_at + 12);
    for (pos = dir_at, i = 0; i < count; i++) {
        size_t name_len;
        size_t record_len;

        if (dir_end - pos < ZIP_CENTRAL_LEN || le32(z + pos) != ZIP_CENTRAL_SIG)
            return 0;
        name_len = le16(z + pos + 28);
        record_len = ZIP_CENTRAL_LEN + name_len + le16(z + pos + 30) + le16(z + pos + 32);
        if (record_len > dir_end - pos)
            return 0;
        if (name_len == entry_len && memcmp(z + pos + ZIP_CENTRAL_LEN, entry, entry_len) == 0)
            return 1;
        pos += record_len;
    }
    return 0;
}

/* A workbook libmagic did not recognise by entry order. */
static int is_unrecognised_workbook(const char *mime, const void *data, size_t len)
{
    if (strcmp(mime, "application/zip") != 0
        && strcmp(mime, "application/octet-stream") != 0)
        return 0;
    return zip_lists_entry(data, len, "xl/workbook.xml");
}

/* ---- the check --------------------------------------------------------- */

carbon_filetype_status carbon_filetype_check(magic_t cookie,
                                             const char *client_filename,
                                             const void *data, size_t len,
                                             size_t max_bytes,
                                             const char **mime_out,
                                             const char **ext_out)
{
    int index = allowed_index(client_filename);
    const char *mime;

    if (mime_out != NULL)
        *mime_out = NULL;
    if (ext_out != NULL)
        *ext_out = NULL;
    if (index < 0)
        return CARBON_FT_BAD_EXTENSION;
    if (ext_out != NULL)
        *ext_out = allowed_types[index].ext;
    if (len == 0)
        return CARBON_FT_EMPTY;
    if (len > max_bytes)
        return CARBON_FT_TOO_LARGE;

    mime = magic_buffer(cookie, data, len);
    if (mime_out != NULL)
        *mime_out = mime;
    if (mime == NULL)
        return CARBON_FT_CONTENT_MISMATCH;
    if (strcmp(mime, allowed_types[index].mime) == 0)
        return CARBON_FT_OK;
    if (strcmp(allowed_types[index].mime, XLSX_MIME) == 0
        && is_unrecognised_workbook(mime, data, len))
        return CARBON_FT_OK;
    return CARBON_FT_CONTENT_MISMATCH;
}

const char *carbon_filetype_status_text(carbon_filetype_status status)
{
    switch (status) {
    case CARBON_FT_OK:               return "ok";
    case CARBON_FT_EMPTY:            return "uploaded file is empty";
    case CARBON_FT_TOO_LARGE:        return "uploaded file too large";
    case CARBON_FT_BAD_EXTENSION:    return "file extension not allowed";
    case CARBON_FT_CONTENT_MISMATCH: return "file content does not match its extension";
    }
    return "unknown file type status";
}

const char *carbon_filetype_message(apr_pool_t *pool,
                                    carbon_filetype_status status,
                                    const char *ext, size_t max_bytes)
{
    carbon_multipart_limits lim;

    switch (status) {
    case CARBON_FT_OK:
        return NULL;
    case CARBON_FT_EMPTY:
        return "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีเนื้อหา";
    case CARBON_FT_TOO_LARGE:
        /* One wording for "file too big", wherever it is found. */
        carbon_multipart_default_limits(&lim);
        lim.max_file_bytes = max_bytes;
        return carbon_multipart_user_message(pool, CARBON_MP_FILE_TOO_LARGE, &lim);
    case CARBON_FT_BAD_EXTENSION:
        return "อนุญาตเฉพาะไฟล์ .xlsx, .jpg, .pdf, .doc";
    case CARBON_FT_CONTENT_MISMATCH:
        if (ext == NULL)
            return "เนื้อหาไฟล์ไม่ตรงกับนามสกุลไฟล์";
        return apr_pstrcat(pool, "เนื้อหาไฟล์ไม่ตรงกับนามสกุล ", ext, NULL);
    }
    return "ไฟล์ไม่ถูกต้อง";
}
