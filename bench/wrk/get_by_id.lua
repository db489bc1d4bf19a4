-- GET /api/v1/customers/{id} with a random id (bench/http_bench.sh).
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
function init() c.init() end
function request()
	return wrk.format("GET", "/api/v1/customers/" .. c.id(), c.headers)
end
