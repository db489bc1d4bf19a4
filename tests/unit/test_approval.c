/* Unit tests of approvals: the manager rule of DECISIONS.md (head of the department, or above
 * for the head or a department without one), the approval state machine (approve, reject,
 * cancel; every forbidden move refused with the database unchanged), and the two kinds built
 * with it: customer_transfer and pool_claim over the limit. SQLite, and PostgreSQL in the
 * second pass (support/test_db.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/approval.h"
#include "guanxi/credit.h"
#include "guanxi/entity_credit.h"
#include "guanxi/customer.h"
#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "guanxi/workflow.h"
#include "support/test_db.h"
#include "support/workflow_fixture.h"

static void test_managers(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t m;
	assert_int_equal(app_user_manager(&f->app, f->wang, &m, &err), GX_OK);
	assert_int_equal(m, f->lead);     /* head of SALES */
	assert_int_equal(app_user_manager(&f->app, f->lead, &m, &err), GX_OK);
	assert_int_equal(m, f->boss);     /* the head: the head of the department above */
	assert_int_equal(app_user_manager(&f->app, f->zhao, &m, &err), GX_OK);
	assert_int_equal(m, f->lead);     /* EAST has no head: the nearest above */
	assert_int_equal(app_user_manager(&f->app, f->boss, &m, &err), GX_OK);
	assert_int_equal(m, 0);           /* the top has no manager */
	assert_int_equal(app_user_manager(&f->app, 4242, &m, &err), GX_ENOTFOUND);
}

/* The action is refused with code and words in the message, and the database is unchanged. */
#define REFUSED(f, call, code, words)                                                   \
	do {                                                                                \
		char *before_ = wf_db_fingerprint(f);                                           \
		struct gx_error e_;                                                             \
		assert_int_equal((call), code);                                                 \
		if ((words) && !strstr(e_.message, (words)))                                    \
			fail_msg("message \"%s\" lacks \"%s\"", e_.message, (const char *)(words)); \
		char *after_ = wf_db_fingerprint(f);                                            \
		assert_string_equal(before_, after_);                                           \
		free(before_);                                                                  \
		free(after_);                                                                   \
	} while (0)

/* Looks at the data as the system does, whoever the test acts as (row scopes). */
static struct store_scope see_all(struct wf *f)
{
	struct store_scope saved, all = {.kind = STORE_SCOPE_ALL};
	store_scope_get(f->app.store, &saved);
	store_scope_set(f->app.store, &all);
	return saved;
}

static int64_t owner_of(struct wf *f, int64_t customer)
{
	struct record c;
	struct gx_error err;
	struct store_scope saved = see_all(f);
	assert_int_equal(app_customer_get(&f->app, customer, 0, &f->a, &c, &err), GX_OK);
	store_scope_set(f->app.store, &saved);
	return record_int(&c, "owner_id");
}

static const char *approval_status(struct wf *f, int64_t id)
{
	struct record r;
	struct gx_error err;
	struct store_scope saved = see_all(f);
	assert_int_equal(store_record_get(f->app.store, &entity_approval, id, &f->a, &r, &err), GX_OK);
	store_scope_set(f->app.store, &saved);
	return record_text(&r, "status");
}

