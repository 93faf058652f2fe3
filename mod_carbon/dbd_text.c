/* dbd_text.c: see dbd_text.h. */
#include "dbd_text.h"

const char *carbon_dbd_text(const apr_dbd_driver_t *driver, apr_dbd_row_t *row, int col)
{
    char *text = NULL;
    if (apr_dbd_datum_get(driver, row, col, APR_DBD_TYPE_STRING, &text) != APR_SUCCESS)
        return NULL;
    return text;
}
