#!/usr/bin/env python3
"""The role × route half of tests/integration/test_access.sh (stdlib only): every route that
names an entity is called by a user of each role, with an id nothing has, and must answer as
the permission table says: 403 with code "forbidden" when the role lacks the action, anything
but 401/403/5xx when it has it (an allowed call ends in 404 or a validation error). One
process instead of a curl and a jq per call: the shell loop forked 7,000 times.

  access_matrix.py BASE PERMISSIONS_JSON ROUTES_CSV role=TOKEN …

ROUTES_CSV has lines method,path,entity,action (no header). Prints one line per mismatch and
ends with "SUMMARY allowed=N denied=N bad=N".
"""
import json
import sys
import urllib.error
import urllib.request

base, perm_file, routes_file = sys.argv[1:4]
tokens = dict(a.split("=", 1) for a in sys.argv[4:])
with open(perm_file, encoding="utf-8") as f:
    permissions = json.load(f)["permissions"]
with open(routes_file, encoding="utf-8") as f:
    routes = [line.strip().split(",") for line in f if line.strip()]

allowed = denied = bad = 0
for role, token in tokens.items():
    for method, path, entity, action in routes:
        want_allow = action in permissions.get(role, {}).get(entity, [])
        req = urllib.request.Request(base + path.replace("{id}", "999999"), method=method,
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"},
                                     data=None if method == "GET" else b"{}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        if not want_allow:
            if status == 403 and b'"code":"forbidden"' in body:
                denied += 1
            else:
                bad += 1
                print(f"expected 403: {role} {method} {path} ({entity} {action}) got {status}")
        elif status not in (401, 403) and status < 500:
            allowed += 1
        else:
            bad += 1
            print(f"expected allowed: {role} {method} {path} ({entity} {action}) got {status} {body[:200]!r}")
print(f"SUMMARY allowed={allowed} denied={denied} bad={bad}")
