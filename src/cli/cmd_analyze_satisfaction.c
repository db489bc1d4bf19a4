/* guanxi analyze satisfaction | gap | ipa: the satisfaction models M1–M4 over a questionnaire
 * export or an attribute table (survey tables do not exist in the database yet, so these read
 * files only). Layouts:
 *   survey     one row per respondent, columns sat_<attribute> and (optionally) imp_<attribute>
 *   attributes one row per attribute: attribute, score or satisfaction, weight or importance
 *   gap        one row per case: perceived, expected (and an optional item column) */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/satisfaction.h"

#define SAT_PARAM_OPTIONS                                                                                   \
	{"scale-min", "X", N_("lowest answer of the scale (0–100 transform, midpoint split)"), "1"},            \
	{"scale-max", "X", N_("highest answer of the scale"), "5"},                                            \
	{"tolerance", "X", N_("tolerance for comparisons at a boundary"), "1e-9"}

static int read_sat_params(struct cli_ctx *ctx, struct gx_sat_params *p)
{
	gx_sat_params_default(p);
	int rc = ana_opt_double(ctx, "scale-min", &p->scale_min);
	if (!rc)
		rc = ana_opt_double(ctx, "scale-max", &p->scale_max);
	if (!rc)
		rc = ana_opt_double(ctx, "tolerance", &p->tolerance);
	if (!rc && p->scale_min >= p->scale_max)
		rc = cli_usage_error(ctx, "%s", _("--scale-min must be below --scale-max"));
	return rc;
}

/* The attributes of a survey layout: every sat_<attr> column, with its imp_<attr> partner. */
struct survey_cols {
	size_t n;
	const char **attr;
	int *sat, *imp;     /* imp[i] < 0: no importance column */
	bool has_imp;
};

static enum gx_err survey_columns(struct gx_arena *a, const struct ana_data *d, struct survey_cols *s,
                                  struct gx_error *err)
{
	s->n = 0;
	s->attr = gx_arena_calloc(a, d->ncols + 1, sizeof *s->attr);
	s->sat = gx_arena_calloc(a, d->ncols + 1, sizeof *s->sat);
	s->imp = gx_arena_calloc(a, d->ncols + 1, sizeof *s->imp);
	size_t n_imp = 0;
	for (size_t c = 0; c < d->ncols; c++) {
		if (strncasecmp(d->names[c], "imp_", 4) == 0)
			n_imp++;
		if (strncasecmp(d->names[c], "sat_", 4) != 0 || !d->names[c][4])
			continue;
		s->attr[s->n] = d->names[c] + 4;
		s->sat[s->n] = (int)c;
		s->imp[s->n] = ana_data_col(d, gx_arena_printf(a, "imp_%s", d->names[c] + 4));
		s->n++;
	}
	s->has_imp = n_imp > 0;
	for (size_t i = 0; i < s->n && s->has_imp; i++)
		if (s->imp[i] < 0)
			return gx_error_set(err, GX_EINVAL, "imp", _("%s: missing column \"imp_%s\": give an importance column for every sat_ column, or none"),
			                    d->path, s->attr[i]);
	if (s->has_imp && n_imp != s->n)
		return gx_error_set(err, GX_EINVAL, "imp", _("%s: an imp_ column has no sat_ partner"), d->path);
	return GX_OK;
}

/* Reads the n_resp × n_attr matrix of one kind of column (sat or imp). */
static enum gx_err survey_matrix(struct gx_arena *a, const struct ana_data *d, const int *cols, size_t n,
                                 double **out, struct gx_error *err)
{
	double *m = gx_arena_calloc(a, d->nrows * n + 1, sizeof *m);
	for (size_t r = 0; r < d->nrows; r++)
		for (size_t i = 0; i < n; i++)
			if (ana_data_num(d, r, cols[i], false, &m[r * n + i], err) != GX_OK)
				return err->code;
	*out = m;
	return GX_OK;
}

static void level_cells(struct ana_table *t, double mean, int scale, const struct gx_sat_params *p)
{
	int level = 0;
	struct gx_error err;
	gx_error_clear(&err);
	if (gx_sat_level(mean, (enum gx_sat_scale)scale, p, &level, &err) == GX_OK) {
		ana_int(t, level);
		ana_text(t, gx_sat_label_text(gx_sat_level_label((enum gx_sat_scale)scale, level), gx_i18n_lang()));
	} else {
		ana_null(t);
		ana_null(t);
	}
}

static const char *const summary_cols[] = {
	"measure|Measure|指标", "value|Value|数值", "value_100|0–100|百分制", "level|Level|等级",
	"label|Label|评价", "respondents|Respondents|样本数", NULL};

