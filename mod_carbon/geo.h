/*
 * geo.h: Thai geography (DOPA codes) for address fields and filters:
 * provinces (2 digits), districts of a province (4), subdistricts of a
 * district (6), postcodes of a subdistrict (5). Lists come back as JSON
 * arrays [{code, name_th}] in Thai dictionary order (a leading vowel
 * เ แ โ ใ ไ sorts by the consonant after it), which is how people look
 * for a name in a list.
 */
#ifndef CARBON_GEO_H
#define CARBON_GEO_H

#include "carbon.h"
#include "db.h"

/* Every province. *rows is a new array the caller owns. */
carbon_db_status carbon_geo_provinces(carbon_db *db, json_t **rows);
/* The districts of a province, the subdistricts of a district, the
 * postcodes of a subdistrict ({code: "54000", name_th: "54000"}).
 * *rows is NULL (not an error) when the parent code does not exist. */
carbon_db_status carbon_geo_districts(carbon_db *db, const char *province_code, json_t **rows);
carbon_db_status carbon_geo_subdistricts(carbon_db *db, const char *district_code, json_t **rows);
carbon_db_status carbon_geo_postcodes(carbon_db *db, const char *subdistrict_code, json_t **rows);

/* Checks that the codes given (any may be NULL: not checked) exist and
 * fit together: the district lies in the province, the subdistrict in the
 * district, the postcode belongs to the subdistrict. Problems go into
 * errors (Thai) under "province_code", "district_code",
 * "subdistrict_code", "postcode"; a field that already has an error is
 * left alone. */
carbon_db_status carbon_geo_check(carbon_db *db, const char *province_code, const char *district_code,
                                  const char *subdistrict_code, const char *postcode, json_t *errors);

/* Sorts an array of objects in place by the Thai text at key. */
void carbon_geo_sort_thai(json_t *rows, const char *key);

/* 1 when s is exactly len ASCII digits. */
int carbon_geo_is_code(const char *s, size_t len);

#endif
