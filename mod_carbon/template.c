/* template.c: compile and render mod_carbon templates (syntax in template.h).
 *
 * A template compiles into a tree of nodes held in arrays from the set's
 * pool. After carbon_tpl_set_resolve nothing writes to the tree again;
 * rendering keeps its state (the context stack, scratch pool) on the
 * caller's side, so one compiled set serves every thread.
 */
#include "template.h"
#include "thaifmt.h"
#include "money.h"

#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_tables.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Largest template file read, in bytes. */
#define TEMPLATE_FILE_MAX_BYTES (4 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* The compiled tree                                                    */

typedef enum {
    NODE_TEXT, NODE_VALUE, NODE_IF, NODE_UNLESS, NODE_EACH, NODE_EQ, NODE_PARTIAL
} node_kind;

typedef enum { PATH_CURRENT, PATH_INDEX, PATH_NUMBER, PATH_NAMES } path_kind;

typedef struct {
    path_kind kind;
    const char **names;          /* PATH_NAMES: the dot-separated names */
    int name_count;
} tpl_path;

typedef enum {
    FILTER_NUMBER, FILTER_BAHT, FILTER_THAI_DATE, FILTER_THAI_DATE_LONG,
    FILTER_THAI_DATETIME, FILTER_BE_DATE, FILTER_FISCAL_YEAR, FILTER_URLENCODE,
    FILTER_JSON, FILTER_RAW
} filter_kind;

static const struct {
    const char *name;
    filter_kind kind;
} filter_names[] = {
    { "number", FILTER_NUMBER },
    { "baht", FILTER_BAHT },
    { "thai_date", FILTER_THAI_DATE },
    { "thai_date_long", FILTER_THAI_DATE_LONG },
    { "thai_datetime", FILTER_THAI_DATETIME },
    { "be_date", FILTER_BE_DATE },
    { "fiscal_year", FILTER_FISCAL_YEAR },
    { "urlencode", FILTER_URLENCODE },
    { "json", FILTER_JSON },
    { "raw", FILTER_RAW },
};

typedef struct tpl_node tpl_node;

typedef struct {
    tpl_node *nodes;
    int count;
} tpl_body;

struct tpl_node {
    node_kind kind;
    int line;                    /* where the tag starts, for messages */
    const char *text;            /* TEXT: the text; EQ: the literal; PARTIAL: the name */
    size_t text_len;
    tpl_path path;               /* VALUE and blocks */
    filter_kind *filters;        /* VALUE */
    int filter_count;
    int raw;                     /* VALUE: ends with the raw filter */
    tpl_body then_body;          /* blocks */
    tpl_body else_body;          /* blocks: after {{else}} */
    const carbon_tpl *partial;   /* PARTIAL: set by carbon_tpl_set_resolve */
};

struct carbon_tpl {
    const char *name;
    const char *file_label;      /* "<name>.html", for messages */
    tpl_body body;
};

struct carbon_tpl_set {
    apr_pool_t *pool;
    apr_hash_t *by_name;         /* name -> carbon_tpl */
    apr_array_header_t *in_order;/* of carbon_tpl *, as added */
};

/* ------------------------------------------------------------------ */
/* Compiling                                                            */

typedef struct {
    tpl_node node;               /* the block being built */
    const char *keyword;         /* "if", "unless", "each", "eq" */
    apr_array_header_t *then_nodes;
    apr_array_header_t *else_nodes;  /* NULL until {{else}} */
} open_block;

typedef struct {
    apr_pool_t *pool;
    const char *file_label;
    int line;                    /* line of the tag being compiled */
    apr_array_header_t *top_nodes;
    apr_array_header_t *open_blocks;  /* of open_block */
    const char *err;
} compiler;

static const char *const block_keywords[] = { "if", "unless", "each", "eq" };

