/* Purchase summaries (txsummary.h): the CDNOW sample's transactions reduced over the 39-week
 * calibration period ending 1997-09-30 must give the published summary
 * (cdnow_customers_summary.csv: x, t_x, T in weeks) and Fader & Hardie's z̄; same-day orders
 * count once; input order does not matter; the holdout counts feed the BG/NBD
 * calibration/holdout report. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "btyd_testdata.h"
#include "guanxi/analytics/txsummary.h"

struct order { int64_t id; int32_t day; int64_t fen; };

static struct order orders[7000];
static size_t n_orders;

/* Days since 1970-01-01 of a proleptic Gregorian date (the usual era arithmetic). */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int setup(void **state)
{
	(void)state;
	FILE *f = btyd_test_open("CDNOW_sample.txt");
	long full, id, date, cds, dollars, cents;
	while (n_orders < 7000 &&
	       fscanf(f, "%ld %ld %ld %ld %ld.%ld", &full, &id, &date, &cds, &dollars, &cents) == 6) {
		orders[n_orders].id = id;
		orders[n_orders].day = days_from_civil((int)(date / 10000), (int)(date / 100 % 100),
		                                       (int)(date % 100));
		orders[n_orders].fen = dollars * 100 + cents;
		n_orders++;
	}
	fclose(f);
	return n_orders == 6919 ? 0 : -1;
}

static struct txs_options cdnow_options(void)
{
	struct txs_options o = { .calibration_end = days_from_civil(1997, 9, 30),
		                 .as_of = days_from_civil(1998, 6, 30), .unit = TXS_UNIT_WEEKS,
		                 .count_zero_amount = 1 };   /* CDNOW records free CDs as $0 */
	return o;
}

static struct txs_customer *summarise(const struct txs_options *o, int reverse, size_t *n,
                                      struct txs_stats *st)
{
	struct txs_builder *b;
	struct gx_error err = { 0 };
	assert_int_equal(txs_builder_init(&b, o, &err), GX_OK);
	for (size_t i = 0; i < n_orders; i++) {
		/* reverse = 1 also interleaves, so no customer's rows arrive together */
		size_t j = reverse ? (i * 7919) % n_orders : i;
		const struct order *r = &orders[j];
		assert_int_equal(txs_builder_add(b, r->id, r->day, r->fen, &err), GX_OK);
	}
	struct txs_customer *c;
	assert_int_equal(txs_builder_finish(b, &c, n, st, &err), GX_OK);
	txs_builder_free(b);
	return c;
}

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(1997, 9, 30) - days_from_civil(1997, 1, 1), 272);
}

static void test_cdnow_matches_published_summary(void **state)
{
	(void)state;
	struct txs_options o = cdnow_options();
	size_t n;
	struct txs_stats st;
	struct txs_customer *c = summarise(&o, 0, &n, &st);
	assert_int_equal(n, 2357);
	assert_int_equal(st.rows_used, 6919);
	assert_int_equal(st.customers_holdout_only, 0);
	assert_true(fabs(st.holdout_length - 39.0) < 1e-12);
	static double v[2400 * 5];
	size_t m = btyd_test_read_csv("cdnow_customers_summary.csv", 4, v, 2400);
	assert_int_equal(m, 2357);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(c[i].customer_id, (int64_t)v[i * 4]);
		assert_int_equal(c[i].x, (int64_t)v[i * 4 + 1]);
		assert_true(fabs(c[i].t_x - v[i * 4 + 2]) < 0.005 + 1e-9);
		assert_true(fabs(c[i].T - v[i * 4 + 3]) < 0.005 + 1e-9);
		assert_int_equal(c[i].purchase_days, c[i].x + 1);
	}
	m = btyd_test_read_csv("cdnow_customers_summary_with_transactions.csv", 5, v, 2400);
	assert_int_equal(m, 2357);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(c[i].mean_repeat_yuan - v[i * 5 + 4]) < 0.005 + 1e-9);
	/* Customer 1: orders 1997-01-01 (29.33), 01-18 (29.73), 08-02 (14.96); 12-12 in holdout. */
	assert_int_equal(c[0].first_day, days_from_civil(1997, 1, 1));
	assert_int_equal(c[0].last_day, days_from_civil(1997, 8, 2));
	assert_int_equal(c[0].recency_days, 59);
	assert_int_equal(c[0].total_fen, 2933 + 2973 + 1496);
	assert_int_equal(c[0].orders, 3);
	assert_true(fabs(c[0].mean_order_yuan - 74.02 / 3) < 1e-12);
	assert_int_equal(c[0].holdout_x, 1);
	assert_int_equal(c[0].holdout_fen, 2648);
	/* The compressed histories keep every customer. */
	struct btyd_obs *h;
	size_t nh;
	txs_compress(c, n, &h, &nh);
	double total = 0;
	for (size_t i = 0; i < nh; i++)
		total += h[i].count;
	assert_true(total == 2357 && nh < 2357);
	free(h);
	free(c);
}

