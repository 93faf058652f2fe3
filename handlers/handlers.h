/*
 * handlers.h: what the handler files share. Each file registers its own
 * routes (router.h, CARBON_ROUTES); the core includes nothing of here.
 */
#ifndef CARBON_HANDLERS_H
#define CARBON_HANDLERS_H

#include "carbon.h"

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
