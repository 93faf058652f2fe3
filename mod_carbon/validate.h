/*
 * validate.h: one validation table per form, used by the HTML and the JSON
 * paths alike. A table lists each field's type, whether it is required,
 * its limits and its Thai label; carbon_validate() turns raw input (JSON
 * values or form text) into clean values and Thai messages per field.
 */
#ifndef CARBON_VALIDATE_H
#define CARBON_VALIDATE_H

#include <jansson.h>

typedef enum {
    CARBON_V_TEXT,     /* trimmed text, min..max characters, no control characters */
    CARBON_V_INT,      /* whole number min..max (JSON integer or decimal text) */
    CARBON_V_DATE,     /* a real calendar date, ISO YYYY-MM-DD or Thai dd/mm/yyyy (BE);
                          the clean value is ISO */
    CARBON_V_DIGITS    /* a code of digits, min..max digits long */
} carbon_vtype;

typedef struct {
    const char *name;
    carbon_vtype type;
    int required;
    long long min, max;
    const char *label_th;
} carbon_vfield;

/* Validates input (an object) against fields (ended by a NULL name).
 * Returns a new object holding the clean values of the fields present
 * (text as strings, numbers as integers); every problem is set in errors
 * (an object) as field -> Thai message. Unknown input keys are ignored. */
json_t *carbon_validate(const carbon_vfield *fields, json_t *input, json_t *errors);

/* Whether s is a record id as it appears in a URL: 1 to 18 decimal digits
 * (so it always fits a BIGINT). */
int carbon_is_id(const char *s);

#endif
