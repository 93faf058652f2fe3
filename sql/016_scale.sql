-- Migration 016: pages that cost the same at 200,000 trades as at 2,000
-- (issue 13). One set of SQL for SQLite and PostgreSQL, except the name
-- index, whose lines say ONLY(sqlite3) or ONLY(pgsql) (tools/migrate keeps
-- the lines of its database and drops the others).

-- Registry search: one index per filter the search statements are chosen
-- by (buyers.c), each ending in the list's order (registered_on, id), so a
-- page is a short range scan, never a sort of every matching buyer. They
-- replace the area and type indexes, which served no ordered page.
DROP INDEX buyers_area;
DROP INDEX buyers_type;
CREATE INDEX buyers_province_on ON buyers(province_code, registered_on, id);
CREATE INDEX buyers_district_on ON buyers(district_code, registered_on, id);
CREATE INDEX buyers_subdistrict_on ON buyers(subdistrict_code, registered_on, id);
CREATE INDEX buyers_type_on ON buyers(buyer_type, registered_on, id);

-- Name search ("contains", as typed, Thai too): buyer_names(rowid,
-- display_name, tver_account_no) answers `display_name LIKE '%x%'` from a
-- trigram index on both databases. SQLite: an FTS5 external-content table
-- with the trigram tokenizer, kept by triggers (the FTS5 way to keep such
-- an index; it is an index, not a rule). PostgreSQL: a view over buyers
-- with pg_trgm GIN indexes on the same lower-cased expressions. buyers.c
-- uses it only to narrow the candidates; the exact LIKE ... ESCAPE on
-- buyers decides. Patterns shorter than three characters cannot use a
-- trigram: they scan the index (SQLite) or the table (PostgreSQL).
ONLY(sqlite3) CREATE VIRTUAL TABLE buyer_names USING fts5(display_name, tver_account_no, content='buyers', content_rowid='id', tokenize='trigram');
ONLY(sqlite3) INSERT INTO buyer_names (buyer_names) VALUES ('rebuild');
ONLY(sqlite3) CREATE TRIGGER buyer_names_insert AFTER INSERT ON buyers BEGIN INSERT INTO buyer_names (rowid, display_name, tver_account_no) VALUES (new.id, new.display_name, new.tver_account_no); END;
ONLY(sqlite3) CREATE TRIGGER buyer_names_delete AFTER DELETE ON buyers BEGIN INSERT INTO buyer_names (buyer_names, rowid, display_name, tver_account_no) VALUES ('delete', old.id, old.display_name, old.tver_account_no); END;
ONLY(sqlite3) CREATE TRIGGER buyer_names_update AFTER UPDATE OF display_name, tver_account_no ON buyers BEGIN INSERT INTO buyer_names (buyer_names, rowid, display_name, tver_account_no) VALUES ('delete', old.id, old.display_name, old.tver_account_no); INSERT INTO buyer_names (rowid, display_name, tver_account_no) VALUES (new.id, new.display_name, new.tver_account_no); END;
ONLY(pgsql) CREATE EXTENSION IF NOT EXISTS pg_trgm;
ONLY(pgsql) CREATE INDEX buyers_name_trgm ON buyers USING gin (LOWER(display_name) gin_trgm_ops);
ONLY(pgsql) CREATE INDEX buyers_tver_no_trgm ON buyers USING gin (LOWER(tver_account_no) gin_trgm_ops);
ONLY(pgsql) CREATE VIEW buyer_names AS SELECT id AS rowid, LOWER(display_name) AS display_name, LOWER(tver_account_no) AS tver_account_no FROM buyers;

-- The public totals, maintained: one row per province, moved by ledger.c
-- in the same transaction as each LAO's lao_credits row (the national
-- figures are the sum of these 77 rows; a single national row would be one
-- row every sale in the country locks until it commits). The CHECKs are
-- lao_credits'; laos_with_credits counts the province's LAOs with
-- certified credits. Rebuilt here from lao_credits (and by demo data that
-- writes lao_credits itself).
CREATE TABLE province_credits (
    province_code      TEXT PRIMARY KEY REFERENCES provinces(code),
    certified_tco2e    BIGINT NOT NULL DEFAULT 0,
    remaining_tco2e    BIGINT NOT NULL DEFAULT 0 CHECK (remaining_tco2e >= 0),
    awaiting_tco2e     BIGINT NOT NULL DEFAULT 0 CHECK (awaiting_tco2e >= 0),
    sold_tco2e         BIGINT NOT NULL DEFAULT 0 CHECK (sold_tco2e >= 0),
    laos_with_credits  BIGINT NOT NULL DEFAULT 0 CHECK (laos_with_credits >= 0),
    CHECK (remaining_tco2e + awaiting_tco2e + sold_tco2e = certified_tco2e)
);
INSERT INTO province_credits (province_code, certified_tco2e, remaining_tco2e, awaiting_tco2e,
                              sold_tco2e, laos_with_credits)
SELECT l.province_code, SUM(c.certified_tco2e), SUM(c.remaining_tco2e), SUM(c.awaiting_tco2e),
       SUM(c.sold_tco2e), COUNT(CASE WHEN c.certified_tco2e > 0 THEN 1 END)
  FROM lao_credits c JOIN laos l ON l.code = c.lao_code
 GROUP BY l.province_code;

-- The dashboard's top LAOs by remaining credits: the first ten entries of
-- an index, not a sort of every LAO.
CREATE INDEX lao_credits_remaining ON lao_credits(remaining_tco2e DESC, lao_code);
