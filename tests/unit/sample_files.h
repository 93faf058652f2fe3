/* sample_files.h: small, valid upload samples built in memory, for
 * tests/unit/test_filetype.c and tests/fixtures/make_fixtures.c.
 *
 * - PDF: a one-page PDF 1.4 with a correct xref table.
 * - JPEG: a 1x1 grey baseline JFIF (one 8x8 block, DC 0, EOB).
 * - DOC: a Word 97 binary document as an OLE2 compound file (CDF v3,
 *   512-byte sectors): root entry with Word's CLSID, a "WordDocument"
 *   stream starting with a Word 97 FIB (wIdent 0xA5EC, nFib 0x00C1) and a
 *   "1Table" stream. Both streams are 4096 bytes, so they live in normal
 *   sectors and no mini stream is needed.
 * - XLSX: written by libxlsxwriter (one sheet, two cells).
 * - ZIP: stored (uncompressed) archives with chosen entry names.
 * All memory comes from the given pool.
 */
#ifndef CARBON_TEST_SAMPLE_FILES_H
#define CARBON_TEST_SAMPLE_FILES_H

#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct {
    const char *bytes;
    apr_size_t len;
} sample_file;

static const char SAMPLE_HTML[] = "<html><script>alert(1)</script></html>\n";

static inline sample_file sample_pdf(apr_pool_t *pool)
{
    static const char *objects[] = {
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n",
    };
    const char *doc = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    const char *xref = "xref\n0 4\n0000000000 65535 f \n";
    apr_size_t i;
    sample_file out;

    for (i = 0; i < 3; i++) {
        xref = apr_psprintf(pool, "%s%010lu 00000 n \n", xref,
                            (unsigned long)strlen(doc));
        doc = apr_pstrcat(pool, doc, objects[i], NULL);
    }
    out.bytes = apr_psprintf(pool,
                             "%s%strailer\n<< /Size 4 /Root 1 0 R >>\n"
                             "startxref\n%lu\n%%%%EOF\n",
                             doc, xref, (unsigned long)strlen(doc));
    out.len = strlen(out.bytes);
    return out;
}

static inline sample_file sample_jpeg(apr_pool_t *pool)
{
    static const unsigned char head[] = {
        0xFF, 0xD8,                                     /* SOI */
        0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01,
        0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,       /* APP0 JFIF 1.1 */
        0xFF, 0xDB, 0x00, 0x43, 0x00                    /* DQT, 64 ones follow */
    };
    static const unsigned char tail[] = {
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01,
        0x01, 0x01, 0x11, 0x00,                         /* SOF0 1x1, 1 comp */
        0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0x00,                      /* DHT DC: 1 code, cat 0 */
        0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0x00,                      /* DHT AC: 1 code, EOB */
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, /* SOS */
        0x3F,                                           /* "0" "0" + 1-padding */
        0xFF, 0xD9                                      /* EOI */
    };
    unsigned char *buf = apr_palloc(pool, sizeof(head) + 64 + sizeof(tail));
    sample_file out;

    memcpy(buf, head, sizeof(head));
    memset(buf + sizeof(head), 1, 64);
    memcpy(buf + sizeof(head) + 64, tail, sizeof(tail));
    out.bytes = (const char *)buf;
    out.len = sizeof(head) + 64 + sizeof(tail);
    return out;
}

static inline void put_le16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
}

static inline void put_le32(unsigned char *p, uint32_t v)
{
    put_le16(p, v & 0xffff);
    put_le16(p + 2, (v >> 16) & 0xffff);
}

#define CDF_SECTOR 512
#define CDF_ENDOFCHAIN 0xFFFFFFFEu
#define CDF_FREESECT 0xFFFFFFFFu
#define CDF_FATSECT 0xFFFFFFFDu
#define CDF_NOSTREAM 0xFFFFFFFFu

/* One 128-byte directory entry. */
static inline void cdf_dir_entry(unsigned char *e, const char *name, int type, int color,
                          uint32_t left, uint32_t right, uint32_t child,
                          const unsigned char *clsid, uint32_t start, uint32_t size)
{
    size_t i;
    size_t n = strlen(name);

    memset(e, 0, 128);
    for (i = 0; i < n; i++)
        put_le16(e + 2 * i, (unsigned char)name[i]);
    put_le16(e + 64, (unsigned)(2 * (n + 1)));
    e[66] = (unsigned char)type;
    e[67] = (unsigned char)color;
    put_le32(e + 68, left);
    put_le32(e + 72, right);
    put_le32(e + 76, child);
    if (clsid != NULL)
        memcpy(e + 80, clsid, 16);
    put_le32(e + 116, start);
    put_le32(e + 120, size);
}

