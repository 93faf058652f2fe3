/*
 * sale_self.c: การขายคาร์บอนเครดิต (แบบดำเนินการเอง), the self-operated
 * sale page (MISSION.md section 2). This release shows its read-only
 * parts: the LAO's credit summary (remaining / awaiting / sold), the LAO's
 * information, and the data-type switch (ประเภทข้อมูล) whose certified
 * credits view lists the LAO's certifications with their documents. Trades
 * are recorded from the next release: their lists are shown empty, with a
 * note. An LAO user sees its own LAO; a provincial office picks an LAO of
 * its scope, DLA any LAO (province, then LAO).
 */
#include "handlers.h"
#include "router.h"
#include "http.h"
#include "db.h"
#include "certifications.h"
#include "json_util.h"
#include "http_protocol.h"
#include "apr_strings.h"

#define DATA_CERTIFICATIONS "certifications"
#define DATA_COMPLETED "completed"

static int db_trouble(carbon_req *cr, carbon_db_status st)
{
    return carbon_send_body_error(cr, st ? carbon_db_http_status(st) : HTTP_SERVICE_UNAVAILABLE);
}

static const char *digits(const char *s, size_t len)
{
    size_t n = s ? strlen(s) : 0, i;
    if (n != len)
        return NULL;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return NULL;
    return s;
}

static void mark_selected(json_t *rows, const char *key, const char *value)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *v = carbon_row_str(row, key);
        json_object_set_new(row, "is_selected", json_boolean(value && v && !strcmp(v, value)));
    }
}

/* The LAO pickers of a provincial office (its scope) or DLA (province,
 * then the province's LAOs). */
static carbon_db_status pickers(carbon_req *cr, carbon_db *db, json_t *ctx, const char *province_code,
                                const char *lao_code)
{
    json_t *provinces = NULL, *laos = NULL;
    carbon_db_status st;
    if (cr->user->role == CARBON_ROLE_DLA) {
        if ((st = carbon_provinces_list(db, &provinces)))
            return st;
        carbon_json_pool(cr->r->pool, provinces);
        mark_selected(provinces, "province_code", province_code);
        json_object_set(ctx, "provinces", provinces);
        if (!province_code)
            return CARBON_DB_OK;
    }
    if ((st = carbon_lao_options(cr, db, province_code, &laos)))
        return st;
    mark_selected(laos, "lao_code", lao_code);
    json_object_set(ctx, "laos", laos);
    return CARBON_DB_OK;
}

static int page(carbon_req *cr)
{
    apr_pool_t *p = cr->r->pool;
    carbon_db *db = carbon_db_get(cr->r);
    apr_table_t *q = carbon_query_args(cr);
    json_t *ctx = carbon_json_pool(p, json_object()), *lao = NULL, *certs;
    const char *lao_code, *province_code = digits(apr_table_get(q, "province_code"), 2);
    const char *data = apr_table_get(q, "data");
    carbon_db_status st;
    if (!db)
        return db_trouble(cr, CARBON_DB_OK);
    if (!data || strcmp(data, DATA_COMPLETED))
        data = DATA_CERTIFICATIONS;
    json_object_set_new(ctx, "data", json_string(data));
    json_object_set_new(ctx, "in_progress", json_array());
    json_object_set_new(ctx, "completed", json_array());
    if (cr->user->role == CARBON_ROLE_LAO) {
        lao_code = cr->user->lao_code;
    } else {
        lao_code = digits(apr_table_get(q, "lao_code"), 7);
        json_object_set_new(ctx, "chooses_lao", json_true());
    }
    if (lao_code) {
        if ((st = carbon_lao_profile(cr, db, lao_code, &lao)))
            return db_trouble(cr, st);
        if (!lao)
            return carbon_send_error(cr, HTTP_NOT_FOUND, "ไม่พบ อปท. ที่ต้องการ");
        if (cr->user->role == CARBON_ROLE_DLA)
            province_code = carbon_row_str(lao, "province_code");
    }
    if (cr->user->role != CARBON_ROLE_LAO && (st = pickers(cr, db, ctx, province_code, lao_code)))
        return db_trouble(cr, st);
    json_object_set_new(ctx, "province_code", province_code ? json_string(province_code) : json_null());
    if (lao) {
        json_object_set(ctx, "lao", lao);
        if ((st = carbon_certifications_of_lao(cr, db, lao_code, &certs)))
            return db_trouble(cr, st);
        json_object_set(ctx, "certifications", certs);
    }
    return carbon_send_page(cr, HTTP_OK, "sale_self", "การขายคาร์บอนเครดิต (แบบดำเนินการเอง)", ctx);
}

const carbon_route carbon_sale_self_routes[] = {
    { "GET", "/sales/self", page, 0 },
    { NULL, NULL, NULL, 0 }
};
