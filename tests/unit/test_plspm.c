/* Unit tests for the PLS path model (MODELS.md M7): the ECSI mobile-phone model fitted on
 * tests/data/ecsi_satisfaction.csv must reproduce the reference path coefficients and R² of
 * MODELS.md (seed_vectors.json "M7_pls_ecsi", tolerance 1e-4); small hand-checkable models
 * check the regression standard errors, every scheme and mode, the seeded bootstrap and the
 * errors on degenerate input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/analytics/plspm.h"

/* cmocka's float assertion works in single precision; the reference values need doubles. */
#include "support/assert_near.h"

enum { ECSI_N = 250, ECSI_MV = 27, ECSI_LV = 6 };
enum { IMAG = 0, EXPE, QUAL, VAL, SAT, LOY };

static double ecsi[ECSI_N * ECSI_MV];
static size_t ecsi_block[ECSI_MV];
static unsigned char ecsi_path[ECSI_LV * ECSI_LV];

/* ---- reading the CSV (header row, a row-name column, 27 items, gender) ---- */

struct csv_state {
	size_t row, col, rows_read;
	int bad;
};

static void on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	if (st->row > 0 && st->col >= 1 && st->col <= ECSI_MV) {
		char buf[32];
		if (len == 0 || len >= sizeof buf || st->row > ECSI_N) {
			st->bad = 1;
		} else {
			memcpy(buf, s, len);
			buf[len] = '\0';
			char *end;
			double v = strtod(buf, &end);
			if (*end)
				st->bad = 1;
			ecsi[(st->row - 1) * ECSI_MV + (st->col - 1)] = v;
		}
	}
	st->col++;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct csv_state *st = data;
	if (st->row > 0)
		st->rows_read++;
	st->row++;
	st->col = 0;
}

static int setup_ecsi(void **state)
{
	(void)state;
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof path, "%s/ecsi_satisfaction.csv", dir ? dir : "tests/data");
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	struct csv_parser p;
	struct csv_state st = { 0 };
	csv_init(&p, CSV_APPEND_NULL);
	char buf[4096];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		csv_parse(&p, buf, got, on_field, on_row, &st);
	csv_fini(&p, on_field, on_row, &st);
	csv_free(&p);
	fclose(fp);
	if (st.bad || st.rows_read != ECSI_N)
		return -1;
	/* Blocks: imag1-5, expe1-5, qual1-5, val1-4, sat1-4, loy1-4. */
	static const size_t sizes[ECSI_LV] = { 5, 5, 5, 4, 4, 4 };
	size_t j = 0;
	for (size_t k = 0; k < ECSI_LV; k++)
		for (size_t c = 0; c < sizes[k]; c++)
			ecsi_block[j++] = k;
	/* IMAG → EXPE, SAT, LOY; EXPE → QUAL, VAL, SAT; QUAL → VAL, SAT; VAL → SAT; SAT → LOY. */
#define EDGE(from, to) ecsi_path[(to) * ECSI_LV + (from)] = 1
	memset(ecsi_path, 0, sizeof ecsi_path);
	EDGE(IMAG, EXPE); EDGE(IMAG, SAT); EDGE(IMAG, LOY);
	EDGE(EXPE, QUAL); EDGE(EXPE, VAL); EDGE(EXPE, SAT);
	EDGE(QUAL, VAL); EDGE(QUAL, SAT);
	EDGE(VAL, SAT);
	EDGE(SAT, LOY);
#undef EDGE
	return 0;
}

static struct gx_pls_model ecsi_model(const enum gx_pls_mode *modes)
{
	return (struct gx_pls_model){ .n_lv = ECSI_LV, .n_mv = ECSI_MV, .block = ecsi_block,
	                              .modes = modes, .path = ecsi_path };
}

#define PATH(r, from, to) ((r)->path[(to) * ECSI_LV + (from)])

