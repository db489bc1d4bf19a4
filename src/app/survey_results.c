/* A wave's results (see guanxi/survey_results.h): the answers are read once into a
 * respondent × question grid, then each model's input arrays are cut from it. A model sees
 * only the respondents who answered every question it needs (the counts say how many). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/analytics/plspm.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/survey_results.h"
#include "guanxi/survey_store.h"
#include "guanxi/ticket.h"

struct cell {
	int present;
	int64_t a, b;
	const char *text;
};

struct grid {
	size_t nr, nq;
	struct cell *c;                   /* nr × nq */
	int64_t *customer;                /* nr: the respondent's customer, 0 for none */
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
	g->customer = gx_arena_calloc(a, g->nr + 1, sizeof *g->customer);
	size_t r = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && rows[i].response_id != rows[i - 1].response_id)
			r++;
		g->customer[r] = rows[i].customer_id;
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

/* The complaints column from the ticket store: formal + informal complaints of each kept
 * respondent's customer over the window. The counts come in customer order; the respondents are
 * looked up in an index sorted by customer (several respondents may share one customer). */
struct comp_ref {
	int64_t customer;
	size_t row;
};

static int comp_ref_cmp(const void *a, const void *b)
{
	const struct comp_ref *x = a, *y = b;
	return (x->customer > y->customer) - (x->customer < y->customer);
}

struct comp_fill {
	const struct comp_ref *ref;
	size_t n;
	double *formal, *informal;
};

