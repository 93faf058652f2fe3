-- Migration 014: spending the revenue from credit sales (issue 10,
-- MISSION.md section 5, FIXED-POINTS.md "Spending the revenue").
--
-- 1. lao_budget: the budget ledger, one row per LAO. income_satang is the
--    LAO's money from its completed sales of every kind (the sum of its
--    sold trade lines' total_satang), raised by budget.c when DLA confirms
--    a sale; committed_satang is what its spending requests took. Every
--    movement is a conditional UPDATE (budget.c), and the CHECKs hold the
--    invariant at every commit: never negative, never committed beyond the
--    income.
-- 2. spending: the LAO's records, numbered by round within a fiscal year
--    (spending_rounds, bumped by an upsert that locks the LAO's row for the
--    year), with the item of step 1 and the completion of step 2.

CREATE TABLE lao_budget (
    lao_code          TEXT PRIMARY KEY REFERENCES laos(code),
    income_satang     BIGINT NOT NULL DEFAULT 0 CHECK (income_satang >= 0),
    committed_satang  BIGINT NOT NULL DEFAULT 0 CHECK (committed_satang >= 0),
    CHECK (committed_satang <= income_satang)
);
-- the income of the sales confirmed before this migration
INSERT INTO lao_budget (lao_code, income_satang)
SELECT tl.lao_code, SUM(tl.total_satang)
  FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id
 WHERE tl.ledger = 'sold' AND t.status = 'completed'
 GROUP BY tl.lao_code;

CREATE TABLE spending_rounds (
    lao_code     TEXT NOT NULL REFERENCES laos(code),
    fiscal_year  INTEGER NOT NULL,
    last_round   INTEGER NOT NULL,
    PRIMARY KEY (lao_code, fiscal_year)
);

CREATE TABLE spending (
    id                    SERIAL_PK,
    lao_code              TEXT NOT NULL REFERENCES laos(code),
    fiscal_year           INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    round                 INTEGER NOT NULL CHECK (round >= 1),
    -- request: แจ้งขอใช้งบประมาณ; no_request: ไม่แจ้งขอใช้งบประมาณ;
    -- completed: ดำเนินการเสร็จสิ้น (สถ.), a request after step 2
    status                TEXT NOT NULL CHECK (status IN ('request', 'no_request', 'completed')),
    note                  TEXT,
    -- none (no_request), item (step 1 due), confirm (step 2 due), completed
    step                  TEXT NOT NULL CHECK (step IN ('none', 'item', 'confirm', 'completed')),
    started_on            TEXT,
    name                  TEXT,
    project_type          TEXT,
    details               TEXT,
    budget_credit_satang  BIGINT NOT NULL DEFAULT 0 CHECK (budget_credit_satang >= 0),
    budget_other_satang   BIGINT NOT NULL DEFAULT 0 CHECK (budget_other_satang >= 0),
    total_satang          BIGINT NOT NULL DEFAULT 0,
    completed_on          TEXT,
    created_by            BIGINT NOT NULL REFERENCES users(id),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    UNIQUE (lao_code, fiscal_year, round),
    CHECK (total_satang = budget_credit_satang + budget_other_satang),
    CHECK ((status = 'no_request') = (step = 'none')),
    CHECK (status <> 'no_request' OR (note IS NOT NULL AND note <> '')),
    CHECK ((status = 'completed') = (step = 'completed')),
    CHECK (step NOT IN ('confirm', 'completed') OR (started_on IS NOT NULL AND budget_credit_satang > 0)),
    CHECK (step <> 'completed' OR (completed_on IS NOT NULL AND completed_on >= started_on))
);
CREATE INDEX spending_lao ON spending(lao_code, fiscal_year, round);
CREATE INDEX spending_year ON spending(fiscal_year, lao_code);
-- the income list and the report read an LAO's sold lines
CREATE INDEX trade_lines_sold ON trade_lines(lao_code, ledger, trade_id);

-- the spending project types (migration 004 seeded them; kept if renamed)
INSERT INTO code_lists (list, code, name_th, sort) VALUES
 ('spending_project_type', 'environment', 'ด้านสิ่งแวดล้อมและการจัดการขยะ', 1),
 ('spending_project_type', 'infrastructure', 'ด้านโครงสร้างพื้นฐาน', 2),
 ('spending_project_type', 'quality_of_life', 'ด้านคุณภาพชีวิต', 3),
 ('spending_project_type', 'education', 'ด้านการศึกษา', 4),
 ('spending_project_type', 'health', 'ด้านสาธารณสุข', 5),
 ('spending_project_type', 'economy', 'ด้านเศรษฐกิจชุมชน', 6),
 ('spending_project_type', 'other', 'อื่น ๆ', 99)
ON CONFLICT (list, code) DO NOTHING;
