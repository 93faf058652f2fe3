/* template.h: mod_carbon's small logic-less template engine.
 *
 * Pure part of mod_carbon: no httpd headers.
 *
 * Every *.html file of the template directory is compiled once at start-up
 * into an immutable tree (safe to share between threads) and rendered
 * against a jansson value. Output is HTML-escaped by default, through one
 * escaping writer (& < > " ' become entities).
 *
 * Syntax
 * ------
 *   {{ path }}             the value at path, HTML-escaped. Strings as they
 *                          are, integers in decimal, true/false; null,
 *                          missing, arrays and objects give nothing.
 *   {{ path | f | g }}     the value through filters, left to right.
 *   {{#if path}}A{{else}}B{{/if}}
 *                          A when path is truthy, else B ({{else}} optional).
 *                          Falsy: false, null, missing, "", 0, [], {}.
 *   {{#unless path}}A{{else}}B{{/unless}}
 *                          the reverse of #if.
 *   {{#each path}}A{{else}}B{{/each}}
 *                          A once per element of the array at path; B when
 *                          it is missing, empty or not an array.
 *   {{#eq path "literal"}}A{{else}}B{{/eq}}
 *                          A when the value, as text, equals the literal
 *                          (no escapes inside the quotes; integers compare
 *                          by their decimal text: {{#eq id "5"}}).
 *   {{> name}}             renders template "name" here with the same
 *                          context (a partial; nesting capped at
 *                          CARBON_TPL_MAX_PARTIAL_DEPTH).
 *   {{! comment }}         nothing.
 *
 * Paths: "." is the current item (the element inside #each, else the whole
 * context); "@index" (0-based) and "@number" (1-based) count the innermost
 * #each; otherwise names of [A-Za-z0-9_] joined by dots ("user.lao.name_th";
 * a name of digits also indexes an array: "items.0"). The first name is
 * looked up in the current item, then in each enclosing #each item, then in
 * the root context (a context stack); the rest descend from there.
 *
 * Filters
 *   number          integer (or integer text) with thousands separators:
 *                   1234567 -> "1,234,567"
 *   baht            integer satang -> "1,234.50"
 *   thai_date       "YYYY-MM-DD" -> "1 ต.ค. 2567" (short month, BE year)
 *   thai_date_long  "YYYY-MM-DD" -> "1 ตุลาคม 2567"
 *   thai_datetime   "YYYY-MM-DDTHH:MM:SSZ" (or SQLite's "YYYY-MM-DD HH:MM:SS",
 *                   UTC) -> "1 ต.ค. 2567 14:05 น." in Bangkok time (UTC+7)
 *   be_date         "YYYY-MM-DD" -> "01/10/2567" (for BE date inputs)
 *   fiscal_year     "YYYY-MM-DD" -> BE fiscal year, e.g. 2568
 *   urlencode       percent-encodes all but A-Z a-z 0-9 - . _ ~
 *   json            the value as compact JSON (still HTML-escaped, so it
 *                   fits a data-* attribute; '/' is written "\/")
 *   raw             NO escaping: only for trusted, already rendered HTML
 *                   (the page body inside the layout). Must be last.
 * A value a filter cannot read (not a number, not a date) passes through
 * unchanged.
 *
 * Compile errors stop loading with "<file>:<line>: <what>", e.g.
 * "layout.html:12: unknown filter 'bath'": unterminated tag, unclosed or
 * mismatched block, {{else}} outside a block, unknown block keyword,
 * unknown filter, raw not last, bad path characters, unknown partial.
 */
#ifndef CARBON_TEMPLATE_H
#define CARBON_TEMPLATE_H

#include <stddef.h>
#include <apr_pools.h>
#include <apr_errno.h>
#include <jansson.h>

/* Deepest nesting of partials in one render. */
#define CARBON_TPL_MAX_PARTIAL_DEPTH 16
/* Deepest nesting of blocks inside one template. */
#define CARBON_TPL_MAX_BLOCK_DEPTH 64

typedef struct carbon_tpl carbon_tpl;
typedef struct carbon_tpl_set carbon_tpl_set;

/* Receives output; returns a negative number on failure, which stops the
 * render. The Apache side adapts ap_rwrite or a brigade writer to this. */
typedef int (*carbon_tpl_write_fn)(void *baton, const char *buf, size_t len);

/* Loads and compiles every *.html in dir (names: the file name without
 * ".html"; files starting with '.' are skipped) and resolves partials.
 * NULL with *err set (allocated from p) on any error. */
carbon_tpl_set *carbon_tpl_load_dir(apr_pool_t *p, const char *dir, const char **err);

/* Building a set by hand (tests, embedded templates): create, add each
 * source, then resolve once. Error messages name the template
 * "<name>.html". A set must not be changed after carbon_tpl_set_resolve. */
carbon_tpl_set *carbon_tpl_set_create(apr_pool_t *p);
apr_status_t carbon_tpl_set_add(carbon_tpl_set *set, const char *name,
                                const char *source, size_t len, const char **err);
apr_status_t carbon_tpl_set_resolve(carbon_tpl_set *set, const char **err);

/* The template called name, or NULL. */
const carbon_tpl *carbon_tpl_get(const carbon_tpl_set *set, const char *name);
const char *carbon_tpl_name(const carbon_tpl *t);

/* Renders t with context ctx through write. Filter results live in a
 * private scratch pool, cleared after each value and destroyed at the end.
 * APR_SUCCESS; APR_EGENERAL when write failed; APR_EINVAL when partials
 * nest deeper than CARBON_TPL_MAX_PARTIAL_DEPTH. Output already written
 * stays written. */
apr_status_t carbon_tpl_render(const carbon_tpl *t, json_t *ctx,
                               carbon_tpl_write_fn write, void *baton);

/* Renders into a NUL-terminated string from p; NULL on a render error. */
char *carbon_tpl_render_to_string(apr_pool_t *p, const carbon_tpl *t, json_t *ctx);

/* Writes text[0..len) HTML-escaped; returns the first negative result of
 * write, else 0. */
int carbon_html_escape_write(carbon_tpl_write_fn write, void *baton,
                             const char *text, size_t len);

/* text HTML-escaped, allocated from p. */
char *carbon_html_escape(apr_pool_t *p, const char *text);

#endif
