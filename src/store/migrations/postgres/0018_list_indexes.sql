-- Indexes for the filters of the customer list page (web/js/customers.js: city, kind, key
-- account). Without them a filtered first page reads rows in id order until 50 match: about
-- 1,300 rows for one city of the demo and 3,000 when the kind is organisations too, which
-- made that page the slowest read of the API benchmark (bench/RESULTS.md "HTTP API"). With
-- them the database reads the matching ids in order from the index (entries of one key are
-- kept in id order, the list's own order).
CREATE INDEX customers_city ON customers(city);
CREATE INDEX customers_key_account ON customers(key_account);
