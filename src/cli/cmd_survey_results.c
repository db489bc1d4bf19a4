/* guanxi survey results WAVE | survey compare WAVE_A WAVE_B: a wave's analysis (MODELS.md §1:
 * index and level, quadrants, Kano categories, SERVQUAL gaps, NPS, the PLS model) and two waves
 * side by side, as report sections printed like `guanxi analyze` (table, CSV or JSON, --part). */
#include <math.h>
#include <string.h>

#include "cli/analyze_common.h"
#include "cli/cmd_survey.h"
#include "guanxi/i18n.h"
#include "guanxi/survey_results.h"

static const char *label(struct gx_sat_label l)
{
	const char *s = gx_sat_label_text(l, gx_i18n_lang());
	return s ? s : "";
}

static void summary(struct ana_report *rep, const struct survey_results *r)
{
	static const char *const cols[] = {"survey|Survey|问卷", "wave|Wave|轮次", "responses|Responses|答卷数",
	                                   "index_n|Respondents in the index|计入指数人数", "index|Satisfaction index|满意度综合得分",
	                                   "index_100|Index 0–100|指数 (0–100)", "level|Level|满意等级", NULL};
	struct ana_table *t = ana_table_add(rep, "summary", "Wave", "调查轮次", cols);
	ana_row(t);
	ana_text(t, r->def.code);
	ana_text(t, r->wave.code);
	ana_int(t, (long long)r->n_responses);
	ana_int(t, (long long)r->index_n);
	ana_num(t, r->has_index ? r->index : NAN, 4);
	ana_num(t, r->has_index ? r->index_100 : NAN, 2);
	if (r->level) {
		int scale = r->def.questions[0].scale_max;
		for (size_t i = 0; i < r->def.nquestions; i++)
			if (r->def.questions[i].type == SURVEY_Q_IMP_SAT) {
				scale = r->def.questions[i].scale_max;
				break;
			}
		ana_text(t, label(gx_sat_level_label((enum gx_sat_scale)scale, r->level)));
	} else {
		ana_null(t);
	}
}

static void attributes(struct ana_report *rep, const struct survey_results *r)
{
	if (!r->n_attr)
		return;
	static const char *const cols[] = {"code|Code|编号", "attribute|Attribute|指标", "importance|Importance|重要性",
	                                   "satisfaction|Satisfaction|满意度", "type|Type|类型", "zone|Zone|区域", NULL};
	struct ana_table *t = ana_table_add(rep, "attributes", "Importance–performance", "四分图", cols);
	for (size_t i = 0; i < r->n_attr; i++) {
		const struct survey_attr_result *x = &r->attr[i];
		ana_row(t);
		ana_text(t, x->code);
		ana_text(t, x->text);
		ana_num(t, x->mean_imp, 3);
		ana_num(t, x->mean_sat, 3);
		if (r->has_index) {
			ana_text(t, label(gx_sat_ipa_type_label(x->quadrant)));
			ana_text(t, label(gx_sat_ipa_zone_label(x->quadrant)));
		} else {
			ana_null(t);
			ana_null(t);
		}
	}
}

static void kano(struct ana_report *rep, const struct survey_results *r)
{
	if (!r->n_kano)
		return;
	static const char *const cols[] = {"code|Code|编号", "feature|Feature|功能", "n|Answers|答卷", "a|A|A", "o|O|O",
	                                   "m|M|M", "i|I|I", "r|R|R", "q|Q|Q", "category|Category|类别",
	                                   "better|Better|Better", "worse|Worse|Worse", NULL};
	struct ana_table *t = ana_table_add(rep, "kano", "Kano categories", "Kano 分类", cols);
	for (size_t i = 0; i < r->n_kano; i++) {
		const struct gx_kano_feature *f = &r->kano[i].f;
		ana_row(t);
		ana_text(t, r->kano[i].code);
		ana_text(t, r->kano[i].text);
		ana_int(t, (long long)f->n);
		for (int c = 0; c < GX_KANO_NCAT; c++)
			ana_int(t, (long long)f->counts[c]);
		if (f->n) {
			ana_text(t, gx_arena_printf(&rep->ctx->arena, "%c %s", gx_kano_cat_letter(f->category),
			                            label(gx_kano_cat_label(f->category))));
			ana_num(t, f->better, 3);
			ana_num(t, f->worse, 3);
		} else {
			ana_null(t);
			ana_null(t);
			ana_null(t);
		}
	}
}

