# The import wizard on several servers (issue 3, docs/deploy.md "Several servers"): two `guanxi
# serve` processes on one database; the upload, the column mapping, the preview, the start, the
# progress and the rejected-rows download of one run each go to a different server than the
# step before. A server killed with SIGKILL in the middle of a run: a preview is finished by the
# other server, an import that had committed a batch is marked failed with the reason and never
# run again, and so is one killed before its first progress was recorded (its jobs row too). The run is seen only by its uploader and admins; hostile ids and bodies get 4xx;
# no scratch file is left in the servers' TMPDIR, even by the killed server.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing"; exit 1; }
command -v jq >/dev/null || { echo "jq is missing"; exit 1; }
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap 'cleanup; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

LEASE=3
run init
run user add admin display_name=管理员 role=admin
run user add rep display_name=销售 role=sales
echo "admin-pass-1" | "$GUANXI" user passwd admin >/dev/null 2>&1
echo "rep-pass-123" | "$GUANXI" user passwd rep >/dev/null 2>&1
for kv in job_lease_s=$LEASE job_score_every_s=0 job_recycle_every_s=0 job_webhooks_every_s=0; do
	run setting set "${kv%%=*}" "${kv#*=}"
done
expect_status 0 "a ${LEASE} s lease"
SCRATCH="$TEST_TMP/scratch"
mkdir -p "$SCRATCH"

start_server() {   # LOG [ENV=VALUE…]: starts guanxi serve on a free port; sets LAST and PORT
	local log=$1
	shift
	env TMPDIR="$SCRATCH" "$@" "$GUANXI" serve --listen 127.0.0.1:0 --threads 2 2>"$log" &
	LAST=$!
	PORT=
	for _ in $(seq 1 600); do   # up to 60 s: the machine may be loaded (sanitizer, PostgreSQL)
		PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" 2>/dev/null)
		[ -n "$PORT" ] && curl -s -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
		sleep 0.1
	done
	[ -n "$PORT" ] || fail "a server did not start (see $log)"
}
start_server "$TEST_TMP/s1.log"; S1=$LAST; B1="http://127.0.0.1:$PORT/api/v1"
start_server "$TEST_TMP/s2.log"; S2=$LAST; B2="http://127.0.0.1:$PORT/api/v1"

login() {   # login USER PASS JAR BASE → prints the CSRF token
	curl -s -c "$3" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$4/login" | jq -r .csrf_token
}
A="$TEST_TMP/a.jar"; R="$TEST_TMP/r.jar"
AC=$(login admin admin-pass-1 "$A" "$B1")
RC=$(login rep rep-pass-123 "$R" "$B2")
expect_eq "${#AC}:${#RC}" "64:64" "both log in (one on each server)"
# call BASE JAR CSRF METHOD PATH [JSON]: body to $T_OUT, status in $CODE
call() {
	local args=(-s -o "$T_OUT" -w '%{http_code}' -b "$2" -H "X-CSRF-Token: $3" -X "$4")
	[ $# -ge 6 ] && args+=(-H 'Content-Type: application/json' -d "$6")
	CODE=$(curl "${args[@]}" "$1$5")
}
upload() {   # upload BASE FILE QUERY: as the admin
	CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$A" -H "X-CSRF-Token: $AC" -H 'Content-Type: text/csv' \
		--data-binary @"$2" "$1/imports?$3")
}
poll() {   # poll BASE ID: waits while the run is queued or running, leaves it in $T_OUT
	for _ in $(seq 1 300); do
		curl -s -b "$A" "$1/imports/$2" >"$T_OUT"
		case "$(jq -r .status "$T_OUT")" in queued | running) sleep 0.1 ;; *) return ;; esac
	done
}

# --- one run, each step on the other server ---
# English headers the importer would not know ("Customer no." is not a label): the mapping names them.
printf 'No.,Company,Type,Town,Note\nIMP-1,杭州一号贸易,organization,杭州,x\nIMP-2,坏行,nonsense,上海,y\nIMP-3,苏州三号,person,苏州,z\n' >"$TEST_TMP/c.csv"
upload "$B1" "$TEST_TMP/c.csv" "entity=customers&hold=1"
ID=$(jq -r .id "$T_OUT")
expect_eq "$CODE:$(jq -r '[.status, .format, .file_size, (.mapping == null)] | join(",")' "$T_OUT")" \
	"201:uploaded,csv,$(wc -c <"$TEST_TMP/c.csv"),true" "1. upload on server 1: stored, waiting"
