#!/usr/bin/env bash
# Runs one libFuzzer target of fuzz/ for a number of seconds: `make fuzz` (long runs) and the
# smoke runs of `make test` (scripts/run-tests.sh) both come here, so both start from the same
# seeds. The corpus the fuzzer grows is BINARY.corpus in the build directory (not in git); the
# seeds in fuzz/seeds/NAME and the tokens in fuzz/NAME.dict are read as well when they exist.
# They matter most where the parsing is done by a library that is not instrumented (jansson,
# expat, libzip): without them the fuzzer sees no coverage change while it guesses at JSON or
# XML, and stays on the first bytes it tried.
#
# Usage: scripts/fuzz-run.sh BUILD/fuzz_NAME SECONDS
set -euo pipefail
bin=${1:?usage: fuzz-run.sh BUILD/fuzz_NAME SECONDS}
seconds=${2:?usage: fuzz-run.sh BUILD/fuzz_NAME SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
name=$(basename "$bin")
name=${name#fuzz_}
corpus=$bin.corpus
mkdir -p "$corpus"
args=(-max_total_time="$seconds" -print_final_stats=1)
[ -f "$root/fuzz/$name.dict" ] && args+=(-dict="$root/fuzz/$name.dict")
dirs=("$corpus")
[ -d "$root/fuzz/seeds/$name" ] && dirs+=("$root/fuzz/seeds/$name")
exec "$bin" "${args[@]}" "${dirs[@]}"