static void servqual(struct ana_report *rep, const struct survey_results *r)
{
	if (!r->has_servqual) {
		if (r->servqual_note)
			fprintf(stderr, "%s\n", r->servqual_note);
		return;
	}
	static const char *const icols[] = {"item|Item|项目", "dimension|Dimension|要素", "expectation|Expectation|期望",
	                                    "perception|Perception|感知", "gap|Gap P−E|差距 P−E", NULL};
	struct ana_table *ti = ana_table_add(rep, "servqual_items", "SERVQUAL items", "SERVQUAL 项目", icols);
	struct gx_servqual_params p;
	gx_servqual_params_default(&p);
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		enum gx_servqual_dim d;
		struct gx_error err;
		gx_servqual_item_dim(i + 1, &p, &d, &err);
		ana_row(ti);
		ana_int(ti, i + 1);
		ana_text(ti, label(gx_servqual_dim_label(d)));
		ana_num(ti, r->servqual.mean_e[i], 3);
		ana_num(ti, r->servqual.mean_p[i], 3);
		ana_num(ti, r->servqual.item_gap[i], 3);
	}
	static const char *const dcols[] = {"dimension|Dimension|要素", "gap|Gap P−E|差距 P−E", NULL};
	struct ana_table *td = ana_table_add(rep, "servqual", "SERVQUAL gaps", "SERVQUAL 差距", dcols);
	for (int d = 0; d < GX_SERVQUAL_NDIM; d++) {
		ana_row(td);
		ana_text(td, label(gx_servqual_dim_label((enum gx_servqual_dim)d)));
		ana_num(td, r->servqual.dim_gap[d], 3);
	}
	ana_row(td);
	ana_text(td, ana_pick("overall", "总体"));
	ana_num(td, r->servqual.overall, 3);
}

static void nps_items(struct ana_report *rep, const struct survey_results *r)
{
	if (r->n_nps) {
		static const char *const cols[] = {"code|Code|编号", "n|Answers|答卷", "promoters|Promoters|推荐者",
		                                   "passives|Passives|中立者", "detractors|Detractors|贬损者", "nps|NPS|NPS", NULL};
		struct ana_table *t = ana_table_add(rep, "nps", "Net Promoter Score", "净推荐值", cols);
		for (size_t i = 0; i < r->n_nps; i++) {
			ana_row(t);
			ana_text(t, r->nps[i].code);
			ana_int(t, (long long)r->nps[i].nps.n);
			ana_int(t, (long long)r->nps[i].nps.promoters);
			ana_int(t, (long long)r->nps[i].nps.passives);
			ana_int(t, (long long)r->nps[i].nps.detractors);
			ana_num(t, r->nps[i].nps.n ? r->nps[i].nps.nps : NAN, 1);
		}
	}
	if (r->n_items) {
		static const char *const cols[] = {"code|Code|编号", "block|Block|潜变量", "n|Answers|答卷", "mean|Mean|均值", NULL};
		struct ana_table *t = ana_table_add(rep, "items", "Ratings", "评分题", cols);
		for (size_t i = 0; i < r->n_items; i++) {
			ana_row(t);
			ana_text(t, r->items[i].code);
			ana_text(t, r->items[i].block ? r->items[i].block : "");
			ana_int(t, (long long)r->items[i].n);
			ana_num(t, r->items[i].mean, 3);
		}
	}
	if (r->n_choices) {
		static const char *const cols[] = {"code|Code|编号", "option|Option|选项", "count|Count|人数", "share|Share|占比", NULL};
		struct ana_table *t = ana_table_add(rep, "choices", "Choices", "选择题", cols);
		for (size_t i = 0; i < r->n_choices; i++)
			for (size_t k = 0; k < r->choices[i].q->noptions; k++) {
				ana_row(t);
				ana_text(t, r->choices[i].code);
				ana_text(t, r->choices[i].q->options[k].label);
				ana_int(t, (long long)r->choices[i].counts[k]);
				ana_num(t, r->choices[i].n ? (double)r->choices[i].counts[k] / (double)r->choices[i].n : NAN, 3);
			}
	}
}

