/*
 * buyers.h: the buyer registry (ทะเบียนผู้ซื้อคาร์บอนเครดิต).
 *
 * The registry is shared: every signed-in role searches and reads every
 * buyer, and may add one. Only the organisation that registered a buyer
 * (its LAO, or its provincial office; owner_lao_code / owner_province_code
 * are set from the creating user) and DLA may change it. Every create and
 * update is one transaction with an audit row (entity "buyer") holding the
 * record before and after.
 *
 * A buyer record, as the API and the templates see it (JSON):
 *   id, buyer_type, buyer_type_name, registered_on (ISO), has_tver_account
 *   (bool), tver_account_name, tver_account_no, first_name, last_name,
 *   occupation, org_name, business_type, display_name,
 *   address, road, province_code, province_name, district_code,
 *   district_name, subdistrict_code, subdistrict_name, postcode, phone,
 *   office_phone, coordinator_first_name, coordinator_last_name,
 *   owner_lao_code, owner_lao_name, owner_province_code,
 *   owner_province_name, registered_by_name (the user), registered_by_org
 *   (the LAO / provincial office / DLA, in Thai), created_at, updated_at.
 * Fields that do not apply are null: the T-VER pair without an account,
 * first/last name and occupation for an organisation, org_name and
 * business_type for a person. display_name is org_name, or first_name
 * + " " + last_name.
 *
 * business_type (ประเภทกิจการ) is typed text, as in the manual ("ระบุข้อมูล
 * ประเภทกิจการ"), required for an organisation: 1-200 characters, trimmed,
 * no control characters. DLA's business_type code list is only offered as
 * suggestions (the form's <datalist>); any text is accepted, and the
 * record holds the text itself, not a code (migration 011 turned the old
 * codes into their Thai names).
 *
 * Phones are stored as digits: a mobile 0[689]XXXXXXXX (10 digits) or a
 * landline 0[2-7]XXXXXXX (9 digits); people may type spaces, dashes, dots,
 * brackets and a leading +66. The office phone may carry an extension,
 * written "ต่อ", "ext", "x" or "#" then 1-6 digits, stored as
 * "021234567 ต่อ 123".
 *
 * Searching (for the list page, the JSON API, the .xlsx export and the
 * printable report): read the filters once with carbon_buyer_filters_read,
 * then either carbon_buyers_search (one page and the total) or
 * carbon_buyers_each (every matching row, in the same order, fetched in
 * chunks so memory stays small). Order: registration date, newest first,
 * then id, newest first.
 *
 *     carbon_buyer_filters f;
 *     json_t *errors = carbon_json_pool(p, json_object());
 *     int rv = carbon_buyer_filters_read(cr, db, carbon_query_args(cr), &f, errors);
 *     if (rv == HTTP_UNPROCESSABLE_ENTITY) -> carbon_send_errors(cr, json_incref(errors));
 *     rv = carbon_buyers_each(cr, db, &f, write_row, &sheet);  // or carbon_buyers_search
 */
#ifndef CARBON_BUYERS_H
#define CARBON_BUYERS_H

#include "carbon.h"
#include "db.h"

/* Largest page of a search. */
#define CARBON_BUYERS_PER_PAGE_MAX 100
#define CARBON_BUYERS_PER_PAGE_DEFAULT 20
/* The search counts at most this many (and one more to know there are
 * more): a total above it is shown as "more than 10,000". */
#define CARBON_BUYERS_COUNT_CAP 10000

/* Search filters, read and checked. Every pointer is NULL when the filter
 * is not set. The fiscal year (BE, 1 Oct - 30 Sep, named by the year it
 * ends in), the registration year (BE, calendar) and registered_from/to
 * all narrow one date range [from, to]. */
typedef struct {
    const char *from, *to;            /* ISO dates, inclusive */
    const char *province_code, *district_code, *subdistrict_code;
    const char *buyer_type;
    const char *name_like;            /* the q filter as a LIKE pattern (lower case; carbon_like_contains) */
    const char *name_index;           /* '%q%' for the trigram index, or NULL when it cannot answer q */
    long long page, per_page;         /* 1-based page; rows per page (1..100) */
    const char *after_on, *after_id;  /* keyset: the page after this row (the after= cursor), or NULL */
    json_t *given;                    /* the clean filters as given (pool-owned), for links */
} carbon_buyer_filters;

