/* Unit tests for mod_carbon/template.c: compiling and rendering templates. */
#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "template.h"

static apr_pool_t *pool;

static void make_pool(void)
{
    apr_pool_create(&pool, NULL);
}

static void destroy_pool(void)
{
    apr_pool_destroy(pool);
}

/* A set holding the given (name, source) pairs, NULL-terminated, resolved;
 * on a compile error returns NULL with *err set. */
static carbon_tpl_set *compile_set(const char **err, const char *const *pairs)
{
    carbon_tpl_set *set = carbon_tpl_set_create(pool);
    *err = NULL;
    for (; pairs[0]; pairs += 2) {
        if (carbon_tpl_set_add(set, pairs[0], pairs[1], strlen(pairs[1]), err) != APR_SUCCESS) {
            return NULL;
        }
    }
    return carbon_tpl_set_resolve(set, err) == APR_SUCCESS ? set : NULL;
}

/* The compile error of one template called "page", or NULL. */
static const char *compile_error(const char *source)
{
    const char *err;
    const char *pairs[] = { "page", source, NULL };
    compile_set(&err, pairs);
    return err;
}

static json_t *parse_json(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, JSON_DECODE_ANY, &error);
    ck_assert_msg(value != NULL, "bad test JSON: %s", error.text);
    return value;
}

/* Renders template "page" of the given set against JSON context text. */
static char *render_set(const carbon_tpl_set *set, const char *context)
{
    json_t *ctx = parse_json(context);
    char *out = carbon_tpl_render_to_string(pool, carbon_tpl_get(set, "page"), ctx);
    json_decref(ctx);
    return out;
}

/* Compiles source as "page" (failing the test on a compile error) and renders it. */
static char *render(const char *source, const char *context)
{
    const char *err;
    const char *pairs[] = { "page", source, NULL };
    carbon_tpl_set *set = compile_set(&err, pairs);
    ck_assert_msg(set != NULL, "compile error: %s", err);
    return render_set(set, context);
}

/* ---- values and escaping ---- */

START_TEST(value_escapes_html_specials)
{
    ck_assert_str_eq(render("<p>{{ v }}</p>", "{\"v\": \"<script>alert(\\\"x\\\")&'\"}"),
                     "<p>&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;</p>");
}
END_TEST

START_TEST(raw_filter_writes_trusted_html_unescaped)
{
    ck_assert_str_eq(render("<main>{{ body | raw }}</main>", "{\"body\": \"<p class='a'>&amp;</p>\"}"),
                     "<main><p class='a'>&amp;</p></main>");
}
END_TEST

START_TEST(values_print_by_type)
{
    ck_assert_str_eq(render("{{s}}|{{i}}|{{t}}|{{f}}|{{n}}|{{missing}}|{{a}}|{{o}}|{{neg}}",
                            "{\"s\": \"ไทย\", \"i\": 42, \"t\": true, \"f\": false,"
                            " \"n\": null, \"a\": [1], \"o\": {\"k\": 1}, \"neg\": -7}"),
                     "ไทย|42|true|false|||||-7");
}
END_TEST

START_TEST(dotted_path_descends_into_objects)
{
    ck_assert_str_eq(render("{{ user.lao.name_th }}",
                            "{\"user\": {\"lao\": {\"name_th\": \"อบต.ป่าแดง\"}}}"),
                     "อบต.ป่าแดง");
}
END_TEST

START_TEST(numeric_path_name_indexes_arrays)
{
    ck_assert_str_eq(render("{{ items.1.name }}", "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"),
                     "b");
}
END_TEST

START_TEST(path_through_a_non_object_is_missing)
{
    ck_assert_str_eq(render("[{{ s.x }}][{{ a.x }}]", "{\"s\": \"text\", \"a\": [1]}"), "[][]");
}
END_TEST

START_TEST(text_without_tags_is_copied)
{
    ck_assert_str_eq(render("<b>a & b</b>\n", "{}"), "<b>a & b</b>\n");
    ck_assert_str_eq(render("", "{}"), "");
}
END_TEST

