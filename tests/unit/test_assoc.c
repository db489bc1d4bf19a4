/* Association rules (MODELS.md M23) on the five-basket market example of Tan, Steinbach &
 * Kumar, "Introduction to Data Mining" (bread 1, milk 2, diaper 3, beer 4, eggs 5, cola 6),
 * with every support, confidence and lift worked out by hand, plus thresholds, duplicates,
 * suggestions and a large random set. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "guanxi/analytics/assoc.h"

/* T1 {bread, milk}; T2 {bread, diaper, beer, eggs}; T3 {milk, diaper, beer, cola};
 * T4 {bread, milk, diaper, beer}; T5 {bread, milk, diaper, cola}. T1 repeats milk. */
static const int64_t items[] = { 1, 2, 2, 1, 3, 4, 5, 2, 3, 4, 6, 1, 2, 3, 4, 1, 2, 3, 6 };
static const size_t offsets[] = { 0, 3, 7, 11, 15, 19 };

static void expect_rule(const struct assoc_rule *r, int64_t a, int64_t c, int64_t both,
                        double sup, double conf, double lift)
{
	assert_int_equal(r->antecedent, a);
	assert_int_equal(r->consequent, c);
	assert_int_equal(r->n_both, both);
	assert_true(fabs(r->support - sup) < 1e-12);
	assert_true(fabs(r->confidence - conf) < 1e-12);
	assert_true(fabs(r->lift - lift) < 1e-12);
}

static void test_textbook_example(void **state)
{
	(void)state;
	struct assoc_options o;
	assoc_options_default(&o);
	assert_true(o.min_support == 0.01 && o.min_confidence == 0.2 && o.min_lift == 1.2);
	struct assoc_rule *r;
	size_t n;
	struct gx_error err = { 0 };
	assert_int_equal(assoc_mine(items, offsets, 5, &o, &r, &n, &err), GX_OK);
	assert_int_equal(n, 12);
	/* lift 5/3: eggs → beer (conf 1), beer → eggs (conf 1/3) */
	expect_rule(&r[0], 5, 4, 1, 0.2, 1.0, 5.0 / 3);
	expect_rule(&r[1], 4, 5, 1, 0.2, 1.0 / 3, 5.0 / 3);
	/* lift 1.25, by confidence, then pair count, then ids */
	expect_rule(&r[2], 4, 3, 3, 0.6, 1.0, 1.25);
	expect_rule(&r[3], 6, 2, 2, 0.4, 1.0, 1.25);
	expect_rule(&r[4], 6, 3, 2, 0.4, 1.0, 1.25);
	expect_rule(&r[5], 5, 1, 1, 0.2, 1.0, 1.25);
	expect_rule(&r[6], 5, 3, 1, 0.2, 1.0, 1.25);
	expect_rule(&r[7], 3, 4, 3, 0.6, 0.75, 1.25);
	expect_rule(&r[8], 2, 6, 2, 0.4, 0.5, 1.25);
	expect_rule(&r[9], 3, 6, 2, 0.4, 0.5, 1.25);
	expect_rule(&r[10], 1, 5, 1, 0.2, 0.25, 1.25);
	expect_rule(&r[11], 3, 5, 1, 0.2, 0.25, 1.25);
	assert_int_equal(r[7].n_antecedent, 4);
	assert_int_equal(r[7].n_consequent, 3);
	/* milk → diaper has lift 0.9375: below 1.2, absent */
	for (size_t i = 0; i < n; i++)
		assert_false(r[i].antecedent == 2 && r[i].consequent == 3);

	/* Suggestions for a customer who bought beer: diaper (conf 1) before eggs (1/3). */
	struct assoc_suggestion s[4];
	int64_t owned[] = { 4 };
	assert_int_equal(assoc_suggest(r, n, owned, 1, s, 4), 2);
	assert_int_equal(s[0].item, 3);
	assert_int_equal(s[0].because, 4);
	assert_int_equal(s[1].item, 5);
	/* Owning beer and diaper: eggs (from diaper 1/4 or beer 1/3: the stronger), cola (1/2). */
	int64_t owned2[] = { 3, 4 };
	assert_int_equal(assoc_suggest(r, n, owned2, 2, s, 4), 2);
	assert_int_equal(s[0].item, 6);
	assert_int_equal(s[1].item, 5);
	assert_int_equal(s[1].because, 4);
	assert_int_equal(assoc_suggest(r, n, owned2, 2, s, 1), 1);
	free(r);
}

static void test_thresholds(void **state)
{
	(void)state;
	struct assoc_options o = { 0.4, 0.2, 1.25 };   /* lift exactly at a rule's value */
	struct assoc_rule *r;
	size_t n;
	struct gx_error err = { 0 };
	assert_int_equal(assoc_mine(items, offsets, 5, &o, &r, &n, &err), GX_OK);
	/* frequent pairs: beer–diaper 0.6, milk–cola 0.4, diaper–cola 0.4; both directions */
	assert_int_equal(n, 6);
	free(r);
	o.min_confidence = 0.8;
	assert_int_equal(assoc_mine(items, offsets, 5, &o, &r, &n, &err), GX_OK);
	assert_int_equal(n, 3);   /* beer → diaper, cola → milk, cola → diaper */
	free(r);
	o.min_support = 0;
	assert_int_equal(assoc_mine(items, offsets, 5, &o, &r, &n, &err), GX_EINVAL);
	assert_null(r);
	o.min_support = 0.1;
	size_t bad[] = { 0, 3, 2 };
	assert_int_equal(assoc_mine(items, bad, 2, &o, &r, &n, &err), GX_EINVAL);
	assert_int_equal(assoc_mine(items, offsets, 0, &o, &r, &n, &err), GX_OK);
	assert_int_equal(n, 0);
}

static void test_large_random(void **state)
{
	(void)state;
	/* 200k baskets of 1–5 items out of 2000, with item 7 always bought with item 8. */
	size_t nb = 200000;
	int64_t *it = malloc(nb * 6 * sizeof *it);
	size_t *off = malloc((nb + 1) * sizeof *off), k = 0;
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	for (size_t b = 0; b < nb; b++) {
		off[b] = k;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t len = 1 + x % 5;
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			int64_t item = (int64_t)(x % 2000);
			it[k++] = item;
			if (item == 7)
				it[k++] = 8;
		}
	}
	off[nb] = k;
	struct assoc_options o = { 0.0001, 0.2, 1.2 };
	struct assoc_rule *r;
	size_t n;
	struct gx_error err = { 0 };
	assert_int_equal(assoc_mine(it, off, nb, &o, &r, &n, &err), GX_OK);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].antecedent == 7 && r[i].consequent == 8) {
			found = 1;
			assert_true(fabs(r[i].confidence - 1.0) < 1e-12);
			assert_true(r[i].lift > 100);
		}
		assert_true(r[i].confidence >= 0.2 - 1e-9 && r[i].lift >= 1.2 - 1e-9);
	}
	assert_true(found);
	free(r);
	free(it);
	free(off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textbook_example),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_large_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
