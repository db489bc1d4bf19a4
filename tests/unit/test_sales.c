/* Unit tests of sales, part one (on SQLite and, in the second pass, PostgreSQL): pipeline
 * rules of DECISIONS.md "Pipelines", the opportunity state machine (every allowed move, every
 * forbidden one refused with its field and nothing changed), bad input, the weighted forecast
 * of MODELS.md M24 against hand-computed values, win rate / deal size / cycle length, and
 * target completion. */
#include "sales_fixture.h"
#include "support/test_db.h"   /* the PostgreSQL pass runs this suite too */
#include "guanxi/sales_store.h"

static void refused(struct fx *f, enum gx_err got, enum gx_err want, const struct gx_error *err,
                    const char *field, const char *before)
{
	assert_int_equal(got, want);
	assert_string_equal(err->field, field);
	assert_true(strlen(err->message) > 10);
	char *after = fx_digest(f);
	assert_string_equal(before, after);
	free(after);
}

static void test_pipeline_rules(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t id;
	char *before = fx_digest(f);
	const struct {
		struct sales_stage_input st[4];
		size_t n;
		const char *says;
	} bad[] = {
		{{{"A", 10, "open"}, {"B", 100, "won"}}, 2, "lost"},                              /* no lost */
		{{{"A", 10, "open"}, {"L", 0, "lost"}}, 2, "won"},                                /* no won */
		{{{"A", 10, "open"}, {"W", 90, "won"}, {"L", 0, "lost"}}, 3, "100"},              /* won ≠ 100 */
		{{{"A", 10, "open"}, {"W", 100, "won"}, {"L", 5, "lost"}}, 3, "0"},               /* lost ≠ 0 */
		{{{"W", 100, "won"}, {"L", 0, "lost"}}, 2, "open"},                               /* no open */
		{{{"A", 10, "open"}, {"W", 100, "won"}, {"W2", 100, "won"}, {"L", 0, "lost"}}, 4, "won"},
		{{{"A", 10, "open"}, {"a", 20, "open"}, {"W", 100, "won"}, {"L", 0, "lost"}}, 4, "twice"},
		{{{"A", 120, "open"}, {"W", 100, "won"}, {"L", 0, "lost"}}, 3, "120"},
		{{{"A", 10, "maybe"}, {"W", 100, "won"}, {"L", 0, "lost"}}, 3, "maybe"},
		{{{" ", 10, "open"}, {"W", 100, "won"}, {"L", 0, "lost"}}, 3, "name"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		enum gx_err e = app_pipeline_create(&f->app, "P1", "项目型", 0, bad[i].st, bad[i].n, &id, &err);
		refused(f, e, GX_EINVAL, &err, "stages", before);
		assert_non_null(strstr(err.message, bad[i].says));
	}
	const struct sales_stage_input ok[] = {{"初步接洽", 20, "open"}, {"商务谈判", 60, "open"},
	                                       {"成交", 100, "won"}, {"丢单", 0, "lost"}};
	fx_act(f, "li");   /* a sales rep does not set up pipelines or targets */
	refused(f, app_pipeline_create(&f->app, "P1", "项目型", 0, ok, 4, &id, &err), GX_EFORBIDDEN, &err, "user", before);
	refused(f, app_target_set(&f->app, "2026-12", f->rep1, 0, 100, &err), GX_EFORBIDDEN, &err, "user", before);
	fx_act(f, NULL);
	free(before);
	assert_int_equal(app_pipeline_create(&f->app, "P1", "项目型", 0, ok, 4, &id, &err), GX_OK);
	int64_t def;
	assert_int_equal(app_pipeline_default(&f->app, &def, &err), GX_OK);
	assert_int_equal(def, id);   /* the first pipeline is the default one */
	int64_t id2;
	assert_int_equal(app_pipeline_create(&f->app, "P1", "重复", 0, ok, 4, &id2, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "code");
	struct sales_stage *st;
	size_t n;
	assert_int_equal(app_pipeline_stages(&f->app, id, &f->a, &st, &n, &err), GX_OK);
	assert_int_equal(n, 4);
	assert_string_equal(st[1].name, "商务谈判");
	assert_int_equal(st[1].probability, 60);
	assert_int_equal(st[1].position, 2);
	assert_string_equal(st[3].kind, "lost");
}

/* Every move the opportunity machine allows: between any two distinct open stages, and from
 * each open stage to won and to lost with a reason. */
static void test_opportunity_allowed_moves(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t pid;
	assert_int_equal(app_pipeline_default(&f->app, &pid, &err), GX_OK);
	struct sales_stage *st;
	size_t n;
	assert_int_equal(app_pipeline_stages(&f->app, pid, &f->a, &st, &n, &err), GX_OK);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(st[i].kind, "open") != 0)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (i == j)
				continue;
			int64_t o = fx_opp(f, "1000", "2026-12-31", st[i].name, NULL);
			assert_int_equal(fx_int(f, &entity_opportunity, o, "stage_id"), st[i].id);
			const char *reason = strcmp(st[j].kind, "open") ? "价格更优" : NULL;
			if (app_opportunity_move(&f->app, o, st[j].name, reason, &err) != GX_OK)
				fail_msg("%s → %s: %s", st[i].name, st[j].name, err.message);
			assert_int_equal(fx_int(f, &entity_opportunity, o, "stage_id"), st[j].id);
			assert_string_equal(fx_text(f, &entity_opportunity, o, "status"), st[j].kind);
			struct filter_node *h = filter_cond_int(&f->a, &entity_stage_history, "opportunity_id", FILTER_EQ, o);
			struct store_list_query q = {.filter = h};
			int64_t count;
			assert_int_equal(store_record_count(f->app.store, &entity_stage_history, &q, &count, &err), GX_OK);
			assert_int_equal(count, 2);
			if (reason) {
				assert_string_equal(fx_text(f, &entity_opportunity, o, "close_reason"), "价格更优");
				assert_string_equal(fx_text(f, &entity_opportunity, o, "closed_date"), "2026-11-26");
				assert_int_equal(fx_int(f, &entity_opportunity, o, "cycle_days"), 0);
			} else {
				assert_null(fx_text(f, &entity_opportunity, o, "closed_at"));
			}
		}
	}
}

