/* guanxi analyze pls: the structural satisfaction index (M7) as a PLS path model over a
 * questionnaire export. Layout: one row per respondent, one numeric column per survey item
 * (other columns are ignored). The model is given on the command line:
 *   --blocks 'IMAG=imag1,imag2,imag3;EXPE=expe*;…'   (NAME=columns; "prefix*" takes every
 *                                                     column starting with prefix)
 *   --paths  'IMAG>EXPE,IMAG>SAT,EXPE>SAT,…'          (from>to)
 * Files only: survey tables do not exist in the database yet. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/plspm.h"

struct pls_spec {
	size_t n_lv, n_mv;
	const char **lv;          /* latent variable names */
	int *col;                 /* data column of each indicator */
	size_t *block;
	enum gx_pls_mode *modes;
	unsigned char *path;
};

static int lv_index(const struct pls_spec *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n_lv; i++)
		if (strlen(s->lv[i]) == len && strncasecmp(s->lv[i], name, len) == 0)
			return (int)i;
	return -1;
}

static int parse_blocks(struct cli_ctx *ctx, const struct ana_data *d, struct pls_spec *s)
{
	struct gx_arena *a = &ctx->arena;
	const char *v = cli_opt(ctx, "blocks");
	if (!v || !*v)
		return cli_usage_error(ctx, "%s", _("--blocks is required, e.g. --blocks 'IMAG=imag*;SAT=sat1,sat2,sat3'"));
	s->lv = gx_arena_calloc(a, strlen(v) + 1, sizeof *s->lv);
	s->col = gx_arena_calloc(a, d->ncols + 1, sizeof *s->col);
	s->block = gx_arena_calloc(a, d->ncols + 1, sizeof *s->block);
	char *copy = gx_arena_strdup(a, v), *save = NULL;
	for (char *blk = strtok_r(copy, ";", &save); blk; blk = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(blk, '=');
		if (!eq || eq == blk || !eq[1])
			return cli_usage_error(ctx, "--blocks: \"%s\": %s", blk, _("expected NAME=column,column,…"));
		*eq = '\0';
		if (lv_index(s, blk, strlen(blk)) >= 0)
			return cli_usage_error(ctx, "--blocks: %s: %s", blk, _("latent variable named twice"));
		s->lv[s->n_lv] = blk;
		char *save2 = NULL;
		size_t before = s->n_mv;
		for (char *c = strtok_r(eq + 1, ",", &save2); c; c = strtok_r(NULL, ",", &save2)) {
			size_t len = strlen(c);
			bool prefix = len > 0 && c[len - 1] == '*';
			bool found = false;
			for (size_t k = 0; k < d->ncols; k++) {
				if (prefix ? strncasecmp(d->names[k], c, len - 1) != 0 || !d->names[k][0]
				           : strcasecmp(d->names[k], c) != 0)
					continue;
				for (size_t m = 0; m < s->n_mv; m++)
					if (s->col[m] == (int)k)
						return cli_usage_error(ctx, "--blocks: %s: %s", d->names[k], _("column in two blocks"));
				s->col[s->n_mv] = (int)k;
				s->block[s->n_mv++] = s->n_lv;
				found = true;
			}
			if (!found) {
				struct gx_error err;
				gx_error_set(&err, GX_EINVAL, c, _("%s: missing column \"%s\" named in --blocks"), d->path, c);
				return ana_fail(&err);
			}
		}
		if (s->n_mv == before)
			return cli_usage_error(ctx, "--blocks: %s: %s", blk, _("no columns"));
		s->n_lv++;
	}
	return CLI_OK;
}

static int parse_paths(struct cli_ctx *ctx, struct pls_spec *s)
{
	const char *v = cli_opt(ctx, "paths");
	if (!v || !*v)
		return cli_usage_error(ctx, "%s", _("--paths is required, e.g. --paths 'IMAG>SAT,SAT>LOY'"));
	s->path = gx_arena_calloc(&ctx->arena, s->n_lv * s->n_lv, 1);
	char *copy = gx_arena_strdup(&ctx->arena, v), *save = NULL;
	for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *gt = strchr(e, '>');
		int from = gt ? lv_index(s, e, (size_t)(gt - e)) : -1;
		int to = gt ? lv_index(s, gt + 1, strlen(gt + 1)) : -1;
		if (from < 0 || to < 0)
			return cli_usage_error(ctx, "--paths: \"%s\": %s", e, _("expected FROM>TO with names from --blocks"));
		s->path[(size_t)to * s->n_lv + (size_t)from] = 1;
	}
	return CLI_OK;
}

