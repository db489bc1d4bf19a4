/* Unit tests for the service module on SQLite and PostgreSQL (support/test_db.h): the ticket
 * state machine (every allowed move, every forbidden one refused with a clear error and the
 * database unchanged, checked by table checksums), SLA due times from the settings and the
 * holiday table, reopen, rating, escalation to the manager of DECISIONS.md "Managers", the
 * overdue list and complaint counts per customer. The clock is pinned with GUANXI_NOW. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_internal.h"
#include "guanxi/copy.h"
#include "guanxi/customer.h"
#include "guanxi/manager.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/sla.h"
#include "guanxi/ticket.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t boss, svc_head, agent, agent2, lonely, customer, other_customer;
	int64_t hq, svc;
};

/* Monday 2026-11-23 10:00 in Shanghai. */
#define MONDAY_10 "2026-11-23T02:00:00Z"

static int64_t make_org(struct fx *f, const struct entity_def *def, ...)
{
	struct record r;
	struct gx_error err;
	record_init(&r, def, &f->a);
	va_list ap;
	va_start(ap, def);
	const char *field;
	while ((field = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		if (app_field_set_text(&f->app, &r, field, v, &f->a, &err) != GX_OK)
			fail_msg("%s: %s", field, err.message);
	}
	va_end(ap);
	if (app_org_create(&f->app, &r, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static void set_head(struct fx *f, int64_t dept, int64_t user)
{
	struct record p;
	struct gx_error err;
	record_init(&p, &entity_department, &f->a);
	p.id = dept;
	record_set_int(&p, "head_user_id", user);
	assert_int_equal(app_org_update(&f->app, &p, 0, &f->a, &err), GX_OK);
}

static int64_t make_customer(struct fx *f, const char *name)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_customer, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "name", name, &f->a, &err), GX_OK);
	if (app_customer_create(&f->app, &r, 0, &f->a, NULL, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	setenv("GUANXI_NOW", MONDAY_10, 1);
	struct gx_error err;
	if (test_db_create(&f->db) != 0 || app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	f->hq = make_org(f, &entity_department, "code", "HQ", "name", "总部", NULL);
	f->svc = make_org(f, &entity_department, "code", "SVC", "name", "客户服务部", "parent_id", "HQ", NULL);
	f->boss = make_org(f, &entity_user, "username", "boss", "role", "manager", "department_id", "HQ", NULL);
	f->svc_head = make_org(f, &entity_user, "username", "svc.head", "role", "manager", "department_id", "SVC", NULL);
	f->agent = make_org(f, &entity_user, "username", "agent", "role", "service", "department_id", "SVC", NULL);
	f->agent2 = make_org(f, &entity_user, "username", "agent2", "role", "service", "department_id", "SVC", NULL);
	f->lonely = make_org(f, &entity_user, "username", "lonely", "role", "service", NULL);
	set_head(f, f->hq, f->boss);
	set_head(f, f->svc, f->svc_head);
	f->customer = make_customer(f, "张伟");
	f->other_customer = make_customer(f, "李娜");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	test_db_drop(&f->db);
	gx_arena_free(&f->a);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

/* Receives a ticket with field=value pairs (customer given by id). */
static enum gx_err receive(struct fx *f, int64_t customer, int64_t assignee, struct record *r, struct gx_error *err,
                           ...)
{
	record_init(r, &entity_ticket, &f->a);
	record_set_int(r, "customer_id", customer);
	va_list ap;
	va_start(ap, err);
	const char *field;
	enum gx_err e = GX_OK;
	while (e == GX_OK && (field = va_arg(ap, const char *)))
		e = app_field_set_text(&f->app, r, field, va_arg(ap, const char *), &f->a, err);
	va_end(ap);
	return e == GX_OK ? app_ticket_create(&f->app, r, assignee, &f->a, err) : e;
}

static int64_t new_ticket(struct fx *f, const char *severity)
{
	struct record r;
	struct gx_error err;
	if (receive(f, f->customer, 0, &r, &err, "channel", "phone", "subject", "送货延迟", "severity", severity, NULL) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static struct record get(struct fx *f, int64_t id)
{
	struct record r;
	struct gx_error err;
	assert_int_equal(store_record_get(f->app.store, &entity_ticket, id, &f->a, &r, &err), GX_OK);
	return r;
}

static enum gx_err move(struct fx *f, int64_t id, enum ticket_action action, int64_t assignee, const char *note,
                        struct gx_error *err)
{
	struct ticket_move m = {.action = action, .assignee_id = assignee, .note = note};
	return app_ticket_move(&f->app, id, &m, &f->a, NULL, err);
}

/* Drives a new ticket to `status` through the allowed path. */
static int64_t ticket_in(struct fx *f, const char *status)
{
	int64_t id = new_ticket(f, "medium");
	struct gx_error err;
	static const struct {
		const char *reach;
		enum ticket_action action;
		const char *note;
	} path[] = {{"assigned", TICKET_ASSIGN, NULL}, {"processing", TICKET_START, NULL},
	            {"replied", TICKET_REPLY, "已补发"}, {"closed", TICKET_CLOSE, "物流延误，已与快递公司沟通"}};
	for (size_t i = 0; i < 4; i++) {
		struct record t = get(f, id);
		if (strcmp(record_text(&t, "status"), status) == 0)
			break;
		if (move(f, id, path[i].action, f->agent, path[i].note, &err) != GX_OK)
			fail_msg("%s", err.message);
	}
	struct record t = get(f, id);
	assert_string_equal(record_text(&t, "status"), status);
	return id;
}

struct snapshot {
	struct copy_report rep;
};

static void snap(struct fx *f, struct snapshot *s)
{
	struct gx_error err;
	memset(s, 0, sizeof *s);
	assert_int_equal(copy_checksum(f->app.store, &s->rep, &err), GX_OK);
}

/* Every table holds the same rows as at the snapshot. */
static void assert_unchanged(struct fx *f, struct snapshot *before)
{
	struct snapshot now;
	snap(f, &now);
	assert_int_equal(now.rep.n, before->rep.n);
	for (size_t i = 0; i < now.rep.n; i++) {
		if (strcmp(now.rep.t[i].src_sum, before->rep.t[i].src_sum) != 0)
			fail_msg("table %s changed", now.rep.t[i].table);
	}
	copy_report_free(&now.rep);
	copy_report_free(&before->rep);
}

static void test_every_transition(void **state)
{
	struct fx *f = *state;
	static const char *const statuses[] = {"received", "assigned", "processing", "replied", "closed"};
	/* The whole table of DECISIONS/PRODUCT: which action is allowed from which status, and where to. */
	static const char *const expect[5][TICKET_NACTIONS] = {
		/*               assign      start         reply      close     reopen */
		/* received */ {"assigned", NULL, NULL, NULL, NULL},
		/* assigned */ {"assigned", "processing", NULL, NULL, NULL},
		/* processing */ {"assigned", NULL, "replied", NULL, NULL},
		/* replied */ {NULL, NULL, NULL, "closed", "processing"},
		/* closed */ {NULL, NULL, NULL, NULL, "processing"},
	};
	for (int s = 0; s < 5; s++)
		for (int a = 0; a < TICKET_NACTIONS; a++) {
			const char *want = expect[s][a];
			const char *got = ticket_next_status(statuses[s], (enum ticket_action)a);
			if (want ? !got || strcmp(want, got) : got != NULL)
				fail_msg("%s from %s: got %s", ticket_action_name((enum ticket_action)a), statuses[s], got ? got : "-");
			/* And through the database: a ticket in that status, moved. */
			int64_t id = ticket_in(f, statuses[s]);
			struct record before = get(f, id);
			struct gx_error err;
			/* Assigning to the current assignee of an assigned ticket is no move: use agent2. */
			int64_t who = a == TICKET_ASSIGN ? f->agent2 : 0;
			struct snapshot snp;
			if (!want)
				snap(f, &snp);
			enum gx_err e = move(f, id, (enum ticket_action)a, who, "说明", &err);
			if (want) {
				if (e != GX_OK)
					fail_msg("%s from %s refused: %s", ticket_action_name((enum ticket_action)a), statuses[s], err.message);
				struct record after = get(f, id);
				assert_string_equal(record_text(&after, "status"), want);
				assert_int_equal(after.version, before.version + 1);
			} else {
				assert_int_equal(e, GX_ECONFLICT);
				assert_string_equal(err.field, "status");
				/* "ticket TK00000003 is closed: reply is not allowed (allowed now: reopen)" */
				assert_non_null(strstr(err.message, record_text(&before, "code")));
				assert_non_null(strstr(err.message, statuses[s]));
				assert_non_null(strstr(err.message, ticket_action_name((enum ticket_action)a)));
				assert_non_null(strstr(err.message, "allowed now"));
				assert_unchanged(f, &snp);
			}
		}
}

static void test_history_recorded(void **state)
{
	struct fx *f = *state;
	int64_t id = ticket_in(f, "closed");
	f->app.actor.user_id = f->agent2;
	struct gx_error err;
	assert_int_equal(move(f, id, TICKET_REOPEN, 0, "客户仍未收到货", &err), GX_OK);
	f->app.actor.user_id = 0;
	struct record *ev;
	size_t n = 0;
	assert_int_equal(app_ticket_events(&f->app, id, &f->a, &ev, &n, &err), GX_OK);
	assert_int_equal(n, 6);
	static const char *const actions[] = {"receive", "assign", "start", "reply", "close", "reopen"};
	static const char *const to[] = {"received", "assigned", "processing", "replied", "closed", "processing"};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(record_text(&ev[i], "action"), actions[i]);
		assert_string_equal(record_text(&ev[i], "to_status"), to[i]);
		assert_string_equal(record_text(&ev[i], "at"), MONDAY_10);
		if (i)
			assert_string_equal(record_text(&ev[i], "from_status"), to[i - 1]);
	}
	assert_int_equal(record_int(&ev[1], "target_user_id"), f->agent);
	assert_int_equal(record_int(&ev[5], "user_id"), f->agent2);
	assert_string_equal(record_text(&ev[5], "note"), "客户仍未收到货");
	struct record t = get(f, id);
	assert_int_equal(record_int(&t, "reopen_count"), 1);
	assert_true(record_is_null(&t, "reply"));
	assert_true(record_is_null(&t, "summary"));
}

static void test_sla_due_times(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	/* Defaults: critical 4 h, high 8 h, medium 16 h, low 40 h of Mon–Fri 09:00–18:00. Received
	 * Monday 10:00 (02:00Z): critical 14:00; high 18:00 (the 8 h left on Monday); medium Monday
	 * 8 h + Tuesday 8 h = Tuesday 17:00; low Mon 8 + Tue–Thu 27 + Fri 5 = Friday 14:00. */
	struct {
		const char *severity, *due;
	} cases[] = {{"critical", "2026-11-23T06:00:00Z"}, {"high", "2026-11-23T10:00:00Z"},
	             {"medium", "2026-11-24T09:00:00Z"}, {"low", "2026-11-27T06:00:00Z"}};
	for (size_t i = 0; i < 4; i++) {
		struct record t = get(f, new_ticket(f, cases[i].severity));
		assert_string_equal(record_text(&t, "due_at"), cases[i].due);
		assert_string_equal(record_text(&t, "received_at"), MONDAY_10);
		assert_string_equal(record_text(&t, "status"), "received");
	}
	/* Settings change the hours; the holiday table moves the due time. */
	assert_int_equal(app_sla_set_hours(&f->app, "high", "2.5", &err), GX_OK);
	assert_int_equal(app_calendar_set(&f->app, "2026-11-24", "holiday", "test holiday", &err), GX_OK);
	assert_int_equal(app_calendar_set(&f->app, "2026-11-28", "班", NULL, &err), GX_OK);
	struct record t = get(f, new_ticket(f, "high"));
	assert_int_equal(record_int(&t, "sla_minutes"), 150);
	assert_string_equal(record_text(&t, "due_at"), "2026-11-23T04:30:00Z");   /* 12:30 */
	t = get(f, new_ticket(f, "medium"));   /* Monday 8 h, Tuesday off, Wednesday 8 h: 17:00 */
	assert_string_equal(record_text(&t, "due_at"), "2026-11-25T09:00:00Z");
	/* Friday 17:00 + 2.5 h: 1 h Friday, Saturday 11-28 is a make-up workday: 10:30. */
	setenv("GUANXI_NOW", "2026-11-27T09:00:00Z", 1);
	t = get(f, new_ticket(f, "high"));
	assert_string_equal(record_text(&t, "due_at"), "2026-11-28T02:30:00Z");
	/* A working week with a lunch break. */
	assert_int_equal(app_sla_set_week(&f->app, "mon-fri 09:00-12:00,13:00-18:00", &err), GX_OK);
	setenv("GUANXI_NOW", MONDAY_10, 1);
	t = get(f, new_ticket(f, "high"));   /* 10:00 + 2.5 h = 13:30 */
	assert_string_equal(record_text(&t, "due_at"), "2026-11-23T05:30:00Z");
	/* Raising the severity of an open ticket moves its due time from the same start. */
	struct record p;
	record_init(&p, &entity_ticket, &f->a);
	p.id = t.id;
	assert_int_equal(app_field_set_text(&f->app, &p, "severity", "critical", &f->a, &err), GX_OK);
	assert_int_equal(app_ticket_update(&f->app, &p, 0, &f->a, &err), GX_OK);
	t = get(f, t.id);   /* 4 h: 10–12, 13–15 */
	assert_string_equal(record_text(&t, "due_at"), "2026-11-23T07:00:00Z");
	/* Bad settings are refused and change nothing. */
	struct snapshot snp;
	snap(f, &snp);
	assert_int_equal(app_sla_set_hours(&f->app, "urgent", "4", &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "urgent"));
	assert_int_equal(app_sla_set_hours(&f->app, "high", "-1", &err), GX_EINVAL);
	assert_int_equal(app_sla_set_hours(&f->app, "high", "0.001", &err), GX_EINVAL);
	assert_int_equal(app_sla_set_hours(&f->app, "high", "abc", &err), GX_EINVAL);
	assert_int_equal(app_sla_set_week(&f->app, "mon-fri 18:00-09:00", &err), GX_EINVAL);
	assert_int_equal(app_calendar_set(&f->app, "2026-02-30", "holiday", NULL, &err), GX_EINVAL);
	assert_int_equal(app_calendar_set(&f->app, "2026-12-01", "party", NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "kind");
	assert_int_equal(app_calendar_remove(&f->app, "2030-01-01", &err), GX_ENOTFOUND);
	assert_unchanged(f, &snp);
}

static void test_reply_breach_and_reopen_clock(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t id = new_ticket(f, "critical");   /* due 14:00 */
	assert_int_equal(move(f, id, TICKET_ASSIGN, f->agent, NULL, &err), GX_OK);
	assert_int_equal(move(f, id, TICKET_START, 0, NULL, &err), GX_OK);
	setenv("GUANXI_NOW", "2026-11-23T07:00:00Z", 1);   /* 15:00: one hour late */
	assert_int_equal(move(f, id, TICKET_REPLY, 0, "已安排退款", &err), GX_OK);
	struct record t = get(f, id);
	assert_int_equal(record_int(&t, "sla_breached"), 1);
	assert_string_equal(record_text(&t, "replied_at"), "2026-11-23T07:00:00Z");
	assert_string_equal(record_text(&t, "reply"), "已安排退款");
	/* Reopened at 15:00: a new 4-hour clock, 15–18 and Tuesday 09–10. */
	assert_int_equal(move(f, id, TICKET_REOPEN, 0, "退款未到账", &err), GX_OK);
	t = get(f, id);
	assert_string_equal(record_text(&t, "status"), "processing");
	assert_string_equal(record_text(&t, "sla_started_at"), "2026-11-23T07:00:00Z");
	assert_string_equal(record_text(&t, "due_at"), "2026-11-24T02:00:00Z");
	assert_int_equal(record_int(&t, "sla_breached"), 0);
	assert_int_equal(record_int(&t, "owner_id"), f->agent);
}

static void test_bad_input_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record r;
	int64_t closed = ticket_in(f, "closed"), open = ticket_in(f, "processing");
	struct snapshot snp;
	snap(f, &snp);
	/* Unknown severity, channel, missing subject, unknown customer, order of another customer. */
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "phone", "subject", "x", "severity", "urgent", NULL),
	                 GX_EINVAL);
	assert_string_equal(err.field, "severity");
	assert_non_null(strstr(err.message, "urgent"));
	assert_non_null(strstr(err.message, "critical"));
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "pigeon", "subject", "x", NULL), GX_EINVAL);
	assert_string_equal(err.field, "channel");
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "phone", NULL), GX_EINVAL);
	assert_string_equal(err.field, "subject");
	assert_int_equal(receive(f, 999999, 0, &r, &err, "channel", "phone", "subject", "x", NULL), GX_EINVAL);
	assert_string_equal(err.field, "customer_id");
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "phone", "subject", "x", "status", "closed", NULL),
	                 GX_EINVAL);
	assert_string_equal(err.field, "status");
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "phone", "subject", "x", "received_at",
	                         "2030-01-01T00:00:00Z", NULL), GX_EINVAL);
	assert_int_equal(receive(f, f->customer, 999999, &r, &err, "channel", "phone", "subject", "x", NULL), GX_EINVAL);
	assert_string_equal(err.field, "assignee");
	/* From a closed ticket without reopening. */
	assert_int_equal(move(f, closed, TICKET_REPLY, 0, "再次答复", &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "allowed now: reopen"));
	assert_int_equal(move(f, closed, TICKET_ASSIGN, f->agent2, NULL, &err), GX_ECONFLICT);
	assert_int_equal(move(f, closed, TICKET_CLOSE, 0, "again", &err), GX_ECONFLICT);
	/* Missing texts and assignees. */
	assert_int_equal(move(f, open, TICKET_REPLY, 0, "", &err), GX_EINVAL);
	assert_string_equal(err.field, "reply");
	assert_int_equal(move(f, closed, TICKET_REOPEN, 0, NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(move(f, open, TICKET_ASSIGN, 0, NULL, &err), GX_EINVAL);
	assert_int_equal(move(f, open, TICKET_ASSIGN, 424242, NULL, &err), GX_EINVAL);
	assert_int_equal(move(f, 424242, TICKET_START, 0, NULL, &err), GX_ENOTFOUND);
	/* A stale version. */
	struct ticket_move stale = {.action = TICKET_REPLY, .note = "x", .expected_version = 1};
	assert_int_equal(app_ticket_move(&f->app, open, &stale, &f->a, NULL, &err), GX_ECONFLICT);
	/* Ratings: outside 1–5, before closing, then twice. */
	assert_int_equal(app_ticket_rate(&f->app, closed, 0, NULL, &f->a, NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "satisfaction");
	assert_int_equal(app_ticket_rate(&f->app, closed, 6, NULL, &f->a, NULL, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "1 (very dissatisfied) to 5"));
	assert_int_equal(app_ticket_rate(&f->app, open, 5, NULL, &f->a, NULL, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "only after it is closed"));
	/* Editing what cannot change. */
	struct record p;
	record_init(&p, &entity_ticket, &f->a);
	p.id = open;
	record_set_int(&p, "customer_id", f->other_customer);
	assert_int_equal(app_ticket_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "customer_id");
	/* Escalating a closed ticket, and one whose users have no manager. */
	assert_int_equal(app_ticket_escalate(&f->app, closed, NULL, &f->a, NULL, &err), GX_ECONFLICT);
	assert_unchanged(f, &snp);

	/* The rating itself, once. */
	assert_int_equal(app_ticket_rate(&f->app, closed, 4, "满意", &f->a, NULL, &err), GX_OK);
	struct record t = get(f, closed);
	assert_int_equal(record_int(&t, "satisfaction"), 4);
	snap(f, &snp);
	assert_int_equal(app_ticket_rate(&f->app, closed, 5, NULL, &f->a, NULL, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "already rated 4"));
	assert_unchanged(f, &snp);
}

static void test_managers_and_escalation(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t m = -1;
	/* Agent → head of SVC; the head of SVC → head of HQ above; the head of HQ → nobody. */
	assert_int_equal(app_user_manager(&f->app, f->agent, &m, &err), GX_OK);
	assert_int_equal(m, f->svc_head);
	assert_int_equal(app_user_manager(&f->app, f->svc_head, &m, &err), GX_OK);
	assert_int_equal(m, f->boss);
	assert_int_equal(app_user_manager(&f->app, f->boss, &m, &err), GX_OK);
	assert_int_equal(m, 0);
	assert_int_equal(app_user_manager(&f->app, f->lonely, &m, &err), GX_OK);
	assert_int_equal(m, 0);
	assert_int_equal(app_user_manager(&f->app, 999999, &m, &err), GX_ENOTFOUND);
	/* A department without a head: its people go to the head above. */
	int64_t sub = make_org(f, &entity_department, "code", "SVC-2", "name", "二线", "parent_id", "SVC", NULL);
	int64_t deep = make_org(f, &entity_user, "username", "deep", "role", "service", "department_id", "SVC-2", NULL);
	assert_int_equal(app_user_manager(&f->app, deep, &m, &err), GX_OK);
	assert_int_equal(m, f->svc_head);
	(void)sub;

	/* Overdue: a critical ticket due 14:00, looked at 15:00. */
	int64_t id = new_ticket(f, "critical");
	assert_int_equal(move(f, id, TICKET_ASSIGN, f->agent, NULL, &err), GX_OK);
	int64_t later = new_ticket(f, "low");
	struct ticket_overdue_page page;
	setenv("GUANXI_NOW", "2026-11-23T07:00:00Z", 1);
	assert_int_equal(app_ticket_overdue(&f->app, 0, 50, NULL, &f->a, &page, &err), GX_OK);
	assert_int_equal(page.total, 1);
	assert_int_equal(page.count, 1);
	assert_int_equal(page.rows[0].id, id);
	assert_null(page.next_cursor);
	assert_int_equal(app_ticket_overdue(&f->app, f->agent2, 50, NULL, &f->a, &page, &err), GX_OK);
	assert_int_equal(page.total, 0);
	/* A week later both are overdue; paging by one. */
	setenv("GUANXI_NOW", "2026-12-01T07:00:00Z", 1);
	assert_int_equal(app_ticket_overdue(&f->app, 0, 1, NULL, &f->a, &page, &err), GX_OK);
	assert_int_equal(page.total, 2);
	assert_int_equal(page.rows[0].id, id);
	assert_non_null(page.next_cursor);
	assert_int_equal(app_ticket_overdue(&f->app, 0, 1, page.next_cursor, &f->a, &page, &err), GX_OK);
	assert_int_equal(page.rows[0].id, later);
	assert_null(page.next_cursor);
	assert_int_equal(app_ticket_overdue(&f->app, 0, 1, "garbage", &f->a, &page, &err), GX_EINVAL);
	assert_int_equal(app_ticket_overdue(&f->app, 0, 0, NULL, &f->a, &page, &err), GX_EINVAL);

	/* Escalation goes to the assignee's manager, once. */
	struct record t;
	assert_int_equal(app_ticket_escalate(&f->app, id, "两小时未答复", &f->a, &t, &err), GX_OK);
	assert_int_equal(record_int(&t, "escalated_to"), f->svc_head);
	assert_string_equal(record_text(&t, "escalated_at"), "2026-12-01T07:00:00Z");
	struct snapshot snp;
	snap(f, &snp);
	assert_int_equal(app_ticket_escalate(&f->app, id, NULL, &f->a, NULL, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "already escalated to svc.head"));
	assert_unchanged(f, &snp);
	/* The unassigned one was received by nobody (the system): refused; the batch skips it. */
	struct ticket_escalation_result res;
	assert_int_equal(app_ticket_escalate_overdue(&f->app, &res, &err), GX_OK);
	assert_int_equal(res.escalated, 0);
	assert_int_equal(res.skipped, 2);
	/* Received by the agent: the batch escalates it to the agent's manager. */
	f->app.actor.user_id = f->agent;
	int64_t third = new_ticket(f, "critical");
	f->app.actor.user_id = 0;
	setenv("GUANXI_NOW", "2026-12-08T07:00:00Z", 1);
	assert_int_equal(app_ticket_escalate_overdue(&f->app, &res, &err), GX_OK);
	assert_int_equal(res.escalated, 1);
	t = get(f, third);
	assert_int_equal(record_int(&t, "escalated_to"), f->svc_head);
	assert_int_equal(record_int(&t, "job_id"), res.job_id);
	/* A manager of the manager: escalating the head's own ticket goes to HQ. */
	int64_t fourth = new_ticket(f, "critical");
	assert_int_equal(move(f, fourth, TICKET_ASSIGN, f->svc_head, NULL, &err), GX_OK);
	assert_int_equal(app_ticket_escalate(&f->app, fourth, NULL, &f->a, &t, &err), GX_OK);
	assert_int_equal(record_int(&t, "escalated_to"), f->boss);
	/* Nobody above the boss. */
	int64_t fifth = new_ticket(f, "critical");
	assert_int_equal(move(f, fifth, TICKET_ASSIGN, f->boss, NULL, &err), GX_OK);
	assert_int_equal(app_ticket_escalate(&f->app, fifth, NULL, &f->a, &t, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "boss has no manager"));
}

static void test_complaint_counts(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record r;
	const char *forms[] = {"formal", "informal", "formal", "informal", "informal"};
	for (int i = 0; i < 5; i++)
		assert_int_equal(receive(f, i < 3 ? f->customer : f->other_customer, 0, &r, &err, "channel", "phone",
		                         "subject", "x", "formality", forms[i], NULL), GX_OK);
	/* An inquiry is not a complaint; an old complaint falls outside the window. */
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "phone", "subject", "x", "kind", "inquiry", NULL), GX_OK);
	assert_int_equal(receive(f, f->customer, 0, &r, &err, "channel", "phone", "subject", "x", "received_at",
	                         "2025-06-01 10:00", NULL), GX_OK);
	int64_t ids[3] = {f->other_customer, f->customer, 999}, counts[3];
	assert_int_equal(app_ticket_complaints_of(&f->app, ids, 3, NULL, NULL, counts, &err), GX_OK);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 4);
	assert_int_equal(counts[2], 0);
	assert_int_equal(app_ticket_complaints_of(&f->app, ids, 3, "2026-01-01", "2027-01-01", counts, &err), GX_OK);
	assert_int_equal(counts[1], 3);
	assert_int_equal(app_ticket_complaints_of(&f->app, ids, 3, "2026-13-01", NULL, counts, &err), GX_EINVAL);
	assert_string_equal(err.field, "from");
}