static apr_status_t compile_fail(compiler *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static apr_status_t compile_fail(compiler *c, int line, const char *fmt, ...)
{
    va_list args;
    const char *what;

    va_start(args, fmt);
    what = apr_pvsprintf(c->pool, fmt, args);
    va_end(args);
    c->err = apr_psprintf(c->pool, "%s:%d: %s", c->file_label, line, what);
    return APR_EINVAL;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static int is_name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
        || (ch >= '0' && ch <= '9') || ch == '_';
}

static int is_template_name(const char *name)
{
    if (*name == '\0') {
        return 0;
    }
    for (; *name; name++) {
        if (!is_name_char(*name) && *name != '-' && *name != '.') {
            return 0;
        }
    }
    return 1;
}

/* A copy of text[0..len) without surrounding whitespace. */
static char *trimmed_copy(apr_pool_t *p, const char *text, size_t len)
{
    while (len > 0 && is_space(*text)) {
        text++;
        len--;
    }
    while (len > 0 && is_space(text[len - 1])) {
        len--;
    }
    return apr_pstrmemdup(p, text, len);
}

static int count_newlines(const char *from, const char *to)
{
    int lines = 0;
    for (; from < to; from++) {
        lines += *from == '\n';
    }
    return lines;
}

static apr_array_header_t *current_nodes(compiler *c)
{
    open_block *top;
    if (c->open_blocks->nelts == 0) {
        return c->top_nodes;
    }
    top = &APR_ARRAY_IDX(c->open_blocks, c->open_blocks->nelts - 1, open_block);
    return top->else_nodes ? top->else_nodes : top->then_nodes;
}

static tpl_node *append_node(compiler *c, node_kind kind)
{
    tpl_node *node = apr_array_push(current_nodes(c));
    memset(node, 0, sizeof(*node));
    node->kind = kind;
    node->line = c->line;
    return node;
}

static apr_status_t parse_path(compiler *c, const char *text, tpl_path *out)
{
    apr_array_header_t *names;
    const char *start = text;

    memset(out, 0, sizeof(*out));
    if (strcmp(text, ".") == 0) {
        out->kind = PATH_CURRENT;
        return APR_SUCCESS;
    }
    if (strcmp(text, "@index") == 0 || strcmp(text, "@number") == 0) {
        out->kind = text[1] == 'i' ? PATH_INDEX : PATH_NUMBER;
        return APR_SUCCESS;
    }
    names = apr_array_make(c->pool, 4, sizeof(const char *));
    for (const char *cursor = text;; cursor++) {
        if (*cursor == '.' || *cursor == '\0') {
            if (cursor == start) {
                return compile_fail(c, c->line, "bad path '%s'", text);
            }
            APR_ARRAY_PUSH(names, const char *) = apr_pstrmemdup(c->pool, start,
                                                                (size_t)(cursor - start));
            if (*cursor == '\0') {
                break;
            }
            start = cursor + 1;
        }
        else if (!is_name_char(*cursor)) {
            return compile_fail(c, c->line, "bad path '%s'", text);
        }
    }
    out->kind = PATH_NAMES;
    out->names = (const char **)names->elts;
    out->name_count = names->nelts;
    return APR_SUCCESS;
}

static apr_status_t parse_filter(compiler *c, const char *name, filter_kind *out)
{
    for (size_t i = 0; i < sizeof(filter_names) / sizeof(filter_names[0]); i++) {
        if (strcmp(name, filter_names[i].name) == 0) {
            *out = filter_names[i].kind;
            return APR_SUCCESS;
        }
    }
    if (*name == '\0') {
        return compile_fail(c, c->line, "empty filter name");
    }
    return compile_fail(c, c->line, "unknown filter '%s'", name);
}

/* {{ path | filter | ... }} */
static apr_status_t compile_value(compiler *c, char *tag)
{
    char *path_text = tag, *rest = strchr(tag, '|');
    apr_array_header_t *filters = apr_array_make(c->pool, 2, sizeof(filter_kind));
    tpl_path path;
    tpl_node *node;

    if (rest) {
        *rest++ = '\0';
    }
    if (parse_path(c, trimmed_copy(c->pool, path_text, strlen(path_text)), &path)
        != APR_SUCCESS) {
        return APR_EINVAL;
    }
    while (rest) {
        char *next = strchr(rest, '|');
        filter_kind kind = FILTER_RAW;
        if (next) {
            *next++ = '\0';
        }
        if (parse_filter(c, trimmed_copy(c->pool, rest, strlen(rest)), &kind) != APR_SUCCESS) {
            return APR_EINVAL;
        }
        if (kind == FILTER_RAW && next) {
            return compile_fail(c, c->line, "filter 'raw' must be the last filter");
        }
        APR_ARRAY_PUSH(filters, filter_kind) = kind;
        rest = next;
    }
    node = append_node(c, NODE_VALUE);
    node->path = path;
    node->filters = (filter_kind *)filters->elts;
    node->filter_count = filters->nelts;
    node->raw = filters->nelts > 0
                && APR_ARRAY_IDX(filters, filters->nelts - 1, filter_kind) == FILTER_RAW;
    return APR_SUCCESS;
}

/* The "literal" of {{#eq path "literal"}}: quotes around, none inside. */
static apr_status_t parse_eq_args(compiler *c, const char *args, tpl_node *node)
{
    const char *space = args, *literal;
    size_t literal_len;

    while (*space && !is_space(*space)) {
        space++;
    }
    literal = space;
    while (is_space(*literal)) {
        literal++;
    }
    literal_len = strlen(literal);
    if (space == args || literal_len < 2 || literal[0] != '"'
        || literal[literal_len - 1] != '"'
        || memchr(literal + 1, '"', literal_len - 2) != NULL) {
        return compile_fail(c, c->line, "{{#eq}} needs a path and a \"literal\"");
    }
    node->text = apr_pstrmemdup(c->pool, literal + 1, literal_len - 2);
    node->text_len = literal_len - 2;
    return parse_path(c, apr_pstrmemdup(c->pool, args, (size_t)(space - args)), &node->path);
}

static const char *known_block_keyword(const char *keyword)
{
    for (size_t i = 0; i < sizeof(block_keywords) / sizeof(block_keywords[0]); i++) {
        if (strcmp(keyword, block_keywords[i]) == 0) {
            return block_keywords[i];
        }
    }
    return NULL;
}

static node_kind block_node_kind(const char *keyword)
{
    switch (keyword[0]) {
    case 'i': return NODE_IF;
    case 'u': return NODE_UNLESS;
    case 'e': return keyword[1] == 'a' ? NODE_EACH : NODE_EQ;
    default: return NODE_IF;
    }
}

/* {{#keyword args}} */
static apr_status_t compile_block_open(compiler *c, const char *tag)
{
    const char *args = tag;
    const char *keyword;
    open_block block;

    while (*args && !is_space(*args)) {
        args++;
    }
    keyword = known_block_keyword(apr_pstrmemdup(c->pool, tag, (size_t)(args - tag)));
    if (keyword == NULL) {
        return compile_fail(c, c->line, "unknown block keyword '#%s'",
                            apr_pstrmemdup(c->pool, tag, (size_t)(args - tag)));
    }
    while (is_space(*args)) {
        args++;
    }
    if (c->open_blocks->nelts >= CARBON_TPL_MAX_BLOCK_DEPTH) {
        return compile_fail(c, c->line, "blocks nested deeper than %d",
                            CARBON_TPL_MAX_BLOCK_DEPTH);
    }
    memset(&block, 0, sizeof(block));
    block.keyword = keyword;
    block.node.kind = block_node_kind(keyword);
    block.node.line = c->line;
    if (block.node.kind == NODE_EQ) {
        if (parse_eq_args(c, args, &block.node) != APR_SUCCESS) {
            return APR_EINVAL;
        }
    }
    else if (*args == '\0') {
        return compile_fail(c, c->line, "{{#%s}} needs a path", keyword);
    }
    else if (parse_path(c, args, &block.node.path) != APR_SUCCESS) {
        return APR_EINVAL;
    }
    block.then_nodes = apr_array_make(c->pool, 8, sizeof(tpl_node));
    APR_ARRAY_PUSH(c->open_blocks, open_block) = block;
    return APR_SUCCESS;
}

static tpl_body body_of(apr_array_header_t *nodes)
{
    tpl_body body = { NULL, 0 };
    if (nodes) {
        body.nodes = (tpl_node *)nodes->elts;
        body.count = nodes->nelts;
    }
    return body;
}

/* {{/keyword}} */
static apr_status_t compile_block_close(compiler *c, const char *keyword)
{
    open_block *top;
    tpl_node node;

    if (c->open_blocks->nelts == 0) {
        return compile_fail(c, c->line, "{{/%s}} without an open block", keyword);
    }
    top = &APR_ARRAY_IDX(c->open_blocks, c->open_blocks->nelts - 1, open_block);
    if (strcmp(top->keyword, keyword) != 0) {
        return compile_fail(c, c->line, "{{/%s}} does not match {{#%s}} opened on line %d",
                            keyword, top->keyword, top->node.line);
    }
    node = top->node;
    node.then_body = body_of(top->then_nodes);
    node.else_body = body_of(top->else_nodes);
    apr_array_pop(c->open_blocks);
    *(tpl_node *)apr_array_push(current_nodes(c)) = node;
    return APR_SUCCESS;
}

/* {{else}} */
static apr_status_t compile_else(compiler *c)
{
    open_block *top;

    if (c->open_blocks->nelts == 0) {
        return compile_fail(c, c->line, "{{else}} outside a block");
    }
    top = &APR_ARRAY_IDX(c->open_blocks, c->open_blocks->nelts - 1, open_block);
    if (top->else_nodes) {
        return compile_fail(c, c->line, "second {{else}} in {{#%s}} opened on line %d",
                            top->keyword, top->node.line);
    }
    top->else_nodes = apr_array_make(c->pool, 8, sizeof(tpl_node));
    return APR_SUCCESS;
}

/* {{> name}} */
static apr_status_t compile_partial(compiler *c, const char *name)
{
    tpl_node *node;

    if (!is_template_name(name)) {
        return compile_fail(c, c->line, "bad partial name '%s'", name);
    }
    node = append_node(c, NODE_PARTIAL);
    node->text = name;
    node->text_len = strlen(name);
    return APR_SUCCESS;
}

/* One tag: the text between "{{" and "}}". */
static apr_status_t compile_tag(compiler *c, const char *inner, size_t len)
{
    char *tag = trimmed_copy(c->pool, inner, len);

    switch (tag[0]) {
    case '\0':
        return compile_fail(c, c->line, "empty tag");
    case '!':
        return APR_SUCCESS;
    case '#':
        return compile_block_open(c, tag + 1);
    case '/':
        return compile_block_close(c, trimmed_copy(c->pool, tag + 1, strlen(tag + 1)));
    case '>':
        return compile_partial(c, trimmed_copy(c->pool, tag + 1, strlen(tag + 1)));
    default:
        if (strcmp(tag, "else") == 0) {
            return compile_else(c);
        }
        return compile_value(c, tag);
    }
}

static void append_text(compiler *c, const char *text, size_t len)
{
    tpl_node *node = append_node(c, NODE_TEXT);
    node->text = text;
    node->text_len = len;
}

/* Compiles source[0..len), which must stay alive as long as the tree. */
static apr_status_t compile_source(compiler *c, const char *source, size_t len)
{
    const char *cursor = source, *end = source + len;

    while (cursor < end) {
        const char *open = memmem(cursor, (size_t)(end - cursor), "{{", 2);
        const char *text_end = open ? open : end;
        const char *close;

        if (text_end > cursor) {
            append_text(c, cursor, (size_t)(text_end - cursor));
            c->line += count_newlines(cursor, text_end);
        }
        if (open == NULL) {
            break;
        }
        close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
        if (close == NULL) {
            return compile_fail(c, c->line, "unterminated tag '{{'");
        }
        if (compile_tag(c, open + 2, (size_t)(close - open - 2)) != APR_SUCCESS) {
            return APR_EINVAL;
        }
        c->line += count_newlines(open, close);
        cursor = close + 2;
    }
    if (c->open_blocks->nelts > 0) {
        open_block *top = &APR_ARRAY_IDX(c->open_blocks, c->open_blocks->nelts - 1,
                                         open_block);
        return compile_fail(c, top->node.line, "unclosed block {{#%s}}", top->keyword);
    }
    return APR_SUCCESS;
}

carbon_tpl_set *carbon_tpl_set_create(apr_pool_t *p)
{
    carbon_tpl_set *set = apr_pcalloc(p, sizeof(*set));
    set->pool = p;
    set->by_name = apr_hash_make(p);
    set->in_order = apr_array_make(p, 16, sizeof(carbon_tpl *));
    return set;
}

apr_status_t carbon_tpl_set_add(carbon_tpl_set *set, const char *name,
                                const char *source, size_t len, const char **err)
{
    compiler c;
    carbon_tpl *tpl;

    if (!is_template_name(name)) {
        *err = apr_psprintf(set->pool, "bad template name '%s'", name);
        return APR_EINVAL;
    }
    if (apr_hash_get(set->by_name, name, APR_HASH_KEY_STRING)) {
        *err = apr_psprintf(set->pool, "template '%s' defined twice", name);
        return APR_EINVAL;
    }
    memset(&c, 0, sizeof(c));
    c.pool = set->pool;
    c.file_label = apr_pstrcat(set->pool, name, ".html", NULL);
    c.line = 1;
    c.top_nodes = apr_array_make(set->pool, 16, sizeof(tpl_node));
    c.open_blocks = apr_array_make(set->pool, 8, sizeof(open_block));
    if (compile_source(&c, apr_pstrmemdup(set->pool, source, len), len) != APR_SUCCESS) {
        *err = c.err;
        return APR_EINVAL;
    }
    tpl = apr_pcalloc(set->pool, sizeof(*tpl));
    tpl->name = apr_pstrdup(set->pool, name);
    tpl->file_label = c.file_label;
    tpl->body = body_of(c.top_nodes);
    apr_hash_set(set->by_name, tpl->name, APR_HASH_KEY_STRING, tpl);
    APR_ARRAY_PUSH(set->in_order, carbon_tpl *) = tpl;
    return APR_SUCCESS;
}

static apr_status_t resolve_body(carbon_tpl_set *set, const carbon_tpl *tpl,
                                 tpl_body *body, const char **err)
{
    for (int i = 0; i < body->count; i++) {
        tpl_node *node = &body->nodes[i];
        if (node->kind == NODE_PARTIAL) {
            node->partial = apr_hash_get(set->by_name, node->text, APR_HASH_KEY_STRING);
            if (node->partial == NULL) {
                *err = apr_psprintf(set->pool, "%s:%d: unknown partial '%s'",
                                    tpl->file_label, node->line, node->text);
                return APR_EINVAL;
            }
        }
        if (resolve_body(set, tpl, &node->then_body, err) != APR_SUCCESS
            || resolve_body(set, tpl, &node->else_body, err) != APR_SUCCESS) {
            return APR_EINVAL;
        }
    }
    return APR_SUCCESS;
}

apr_status_t carbon_tpl_set_resolve(carbon_tpl_set *set, const char **err)
{
    for (int i = 0; i < set->in_order->nelts; i++) {
        carbon_tpl *tpl = APR_ARRAY_IDX(set->in_order, i, carbon_tpl *);
        if (resolve_body(set, tpl, &tpl->body, err) != APR_SUCCESS) {
            return APR_EINVAL;
        }
    }
    return APR_SUCCESS;
}

const carbon_tpl *carbon_tpl_get(const carbon_tpl_set *set, const char *name)
{
    return apr_hash_get(set->by_name, name, APR_HASH_KEY_STRING);
}

const char *carbon_tpl_name(const carbon_tpl *t)
{
    return t->name;
}

/* ------------------------------------------------------------------ */
/* Loading a directory                                                  */

static int is_template_file_name(const char *file_name)
{
    size_t len = strlen(file_name);
    return file_name[0] != '.' && len > 5 && strcmp(file_name + len - 5, ".html") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *describe_status(apr_pool_t *p, apr_status_t rv)
{
    char buf[256];
    return apr_pstrdup(p, apr_strerror(rv, buf, sizeof(buf)));
}

/* The template file names in dir, sorted. */
static apr_status_t list_template_files(apr_pool_t *p, const char *dir,
                                        apr_array_header_t **names, const char **err)
{
    apr_dir_t *handle;
    apr_finfo_t entry;
    apr_status_t rv = apr_dir_open(&handle, dir, p);

    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot open template directory '%s': %s", dir,
                            describe_status(p, rv));
        return rv;
    }
    *names = apr_array_make(p, 32, sizeof(const char *));
    while ((rv = apr_dir_read(&entry, APR_FINFO_NAME | APR_FINFO_TYPE, handle))
           == APR_SUCCESS || rv == APR_INCOMPLETE) {
        if (entry.name && entry.filetype != APR_DIR && is_template_file_name(entry.name)) {
            APR_ARRAY_PUSH(*names, const char *) = apr_pstrdup(p, entry.name);
        }
    }
    apr_dir_close(handle);
    qsort((*names)->elts, (size_t)(*names)->nelts, sizeof(const char *), compare_names);
    return APR_SUCCESS;
}

