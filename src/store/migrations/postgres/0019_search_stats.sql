-- The planner's statistics of the search grams (PostgreSQL only; SQLite's search is FTS5).
-- A search asks for the first matches in key order: PostgreSQL either walks the key index and
-- tests every row, or reads the matching rows from the GIN index and sorts them. With the
-- default statistics target (100) it knows only the 100-odd most common grams and guesses
-- about 0.5 % of the rows for every other one, so for a rare name such as 张伟 (240 of 1.8 M
-- documents in the 1M demo) it walked 350,000 rows: seconds per search, and about 40 s per
-- search under the HTTP benchmark's 64 connections. With 10,000 the common grams are known
-- and the rest are estimated as rare: 张伟 reads its 240 rows from the index (2 ms), "138"
-- (59,000 rows) still walks the key index (6 ms). Measured on the 1M demo, bench/RESULTS.md.
ALTER TABLE search_docs ALTER COLUMN grams SET STATISTICS 10000;
ANALYZE search_docs;