static void summary_row(struct ana_table *t, const char *en, const char *zh, double v,
                        const struct gx_sat_params *p, int scale, size_t n)
{
	struct gx_error err;
	gx_error_clear(&err);
	double v100 = NAN;
	gx_sat_to_100(v, p, &v100, &err);
	ana_row(t);
	ana_text(t, ana_pick(en, zh));
	ana_num(t, v, 4);
	ana_num(t, v100, 2);
	level_cells(t, v, scale, p);
	if (n)
		ana_int(t, (long long)n);
	else
		ana_null(t);
}

/* The level scale with its labels and, on the 5-level scale, the behavioural indicators (M2). */
static void scale_part(struct ana_report *rep, int scale)
{
	static const char *const cols[] = {"level|Level|等级", "label|Label|评价", "indicators|Typical behaviour|行为表现", NULL};
	struct ana_table *t = ana_table_add(rep, "scale", "Level scale (M2)", "满意级度 (M2)", cols);
	for (int l = 1; l <= scale; l++) {
		ana_row(t);
		ana_int(t, l);
		ana_text(t, gx_sat_label_text(gx_sat_level_label((enum gx_sat_scale)scale, l), gx_i18n_lang()));
		ana_text(t, scale == 5 ? gx_sat_label_text(gx_sat_level_indicators(l), gx_i18n_lang()) : "");
	}
}

static int run_satisfaction(struct cli_ctx *ctx)
{
	int rc = ana_need_file(ctx, _("give the survey or attribute file (survey data are read from files only)"));
	struct gx_sat_params p;
	long scale = 5;
	if (!rc)
		rc = read_sat_params(ctx, &p);
	if (!rc)
		rc = ana_opt_long(ctx, "levels", 5, 7, &scale);
	if (!rc && scale != 5 && scale != 7)
		rc = cli_usage_error(ctx, "--levels %ld: %s", scale, _("use 5 or 7"));
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const attr_cols[] = {
		"attribute|Attribute|属性", "weight|Weight / importance|权重/重要性", "score|Satisfaction|满意度",
		"level|Level|等级", "label|Label|评价", NULL};
	struct ana_table *ta = ana_table_add(&rep, "attributes", "Attributes", "属性", attr_cols);
	struct ana_table *ts = ana_table_add(&rep, "summary", "Index", "满意度指数", summary_cols);

	struct survey_cols s;
	if (survey_columns(&ctx->arena, &d, &s, &err) != GX_OK)
		return ana_fail(&err);
	if (s.n > 0) {
		double *sat, *imp = NULL;
		if (survey_matrix(&ctx->arena, &d, s.sat, s.n, &sat, &err) != GX_OK ||
		    (s.has_imp && survey_matrix(&ctx->arena, &d, s.imp, s.n, &imp, &err) != GX_OK))
			return ana_fail(&err);
		double *mean_imp = gx_arena_calloc(&ctx->arena, s.n, sizeof *mean_imp);
		double *mean_sat = gx_arena_calloc(&ctx->arena, s.n, sizeof *mean_sat);
		struct gx_sat_survey_index idx = {0};
		if (s.has_imp) {
			if (gx_sat_survey_index(sat, imp, d.nrows, s.n, &p, &idx, mean_imp, mean_sat, &err) != GX_OK)
				return ana_fail(&err);
		} else {
			for (size_t i = 0; i < s.n; i++) {
				double sum = 0;
				for (size_t r = 0; r < d.nrows; r++)
					sum += sat[r * s.n + i];
				mean_sat[i] = sum / (double)d.nrows;
				mean_imp[i] = NAN;
			}
		}
		for (size_t i = 0; i < s.n; i++) {
			ana_row(ta);
			ana_text(ta, s.attr[i]);
			ana_num(ta, mean_imp[i], 4);
			ana_num(ta, mean_sat[i], 4);
			level_cells(ta, mean_sat[i], (int)scale, &p);
		}
		double mean;
		if (gx_sat_simple_mean(mean_sat, s.n, &mean, &err) != GX_OK)
			return ana_fail(&err);
		if (s.has_imp)
			summary_row(ts, "importance-weighted survey index", "满意度综合得分", idx.index, &p, (int)scale, d.nrows);
		summary_row(ts, "mean of attribute means", "属性平均满意度", mean, &p, (int)scale, d.nrows);
		scale_part(&rep, (int)scale);
		return ana_report_print(&rep);
	}

	/* Attribute table: attribute, score (or satisfaction), weight (or importance). */
	int c_attr, c_score = ana_data_col(&d, "score"), c_w = ana_data_col(&d, "weight");
	if (c_score < 0)
		c_score = ana_data_col(&d, "satisfaction");
	if (c_w < 0)
		c_w = ana_data_col(&d, "importance");
	if (ana_data_need(&d, "attribute", &c_attr, &err) != GX_OK)
		return ana_fail(&err);
	if (c_score < 0 && ana_data_need(&d, "score", &c_score, &err) != GX_OK)
		return ana_fail(&err);
	double *w = gx_arena_calloc(&ctx->arena, d.nrows, sizeof *w);
	double *x = gx_arena_calloc(&ctx->arena, d.nrows, sizeof *x);
	for (size_t r = 0; r < d.nrows; r++) {
		if (ana_data_num(&d, r, c_score, false, &x[r], &err) != GX_OK ||
		    (c_w >= 0 && ana_data_num(&d, r, c_w, false, &w[r], &err) != GX_OK))
			return ana_fail(&err);
		if (c_w < 0)
			w[r] = NAN;
		ana_row(ta);
		ana_text(ta, ana_data_text(&d, r, c_attr));
		ana_num(ta, w[r], 4);
		ana_num(ta, x[r], 4);
		level_cells(ta, x[r], (int)scale, &p);
	}
	double mean;
	if (gx_sat_simple_mean(x, d.nrows, &mean, &err) != GX_OK)
		return ana_fail(&err);
	if (c_w >= 0) {
		double csi;
		if (gx_sat_weighted_index(w, x, d.nrows, &csi, &err) != GX_OK)
			return ana_fail(&err);
		summary_row(ts, "weighted index (CSI)", "加权满意度指数", csi, &p, (int)scale, 0);
	}
	summary_row(ts, "simple mean", "简单平均", mean, &p, (int)scale, 0);
	scale_part(&rep, (int)scale);
	return ana_report_print(&rep);
}