expect_eq "$(sql "SELECT COUNT(*) FROM import_run_chunks WHERE run_id = $ID AND part = 'upload'")" "1" "the file is a chunk in the database"
call "$B2" "$A" "$AC" PUT "/imports/$ID/mapping" '{"columns":["code","name","kind","city",""]}'
expect_eq "$CODE:$(jq -r '.mapping | join("|")' "$T_OUT")" "200:code|name|kind|city|" "2. mapping on server 2"
call "$B1" "$A" "$AC" POST "/imports/$ID/preview"
expect_eq "$CODE:$(jq -r .status "$T_OUT")" "202:queued" "3. preview queued on server 1"
poll "$B2" "$ID"
expect_eq "$(jq -r '[.status, .dry_run, .rows, .created, .rejected, .rolled_back] | join(",")' "$T_OUT")" \
	"done,true,3,2,1,true" "… its result read on server 2"
expect_eq "$(jq -r '.errors[0] | "\(.line):\(.column)"' "$T_OUT")" "3:3" "the bad row's line and column"
expect_eq "$(jq -r .ignored_columns "$T_OUT")" "#5" "the unmapped column is ignored"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'")" "0" "a preview writes nothing"
call "$B2" "$A" "$AC" POST "/imports/$ID/start"
expect_eq "$CODE:$(jq -r '[.status, .dry_run, .rows] | join(",")' "$T_OUT")" "202:queued,false,0" "4. started on server 2"
poll "$B1" "$ID"
expect_eq "$(jq -r '[.status, .rows, .lines_done, .lines_total, .created, .rejected, .rolled_back, (.job_id > 0)] | join(",")' "$T_OUT")" \
	"done,3,4,4,2,1,false,true" "5. progress and counts read on server 1"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'")" "2" "two customers imported"
CODE=$(curl -s -o "$TEST_TMP/rej.csv" -w '%{http_code}' -b "$A" "$B2/imports/$ID/rejected")
expect_eq "$CODE:$(tail -n +2 "$TEST_TMP/rej.csv" | sed 's/^\(3,3\),".*",\(IMP-2\),.*/\1,\2/' | tr -d '\r')" "200:3,3,IMP-2" \
	"6. the rejected rows downloaded from server 2"
call "$B1" "$A" "$AC" POST "/imports/$ID/start"
expect_eq "$CODE" "409" "a run imports its file once"
call "$B2" "$A" "$AC" POST "/imports/$ID/preview"
expect_eq "$CODE" "409" "… and previews no more after that"
call "$B1" "$A" "$AC" PUT "/imports/$ID/mapping" '{"columns":["code","name","kind","city",""]}'
expect_eq "$CODE" "409" "… nor takes a new mapping"
expect_eq "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'import'")" "1" "one import job row"

# --- who sees a run; hostile input ---
for req in "GET /imports/$ID" "GET /imports/$ID/rejected" "POST /imports/$ID/preview" "POST /imports/$ID/start"; do
	set -- $req
	call "$B2" "$R" "$RC" "$1" "$2"
	expect_eq "$CODE" "404" "another user's run: $req"
done
call "$B1" "$R" "$RC" PUT "/imports/$ID/mapping" '{"columns":["code"]}'
expect_eq "$CODE" "404" "another user's run: PUT mapping"
call "$B1" "$A" "$AC" GET "/imports/99999999"
expect_eq "$CODE" "404" "no such run"
call "$B1" "$A" "$AC" GET "/imports/abc"
expect_eq "$CODE" "404" "a run id that is no number"
call "$B1" "$A" "$AC" GET "/imports/-1/rejected"
expect_eq "$CODE" "404" "a negative run id"
upload "$B2" "$TEST_TMP/c.csv" "entity=customers&hold=1"
ID2=$(jq -r .id "$T_OUT")
for body in '{"columns":["code","code","kind","city",""]}' '{"columns":["nope","name","kind","city",""]}' '{"columns":"code"}' \
	'{"columns":[1,2]}' '{"columns":[]}' '[1]' '{"x":'; do
	call "$B1" "$A" "$AC" PUT "/imports/$ID2/mapping" "$body"
	expect_eq "$CODE" "400" "a bad mapping is refused: $body"