/* ---- each ---- */

START_TEST(each_numbers_items_from_one_and_indexes_from_zero)
{
    ck_assert_str_eq(render("{{#each items}}{{@number}}:{{name}}@{{@index}} {{/each}}",
                            "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"),
                     "1:a@0 2:b@1 ");
}
END_TEST

START_TEST(each_dot_is_the_item)
{
    ck_assert_str_eq(render("{{#each tags}}[{{.}}]{{/each}}", "{\"tags\": [\"x\", 3, \"<\"]}"),
                     "[x][3][&lt;]");
}
END_TEST

START_TEST(nested_each_falls_back_to_outer_contexts)
{
    ck_assert_str_eq(render("{{#each provinces}}{{#each laos}}{{title}}/{{province}}/{{name}}"
                            "#{{@number}};{{/each}}{{/each}}",
                            "{\"title\": \"T\", \"provinces\": ["
                            "{\"province\": \"แพร่\", \"laos\": [{\"name\": \"a\"}, {\"name\": \"b\"}]},"
                            "{\"province\": \"น่าน\", \"laos\": [{\"name\": \"c\"}]}]}"),
                     "T/แพร่/a#1;T/แพร่/b#2;T/น่าน/c#1;");
}
END_TEST

START_TEST(item_field_shadows_outer_field)
{
    ck_assert_str_eq(render("{{#each rows}}{{name}},{{/each}}{{name}}",
                            "{\"name\": \"outer\", \"rows\": [{\"name\": \"inner\"}, {}]}"),
                     "inner,outer,outer");
}
END_TEST

START_TEST(each_renders_else_for_empty_or_missing_list)
{
    const char *source = "{{#each rows}}row{{else}}ไม่มีข้อมูล{{/each}}";
    ck_assert_str_eq(render(source, "{\"rows\": []}"), "ไม่มีข้อมูล");
    ck_assert_str_eq(render(source, "{}"), "ไม่มีข้อมูล");
    ck_assert_str_eq(render(source, "{\"rows\": \"not a list\"}"), "ไม่มีข้อมูล");
}
END_TEST

START_TEST(index_outside_each_is_empty)
{
    ck_assert_str_eq(render("[{{@index}}][{{@number}}]", "{}"), "[][]");
}
END_TEST

/* ---- if / unless truthiness ---- */

static const struct {
    const char *context;
    const char *expected;
} truthiness_table[] = {
    { "{\"v\": false}", "no" },
    { "{\"v\": null}", "no" },
    { "{}", "no" },
    { "{\"v\": \"\"}", "no" },
    { "{\"v\": 0}", "no" },
    { "{\"v\": 0.0}", "no" },
    { "{\"v\": []}", "no" },
    { "{\"v\": {}}", "no" },
    { "{\"v\": true}", "yes" },
    { "{\"v\": \"0\"}", "yes" },
    { "{\"v\": \"x\"}", "yes" },
    { "{\"v\": 1}", "yes" },
    { "{\"v\": -1}", "yes" },
    { "{\"v\": 0.5}", "yes" },
    { "{\"v\": [0]}", "yes" },
    { "{\"v\": {\"k\": 0}}", "yes" },
};

START_TEST(if_truthiness_table)
{
    ck_assert_msg(strcmp(render("{{#if v}}yes{{else}}no{{/if}}", truthiness_table[_i].context),
                         truthiness_table[_i].expected) == 0,
                  "context %s", truthiness_table[_i].context);
}
END_TEST

START_TEST(if_without_else_renders_nothing_when_false)
{
    ck_assert_str_eq(render("[{{#if v}}yes{{/if}}]", "{\"v\": false}"), "[]");
}
END_TEST

START_TEST(unless_renders_when_false)
{
    const char *source = "{{#unless signed_in}}เข้าสู่ระบบ{{else}}ออกจากระบบ{{/unless}}";
    ck_assert_str_eq(render(source, "{\"signed_in\": false}"), "เข้าสู่ระบบ");
    ck_assert_str_eq(render(source, "{\"signed_in\": true}"), "ออกจากระบบ");
}
END_TEST

