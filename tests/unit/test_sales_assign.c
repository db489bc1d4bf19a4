/* Unit tests of the in-app "assignment" notifications of sales (on SQLite and, in the second
 * pass, PostgreSQL): a lead or an opportunity created for, assigned or reassigned to someone
 * other than the actor tells that user; taking one oneself (create for oneself, claim from the
 * pool) and releasing to the pool tell nobody, as with tickets. */
#include "sales_fixture.h"
#include "guanxi/filter.h"
#include "guanxi/store_scope.h"
#include "guanxi/workflow.h"
#include "support/test_db.h"   /* the PostgreSQL pass runs this suite too */

/* Notifications of user about entity/id (id 0: any record of entity), counted over every row:
 * notifications are scoped to their recipient, and the acting user is someone else. */
static int64_t notes(struct fx *f, int64_t user, const char *entity, int64_t id)
{
	struct store_scope saved, all = {.kind = STORE_SCOPE_ALL};
	store_scope_get(f->app.store, &saved);
	store_scope_set(f->app.store, &all);
	struct filter_node *c = filter_and(&f->a, filter_cond_int(&f->a, &entity_notification, "user_id", FILTER_EQ, user),
	                                   filter_cond_text(&f->a, &entity_notification, "entity", FILTER_EQ, entity));
	c = filter_and(&f->a, c, filter_cond_text(&f->a, &entity_notification, "kind", FILTER_EQ, "assignment"));
	if (id)
		c = filter_and(&f->a, c, filter_cond_int(&f->a, &entity_notification, "entity_id", FILTER_EQ, id));
	struct store_list_query q = {.filter = c};
	int64_t n = -1;
	struct gx_error err;
	enum gx_err e = store_record_count(f->app.store, &entity_notification, &q, &n, &err);
	store_scope_set(f->app.store, &saved);
	if (e != GX_OK)
		fail_msg("%s", err.message);
	return n;
}

static int64_t lead(struct fx *f, int64_t owner)
{
	struct record r;
	struct gx_error err;
	if (fx_make(f, &entity_lead, &r, &err, "name=张伟", "source=展会", NULL) != GX_OK ||
	    app_lead_create(&f->app, &r, owner, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static void test_lead_assignment_notifies(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	fx_act(f, "zhao");
	int64_t mine = lead(f, f->boss);        /* for oneself: nobody told */
	assert_int_equal(notes(f, f->boss, "lead", 0), 0);
	int64_t given = lead(f, f->rep1);       /* for li by zhao: li told once */
	assert_int_equal(notes(f, f->rep1, "lead", given), 1);
	assert_int_equal(notes(f, f->rep1, "lead", mine), 0);
	int64_t pooled = lead(f, 0);            /* into the pool: nobody */
	assert_int_equal(notes(f, f->rep1, "lead", 0) + notes(f, f->rep2, "lead", 0) + notes(f, f->boss, "lead", 0), 1);
	/* Assigned out of the pool by the manager: wang told. */
	assert_int_equal(app_lead_assign(&f->app, pooled, f->rep2, &err), GX_OK);
	assert_int_equal(notes(f, f->rep2, "lead", pooled), 1);
	/* The newest notification is wang's about that lead and names it. */
	int64_t last = 0;
	assert_int_equal(store_record_max_id(f->app.store, &entity_notification, &last, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_notification, last, "user_id"), f->rep2);
	assert_int_equal(fx_int(f, &entity_notification, last, "entity_id"), pooled);
	assert_non_null(strstr(fx_text(f, &entity_notification, last, "text"), fx_text(f, &entity_lead, pooled, "code")));
	/* Reassigned li → wang: wang told again (a second record), li not. */
	assert_int_equal(app_lead_assign(&f->app, given, f->rep2, &err), GX_OK);
	assert_int_equal(notes(f, f->rep2, "lead", given), 1);
	assert_int_equal(notes(f, f->rep1, "lead", 0), 1);
	/* Assigned to the one who has it already: no second notification. */
	assert_int_equal(app_lead_assign(&f->app, given, f->rep2, &err), GX_OK);
	assert_int_equal(notes(f, f->rep2, "lead", given), 1);
	/* Released to the pool and claimed by li herself: nobody told. */
	assert_int_equal(app_lead_release(&f->app, given, &err), GX_OK);
	fx_act(f, "li");
	assert_int_equal(app_lead_claim(&f->app, given, &err), GX_OK);
	assert_int_equal(notes(f, f->rep1, "lead", 0), 1);
	assert_int_equal(notes(f, f->rep2, "lead", 0), 2);
}

static void test_opportunity_assignment_notifies(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	fx_act(f, "li");
	int64_t own = fx_opp(f, "100", "2026-12-31", NULL, NULL);     /* defaults to li herself */
	assert_int_equal(fx_int(f, &entity_opportunity, own, "owner_id"), f->rep1);
	assert_int_equal(notes(f, f->rep1, "opportunity", 0), 0);
	int64_t for_wang = fx_opp(f, "100", "2026-12-31", NULL, "wang");
	assert_int_equal(notes(f, f->rep2, "opportunity", for_wang), 1);
	/* Reassigned by the manager to li: li told; a change of anything else tells nobody. */
	fx_act(f, "zhao");
	struct record p;
	record_init(&p, &entity_opportunity, &f->a);
	p.id = for_wang;
	record_set_int(&p, "owner_id", f->rep1);
	assert_int_equal(app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_OK);
	assert_int_equal(notes(f, f->rep1, "opportunity", for_wang), 1);
	record_init(&p, &entity_opportunity, &f->a);
	p.id = for_wang;
	record_set_int(&p, "amount_fen", 500);
	assert_int_equal(app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_OK);
	record_init(&p, &entity_opportunity, &f->a);
	p.id = for_wang;
	record_set_int(&p, "owner_id", f->rep1);   /* same owner again */
	assert_int_equal(app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_OK);
	assert_int_equal(notes(f, f->rep1, "opportunity", 0), 1);
	assert_int_equal(notes(f, f->rep2, "opportunity", 0), 1);
	/* A refused reassignment (disabled user) leaves no notification behind. */
	int64_t off = fx_org(f, &entity_user, "username=sun", "display_name=孙丽", "role=sales", "active=0", NULL);
	record_init(&p, &entity_opportunity, &f->a);
	p.id = for_wang;
	record_set_int(&p, "owner_id", off);
	assert_int_equal(app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL);
	assert_int_equal(notes(f, off, "opportunity", 0), 0);
	/* Converting li's lead as the manager opens an opportunity for li: li told about both
	 * (the lead when created for her, the opportunity when converted). */
	int64_t l = lead(f, f->rep1);
	struct lead_convert_opts o = {.customer_id = f->cust, .amount_fen = -1};
	struct lead_convert_result res;
	assert_int_equal(app_lead_convert(&f->app, l, &o, &f->a, &res, &err), GX_OK);
	assert_int_equal(notes(f, f->rep1, "lead", l), 1);
	assert_int_equal(notes(f, f->rep1, "opportunity", res.opportunity_id), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_lead_assignment_notifies),
		FX_TEST(test_opportunity_assignment_notifies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
