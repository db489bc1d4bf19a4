/* guanxi search TEXT: the global search box (name, phone, e-mail, code, pinyin). */
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static int run(struct cli_ctx *ctx)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0;
	int more = 0;
	if (store_search(app.store, ctx->argv[0], NULL, SEARCH_MAX_HITS, hits, &n, &more, &err) != GX_OK) {
		rc = cli_fail(&err);
	} else {
		const char *headers[] = {"entity", "id", "code", "name", "match"};
		if (ctx->format == CLI_FORMAT_TABLE) {
			headers[0] = _("Type");
			headers[2] = _("Code");
			headers[3] = _("Name");
			headers[4] = _("Match");
		}
		struct out_table t;
		out_table_init(&t, &ctx->arena, 5, headers);
		static const char *const classes[] = {N_("exact"), N_("prefix"), N_("substring")};
		for (size_t i = 0; i < n; i++) {
			const struct entity_def *def = entity_by_name(hits[i].entity);
			struct record r;
			const char *code = "", *name = "";
			if (def && store_record_get(app.store, def, hits[i].id, &ctx->arena, &r, &err) == GX_OK) {
				code = def->code_field ? record_text(&r, def->code_field) : "";
				int ni = entity_field_index(def, "name");
				name = ni >= 0 && !r.v[ni].is_null ? r.v[ni].s : "";
			}
			const char *cells[] = {def ? gx_tr(def->label_en) : hits[i].entity,
			                       gx_arena_printf(&ctx->arena, "%lld", (long long)hits[i].id),
			                       code ? code : "", name,
			                       hits[i].rank_class >= 0 && hits[i].rank_class <= 2
			                           ? _(classes[hits[i].rank_class]) : ""};
			out_table_add(&t, cells);
		}
		out_table_print(ctx, &t);
		if (more)
			fprintf(stderr, "%s\n", _("more matches than shown; refine the search"));
	}
	app_close(&app);
	return rc;
}

const struct cli_command cmd_search = {
	.name = "search",
	.summary = N_("search customers by any part of name, phone, e-mail or code, or by pinyin"),
	.usage = "TEXT",
	.min_args = 1,
	.max_args = 1,
	.run = run,
};
