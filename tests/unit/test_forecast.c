/* Forecasts (MODELS.md M24): pipeline Σ amount × probability by close month (hand-computed),
 * calendar conversion, and the BG/NBD transaction forecast on CDNOW against the model's
 * own conditional expectations summed over customers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "btyd_testdata.h"
#include "guanxi/analytics/forecast.h"

static void test_civil_from_days(void **state)
{
	(void)state;
	int y, m, d;
	forecast_civil_from_days(0, &y, &m, &d);
	assert_true(y == 1970 && m == 1 && d == 1);
	forecast_civil_from_days(10956, &y, &m, &d);   /* 1999-12-31 */
	assert_true(y == 1999 && m == 12 && d == 31);
	forecast_civil_from_days(11016, &y, &m, &d);   /* 2000-02-29 */
	assert_true(y == 2000 && m == 2 && d == 29);
	forecast_civil_from_days(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
	forecast_civil_from_days(20454, &y, &m, &d);   /* 2026-01-01 */
	assert_true(y == 2026 && m == 1 && d == 1);
}

static void test_pipeline(void **state)
{
	(void)state;
	/* 2026-01-31 (20484), 2026-02-01 (20485), 2026-01-15 (20468), 2025-12-31 (20453) */
	struct forecast_opportunity o[] = { { 100000, 60, 20484 }, { 250050, 10, 20485 },
		                            { 33333, 100, 20468 }, { 500000, 0, 20453 },
		                            { 1, 25, 20485 } };
	struct forecast_month *m;
	size_t n;
	struct gx_error err = { 0 };
	assert_int_equal(forecast_pipeline(o, 5, &m, &n, &err), GX_OK);
	assert_int_equal(n, 3);
	assert_true(m[0].year == 2025 && m[0].month == 12 && m[0].opportunities == 1);
	assert_true(m[0].expected_yuan == 0.0 && m[0].amount_fen == 500000);
	/* January: 1000.00 × 60% + 333.33 × 100% = 933.33 */
	assert_true(m[1].year == 2026 && m[1].month == 1 && m[1].opportunities == 2);
	assert_true(fabs(m[1].expected_yuan - 933.33) < 1e-9);
	assert_int_equal(m[1].amount_fen, 133333);
	/* February: 2500.50 × 10% + 0.01 × 25% = 250.0525 */
	assert_true(fabs(m[2].expected_yuan - 250.0525) < 1e-9);
	free(m);
	struct forecast_opportunity bad[] = { { 100, 101, 0 } };
	assert_int_equal(forecast_pipeline(bad, 1, &m, &n, &err), GX_EINVAL);
	bad[0] = (struct forecast_opportunity){ -5, 50, 0 };
	assert_int_equal(forecast_pipeline(bad, 1, &m, &n, &err), GX_EINVAL);
	assert_int_equal(forecast_pipeline(NULL, 0, &m, &n, &err), GX_OK);
	assert_int_equal(n, 0);
}

static void test_transactions_bgnbd(void **state)
{
	(void)state;
	static struct btyd_obs rows[2400];
	size_t n = btyd_obs_compress(rows, btyd_test_cdnow(rows, 2400));
	struct btyd_model_params m = { .model = BTYD_BGNBD,
		                       .bgnbd = { 0.2426, 4.4135, 0.7929, 2.4258 } };
	double per[12];
	struct gx_error err = { 0 };
	assert_int_equal(forecast_transactions(&m, rows, n, 7.0, 12, per, &err), GX_OK);
	double sum = 0, want = 0;
	for (int j = 0; j < 12; j++) {
		assert_true(per[j] > 0);
		if (j > 0)
			assert_true(per[j] < per[j - 1]);   /* the base thins out */
		sum += per[j];
	}
	for (size_t i = 0; i < n; i++)
		want += rows[i].count * bgnbd_conditional(&m.bgnbd, 365.25 / 7, rows[i].x, rows[i].t_x,
		                                          rows[i].T);
	assert_true(fabs(sum - want) < 1e-9 * want);
	m.model = BTYD_BGBB;
	assert_int_equal(forecast_transactions(&m, rows, n, 7.0, 12, per, &err), GX_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_from_days),
		cmocka_unit_test(test_pipeline),
		cmocka_unit_test(test_transactions_bgnbd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
