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
  owner_id       INTEGER,
  team_id        INTEGER,
  department_id  INTEGER,
  kind           TEXT NOT NULL,
  stamp          TEXT NOT NULL,
  n              INTEGER NOT NULL
);
CREATE INDEX dash_rollup_kind ON dash_rollup(kind, stamp, owner_id, team_id, department_id);
CREATE TABLE dash_customers (
  customer_id    INTEGER PRIMARY KEY,
  owner_id       INTEGER,
  team_id        INTEGER,
  department_id  INTEGER,
  created_at     TEXT NOT NULL,
  sales          TEXT NOT NULL    -- "day sale amount;…": day as days since 1970-01-01
);
CREATE TABLE dash_dirty (
  customer_id    INTEGER PRIMARY KEY
);
CREATE TRIGGER dash_orders_ins AFTER INSERT ON orders BEGIN
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER dash_orders_upd AFTER UPDATE OF customer_id, kind, order_date, amount_fen, status, deleted_at
  ON orders WHEN OLD.customer_id IS NOT NEW.customer_id OR OLD.kind IS NOT NEW.kind
  OR OLD.order_date IS NOT NEW.order_date OR OLD.amount_fen IS NOT NEW.amount_fen
  OR OLD.status IS NOT NEW.status OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (OLD.customer_id);
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER dash_orders_del AFTER DELETE ON orders BEGIN
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (OLD.customer_id);
END;
CREATE TRIGGER dash_customers_ins AFTER INSERT ON customers BEGIN
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER dash_customers_upd AFTER UPDATE OF id, owner_id, team_id, department_id, created_at, deleted_at,
  merged_into ON customers WHEN OLD.id IS NOT NEW.id OR OLD.owner_id IS NOT NEW.owner_id
  OR OLD.team_id IS NOT NEW.team_id OR OLD.department_id IS NOT NEW.department_id
  OR OLD.created_at IS NOT NEW.created_at OR OLD.deleted_at IS NOT NEW.deleted_at
  OR OLD.merged_into IS NOT NEW.merged_into BEGIN
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (OLD.id);
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER dash_customers_del AFTER DELETE ON customers BEGIN
  INSERT OR IGNORE INTO dash_dirty (customer_id) VALUES (OLD.id);
END;
-- The service and sales figures read every complaint of the last 12 months and every deal won
-- in them: covering indexes (with the columns of the row scopes) so that neither visits the
-- tables. Both are partial (complaints, won deals) so that no other query is drawn to them.
CREATE INDEX tickets_dash ON tickets(kind, received_at, deleted_at, owner_id, received_by, customer_id)
  WHERE kind = 'complaint';
CREATE INDEX opportunities_dash ON opportunities(status, closed_date, deleted_at, owner_id, team_id, department_id)
  WHERE status = 'won';
-- an existing database: every customer is folded in by `guanxi init` (or read around until then)
INSERT INTO dash_dirty (customer_id) SELECT id FROM customers;