done
call "$B1" "$A" "$AC" GET "/imports/$ID2/rejected"
expect_eq "$CODE" "404" "no rejected rows before a job ran"
# a mapping of the wrong width fails the job with the reason, not the server
call "$B1" "$A" "$AC" PUT "/imports/$ID2/mapping" '{"columns":["code","name"]}'
call "$B2" "$A" "$AC" POST "/imports/$ID2/preview"
poll "$B1" "$ID2"
expect_eq "$(jq -r '[.status, .error.field] | join(",")' "$T_OUT")" "failed,columns" "a mapping of 2 columns for a file of 5 fails the preview"
expect_out "has 5" "… saying the header has 5 columns"
call "$B2" "$A" "$AC" PUT "/imports/$ID2/mapping" '{"columns":["code","name","kind","city",""]}'
expect_eq "$CODE:$(jq -r .status "$T_OUT")" "200:uploaded" "a new mapping after a failed preview"
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$R" -H "X-CSRF-Token: $RC" --data-binary @"$TEST_TMP/c.csv" "$B1/imports?entity=products")
expect_eq "$CODE" "403" "a sales rep may not import products"
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$A" -H "X-CSRF-Token: $AC" -X POST "$B1/imports?entity=customers")
expect_eq "$CODE" "400" "an upload without a file"

# --- a server killed mid-run ---
# 7000 rows: customers commit every 5000; the test hook pauses 2 s before a job reads its file
# and after each committed batch (outside any transaction, so that the heartbeat goes on).
python3 - "$TEST_TMP/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("code,name,kind,city\n")
    for i in range(7000):
        f.write(f"K{i:05d},客户{i},organization,杭州\n")
PY
restart_both_slow() {   # [ENV=VALUE]: both servers again, each pausing in imports (default: the hook above)
	local hook=${1:-GUANXI_TEST_IMPORT_DELAY_MS=2000}
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	start_server "$TEST_TMP/s1.log" "$hook"; S1=$LAST; B1="http://127.0.0.1:$PORT/api/v1"
	start_server "$TEST_TMP/s2.log" "$hook"; S2=$LAST; B2="http://127.0.0.1:$PORT/api/v1"
}
holder_pid() { sql "SELECT COALESCE(worker, '') FROM import_runs WHERE id = $1" | cut -d: -f2; }
# RUN ROWS: SIGKILLs the server running RUN once ROWS customers K… are committed and, when ROWS
# > 0, the run's progress after that batch is recorded too (it is written just after the batch's
# COMMIT, and the reason's "after N lines" counts it). The job's id is on the run from the start:
# a kill before any progress is the case of its own below.
kill_holder_after() {
	for _ in $(seq 1 900); do
		[ "$(sql "SELECT COUNT(*) FROM import_runs WHERE id = $1 AND status = 'running'")" = 1 ] &&
			[ "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'K%'")" -ge "$2" ] &&
			{ [ "$2" = 0 ] || [ "$(sql "SELECT COUNT(*) FROM import_runs WHERE id = $1 AND lines_done > 0 AND job_id IS NOT NULL")" = 1 ]; } &&
			break
		sleep 0.1
	done
	VICTIM=$(holder_pid "$1")
	[ "$VICTIM" = "$S1" ] || [ "$VICTIM" = "$S2" ] || fail "run $1 was not running on either server within 90 s (worker pid '$VICTIM')"
	if [ "$VICTIM" = "$S1" ]; then kill -KILL "$S1"; wait "$S1" 2>/dev/null; SURVIVOR=$B2
	else kill -KILL "$S2"; wait "$S2" 2>/dev/null; SURVIVOR=$B1; fi
}
restart_both_slow
# a preview: nothing was committed, so the other server runs it again to the end
upload "$B1" "$TEST_TMP/big.csv" "entity=customers&dry_run=1"
PID=$(jq -r .id "$T_OUT")
kill_holder_after "$PID" 0
T0=$(date +%s%N)
for _ in $(seq 1 600); do
	curl -s -b "$A" "$SURVIVOR/imports/$PID" >"$T_OUT"
	case "$(jq -r .status "$T_OUT")" in queued | running) sleep 0.1 ;; *) break ;; esac
done
echo "preview finished by the other server $(( ($(date +%s%N) - T0) / 1000000 )) ms after the SIGKILL (lease ${LEASE} s)"
expect_eq "$(jq -r '[.status, .rows, .created, .rolled_back] | join(",")' "$T_OUT")" "done,7000,7000,true" \
	"a killed server's preview is finished by the other one"
expect_eq "$(sql "SELECT attempts FROM import_runs WHERE id = $PID")" "2" "… on a second attempt"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'K%'")" "0" "… and nothing of it is stored"

