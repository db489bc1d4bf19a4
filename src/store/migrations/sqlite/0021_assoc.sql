-- Association rules of the order baskets (MODELS.md M23), mined by the scoring job and
-- `guanxi score` (app/assoc_run.c): the runs with the thresholds and counts they used, and the
-- rules of the latest run, replaced whole by each run, so that the customer page's
-- suggestions are one indexed read instead of a scan of the orders.
CREATE TABLE assoc_runs (
  id              INTEGER PRIMARY KEY,
  job_id          INTEGER REFERENCES jobs(id),
  created_at      TEXT NOT NULL,
  baskets         INTEGER NOT NULL,          -- sale orders with at least one line
  products        INTEGER NOT NULL,          -- distinct products in them
  pairs           INTEGER NOT NULL,          -- distinct product pairs counted
  rules           INTEGER NOT NULL,          -- rules stored
  min_support     REAL NOT NULL,
  min_confidence  REAL NOT NULL,
  min_lift        REAL NOT NULL
);

CREATE TABLE assoc_rules (
  run_id          INTEGER NOT NULL REFERENCES assoc_runs(id),
  antecedent_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  consequent_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  n_both          INTEGER NOT NULL,          -- baskets holding both
  n_antecedent    INTEGER NOT NULL,
  n_consequent    INTEGER NOT NULL,
  support         REAL NOT NULL,
  confidence      REAL NOT NULL,
  lift            REAL NOT NULL,
  PRIMARY KEY (antecedent_id, consequent_id)
);
CREATE INDEX assoc_rules_run ON assoc_rules (run_id);
