/* Survey data for the demo company: the course's supermarket questionnaire (template
 * supermarket17, Chinese wording) with an NPS question and three Kano features added in the
 * designer, and two completed waves six months apart (about 120 respondents each, linked to demo
 * customers). The synthetic answers are drawn around per-attribute profiles chosen so that every
 * importance–performance quadrant is populated, the second wave improves the two most urgent
 * attributes, and one Kano feature drifts from attractive to one-dimensional (seed001). */
#include <stdio.h>
#include <string.h>

#include "app/demo_internal.h"
#include "app/demo_surveys.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/datetime.h"
#include "guanxi/survey.h"

#define RESPONDENTS 120

/* Mean importance and satisfaction of the 17 items (1–5). */
static const double profile[17][2] = {
	{4.6, 3.1}, {3.6, 4.2}, {4.5, 4.1}, {4.4, 4.3}, {4.2, 3.8}, {3.2, 3.9}, {3.0, 3.4}, {3.9, 3.6},
	{3.4, 2.9}, {3.8, 4.0}, {3.1, 3.3}, {3.7, 3.7}, {4.3, 3.2}, {4.0, 3.9}, {4.4, 2.8}, {3.3, 3.0},
	{3.9, 4.2},
};

static int clamp(double x, int lo, int hi)
{
	int v = (int)(x + 0.5);
	return v < lo ? lo : v > hi ? hi : v;
}

/* A Kano answer pair for a feature whose respondents lean to category cat ('A', 'O', 'M'). */
static void kano_pair(struct demo_rng *r, char cat, int *f, int *d)
{
	double u = demo_rng_unit(r);
	if (u < 0.15) {                 /* indifferent */
		*f = 3;
		*d = 3;
		return;
	}
	switch (cat) {
	case 'A': *f = 1; *d = demo_rng_chance(r, 0.5) ? 3 : 4; break;
	case 'O': *f = 1; *d = 5; break;
	default: *f = demo_rng_chance(r, 0.5) ? 2 : 3; *d = 5; break;
	}
}

static const char *answers(struct demo_rng *r, int wave, struct gx_arena *a)
{
	static const char *const genders[] = {"male", "female"};
	static const char *const ages[] = {"a15_20", "a21_30", "a31_40", "a41"};
	static const char *const jobs[] = {"employee", "self_employed", "worker", "student", "retired", "other"};
	char *j = gx_arena_strdup(a, "{");
	double mood = demo_rng_normal(r) * 0.4;
	for (int i = 0; i < 17; i++) {
		double s = profile[i][1] + mood + (wave == 2 && (i == 0 || i == 14) ? 0.9 : 0.0);
		j = gx_arena_printf(a, "%s\"q%d\": [%d, %d], ", j, i + 1, clamp(profile[i][0] + demo_rng_normal(r) * 0.6, 1, 5),
		                    clamp(s + demo_rng_normal(r) * 0.7, 1, 5));
	}
	static const char cats[2][3] = {{'A', 'M', 'A'}, {'O', 'M', 'A'}};
	for (int k = 0; k < 3; k++) {
		int f, d;
		kano_pair(r, cats[wave - 1][k], &f, &d);
		j = gx_arena_printf(a, "%s\"k%d\": [%d, %d], ", j, k + 1, f, d);
	}
	int nps = clamp(7.5 + mood * 3 + demo_rng_normal(r) * 1.6 + (wave == 2 ? 0.5 : 0.0), 0, 10);
	j = gx_arena_printf(a, "%s\"nps\": %d", j, nps);
	if (demo_rng_chance(r, 0.8))
		j = gx_arena_printf(a, "%s, \"gender\": \"%s\", \"age\": \"%s\", \"occupation\": \"%s\", \"income\": %d", j,
		                    genders[demo_rng_below(r, 2)], ages[demo_rng_below(r, 4)], jobs[demo_rng_below(r, 6)],
		                    (int)demo_rng_range(r, 30, 200) * 100);
	return gx_arena_printf(a, "%s}", j);
}

static enum gx_err add_questions(struct app *app, int64_t survey, struct gx_arena *a, struct gx_error *err)
{
	static const char *const kano[3][2] = {{"k1", "送货上门"}, {"k2", "手机支付"}, {"k3", "自助收银"}};
	struct survey_question q = {.code = "nps", .type = SURVEY_Q_NPS, .required = 1,
	                            .text = "您向亲友推荐本超市的可能性有多大？"};
	enum gx_err e = app_survey_question_add(app, survey, 1, &q, a, err);
	int64_t sec = 0;
	if (e == GX_OK)
		e = app_survey_section_add(app, survey, "功能需求（Kano）", 0, &sec, err);
	for (int k = 0; k < 3 && e == GX_OK; k++) {
		struct survey_question kq = {.code = kano[k][0], .type = SURVEY_Q_KANO, .required = 1, .text = kano[k][1]};
		e = app_survey_question_add(app, survey, 0, &kq, a, err);
	}
	return e;
}

enum gx_err demo_surveys(struct app *app, uint64_t seed, int64_t *responses, struct gx_error *err)
{
	*responses = 0;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct demo_rng r;
	demo_rng_seed(&r, seed ^ 0x5375727665795fULL);
	struct survey_def def;
	enum gx_err e = survey_template_build("supermarket17", GX_LANG_ZH, &a, &def, err);
	if (e == GX_OK) {
		def.code = "SAT";
		e = app_survey_create(app, &def, err);
	}
	if (e == GX_OK)
		e = add_questions(app, def.id, &a, err);
	char today[11];
	app_survey_today(app, today);
	int32_t t;
	if (e == GX_OK)
		e = gx_date_parse(today, &t, "today", err);
	for (int w = 1; w <= 2 && e == GX_OK; w++) {
		/* wave 1 seven months ago, wave 2 one month ago; both closed by now */
		int32_t opens = gx_date_add_months(t, w == 1 ? -7 : -1);
		char o[GX_DATE_FMT_SIZE], c[GX_DATE_FMT_SIZE];
		struct survey_wave wave;
		e = app_survey_wave_create(app, def.id, w == 1 ? "SAT-W1" : "SAT-W2", w == 1 ? "上半年" : "下半年",
		                           gx_date_format(opens, o), gx_date_format(opens + 27, c), 1000 + w, &wave, &a, err);
		if (e == GX_OK)
			e = store_begin(app->store, err);
		for (int i = 0; i < RESPONDENTS && e == GX_OK; i++) {
			struct gx_arena ra;
			gx_arena_init(&ra, 0);
			int64_t cust = 1 + (int64_t)((w * 1009 + i * 19) % 2400), rid;
			struct record c;
			struct gx_error ignore;
			if (app_customer_get(app, cust, 0, &ra, &c, &ignore) != GX_OK)
				cust = 0;
			e = app_survey_submit_direct(app, wave.id, cust, answers(&r, w, &ra), 1, &rid, err);
			gx_arena_free(&ra);
			(*responses)++;
		}
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else if (store_in_transaction(app->store))
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}
