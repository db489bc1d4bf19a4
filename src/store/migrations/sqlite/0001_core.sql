-- Guanxi CRM core schema (SQLite). The PostgreSQL file of the same number has the same logical
-- schema. Conventions (DECISIONS.md): integer ids, a unique human code on importable entities,
-- money as integer fen, instants as ISO 8601 UTC text ("…Z"), dates as YYYY-MM-DD text,
-- soft deletes through deleted_at, an integer version for optimistic locking.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE departments (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  parent_id    INTEGER REFERENCES departments(id),
  head_user_id INTEGER,            -- REFERENCES users(id); users come later in this file
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX departments_parent ON departments(parent_id);

CREATE TABLE teams (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  department_id INTEGER REFERENCES departments(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  email         TEXT,
  phone         TEXT,
  role          TEXT NOT NULL DEFAULT 'sales'
                CHECK (role IN ('admin','manager','sales','service','marketing','analyst','readonly')),
  department_id INTEGER REFERENCES departments(id),
  team_id       INTEGER REFERENCES teams(id),
  password_hash TEXT,
  lang          TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_department ON users(department_id);

-- Bulk jobs (import, merge, recycle, purge, scoring): one audit row per job, and every record
-- a job touched points to it.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  user_id     INTEGER REFERENCES users(id),
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','failed')),
  params      TEXT,                -- JSON
  counts      TEXT,                -- JSON
  file_name   TEXT,
  file_sha256 TEXT,
  message     TEXT,
  started_at  TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE customers (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE,
  kind               TEXT NOT NULL CHECK (kind IN ('person','organization')),
  name               TEXT NOT NULL,
  name_norm          TEXT NOT NULL,          -- duplicate-hint key (DECISIONS.md "Duplicates")
  name_sort          TEXT,                   -- pinyin sort key
  is_direct          INTEGER NOT NULL DEFAULT 1,
  owner_id           INTEGER REFERENCES users(id),
  team_id            INTEGER REFERENCES teams(id),
  department_id      INTEGER REFERENCES departments(id),
  key_account        INTEGER NOT NULL DEFAULT 0,
  industry           TEXT,
  province           TEXT,
  city               TEXT,
  district           TEXT,
  address            TEXT,
  postcode           TEXT,
  source             TEXT,
  referrer_id        INTEGER REFERENCES customers(id),
  phone              TEXT,
  phone_norm         TEXT,
  mobile             TEXT,
  mobile_norm        TEXT,
  email              TEXT,
  email_norm         TEXT,
  wechat             TEXT,
  website            TEXT,
  uscc               TEXT,                   -- 统一社会信用代码 (organisations)
  gender             TEXT CHECK (gender IS NULL OR gender IN ('male','female','other')),
  birthday           TEXT,                   -- YYYY-MM-DD
  birthday_lunar     INTEGER NOT NULL DEFAULT 0,
  household_size     INTEGER,
  anniversary        TEXT,                   -- YYYY-MM-DD
  care               TEXT,                   -- JSON: children's birthdays, other care dates
  preferences        TEXT,                   -- JSON: product, service, culture, brand, firm
  ties               TEXT,                   -- JSON: relationship ties 地缘/业缘/亲缘…
  custom             TEXT,                   -- JSON: custom fields
  notes              TEXT,
  merged_into        INTEGER REFERENCES customers(id),
  last_touch_at      TEXT,                   -- last interaction by the owner or order (pool rule)
  owner_since        TEXT,
  created_by         INTEGER REFERENCES users(id),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1,
  deleted_at         TEXT,
  deleted_by         INTEGER REFERENCES users(id),
  job_id             INTEGER REFERENCES jobs(id)
);
CREATE INDEX customers_owner ON customers(owner_id, deleted_at);
CREATE INDEX customers_department ON customers(department_id);
CREATE INDEX customers_phone ON customers(phone_norm);
CREATE INDEX customers_mobile ON customers(mobile_norm);
CREATE INDEX customers_email ON customers(email_norm);
CREATE INDEX customers_uscc ON customers(uscc);
CREATE INDEX customers_name_norm ON customers(name_norm);
-- Partial: only the recycle bin is looked up by it. A full index would tempt the planner to
-- answer "deleted_at IS NULL AND phone_norm = ?" by scanning every live customer.
CREATE INDEX customers_deleted ON customers(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX customers_referrer ON customers(referrer_id);

-- Party roles: a customer may be an end user and a dealer at once.
CREATE TABLE customer_roles (
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('end_user','dealer','logistics','intermediary','supplier',
                                            'partner','competitor','government','influencer')),
  PRIMARY KEY (customer_id, role)
);

-- An indirect customer influences direct ones (a designer recommends a supplier to a client).
CREATE TABLE customer_influences (
  indirect_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  direct_id   INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  note        TEXT,
  PRIMARY KEY (indirect_id, direct_id),
  CHECK (indirect_id <> direct_id)
);
CREATE INDEX customer_influences_direct ON customer_influences(direct_id);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE customer_tags (
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (customer_id, tag_id)
);
CREATE INDEX customer_tags_tag ON customer_tags(tag_id);

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  name        TEXT NOT NULL,
  title       TEXT,
  department  TEXT,
  phone       TEXT,
  phone_norm  TEXT,
  email       TEXT,
  email_norm  TEXT,
  wechat      TEXT,
  birthday    TEXT,
  is_primary  INTEGER NOT NULL DEFAULT 0,
  notes       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  deleted_at  TEXT,
  job_id      INTEGER REFERENCES jobs(id)
);
CREATE INDEX contacts_customer ON contacts(customer_id);
CREATE INDEX contacts_phone ON contacts(phone_norm);

CREATE TABLE interactions (
  id           INTEGER PRIMARY KEY,
  code         TEXT UNIQUE,
  customer_id  INTEGER NOT NULL REFERENCES customers(id),
  contact_id   INTEGER REFERENCES contacts(id),
  user_id      INTEGER REFERENCES users(id),
  channel      TEXT NOT NULL CHECK (channel IN ('phone','email','sms','wechat','social','website',
                                                'store','service_centre','visit','fax')),
  direction    TEXT NOT NULL DEFAULT 'outbound' CHECK (direction IN ('inbound','outbound')),
  type         TEXT NOT NULL CHECK (type IN ('inquiry','complaint','suggestion','request','visit',
                                             'return_visit','reception','meeting','greeting',
                                             'training','care')),
  phase        TEXT CHECK (phase IS NULL OR phase IN ('pre_sale','sale','post_sale')),
  occurred_at  TEXT NOT NULL,
  subject      TEXT,
  content      TEXT,
  outcome      TEXT,
  followup_at  TEXT,
  followup_note TEXT,
  followup_done INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  deleted_at   TEXT,
  job_id       INTEGER REFERENCES jobs(id)
);
CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at);
CREATE INDEX interactions_user ON interactions(user_id, occurred_at);

CREATE TABLE product_categories (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  parent_id INTEGER REFERENCES product_categories(id)
);

CREATE TABLE products (
  id              INTEGER PRIMARY KEY,
  sku             TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  category_id     INTEGER REFERENCES product_categories(id),
  unit            TEXT,
  price_fen       INTEGER NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
  cost_fen        INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
  active          INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  deleted_at      TEXT,
  job_id          INTEGER REFERENCES jobs(id)
);
CREATE INDEX products_category ON products(category_id);

-- Orders: one row per order; refunds are orders of kind 'refund' that reference their order,
-- with negative line amounts, so that an order's net amount is its amount plus its refunds'.
-- amount_fen/cost_fen are the sums of the lines (kept in step by the store).
CREATE TABLE orders (
  id            INTEGER PRIMARY KEY,
  order_no      TEXT NOT NULL UNIQUE,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  kind          TEXT NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale','refund')),
  refund_of     INTEGER REFERENCES orders(id),
  ordered_at    TEXT NOT NULL,          -- instant, UTC
  order_date    TEXT NOT NULL,          -- local date in the company time zone
  channel       TEXT,
  owner_id      INTEGER REFERENCES users(id),        -- at placement (pivot attribution)
  department_id INTEGER REFERENCES departments(id),  -- at placement
  amount_fen    INTEGER NOT NULL DEFAULT 0,
  cost_fen      INTEGER NOT NULL DEFAULT 0,
  discount      INTEGER NOT NULL DEFAULT 0,
  cross_sell    INTEGER NOT NULL DEFAULT 0,
  status        TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('open','completed','cancelled')),
  notes         TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  deleted_at    TEXT,
  job_id        INTEGER REFERENCES jobs(id),
  CHECK ((kind = 'refund') = (refund_of IS NOT NULL))
);
CREATE INDEX orders_customer ON orders(customer_id, order_date);
CREATE INDEX orders_date ON orders(order_date);
CREATE INDEX orders_owner ON orders(owner_id, order_date);
CREATE INDEX orders_refund_of ON orders(refund_of);

