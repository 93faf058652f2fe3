/*
 * bahttext.h: an amount of money in Thai words, as Thai official documents
 * write it beside the figures: 1,234.50 -> "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบ
 * สตางค์", 21 -> "ยี่สิบเอ็ดบาทถ้วน", 100,000,000 -> "หนึ่งร้อยล้านบาทถ้วน".
 *
 * Pure C, no httpd or APR: tests/unit/test_bahttext.c includes the source.
 */
#ifndef CARBON_BAHTTEXT_H
#define CARBON_BAHTTEXT_H

#include <stddef.h>

/* The words of satang (>= 0) into out (NUL-ended). Returns the length, or
 * -1 when satang is negative or out is too small (512 bytes always fit). */
int carbon_baht_text(long long satang, char *out, size_t size);

#endif
