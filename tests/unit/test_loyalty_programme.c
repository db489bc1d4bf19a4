/* Unit tests of the loyalty programme on SQLite and, in the PostgreSQL pass, PostgreSQL: the
 * points ledger's invariants after every step (balance = sum of entries = sum of credits' points
 * left, never negative, every debit fully allocated), FIFO consumption and expiry, tier changes
 * exactly at thresholds, the frequency reward, stage advice, and refused requests (redeeming
 * more than the balance, earning twice, no reason) that change nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/datetime.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t club, cust, other;
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

/* expr must succeed; otherwise the message says why. */
#define OK(expr)                                                                              \
	do {                                                                                  \
		if ((expr) != GX_OK)                                                          \
			fail_msg("%s: %s (%s)", #expr, err.message, err.field);               \
	} while (0)

static int64_t q(struct fx *f, const char *sql)
{
	struct gx_error err;
	int64_t n = -1;
	if (db_query_i64(f->app.store, sql, &n, NULL, &err, "") != GX_OK)
		fail_msg("%s: %s", sql, err.message);
	return n;
}

/* The ledger invariants, checked after every step. */
static void check_ledger(struct fx *f)
{
	struct gx_error err;
	int64_t balance, credited;
	assert_int_equal(store_points_totals(f->app.store, f->club, f->cust, &balance, &credited, &err), GX_OK);
	assert_int_equal(balance, q(f, "SELECT COALESCE(SUM(points), 0) FROM points_ledger"));
	assert_int_equal(balance, q(f, "SELECT COALESCE(SUM(remaining), 0) FROM points_ledger"));
	assert_true(balance >= 0);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger WHERE points < 0 AND remaining <> 0"), 0);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger WHERE points > 0 AND remaining > points"), 0);
	/* every debit is allocated in full; no credit gives more than it had */
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger d WHERE d.points < 0 AND -d.points <>"
	                      " (SELECT COALESCE(SUM(pa.points), 0) FROM points_allocations pa WHERE pa.debit_id = d.id)"), 0);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger c WHERE c.points > 0 AND c.points - c.remaining <>"
	                      " (SELECT COALESCE(SUM(pa.points), 0) FROM points_allocations pa WHERE pa.credit_id = c.id)"), 0);
	/* every entry has its cause: an order for earn, a reason otherwise */
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger WHERE (kind = 'earn' AND order_id IS NULL)"
	                      " OR (kind <> 'earn' AND (reason IS NULL OR reason = ''))"), 0);
}

static int64_t order(struct fx *f, const char *no, int64_t cust, const char *qty, const char *at)
{
	struct gx_error err;
	struct record h;
	assert_int_equal(make(f, &entity_order, &h, &err, gx_arena_printf(&f->a, "order_no=%s", no),
	                      gx_arena_printf(&f->a, "ordered_at=%s", at), NULL), GX_OK);
	record_set_int(&h, "customer_id", cust);
	struct order_line_input line = {0};
	assert_int_equal(make(f, &entity_order_line, &line.line, &err, "product_id=P1",
	                      gx_arena_printf(&f->a, "quantity=%s", qty), "unit_price_fen=100.00", NULL), GX_OK);
	assert_int_equal(app_order_save(&f->app, &h, &line, 1, &f->a, &err), GX_OK);
	return h.id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct gx_error err;
	setenv("GUANXI_NOW", "2025-01-01T04:00:00Z", 1);
	if (test_db_create(&f->db) != 0 || app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "cannot open the test database: %s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	*state = f;
	struct record r;
	assert_int_equal(make(f, &entity_customer, &r, &err, "name=王芳", NULL), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &r, 0, &f->a, NULL, &err), GX_OK);
	f->cust = r.id;
	assert_int_equal(make(f, &entity_customer, &r, &err, "name=李娜", NULL), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &r, 0, &f->a, NULL, &err), GX_OK);
	f->other = r.id;
	assert_int_equal(make(f, &entity_product, &r, &err, "sku=P1", "name=茶", "price_fen=100.00", "cost_fen=60.00", NULL), GX_OK);
	assert_int_equal(app_org_create(&f->app, &r, &f->a, &err), GX_OK);
	/* 1 point per yuan, 12 months' validity, 1% per repeat purchase capped at 3% */
	assert_int_equal(make(f, &entity_club, &r, &err, "code=TEA", "name=茶友会", "freq_cap_bp=300", NULL), GX_OK);
	assert_int_equal(app_club_create(&f->app, &r, &err), GX_OK);
	f->club = r.id;
	int64_t t;
	assert_int_equal(app_club_tier_add(&f->app, f->club, "member", "会员", 0, &t, &err), GX_OK);
	assert_int_equal(app_club_tier_add(&f->app, f->club, "silver", "银卡", 1000, &t, &err), GX_OK);
	assert_int_equal(app_club_tier_add(&f->app, f->club, "gold", "金卡", 5000, &t, &err), GX_OK);
	assert_int_equal(app_club_join(&f->app, f->club, f->cust, NULL, &err), GX_OK);   /* today: 2025-01-01 */
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