/* ---- eq ---- */

START_TEST(eq_matches_string_literal)
{
    ck_assert_str_eq(render("{{#eq role \"lao\"}}LAO{{else}}other{{/eq}}", "{\"role\": \"lao\"}"),
                     "LAO");
}
END_TEST

START_TEST(eq_renders_else_when_different)
{
    ck_assert_str_eq(render("{{#eq role \"dla\"}}DLA{{else}}other{{/eq}}", "{\"role\": \"lao\"}"),
                     "other");
    ck_assert_str_eq(render("{{#eq role \"dla\"}}DLA{{else}}other{{/eq}}", "{}"), "other");
}
END_TEST

START_TEST(eq_compares_integers_by_decimal_text)
{
    ck_assert_str_eq(render("{{#each ids}}{{#eq . \"5\"}}*{{else}}-{{/eq}}{{/each}}",
                            "{\"ids\": [4, 5, \"5\", 50]}"),
                     "-**-");
}
END_TEST

START_TEST(eq_marks_selected_option_inside_each)
{
    ck_assert_str_eq(render("{{#each provinces}}<option value=\"{{code}}\"{{#eq code \"54\"}}"
                            " selected{{/eq}}>{{name}}</option>{{/each}}",
                            "{\"provinces\": [{\"code\": \"50\", \"name\": \"เชียงใหม่\"},"
                            " {\"code\": \"54\", \"name\": \"แพร่\"}]}"),
                     "<option value=\"50\">เชียงใหม่</option>"
                     "<option value=\"54\" selected>แพร่</option>");
}
END_TEST

/* ---- partials ---- */

START_TEST(partial_renders_with_the_same_context)
{
    const char *err;
    const char *pairs[] = {
        "page", "<body>{{> header}}main</body>",
        "header", "<h1>{{ user }}</h1>",
        NULL
    };
    carbon_tpl_set *set = compile_set(&err, pairs);
    ck_assert_msg(set != NULL, "%s", err);
    ck_assert_str_eq(render_set(set, "{\"user\": \"สมชาย\"}"), "<body><h1>สมชาย</h1>main</body>");
}
END_TEST

START_TEST(partial_inside_each_sees_the_item)
{
    const char *err;
    const char *pairs[] = {
        "page", "{{#each rows}}{{> row}}{{/each}}",
        "row", "<tr><td>{{@number}}</td><td>{{name}}</td></tr>",
        NULL
    };
    carbon_tpl_set *set = compile_set(&err, pairs);
    ck_assert_msg(set != NULL, "%s", err);
    ck_assert_str_eq(render_set(set, "{\"rows\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"),
                     "<tr><td>1</td><td>a</td></tr><tr><td>2</td><td>b</td></tr>");
}
END_TEST

START_TEST(recursive_partial_stops_at_depth_cap)
{
    const char *err;
    const char *pairs[] = { "page", "x{{> page}}", NULL };
    carbon_tpl_set *set = compile_set(&err, pairs);
    ck_assert_msg(set != NULL, "%s", err);
    ck_assert_ptr_null(carbon_tpl_render_to_string(pool, carbon_tpl_get(set, "page"), NULL));
}
END_TEST

/* ---- compile errors ---- */

START_TEST(unknown_filter_is_a_compile_error_with_line)
{
    ck_assert_str_eq(compile_error("<html>\n<body>\n{{ price | bath }}\n"),
                     "page.html:3: unknown filter 'bath'");
}
END_TEST

START_TEST(unclosed_block_is_reported_at_its_opening_line)
{
    ck_assert_str_eq(compile_error("<ul>\n{{#each rows}}\n<li>{{name}}</li>\n</ul>\n"),
                     "page.html:2: unclosed block {{#each}}");
}
END_TEST

