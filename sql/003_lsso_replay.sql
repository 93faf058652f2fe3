-- Migration 003: an LSSO token signs in once. The callback records the
-- SHA-256 of every accepted token until it expires; a second use is refused,
-- so a token copied from a log or a browser history is worth nothing.
CREATE TABLE lsso_used_tokens (
    token_hash  TEXT PRIMARY KEY,
    expires_at  TEXT NOT NULL
);
CREATE INDEX lsso_used_tokens_expiry ON lsso_used_tokens(expires_at);
