-- Migration 008: trades (การซื้อขายคาร์บอนเครดิต) and their order numbers.
-- One row per trade; kind says how it was sold (self-operated now; group
-- and delegated sales reuse the table). The LAO's credits move in
-- lao_credits in the same transaction as every status change.

-- One readable order-number sequence per Thai fiscal year (BE).
CREATE TABLE order_sequences (
    fiscal_year  INTEGER PRIMARY KEY,
    last_no      BIGINT NOT NULL
);

CREATE TABLE trades (
    id                 SERIAL_PK,
    kind               TEXT NOT NULL CHECK (kind IN ('self', 'group', 'delegated')),
    order_no           TEXT NOT NULL UNIQUE,
    fiscal_year        INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'deleted')),
    lao_code           TEXT NOT NULL REFERENCES laos(code),
    project_id         BIGINT NOT NULL REFERENCES projects(id),
    buyer_id           BIGINT NOT NULL REFERENCES buyers(id),
    ordered_on         TEXT NOT NULL,
    trade_type         TEXT NOT NULL CHECK (trade_type IN ('transfer', 'cancellation')),
    quantity_tco2e     BIGINT NOT NULL CHECK (quantity_tco2e > 0),
    unit_price_satang  BIGINT NOT NULL CHECK (unit_price_satang > 0),
    total_satang       BIGINT NOT NULL CHECK (total_satang = quantity_tco2e * unit_price_satang),
    created_by         BIGINT NOT NULL REFERENCES users(id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    -- bumped by every change: an edit prepared from version N applies only
    -- if the row is still at N (edits checked against a stale copy lose)
    version            BIGINT NOT NULL DEFAULT 0,
    -- step 3, DLA's confirmation
    confirmed_on       TEXT,
    confirmation_ref   TEXT,
    confirmation_note  TEXT,
    confirmed_by       BIGINT REFERENCES users(id),
    confirmed_at       TEXT,
    -- DLA's deletion of an in-progress trade (the row stays for the record)
    deleted_reason     TEXT,
    deleted_by         BIGINT REFERENCES users(id),
    deleted_at         TEXT,
    CHECK (status <> 'completed' OR (confirmed_on IS NOT NULL AND confirmed_by IS NOT NULL)),
    CHECK (status <> 'deleted' OR (deleted_at IS NOT NULL AND deleted_by IS NOT NULL))
);
CREATE INDEX trades_lao ON trades(lao_code, status, id);
CREATE INDEX trades_queue ON trades(status, kind, ordered_on, id);
CREATE INDEX trades_buyer ON trades(buyer_id);