static void test_transfer_approved(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t c = wf_customer(f, "name=张伟", "code=C1", "owner_id=wang", NULL);
	wf_as(f, "wang");
	int64_t id;
	assert_int_equal(app_customer_transfer_request(&f->app, c, f->li, "调岗", &id, &err), GX_OK);
	assert_string_equal(approval_status(f, id), "pending");
	assert_int_equal(owner_of(f, c), f->wang);   /* nothing moves before the decision */
	/* A second identical request, one's own decision, someone else's decision: refused. */
	int64_t again;
	REFUSED(f, app_customer_transfer_request(&f->app, c, f->li, NULL, &again, &e_), GX_ECONFLICT, "already have a pending");
	REFUSED(f, app_approval_approve(&f->app, id, NULL, &e_), GX_EFORBIDDEN, "your own request");
	/* li is neither requester nor approver and does not see wang's customer: the request is
	 * outside li's row scope, so it is not found at all (issue 6: a foreign row answers 404). */
	wf_as(f, "li");
	REFUSED(f, app_approval_approve(&f->app, id, NULL, &e_), GX_ENOTFOUND, "no approval request");
	REFUSED(f, app_approval_cancel(&f->app, id, &e_), GX_ENOTFOUND, "no approval request");
	wf_as(f, "lead");
	REFUSED(f, app_approval_reject(&f->app, id, "", &e_), GX_EINVAL, "needs a reason");
	assert_int_equal(app_approval_approve(&f->app, id, "同意", &err), GX_OK);
	assert_string_equal(approval_status(f, id), "approved");
	assert_int_equal(owner_of(f, c), f->li);
	/* Deciding twice, in either direction, is refused. */
	REFUSED(f, app_approval_approve(&f->app, id, NULL, &e_), GX_ECONFLICT, "already approved");
	REFUSED(f, app_approval_reject(&f->app, id, "no", &e_), GX_ECONFLICT, "already approved");
	REFUSED(f, app_approval_approve(&f->app, 9999, NULL, &e_), GX_ENOTFOUND, "no approval request");
	/* Notified: lead of the request, wang of the decision, li of the new customer. */
	int64_t users[] = {f->lead, f->wang, f->li};
	const char *kinds[] = {"approval_request", "approval_decision", "assignment"};
	struct store_scope saved_n = see_all(f);
	for (int i = 0; i < 3; i++) {
		struct store_list_query q = {
			.filter = filter_and(&f->a, filter_cond_int(&f->a, &entity_notification, "user_id", FILTER_EQ, users[i]),
			                     filter_cond_text(&f->a, &entity_notification, "kind", FILTER_EQ, kinds[i])),
		};
		int64_t n = 0;
		assert_int_equal(store_record_count(f->app.store, &entity_notification, &q, &n, &err), GX_OK);
		assert_int_equal(n, 1);
	}
	store_scope_set(f->app.store, &saved_n);
}

static void test_reject_cancel_and_stale(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t c = wf_customer(f, "name=张伟", "code=C1", "owner_id=wang", NULL);
	wf_as(f, "wang");
	int64_t a1, a2, a3;
	assert_int_equal(app_customer_transfer_request(&f->app, c, f->li, NULL, &a1, &err), GX_OK);
	wf_as(f, "lead");
	assert_int_equal(app_approval_reject(&f->app, a1, "客户不同意", &err), GX_OK);
	assert_string_equal(approval_status(f, a1), "rejected");
	assert_int_equal(owner_of(f, c), f->wang);
	REFUSED(f, app_approval_approve(&f->app, a1, NULL, &e_), GX_ECONFLICT, "already rejected");
	/* The requester withdraws; withdrawing twice is refused. */
	wf_as(f, "wang");
	assert_int_equal(app_customer_transfer_request(&f->app, c, f->li, NULL, &a2, &err), GX_OK);
	assert_int_equal(app_approval_cancel(&f->app, a2, &err), GX_OK);
	assert_string_equal(approval_status(f, a2), "cancelled");
	REFUSED(f, app_approval_cancel(&f->app, a2, &e_), GX_ECONFLICT, "already cancelled");
	/* The owner changed meanwhile: approving fails, the request stays pending, nothing moves. */
	assert_int_equal(app_customer_transfer_request(&f->app, c, f->li, NULL, &a3, &err), GX_OK);
	wf_as(f, "boss");
	assert_int_equal(app_pool_assign(&f->app, c, f->zhao, &err), GX_OK);
	REFUSED(f, app_approval_approve(&f->app, a3, NULL, &e_), GX_EFORBIDDEN, "waits for 钱经理");
	wf_as(f, "lead");
	REFUSED(f, app_approval_approve(&f->app, a3, NULL, &e_), GX_ECONFLICT, "changed owner");
	assert_string_equal(approval_status(f, a3), "pending");
	/* An admin (the system here) may decide any request. */
	wf_as(f, NULL);
	assert_int_equal(app_approval_reject(&f->app, a3, "stale", &err), GX_OK);
}

