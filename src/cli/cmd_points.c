/* guanxi points earn|redeem|adjust|expire|show and guanxi loyalty suggest: the points ledger
 * (积分) of a club and the programmes suggested for a customer's lifecycle stage (M13). */
#include <math.h>

#include "cli/cli.h"
#include "cli/marketing_out.h"
#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/marketing.h"

static const struct cli_option earn_options[] = {
	{"all", NULL, N_("every order of the club's members since they joined that has not earned yet"), NULL},
	{0},
};

static int run_earn(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club, order, points = 0, orders = 0;
	struct gx_error err;
	gx_error_clear(&err);
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) != CLI_OK) {
		/* reported */
	} else if (cli_flag(ctx, "all") == (ctx->argc == 2)) {
		rc = cli_usage_error(ctx, "%s", _("name one ORDER or give --all"));
	} else if (ctx->argc == 2) {
		if ((rc = cli_marketing_arg(ctx, &app, &entity_order, ctx->argv[1], &order)) == CLI_OK) {
			if (app_points_earn_order(&app, club, order, &points, &err) != GX_OK)
				rc = cli_fail(&err);
			else
				fprintf(ctx->out, _("order %lld earned %lld points\n"), (long long)order, (long long)points);
		}
	} else if (app_points_earn_all(&app, club, &orders, &points, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		fprintf(ctx->out, _("%lld orders earned %lld points\n"), (long long)orders, (long long)points);
	}
	app_close(&app);
	return rc;
}

static const struct cli_option reason_options[] = {
	{"reason", "TEXT", N_("why (required)"), NULL},
	{0},
};

static int run_debit_or_adjust(struct cli_ctx *ctx, int adjust)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club, customer, points, entry = 0;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) == CLI_OK &&
	    (rc = cli_customer_arg(ctx, &app, ctx->argv[1], &customer)) == CLI_OK &&
	    (rc = cli_int_arg(ctx, ctx->argv[2], "POINTS", adjust, &points)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		const char *reason = cli_opt(ctx, "reason");
		enum gx_err e = adjust ? app_points_adjust(&app, club, customer, points, reason, &entry, &err)
		                       : app_points_redeem(&app, club, customer, points, reason, &entry, &err);
		if (e != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("points entry %lld written\n"), (long long)entry);
	}
	app_close(&app);
	return rc;
}

static int run_redeem(struct cli_ctx *ctx)
{
	return run_debit_or_adjust(ctx, 0);
}

static int run_adjust(struct cli_ctx *ctx)
{
	return run_debit_or_adjust(ctx, 1);
}

static const struct cli_option expire_options[] = {
	{"as-of", "YYYY-MM-DD", N_("expire what lapsed on or before this day"), N_("today")},
	{"customer", "CUSTOMER", N_("only this customer"), NULL},
	{0},
};

static int run_expire(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club, customer = 0, entries, points;
	const char *who = cli_opt(ctx, "customer");
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) == CLI_OK &&
	    (!who || (rc = cli_customer_arg(ctx, &app, who, &customer)) == CLI_OK)) {
		struct gx_error err;
		gx_error_clear(&err);
		if (app_points_expire(&app, club, customer, cli_opt(ctx, "as-of"), &entries, &points, &err) != GX_OK)
			rc = cli_fail(&err);
		else
			fprintf(ctx->out, _("expired %lld points in %lld entries\n"), (long long)points, (long long)entries);
	}
	app_close(&app);
	return rc;
}

void cli_print_loyalty_status(struct cli_ctx *ctx, const struct loyalty_status *st)
{
	struct kv_out k;
	kv_begin(&k, ctx);
	kv_str(&k, "club", N_("Club"), st->club_code);
	kv_str(&k, "joined_on", N_("Member since"), st->joined_on);
	kv_int(&k, "balance", N_("Points balance"), st->balance);
	kv_int(&k, "credited", N_("Lifetime points"), st->credited);
	kv_str(&k, "tier", N_("Tier"), st->tier_name ? st->tier_name : st->tier_code);
	kv_str(&k, "next_tier", N_("Next tier"), st->next_tier_code);
	kv_int(&k, "points_to_next", N_("Points to next tier"), st->points_to_next);
	kv_int(&k, "purchases", N_("Purchases since joining"), st->purchases);
	kv_real(&k, "frequency_discount_pct", N_("Frequency reward (%)"), (double)st->frequency_discount_bp / 100.0, 2);
	kv_end(&k);
}

void cli_show_customer_loyalty(struct cli_ctx *ctx, struct app *app, int64_t customer_id)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct loyalty_status *st;
	size_t n;
	if (app_loyalty_customer(app, customer_id, &ctx->arena, &st, &n, &err) != GX_OK)
		return;
	for (size_t i = 0; i < n; i++)
		fprintf(ctx->out, "%s: %s  %s: %s  %s: %lld  %s: %.2f%%\n", _("Club"), st[i].club_code, _("Tier"),
		        st[i].tier_name ? st[i].tier_name : "-", _("Points balance"), (long long)st[i].balance,
		        _("Frequency reward"), (double)st[i].frequency_discount_bp / 100.0);
}