static void test_order_does_not_matter(void **state)
{
	(void)state;
	struct txs_options o = cdnow_options();
	size_t n1, n2;
	struct txs_customer *a = summarise(&o, 0, &n1, NULL);
	struct txs_customer *b = summarise(&o, 1, &n2, NULL);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1 * sizeof *a);
	free(a);
	free(b);
}

/* 100k random rows over 300 customers and 60 days, many repeats of each customer-day far
 * apart (the key array is deduplicated many times on the way): purchase days and holdout
 * days equal a direct count. */
static void test_many_repeats_unsorted(void **state)
{
	(void)state;
	enum { NC = 300, ND = 60, NR = 100000 };
	static unsigned char seen[NC][ND];
	memset(seen, 0, sizeof seen);
	struct txs_options o = { .calibration_end = 40, .as_of = 59, .unit = TXS_UNIT_DAYS };
	struct txs_builder *b;
	struct gx_error err = { 0 };
	assert_int_equal(txs_builder_init(&b, &o, &err), GX_OK);
	uint64_t st = 88172645463325252ULL;
	for (int i = 0; i < NR; i++) {
		st ^= st << 13;
		st ^= st >> 7;
		st ^= st << 17;
		int c = (int)(st % NC), d = (int)((st >> 20) % ND);
		seen[c][d] = 1;
		assert_int_equal(txs_builder_add(b, 1000 + c, d, 100, &err), GX_OK);
	}
	struct txs_customer *out;
	size_t n;
	assert_int_equal(txs_builder_finish(b, &out, &n, NULL, &err), GX_OK);
	txs_builder_free(b);
	assert_int_equal(n, NC);
	for (size_t i = 0; i < n; i++) {
		int c = (int)(out[i].customer_id - 1000), cal = 0, hold = 0;
		for (int d = 0; d < ND; d++) {
			cal += seen[c][d] && d <= 40;
			hold += seen[c][d] && d > 40;
		}
		assert_int_equal(out[i].purchase_days, cal);
		assert_int_equal(out[i].holdout_x, hold);
	}
	free(out);
}

