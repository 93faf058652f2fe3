-- Migration 010: one sale model for the three kinds of sale, and credits
-- kept per LAO and project.
--
-- 1. project_credits: the ledger per (LAO, project). A sale of project P
--    reserves, sells and releases only P's credits. lao_credits stays as the
--    LAO's totals over its projects, moved by the ledger (ledger.c) in the
--    same transaction as the project row, so the public totals stay one
--    indexed row per LAO.
-- 2. trades becomes a header (kind, order number, project, buyer, price,
--    status, step); trade_lines holds one line per LAO taking part (its
--    role, quantity, total, ledger state and consent); trade_events holds
--    the per-step facts (who confirmed, when, the reference; who deleted and
--    why; consents and declines) instead of columns per step.
--
-- The data moves without losing a credit: every LAO keeps its totals, and
-- each project row adds up on its own (see step 1 below).

CREATE TABLE project_credits (
    lao_code         TEXT NOT NULL REFERENCES laos(code),
    project_id       BIGINT NOT NULL REFERENCES projects(id),
    certified_tco2e  BIGINT NOT NULL DEFAULT 0,
    remaining_tco2e  BIGINT NOT NULL DEFAULT 0 CHECK (remaining_tco2e >= 0),
    awaiting_tco2e   BIGINT NOT NULL DEFAULT 0 CHECK (awaiting_tco2e >= 0),
    sold_tco2e       BIGINT NOT NULL DEFAULT 0 CHECK (sold_tco2e >= 0),
    PRIMARY KEY (lao_code, project_id),
    CHECK (remaining_tco2e + awaiting_tco2e + sold_tco2e = certified_tco2e)
);

-- Step 1: each (LAO, project) from its certifications (certified) and its
-- trades (awaiting: in progress; sold: completed).
CREATE TEMP TABLE m010_rows (
    lao_code TEXT NOT NULL, project_id BIGINT NOT NULL,
    certified BIGINT NOT NULL, awaiting BIGINT NOT NULL, sold BIGINT NOT NULL,
    remaining BIGINT NOT NULL,
    PRIMARY KEY (lao_code, project_id)
);
INSERT INTO m010_rows (lao_code, project_id, certified, awaiting, sold, remaining)
SELECT k.lao_code, k.project_id,
       COALESCE((SELECT SUM(c.lao_share_tco2e) FROM certifications c
                  WHERE c.lao_code = k.lao_code AND c.project_id = k.project_id), 0),
       COALESCE((SELECT SUM(t.quantity_tco2e) FROM trades t WHERE t.status = 'in_progress'
                  AND t.lao_code = k.lao_code AND t.project_id = k.project_id), 0),
       COALESCE((SELECT SUM(t.quantity_tco2e) FROM trades t WHERE t.status = 'completed'
                  AND t.lao_code = k.lao_code AND t.project_id = k.project_id), 0),
       0
  FROM (SELECT lao_code, project_id FROM certifications
        UNION SELECT lao_code, project_id FROM trades WHERE status IN ('in_progress', 'completed')) k;
-- A project sold beyond its own certifications (the old per-LAO ledger
-- allowed it) keeps what it sold and awaits: certified is raised to that,
-- and step 2 takes the difference from the LAO's other projects.
UPDATE m010_rows SET certified = awaiting + sold WHERE certified < awaiting + sold;
UPDATE m010_rows SET remaining = certified - awaiting - sold;

-- Step 2: the LAO's totals are what lao_credits says. Credits the rows
-- above do not explain (recorded without a certification) go to the
-- default project's row; credits step 1 counted twice (its raise) come off
-- the remaining of the LAO's projects, lowest project id first.
CREATE TEMP TABLE m010_diff (lao_code TEXT PRIMARY KEY, diff BIGINT NOT NULL);
INSERT INTO m010_diff (lao_code, diff)
SELECT lc.lao_code,
       lc.certified_tco2e - COALESCE((SELECT SUM(r.certified) FROM m010_rows r WHERE r.lao_code = lc.lao_code), 0)
  FROM lao_credits lc;