/* --modes A | B | "SAT=B,VAL=B" (the others A). */
static int parse_modes(struct cli_ctx *ctx, struct pls_spec *s)
{
	const char *v = cli_opt_or_default(ctx, "modes");
	s->modes = gx_arena_calloc(&ctx->arena, s->n_lv, sizeof *s->modes);
	if (strcasecmp(v, "A") == 0 || strcasecmp(v, "B") == 0) {
		for (size_t i = 0; i < s->n_lv; i++)
			s->modes[i] = (v[0] | 0x20) == 'b' ? GX_PLS_MODE_B : GX_PLS_MODE_A;
		return CLI_OK;
	}
	char *copy = gx_arena_strdup(&ctx->arena, v), *save = NULL;
	for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(e, '=');
		int lv = eq ? lv_index(s, e, (size_t)(eq - e)) : -1;
		if (lv < 0 || (strcasecmp(eq + 1, "A") != 0 && strcasecmp(eq + 1, "B") != 0))
			return cli_usage_error(ctx, "--modes: \"%s\": %s", e, _("expected A, B or NAME=A|B,…"));
		s->modes[lv] = (eq[1] | 0x20) == 'b' ? GX_PLS_MODE_B : GX_PLS_MODE_A;
	}
	return CLI_OK;
}

static int read_params(struct cli_ctx *ctx, struct gx_pls_params *p)
{
	static const char *const schemes[] = {"centroid", "factorial", "path", NULL};
	int scheme = 0;
	long max_iter = 100, boot = 0, seed = 1;
	gx_pls_params_default(p);
	int rc = ana_opt_choice(ctx, "scheme", schemes, &scheme);
	if (!rc)
		rc = ana_opt_bool(ctx, "scaled", &p->scaled);
	if (!rc)
		rc = ana_opt_double(ctx, "tol", &p->tol);
	if (!rc)
		rc = ana_opt_long(ctx, "max-iter", 1, 100000, &max_iter);
	if (!rc)
		rc = ana_opt_long(ctx, "bootstrap", 0, 100000, &boot);
	if (!rc)
		rc = ana_opt_long(ctx, "seed", 0, 2147483647L, &seed);
	if (!rc)
		rc = ana_opt_double(ctx, "scale-min", &p->scale_min);
	if (!rc)
		rc = ana_opt_double(ctx, "scale-max", &p->scale_max);
	p->scheme = (enum gx_pls_scheme)scheme;
	p->max_iter = (int)max_iter;
	p->bootstrap = (size_t)boot;
	p->seed = (uint64_t)seed;
	if (!rc && boot > 0 && (size_t)boot < p->min_bootstrap)
		rc = cli_usage_error(ctx, "--bootstrap %ld: %s", boot, _("use 0 or at least 200 resamples"));
	return rc;
}

static void add_paths(struct ana_report *rep, const struct pls_spec *s, const struct gx_pls_result *r)
{
	static const char *const cols[] = {"from|From|自变量", "to|To|因变量", "coef|Path|路径系数", "se|SE|标准误",
	                                   "t|t|t 值", "total|Total effect|总效应", "boot_mean|Bootstrap mean|自助均值",
	                                   "boot_se|Bootstrap SE|自助标准误", NULL};
	struct ana_table *t = ana_table_add(rep, "paths", "Path coefficients", "路径系数", cols);
	for (size_t to = 0; to < s->n_lv; to++)
		for (size_t from = 0; from < s->n_lv; from++) {
			size_t k = to * s->n_lv + from;
			if (!s->path[k])
				continue;
			ana_row(t);
			ana_text(t, s->lv[from]);
			ana_text(t, s->lv[to]);
			ana_num(t, r->path[k], 4);
			ana_num(t, r->path_se[k], 4);
			ana_num(t, r->path_t[k], 4);
			ana_num(t, r->total_effect[k], 4);
			ana_num(t, r->boot_path_mean ? r->boot_path_mean[k] : NAN, 4);
			ana_num(t, r->boot_path_se ? r->boot_path_se[k] : NAN, 4);
		}
}

