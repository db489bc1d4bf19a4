# Concurrent writers on one database (docs/deploy.md "Transactions and isolation"): a unit of
# work is serializable on both backends, so eight processes adding a customer with the same
# phone at once leave exactly one, and the others are refused cleanly — as a duplicate, or with
# "try again" where PostgreSQL detected the conflict — never a second copy. Writers of
# different customers either succeed or are told to try again; every success is stored.
. "$(dirname "$0")/lib.sh"

run init
expect_status 0 "init"

# spawn N SUFFIX ARGS…: starts N `guanxi customer add name=并发<i><SUFFIX> code=K<i><SUFFIX> ARGS…`
# at once (distinct codes, so only the duplicate check can keep two of them apart); sets
# OK, REFUSED (refused with a reason) and ODD (anything else)
spawn() {
	local n=$1 suffix=$2 pids=() i
	shift 2
	for i in $(seq 1 "$n"); do
		"$GUANXI" customer add "name=并发$i$suffix" "code=K$i$suffix" "$@" >"$TEST_TMP/out$i" 2>"$TEST_TMP/err$i" &
		pids+=($!)
	done
	OK=0; REFUSED=0; ODD=0
	for i in $(seq 1 "$n"); do
		if wait "${pids[$((i - 1))]}"; then
			OK=$((OK + 1))
		elif grep -qE "try again|duplicate" "$TEST_TMP/err$i"; then
			REFUSED=$((REFUSED + 1))
		else
			ODD=$((ODD + 1)); echo "unexpected: $(cat "$TEST_TMP/err$i")"
		fi
	done
}

spawn 8 甲 mobile=13911112222
expect_eq "$OK" "1" "one of eight writers with the same phone succeeds"
expect_eq "$REFUSED" "7" "the other seven are refused with a reason"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE mobile_norm = '13911112222'")" "1" "one row with that phone"

spawn 8 乙
echo "different customers at once: $OK stored, $REFUSED told to try again"
expect_eq "$ODD" "0" "writers of different customers succeed or are told to try again"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name LIKE '并发%乙'")" "$OK" "every acknowledged write is stored"
expect_eq "$(sql "SELECT COUNT(DISTINCT code) FROM customers")" "$(sql "SELECT COUNT(*) FROM customers")" "codes stay unique"
finish
