-- GET /api/v1/search with a random term (bench/http_bench.sh): Chinese names and cities,
-- pinyin, mobile-number fragments and customer-code prefixes, as a user would type them.
package.path = (os.getenv("GX_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local terms = {"王芳", "张伟", "李强", "苏州", "北京", "科技", "贸易", "有限公司", "zhang", "wang", "liu",
	"zhangwei", "suzhou", "138", "1395", "186", "C0000", "C00012", "建材", "家具"}
local paths = {}
function init()
	c.init()
	for i, t in ipairs(terms) do paths[i] = wrk.format("GET", "/api/v1/search?q=" .. c.urlencode(t), c.headers) end
end
function request()
	return paths[math.random(1, #paths)]   -- requests built in init (common.lua, template)
end
