-- Migration 015: hardening (issue 11). One set of SQL for SQLite and
-- PostgreSQL alike.

-- Sessions end after an idle time as well as their absolute lifetime:
-- last_seen_at is the time of the session's latest request (to the minute;
-- session.c refreshes it at most once a minute). Existing sessions count
-- from their start.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;

-- Reads of a buyer's personal data (PDPA accountability): who, when, how
-- (action), and either the record read (buyer_id) or the filter of a list,
-- export or printable report (filter_json) with the number of rows shown.
-- Rows are only ever inserted; DLA lists them per buyer and per user
-- (keyset paging on id, newest first).
CREATE TABLE personal_data_reads (
    id          SERIAL_PK,
    read_at     TEXT NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    action      TEXT NOT NULL CHECK (action IN ('view', 'edit_form', 'api_read', 'search',
                                                'api_search', 'export', 'print')),
    buyer_id    BIGINT REFERENCES buyers(id),
    filter_json TEXT,
    row_count   BIGINT NOT NULL CHECK (row_count >= 0),
    CHECK ((buyer_id IS NULL AND filter_json IS NOT NULL)
           OR (buyer_id IS NOT NULL AND filter_json IS NULL))
);
CREATE INDEX personal_data_reads_buyer ON personal_data_reads(buyer_id, id);
CREATE INDEX personal_data_reads_user ON personal_data_reads(user_id, id);

-- Upload quotas count a user's and an LAO's files of the last 24 hours;
-- the sweep of pending uploads looks for old files no record links.
CREATE INDEX files_uploader_time ON files(uploaded_by, uploaded_at);
CREATE INDEX files_owner_lao_time ON files(owner_lao_code, uploaded_at);
CREATE INDEX files_uploaded_at ON files(uploaded_at);
CREATE INDEX record_files_file ON record_files(file_id);
