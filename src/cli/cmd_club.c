/* guanxi club add|list|show|tier|join|leave|members: clubs (会员俱乐部) of the loyalty
 * programme, their tiers and their members. */
#include "cli/cli.h"
#include "cli/list_common.h"
#include "cli/marketing_out.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/marketing.h"

static int run_add(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct record r;
	record_init(&r, &entity_club, &ctx->arena);
	if ((rc = cli_record_from_pairs(ctx, &app, &r, 0)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_club_create(&app, &r, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("created club %s (id %lld)\n"), record_text(&r, "code"), (long long)r.id);
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
	rc = cli_run_list(ctx, &app, &entity_club, NULL,
	                  "id,code,name,points_per_yuan,expiry_months,freq_step_bp,freq_cap_bp");
	app_close(&app);
	return rc;
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
	struct record r;
	struct store_tier *t;
	size_t n;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &id)) == CLI_OK) {
		if (app_marketing_load(&app, &entity_club, id, &ctx->arena, &r, &err) != GX_OK ||
		    store_tiers(app.store, id, &ctx->arena, &t, &n, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else {
			out_record(ctx, &app, &r);
			static const char *const h[] = {N_("Tier"), N_("Name"), N_("Threshold (points)")};
			const char *hl[3] = {_(h[0]), _(h[1]), _(h[2])};
			struct out_table tb;
			out_table_init(&tb, &ctx->arena, 3, hl);
			for (size_t i = 0; i < n; i++) {
				const char *row[3] = {t[i].code, t[i].name,
				                      gx_arena_printf(&ctx->arena, "%lld", (long long)t[i].threshold_points)};
				out_table_add(&tb, row);
			}
			if (ctx->format == CLI_FORMAT_TABLE) {
				fputc('\n', ctx->out);
				out_table_print(ctx, &tb);
			}
		}
	}
	app_close(&app);
	return rc;
}

static int run_tier(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club, threshold, id;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) == CLI_OK &&
	    (rc = cli_int_arg(ctx, ctx->argv[3], "THRESHOLD", 1, &threshold)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_club_tier_add(&app, club, ctx->argv[1], ctx->argv[2], threshold, &id, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("added tier %s from %lld points\n"), ctx->argv[1], (long long)threshold);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option date_options[] = {
	{"date", "YYYY-MM-DD", N_("the day it happens"), N_("today")},
	{0},
};

static int run_join_leave(struct cli_ctx *ctx, int join)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club, customer;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) == CLI_OK &&
	    (rc = cli_customer_arg(ctx, &app, ctx->argv[1], &customer)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		enum gx_err e = join ? app_club_join(&app, club, customer, cli_opt(ctx, "date"), &err)
		                     : app_club_leave(&app, club, customer, cli_opt(ctx, "date"), &err);
		if (e != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, join ? _("customer %lld joined club %lld\n") : _("customer %lld left club %lld\n"),
			        (long long)customer, (long long)club);
	}
	app_close(&app);
	return rc;
}

static int run_join(struct cli_ctx *ctx)
{
	return run_join_leave(ctx, 1);
}

static int run_leave(struct cli_ctx *ctx)
{
	return run_join_leave(ctx, 0);
}

static const struct cli_option members_options[] = {
	{"all", NULL, N_("also those who left"), NULL},
	{0},
};

static int run_members(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club;
	struct gx_error err;
	gx_error_clear(&err);
	struct store_membership *m;
	size_t n;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) == CLI_OK) {
		if (store_club_members(app.store, club, 0, cli_flag(ctx, "all"), &ctx->arena, &m, &n, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else {
			static const char *const h[] = {N_("Customer"), N_("Joined"), N_("Left on"), N_("Tier"), N_("Balance")};
			const char *hl[5];
			for (int i = 0; i < 5; i++)
				hl[i] = _(h[i]);
			struct out_table tb;
			out_table_init(&tb, &ctx->arena, 5, hl);
			for (size_t i = 0; i < n; i++) {
				struct loyalty_status st;
				struct record c;
				const char *code = gx_arena_printf(&ctx->arena, "%lld", (long long)m[i].customer_id);
				if (app_marketing_load(&app, &entity_customer, m[i].customer_id, &ctx->arena, &c, &err) == GX_OK)
					code = record_text(&c, "code");
				if (app_loyalty_status(&app, club, m[i].customer_id, &ctx->arena, &st, &err) != GX_OK) {
					rc = cli_fail(&err);
					break;
				}
				const char *row[5] = {code, m[i].joined_on, m[i].left_on ? m[i].left_on : "",
				                      st.tier_code ? st.tier_code : "",
				                      gx_arena_printf(&ctx->arena, "%lld", (long long)st.balance)};
				out_table_add(&tb, row);
			}
			if (rc == CLI_OK)
				out_table_print(ctx, &tb);
		}
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_club_add = {
	.name = "club add",
	.summary = N_("create a club: code=… name=… points_per_yuan=1 expiry_months=12 freq_step_bp=100 freq_cap_bp=1000"),
	.usage = "field=value …",
	.min_args = 1,
	.max_args = -1,
	.run = run_add,
};
const struct cli_command cmd_club_list = {
	.name = "club list",
	.summary = N_("list clubs"),
	.options = list_options,
	.run = run_list,
};
const struct cli_command cmd_club_show = {
	.name = "club show",
	.summary = N_("show a club and its tiers"),
	.usage = "CLUB",
	.min_args = 1,
	.max_args = 1,
	.run = run_show,
};
const struct cli_command cmd_club_tier = {
	.name = "club tier",
	.summary = N_("add a tier reached at THRESHOLD lifetime points"),
	.usage = "CLUB CODE NAME THRESHOLD",
	.min_args = 4,
	.max_args = 4,
	.run = run_tier,
};
const struct cli_command cmd_club_join = {
	.name = "club join",
	.summary = N_("make a customer a member"),
	.usage = "CLUB CUSTOMER",
	.options = date_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_join,
};
const struct cli_command cmd_club_leave = {
	.name = "club leave",
	.summary = N_("end a customer's membership"),
	.usage = "CLUB CUSTOMER",
	.options = date_options,
	.min_args = 2,
	.max_args = 2,
	.run = run_leave,
};
const struct cli_command cmd_club_members = {
	.name = "club members",
	.summary = N_("list a club's members with tier and points balance"),
	.usage = "CLUB",
	.options = members_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_members,
};