static inline sample_file sample_doc(apr_pool_t *pool)
{
    /* {00020906-0000-0000-C000-000000000046}: Word.Document.8 */
    static const unsigned char word_clsid[16] = {
        0x06, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46
    };
    static const unsigned char signature[8] = {
        0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1
    };
    const uint32_t stream_size = 4096;              /* = mini stream cutoff */
    const uint32_t stream_sectors = stream_size / CDF_SECTOR;
    const uint32_t word_start = 2, table_start = word_start + stream_sectors;
    const uint32_t sectors = table_start + stream_sectors;
    apr_size_t len = CDF_SECTOR * (1 + (apr_size_t)sectors);
    unsigned char *f = apr_pcalloc(pool, len);
    unsigned char *fat = f + CDF_SECTOR;
    unsigned char *dir = f + 2 * CDF_SECTOR;
    unsigned char *word = f + CDF_SECTOR * (1 + (apr_size_t)word_start);
    uint32_t s;
    sample_file out;

    memcpy(f, signature, 8);
    put_le16(f + 24, 0x003E);          /* minor version */
    put_le16(f + 26, 0x0003);          /* major version 3 */
    put_le16(f + 28, 0xFFFE);          /* little endian */
    put_le16(f + 30, 9);               /* 512-byte sectors */
    put_le16(f + 32, 6);               /* 64-byte mini sectors */
    put_le32(f + 44, 1);               /* one FAT sector */
    put_le32(f + 48, 1);               /* directory at sector 1 */
    put_le32(f + 56, 4096);            /* mini stream cutoff */
    put_le32(f + 60, CDF_ENDOFCHAIN);  /* no mini FAT */
    put_le32(f + 68, CDF_ENDOFCHAIN);  /* no DIFAT sectors */
    put_le32(f + 76, 0);               /* DIFAT[0]: the FAT is sector 0 */
    for (s = 1; s < 109; s++)
        put_le32(f + 76 + 4 * s, CDF_FREESECT);

    for (s = 0; s < CDF_SECTOR / 4; s++)
        put_le32(fat + 4 * s, CDF_FREESECT);
    put_le32(fat, CDF_FATSECT);
    put_le32(fat + 4, CDF_ENDOFCHAIN);
    for (s = word_start; s < sectors; s++) {
        int last = s == table_start - 1 || s == sectors - 1;
        put_le32(fat + 4 * s, last ? CDF_ENDOFCHAIN : s + 1);
    }

    cdf_dir_entry(dir, "Root Entry", 5, 1, CDF_NOSTREAM, CDF_NOSTREAM, 1,
                  word_clsid, CDF_ENDOFCHAIN, 0);
    cdf_dir_entry(dir + 128, "WordDocument", 2, 1, 2, CDF_NOSTREAM,
                  CDF_NOSTREAM, NULL, word_start, stream_size);
    cdf_dir_entry(dir + 256, "1Table", 2, 0, CDF_NOSTREAM, CDF_NOSTREAM,
                  CDF_NOSTREAM, NULL, table_start, stream_size);
    cdf_dir_entry(dir + 384, "", 0, 0, CDF_NOSTREAM, CDF_NOSTREAM,
                  CDF_NOSTREAM, NULL, 0, 0);

    put_le16(word, 0xA5EC);            /* FIB wIdent: Word 8 */
    put_le16(word + 2, 0x00C1);        /* nFib: Word 97 */
    put_le16(word + 6, 0x0409);        /* lid: en-US */
    put_le16(word + 10, 0x0200);       /* fWhichTblStm: use 1Table */
    put_le16(word + 12, 0x00BF);       /* nFibBack */

    out.bytes = (const char *)f;
    out.len = len;
    return out;
}

