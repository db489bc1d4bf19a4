/* Unit tests of the workflow module: lunar dates and festivals through ICU's Chinese calendar
 * (checked against the published dates of 春节, 端午 and 中秋), the task state machine (every
 * allowed move, every forbidden one refused with the database unchanged), the care-task
 * generator on a pinned clock (run twice: no duplicates), the agenda, and notifications.
 * They run on SQLite, and on PostgreSQL in the second pass (support/test_db.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/audit_store.h"
#include "guanxi/datetime.h"
#include "guanxi/store_scope.h"
#include "guanxi/interaction.h"
#include "guanxi/lunar.h"
#include "guanxi/record_store.h"
#include "guanxi/workflow.h"
#include "support/test_db.h"
#include "support/workflow_fixture.h"

static const char *fmt(int32_t d)
{
	static char buf[GX_DATE_FMT_SIZE];
	return gx_date_format(d, buf);
}

/* Published dates (Hong Kong Observatory almanac; 中秋 2026 = 25 September). */
static void test_festivals(void **state)
{
	(void)state;
	struct gx_lunar *l;
	struct gx_error err;
	assert_int_equal(gx_lunar_open(&l, &err), GX_OK);
	static const struct {
		int year;
		enum gx_festival f;
		const char *date;
	} cases[] = {
		{2024, GX_FESTIVAL_SPRING, "2024-02-10"}, {2024, GX_FESTIVAL_DRAGON_BOAT, "2024-06-10"},
		{2024, GX_FESTIVAL_MID_AUTUMN, "2024-09-17"}, {2025, GX_FESTIVAL_SPRING, "2025-01-29"},
		{2025, GX_FESTIVAL_DRAGON_BOAT, "2025-05-31"}, {2025, GX_FESTIVAL_MID_AUTUMN, "2025-10-06"},
		{2026, GX_FESTIVAL_SPRING, "2026-02-17"}, {2026, GX_FESTIVAL_DRAGON_BOAT, "2026-06-19"},
		{2026, GX_FESTIVAL_MID_AUTUMN, "2026-09-25"},
		/* The new moon of 2027-02-06 falls at 23:56 Beijing time: ICU 72 alone says 02-07. */
		{2027, GX_FESTIVAL_SPRING, "2027-02-06"}, {2027, GX_FESTIVAL_DRAGON_BOAT, "2027-06-09"},
		{2027, GX_FESTIVAL_MID_AUTUMN, "2027-09-15"}, {2020, GX_FESTIVAL_SPRING, "2020-01-25"},
		{2033, GX_FESTIVAL_SPRING, "2033-01-31"}, {1990, GX_FESTIVAL_SPRING, "1990-01-27"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t d;
		assert_int_equal(gx_festival_date(l, cases[i].f, cases[i].year, &d, &err), GX_OK);
		assert_string_equal(fmt(d), cases[i].date);
	}
	gx_lunar_free(l);
}

static void test_lunar_conversions(void **state)
{
	(void)state;
	struct gx_lunar *l;
	struct gx_error err;
	assert_int_equal(gx_lunar_open(&l, &err), GX_OK);
	/* 1990-10-03 was 中秋 1990: lunar 8-15, so that lunar birthday falls on 2026-09-25. */
	struct gx_lunar_date ld;
	assert_int_equal(gx_lunar_from_solar(l, gx_date_from_ymd(1990, 10, 3), &ld, &err), GX_OK);
	assert_int_equal(ld.year, 1990);
	assert_int_equal(ld.month, 8);
	assert_int_equal(ld.day, 15);
	assert_int_equal(ld.leap, 0);
	struct gx_lunar_date in2026 = {2026, 8, 0, 15};
	int32_t d;
	assert_int_equal(gx_lunar_to_solar(l, &in2026, &d, &err), GX_OK);
	assert_string_equal(fmt(d), "2026-09-25");
	/* 2025 had a leap sixth month (闰六月) beginning 2025-07-25; 2026 has none. */
	struct gx_lunar_date leap = {2025, 6, 1, 1};
	assert_int_equal(gx_lunar_to_solar(l, &leap, &d, &err), GX_OK);
	assert_string_equal(fmt(d), "2025-07-25");
	assert_int_equal(gx_lunar_from_solar(l, d, &ld, &err), GX_OK);
	assert_int_equal(ld.leap, 1);
	leap.year = 2026;
	assert_int_equal(gx_lunar_to_solar(l, &leap, &d, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "no leap month 6"));
	/* 除夕 2027 is 2027-02-05: the twelfth month has 29 days, so its "30th" is the 29th. */
	struct gx_lunar_date eve = {2026, 12, 0, 30};
	assert_int_equal(gx_lunar_to_solar(l, &eve, &d, &err), GX_OK);
	assert_string_equal(fmt(d), "2027-02-05");
	assert_int_equal(gx_lunar_from_solar(l, gx_date_from_ymd(2027, 2, 6), &ld, &err), GX_OK);
	assert_int_equal(ld.year, 2027);
	assert_int_equal(ld.month, 1);
	assert_int_equal(ld.day, 1);
	/* Every day of 2026–2027 converts to a lunar date and back to itself. */
	for (int32_t day = gx_date_from_ymd(2026, 1, 1); day < gx_date_from_ymd(2028, 1, 1); day++) {
		int32_t back;
		assert_int_equal(gx_lunar_from_solar(l, day, &ld, &err), GX_OK);
		assert_in_range(ld.day, 1, 30);
		assert_int_equal(gx_lunar_to_solar(l, &ld, &back, &err), GX_OK);
		assert_int_equal(back, day);
	}
	/* Out of range is refused, not wrapped. */
	struct gx_lunar_date bad = {2026, 13, 0, 1};
	assert_int_equal(gx_lunar_to_solar(l, &bad, &d, &err), GX_EINVAL);
	gx_lunar_free(l);
}

static int64_t task(struct wf *f, const char *title, const char *due, const char *assignee)
{
	struct record r;
	record_init(&r, &entity_task, &f->a);
	struct gx_error err;
	assert_int_equal(app_field_set_text(&f->app, &r, "title", title, &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "due_date", due, &f->a, &err), GX_OK);
	if (assignee)
		assert_int_equal(app_field_set_text(&f->app, &r, "assignee_id", assignee, &f->a, &err), GX_OK);
	assert_int_equal(app_task_create(&f->app, &r, &f->a, &err), GX_OK);
	return r.id;
}

static const char *status_of(struct wf *f, int64_t id)
{
	struct record r;
	struct gx_error err;
	assert_int_equal(store_record_get(f->app.store, &entity_task, id, &f->a, &r, &err), GX_OK);
	return record_text(&r, "status");
}

/* Counts as the system: the assertions look past the acting user's row scope. */
static enum gx_err count_all(struct wf *f, const struct entity_def *def, const struct store_list_query *q,
                             int64_t *n, struct gx_error *err)
{
	struct store_scope saved, all = {.kind = STORE_SCOPE_ALL};
	store_scope_get(f->app.store, &saved);
	store_scope_set(f->app.store, &all);
	enum gx_err e = store_record_count(f->app.store, def, q, n, err);
	store_scope_set(f->app.store, &saved);
	return e;
}

/* A forbidden move: refused with this code and the database unchanged. */
static void refused(struct wf *f, int64_t id, const char *action, enum gx_err code, const char *words)
{
	char *before = wf_db_fingerprint(f);
	struct gx_error err;
	assert_int_equal(app_task_transition(&f->app, id, action, &err), code);
	if (words && !strstr(err.message, words))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, words);
	char *after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_task_state_machine(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	wf_as(f, "wang");
	int64_t t = task(f, "回访张伟", "2026-09-21", NULL);
	assert_string_equal(status_of(f, t), "open");
	/* open: reopen refused */
	refused(f, t, "reopen", GX_ECONFLICT, "is open: it cannot be reopened");
	/* open → done; done: complete and cancel refused */
	assert_int_equal(app_task_transition(&f->app, t, "complete", &err), GX_OK);
	assert_string_equal(status_of(f, t), "done");
	refused(f, t, "complete", GX_ECONFLICT, "is done");
	refused(f, t, "cancel", GX_ECONFLICT, "is done");
	/* done → open → cancelled; cancelled: complete and cancel refused */
	assert_int_equal(app_task_transition(&f->app, t, "reopen", &err), GX_OK);
	assert_string_equal(status_of(f, t), "open");
	assert_int_equal(app_task_transition(&f->app, t, "cancel", &err), GX_OK);
	assert_string_equal(status_of(f, t), "cancelled");
	refused(f, t, "complete", GX_ECONFLICT, "is cancelled");
	refused(f, t, "cancel", GX_ECONFLICT, "is cancelled");
	/* cancelled → open */
	assert_int_equal(app_task_transition(&f->app, t, "reopen", &err), GX_OK);
	assert_string_equal(status_of(f, t), "open");
	/* unknown action, unknown task, someone else's task */
	refused(f, t, "finish", GX_EINVAL, "unknown task action");
	refused(f, 999999, "complete", GX_ENOTFOUND, "no task");
	/* li (no team) neither is assigned nor created it: outside li's row scope, so not found. */
	wf_as(f, "li");
	refused(f, t, "complete", GX_ENOTFOUND, "no task");
	/* every successful move is audited: create + 4 moves */
	int64_t audits = 0;
	assert_int_equal(store_audit_count(f->app.store, "task", t, &audits, &err), GX_OK);
	assert_int_equal(audits, 5);
}

static void test_task_input_and_assignment(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	wf_as(f, "lead");
	int64_t c = wf_customer(f, "name=张伟", "code=C1", NULL);
	/* A task for wang linked to a customer notifies wang. */
	struct record r;
	record_init(&r, &entity_task, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "title", "报价", &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "due_date", "2026-09-22", &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "assignee_id", "wang", &f->a, &err), GX_OK);
	record_set_text(&r, "entity", "customer");
	record_set_int(&r, "entity_id", c);
	assert_int_equal(app_task_create(&f->app, &r, &f->a, &err), GX_OK);
	struct store_list_query q = {.filter = filter_cond_int(&f->a, &entity_notification, "user_id", FILTER_EQ, f->wang)};
	int64_t n = 0;
	assert_int_equal(count_all(f, &entity_notification, &q, &n, &err), GX_OK);
	assert_int_equal(n, 1);

	/* Bad links and input are refused and write nothing. */
	char *before = wf_db_fingerprint(f);
	record_init(&r, &entity_task, &f->a);
	record_set_text(&r, "title", "x");
	record_set_text(&r, "due_date", "2026-09-22");
	record_set_text(&r, "entity", "spaceship");
	record_set_int(&r, "entity_id", 1);
	assert_int_equal(app_task_create(&f->app, &r, &f->a, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "unknown entity"));
	record_set_text(&r, "entity", "customer");
	record_set_int(&r, "entity_id", 4242);
	assert_int_equal(app_task_create(&f->app, &r, &f->a, &err), GX_ENOTFOUND);
	assert_non_null(strstr(err.message, "no live customer with id 4242"));
	record_set_null(&r, "entity_id");
	assert_int_equal(app_task_create(&f->app, &r, &f->a, &err), GX_EINVAL);
	record_init(&r, &entity_task, &f->a);
	record_set_text(&r, "title", "x");
	assert_int_equal(app_task_create(&f->app, &r, &f->a, &err), GX_EINVAL);   /* no due date */
	assert_string_equal(err.field, "due_date");
	assert_int_equal(app_field_set_text(&f->app, &r, "due_date", "2026-02-30", &f->a, &err), GX_EINVAL);
	assert_int_equal(app_field_set_text(&f->app, &r, "status", "done", &f->a, &err), GX_EINVAL);
	char *after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A follow-up for a record is made once per due date. */
	int64_t id1, id2;
	int created;
	assert_int_equal(app_task_followup(&f->app, "customer", c, f->wang, "2026-09-23", "回电", &id1, &created, &err), GX_OK);
	assert_int_equal(created, 1);
	assert_int_equal(app_task_followup(&f->app, "customer", c, f->wang, "2026-09-23", "回电", &id2, &created, &err), GX_OK);
	assert_int_equal(created, 0);
	assert_int_equal(id1, id2);
	assert_int_equal(app_task_followup(&f->app, "customer", c, f->wang, "2026-9-23", "回电", &id2, &created, &err), GX_EINVAL);
}