/* seed_vectors.json "M7_pls_ecsi": centroid scheme, unscaled, tol 1e-4. */
static void test_ecsi_reference(void **state)
{
	(void)state;
	struct gx_pls_model model = ecsi_model(NULL);
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	struct gx_pls_result r;
	struct gx_error err;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_OK);
	const double tol = 1e-4;
	assert_near(PATH(&r, IMAG, SAT), 0.200724200280665, tol);
	assert_near(PATH(&r, EXPE, SAT), -0.00275399457916834, tol);
	assert_near(PATH(&r, QUAL, SAT), 0.122144565609107, tol);
	assert_near(PATH(&r, VAL, SAT), 0.589330650016017, tol);
	assert_near(r.r2[EXPE], 0.335193672418813, tol);
	assert_near(r.r2[QUAL], 0.719688235228933, tol);
	assert_near(r.r2[VAL], 0.59008437279849, tol);
	assert_near(r.r2[SAT], 0.707320949544597, tol);
	assert_near(r.r2[LOY], 0.509922562050087, tol);
	assert_near(r.r2[IMAG], 0.0, 0.0);
	{
		const double ref[9] = { 0.200724200280665, -0.00275399457916834, 0.122144565609107,
		                        0.589330650016017, 0.335193672418813, 0.719688235228933,
		                        0.59008437279849, 0.707320949544597, 0.509922562050087 };
		const double got[9] = { PATH(&r, IMAG, SAT), PATH(&r, EXPE, SAT), PATH(&r, QUAL, SAT),
		                        PATH(&r, VAL, SAT), r.r2[EXPE], r.r2[QUAL], r.r2[VAL],
		                        r.r2[SAT], r.r2[LOY] };
		double worst = 0;
		for (int i = 0; i < 9; i++)
			worst = fmax(worst, fabs(got[i] - ref[i]));
		fprintf(stderr, "ECSI: largest deviation from the reference %.3g\n", worst);
	}
	fprintf(stderr, "ECSI: iterations %d; SAT paths IMAG %.6f EXPE %.6f QUAL %.6f VAL %.6f\n",
	        r.iterations, PATH(&r, IMAG, SAT), PATH(&r, EXPE, SAT), PATH(&r, QUAL, SAT),
	        PATH(&r, VAL, SAT));
	fprintf(stderr, "ECSI: R2 EXPE %.6f QUAL %.6f VAL %.6f SAT %.6f LOY %.6f\n", r.r2[EXPE],
	        r.r2[QUAL], r.r2[VAL], r.r2[SAT], r.r2[LOY]);

	/* Scores are standardised (population variance 1) and loadings are their correlations. */
	for (size_t k = 0; k < ECSI_LV; k++) {
		double s = 0, ss = 0;
		for (size_t i = 0; i < ECSI_N; i++) {
			s += r.scores[i * ECSI_LV + k];
			ss += r.scores[i * ECSI_LV + k] * r.scores[i * ECSI_LV + k];
		}
		assert_near(s / ECSI_N, 0.0, 1e-9);
		assert_near(ss / ECSI_N, 1.0, 1e-9);
	}
	/* Every ECSI item loads positively and substantially on its own construct; AVE is the
	 * mean communality of a block of standardised loadings. */
	for (size_t j = 0; j < ECSI_MV; j++) {
		assert_true(r.loadings[j] > 0.1 && r.loadings[j] <= 1.0);
		assert_near(r.communality[j], r.loadings[j] * r.loadings[j], 1e-15);
	}
	for (size_t k = 0; k < ECSI_LV; k++) {
		assert_near(r.ave[k], r.mean_communality[k], 1e-12);
		assert_true(r.ave[k] > 0.3 && r.ave[k] < 1.0);
		/* The index of a block with positive weights lies inside the 1..10 answer scale. */
		assert_true(r.index_100[k] > 0 && r.index_100[k] < 100);
	}
	/* Satisfaction index: weights rescaled to sum 1 on the raw items (unscaled fit), mean
	 * score mapped from 1..10 to 0–100. Recomputed here from the fitted weights. */
	double wsum = 0, score = 0;
	for (size_t j = 0; j < ECSI_MV; j++)
		if (ecsi_block[j] == SAT)
			wsum += r.weights[j];
	for (size_t j = 0; j < ECSI_MV; j++) {
		if (ecsi_block[j] != SAT)
			continue;
		double mean = 0;
		for (size_t i = 0; i < ECSI_N; i++)
			mean += ecsi[i * ECSI_MV + j];
		score += r.weights[j] / wsum * mean / ECSI_N;
	}
	assert_near(r.index_100[SAT], 100.0 * (score - 1.0) / 9.0, 1e-9);
	fprintf(stderr, "ECSI: CSI (SAT) on 0-100 = %.2f, AVE SAT %.4f\n", r.index_100[SAT], r.ave[SAT]);
	/* The OLS t statistic of VAL → SAT is large; EXPE → SAT is not significant. */
	assert_true(r.path_t[SAT * ECSI_LV + VAL] > 8.0);
	assert_true(fabs(r.path_t[SAT * ECSI_LV + EXPE]) < 1.0);
	assert_null(r.boot_path_se);
	gx_pls_result_free(&r);
}