static void pls(struct ana_report *rep, const struct survey_results *r)
{
	const struct survey_pls_result *p = &r->pls;
	if (p->complaints_from_tickets) {
		static const char *const ccols[] = {"lv|Latent variable|潜变量", "from|From|起", "to|To|止",
		                                    "dropped|Responses without a customer (left out)|无客户答卷 (未计入)", NULL};
		struct ana_table *tc = ana_table_add(rep, "pls_complaints", "Complaints from tickets", "投诉数来自工单", ccols);
		ana_row(tc);
		ana_text(tc, p->complaints_lv);
		ana_text(tc, p->complaints_from);
		ana_text(tc, p->complaints_to);
		ana_int(tc, (long long)p->complaints_dropped);
	}
	if (!p->fitted) {
		if (p->note)
			fprintf(stderr, "%s\n", p->note);
		return;
	}
	static const char *const pcols[] = {"from|From|自变量", "to|To|因变量", "coef|Path|路径系数", "se|SE|标准误", NULL};
	struct ana_table *t = ana_table_add(rep, "pls_paths", "PLS path coefficients", "PLS 路径系数", pcols);
	for (size_t k = 0; k < p->npaths; k++) {
		ana_row(t);
		ana_text(t, p->paths[k].from);
		ana_text(t, p->paths[k].to);
		ana_num(t, p->paths[k].coef, 4);
		ana_num(t, p->paths[k].se, 4);
	}
	static const char *const lcols[] = {"lv|Latent variable|潜变量", "r2|R²|R²", "index_100|Index 0–100|指数 (0–100)", NULL};
	struct ana_table *tl = ana_table_add(rep, "pls_latent", "PLS latent variables", "PLS 潜变量", lcols);
	for (size_t l = 0; l < p->n_lv; l++) {
		ana_row(tl);
		ana_text(tl, p->lv[l]);
		ana_num(tl, p->r2[l], 4);
		ana_num(tl, p->index_100[l], 2);
	}
}

static int open_wave(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id)
{
	int rc = cli_app_open(ctx, app, 0);
	if (rc)
		return rc;
	if ((rc = survey_cli_wave(ctx, app, arg, id)) != CLI_OK)
		app_close(app);
	return rc;
}

static int run_results(struct cli_ctx *ctx)
{
	struct app app;
	int64_t w;
	int rc = open_wave(ctx, &app, ctx->argv[0], &w);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct survey_results r;
	struct survey_results_opts o;
	enum gx_err e = survey_results_opts_parse(cli_opt(ctx, "complaints"), cli_opt(ctx, "complaints-window-days"),
	                                          cli_opt(ctx, "complaints-lv"), &o, &err);
	if (e == GX_OK)
		e = app_survey_results_opts(&app, w, &o, &ctx->arena, &r, &err);
	app_close(&app);
	if (e != GX_OK)
		return cli_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	summary(&rep, &r);
	attributes(&rep, &r);
	kano(&rep, &r);
	servqual(&rep, &r);
	nps_items(&rep, &r);
	pls(&rep, &r);
	return ana_report_print(&rep);
}

static void delta(struct ana_table *t, double a, double b, int dec)
{
	ana_num(t, a, dec);
	ana_num(t, b, dec);
	ana_num(t, isfinite(a) && isfinite(b) ? b - a : NAN, dec);
}