static apr_status_t read_whole_file(apr_pool_t *p, const char *path, char **data,
                                    size_t *len, const char **err)
{
    apr_file_t *file;
    apr_finfo_t info;
    apr_size_t got = 0;
    apr_status_t rv = apr_file_open(&file, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                                    APR_FPROT_OS_DEFAULT, p);

    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&info, APR_FINFO_SIZE, file);
        if (rv == APR_SUCCESS && info.size > TEMPLATE_FILE_MAX_BYTES) {
            rv = APR_EINVAL;
        }
        if (rv == APR_SUCCESS) {
            *data = apr_palloc(p, (apr_size_t)info.size + 1);
            rv = apr_file_read_full(file, *data, (apr_size_t)info.size, &got);
            if (rv == APR_EOF && got == (apr_size_t)info.size) {
                rv = APR_SUCCESS;
            }
        }
        apr_file_close(file);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot read template '%s': %s", path,
                            rv == APR_EINVAL ? "file too large" : describe_status(p, rv));
        return rv;
    }
    (*data)[got] = '\0';
    *len = got;
    return APR_SUCCESS;
}

carbon_tpl_set *carbon_tpl_load_dir(apr_pool_t *p, const char *dir, const char **err)
{
    apr_array_header_t *file_names;
    carbon_tpl_set *set;

    if (list_template_files(p, dir, &file_names, err) != APR_SUCCESS) {
        return NULL;
    }
    set = carbon_tpl_set_create(p);
    for (int i = 0; i < file_names->nelts; i++) {
        const char *file_name = APR_ARRAY_IDX(file_names, i, const char *);
        const char *path = apr_pstrcat(p, dir, "/", file_name, NULL);
        const char *name = apr_pstrmemdup(p, file_name, strlen(file_name) - 5);
        char *source;
        size_t len;

        if (read_whole_file(p, path, &source, &len, err) != APR_SUCCESS
            || carbon_tpl_set_add(set, name, source, len, err) != APR_SUCCESS) {
            return NULL;
        }
    }
    if (carbon_tpl_set_resolve(set, err) != APR_SUCCESS) {
        return NULL;
    }
    return set;
}

