/* Listing records page by page (see list_common.h). */
#include "cli/list_common.h"

#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

int cli_run_list(struct cli_ctx *ctx, struct app *app, const struct entity_def *def,
                 struct filter_node *extra, const char *default_columns)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct store_list_query q = {0};
	const char *ftext = cli_opt(ctx, "filter");
	if (ftext && filter_parse(ftext, def, &ctx->arena, &q.filter, &err) != GX_OK)
		return cli_fail(&err);
	q.filter = filter_and(&ctx->arena, q.filter, extra);
	q.deleted = cli_flag(ctx, "deleted") ? STORE_DELETED : STORE_LIVE;
	q.sort_field = cli_opt(ctx, "sort");
	q.descending = cli_flag(ctx, "desc");
	q.cursor = cli_opt(ctx, "cursor");
	const char *limit = cli_opt_or_default(ctx, "limit");
	char *end;
	long l = strtol(limit, &end, 10);
	if (*end || l < 1 || l > 1000)
		return cli_usage_error(ctx, "%s", _("--limit must be a number from 1 to 1000"));
	q.limit = (int)l;
	if (cli_flag(ctx, "count")) {
		int64_t count = 0;
		if (store_record_count(app->store, def, &q, &count, &err) != GX_OK)
			return cli_fail(&err);
		fprintf(ctx->out, "%lld\n", (long long)count);
		return CLI_OK;
	}
	const char *cols_text = cli_opt(ctx, "columns");
	char *cols_copy = gx_arena_strdup(&ctx->arena, cols_text ? cols_text : default_columns);
	const char *cols[128];
	size_t ncols = 0;
	for (char *tok = strtok(cols_copy, ","); tok && ncols < 128; tok = strtok(NULL, ",")) {
		const struct field_def *f = entity_field(def, tok);
		int meta = !strcmp(tok, "id") || !strcmp(tok, "version") || !strcmp(tok, "created_at") ||
		           !strcmp(tok, "updated_at") || !strcmp(tok, "deleted_at");
		if ((!f || (f->flags & (FF_HIDDEN | FF_VIRTUAL))) && !meta)
			return cli_usage_error(ctx, _("unknown column %s"), tok);
		cols[ncols++] = tok;
	}
	struct store_list_result res;
	if (store_record_list(app->store, def, &q, &ctx->arena, &res, &err) != GX_OK)
		return cli_fail(&err);
	out_records(ctx, app, res.rows, res.count, cols, ncols);
	if (res.next_cursor)
		fprintf(stderr, "%s: --cursor %s\n", _("more rows; next page"), res.next_cursor);
	return CLI_OK;
}
