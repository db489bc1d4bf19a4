/* guanxi customer show ID|CODE: the customer's file card. */
#include <math.h>

#include "cli/cli.h"
#include "cli/marketing_out.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/score.h"
#include "guanxi/score_store.h"

/* The scores of the last `guanxi score` run, if any, under the record. */
static void show_scores(struct cli_ctx *ctx, struct app *app, int64_t id)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct store_score s;
	int found = 0;
	if (store_score_get(app->store, id, &ctx->arena, &s, &found, &err) != GX_OK || !found)
		return;
	enum gx_lang lang = gx_i18n_lang();
	FILE *f = ctx->out;
	fprintf(f, "%s (%s %s)\n", _("Scores"), _("as of"), s.as_of);
	if (s.rfm_segment)
		fprintf(f, "  RFM: R%d F%d M%d  %s\n", s.rfm_r, s.rfm_f, s.rfm_m, app_score_label("rfm_segment", s.rfm_segment, lang));
	if (!isnan(s.p_alive))
		fprintf(f, "  %s: %.4f  %s: %.2f\n", _("P(alive)"), s.p_alive, _("Expected purchases (12 months)"), s.expected_12m);
	if (!isnan(s.clv_yuan))
		fprintf(f, "  %s: %.2f\n", _("CLV (yuan)"), s.clv_yuan);
	fprintf(f, "  %s: %s  %s: %s", _("Lifecycle stage"), app_score_label("lifecycle_stage", s.lifecycle_stage, lang),
	        _("ABC class"), s.abc_class ? s.abc_class : "");
	if (s.loyalty_type)
		fprintf(f, "  %s: %s", _("Loyalty type"), app_score_label("loyalty_type", s.loyalty_type, lang));
	fputc('\n', f);
}

static const struct cli_option options[] = {
	{"deleted", NULL, N_("also show a customer in the recycle bin"), NULL},
	{0},
};

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	int64_t id;
	if ((rc = cli_customer_arg(ctx, &app, ctx->argv[0], &id)) == CLI_OK) {
		struct gx_error err;
		gx_error_clear(&err);
		struct record r;
		if (app_customer_get(&app, id, cli_flag(ctx, "deleted"), &ctx->arena, &r, &err) != GX_OK)
			rc = cli_fail(&err);
		else {
			out_record(ctx, &app, &r);
			const char *influences = NULL, *influenced_by = NULL;
			if (ctx->format == CLI_FORMAT_TABLE &&
			    store_customer_links(app.store, id, 0, &ctx->arena, &influences, &err) == GX_OK &&
			    store_customer_links(app.store, id, 1, &ctx->arena, &influenced_by, &err) == GX_OK) {
				if (influences)
					fprintf(ctx->out, "%s: %s\n", _("Influences"), influences);
				if (influenced_by)
					fprintf(ctx->out, "%s: %s\n", _("Influenced by"), influenced_by);
			}
			if (ctx->format == CLI_FORMAT_TABLE) {
				show_scores(ctx, &app, id);
				cli_show_customer_loyalty(ctx, &app, id);
			}
		}
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_customer_show = {
	.name = "customer show",
	.summary = N_("show one customer"),
	.usage = "ID|CODE",
	.options = options,
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
