-- Nothing to do on SQLite: this migration raises PostgreSQL's planner statistics of the
-- search grams (see migrations/postgres/0019_search_stats.sql); SQLite searches through FTS5.
-- Both backends keep the same migration numbers.
SELECT 1;
