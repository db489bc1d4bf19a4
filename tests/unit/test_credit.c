/* Unit tests for customer credit management (MODELS.md M25): the 5C seed vector, ratings and
 * payment-history scores, grade boundaries, allowed forms, limits, the order check with each
 * refusal reason, receivables aging at every bucket edge, and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "guanxi/analytics/credit.h"
#include "guanxi/analytics/daynum.h"
#include "seedvec.h"

static void test_5c_vector(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *v = json_object_get(root, "M25_credit_5c");
	struct gx_credit_params p;
	gx_credit_params_default(&p);
	json_t *w = json_object_get(v, "weights");
	double scores[GX_CREDIT_CS];
	for (int i = 0; i < GX_CREDIT_CS; i++) {
		assert_float_equal(p.weight[i], json_number_value(json_array_get(w, (size_t)i)), 0);
		scores[i] = json_number_value(json_array_get(
			json_object_get(v, "scores_character_capacity_capital_collateral_conditions"),
			(size_t)i));
	}
	struct gx_credit_score s;
	struct gx_error err;
	assert_int_equal(gx_credit_score_total(scores, NULL, &s, &err), GX_OK);
	assert_float_equal(s.score, seedvec_num(v, "score"), 1e-9);
	assert_string_equal(gx_credit_grade_label(s.grade, GX_LANG_EN),
	                    "B (good)");
	assert_int_equal(s.grade, json_string_value(json_object_get(v, "grade"))[0] - 'A');
	/* Forms allowed for B (a dealer): credit sale, instalments, consignment; not charge. */
	json_t *forms = json_object_get(v, "forms_allowed_for_B");
	assert_int_equal(json_array_size(forms), 3);
	size_t allowed = 0;
	for (int f = GX_CREDIT_FORM_CHARGE_ACCOUNT; f < GX_CREDIT_FORMS; f++) {
		if (!gx_credit_form_allowed(GX_CREDIT_B, (enum gx_credit_form)f, true, NULL))
			continue;
		allowed++;
		const char *zh = gx_credit_form_label((enum gx_credit_form)f, GX_LANG_ZH);
		bool listed = false;
		for (size_t k = 0; k < json_array_size(forms); k++)
			if (strncmp(json_string_value(json_array_get(forms, k)), zh, strlen(zh)) == 0)
				listed = true;
		assert_true(listed);
	}
	assert_int_equal(allowed, 3);
	/* Rating to score: 1 → 0, 3 → 50, 5 → 100. */
	int r1 = 1, r3 = 3, r5 = 5;
	double x;
	assert_int_equal(gx_credit_score_from_ratings(&r1, 1, &x, &err), GX_OK);
	assert_float_equal(x, 0, 0);
	assert_int_equal(gx_credit_score_from_ratings(&r3, 1, &x, &err), GX_OK);
	assert_float_equal(x, 50, 0);
	assert_int_equal(gx_credit_score_from_ratings(&r5, 1, &x, &err), GX_OK);
	assert_float_equal(x, 100, 0);
	/* Limit factors. */
	json_t *lf = json_object_get(v, "limit_factor");
	const char *g[] = { "A", "B", "C", "D", "E" };
	for (int i = 0; i < GX_CREDIT_GRADES; i++) {
		int64_t lim;
		assert_int_equal(gx_credit_limit((enum gx_credit_grade)i, 100000, NULL, &lim, &err),
		                 GX_OK);
		assert_int_equal(lim, 100000 * json_integer_value(json_object_get(lf, g[i])));
	}
	json_decref(root);
}

