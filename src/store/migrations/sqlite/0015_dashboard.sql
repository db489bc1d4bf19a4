-- The dashboard (GET /api/v1/dashboard, src/store/dashboard_store.c). Its customer KPIs probe
-- each customer's live sales by date (bought in the last 12 months? the 12 before? in each of
-- the last 3 complete months?) and its revenue and monthly-buyer trends sum live orders by
-- customer and month: one partial covering index serves both, so no probe or sum reads the
-- orders table. Queries must repeat its condition (status <> 'cancelled' AND deleted_at IS
-- NULL) to use it. Complaints opened per month are read by kind and receiving time.
CREATE INDEX orders_dash ON orders(customer_id, order_date, kind, amount_fen)
  WHERE status <> 'cancelled' AND deleted_at IS NULL;
CREATE INDEX tickets_received ON tickets(kind, received_at);
