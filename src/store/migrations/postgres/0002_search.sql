-- Search index (docs/search.md; the SQLite file of the same number holds the FTS5 table). One
-- row per searchable record, filled by the store in C (store/postgres/pg_search.c) in the same
-- transaction as the record's write:
--   rid   entity code << 48 | record id (customer 4, contact 3, lead 2, ticket 1), so results
--         sort customers first and newest first, as on SQLite;
--   doc   the folded fields and the pinyin of their Han text, U+001F between fields: a query
--         term (which never holds a separator) is a substring of a field's run iff strpos()
--         finds it here;
--   heads U+001F + the first run of every field, for "a field starts with the term";
--   grams every 2-, 3- and 4-character substring of every run, plus U+0001 + the first 2 and
--         3 characters of each field (prefix class) and U+0002 + each code and phone (exact
--         class). The GIN index answers array containment, so two-character Chinese names
--         are found without trigrams; strpos() on doc/heads then confirms longer terms.
CREATE TABLE search_docs (
  rid   BIGINT PRIMARY KEY,
  doc   TEXT NOT NULL,
  heads TEXT NOT NULL,
  grams TEXT[] NOT NULL
);
-- A small pending list (256 kB instead of 4 MB): every search reads the GIN pending list
-- linearly, so after a burst of writes a 4 MB list made searches of 100,000 records take 0.2-0.5 s
-- until vacuum merged it; at 256 kB they stay at 0.4-9 ms, and indexing slows only from about
-- 1,350 to 1,100 records/s (fastupdate off: 470/s).
CREATE INDEX search_docs_grams ON search_docs USING gin (grams) WITH (gin_pending_list_limit = 256);