/* Further outputs of the R package plspm on the same data and model (unscaled), as stored
 * with its Python port's tests (GoogleCloudPlatform/plspm-python, tests/data/
 * satisfaction.outer-model.csv, .inner-model.csv, .inner-summary.csv, .effects.csv,
 * .outer-model-path.csv, .outer-model-factorial.csv, .modeb.inner-summary.csv). */
static const double ref_centroid_w[ECSI_MV] = {
	0.0982418501741741, 0.157472863818056, 0.156722118194341, 0.0765758587028763, 0.184330241358762,
	0.106230159251131, 0.140693124381936, 0.118783165134756, 0.0994514827286758, 0.138374378658729,
	0.106606553258155, 0.134594903250232, 0.117141650592502, 0.0956184636638662, 0.115707870129084,
	0.174960810051613, 0.11766978894579, 0.1207889525664, 0.16652602110192,
	0.166366549374147, 0.162659797860461, 0.121091359148817, 0.132079076814512,
	0.158624625826792, 0.081728096069474, 0.161664593108151, 0.0806690862675395,
};
static const double ref_centroid_l[ECSI_MV] = {
	0.70932650116601, 0.877307817983846, 0.841748537706059, 0.569193430203468, 0.77846683251928,
	0.765800562617078, 0.837418997567575, 0.759820571357087, 0.71834524993581, 0.837276022047764,
	0.781469313516066, 0.881558340214507, 0.794076151381524, 0.788981936722486, 0.807446541109636,
	0.864821997997945, 0.796238958208741, 0.750064674608617, 0.844483086242166,
	0.919797990928334, 0.916030239797506, 0.825878617822696, 0.8175253352275,
	0.906587085677551, 0.671101376778201, 0.904973625494352, 0.681874238346727,
};

