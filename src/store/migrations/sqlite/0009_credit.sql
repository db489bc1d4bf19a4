-- Credit management (信用管理, PRODUCT.md module 8, MODELS.md M25): 5C assessments with their
-- criterion ratings (every assessment is kept; the latest by date, then id, is the current
-- one), invoices with their fapiao details (开票信息) and the orders they bill, payments
-- against invoices, and credit overrides that let one order past the credit check once
-- approved. Orders get the credit form they are paid by (cash unless said otherwise).
ALTER TABLE orders ADD COLUMN credit_form TEXT NOT NULL DEFAULT 'cash'
  CHECK (credit_form IN ('cash','charge_account','credit_sale','instalment','consignment'));

CREATE TABLE credit_assessments (
  id                   INTEGER PRIMARY KEY,
  customer_id          INTEGER NOT NULL REFERENCES customers(id),
  assessed_on          TEXT NOT NULL,          -- date the assessment speaks for (YYYY-MM-DD)
  assessed_by          INTEGER REFERENCES users(id),
  character_score      REAL NOT NULL,          -- each C on 0..100
  capacity_score       REAL NOT NULL,
  capital_score        REAL NOT NULL,
  collateral_score     REAL NOT NULL,
  conditions_score     REAL NOT NULL,
  character_source     TEXT NOT NULL CHECK (character_source IN ('ratings','payments')),
  score                REAL NOT NULL,          -- weighted 5C score
  grade                TEXT NOT NULL CHECK (grade IN ('A','B','C','D','E')),
  monthly_capacity_fen INTEGER NOT NULL CHECK (monthly_capacity_fen >= 0),
  capacity_source      TEXT NOT NULL CHECK (capacity_source IN ('orders','analyst')),
  limit_fen            INTEGER NOT NULL CHECK (limit_fen >= 0),
  allowed_forms        TEXT NOT NULL,          -- forms the grade allows, ";"-separated
  notes                TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX credit_assessments_customer ON credit_assessments(customer_id, assessed_on, id);

CREATE TABLE credit_ratings (
  assessment_id INTEGER NOT NULL REFERENCES credit_assessments(id) ON DELETE CASCADE,
  c             TEXT NOT NULL CHECK (c IN ('character','capacity','capital','collateral','conditions')),
  criterion     TEXT NOT NULL,
  rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  PRIMARY KEY (assessment_id, c, criterion)
);

CREATE TABLE invoices (
  id           INTEGER PRIMARY KEY,
  invoice_no   TEXT NOT NULL UNIQUE,
  customer_id  INTEGER NOT NULL REFERENCES customers(id),
  kind         TEXT NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal','special')),
  issued_on    TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_fen     INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND paid_fen <= amount_fen),
  paid_off_on  TEXT,                           -- date of the payment that settled it
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid')),
  title        TEXT NOT NULL,                  -- 发票抬头
  uscc         TEXT,                           -- 统一社会信用代码 (纳税人识别号)
  bank         TEXT,                           -- 开户行
  bank_account TEXT,                           -- 账号
  address      TEXT,
  phone        TEXT,
  notes        TEXT,
  created_by   INTEGER REFERENCES users(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  CHECK (due_on >= issued_on)
);
CREATE INDEX invoices_customer ON invoices(customer_id, status);

CREATE TABLE invoice_orders (
  invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  order_id   INTEGER NOT NULL UNIQUE REFERENCES orders(id),
  PRIMARY KEY (invoice_id, order_id)
);

CREATE TABLE payments (
  id          INTEGER PRIMARY KEY,
  invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  paid_on     TEXT NOT NULL,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  method      TEXT NOT NULL DEFAULT 'bank_transfer'
              CHECK (method IN ('bank_transfer','cash','cheque','acceptance_bill','other')),
  reference   TEXT,
  notes       TEXT,
  recorded_by INTEGER REFERENCES users(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_customer ON payments(customer_id);

CREATE TABLE credit_overrides (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  amount_fen    INTEGER CHECK (amount_fen IS NULL OR amount_fen > 0),  -- exposure allowed above the limit
  credit_form   TEXT CHECK (credit_form IS NULL OR
                            credit_form IN ('charge_account','credit_sale','instalment','consignment')),
  reason        TEXT NOT NULL,
  requested_by  INTEGER REFERENCES users(id),
  status        TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','approved','rejected','used')),
  decided_by    INTEGER REFERENCES users(id),
  decided_at    TEXT,
  decision_note TEXT,
  order_id      INTEGER REFERENCES orders(id),  -- the order that used it
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK (amount_fen IS NOT NULL OR credit_form IS NOT NULL)
);
CREATE INDEX credit_overrides_customer ON credit_overrides(customer_id, status);
