-- Marketing and loyalty (PRODUCT.md modules 5 and 6): saved segments, campaigns with their
-- frozen member lists, responses and linked orders, clubs with tiers and members, and a points
-- ledger whose debits are allocated to the credits they consume (FIFO), so that every point can
-- be traced from the order that earned it to the redemption or expiry that used it.
CREATE TABLE segments (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  filter       TEXT NOT NULL,              -- the filter text over customer fields, scores and tags
  description  TEXT,
  created_by   INTEGER REFERENCES users(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  deleted_at   TEXT
);

CREATE TABLE campaigns (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  type            TEXT NOT NULL CHECK (type IN ('advertising','meeting','exhibition','promotion',
                                                'email_sms','club_event','education')),
  rm_level        TEXT NOT NULL CHECK (rm_level IN ('financial','social','structural')),
  segment_id      INTEGER REFERENCES segments(id),
  budget_fen      INTEGER NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
  actual_cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (actual_cost_fen >= 0),
  starts_on       TEXT,
  ends_on         TEXT,
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','launched','closed')),
  launched_at     TEXT,
  launch_filter   TEXT,                    -- the segment's filter as it was at launch
  member_count    INTEGER NOT NULL DEFAULT 0,
  owner_id        INTEGER REFERENCES users(id),
  notes           TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  deleted_at      TEXT
);
CREATE INDEX campaigns_segment ON campaigns(segment_id);

CREATE TABLE campaign_members (
  campaign_id      INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  customer_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  added_at         TEXT NOT NULL,
  responded_at     TEXT,                   -- NULL until the customer responds
  response_channel TEXT,
  response_note    TEXT,
  PRIMARY KEY (campaign_id, customer_id)
);
CREATE INDEX campaign_members_customer ON campaign_members(customer_id);

-- An order counts as the conversion of at most one campaign.
CREATE TABLE campaign_conversions (
  order_id     INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL
);
CREATE INDEX campaign_conversions_campaign ON campaign_conversions(campaign_id);

CREATE TABLE clubs (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  description      TEXT,
  points_per_yuan  INTEGER NOT NULL DEFAULT 1 CHECK (points_per_yuan >= 0),
  expiry_months    INTEGER NOT NULL DEFAULT 12 CHECK (expiry_months >= 0),   -- 0: never
  freq_step_bp     INTEGER NOT NULL DEFAULT 100 CHECK (freq_step_bp >= 0),   -- per repeat purchase
  freq_cap_bp      INTEGER NOT NULL DEFAULT 1000 CHECK (freq_cap_bp BETWEEN 0 AND 10000),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  deleted_at       TEXT
);

CREATE TABLE club_tiers (
  id                INTEGER PRIMARY KEY,
  club_id           INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
  code              TEXT NOT NULL,
  name              TEXT NOT NULL,
  threshold_points  INTEGER NOT NULL CHECK (threshold_points >= 0),  -- lifetime points earned
  UNIQUE (club_id, code),
  UNIQUE (club_id, threshold_points)
);

CREATE TABLE club_members (
  id           INTEGER PRIMARY KEY,
  club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
  customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  joined_on    TEXT NOT NULL,
  left_on      TEXT,                       -- NULL while a member
  created_at   TEXT NOT NULL,
  CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE INDEX club_members_customer ON club_members(customer_id, club_id);
CREATE INDEX club_members_club ON club_members(club_id);

-- Credits (earn, positive adjust) carry `remaining`, the points not yet consumed; debits
-- (redeem, expire, negative adjust) are allocated to credits oldest first in points_allocations.
-- Balance = SUM(points) = SUM(remaining), never negative.
CREATE TABLE points_ledger (
  id           INTEGER PRIMARY KEY,
  club_id      INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
  customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('earn','redeem','expire','adjust')),
  points       INTEGER NOT NULL CHECK (points <> 0),
  remaining    INTEGER NOT NULL DEFAULT 0 CHECK (remaining >= 0),
  entry_date   TEXT NOT NULL,              -- local date of the entry
  expires_on   TEXT,                       -- credits: the first day they no longer count
  order_id     INTEGER REFERENCES orders(id) ON DELETE SET NULL,
  reason       TEXT,
  user_id      INTEGER REFERENCES users(id),
  created_at   TEXT NOT NULL,
  UNIQUE (club_id, order_id, kind)
);
CREATE INDEX points_ledger_customer ON points_ledger(club_id, customer_id);
CREATE INDEX points_ledger_order ON points_ledger(order_id);

CREATE TABLE points_allocations (
  debit_id   INTEGER NOT NULL REFERENCES points_ledger(id) ON DELETE CASCADE,
  credit_id  INTEGER NOT NULL REFERENCES points_ledger(id) ON DELETE CASCADE,
  points     INTEGER NOT NULL CHECK (points > 0),
  PRIMARY KEY (debit_id, credit_id)
);
CREATE INDEX points_allocations_credit ON points_allocations(credit_id);