static void test_ecsi_published_outer_model(void **state)
{
	(void)state;
	struct gx_pls_model model = ecsi_model(NULL);
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	struct gx_pls_result r;
	struct gx_error err;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_OK);
	double worst = 0;
	for (size_t j = 0; j < ECSI_MV; j++) {
		assert_near(r.weights[j], ref_centroid_w[j], 1e-6);
		assert_near(r.loadings[j], ref_centroid_l[j], 1e-6);
		worst = fmax(worst, fmax(fabs(r.weights[j] - ref_centroid_w[j]),
		                         fabs(r.loadings[j] - ref_centroid_l[j])));
	}
	fprintf(stderr, "ECSI outer model: largest deviation of 54 weights/loadings %.3g\n", worst);
	/* OLS standard errors of the paths into SAT. */
	assert_near(r.path_se[SAT * ECSI_LV + IMAG], 0.0499287396486374, 1e-6);
	assert_near(r.path_se[SAT * ECSI_LV + EXPE], 0.0656906937615269, 1e-6);
	assert_near(r.path_se[SAT * ECSI_LV + QUAL], 0.0751969653585023, 1e-6);
	assert_near(r.path_se[SAT * ECSI_LV + VAL], 0.0600164458313523, 1e-6);
	assert_near(r.path_t[SAT * ECSI_LV + VAL], 9.81948600675306, 1e-4);
	/* Direct and total effects (satisfaction.effects.csv). */
	assert_near(r.path[LOY * ECSI_LV + IMAG], 0.275149575748467, 1e-6);
	assert_near(r.total_effect[SAT * ECSI_LV + IMAG], 0.490971137879492, 1e-6);
	assert_near(r.total_effect[LOY * ECSI_LV + IMAG], 0.518415622311155, 1e-6);
	assert_near(r.total_effect[LOY * ECSI_LV + EXPE], 0.248396387262645, 1e-6);
	assert_near(r.total_effect[SAT * ECSI_LV + EXPE], 0.501325436174541, 1e-6);
	assert_near(r.total_effect[LOY * ECSI_LV + VAL], 0.292001150957277, 1e-6);
	assert_near(r.total_effect[SAT * ECSI_LV + VAL], 0.589330650016017, 1e-6);
	assert_near(r.total_effect[IMAG * ECSI_LV + SAT], 0.0, 0);
	/* AVE per block. */
	const double ave[ECSI_LV] = { 0.582269092760334, 0.616419883010119, 0.65857174851724,
	                              0.66441556645883, 0.75889072736371, 0.639051735398058 };
	for (size_t k = 0; k < ECSI_LV; k++)
		assert_near(r.ave[k], ave[k], 1e-6);
	gx_pls_result_free(&r);

	/* Path and factorial schemes: weight and loading of sat1, val2 and loy4. */
	struct { enum gx_pls_scheme scheme; double w[3], l[3]; } cases[] = {
		{ GX_PLS_PATH, { 0.168756177314286, 0.121254528616825, 0.0786269581935837 },
		  { 0.920289506434007, 0.799328099439193, 0.678814311108138 } },
		{ GX_PLS_FACTORIAL, { 0.166550226780549, 0.118244094401818, 0.0802887089500578 },
		  { 0.919879569484991, 0.796730006569803, 0.681305477044771 } },
	};
	const size_t items[3] = { 19, 16, 26 };   /* sat1, val2, loy4 */
	for (size_t c = 0; c < 2; c++) {
		p.scheme = cases[c].scheme;
		assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_OK);
		for (size_t i = 0; i < 3; i++) {
			assert_near(r.weights[items[i]], cases[c].w[i], 1e-6);
			assert_near(r.loadings[items[i]], cases[c].l[i], 1e-6);
		}
		gx_pls_result_free(&r);
	}

	/* Every block formative (mode B), centroid: R² and mean communality; no AVE. */
	enum gx_pls_mode all_b[ECSI_LV];
	for (size_t k = 0; k < ECSI_LV; k++)
		all_b[k] = GX_PLS_MODE_B;
	model = ecsi_model(all_b);
	gx_pls_params_default(&p);
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_OK);
	const double r2b[ECSI_LV] = { 0, 0.372046006581529, 0.722837619445379, 0.614360808369793,
	                              0.732183693952877, 0.539969047981518 };
	const double comb[ECSI_LV] = { 0.532480143903468, 0.60484775361322, 0.657778609805617,
	                               0.637277128517747, 0.73353650551065, 0.578474667245272 };
	for (size_t k = 0; k < ECSI_LV; k++) {
		assert_near(r.r2[k], r2b[k], 1e-6);
		assert_near(r.mean_communality[k], comb[k], 1e-6);
		assert_true(isnan(r.ave[k]));
	}
	gx_pls_result_free(&r);
}

/* Standardised indicators and the other schemes still fit the same data to a similar model:
 * the ECSI structure is strong enough that VAL → SAT stays the largest path. */
static void test_ecsi_variants(void **state)
{
	(void)state;
	enum gx_pls_scheme schemes[] = { GX_PLS_CENTROID, GX_PLS_FACTORIAL, GX_PLS_PATH };
	enum gx_pls_mode modes_b[ECSI_LV] = { GX_PLS_MODE_B, GX_PLS_MODE_A, GX_PLS_MODE_A,
	                                      GX_PLS_MODE_A, GX_PLS_MODE_A, GX_PLS_MODE_A };
	for (int scaled = 0; scaled <= 1; scaled++)
		for (size_t s = 0; s < 3; s++)
			for (int use_b = 0; use_b <= 1; use_b++) {
				struct gx_pls_model model = ecsi_model(use_b ? modes_b : NULL);
				struct gx_pls_params p;
				gx_pls_params_default(&p);
				p.scheme = schemes[s];
				p.scaled = scaled;
				struct gx_pls_result r;
				struct gx_error err;
				assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_OK);
				assert_true(PATH(&r, VAL, SAT) > 0.4 && PATH(&r, VAL, SAT) < 0.75);
				assert_true(r.r2[SAT] > 0.6 && r.r2[SAT] < 0.8);
				if (use_b)
					assert_true(isnan(r.ave[IMAG]));
				else
					assert_false(isnan(r.ave[IMAG]));
				gx_pls_result_free(&r);
			}
}