CREATE TABLE order_lines (
  id          INTEGER PRIMARY KEY,
  order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  line_no     INTEGER NOT NULL,
  product_id  INTEGER NOT NULL REFERENCES products(id),
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_fen INTEGER NOT NULL,     -- negative on refund lines
  amount_fen  INTEGER NOT NULL,        -- quantity × unit price unless given; negative on refunds
  cost_fen    INTEGER NOT NULL DEFAULT 0,
  discount    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_product ON order_lines(product_id);

-- Public pool (公海) history: claims, releases, recycles and assignments. The per-day claim
-- limit and the 30-day cooldown are read from here.
CREATE TABLE pool_events (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  user_id     INTEGER REFERENCES users(id),   -- who claimed, or whose customer was released/recycled
  actor_id    INTEGER REFERENCES users(id),   -- who did it (NULL for the recycle job)
  action      TEXT NOT NULL CHECK (action IN ('claim','release','recycle','assign')),
  reason      TEXT,
  job_id      INTEGER REFERENCES jobs(id),
  at          TEXT NOT NULL
);
CREATE INDEX pool_events_user ON pool_events(user_id, action, at);
CREATE INDEX pool_events_customer ON pool_events(customer_id, at);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  user_id    INTEGER REFERENCES users(id),
  request_id TEXT,
  action     TEXT NOT NULL,          -- create, update, delete, restore, purge, merge, claim, export, job …
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  changes    TEXT,                   -- JSON {"field": [before, after], …} or job counts
  job_id     INTEGER REFERENCES jobs(id)
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);