DELETE FROM m010_diff WHERE diff = 0;
INSERT INTO m010_rows (lao_code, project_id, certified, awaiting, sold, remaining)
SELECT d.lao_code, COALESCE((SELECT id FROM projects WHERE is_default = 1), (SELECT MIN(id) FROM projects)),
       0, 0, 0, 0
  FROM m010_diff d
 WHERE d.diff > 0
   AND NOT EXISTS (SELECT 1 FROM m010_rows r WHERE r.lao_code = d.lao_code
                      AND r.project_id = COALESCE((SELECT id FROM projects WHERE is_default = 1),
                                                  (SELECT MIN(id) FROM projects)));
UPDATE m010_rows
   SET certified = certified + (SELECT d.diff FROM m010_diff d WHERE d.lao_code = m010_rows.lao_code),
       remaining = remaining + (SELECT d.diff FROM m010_diff d WHERE d.lao_code = m010_rows.lao_code)
 WHERE project_id = COALESCE((SELECT id FROM projects WHERE is_default = 1), (SELECT MIN(id) FROM projects))
   AND EXISTS (SELECT 1 FROM m010_diff d WHERE d.lao_code = m010_rows.lao_code AND d.diff > 0);
CREATE TEMP TABLE m010_take (
    lao_code TEXT NOT NULL, project_id BIGINT NOT NULL, take BIGINT NOT NULL,
    PRIMARY KEY (lao_code, project_id)
);
INSERT INTO m010_take (lao_code, project_id, take)
SELECT x.lao_code, x.project_id,
       CASE WHEN x.excess - (x.running - x.remaining) <= 0 THEN 0
            WHEN x.excess - (x.running - x.remaining) >= x.remaining THEN x.remaining
            ELSE x.excess - (x.running - x.remaining) END
  FROM (SELECT r.lao_code, r.project_id, r.remaining, -d.diff AS excess,
               SUM(r.remaining) OVER (PARTITION BY r.lao_code ORDER BY r.project_id
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
          FROM m010_rows r JOIN m010_diff d ON d.lao_code = r.lao_code AND d.diff < 0) x;
UPDATE m010_rows
   SET certified = certified - (SELECT k.take FROM m010_take k
                                 WHERE k.lao_code = m010_rows.lao_code AND k.project_id = m010_rows.project_id),
       remaining = remaining - (SELECT k.take FROM m010_take k
                                 WHERE k.lao_code = m010_rows.lao_code AND k.project_id = m010_rows.project_id)
 WHERE EXISTS (SELECT 1 FROM m010_take k
                WHERE k.lao_code = m010_rows.lao_code AND k.project_id = m010_rows.project_id);
INSERT INTO project_credits (lao_code, project_id, certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e)
SELECT lao_code, project_id, certified, remaining, awaiting, sold FROM m010_rows;
-- The LAO totals follow the project rows (equal to before for every
-- consistent LAO; the CHECKs refuse the migration if anything went wrong).
UPDATE lao_credits
   SET certified_tco2e = COALESCE((SELECT SUM(pc.certified_tco2e) FROM project_credits pc WHERE pc.lao_code = lao_credits.lao_code), 0),
       remaining_tco2e = COALESCE((SELECT SUM(pc.remaining_tco2e) FROM project_credits pc WHERE pc.lao_code = lao_credits.lao_code), 0),
       awaiting_tco2e = COALESCE((SELECT SUM(pc.awaiting_tco2e) FROM project_credits pc WHERE pc.lao_code = lao_credits.lao_code), 0),
       sold_tco2e = COALESCE((SELECT SUM(pc.sold_tco2e) FROM project_credits pc WHERE pc.lao_code = lao_credits.lao_code), 0);
DROP TABLE m010_take;
DROP TABLE m010_diff;
DROP TABLE m010_rows;

-- Step 3: trades as header, lines and events.
ALTER TABLE trades RENAME TO trades_v1;

CREATE TABLE trades (
    id                 SERIAL_PK,
    kind               TEXT NOT NULL CHECK (kind IN ('self', 'group', 'delegated')),
    order_no           TEXT NOT NULL UNIQUE,
    fiscal_year        INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'deleted')),
    -- where the trade is in its kind's steps (trades.c's step tables)
    step               TEXT NOT NULL,
    -- the leading LAO: the seller of a self-operated sale, the representative
    -- of a group sale; NULL for a sale delegated to DLA
    lao_code           TEXT REFERENCES laos(code),
    -- the provincial office that organises a group sale; NULL otherwise
    province_code      TEXT REFERENCES provinces(code),
    project_id         BIGINT NOT NULL REFERENCES projects(id),
    buyer_id           BIGINT NOT NULL REFERENCES buyers(id),
    ordered_on         TEXT NOT NULL,
    trade_type         TEXT NOT NULL CHECK (trade_type IN ('transfer', 'cancellation')),
    -- the sum over the lines (a delegated sale starts with none)
    quantity_tco2e     BIGINT NOT NULL CHECK (quantity_tco2e >= 0),
    unit_price_satang  BIGINT NOT NULL CHECK (unit_price_satang > 0),
    total_satang       BIGINT NOT NULL CHECK (total_satang = quantity_tco2e * unit_price_satang),
    created_by         BIGINT NOT NULL REFERENCES users(id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    -- bumped by every change: a write prepared from version N applies only
    -- if the row is still at N
    version            BIGINT NOT NULL DEFAULT 0
);
INSERT INTO trades (id, kind, order_no, fiscal_year, status, step, lao_code, province_code, project_id,
                    buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang,
                    created_by, created_at, updated_at, version)
