#!/usr/bin/env python3
"""Concurrent creates for test_group_commit.sh: N threads wait at a barrier, then each POSTs one
customer (keep-alive off, one request each). Every 8th request reuses the code TAKEN, which
exists already, so it must answer 409 on its own while the others of its group are stored.
Writes one line per request to OUT: "<status> <code sent or -> <code answered or ->".

Usage: gc_burst.py BASE TOKEN N TAKEN OUT
"""
import json
import sys
import threading
import urllib.error
import urllib.request

base, token, n, taken, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
barrier = threading.Barrier(n)
lines = [None] * n


def one(i):
    body = {"kind": "person", "name": f"并发客户{i}", "mobile": f"1390000{i:04d}"}
    sent = "-"
    if i % 8 == 7:
        body["code"] = sent = taken
    req = urllib.request.Request(base + "/api/v1/customers", data=json.dumps(body).encode(),
                                 method="POST", headers={"Authorization": "Bearer " + token,
                                                         "Content-Type": "application/json"})
    barrier.wait()
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, answer = r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        status, answer = e.code, json.loads(e.read() or b"{}")
    code = answer.get("code") or (answer.get("error") or {}).get("code") or "-"
    lines[i] = f"{status} {sent} {code}"


threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
