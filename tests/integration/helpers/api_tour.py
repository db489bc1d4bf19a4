#!/usr/bin/env python3
"""The happy path of the API operations no other suite walks (tests/integration/test_api_tour.sh;
stdlib only): on the demo company, each step calls one operation the way a client would and
checks its status and the part of its answer that proves it did its work. Every answer is also
captured by the server and checked against docs/openapi.yaml by lib.sh's finish.

  api_tour.py BASE ADMIN_TOKEN MANAGER_TOKEN SALES_TOKEN ADMIN2_TOKEN

MANAGER is wang.fang (manager of 华东销售部), SALES is li.qiang, her report; ADMIN2 a second
admin (neither admin has a manager, so their requests are decided directly). Prints "PASS what"
or "FAIL what: detail" per check and a SUMMARY line.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE, ADMIN, MANAGER, SALES, ADMIN2 = sys.argv[1:6]
results = {"pass": 0, "fail": 0}


class Failed(Exception):
    pass


def call(method, path, body=None, token=ADMIN, want=(200, 201, 202, 204), headers=None):
    h = {"Authorization": "Bearer " + token, "Accept-Language": "en"}
    data = None
    if body is not None:
        h["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    h.update(headers or {})
    req = urllib.request.Request(BASE + "/api/v1" + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, raw, hdrs = r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        status, raw, hdrs = e.code, e.read(), e.headers
    if status not in want:
        raise Failed("%s %s -> %d %s" % (method, path, status, raw[:300].decode("utf-8", "replace")))
    ctype = hdrs.get("Content-Type", "")
    if raw and ctype.startswith("application/json"):
        return json.loads(raw)
    return raw.decode("utf-8", "replace") if raw else None


def check(ok, what, detail=""):
    if ok:
        results["pass"] += 1
    else:
        results["fail"] += 1
        print("FAIL %s: %s" % (what, detail))


def step(what):
    """Runs the decorated function now; a Failed or KeyError fails the step, the tour goes on."""
    def run(fn):
        try:
            fn()
        except (Failed, KeyError, IndexError, TypeError) as e:
            check(False, what, repr(e)[:400])
        return fn
    return run


def first(path, token=ADMIN, **query):
    q = dict(limit=1, **query)
    items = call("GET", path + "?" + urllib.parse.urlencode(q), token=token)["items"]
    if not items:
        raise Failed("no item in %s %s" % (path, q))
    return items[0]


def etag(record):
    return {"If-Match": '"%d"' % record["version"]}


me_sales = call("GET", "/session", token=SALES)["user"]
me_manager = call("GET", "/session", token=MANAGER)["user"]


@step("reads by id: interaction, product, payment, credit assessment, pipeline")
def _():
    for coll, key in [("/interactions", "channel"), ("/products", "sku"), ("/payments", "amount_fen"),
                      ("/credit/assessments", "grade"), ("/pipelines", "name")]:
        item = first(coll)
        got = call("GET", "%s/%d" % (coll, item["id"]))
        check(got["id"] == item["id"] and key in got, "GET %s/{id}" % coll, got)


@step("exports of customers, contacts and orders")
def _():
    for coll in ["customers", "contacts", "orders"]:
        text = call("GET", "/%s/export?limit=5" % coll)
        check(isinstance(text, str) and text.count("\n") >= 2, "GET /%s/export gives CSV rows" % coll, str(text)[:120])


@step("a sales rep releases a customer to the pool")
def _():
    c = first("/customers", token=SALES, filter="owner_id eq %d" % me_sales["id"])
    got = call("POST", "/customers/%d/release" % c["id"], {"reason": "交接给公海"}, token=SALES)
    check(got["owner_id"] is None, "released: no owner", got.get("owner_id"))


@step("a lead: read, status, assignment, release")
def _():
    lead = first("/leads", filter="status eq 'new'", pool="true")
    got = call("GET", "/leads/%d" % lead["id"])
    check(got["code"] == lead["code"], "GET /leads/{id}")
    got = call("POST", "/leads/%d/status" % lead["id"], {"status": "contacted"})
    check(got["status"] == "contacted", "lead moved to contacted", got["status"])
    got = call("POST", "/leads/%d/assign" % lead["id"], {"owner": "li.qiang"})
    check(got["owner_id"] == me_sales["id"], "lead assigned to li.qiang", got["owner_id"])
    got = call("POST", "/leads/%d/release" % lead["id"], {"reason": "不跟进"}, token=SALES)
    check(got["owner_id"] is None, "lead released to the pool", got["owner_id"])


state = {}


@step("an opportunity: open, edit, win; its contract, instalments and payment")
def _():
    cust = first("/customers", filter="owner_id eq %d" % me_sales["id"])
    opp = call("POST", "/opportunities", {"customer_id": cust["id"], "name": "年度框架采购",
                                           "amount_fen": 5000000, "expected_close_date": "2027-03-31",
                                           "owner_id": me_sales["id"]})
    check(opp["amount_fen"] == 5000000, "opportunity opened", opp)
    opp = call("PATCH", "/opportunities/%d" % opp["id"], {"amount_fen": 6000000}, headers=etag(opp))
    check(opp["amount_fen"] == 6000000, "PATCH changes the amount", opp["amount_fen"])
    stages = call("GET", "/pipelines/%d" % opp["pipeline_id"])["stages"]
    won = [s for s in stages if s.get("kind") == "won" or s.get("is_won")][0]
    call("POST", "/opportunities/%d/move" % opp["id"], {"stage": won["name"], "reason": "价格与服务胜出"})
    contract = call("POST", "/contracts", {"opportunity_id": opp["id"], "title": "年度框架合同",
                                           "terms": "分两期付款"})
    check(contract["amount_fen"] == 6000000 and contract["status"] == "draft", "contract drafted from the won opportunity", contract)
    got = call("GET", "/contracts/%d" % contract["id"])
    check(got["code"] == contract["code"], "GET /contracts/{id}")
    plan = call("POST", "/contracts/%d/payment-plans" % contract["id"], {"due_date": "2027-01-15", "amount_fen": 3000000})
    check(plan["amount_fen"] == 3000000, "an instalment added", plan)
    plans = call("GET", "/contracts/%d/payment-plans" % contract["id"])
    check(len(plans["items"]) == 1, "the contract lists its instalment", plans)
    got = call("POST", "/contracts/%d/status" % contract["id"], {"status": "signed", "signed_date": "2026-11-20"})
    check(got["status"] == "signed", "contract signed", got["status"])
    got = call("POST", "/payment-plans/%d/paid" % plan["id"], {"paid_date": "2026-11-25"})
    check(got.get("paid_date") == "2026-11-25" or got.get("status") == "paid", "instalment paid", got)
    state["customer"] = cust


@step("quotes: sent and accepted, declined, cancelled, over the discount limit rejected")
def _():
    cust = state["customer"]
    prod = first("/products")

    def quote(discount_pct=0):
        return call("POST", "/quotes", {"customer_id": cust["id"], "discount_pct": discount_pct,
                                         "valid_until": "2027-01-31",
                                         "lines": [{"product_id": prod["id"], "quantity": 2, "unit_price_fen": 100000}]})
    q = quote()
    got = call("GET", "/quotes/%d" % q["id"])
    check(got["id"] == q["id"], "GET /quotes/{id}")
    check(call("POST", "/quotes/%d/send" % q["id"])["status"] == "sent", "quote sent")
    check(call("POST", "/quotes/%d/accept" % q["id"])["status"] == "accepted", "quote accepted")
    q = quote()
    call("POST", "/quotes/%d/send" % q["id"])
    check(call("POST", "/quotes/%d/decline" % q["id"])["status"] == "declined", "quote declined")
    q = quote()
    check(call("POST", "/quotes/%d/cancel" % q["id"])["status"] == "cancelled", "quote cancelled")
    q = quote(discount_pct=50)
    check(q["status"] == "pending_approval", "a 50 % discount waits for approval", q["status"])
    got = call("POST", "/quotes/%d/reject" % q["id"], {"reason": "折扣过高"})
    check(got["status"] in ("rejected", "draft"), "the discount is rejected", got["status"])


@step("approvals: a rep's transfer request approved by the manager, another withdrawn")
def _():
    cust = first("/customers", token=SALES, filter="owner_id eq %d" % me_sales["id"])
    a = call("POST", "/customers/%d/transfer-request" % cust["id"], {"to_user": "zhang.wei", "reason": "区域调整"}, token=SALES)
    got = call("GET", "/approvals/%d" % a["id"], token=MANAGER)
    check(got["status"] == "pending", "the manager sees the pending request", got)
    got = call("POST", "/approvals/%d/approve" % a["id"], {"reason": "同意"}, token=MANAGER)
    check(got["status"] == "approved", "approved", got["status"])
    check(call("GET", "/customers/%d" % cust["id"])["owner_id"] != me_sales["id"], "the customer moved away from li.qiang")
    cust2 = first("/customers", token=SALES, filter="owner_id eq %d" % me_sales["id"])
    a = call("POST", "/customers/%d/transfer-request" % cust2["id"], {"to_user": "zhang.wei", "reason": "再议"}, token=SALES)
    got = call("POST", "/approvals/%d/cancel" % a["id"], {"reason": "撤回"}, token=SALES)
    check(got["status"] in ("cancelled", "withdrawn"), "withdrawn by the requester", got["status"])


@step("a credit override asked for by an admin (no manager: decided directly) and approved by another")
def _():
    a = first("/credit/assessments")
    o = call("POST", "/credit/overrides", {"customer_id": a["customer_id"], "amount_fen": a["limit_fen"] + 100000,
                                            "reason": "大客户临时追加"}, token=ADMIN2)
    got = call("GET", "/credit/overrides/%d" % o["id"])
    check(got["id"] == o["id"], "GET /credit/overrides/{id}")
    got = call("POST", "/credit/overrides/%d/approve" % o["id"], {"reason": "同意"})
    check(got["status"] == "approved", "override approved", got["status"])


@step("a task: create, read, edit, cancel, reopen")
def _():
    t = call("POST", "/tasks", {"title": "回访张总", "due_date": "2026-12-01"}, token=SALES)
    got = call("GET", "/tasks/%d" % t["id"], token=SALES)
    check(got["title"] == "回访张总", "GET /tasks/{id}")
    got = call("PATCH", "/tasks/%d" % t["id"], {"title": "回访张总（电话）"}, token=SALES, headers=etag(got))
    check(got["title"] == "回访张总（电话）", "PATCH /tasks/{id}")
    check(call("POST", "/tasks/%d/cancel" % t["id"], token=SALES)["status"] == "cancelled", "task cancelled")
    check(call("POST", "/tasks/%d/reopen" % t["id"], token=SALES)["status"] == "open", "task reopened")


@step("a knowledge snippet: read, edit, delete")
def _():
    k = call("POST", "/kb-snippets", {"title": "退货流程", "body": "七天内无理由退货。", "category": "after_sales"})
    got = call("GET", "/kb-snippets/%d" % k["id"])
    got = call("PATCH", "/kb-snippets/%d" % k["id"], {"body": "七天内无理由退货，运费由我方承担。"}, headers=etag(got))
    check("运费" in got["body"], "PATCH /kb-snippets/{id}")
    call("DELETE", "/kb-snippets/%d" % k["id"])
    check(call("GET", "/kb-snippets/%d" % k["id"], want=(404,)) is not None, "deleted snippet is gone")


@step("a ticket escalated to the manager, closed and reopened")
def _():
    cust = state["customer"]
    t = call("POST", "/tickets", {"customer_id": cust["id"], "channel": "phone", "subject": "安装延误", "severity": "high"})
    call("POST", "/tickets/%d/assign" % t["id"], {"assignee_id": me_sales["id"]})
    got = call("POST", "/tickets/%d/escalate" % t["id"], {"note": "客户第三次来电"})
    check(got["id"] == t["id"], "escalated", got)
    call("POST", "/tickets/%d/start" % t["id"])
    call("POST", "/tickets/%d/reply" % t["id"], {"reply": "已安排师傅上门"})
    call("POST", "/tickets/%d/close" % t["id"], {"summary": "已安装"})
    got = call("POST", "/tickets/%d/reopen" % t["id"], {"reason": "设备仍有异响"})
    check(got["status"] != "closed", "reopened", got["status"])


@step("notifications: the rep's ticket-assignment notice read and unread")
def _():
    n = first("/notifications", token=SALES)
    got = call("POST", "/notifications/%d/read" % n["id"], token=SALES)
    check(got.get("read_at"), "marked read", got)
    got = call("POST", "/notifications/%d/unread" % n["id"], token=SALES)
    check(not got.get("read_at"), "marked unread", got)


@step("a segment saved, read, edited, deleted")
def _():
    s = call("POST", "/segments", {"code": "TOUR", "name": "巡检分群", "filter": "key_account eq true"})
    got = call("GET", "/segments/%d" % s["id"])
    check(got["code"] == "TOUR", "GET /segments/{id}")
    got = call("PATCH", "/segments/%d" % s["id"], {"name": "巡检分群（改）"}, headers=etag(got))
    check(got["name"] == "巡检分群（改）", "PATCH /segments/{id}")
    state["segment"] = call("POST", "/segments", {"code": "TOUR2", "name": "上海客户巡检", "filter": "city eq '上海市'"})
    call("DELETE", "/segments/%d" % s["id"])
    call("GET", "/segments/%d" % s["id"], want=(404,))
    check(True, "the deleted segment answers 404")


@step("a campaign: create, edit, launch, members, a response, close")
def _():
    c = call("POST", "/campaigns", {"code": "TOURC", "name": "冬季回馈", "type": "promotion",
                                     "rm_level": "financial", "segment_id": state["segment"]["id"],
                                     "budget_fen": 100000, "starts_on": "2024-01-01"})
    c = call("PATCH", "/campaigns/%d" % c["id"], {"budget_fen": 120000}, headers=etag(c))
    check(c["budget_fen"] == 120000, "PATCH /campaigns/{id}")
    got = call("POST", "/campaigns/%d/launch" % c["id"])
    check(got["status"] == "launched" and got["member_count"] > 0, "launched with members", got)
    members = call("GET", "/campaigns/%d/members?limit=5" % c["id"])["items"]
    check(len(members) > 0, "members listed", members)
    got = call("POST", "/campaigns/%d/responses" % c["id"], {"customer_id": members[0]["id"], "channel": "phone"})
    check(got is not None, "a response recorded")
    members = call("GET", "/campaigns/%d/members?limit=50" % c["id"])["items"]
    order = None
    for m in members:
        found = call("GET", "/orders?" + urllib.parse.urlencode(
            {"limit": 1, "filter": "customer_id eq %d and kind eq 'sale'" % m["id"]}))["items"]
        if found:
            order = found[0]
            break
    got = call("POST", "/campaigns/%d/conversions" % c["id"], {"order_id": order["id"]})
    check(got is not None, "a member's order linked as a conversion")
    got = call("POST", "/campaigns/%d/close" % c["id"])
    check(got["status"] == "closed", "closed", got["status"])


@step("a club: tiers, a member, points earned, adjusted, expired, the member leaves")
def _():
    club = call("POST", "/clubs", {"code": "TOURCLUB", "name": "巡检会员", "points_per_yuan": 1, "expiry_months": 12})
    got = call("GET", "/clubs/%d" % club["id"])
    check(got["code"] == "TOURCLUB", "GET /clubs/{id}")
    call("POST", "/clubs/%d/tiers" % club["id"], {"code": "gold", "name": "金卡", "threshold_points": 1000})
    cust = first("/customers", filter="key_account eq true")
    call("POST", "/clubs/%d/members" % club["id"], {"customer_id": cust["id"], "joined_on": "2020-01-01"})
    check(len(call("GET", "/clubs/%d/members" % club["id"])["items"]) == 1, "the member is listed")
    call("POST", "/clubs/%d/earn" % club["id"], {"all": True})
    pts = call("GET", "/clubs/%d/members/%d/points" % (club["id"], cust["id"]))
    check("balance" in pts, "points of the member", pts)
    got = call("POST", "/clubs/%d/members/%d/adjust" % (club["id"], cust["id"]), {"points": 50, "reason": "补录"})
    check(got["balance"] == pts["balance"] + 50, "adjusted by 50", got.get("balance"))
    call("POST", "/clubs/%d/expire" % club["id"], {})
    call("POST", "/clubs/%d/members/%d/leave" % (club["id"], cust["id"]))
    check(True, "the member left")


@step("a survey: a section, a wave, a paper response, close, compare two waves")
def _():
    s = first("/surveys")
    full = call("GET", "/surveys/%d" % s["id"])
    waves = call("GET", "/surveys/%d/waves" % s["id"])["items"]
    got = call("GET", "/survey-waves/%d" % waves[0]["id"])
    check(got["id"] == waves[0]["id"], "GET /survey-waves/{id}")
    if len(waves) >= 2:
        cmp_ = call("GET", "/survey-waves/%d/compare/%d" % (waves[0]["id"], waves[1]["id"]))
        check(cmp_ is not None, "two waves compared")
    new = call("POST", "/surveys", {"code": "TOURSV", "title": "巡检问卷", "template": "kano"})
    call("POST", "/surveys/%d/sections" % new["id"], {"title": "基本情况", "demographic": True})
    wave = call("POST", "/surveys/%d/waves" % full["id"], {})
    questions = [q for sec in full.get("sections", []) for q in sec.get("questions", [])]
    check(len(questions) > 0, "the survey has questions", full.keys())

    def answer(q):
        lo, hi = q.get("scale_min", 1), q.get("scale_max", 5)
        mid = (lo + hi + 1) // 2
        if q["type"] in ("imp_sat", "kano", "servqual"):
            return [mid, mid]
        if q["type"] == "single":
            return q["options"][0]["key"]
        if q["type"] == "multi":
            return [q["options"][0]["key"]]
        if q["type"] == "text":
            return "送货很快"
        if q["type"] == "nps":
            return 9
        return mid
    got = call("POST", "/survey-waves/%d/responses" % wave["id"],
               {"answers": {q["code"]: answer(q) for q in questions if q.get("required")}})
    check(got is not None, "a paper response entered by staff")
    state["survey"] = (full, wave)
    call("POST", "/survey-waves/%d/close" % wave["id"])
    check(True, "wave closed")


@step("a webhook added, disabled, enabled; a calendar day added and removed")
def _():
    w = call("POST", "/webhooks", {"url": "http://127.0.0.1:9/hook", "events": "customer.*"})
    check(str(w.get("secret", "")).startswith("whsec_"), "the secret is shown once", w)
    check(call("POST", "/webhooks/%d/disable" % w["id"])["active"] is False, "disabled")
    check(call("POST", "/webhooks/%d/enable" % w["id"])["active"] is True, "enabled")
    d = call("POST", "/calendar-days", {"day": "2027-10-08", "kind": "holiday", "name": "国庆节"})
    call("DELETE", "/calendar-days/%d" % d["id"])
    check(True, "calendar day removed")


print("SUMMARY %d passed, %d failed" % (results["pass"], results["fail"]))