/* Every forbidden move: out of won and out of lost to every stage, to the current stage, to a
 * stage of another pipeline or no stage at all, and to won/lost without a reason. */
static void test_opportunity_forbidden_moves(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t pid, other;
	assert_int_equal(app_pipeline_default(&f->app, &pid, &err), GX_OK);
	const struct sales_stage_input st2[] = {{"样品", 30, "open"}, {"签约", 100, "won"}, {"放弃", 0, "lost"}};
	assert_int_equal(app_pipeline_create(&f->app, "P2", "渠道", 0, st2, 3, &other, &err), GX_OK);
	struct sales_stage *st;
	size_t n;
	assert_int_equal(app_pipeline_stages(&f->app, pid, &f->a, &st, &n, &err), GX_OK);
	int64_t won = fx_opp(f, "1000", "2026-12-31", NULL, NULL);
	int64_t lost = fx_opp(f, "1000", "2026-12-31", NULL, NULL);
	int64_t open = fx_opp(f, "1000", "2026-12-31", "需求分析", NULL);
	assert_int_equal(app_opportunity_move(&f->app, won, "赢单", "客户认可方案", &err), GX_OK);
	assert_int_equal(app_opportunity_move(&f->app, lost, "输单", "预算取消", &err), GX_OK);
	char *before = fx_digest(f);
	for (size_t j = 0; j < n; j++) {
		refused(f, app_opportunity_move(&f->app, won, st[j].name, "x", &err), GX_ECONFLICT, &err, "stage", before);
		assert_non_null(strstr(err.message, "won"));
		refused(f, app_opportunity_move(&f->app, lost, st[j].name, "x", &err), GX_ECONFLICT, &err, "stage", before);
		assert_non_null(strstr(err.message, "lost"));
	}
	refused(f, app_opportunity_move(&f->app, open, "需求分析", NULL, &err), GX_EINVAL, &err, "stage", before);
	refused(f, app_opportunity_move(&f->app, open, "样品", NULL, &err), GX_EINVAL, &err, "stage", before);
	assert_non_null(strstr(err.message, "样品"));
	assert_non_null(strstr(err.message, "谈判审核"));   /* the message lists the real stages */
	refused(f, app_opportunity_move(&f->app, open, "", NULL, &err), GX_EINVAL, &err, "stage", before);
	refused(f, app_opportunity_move(&f->app, open, "赢单", NULL, &err), GX_EINVAL, &err, "reason", before);
	refused(f, app_opportunity_move(&f->app, open, "输单", "   ", &err), GX_EINVAL, &err, "reason", before);
	refused(f, app_opportunity_move(&f->app, 9999, "赢单", "x", &err), GX_ENOTFOUND, &err, "id", before);
	/* A closed opportunity's fields do not change either. */
	struct record p;
	assert_int_equal(fx_make(f, &entity_opportunity, &p, &err, "amount_fen=5", NULL), GX_OK);
	p.id = won;
	refused(f, app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_ECONFLICT, &err, "status", before);
	free(before);
}