static void test_same_day_and_skips(void **state)
{
	(void)state;
	struct txs_options o = { .calibration_end = 100, .as_of = 130, .unit = TXS_UNIT_DAYS };
	struct txs_builder *b;
	struct gx_error err = { 0 };
	assert_int_equal(txs_builder_init(&b, &o, &err), GX_OK);
	/* customer 7: day 10 twice (one purchase), day 40, day 40 again, refund-only day 60,
	 * day 120 (holdout) twice, day 200 (after as-of) */
	int64_t rows[][3] = { { 7, 40, 500 }, { 7, 10, 1000 }, { 7, 10, 300 }, { 7, 40, 200 },
		              { 7, 60, -700 }, { 7, 120, 50 }, { 7, 120, 50 }, { 7, 200, 999 },
		              { -3, 110, 100 }, { 0, 100, 100 } };
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(txs_builder_add(b, rows[i][0], (int32_t)rows[i][1], rows[i][2], &err),
		                 GX_OK);
	struct txs_customer *c;
	size_t n;
	struct txs_stats st;
	assert_int_equal(txs_builder_finish(b, &c, &n, &st, &err), GX_OK);
	txs_builder_free(b);
	assert_int_equal(n, 2);                      /* customer −3 bought only in the holdout */
	assert_int_equal(st.customers_holdout_only, 1);
	assert_int_equal(st.rows_skipped_nonpositive, 1);
	assert_int_equal(st.rows_skipped_after, 1);
	assert_int_equal(c[0].customer_id, 0);       /* key 0 is a valid customer id */
	assert_int_equal(c[0].x, 0);
	assert_true(c[0].T == 0 && c[0].t_x == 0);
	const struct txs_customer *s = &c[1];
	assert_int_equal(s->customer_id, 7);
	assert_int_equal(s->purchase_days, 2);
	assert_int_equal(s->x, 1);
	assert_int_equal(s->orders, 4);
	assert_true(s->t_x == 30 && s->T == 90);
	assert_int_equal(s->recency_days, 60);
	assert_true(fabs(s->mean_repeat_yuan - 7.0) < 1e-12);    /* day 40: 500 + 200 fen */
	assert_true(fabs(s->mean_order_yuan - 5.0) < 1e-12);     /* 2000 fen / 4 orders */
	assert_int_equal(s->holdout_x, 1);
	assert_int_equal(s->holdout_fen, 100);
	free(c);
	struct txs_options bad = { .calibration_end = 100, .as_of = 99, .unit = TXS_UNIT_DAYS };
	assert_int_equal(txs_builder_init(&b, &bad, &err), GX_EINVAL);
	assert_null(b);
	assert_true(fabs(txs_unit_days(TXS_UNIT_MONTHS) - 30.4375) < 1e-12);
}

static void test_bgnbd_holdout_cdnow(void **state)
{
	(void)state;
	/* Calibrate on weeks 1–39, predict weeks 40–78 (FHL 2005 section 4). */
	struct txs_options o = cdnow_options();
	size_t n;
	struct txs_customer *c = summarise(&o, 0, &n, NULL);
	struct btyd_obs *h;
	size_t nh;
	txs_compress(c, n, &h, &nh);
	struct bgnbd_fit f;
	struct gx_error err = { 0 };
	assert_int_equal(bgnbd_fit(h, nh, &f, &err), GX_OK);
	/* recomputed t_x, T are not rounded to 2 decimals: the fit moves only slightly */
	assert_true(fabs(f.p.r - 0.2426) < 0.002 && fabs(f.p.a - 0.7929) < 0.01);
	struct btyd_obs *cal = malloc(n * sizeof *cal);
	double *act = malloc(n * sizeof *act), total_act = 0;
	for (size_t i = 0; i < n; i++) {
		cal[i] = (struct btyd_obs){ (double)c[i].x, c[i].t_x, c[i].T, 1 };
		act[i] = (double)c[i].holdout_x;
		total_act += act[i];
	}
	struct btyd_model_params m = { .model = BTYD_BGNBD, .bgnbd = f.p };
	struct btyd_holdout_bucket b[8];
	assert_int_equal(btyd_holdout_report(&m, cal, act, n, 39, 8, b, &err), GX_OK);
	double pred = 0, act_sum = 0;
	for (int i = 0; i < 8; i++) {
		pred += b[i].predicted_total;
		act_sum += b[i].actual_total;
		print_message("x=%d%s customers %4.0f actual %.3f predicted %.3f\n", (int)b[i].x_from,
		              i == 7 ? "+" : " ", b[i].customers, b[i].actual_mean, b[i].predicted_mean);
	}
	assert_true(act_sum == total_act);
	print_message("holdout repeat purchases: actual %.0f, predicted %.1f\n", act_sum, pred);
	/* FHL 2005 figure 5: conditional expectations track the holdout within about 15% overall,
	 * and rise with calibration frequency. */
	assert_true(fabs(pred - act_sum) < 0.15 * act_sum);
	for (int i = 1; i < 8; i++)
		assert_true(b[i].predicted_mean > b[i - 1].predicted_mean);
	free(cal);
	free(act);
	free(h);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_cdnow_matches_published_summary),
		cmocka_unit_test(test_order_does_not_matter),
		cmocka_unit_test(test_same_day_and_skips),
		cmocka_unit_test(test_many_repeats_unsorted),
		cmocka_unit_test(test_bgnbd_holdout_cdnow),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
