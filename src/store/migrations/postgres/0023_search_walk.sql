-- Search with bounded work per query (PostgreSQL only; docs/search.md "For the PostgreSQL
-- backend", bench/RESULTS.md). Until 0022 every rank class was one statement whose plan the
-- planner chose from gram frequencies it multiplies as if independent: it fetched and sorted
-- tens of thousands of 1.1 kB rows where it expected a few dozen, or walked the key index over
-- wide rows. p99 0.5-0.7 s at 1M. Now store/postgres/pg_search.c decides per class, from the
-- count of the query's rarest gram (an upper bound of the rows the GIN index can return):
--   few (<= a few thousand): fetch them through the GIN index (gx_search_fetch: a bitmap scan
--     whatever the planner thinks) and check them with strpos;
--   many: walk search_text, a narrow copy of (rid, doc, heads), in key order in growing chunks
--     with strpos until the limit is reached; past a walking budget the rest comes from the
--     GIN index after the walked keys.
-- Either way the answer is the same set in the same order as before (and as on SQLite).

-- (rid, doc, heads) of search_docs without the gram array: about 200 bytes a row instead of
-- 1.1 kB, so a walk reads five times fewer pages. Kept equal to search_docs by a trigger, so
-- every writer (pg_search_put's upsert, the COPY of a rebuild, deletes, search_clear) stays as
-- it was and cannot forget it.
CREATE TABLE search_text (
  rid   BIGINT PRIMARY KEY,
  doc   TEXT NOT NULL,
  heads TEXT NOT NULL
);

CREATE FUNCTION gx_search_text_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_text WHERE rid = OLD.rid;
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.rid <> NEW.rid THEN
    DELETE FROM search_text WHERE rid = OLD.rid;
  END IF;
  INSERT INTO search_text (rid, doc, heads) VALUES (NEW.rid, NEW.doc, NEW.heads)
    ON CONFLICT (rid) DO UPDATE SET doc = excluded.doc, heads = excluded.heads;
  RETURN NEW;
END
$$;

CREATE TRIGGER search_docs_text AFTER INSERT OR UPDATE OR DELETE ON search_docs
  FOR EACH ROW EXECUTE FUNCTION gx_search_text_sync();

CREATE FUNCTION gx_search_text_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE search_text;
  RETURN NULL;
END
$$;

CREATE TRIGGER search_docs_text_truncate AFTER TRUNCATE ON search_docs
  FOR EACH STATEMENT EXECUTE FUNCTION gx_search_text_truncate();

INSERT INTO search_text (rid, doc, heads) SELECT rid, doc, heads FROM search_docs ORDER BY rid;
ANALYZE search_text;

-- How many documents hold a gram, for the grams ANALYZE found common (the most common
-- elements of search_docs.grams, exact at 1M with statistics target 10,000: the sample is the
-- whole table); the row with the empty gram holds the least count listed, a bound for every
-- gram not listed. Only the choice of the path reads it, never the answer: stale counts make a
-- search slower, not different. gx_search_stats_refresh() rebuilds it after an ANALYZE.
CREATE TABLE search_gram_stats (
  gram TEXT PRIMARY KEY,
  docs BIGINT NOT NULL
);

CREATE FUNCTION gx_search_stats_refresh() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  total float8;
  n bigint;
BEGIN
  DELETE FROM search_gram_stats;
  SELECT GREATEST(reltuples, 0) INTO total FROM pg_class
    WHERE oid = to_regclass(quote_ident(current_schema()) || '.search_docs');
  INSERT INTO search_gram_stats (gram, docs)
    SELECT e.gram, max(ceil(e.freq * total))::bigint
    FROM pg_stats s,
         unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(gram, freq)
    WHERE s.schemaname = current_schema() AND s.tablename = 'search_docs'
      AND s.attname = 'grams' AND e.gram IS NOT NULL AND e.gram <> ''
    GROUP BY e.gram;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    INSERT INTO search_gram_stats (gram, docs) SELECT '', min(docs) FROM search_gram_stats;
  END IF;
  RETURN n;
END
$$;

SELECT gx_search_stats_refresh();

-- The fetch path: the documents holding every gram of g, in the key range, whose heads hold
-- head (unless NULL) and whose doc holds every term, first lim in key order. The SET clauses
-- hold only inside the function: the candidates come from a bitmap scan of the GIN index, never
-- from a walk of the key index or a sequential scan (the caller has counted them: few); the
-- key range is a filter (rid + 0), as the cached generic plan would otherwise AND the bitmap
-- with one of the key index over the whole range (a second per million keys).
CREATE FUNCTION gx_search_fetch(g text[], terms text[], head text, lo bigint, hi bigint, lim int)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE
  SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off AS $$
BEGIN
  RETURN QUERY
    SELECT d.rid FROM search_docs d
    WHERE d.grams @> g AND d.rid + 0 BETWEEN lo AND hi
      AND (head IS NULL OR strpos(d.heads, head) > 0)
      AND gx_search_all(d.doc, terms) IS NOT NULL
    ORDER BY d.rid LIMIT lim;
END
$$;


-- The probe: like gx_search_fetch, but it reads at most cap candidates of the GIN index (in
-- the table's order, so it can stop) and answers -1 alone when there are more. The caller
-- tries it when the grams together look rare although each is common ("wangdong": "gdon" is
-- in 26,000 documents, all its grams together in a few hundred), so a wrong guess costs at
-- most cap fetches instead of a walk or a fetch of every candidate.
CREATE FUNCTION gx_search_probe(g text[], terms text[], head text, lo bigint, hi bigint, cap int)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE
  SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off AS $$
DECLARE
  n bigint;
  ids bigint[];
BEGIN
  SELECT count(*), array_agg(c.rid ORDER BY c.rid) FILTER (WHERE c.ok) INTO n, ids
    FROM (SELECT d.rid, (head IS NULL OR strpos(d.heads, head) > 0)
                        AND gx_search_all(d.doc, terms) IS NOT NULL AS ok
          FROM search_docs d
          WHERE d.grams @> g AND d.rid + 0 BETWEEN lo AND hi LIMIT cap + 1) AS c;
  IF n > cap THEN
    RETURN NEXT -1;
    RETURN;
  END IF;
  RETURN QUERY SELECT u FROM unnest(ids) AS u;
END
$$;
