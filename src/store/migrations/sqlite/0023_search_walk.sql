-- Nothing to do on SQLite: this migration gives PostgreSQL's search a narrow (key, text) table
-- to walk, gram counts to choose its path and a fetch function (see
-- migrations/postgres/0023_search_walk.sql); SQLite searches through FTS5, whose posting lists
-- already bound the work. Both backends keep the same migration numbers.
SELECT 1;