static void test_scores_and_grades(void **state)
{
	(void)state;
	struct gx_error err;
	double x;
	int ratings[4] = { 2, 3, 4, 5 };   /* 25, 50, 75, 100 → 62.5 */
	assert_int_equal(gx_credit_score_from_ratings(ratings, 4, &x, &err), GX_OK);
	assert_float_equal(x, 62.5, 1e-12);
	ratings[2] = 6;
	assert_int_equal(gx_credit_score_from_ratings(ratings, 4, &x, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "rating 2"));
	assert_int_equal(gx_credit_score_from_ratings(ratings, 0, &x, &err), GX_EINVAL);
	/* Grade edges: exactly on a threshold is the higher grade; 1e-9 tolerance. */
	struct { double s; enum gx_credit_grade g; } cases[] = {
		{ 100, GX_CREDIT_A }, { 85, GX_CREDIT_A }, { 84.9999999999, GX_CREDIT_A },
		{ 84.99, GX_CREDIT_B }, { 70, GX_CREDIT_B }, { 69.9, GX_CREDIT_C },
		{ 55, GX_CREDIT_C }, { 40, GX_CREDIT_D }, { 39.999, GX_CREDIT_E }, { 0, GX_CREDIT_E },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum gx_credit_grade g;
		assert_int_equal(gx_credit_grade_of(cases[i].s, NULL, &g, &err), GX_OK);
		assert_int_equal(g, cases[i].g);
	}
	enum gx_credit_grade g;
	assert_int_equal(gx_credit_grade_of(NAN, NULL, &g, &err), GX_EINVAL);
	assert_int_equal(gx_credit_grade_of(101, NULL, &g, &err), GX_EINVAL);
	/* Bad 5C input. */
	double sc[5] = { 90, 80, NAN, 60, 50 };
	struct gx_credit_score s;
	assert_int_equal(gx_credit_score_total(sc, NULL, &s, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "capital"));
	sc[2] = 70;
	struct gx_credit_params p;
	gx_credit_params_default(&p);
	for (int i = 0; i < GX_CREDIT_CS; i++)
		p.weight[i] = 0;
	assert_int_equal(gx_credit_score_total(sc, &p, &s, &err), GX_EINVAL);
	/* Weights that do not sum to 1 are renormalised: all equal → plain mean 70. */
	for (int i = 0; i < GX_CREDIT_CS; i++)
		p.weight[i] = 2;
	assert_int_equal(gx_credit_score_total(sc, &p, &s, &err), GX_OK);
	assert_float_equal(s.score, 70, 1e-12);
	assert_int_equal(s.grade, GX_CREDIT_B);
	p.weight[1] = -1;
	assert_int_equal(gx_credit_score_total(sc, &p, &s, &err), GX_EINVAL);
	gx_credit_params_default(&p);
	p.grade_min[GX_CREDIT_B] = 90;
	assert_int_equal(gx_credit_grade_of(50, &p, &g, &err), GX_EINVAL);
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(gx_daynum_parse(s, "date", &d, NULL), GX_OK);
	return d;
}

static void test_character_from_payments(void **state)
{
	(void)state;
	struct gx_error err;
	double x;
	int32_t as_of = day("2026-06-01");
	struct gx_credit_invoice inv[] = {
		{ day("2026-03-31"), day("2026-03-31") },  /* paid on the due date: on time */
		{ day("2026-04-30"), day("2026-05-02") },  /* late */
		{ day("2026-05-15"), GX_CREDIT_UNPAID },   /* overdue, unpaid */
		{ day("2026-05-20"), day("2026-05-01") },  /* early: on time */
		{ day("2026-06-01"), GX_CREDIT_UNPAID },   /* due on as_of: not yet due */
		{ day("2026-05-31"), day("2026-06-05") },  /* paid after as_of: unpaid as of d */
	};
	assert_int_equal(gx_credit_character_from_payments(inv, 6, as_of, &x, &err), GX_OK);
	assert_float_equal(x, 100.0 * 2 / 5, 1e-12);
	assert_int_equal(gx_credit_character_from_payments(inv + 4, 1, as_of, &x, &err),
	                 GX_ENUMERIC);
	assert_int_equal(gx_credit_character_from_payments(NULL, 0, as_of, &x, &err), GX_ENUMERIC);
	assert_int_equal(gx_credit_character_from_payments(NULL, 2, as_of, &x, &err), GX_EINVAL);
}

