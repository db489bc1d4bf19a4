/* guanxi sales forecast | sales stats | target set | target report: the weighted pipeline
 * forecast (MODELS.md M24) by month and owner or department, win rate, average deal size and
 * cycle length, and sales targets (目标) with their completion rate. */
#include <string.h>

#include "cli/output.h"
#include "cli/sales_cli.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"

static const struct cli_option forecast_options[] = {
	{"from", "YYYY-MM", N_("first month"), N_("this month")},
	{"to", "YYYY-MM", N_("last month"), N_("11 months after --from")},
	{"by", "owner|department", N_("one row per owner or department and month"), NULL},
	{0},
};

static int run_forecast(struct cli_ctx *ctx)
{
	const char *by = cli_opt(ctx, "by");
	enum sales_group g = SALES_GROUP_NONE;
	if (by && strcmp(by, "owner") == 0)
		g = SALES_GROUP_OWNER;
	else if (by && strcmp(by, "department") == 0)
		g = SALES_GROUP_DEPARTMENT;
	else if (by)
		return cli_usage_error(ctx, _("--by takes owner or department, not \"%s\""), by);
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	char this_month[8], later[8];
	const char *from = cli_opt(ctx, "from"), *to = cli_opt(ctx, "to");
	if (!from && app_sales_this_month(&app, this_month, &err) == GX_OK)
		from = this_month;
	if (!to && from && strlen(from) == 7) {
		sales_month_add(from, 11, later);
		to = later;
	}
	struct sales_forecast_row *rows;
	size_t n;
	if (!from || app_sales_forecast(&app, from, to, g, &ctx->arena, &rows, &n, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		const char *headers[] = {"month", g == SALES_GROUP_DEPARTMENT ? "department_id" : "owner_id",
		                         "opportunities", "amount", "weighted_yuan"};
		const char *const *h = headers;
		size_t nc = 5, skip = g == SALES_GROUP_NONE;
		static const char *const plain[] = {"month", "opportunities", "amount", "weighted_yuan"};
		if (skip) {
			h = plain;
			nc = 4;
		}
		struct out_table t;
		out_table_init(&t, &ctx->arena, nc, h);
		for (size_t i = 0; i < n; i++) {
			const char *cells[5];
			size_t k = 0;
			cells[k++] = rows[i].month;
			if (!skip)
				cells[k++] = gx_arena_printf(&ctx->arena, "%lld", (long long)rows[i].group_id);
			cells[k++] = gx_arena_printf(&ctx->arena, "%lld", (long long)rows[i].count);
			cells[k++] = sales_cli_yuan(ctx, rows[i].amount_fen);
			cells[k++] = gx_arena_printf(&ctx->arena, "%.2f", rows[i].weighted_yuan);
			out_table_add(&t, cells);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option stats_options[] = {
	{"from", "DATE", N_("first close date counted"), NULL},
	{"to", "DATE", N_("last close date counted"), NULL},
	{"owner", "USER", N_("only this owner's opportunities"), NULL},
	{0},
};

static int run_stats(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t owner = 0;
	struct sales_stats s;
	if ((rc = sales_cli_user(ctx, &app, cli_opt(ctx, "owner"), &owner)) != CLI_OK)
		goto out;
	if (app_sales_stats(&app, cli_opt(ctx, "from"), cli_opt(ctx, "to"), owner, &s, &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	static const char *const headers[] = {"open", "won", "lost", "win_rate", "won_amount", "avg_deal_yuan",
	                                      "avg_cycle_days"};
	struct out_table t;
	out_table_init(&t, &ctx->arena, 7, headers);
	const char *cells[] = {gx_arena_printf(&ctx->arena, "%lld", (long long)s.open),
	                       gx_arena_printf(&ctx->arena, "%lld", (long long)s.won),
	                       gx_arena_printf(&ctx->arena, "%lld", (long long)s.lost),
	                       gx_arena_printf(&ctx->arena, "%.4f", s.win_rate), sales_cli_yuan(ctx, s.won_fen),
	                       gx_arena_printf(&ctx->arena, "%.2f", s.avg_deal_yuan),
	                       gx_arena_printf(&ctx->arena, "%.1f", s.avg_cycle_days)};
	out_table_add(&t, cells);
	out_table_print(ctx, &t);
out:
	app_close(&app);
	return rc;
}

static const struct cli_option target_options[] = {
	{"rep", "USER", N_("the sales rep the target is for"), NULL},
	{"team", "TEAM", N_("the team the target is for"), NULL},
	{0},
};

static int run_target_set(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t user = 0, team = 0, fen = 0;
	struct record r;
	record_init(&r, &entity_sales_target, &ctx->arena);
	if ((rc = sales_cli_user(ctx, &app, cli_opt(ctx, "rep"), &user)) != CLI_OK)
		goto out;
	if ((cli_opt(ctx, "team") && app_field_set_text(&app, &r, "team_id", cli_opt(ctx, "team"), &ctx->arena, &err)) ||
	    gx_money_parse_yuan(ctx->argv[1], 0, &fen, "target_fen", &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	team = record_int(&r, "team_id");
	if (app_target_set(&app, ctx->argv[0], user, team, fen, &err) != GX_OK)
		rc = cli_fail(&err);
	else
		fprintf(ctx->out, _("target for %s set to %s\n"), ctx->argv[0], sales_cli_yuan(ctx, fen));
out:
	app_close(&app);
	return rc;
}

static int run_target_report(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct sales_target_row *rows;
	size_t n;
	if (app_target_report(&app, ctx->argv[0], &ctx->arena, &rows, &n, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		static const char *const headers[] = {"month", "rep", "team", "target", "achieved", "completion_rate"};
		struct out_table t;
		out_table_init(&t, &ctx->arena, 6, headers);
		for (size_t i = 0; i < n; i++) {
			struct record u;
			const char *rep = "", *team = "";
			if (rows[i].user_id && store_record_get(app.store, &entity_user, rows[i].user_id, &ctx->arena, &u, &err) == GX_OK)
				rep = record_text(&u, "username");
			if (rows[i].team_id && store_record_get(app.store, &entity_team, rows[i].team_id, &ctx->arena, &u, &err) == GX_OK)
				team = record_text(&u, "code");
			const char *cells[] = {rows[i].month, rep, team, sales_cli_yuan(ctx, rows[i].target_fen),
			                       sales_cli_yuan(ctx, rows[i].achieved_fen),
			                       gx_arena_printf(&ctx->arena, "%.4f", rows[i].completion_rate)};
			out_table_add(&t, cells);
		}
		out_table_print(ctx, &t);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_sales_forecast = {
	.name = "sales forecast",
	.summary = N_("weighted pipeline forecast by expected close month (Σ amount × stage probability)"),
	.options = forecast_options,
	.run = run_forecast,
};
const struct cli_command cmd_sales_stats = {
	.name = "sales stats",
	.summary = N_("win rate, average deal size and sales cycle length of closed opportunities"),
	.options = stats_options,
	.run = run_stats,
};
const struct cli_command cmd_target_set = {
	.name = "target set",
	.summary = N_("set the sales target of a rep (--rep) or a team (--team) for a month, in yuan"),
	.usage = "YYYY-MM AMOUNT",
	.options = target_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_target_set,
};
const struct cli_command cmd_target_report = {
	.name = "target report",
	.summary = N_("the targets of a month with the won amount and completion rate"),
	.usage = "YYYY-MM",
	.min_args = 1,
	.max_args = 1,
	.run = run_target_report,
};