/* Reads filters from query arguments: fiscal_year, registered_year (BE),
 * province_code, district_code, subdistrict_code, buyer_type,
 * registered_from, registered_to (ISO or dd/mm/yyyy BE), q (part of the
 * name or T-VER account number), page, per_page. Unknown names are
 * ignored; empty values mean "not set". Returns OK, or
 * HTTP_UNPROCESSABLE_ENTITY with Thai messages in errors (a field that is
 * not a number/date/code, an unknown buyer type, a district outside the
 * province, a subdistrict outside the district, from after to, per_page
 * over 100), or another HTTP status (database). */
int carbon_buyer_filters_read(carbon_req *cr, carbon_db *db, apr_table_t *args,
                              carbon_buyer_filters *f, json_t *errors);

/* One page of matching buyers (records as above, each with can_edit for
 * the signed-in user) and the number of all matching buyers. *items is
 * pool-owned. Returns OK or an HTTP status. */
int carbon_buyers_search(carbon_req *cr, carbon_db *db, const carbon_buyer_filters *f,
                         json_t **items, long long *total);

/* Calls fn(baton, record) for every matching buyer, ignoring page and
 * per_page, in the order of the search; the record is borrowed for the
 * call. A non-zero return from fn stops and is returned. Returns OK or an
 * HTTP status. */
typedef int (*carbon_buyer_row_fn)(void *baton, json_t *record);
int carbon_buyers_each(carbon_req *cr, carbon_db *db, const carbon_buyer_filters *f,
                       carbon_buyer_row_fn fn, void *baton);

/* The buyer with id (decimal text) and can_edit for the user: OK with
 * *buyer (pool-owned), HTTP_NOT_FOUND, or another HTTP status. */
int carbon_buyer_get(carbon_req *cr, carbon_db *db, const char *id, json_t **buyer);

/* Whether user u may change the buyer record. */
int carbon_buyer_can_edit(const carbon_user *u, json_t *buyer);

/* Creates a buyer from input (JSON: the API's field names; has_tver_account
 * a boolean). OK with *created (the new record, pool-owned),
 * HTTP_UNPROCESSABLE_ENTITY with Thai messages per field in errors, or
 * another HTTP status. */
int carbon_buyer_create(carbon_req *cr, json_t *input, json_t *errors, json_t **created);

/* Replaces buyer id with input (same rules as create). HTTP_NOT_FOUND,
 * HTTP_FORBIDDEN (not the user's to change), HTTP_UNPROCESSABLE_ENTITY,
 * or OK with *updated. */
int carbon_buyer_update(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **updated);

/* The Thai message of a 403 on a buyer. */
#define CARBON_BUYER_FORBIDDEN_TH \
    "ท่านไม่มีสิทธิ์แก้ไขข้อมูลผู้ซื้อรายนี้ (แก้ไขได้เฉพาะหน่วยงานที่ลงทะเบียนผู้ซื้อและกรมส่งเสริมการปกครองท้องถิ่น)"
#define CARBON_BUYER_NOT_FOUND_TH "ไม่พบข้อมูลผู้ซื้อที่ต้องการ"

/* The input field names of a buyer (the API's and the form's), NULL-ended. */
extern const char *const carbon_buyer_input_fields[];

/* Normalises a Thai phone number (see above): the stored form, or NULL
 * when it is not one. allow_extension for the office phone. */
const char *carbon_buyer_phone_normalise(apr_pool_t *p, const char *text, int allow_extension);
/* A stored phone for people: "081-234-5678", "02-123-4567",
 * "054-511-234", "02-123-4567 ต่อ 12". */
const char *carbon_buyer_phone_display(apr_pool_t *p, const char *stored);

/* The code list (buyer_type, business_type) as [{code, name_th}], active
 * entries in their order; *rows is a new array the caller owns. (The
 * business types are suggestions for the typed text, not a choice.) */
carbon_db_status carbon_buyer_code_list(carbon_db *db, const char *list, json_t **rows);

/* The keyset cursor after row (a search result): "YYYY-MM-DD.id", for the
 * after= argument of the next page. */
const char *carbon_buyer_cursor(apr_pool_t *p, json_t *row);

#endif
