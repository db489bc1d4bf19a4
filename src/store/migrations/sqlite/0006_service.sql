-- Service (PRODUCT.md module 4, 客户投诉制度): tickets with their state machine, every transition
-- as a ticket event (who, when, from, to), the holiday and make-up workday table (调休) that
-- SLA due times count on (DECISIONS.md "SLA"), and knowledge snippets for common answers.
-- SLA hours per severity and the working week are settings (sla_minutes_<severity>, work_week).

CREATE TABLE tickets (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  customer_id    INTEGER NOT NULL REFERENCES customers(id),
  contact_id     INTEGER REFERENCES contacts(id),
  order_id       INTEGER REFERENCES orders(id),
  kind           TEXT NOT NULL DEFAULT 'complaint'
                 CHECK (kind IN ('complaint','inquiry','request','suggestion')),
  channel        TEXT NOT NULL,
  formality      TEXT NOT NULL DEFAULT 'formal' CHECK (formality IN ('formal','informal')),
  nature         TEXT NOT NULL DEFAULT 'undetermined'
                 CHECK (nature IN ('good_faith','malicious','undetermined')),
  category       TEXT NOT NULL DEFAULT 'other',
  severity       TEXT NOT NULL DEFAULT 'medium' CHECK (severity IN ('low','medium','high','critical')),
  subject        TEXT NOT NULL,
  description    TEXT,
  status         TEXT NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received','assigned','processing','replied','closed')),
  owner_id       INTEGER REFERENCES users(id),     -- the assignee handling it
  received_by    INTEGER REFERENCES users(id),
  received_at    TEXT NOT NULL,
  sla_minutes    INTEGER NOT NULL,                 -- working minutes allowed until the reply
  sla_started_at TEXT NOT NULL,                    -- received_at, or the time of the last reopen
  due_at         TEXT NOT NULL,                    -- sla_started_at + sla_minutes working minutes
  replied_at     TEXT,
  reply          TEXT,
  sla_breached   INTEGER NOT NULL DEFAULT 0,       -- replied after due_at
  closed_at      TEXT,
  summary        TEXT,                             -- 总结: what was learnt, written when closing
  escalated_to   INTEGER REFERENCES users(id),
  escalated_at   TEXT,
  reopen_count   INTEGER NOT NULL DEFAULT 0,
  satisfaction   INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
  rated_at       TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  deleted_at     TEXT,
  job_id         INTEGER REFERENCES jobs(id)
);
CREATE INDEX tickets_customer ON tickets(customer_id);
CREATE INDEX tickets_owner ON tickets(owner_id, status);
CREATE INDEX tickets_order ON tickets(order_id);
-- The overdue list reads only open, live tickets by due time (everyone's, or one assignee's);
-- the partial indexes keep it small (the closed majority is left out) and answer the count
-- from the index alone. Queries must repeat this exact condition to use them.
CREATE INDEX tickets_open_due ON tickets(due_at)
  WHERE status IN ('received','assigned','processing') AND deleted_at IS NULL;
CREATE INDEX tickets_open_owner_due ON tickets(owner_id, due_at)
  WHERE status IN ('received','assigned','processing') AND deleted_at IS NULL;

CREATE TABLE ticket_events (
  id             INTEGER PRIMARY KEY,
  ticket_id      INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  action         TEXT NOT NULL
                 CHECK (action IN ('receive','assign','start','reply','close','reopen','escalate','rate')),
  from_status    TEXT,
  to_status      TEXT NOT NULL,
  user_id        INTEGER REFERENCES users(id),     -- who acted (NULL: the system)
  target_user_id INTEGER REFERENCES users(id),     -- the assignee or the manager escalated to
  note           TEXT,
  at             TEXT NOT NULL,
  job_id         INTEGER REFERENCES jobs(id)
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

-- Exceptions to the working week: public holidays and make-up workdays (调休).
CREATE TABLE calendar_days (
  id    INTEGER PRIMARY KEY,
  day   TEXT NOT NULL UNIQUE,                      -- YYYY-MM-DD, local to the company zone
  kind  TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
  name  TEXT
);

CREATE TABLE kb_snippets (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  category    TEXT,
  active      INTEGER NOT NULL DEFAULT 1,
  created_by  INTEGER REFERENCES users(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  deleted_at  TEXT
);
