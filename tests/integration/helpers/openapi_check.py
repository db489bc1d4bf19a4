#!/usr/bin/env python3
"""Validates captured API responses against docs/openapi.yaml (issue "Server": every response
of the integration tests checked against the OpenAPI schemas).

The server writes one JSON line per response when GUANXI_CAPTURE_RESPONSES names a file
(src/http/capture.c): {method, route, status, type, body | text}. For each line this finds the
operation of the route and method, the response of the status and its media type, and
validates the body with the schema (OpenAPI 3.0 -> JSON Schema: `nullable` becomes a null
alternative, $refs are replaced by what they name; one that names nothing is a failure). Rules:
  - a route or method missing from the file, a 2xx/3xx status the operation does not list, a
    body where none is documented (or none where a JSON one is), another media type, or a body
    that does not match its schema: failure;
  - an error status (>= 400) the operation does not list must still be the error shape of
    components/schemas/Error (every error of the API is; DECISIONS.md) and is counted, not failed.
Usage: openapi_check.py OPENAPI_YAML CAPTURE_FILE...   Prints a summary; exit 1 on failure.
       openapi_check.py --coverage OPENAPI_YAML CAPTURE_FILE...
         lists the operations of the file that no capture shows answering 2xx (the happy path
         of every endpoint, issue "Server"); exit 1 when there is one.
"""
import json
import os
import sys

import yaml
from jsonschema import Draft7Validator


def to_json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema (draft 7) over the whole document."""
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items()
           if k not in ("nullable", "example", "discriminator", "xml", "externalDocs",
                        "deprecated", "readOnly", "writeOnly")}
    if node.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def coverage(spec, captures):
    with open(spec, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item
           if m in ("get", "post", "put", "patch", "delete")}
    ok = set()
    for path in captures:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if 200 <= int(r["status"]) < 300:
                    ok.add((r["method"], r["route"]))
    missing = sorted(ops - ok, key=lambda o: (o[1], o[0]))
    print("openapi coverage: %d of %d operations answered 2xx in the tests" % (len(ops) - len(missing), len(ops)))
    for m, p in missing:
        print("  never 2xx: %s %s" % (m, p))
    return 1 if missing else 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--coverage":
        return coverage(argv[2], argv[3:])
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1])
        return 2
    with open(argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    converted = to_json_schema(doc)
    broken = set()

    def lookup(ref):
        obj = converted
        for part in ref[2:].split("/") if ref.startswith("#/") else [None]:
            if not isinstance(obj, dict) or part not in obj:
                broken.add(ref)
                return {}
            obj = obj[part]
        return obj

    def inline(node, depth=0):
        """node with every $ref replaced by its target (the file has no recursive schemas;
        depth stops one that would appear)."""
        if isinstance(node, list):
            return [inline(v, depth) for v in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and depth < 32:
            return inline(lookup(node["$ref"]), depth + 1)
        return {k: inline(v, depth) for k, v in node.items()}

    def deref(obj):
        return inline(obj)

    error_schema = inline(converted["components"]["schemas"]["Error"])

    def schema_errors(schema, body):
        v = Draft7Validator(inline(schema))
        errs = sorted(v.iter_errors(body), key=lambda e: list(e.absolute_path))
        return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(body)", e.message[:200])
                for e in errs[:3]]

    failures = []
    checked = 0
    # A server killed with SIGKILL (test_crash) may leave half a line, which the next server's
    # first line then continues; such a suite sets GUANXI_CAPTURE_TORN_OK=1 and they are counted.
    torn_ok = os.environ.get("GUANXI_CAPTURE_TORN_OK") == "1"
    torn = 0
    undocumented_errors = {}
    seen = set()
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        for n, line in enumerate(lines, 1):
            try:
                r = json.loads(line)
            except ValueError:
                if torn_ok:
                    torn += 1
                else:
                    failures.append("%s:%d: not a JSON line (a torn write?)" % (path, n))
                continue
            method, route, status = r["method"].lower(), r["route"], int(r["status"])
            if method == "head":
                continue
            checked += 1
            where = "%s %s -> %d" % (r["method"], route, status)
            seen.add((method, route))
            op = (converted["paths"].get(route) or {}).get(method)
            if op is None:
                failures.append("%s: not in the OpenAPI file" % where)
                continue
            responses = op.get("responses", {})
            resp = responses.get(str(status)) or responses.get("%dXX" % (status // 100))
            resp = deref(resp) if resp is not None else None
            has_body = "body" in r or "text" in r or r.get("streamed")
            mtype = (r.get("type") or "").split(";")[0].strip()
            if resp is None:
                if status >= 400 and "body" in r and not schema_errors(error_schema, r["body"]):
                    undocumented_errors[where] = undocumented_errors.get(where, 0) + 1
                elif status >= 400:
                    failures.append("%s: an error status not listed, and not the error shape" % where)
                else:
                    failures.append("%s: status not listed for the operation" % where)
                continue
            content = resp.get("content")
            if not content:
                if has_body and status != 304:
                    failures.append("%s: a body where the file documents none" % where)
                continue
            if not has_body:
                failures.append("%s: no body where the file documents %s" % (where, ", ".join(content)))
                continue
            media = content.get(mtype)
            if media is None:
                failures.append("%s: media type %r not documented (%s)" % (where, mtype, ", ".join(content)))
                continue
            schema = media.get("schema")
            if schema is None or "body" not in r:
                continue   # a documented non-JSON body (CSV, xlsx, YAML, HTML) or no schema
            for e in schema_errors(schema, r["body"]):
                failures.append("%s: %s" % (where, e))
    for ref in sorted(broken):
        failures.append("the file refers to %s, which it does not define" % ref)
    print("openapi: %d responses of %d operations checked against %s; %d failures; "
          "%d error answers with an unlisted status (all of the error shape)%s"
          % (checked, len(seen), argv[1], len(failures), sum(undocumented_errors.values()),
             "; %d lines torn by a killed server" % torn if torn else ""))
    for f in failures[:40]:
        print("  " + f)
    if len(failures) > 40:
        print("  … and %d more" % (len(failures) - 40))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
