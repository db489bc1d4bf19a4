/* Unit tests for the row-scope holes of issue 6 (access), on SQLite and PostgreSQL: reads that
 * used their own SQL and skipped the caller's scope. In the workflow fixture's organisation
 * (HQ > SALES > EAST; reps wang and li in SALES, zhao in EAST; lead, a sales user, heads SALES)
 * each rep owns one customer with one overdue complaint assigned to that rep, and the three
 * customers are members of one club. Each test fails on the code before the fix: the overdue
 * count said 3 to wang (and the list refused with a conflict), the complaint counts gave li's
 * customer 1 complaint to wang, the club member list showed wang all three members, and wang
 * could link a task to li's customer. The department-head rule (docs/architecture.md "Access
 * control"): lead sees the SALES subtree (EAST included) although the sales role sees own +
 * team; zhao, no head, does not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/entity_marketing.h"
#include "guanxi/entity_service.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/loyalty_store.h"
#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "guanxi/ticket.h"
#include "guanxi/workflow.h"
#include "support/test_db.h"   /* also run on PostgreSQL (scripts/run-tests.sh) */
#include "support/workflow_fixture.h"

struct holes {
	struct wf *f;
	int64_t cw, cl, cz;      /* customers of wang, li, zhao */
	int64_t tw, tl, tz;      /* their overdue complaints, assigned to their owners */
	int64_t club;
};

static struct holes H;

