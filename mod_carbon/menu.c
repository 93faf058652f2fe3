/*
 * menu.c: the menu tree, as the LAO manual shows it, plus the parts the
 * provincial office and DLA need (MISSION.md, "Menus"). Each entry names
 * the roles that see it.
 */
#include "menu.h"
#include "todo.h"
#include "apr_strings.h"

APLOG_USE_MODULE(carbon);

#define R_LAO  (1 << CARBON_ROLE_LAO)
#define R_PROV (1 << CARBON_ROLE_PROVINCE)
#define R_DLA  (1 << CARBON_ROLE_DLA)
#define R_ALL  (R_LAO | R_PROV | R_DLA)

typedef struct {
    int depth;          /* 0 = top heading, 1 = group, 2 = page */
    const char *label;
    const char *href;   /* NULL for a heading or group */
    int roles;
} menu_entry;

/* The to-do list's entry: its label carries the number of waiting items. */
#define TODO_HREF "/todo"

static const menu_entry entries[] = {
    { 0, "การขาย Carbon Credit", NULL, R_ALL },
    { 1, "งานของฉัน", NULL, R_ALL },
    { 2, "งานที่ต้องดำเนินการ", TODO_HREF, R_ALL },
    { 1, "ข้อมูลพื้นฐาน", NULL, R_ALL },
    { 2, "ทะเบียนผู้ซื้อคาร์บอนเครดิต", "/registry/buyers", R_ALL },
    { 1, "การดำเนินการ", NULL, R_ALL },
    { 2, "การขายคาร์บอนเครดิต (แบบดำเนินการเอง)", "/sales/self", R_ALL },
    { 2, "การขายคาร์บอนเครดิต (แบบรวมกลุ่ม)", "/sales/group", R_ALL },
    { 2, "การขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย)", "/sales/delegated", R_ALL },
    { 2, "การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต", "/spending", R_ALL },
    { 1, "รายงาน", NULL, R_ALL },
    { 2, "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต", "/reports/spending", R_ALL },
    { 1, "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด", NULL, R_PROV },
    { 2, "จังหวัด / อปท. ที่รับผิดชอบ", "/province/laos", R_PROV },
    { 2, "รายการขายของ อปท. (แบบดำเนินการเอง)", "/province/sales", R_PROV },
    { 1, "ยืนยันการขาย อปท.", NULL, R_DLA },
    { 2, "รายการรอยืนยันการขาย", "/admin/confirm", R_DLA },
    { 1, "ข้อมูลหลัก (สถ.)", NULL, R_DLA },
    { 2, "โครงการ", "/admin/projects", R_DLA },
    { 2, "ข้อมูลการรับรองปริมาณคาร์บอนเครดิต", "/admin/certifications", R_DLA },
    { 2, "องค์กรปกครองส่วนท้องถิ่น", "/admin/laos", R_DLA },
    { 2, "ผู้ใช้งาน", "/admin/users", R_DLA },
    { 2, "บันทึกการเข้าถึงข้อมูลส่วนบุคคล", "/admin/personal-data-reads", R_DLA },
    { 2, "ข่าวสาร/ประชาสัมพันธ์", "/admin/news", R_DLA },
    { 2, "รหัสข้อมูลพื้นฐาน", "/admin/codes", R_DLA },
    { -1, NULL, NULL, 0 }
};

static int path_is_under(const char *path, const char *href)
{
    size_t n = strlen(href);
    return !strncmp(path, href, n) && (path[n] == '\0' || path[n] == '/');
}

json_t *carbon_menu_for(carbon_req *cr)
{
    json_t *tree = json_array(), *top = NULL, *group = NULL;
    const menu_entry *e;
    int bit;
    if (!cr->user)
        return tree;
    bit = 1 << cr->user->role;
    for (e = entries; e->depth >= 0; e++) {
        json_t *node;
        if (!(e->roles & bit))
            continue;
        node = json_pack("{s:s,s:[]}", "label", e->label, "items");
        if (e->href) {
            json_object_set_new(node, "href", json_string(apr_pstrcat(cr->r->pool, cr->base, e->href, NULL)));
            json_object_set_new(node, "active", json_boolean(path_is_under(cr->path, e->href)));
            if (!strcmp(e->href, TODO_HREF)) {
                json_t *todo = NULL;
                if (carbon_todo_list(cr, carbon_db_get(cr->r), &todo) == OK && todo)
                    json_object_set_new(node, "count", json_integer((json_int_t)json_array_size(todo)));
            }
        }
        if (e->depth == 0) {
            top = node;
            json_array_append_new(tree, top);
        } else if (e->depth == 1 && top) {
            group = node;
            json_array_append_new(json_object_get(top, "items"), group);
        } else if (group) {
            json_array_append_new(json_object_get(group, "items"), node);
        } else {
            json_decref(node);
        }
    }
    return tree;
}