SELECT id, kind, order_no, fiscal_year, status,
       CASE status WHEN 'in_progress' THEN 'awaiting_dla' ELSE status END,
       lao_code, NULL, project_id, buyer_id, ordered_on, trade_type, quantity_tco2e, unit_price_satang,
       total_satang, created_by, created_at, updated_at, version
  FROM trades_v1;
SYNC_SERIAL(trades);

CREATE TABLE trade_lines (
    id              SERIAL_PK,
    trade_id        BIGINT NOT NULL REFERENCES trades(id),
    lao_code        TEXT NOT NULL REFERENCES laos(code),
    role            TEXT NOT NULL CHECK (role IN ('seller', 'representative', 'participant')),
    quantity_tco2e  BIGINT NOT NULL CHECK (quantity_tco2e > 0),
    total_satang    BIGINT NOT NULL CHECK (total_satang >= 0),
    -- where the line's credits are: reserved (awaiting), sold, released
    ledger          TEXT NOT NULL CHECK (ledger IN ('reserved', 'sold', 'released')),
    consent         TEXT NOT NULL DEFAULT 'pending' CHECK (consent IN ('pending', 'consented', 'declined')),
    version         BIGINT NOT NULL DEFAULT 0,
    UNIQUE (trade_id, lao_code)
);
INSERT INTO trade_lines (trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent)
SELECT id, lao_code, 'seller', quantity_tco2e, total_satang,
       CASE status WHEN 'in_progress' THEN 'reserved' WHEN 'completed' THEN 'sold' ELSE 'released' END,
       'consented'
  FROM trades_v1;

CREATE TABLE trade_events (
    id        SERIAL_PK,
    trade_id  BIGINT NOT NULL REFERENCES trades(id),
    line_id   BIGINT REFERENCES trade_lines(id),
    -- confirm | delete | consent | decline | ... (trades.c's step tables)
    action    TEXT NOT NULL,
    acted_on  TEXT,    -- the date the actor states (the confirmation date)
    ref       TEXT,    -- the T-VER transfer or cancellation reference
    note      TEXT,    -- a note, the reason of a deletion or of a decline
    acted_by  BIGINT NOT NULL REFERENCES users(id),
    acted_at  TEXT NOT NULL
);
INSERT INTO trade_events (trade_id, action, acted_on, ref, note, acted_by, acted_at)
SELECT id, 'confirm', confirmed_on, confirmation_ref, confirmation_note, confirmed_by, confirmed_at
  FROM trades_v1 WHERE status = 'completed';
INSERT INTO trade_events (trade_id, action, note, acted_by, acted_at)
SELECT id, 'delete', deleted_reason, deleted_by, deleted_at
  FROM trades_v1 WHERE status = 'deleted';

DROP TABLE trades_v1;

CREATE INDEX trades_lao ON trades(lao_code, status, id);
CREATE INDEX trades_queue ON trades(status, kind, ordered_on, id);
CREATE INDEX trades_buyer ON trades(buyer_id);
CREATE INDEX trades_page ON trades(lao_code, status, ordered_on, kind, buyer_id, order_no);
CREATE INDEX trade_lines_lao ON trade_lines(lao_code, trade_id);
CREATE INDEX trade_events_trade ON trade_events(trade_id, action);
-- a trade is confirmed or deleted once
CREATE UNIQUE INDEX trade_events_once ON trade_events(trade_id, action) WHERE action IN ('confirm', 'delete');
