-- The dashboard's rollup (src/store/dashboard_rollup.c, docs/architecture.md "Dashboard rollup"):
-- GET /api/v1/dashboard sums a few thousand rollup rows instead of probing every customer's
-- orders. dash_rollup holds, per scope key (the customer's owner, team and department, the
-- columns the row scopes test) and kind, signed counts and fen at a date or instant (stamp): the
-- customer-status changes (A active, R retained, H churned, Y loyal: +1/-1 on the day the state
-- starts/ends, so a state's count as of T is the sum up to T), L live customers, C creations by
-- quarter hour, V net revenue by order date, B the first sale day of a customer in each month.
-- dash_customers keeps what each live customer last contributed (its key, creation instant and
-- live orders per day), so that a change can take exactly that back. The triggers mark every
-- customer whose orders or scope key change in dash_dirty, whatever the write path; the store
-- folds the dirty customers in (store_dashboard_fold) and the dashboard corrects for those
-- still dirty when it reads, so its figures are exact at every moment.
CREATE TABLE dash_rollup (
  owner_id       BIGINT,
  team_id        BIGINT,
  department_id  BIGINT,
  kind           TEXT NOT NULL,
  stamp          TEXT NOT NULL,
  n              BIGINT NOT NULL
);
CREATE INDEX dash_rollup_kind ON dash_rollup(kind, stamp, owner_id, team_id, department_id);
CREATE TABLE dash_customers (
  customer_id    BIGINT PRIMARY KEY,
  owner_id       BIGINT,
  team_id        BIGINT,
  department_id  BIGINT,
  created_at     TEXT NOT NULL,
  sales          TEXT NOT NULL    -- "day sale amount;…": day as days since 1970-01-01
);
CREATE TABLE dash_dirty (
  customer_id    BIGINT PRIMARY KEY
);
CREATE FUNCTION dash_mark_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.customer_id IS NOT DISTINCT FROM NEW.customer_id
     AND OLD.kind IS NOT DISTINCT FROM NEW.kind AND OLD.order_date IS NOT DISTINCT FROM NEW.order_date
     AND OLD.amount_fen IS NOT DISTINCT FROM NEW.amount_fen AND OLD.status IS NOT DISTINCT FROM NEW.status
     AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO dash_dirty (customer_id) VALUES (OLD.customer_id) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO dash_dirty (customer_id) VALUES (NEW.customer_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION dash_mark_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.id IS NOT DISTINCT FROM NEW.id
     AND OLD.owner_id IS NOT DISTINCT FROM NEW.owner_id AND OLD.team_id IS NOT DISTINCT FROM NEW.team_id
     AND OLD.department_id IS NOT DISTINCT FROM NEW.department_id
     AND OLD.created_at IS NOT DISTINCT FROM NEW.created_at AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at
     AND OLD.merged_into IS NOT DISTINCT FROM NEW.merged_into THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO dash_dirty (customer_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO dash_dirty (customer_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER dash_orders AFTER INSERT OR UPDATE OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION dash_mark_order();
CREATE TRIGGER dash_customers AFTER INSERT OR UPDATE OR DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION dash_mark_customer();
-- The service and sales figures read every complaint of the last 12 months and every deal won
-- in them: covering indexes (with the columns of the row scopes) so that neither visits the
-- tables. Both are partial (complaints, won deals) so that no other query is drawn to them.
CREATE INDEX tickets_dash ON tickets(kind, received_at, deleted_at, owner_id, received_by, customer_id)
  WHERE kind = 'complaint';
CREATE INDEX opportunities_dash ON opportunities(status, closed_date, deleted_at, owner_id, team_id, department_id)
  WHERE status = 'won';
-- an existing database: every customer is folded in by `guanxi init` (or read around until then)
INSERT INTO dash_dirty (customer_id) SELECT id FROM customers;
