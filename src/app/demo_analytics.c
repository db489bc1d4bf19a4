/* Demo survey waves behind the SERVQUAL and PLS analytics pages. The answers are synthetic,
 * drawn from a model whose shape the pages should show: SERVQUAL perceptions below
 * expectations in every dimension, most in reliability (the usual finding of Parasuraman,
 * Zeithaml & Berry), with the negatively worded items (10–13, 18–22) stored reversed as a
 * respondent would answer them; ECSI answers on 0–10 generated from latent scores that follow
 * the ECSI paths (image → expectation → quality → value → satisfaction → loyalty), so the PLS
 * fit recovers positive paths with value as the strongest driver of satisfaction. */
#include <stdio.h>

#include "app/demo_analytics.h"
#include "app/demo_internal.h"
#include "guanxi/datetime.h"
#include "guanxi/survey.h"

#define SQ_RESPONDENTS 80
#define ECSI_RESPONDENTS 150

static int clamp(double x, int lo, int hi)
{
	int v = (int)(x + (x < 0 ? -0.5 : 0.5));
	return v < lo ? lo : v > hi ? hi : v;
}

/* Mean gap P − E of the five dimensions, items 1–4, 5–9, 10–13, 14–17, 18–22. */
static double sq_gap(int item)
{
	static const double gap[5] = {-0.3, -1.2, -0.8, -0.4, -0.6};
	int d = item <= 4 ? 0 : item <= 9 ? 1 : item <= 13 ? 2 : item <= 17 ? 3 : 4;
	return gap[d];
}

static const char *sq_answers(struct demo_rng *r, struct gx_arena *a)
{
	char *j = gx_arena_strdup(a, "{");
	double mood = demo_rng_normal(r) * 0.4;
	for (int i = 1; i <= 22; i++) {
		int e = clamp(6.0 + demo_rng_normal(r) * 0.7, 1, 7);
		int p = clamp(e + sq_gap(i) + mood + demo_rng_normal(r) * 0.8, 1, 7);
		int reversed = (i >= 10 && i <= 13) || i >= 18;
		if (reversed) {
			e = 8 - e;
			p = 8 - p;
		}
		j = gx_arena_printf(a, "%s%s\"sq%d\": [%d, %d]", j, i > 1 ? ", " : "", i, e, p);
	}
	return gx_arena_printf(a, "%s}", j);
}

static const char *ecsi_answers(struct demo_rng *r, struct gx_arena *a)
{
	double imag = demo_rng_normal(r);
	double expe = 0.55 * imag + 0.8 * demo_rng_normal(r);
	double qual = 0.65 * expe + 0.7 * demo_rng_normal(r);
	double val = 0.2 * expe + 0.55 * qual + 0.7 * demo_rng_normal(r);
	double sat = 0.2 * imag + 0.15 * qual + 0.55 * val + 0.5 * demo_rng_normal(r);
	double loy = 0.2 * imag + 0.6 * sat + 0.7 * demo_rng_normal(r);
	const struct {
		const char *block;
		int n;
		double lv, mean;
	} blocks[] = {{"imag", 5, imag, 7.2}, {"expe", 5, expe, 7.6}, {"qual", 5, qual, 7.4},
	              {"val", 4, val, 6.6}, {"sat", 4, sat, 7.0}, {"loy", 4, loy, 6.8}};
	char *j = gx_arena_strdup(a, "{");
	for (size_t b = 0; b < sizeof blocks / sizeof *blocks; b++)
		for (int i = 1; i <= blocks[b].n; i++)
			j = gx_arena_printf(a, "%s%s\"%s%d\": %d", j, b || i > 1 ? ", " : "", blocks[b].block, i,
			                    clamp(blocks[b].mean + 1.3 * blocks[b].lv + 0.8 * demo_rng_normal(r), 0, 10));
	return gx_arena_printf(a, "%s}", j);
}

/* One survey from a template with one wave opening months_ago months before today, filled by n
 * synthetic respondents (not linked to customers: both questionnaires are anonymous in the
 * course's use). */
static enum gx_err one(struct app *app, const char *tpl, const char *code, const char *wave_code,
                       const char *wave_name, int months_ago, int n, const char *(*gen)(struct demo_rng *, struct gx_arena *),
                       struct demo_rng *r, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct survey_def def;
	enum gx_err e = survey_template_build(tpl, GX_LANG_ZH, &a, &def, err);
	if (e == GX_OK) {
		def.code = code;
		e = app_survey_create(app, &def, err);
	}
	char today[11];
	app_survey_today(app, today);
	int32_t t = 0;
	if (e == GX_OK)
		e = gx_date_parse(today, &t, "today", err);
	struct survey_wave wave;
	char o[GX_DATE_FMT_SIZE], c[GX_DATE_FMT_SIZE];
	if (e == GX_OK) {
		int32_t opens = gx_date_add_months(t, -months_ago);
		e = app_survey_wave_create(app, def.id, wave_code, wave_name, gx_date_format(opens, o),
		                           gx_date_format(opens + 20, c), 2000 + months_ago, &wave, &a, err);
	}
	if (e == GX_OK)
		e = store_begin(app->store, err);
	for (int i = 0; i < n && e == GX_OK; i++) {
		struct gx_arena ra;
		gx_arena_init(&ra, 0);
		int64_t rid;
		e = app_survey_submit_direct(app, wave.id, 0, gen(r, &ra), 1, &rid, err);
		gx_arena_free(&ra);
	}
	if (e == GX_OK)
		e = store_commit(app->store, err);
	else if (store_in_transaction(app->store))
		store_rollback(app->store);
	gx_arena_free(&a);
	return e;
}

enum gx_err demo_analytics_surveys(struct app *app, uint64_t seed, struct gx_error *err)
{
	struct demo_rng r;
	demo_rng_seed(&r, seed ^ 0x416e616c79746963ULL);
	enum gx_err e = one(app, "servqual22", "SQ", "SQ-W1", "服务质量调查", 4, SQ_RESPONDENTS, sq_answers, &r, err);
	if (e == GX_OK)
		e = one(app, "ecsi", "ECSI", "ECSI-W1", "客户满意度指数调查", 3, ECSI_RESPONDENTS, ecsi_answers, &r, err);
	return e;
}