/* Bad input on creation and update: unknown stage, a won stage to start in, close date before
 * creation, negative amount, missing fields, a contact of another customer. */
static void test_opportunity_bad_input(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t pid;
	assert_int_equal(app_pipeline_default(&f->app, &pid, &err), GX_OK);
	int64_t o = fx_opp(f, "100.50", "2026-11-26", NULL, NULL);
	assert_int_equal(fx_int(f, &entity_opportunity, o, "amount_fen"), 10050);
	char *before = fx_digest(f);
	struct record r;
	/* The field parser refuses a negative amount and names the field. */
	assert_int_equal(fx_make(f, &entity_opportunity, &r, &err, "amount_fen=-5", NULL), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	assert_int_equal(fx_make(f, &entity_opportunity, &r, &err, "expected_close_date=2026-02-30", NULL), GX_EINVAL);
	assert_string_equal(err.field, "expected_close_date");

	const struct {
		const char *close, *stage;
		int64_t amount;
		const char *field;
	} cases[] = {
		{"2026-11-25", NULL, 100, "expected_close_date"},   /* the day before creation */
		{"2026-12-01", "谈判", 100, "stage"},
		{"2026-12-01", "赢单", 100, "stage"},
		{"2026-12-01", NULL, -1, "amount_fen"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(fx_make(f, &entity_opportunity, &r, &err, "name=x", NULL), GX_OK);
		record_set_int(&r, "customer_id", f->cust);
		record_set_text(&r, "expected_close_date", cases[i].close);
		record_set_int(&r, "amount_fen", cases[i].amount);
		refused(f, app_opportunity_create(&f->app, &r, cases[i].stage, &f->a, &err), GX_EINVAL, &err,
		        cases[i].field, before);
	}
	assert_int_equal(fx_make(f, &entity_opportunity, &r, &err, "name=x", "amount_fen=1", NULL), GX_OK);
	record_set_int(&r, "customer_id", f->cust);
	refused(f, app_opportunity_create(&f->app, &r, NULL, &f->a, &err), GX_EINVAL, &err, "expected_close_date", before);

	/* Update: a close date before the creation date, a negative amount, the customer. */
	struct record p;
	assert_int_equal(fx_make(f, &entity_opportunity, &p, &err, "expected_close_date=2026-01-01", NULL), GX_OK);
	p.id = o;
	refused(f, app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL, &err, "expected_close_date", before);
	record_init(&p, &entity_opportunity, &f->a);
	p.id = o;
	record_set_int(&p, "amount_fen", -100);
	refused(f, app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL, &err, "amount_fen", before);
	record_init(&p, &entity_opportunity, &f->a);
	p.id = o;
	record_set_int(&p, "customer_id", 1);
	refused(f, app_opportunity_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL, &err, "customer_id", before);
	free(before);

	/* A valid update is written with its audit row, and the owner's department comes along. */
	assert_int_equal(fx_make(f, &entity_opportunity, &p, &err, "amount_fen=2000", "owner_id=li",
	                         "competitors=华为;联想", NULL), GX_OK);
	p.id = o;
	assert_int_equal(app_opportunity_update(&f->app, &p, 1, &f->a, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_opportunity, o, "amount_fen"), 200000);
	assert_int_equal(fx_int(f, &entity_opportunity, o, "department_id"), f->dept1);
	assert_int_equal(fx_int(f, &entity_opportunity, o, "team_id"), f->team1);
	assert_int_equal(app_opportunity_update(&f->app, &p, 1, &f->a, &err), GX_ECONFLICT);   /* stale version */
}

/* MODELS.md M24 by hand: Σ amount × probability per expected close month (open ones only).
 *   2026-12: 1000.00 × 10 % + 2000.00 × 50 %           = 100.00 + 1000.00 = 1100.00
 *   2027-01:  500.00 × 75 % (li) + 3000.00 × 25 % (wang) = 375.00 +  750.00 = 1125.00
 * A won (9999.00) and a lost (8888.00) one in 2026-12 and an open one in 2027-03 (outside the
 * range asked) do not count. */
static void test_forecast_hand_computed(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	fx_opp(f, "1000", "2026-12-05", "线索确认", "li");
	fx_opp(f, "2000", "2026-12-31", "方案报价", "li");
	fx_opp(f, "500", "2027-01-01", "谈判审核", "li");
	fx_opp(f, "3000", "2027-01-20", "需求分析", "wang");
	fx_opp(f, "700", "2027-03-01", "需求分析", "wang");
	int64_t w = fx_opp(f, "9999", "2026-12-10", NULL, "li");
	int64_t l = fx_opp(f, "8888", "2026-12-10", NULL, "li");
	assert_int_equal(app_opportunity_move(&f->app, w, "赢单", "ok", &err), GX_OK);
	assert_int_equal(app_opportunity_move(&f->app, l, "输单", "no", &err), GX_OK);

	struct sales_forecast_row *rows;
	size_t n;
	assert_int_equal(app_sales_forecast(&f->app, "2026-11", "2027-02", SALES_GROUP_NONE, &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].month, "2026-12");
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(rows[0].amount_fen, 300000);
	assert_true(rows[0].weighted_yuan == 1100.0);
	assert_string_equal(rows[1].month, "2027-01");
	assert_int_equal(rows[1].count, 2);
	assert_int_equal(rows[1].amount_fen, 350000);
	assert_true(rows[1].weighted_yuan == 1125.0);

	assert_int_equal(app_sales_forecast(&f->app, "2026-11", "2027-02", SALES_GROUP_OWNER, &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].group_id, f->rep1);
	assert_true(rows[0].weighted_yuan == 1100.0);
	assert_string_equal(rows[1].month, "2027-01");
	assert_int_equal(rows[1].group_id, f->rep1);
	assert_true(rows[1].weighted_yuan == 375.0);
	assert_int_equal(rows[2].group_id, f->rep2);
	assert_true(rows[2].weighted_yuan == 750.0);

	assert_int_equal(app_sales_forecast(&f->app, "2026-11", "2027-12", SALES_GROUP_DEPARTMENT, &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[2].group_id, f->dept1);
	assert_true(rows[2].weighted_yuan == 175.0);   /* 700.00 × 25 % */

	/* A stage's probability is read at forecast time. */
	assert_int_equal(app_sales_forecast(&f->app, "2027-01", "2026-12", SALES_GROUP_NONE, &f->a, &rows, &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "to");
	assert_int_equal(app_sales_forecast(&f->app, "2027-1", "2027-12", SALES_GROUP_NONE, &f->a, &rows, &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "from");
}

/* Win rate 2 / 3, average deal (1000.00 + 3000.00) / 2 = 2000.00, cycle (10 + 20) / 2 = 15 days. */
static void test_stats_and_targets(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t a = fx_opp(f, "1000", "2026-12-31", NULL, "li");
	int64_t b = fx_opp(f, "3000", "2026-12-31", NULL, "li");
	int64_t c = fx_opp(f, "5000", "2026-12-31", NULL, "wang");
	fx_opp(f, "7000", "2026-12-31", NULL, "wang");
	setenv("GUANXI_NOW", "2026-12-06T03:00:00Z", 1);
	assert_int_equal(app_opportunity_move(&f->app, a, "赢单", "签了", &err), GX_OK);
	assert_int_equal(app_opportunity_move(&f->app, c, "输单", "太贵", &err), GX_OK);
	setenv("GUANXI_NOW", "2026-12-16T03:00:00Z", 1);
	assert_int_equal(app_opportunity_move(&f->app, b, "赢单", "签了", &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_opportunity, a, "cycle_days"), 10);
	assert_int_equal(fx_int(f, &entity_opportunity, b, "cycle_days"), 20);

	struct sales_stats s;
	assert_int_equal(app_sales_stats(&f->app, NULL, NULL, 0, &s, &err), GX_OK);
	assert_int_equal(s.won, 2);
	assert_int_equal(s.lost, 1);
	assert_int_equal(s.open, 1);
	assert_int_equal(s.won_fen, 400000);
	assert_true(s.win_rate == 2.0 / 3.0);
	assert_true(s.avg_deal_yuan == 2000.0);
	assert_true(s.avg_cycle_days == 15.0);
	assert_int_equal(app_sales_stats(&f->app, "2026-12-10", "2026-12-31", 0, &s, &err), GX_OK);
	assert_int_equal(s.won, 1);
	assert_int_equal(s.lost, 0);
	assert_true(s.win_rate == 1.0);
	assert_int_equal(app_sales_stats(&f->app, NULL, NULL, f->rep2, &s, &err), GX_OK);
	assert_true(s.win_rate == 0.0);
	assert_int_equal(app_sales_stats(&f->app, "2026-12-31", "2026-12-01", 0, &s, &err), GX_EINVAL);
	assert_string_equal(err.field, "to");

	/* Targets: li 8000.00 in 2026-12 → 4000.00 won = 50 %; team EAST 5000.00 → 80 %. */
	char *before = fx_digest(f);
	assert_int_equal(app_target_set(&f->app, "2026-13", f->rep1, 0, 800000, &err), GX_EINVAL);
	assert_string_equal(err.field, "month");
	assert_int_equal(app_target_set(&f->app, "2026-12", f->rep1, f->team1, 800000, &err), GX_EINVAL);
	assert_int_equal(app_target_set(&f->app, "2026-12", f->rep1, 0, -1, &err), GX_EINVAL);
	assert_string_equal(err.field, "target_fen");
	assert_int_equal(app_target_set(&f->app, "2026-12", 777, 0, 100, &err), GX_EINVAL);
	assert_string_equal(err.field, "user_id");
	char *after = fx_digest(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(app_target_set(&f->app, "2026-12", f->rep1, 0, 100000, &err), GX_OK);
	assert_int_equal(app_target_set(&f->app, "2026-12", f->rep1, 0, 800000, &err), GX_OK);   /* replaces */
	assert_int_equal(app_target_set(&f->app, "2026-12", 0, f->team1, 500000, &err), GX_OK);
	assert_int_equal(app_target_set(&f->app, "2026-12", f->rep2, 0, 100000, &err), GX_OK);
	struct sales_target_row *rows;
	size_t n;
	assert_int_equal(app_target_report(&f->app, "2026-12", &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].user_id == f->rep1) {
			assert_int_equal(rows[i].target_fen, 800000);
			assert_int_equal(rows[i].achieved_fen, 400000);
			assert_true(rows[i].completion_rate == 0.5);
		} else if (rows[i].team_id == f->team1) {
			assert_true(rows[i].completion_rate == 0.8);
		} else {
			assert_int_equal(rows[i].user_id, f->rep2);
			assert_true(rows[i].completion_rate == 0.0);
		}
	}
	assert_int_equal(app_target_report(&f->app, "2027-01", &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 0);
}

/* A customer recycled to the pool: its open opportunities lose their owner, closed ones keep it. */
static void test_unassign_on_recycle(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t open = fx_opp(f, "100", "2026-12-31", NULL, "li");
	int64_t won = fx_opp(f, "100", "2026-12-31", NULL, "li");
	assert_int_equal(app_opportunity_move(&f->app, won, "赢单", "ok", &err), GX_OK);
	int64_t changed = -1;
	assert_int_equal(store_sales_unassign_open(f->app.store, f->cust, "2026-11-26T03:00:00Z", &changed, &err), GX_OK);
	assert_int_equal(changed, 1);
	assert_true(fx_int(f, &entity_opportunity, open, "owner_id") == 0);
	assert_true(fx_int(f, &entity_opportunity, open, "department_id") == 0);
	assert_int_equal(fx_int(f, &entity_opportunity, won, "owner_id"), f->rep1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_pipeline_rules),
		FX_TEST(test_opportunity_allowed_moves),
		FX_TEST(test_opportunity_forbidden_moves),
		FX_TEST(test_opportunity_bad_input),
		FX_TEST(test_forecast_hand_computed),
		FX_TEST(test_stats_and_targets),
		FX_TEST(test_unassign_on_recycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
