/* multipart.c: streaming multipart/form-data parser; see multipart.h. */
#include "multipart.h"

#include <apr_strings.h>
#include <string.h>
#include <strings.h>

/* Where the parser is in the body. */
typedef enum {
    MP_PREAMBLE,    /* before the first delimiter: discarded */
    MP_AFTER_DELIM, /* a delimiter matched: "--", padding or CRLF next */
    MP_PADDING,     /* whitespace after a delimiter, before its CRLF */
    MP_CLOSE_DASH,  /* the first '-' of the close delimiter's "--" seen */
    MP_DELIM_LF,    /* the CR ending a delimiter line seen, LF next */
    MP_HEADER_LINE, /* inside a part header line */
    MP_HEADER_LF,   /* the CR ending a header line seen, LF next */
    MP_DATA,        /* inside a part's data */
    MP_EPILOGUE     /* after the close delimiter: discarded */
} mp_state;

struct carbon_multipart {
    apr_pool_t *pool;
    carbon_multipart_limits lim;
    const char *delim;          /* CRLF "--" boundary */
    apr_size_t delim_len;
    apr_size_t delim_matched;   /* bytes of delim matched so far */
    mp_state state;
    carbon_multipart_status status;
    apr_size_t body_bytes;
    apr_array_header_t *parts;
    const char *error_field;

    /* The part being read. */
    int has_disposition;
    const char *name;
    const char *filename;
    const char *content_type;
    char *line;                 /* header line; room for max_header_bytes + NUL */
    apr_size_t line_len;
    apr_size_t header_bytes;
    apr_size_t header_lines;
    char *data;                 /* room for data_cap bytes + NUL */
    apr_size_t data_len;
    apr_size_t data_cap;
};

