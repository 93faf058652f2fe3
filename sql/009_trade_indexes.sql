-- Migration 009: the trade lists' index. The LAO-driven plans of the queue
-- and the searches read only this index, never the trade rows, until the
-- page's 20 ids are known.
CREATE INDEX trades_page ON trades(lao_code, status, ordered_on, kind, buyer_id, order_no);