static void test_capacity_and_limit(void **state)
{
	(void)state;
	struct gx_error err;
	int64_t m, lim;
	int32_t as_of = day("2026-07-01");
	/* Window [2025-07-01, 2026-07-01): the first two count (edges), the others not. */
	struct gx_credit_order o[] = {
		{ day("2025-07-01"), 600000 }, { day("2026-06-30"), 600006 },
		{ day("2025-06-30"), 999999 }, { day("2026-07-01"), 999999 },
	};
	assert_int_equal(gx_credit_monthly_capacity(o, 4, as_of, NULL, &m, &err), GX_OK);
	assert_int_equal(m, 100001);   /* 1200006 / 12 = 100000.5 → 100001 */
	assert_int_equal(gx_credit_limit(GX_CREDIT_A, m, NULL, &lim, &err), GX_OK);
	assert_int_equal(lim, 300003);
	assert_int_equal(gx_credit_monthly_capacity(NULL, 0, as_of, NULL, &m, &err), GX_OK);
	assert_int_equal(m, 0);
	assert_int_equal(gx_credit_monthly_capacity(o, 4, INT32_MAX, NULL, &m, &err), GX_EINVAL);
	o[0].net_fen = -1;
	assert_int_equal(gx_credit_monthly_capacity(o, 4, as_of, NULL, &m, &err), GX_EINVAL);
	struct gx_credit_params p;
	gx_credit_params_default(&p);
	p.capacity_months = 0;
	assert_int_equal(gx_credit_monthly_capacity(o, 4, as_of, &p, &m, &err), GX_EINVAL);
	/* Non-integer factor; bad inputs. */
	gx_credit_params_default(&p);
	p.limit_factor[GX_CREDIT_C] = 1.5;
	assert_int_equal(gx_credit_limit(GX_CREDIT_C, 1001, &p, &lim, &err), GX_OK);
	assert_int_equal(lim, 1502);   /* 1501.5 rounds to even */
	assert_int_equal(gx_credit_limit(GX_CREDIT_A, -5, NULL, &lim, &err), GX_EINVAL);
	assert_int_equal(gx_credit_limit((enum gx_credit_grade)8, 5, NULL, &lim, &err), GX_EINVAL);
	assert_int_equal(gx_credit_limit(GX_CREDIT_A, INT64_MAX / 2, NULL, &lim, &err), GX_EINVAL);
}