/* ---- small text helpers ------------------------------------------------ */

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* RFC 2045 token character. */
static int is_token_char(char c)
{
    unsigned char u = (unsigned char)c;
    if (u <= 0x20 || u >= 0x7f)
        return 0;
    return strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* RFC 2046 bchars (space allowed except last). */
static int is_boundary_char(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

static const char *skip_ows(const char *p)
{
    while (is_ows(*p))
        p++;
    return p;
}

static const char *skip_token(const char *p)
{
    while (is_token_char(*p))
        p++;
    return p;
}

/* Reads one "; name=value" parameter at *pp (after the type). Returns 1
 * with *name and *value set (pool copies), 0 at the end of the text, -1
 * on a syntax error. A quoted value ends at the next '"' (see header). */
static int next_parameter(apr_pool_t *pool, const char **pp,
                          const char **name, const char **value)
{
    const char *p = skip_ows(*pp);
    const char *start;

    if (*p == '\0')
        return 0;
    if (*p != ';')
        return -1;
    p = skip_ows(p + 1);
    if (*p == '\0') {           /* a trailing ';' */
        *pp = p;
        return 0;
    }
    start = p;
    p = skip_token(p);
    if (p == start)
        return -1;
    *name = apr_pstrmemdup(pool, start, (apr_size_t)(p - start));
    p = skip_ows(p);
    if (*p != '=')
        return -1;
    p = skip_ows(p + 1);
    if (*p == '"') {
        const char *close = strchr(p + 1, '"');
        if (close == NULL)
            return -1;
        *value = apr_pstrmemdup(pool, p + 1, (apr_size_t)(close - p - 1));
        p = close + 1;
    }
    else {
        start = p;
        p = skip_token(p);
        if (p == start)
            return -1;
        *value = apr_pstrmemdup(pool, start, (apr_size_t)(p - start));
    }
    *pp = p;
    return 1;
}

/* 1 when text starts with the media or disposition type word
 * (case-insensitive) followed by the end, whitespace or ';'. */
static int starts_with_type(const char *text, const char *word, const char **rest)
{
    apr_size_t n = strlen(word);
    const char *p = skip_ows(text);

    if (strncasecmp(p, word, n) != 0)
        return 0;
    p += n;
    if (*p != '\0' && *p != ';' && !is_ows(*p))
        return 0;
    *rest = p;
    return 1;
}

static int is_valid_boundary(const char *b)
{
    apr_size_t n = strlen(b);
    apr_size_t i;

    if (n == 0 || n > CARBON_MULTIPART_MAX_BOUNDARY || b[n - 1] == ' ')
        return 0;
    for (i = 0; i < n; i++)
        if (!is_boundary_char(b[i]))
            return 0;
    return 1;
}

/* ---- public: setup ----------------------------------------------------- */

void carbon_multipart_default_limits(carbon_multipart_limits *lim)
{
    lim->max_parts = CARBON_MULTIPART_DEFAULT_MAX_PARTS;
    lim->max_header_bytes = CARBON_MULTIPART_DEFAULT_MAX_HEADER_BYTES;
    lim->max_header_lines = CARBON_MULTIPART_DEFAULT_MAX_HEADER_LINES;
    lim->max_field_bytes = CARBON_MULTIPART_DEFAULT_MAX_FIELD_BYTES;
    lim->max_file_bytes = CARBON_MULTIPART_DEFAULT_MAX_FILE_BYTES;
    lim->max_body_bytes = CARBON_MULTIPART_DEFAULT_MAX_BODY_BYTES;
}

carbon_multipart_status carbon_multipart_boundary(apr_pool_t *pool,
                                                  const char *content_type,
                                                  const char **boundary)
{
    const char *p;
    const char *name;
    const char *value;
    const char *found = NULL;
    int got;

    if (content_type == NULL
        || !starts_with_type(content_type, "multipart/form-data", &p))
        return CARBON_MP_NOT_MULTIPART;
    while ((got = next_parameter(pool, &p, &name, &value)) == 1) {
        if (strcasecmp(name, "boundary") != 0)
            continue;
        if (found != NULL)
            return CARBON_MP_BAD_BOUNDARY;
        found = value;
    }
    if (got < 0 || found == NULL || !is_valid_boundary(found))
        return CARBON_MP_BAD_BOUNDARY;
    *boundary = found;
    return CARBON_MP_OK;
}

static void reset_part(carbon_multipart *mp)
{
    mp->has_disposition = 0;
    mp->name = NULL;
    mp->filename = NULL;
    mp->content_type = NULL;
    mp->line_len = 0;
    mp->header_bytes = 0;
    mp->header_lines = 0;
    mp->data = NULL;
    mp->data_len = 0;
    mp->data_cap = 0;
}

carbon_multipart *carbon_multipart_create(apr_pool_t *pool,
                                          const char *boundary,
                                          const carbon_multipart_limits *lim)
{
    carbon_multipart *mp = apr_pcalloc(pool, sizeof(*mp));

    mp->pool = pool;
    mp->lim = *lim;
    mp->delim = apr_pstrcat(pool, "\r\n--", boundary, NULL);
    mp->delim_len = strlen(mp->delim);
    /* The first delimiter may open the body: act as if a CRLF came first. */
    mp->delim_matched = 2;
    mp->state = MP_PREAMBLE;
    mp->status = CARBON_MP_OK;
    mp->parts = apr_array_make(pool, 8, sizeof(carbon_multipart_part));
    mp->line = apr_palloc(pool, lim->max_header_bytes + 1);
    reset_part(mp);
    return mp;
}

/* ---- parsing ----------------------------------------------------------- */

static carbon_multipart_status fail(carbon_multipart *mp,
                                   carbon_multipart_status status)
{
    mp->status = status;
    mp->error_field = mp->name;
    return status;
}

static apr_size_t part_data_cap(const carbon_multipart *mp)
{
    return mp->filename != NULL ? mp->lim.max_file_bytes : mp->lim.max_field_bytes;
}

/* Makes room for need bytes (need <= the part's cap) plus a NUL. */
static void grow_data(carbon_multipart *mp, apr_size_t need)
{
    apr_size_t cap = part_data_cap(mp);
    apr_size_t new_cap = mp->data_cap > 0 ? mp->data_cap : 1024;
    char *bigger;

    if (need <= mp->data_cap && mp->data != NULL)
        return;
    while (new_cap < need)
        new_cap = new_cap > cap / 2 ? cap : new_cap * 2;
    if (new_cap > cap)
        new_cap = cap;
    bigger = apr_palloc(mp->pool, new_cap + 1);
    if (mp->data_len > 0)
        memcpy(bigger, mp->data, mp->data_len);
    mp->data = bigger;
    mp->data_cap = new_cap;
}

/* Adds bytes to the part's data; 0 (and the parser stopped) over the cap. */
static int append_data(carbon_multipart *mp, const char *bytes, apr_size_t n)
{
    apr_size_t cap = part_data_cap(mp);

    if (n > cap - mp->data_len) {
        fail(mp, mp->filename != NULL ? CARBON_MP_FILE_TOO_LARGE
                                      : CARBON_MP_FIELD_TOO_LARGE);
        return 0;
    }
    if (n == 0)
        return 1;
    grow_data(mp, mp->data_len + n);
    memcpy(mp->data + mp->data_len, bytes, n);
    mp->data_len += n;
    return 1;
}

static void store_part(carbon_multipart *mp)
{
    carbon_multipart_part *part = apr_array_push(mp->parts);

    part->name = mp->name;
    part->filename = mp->filename;
    part->content_type = mp->content_type;
    if (mp->data == NULL) {
        part->data = "";
    }
    else {
        mp->data[mp->data_len] = '\0';
        part->data = mp->data;
    }
    part->len = mp->data_len;
    reset_part(mp);
}

static void start_part(carbon_multipart *mp)
{
    if ((apr_size_t)mp->parts->nelts >= mp->lim.max_parts) {
        fail(mp, CARBON_MP_TOO_MANY_PARTS);
        return;
    }
    reset_part(mp);
    mp->state = MP_HEADER_LINE;
}

static carbon_multipart_status parse_disposition(carbon_multipart *mp,
                                                 const char *value)
{
    const char *p;
    const char *name;
    const char *param;
    int got;

    if (!starts_with_type(value, "form-data", &p))
        return CARBON_MP_MALFORMED;
    while ((got = next_parameter(mp->pool, &p, &name, &param)) == 1) {
        if (strcasecmp(name, "name") == 0) {
            if (mp->name != NULL)
                return CARBON_MP_MALFORMED;
            mp->name = param;
        }
        else if (strcasecmp(name, "filename") == 0) {
            if (mp->filename != NULL)
                return CARBON_MP_MALFORMED;
            mp->filename = param;
        }
    }
    return got < 0 ? CARBON_MP_MALFORMED : CARBON_MP_OK;
}

/* One complete header line, without its CRLF, NUL-terminated in mp->line. */
static carbon_multipart_status parse_header_line(carbon_multipart *mp)
{
    char *line = mp->line;
    char *colon = strchr(line, ':');
    const char *value;
    char *end;

    if (colon == NULL || colon == line || is_ows(line[0]))
        return CARBON_MP_MALFORMED;
    *colon = '\0';
    if (*skip_token(line) != '\0')
        return CARBON_MP_MALFORMED;
    value = skip_ows(colon + 1);
    end = line + mp->line_len;
    while (end > value && is_ows(end[-1]))
        *--end = '\0';

    if (strcasecmp(line, "Content-Disposition") == 0) {
        if (mp->has_disposition)
            return CARBON_MP_MALFORMED;
        mp->has_disposition = 1;
        return parse_disposition(mp, value);
    }
    if (strcasecmp(line, "Content-Type") == 0) {
        if (mp->content_type != NULL)
            return CARBON_MP_MALFORMED;
        mp->content_type = apr_pstrdup(mp->pool, value);
    }
    return CARBON_MP_OK;
}

static void end_headers(carbon_multipart *mp)
{
    if (!mp->has_disposition || mp->name == NULL || mp->name[0] == '\0') {
        fail(mp, CARBON_MP_MISSING_NAME);
        return;
    }
    mp->delim_matched = 0;
    mp->state = MP_DATA;
}

/* Counts one byte of the header block against its cap. */
static int count_header_byte(carbon_multipart *mp)
{
    if (mp->header_bytes >= mp->lim.max_header_bytes) {
        fail(mp, CARBON_MP_HEADER_TOO_LARGE);
        return 0;
    }
    mp->header_bytes++;
    return 1;
}

static apr_size_t read_header_line(carbon_multipart *mp, const char *p, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        if (!count_header_byte(mp))
            return n;
        if (p[i] == '\r') {
            mp->state = MP_HEADER_LF;
            return i + 1;
        }
        if (p[i] == '\n' || p[i] == '\0') {
            fail(mp, CARBON_MP_MALFORMED);
            return n;
        }
        mp->line[mp->line_len++] = p[i];
    }
    return n;
}

static void end_header_line(carbon_multipart *mp, char c)
{
    carbon_multipart_status status;

    if (!count_header_byte(mp))
        return;
    if (c != '\n') {
        fail(mp, CARBON_MP_MALFORMED);
        return;
    }
    if (mp->line_len == 0) {
        end_headers(mp);
        return;
    }
    if (++mp->header_lines > mp->lim.max_header_lines) {
        fail(mp, CARBON_MP_TOO_MANY_HEADERS);
        return;
    }
    mp->line[mp->line_len] = '\0';
    status = parse_header_line(mp);
    if (status != CARBON_MP_OK) {
        fail(mp, status);
        return;
    }
    mp->line_len = 0;
    mp->state = MP_HEADER_LINE;
}

static void delimiter_found(carbon_multipart *mp)
{
    if (mp->state == MP_DATA)
        store_part(mp);
    mp->delim_matched = 0;
    mp->state = MP_AFTER_DELIM;
}

/* Looks for the delimiter in the preamble or a part's data. Bytes that turn
 * out not to be the delimiter are data (kept only in MP_DATA). The
 * boundary has no CR, so after a mismatch no delimiter can start inside
 * the bytes matched so far: only the current byte is looked at again. */
static apr_size_t scan_for_delimiter(carbon_multipart *mp, const char *p, apr_size_t n)
{
    int keep = mp->state == MP_DATA;
    apr_size_t i = 0;

    while (i < n) {
        if (mp->delim_matched == 0) {
            const char *cr = memchr(p + i, '\r', n - i);
            apr_size_t run = cr != NULL ? (apr_size_t)(cr - (p + i)) : n - i;

            if (keep && !append_data(mp, p + i, run))
                return n;
            i += run;
            if (cr != NULL) {
                mp->delim_matched = 1;
                i++;
            }
            continue;
        }
        if (p[i] == mp->delim[mp->delim_matched]) {
            i++;
            if (++mp->delim_matched == mp->delim_len) {
                delimiter_found(mp);
                return i;
            }
            continue;
        }
        if (keep && !append_data(mp, mp->delim, mp->delim_matched))
            return n;
        mp->delim_matched = 0;
    }
    return i;
}

/* The byte after a delimiter, its padding or the first '-' of "--". */
static void after_delimiter(carbon_multipart *mp, char c)
{
    if (mp->state == MP_CLOSE_DASH) {
        if (c == '-')
            mp->state = MP_EPILOGUE;
        else
            fail(mp, CARBON_MP_MALFORMED);
    }
    else if (c == '-' && mp->state == MP_AFTER_DELIM)
        mp->state = MP_CLOSE_DASH;
    else if (is_ows(c))
        mp->state = MP_PADDING;
    else if (c == '\r')
        mp->state = MP_DELIM_LF;
    else
        fail(mp, CARBON_MP_MALFORMED);
}

/* Consumes at least one byte of p in the current state; returns how many. */
static apr_size_t step(carbon_multipart *mp, const char *p, apr_size_t n)
{
    switch (mp->state) {
    case MP_PREAMBLE:
    case MP_DATA:
        return scan_for_delimiter(mp, p, n);
    case MP_AFTER_DELIM:
    case MP_PADDING:
    case MP_CLOSE_DASH:
        after_delimiter(mp, p[0]);
        return 1;
    case MP_DELIM_LF:
        if (p[0] == '\n')
            start_part(mp);
        else
            fail(mp, CARBON_MP_MALFORMED);
        return 1;
    case MP_HEADER_LINE:
        return read_header_line(mp, p, n);
    case MP_HEADER_LF:
        end_header_line(mp, p[0]);
        return 1;
    case MP_EPILOGUE:
        return n;
    }
    fail(mp, CARBON_MP_MALFORMED);
    return n;
}

carbon_multipart_status carbon_multipart_feed(carbon_multipart *mp,
                                              const char *buf,
                                              apr_size_t len)
{
    apr_size_t pos = 0;

    if (mp->status != CARBON_MP_OK)
        return mp->status;
    if (len > mp->lim.max_body_bytes - mp->body_bytes)
        return fail(mp, CARBON_MP_BODY_TOO_LARGE);
    mp->body_bytes += len;
    while (pos < len && mp->status == CARBON_MP_OK)
        pos += step(mp, buf + pos, len - pos);
    return mp->status;
}

carbon_multipart_status carbon_multipart_finish(carbon_multipart *mp,
                                                apr_array_header_t **parts_out)
{
    *parts_out = NULL;
    if (mp->status == CARBON_MP_OK && mp->state != MP_EPILOGUE)
        fail(mp, CARBON_MP_TRUNCATED);
    if (mp->status != CARBON_MP_OK)
        return mp->status;
    *parts_out = mp->parts;
    return CARBON_MP_OK;
}

const char *carbon_multipart_error_field(const carbon_multipart *mp)
{
    return mp->status == CARBON_MP_OK ? NULL : mp->error_field;
}

/* ---- messages ---------------------------------------------------------- */

const char *carbon_multipart_status_text(carbon_multipart_status status)
{
    switch (status) {
    case CARBON_MP_OK:               return "ok";
    case CARBON_MP_NOT_MULTIPART:    return "Content-Type is not multipart/form-data";
    case CARBON_MP_BAD_BOUNDARY:     return "missing or invalid multipart boundary";
    case CARBON_MP_MALFORMED:        return "malformed multipart body";
    case CARBON_MP_TRUNCATED:        return "multipart body ended before its close delimiter";
    case CARBON_MP_MISSING_NAME:     return "multipart part without a form-data name";
    case CARBON_MP_TOO_MANY_PARTS:   return "too many multipart parts";
    case CARBON_MP_HEADER_TOO_LARGE: return "multipart part header block too large";
    case CARBON_MP_TOO_MANY_HEADERS: return "too many multipart part header lines";
    case CARBON_MP_FIELD_TOO_LARGE:  return "multipart field value too large";
    case CARBON_MP_FILE_TOO_LARGE:   return "uploaded file too large";
    case CARBON_MP_BODY_TOO_LARGE:   return "multipart body too large";
    }
    return "unknown multipart status";
}

/* "512 KB", "16 MB" or "1000 ไบต์". */
static const char *size_text(apr_pool_t *pool, apr_size_t bytes)
{
    const apr_size_t kb = 1024;

    if (bytes >= kb * kb && bytes % (kb * kb) == 0)
        return apr_psprintf(pool, "%" APR_SIZE_T_FMT " MB", bytes / (kb * kb));
    if (bytes >= kb && bytes % kb == 0)
        return apr_psprintf(pool, "%" APR_SIZE_T_FMT " KB", bytes / kb);
    return apr_psprintf(pool, "%" APR_SIZE_T_FMT " ไบต์", bytes);
}

const char *carbon_multipart_user_message(apr_pool_t *pool,
                                          carbon_multipart_status status,
                                          const carbon_multipart_limits *lim)
{
    carbon_multipart_limits defaults;

    if (lim == NULL) {
        carbon_multipart_default_limits(&defaults);
        lim = &defaults;
    }
    switch (status) {
    case CARBON_MP_OK:
        return NULL;
    case CARBON_MP_FILE_TOO_LARGE:
        return apr_pstrcat(pool, "ไฟล์มีขนาดเกิน ",
                           size_text(pool, lim->max_file_bytes), NULL);
    case CARBON_MP_FIELD_TOO_LARGE:
        return apr_pstrcat(pool, "ข้อมูลในช่องนี้มีขนาดเกิน ",
                           size_text(pool, lim->max_field_bytes), NULL);
    case CARBON_MP_TOO_MANY_PARTS:
        return apr_psprintf(pool, "ส่งข้อมูลและไฟล์มาเกิน %" APR_SIZE_T_FMT " รายการ",
                            lim->max_parts);
    case CARBON_MP_BODY_TOO_LARGE:
        return apr_pstrcat(pool, "ข้อมูลที่ส่งมามีขนาดรวมเกิน ",
                           size_text(pool, lim->max_body_bytes), NULL);
    case CARBON_MP_TRUNCATED:
        return "ข้อมูลที่ส่งมาไม่ครบ กรุณาส่งใหม่อีกครั้ง";
    default:
        return "ข้อมูลที่ส่งมาไม่ถูกต้อง";
    }
}

/* ---- safe filename ----------------------------------------------------- */

/* Length of the well-formed UTF-8 character at s (1..4) with its code
 * point in *cp, or 0 for an invalid, overlong or surrogate sequence.
 * s is NUL-terminated, so reading up to a NUL is safe. */
static int utf8_char(const unsigned char *s, unsigned long *cp)
{
    int len;
    int i;
    unsigned long min;
    unsigned long v;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2; min = 0x80; v = s[0] & 0x1f;
    }
    else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3; min = 0x800; v = s[0] & 0x0f;
    }
    else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4; min = 0x10000; v = s[0] & 0x07;
    }
    else
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* Control characters, and invisible ones that can disguise an extension
 * (bidirectional overrides, zero-width characters, BOM). */