static int run_gap(struct cli_ctx *ctx)
{
	int rc = ana_need_file(ctx, _("give the file with perceived and expected columns"));
	struct gx_sat_params p;
	if (!rc)
		rc = read_sat_params(ctx, &p);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	int c_p, c_e, c_item;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK ||
	    ana_data_need(&d, "perceived", &c_p, &err) != GX_OK || ana_data_need(&d, "expected", &c_e, &err) != GX_OK)
		return ana_fail(&err);
	c_item = ana_data_col(&d, "item");
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"item|Item|项目", "perceived|Perceived (CP)|感知 CP",
	                                   "expected|Expected (CE)|期望 CE", "cs|CS = CP − CE|CS = CP − CE",
	                                   "class|Class|满意程度", NULL};
	struct ana_table *t = ana_table_add(&rep, "gaps", "Expectation gap (M1)", "期望差距 (M1)", cols);
	for (size_t r = 0; r < d.nrows; r++) {
		double cp, ce;
		struct gx_sat_gap g;
		if (ana_data_num(&d, r, c_p, false, &cp, &err) != GX_OK || ana_data_num(&d, r, c_e, false, &ce, &err) != GX_OK ||
		    gx_sat_gap(cp, ce, &p, &g, &err) != GX_OK)
			return ana_fail(&err);
		ana_row(t);
		ana_text(t, c_item >= 0 ? ana_data_text(&d, r, c_item) : gx_arena_printf(&ctx->arena, "%zu", r + 1));
		ana_num(t, cp, 4);
		ana_num(t, ce, 4);
		ana_num(t, g.cs, 4);
		ana_text(t, gx_sat_label_text(gx_sat_gap_label(g.cls), gx_i18n_lang()));
	}
	return ana_report_print(&rep);
}

