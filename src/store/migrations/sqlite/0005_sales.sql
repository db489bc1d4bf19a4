-- Sales (PRODUCT.md module 3): leads and their pool, pipelines with ordered stages, opportunities
-- with their stage history, contracts (合同) from won opportunities with payment-collection plans
-- (回款计划), sales targets (目标) per rep or team and month, and quotes with lines and a discount
-- that needs approval above a threshold. Money is integer fen; rules live in app/sales*.c.

CREATE TABLE pipelines (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  is_default   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);

-- Stages in order; DECISIONS.md "Pipelines": exactly one won stage (100) and one lost (0).
CREATE TABLE pipeline_stages (
  id           INTEGER PRIMARY KEY,
  pipeline_id  INTEGER NOT NULL REFERENCES pipelines(id),
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  probability  INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  kind         TEXT NOT NULL DEFAULT 'open' CHECK (kind IN ('open','won','lost'))
);
CREATE INDEX pipeline_stages_pipeline ON pipeline_stages(pipeline_id, position);

-- Leads: owner NULL and status new/contacted/qualified means the lead pool.
CREATE TABLE leads (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  company           TEXT,
  title             TEXT,
  phone             TEXT,
  phone_norm        TEXT,
  email             TEXT,
  email_norm        TEXT,
  wechat            TEXT,
  source            TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new','contacted','qualified','converted','disqualified')),
  owner_id          INTEGER REFERENCES users(id),
  department_id     INTEGER REFERENCES departments(id),
  assigned_at       TEXT,
  expected_amount_fen INTEGER CHECK (expected_amount_fen >= 0),
  disqualify_reason TEXT,
  customer_id       INTEGER REFERENCES customers(id),
  contact_id        INTEGER REFERENCES contacts(id),
  opportunity_id    INTEGER,
  converted_at      TEXT,
  notes             TEXT,
  created_by        INTEGER REFERENCES users(id),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  deleted_at        TEXT,
  job_id            INTEGER REFERENCES jobs(id)
);
CREATE INDEX leads_owner ON leads(owner_id, status);
CREATE INDEX leads_source ON leads(source, status);
CREATE INDEX leads_status ON leads(status);

CREATE TABLE opportunities (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  customer_id         INTEGER NOT NULL REFERENCES customers(id),
  contact_id          INTEGER REFERENCES contacts(id),
  lead_id             INTEGER REFERENCES leads(id),
  pipeline_id         INTEGER NOT NULL REFERENCES pipelines(id),
  stage_id            INTEGER NOT NULL REFERENCES pipeline_stages(id),
  status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),
  amount_fen          INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  expected_close_date TEXT NOT NULL,          -- local date
  owner_id            INTEGER REFERENCES users(id),
  department_id       INTEGER REFERENCES departments(id),
  team_id             INTEGER REFERENCES teams(id),
  competitors         TEXT,
  source              TEXT,
  close_reason        TEXT,
  closed_at           TEXT,                   -- instant of the move to won/lost
  closed_date         TEXT,                   -- its local date
  cycle_days          INTEGER,                -- closed_date − local creation date
  stage_changed_at    TEXT NOT NULL,
  notes               TEXT,
  created_by          INTEGER REFERENCES users(id),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1,
  deleted_at          TEXT,
  job_id              INTEGER REFERENCES jobs(id),
  CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX opportunities_customer ON opportunities(customer_id);
-- The forecast (MODELS.md M24) reads open opportunities by close month: covering index.
CREATE INDEX opportunities_forecast ON opportunities(status, expected_close_date, stage_id, owner_id, department_id, amount_fen, deleted_at);
CREATE INDEX opportunities_owner ON opportunities(owner_id, status);
CREATE INDEX opportunities_closed ON opportunities(status, closed_date);

CREATE TABLE opportunity_stage_history (
  id              INTEGER PRIMARY KEY,
  opportunity_id  INTEGER NOT NULL REFERENCES opportunities(id),
  from_stage_id   INTEGER REFERENCES pipeline_stages(id),
  to_stage_id     INTEGER NOT NULL REFERENCES pipeline_stages(id),
  changed_at      TEXT NOT NULL,
  user_id         INTEGER REFERENCES users(id),
  reason          TEXT
);
CREATE INDEX opportunity_stage_history_opp ON opportunity_stage_history(opportunity_id, id);

CREATE TABLE contracts (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  title           TEXT NOT NULL,
  opportunity_id  INTEGER NOT NULL REFERENCES opportunities(id),
  customer_id     INTEGER NOT NULL REFERENCES customers(id),
  owner_id        INTEGER REFERENCES users(id),
  amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
  terms           TEXT,
  signed_date     TEXT,
  start_date      TEXT,
  end_date        TEXT,
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','signed','completed','terminated')),
  status_reason   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  deleted_at      TEXT,
  job_id          INTEGER REFERENCES jobs(id)
);
CREATE INDEX contracts_opportunity ON contracts(opportunity_id);
CREATE INDEX contracts_customer ON contracts(customer_id);

CREATE TABLE payment_plans (
  id              INTEGER PRIMARY KEY,
  contract_id     INTEGER NOT NULL REFERENCES contracts(id),
  seq             INTEGER NOT NULL,
  due_date        TEXT NOT NULL,
  amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
  status          TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','paid')),
  paid_date       TEXT,
  notes           TEXT,
  UNIQUE (contract_id, seq)
);
CREATE INDEX payment_plans_due ON payment_plans(status, due_date);

-- One target per rep or per team and month ('YYYY-MM').
CREATE TABLE sales_targets (
  id          INTEGER PRIMARY KEY,
  month       TEXT NOT NULL,
  user_id     INTEGER REFERENCES users(id),
  team_id     INTEGER REFERENCES teams(id),
  target_fen  INTEGER NOT NULL CHECK (target_fen > 0),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  CHECK ((user_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX sales_targets_user ON sales_targets(month, user_id);
CREATE UNIQUE INDEX sales_targets_team ON sales_targets(month, team_id);

CREATE TABLE quotes (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  customer_id     INTEGER NOT NULL REFERENCES customers(id),
  opportunity_id  INTEGER REFERENCES opportunities(id),
  owner_id        INTEGER REFERENCES users(id),
  status          TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft','pending_approval','approved','rejected','sent','accepted','declined','cancelled')),
  discount_bp     INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),  -- 1/100 %
  subtotal_fen    INTEGER NOT NULL DEFAULT 0,
  discount_fen    INTEGER NOT NULL DEFAULT 0,
  total_fen       INTEGER NOT NULL DEFAULT 0,
  valid_until     TEXT,
  decision_note   TEXT,
  notes           TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  deleted_at      TEXT,
  job_id          INTEGER REFERENCES jobs(id)
);
CREATE INDEX quotes_opportunity ON quotes(opportunity_id);
CREATE INDEX quotes_customer ON quotes(customer_id);

CREATE TABLE quote_lines (
  id              INTEGER PRIMARY KEY,
  quote_id        INTEGER NOT NULL REFERENCES quotes(id),
  line_no         INTEGER NOT NULL,
  product_id      INTEGER REFERENCES products(id),
  description     TEXT,
  quantity        INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_fen  INTEGER NOT NULL CHECK (unit_price_fen >= 0),
  amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
  UNIQUE (quote_id, line_no)
);
