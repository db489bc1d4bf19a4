#!/usr/bin/env bash
# The HTTP API benchmark of issue "Server" ("Checked by", last item) and its PostgreSQL repeat
# (issue "Storage"): wrk with 2 threads and 64 keep-alive connections, bearer-token
# authentication, against `guanxi serve` on the same machine, on the database of
# `guanxi demo --scale N` (default 1,000,000 customers). Endpoints: GET by id, a filtered list
# page, search, the customer 360 view (record, then its last interactions) and POST create;
# requests/s and p50/p90/p99 latency of each, with the server's CPU per request, what the machine
# read from disk meanwhile, the share of CPU time the host took from this guest (steal) and the
# load average around it.
# Prints a markdown section on stdout (bench/run.sh collects it for bench/RESULTS.md).
#
# Usage: bench/http_bench.sh BUILD_DIR sqlite|pg
# Environment:
#   BENCH_HTTP_SCALE     customers of the demo database (default 1000000; BENCH_QUICK=1: 20000)
#   BENCH_HTTP_CACHE     where the built demo database is kept between runs (default
#                        BENCH_DIR/http). Building 1M customers takes 20 min of CPU (SQLite).
#                        SQLite: CACHE/scale<N>.db; PostgreSQL: a private cluster in CACHE/pg
#                        whose database scale<N> is made from the SQLite file by `guanxi db copy`.
#   BENCH_HTTP_DB        an existing SQLite demo file to use instead of CACHE/scale<N>.db
#   BENCH_HTTP_PG_BASE   the template database in the cluster (default scale<N>)
#   BENCH_HTTP_DURATION  seconds per endpoint (default 15), after BENCH_HTTP_WARMUP (default 3)
#   BENCH_HTTP_THREADS   server worker threads (default: the server's own default)
#   BENCH_HTTP_NOTE      a sentence added to the heading (e.g. how the database was made)
#   BENCH_HTTP_ENDPOINTS subset of: get list list_total search c360 create (default all, in
#                        that order)
# The cached database is never written: each run serves a fresh copy of it (a file copy for
# SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL), so creates of one run do not change the
# next. The server runs with --no-background and its access log goes to a file, as in
# production behind a log collector.
set -euo pipefail

