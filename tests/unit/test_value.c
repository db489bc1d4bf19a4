/* Unit tests for customer delivered value (M15) and profitability / contribution (M16):
 * the seed vectors (in yuan, converted to fen), zero and boundary cases, and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "guanxi/analytics/value.h"
#include "seedvec.h"

static int64_t fen_of(const json_t *obj, const char *key)
{
	return (int64_t)llround(seedvec_num(obj, key) * 100);
}

static void test_delivered_vector(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *v = json_object_get(root, "M15_delivered_value");
	json_t *val = json_object_get(v, "values"), *cost = json_object_get(v, "costs");
	struct gx_value_delivered_input in = {
		fen_of(val, "product"), fen_of(val, "service"), fen_of(val, "personnel"),
		fen_of(val, "image"), fen_of(cost, "money"), fen_of(cost, "time"),
		fen_of(cost, "energy"), fen_of(cost, "psychic"),
	};
	struct gx_value_delivered out;
	struct gx_error err;
	assert_int_equal(gx_value_delivered(&in, &out, &err), GX_OK);
	assert_int_equal(out.delivered_fen, fen_of(v, "delivered"));
	assert_int_equal(out.total_value_fen, 70000);
	assert_int_equal(out.total_cost_fen, 50000);
	assert_float_equal(out.value_cost_ratio, 1.4, 1e-12);
	json_decref(root);
}

static void test_delivered_edges(void **state)
{
	(void)state;
	struct gx_value_delivered out;
	struct gx_error err;
	/* Nothing at all: 0 delivered, ratio undefined. */
	struct gx_value_delivered_input z = { 0 };
	assert_int_equal(gx_value_delivered(&z, &out, &err), GX_OK);
	assert_int_equal(out.delivered_fen, 0);
	assert_true(isnan(out.value_cost_ratio));
	/* Cost above value: negative delivered value is a result, not an error. */
	struct gx_value_delivered_input in = { 100, 0, 0, 0, 250, 0, 0, 0 };
	assert_int_equal(gx_value_delivered(&in, &out, &err), GX_OK);
	assert_int_equal(out.delivered_fen, -150);
	assert_float_equal(out.value_cost_ratio, 0.4, 1e-12);
	/* Bad input: negative component, overflow. */
	in.energy_fen = -1;
	assert_int_equal(gx_value_delivered(&in, &out, &err), GX_EINVAL);
	assert_string_equal(err.field, "energy_fen");
	assert_non_null(strstr(err.message, "negative"));
	struct gx_value_delivered_input big = { INT64_MAX, 1, 0, 0, 0, 0, 0, 0 };
	assert_int_equal(gx_value_delivered(&big, &out, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "overflows"));
}

static void test_profit_vector(void **state)
{
	(void)state;
	json_t *root = seedvec_load();
	assert_non_null(root);
	json_t *v = json_object_get(root, "M16_profitability");
	struct gx_value_cost costs[3] = {
		{ fen_of(v, "direct_cost") - 10000, GX_VALUE_COST_DIRECT },
		{ fen_of(v, "allocated_cost"), GX_VALUE_COST_ALLOCATED },
		{ 10000, GX_VALUE_COST_DIRECT },
	};
	struct gx_value_profit out;
	struct gx_error err;
	assert_int_equal(gx_value_profit(fen_of(v, "revenue"), costs, 3, &out, &err), GX_OK);
	assert_int_equal(out.profitability_fen, fen_of(v, "profitability"));
	assert_int_equal(out.contribution_fen, fen_of(v, "contribution"));
	assert_int_equal(out.direct_cost_fen, 60000);
	assert_int_equal(out.allocated_cost_fen, 10000);
	assert_float_equal(out.contribution_margin, 0.4, 1e-12);
	json_decref(root);
}

static void test_profit_edges(void **state)
{
	(void)state;
	struct gx_value_profit out;
	struct gx_error err;
	/* No costs, no revenue. */
	assert_int_equal(gx_value_profit(0, NULL, 0, &out, &err), GX_OK);
	assert_int_equal(out.profitability_fen, 0);
	assert_true(isnan(out.contribution_margin));
	/* A loss-making customer: contribution positive, profitability negative. */
	struct gx_value_cost c[2] = { { 500, GX_VALUE_COST_DIRECT }, { 800, GX_VALUE_COST_ALLOCATED } };
	assert_int_equal(gx_value_profit(1000, c, 2, &out, &err), GX_OK);
	assert_int_equal(out.contribution_fen, 500);
	assert_int_equal(out.profitability_fen, -300);
	/* Bad input. */
	assert_int_equal(gx_value_profit(-1, c, 2, &out, &err), GX_EINVAL);
	assert_string_equal(err.field, "revenue_fen");
	c[1].amount_fen = -5;
	assert_int_equal(gx_value_profit(1000, c, 2, &out, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "cost 1"));
	c[1].amount_fen = 5;
	c[1].kind = (enum gx_value_cost_kind)9;
	assert_int_equal(gx_value_profit(1000, c, 2, &out, &err), GX_EINVAL);
	assert_int_equal(gx_value_profit(1000, NULL, 2, &out, &err), GX_EINVAL);
	struct gx_value_cost huge[2] = { { INT64_MAX, GX_VALUE_COST_DIRECT },
	                                 { 1, GX_VALUE_COST_ALLOCATED } };
	assert_int_equal(gx_value_profit(0, huge, 2, &out, &err), GX_EINVAL);
	assert_string_equal(gx_value_cost_kind_label(GX_VALUE_COST_DIRECT, GX_LANG_ZH), "直接成本");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delivered_vector),
		cmocka_unit_test(test_delivered_edges),
		cmocka_unit_test(test_profit_vector),
		cmocka_unit_test(test_profit_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
