-- Shared part of the wrk scripts of bench/http_bench.sh: the bearer token, the id range and the
-- seed come from the environment (GX_TOKEN, GX_MAX_ID, GX_SEED); each wrk thread draws its own
-- random sequence from seed + thread number, so two runs ask for the same rows in the same
-- order. done() prints one machine-readable line that http_bench.sh reads.
local M = {}

M.token = os.getenv("GX_TOKEN") or ""
M.max_id = tonumber(os.getenv("GX_MAX_ID") or "1000") or 1000
M.seed = tonumber(os.getenv("GX_SEED") or "20240601") or 20240601
M.headers = {["Authorization"] = "Bearer " .. M.token, ["Accept"] = "application/json"}

local nthreads = 0

function M.setup(thread)
	nthreads = nthreads + 1
	thread:set("thread_no", nthreads)
end

function M.init()
	math.randomseed(M.seed + (thread_no or 0) * 7919)
end

function M.id()
	return math.random(1, M.max_id)
end

-- Requests built once per thread instead of by wrk.format on every request: the load generator
-- shares the machine's two cores with the server, and formatting every GET cost it a tenth of
-- its CPU per request. The bytes sent are the same. template(before, after) gives a function
-- of the one part that changes (an id) between the two parts of the path.
function M.template(before, after)
	local r = wrk.format("GET", before .. "\1" .. (after or ""), M.headers)
	local i = r:find("\1", 1, true)
	local head, tail = r:sub(1, i - 1), r:sub(i + 1)
	return function(x) return head .. x .. tail end
end

function M.urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function M.done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("WRK_RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
		summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end

return M
