/* Sales targets with their completion, and the sales reports: the weighted pipeline forecast
 * (MODELS.md M24, computed by analytics/forecast.c's forecast_pipeline over the per-stage sums
 * the store groups), win rate, average deal size and cycle length, lead conversion rates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sales_internal.h"
#include "guanxi/analytics/forecast.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/sales_store.h"

/* "YYYY-MM" → the day number of its first day. */
static enum gx_err parse_month(const char *text, const char *field, int32_t *first, struct gx_error *err)
{
	int y, m;
	char tail;
	if (!text || strlen(text) != 7 || sscanf(text, "%4d-%2d%c", &y, &m, &tail) != 2 || text[4] != '-' ||
	    y < 1 || m < 1 || m > 12)
		return gx_error_set(err, GX_EINVAL, field, _("%s: \"%s\" is not a month of the form YYYY-MM"), field,
		                    text ? text : "");
	*first = gx_date_from_ymd(y, m, 1);
	return GX_OK;
}

enum gx_err app_target_set(struct app *app, const char *month, int64_t user_id, int64_t team_id,
                           int64_t target_fen, struct gx_error *err)
{
	int32_t first;
	enum gx_err e = parse_month(month, "month", &first, err);
	if (e != GX_OK)
		return e;
	if ((user_id > 0) == (team_id > 0))
		return gx_error_set(err, GX_EINVAL, "user_id", "%s", _("a target is for one sales rep or one team: give exactly one"));
	if (target_fen <= 0)
		return gx_error_set(err, GX_EINVAL, "target_fen", "%s", _("a target must be above 0"));
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record ref, t;
	int64_t id = 0;
	if ((e = store_begin(app->store, err)))
		goto out;
	if ((e = store_record_get(app->store, user_id ? &entity_user : &entity_team, user_id ? user_id : team_id, &a,
	                          &ref, err))) {
		if (e == GX_ENOTFOUND)
			e = gx_error_set(err, GX_EINVAL, user_id ? "user_id" : "team_id", _("no %s with id %lld"),
			             user_id ? _("user") : _("team"), (long long)(user_id ? user_id : team_id));
		goto fail;
	}
	if ((e = store_sales_target_find(app->store, month, user_id, team_id, &id, err)))
		goto fail;
	record_init(&t, &entity_sales_target, &a);
	record_set_int(&t, "target_fen", target_fen);
	if (id) {
		t.id = id;
		e = store_record_update(app->store, &t, 0, err);
	} else {
		record_set_text(&t, "month", month);
		if (user_id)
			record_set_int(&t, "user_id", user_id);
		else
			record_set_int(&t, "team_id", team_id);
		e = store_record_insert(app->store, &t, err);
	}
	if (e != GX_OK || (e = app_audit_change(app, id ? "update" : "create", NULL, &t, 0, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_target_report(struct app *app, const char *month, struct gx_arena *a,
                              struct sales_target_row **rows, size_t *n, struct gx_error *err)
{
	int32_t first;
	enum gx_err e = parse_month(month, "month", &first, err);
	if (e != GX_OK || (e = store_sales_targets(app->store, month, a, rows, n, err)))
		return e;
	char from[GX_DATE_FMT_SIZE], to[GX_DATE_FMT_SIZE];
	gx_date_format(first, from);
	gx_date_format(gx_date_add_months(first, 1) - 1, to);
	for (size_t i = 0; i < *n && e == GX_OK; i++) {
		struct sales_target_row *r = &(*rows)[i];
		e = store_sales_won_total(app->store, from, to, r->user_id, r->team_id, &r->achieved_fen, err);
		r->completion_rate = (double)r->achieved_fen / (double)r->target_fen;
	}
	return e;
}

/* Builds the forecast rows group by group from the store's per-stage cells. */
struct forecast_ctx {
	struct app *app;
	struct gx_arena *a;
	struct sales_stage stages[64];      /* probabilities seen so far */
	size_t nstages;
	struct forecast_opportunity *items; /* the cells of the current group */
	int64_t *counts;
	size_t nitems, cap;
	int64_t group;
	struct sales_forecast_row *rows;
	size_t nrows, caprows;
};

static enum gx_err stage_probability(struct forecast_ctx *c, int64_t stage_id, int *p, struct gx_error *err)
{
	for (size_t i = 0; i < c->nstages; i++)
		if (c->stages[i].id == stage_id) {
			*p = c->stages[i].probability;
			return GX_OK;
		}
	struct sales_stage s;
	int found = 0;
	enum gx_err e = store_sales_stage_get(c->app->store, stage_id, c->a, &s, &found, err);
	if (e != GX_OK)
		return e;
	if (!found)
		return gx_error_set(err, GX_EINTERNAL, "stage_id", "stage %lld is missing", (long long)stage_id);
	if (c->nstages < sizeof c->stages / sizeof *c->stages)
		c->stages[c->nstages++] = s;
	*p = s.probability;
	return GX_OK;
}

/* Turns the collected cells of one group into rows through forecast_pipeline. Cells are sums
 * over opportunities of one stage: Σ (Σ amount) × p is the same as Σ amount × p. */
static enum gx_err flush_group(struct forecast_ctx *c, struct gx_error *err)
{
	if (!c->nitems)
		return GX_OK;
	struct forecast_month *months;
	size_t nm;
	enum gx_err e = forecast_pipeline(c->items, c->nitems, &months, &nm, err);
	if (e != GX_OK)
		return e;
	for (size_t i = 0; i < nm; i++) {
		if (c->nrows == c->caprows) {
			c->caprows = c->caprows ? 2 * c->caprows : 32;
			struct sales_forecast_row *bigger = gx_arena_alloc(c->a, c->caprows * sizeof *bigger);
			if (c->nrows)
				memcpy(bigger, c->rows, c->nrows * sizeof *bigger);
			c->rows = bigger;
		}
		struct sales_forecast_row *r = &c->rows[c->nrows++];
		memset(r, 0, sizeof *r);
		snprintf(r->month, sizeof r->month, "%04d-%02d", months[i].year % 10000, months[i].month % 100);
		r->group_id = c->group;
		r->amount_fen = months[i].amount_fen;
		r->weighted_yuan = months[i].expected_yuan;
		int32_t first = gx_date_from_ymd(months[i].year, months[i].month, 1);
		for (size_t k = 0; k < c->nitems; k++)
			if (c->items[k].close_day == first)
				r->count += c->counts[k];
	}
	free(months);
	c->nitems = 0;
	return GX_OK;
}

static enum gx_err forecast_cell(void *ctx, const struct sales_forecast_cell *cell, struct gx_error *err)
{
	struct forecast_ctx *c = ctx;
	enum gx_err e;
	if (c->nitems && cell->group_id != c->group && (e = flush_group(c, err)))
		return e;
	c->group = cell->group_id;
	int p = 0;
	int32_t first = 0;
	if ((e = stage_probability(c, cell->stage_id, &p, err)) || (e = parse_month(cell->month, "month", &first, err)))
		return e;
	if (c->nitems == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->items = gx_xrealloc(c->items, c->cap * sizeof *c->items);
		c->counts = gx_xrealloc(c->counts, c->cap * sizeof *c->counts);
	}
	c->items[c->nitems] = (struct forecast_opportunity){cell->amount_fen, p, first};
	c->counts[c->nitems++] = cell->count;
	return GX_OK;
}

static int row_cmp(const void *x, const void *y)
{
	const struct sales_forecast_row *a = x, *b = y;
	int c = strcmp(a->month, b->month);
	return c ? c : (a->group_id > b->group_id) - (a->group_id < b->group_id);
}

enum gx_err app_sales_forecast(struct app *app, const char *from_month, const char *to_month,
                               enum sales_group group, struct gx_arena *a,
                               struct sales_forecast_row **rows, size_t *n, struct gx_error *err)
{
	int32_t first, last;
	enum gx_err e;
	if ((e = parse_month(from_month, "from", &first, err)) || (e = parse_month(to_month, "to", &last, err)))
		return e;
	if (last < first)
		return gx_error_set(err, GX_EINVAL, "to", _("the last month %s is before the first month %s"), to_month,
		                    from_month);
	char from[GX_DATE_FMT_SIZE], to_excl[GX_DATE_FMT_SIZE];
	gx_date_format(first, from);
	gx_date_format(gx_date_add_months(last, 1), to_excl);
	struct forecast_ctx c = {.app = app, .a = a};
	e = store_sales_forecast(app->store, from, to_excl, group, forecast_cell, &c, err);
	if (e == GX_OK)
		e = flush_group(&c, err);
	free(c.items);
	free(c.counts);
	if (e != GX_OK)
		return e;
	qsort(c.rows, c.nrows, sizeof *c.rows, row_cmp);
	*rows = c.rows;
	*n = c.nrows;
	return GX_OK;
}

enum gx_err app_sales_this_month(struct app *app, char out[8], struct gx_error *err)
{
	char today[11];
	int32_t d;
	enum gx_err e = sales_today(app, today, &d, err);
	if (e == GX_OK)
		snprintf(out, 8, "%.7s", today);
	return e;
}

void sales_month_add(const char *month, int n, char out[8])
{
	int y = 0, m = 1;
	sscanf(month, "%4d-%2d", &y, &m);
	int k = y * 12 + (m - 1) + n;
	snprintf(out, 8, "%04d-%02d", (k / 12) % 10000, k % 12 + 1);
}

enum gx_err app_sales_stats(struct app *app, const char *from, const char *to, int64_t owner_id,
                            struct sales_stats *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	int32_t d1 = 0, d2 = 0;
	enum gx_err e;
	if (from && (e = gx_date_parse(from, &d1, "from", err)))
		return e;
	if (to && (e = gx_date_parse(to, &d2, "to", err)))
		return e;
	if (from && to && d2 < d1)
		return gx_error_set(err, GX_EINVAL, "to", _("the end date %s is before the start date %s"), to, from);
	struct sales_stats_raw raw;
	if ((e = store_sales_stats(app->store, from, to, owner_id, &raw, err)))
		return e;
	out->open = raw.open;
	out->won = raw.won;
	out->lost = raw.lost;
	out->won_fen = raw.won_fen;
	out->win_rate = raw.won + raw.lost ? (double)raw.won / (double)(raw.won + raw.lost) : 0.0;
	out->avg_deal_yuan = raw.won ? (double)raw.won_fen / (double)raw.won / 100.0 : 0.0;
	out->avg_cycle_days = raw.won_with_cycle ? (double)raw.won_cycle_days / (double)raw.won_with_cycle : 0.0;
	return GX_OK;
}

enum gx_err app_lead_conversion(struct app *app, const char *by, struct gx_arena *a,
                                struct lead_conversion_row **rows, size_t *n, struct gx_error *err)
{
	int owner = by && strcmp(by, "owner") == 0;
	if (!owner && !(by && strcmp(by, "source") == 0))
		return gx_error_set(err, GX_EINVAL, "by", _("conversion is grouped by source or owner, not \"%s\""),
		                    by ? by : "");
	return store_sales_lead_conversion(app->store, owner, a, rows, n, err);
}
