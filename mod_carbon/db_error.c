/* db_error.c: database errors by SQLSTATE or result code (see db_error.h). */
#include "db_error.h"
#include <string.h>

static int is_sqlstate_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* libpq's verbose layout is "<severity>:  <SQLSTATE>: <text>"; the
 * severity may be translated, so only the two spaces after its colon and
 * the shape of the code are relied on. */
int carbon_pg_sqlstate(const char *msg, char code[6])
{
    const char *end, *p;
    int i;
    code[0] = '\0';
    if (!msg)
        return 0;
    end = strchr(msg, '\n');
    if (!end)
        end = msg + strlen(msg);
    for (p = strstr(msg, ":  "); p && p < end; p = strstr(p + 1, ":  ")) {
        const char *c = p + 3;
        for (i = 0; i < 5 && c + i < end && is_sqlstate_char(c[i]); i++)
            ;
        if (i == 5 && c + 5 < end && c[5] == ':') {
            memcpy(code, c, 5);
            code[5] = '\0';
            return 1;
        }
    }
    return 0;
}

carbon_db_status carbon_pg_status(const char *msg)
{
    char code[6];
    if (!carbon_pg_sqlstate(msg, code))
        return CARBON_DB_ERROR;
    if (!strncmp(code, "23", 2))
        return CARBON_DB_CONSTRAINT;
    if (!strcmp(code, "40001") || !strcmp(code, "40P01") || !strcmp(code, "55P03"))
        return CARBON_DB_BUSY;
    return CARBON_DB_ERROR;
}

carbon_db_status carbon_sqlite_status(int rv, const char *msg)
{
    if (rv == 19)
        return CARBON_DB_CONSTRAINT;
    if (rv == 5 || rv == 6)
        return CARBON_DB_BUSY;
    if (rv == 1 && msg && (!strcmp(msg, "database is locked") || !strcmp(msg, "database table is locked")))
        return CARBON_DB_BUSY;
    return CARBON_DB_ERROR;
}
