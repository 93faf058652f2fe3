/*
 * audit_hash.h: the hash chain of the audit trail. A row's hash is the
 * SHA-256 (hex) of its fields, each length-prefixed so no two rows can
 * serialise alike, after the previous row's hash. Shared by the module
 * and the verifier (tools/audit_verify.c).
 */
#ifndef CARBON_AUDIT_HASH_H
#define CARBON_AUDIT_HASH_H

#include "apr_pools.h"

typedef struct {
    long long seq;
    const char *at, *user_subject, *user_role, *org_code;
    const char *entity, *entity_id, *action;
    const char *before_json, *after_json;   /* may be NULL */
    const char *prev_hash;
} carbon_audit_fields;

/* 64 hex characters, or NULL if the digest failed. */
const char *carbon_audit_hash(apr_pool_t *p, const carbon_audit_fields *f);

#define CARBON_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

#endif
