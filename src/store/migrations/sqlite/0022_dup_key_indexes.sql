-- Nothing to do on SQLite: this migration turns PostgreSQL's duplicate-check indexes into
-- partial hash indexes so that concurrent serializable creates stop conflicting on shared
-- index pages (see migrations/postgres/0022_dup_key_indexes.sql); SQLite has one writer at a
-- time and keeps its B-trees. Both backends keep the same migration numbers.
SELECT 1;