/* Mode B with a single-indicator block per LV reduces to the indicators themselves; two LVs
 * with one indicator each: path = correlation, R² = r², and the OLS standard error of a
 * simple regression of standardised variables is sqrt((1 − r²)/(n − 2)). */
static void test_two_variable_model(void **state)
{
	(void)state;
	const double xs[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	const double ys[] = { 2, 1, 4, 3, 6, 5, 8, 9 };
	double data[16];
	for (size_t i = 0; i < 8; i++) {
		data[i * 2] = xs[i];
		data[i * 2 + 1] = ys[i];
	}
	/* Hand computation: r = Sxy / sqrt(Sxx Syy). */
	double mx = 4.5, my = 38.0 / 8, sxy = 0, sxx = 0, syy = 0;
	for (size_t i = 0; i < 8; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) * (xs[i] - mx);
		syy += (ys[i] - my) * (ys[i] - my);
	}
	double rr = sxy / sqrt(sxx * syy);
	size_t block[2] = { 0, 1 };
	unsigned char path[4] = { 0, 0, 1, 0 };   /* LV 0 → LV 1 */
	enum gx_pls_mode modes[2] = { GX_PLS_MODE_B, GX_PLS_MODE_A };
	enum gx_pls_scheme schemes[] = { GX_PLS_CENTROID, GX_PLS_FACTORIAL, GX_PLS_PATH };
	for (size_t s = 0; s < 3; s++)
		for (int use_b = 0; use_b <= 1; use_b++) {
			struct gx_pls_model model = { 2, 2, block, use_b ? modes : NULL, path };
			struct gx_pls_params p;
			gx_pls_params_default(&p);
			p.scheme = schemes[s];
			struct gx_pls_result r;
			struct gx_error err;
			assert_int_equal(gx_pls_fit(data, 8, &model, &p, &r, &err), GX_OK);
			assert_near(r.path[1 * 2 + 0], rr, 1e-12);
			assert_near(r.r2[1], rr * rr, 1e-12);
			assert_near(r.path_se[1 * 2 + 0], sqrt((1 - rr * rr) / 6.0), 1e-12);
			assert_near(r.loadings[0], 1.0, 1e-12);
			/* One raw indicator per block: the index is its mean on the 1..10 scale. */
			assert_near(r.index_100[0], 100.0 * (4.5 - 1.0) / 9.0, 1e-9);
			gx_pls_result_free(&r);
		}
}

/* A latent variable is turned so that it agrees with most of its indicators: reversing every
 * item of the satisfaction block (11 − x) reverses the paths into and out of it, and leaves
 * R² and the loadings as they were. */
static void test_sign_orientation(void **state)
{
	(void)state;
	static double neg[ECSI_N * ECSI_MV];
	memcpy(neg, ecsi, sizeof neg);
	for (size_t i = 0; i < ECSI_N; i++)
		for (size_t j = 0; j < ECSI_MV; j++)
			if (ecsi_block[j] == SAT)
				neg[i * ECSI_MV + j] = 11.0 - neg[i * ECSI_MV + j];
	struct gx_pls_model model = ecsi_model(NULL);
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	struct gx_pls_result a, b;
	struct gx_error err;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &a, &err), GX_OK);
	assert_int_equal(gx_pls_fit(neg, ECSI_N, &model, &p, &b, &err), GX_OK);
	assert_near(PATH(&b, VAL, SAT), -PATH(&a, VAL, SAT), 1e-6);
	assert_near(b.r2[SAT], a.r2[SAT], 1e-6);
	/* The reversed block now measures dissatisfaction: its items still load positively on
	 * it, with the same strength. */
	for (size_t j = 0; j < ECSI_MV; j++)
		if (ecsi_block[j] == SAT) {
			assert_true(b.loadings[j] > 0);
			assert_near(b.loadings[j], a.loadings[j], 1e-6);
		}
	gx_pls_result_free(&a);
	gx_pls_result_free(&b);
}

