/*
 * handlers.h: what the handler files share. Each file registers its own
 * routes (router.h, CARBON_ROUTES); the core includes nothing of here.
 */
#ifndef CARBON_HANDLERS_H
#define CARBON_HANDLERS_H

#include "carbon.h"

/* sale_self.c still finds the trade view's labels here; they are the
 * core's now (trade_view.h): this include goes once sale_self.c includes
 * trade_view.h itself. */
#include "trade_view.h"

#endif
