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
    CARBON_V_DIGITS,   /* a code of digits, min..max digits long */
    CARBON_V_DATE_PAST,/* a date as CARBON_V_DATE that is not after today (Bangkok) */
    CARBON_V_CHOICE,   /* one of the field's choices (text, as sent) */
    CARBON_V_BOOL,     /* JSON true / false, or form text "1" / "0", "true" / "false", "on";
                          the clean value is a JSON boolean */
    CARBON_V_BAHT,     /* money in baht as typed ("1,234.50", at most 2 decimals), min..max
                          satang; the clean value is integer satang */
    CARBON_V_SATANG    /* money in satang: a whole number min..max (as CARBON_V_INT) */
} carbon_vtype;

typedef struct {
    const char *name;
    carbon_vtype type;
    int required;
    long long min, max;
    const char *label_th;
    const char *const *choices;   /* CARBON_V_CHOICE: the allowed values, NULL-ended */
} carbon_vfield;

/* A form: its fields, and a check across fields run on the clean values
 * once every field passed or failed on its own (may be NULL); it adds its
 * messages to errors. */
typedef struct {
    const carbon_vfield *fields;
    void (*check)(json_t *clean, json_t *errors, void *baton);
} carbon_vform;

/* Validates input (an object) against fields (ended by a NULL name).
 * Returns a new object holding the clean values of the fields present
 * (text as strings, numbers as integers); every problem is set in errors
 * (an object) as field -> Thai message. Unknown input keys are ignored. */
json_t *carbon_validate(const carbon_vfield *fields, json_t *input, json_t *errors);
/* The same for a form, then its cross-field check (with baton). */
json_t *carbon_validate_form(const carbon_vform *form, json_t *input, json_t *errors, void *baton);
/* Today's date in Bangkok as ISO, for CARBON_V_DATE_PAST: out holds 11 bytes. */
void carbon_validate_today(char out[11]);

/* Whether s is a record id as it appears in a URL: 1 to 18 decimal digits
 * (so it always fits a BIGINT). */
int carbon_is_id(const char *s);

#endif
