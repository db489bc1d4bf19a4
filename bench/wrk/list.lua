-- A filtered list page as the customer list of the web UI asks for it (bench/http_bench.sh):
-- the first 50 customers of a random city among the demo's most common ones, with a second
-- condition on the kind. With GX_LIST_TOTAL=1 the total count of matches is asked for too
-- (the web UI's first page); otherwise X-No-Total, as a client paging on by cursor sends.
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local cities = {"北京市", "上海市", "广州市", "深圳市", "杭州市", "苏州市", "成都市", "武汉市", "南京市", "天津市"}
local kinds = {"person", "organization"}
local paths = {}
local headers = {}
function init()
	c.init()
	for k, v in pairs(c.headers) do headers[k] = v end
	if os.getenv("GX_LIST_TOTAL") ~= "1" then headers["X-No-Total"] = "1" end
	for _, city in ipairs(cities) do
		for _, kind in ipairs(kinds) do
			paths[#paths + 1] = wrk.format("GET", "/api/v1/customers?limit=50&filter=" ..
				c.urlencode("city eq '" .. city .. "' and kind eq '" .. kind .. "'"), headers)
		end
	end
end
function request()
	return paths[math.random(1, #paths)]   -- requests built in init (common.lua, template)
end