static void test_task_update_and_agenda(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	wf_as(f, "wang");
	int64_t late = task(f, "逾期的", "2026-09-18", NULL);
	int64_t today = task(f, "今天的", "2026-09-20", NULL);
	int64_t soon = task(f, "下周的", "2026-09-27", NULL);
	task(f, "太远的", "2026-09-28", NULL);
	task(f, "别人的", "2026-09-20", "li");
	struct task_agenda ag;
	assert_int_equal(app_agenda(&f->app, f->wang, 7, &f->a, &ag, &err), GX_OK);
	assert_int_equal(ag.n_overdue, 1);
	assert_int_equal(ag.overdue[0].id, late);
	assert_int_equal(ag.n_today, 1);
	assert_int_equal(ag.today_tasks[0].id, today);
	assert_int_equal(ag.n_upcoming, 1);
	assert_int_equal(ag.upcoming[0].id, soon);

	/* Update: a stale version is a conflict; reassigning notifies the new assignee. */
	struct record p;
	record_init(&p, &entity_task, &f->a);
	p.id = late;
	assert_int_equal(app_field_set_text(&f->app, &p, "due_date", "2026-09-21", &f->a, &err), GX_OK);
	assert_int_equal(app_task_update(&f->app, &p, 5, &f->a, &err), GX_ECONFLICT);
	assert_int_equal(app_task_update(&f->app, &p, 1, &f->a, &err), GX_OK);
	assert_int_equal(p.version, 2);
	record_init(&p, &entity_task, &f->a);
	p.id = late;
	assert_int_equal(app_field_set_text(&f->app, &p, "assignee_id", "li", &f->a, &err), GX_OK);
	assert_int_equal(app_task_update(&f->app, &p, 0, &f->a, &err), GX_OK);
	struct store_list_query q = {
		.filter = filter_and(&f->a, filter_cond_int(&f->a, &entity_notification, "user_id", FILTER_EQ, f->li),
		                     filter_cond_int(&f->a, &entity_notification, "entity_id", FILTER_EQ, late)),
	};
	int64_t n = 0;
	assert_int_equal(count_all(f, &entity_notification, &q, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	/* The link cannot change, and a done task must be reopened first: nothing is written. */
	char *before = wf_db_fingerprint(f);
	record_init(&p, &entity_task, &f->a);
	p.id = today;
	record_set_text(&p, "entity", "customer");
	assert_int_equal(app_task_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "entity");
	char *after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(app_task_transition(&f->app, today, "complete", &err), GX_OK);
	before = wf_db_fingerprint(f);
	record_init(&p, &entity_task, &f->a);
	p.id = today;
	record_set_text(&p, "title", "改");
	assert_int_equal(app_task_update(&f->app, &p, 0, &f->a, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "reopen it"));
	after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static int64_t count_tasks(struct wf *f, const char *care_kind)
{
	struct store_list_query q = {
		.filter = care_kind ? filter_cond_text(&f->a, &entity_task, "care_kind", FILTER_EQ, care_kind) : NULL,
	};
	int64_t n = 0;
	struct gx_error err;
	assert_int_equal(store_record_count(f->app.store, &entity_task, &q, &n, &err), GX_OK);
	return n;
}

static const char *due_of(struct wf *f, const char *care_kind)
{
	struct store_list_query q = {
		.filter = filter_cond_text(&f->a, &entity_task, "care_kind", FILTER_EQ, care_kind),
	};
	struct store_list_result res;
	struct gx_error err;
	assert_int_equal(store_record_list(f->app.store, &entity_task, &q, &f->a, &res, &err), GX_OK);
	assert_int_equal(res.count, 1);
	return record_text(&res.rows[0], "due_date");
}

static void test_remind_care_tasks(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	/* Today is 2026-09-20 (GUANXI_NOW, Asia/Shanghai). */
	int64_t zhang = wf_customer(f, "name=张伟", "code=C1", "birthday=1990-10-03", "birthday_lunar=1",
	                            "owner_id=wang", "key_account=1",
	                            "care={\"children\":[{\"name\":\"小明\",\"birthday\":\"2016-09-22\"},{\"name\":\"小红\",\"birthday\":\"2019-12-01\"}]}",
	                            NULL);
	wf_customer(f, "name=李娜", "code=C2", "birthday=1985-09-24", "anniversary=2010-09-26",
	            "owner_id=li", NULL);
	wf_customer(f, "name=公海客户", "code=C3", "birthday=1985-09-21", NULL);   /* no owner: no task */
	/* The short form of the care data (as the demo writes it); 09-30 is outside the week. */
	wf_customer(f, "name=王五", "code=C5", "owner_id=li",
	            "care={\"children_birthdays\":[\"2012-09-23\",\"2014-09-30\",\"bad\"]}", NULL);
	wf_customer(f, "name=远期", "code=C4", "birthday=1985-11-21", "owner_id=li", NULL);
	struct remind_result r;
	assert_int_equal(app_remind_run(&f->app, 7, &r, &err), GX_OK);
	assert_string_equal(r.today, "2026-09-20");
	/* 张伟: lunar birthday 8-15 → 2026-09-25, child 小明 on 09-22 (小红 is in December), 中秋
	 * 2026-09-25 (a key account); 李娜: birthday 09-24, anniversary 09-26; 王五's child 09-23. */
	assert_int_equal(r.care_created, 6);
	assert_int_equal(count_tasks(f, "birthday"), 2);
	struct store_list_query bq = {
		.filter = filter_and(&f->a, filter_cond_text(&f->a, &entity_task, "care_kind", FILTER_EQ, "birthday"),
		                     filter_cond_int(&f->a, &entity_task, "entity_id", FILTER_EQ, zhang)),
	};
	struct store_list_result bl;
	assert_int_equal(store_record_list(f->app.store, &entity_task, &bq, &f->a, &bl, &err), GX_OK);
	assert_int_equal(bl.count, 1);
	assert_string_equal(record_text(&bl.rows[0], "due_date"), "2026-09-25");
	assert_int_equal(record_int(&bl.rows[0], "assignee_id"), f->wang);
	assert_int_equal(count_tasks(f, "child_birthday"), 2);
	assert_string_equal(due_of(f, "festival"), "2026-09-25");
	assert_string_equal(due_of(f, "anniversary"), "2026-09-26");

	/* Run twice: nothing new, every event counted as already generated. */
	struct remind_result r2;
	assert_int_equal(app_remind_run(&f->app, 7, &r2, &err), GX_OK);
	assert_int_equal(r2.care_created, 0);
	assert_int_equal(r2.skipped, 6);
	assert_int_equal(count_tasks(f, NULL), 6);

	/* A day later the birthday of 张伟 is still there once; the agenda of wang sorts it. */
	setenv("GUANXI_NOW", "2026-09-22T01:00:00Z", 1);
	assert_int_equal(app_remind_run(&f->app, 7, &r2, &err), GX_OK);
	assert_int_equal(r2.care_created, 0);
	struct task_agenda ag;
	assert_int_equal(app_agenda(&f->app, f->wang, 7, &f->a, &ag, &err), GX_OK);
	assert_string_equal(ag.today, "2026-09-22");
	assert_int_equal(ag.n_overdue, 0);
	assert_int_equal(ag.n_today, 1);        /* 小明's birthday */
	assert_int_equal(ag.n_upcoming, 2);     /* birthday and 中秋 on 09-25 */
	assert_string_equal(record_text(&ag.upcoming[0], "due_date"), "2026-09-25");
	/* The reminder for the task due today went out once, even when run again. */
	assert_int_equal(r2.reminders_sent, 1);   /* wang's task due today; li's is due 09-24 */
	assert_int_equal(app_remind_run(&f->app, 7, &r2, &err), GX_OK);
	assert_int_equal(r2.reminders_sent, 0);
	assert_int_equal(app_agenda(&f->app, f->wang, 0, &f->a, &ag, &err), GX_EINVAL);
	assert_int_equal(app_remind_run(&f->app, 61, &r2, &err), GX_EINVAL);
}

static void test_remind_lunar_new_year_window(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	/* Late January 2026: 春节 is 2026-02-17, within a 30-day window from 2026-01-20. A solar
	 * birthday on 29 February falls on 28 February in a common year. */
	setenv("GUANXI_NOW", "2026-01-20T01:00:00Z", 1);
	wf_customer(f, "name=大客户", "code=K1", "key_account=1", "owner_id=wang", "birthday=1992-02-29", NULL);
	struct remind_result r;
	assert_int_equal(app_remind_run(&f->app, 30, &r, &err), GX_OK);
	assert_string_equal(due_of(f, "festival"), "2026-02-17");
	assert_int_equal(count_tasks(f, "birthday"), 0);   /* 02-28 is 39 days away */
	assert_int_equal(app_remind_run(&f->app, 40, &r, &err), GX_OK);
	assert_string_equal(due_of(f, "birthday"), "2026-02-28");
}

static void test_followups_from_interactions(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t c = wf_customer(f, "name=张伟", "code=C1", "owner_id=wang", NULL);
	struct record r;
	record_init(&r, &entity_interaction, &f->a);
	record_set_int(&r, "customer_id", c);
	assert_int_equal(app_field_set_text(&f->app, &r, "channel", "phone", &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "type", "inquiry", &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "occurred_at", "2026-09-19T03:00:00Z", &f->a, &err), GX_OK);
	/* 2026-09-21T17:00Z is 09-22 01:00 in Shanghai: the task is due on the local date. */
	assert_int_equal(app_field_set_text(&f->app, &r, "followup_at", "2026-09-21T17:00:00Z", &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "followup_note", "寄样品", &f->a, &err), GX_OK);
	assert_int_equal(app_interaction_add(&f->app, &r, &f->a, &err), GX_OK);
	struct remind_result res;
	assert_int_equal(app_remind_run(&f->app, 7, &res, &err), GX_OK);
	assert_int_equal(res.followups_created, 1);
	struct store_list_query q = {.filter = filter_cond_text(&f->a, &entity_task, "kind", FILTER_EQ, "followup")};
	struct store_list_result l;
	assert_int_equal(store_record_list(f->app.store, &entity_task, &q, &f->a, &l, &err), GX_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(record_text(&l.rows[0], "due_date"), "2026-09-22");
	assert_string_equal(record_text(&l.rows[0], "title"), "寄样品");
	assert_int_equal(record_int(&l.rows[0], "assignee_id"), f->wang);   /* the owner */
	assert_int_equal(app_remind_run(&f->app, 7, &res, &err), GX_OK);
	assert_int_equal(res.followups_created, 0);
}

static void test_notifications(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t c = wf_customer(f, "name=张伟", "code=C1", NULL);
	assert_int_equal(app_notify(&f->app, f->wang, "assignment", "customer", c, "客户已分配给你", &err), GX_OK);
	assert_int_equal(app_notify(&f->app, f->wang, "reminder", NULL, 0, "明天开会", &err), GX_OK);
	char *before = wf_db_fingerprint(f);
	assert_int_equal(app_notify(&f->app, f->wang, "gossip", NULL, 0, "x", &err), GX_EINVAL);
	assert_int_equal(app_notify(&f->app, f->wang, "reminder", NULL, 0, "", &err), GX_EINVAL);
	assert_int_equal(app_notify(&f->app, 777, "reminder", NULL, 0, "x", &err), GX_EINVAL);
	assert_int_equal(app_notify(&f->app, f->wang, "reminder", "customer", 9999, "x", &err), GX_ENOTFOUND);
	char *after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(after);

	struct store_list_query q = {.filter = filter_cond_int(&f->a, &entity_notification, "user_id", FILTER_EQ, f->wang)};
	struct store_list_result l;
	assert_int_equal(store_record_list(f->app.store, &entity_notification, &q, &f->a, &l, &err), GX_OK);
	assert_int_equal(l.count, 2);
	int64_t n1 = l.rows[0].id;
	/* Only wang can touch wang's notifications; unread → read → unread; twice is refused. */
	wf_as(f, "li");
	assert_int_equal(app_notification_mark(&f->app, n1, 1, &err), GX_ENOTFOUND);
	after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(after);
	wf_as(f, "wang");
	assert_int_equal(app_notification_mark(&f->app, n1, 0, &err), GX_ECONFLICT);
	assert_int_equal(app_notification_mark(&f->app, n1, 1, &err), GX_OK);
	assert_int_equal(app_notification_mark(&f->app, n1, 1, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "already read"));
	assert_int_equal(app_notification_mark(&f->app, n1, 0, &err), GX_OK);
	int64_t n = 0;
	assert_int_equal(app_notification_read_all(&f->app, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_notification_read_all(&f->app, &n, &err), GX_OK);
	assert_int_equal(n, 0);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_festivals),
		cmocka_unit_test(test_lunar_conversions),
		cmocka_unit_test_setup_teardown(test_task_state_machine, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_task_input_and_assignment, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_task_update_and_agenda, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_remind_care_tasks, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_remind_lunar_new_year_window, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_followups_from_interactions, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_notifications, wf_setup, wf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