static void test_ledger_fifo_and_expiry(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t pts, id;
	int64_t o1 = order(f, "SO1", f->cust, "6", "2025-01-10T02:00:00Z");   /* 600 yuan */
	int64_t o2 = order(f, "SO2", f->cust, "5", "2025-03-01T02:00:00Z");   /* 500 yuan */
	int64_t o3 = order(f, "SO3", f->cust, "3", "2025-06-01T02:00:00Z");   /* 300 yuan */
	OK(app_points_earn_order(&f->app, f->club, o1, &pts, &err));
	assert_int_equal(pts, 600);
	check_ledger(f);
	OK(app_points_earn_order(&f->app, f->club, o2, &pts, &err));
	OK(app_points_earn_order(&f->app, f->club, o3, &pts, &err));
	check_ledger(f);
	setenv("GUANXI_NOW", "2025-07-01T04:00:00Z", 1);
	/* 700 points: all 600 of SO1, then 100 of SO2 (oldest first) */
	OK(app_points_redeem(&f->app, f->club, f->cust, 700, "兑换茶具", &id, &err));
	check_ledger(f);
	assert_int_equal(q(f, "SELECT remaining FROM points_ledger WHERE order_id = (SELECT id FROM orders WHERE order_no = 'SO1')"), 0);
	assert_int_equal(q(f, "SELECT remaining FROM points_ledger WHERE order_id = (SELECT id FROM orders WHERE order_no = 'SO2')"), 400);
	assert_int_equal(q(f, "SELECT remaining FROM points_ledger WHERE order_id = (SELECT id FROM orders WHERE order_no = 'SO3')"), 300);

	/* refused: more than the balance (700), nothing changes */
	int64_t entries = q(f, "SELECT COUNT(*) FROM points_ledger"), audits = q(f, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(app_points_redeem(&f->app, f->club, f->cust, 701, "太多", &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "points");
	assert_non_null(strstr(err.message, "700"));
	assert_int_equal(app_points_adjust(&f->app, f->club, f->cust, -701, "更正", &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "points");
	assert_int_equal(app_points_redeem(&f->app, f->club, f->cust, 0, "零", &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "points");
	assert_int_equal(app_points_redeem(&f->app, f->club, f->cust, 10, "", &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(app_points_adjust(&f->app, f->club, f->cust, 5, NULL, &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(app_points_earn_order(&f->app, f->club, o1, &pts, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "order_id");
	assert_int_equal(app_points_redeem(&f->app, f->club, f->other, 1, "非会员", &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "customer_id");
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger"), entries);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM audit_log"), audits);
	check_ledger(f);

	/* 2026-03-05: SO2's credit (expires 2026-03-01) lapses with its 400 left; SO3's does not */
	setenv("GUANXI_NOW", "2026-03-05T04:00:00Z", 1);
	int64_t n, expired;
	OK(app_points_expire(&f->app, f->club, 0, NULL, &n, &expired, &err));
	assert_int_equal(n, 1);
	assert_int_equal(expired, 400);
	check_ledger(f);
	int64_t balance, credited;
	assert_int_equal(store_points_totals(f->app.store, f->club, f->cust, &balance, &credited, &err), GX_OK);
	assert_int_equal(balance, 300);
	assert_int_equal(credited, 1400);
	/* a second run finds nothing more */
	OK(app_points_expire(&f->app, f->club, 0, NULL, &n, &expired, &err));
	assert_int_equal(n, 0);
	/* a redemption after SO3 lapsed (2026-06-01) finds it expired first and is refused */
	setenv("GUANXI_NOW", "2026-06-02T04:00:00Z", 1);
	assert_int_equal(app_points_redeem(&f->app, f->club, f->cust, 300, "过期后", &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "points");
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger WHERE kind = 'expire'"), 1);   /* rolled back */
	OK(app_points_adjust(&f->app, f->club, f->cust, 50, "客服补偿", &id, &err));
	check_ledger(f);
	assert_int_equal(store_points_totals(f->app.store, f->club, f->cust, &balance, &credited, &err), GX_OK);
	assert_int_equal(balance, 50);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM points_ledger WHERE kind = 'expire'"), 2);
}

static void test_tiers_change_at_thresholds(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct loyalty_status st;
	int64_t id;
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_string_equal(st.tier_code, "member");
	assert_string_equal(st.next_tier_code, "silver");
	assert_int_equal(st.points_to_next, 1000);
	OK(app_points_adjust(&f->app, f->club, f->cust, 999, "迁移旧积分", &id, &err));
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_string_equal(st.tier_code, "member");
	assert_int_equal(st.points_to_next, 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'tier_change'"), 0);   /* member from 0 */
	OK(app_points_adjust(&f->app, f->club, f->cust, 1, "迁移旧积分", &id, &err));
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_string_equal(st.tier_code, "silver");   /* exactly 1000 */
	assert_string_equal(st.tier_name, "银卡");
	assert_int_equal(q(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'tier_change'"), 1);
	/* redeeming does not demote: the tier counts lifetime credited points */
	OK(app_points_redeem(&f->app, f->club, f->cust, 1000, "兑换", &id, &err));
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_string_equal(st.tier_code, "silver");
	assert_int_equal(st.balance, 0);
	OK(app_points_adjust(&f->app, f->club, f->cust, 4000, "活动奖励", &id, &err));
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_string_equal(st.tier_code, "gold");
	assert_null(st.next_tier_code);
	check_ledger(f);
	/* bad tiers are refused */
	assert_int_equal(app_club_tier_add(&f->app, f->club, "platinum", "白金", 5000, &id, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "threshold_points");
	assert_int_equal(app_club_tier_add(&f->app, f->club, "x", "x", -1, &id, &err), GX_EINVAL);
	assert_string_equal(err.field, "threshold_points");
	assert_int_equal(q(f, "SELECT COUNT(*) FROM club_tiers"), 3);
}

static void test_membership_and_frequency_reward(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	assert_int_equal(app_club_join(&f->app, f->club, f->cust, NULL, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "customer_id");
	assert_int_equal(app_club_leave(&f->app, f->club, f->cust, "2024-12-31", &err), GX_EINVAL);
	assert_string_equal(err.field, "left_on");
	assert_int_equal(app_club_join(&f->app, f->club, f->other, "2025-02-30", &err), GX_EINVAL);
	assert_string_equal(err.field, "joined_on");
	/* purchases since joining: 4 (one before joining does not count); discount (4 − 1) × 1% capped at 3% */
	int64_t before = order(f, "SO0", f->cust, "1", "2024-12-20T02:00:00Z");
	order(f, "SO1", f->cust, "1", "2025-01-02T02:00:00Z");
	order(f, "SO2", f->cust, "1", "2025-01-03T02:00:00Z");
	struct loyalty_status st;
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_int_equal(st.purchases, 2);
	assert_int_equal(st.frequency_discount_bp, 100);
	order(f, "SO3", f->cust, "1", "2025-01-04T02:00:00Z");
	order(f, "SO4", f->cust, "1", "2025-01-05T02:00:00Z");
	order(f, "SO5", f->cust, "1", "2025-01-06T02:00:00Z");
	assert_int_equal(app_loyalty_status(&f->app, f->club, f->cust, &f->a, &st, &err), GX_OK);
	assert_int_equal(st.purchases, 5);
	assert_int_equal(st.frequency_discount_bp, 300);   /* 4 % capped at 3 % */
	/* an order from before joining earns nothing; earn-all takes the five after */
	int64_t pts;
	assert_int_equal(app_points_earn_order(&f->app, f->club, before, &pts, &err), GX_EINVAL);
	assert_string_equal(err.field, "order_id");
	int64_t orders;
	OK(app_points_earn_all(&f->app, f->club, &orders, &pts, &err));
	assert_int_equal(orders, 5);
	assert_int_equal(pts, 500);
	OK(app_points_earn_all(&f->app, f->club, &orders, &pts, &err));
	assert_int_equal(orders, 0);
	check_ledger(f);
	assert_int_equal(app_club_leave(&f->app, f->club, f->cust, "2025-02-01", &err), GX_OK);
	size_t n;
	struct loyalty_status *all;
	assert_int_equal(app_loyalty_customer(&f->app, f->cust, &f->a, &all, &n, &err), GX_OK);
	assert_int_equal(n, 0);
}

/* A customer's standing lists the clubs in club order (the index order of the GET's query), not
 * in the order they were joined; a club left is not listed, one joined again is. */
static void test_customer_clubs_in_club_order(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record r;
	assert_int_equal(make(f, &entity_club, &r, &err, "code=WINE", "name=品酒会", NULL), GX_OK);
	assert_int_equal(app_club_create(&f->app, &r, &err), GX_OK);
	int64_t wine = r.id;
	assert_true(wine > f->club);
	/* the other customer joins the later club first */
	assert_int_equal(app_club_join(&f->app, wine, f->other, NULL, &err), GX_OK);
	assert_int_equal(app_club_join(&f->app, f->club, f->other, NULL, &err), GX_OK);
	size_t n;
	struct loyalty_status *st;
	assert_int_equal(app_loyalty_customer(&f->app, f->other, &f->a, &st, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	assert_int_equal(st[0].club_id, f->club);
	assert_string_equal(st[0].club_code, "TEA");
	assert_int_equal(st[1].club_id, wine);
	assert_string_equal(st[1].club_code, "WINE");
	assert_int_equal(app_club_leave(&f->app, f->club, f->other, "2025-01-01", &err), GX_OK);
	assert_int_equal(app_loyalty_customer(&f->app, f->other, &f->a, &st, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].club_id, wine);
	assert_int_equal(app_club_join(&f->app, f->club, f->other, NULL, &err), GX_OK);
	assert_int_equal(app_loyalty_customer(&f->app, f->other, &f->a, &st, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	assert_int_equal(st[0].club_id, f->club);
	assert_int_equal(st[1].club_id, wine);
}

/* A seeded random walk of earn, redeem, adjust and expire over two years against a model of
 * the ledger written here (credits in order, debits taken oldest first, lapsed credits cleared
 * before each verb): after every step the balance and every credit's points left must match
 * the model, refusals must match it too, and the invariants must hold. */
struct model_credit {
	int64_t remaining;
	int32_t expires;
};

static uint64_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

static void model_expire(struct model_credit *m, size_t n, int32_t today)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].expires <= today)
			m[i].remaining = 0;
}

static int64_t model_balance(const struct model_credit *m, size_t n)
{
	int64_t b = 0;
	for (size_t i = 0; i < n; i++)
		b += m[i].remaining;
	return b;
}

static void model_take(struct model_credit *m, size_t n, int64_t pts)
{
	for (size_t i = 0; i < n && pts > 0; i++) {
		int64_t t = m[i].remaining < pts ? m[i].remaining : pts;
		m[i].remaining -= t;
		pts -= t;
	}
}

static void test_random_walk_matches_model(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct model_credit m[200];
	size_t n = 0;
	uint64_t seed = 20250101;
	int32_t day;
	assert_int_equal(gx_date_parse("2025-01-02", &day, "day", &err), GX_OK);
	int refused = 0;
	for (int step = 0; step < 80; step++) {
		day += 1 + (int32_t)(lcg(&seed) % 16);
		char buf[GX_DATE_FMT_SIZE], now[40];
		snprintf(now, sizeof now, "%sT02:00:00Z", gx_date_format(day, buf));
		setenv("GUANXI_NOW", now, 1);
		/* half earns, a fifth debits, the rest explicit expiry runs */
		int r = (int)(lcg(&seed) % 10), op = r < 5 ? 0 : r == 5 ? 1 : r == 6 ? 2 : 3;
		int64_t id, pts;
		if (op == 0 && n < 200) {
			int qty = 1 + (int)(lcg(&seed) % 9);
			int64_t o = order(f, gx_arena_printf(&f->a, "RW%d", step), f->cust,
			                  gx_arena_printf(&f->a, "%d", qty), now);
			OK(app_points_earn_order(&f->app, f->club, o, &pts, &err));
			assert_int_equal(pts, qty * 100);
			model_expire(m, n, day);
			m[n++] = (struct model_credit){qty * 100, gx_date_add_months(day, 12)};
		} else if (op == 1 || op == 2) {
			model_expire(m, n, day);
			int64_t bal = model_balance(m, n);
			int64_t want = 1 + (int64_t)(lcg(&seed) % (uint64_t)(bal / 16 + 30));   /* over the balance now and then */
			enum gx_err e = op == 1 ? app_points_redeem(&f->app, f->club, f->cust, want, "兑换", &id, &err)
			                        : app_points_adjust(&f->app, f->club, f->cust, -want, "冲正", &id, &err);
			if (want > bal) {
				assert_int_equal(e, GX_EINVAL);
				assert_string_equal(err.field, "points");
				refused++;
			} else {
				assert_int_equal(e, GX_OK);
				model_take(m, n, want);
			}
		} else {
			int64_t entries, points;
			OK(app_points_expire(&f->app, f->club, 0, NULL, &entries, &points, &err));
			int64_t before = model_balance(m, n);
			model_expire(m, n, day);
			assert_int_equal(points, before - model_balance(m, n));
		}
		check_ledger(f);
		struct store_points_entry *e;
		size_t ne, k = 0;
		assert_int_equal(store_points_entries(f->app.store, f->club, f->cust, &f->a, &e, &ne, &err), GX_OK);
		for (size_t i = 0; i < ne; i++) {
			if (e[i].points <= 0)
				continue;
			assert_true(k < n);
			if (e[i].remaining != m[k].remaining)
				fail_msg("step %d: credit %lld has %lld left, the model %lld", step, (long long)e[i].id,
				         (long long)e[i].remaining, (long long)m[k].remaining);
			k++;
		}
		assert_int_equal(k, n);
	}
	/* the walk went through every branch */
	assert_true(refused > 0);
	assert_true(q(f, "SELECT COUNT(*) FROM points_ledger WHERE kind = 'expire'") > 0);
}

static void test_pure_rules(void **state)
{
	(void)state;
	assert_int_equal(loyalty_frequency_discount_bp(0, 100, 1000), 0);
	assert_int_equal(loyalty_frequency_discount_bp(1, 100, 1000), 0);
	assert_int_equal(loyalty_frequency_discount_bp(2, 100, 1000), 100);
	assert_int_equal(loyalty_frequency_discount_bp(11, 100, 1000), 1000);
	assert_int_equal(loyalty_frequency_discount_bp(12, 100, 1000), 1000);
	assert_int_equal(loyalty_frequency_discount_bp(INT64_MAX, 250, 1000), 1000);
	assert_int_equal(loyalty_points_for_fen(12345, 1), 123);       /* 123.45 yuan */
	assert_int_equal(loyalty_points_for_fen(12345, 2), 246);       /* floor(246.9) */
	assert_int_equal(loyalty_points_for_fen(-100, 1), 0);
	const struct loyalty_stage_advice *a = loyalty_stage_advice("development");
	assert_non_null(a);
	assert_string_equal(a->relationship_phase_zh, "考察期");
	assert_string_equal(a->items[0].programme, "frequency_reward");
	assert_string_equal(a->items[1].programme, "emotional_contact");
	assert_string_equal(loyalty_stage_advice("growth")->items[0].programme, "special_treatment");
	assert_string_equal(loyalty_stage_advice("maturity")->items[0].programme, "community");
	assert_string_equal(loyalty_stage_advice("maturity")->items[0].rm_level, "structural");
	assert_null(loyalty_stage_advice("mature"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ledger_fifo_and_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tiers_change_at_thresholds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_membership_and_frequency_reward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_customer_clubs_in_club_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_walk_matches_model, setup, teardown),
		cmocka_unit_test(test_pure_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
