#!/usr/bin/env bash
# `make run`: creates the demo database guanxi.db (if absent), gives the demo users a known
# password so that they can log in, prints the logins, and serves the web UI and the REST API
# on http://127.0.0.1:8080 (GUANXI_LISTEN to change it). The analytics pages draw with Chart.js
# from npm, which the server serves under /vendor/ from node_modules/chart.js/dist: installed
# here (runtime packages only) when a fresh clone has none.
set -euo pipefail
build=${1:-build}
bin="$build/guanxi"
db=${GUANXI_DB:-guanxi.db}
listen=${GUANXI_LISTEN:-127.0.0.1:8080}
password=${GUANXI_DEMO_PASSWORD:-guanxi-demo}
users="admin wang.fang li.qiang lin.na xu.jie ma.lin"
if [ ! -f node_modules/chart.js/dist/chart.umd.min.js ]; then
	echo "== installing Chart.js for the web UI (npm ci)"
	omit=--omit=dev   # a checkout that runs the browser tests keeps playwright-core
	[ -d node_modules/playwright-core ] && omit=
	npm ci $omit --no-audit --no-fund ||
		echo "npm ci failed: the analytics pages will say that the chart library is missing"
fi
if [ ! -e "$db" ]; then
	echo "== creating the demo company in $db"
	"$bin" demo --db "$db"
	"$bin" score --db "$db" >/dev/null   # RFM, P(alive), CLV, lifecycle, ABC for the analytics pages
	for u in $users; do
		printf '%s\n' "$password" | "$bin" user passwd "$u" --db "$db" >/dev/null
	done
else
	echo "== $db exists; keeping it (delete it to start over)"
fi
cat <<MSG

Guanxi CRM on http://$listen  (database: $db)
Demo logins, password "$password" (set when the demo database was created):
  admin (administrator), wang.fang (sales manager), li.qiang (sales rep),
  lin.na (service), xu.jie (marketing), ma.lin (analyst)
The command line works on the same database, e.g.:
  $bin customer list --db $db --limit 10
  $bin search 张伟 --db $db
  $bin analyze pareto --db $db
  $bin --help --lang zh
Stop the server with Ctrl-C.

MSG
exec "$bin" serve --db "$db" --listen "$listen"
