-- Customer scores (`guanxi score`, MODELS.md M13, M17, M12, M21, M22): one row per live
-- customer, replaced by each run, and the runs themselves with their parameters, as-of date and
-- fitted model parameters, so that a score can always be traced to how it was computed.
CREATE TABLE score_runs (
  id             INTEGER PRIMARY KEY,
  job_id         INTEGER REFERENCES jobs(id),
  as_of          TEXT NOT NULL,             -- orders before this local date were used
  created_at     TEXT NOT NULL,
  customers      INTEGER NOT NULL,          -- rows written to scores
  buyers         INTEGER NOT NULL,          -- of them, customers with a purchase
  params         TEXT NOT NULL,             -- JSON: horizon, discount, margin, unit
  fitted         TEXT                       -- JSON: BG/NBD and Gamma-Gamma estimates, or null
);

CREATE TABLE scores (
  customer_id      INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
  run_id           INTEGER NOT NULL REFERENCES score_runs(id),
  as_of            TEXT NOT NULL,
  purchases        INTEGER NOT NULL,        -- purchase days before as_of (RFM's F)
  recency_days     INTEGER,                 -- as_of − last purchase day; NULL without purchases
  monetary_yuan    REAL,                    -- mean order value
  rfm_r            INTEGER,
  rfm_f            INTEGER,
  rfm_m            INTEGER,
  rfm_segment      TEXT,                    -- rfm_segment_key(): champions, loyal, …
  p_alive          REAL,                    -- BG/NBD
  expected_12m     REAL,                    -- expected purchases in the next 12 months
  clv_yuan         REAL,                    -- BG/NBD + Gamma-Gamma, H = 12, δ = 1%/month, m = 1
  lifecycle_stage  TEXT,                    -- prospect, development, growth, maturity, decline, termination
  abc_class        TEXT,                    -- A, B or C (trailing 12 months' net revenue)
  loyalty_type     TEXT                     -- none, true, price, incentive, monopoly, inertia, latent
);
CREATE INDEX scores_run ON scores (run_id);
