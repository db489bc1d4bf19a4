-- GET /api/v1/customers/{id} with a random id (bench/http_bench.sh).
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local get
function init()
	c.init()
	get = c.template("/api/v1/customers/")
end
function request()
	return get(c.id())
end