START_TEST(mismatched_close_names_both_blocks)
{
    ck_assert_str_eq(compile_error("{{#each rows}}\n{{#if x}}\n{{/each}}\n{{/if}}"),
                     "page.html:3: {{/each}} does not match {{#if}} opened on line 2");
}
END_TEST

START_TEST(close_without_open_is_an_error)
{
    ck_assert_str_eq(compile_error("a\n{{/if}}"), "page.html:2: {{/if}} without an open block");
}
END_TEST

START_TEST(unterminated_tag_is_reported_at_its_line)
{
    ck_assert_str_eq(compile_error("<p>\n\n{{ name </p>\n"),
                     "page.html:3: unterminated tag '{{'");
}
END_TEST

START_TEST(unknown_partial_is_a_load_error_with_line)
{
    ck_assert_str_eq(compile_error("<body>\n{{> footer}}\n</body>"),
                     "page.html:2: unknown partial 'footer'");
}
END_TEST

START_TEST(unknown_block_keyword_is_an_error)
{
    ck_assert_str_eq(compile_error("{{#with user}}{{/with}}"),
                     "page.html:1: unknown block keyword '#with'");
}
END_TEST

START_TEST(bad_path_characters_are_an_error)
{
    ck_assert_str_eq(compile_error("{{ user name }}"), "page.html:1: bad path 'user name'");
    ck_assert_str_eq(compile_error("{{ user..name }}"), "page.html:1: bad path 'user..name'");
    ck_assert_str_eq(compile_error("{{#if a-b}}{{/if}}"), "page.html:1: bad path 'a-b'");
}
END_TEST

START_TEST(raw_must_be_the_last_filter)
{
    ck_assert_str_eq(compile_error("{{ body | raw | number }}"),
                     "page.html:1: filter 'raw' must be the last filter");
}
END_TEST

START_TEST(else_outside_a_block_is_an_error)
{
    ck_assert_str_eq(compile_error("a{{else}}b"), "page.html:1: {{else}} outside a block");
}
END_TEST

START_TEST(second_else_is_an_error)
{
    ck_assert_str_eq(compile_error("{{#if a}}1{{else}}2\n{{else}}3{{/if}}"),
                     "page.html:2: second {{else}} in {{#if}} opened on line 1");
}
END_TEST

START_TEST(eq_without_quoted_literal_is_an_error)
{
    ck_assert_str_eq(compile_error("{{#eq role lao}}{{/eq}}"),
                     "page.html:1: {{#eq}} needs a path and a \"literal\"");
}
END_TEST

START_TEST(empty_tag_is_an_error)
{
    ck_assert_str_eq(compile_error("a {{ }} b"), "page.html:1: empty tag");
}
END_TEST

START_TEST(line_numbers_count_newlines_inside_tags)
{
    ck_assert_str_eq(compile_error("{{! a comment\nover two lines }}\n{{ x | nope }}"),
                     "page.html:3: unknown filter 'nope'");
}
END_TEST

START_TEST(comment_renders_nothing)
{
    ck_assert_str_eq(render("a{{! ends at the first {{ x }}b", "{\"x\": 1}"), "ab");
    ck_assert_str_eq(render("a{{! not shown }}b", "{}"), "ab");
}
END_TEST

/* ---- filters ---- */

START_TEST(number_filter_groups_thousands)
{
    ck_assert_str_eq(render("{{ n | number }} {{ s | number }}",
                            "{\"n\": 1234567, \"s\": \"-1234\"}"),
                     "1,234,567 -1,234");
}
END_TEST

START_TEST(baht_filter_formats_satang)
{
    ck_assert_str_eq(render("{{ total_satang | baht }}", "{\"total_satang\": 123450}"), "1,234.50");
}
END_TEST

START_TEST(thai_date_filter_short_and_long)
{
    ck_assert_str_eq(render("{{ d | thai_date }}|{{ d | thai_date_long }}", "{\"d\": \"2024-10-01\"}"),
                     "1 ต.ค. 2567|1 ตุลาคม 2567");
}
END_TEST