restart_both_slow
# an import that committed its first batch (5000 rows) when its server died: marked failed, never re-run
upload "$B2" "$TEST_TMP/big.csv" "entity=customers"
IID=$(jq -r .id "$T_OUT")
kill_holder_after "$IID" 5000
T0=$(date +%s%N)
for _ in $(seq 1 600); do
	curl -s -b "$A" "$SURVIVOR/imports/$IID" >"$T_OUT"
	case "$(jq -r .status "$T_OUT")" in queued | running) sleep 0.1 ;; *) break ;; esac
done
echo "import marked failed $(( ($(date +%s%N) - T0) / 1000000 )) ms after the SIGKILL"
expect_eq "$(jq -r '[.status, .error.code] | join(",")' "$T_OUT")" "failed,unavailable" "a killed server's import is marked failed"
expect_out "stopped before it finished" "… with the reason"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'K%'")" "5000" "the committed batch stays, the rest was never run"
expect_eq "$(sql "SELECT attempts FROM import_runs WHERE id = $IID")" "1" "the import ran once"
expect_eq "$(sql "SELECT j.status FROM jobs j JOIN import_runs r ON r.job_id = j.id WHERE r.id = $IID")" "failed" \
	"its jobs row, left running by the dead server, is marked failed"
sleep $((LEASE + 1))
expect_eq "$(sql "SELECT status FROM import_runs WHERE id = $IID"):$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'K%'")" "failed:5000" \
	"a lease later: still failed, still 5000 rows"
expect_eq "$(sql "SELECT COUNT(*) FROM job_leases WHERE kind LIKE 'import:%'")" "0" "no run's lease is left behind"

# an import killed after its jobs row was written but before the run's first progress was: the
# test hook GUANXI_TEST_IMPORT_JOB_DELAY_MS pauses the first progress report (of a 2-row file:
# after its COMMIT, outside any transaction) 4 s; the jobs row must not stay running for ever
restart_both_slow GUANXI_TEST_IMPORT_JOB_DELAY_MS=4000
printf 'code,name,kind,city\nE1,早停一号,organization,杭州\nE2,早停二号,organization,杭州\n' >"$TEST_TMP/early.csv"
upload "$B1" "$TEST_TMP/early.csv" "entity=customers"
EID=$(jq -r .id "$T_OUT")
for _ in $(seq 1 900); do
	[ "$(sql "SELECT COUNT(*) FROM import_runs WHERE id = $EID AND status = 'running'")" = 1 ] &&
		[ "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'import' AND status = 'running'")" = 1 ] && break
	sleep 0.1
done
VICTIM=$(holder_pid "$EID")
if [ "$VICTIM" = "$S1" ]; then kill -KILL "$S1"; wait "$S1" 2>/dev/null; SURVIVOR=$B2
elif [ "$VICTIM" = "$S2" ]; then kill -KILL "$S2"; wait "$S2" 2>/dev/null; SURVIVOR=$B1
else fail "run $EID was not running on either server within 90 s (worker pid '$VICTIM')"; SURVIVOR=$B1; fi
expect_eq "$(sql "SELECT COUNT(*) FROM import_runs WHERE id = $EID AND lines_done = 0")" "1" \
	"the server was killed before the run's first progress was recorded"
for _ in $(seq 1 600); do
	curl -s -b "$A" "$SURVIVOR/imports/$EID" >"$T_OUT"
	case "$(jq -r .status "$T_OUT")" in queued | running) sleep 0.1 ;; *) break ;; esac
done
expect_eq "$(jq -r '[.status, .error.code] | join(",")' "$T_OUT")" "failed,unavailable" "an import killed before its first progress is marked failed"
expect_eq "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'import' AND status = 'running'")" "0" \
	"… and no jobs row is left running"
expect_eq "$(sql "SELECT j.status FROM jobs j JOIN import_runs r ON r.job_id = j.id WHERE r.id = $EID")" "failed" \
	"its jobs row is the run's, marked failed"

run setting set import_retention_days 30
expect_status 0 "the retention of import runs is a setting (the purge itself: tests/unit/test_import_runs.c)"

for p in $(jobs -p); do kill "$p" 2>/dev/null; done
wait 2>/dev/null
expect_eq "$(find "$SCRATCH" -mindepth 1 | wc -l)" "0" "no scratch file left in TMPDIR, not even by the killed servers"
grep -q '"status":500' "$TEST_TMP"/s*.log && fail "a server answered 500" || pass
finish
