# The checker that holds every captured API answer against docs/openapi.yaml
# (helpers/openapi_check.py, run by lib.sh's finish): it must accept a documented answer and
# refuse each kind of mismatch, or the contract checks of the HTTP suites would prove nothing.
# no-database-backend (run-tests.sh: no PostgreSQL pass)
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK="$ROOT/tests/integration/helpers/openapi_check.py"
SPEC="$ROOT/docs/openapi.yaml"
unset GUANXI_CAPTURE_RESPONSES   # this suite starts no server; its captures are hand-made

# verdict NAME LINE: runs the checker on one captured answer; sets RC and keeps the report
verdict() {
	printf '%s\n' "$2" > "$TEST_TMP/$1.jsonl"
	python3 "$CHECK" "$SPEC" "$TEST_TMP/$1.jsonl" > "$T_OUT" 2>&1
	RC=$?
}

verdict ok '{"method":"GET","route":"/healthz","status":200,"type":"application/json","body":{"status":"ok"}}'
expect_eq "$RC" "0" "a documented answer passes"
expect_out "1 responses of 1 operations" "it is counted"

verdict wrongtype '{"method":"GET","route":"/healthz","status":200,"type":"application/json","body":{"status":5}}'
expect_eq "$RC" "1" "a field of the wrong type fails"
expect_out "status: 5 is not of type 'string'" "and the report names the field"

verdict route '{"method":"GET","route":"/api/v1/nowhere","status":200,"type":"application/json","body":{}}'
expect_eq "$RC" "1" "a route the file does not know fails"
expect_out "not in the OpenAPI file" "and says so"

verdict status '{"method":"GET","route":"/healthz","status":201,"type":"application/json","body":{"status":"ok"}}'
expect_eq "$RC" "1" "a success status the operation does not list fails"

verdict errshape '{"method":"GET","route":"/healthz","status":418,"type":"application/json","body":{"oops":1}}'
expect_eq "$RC" "1" "an unlisted error status that is not the error shape fails"

verdict errok '{"method":"GET","route":"/healthz","status":418,"type":"application/json","body":{"error":{"code":"internal","message":"x","field":null}}}'
expect_eq "$RC" "0" "an unlisted error status in the error shape is counted, not failed"
expect_out "1 error answers with an unlisted status" "and reported"

verdict enum '{"method":"GET","route":"/healthz","status":200,"type":"application/json","body":{"status":"ok"}}
{"method":"GET","route":"/readyz","status":503,"type":"application/json","body":{"error":{"code":"teapot","message":"x"}}}'
expect_eq "$RC" "1" "an error code outside the documented list fails"
expect_out "'teapot' is not one of" "named"

verdict nobody '{"method":"POST","route":"/api/v1/logout","status":204,"type":"application/json","body":{"x":1}}'
expect_eq "$RC" "1" "a body where none is documented fails"

verdict torn '{"method":"GET","route":"/healthz","sta'
expect_eq "$RC" "1" "a torn capture line fails"
GUANXI_CAPTURE_TORN_OK=1 verdict torn '{"method":"GET","route":"/healthz","sta{"method":"GET","route":"/healthz","status":200,"type":"application/json","body":{"status":"ok"}}'
expect_eq "$RC" "0" "… unless the suite kills servers on purpose (test_crash)"
expect_out "1 lines torn by a killed server" "and it is counted"
finish
