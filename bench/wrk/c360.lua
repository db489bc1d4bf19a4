-- The customer 360 view as the web UI's customer page loads it (bench/http_bench.sh): the
-- record (with roles, tags and loyalty) and then the last 10 interactions of the same random
-- customer; wrk times each of the two requests on its own.
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local next_id = nil
function init() c.init() end
function request()
	if next_id then
		local id = next_id
		next_id = nil
		return wrk.format("GET", "/api/v1/customers/" .. id .. "/interactions?sort=-occurred_at&limit=10", c.headers)
	end
	next_id = c.id()
	return wrk.format("GET", "/api/v1/customers/" .. next_id, c.headers)
end