static void test_request_input(void **state)
{
	struct wf *f = *state;
	int64_t c = wf_customer(f, "name=张伟", "code=C1", "owner_id=wang", NULL);
	int64_t id;
	wf_as(f, "wang");
	REFUSED(f, app_approval_request(&f->app, "free_lunch", "customer", c, NULL, NULL, &id, &e_), GX_EINVAL, "unknown approval kind");
	REFUSED(f, app_approval_request(&f->app, "pool_claim", "customer", 4242, NULL, NULL, &id, &e_), GX_ENOTFOUND, "no live customer");
	REFUSED(f, app_approval_request(&f->app, "pool_claim", "customer", c, "[1]", NULL, &id, &e_), GX_EINVAL, "JSON object");
	REFUSED(f, app_customer_transfer_request(&f->app, c, f->wang, NULL, &id, &e_), GX_EINVAL, "already belongs");
	REFUSED(f, app_customer_transfer_request(&f->app, c, 4242, NULL, &id, &e_), GX_EINVAL, "no user");
	wf_as(f, "li");   /* another rep's customer is not even visible to li (row scopes): 404 */
	REFUSED(f, app_customer_transfer_request(&f->app, c, f->li, NULL, &id, &e_), GX_ENOTFOUND, "");
	wf_as(f, "boss");   /* the top of the organisation has nobody to ask */
	REFUSED(f, app_customer_transfer_request(&f->app, c, f->li, NULL, &id, &e_), GX_EINVAL, "no manager");
	wf_as(f, NULL);
	REFUSED(f, app_customer_transfer_request(&f->app, c, f->li, NULL, &id, &e_), GX_EINVAL, "requesting user");
}

static void test_pool_claim_over_limit(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	assert_int_equal(app_setting_set(&f->app, "pool_max_owned", "1", &err), GX_OK);
	int64_t c1 = wf_customer(f, "name=甲", "code=P1", NULL);
	int64_t c2 = wf_customer(f, "name=乙", "code=P2", NULL);
	int64_t c3 = wf_customer(f, "name=丙", "code=P3", NULL);
	wf_as(f, "wang");
	int64_t id;
	/* Within the limit no approval is needed (and none is filed). */
	REFUSED(f, app_pool_claim_request(&f->app, c1, NULL, &id, &e_), GX_ECONFLICT, "within the pool limits");
	assert_int_equal(app_pool_claim(&f->app, c1, &err), GX_OK);
	/* Over the limit the plain claim points to the request. */
	REFUSED(f, app_pool_claim(&f->app, c2, &e_), GX_EFORBIDDEN, "--request-approval");
	assert_int_equal(app_pool_claim_request(&f->app, c2, "老客户介绍", &id, &err), GX_OK);
	int64_t id3;
	assert_int_equal(app_pool_claim_request(&f->app, c3, NULL, &id3, &err), GX_OK);
	assert_int_equal(owner_of(f, c2), 0);
	wf_as(f, "lead");
	assert_int_equal(app_approval_approve(&f->app, id, NULL, &err), GX_OK);
	assert_int_equal(owner_of(f, c2), f->wang);   /* carried out although over the limit */
	/* Someone else took P3 meanwhile: approving fails and changes nothing. */
	wf_as(f, "li");
	assert_int_equal(app_pool_claim(&f->app, c3, &err), GX_OK);
	wf_as(f, "lead");
	REFUSED(f, app_approval_approve(&f->app, id3, NULL, &e_), GX_ECONFLICT, "left the public pool");
	int64_t audits = 0;
	assert_int_equal(store_record_count(f->app.store, &entity_approval,
	                                    &(struct store_list_query){0}, &audits, &err), GX_OK);
	assert_int_equal(audits, 2);
}