static int run_show(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t club, customer;
	struct gx_error err;
	gx_error_clear(&err);
	struct loyalty_status st;
	struct store_points_entry *p;
	size_t n;
	if ((rc = cli_marketing_arg(ctx, &app, &entity_club, ctx->argv[0], &club)) == CLI_OK &&
	    (rc = cli_customer_arg(ctx, &app, ctx->argv[1], &customer)) == CLI_OK) {
		if (app_loyalty_status(&app, club, customer, &ctx->arena, &st, &err) != GX_OK ||
		    store_points_entries(app.store, club, customer, &ctx->arena, &p, &n, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else {
			cli_print_loyalty_status(ctx, &st);
			if (ctx->format == CLI_FORMAT_TABLE) {
				static const char *const h[] = {N_("Entry"), N_("Date"), N_("Kind"), N_("Points"),
				                                N_("Left"), N_("Expires"), N_("Order"), N_("Reason")};
				const char *hl[8];
				for (int i = 0; i < 8; i++)
					hl[i] = _(h[i]);
				struct out_table tb;
				out_table_init(&tb, &ctx->arena, 8, hl);
				for (size_t i = 0; i < n; i++) {
					struct gx_arena *a = &ctx->arena;
					const char *row[8] = {
						gx_arena_printf(a, "%lld", (long long)p[i].id), p[i].entry_date, p[i].kind,
						gx_arena_printf(a, "%+lld", (long long)p[i].points),
						p[i].points > 0 ? gx_arena_printf(a, "%lld", (long long)p[i].remaining) : "",
						p[i].expires_on ? p[i].expires_on : "",
						p[i].order_id ? gx_arena_printf(a, "%lld", (long long)p[i].order_id) : "",
						p[i].reason ? p[i].reason : ""};
					out_table_add(&tb, row);
				}
				fputc('\n', ctx->out);
				out_table_print(ctx, &tb);
			}
		}
	}
	app_close(&app);
	return rc;
}

static int run_suggest(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t customer;
	struct gx_error err;
	gx_error_clear(&err);
	const char *stage;
	const struct loyalty_stage_advice *adv;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &customer)) == CLI_OK) {
		if (app_loyalty_suggest(&app, customer, &ctx->arena, &stage, &adv, &err) != GX_OK) {
			rc = cli_fail(&err);
		} else {
			int zh = gx_i18n_lang() == GX_LANG_ZH;
			fprintf(ctx->out, "%s: %s (%s, %s)%s\n", _("Lifecycle stage"), adv->stage,
			        adv->stage_zh, adv->relationship_phase_zh,
			        stage ? "" : _(" — no score yet: run guanxi score"));
			for (size_t i = 0; i < adv->n; i++) {
				const struct loyalty_suggestion *s = &adv->items[i];
				fprintf(ctx->out, "- %s %s [%s, %s]: %s\n", s->programme_zh, s->programme,
				        s->campaign_type, s->rm_level, zh ? s->why_zh : s->why_en);
			}
		}
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_points_earn = {
	.name = "points earn",
	.summary = N_("credit the points an order earns by the club's rule (or --all orders not yet credited)"),
	.usage = "CLUB [ORDER]",
	.options = earn_options,
	.min_args = 1,
	.max_args = 2,
	.run = run_earn,
};
const struct cli_command cmd_points_redeem = {
	.name = "points redeem",
	.summary = N_("redeem points (at most the balance), oldest points first"),
	.usage = "CLUB CUSTOMER POINTS --reason TEXT",
	.options = reason_options,
	.min_args = 3,
	.max_args = 3,
	.run = run_redeem,
};
const struct cli_command cmd_points_adjust = {
	.name = "points adjust",
	.summary = N_("correct a balance by ±POINTS with a reason"),
	.usage = "CLUB CUSTOMER ±POINTS --reason TEXT",
	.options = reason_options,
	.min_args = 3,
	.max_args = 3,
	.run = run_adjust,
};
const struct cli_command cmd_points_expire = {
	.name = "points expire",
	.summary = N_("expire the points whose validity has ended"),
	.usage = "CLUB",
	.options = expire_options,
	.min_args = 1,
	.max_args = 1,
	.run = run_expire,
};
const struct cli_command cmd_points_show = {
	.name = "points show",
	.summary = N_("a customer's balance, tier, frequency reward and ledger in a club"),
	.usage = "CLUB CUSTOMER",
	.min_args = 2,
	.max_args = 2,
	.run = run_show,
};
const struct cli_command cmd_loyalty_suggest = {
	.name = "loyalty suggest",
	.summary = N_("programmes suggested for a customer's lifecycle stage (MODELS.md M13)"),
	.usage = "CUSTOMER",
	.min_args = 1,
	.max_args = 1,
	.run = run_suggest,
};
