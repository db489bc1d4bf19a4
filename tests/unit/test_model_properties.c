/* Properties the models of MODELS.md §1–4 must have whatever the data (issue "Analytics
 * library I", Checked by): scaling the weights does not change an index; reversing a
 * SERVQUAL answer twice is the identity; Kano counts sum to the respondents; basic CLV with
 * i = 0 and R = 1 is the plain sum; and results do not depend on the order of respondents,
 * answer pairs or attributes where the model says they should not. Each property is checked
 * on many pseudo-random inputs from a fixed seed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "guanxi/analytics/clv.h"
#include "guanxi/analytics/kano.h"
#include "guanxi/analytics/satisfaction.h"
#include "guanxi/analytics/servqual.h"
#include "support/assert_near.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int rnd_int(int lo, int hi)
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

static double rnd_unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* A random permutation of 0..n-1. */
static void shuffle(size_t *perm, size_t n)
{
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rnd() % i), t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
}

static void test_weighted_index_scaling_and_order(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	for (int trial = 0; trial < 200; trial++) {
		size_t n = (size_t)rnd_int(1, 17), perm[17];
		double w[17], x[17], ws[17], pw[17], px[17];
		for (size_t i = 0; i < n; i++) {
			w[i] = rnd_unit() + 0.01;
			x[i] = rnd_int(1, 5);
		}
		double base, scaled, permuted;
		assert_int_equal(gx_sat_weighted_index(w, x, n, &base, &err), GX_OK);
		const double factors[3] = { 0.001, 7.0, 1e6 };
		for (int f = 0; f < 3; f++) {
			for (size_t i = 0; i < n; i++)
				ws[i] = w[i] * factors[f];
			assert_int_equal(gx_sat_weighted_index(ws, x, n, &scaled, &err), GX_OK);
			assert_near(scaled, base, 1e-12);
		}
		shuffle(perm, n);
		for (size_t i = 0; i < n; i++) {
			pw[i] = w[perm[i]];
			px[i] = x[perm[i]];
		}
		assert_int_equal(gx_sat_weighted_index(pw, px, n, &permuted, &err), GX_OK);
		assert_near(permuted, base, 1e-12);
	}
}

/* The survey index and the attribute means do not depend on the order of respondents. */
static void test_survey_index_scaling_and_order(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	struct gx_sat_params p;
	gx_sat_params_default(&p);
	enum { R = 40, A = 17 };
	static double sat[R * A], imp[R * A], sat3[R * A], imp3[R * A];
	for (int trial = 0; trial < 20; trial++) {
		for (int i = 0; i < R * A; i++) {
			sat[i] = rnd_int(1, 5);
			imp[i] = rnd_int(1, 5);
		}
		struct gx_sat_survey_index a, c;
		double ma[A], sa[A], mc[A], sc[A];
		assert_int_equal(gx_sat_survey_index(sat, imp, R, A, &p, &a, ma, sa, &err), GX_OK);
		size_t perm[R];
		shuffle(perm, R);
		for (int r = 0; r < R; r++) {
			memcpy(&sat3[r * A], &sat[perm[r] * A], A * sizeof *sat);
			memcpy(&imp3[r * A], &imp[perm[r] * A], A * sizeof *imp);
		}
		assert_int_equal(gx_sat_survey_index(sat3, imp3, R, A, &p, &c, mc, sc, &err), GX_OK);
		assert_near(c.index, a.index, 1e-12);
		assert_near(c.index_100, a.index_100, 1e-10);
		for (int k = 0; k < A; k++) {
			assert_near(mc[k], ma[k], 1e-12);
			assert_near(sc[k], sa[k], 1e-12);
		}
	}
}

/* Quadrants follow the attribute, not its position. */
static void test_ipa_attribute_order(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	for (int trial = 0; trial < 100; trial++) {
		size_t n = (size_t)rnd_int(1, 20), perm[20];
		double imp[20], sat[20], pi[20], ps[20];
		enum gx_sat_ipa_quadrant q[20], pq[20];
		for (size_t i = 0; i < n; i++) {
			imp[i] = 1 + 4 * rnd_unit();
			sat[i] = 1 + 4 * rnd_unit();
		}
		assert_int_equal(gx_sat_ipa(imp, sat, n, NULL, q, NULL, &err), GX_OK);
		shuffle(perm, n);
		for (size_t i = 0; i < n; i++) {
			pi[i] = imp[perm[i]];
			ps[i] = sat[perm[i]];
		}
		assert_int_equal(gx_sat_ipa(pi, ps, n, NULL, pq, NULL, &err), GX_OK);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(pq[i], q[perm[i]]);
	}
}