static int64_t complaint(struct wf *f, int64_t customer, int64_t assignee)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_ticket, &f->a);
	record_set_int(&r, "customer_id", customer);
	const char *kv[][2] = {{"channel", "phone"}, {"subject", "送货延迟"}, {"received_at", "2026-08-03 10:00"}};
	for (size_t i = 0; i < 3; i++)
		if (app_field_set_text(&f->app, &r, kv[i][0], kv[i][1], &f->a, &err) != GX_OK)
			fail_msg("%s", err.message);
	if (app_ticket_create(&f->app, &r, assignee, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static int setup(void **state)
{
	if (wf_setup(state) != 0)
		return -1;
	struct wf *f = *state;
	struct gx_error err;
	memset(&H, 0, sizeof H);
	H.f = f;
	wf_as(f, NULL);
	H.cw = wf_customer(f, "name=王客户", "owner_id=wang", NULL);
	H.cl = wf_customer(f, "name=李客户", "owner_id=li", NULL);
	H.cz = wf_customer(f, "name=赵客户", "owner_id=zhao", NULL);
	H.tw = complaint(f, H.cw, f->wang);
	H.tl = complaint(f, H.cl, f->li);
	H.tz = complaint(f, H.cz, f->zhao);
	struct record c;
	record_init(&c, &entity_club, &f->a);
	if (app_field_set_text(&f->app, &c, "code", "TEA", &f->a, &err) != GX_OK ||
	    app_field_set_text(&f->app, &c, "name", "茶友会", &f->a, &err) != GX_OK || app_club_create(&f->app, &c, &err) != GX_OK)
		fail_msg("%s", err.message);
	H.club = c.id;
	int64_t all[] = {H.cw, H.cl, H.cz};
	for (size_t i = 0; i < 3; i++)
		if (app_club_join(&f->app, H.club, all[i], "2026-09-01", &err) != GX_OK)
			fail_msg("%s", err.message);
	return 0;
}

static void test_overdue_count_scoped(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	struct ticket_overdue_page p;
	wf_as(f, NULL);
	assert_int_equal(app_ticket_overdue(&f->app, 0, 50, NULL, &f->a, &p, &err), GX_OK);
	assert_int_equal(p.total, 3);   /* the system sees all three */
	wf_as(f, "wang");
	if (app_ticket_overdue(&f->app, 0, 50, NULL, &f->a, &p, &err) != GX_OK)
		fail_msg("%s", err.message);
	assert_int_equal(p.total, 1);
	assert_int_equal(p.count, 1);
	assert_int_equal(p.rows[0].id, H.tw);
	/* one assignee's list asked for by someone who may not see it: empty, not a leak */
	assert_int_equal(app_ticket_overdue(&f->app, f->li, 50, NULL, &f->a, &p, &err), GX_OK);
	assert_int_equal(p.total, 0);
	assert_int_equal(p.count, 0);
	wf_as(f, "lead");   /* the head of SALES: the whole subtree */
	assert_int_equal(app_ticket_overdue(&f->app, 0, 50, NULL, &f->a, &p, &err), GX_OK);
	assert_int_equal(p.total, 3);
}

static void test_complaint_counts_scoped(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t ids[] = {H.cw, H.cl, H.cz}, n[3];
	wf_as(f, "wang");
	assert_int_equal(app_ticket_complaints_of(&f->app, ids, 3, NULL, NULL, n, &err), GX_OK);
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 0);
	assert_int_equal(n[2], 0);
	wf_as(f, "zhao");
	assert_int_equal(app_ticket_complaints_of(&f->app, ids, 3, NULL, NULL, n, &err), GX_OK);
	assert_int_equal(n[0] + n[1], 0);
	assert_int_equal(n[2], 1);
	wf_as(f, "lead");
	assert_int_equal(app_ticket_complaints_of(&f->app, ids, 3, NULL, NULL, n, &err), GX_OK);
	assert_int_equal(n[0] + n[1] + n[2], 3);
}

static void test_club_members_scoped(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	struct store_membership *m;
	size_t n;
	wf_as(f, "wang");
	assert_int_equal(store_club_members(f->app.store, H.club, 0, 0, &f->a, &m, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].customer_id, H.cw);
	assert_int_equal(store_club_members(f->app.store, 0, H.cl, 1, &f->a, &m, &n, &err), GX_OK);
	assert_int_equal(n, 0);   /* li's customer's memberships: none to wang */
	wf_as(f, "lead");
	assert_int_equal(store_club_members(f->app.store, H.club, 0, 0, &f->a, &m, &n, &err), GX_OK);
	assert_int_equal(n, 3);
}

static void test_link_check_scoped(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	wf_as(f, "wang");
	assert_int_equal(app_link_check(&f->app, "customer", H.cw, &err), GX_OK);
	assert_int_equal(app_link_check(&f->app, "customer", H.cl, &err), GX_ENOTFOUND);
	char foreign[256];
	snprintf(foreign, sizeof foreign, "%s", err.message);
	assert_int_equal(app_link_check(&f->app, "ticket", H.tl, &err), GX_ENOTFOUND);
	/* a foreign record reads exactly like a missing one */
	int64_t missing = H.cz + 1000;
	assert_int_equal(app_link_check(&f->app, "customer", missing, &err), GX_ENOTFOUND);
	char expect[256];
	snprintf(expect, sizeof expect, "no live customer with id %lld", (long long)H.cl);
	assert_string_equal(foreign, expect);
	/* a task linked to li's customer is refused and nothing is written */
	char *before = wf_db_fingerprint(f);
	struct record t;
	record_init(&t, &entity_task, &f->a);
	record_set_text(&t, "title", "越权");
	record_set_text(&t, "due_date", "2026-09-22");
	record_set_text(&t, "entity", "customer");
	record_set_int(&t, "entity_id", H.cl);
	assert_int_equal(app_task_create(&f->app, &t, &f->a, &err), GX_ENOTFOUND);
	char *after = wf_db_fingerprint(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	wf_as(f, "zhao");   /* EAST, no head: own customers only */
	assert_int_equal(app_link_check(&f->app, "customer", H.cw, &err), GX_ENOTFOUND);
	wf_as(f, "lead");   /* head of SALES: its subtree, EAST included */
	assert_int_equal(app_link_check(&f->app, "customer", H.cz, &err), GX_OK);
	struct store_scope sc;
	store_scope_get(f->app.store, &sc);
	assert_int_equal(sc.kind, STORE_SCOPE_DEPARTMENT);
	assert_int_equal(sc.department_id, f->sales);
	wf_as(f, "wang");
	store_scope_get(f->app.store, &sc);
	assert_true(sc.kind == STORE_SCOPE_OWN || sc.kind == STORE_SCOPE_TEAM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overdue_count_scoped, setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_complaint_counts_scoped, setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_club_members_scoped, setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_link_check_scoped, setup, wf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
