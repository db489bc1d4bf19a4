/* guanxi analyze kano: Kano categories (M5) from a questionnaire export. Layout: one row per
 * respondent, columns f_<feature> (functional answer 1..5) and d_<feature> (dysfunctional
 * answer 1..5), and an optional wave column (survey wave, e.g. a year) for the drift of each
 * feature's category over the waves. A respondent who skipped both questions of a feature is
 * left out of that feature. Files only: survey tables do not exist in the database yet. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/kano.h"

static int parse_tie_order(struct cli_ctx *ctx, struct gx_kano_params *p)
{
	const char *v = cli_opt_or_default(ctx, "tie-order");
	static const char letters[] = "AOMIRQ";
	bool seen[GX_KANO_NCAT] = {false};
	if (strlen(v) != GX_KANO_NCAT)
		return cli_usage_error(ctx, "--tie-order %s: %s", v, _("give the six letters M, O, A, I, R, Q once each"));
	for (int i = 0; i < GX_KANO_NCAT; i++) {
		const char *hit = strchr(letters, v[i] & ~0x20);
		if (!v[i] || !hit || seen[hit - letters])
			return cli_usage_error(ctx, "--tie-order %s: %s", v, _("give the six letters M, O, A, I, R, Q once each"));
		seen[hit - letters] = true;
		p->tie_order[i] = (enum gx_kano_cat)(hit - letters);
	}
	return CLI_OK;
}

/* Waves in order: numerically when both look like numbers, else by text. */
static int wave_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	char *ex, *ey;
	double dx = strtod(x, &ex), dy = strtod(y, &ey);
	if (*x && *y && !*ex && !*ey)
		return (dx > dy) - (dx < dy);
	return strcmp(x, y);
}

static const char *cat_text(struct gx_arena *a, enum gx_kano_cat c)
{
	return gx_arena_printf(a, "%c %s", gx_kano_cat_letter(c), gx_sat_label_text(gx_kano_cat_label(c), gx_i18n_lang()));
}

static int run(struct cli_ctx *ctx)
{
	int rc = ana_need_file(ctx, _("give the survey file (survey data are read from files only)"));
	struct gx_kano_params p;
	gx_kano_params_default(&p);
	if (!rc)
		rc = parse_tie_order(ctx, &p);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	struct gx_arena *a = &ctx->arena;
	/* Features from the f_ columns, each with its d_ partner. */
	size_t nf = 0;
	const char **feat = gx_arena_calloc(a, d.ncols + 1, sizeof *feat);
	int *cf = gx_arena_calloc(a, d.ncols + 1, sizeof *cf), *cd = gx_arena_calloc(a, d.ncols + 1, sizeof *cd);
	for (size_t c = 0; c < d.ncols; c++) {
		if (strncasecmp(d.names[c], "f_", 2) != 0 || !d.names[c][2])
			continue;
		feat[nf] = d.names[c] + 2;
		cf[nf] = (int)c;
		if (ana_data_need(&d, gx_arena_printf(a, "d_%s", feat[nf]), &cd[nf], &err) != GX_OK)
			return ana_fail(&err);
		nf++;
	}
	if (!nf) {
		gx_error_set(&err, GX_EINVAL, "f_", _("%s: no f_<feature> columns (see --help for the layout)"), d.path);
		return ana_fail(&err);
	}
	int c_wave = ana_data_col(&d, "wave");
	const char **waves = gx_arena_calloc(a, d.nrows + 1, sizeof *waves);
	size_t nw = 0;
	if (c_wave >= 0) {
		for (size_t r = 0; r < d.nrows; r++)
			waves[r] = ana_data_text(&d, r, c_wave);
		qsort(waves, d.nrows, sizeof *waves, wave_cmp);
		for (size_t r = 0; r < d.nrows; r++)
			if (!nw || strcmp(waves[nw - 1], waves[r]) != 0)
				waves[nw++] = waves[r];
	} else {
		waves[nw++] = "";
	}
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {
		"feature|Feature|功能", "wave|Wave|调查批次", "n|Answers|样本数", "A|A|A", "O|O|O", "M|M|M", "I|I|I", "R|R|R",
		"Q|Q|Q", "category|Category|类别", "better|Better|Better 系数", "worse|Worse|Worse 系数", NULL};
	struct ana_table *t = ana_table_add(&rep, "features", "Kano categories (M5)", "Kano 分类 (M5)", cols);
	static const char *const dcols[] = {"feature|Feature|功能", "waves|Waves|批次数", "changes|Changes|变化次数",
	                                    "first|First|最初类别", "last|Last|最近类别",
	                                    "maturing|Maturing (A→O→M)|成熟化 (A→O→M)", NULL};
	struct ana_table *td = c_wave >= 0 ? ana_table_add(&rep, "drift", "Drift over the waves", "类别随时间的漂移", dcols) : NULL;
	int *fa = gx_arena_calloc(a, d.nrows + 1, sizeof *fa), *da = gx_arena_calloc(a, d.nrows + 1, sizeof *da);
	enum gx_kano_cat *per_wave = gx_arena_calloc(a, nw, sizeof *per_wave);
	for (size_t i = 0; i < nf; i++) {
		size_t kw = 0;
		for (size_t w = 0; w < nw; w++) {
			size_t n = 0;
			for (size_t r = 0; r < d.nrows; r++) {
				if (c_wave >= 0 && strcmp(ana_data_text(&d, r, c_wave), waves[w]) != 0)
					continue;
				if (!*ana_data_text(&d, r, cf[i]) && !*ana_data_text(&d, r, cd[i]))
					continue;
				long f, dy;
				if (ana_data_int(&d, r, cf[i], 1, 5, &f, &err) != GX_OK ||
				    ana_data_int(&d, r, cd[i], 1, 5, &dy, &err) != GX_OK)
					return ana_fail(&err);
				fa[n] = (int)f;
				da[n] = (int)dy;
				n++;
			}
			if (!n)
				continue;
			struct gx_kano_feature kf;
			if (gx_kano_feature(fa, da, n, &p, &kf, &err) != GX_OK)
				return ana_fail(&err);
			per_wave[kw++] = kf.category;
			ana_row(t);
			ana_text(t, feat[i]);
			ana_text(t, waves[w]);
			ana_int(t, (long long)kf.n);
			for (int c = 0; c < GX_KANO_NCAT; c++)
				ana_int(t, (long long)kf.counts[c]);
			ana_text(t, cat_text(a, kf.category));
			ana_num(t, kf.better, 4);
			ana_num(t, kf.worse, 4);
		}
		if (td && kw) {
			struct gx_kano_drift dr;
			if (gx_kano_drift(per_wave, kw, &dr, &err) != GX_OK)
				return ana_fail(&err);
			ana_row(td);
			ana_text(td, feat[i]);
			ana_int(td, (long long)dr.n_waves);
			ana_int(td, (long long)dr.n_changes);
			ana_text(td, cat_text(a, dr.first));
			ana_text(td, cat_text(a, dr.last));
			ana_bool(td, dr.maturing);
		}
	}
	return ana_report_print(&rep);
}

static const struct cli_option options[] = {
	{"tie-order", "LETTERS", N_("which category wins a tie of counts, first wins"), "MOAIRQ"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_kano = {
	.name = "analyze kano",
	.summary = N_("Kano categories, Better/Worse and drift over survey waves (M5)"),
	.usage = N_("FILE  (one row per respondent: f_<feature>,d_<feature> answers 1..5 "
	            "(1 like, 2 expect, 3 neutral, 4 tolerate, 5 dislike) [,wave]; files only)"),
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