START_TEST(thai_datetime_filter_shows_bangkok_time)
{
    ck_assert_str_eq(render("{{ t | thai_datetime }}", "{\"t\": \"2024-09-30T17:05:00Z\"}"),
                     "1 ต.ค. 2567 00:05 น.");
}
END_TEST

START_TEST(be_date_filter_formats_for_inputs)
{
    ck_assert_str_eq(render("{{ d | be_date }}", "{\"d\": \"2026-11-21\"}"), "21/11/2569");
}
END_TEST

START_TEST(fiscal_year_filter_chains_with_number)
{
    ck_assert_str_eq(render("{{ d | fiscal_year }} {{ d | fiscal_year | number }}",
                            "{\"d\": \"2024-10-01\"}"),
                     "2568 2,568");
}
END_TEST

START_TEST(urlencode_filter_percent_encodes)
{
    ck_assert_str_eq(render("/x?q={{ q | urlencode }}", "{\"q\": \"a b&c/ก~\"}"),
                     "/x?q=a%20b%26c%2F%E0%B8%81~");
}
END_TEST

START_TEST(json_filter_encodes_and_still_escapes)
{
    ck_assert_str_eq(render("<div data-x=\"{{ x | json }}\"></div>",
                            "{\"x\": {\"a\": \"<b>\", \"n\": [1, 2]}}"),
                     "<div data-x=\"{&quot;a&quot;:&quot;&lt;b&gt;&quot;,&quot;n&quot;:[1,2]}\"></div>");
}
END_TEST

START_TEST(json_filter_of_missing_is_null)
{
    ck_assert_str_eq(render("{{ nothing | json }}", "{}"), "null");
}
END_TEST

START_TEST(filters_pass_unreadable_values_through)
{
    ck_assert_str_eq(render("{{ d | thai_date }}|{{ s | baht }}|{{ m | number }}",
                            "{\"d\": \"not a date\", \"s\": \"abc\"}"),
                     "not a date|abc|");
}
END_TEST

START_TEST(filters_escape_their_output)
{
    ck_assert_str_eq(render("{{ d | thai_date }}", "{\"d\": \"<b>\"}"), "&lt;b&gt;");
}
END_TEST

/* ---- rendering plumbing ---- */

static int failing_writer(void *baton, const char *buf, size_t len)
{
    int *calls = baton;
    (*calls)++;
    return -1;
}

START_TEST(render_stops_when_the_writer_fails)
{
    const char *err;
    const char *pairs[] = { "page", "a{{x}}b{{x}}c", NULL };
    carbon_tpl_set *set = compile_set(&err, pairs);
    json_t *ctx = parse_json("{\"x\": 1}");
    int calls = 0;

    ck_assert_int_eq(carbon_tpl_render(carbon_tpl_get(set, "page"), ctx, failing_writer, &calls),
                     APR_EGENERAL);
    ck_assert_int_eq(calls, 1);
    json_decref(ctx);
}
END_TEST

static int collecting_writer(void *baton, const char *buf, size_t len)
{
    char **collected = baton;
    *collected = apr_pstrcat(pool, *collected, apr_pstrmemdup(pool, buf, len), NULL);
    return (int)len;
}

START_TEST(render_streams_through_the_writer)
{
    const char *err;
    const char *pairs[] = { "page", "<p>{{ x | number }} {{ s }}</p>", NULL };
    carbon_tpl_set *set = compile_set(&err, pairs);
    json_t *ctx = parse_json("{\"x\": 1234, \"s\": \"a&b\"}");
    char *collected = "";

    ck_assert_int_eq(carbon_tpl_render(carbon_tpl_get(set, "page"), ctx, collecting_writer,
                                       &collected), APR_SUCCESS);
    ck_assert_str_eq(collected, "<p>1,234 a&amp;b</p>");
    json_decref(ctx);
}
END_TEST