/* ------------------------------------------------------------------ */
/* Escaping                                                             */

static const char *html_entity(char ch)
{
    switch (ch) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

int carbon_html_escape_write(carbon_tpl_write_fn write, void *baton,
                             const char *text, size_t len)
{
    const char *run = text, *end = text + len;
    int rc;

    for (const char *cursor = text; cursor < end; cursor++) {
        const char *entity = html_entity(*cursor);
        if (entity == NULL) {
            continue;
        }
        if (cursor > run && (rc = write(baton, run, (size_t)(cursor - run))) < 0) {
            return rc;
        }
        if ((rc = write(baton, entity, strlen(entity))) < 0) {
            return rc;
        }
        run = cursor + 1;
    }
    if (end > run && (rc = write(baton, run, (size_t)(end - run))) < 0) {
        return rc;
    }
    return 0;
}

/* A growing string in a pool: the writer behind the *_to_string calls. */
typedef struct {
    apr_pool_t *pool;
    char *buf;
    size_t len;
    size_t cap;
} string_sink;

static int string_sink_write(void *baton, const char *buf, size_t len)
{
    string_sink *sink = baton;

    if (sink->len + len + 1 > sink->cap) {
        size_t cap = sink->cap ? sink->cap : 256;
        char *grown;
        while (cap < sink->len + len + 1) {
            cap *= 2;
        }
        grown = apr_palloc(sink->pool, cap);
        if (sink->len) {
            memcpy(grown, sink->buf, sink->len);
        }
        sink->buf = grown;
        sink->cap = cap;
    }
    memcpy(sink->buf + sink->len, buf, len);
    sink->len += len;
    sink->buf[sink->len] = '\0';
    return 0;
}

static char *string_sink_result(string_sink *sink)
{
    return sink->buf ? sink->buf : apr_pstrdup(sink->pool, "");
}

char *carbon_html_escape(apr_pool_t *p, const char *text)
{
    string_sink sink = { p, NULL, 0, 0 };
    carbon_html_escape_write(string_sink_write, &sink, text, strlen(text));
    return string_sink_result(&sink);
}

/* ------------------------------------------------------------------ */
/* Rendering                                                            */

/* One level of the context stack: the root context, or an #each item. */
typedef struct frame {
    json_t *value;
    const struct frame *parent;
    size_t index;
    int is_item;
} frame;

typedef struct {
    apr_pool_t *scratch;         /* filter results; cleared after each value */
    carbon_tpl_write_fn write;
    void *baton;
    int partial_depth;
} renderer;

/* A value on its way through the filters. */
typedef enum { VALUE_MISSING, VALUE_JSON, VALUE_INT, VALUE_TEXT } value_kind;

typedef struct {
    value_kind kind;
    json_t *json;                /* VALUE_JSON, never NULL */
    long long number;            /* VALUE_INT */
    const char *text;            /* VALUE_TEXT */
} tpl_value;

static tpl_value missing_value(void)
{
    tpl_value v = { VALUE_MISSING, NULL, 0, NULL };
    return v;
}

static tpl_value json_value(json_t *json)
{
    tpl_value v = { VALUE_JSON, json, 0, NULL };
    return json ? v : missing_value();
}

static tpl_value int_value(long long number)
{
    tpl_value v = { VALUE_INT, NULL, number, NULL };
    return v;
}

static tpl_value text_value(const char *text)
{
    tpl_value v = { VALUE_TEXT, NULL, 0, text };
    return v;
}

static json_t *child_of(json_t *parent, const char *name)
{
    if (json_is_object(parent)) {
        return json_object_get(parent, name);
    }
    if (json_is_array(parent)) {
        int64_t index;
        if (carbon_parse_int64(name, 0, INT64_MAX, &index) == APR_SUCCESS) {
            return json_array_get(parent, (size_t)index);
        }
    }
    return NULL;
}

static tpl_value resolve_path(const tpl_path *path, const frame *f)
{
    json_t *found = NULL;

    switch (path->kind) {
    case PATH_CURRENT:
        return json_value(f->value);
    case PATH_INDEX:
    case PATH_NUMBER:
        for (; f; f = f->parent) {
            if (f->is_item) {
                return int_value((long long)f->index + (path->kind == PATH_NUMBER));
            }
        }
        return missing_value();
    case PATH_NAMES:
        for (; f && found == NULL; f = f->parent) {
            if (json_is_object(f->value)) {
                found = json_object_get(f->value, path->names[0]);
            }
        }
        for (int i = 1; found && i < path->name_count; i++) {
            found = child_of(found, path->names[i]);
        }
        return json_value(found);
    }
    return missing_value();
}

/* The JSON text of json, from p ("null" if it cannot be encoded). */
static const char *json_text_of(apr_pool_t *p, json_t *json)
{
    char *dumped = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ESCAPE_SLASH);
    const char *copy;

    if (dumped == NULL) {
        return "null";
    }
    copy = apr_pstrdup(p, dumped);
    free(dumped);
    return copy;
}

