#!/usr/bin/env python3
"""Helpers of tests/integration/test_hooks_servers.sh and test_hooks_pgdown.sh (stdlib only).

  Each server writes its process id to PORTFILE.pid first: `python3` may be a wrapper script
  (pyenv's shim) whose own id the test's `$!` holds, and killing that leaves Python running.

  receive PORTFILE LOG SECRETFILE   a webhook receiver on 127.0.0.1 (free port written to
                                    PORTFILE): verifies each X-Guanxi-Signature with the secret
                                    in SECRETFILE, appends one JSON line per request to LOG and
                                    answers 204; stops by itself after 120 s.
  hang PORTFILE                     a receiver that accepts connections and never answers
                                    (stops by itself after 60 s).
  load TOKEN SECONDS WRITERS OUT BASE...
                                    WRITERS threads POST customers for SECONDS, spread over the
                                    BASE URLs (a refused connection moves to the next); writes
                                    the code of every 2xx-acknowledged customer to OUT and prints
                                    a summary of status counts as JSON.
"""
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def write_pid(portfile):
    with open(portfile + ".pid", "w") as f:
        f.write(str(os.getpid()))


def receive(portfile, log, secretfile):
    write_pid(portfile)
    lock = threading.Lock()

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            sig = self.headers.get("X-Guanxi-Signature", "")
            ok = False
            try:
                secret = open(secretfile).read().strip()
                parts = dict(p.split("=", 1) for p in sig.split(","))
                want = hmac.new(secret.encode(), parts["t"].encode() + b"." + body,
                                hashlib.sha256).hexdigest()
                ok = hmac.compare_digest(want, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300
            except Exception:
                ok = False
            try:
                payload = json.loads(body)
            except Exception:
                payload = {}
            line = json.dumps({"event_id": self.headers.get("X-Guanxi-Event-Id"),
                               "id_in_body": payload.get("id"), "type": payload.get("type"),
                               "entity_id": payload.get("entity_id"), "sig_ok": ok,
                               "at": time.time()})
            with lock, open(log, "a") as f:
                f.write(line + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    threading.Timer(120, srv.shutdown).start()
    srv.serve_forever()


def hang(portfile):
    import socket
    write_pid(portfile)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    s.settimeout(1)
    held, end = [], time.time() + 60
    while time.time() < end:
        try:
            held.append(s.accept()[0])
        except socket.timeout:
            pass


def load(token, seconds, writers, out, bases):
    deadline = time.time() + float(seconds)
    acked, statuses, lock = [], {}, threading.Lock()

    def writer(w):
        i, b = 0, w % len(bases)
        while time.time() < deadline:
            i += 1
            code = "L%02d-%05d" % (w, i)
            data = json.dumps({"name": "负载客户%s" % code, "code": code}).encode()
            req = urllib.request.Request(bases[b] + "/api/v1/customers", data=data, method="POST",
                                         headers={"Authorization": "Bearer " + token,
                                                  "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    st = r.status
            except urllib.error.HTTPError as e:
                st = e.code
            except Exception:
                st = "refused"
            with lock:
                statuses[str(st)] = statuses.get(str(st), 0) + 1
                if isinstance(st, int) and 200 <= st < 300:
                    acked.append(code)
            if not isinstance(st, int) or st >= 500:
                b = (b + 1) % len(bases)   # as a load balancer would: try the other server
                time.sleep(0.05)

    ts = [threading.Thread(target=writer, args=(w,)) for w in range(int(writers))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    with open(out, "w") as f:
        f.write("".join(c + "\n" for c in sorted(acked)))
    print(json.dumps(statuses, sort_keys=True))


if __name__ == "__main__":
    if sys.argv[1] == "receive":
        receive(*sys.argv[2:5])
    elif sys.argv[1] == "hang":
        hang(sys.argv[2])
    elif sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
