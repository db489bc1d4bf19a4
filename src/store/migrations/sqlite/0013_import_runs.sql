-- The import wizard's runs (docs/deploy.md "Several servers"): everything a run is — who started
-- it, the entity, the column mapping, status, progress, counts, the uploaded file and the
-- rejected rows — lives here and not in a server's memory, so each step of the wizard may reach
-- any server. The file and the rejected-rows CSV are kept as base64 text chunks of up to 1 MB
-- (both backends store text alike); the run itself is executed by whichever server claims its
-- lease in job_leases (kind 'import:<id>'). Runs older than the setting import_retention_days
-- are deleted with their chunks and errors by the daily import_purge job.
CREATE TABLE import_runs (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL,          -- the starter; only they and admins see the run
  role             TEXT NOT NULL,             -- the starter's role, department and team when
  department_id    INTEGER,                   -- the file was uploaded: the import runs as them
  team_id          INTEGER,
  lang             TEXT NOT NULL,             -- the language of the rejected rows' reasons
  entity           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('uploaded','queued','running','done','failed')),
  dry_run          INTEGER NOT NULL DEFAULT 0,   -- the queued/last job is a preview (rolled back)
  all_or_nothing   INTEGER NOT NULL DEFAULT 0,
  force_dup        INTEGER NOT NULL DEFAULT 0,
  xlsx             INTEGER NOT NULL DEFAULT 0,
  file_size        INTEGER NOT NULL,
  mapping          TEXT,                      -- JSON array: a field name or "" per CSV column
  imported         INTEGER NOT NULL DEFAULT 0,   -- 1 once a real import was queued: never twice
  rows_read        INTEGER NOT NULL DEFAULT 0,
  lines_done       INTEGER NOT NULL DEFAULT 0,
  lines_total      INTEGER NOT NULL DEFAULT 0,
  created          INTEGER NOT NULL DEFAULT 0,
  updated          INTEGER NOT NULL DEFAULT 0,
  rejected         INTEGER NOT NULL DEFAULT 0,
  rolled_back      INTEGER NOT NULL DEFAULT 0,
  ignored_columns  TEXT,
  encoding         TEXT,
  job_id           INTEGER,
  error_code       TEXT,
  error_message    TEXT,
  error_field      TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,   -- executions started (a taken-over preview: 2)
  worker           TEXT,                      -- the lease holder running it
  created_at       TEXT NOT NULL,
  started_at       TEXT,
  finished_at      TEXT
);
CREATE INDEX import_runs_status ON import_runs(status);
CREATE INDEX import_runs_created ON import_runs(created_at);

CREATE TABLE import_run_chunks (
  run_id  INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
  part    TEXT NOT NULL CHECK (part IN ('upload','rejected')),
  seq     INTEGER NOT NULL,
  data    TEXT NOT NULL,                      -- base64
  PRIMARY KEY (run_id, part, seq)
);

-- The first 100 rejected rows of the latest job, for the wizard's table.
CREATE TABLE import_run_errors (
  run_id  INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  line    INTEGER NOT NULL,
  col     INTEGER NOT NULL,
  reason  TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
