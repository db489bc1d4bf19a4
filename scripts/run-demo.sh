#!/usr/bin/env bash
# `make run`: creates the demo database guanxi.db (if absent) and shows how to use it. Once
# the server exists this script starts `guanxi serve` on http://127.0.0.1:8080.
set -euo pipefail
build=${1:-build}
bin="$build/guanxi"
db=${GUANXI_DB:-guanxi.db}
if [ ! -e "$db" ]; then
	echo "== creating the demo company in $db"
	"$bin" demo --db "$db"
else
	echo "== $db exists; keeping it (delete it to start over)"
fi
if "$bin" --help | grep -q '^  serve '; then
	exec "$bin" serve --db "$db" --listen 127.0.0.1:8080
fi
cat <<MSG

The demo database is ready: $db
The web UI and the REST API arrive with \`guanxi serve\`; meanwhile try the command line:

  $bin customer list --db $db --limit 10
  $bin search 张伟 --db $db                 # any part of a name, phone, e-mail, or pinyin (zw)
  $bin customer show C00000001 --db $db
  $bin interaction list C00000001 --db $db
  $bin customer list --db $db --pool        # the public pool (公海)
  $bin export customers customers.xlsx --db $db
  $bin --help                               # every command; add --lang zh for Chinese
MSG
