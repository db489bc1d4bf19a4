/* A wave's results (see guanxi/survey_results.h): the answers are read once into a
 * respondent × question grid, then each model's input arrays are cut from it. A model sees
 * only the respondents who answered every question it needs (the counts say how many). */
#include <math.h>
#include <string.h>

#include "guanxi/analytics/plspm.h"
#include "guanxi/i18n.h"
#include "guanxi/survey_results.h"
#include "guanxi/survey_store.h"

struct cell {
	int present;
	int64_t a, b;
	const char *text;
};

struct grid {
	size_t nr, nq;
	struct cell *c;                   /* nr × nq */
};

static struct cell *at(const struct grid *g, size_t r, size_t q)
{
	return &g->c[r * g->nq + q];
}

static enum gx_err load_grid(struct app *app, const struct survey_results *res, struct gx_arena *a, struct grid *g,
                             struct gx_error *err)
{
	struct survey_answer_row *rows;
	size_t n;
	enum gx_err e = store_survey_wave_answers(app->store, res->wave.id, a, &rows, &n, err);
	if (e != GX_OK)
		return e;
	g->nq = res->def.nquestions;
	g->nr = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || rows[i].response_id != rows[i - 1].response_id)
			g->nr++;
	g->c = gx_arena_calloc(a, g->nr * g->nq + 1, sizeof *g->c);
	size_t r = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && rows[i].response_id != rows[i - 1].response_id)
			r++;
		for (size_t q = 0; q < g->nq; q++)
			if (res->def.questions[q].id == rows[i].question_id) {
				struct cell *c = at(g, r, q);
				c->present = 1;
				c->a = rows[i].a;
				c->b = rows[i].b;
				c->text = rows[i].text;
			}
	}
	return GX_OK;
}

/* Respondents who answered every question of type t (and, for likert, with a block). */
static int complete(const struct survey_def *def, const struct grid *g, size_t r, enum survey_qtype t, int blocks)
{
	for (size_t q = 0; q < def->nquestions; q++)
		if (def->questions[q].type == t && (!blocks || def->questions[q].block) && !at(g, r, q)->present)
			return 0;
	return 1;
}

static size_t count_type(const struct survey_def *def, enum survey_qtype t)
{
	size_t n = 0;
	for (size_t q = 0; q < def->nquestions; q++)
		n += def->questions[q].type == t;
	return n;
}

static enum gx_err imp_sat(struct survey_results *res, const struct grid *g, struct gx_arena *a, struct gx_error *err)
{
	const struct survey_def *def = &res->def;
	res->n_attr = count_type(def, SURVEY_Q_IMP_SAT);
	if (!res->n_attr)
		return GX_OK;
	res->attr = gx_arena_calloc(a, res->n_attr, sizeof *res->attr);
	size_t k = 0, first = 0;
	for (size_t q = 0; q < def->nquestions; q++)
		if (def->questions[q].type == SURVEY_Q_IMP_SAT) {
			if (!k)
				first = q;
			res->attr[k].code = def->questions[q].code;
			res->attr[k].text = def->questions[q].text;
			res->attr[k].mean_imp = res->attr[k].mean_sat = NAN;
			k++;
		}
	double *imp = gx_arena_calloc(a, g->nr * res->n_attr + 1, sizeof *imp);
	double *sat = gx_arena_calloc(a, g->nr * res->n_attr + 1, sizeof *sat);
	size_t n = 0;
	for (size_t r = 0; r < g->nr; r++) {
		if (!complete(def, g, r, SURVEY_Q_IMP_SAT, 0))
			continue;
		k = 0;
		for (size_t q = 0; q < def->nquestions; q++)
			if (def->questions[q].type == SURVEY_Q_IMP_SAT) {
				imp[n * res->n_attr + k] = (double)at(g, r, q)->a;
				sat[n * res->n_attr + k] = (double)at(g, r, q)->b;
				k++;
			}
		n++;
	}
	res->index_n = n;
	if (!n)
		return GX_OK;
	struct gx_sat_params p;
	gx_sat_params_default(&p);
	p.scale_min = def->questions[first].scale_min;
	p.scale_max = def->questions[first].scale_max;
	struct gx_sat_survey_index idx;
	double *mi = gx_arena_calloc(a, res->n_attr, sizeof *mi), *ms = gx_arena_calloc(a, res->n_attr, sizeof *ms);
	enum gx_err e = gx_sat_survey_index(sat, imp, n, res->n_attr, &p, &idx, mi, ms, err);
	if (e != GX_OK)
		return e;
	res->has_index = 1;
	res->index = idx.index;
	res->index_100 = idx.index_100;
	int scale = def->questions[first].scale_max - def->questions[first].scale_min + 1;
	if (def->questions[first].scale_min == 1 && (scale == 5 || scale == 7) &&
	    gx_sat_level(idx.index, (enum gx_sat_scale)scale, &p, &res->level, err) != GX_OK)
		return err->code;
	enum gx_sat_ipa_quadrant *quad = gx_arena_calloc(a, res->n_attr, sizeof *quad);
	if ((e = gx_sat_ipa(mi, ms, res->n_attr, &p, quad, &res->split, err)) != GX_OK)
		return e;
	for (k = 0; k < res->n_attr; k++) {
		res->attr[k].mean_imp = mi[k];
		res->attr[k].mean_sat = ms[k];
		res->attr[k].quadrant = quad[k];
	}
	return GX_OK;
}

