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

#endif
