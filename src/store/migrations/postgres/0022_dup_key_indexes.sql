-- The indexes the duplicate check of a new customer reads (phone, mobile, e-mail, USCC) as
-- partial hash indexes (PostgreSQL only; docs/deploy.md "Transactions and isolation").
-- A create runs SERIALIZABLE and looks its keys up before inserting, so that two servers
-- creating the same phone at once cannot both succeed. PostgreSQL remembers such a read as a
-- lock on the index page the key would be on, and a concurrent create inserting anything on
-- that page is a conflict; two creates that each read and write the same page fail one another
-- even with different keys. With B-tree indexes that page was shared by most creates: rows
-- without a phone or e-mail (most people have a mobile only) all went to the page of NULLs,
-- right next to where mobile numbers (above every landline) are looked up, and numbers given
-- out in sequence sit on one page. A hash index spreads the keys over buckets, so only keys
-- in the same bucket meet, and a partial one holds no NULLs at all. Both still answer
-- "phone_norm = ?" (the only way these columns are read), and the same phone still meets in
-- the same bucket: the duplicate check stays exact. Measured with two servers and 64
-- connections creating customers with distinct data on a 200,000-customer database for 10 s:
-- 127 serialization failures in 4,262 creates with the B-trees, 6 in 5,714 with these
-- (bench/RESULTS.md). Built in 13 s on the 1M demo.
DROP INDEX customers_phone;
DROP INDEX customers_mobile;
DROP INDEX customers_email;
DROP INDEX customers_uscc;
CREATE INDEX customers_phone ON customers USING hash (phone_norm) WHERE phone_norm IS NOT NULL;
CREATE INDEX customers_mobile ON customers USING hash (mobile_norm) WHERE mobile_norm IS NOT NULL;
CREATE INDEX customers_email ON customers USING hash (email_norm) WHERE email_norm IS NOT NULL;
CREATE INDEX customers_uscc ON customers USING hash (uscc) WHERE uscc IS NOT NULL;

-- Search (store/postgres/pg_search.c): "every term occurs in this text" as a function the
-- planner believes cheaper than the gram containment, so that a search walking the key index
-- in order tests the short text first and unpacks the large, compressed gram array only of
-- rows that pass. The other order cost about 15 µs a row: "iangz" walked 58,000 rows of the
-- 1M demo in 0.97 s, 0.09 s with the text first. PL/pgSQL, so that it is not inlined and its
-- COST stands; it answers true or NULL, and is asked "IS NOT NULL", for which the planner
-- assumes nearly every row passes, as it did for the former NOT EXISTS over the terms (a
-- plain boolean function counts as one row in three, and tipped searches of common grams
-- from walking the keys to fetching and sorting every match).
CREATE FUNCTION gx_search_all(t text, terms text[]) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 0.1 AS $$
DECLARE
  s text;
BEGIN
  FOREACH s IN ARRAY terms LOOP
    IF strpos(t, s) = 0 THEN
      RETURN NULL;
    END IF;
  END LOOP;
  RETURN true;
END
$$;