static int run_ipa(struct cli_ctx *ctx)
{
	static const char *const splits[] = {"means", "midpoint", NULL};
	int split = 0;
	int rc = ana_need_file(ctx, _("give the survey or attribute file (survey data are read from files only)"));
	struct gx_sat_params p;
	if (!rc)
		rc = read_sat_params(ctx, &p);
	if (!rc)
		rc = ana_opt_choice(ctx, "split", splits, &split);
	if (rc)
		return rc;
	p.ipa_split = split ? GX_SAT_IPA_SPLIT_MIDPOINT : GX_SAT_IPA_SPLIT_MEANS;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	struct survey_cols s;
	if (survey_columns(&ctx->arena, &d, &s, &err) != GX_OK)
		return ana_fail(&err);
	size_t n;
	const char **names;
	double *imp, *sat;
	if (s.n > 0) {
		if (!s.has_imp) {
			gx_error_set(&err, GX_EINVAL, "imp", _("%s: the quadrant chart needs imp_<attribute> columns"), d.path);
			return ana_fail(&err);
		}
		double *ms, *mi;
		if (survey_matrix(&ctx->arena, &d, s.sat, s.n, &ms, &err) != GX_OK ||
		    survey_matrix(&ctx->arena, &d, s.imp, s.n, &mi, &err) != GX_OK)
			return ana_fail(&err);
		n = s.n;
		names = s.attr;
		imp = gx_arena_calloc(&ctx->arena, n, sizeof *imp);
		sat = gx_arena_calloc(&ctx->arena, n, sizeof *sat);
		for (size_t i = 0; i < n; i++) {
			for (size_t r = 0; r < d.nrows; r++) {
				imp[i] += mi[r * n + i];
				sat[i] += ms[r * n + i];
			}
			imp[i] /= (double)d.nrows;
			sat[i] /= (double)d.nrows;
		}
	} else {
		int c_attr, c_imp, c_sat;
		if (ana_data_need(&d, "attribute", &c_attr, &err) != GX_OK ||
		    ana_data_need(&d, "importance", &c_imp, &err) != GX_OK ||
		    ana_data_need(&d, "satisfaction", &c_sat, &err) != GX_OK)
			return ana_fail(&err);
		n = d.nrows;
		names = gx_arena_calloc(&ctx->arena, n, sizeof *names);
		imp = gx_arena_calloc(&ctx->arena, n, sizeof *imp);
		sat = gx_arena_calloc(&ctx->arena, n, sizeof *sat);
		for (size_t r = 0; r < n; r++) {
			names[r] = ana_data_text(&d, r, c_attr);
			if (ana_data_num(&d, r, c_imp, false, &imp[r], &err) != GX_OK ||
			    ana_data_num(&d, r, c_sat, false, &sat[r], &err) != GX_OK)
				return ana_fail(&err);
		}
	}
	enum gx_sat_ipa_quadrant *q = gx_arena_calloc(&ctx->arena, n, sizeof *q);
	struct gx_sat_ipa_split_lines lines;
	if (gx_sat_ipa(imp, sat, n, &p, q, &lines, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"attribute|Attribute|属性", "importance|Importance|重要性",
	                                   "satisfaction|Satisfaction|满意度", "type|Type|类型", "zone|Zone|区域", NULL};
	struct ana_table *t = ana_table_add(&rep, "attributes", "Importance–performance quadrants (M4)",
	                                    "四分图 (M4)", cols);
	for (size_t i = 0; i < n; i++) {
		ana_row(t);
		ana_text(t, names[i]);
		ana_num(t, imp[i], 4);
		ana_num(t, sat[i], 4);
		ana_text(t, gx_sat_label_text(gx_sat_ipa_type_label(q[i]), gx_i18n_lang()));
		ana_text(t, gx_sat_label_text(gx_sat_ipa_zone_label(q[i]), gx_i18n_lang()));
	}
	static const char *const lcols[] = {"importance|Importance split|重要性分界", "satisfaction|Satisfaction split|满意度分界", NULL};
	struct ana_table *tl = ana_table_add(&rep, "lines", "Split lines", "分界线", lcols);
	ana_row(tl);
	ana_num(tl, lines.importance, 4);
	ana_num(tl, lines.satisfaction, 4);
	return ana_report_print(&rep);
}

static const struct cli_option satisfaction_options[] = {
	SAT_PARAM_OPTIONS,
	{"levels", "N", N_("level scale of the labels: 5 or 7"), "5"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_satisfaction = {
	.name = "analyze satisfaction",
	.summary = N_("satisfaction index and levels (M2, M3) from a survey export or an attribute table"),
	.usage = N_("FILE  (survey: one row per respondent, columns sat_<attr> [imp_<attr>]; or one row per "
	            "attribute: attribute,score[,weight]; files only, no database)"),
	.options = satisfaction_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_satisfaction,
};

static const struct cli_option gap_options[] = {
	SAT_PARAM_OPTIONS,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_gap = {
	.name = "analyze gap",
	.summary = N_("expectation gap CS = CP − CE and its class (M1)"),
	.usage = N_("FILE  (columns perceived,expected[,item]; files only)"),
	.options = gap_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_gap,
};

static const struct cli_option ipa_options[] = {
	SAT_PARAM_OPTIONS,
	{"split", "HOW", N_("split lines: means (of the attributes) or midpoint (of the scale)"), "means"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_ipa = {
	.name = "analyze ipa",
	.summary = N_("importance–performance quadrant chart (四分图, M4)"),
	.usage = N_("FILE  (survey: columns imp_<attr>,sat_<attr> per respondent; or one row per attribute: "
	            "attribute,importance,satisfaction; files only)"),
	.options = ipa_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_ipa,
};
