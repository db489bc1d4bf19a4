-- Authentication state (docs/api.md "Authentication"). The server keeps nothing in memory:
-- sessions, API tokens and failed-login counters live here, so several servers can share one
-- database. Secrets are never stored: only SHA-256 hex digests of high-entropy tokens.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the 32 random bytes in the cookie
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,             -- refreshed at most once a minute
  expires_at    TEXT NOT NULL,             -- idle expiry, moved forward with last_seen_at
  ip            TEXT,
  user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT,
  prefix        TEXT NOT NULL,             -- first characters of the token, for lookup
  token_hash    TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the whole token
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  revoked_at    TEXT
);
CREATE INDEX api_tokens_prefix ON api_tokens (prefix);

CREATE TABLE login_failures (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL,
  at            TEXT NOT NULL,
  ip            TEXT
);
CREATE INDEX login_failures_user_at ON login_failures (username, at);
