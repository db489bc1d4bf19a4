-- Surveys (满意度调查, PRODUCT.md module 7; the PostgreSQL file of the same number has the same
-- logical schema). A survey is a questionnaire: sections holding questions, where one question
-- row of a paired type (importance/satisfaction, Kano functional/dysfunctional, SERVQUAL
-- expectation/perception) carries both halves of the pair, so an answer row holds both values
-- and the analyses of MODELS.md §1 read pairs without joining. A wave is one round of the
-- survey with open/close dates; invitations hold only the SHA-256 of their random token; a
-- response belongs to a wave and, unless the survey is anonymous, to a customer.
CREATE TABLE surveys (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  title           TEXT NOT NULL,
  description     TEXT,
  template        TEXT,                      -- the template it was made from, or NULL
  anonymous       INTEGER NOT NULL DEFAULT 0,-- 1: responses are never linked to a customer
  randomize       INTEGER NOT NULL DEFAULT 1,-- 1: SERVQUAL items in a seeded random order per respondent
  schedule_months INTEGER NOT NULL DEFAULT 0 CHECK (schedule_months IN (0, 6, 12)),
  model           TEXT,                      -- JSON: PLS inner model {"paths": [["IMAG","SAT"], …]}
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE survey_sections (
  id         INTEGER PRIMARY KEY,
  survey_id  INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  title      TEXT NOT NULL,
  kind       TEXT NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'demographic')),
  UNIQUE (survey_id, position)
);

CREATE TABLE survey_questions (
  id          INTEGER PRIMARY KEY,
  survey_id   INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  section_id  INTEGER NOT NULL REFERENCES survey_sections(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,              -- order within the survey
  code        TEXT NOT NULL,                 -- the answer key: q1, sq5, imag1 …
  type        TEXT NOT NULL CHECK (type IN ('imp_sat', 'kano', 'servqual', 'nps', 'likert',
                                            'single', 'multiple', 'text', 'number')),
  text        TEXT NOT NULL,
  required    INTEGER NOT NULL DEFAULT 1,
  scale_min   INTEGER,                       -- numeric types: lowest and highest answer
  scale_max   INTEGER,
  options     TEXT,                          -- JSON [{"key": "a", "label": "…"}, …] for choices
  item        INTEGER,                       -- SERVQUAL item number 1–22
  block       TEXT,                          -- latent variable of a PLS model (likert items)
  UNIQUE (survey_id, code),
  UNIQUE (survey_id, position)
);
CREATE INDEX survey_questions_section ON survey_questions (section_id);

CREATE TABLE survey_waves (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  survey_id   INTEGER NOT NULL REFERENCES surveys(id),
  name        TEXT,
  opens_on    TEXT NOT NULL,                 -- YYYY-MM-DD, company time zone, inclusive
  closes_on   TEXT NOT NULL,                 -- YYYY-MM-DD, inclusive
  closed_at   TEXT,                          -- closed early by hand
  seed        INTEGER NOT NULL,              -- SERVQUAL item order generator
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX survey_waves_survey ON survey_waves (survey_id, opens_on);

CREATE TABLE survey_invitations (
  id           INTEGER PRIMARY KEY,
  wave_id      INTEGER NOT NULL REFERENCES survey_waves(id),
  customer_id  INTEGER REFERENCES customers(id),
  token_hash   TEXT NOT NULL UNIQUE,         -- hex SHA-256 of the token in the link
  created_at   TEXT NOT NULL,
  used_at      TEXT                          -- set by the one submission the token allows
);
CREATE INDEX survey_invitations_wave ON survey_invitations (wave_id);

CREATE TABLE survey_responses (
  id             INTEGER PRIMARY KEY,
  wave_id        INTEGER NOT NULL REFERENCES survey_waves(id),
  invitation_id  INTEGER UNIQUE REFERENCES survey_invitations(id),  -- NULL for anonymous surveys and demo data
  customer_id    INTEGER REFERENCES customers(id),
  submitted_at   TEXT NOT NULL,
  item_order     TEXT                        -- JSON: the SERVQUAL order this respondent saw
);
CREATE INDEX survey_responses_wave ON survey_responses (wave_id);

CREATE TABLE survey_answers (
  response_id  INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
  question_id  INTEGER NOT NULL REFERENCES survey_questions(id),
  value_a      INTEGER,                      -- the answer, or the first half of a pair
  value_b      INTEGER,                      -- the second half of a pair
  text         TEXT,                         -- text answers, the chosen option key(s) ("a;c")
  PRIMARY KEY (response_id, question_id)
);