static int comp_add(const struct ticket_complaint_count *c, void *ctx)
{
	struct comp_fill *f = ctx;
	size_t lo = 0, hi = f->n;
	while (lo < hi) {   /* the first entry of the customer */
		size_t mid = lo + (hi - lo) / 2;
		if (f->ref[mid].customer < c->customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->n && f->ref[lo].customer == c->customer_id; lo++) {
		f->formal[f->ref[lo].row] = (double)c->formal;
		f->informal[f->ref[lo].row] = (double)c->informal;
	}
	return 0;
}

static enum gx_err comp_window(struct survey_pls_result *pr, const struct survey_wave *w, int window_days,
                               char to_excl[11], struct gx_error *err)
{
	int32_t o, c;
	char buf[GX_DATE_FMT_SIZE];
	enum gx_err e = gx_date_parse(w->opens_on, &o, "opens_on", err);
	if (e == GX_OK)
		e = gx_date_parse(w->closes_on, &c, "closes_on", err);
	if (e != GX_OK)
		return e;
	if (window_days > 0)
		o = c - (window_days - 1);
	snprintf(pr->complaints_from, sizeof pr->complaints_from, "%s", gx_date_format(o, buf));
	snprintf(pr->complaints_to, sizeof pr->complaints_to, "%s", gx_date_format(c, buf));
	snprintf(to_excl, 11, "%s", gx_date_format(c + 1, buf));
	return GX_OK;
}

static enum gx_err comp_column(struct app *app, struct survey_pls_result *pr, const int64_t *cust, double *col,
                               char to_excl[11], struct gx_arena *a, struct gx_error *err)
{
	size_t n = pr->n_obs;
	struct comp_ref *ref = gx_arena_calloc(a, n + 1, sizeof *ref);
	for (size_t i = 0; i < n; i++)
		ref[i] = (struct comp_ref){cust[i], i};
	qsort(ref, n, sizeof *ref, comp_ref_cmp);
	struct comp_fill f = {ref, n, gx_arena_calloc(a, n + 1, sizeof(double)), gx_arena_calloc(a, n + 1, sizeof(double))};
	enum gx_err e = app_ticket_complaint_counts(app, pr->complaints_from, to_excl, comp_add, &f, err);
	if (e == GX_OK && n)
		e = gx_pls_complaint_indicator(f.formal, f.informal, n, col, err);
	return e;
}

/* The blocks and paths of the model: every likert block of the survey, in order, with the
 * complaints block (when it comes from tickets) measured by one column, the count. */
static int pls_layout(struct survey_pls_result *pr, const struct survey_def *def, const char *clv, size_t *block,
                      size_t *col, struct gx_arena *a)
{
	pr->lv = gx_arena_calloc(a, def->nquestions + 2, sizeof *pr->lv);
	for (size_t q = 0; q < def->nquestions; q++) {
		const char *b = def->questions[q].block;
		if (def->questions[q].type != SURVEY_Q_LIKERT || !b)
			continue;
		int l = lv_index(pr, b);
		if (l < 0) {
			l = (int)pr->n_lv;
			pr->lv[pr->n_lv++] = b;
		}
		if (clv && strcmp(b, clv) == 0)
			continue;
		block[pr->n_mv] = (size_t)l;
		pr->mv[pr->n_mv] = def->questions[q].code;
		col[pr->n_mv++] = q;
	}
	int added = 0;
	if (clv) {
		int l = lv_index(pr, clv);
		if (l < 0) {
			if (lv_index(pr, "sat") < 0 || lv_index(pr, "loy") < 0)
				return -1;
			l = (int)pr->n_lv;
			pr->lv[pr->n_lv++] = clv;
			added = 1;
		}
		block[pr->n_mv] = (size_t)l;
		pr->mv[pr->n_mv] = "tickets";
		col[pr->n_mv++] = (size_t)-1;
	}
	pr->paths = gx_arena_calloc(a, def->npaths + 2, sizeof *pr->paths);
	for (size_t p = 0; p < def->npaths; p++) {
		pr->paths[pr->npaths].from = def->paths[p].from;
		pr->paths[pr->npaths++].to = def->paths[p].to;
	}
	if (added) {   /* the ACSI consequences of satisfaction: sat → complaints → loyalty */
		pr->paths[pr->npaths++] = (struct survey_pls_path){"sat", clv, 0, 0};
		pr->paths[pr->npaths++] = (struct survey_pls_path){clv, "loy", 0, 0};
	}
	return 0;
}

static enum gx_err pls(struct app *app, struct survey_results *res, const struct grid *g,
                       const struct survey_results_opts *opts, struct gx_arena *a, struct gx_error *err)
{
	const struct survey_def *def = &res->def;
	struct survey_pls_result *pr = &res->pls;
	if (!def->npaths)
		return GX_OK;
	const char *clv = NULL;
	if (opts && opts->complaints_from_tickets) {
		clv = opts->complaints_lv && *opts->complaints_lv ? opts->complaints_lv : SURVEY_COMPLAINTS_LV;
		pr->complaints_from_tickets = 1;
		pr->complaints_lv = clv;
	}
	size_t *block = gx_arena_calloc(a, def->nquestions + 2, sizeof *block);
	size_t *col = gx_arena_calloc(a, def->nquestions + 2, sizeof *col);
	pr->mv = gx_arena_calloc(a, def->nquestions + 2, sizeof *pr->mv);
	char to_excl[11] = "";
	enum gx_err e;
	if (clv && (e = comp_window(pr, &res->wave, opts->window_days, to_excl, err)) != GX_OK)
		return e;
	if (pls_layout(pr, def, clv, block, col, a) < 0) {
		pr->note = gx_arena_printf(a, _("the complaints variable \"%s\" is not a block of the survey, and the "
		                                "blocks sat and loy it would sit between are missing"), clv);
		return GX_OK;
	}
	size_t n_mv = pr->n_mv;
	unsigned char *path = gx_arena_calloc(a, pr->n_lv * pr->n_lv + 1, 1);
	for (size_t p = 0; p < pr->npaths; p++) {
		int from = lv_index(pr, pr->paths[p].from), to = lv_index(pr, pr->paths[p].to);
		path[(size_t)to * pr->n_lv + (size_t)from] = 1;
	}
	double *x = gx_arena_calloc(a, g->nr * n_mv + 1, sizeof *x);
	int64_t *cust = gx_arena_calloc(a, g->nr + 1, sizeof *cust);
	for (size_t r = 0; r < g->nr; r++) {
		int ok = 1;
		for (size_t m = 0; m < n_mv; m++)
			ok &= col[m] == (size_t)-1 || at(g, r, col[m])->present;
		if (!ok)
			continue;
		if (clv && !g->customer[r]) {
			pr->complaints_dropped++;
			continue;
		}
		cust[pr->n_obs] = g->customer[r];
		for (size_t m = 0; m < n_mv; m++)
			x[pr->n_obs * n_mv + m] = col[m] == (size_t)-1 ? 0 : (double)at(g, r, col[m])->a;
		pr->n_obs++;
	}
	if (clv) {
		double *cc = gx_arena_calloc(a, pr->n_obs + 1, sizeof *cc);
		if ((e = comp_column(app, pr, cust, cc, to_excl, a, err)) != GX_OK)
			return e;
		for (size_t r = 0; r < pr->n_obs; r++)
			x[r * n_mv + n_mv - 1] = cc[r];
	}
	pr->x = x;
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	p.scale_min = def->questions[col[0]].scale_min;
	p.scale_max = def->questions[col[0]].scale_max;
	struct gx_pls_model model = {pr->n_lv, n_mv, block, NULL, path};
	struct gx_pls_result fit;
	struct gx_error ferr;
	gx_error_clear(&ferr);
	if (pr->n_obs < 10) {
		pr->note = _("the PLS model needs at least 10 respondents who answered every item of its blocks");
		return GX_OK;
	}
	if (gx_pls_fit(x, pr->n_obs, &model, &p, &fit, &ferr) != GX_OK) {
		pr->note = gx_arena_strdup(a, ferr.message);
		return GX_OK;
	}
	pr->fitted = 1;
	pr->r2 = gx_arena_calloc(a, pr->n_lv, sizeof *pr->r2);
	pr->index_100 = gx_arena_calloc(a, pr->n_lv, sizeof *pr->index_100);
	memcpy(pr->r2, fit.r2, pr->n_lv * sizeof *pr->r2);
	memcpy(pr->index_100, fit.index_100, pr->n_lv * sizeof *pr->index_100);
	if (clv)   /* a count is not on the answer scale: no 0–100 index for it */
		pr->index_100[lv_index(pr, clv)] = NAN;
	for (size_t k = 0; k < pr->npaths; k++) {
		size_t i = (size_t)lv_index(pr, pr->paths[k].to) * pr->n_lv + (size_t)lv_index(pr, pr->paths[k].from);
		pr->paths[k].coef = fit.path[i];
		pr->paths[k].se = fit.path_se[i];
	}
	gx_pls_result_free(&fit);
	return GX_OK;
}

static int lv_name_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

enum gx_err survey_results_opts_parse(const char *complaints, const char *window_days, const char *complaints_lv,
                                      struct survey_results_opts *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	if (complaints && strcmp(complaints, "tickets") == 0)
		out->complaints_from_tickets = 1;
	else if (complaints && strcmp(complaints, "survey") != 0)
		return gx_error_set(err, GX_EINVAL, "complaints",
		                    _("complaints come from \"survey\" (the survey's items) or \"tickets\", not \"%s\""),
		                    complaints);
	if (window_days) {
		size_t n = strlen(window_days);
		if (n == 0 || n > 4 || strspn(window_days, "0123456789") != n ||
		    (out->window_days = atoi(window_days)) > SURVEY_COMPLAINTS_MAX_WINDOW)
			return gx_error_set(err, GX_EINVAL, "complaints_window_days",
			                    _("the complaints window is a number of days from 0 (the wave's period) to %d, "
			                      "not \"%s\""),
			                    SURVEY_COMPLAINTS_MAX_WINDOW, window_days);
	}
	if ((window_days || complaints_lv) && !out->complaints_from_tickets)
		return gx_error_set(err, GX_EINVAL, window_days ? "complaints_window_days" : "complaints_lv", "%s",
		                    _("the complaints window and block apply only with complaints from tickets"));
	if (complaints_lv && !lv_name_ok(complaints_lv))
		return gx_error_set(err, GX_EINVAL, "complaints_lv",
		                    _("\"%s\" is not a block name (a–z, 0–9 and _, at most 32)"), complaints_lv);
	out->complaints_lv = complaints_lv;
	return GX_OK;
}

enum gx_err app_survey_results(struct app *app, int64_t wave_id, struct gx_arena *a,
                               struct survey_results *out, struct gx_error *err)
{
	return app_survey_results_opts(app, wave_id, NULL, a, out, err);
}

enum gx_err app_survey_results_opts(struct app *app, int64_t wave_id, const struct survey_results_opts *opts,
                                    struct gx_arena *a, struct survey_results *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	if (opts && (opts->window_days < 0 || opts->window_days > SURVEY_COMPLAINTS_MAX_WINDOW))
		return gx_error_set(err, GX_EINVAL, "complaints_window_days",
		                    _("the complaints window is %d days; give 0 (the wave's period) to %d"),
		                    opts->window_days, SURVEY_COMPLAINTS_MAX_WINDOW);
	if (opts && opts->complaints_lv && !lv_name_ok(opts->complaints_lv))
		return gx_error_set(err, GX_EINVAL, "complaints_lv",
		                    _("\"%s\" is not a block name (a–z, 0–9 and _, at most 32)"), opts->complaints_lv);
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
		e = pls(app, out, &g, opts, a, err);
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
