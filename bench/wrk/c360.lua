-- The customer 360 view as the web UI's customer page loads it (bench/http_bench.sh): the
-- record (with roles, tags and loyalty) and then the last 10 interactions of the same random
-- customer; wrk times each of the two requests on its own.
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local next_id = nil
local record, interactions
function init()
	c.init()
	record = c.template("/api/v1/customers/")
	interactions = c.template("/api/v1/customers/", "/interactions?sort=-occurred_at&limit=10")
end
function request()
	if next_id then
		local id = next_id
		next_id = nil
		return interactions(id)
	end
	next_id = c.id()
	return record(next_id)
end