static enum gx_err kano(struct survey_results *res, const struct grid *g, struct gx_arena *a, struct gx_error *err)
{
	const struct survey_def *def = &res->def;
	res->n_kano = count_type(def, SURVEY_Q_KANO);
	res->kano = gx_arena_calloc(a, res->n_kano + 1, sizeof *res->kano);
	int *fn = gx_arena_calloc(a, g->nr + 1, sizeof *fn), *dys = gx_arena_calloc(a, g->nr + 1, sizeof *dys);
	size_t k = 0;
	for (size_t q = 0; q < def->nquestions; q++) {
		if (def->questions[q].type != SURVEY_Q_KANO)
			continue;
		struct survey_kano_result *kr = &res->kano[k++];
		kr->code = def->questions[q].code;
		kr->text = def->questions[q].text;
		size_t n = 0;
		for (size_t r = 0; r < g->nr; r++)
			if (at(g, r, q)->present) {
				fn[n] = (int)at(g, r, q)->a;
				dys[n++] = (int)at(g, r, q)->b;
			}
		if (n) {
			enum gx_err e = gx_kano_feature(fn, dys, n, NULL, &kr->f, err);
			if (e != GX_OK)
				return e;
		}
	}
	return GX_OK;
}

static enum gx_err servqual(struct survey_results *res, const struct grid *g, struct gx_arena *a, struct gx_error *err)
{
	const struct survey_def *def = &res->def;
	size_t nsq = count_type(def, SURVEY_Q_SERVQUAL);
	if (!nsq)
		return GX_OK;
	if (nsq != GX_SERVQUAL_ITEMS) {
		res->servqual_note = _("SERVQUAL gaps need all 22 items of the instrument in the survey");
		return GX_OK;
	}
	size_t qi[GX_SERVQUAL_ITEMS];
	for (size_t q = 0; q < def->nquestions; q++)
		if (def->questions[q].type == SURVEY_Q_SERVQUAL)
			qi[def->questions[q].item - 1] = q;
	double *e_ = gx_arena_calloc(a, g->nr * GX_SERVQUAL_ITEMS + 1, sizeof *e_);
	double *p_ = gx_arena_calloc(a, g->nr * GX_SERVQUAL_ITEMS + 1, sizeof *p_);
	size_t n = 0;
	for (size_t r = 0; r < g->nr; r++) {
		if (!complete(def, g, r, SURVEY_Q_SERVQUAL, 0))
			continue;
		for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
			e_[n * GX_SERVQUAL_ITEMS + i] = (double)at(g, r, qi[i])->a;
			p_[n * GX_SERVQUAL_ITEMS + i] = (double)at(g, r, qi[i])->b;
		}
		n++;
	}
	if (!n) {
		res->servqual_note = _("no respondent answered all 22 SERVQUAL items");
		return GX_OK;
	}
	struct gx_servqual_params p;
	gx_servqual_params_default(&p);
	p.scale_min = def->questions[qi[0]].scale_min;
	p.scale_max = def->questions[qi[0]].scale_max;
	enum gx_err e = gx_servqual_score(e_, p_, n, NULL, &p, &res->servqual, err);
	res->has_servqual = e == GX_OK;
	return e;
}

