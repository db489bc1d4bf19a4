-- POST /api/v1/customers (bench/http_bench.sh): new person customers whose mobile numbers are
-- unique per run (GX_RUN) and thread, so the duplicate check passes and each request commits
-- one customer (with SQLite's synchronous=FULL: one fsync per request). The prefix 198 is one
-- the demo generator never gives (src/app/demo.c): with 199, which it gives to 1 customer in
-- 46, about 1 create in 5,000 met a stored customer's number and got 409 Conflict.
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local run = tonumber(os.getenv("GX_RUN") or "0") or 0
local n = 0
local surnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵"}
local given = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇"}
local headers = {}
function init()
	c.init()
	for k, v in pairs(c.headers) do headers[k] = v end
	headers["Content-Type"] = "application/json"
end
function request()
	n = n + 1
	-- 198 + run (2 digits) + thread (1 digit) + counter (5 digits): 11 digits, unique per run.
	local mobile = string.format("198%02d%d%05d", run % 100, (thread_no or 0) % 10, n % 100000)
	local name = surnames[math.random(1, #surnames)] .. given[math.random(1, #given)] .. "测" .. n
	local body = string.format('{"kind":"person","name":"%s","mobile":"%s","province":"江苏省","city":"苏州市","source":"bench"}',
		name, mobile)
	return wrk.format("POST", "/api/v1/customers", headers, body)
end
