-- The customer list page's two filters together (web/js/customers.js: city and kind), for
-- live customers. With only customers_city, counting a page's matches (the first page shows
-- "N customers", up to 1,000) read every candidate row to test its kind and deletion: 2.5 ms
-- for 1,001 rows at a million customers, the slowest read of the API benchmark
-- (bench/RESULTS.md "HTTP API"). From this index alone the count reads 1,001 entries, 0.1 ms;
-- the page itself reads its rows in id order from it too (entries of one key are kept in id
-- order). customers_city stays for the recycle bin and city-only filters.
CREATE INDEX customers_city_kind ON customers(city, kind) WHERE deleted_at IS NULL;