static void test_order_check(void **state)
{
	(void)state;
	struct gx_error err;
	struct gx_credit_decision d;
	struct gx_credit_order_check in = {
		.grade = GX_CREDIT_B, .form = GX_CREDIT_FORM_CREDIT_SALE, .dealer_or_retailer = false,
		.limit_fen = 200000, .open_receivables_fen = 100000, .unpaid_open_orders_fen = 50000,
		.new_order_fen = 50000,
	};
	/* Exposure exactly at the limit: allowed. */
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_true(d.allowed);
	assert_int_equal(d.exposure_fen, 200000);
	assert_int_equal(d.headroom_fen, 0);
	/* One fen over: refused for the limit. */
	in.new_order_fen = 50001;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_false(d.allowed);
	assert_int_equal(d.reason, GX_CREDIT_REFUSED_LIMIT);
	assert_int_equal(d.headroom_fen, -1);
	/* Cash is always allowed, whatever the exposure and grade. */
	in.form = GX_CREDIT_FORM_CASH;
	in.grade = GX_CREDIT_E;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_true(d.allowed);
	/* Charge account needs A. */
	in.form = GX_CREDIT_FORM_CHARGE_ACCOUNT;
	in.grade = GX_CREDIT_B;
	in.new_order_fen = 1;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_int_equal(d.reason, GX_CREDIT_REFUSED_FORM);
	assert_non_null(strstr(gx_credit_reason_label(d.reason, GX_LANG_EN), "form"));
	/* Consignment: dealers only; C may, D may not. */
	in.form = GX_CREDIT_FORM_CONSIGNMENT;
	in.grade = GX_CREDIT_C;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_int_equal(d.reason, GX_CREDIT_REFUSED_NOT_DEALER);
	in.dealer_or_retailer = true;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_true(d.allowed);
	in.grade = GX_CREDIT_D;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_OK);
	assert_int_equal(d.reason, GX_CREDIT_REFUSED_FORM);
	/* D and E: no credit form at all. */
	for (int f = GX_CREDIT_FORM_CHARGE_ACCOUNT; f < GX_CREDIT_FORMS; f++) {
		assert_false(gx_credit_form_allowed(GX_CREDIT_D, (enum gx_credit_form)f, true, NULL));
		assert_false(gx_credit_form_allowed(GX_CREDIT_E, (enum gx_credit_form)f, true, NULL));
		assert_true(gx_credit_form_allowed(GX_CREDIT_A, (enum gx_credit_form)f, true, NULL));
	}
	assert_false(gx_credit_form_allowed(GX_CREDIT_A, GX_CREDIT_FORMS, true, NULL));
	/* Bad input. */
	in.new_order_fen = -1;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_EINVAL);
	assert_string_equal(err.field, "new_order_fen");
	in.new_order_fen = INT64_MAX;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_EINVAL);
	in.new_order_fen = 1;
	in.form = (enum gx_credit_form)17;
	assert_int_equal(gx_credit_check_order(&in, NULL, &d, &err), GX_EINVAL);
}

static void test_aging(void **state)
{
	(void)state;
	struct gx_error err;
	int32_t d = day("2026-06-30");
	struct gx_credit_receivable r[] = {
		{ d + 10, 100 },  /* not yet due */
		{ d, 200 },       /* due today: current */
		{ d - 1, 300 },   /* 1 day */
		{ d - 30, 400 },  /* 30 */
		{ d - 31, 500 },  /* 31 */
		{ d - 60, 600 }, { d - 61, 700 }, { d - 90, 800 }, { d - 91, 900 },
	};
	struct gx_credit_aging a;
	assert_int_equal(gx_credit_aging(r, 9, d, NULL, &a, &err), GX_OK);
	assert_int_equal(a.fen[GX_CREDIT_AGE_CURRENT], 300);
	assert_int_equal(a.fen[GX_CREDIT_AGE_1_30], 700);
	assert_int_equal(a.fen[GX_CREDIT_AGE_31_60], 1100);
	assert_int_equal(a.fen[GX_CREDIT_AGE_61_90], 1500);
	assert_int_equal(a.fen[GX_CREDIT_AGE_OVER_90], 900);
	assert_int_equal(a.count[GX_CREDIT_AGE_CURRENT], 2);
	assert_int_equal(a.total_fen, 4500);
	assert_int_equal(gx_credit_aging(NULL, 0, d, NULL, &a, &err), GX_OK);
	assert_int_equal(a.total_fen, 0);
	r[3].open_fen = -4;
	assert_int_equal(gx_credit_aging(r, 9, d, NULL, &a, &err), GX_EINVAL);
	struct gx_credit_params p;
	gx_credit_params_default(&p);
	p.aging_bounds[1] = 20;
	assert_int_equal(gx_credit_aging(r, 1, d, &p, &a, &err), GX_EINVAL);
	assert_string_equal(gx_credit_age_label(GX_CREDIT_AGE_OVER_90, GX_LANG_ZH), "逾期90天以上");
	assert_string_equal(gx_credit_c_label(GX_CREDIT_COLLATERAL, GX_LANG_ZH), "抵押");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_5c_vector),
		cmocka_unit_test(test_scores_and_grades),
		cmocka_unit_test(test_character_from_payments),
		cmocka_unit_test(test_capacity_and_limit),
		cmocka_unit_test(test_order_check),
		cmocka_unit_test(test_aging),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
