/* handlers.h: the request handlers, one file per menu (see router.c). */
#ifndef CARBON_HANDLERS_H
#define CARBON_HANDLERS_H

#include "carbon.h"

/* public.c: the public dashboard and its drill-down */
int carbon_h_public_dashboard(carbon_req *cr);
int carbon_h_public_province(carbon_req *cr);
int carbon_h_public_lao(carbon_req *cr);
int carbon_h_api_public_summary(carbon_req *cr);
int carbon_h_api_public_provinces(carbon_req *cr);
int carbon_h_api_public_province_laos(carbon_req *cr);
int carbon_h_api_public_lao(carbon_req *cr);
int carbon_h_api_public_news(carbon_req *cr);

/* signin.c: LSSO hand-off, dev sign-in, sign-out, who am I */
int carbon_h_login_page(carbon_req *cr);
int carbon_h_login_dev(carbon_req *cr);
int carbon_h_lsso_callback(carbon_req *cr);
int carbon_h_logout_page(carbon_req *cr);
int carbon_h_logout(carbon_req *cr);
int carbon_h_api_me(carbon_req *cr);
int carbon_h_api_dev_users(carbon_req *cr);

/* credits.c: the credit ledger and certifications */
int carbon_h_api_lao_balance(carbon_req *cr);
int carbon_h_api_lao_certifications(carbon_req *cr);

/* admin_certifications.c: DLA records a certification (the route is in
 * router.c's table; the rest of the menu is in the file's own table) */
int carbon_h_api_certification_create(carbon_req *cr);

/* files.c: uploads and scoped downloads */
int carbon_h_api_file_upload(carbon_req *cr);
int carbon_h_api_file_meta(carbon_req *cr);
int carbon_h_file_download(carbon_req *cr);

/* admin_confirm.c: the read-only trade view shared with province_sales.c */
/* Thai name of a trade's kind (self / group / delegated). */
const char *carbon_trade_kind_th(const char *kind);
/* A trade type in short for lists: "T-VER Transfer" / "Cancellation Notification". */
const char *carbon_trade_type_short_th(const char *trade_type);
/* The label of the confirmation reference for a trade type. */
const char *carbon_trade_ref_label_th(const char *trade_type);
/* Adds kind_th and row_no (from first_row_no) to search items. */
void carbon_trade_items_prepare(json_t *items, long long first_row_no);
/* Adds what trade_view_steps.html shows: kind_th, ref_label_th, the
 * documents of steps 1 and 2 by kind, is_completed, is_deleted. */
void carbon_trade_view_prepare(json_t *trade);

#endif