/* DECISIONS.md "Public pool": a recycled customer's open tasks become unassigned; done ones
 * keep who did them. */
/* A credit override asked for by a rep goes to the rep's manager's inbox; the direct decision
 * command waits for it, and approving in the inbox approves the override. */
static void test_credit_override_routed(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	int64_t c = wf_customer(f, "name=星辰贸易", "code=K1", "kind=organization", "owner_id=wang", NULL);
	wf_as(f, "wang");
	struct record o;
	record_init(&o, &entity_credit_override, &f->a);
	record_set_int(&o, "customer_id", c);
	record_set_int(&o, "amount_fen", 500000);
	record_set_text(&o, "reason", "年底备货");
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_OK);
	int64_t waiting = 0;
	assert_int_equal(app_approval_pending_count(&f->app, "credit_override", o.id, &waiting, &err), GX_OK);
	assert_int_equal(waiting, 1);
	wf_as(f, "");     /* even the system's direct decision waits for the inbox */
	REFUSED(f, app_credit_override_approve(&f->app, o.id, NULL, &e_), GX_ECONFLICT, "approvals inbox");
	wf_as(f, "lead");
	struct store_list_query q = {
		.filter = filter_and(&f->a, filter_cond_text(&f->a, &entity_approval, "kind", FILTER_EQ, "credit_override"),
		                     filter_cond_int(&f->a, &entity_approval, "entity_id", FILTER_EQ, o.id)),
	};
	struct store_list_result page;
	assert_int_equal(store_record_list(f->app.store, &entity_approval, &q, &f->a, &page, &err), GX_OK);
	assert_int_equal(page.count, 1);
	assert_int_equal(record_int(&page.rows[0], "approver_id"), f->lead);
	assert_int_equal(app_approval_approve(&f->app, page.rows[0].id, "同意", &err), GX_OK);
	struct record after;
	wf_as(f, "");
	assert_int_equal(store_record_get(f->app.store, &entity_credit_override, o.id, &f->a, &after, &err), GX_OK);
	assert_string_equal(record_text(&after, "status"), "approved");
	assert_string_equal(approval_status(f, page.rows[0].id), "approved");
}

static void test_recycle_unassigns_tasks(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	setenv("GUANXI_NOW", "2026-01-01T00:00:00Z", 1);
	int64_t c = wf_customer(f, "name=甲", "code=C1", NULL);
	assert_int_equal(app_pool_assign(&f->app, c, f->wang, &err), GX_OK);
	int64_t open_id, done_id;
	int created;
	assert_int_equal(app_task_followup(&f->app, "customer", c, f->wang, "2026-01-05", "回访", &open_id, &created, &err), GX_OK);
	assert_int_equal(app_task_followup(&f->app, "customer", c, f->wang, "2026-01-06", "报价", &done_id, &created, &err), GX_OK);
	assert_int_equal(app_task_transition(&f->app, done_id, "complete", &err), GX_OK);
	setenv("GUANXI_NOW", "2026-02-15T00:00:00Z", 1);
	int64_t n = 0, job = 0;
	assert_int_equal(app_pool_recycle(&f->app, &n, &job, &err), GX_OK);
	assert_int_equal(n, 1);
	struct record t;
	assert_int_equal(store_record_get(f->app.store, &entity_task, open_id, &f->a, &t, &err), GX_OK);
	assert_true(record_is_null(&t, "assignee_id"));
	assert_int_equal(store_record_get(f->app.store, &entity_task, done_id, &f->a, &t, &err), GX_OK);
	assert_int_equal(record_int(&t, "assignee_id"), f->wang);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_managers, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_transfer_approved, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_reject_cancel_and_stale, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_request_input, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_pool_claim_over_limit, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_credit_override_routed, wf_setup, wf_teardown),
		cmocka_unit_test_setup_teardown(test_recycle_unassigns_tasks, wf_setup, wf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
