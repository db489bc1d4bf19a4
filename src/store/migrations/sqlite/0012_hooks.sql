-- Webhooks, their outbox and delivery log, and the leases of background jobs (docs/deploy.md
-- "Webhooks" and "Background jobs"). An event row and its deliveries are written in the
-- transaction of the change that caused them, so every committed write has its event and no
-- rolled-back write has one. Workers claim a delivery by setting claimed_by and a lease expiry
-- in one atomic UPDATE; a worker that dies loses its claim when the lease runs out, and another
-- delivers the same event again (at-least-once, same event id).
CREATE TABLE webhooks (
  id           INTEGER PRIMARY KEY,
  url          TEXT NOT NULL,
  secret       TEXT NOT NULL,            -- the HMAC key; shown once when the webhook is added
  events       TEXT NOT NULL DEFAULT '*', -- comma list: '*', 'customer.*', 'customer.created', …
  description  TEXT,
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  disabled_at  TEXT
);

CREATE TABLE webhook_events (
  id          INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL UNIQUE,      -- X-Guanxi-Event-Id, the same on every attempt
  type        TEXT NOT NULL,             -- customer.created, job.completed, …
  entity      TEXT,
  entity_id   INTEGER,
  job_id      INTEGER REFERENCES jobs(id),
  payload     TEXT NOT NULL,             -- the exact body sent (and signed)
  created_at  TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,
  event_id         INTEGER NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  webhook_id       INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  claimed_by       TEXT,                 -- the worker holding it, until lease_until
  lease_until      TEXT,
  last_status      INTEGER,              -- the receiver's HTTP status of the last attempt
  last_error       TEXT,
  delivered_at     TEXT,
  created_at       TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id);

-- One row per attempt: the delivery log admins read.
CREATE TABLE webhook_attempts (
  id           INTEGER PRIMARY KEY,
  delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt      INTEGER NOT NULL,
  worker       TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  ms           INTEGER NOT NULL,
  http_status  INTEGER,                  -- NULL when no answer came
  error        TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id);

-- Scheduled jobs (score refresh, pool recycle): the server that claims a kind's lease runs it;
-- the others skip it until next_run_at, so a job never runs twice at once, across processes too.
CREATE TABLE job_leases (
  kind         TEXT PRIMARY KEY,
  holder       TEXT,
  lease_until  TEXT,
  next_run_at  TEXT NOT NULL,
  last_run_at  TEXT
);