BUILD=${1:?usage: http_bench.sh BUILD_DIR sqlite|pg}
BACKEND=${2:?usage: http_bench.sh BUILD_DIR sqlite|pg}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
G=$BUILD/guanxi
[ -x "$G" ] || { echo "http bench: $G is missing; run make bench" >&2; exit 1; }
command -v wrk >/dev/null || { echo "http bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

if [ "${BENCH_QUICK:-0}" = 1 ]; then SCALE=${BENCH_HTTP_SCALE:-20000}; else SCALE=${BENCH_HTTP_SCALE:-1000000}; fi
WORK=${BENCH_DIR:-$BUILD/bench}
CACHE=${BENCH_HTTP_CACHE:-$WORK/http}
DUR=${BENCH_HTTP_DURATION:-15}
WARM=${BENCH_HTTP_WARMUP:-3}
ENDPOINTS=${BENCH_HTTP_ENDPOINTS:-get list list_total search c360 create}
SEED=20240601
export GUANXI_NOW=2026-11-01T00:00:00Z   # the demo's as-of date: the same data every time
mkdir -p "$CACHE" "$WORK"
LOG=$WORK/http-$BACKEND.log
: > "$LOG"
say() { echo "http bench: $*" >&2; }
T0=$(date +%s)

# The SQLite demo file, built once (also the source of the PostgreSQL copy).
SRC=${BENCH_HTTP_DB:-$CACHE/scale$SCALE.db}
if [ ! -f "$SRC" ]; then
	say "building the demo database of $SCALE customers into $SRC (once; 1M takes about 20 min of CPU)"
	rm -f "$SRC.building"*
	GUANXI_DB=$SRC.building "$G" demo --scale "$SCALE" --seed "$SEED" >> "$LOG" 2>&1
	sqlite3 "$SRC.building" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
	mv "$SRC.building" "$SRC"
	rm -f "$SRC.building-wal" "$SRC.building-shm"
fi

PG_STOP=
cleanup() {
	[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	if [ -n "$PG_STOP" ]; then eval "$PG_STOP" > /dev/null 2>&1 || true; fi
	return 0
}
trap cleanup EXIT

if [ "$BACKEND" = sqlite ]; then
	DB=$WORK/http-work.db
	say "copying $SRC to a work copy"
	rm -f "$DB" "$DB-wal" "$DB-shm"
	sqlite3 "$SRC" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null 2>&1 || true
	cp --reflink=auto "$SRC" "$DB"
	# Written back before the server starts: otherwise gigabytes of the copy are still being
	# flushed during the run, and every fsync of the create benchmark queues behind them.
	sync "$DB"
	# The cached file's pages leave the page cache (coreutils: dd iflag=nocache count=0 drops
	# a whole file's): the 1M demo is 8 GB, and with both copies cached a 24 GB machine starts
	# evicting the work copy's pages, which the GETs then read from disk.
	dd if="$SRC" iflag=nocache count=0 status=none 2>/dev/null || true
	URL=$DB
	DBDESC="SQLite $(sqlite3 --version | cut -d' ' -f1), WAL, synchronous=FULL"
else
	# A private cluster kept in CACHE/pg: created by scripts/pg-test-server.sh (initdb, free
	# port), then restarted with the durable defaults (fsync and synchronous_commit on), since
	# the test server's fsync=off would make the create figures meaningless.
	STATE=$CACHE/pg/pg.state
	mkdir -p "$CACHE/pg"
	as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
	BINDIR=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	if [ -f "$STATE" ]; then
		# shellcheck disable=SC1090
		. "$STATE"
	fi
	if [ -z "${PGT_DIR:-}" ] || [ ! -d "$PGT_DIR/data" ]; then
		rm -f "$STATE"
		TMPDIR=$CACHE/pg scripts/pg-test-server.sh start "$STATE" > /dev/null
		# shellcheck disable=SC1090
		. "$STATE"
	fi
	PGOPTS="-c listen_addresses=127.0.0.1 -p $PGT_PORT -k $PGT_DIR -c max_connections=100 -c shared_buffers=1GB"
	if as_pg "$BINDIR/pg_ctl" -D "$PGT_DIR/data" status > /dev/null 2>&1; then
		as_pg "$BINDIR/pg_ctl" -D "$PGT_DIR/data" -w -t 60 -m fast restart -o "$PGOPTS" >> "$LOG" 2>&1
	else
		as_pg "$BINDIR/pg_ctl" -D "$PGT_DIR/data" -l "$PGT_DIR/server.log" -w -t 60 start -o "$PGOPTS" >> "$LOG" 2>&1
	fi
	PG_STOP="as_pg $BINDIR/pg_ctl -D $PGT_DIR/data -m fast -w stop"
	PSQL=(psql -h 127.0.0.1 -p "$PGT_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
	BASE=${BENCH_HTTP_PG_BASE:-scale$SCALE}
	if [ "$("${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$BASE'")" = 0 ]; then
		say "copying $SRC into PostgreSQL database $BASE (once)"
		"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${BASE}_building" -c "CREATE DATABASE ${BASE}_building"
		"$G" db copy --from "$SRC" --to "postgres://postgres@127.0.0.1:$PGT_PORT/${BASE}_building" >> "$LOG" 2>&1
		"${PSQL[@]}" -d "${BASE}_building" -c "VACUUM ANALYZE"
		"${PSQL[@]}" -d postgres -c "ALTER DATABASE ${BASE}_building RENAME TO $BASE"
	fi
	say "making the work database from the template $BASE"
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS http_work" -c "CREATE DATABASE http_work TEMPLATE $BASE"
	URL=postgres://postgres@127.0.0.1:$PGT_PORT/http_work
	DBDESC="PostgreSQL $("${PSQL[@]}" -d postgres -c 'SHOW server_version' | cut -d' ' -f1), fsync=on, synchronous_commit=on, shared_buffers=1GB"
fi

if [ "$BACKEND" = sqlite ]; then
	read -r MAX_ID NCUST < <(sqlite3 -separator ' ' "$DB" 'SELECT max(id), count(*) FROM customers')
else
	read -r MAX_ID NCUST < <("${PSQL[@]}" -F ' ' -d http_work -c 'SELECT max(id), count(*) FROM customers')
fi
TOKEN=$(GUANXI_DB=$URL "$G" user token admin --name http-bench 2>> "$LOG" | grep -o 'gx_[0-9a-f]*' | head -1)
[ -n "$TOKEN" ] || { say "could not create an API token; see $LOG"; exit 1; }

SERVE_ARGS=(serve --db "$URL" --listen 127.0.0.1:0 --no-background)   # the server picks a free port
[ -n "${BENCH_HTTP_THREADS:-}" ] && SERVE_ARGS+=(--threads "$BENCH_HTTP_THREADS")
"$G" "${SERVE_ARGS[@]}" 2> "$WORK/http-$BACKEND-access.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 300); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/http-$BACKEND-access.log")
	[ -n "$PORT" ] && curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
	kill -0 "$SERVER_PID" 2>/dev/null || { say "the server did not start:"; cat "$WORK/http-$BACKEND-access.log" >&2; exit 1; }
	sleep 0.1
done
THREADS=$(sed -n 's/.*(\([0-9]*\) threads).*/\1/p' "$WORK/http-$BACKEND-access.log" | head -1)

export GX_TOKEN=$TOKEN GX_MAX_ID=$MAX_ID GX_SEED=$SEED GX_WRK_DIR=$ROOT/bench/wrk GX_RUN=$((RANDOM % 100))
# The next of 100 run numbers (37 is prime to 100: all 100 come before one repeats).
next_run() { GX_RUN=$(( (GX_RUN + 37) % 100 )); export GX_RUN; }
ROWS=()
declare -A LABEL=([get]="GET /customers/{id}" [list]="GET /customers?filter=city eq … and kind eq …&limit=50, X-No-Total"
	[list_total]="the same list page with its total count (no X-No-Total)"
	[search]="GET /search?q=…" [c360]="customer 360: GET /customers/{id}, then …/interactions?sort=-occurred_at&limit=10"
	[create]="POST /customers")
declare -A SCRIPT=([get]=get_by_id [list]=list [list_total]=list [search]=search [c360]=c360 [create]=create)
declare -A TARGET=([get]="≥ 20,000 req/s, p99 ≤ 10 ms" [list]="p99 ≤ 50 ms" [list_total]="p99 ≤ 50 ms" [search]="p99 ≤ 50 ms"
	[c360]="p99 ≤ 50 ms" [create]="≥ 2,000 req/s, p99 ≤ 50 ms")
# Requests still queued when wrk stops keep the server busy; the next endpoint starts only when
# the server has been idle for a second (at most 120 s), so one endpoint's backlog is not
# timed as the next one's latency.
settle() {
	local a b
	for _ in $(seq 120); do
		a=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
		sleep 1
		b=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
		[ $((b - a)) -le 2 ] && return 0
	done
	say "the server was still busy after 120 s"
}
# The machine's speed moves by a third from hour to hour (bench/RESULTS.md); a fixed CPU-only
# SQLite query, timed before the endpoints (the least CPU of three runs), tells a slow spell of
# the machine from a slower server when two runs are compared.
ref_cpu_ms() {
	local best= t ms TIMEFORMAT='%3U %3S'
	for _ in 1 2 3; do
		t=$( { time sqlite3 :memory: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT sum(x * x % 7) FROM c;' > /dev/null; } 2>&1 )
		ms=$(awk -v u="${t% *}" -v s="${t#* }" 'BEGIN { printf "%.0f", (u + s) * 1000 }')
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	echo "$best"
}
# CPU time the hypervisor gave to other guests ("steal", /proc/stat): on this shared machine
# the host goes on writing the work copy's 8 GB to its own disk for half a minute after the
# guest's sync, and meanwhile takes 5-16 % of the CPU from a busy guest (measured with both
# cores busy). A GET run in that half minute had a p99 of 35-75 ms against 7 ms a minute later,
# with the same server CPU per request. steal_ticks prints "steal total" in clock ticks.
steal_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t; exit }' /proc/stat; }
steal_pct() {   # percent of CPU time stolen between two steal_ticks outputs
	awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
		printf "%.0f", (y[2] > x[2] ? (y[1] - x[1]) * 100 / (y[2] - x[2]) : 0) }'
}
# Steal shows only while the guest wants the CPU, so each check keeps every core busy for 2 s.
# The endpoints start after three checks in a row with at most 2 % stolen (at most 300 s).
wait_for_host() {
	local quiet=0 t0 a b p i busy
	t0=$(date +%s)
	while [ $(( $(date +%s) - t0 )) -lt 300 ]; do
		a=$(steal_ticks)
		busy=()
		for i in $(seq "$(nproc)"); do
			timeout 2 sh -c 'while :; do :; done' &
			busy+=($!)
		done
		wait "${busy[@]}" || true   # not a bare wait: the server is a child too
		b=$(steal_ticks)
		p=$(steal_pct "$a" "$b")
		if [ "$p" -le 2 ]; then quiet=$((quiet + 1)); else quiet=0; fi
		[ "$quiet" -ge 3 ] && break
	done
	local waited=$(( $(date +%s) - t0 ))
	if [ "$quiet" -ge 3 ]; then
		HOST_NOTE="the host's CPU steal was at most 2 % in three checks in a row ${waited} s after the work copy"
	else
		HOST_NOTE="the host still took ${p} % of the CPU (steal) ${waited} s after the work copy"
	fi
}
say "waiting until the host has stopped taking CPU (steal) after the work copy"
wait_for_host
REF_MS=$(ref_cpu_ms)
# KiB the machine read from block devices so far (/proc/vmstat pgpgin). A GET that has to wait
# for the disk is a different benchmark: the 1M demo is 8 GB, and a second copy of it, or
# anything else pushing it out of the page cache, makes the run read from disk (seen: 10–30 MB/s
# during GETs with three 8 GB files on a 24 GB machine). The column shows it.
disk_read_kib() { awk '$1 == "pgpgin" { print $2 }' /proc/vmstat; }
for ep in $ENDPOINTS; do
	settle
	s=$ROOT/bench/wrk/${SCRIPT[$ep]}.lua
	say "$ep: warm-up ${WARM} s, then ${DUR} s"
	export GX_LIST_TOTAL=0
	[ "$ep" = list_total ] && GX_LIST_TOTAL=1
	# Creates warm up too, each pass (warm-up, measured run, and a later create endpoint) with
	# mobile numbers of its own (bench/wrk/create.lua: GX_RUN), so that none repeats another's.
	[ "$ep" = create ] && next_run
	wrk -t2 -c64 -d"${WARM}s" -s "$s" "http://127.0.0.1:$PORT" >> "$LOG" 2>&1 || true
	settle
	[ "$ep" = create ] && next_run
	la0=$(cut -d' ' -f1 /proc/loadavg)
	io0=$(disk_read_kib)
	cpu0=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
	st0=$(steal_ticks)
	out=$(wrk -t2 -c64 -d"${DUR}s" --timeout 10s -s "$s" "http://127.0.0.1:$PORT" 2>&1) || true
	st1=$(steal_ticks)
	cpu1=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
	stolen=$(steal_pct "$st0" "$st1")
	io1=$(disk_read_kib)
	la1=$(cut -d' ' -f1 /proc/loadavg)
	io_mb=$(( (io1 - io0) / 1024 ))
	echo "$out" >> "$LOG"
	line=$(echo "$out" | grep '^WRK_RESULT' || true)
	if [ -z "$line" ]; then
		ROWS+=("| ${LABEL[$ep]} | — | — | — | — | — | — | $io_mb | $stolen | $la0 → $la1 | ${TARGET[$ep]} | wrk failed, see $LOG |")
		continue
	fi
	declare -A R=()
	for kv in ${line#WRK_RESULT }; do R[${kv%%=*}]=${kv#*=}; done
	errs=$((R[non2xx] + R[connect_err] + R[read_err] + R[write_err] + R[timeouts]))
	note=""
	[ "$errs" -gt 0 ] && note="$errs errors (non-2xx ${R[non2xx]}, timeouts ${R[timeouts]})"
	# Server CPU (user + system, clock ticks) per request: the figure a busy machine distorts least.
	cpu_us=$(awk -v a="$cpu0" -v b="$cpu1" -v n="${R[requests]}" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.0f", (n > 0 ? (b - a) * 1e6 / hz / n : 0) }')
	ROWS+=("$(printf '| %s | %s | %.0f | %.2f | %.2f | %.2f | %s | %s | %s | %s → %s | %s | %s |' "${LABEL[$ep]}" "${R[requests]}" \
		"${R[rps]}" "${R[p50_ms]}" "${R[p90_ms]}" "${R[p99_ms]}" "$cpu_us" "$io_mb" "$stolen" "$la0" "$la1" "${TARGET[$ep]}" "$note")")
	unset R
done
kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src include 2>/dev/null || COMMIT="$COMMIT+changes"
echo
echo "### $([ "$BACKEND" = sqlite ] && echo SQLite || echo PostgreSQL)"
echo
echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), guanxi $COMMIT (-O2 -DNDEBUG), $DBDESC; database \`guanxi demo --scale $SCALE\` ($NCUST customers, ids 1–$MAX_ID), admin bearer token; server $THREADS worker threads, --no-background, access log to a file; wrk 2 threads, 64 keep-alive connections, ${DUR} s per endpoint after ${WARM} s warm-up (for creates, with mobile numbers of its own), random ids from seed $SEED; machine $(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), shared; $HOST_NOTE; a reference SQLite query (2M-row recursive sum) took $REF_MS ms of CPU before the run. Whole run $(( $(date +%s) - T0 )) s.${BENCH_HTTP_NOTE:+ $BENCH_HTTP_NOTE}"
echo
echo "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | server CPU µs/request | MB read from disk | CPU stolen by the host % | load average (1 min) before → after | target | notes |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