static enum gx_err nps_items_choices(struct survey_results *res, const struct grid *g, struct gx_arena *a,
                                     struct gx_error *err)
{
	const struct survey_def *def = &res->def;
	res->nps = gx_arena_calloc(a, def->nquestions, sizeof *res->nps);
	res->items = gx_arena_calloc(a, def->nquestions, sizeof *res->items);
	res->choices = gx_arena_calloc(a, def->nquestions, sizeof *res->choices);
	int *vals = gx_arena_calloc(a, g->nr + 1, sizeof *vals);
	for (size_t q = 0; q < def->nquestions; q++) {
		const struct survey_question *qq = &def->questions[q];
		if (qq->type == SURVEY_Q_NPS) {
			struct survey_nps_result *nr = &res->nps[res->n_nps++];
			nr->code = qq->code;
			nr->text = qq->text;
			size_t n = 0;
			for (size_t r = 0; r < g->nr; r++)
				if (at(g, r, q)->present)
					vals[n++] = (int)at(g, r, q)->a;
			if (n && gx_nps_score(vals, n, &nr->nps, err) != GX_OK)
				return err->code;
		} else if (qq->type == SURVEY_Q_LIKERT || qq->type == SURVEY_Q_NUMBER) {
			struct survey_item_result *ir = &res->items[res->n_items++];
			ir->code = qq->code;
			ir->text = qq->text;
			ir->block = qq->block;
			double sum = 0;
			for (size_t r = 0; r < g->nr; r++)
				if (at(g, r, q)->present) {
					sum += (double)at(g, r, q)->a;
					ir->n++;
				}
			ir->mean = ir->n ? sum / (double)ir->n : NAN;
		} else if (qq->type == SURVEY_Q_SINGLE || qq->type == SURVEY_Q_MULTIPLE) {
			struct survey_choice_result *cr = &res->choices[res->n_choices++];
			cr->code = qq->code;
			cr->text = qq->text;
			cr->q = qq;
			cr->counts = gx_arena_calloc(a, qq->noptions + 1, sizeof *cr->counts);
			for (size_t r = 0; r < g->nr; r++) {
				const char *t = at(g, r, q)->text;
				if (!at(g, r, q)->present || !t)
					continue;
				cr->n++;
				for (size_t k = 0; k < qq->noptions; k++) {
					size_t len = strlen(qq->options[k].key);
					for (const char *p = t; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL)
						if (strncmp(p, qq->options[k].key, len) == 0 && (p[len] == ';' || p[len] == 0))
							cr->counts[k]++;
				}
			}
		}
	}
	return GX_OK;
}

static int lv_index(const struct survey_pls_result *pr, const char *name)
{
	for (size_t i = 0; i < pr->n_lv; i++)
		if (strcmp(pr->lv[i], name) == 0)
			return (int)i;
	return -1;
}

