# Connections of `guanxi serve` (src/http/acceptor.c accepts them and hands them to
# libmicrohttpd's workers): the per-address and total connection limits still hold (a connection
# over the limit is closed at once, the ones inside it are served), a port given as 0 is picked
# and printed, a busy port is refused with a clear message, and every one of 64 keep-alive
# connections opened at once gets its answers (connections are dealt round the workers).
. "$(dirname "$0")/lib.sh"
run init
run user add admin display_name=管理员 role=admin
run user token admin --name tests
TOKEN=$(head -1 "$T_OUT")

start() {   # start LOG [serve options…]: SERVER and PORT
	local log=$1
	shift
	"$GUANXI" serve --listen 127.0.0.1:0 --no-background "$@" 2>"$log" &
	SERVER=$!
	PORT=
	for _ in $(seq 1 100); do
		PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
		[ -n "$PORT" ] && break
		sleep 0.1
	done
}
stop() {
	kill -TERM "$SERVER"
	wait "$SERVER" 2>/dev/null
}

# Opens N idle connections, then one more; prints whether each of the first N and the extra one
# still gets an answer to GET /healthz (1) or was closed (0).
probe() {
	python3 - "$PORT" "$1" <<'EOF'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
def ask(s):
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        s.settimeout(3)
        return 1 if s.recv(100).startswith(b"HTTP/1.1 200") else 0
    except OSError:
        return 0
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(0.3)   # the server has taken them all
extra = socket.create_connection(("127.0.0.1", port))
time.sleep(0.3)
print("".join(str(ask(s)) for s in held) + ":" + str(ask(extra)))
EOF
}

start "$TEST_TMP/a.log" --max-per-ip 3 --threads 2
expect_eq "$([ -n "$PORT" ] && [ "$PORT" -gt 0 ] && echo yes)" "yes" "the server printed the port it picked"
expect_eq "$(probe 3)" "111:0" "--max-per-ip 3: the fourth connection from 127.0.0.1 is closed, three are served"
stop

start "$TEST_TMP/b.log" --max-connections 4 --threads 2
expect_eq "$(probe 4)" "1111:0" "--max-connections 4 (2 per worker): the fifth is closed, four are served"
stop

start "$TEST_TMP/c.log" --threads 4
BUSY=$PORT
"$GUANXI" serve --listen "127.0.0.1:$BUSY" --no-background >/dev/null 2>"$TEST_TMP/busy.err"
expect_eq "$?" "1" "a second server on the same port fails (exit 1)"
expect_eq "$(grep -c "cannot listen on 127.0.0.1:$BUSY" "$TEST_TMP/busy.err")" "1" "… saying it cannot listen there"

# 64 keep-alive connections at once, 20 requests each: every answer arrives.
OUT=$(python3 - "$PORT" "$TOKEN" <<'EOF'
import http.client, sys, threading
port, token = int(sys.argv[1]), sys.argv[2]
ok = [0] * 64
def client(i):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    for _ in range(20):
        c.request("GET", "/api/v1/customers?limit=1", headers={"Authorization": "Bearer " + token})
        r = c.getresponse()
        r.read()
        ok[i] += r.status == 200
threads = [threading.Thread(target=client, args=(i,)) for i in range(64)]
for t in threads: t.start()
for t in threads: t.join()
print(sum(ok))
EOF
)
expect_eq "$OUT" "1280" "64 connections × 20 requests: 1,280 answers 200"

# A request's line and headers must fit in --max-header bytes (default 16 KiB, libmicrohttpd's
# memory per connection): a 12 KB header or query string is read (a long cursor reaches the
# handler and gets its JSON error); 20 KB get 431 (header) or 414 (URL), and the next request
# is served. sizes() prints the status of each request, sent on a connection of its own.
sizes() {
	python3 - "$PORT" "$TOKEN" "$@" <<'EOF'
import http.client, sys
port, token, asks = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
def status(ask):
    where, n = ask[0], int(ask[1:])
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    path = "/api/v1/customers?limit=1" + ("&cursor=" + "a" * n if where == "u" else "")
    headers = {"Authorization": "Bearer " + token}
    if where == "h":
        headers["X-Pad"] = "a" * n
    c.request("GET", path, headers=headers)
    r = c.getresponse()
    r.read()
    c.close()
    return str(r.status)
print(" ".join(status(a) for a in asks))
EOF
}
expect_eq "$(sizes h12000 h20000 h100 u12000 u20000 h100)" "200 431 200 400 414 200" \
	"--max-header default: 12 KB of header or query read, 20 KB answered 431 or 414, small ones served after"
stop
expect_eq "$(grep -c '^stopped' "$TEST_TMP/c.log")" "1" "SIGTERM: the server stopped cleanly"

