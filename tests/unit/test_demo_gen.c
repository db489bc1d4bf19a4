/* Unit tests for the demo generator's building blocks: the random generator against the
 * published splitmix64 values and the xoshiro256** recurrence, the moments of the gamma and
 * normal samplers, and the generated identifiers (valid for the validators of core/, and
 * distinct, since duplicates would block customer creation). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/demo_internal.h"
#include "guanxi/validate.h"

static void test_rng_reference_values(void **state)
{
	(void)state;
	struct demo_rng r;
	demo_rng_seed(&r, 1234567);
	/* splitmix64 from seed 1234567: the values of the reference implementation (Vigna). */
	assert_true(r.s[0] == 6457827717110365317ull);
	assert_true(r.s[1] == 3203168211198807973ull);
	assert_true(r.s[2] == 9817491932198370423ull);
	assert_true(r.s[3] == 4593380528125082431ull);
	/* xoshiro256** from that state, computed by hand from the recurrence (Python, 64-bit
	 * wrap-around). */
	assert_true(demo_rng_next(&r) == 3504822795582309479ull);
	assert_true(demo_rng_next(&r) == 1819558768956484042ull);
	assert_true(demo_rng_next(&r) == 1250851346055027673ull);
}

static void test_rng_distributions(void **state)
{
	(void)state;
	struct demo_rng r;
	demo_rng_seed(&r, 42);
	const int n = 200000;
	double s = 0, s2 = 0, g = 0, g2 = 0;
	int64_t lo = 0, hi = 0, counts[3] = {0};
	for (int i = 0; i < n; i++) {
		double x = demo_rng_normal(&r);
		s += x;
		s2 += x * x;
		/* Gamma(0.8, 4): mean 3.2, variance 12.8 (shape × scale, shape × scale²). */
		double y = demo_rng_gamma(&r, 0.8, 4.0);
		assert_true(y >= 0);
		g += y;
		g2 += y * y;
		int64_t v = demo_rng_range(&r, 3, 7);
		assert_true(v >= 3 && v <= 7);
		lo += v == 3;
		hi += v == 7;
		static const unsigned w[] = {1, 2, 7};
		counts[demo_rng_weighted(&r, w, 3)]++;
	}
	assert_true(fabs(s / n) < 0.01);
	assert_true(fabs(s2 / n - 1.0) < 0.02);
	double gm = g / n, gv = g2 / n - gm * gm;
	assert_true(fabs(gm - 3.2) < 0.05);
	assert_true(fabs(gv - 12.8) < 0.5);
	assert_true(lo > n / 5 - 1000 && lo < n / 5 + 1000);
	assert_true(hi > n / 5 - 1000 && hi < n / 5 + 1000);
	assert_true(fabs(counts[2] / (double)n - 0.7) < 0.01);
	assert_true(fabs(counts[0] / (double)n - 0.1) < 0.01);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void test_identifiers_valid_and_distinct(void **state)
{
	(void)state;
	enum { N = 60000 };
	char (*mob)[12] = calloc(N, 12), (*uscc)[19] = calloc(N, 19), (*land)[24] = calloc(N, 24);
	struct gx_error err;
	for (int i = 0; i < N; i++) {
		/* Customers, contacts and users draw from disjoint index ranges. */
		uint64_t index = i < N / 2 ? (uint64_t)i : 50000000u + (uint64_t)i;
		demo_mobile(index, 7, mob[i]);
		char norm[GX_PHONE_SIZE];
		enum gx_phone_kind kind;
		assert_int_equal(gx_phone_normalize(mob[i], norm, &kind, "mobile", &err), GX_OK);
		assert_int_equal(kind, GX_PHONE_MOBILE);
		const struct demo_city *c = &demo_cities[i % demo_cities_n];
		demo_uscc(c, (uint64_t)i, uscc[i]);
		char out[GX_USCC_SIZE];
		assert_int_equal(gx_uscc_validate(uscc[i], out, "uscc", &err), GX_OK);
		assert_string_equal(out, uscc[i]);
		assert_memory_equal(uscc[i] + 2, c->division, 6);
		demo_landline(&demo_cities[0], (uint64_t)i, land[i]);
		assert_int_equal(gx_phone_normalize(land[i], norm, &kind, "phone", &err), GX_OK);
		assert_int_equal(kind, GX_PHONE_LANDLINE);
	}
	qsort(mob, N, 12, cmp_str);
	qsort(uscc, N, 19, cmp_str);
	qsort(land, N, 24, cmp_str);
	for (int i = 1; i < N; i++) {
		assert_string_not_equal(mob[i - 1], mob[i]);
		assert_string_not_equal(uscc[i - 1], uscc[i]);
		assert_string_not_equal(land[i - 1], land[i]);
	}
	free(mob);
	free(uscc);
	free(land);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_reference_values),
		cmocka_unit_test(test_rng_distributions),
		cmocka_unit_test(test_identifiers_valid_and_distinct),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