/* How a value prints: see template.h. */
static const char *value_text(renderer *r, const tpl_value *v)
{
    switch (v->kind) {
    case VALUE_MISSING:
        return "";
    case VALUE_INT:
        return apr_psprintf(r->scratch, "%" APR_INT64_T_FMT, (apr_int64_t)v->number);
    case VALUE_TEXT:
        return v->text;
    case VALUE_JSON:
        break;
    }
    switch (json_typeof(v->json)) {
    case JSON_STRING:
        return json_string_value(v->json);
    case JSON_INTEGER:
        return apr_psprintf(r->scratch, "%" APR_INT64_T_FMT,
                            (apr_int64_t)json_integer_value(v->json));
    case JSON_REAL:
        return json_text_of(r->scratch, v->json);
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        return "";
    }
}

/* An integer value, or integer text; 0 when v is neither. */
static int value_integer(const tpl_value *v, long long *out)
{
    const char *text = NULL;
    int64_t parsed;

    if (v->kind == VALUE_INT) {
        *out = v->number;
        return 1;
    }
    if (v->kind == VALUE_JSON && json_is_integer(v->json)) {
        *out = json_integer_value(v->json);
        return 1;
    }
    if (v->kind == VALUE_TEXT) {
        text = v->text;
    }
    else if (v->kind == VALUE_JSON && json_is_string(v->json)) {
        text = json_string_value(v->json);
    }
    if (text && carbon_parse_int64(text, INT64_MIN, INT64_MAX, &parsed) == APR_SUCCESS) {
        *out = parsed;
        return 1;
    }
    return 0;
}