start "$TEST_TMP/h.log" --max-header 32768 --threads 2
expect_eq "$(sizes h20000 h40000 u20000 h100)" "200 431 400 200" "--max-header 32768: 20 KB read, 40 KB answered 431"
stop
timeout 10 "$GUANXI" serve --listen 127.0.0.1:0 --max-header 1000 >/dev/null 2>"$TEST_TMP/mh.err"
expect_eq "$?" "2" "--max-header 1000 is refused (exit 2)"
expect_eq "$(grep -c 'max-header must be a number from 4096 to 1048576' "$TEST_TMP/mh.err")" "1" "… saying what it must be"

# The header and body timeouts (src/http/request_timeouts.c), 2 s here against an idle timeout
# of 60 s: a client that trickles its headers a line every 0.4 s (never idle), one that sends
# nothing, a keep-alive one idle after its answer, and one that trickles its body a byte every
# 0.3 s are all closed after about 2 s, well before 60 s, while other clients are served
# meanwhile; a body that keeps coming at 770 bytes/s takes longer than 2 s and is answered 201
# (its allowance grows 1 s per 500 bytes); each connection closed has a line in the log.
start "$TEST_TMP/d.log" --header-timeout 2 --body-timeout 2 --timeout 60 --threads 2
OUT=$(python3 - "$PORT" "$TOKEN" <<'EOF'
import http.client, socket, sys, threading, time
port, token = int(sys.argv[1]), sys.argv[2]

def closed_after(sock, first=b"", then=b"", every=0.4):
    """Sends first, then `then` every `every` s until the server closes sock: the seconds that
    took (99: not within 15 s)."""
    t0 = time.monotonic()
    sock.settimeout(every)
    sock.sendall(first)
    while time.monotonic() - t0 < 15:
        try:
            if not sock.recv(4096):
                return time.monotonic() - t0
        except socket.timeout:
            try:
                sock.sendall(then)
            except OSError:
                return time.monotonic() - t0
        except OSError:
            return time.monotonic() - t0
    return 99

def slowloris():
    return closed_after(socket.create_connection(("127.0.0.1", port)),
                        b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-Slow: a\r\n")

def silent():
    return closed_after(socket.create_connection(("127.0.0.1", port)))

def idle_after_answer():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    s.settimeout(5)
    if not s.recv(4096).startswith(b"HTTP/1.1 200"):
        return -1
    return closed_after(s)

def served_meanwhile():
    ok = 0
    for _ in range(10):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/healthz")
        ok += c.getresponse().status == 200
        c.close()
        time.sleep(0.2)
    return ok

def trickled_body():
    head = ("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{" % token).encode()
    return closed_after(socket.create_connection(("127.0.0.1", port)), head, b" ", 0.3)

def slow_body():
    body = ('{"name":"慢速上传","notes":"' + "x" * 3000 + '"}').encode()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (token, len(body))).encode())
    for i in range(0, len(body), 300):   # about 3.9 s for the body
        s.sendall(body[i:i + 300])
        time.sleep(0.35)
    s.settimeout(10)
    return s.recv(100).split(b" ")[1].decode()

results = {}
def run(name, fn):
    results[name] = fn()
tests = (("slowloris", slowloris), ("silent", silent), ("idle", idle_after_answer),
         ("served", served_meanwhile), ("trickled", trickled_body), ("body", slow_body))
threads = [threading.Thread(target=run, args=t) for t in tests]
for t in threads: t.start()
for t in threads: t.join()
def window(v):
    return "closed" if 1.5 <= v <= 10 else "at %.1f s" % v
print(window(results["slowloris"]), window(results["silent"]), window(results["idle"]),
      window(results["trickled"]), results["served"], results["body"])
EOF
)
expect_eq "$OUT" "closed closed closed closed 10 201" \
	"trickled headers, no headers, idle keep-alive, trickled body: closed in 1.5-10 s; others served; a slow body 201"
expect_eq "$(grep -c '"event":"header_timeout","remote":"127.0.0.1"' "$TEST_TMP/d.log")" "3" \
	"each connection closed for its headers has a line in the log"
expect_eq "$(grep -c '"event":"body_timeout","remote":"127.0.0.1","waited_ms":[0-9]*,"body_bytes":[0-9]' "$TEST_TMP/d.log")" "1" \
	"… and the one closed for its body, with the bytes it sent"
stop
"$GUANXI" serve --header-timeout 0 >/dev/null 2>"$TEST_TMP/e.err"
expect_eq "$?" "2" "--header-timeout 0 is refused (exit 2)"
expect_eq "$(grep -c -- '--header-timeout must be a number from 1 to 3600' "$TEST_TMP/e.err")" "1" "… saying what it must be"
finish
