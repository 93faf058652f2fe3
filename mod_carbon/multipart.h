/* multipart.h: a streaming, binary-safe multipart/form-data parser
 * (RFC 7578 on top of RFC 2046), with hard caps.
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * The body is fed in chunks of any size, as the input brigade delivers
 * them; a delimiter or a header line may be split at any byte. Parts are
 * small (every size is capped), so their data accumulate in pool memory.
 *
 * Rules:
 * - The delimiter is CRLF "--" boundary and is recognised only at the
 *   start of a line; the first one may also open the body. "--boundary"
 *   anywhere else is data. Whitespace may follow a delimiter before its
 *   CRLF. The close delimiter is "--boundary--". The preamble and the
 *   epilogue are ignored.
 * - Part header lines end with CRLF (a bare CR or LF, a NUL byte, a folded
 *   line, or a line without ':' is malformed). Content-Disposition must be
 *   form-data with a non-empty name; filename is optional and kept raw
 *   (browsers, following WHATWG HTML, send backslashes unescaped and
 *   percent-encode '"', CR and LF, so a quoted string ends at the next
 *   '"' and a backslash is an ordinary byte). filename* is ignored.
 *   Content-Type is kept as sent. Other headers are ignored.
 * - Any cap exceeded, or any syntax error, stops the parser: every later
 *   feed returns the same status.
 *
 * The client's filename is data, never a path: store or show it only
 * after carbon_multipart_safe_filename().
 */
#ifndef CARBON_MULTIPART_H
#define CARBON_MULTIPART_H

#include <apr_pools.h>
#include <apr_tables.h>

/* RFC 2046: a boundary has 1 to 70 characters. */
#define CARBON_MULTIPART_MAX_BOUNDARY 70
/* Longest name carbon_multipart_safe_filename() returns, in bytes. */
#define CARBON_MULTIPART_MAX_FILENAME 200

/* Defaults for carbon_multipart_default_limits(). */
#define CARBON_MULTIPART_DEFAULT_MAX_PARTS         32
#define CARBON_MULTIPART_DEFAULT_MAX_HEADER_BYTES  8192
#define CARBON_MULTIPART_DEFAULT_MAX_HEADER_LINES  16
#define CARBON_MULTIPART_DEFAULT_MAX_FIELD_BYTES   65536
#define CARBON_MULTIPART_DEFAULT_MAX_FILE_BYTES    524288
#define CARBON_MULTIPART_DEFAULT_MAX_BODY_BYTES    (16 * 1024 * 1024)

typedef struct {
    apr_size_t max_parts;        /* parts in one body */
    apr_size_t max_header_bytes; /* one part's header block, CRLFs included */
    apr_size_t max_header_lines; /* header lines in one part */
    apr_size_t max_field_bytes;  /* value of a part without a filename */
    apr_size_t max_file_bytes;   /* data of a part with a filename */
    apr_size_t max_body_bytes;   /* every byte fed, preamble and epilogue too */
} carbon_multipart_limits;

typedef enum {
    CARBON_MP_OK = 0,
    CARBON_MP_NOT_MULTIPART,     /* Content-Type is not multipart/form-data */
    CARBON_MP_BAD_BOUNDARY,      /* boundary missing, empty, too long, bad chars */
    CARBON_MP_MALFORMED,         /* syntax error in the body */
    CARBON_MP_TRUNCATED,         /* the body ended before the close delimiter */
    CARBON_MP_MISSING_NAME,      /* a part without a form-data name */
    CARBON_MP_TOO_MANY_PARTS,
    CARBON_MP_HEADER_TOO_LARGE,  /* a part's header block over max_header_bytes */
    CARBON_MP_TOO_MANY_HEADERS,  /* a part with more than max_header_lines */
    CARBON_MP_FIELD_TOO_LARGE,
    CARBON_MP_FILE_TOO_LARGE,
    CARBON_MP_BODY_TOO_LARGE
} carbon_multipart_status;

/* One part, in body order. Duplicated names are kept, in order. */
typedef struct {
    const char *name;
    const char *filename;      /* NULL for a field; "" when a file input was
                                  sent with no file chosen. Raw: not safe. */
    const char *content_type;  /* as sent, or NULL; never trust it */
    const char *data;          /* len bytes, then a NUL not counted in len */
    apr_size_t len;
} carbon_multipart_part;

typedef struct carbon_multipart carbon_multipart;

/* Fills *lim with the CARBON_MULTIPART_DEFAULT_* values. */
void carbon_multipart_default_limits(carbon_multipart_limits *lim);

/* Takes the boundary from a Content-Type header value such as
 * 'multipart/form-data; boundary="abc"'. On CARBON_MP_OK *boundary is set
 * (pool memory); otherwise CARBON_MP_NOT_MULTIPART or
 * CARBON_MP_BAD_BOUNDARY and *boundary is untouched. */
carbon_multipart_status carbon_multipart_boundary(apr_pool_t *pool,
                                                  const char *content_type,
                                                  const char **boundary);

/* A parser for one body. boundary as returned by carbon_multipart_boundary;
 * *lim is copied. All memory, parts included, comes from pool. */
carbon_multipart *carbon_multipart_create(apr_pool_t *pool,
                                          const char *boundary,
                                          const carbon_multipart_limits *lim);

/* Feeds the next len bytes of the body. CARBON_MP_OK means "go on"; any
 * other status is final and the parser ignores the rest. */
carbon_multipart_status carbon_multipart_feed(carbon_multipart *mp,
                                              const char *buf,
                                              apr_size_t len);

/* Ends the body. On CARBON_MP_OK *parts_out is an array of
 * carbon_multipart_part (possibly empty); otherwise it is set to NULL. */
carbon_multipart_status carbon_multipart_finish(carbon_multipart *mp,
                                                apr_array_header_t **parts_out);

/* The name of the part being read when the parser stopped with an error,
 * so a message can go next to that field; NULL if it was not known yet. */
const char *carbon_multipart_error_field(const carbon_multipart *mp);

/* A short English description, for logs. Never NULL. */
const char *carbon_multipart_status_text(carbon_multipart_status status);

/* The Thai message for a person; NULL for CARBON_MP_OK. lim gives the
 * sizes the message quotes (the defaults when NULL). */
const char *carbon_multipart_user_message(apr_pool_t *pool,
                                          carbon_multipart_status status,
                                          const carbon_multipart_limits *lim);

/* A base name safe to store and to show: the part after the last '/' or
 * '\', without control characters, invalid UTF-8, bidirectional
 * controls and leading dots or spaces; "<>:\"|?*" become '_'; at most
 * CARBON_MULTIPART_MAX_FILENAME bytes, cut on a character boundary and
 * keeping a short extension. Thai letters are kept. Empty becomes "file". */
const char *carbon_multipart_safe_filename(apr_pool_t *pool,
                                           const char *client_name);

#endif /* CARBON_MULTIPART_H */