static int value_truthy(const tpl_value *v)
{
    switch (v->kind) {
    case VALUE_MISSING:
        return 0;
    case VALUE_INT:
        return v->number != 0;
    case VALUE_TEXT:
        return v->text[0] != '\0';
    case VALUE_JSON:
        break;
    }
    switch (json_typeof(v->json)) {
    case JSON_OBJECT:
        return json_object_size(v->json) > 0;
    case JSON_ARRAY:
        return json_array_size(v->json) > 0;
    case JSON_STRING:
        return json_string_length(v->json) > 0;
    case JSON_INTEGER:
        return json_integer_value(v->json) != 0;
    case JSON_REAL:
        return json_real_value(v->json) != 0.0;
    case JSON_TRUE:
        return 1;
    default:
        return 0;
    }
}

static const char *url_encoded(apr_pool_t *p, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(text) * 3 + 1), *cursor = out;

    for (; *text; text++) {
        unsigned char ch = (unsigned char)*text;
        if (is_name_char((char)ch) || ch == '-' || ch == '.' || ch == '~') {
            *cursor++ = (char)ch;
        }
        else {
            *cursor++ = '%';
            *cursor++ = hex[ch >> 4];
            *cursor++ = hex[ch & 0x0f];
        }
    }
    *cursor = '\0';
    return out;
}

