/* guanxi campaign add|list|show|update|launch|close|respond|convert|export: campaigns (营销活动)
 * with their relationship-marketing level, budget and cost, frozen members, responses,
 * conversions and ROI; export writes the database-marketing list for mailing. */
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/marketing_out.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/marketing.h"

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, &entity_campaign, &ctx->arena);
	if ((rc = cli_record_from_pairs(ctx, &app, &r, 0)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_create(&app, &r, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created campaign %s (id %lld), a draft\n"), record_text(&r, "code"),
			        (long long)r.id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option list_options[] = {CLI_LIST_OPTIONS, {0}};

static int run_list(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	rc = cli_run_list(ctx, &app, &entity_campaign, NULL,
	                  "id,code,name,type,rm_level,status,member_count,budget_fen,actual_cost_fen");
	app_close(&app);
	return rc;
}

static int run_members(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	struct filter_node *f;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK) {
		if (app_campaign_members_filter(&app, id, &ctx->arena, &f, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			rc = cli_run_list(ctx, &app, &entity_customer, f, "id,code,name,city,mobile,email");
	}
	app_close(&app);
	return rc;
}

static void print_stats(struct cli_ctx *ctx, const struct campaign_stats *s)
{
	struct kv_out k;
	kv_begin(&k, ctx);
	kv_fen(&k, "budget_fen", N_("Budget"), s->budget_fen);
	kv_fen(&k, "actual_cost_fen", N_("Actual cost"), s->actual_cost_fen);
	kv_int(&k, "members", N_("Members"), s->members);
	kv_int(&k, "responses", N_("Responses"), s->responses);
	kv_real(&k, "response_rate", N_("Response rate"), s->response_rate, 4);
	kv_int(&k, "conversions", N_("Conversions (orders)"), s->conversions);
	kv_int(&k, "converted_customers", N_("Converted customers"), s->converted_customers);
	kv_real(&k, "conversion_rate", N_("Conversion rate"), s->conversion_rate, 4);
	kv_fen(&k, "revenue_fen", N_("Revenue of linked orders"), s->revenue_fen);
	kv_fen(&k, "margin_fen", N_("Margin of linked orders"), s->margin_fen);
	kv_real(&k, "cost_per_response_yuan", N_("Cost per response (yuan)"), s->cost_per_response_yuan, 2);
	kv_real(&k, "roi", N_("ROI ((margin - cost) / cost)"), s->roi, 4);
	kv_real(&k, "revenue_roi", N_("Revenue ROI ((revenue - cost) / cost)"), s->revenue_roi, 4);
	kv_end(&k);
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct gx_error err;
	gx_error_clear(&err);
	struct campaign_stats s;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK) {
		if (app_campaign_stats(&app, id, &s, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else if (ctx->format == CLI_FORMAT_TABLE) {
			struct record r;
			if (app_marketing_load(&app, &entity_campaign, id, &ctx->arena, &r, &err) == GX_OK)
				out_record(ctx, &app, &r);
			fputc('\n', ctx->out);
			print_stats(ctx, &s);
		} else {
			print_stats(ctx, &s);
		}
	}
	app_close(&app);
	return rc;
}

static int run_update(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	struct record patch;
	record_init(&patch, &entity_campaign, &ctx->arena);
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_record_from_pairs(ctx, &app, &patch, 1)) == CLI_OK) {
		patch.id = id;
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_update(&app, &patch, 0, &ctx->arena, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("updated campaign %lld\n"), (long long)id);
	}
	app_close(&app);
	return rc;
}

static int run_launch(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id, n;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_launch(&app, id, &n, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("launched campaign %lld with %lld members\n"), (long long)id, (long long)n);
	}
	app_close(&app);
	return rc;
}

static int run_close(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_close(&app, id, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("closed campaign %lld\n"), (long long)id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option respond_options[] = {
	{"channel", "CHANNEL", N_("how the customer responded (phone, wechat, e-mail …)"), NULL},
	{"note", "TEXT", N_("what the customer said"), NULL},
	{0},
};

static int run_respond(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id, customer;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_customer_arg(ctx, &app, ctx->argv[1], &customer)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_respond(&app, id, customer, cli_opt(ctx, "channel"), cli_opt(ctx, "note"), &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("recorded the response of customer %lld\n"), (long long)customer);
	}
	app_close(&app);
	return rc;
}

static int run_convert(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id, order;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK &&
	    (rc = cli_marketing_arg(ctx, &app, &entity_order, ctx->argv[1], &order)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_convert(&app, id, order, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("linked order %lld to campaign %lld\n"), (long long)order, (long long)id);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option export_options[] = {
	{"xlsx", NULL, N_("write .xlsx (also chosen by a FILE ending in .xlsx)"), NULL},
	{0},
};

static int run_export(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	size_t rows = 0, n = strlen(ctx->argv[1]);
	enum export_format fmt = cli_flag(ctx, "xlsx") || (n > 5 && strcasecmp(ctx->argv[1] + n - 5, ".xlsx") == 0)
	                                 ? EXPORT_XLSX : EXPORT_CSV;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_campaign, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_campaign_export(&app, id, ctx->argv[1], fmt, &rows, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(stderr, _("exported %zu members to %s\n"), rows, ctx->argv[1]);
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_campaign_add = {
	.name = "campaign add",
	.summary = N_("create a draft campaign: code=… name=… type=promotion rm_level=financial segment_id=SEG budget_fen=5000.00"),
	.usage = "field=value …",
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_campaign_list = {
	.name = "campaign list",
	.summary = N_("list campaigns"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_campaign_members = {
	.name = "campaign members",
	.summary = N_("list a campaign's frozen members"),
	.usage = "CAMPAIGN",
	.options = list_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_members,
};
const struct cli_command cmd_campaign_show = {
	.name = "campaign show",
	.summary = N_("show a campaign with members, responses, conversions, cost per response and ROI"),
	.usage = "CAMPAIGN",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_campaign_update = {
	.name = "campaign update",
	.summary = N_("change a campaign: actual_cost_fen=… budget_fen=… ends_on=…"),
	.usage = "CAMPAIGN field=value …",
	.min_args = 2,
	.max_args = -1,
	.run = run_update,
};
const struct cli_command cmd_campaign_launch = {
	.name = "campaign launch",
	.summary = N_("launch a campaign: its segment's customers become its members (once)"),
	.usage = "CAMPAIGN",
	.min_args = 1,
	.max_args = 1,
	.run = run_launch,
};
const struct cli_command cmd_campaign_close = {
	.name = "campaign close",
	.summary = N_("close a launched campaign"),
	.usage = "CAMPAIGN",
	.min_args = 1,
	.max_args = 1,
	.run = run_close,
};
const struct cli_command cmd_campaign_respond = {
	.name = "campaign respond",
	.summary = N_("record a member's response"),
	.usage = "CAMPAIGN CUSTOMER",
	.options = respond_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_respond,
};
const struct cli_command cmd_campaign_convert = {
	.name = "campaign convert",
	.summary = N_("link a member's order to the campaign as a conversion"),
	.usage = "CAMPAIGN ORDER",
	.min_args = 2,
	.max_args = 2,
	.run = run_convert,
};
const struct cli_command cmd_campaign_export = {
	.name = "campaign export",
	.summary = N_("export the members' contact data (a database-marketing list) to CSV or .xlsx"),
	.usage = "CAMPAIGN FILE",
	.options = export_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_export,
};
