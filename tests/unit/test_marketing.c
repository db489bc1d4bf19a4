/* Unit tests of marketing (segments, campaigns) on SQLite and, in the PostgreSQL pass,
 * PostgreSQL: segment counts equal the rows their filter returns, filters reach scores and
 * tags, campaign figures against hand-computed values, and refused requests (unknown segment
 * field, negative budget, launching twice, responses of non-members) that change nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/marketing.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/score_store.h"
#include "store/driver.h"
#include "support/assert_near.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t c[6];       /* customers A…F */
};

static enum gx_err make(struct fx *f, const struct entity_def *def, struct record *r,
                        struct gx_error *err, ...)
{
	record_init(r, def, &f->a);
	va_list ap;
	va_start(ap, err);
	const char *pair;
	enum gx_err e = GX_OK;
	while (e == GX_OK && (pair = va_arg(ap, const char *))) {
		const char *eq = strchr(pair, '=');
		char *field = gx_arena_strndup(&f->a, pair, (size_t)(eq - pair));
		e = app_field_set_text(&f->app, r, field, eq + 1, &f->a, err);
	}
	va_end(ap);
	return e;
}

static int64_t customer(struct fx *f, const char *name, const char *city, const char *tags)
{
	struct record r;
	struct gx_error err;
	assert_int_equal(make(f, &entity_customer, &r, &err, gx_arena_printf(&f->a, "name=%s", name),
	                      gx_arena_printf(&f->a, "city=%s", city), gx_arena_printf(&f->a, "tags=%s", tags),
	                      NULL), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &r, 1, &f->a, NULL, &err), GX_OK);
	return r.id;
}