static const char *value_json(renderer *r, const tpl_value *v)
{
    json_t *string;
    const char *encoded;

    switch (v->kind) {
    case VALUE_MISSING:
        return "null";
    case VALUE_INT:
        return apr_psprintf(r->scratch, "%" APR_INT64_T_FMT, (apr_int64_t)v->number);
    case VALUE_JSON:
        return json_text_of(r->scratch, v->json);
    case VALUE_TEXT:
        break;
    }
    string = json_string(v->text);
    if (string == NULL) {
        return "null";
    }
    encoded = json_text_of(r->scratch, string);
    json_decref(string);
    return encoded;
}

/* Applies a date-like conversion to the value's text; unchanged if it fails. */
static tpl_value converted_text(renderer *r, const tpl_value *v,
                                char *(*convert)(apr_pool_t *, const char *))
{
    const char *converted = convert(r->scratch, value_text(r, v));
    return converted ? text_value(converted) : *v;
}

static char *thai_date_short(apr_pool_t *p, const char *iso)
{
    return carbon_thai_date(p, iso, 0);
}

static char *thai_date_long(apr_pool_t *p, const char *iso)
{
    return carbon_thai_date(p, iso, 1);
}

static tpl_value apply_filter(renderer *r, filter_kind filter, const tpl_value *v)
{
    long long number;
    int y, m, d;

    switch (filter) {
    case FILTER_NUMBER:
        return value_integer(v, &number) ? text_value(carbon_format_int(r->scratch, number)) : *v;
    case FILTER_BAHT:
        return value_integer(v, &number)
               ? text_value(carbon_satang_format(r->scratch, (int64_t)number)) : *v;
    case FILTER_THAI_DATE:
        return converted_text(r, v, thai_date_short);
    case FILTER_THAI_DATE_LONG:
        return converted_text(r, v, thai_date_long);
    case FILTER_THAI_DATETIME:
        return converted_text(r, v, carbon_thai_datetime);
    case FILTER_BE_DATE:
        return converted_text(r, v, carbon_be_date);
    case FILTER_FISCAL_YEAR:
        return carbon_parse_iso_date(value_text(r, v), &y, &m, &d) == APR_SUCCESS
               ? int_value(carbon_fiscal_year_be(y, m, d)) : *v;
    case FILTER_URLENCODE:
        return text_value(url_encoded(r->scratch, value_text(r, v)));
    case FILTER_JSON:
        return text_value(value_json(r, v));
    case FILTER_RAW:
        return *v;
    }
    return *v;
}

