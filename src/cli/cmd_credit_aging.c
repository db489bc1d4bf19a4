/* guanxi credit aging [--as-of DATE] [--customer C]: the receivables aging report of MODELS.md
 * M25, per customer and in total, as a table, CSV or JSON (amounts in fen there). */
#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/credit.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"

static const struct cli_option options[] = {
	{"as-of", "DATE", N_("the date the receivables are aged at (YYYY-MM-DD)"), N_("today")},
	{"customer", "CUSTOMER", N_("only this customer (id or code)"), NULL},
	{0},
};

static json_t *aging_json(const struct gx_credit_aging *g)
{
	static const char *const keys[GX_CREDIT_AGES] = {"current_fen", "days_1_30_fen", "days_31_60_fen",
	                                                 "days_61_90_fen", "over_90_fen"};
	json_t *o = json_object();
	for (int b = 0; b < GX_CREDIT_AGES; b++)
		json_object_set_new(o, keys[b], json_integer(g->fen[b]));
	json_object_set_new(o, "total_fen", json_integer(g->total_fen));
	return o;
}

static void add_row(struct cli_ctx *ctx, struct out_table *t, const char *code, const char *name,
                    const struct gx_credit_aging *g)
{
	const char *cells[GX_CREDIT_AGES + 3];
	cells[0] = code;
	cells[1] = name;
	for (int b = 0; b <= GX_CREDIT_AGES; b++) {
		char buf[GX_MONEY_FMT_SIZE];
		int64_t v = b < GX_CREDIT_AGES ? g->fen[b] : g->total_fen;
		cells[b + 2] = gx_arena_strdup(&ctx->arena, gx_money_format(v, buf));
	}
	out_table_add(t, cells);
}

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int64_t customer = 0;
	struct credit_aging_report rep;
	const char *cust = cli_opt(ctx, "customer");
	if (cust && (rc = cli_customer_arg(ctx, &app, cust, &customer)) != CLI_OK)
		goto out;
	if (app_credit_aging(&app, cli_opt(ctx, "as-of"), customer, &ctx->arena, &rep, &err) != GX_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (ctx->format == CLI_FORMAT_JSON) {
		json_t *rows = json_array();
		for (size_t i = 0; i < rep.n; i++) {
			json_t *o = aging_json(&rep.rows[i].aging);
			json_object_set_new(o, "customer_id", json_integer(rep.rows[i].customer_id));
			json_object_set_new(o, "code", json_string(rep.rows[i].code));
			json_object_set_new(o, "name", json_string(rep.rows[i].name));
			json_array_append_new(rows, o);
		}
		json_t *j = json_pack("{s:s, s:o, s:o}", "as_of", rep.as_of, "customers", rows, "total",
		                      aging_json(&rep.total));
		json_dumpf(j, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
		json_decref(j);
		goto out;
	}
	enum gx_lang lang = gx_i18n_lang();
	const char *headers[GX_CREDIT_AGES + 3] = {_("Code"), _("Customer")};
	for (int b = 0; b < GX_CREDIT_AGES; b++)
		headers[b + 2] = gx_credit_age_label((enum gx_credit_age)b, lang);
	headers[GX_CREDIT_AGES + 2] = _("Total");
	struct out_table t;
	out_table_init(&t, &ctx->arena, GX_CREDIT_AGES + 3, headers);
	for (size_t i = 0; i < rep.n; i++)
		add_row(ctx, &t, rep.rows[i].code, rep.rows[i].name, &rep.rows[i].aging);
	add_row(ctx, &t, "", _("Total"), &rep.total);
	if (ctx->format == CLI_FORMAT_TABLE)
		fprintf(ctx->out, "%s %s\n", _("Receivables aging as of"), rep.as_of);
	out_table_print(ctx, &t);
out:
	app_close(&app);
	return rc;
}

const struct cli_command cmd_credit_aging = {
	.name = "credit aging",
	.summary = N_("receivables aging report: current, 1–30, 31–60, 61–90, over 90 days overdue"),
	.options = options,
	.max_args = 0,
	.run = run,
};
