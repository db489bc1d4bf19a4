-- Workflow (SQLite; the PostgreSQL file of the same number has the same logical schema): tasks
-- and care reminders, in-app notifications, and approval requests (PRODUCT.md modules 6 and 11,
-- DECISIONS.md "Managers"). A task or notification links to any record by entity name + id
-- (customer, interaction, opportunity, ticket …), so modules added later need no new column.
-- dedup_key makes the daily reminder job idempotent: a second run inserts nothing.

CREATE TABLE tasks (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL,
  kind         TEXT NOT NULL DEFAULT 'todo' CHECK (kind IN ('todo','followup','care')),
  care_kind    TEXT CHECK (care_kind IS NULL OR care_kind IN ('birthday','child_birthday',
                                                            'anniversary','festival')),
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
  priority     TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high')),
  entity       TEXT,                  -- the linked record's entity name, or NULL
  entity_id    INTEGER,
  assignee_id  INTEGER REFERENCES users(id),
  created_by   INTEGER REFERENCES users(id),
  due_date     TEXT NOT NULL,         -- YYYY-MM-DD, the company's local date
  notes        TEXT,
  done_at      TEXT,
  done_by      INTEGER REFERENCES users(id),
  dedup_key    TEXT UNIQUE,           -- generated tasks: one per event (care:birthday:12:2026-09-25)
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  CHECK ((entity IS NULL) = (entity_id IS NULL))
);
CREATE INDEX tasks_assignee ON tasks(assignee_id, status, due_date);
CREATE INDEX tasks_entity ON tasks(entity, entity_id);

CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  kind       TEXT NOT NULL,           -- assignment, approval_request, approval_decision, …
  entity     TEXT,
  entity_id  INTEGER,
  text       TEXT NOT NULL,
  read_at    TEXT,                    -- NULL: unread
  dedup_key  TEXT UNIQUE,             -- reminders: one per task and day
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE approvals (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,      -- a name of the registry in src/app/approval_kinds.c
  entity          TEXT NOT NULL,
  entity_id       INTEGER NOT NULL,
  payload         TEXT,               -- JSON the kind needs to carry the action out
  requester_id    INTEGER NOT NULL REFERENCES users(id),
  approver_id     INTEGER NOT NULL REFERENCES users(id),   -- the requester's manager
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending','approved','rejected','cancelled')),
  reason          TEXT,               -- why it is asked
  decision_reason TEXT,               -- why it was approved or rejected
  decided_by      INTEGER REFERENCES users(id),
  decided_at      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approvals_approver ON approvals(approver_id, status);
CREATE INDEX approvals_requester ON approvals(requester_id, status);
-- One pending request per requester for the same action on the same record.
CREATE UNIQUE INDEX approvals_pending ON approvals(kind, entity, entity_id, requester_id)
  WHERE status = 'pending';
