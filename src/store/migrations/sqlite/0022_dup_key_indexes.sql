-- Nothing to do on SQLite: this migration turns PostgreSQL's duplicate-check indexes into
-- partial hash indexes so that concurrent serializable creates stop conflicting on shared
-- index pages, and adds the text test its search runs before the gram array (see
-- migrations/postgres/0022_dup_key_indexes.sql); SQLite has one writer at a time, keeps its
-- B-trees and searches through FTS5. Both backends keep the same migration numbers.
SELECT 1;
