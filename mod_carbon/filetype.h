/* filetype.h: the content check for uploaded files, with libmagic.
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * Only .xlsx, .jpg/.jpeg, .pdf and .doc are accepted (the extension is
 * compared case-insensitively), and libmagic's MIME type for the whole
 * file must belong to that extension:
 *   .pdf   application/pdf
 *   .jpg   image/jpeg (.jpeg too)
 *   .doc   application/msword only. libmagic 5.44 says this for a Word
 *          97-2003 compound file: it has a "WordDocument" stream, or a
 *          summary naming Word. application/vnd.ms-office (a compound
 *          file with no Word marker), application/x-ole-storage and
 *          application/CDFV2 (a compound file libmagic cannot read) are
 *          not Word documents and are refused.
 *   .xlsx  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,
 *          or application/zip / application/octet-stream when the file
 *          is a zip (starts with a local file header) whose central
 *          directory lists the entry "xl/workbook.xml". libmagic only
 *          names a zip a workbook when the entries come in the order
 *          Excel writes them; other writers order them differently. A
 *          zip holding only [Content_Types].xml is refused.
 *
 * A libmagic cookie is not thread-safe: keep one per thread (e.g. made in
 * child_init per worker thread, or per request), close with magic_close().
 */
#ifndef CARBON_FILETYPE_H
#define CARBON_FILETYPE_H

#include <stddef.h>
#include <apr_pools.h>
#include <magic.h>

/* The per-file cap of the rules (512 KB). */
#define CARBON_FILETYPE_MAX_BYTES 524288

typedef enum {
    CARBON_FT_OK = 0,
    CARBON_FT_EMPTY,            /* zero bytes */
    CARBON_FT_TOO_LARGE,        /* more than max_bytes */
    CARBON_FT_BAD_EXTENSION,    /* not .xlsx .jpg .jpeg .pdf .doc */
    CARBON_FT_CONTENT_MISMATCH  /* the content is not what the extension says */
} carbon_filetype_status;

/* A cookie with MAGIC_MIME_TYPE | MAGIC_ERROR and the default database.
 * NULL on failure, with *err (static text) saying why. */
magic_t carbon_filetype_open(const char **err);

/* Checks an upload. Checks run in this order: extension, empty, size,
 * content. *ext_out (may be NULL) gets the accepted extension in lower
 * case with its dot (".jpeg" stays ".jpeg"; static storage) once the
 * extension passed, else NULL. *mime_out (may be NULL) gets libmagic's
 * type once the content was examined, else NULL; it lives in the cookie
 * until its next use, so copy it to keep it. When libmagic fails on the
 * content the status is CARBON_FT_CONTENT_MISMATCH with *mime_out NULL
 * (magic_error(cookie) says why). */
carbon_filetype_status carbon_filetype_check(magic_t cookie,
                                             const char *client_filename,
                                             const void *data, size_t len,
                                             size_t max_bytes,
                                             const char **mime_out,
                                             const char **ext_out);

/* A short English description, for logs. Never NULL. */
const char *carbon_filetype_status_text(carbon_filetype_status status);

/* The Thai message for a person; NULL for CARBON_FT_OK. ext is the
 * *ext_out of the check (for CONTENT_MISMATCH), max_bytes its cap. */
const char *carbon_filetype_message(apr_pool_t *pool,
                                    carbon_filetype_status status,
                                    const char *ext, size_t max_bytes);

#endif /* CARBON_FILETYPE_H */