/* The demo company's service data on a database of its own: 60 tickets, at least five overdue,
 * every one with a consistent history. */
static void test_demo_tickets(void **state)
{
	(void)state;
	struct test_db db;
	struct app app;
	struct gx_error err;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	assert_int_equal(test_db_create(&db), 0);
	assert_int_equal(app_open(&app, db.url, 1, &err), GX_OK);
	struct demo_org org;
	struct demo_result res;
	memset(&res, 0, sizeof res);
	assert_int_equal(store_begin(app.store, &err), GX_OK);
	assert_int_equal(demo_create_org(&app, &org, &res, &err), GX_OK);
	assert_int_equal(store_commit(app.store, &err), GX_OK);
	for (int i = 0; i < 30; i++) {
		struct record r;
		record_init(&r, &entity_customer, &a);
		assert_int_equal(app_field_set_text(&app, &r, "name", gx_arena_printf(&a, "客户%d", i), &a, &err), GX_OK);
		assert_int_equal(app_customer_create(&app, &r, 0, &a, NULL, &err), GX_OK);
	}
	struct demo_opts opts = {.seed = DEMO_DEFAULT_SEED};
	assert_int_equal(demo_generate_service(&app, &opts, &org, &res, &err), GX_OK);
	assert_int_equal(res.tickets, 60);
	struct ticket_overdue_page page;
	assert_int_equal(app_ticket_overdue(&app, 0, 50, NULL, &a, &page, &err), GX_OK);
	assert_true(page.total >= 5);
	int escalated = 0;
	for (size_t i = 0; i < page.count; i++)
		escalated += !record_is_null(&page.rows[i], "escalated_to");
	assert_true(escalated >= 2);
	/* Every ticket's events lead to its status, in time order. */
	for (int64_t id = 1; id <= 60; id++) {
		struct record *ev, t;
		size_t n = 0;
		assert_int_equal(app_ticket_events(&app, id, &a, &ev, &n, &err), GX_OK);
		assert_int_equal(store_record_get(app.store, &entity_ticket, id, &a, &t, &err), GX_OK);
		assert_true(n >= 1);
		assert_string_equal(record_text(&ev[0], "action"), "receive");
		for (size_t k = 1; k < n; k++)
			assert_true(strcmp(record_text(&ev[k - 1], "at"), record_text(&ev[k], "at")) <= 0 ||
			            !strcmp(record_text(&ev[k], "action"), "escalate"));
		const char *last = NULL;
		for (size_t k = 0; k < n; k++)
			if (strcmp(record_text(&ev[k], "action"), "rate") && strcmp(record_text(&ev[k], "action"), "escalate"))
				last = record_text(&ev[k], "to_status");
		assert_string_equal(last, record_text(&t, "status"));
	}
	app_close(&app);
	test_db_drop(&db);
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sla_due_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_breach_and_reopen_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_managers_and_escalation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complaint_counts, setup, teardown),
		cmocka_unit_test(test_demo_tickets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
