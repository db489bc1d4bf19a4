/* guanxi analyze servqual: SERVQUAL gaps (M6) from a questionnaire export. Layout: one row
 * per respondent, columns e1..e22 (expectations) and p1..p22 (perceptions), raw answers on the
 * 7-point scale before any reversal (the model reverses the negatively worded items). Files
 * only: survey tables do not exist in the database yet. */
#include <stdlib.h>
#include <string.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/servqual.h"

/* "10-13,18-22" → the reverse mask. */
static int parse_items(struct cli_ctx *ctx, const char *name, bool mask[GX_SERVQUAL_ITEMS])
{
	const char *v = cli_opt_or_default(ctx, name);
	memset(mask, 0, GX_SERVQUAL_ITEMS * sizeof *mask);
	if (!*v || strcmp(v, "none") == 0)
		return CLI_OK;
	const char *p = v;
	for (;;) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			goto bad;
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (end == p)
				goto bad;
		}
		if (a < 1 || b > GX_SERVQUAL_ITEMS || a > b)
			goto bad;
		for (long i = a; i <= b; i++)
			mask[i - 1] = true;
		if (!*end)
			return CLI_OK;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
bad:
	return cli_usage_error(ctx, "--%s %s: %s", name, v, _("expected item numbers 1..22 and ranges, e.g. 10-13,18-22, or none"));
}

static int run(struct cli_ctx *ctx)
{
	int rc = ana_need_file(ctx, _("give the survey file (survey data are read from files only)"));
	struct gx_servqual_params p;
	gx_servqual_params_default(&p);
	double w[GX_SERVQUAL_NDIM];
	bool weighted = cli_opt(ctx, "weights") != NULL;
	long lo = p.scale_min, hi = p.scale_max;
	if (!rc)
		rc = parse_items(ctx, "reverse", p.reverse);
	if (!rc)
		rc = ana_opt_long(ctx, "scale-min", -100, 100, &lo);
	if (!rc)
		rc = ana_opt_long(ctx, "scale-max", -100, 100, &hi);
	if (!rc && lo >= hi)
		rc = cli_usage_error(ctx, "%s", _("--scale-min must be below --scale-max"));
	if (!rc && weighted)
		rc = ana_opt_doubles(ctx, "weights", w, GX_SERVQUAL_NDIM);
	if (rc)
		return rc;
	p.scale_min = (int)lo;
	p.scale_max = (int)hi;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	double *e = gx_arena_calloc(&ctx->arena, d.nrows * GX_SERVQUAL_ITEMS, sizeof *e);
	double *pp = gx_arena_calloc(&ctx->arena, d.nrows * GX_SERVQUAL_ITEMS, sizeof *pp);
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		int ce, cp;
		if (ana_data_need(&d, gx_arena_printf(&ctx->arena, "e%d", i + 1), &ce, &err) != GX_OK ||
		    ana_data_need(&d, gx_arena_printf(&ctx->arena, "p%d", i + 1), &cp, &err) != GX_OK)
			return ana_fail(&err);
		for (size_t r = 0; r < d.nrows; r++) {
			long x, y;
			if (ana_data_int(&d, r, ce, lo, hi, &x, &err) != GX_OK ||
			    ana_data_int(&d, r, cp, lo, hi, &y, &err) != GX_OK)
				return ana_fail(&err);
			e[r * GX_SERVQUAL_ITEMS + (size_t)i] = (double)x;
			pp[r * GX_SERVQUAL_ITEMS + (size_t)i] = (double)y;
		}
	}
	struct gx_servqual_result res;
	if (gx_servqual_score(e, pp, d.nrows, weighted ? w : NULL, &p, &res, &err) != GX_OK)
		return ana_fail(&err);
	enum gx_lang lang = gx_i18n_lang();
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const icols[] = {"item|Item|题项", "dimension|Dimension|维度", "reversed|Reversed|反向题",
	                                    "mean_e|Expectation|期望均值", "mean_p|Perception|感知均值", "gap|Gap P − E|差距 P − E", NULL};
	struct ana_table *ti = ana_table_add(&rep, "items", "Items", "题项", icols);
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		enum gx_servqual_dim dim;
		gx_servqual_item_dim(i + 1, &p, &dim, &err);
		ana_row(ti);
		ana_int(ti, i + 1);
		ana_text(ti, gx_sat_label_text(gx_servqual_dim_label(dim), lang));
		ana_bool(ti, p.reverse[i]);
		ana_num(ti, res.mean_e[i], 4);
		ana_num(ti, res.mean_p[i], 4);
		ana_num(ti, res.item_gap[i], 4);
	}
	static const char *const dcols[] = {"dimension|Dimension|维度", "gap|Gap|差距", "weight|Weight|权重", NULL};
	struct ana_table *td = ana_table_add(&rep, "dimensions", "Dimensions", "维度", dcols);
	for (int k = 0; k < GX_SERVQUAL_NDIM; k++) {
		ana_row(td);
		ana_text(td, gx_sat_label_text(gx_servqual_dim_label((enum gx_servqual_dim)k), lang));
		ana_num(td, res.dim_gap[k], 4);
		if (weighted)
			ana_num(td, w[k], 2);
		else
			ana_null(td);
	}
	static const char *const scols[] = {"respondents|Respondents|样本数", "overall|Overall gap|总体差距",
	                                    "weighted_overall|Weighted overall gap|加权总体差距", NULL};
	struct ana_table *ts = ana_table_add(&rep, "summary", "Overall", "总体", scols);
	ana_row(ts);
	ana_int(ts, (long long)res.n_respondents);
	ana_num(ts, res.overall, 4);
	if (res.has_weighted)
		ana_num(ts, res.weighted_overall, 4);
	else
		ana_null(ts);
	return ana_report_print(&rep);
}

static const struct cli_option options[] = {
	{"reverse", "ITEMS", N_("negatively worded items, reversed before anything else (or none)"), "10-13,18-22"},
	{"weights", "W1,…,W5", N_("dimension weights (points) for tangibles, reliability, responsiveness, assurance, empathy; none: unweighted"), NULL},
	{"scale-min", "N", N_("lowest answer"), "1"},
	{"scale-max", "N", N_("highest answer; reverse(x) = min + max − x"), "7"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_servqual = {
	.name = "analyze servqual",
	.summary = N_("SERVQUAL item, dimension and overall gaps (M6)"),
	.usage = N_("FILE  (one row per respondent: e1..e22 expectations, p1..p22 perceptions, raw answers 1..7; files only)"),
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
