#!/usr/bin/env bash
# The one list of Debian packages Guanxi needs to build, test and run. Installs the missing
# ones with apt-get when run as root; otherwise prints the command to run.
set -euo pipefail
packages=(
	build-essential pkg-config gettext locales
	libsqlite3-dev sqlite3          # storage (embedded default) and the benchmark floor
	libpq-dev postgresql            # PostgreSQL backend and its test server
	libmicrohttpd-dev libjansson-dev  # HTTP server, JSON
	libcurl4-openssl-dev            # webhook deliveries (http and https)
	libcsv-dev libzip-dev libexpat1-dev libxlsxwriter-dev zlib1g-dev  # CSV and .xlsx
	libsodium-dev                   # argon2id passwords, tokens, HMAC
	libssl-dev                      # SHA-256 of imported files (libcrypto, with the SHA instructions)
	libgsl-dev                      # minimisers and special functions for the models
	libicu-dev                      # pinyin, zh collation, Chinese calendar
	libcmocka-dev                   # unit tests
	clang libclang-rt-14-dev        # make fuzz (libFuzzer)
	curl jq python3                 # HTTP integration tests (jq reads JSON answers); python3 runs the test webhook receivers
	python3-yaml python3-jsonschema  # the API answers of the tests checked against docs/openapi.yaml
	chromium nodejs                 # browser tests of the web UI; the machine's nodejs 20 brings npm (Debian's npm conflicts with it)
	fonts-noto-cjk                  # Chinese text in the browser tests' screenshots
	wrk                             # make bench: the HTTP API benchmark
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "deps: installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${missing[@]}"
	else
		echo "deps: missing packages; run:"
		echo "  sudo apt-get install -y ${missing[*]}"
		exit 1
	fi
else
	echo "deps: all packages present"
fi
# The zh_CN.UTF-8 locale, for tests of locale-chosen messages.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf8$'; then
	if [ "$(id -u)" -eq 0 ]; then
		sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen 2>/dev/null || true
		grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
		locale-gen >/dev/null 2>&1 || true
	fi
fi