static void pls(struct survey_results *res, const struct grid *g, struct gx_arena *a)
{
	const struct survey_def *def = &res->def;
	struct survey_pls_result *pr = &res->pls;
	if (!def->npaths)
		return;
	pr->lv = gx_arena_calloc(a, def->nquestions + 1, sizeof *pr->lv);
	size_t *block = gx_arena_calloc(a, def->nquestions + 1, sizeof *block), n_mv = 0;
	size_t *col = gx_arena_calloc(a, def->nquestions + 1, sizeof *col);
	for (size_t q = 0; q < def->nquestions; q++) {
		const char *b = def->questions[q].block;
		if (def->questions[q].type != SURVEY_Q_LIKERT || !b)
			continue;
		int l = lv_index(pr, b);
		if (l < 0) {
			l = (int)pr->n_lv;
			pr->lv[pr->n_lv++] = b;
		}
		block[n_mv] = (size_t)l;
		col[n_mv++] = q;
	}
	unsigned char *path = gx_arena_calloc(a, pr->n_lv * pr->n_lv + 1, 1);
	pr->paths = gx_arena_calloc(a, def->npaths, sizeof *pr->paths);
	for (size_t p = 0; p < def->npaths; p++) {
		int from = lv_index(pr, def->paths[p].from), to = lv_index(pr, def->paths[p].to);
		path[(size_t)to * pr->n_lv + (size_t)from] = 1;
		pr->paths[pr->npaths].from = def->paths[p].from;
		pr->paths[pr->npaths++].to = def->paths[p].to;
	}
	double *x = gx_arena_calloc(a, g->nr * n_mv + 1, sizeof *x);
	for (size_t r = 0; r < g->nr; r++) {
		if (!complete(def, g, r, SURVEY_Q_LIKERT, 1))
			continue;
		for (size_t m = 0; m < n_mv; m++)
			x[pr->n_obs * n_mv + m] = (double)at(g, r, col[m])->a;
		pr->n_obs++;
	}
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	p.scale_min = def->questions[col[0]].scale_min;
	p.scale_max = def->questions[col[0]].scale_max;
	struct gx_pls_model model = {pr->n_lv, n_mv, block, NULL, path};
	struct gx_pls_result fit;
	struct gx_error err;
	gx_error_clear(&err);
	if (pr->n_obs < 10) {
		pr->note = _("the PLS model needs at least 10 respondents who answered every item of its blocks");
		return;
	}
	if (gx_pls_fit(x, pr->n_obs, &model, &p, &fit, &err) != GX_OK) {
		pr->note = gx_arena_strdup(a, err.message);
		return;
	}
	pr->fitted = 1;
	pr->r2 = gx_arena_calloc(a, pr->n_lv, sizeof *pr->r2);
	pr->index_100 = gx_arena_calloc(a, pr->n_lv, sizeof *pr->index_100);
	memcpy(pr->r2, fit.r2, pr->n_lv * sizeof *pr->r2);
	memcpy(pr->index_100, fit.index_100, pr->n_lv * sizeof *pr->index_100);
	for (size_t k = 0; k < pr->npaths; k++) {
		size_t i = (size_t)lv_index(pr, pr->paths[k].to) * pr->n_lv + (size_t)lv_index(pr, pr->paths[k].from);
		pr->paths[k].coef = fit.path[i];
		pr->paths[k].se = fit.path_se[i];
	}
	gx_pls_result_free(&fit);
}

enum gx_err app_survey_results(struct app *app, int64_t wave_id, struct gx_arena *a,
                               struct survey_results *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	enum gx_err e = app_survey_wave_get(app, wave_id, a, &out->wave, err);
	if (e == GX_OK)
		e = app_survey_load(app, out->wave.survey_id, a, &out->def, err);
	struct grid g = {0};
	if (e == GX_OK)
		e = load_grid(app, out, a, &g, err);
	if (e != GX_OK)
		return e;
	out->n_responses = (size_t)out->wave.responses;
	if ((e = imp_sat(out, &g, a, err)) == GX_OK && (e = kano(out, &g, a, err)) == GX_OK &&
	    (e = servqual(out, &g, a, err)) == GX_OK)
		e = nps_items_choices(out, &g, a, err);
	if (e == GX_OK)
		pls(out, &g, a);
	return e;
}

enum gx_err app_survey_compare(struct app *app, int64_t wave_a, int64_t wave_b, struct gx_arena *a,
                               struct survey_results *ra, struct survey_results *rb,
                               struct gx_error *err)
{
	enum gx_err e = app_survey_results(app, wave_a, a, ra, err);
	if (e == GX_OK)
		e = app_survey_results(app, wave_b, a, rb, err);
	if (e == GX_OK && ra->def.id != rb->def.id)
		e = gx_error_set(err, GX_EINVAL, "wave", _("waves %s and %s belong to different surveys (%s, %s)"),
		                 ra->wave.code, rb->wave.code, ra->def.code, rb->def.code);
	return e;
}
