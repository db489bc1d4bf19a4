# Background-job leases across servers (issue 3): a scheduled job's lease is short (setting
# job_lease_s) and renewed by the running server's heartbeat, so a run longer than the lease
# keeps its kind while another server waits, and a server killed with SIGKILL mid-run loses it
# within about one lease: the other server then runs the job. Two `guanxi serve` on one
# database; the first one's run is held open by the test hook GUANXI_TEST_JOB_DELAY_MS.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing"; exit 1; }
# Ends only what this script started and is still running (`jobs -p` lists live children).
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap 'cleanup; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

LEASE=3
run init
for kv in job_score_every_s=1 job_recycle_every_s=0 job_webhooks_every_s=0 job_lease_s=$LEASE; do
	run setting set "${kv%%=*}" "${kv#*=}"
done
expect_status 0 "settings for a fast schedule and a ${LEASE} s lease"
run setting set job_lease_s 1
expect_status 1 "a lease under 3 s is refused"
run customer add code=C1 name=客户甲 kind=person
expect_status 0 "a customer to score"

start_server() {   # LOG [ENV=VALUE]: starts guanxi serve on a free port; sets LAST
	local log=$1
	shift
	env "$@" "$GUANXI" serve --listen 127.0.0.1:0 --threads 2 2>"$log" &
	LAST=$!
	for _ in $(seq 1 100); do
		grep -q '^listening on' "$log" 2>/dev/null && break
		sleep 0.1
	done
}
holder() { sql "SELECT COALESCE(holder, '') FROM job_leases WHERE kind = 'score'"; }

# Server A claims the score job and stays in its run for 60 s.
start_server "$TEST_TMP/a.log" GUANXI_TEST_JOB_DELAY_MS=60000
A=$LAST
for _ in $(seq 1 100); do case "$(holder)" in *":$A:jobs:"*) break ;; esac; sleep 0.2; done
expect_eq "$(holder | cut -d: -f2)" "$A" "server A holds the score lease"

# Server B starts; for more than two leases A's heartbeat keeps the kind.
start_server "$TEST_TMP/b.log"
B=$LAST
sleep $((LEASE * 2 + 2))
expect_eq "$(holder | cut -d: -f2)" "$A" "A still holds it after $((LEASE * 2 + 2)) s (renewed by its heartbeat)"
expect_eq "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'score'")" "0" "and B has not run the job"

# A is killed mid-run: B takes the kind over once A's last renewal runs out.
T0=$(date +%s%N)
kill -KILL "$A"
wait "$A" 2>/dev/null
TOOK=
for _ in $(seq 1 300); do
	if [ "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'score' AND status = 'done'")" -ge 1 ]; then
		TOOK=$(( ($(date +%s%N) - T0) / 1000000 ))
		break
	fi
	sleep 0.1
done
echo "score job taken over ${TOOK:-never} ms after SIGKILL (lease ${LEASE} s)"
[ -n "$TOOK" ] && pass || fail "B ran the job after A was killed"
[ -n "$TOOK" ] && [ "$TOOK" -le $(( (LEASE + 12) * 1000 )) ] && pass || fail "within the lease and a few rounds (${TOOK:-never} ms)"
case "$(holder)" in *":$A:"*) fail "the lease still names the killed server" ;; *) pass ;; esac

kill -TERM "$B"
wait "$B"
expect_eq "$?" "0" "B stops cleanly"
grep -q "AddressSanitizer\|runtime error" "$TEST_TMP/a.log" "$TEST_TMP/b.log" && fail "sanitizer findings in a server log" || pass
finish