static int run(struct cli_ctx *ctx)
{
	int rc = ana_need_file(ctx, _("give the survey file (survey data are read from files only)"));
	struct gx_pls_params p;
	if (!rc)
		rc = read_params(ctx, &p);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	struct pls_spec s = {0};
	if ((rc = parse_blocks(ctx, &d, &s)) != CLI_OK || (rc = parse_paths(ctx, &s)) != CLI_OK ||
	    (rc = parse_modes(ctx, &s)) != CLI_OK)
		return rc;
	double *x = gx_arena_calloc(&ctx->arena, d.nrows * s.n_mv, sizeof *x);
	for (size_t r = 0; r < d.nrows; r++)
		for (size_t m = 0; m < s.n_mv; m++)
			if (ana_data_num(&d, r, s.col[m], false, &x[r * s.n_mv + m], &err) != GX_OK)
				return ana_fail(&err);
	struct gx_pls_model model = {s.n_lv, s.n_mv, s.block, s.modes, s.path};
	struct gx_pls_result res;
	if (gx_pls_fit(x, d.nrows, &model, &p, &res, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	add_paths(&rep, &s, &res);
	static const char *const lcols[] = {"lv|Latent variable|潜变量", "mode|Mode|模式", "r2|R²|R²", "ave|AVE|AVE",
	                                    "communality|Mean communality|平均共同度", "index_100|Index 0–100|指数 (0–100)",
	                                    "boot_r2_se|Bootstrap SE of R²|R² 自助标准误", NULL};
	struct ana_table *tl = ana_table_add(&rep, "latent", "Latent variables", "潜变量", lcols);
	for (size_t i = 0; i < s.n_lv; i++) {
		ana_row(tl);
		ana_text(tl, s.lv[i]);
		ana_text(tl, s.modes[i] == GX_PLS_MODE_B ? "B" : "A");
		ana_num(tl, res.r2[i], 4);
		ana_num(tl, res.ave[i], 4);
		ana_num(tl, res.mean_communality[i], 4);
		ana_num(tl, res.index_100[i], 2);
		ana_num(tl, res.boot_r2_se ? res.boot_r2_se[i] : NAN, 4);
	}
	static const char *const icols[] = {"indicator|Indicator|指标", "lv|Latent variable|潜变量", "weight|Weight|权重",
	                                    "loading|Loading|载荷", "communality|Communality|共同度",
	                                    "boot_weight_se|Bootstrap SE of weight|权重自助标准误",
	                                    "boot_loading_se|Bootstrap SE of loading|载荷自助标准误", NULL};
	struct ana_table *ti = ana_table_add(&rep, "indicators", "Indicators", "观测指标", icols);
	for (size_t m = 0; m < s.n_mv; m++) {
		ana_row(ti);
		ana_text(ti, d.names[s.col[m]]);
		ana_text(ti, s.lv[s.block[m]]);
		ana_num(ti, res.weights[m], 4);
		ana_num(ti, res.loadings[m], 4);
		ana_num(ti, res.communality[m], 4);
		ana_num(ti, res.boot_weight_se ? res.boot_weight_se[m] : NAN, 4);
		ana_num(ti, res.boot_loading_se ? res.boot_loading_se[m] : NAN, 4);
	}
	static const char *const scols[] = {"observations|Observations|样本数", "iterations|Iterations|迭代次数",
	                                    "resamples|Bootstrap resamples|自助抽样次数", NULL};
	struct ana_table *ts = ana_table_add(&rep, "summary", "Fit", "拟合", scols);
	ana_row(ts);
	ana_int(ts, (long long)res.n_obs);
	ana_int(ts, res.iterations);
	ana_int(ts, (long long)res.boot_resamples);
	rc = ana_report_print(&rep);
	gx_pls_result_free(&res);
	return rc;
}

static const struct cli_option options[] = {
	{"blocks", "SPEC", N_("measurement model: NAME=col,col,…;NAME=prefix*;… (required)"), NULL},
	{"paths", "SPEC", N_("structural model: FROM>TO,FROM>TO,… (required)"), NULL},
	{"modes", "SPEC", N_("outer mode: A (reflective), B (formative), or NAME=B,… for some blocks"), "A"},
	{"scheme", "NAME", N_("inner weighting scheme: centroid, factorial or path"), "centroid"},
	{"scaled", "yes|no", N_("standardise the indicators (no: centre only)"), "no"},
	{"tol", "X", N_("convergence tolerance of the outer weights"), "1e-6"},
	{"max-iter", "N", N_("iterations before giving up"), "100"},
	{"bootstrap", "N", N_("bootstrap resamples for standard errors: 0 or at least 200"), "0"},
	{"seed", "N", N_("bootstrap generator seed (same seed, same result)"), "1"},
	{"scale-min", "X", N_("lowest answer of the items, for the 0–100 index"), "1"},
	{"scale-max", "X", N_("highest answer of the items"), "10"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_pls = {
	.name = "analyze pls",
	.summary = N_("structural satisfaction index: PLS path model of ACSI/ECSI type (M7)"),
	.usage = N_("FILE --blocks SPEC --paths SPEC  (one row per respondent, one numeric column per item; files only)"),
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