static void test_bootstrap_seeded(void **state)
{
	(void)state;
	struct gx_pls_model model = ecsi_model(NULL);
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	p.bootstrap = 200;
	p.seed = 20261126;
	struct gx_pls_result a, b, c;
	struct gx_error err;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &a, &err), GX_OK);
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &b, &err), GX_OK);
	p.seed = 7;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &c, &err), GX_OK);
	assert_int_equal(a.boot_resamples, 200);
	size_t vs = SAT * ECSI_LV + VAL;
	/* Same seed, same numbers; another seed, other numbers of the same size. */
	assert_memory_equal(a.boot_path_se, b.boot_path_se, ECSI_LV * ECSI_LV * sizeof(double));
	assert_memory_equal(a.boot_weight_se, b.boot_weight_se, ECSI_MV * sizeof(double));
	assert_true(a.boot_path_se[vs] != c.boot_path_se[vs]);
	assert_true(fabs(a.boot_path_se[vs] - c.boot_path_se[vs]) < 0.5 * a.boot_path_se[vs]);
	/* The bootstrap mean is near the estimate and the bootstrap SE is of the order of the
	 * OLS one (0.5–2×) for the well-determined paths. */
	fprintf(stderr, "bootstrap (seed 20261126, 200): VAL->SAT %.4f, mean %.4f, se %.4f (OLS se %.4f)\n",
	        a.path[vs], a.boot_path_mean[vs], a.boot_path_se[vs], a.path_se[vs]);
	fprintf(stderr, "bootstrap: IMAG->SAT se %.4f (OLS %.4f), SAT->LOY se %.4f (OLS %.4f)\n",
	        a.boot_path_se[SAT * ECSI_LV + IMAG], a.path_se[SAT * ECSI_LV + IMAG],
	        a.boot_path_se[LOY * ECSI_LV + SAT], a.path_se[LOY * ECSI_LV + SAT]);
	assert_near(a.boot_path_mean[vs], a.path[vs], 0.05);
	for (size_t to = 0; to < ECSI_LV; to++)
		for (size_t from = 0; from < ECSI_LV; from++) {
			size_t e = to * ECSI_LV + from;
			if (!ecsi_path[e]) {
				assert_near(a.boot_path_se[e], 0.0, 0.0);
				continue;
			}
			assert_true(a.boot_path_se[e] > 0.4 * a.path_se[e]);
			assert_true(a.boot_path_se[e] < 2.5 * a.path_se[e]);
		}
	for (size_t k = 0; k < ECSI_LV; k++)
		assert_true(k == IMAG ? a.boot_r2_se[k] == 0.0 : a.boot_r2_se[k] > 0.0);
	for (size_t j = 0; j < ECSI_MV; j++)
		assert_true(a.boot_loading_se[j] > 0.0 && a.boot_loading_se[j] < 0.3);
	gx_pls_result_free(&c);
	/* Fewer resamples than the minimum is refused. */
	p.bootstrap = 50;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &c, &err), GX_EINVAL);
	gx_pls_result_free(&a);
	gx_pls_result_free(&b);
	struct gx_pls_result none = { 0 };
	gx_pls_result_free(&none);
}