static void test_servqual_reverse_twice_and_order(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	struct gx_servqual_params p;
	gx_servqual_params_default(&p);
	for (int x = p.scale_min; x <= p.scale_max; x++) {
		assert_near(gx_servqual_reverse(gx_servqual_reverse(x, &p), &p), x, 0);
		assert_true(gx_servqual_reverse(x, &p) >= p.scale_min && gx_servqual_reverse(x, &p) <= p.scale_max);
	}
	for (double x = 1.0; x <= 7.0; x += 0.125)
		assert_near(gx_servqual_reverse(gx_servqual_reverse(x, &p), &p), x, 1e-15);
	enum { R = 25, I = GX_SERVQUAL_ITEMS };
	static double e[R * I], pa[R * I], e2[R * I], p2[R * I];
	for (int trial = 0; trial < 10; trial++) {
		for (int i = 0; i < R * I; i++) {
			e[i] = rnd_int(1, 7);
			pa[i] = rnd_int(1, 7);
		}
		double w[GX_SERVQUAL_NDIM], w2[GX_SERVQUAL_NDIM];
		for (int d = 0; d < GX_SERVQUAL_NDIM; d++) {
			w[d] = rnd_int(1, 40);
			w2[d] = w[d] * 3.5;
		}
		struct gx_servqual_result a, b, c;
		assert_int_equal(gx_servqual_score(e, pa, R, w, &p, &a, &err), GX_OK);
		size_t perm[R];
		shuffle(perm, R);
		for (int r = 0; r < R; r++) {
			memcpy(&e2[r * I], &e[perm[r] * I], I * sizeof *e);
			memcpy(&p2[r * I], &pa[perm[r] * I], I * sizeof *pa);
		}
		assert_int_equal(gx_servqual_score(e2, p2, R, w2, &p, &b, &err), GX_OK);
		for (int i = 0; i < I; i++)
			assert_near(b.item_gap[i], a.item_gap[i], 1e-12);
		for (int d = 0; d < GX_SERVQUAL_NDIM; d++)
			assert_near(b.dim_gap[d], a.dim_gap[d], 1e-12);
		assert_near(b.overall, a.overall, 1e-12);
		/* dimension weights scaled together: the same weighted gap */
		assert_true(a.has_weighted && b.has_weighted);
		assert_near(b.weighted_overall, a.weighted_overall, 1e-12);
		/* answering every reversed item "reversed" and reversing back gives the original */
		for (int r = 0; r < R; r++)
			for (int i = 0; i < I; i++)
				e2[r * I + i] = p.reverse[i] ? gx_servqual_reverse(gx_servqual_reverse(e[r * I + i], &p), &p)
				                             : e[r * I + i];
		assert_int_equal(gx_servqual_score(e2, pa, R, w, &p, &c, &err), GX_OK);
		for (int i = 0; i < I; i++)
			assert_near(c.mean_e[i], a.mean_e[i], 0);
	}
}

static void test_kano_counts_and_order(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	for (int trial = 0; trial < 200; trial++) {
		size_t n = (size_t)rnd_int(1, 300), perm[300];
		int f[300], d[300], pf[300], pd[300];
		for (size_t i = 0; i < n; i++) {
			f[i] = rnd_int(1, 5);
			d[i] = rnd_int(1, 5);
		}
		struct gx_kano_feature a, b;
		assert_int_equal(gx_kano_feature(f, d, n, NULL, &a, &err), GX_OK);
		size_t sum = 0;
		for (int c = 0; c < GX_KANO_NCAT; c++)
			sum += a.counts[c];
		assert_int_equal(sum, n);
		assert_int_equal(a.n, n);
		/* counts agree with classifying each pair */
		size_t by_hand[GX_KANO_NCAT] = { 0 };
		for (size_t i = 0; i < n; i++) {
			enum gx_kano_cat cat;
			assert_int_equal(gx_kano_classify(f[i], d[i], &cat, &err), GX_OK);
			by_hand[cat]++;
		}
		assert_memory_equal(by_hand, a.counts, sizeof by_hand);
		shuffle(perm, n);
		for (size_t i = 0; i < n; i++) {
			pf[i] = f[perm[i]];
			pd[i] = d[perm[i]];
		}
		assert_int_equal(gx_kano_feature(pf, pd, n, NULL, &b, &err), GX_OK);
		assert_memory_equal(b.counts, a.counts, sizeof a.counts);
		assert_int_equal(b.category, a.category);
		assert_near(b.better, a.better, 0);
		assert_near(b.worse, a.worse, 0);
		assert_true(a.better >= 0 && a.better <= 1 && a.worse <= 0 && a.worse >= -1);
	}
}

/* V = Σ P_t·R_t/(1+i)^t with i = 0 and R = 1 is Σ P_t; with R_t given as all ones too. */
static void test_clv_undiscounted_full_retention(void **state)
{
	(void)state;
	struct gx_error err = { 0 };
	struct gx_clv_params p;
	gx_clv_params_default(&p);
	p.discount_rate = 0.0;
	p.retention_rate = 1.0;
	for (int trial = 0; trial < 200; trial++) {
		size_t n = (size_t)rnd_int(1, 30);
		double c[30], ones[30], sum = 0.0, v, v2;
		for (size_t i = 0; i < n; i++) {
			c[i] = rnd_int(-500, 5000) + rnd_unit();
			ones[i] = 1.0;
			sum += c[i];
		}
		assert_int_equal(gx_clv_basic(c, n, NULL, &p, &v, &err), GX_OK);
		assert_near(v, sum, 1e-9);
		assert_int_equal(gx_clv_basic(c, n, ones, &p, &v2, &err), GX_OK);
		assert_near(v2, sum, 1e-9);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weighted_index_scaling_and_order),
		cmocka_unit_test(test_survey_index_scaling_and_order),
		cmocka_unit_test(test_ipa_attribute_order),
		cmocka_unit_test(test_servqual_reverse_twice_and_order),
		cmocka_unit_test(test_kano_counts_and_order),
		cmocka_unit_test(test_clv_undiscounted_full_retention),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
