/* guanxi credit assess | show | history | check: 5C assessments and a customer's credit
 * position (see guanxi/credit.h). `credit check` answers what an order would meet without
 * placing it, so a sales rep can ask before promising terms. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/output.h"
#include "guanxi/credit.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"

static const char *yuan(struct cli_ctx *ctx, int64_t fen)
{
	char buf[GX_MONEY_FMT_SIZE];
	return gx_arena_strdup(&ctx->arena, gx_money_format_display(fen, buf));
}

static const struct cli_option assess_options[] = {
	{"on", "DATE", N_("the date the assessment speaks for (YYYY-MM-DD)"), N_("today")},
	{"capacity", "YUAN", N_("the analyst's monthly capacity in yuan instead of the customer's average monthly purchases over 12 months"), NULL},
	{"character-from-payments", NULL, N_("score character from payment history (share of invoices paid by their due date)"), NULL},
	{"notes", "TEXT", N_("notes kept with the assessment"), NULL},
	{0},
};

static int run_assess(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct credit_assess_input in = {.assessed_on = cli_opt(ctx, "on"), .monthly_capacity_fen = -1,
	                                 .character_from_payments = cli_flag(ctx, "character-from-payments"),
	                                 .notes = cli_opt(ctx, "notes")};
	struct credit_rating *rs = gx_arena_calloc(&ctx->arena, (size_t)ctx->argc, sizeof *rs);
	const char *cap = cli_opt(ctx, "capacity");
	struct record r;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &in.customer_id)) != CLI_OK)
		goto out;
	for (int i = 1; i < ctx->argc; i++)
		if (app_credit_rating_parse(ctx->argv[i], &ctx->arena, &rs[in.nratings++], &err) != GX_OK) {
			rc = cli_fail(&err);
			goto out;
		}
	in.ratings = rs;
	if (cap && gx_money_parse_yuan(cap, 0, &in.monthly_capacity_fen, "monthly_capacity_fen", &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (app_credit_assess(&app, &in, &ctx->arena, &r, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		out_record(ctx, &app, &r);
out:
	app_close(&app);
	return rc;
}

static json_t *position_json(const struct credit_position *p)
{
	return json_pack("{s:b, s:s?, s:f, s:I, s:b, s:I, s:I, s:I, s:I}", "assessed", p->assessed,
	                 "grade", p->assessed ? (const char[]){(char)('A' + p->grade), 0} : NULL,
	                 "score", p->score, "limit_fen", (json_int_t)p->limit_fen, "dealer", p->dealer,
	                 "open_receivables_fen", (json_int_t)p->open_receivables_fen,
	                 "unpaid_open_orders_fen", (json_int_t)p->unpaid_open_orders_fen,
	                 "exposure_fen", (json_int_t)p->exposure_fen, "available_fen",
	                 (json_int_t)p->available_fen);
}

static void print_position(struct cli_ctx *ctx, const struct credit_position *p)
{
	FILE *f = ctx->out;
	enum gx_lang lang = gx_i18n_lang();
	if (p->assessed)
		fprintf(f, "%s: %s  %s: %.2f\n", _("Credit grade"), gx_credit_grade_label(p->grade, lang),
		        _("5C score"), p->score);
	else
		fprintf(f, "%s\n", _("Not assessed yet: only cash is allowed."));
	fprintf(f, "%s: %s\n", _("Credit limit"), yuan(ctx, p->limit_fen));
	fprintf(f, "%s:", _("Allowed credit forms"));
	for (int i = 0; i < GX_CREDIT_FORMS; i++)
		if (gx_credit_form_allowed(p->grade, (enum gx_credit_form)i, p->dealer, NULL))
			fprintf(f, " %s", gx_credit_form_label((enum gx_credit_form)i, lang));
	fputc('\n', f);
	fprintf(f, "%s: %s\n", _("Open receivables"), yuan(ctx, p->open_receivables_fen));
	fprintf(f, "%s: %s\n", _("Unpaid open orders on credit"), yuan(ctx, p->unpaid_open_orders_fen));
	fprintf(f, "%s: %s\n", _("Exposure"), yuan(ctx, p->exposure_fen));
	fprintf(f, "%s: %s\n", _("Available"), yuan(ctx, p->available_fen));
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t id;
	struct credit_position p;
	struct credit_rating *rs = NULL;
	size_t n = 0;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) != CLI_OK)
		goto out;
	if (app_credit_position(&app, id, 0, &p, &err) != GX_OK ||
	    (p.assessed && store_credit_ratings(app.store, p.assessment_id, &ctx->arena, &rs, &n, &err) != GX_OK)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		json_t *j = position_json(&p);
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:i}", "c", rs[i].c, "criterion",
			                                     rs[i].criterion, "rating", rs[i].rating));
		json_object_set_new(j, "ratings", arr);
		if (p.assessed)
			json_object_set_new(j, "assessment_id", json_integer(p.assessment_id));
		json_dumpf(j, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
		json_decref(j);
		goto out;
	}
	print_position(ctx, &p);
	if (n) {
		fprintf(ctx->out, "%s (#%lld):\n", _("Ratings of the current assessment"), (long long)p.assessment_id);
		for (size_t i = 0; i < n; i++)
			fprintf(ctx->out, "  %-11s %-20s %d\n", rs[i].c, rs[i].criterion, rs[i].rating);
	}
out:
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {CLI_LIST_OPTIONS, {0}};

static int run_history(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct filter_node *extra = NULL;
	int64_t id;
	if (ctx->argc == 1) {
		if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) != CLI_OK) {
			app_close(&app);
			return rc;
		}
		extra = filter_cond_int(&ctx->arena, &entity_credit_assessment, "customer_id", FILTER_EQ, id);
	}
	rc = cli_run_list(ctx, &app, &entity_credit_assessment, extra,
	                  "id,customer_id,assessed_on,score,grade,monthly_capacity_fen,limit_fen,allowed_forms");
	app_close(&app);
	return rc;
}

static const struct cli_option check_options[] = {
	{"form", "FORM", N_("cash, charge_account, credit_sale, instalment or consignment"), "credit_sale"},
	{0},
};

static int run_check(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	int form = credit_form_parse(cli_opt_or_default(ctx, "form"));
	if (form < 0)
		return cli_usage_error(ctx, _("unknown credit form %s"), cli_opt_or_default(ctx, "form"));
	int64_t amount;
	if (gx_money_parse_yuan(ctx->argv[1], 0, &amount, "amount_fen", &err) != GX_OK)
		return cli_fail(&err);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct credit_check_result res;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) != CLI_OK)
		goto out;
	if (app_credit_check(&app, id, 0, (enum gx_credit_form)form, amount, &ctx->arena, &res, &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		json_t *j = json_pack("{s:b, s:s?, s:s?, s:I, s:I, s:o}", "allowed", res.allowed, "reason",
		                      res.message, "field", res.field, "exposure_fen",
		                      (json_int_t)res.decision.exposure_fen, "override_id",
		                      (json_int_t)res.override_id, "position", position_json(&res.pos));
		json_dumpf(j, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
		json_decref(j);
	} else {
		print_position(ctx, &res.pos);
		if (res.allowed && res.override_id)
			fprintf(ctx->out, _("allowed under approved credit override %lld\n"), (long long)res.override_id);
		else if (res.allowed)
			fprintf(ctx->out, "%s\n", _("allowed"));
		else
			fprintf(ctx->out, "%s: %s\n", _("refused"), res.message);
	}
	rc = res.allowed ? CLI_OK : CLI_FAIL;
out:
	app_close(&app);
	return rc;
}

const struct cli_command cmd_credit_assess = {
	.name = "credit assess",
	.summary = N_("record a 5C credit assessment: C.criterion=rating (1–5) for each C"),
	.usage = "CUSTOMER C.criterion=RATING …",
	.options = assess_options,
	.min_args = 1,
	.max_args = -1,
	.run = run_assess,
};
const struct cli_command cmd_credit_show = {
	.name = "credit show",
	.summary = N_("show a customer's credit grade, limit, allowed forms and exposure"),
	.usage = "CUSTOMER",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_credit_history = {
	.name = "credit history",
	.summary = N_("list credit assessments, of one customer or all"),
	.usage = "[CUSTOMER]",
	.options = list_options,
	.max_args = 1,
	.run = run_history,
};
const struct cli_command cmd_credit_check = {
	.name = "credit check",
	.summary = N_("would an order of this amount on this credit form pass the credit check?"),
	.usage = "CUSTOMER AMOUNT_YUAN",
	.options = check_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_check,
};