static int run_compare(struct cli_ctx *ctx)
{
	struct app app;
	int64_t wa, wb;
	int rc = open_wave(ctx, &app, ctx->argv[0], &wa);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct survey_results a, b;
	if ((rc = survey_cli_wave(ctx, &app, ctx->argv[1], &wb)) == CLI_OK &&
	    app_survey_compare(&app, wa, wb, &ctx->arena, &a, &b, &err) != GX_OK)
		rc = cli_fail(&err);
	app_close(&app);
	if (rc)
		return rc;
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const scols[] = {"measure|Measure|指标", "a|First wave|前一轮", "b|Second wave|后一轮",
	                                    "change|Change|变化", NULL};
	struct ana_table *t = ana_table_add(&rep, "summary", "Wave over wave", "轮次对比", scols);
	ana_row(t);
	ana_text(t, ana_pick("responses", "答卷数"));
	delta(t, (double)a.n_responses, (double)b.n_responses, 0);
	ana_row(t);
	ana_text(t, ana_pick("satisfaction index", "满意度综合得分"));
	delta(t, a.has_index ? a.index : NAN, b.has_index ? b.index : NAN, 4);
	if (a.has_servqual || b.has_servqual) {
		ana_row(t);
		ana_text(t, ana_pick("SERVQUAL overall gap", "SERVQUAL 总体差距"));
		delta(t, a.has_servqual ? a.servqual.overall : NAN, b.has_servqual ? b.servqual.overall : NAN, 3);
		for (int d = 0; d < GX_SERVQUAL_NDIM; d++) {
			ana_row(t);
			ana_text(t, label(gx_servqual_dim_label((enum gx_servqual_dim)d)));
			delta(t, a.has_servqual ? a.servqual.dim_gap[d] : NAN, b.has_servqual ? b.servqual.dim_gap[d] : NAN, 3);
		}
	}
	for (size_t i = 0; i < a.n_nps && i < b.n_nps; i++) {
		ana_row(t);
		ana_text(t, gx_arena_printf(&ctx->arena, "NPS %s", a.nps[i].code));
		delta(t, a.nps[i].nps.n ? a.nps[i].nps.nps : NAN, b.nps[i].nps.n ? b.nps[i].nps.nps : NAN, 1);
	}
	if (a.n_attr && a.n_attr == b.n_attr) {
		static const char *const cols[] = {"code|Code|编号", "attribute|Attribute|指标", "a|First wave|前一轮",
		                                   "b|Second wave|后一轮", "change|Change|变化", "type_a|Type before|之前类型",
		                                   "type_b|Type after|之后类型", NULL};
		struct ana_table *ta = ana_table_add(&rep, "attributes", "Satisfaction by attribute", "各指标满意度", cols);
		for (size_t i = 0; i < a.n_attr; i++) {
			ana_row(ta);
			ana_text(ta, a.attr[i].code);
			ana_text(ta, a.attr[i].text);
			delta(ta, a.attr[i].mean_sat, b.attr[i].mean_sat, 3);
			ana_text(ta, a.has_index ? label(gx_sat_ipa_type_label(a.attr[i].quadrant)) : "");
			ana_text(ta, b.has_index ? label(gx_sat_ipa_type_label(b.attr[i].quadrant)) : "");
		}
	}
	if (a.n_kano && a.n_kano == b.n_kano) {
		static const char *const cols[] = {"code|Code|编号", "feature|Feature|功能", "a|First wave|前一轮",
		                                   "b|Second wave|后一轮", "changed|Changed|变化", NULL};
		struct ana_table *tk = ana_table_add(&rep, "kano", "Kano drift", "Kano 类别变化", cols);
		for (size_t i = 0; i < a.n_kano; i++) {
			ana_row(tk);
			ana_text(tk, a.kano[i].code);
			ana_text(tk, a.kano[i].text);
			ana_text(tk, a.kano[i].f.n ? label(gx_kano_cat_label(a.kano[i].f.category)) : "");
			ana_text(tk, b.kano[i].f.n ? label(gx_kano_cat_label(b.kano[i].f.category)) : "");
			ana_bool(tk, a.kano[i].f.n && b.kano[i].f.n && a.kano[i].f.category != b.kano[i].f.category);
		}
	}
	return ana_report_print(&rep);
}

static const struct cli_option options[] = {
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

static const struct cli_option results_options[] = {
	ANA_OPT_PART,
	{"complaints", "SOURCE", N_("the PLS complaints variable from \"survey\" items or from \"tickets\" (complaint counts)"), "survey"},
	{"complaints-window-days", "N", N_("with --complaints tickets: count the N days ending on the wave's close (0: the wave's period)"), "0"},
	{"complaints-lv", "BLOCK", N_("with --complaints tickets: the block the counts measure"), "comp"},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_survey_results = {
	.name = "survey results", .summary = N_("a wave's analysis: index, quadrants, Kano, SERVQUAL gaps, NPS, PLS (M2–M7)"),
	.usage = "WAVE", .options = results_options, .min_args = 1, .max_args = 1, .run = run_results,
};
const struct cli_command cmd_survey_compare = {
	.name = "survey compare", .summary = N_("compare two waves of a survey"), .usage = "WAVE_A WAVE_B",
	.options = options, .min_args = 2, .max_args = 2, .run = run_compare,
};
