/*
 * public_stats.h: what the public dashboard shows (MISSION.md section 7),
 * read without sign-in: national totals of the credit ledger, LAOs with the
 * most remaining credits, the provinces, one province's LAOs with credits
 * and one LAO's certifications. The results are pool-owned; each function
 * returns an HTTP status (OK, or 503 / 500 on database trouble).
 */
#ifndef CARBON_PUBLIC_STATS_H
#define CARBON_PUBLIC_STATS_H

#include "carbon.h"

/* {certified_tco2e, sold_tco2e, awaiting_tco2e, remaining_tco2e,
 * laos_with_credits} over every LAO. */
int carbon_public_summary(carbon_req *cr, json_t **summary);
/* Every province with the same totals (province_code, name_th, ...), by code. */
int carbon_public_provinces(carbon_req *cr, json_t **rows);
/* The ten LAOs with the most remaining credits. */
int carbon_public_top_laos(carbon_req *cr, json_t **rows);
/* A province ({province_code, name_th}) and its LAOs that have credits;
 * *province NULL when code is not a province code (two digits) or unknown. */
int carbon_public_province(carbon_req *cr, const char *code, json_t **province, json_t **laos);
/* An LAO with credits and its certifications (newest first); *lao NULL when
 * code is not an LAO code (seven digits), unknown, or has no credits. */
int carbon_public_lao(carbon_req *cr, const char *code, json_t **lao, json_t **certifications);

#endif
