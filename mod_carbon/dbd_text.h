/* dbd_text.h: reading apr_dbd result columns the same way on every driver. */
#ifndef CARBON_DBD_TEXT_H
#define CARBON_DBD_TEXT_H

#include "apu.h"
#include "apr_dbd.h"

/* A column as text, or NULL for SQL NULL. apr_dbd_get_entry cannot tell
 * NULL from "" on pgsql (it returns PQgetvalue's ""); datum_get can. */
const char *carbon_dbd_text(const apr_dbd_driver_t *driver, apr_dbd_row_t *row, int col);

#endif