static inline uint32_t sample_crc32(const unsigned char *p, apr_size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    apr_size_t i;
    int k;

    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* A stored zip of count entries: names[i] with the bytes contents[i]. */
static inline sample_file sample_zip(apr_pool_t *pool, const char *const *names,
                              const char *const *contents, int count)
{
    apr_size_t total = 22;
    apr_size_t local_at = 0;
    apr_size_t central_at;
    apr_size_t central_len = 0;
    unsigned char *z;
    unsigned char *c;
    int i;
    sample_file out;

    for (i = 0; i < count; i++)
        total += 30 + 46 + 2 * strlen(names[i]) + strlen(contents[i]);
    z = apr_pcalloc(pool, total);
    for (i = 0; i < count; i++)
        local_at += 30 + strlen(names[i]) + strlen(contents[i]);
    central_at = local_at;
    local_at = 0;
    for (i = 0; i < count; i++) {
        apr_size_t nlen = strlen(names[i]);
        apr_size_t dlen = strlen(contents[i]);
        uint32_t crc = sample_crc32((const unsigned char *)contents[i], dlen);
        unsigned char *l = z + local_at;

        put_le32(l, 0x04034b50);
        put_le16(l + 4, 20);
        put_le16(l + 12, 0x0021);              /* 1980-01-01 */
        put_le32(l + 14, crc);
        put_le32(l + 18, (uint32_t)dlen);
        put_le32(l + 22, (uint32_t)dlen);
        put_le16(l + 26, (unsigned)nlen);
        memcpy(l + 30, names[i], nlen);
        memcpy(l + 30 + nlen, contents[i], dlen);

        c = z + central_at + central_len;
        put_le32(c, 0x02014b50);
        put_le16(c + 4, 20);
        put_le16(c + 6, 20);
        put_le16(c + 14, 0x0021);
        put_le32(c + 16, crc);
        put_le32(c + 20, (uint32_t)dlen);
        put_le32(c + 24, (uint32_t)dlen);
        put_le16(c + 28, (unsigned)nlen);
        put_le32(c + 42, (uint32_t)local_at);
        memcpy(c + 46, names[i], nlen);
        central_len += 46 + nlen;
        local_at += 30 + nlen + dlen;
    }
    c = z + central_at + central_len;
    put_le32(c, 0x06054b50);
    put_le16(c + 8, (unsigned)count);
    put_le16(c + 10, (unsigned)count);
    put_le32(c + 12, (uint32_t)central_len);
    put_le32(c + 16, (uint32_t)central_at);
    out.bytes = (const char *)z;
    out.len = total;
    return out;
}

/* Reads a whole file into pool memory; len 0 and bytes NULL on failure. */
static inline sample_file sample_read_file(apr_pool_t *pool, const char *path)
{
    sample_file out = { NULL, 0 };
    apr_file_t *fh;
    apr_finfo_t info;
    char *buf;
    apr_size_t got;

    if (apr_file_open(&fh, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, pool) != APR_SUCCESS)
        return out;
    if (apr_file_info_get(&info, APR_FINFO_SIZE, fh) == APR_SUCCESS) {
        buf = apr_palloc(pool, (apr_size_t)info.size + 1);
        if (apr_file_read_full(fh, buf, (apr_size_t)info.size, &got) == APR_SUCCESS) {
            out.bytes = buf;
            out.len = got;
        }
    }
    apr_file_close(fh);
    return out;
}

/* A real workbook from libxlsxwriter (it writes only to a file). */
static inline sample_file sample_xlsx(apr_pool_t *pool)
{
    sample_file out = { NULL, 0 };
    char *path = apr_pstrdup(pool, "/tmp/carbon-sample-XXXXXX");
    int fd = mkstemp(path);
    char *xlsx_path;
    lxw_workbook *wb;
    lxw_worksheet *ws;

    if (fd < 0)
        return out;
    close(fd);
    unlink(path);
    xlsx_path = apr_pstrcat(pool, path, ".xlsx", NULL);
    wb = workbook_new(xlsx_path);
    if (wb == NULL)
        return out;
    ws = workbook_add_worksheet(wb, "ตัวอย่าง");
    worksheet_write_string(ws, 0, 0, "คาร์บอนเครดิต", NULL);
    worksheet_write_number(ws, 1, 0, 42, NULL);
    if (workbook_close(wb) == LXW_NO_ERROR)
        out = sample_read_file(pool, xlsx_path);
    unlink(xlsx_path);
    return out;
}

#endif /* CARBON_TEST_SAMPLE_FILES_H */