static void test_degenerate(void **state)
{
	(void)state;
	struct gx_pls_model model = ecsi_model(NULL);
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	struct gx_pls_result r;
	struct gx_error err;
	static double bad[ECSI_N * ECSI_MV];

	/* NaN in the data. */
	memcpy(bad, ecsi, sizeof bad);
	bad[17 * ECSI_MV + 3] = NAN;
	assert_int_equal(gx_pls_fit(bad, ECSI_N, &model, &p, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "data");
	/* A constant indicator (zero variance). */
	memcpy(bad, ecsi, sizeof bad);
	for (size_t i = 0; i < ECSI_N; i++)
		bad[i * ECSI_MV + 20] = 7;
	assert_int_equal(gx_pls_fit(bad, ECSI_N, &model, &p, &r, &err), GX_ENUMERIC);
	assert_non_null(strstr(err.message, "indicator 20"));
	/* Too few observations; no observations at all. */
	assert_int_equal(gx_pls_fit(ecsi, 4, &model, &p, &r, &err), GX_EINVAL);
	assert_int_equal(gx_pls_fit(ecsi, 0, &model, &p, &r, &err), GX_EINVAL);
	assert_int_equal(gx_pls_fit(NULL, ECSI_N, &model, &p, &r, &err), GX_EINVAL);
	/* A cycle, a self loop, an isolated latent variable, an empty block, a bad block id. */
	unsigned char path[ECSI_LV * ECSI_LV];
	memcpy(path, ecsi_path, sizeof path);
	path[IMAG * ECSI_LV + LOY] = 1;   /* LOY → IMAG closes IMAG → SAT → LOY → IMAG */
	struct gx_pls_model m2 = model;
	m2.path = path;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &m2, &p, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "cycle"));
	memcpy(path, ecsi_path, sizeof path);
	path[SAT * ECSI_LV + SAT] = 1;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &m2, &p, &r, &err), GX_EINVAL);
	memset(path, 0, sizeof path);
	path[SAT * ECSI_LV + VAL] = 1;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &m2, &p, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "not connected"));
	size_t block[ECSI_MV];
	memcpy(block, ecsi_block, sizeof block);
	for (size_t j = 0; j < ECSI_MV; j++)
		if (block[j] == QUAL)
			block[j] = EXPE;
	m2 = model;
	m2.block = block;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &m2, &p, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "no indicators"));
	block[0] = 99;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &m2, &p, &r, &err), GX_EINVAL);
	/* Collinear formative block: two identical indicators in mode B. */
	memcpy(bad, ecsi, sizeof bad);
	for (size_t i = 0; i < ECSI_N; i++)
		bad[i * ECSI_MV + 1] = bad[i * ECSI_MV + 0];
	enum gx_pls_mode modes[ECSI_LV] = { GX_PLS_MODE_B, GX_PLS_MODE_A, GX_PLS_MODE_A,
	                                    GX_PLS_MODE_A, GX_PLS_MODE_A, GX_PLS_MODE_A };
	m2 = ecsi_model(modes);
	assert_int_equal(gx_pls_fit(bad, ECSI_N, &m2, &p, &r, &err), GX_ENUMERIC);
	/* An iteration cap too small to converge. */
	p.max_iter = 1;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_ENUMERIC);
	assert_non_null(strstr(err.message, "converge"));
	/* Parameters out of range. */
	gx_pls_params_default(&p);
	p.scheme = (enum gx_pls_scheme)9;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_EINVAL);
	gx_pls_params_default(&p);
	p.scale_max = p.scale_min;
	assert_int_equal(gx_pls_fit(ecsi, ECSI_N, &model, &p, &r, &err), GX_EINVAL);
}

static void test_complaint_indicator(void **state)
{
	(void)state;
	const double formal[] = { 0, 2, 1 }, informal[] = { 3, 0, 1 };
	double out[3];
	struct gx_error err;
	assert_int_equal(gx_pls_complaint_indicator(formal, informal, 3, out, &err), GX_OK);
	assert_near(out[0], 3, 0);
	assert_near(out[1], 2, 0);
	assert_near(out[2], 2, 0);
	const double neg[] = { 0, -1, 0 };
	assert_int_equal(gx_pls_complaint_indicator(neg, informal, 3, out, &err), GX_EINVAL);
	assert_int_equal(gx_pls_complaint_indicator(formal, informal, 0, out, &err), GX_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecsi_reference),
		cmocka_unit_test(test_ecsi_published_outer_model),
		cmocka_unit_test(test_ecsi_variants),
		cmocka_unit_test(test_two_variable_model),
		cmocka_unit_test(test_sign_orientation),
		cmocka_unit_test(test_bootstrap_seeded),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_complaint_indicator),
	};
	return cmocka_run_group_tests(tests, setup_ecsi, NULL);
}