static int is_unwanted_char(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
        || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e)
        || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *backslash = strrchr(path, '\\');
    const char *last = slash > backslash ? slash : backslash;

    return last != NULL ? last + 1 : path;
}

/* Copies name into out without unwanted characters, replacing the ones
 * Windows forbids in names. out has room for strlen(name) + 1. */
static apr_size_t copy_clean(char *out, const char *name)
{
    const unsigned char *s = (const unsigned char *)name;
    apr_size_t n = 0;

    while (*s != '\0') {
        unsigned long cp;
        int len = utf8_char(s, &cp);

        if (len == 0) {
            s++;
            continue;
        }
        if (!is_unwanted_char(cp)) {
            if (len == 1 && strchr("<>:\"|?*", (int)cp) != NULL)
                out[n] = '_';
            else
                memcpy(out + n, s, (apr_size_t)len);
            n += (apr_size_t)len;
        }
        s += len;
    }
    out[n] = '\0';
    return n;
}

/* The largest length <= max that does not cut a UTF-8 character. */
static apr_size_t utf8_cut(const char *s, apr_size_t max)
{
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return max;
}

/* Shortens name (len bytes) to CARBON_MULTIPART_MAX_FILENAME, keeping an
 * extension of up to 16 bytes. */
static apr_size_t shorten_name(char *name, apr_size_t len)
{
    const apr_size_t max = CARBON_MULTIPART_MAX_FILENAME;
    const char *dot = strrchr(name, '.');
    apr_size_t ext_len = dot != NULL ? len - (apr_size_t)(dot - name) : 0;
    apr_size_t stem_len;

    if (len <= max)
        return len;
    if (ext_len == 0 || ext_len > 16) {
        len = utf8_cut(name, max);
        name[len] = '\0';
        return len;
    }
    stem_len = utf8_cut(name, max - ext_len);
    memmove(name + stem_len, dot, ext_len + 1);
    return stem_len + ext_len;
}

const char *carbon_multipart_safe_filename(apr_pool_t *pool,
                                           const char *client_name)
{
    const char *base;
    char *clean;
    char *start;
    apr_size_t len;

    if (client_name == NULL)
        return "file";
    base = base_name(client_name);
    clean = apr_palloc(pool, strlen(base) + 1);
    len = copy_clean(clean, base);
    start = clean;
    while (*start == '.' || *start == ' ') {
        start++;
        len--;
    }
    while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '.'))
        start[--len] = '\0';
    len = shorten_name(start, len);
    return len > 0 ? start : "file";
}