/* Scores as `guanxi score` would leave them: clv_yuan, p_alive, stage, ABC class. */
static void scores(struct fx *f)
{
	struct gx_error err;
	struct store *s = f->app.store;
	int64_t run;
	struct store_score_run sr = {0, "2025-06-01", 5, 4, "{}", NULL};
	static const struct { double clv, palive; const char *stage, *abc, *rfm; } v[] = {
		{1200.5, 0.92, "maturity", "A", "champions"},
		{80.0, 0.40, "decline", "C", "at_risk"},
		{560.0, 0.75, "growth", "B", "loyal"},
		{15.0, 0.08, "termination", "C", "lost"},
		{NAN, NAN, "prospect", NULL, NULL},
	};
	struct store_score rows[5];
	memset(rows, 0, sizeof rows);
	for (int i = 0; i < 5; i++) {
		rows[i].customer_id = f->c[i];
		rows[i].purchases = i < 4 ? 4 - i : 0;
		rows[i].recency_days = i < 4 ? 10 * (i + 1) : -1;
		rows[i].monetary_yuan = NAN;
		rows[i].clv_yuan = v[i].clv;
		rows[i].p_alive = v[i].palive;
		rows[i].expected_12m = NAN;
		rows[i].lifecycle_stage = v[i].stage;
		rows[i].abc_class = v[i].abc;
		rows[i].rfm_segment = v[i].rfm;
	}
	assert_int_equal(store_begin(s, &err), GX_OK);
	assert_int_equal(store_score_run_insert(s, &sr, &run, &err), GX_OK);
	assert_int_equal(store_scores_replace(s, run, "2025-06-01", rows, 5, &err), GX_OK);
	assert_int_equal(store_commit(s, &err), GX_OK);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct gx_error err;
	setenv("GUANXI_NOW", "2025-06-01T00:00:00Z", 1);
	if (test_db_create(&f->db) != 0 || app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "cannot open the test database: %s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	*state = f;
	/* A, B, C in Shanghai; D in Beijing; E in Shanghai without scores' money; F in the bin. */
	f->c[0] = customer(f, "甲公司", "上海", "vip;wholesale");
	f->c[1] = customer(f, "乙商行", "上海", "");
	f->c[2] = customer(f, "丙超市", "上海", "vip");
	f->c[3] = customer(f, "丁百货", "北京", "vip");
	f->c[4] = customer(f, "戊小店", "上海", "new");
	f->c[5] = customer(f, "己公司", "上海", "vip");
	assert_int_equal(app_customer_delete(&f->app, f->c[5], &err), GX_OK);
	scores(f);
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

static int64_t count_sql(struct fx *f, const char *sql)
{
	struct gx_error err;
	int64_t n = -1;
	assert_int_equal(db_query_i64(f->app.store, sql, &n, NULL, &err, ""), GX_OK);
	return n;
}

/* The count and the rows the list returns, both equal to the hand-counted want. */
static void check_filter(struct fx *f, const char *text, int64_t want)
{
	struct gx_error err;
	int64_t n = -1;
	if (app_segment_count_text(&f->app, text, &n, &err) != GX_OK)
		fail_msg("%s: %s", text, err.message);
	if (n != want)
		fail_msg("%s: count %lld, expected %lld", text, (long long)n, (long long)want);
	struct filter_node *node;
	assert_int_equal(app_segment_parse(text, &f->a, &node, &err), GX_OK);
	struct store_list_query q = {.filter = node, .deleted = STORE_LIVE, .limit = 1000};
	struct store_list_result res;
	assert_int_equal(store_record_list(f->app.store, &entity_customer, &q, &f->a, &res, &err), GX_OK);
	assert_int_equal((int64_t)res.count, want);
}

static void test_segment_filters_reach_scores_and_tags(void **state)
{
	struct fx *f = *state;
	check_filter(f, "city eq '上海'", 4);                          /* F is in the bin */
	check_filter(f, "tag eq 'vip'", 3);                           /* A, C, D */
	check_filter(f, "tags eq 'vip' and city eq '上海'", 2);        /* A, C */
	check_filter(f, "tag ne 'vip'", 2);                           /* B, E */
	check_filter(f, "tag isnull", 1);                             /* B */
	check_filter(f, "tag in ('new', 'wholesale')", 2);            /* A, E */
	check_filter(f, "tag contains 'VIP'", 3);                     /* case-folded */
	check_filter(f, "clv_yuan gt 500", 2);                        /* A 1200.5, C 560 */
	check_filter(f, "clv_yuan ge 80 and p_alive lt 0.5", 1);      /* B */
	check_filter(f, "clv_yuan isnull", 1);                        /* E: NaN stored as NULL */
	check_filter(f, "lifecycle_stage in ('growth', 'maturity')", 2);
	check_filter(f, "abc_class eq 'C' or rfm_segment eq 'champions'", 3);
	check_filter(f, "not (abc_class eq 'C') and purchases ge 1", 2);   /* A, C */
	check_filter(f, "recency_days between (15, 40)", 3);          /* B 20, C 30, D 40 */
	check_filter(f, "points_balance eq 0 and club isnull and campaign isnull", 5);
}

static void test_segment_bad_filters_change_nothing(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t n;
	assert_int_equal(app_segment_count_text(&f->app, "clv eq 3", &n, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "unknown field \"clv\""));
	assert_int_equal(app_segment_count_text(&f->app, "clv_yuan eq 'high'", &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "clv_yuan");
	assert_int_equal(app_segment_count_text(&f->app, "rfm_r eq 2.5", &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "rfm_r");
	assert_int_equal(app_segment_count_text(&f->app, "lifecycle_stage eq 'mature'", &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "lifecycle_stage");
	assert_non_null(strstr(err.message, "mature"));

	struct record s;
	assert_int_equal(make(f, &entity_segment, &s, &err, "code=S1", "name=高价值", "filter=clv_yuan gt 500", NULL), GX_OK);
	assert_int_equal(app_segment_create(&f->app, &s, &f->a, &err), GX_OK);
	int64_t audits = count_sql(f, "SELECT COUNT(*) FROM audit_log");
	struct record bad;
	assert_int_equal(make(f, &entity_segment, &bad, &err, "code=S2", "name=坏", "filter=region eq 'x'", NULL), GX_OK);
	assert_int_equal(app_segment_create(&f->app, &bad, &f->a, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "region"));
	assert_int_equal(make(f, &entity_segment, &bad, &err, "code=S1", "name=重复", "filter=city eq 'x'", NULL), GX_OK);
	assert_int_equal(app_segment_create(&f->app, &bad, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "code");
	/* an update to a bad filter is refused too */
	struct record patch;
	record_init(&patch, &entity_segment, &f->a);
	patch.id = s.id;
	record_set_text(&patch, "filter", "p_alive gt 'x'");
	assert_int_equal(app_segment_update(&f->app, &patch, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "p_alive");
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM segments"), 1);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log"), audits);
	int64_t cnt;
	assert_int_equal(app_segment_count(&f->app, s.id, &cnt, &err), GX_OK);
	assert_int_equal(cnt, 2);
}

static void product(struct fx *f)
{
	struct record p;
	struct gx_error err;
	assert_int_equal(make(f, &entity_product, &p, &err, "sku=P1", "name=茶", "price_fen=100.00",
	                      "cost_fen=60.00", NULL), GX_OK);
	assert_int_equal(app_org_create(&f->app, &p, &f->a, &err), GX_OK);
}

static int64_t order(struct fx *f, const char *no, int64_t cust, const char *refund_of, const char *qty,
                     const char *at)
{
	struct gx_error err;
	struct record h;
	assert_int_equal(make(f, &entity_order, &h, &err, gx_arena_printf(&f->a, "order_no=%s", no),
	                      gx_arena_printf(&f->a, "ordered_at=%s", at), NULL), GX_OK);
	record_set_int(&h, "customer_id", cust);
	if (refund_of) {
		record_set_text(&h, "kind", "refund");
		assert_int_equal(app_field_set_text(&f->app, &h, "refund_of", refund_of, &f->a, &err), GX_OK);
	}
	struct order_line_input line = {0};
	assert_int_equal(make(f, &entity_order_line, &line.line, &err, "product_id=P1",
	                      gx_arena_printf(&f->a, "quantity=%s", qty), "unit_price_fen=100.00", NULL), GX_OK);
	assert_int_equal(app_order_save(&f->app, &h, &line, 1, &f->a, &err), GX_OK);
	return h.id;
}

static int64_t campaign(struct fx *f, const char *code, const char *segment, const char *budget,
                        const char *cost)
{
	struct record c;
	struct gx_error err;
	assert_int_equal(make(f, &entity_campaign, &c, &err, gx_arena_printf(&f->a, "code=%s", code),
	                      "name=夏季促销", "type=promotion", "rm_level=financial",
	                      gx_arena_printf(&f->a, "segment_id=%s", segment),
	                      gx_arena_printf(&f->a, "budget_fen=%s", budget),
	                      gx_arena_printf(&f->a, "actual_cost_fen=%s", cost), NULL), GX_OK);
	assert_int_equal(app_campaign_create(&f->app, &c, &f->a, &err), GX_OK);
	return c.id;
}

static void test_campaign_roi_hand_computed(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record s;
	assert_int_equal(make(f, &entity_segment, &s, &err, "code=SH", "name=上海客户", "filter=city eq '上海'", NULL), GX_OK);
	assert_int_equal(app_segment_create(&f->app, &s, &f->a, &err), GX_OK);
	int64_t id = campaign(f, "CP1", "SH", "1000.00", "200.00");
	int64_t members;
	assert_int_equal(app_campaign_launch(&f->app, id, &members, &err), GX_OK);
	assert_int_equal(members, 4);   /* A, B, C, E; not D (Beijing) nor F (bin) */

	/* Frozen: a new Shanghai customer after launch is not a member. */
	customer(f, "庚公司", "上海", "");
	struct campaign_stats st;
	assert_int_equal(app_campaign_stats(&f->app, id, &st, &err), GX_OK);
	assert_int_equal(st.members, 4);

	assert_int_equal(app_campaign_respond(&f->app, id, f->c[0], "phone", NULL, &err), GX_OK);
	assert_int_equal(app_campaign_respond(&f->app, id, f->c[2], "wechat", "asked for a quote", &err), GX_OK);
	product(f);
	/* A: 3 × 100.00 (cost 3 × 60.00); B: 5 × 100.00 (cost 300.00) with 1 refunded. */
	int64_t oa = order(f, "SO-A", f->c[0], NULL, "3", "2025-06-10T02:00:00Z");
	int64_t ob = order(f, "SO-B", f->c[1], NULL, "5", "2025-06-11T02:00:00Z");
	order(f, "RF-B", f->c[1], "SO-B", "1", "2025-06-12T02:00:00Z");
	assert_int_equal(app_campaign_convert(&f->app, id, oa, &err), GX_OK);
	assert_int_equal(app_campaign_convert(&f->app, id, ob, &err), GX_OK);

	assert_int_equal(app_campaign_stats(&f->app, id, &st, &err), GX_OK);
	assert_int_equal(st.responses, 2);
	assert_int_equal(st.conversions, 2);
	assert_int_equal(st.converted_customers, 2);
	assert_int_equal(st.revenue_fen, 70000);          /* 300 + 500 − 100 yuan */
	assert_int_equal(st.margin_fen, 28000);           /* 700 − (180 + 300 − 60) */
	assert_near(st.cost_per_response_yuan, 100.0, 1e-12);   /* 200 yuan / 2 */
	assert_near(st.roi, 0.4, 1e-12);                  /* (280 − 200) / 200 */
	assert_near(st.revenue_roi, 2.5, 1e-12);          /* (700 − 200) / 200 */
	assert_near(st.response_rate, 0.5, 1e-12);
	assert_near(st.conversion_rate, 0.5, 1e-12);
}

static void test_campaign_refusals_change_nothing(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record s, c;
	assert_int_equal(make(f, &entity_segment, &s, &err, "code=VIP", "name=VIP", "filter=tag eq 'vip'", NULL), GX_OK);
	assert_int_equal(app_segment_create(&f->app, &s, &f->a, &err), GX_OK);

	/* negative budget: refused by the field parser and by the use case */
	assert_int_equal(make(f, &entity_campaign, &c, &err, "code=N1", "name=x", "type=meeting",
	                      "rm_level=social", "budget_fen=-5.00", NULL), GX_EINVAL);
	assert_string_equal(err.field, "budget_fen");
	assert_int_equal(make(f, &entity_campaign, &c, &err, "code=N1", "name=x", "type=meeting",
	                      "rm_level=social", NULL), GX_OK);
	record_set_int(&c, "budget_fen", -500);
	assert_int_equal(app_campaign_create(&f->app, &c, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "budget_fen");
	assert_int_equal(make(f, &entity_campaign, &c, &err, "code=N1", "name=x", "type=fair", NULL), GX_EINVAL);
	assert_string_equal(err.field, "type");
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM campaigns"), 0);

	/* a campaign without a segment cannot launch */
	assert_int_equal(make(f, &entity_campaign, &c, &err, "code=N2", "name=无目标", "type=education",
	                      "rm_level=structural", NULL), GX_OK);
	assert_int_equal(app_campaign_create(&f->app, &c, &f->a, &err), GX_OK);
	int64_t m;
	assert_int_equal(app_campaign_launch(&f->app, c.id, &m, &err), GX_EINVAL);
	assert_string_equal(err.field, "segment_id");

	int64_t id = campaign(f, "CP2", "VIP", "500.00", "0");
	assert_int_equal(app_campaign_respond(&f->app, id, f->c[0], NULL, NULL, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "status");   /* a draft has no members yet */
	assert_int_equal(app_campaign_launch(&f->app, id, &m, &err), GX_OK);
	assert_int_equal(m, 3);
	int64_t audits = count_sql(f, "SELECT COUNT(*) FROM audit_log");
	int64_t version = count_sql(f, "SELECT version FROM campaigns WHERE code = 'CP2'");
	assert_int_equal(app_campaign_launch(&f->app, id, &m, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "status");
	assert_non_null(strstr(err.message, "already launched"));
	assert_int_equal(app_campaign_respond(&f->app, id, f->c[1], NULL, NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "customer_id");   /* B is not a VIP */
	assert_int_equal(app_campaign_respond(&f->app, id, f->c[3], NULL, NULL, &err), GX_OK);
	assert_int_equal(app_campaign_respond(&f->app, id, f->c[3], NULL, NULL, &err), GX_ECONFLICT);
	product(f);
	int64_t before = order(f, "SO-0", f->c[0], NULL, "1", "2025-05-01T00:00:00Z");
	assert_int_equal(app_campaign_convert(&f->app, id, before, &err), GX_EINVAL);   /* before launch */
	int64_t o = order(f, "SO-1", f->c[0], NULL, "1", "2025-06-02T00:00:00Z");
	assert_int_equal(app_campaign_convert(&f->app, id, o, &err), GX_OK);
	assert_int_equal(app_campaign_convert(&f->app, id, o, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "order_id");
	/* nothing but the one response and the one conversion changed */
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM campaign_members WHERE campaign_id IN (SELECT id FROM campaigns WHERE code = 'CP2')"), 3);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM campaign_conversions"), 1);
	assert_int_equal(count_sql(f, "SELECT version FROM campaigns WHERE code = 'CP2'"), version);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log"), audits + 2 + 3);   /* respond, 2 orders, convert */
	/* ROI without cost is undefined, not a division by zero */
	struct campaign_stats st;
	assert_int_equal(app_campaign_stats(&f->app, id, &st, &err), GX_OK);
	assert_true(isnan(st.roi));
	assert_true(isnan(st.cost_per_response_yuan) == 0);   /* 0 yuan / 1 response = 0 */
	assert_near(st.cost_per_response_yuan, 0.0, 0);
	/* the segment's later changes do not move the frozen list */
	assert_int_equal(count_sql(f, "SELECT member_count FROM campaigns WHERE code = 'CP2'"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_segment_filters_reach_scores_and_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_segment_bad_filters_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_campaign_roi_hand_computed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_campaign_refusals_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
