-- Access control (docs/architecture.md "Access control"): the permission table role × entity ×
-- action and the row scope of each role. Only what an admin changed is stored: the defaults
-- live in src/app/access_defaults.c, so an entity added later gets sensible permissions
-- without a migration. The admin role is never stored (it may always do everything).
CREATE TABLE role_permissions (
  role       TEXT NOT NULL CHECK (role IN ('manager','sales','service','marketing','analyst','readonly')),
  entity     TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('read','create','update','delete','export','full_view','admin')),
  allowed    BIGINT NOT NULL CHECK (allowed IN (0, 1)),
  updated_at TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  PRIMARY KEY (role, entity, action)
);

CREATE TABLE role_scopes (
  role       TEXT PRIMARY KEY CHECK (role IN ('manager','sales','service','marketing','analyst','readonly')),
  scope      TEXT NOT NULL CHECK (scope IN ('own','team','department','all')),
  updated_at TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id)
);

-- The team scope looks customers up by team; the audit endpoint filters by user and time.
CREATE INDEX customers_team ON customers(team_id);
CREATE INDEX audit_log_user ON audit_log(user_id, at);
