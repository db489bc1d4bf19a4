/* guanxi analyze pdca: the check step of a PDCA improvement plan (M8) — each targeted survey
 * attribute's score in the wave before the plan against the wave after it, with a Welch
 * t-test. Layout (long): one row per answer, columns attribute, wave (before or after) and
 * score. Files only: survey tables do not exist in the database yet. */
#include <string.h>
#include <strings.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/pdca.h"

static int run(struct cli_ctx *ctx)
{
	int rc = ana_need_file(ctx, _("give the survey file (survey data are read from files only)"));
	struct gx_pdca_params p;
	gx_pdca_params_default(&p);
	if (!rc)
		rc = ana_opt_double(ctx, "alpha", &p.alpha);
	if (!rc)
		rc = ana_opt_double(ctx, "min-change", &p.min_change);
	if (!rc && (p.alpha <= 0 || p.alpha >= 1))
		rc = cli_usage_error(ctx, "--alpha: %s", _("must lie strictly between 0 and 1"));
	if (!rc && p.min_change < 0)
		rc = cli_usage_error(ctx, "--min-change: %s", _("must not be negative"));
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	int c_attr, c_wave, c_score;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK ||
	    ana_data_need(&d, "attribute", &c_attr, &err) != GX_OK || ana_data_need(&d, "wave", &c_wave, &err) != GX_OK ||
	    ana_data_need(&d, "score", &c_score, &err) != GX_OK)
		return ana_fail(&err);
	struct gx_arena *a = &ctx->arena;
	const char **attrs = gx_arena_calloc(a, d.nrows, sizeof *attrs);
	size_t na = 0;
	int *wave = gx_arena_calloc(a, d.nrows, sizeof *wave);
	double *score = gx_arena_calloc(a, d.nrows, sizeof *score);
	for (size_t r = 0; r < d.nrows; r++) {
		const char *w = ana_data_text(&d, r, c_wave);
		if (strcasecmp(w, "before") == 0 || strcmp(w, "前") == 0 || strcmp(w, "改进前") == 0)
			wave[r] = 0;
		else if (strcasecmp(w, "after") == 0 || strcmp(w, "后") == 0 || strcmp(w, "改进后") == 0)
			wave[r] = 1;
		else {
			ana_data_cell_error(&d, r, c_wave, &err, _("expected before or after"));
			return ana_fail(&err);
		}
		if (ana_data_num(&d, r, c_score, false, &score[r], &err) != GX_OK)
			return ana_fail(&err);
		const char *at = ana_data_text(&d, r, c_attr);
		size_t i = 0;
		while (i < na && strcmp(attrs[i], at) != 0)
			i++;
		if (i == na)
			attrs[na++] = at;
	}
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {
		"attribute|Attribute|属性", "n_before|n before|改进前样本", "mean_before|Mean before|改进前均值",
		"n_after|n after|改进后样本", "mean_after|Mean after|改进后均值", "delta|Change|变化", "t|t|t 值",
		"df|df|自由度", "p|p|p 值", "verdict|Verdict|结论", NULL};
	struct ana_table *t = ana_table_add(&rep, "attributes", "Before and after (M8)", "改进前后对比 (M8)", cols);
	double *b = gx_arena_calloc(a, d.nrows, sizeof *b), *f = gx_arena_calloc(a, d.nrows, sizeof *f);
	for (size_t i = 0; i < na; i++) {
		size_t nb = 0, nf = 0;
		for (size_t r = 0; r < d.nrows; r++) {
			if (strcmp(ana_data_text(&d, r, c_attr), attrs[i]) != 0)
				continue;
			if (wave[r])
				f[nf++] = score[r];
			else
				b[nb++] = score[r];
		}
		struct gx_pdca_comparison c;
		if (gx_pdca_compare(b, nb, f, nf, &p, &c, &err) != GX_OK) {
			gx_error_prefix(&err, "%s: ", attrs[i]);
			return ana_fail(&err);
		}
		ana_row(t);
		ana_text(t, attrs[i]);
		ana_int(t, (long long)c.n_before);
		ana_num(t, c.mean_before, 4);
		ana_int(t, (long long)c.n_after);
		ana_num(t, c.mean_after, 4);
		ana_num(t, c.delta, 4);
		ana_num(t, c.t, 4);
		ana_num(t, c.df, 2);
		ana_num(t, c.p_value, 4);
		ana_text(t, gx_sat_label_text(gx_pdca_verdict_label(c.verdict), gx_i18n_lang()));
	}
	static const char *const scols[] = {"stage|Stage|阶段", "next|May move to|可转入", NULL};
	struct ana_table *ts = ana_table_add(&rep, "stages", "PDCA stages", "PDCA 阶段", scols);
	for (int s = 0; s < GX_PDCA_NSTAGE; s++) {
		ana_row(ts);
		ana_text(ts, gx_sat_label_text(gx_pdca_stage_label((enum gx_pdca_stage)s), gx_i18n_lang()));
		for (int to = 0; to < GX_PDCA_NSTAGE; to++)
			if (gx_pdca_can_move((enum gx_pdca_stage)s, (enum gx_pdca_stage)to))
				ana_text(ts, gx_sat_label_text(gx_pdca_stage_label((enum gx_pdca_stage)to), gx_i18n_lang()));
	}
	return ana_report_print(&rep);
}

static const struct cli_option options[] = {
	{"alpha", "X", N_("significance level of the before/after test"), "0.05"},
	{"min-change", "X", N_("smallest change of the mean that counts as a change"), "0"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_pdca = {
	.name = "analyze pdca",
	.summary = N_("PDCA check: attribute scores before and after an improvement plan (M8)"),
	.usage = N_("FILE  (one row per answer: attribute,wave,score with wave before or after; files only)"),
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