static apr_status_t write_raw(renderer *r, const char *text, size_t len)
{
    if (len > 0 && r->write(r->baton, text, len) < 0) {
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

static apr_status_t render_value(renderer *r, const tpl_node *node, const frame *f)
{
    tpl_value v = resolve_path(&node->path, f);
    const char *text;
    apr_status_t rv = APR_SUCCESS;

    for (int i = 0; i < node->filter_count; i++) {
        v = apply_filter(r, node->filters[i], &v);
    }
    text = value_text(r, &v);
    if (node->raw) {
        rv = write_raw(r, text, strlen(text));
    }
    else if (carbon_html_escape_write(r->write, r->baton, text, strlen(text)) < 0) {
        rv = APR_EGENERAL;
    }
    apr_pool_clear(r->scratch);
    return rv;
}

static apr_status_t render_body(renderer *r, const tpl_body *body, const frame *f);

static apr_status_t render_each(renderer *r, const tpl_node *node, const frame *f)
{
    tpl_value list = resolve_path(&node->path, f);
    size_t index;
    json_t *item;

    if (list.kind != VALUE_JSON || !json_is_array(list.json)
        || json_array_size(list.json) == 0) {
        return render_body(r, &node->else_body, f);
    }
    json_array_foreach(list.json, index, item) {
        frame item_frame = { item, f, index, 1 };
        apr_status_t rv = render_body(r, &node->then_body, &item_frame);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

static int eq_holds(renderer *r, const tpl_node *node, const frame *f)
{
    tpl_value v = resolve_path(&node->path, f);
    int equal = strcmp(value_text(r, &v), node->text) == 0;
    apr_pool_clear(r->scratch);
    return equal;
}

static apr_status_t render_partial(renderer *r, const tpl_node *node, const frame *f)
{
    apr_status_t rv;

    if (r->partial_depth >= CARBON_TPL_MAX_PARTIAL_DEPTH) {
        return APR_EINVAL;
    }
    r->partial_depth++;
    rv = render_body(r, &node->partial->body, f);
    r->partial_depth--;
    return rv;
}

static apr_status_t render_node(renderer *r, const tpl_node *node, const frame *f)
{
    tpl_value v;

    switch (node->kind) {
    case NODE_TEXT:
        return write_raw(r, node->text, node->text_len);
    case NODE_VALUE:
        return render_value(r, node, f);
    case NODE_IF:
        v = resolve_path(&node->path, f);
        return render_body(r, value_truthy(&v) ? &node->then_body : &node->else_body, f);
    case NODE_UNLESS:
        v = resolve_path(&node->path, f);
        return render_body(r, value_truthy(&v) ? &node->else_body : &node->then_body, f);
    case NODE_EACH:
        return render_each(r, node, f);
    case NODE_EQ:
        return render_body(r, eq_holds(r, node, f) ? &node->then_body : &node->else_body, f);
    case NODE_PARTIAL:
        return render_partial(r, node, f);
    }
    return APR_SUCCESS;
}

static apr_status_t render_body(renderer *r, const tpl_body *body, const frame *f)
{
    for (int i = 0; i < body->count; i++) {
        apr_status_t rv = render_node(r, &body->nodes[i], f);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}

/* Renders t, taking filter scratch memory from the pool scratch (destroyed). */
static apr_status_t render_with_scratch(apr_pool_t *scratch, const carbon_tpl *t,
                                        json_t *ctx, carbon_tpl_write_fn write, void *baton)
{
    frame root = { ctx, NULL, 0, 0 };
    renderer r;
    apr_status_t rv;

    memset(&r, 0, sizeof(r));
    r.scratch = scratch;
    r.write = write;
    r.baton = baton;
    rv = render_body(&r, &t->body, &root);
    apr_pool_destroy(scratch);
    return rv;
}

apr_status_t carbon_tpl_render(const carbon_tpl *t, json_t *ctx,
                               carbon_tpl_write_fn write, void *baton)
{
    apr_pool_t *scratch;
    /* An unmanaged pool has its own allocator: no lock shared with other
     * threads, and nothing left behind once destroyed. */
    apr_status_t rv = apr_pool_create_unmanaged_ex(&scratch, NULL, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    return render_with_scratch(scratch, t, ctx, write, baton);
}

char *carbon_tpl_render_to_string(apr_pool_t *p, const carbon_tpl *t, json_t *ctx)
{
    string_sink sink = { p, NULL, 0, 0 };
    apr_pool_t *scratch;

    if (apr_pool_create(&scratch, p) != APR_SUCCESS
        || render_with_scratch(scratch, t, ctx, string_sink_write, &sink) != APR_SUCCESS) {
        return NULL;
    }
    return string_sink_result(&sink);
}