START_TEST(null_context_renders_as_empty)
{
    const char *err;
    const char *pairs[] = { "page", "[{{ a }}]{{#if a}}x{{/if}}", NULL };
    carbon_tpl_set *set = compile_set(&err, pairs);
    ck_assert_str_eq(carbon_tpl_render_to_string(pool, carbon_tpl_get(set, "page"), NULL), "[]");
}
END_TEST

START_TEST(html_escape_helper_escapes_all_five)
{
    ck_assert_str_eq(carbon_html_escape(pool, "a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    ck_assert_str_eq(carbon_html_escape(pool, ""), "");
}
END_TEST

START_TEST(duplicate_template_name_is_refused)
{
    const char *err;
    const char *pairs[] = { "page", "a", "page", "b", NULL };
    ck_assert_ptr_null(compile_set(&err, pairs));
    ck_assert_str_eq(err, "template 'page' defined twice");
}
END_TEST

/* ---- loading a directory ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char *path = apr_pstrcat(pool, dir, "/", name, NULL);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
    unlink(apr_pstrcat(pool, dir, "/", name, NULL));
}

START_TEST(load_dir_names_templates_by_file_name)
{
    char dir[] = "/tmp/carbon_tpl_XXXXXX";
    const char *err = NULL;
    carbon_tpl_set *set;
    json_t *ctx = parse_json("{\"title\": \"หน้าแรก\", \"body\": \"<p>x</p>\"}");

    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "layout.html", "<title>{{title}}</title>{{> menu}}{{ body | raw }}");
    write_file(dir, "menu.html", "<nav></nav>");
    write_file(dir, "notes.txt", "{{ not a template");
    set = carbon_tpl_load_dir(pool, dir, &err);
    ck_assert_msg(set != NULL, "%s", err);
    ck_assert_str_eq(carbon_tpl_name(carbon_tpl_get(set, "layout")), "layout");
    ck_assert_ptr_null(carbon_tpl_get(set, "notes"));
    ck_assert_str_eq(carbon_tpl_render_to_string(pool, carbon_tpl_get(set, "layout"), ctx),
                     "<title>หน้าแรก</title><nav></nav><p>x</p>");
    json_decref(ctx);
    remove_file(dir, "layout.html");
    remove_file(dir, "menu.html");
    remove_file(dir, "notes.txt");
    rmdir(dir);
}
END_TEST

START_TEST(load_dir_reports_errors_with_the_file_name)
{
    char dir[] = "/tmp/carbon_tpl_XXXXXX";
    const char *err = NULL;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "layout.html", "<html>\n{{ total | bath }}\n");
    ck_assert_ptr_null(carbon_tpl_load_dir(pool, dir, &err));
    ck_assert_str_eq(err, "layout.html:2: unknown filter 'bath'");
    remove_file(dir, "layout.html");
    rmdir(dir);
}
END_TEST

START_TEST(load_dir_reports_a_missing_directory)
{
    const char *err = NULL;
    ck_assert_ptr_null(carbon_tpl_load_dir(pool, "/nonexistent/carbon/templates", &err));
    ck_assert_ptr_nonnull(strstr(err, "cannot open template directory "
                                      "'/nonexistent/carbon/templates'"));
}
END_TEST

static Suite *template_suite(void)
{
    Suite *s = suite_create("template");
    TCase *values = tcase_create("values");
    TCase *each = tcase_create("each");
    TCase *conditions = tcase_create("conditions");
    TCase *partials = tcase_create("partials");
    TCase *errors = tcase_create("compile_errors");
    TCase *filters = tcase_create("filters");
    TCase *plumbing = tcase_create("plumbing");
    TCase *all[] = { values, each, conditions, partials, errors, filters, plumbing };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], make_pool, destroy_pool);
        suite_add_tcase(s, all[i]);
    }

    tcase_add_test(values, value_escapes_html_specials);
    tcase_add_test(values, raw_filter_writes_trusted_html_unescaped);
    tcase_add_test(values, values_print_by_type);
    tcase_add_test(values, dotted_path_descends_into_objects);
    tcase_add_test(values, numeric_path_name_indexes_arrays);
    tcase_add_test(values, path_through_a_non_object_is_missing);
    tcase_add_test(values, text_without_tags_is_copied);

    tcase_add_test(each, each_numbers_items_from_one_and_indexes_from_zero);
    tcase_add_test(each, each_dot_is_the_item);
    tcase_add_test(each, nested_each_falls_back_to_outer_contexts);
    tcase_add_test(each, item_field_shadows_outer_field);
    tcase_add_test(each, each_renders_else_for_empty_or_missing_list);
    tcase_add_test(each, index_outside_each_is_empty);

    tcase_add_loop_test(conditions, if_truthiness_table, 0,
                        (int)(sizeof(truthiness_table) / sizeof(truthiness_table[0])));
    tcase_add_test(conditions, if_without_else_renders_nothing_when_false);
    tcase_add_test(conditions, unless_renders_when_false);
    tcase_add_test(conditions, eq_matches_string_literal);
    tcase_add_test(conditions, eq_renders_else_when_different);
    tcase_add_test(conditions, eq_compares_integers_by_decimal_text);
    tcase_add_test(conditions, eq_marks_selected_option_inside_each);

    tcase_add_test(partials, partial_renders_with_the_same_context);
    tcase_add_test(partials, partial_inside_each_sees_the_item);
    tcase_add_test(partials, recursive_partial_stops_at_depth_cap);

    tcase_add_test(errors, unknown_filter_is_a_compile_error_with_line);
    tcase_add_test(errors, unclosed_block_is_reported_at_its_opening_line);
    tcase_add_test(errors, mismatched_close_names_both_blocks);
    tcase_add_test(errors, close_without_open_is_an_error);
    tcase_add_test(errors, unterminated_tag_is_reported_at_its_line);
    tcase_add_test(errors, unknown_partial_is_a_load_error_with_line);
    tcase_add_test(errors, unknown_block_keyword_is_an_error);
    tcase_add_test(errors, bad_path_characters_are_an_error);
    tcase_add_test(errors, raw_must_be_the_last_filter);
    tcase_add_test(errors, else_outside_a_block_is_an_error);
    tcase_add_test(errors, second_else_is_an_error);
    tcase_add_test(errors, eq_without_quoted_literal_is_an_error);
    tcase_add_test(errors, empty_tag_is_an_error);
    tcase_add_test(errors, line_numbers_count_newlines_inside_tags);
    tcase_add_test(errors, comment_renders_nothing);

    tcase_add_test(filters, number_filter_groups_thousands);
    tcase_add_test(filters, baht_filter_formats_satang);
    tcase_add_test(filters, thai_date_filter_short_and_long);
    tcase_add_test(filters, thai_datetime_filter_shows_bangkok_time);
    tcase_add_test(filters, be_date_filter_formats_for_inputs);
    tcase_add_test(filters, fiscal_year_filter_chains_with_number);
    tcase_add_test(filters, urlencode_filter_percent_encodes);
    tcase_add_test(filters, json_filter_encodes_and_still_escapes);
    tcase_add_test(filters, json_filter_of_missing_is_null);
    tcase_add_test(filters, filters_pass_unreadable_values_through);
    tcase_add_test(filters, filters_escape_their_output);

    tcase_add_test(plumbing, render_streams_through_the_writer);
    tcase_add_test(plumbing, render_stops_when_the_writer_fails);
    tcase_add_test(plumbing, null_context_renders_as_empty);
    tcase_add_test(plumbing, html_escape_helper_escapes_all_five);
    tcase_add_test(plumbing, duplicate_template_name_is_refused);
    tcase_add_test(plumbing, load_dir_names_templates_by_file_name);
    tcase_add_test(plumbing, load_dir_reports_errors_with_the_file_name);
    tcase_add_test(plumbing, load_dir_reports_a_missing_directory);
    return s;
}

int main(void)
{
    SRunner *runner;
    int failed;

    apr_initialize();
    runner = srunner_create(template_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
