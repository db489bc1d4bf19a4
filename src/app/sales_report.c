/* Sales targets with their completion, and the sales reports: the weighted pipeline forecast
 * (MODELS.md M24, computed by analytics/forecast.c's forecast_pipeline over the per-stage sums
 * the store groups), win rate, average deal size and cycle length, lead conversion rates. */
#include <stdint.h>
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
	if (!sales_is_manager(app))
		return gx_error_set(err, GX_EFORBIDDEN, "user", "%s", _("only a manager or an admin sets sales targets"));
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

/* Builds the forecast rows from the store's per-day, per-stage cells: each cell becomes one
 * forecast item (its sum of amounts at its stage's probability, dated the first of its month),
 * the items are sorted by group, and each group's items go through forecast_pipeline.
 * Σ (Σ amount) × p equals Σ amount × p, so this is M24 exactly. */
struct forecast_item {
	int64_t group, count;
	struct forecast_opportunity o;
};

struct forecast_ctx {
	struct app *app;
	struct gx_arena *a;
	struct sales_stage stages[64];      /* probabilities seen so far */
	size_t nstages;
	struct forecast_item *items;
	size_t nitems, cap;
	/* (month, group, stage) → item index + 1, open addressing: the store's cells are per day
	 * (and per owner for the department view), many more than the items they fold into. */
	size_t *slots;
	int64_t *slot_stage;        /* the stage of the item in each slot */
	int64_t *slot_stage_of;     /* the stage of each item */
	size_t nslots;
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

static enum gx_err forecast_cell(void *ctx, const struct sales_forecast_cell *cell, struct gx_error *err)
{
	struct forecast_ctx *c = ctx;
	int p = 0, y, m;
	enum gx_err e = stage_probability(c, cell->stage_id, &p, err);
	if (e != GX_OK)
		return e;
	if (!cell->date || sscanf(cell->date, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return gx_error_set(err, GX_EINTERNAL, "expected_close_date", "bad stored date %s",
		                    cell->date ? cell->date : "(null)");
	int32_t first = gx_date_from_ymd(y, m, 1);
	if (2 * (c->nitems + 1) > c->nslots) {
		/* Grow and rehash. */
		size_t n = c->nslots ? 2 * c->nslots : 1024;
		free(c->slots);
		free(c->slot_stage);
		c->slots = gx_xcalloc(n, sizeof *c->slots);
		c->slot_stage = gx_xcalloc(n, sizeof *c->slot_stage);
		c->nslots = n;
		for (size_t i = 0; i < c->nitems; i++) {
			const struct forecast_item *it = &c->items[i];
			uint64_t h = ((uint64_t)it->group * 0x9E3779B97F4A7C15u) ^ ((uint64_t)it->o.close_day * 0xC2B2AE3D27D4EB4Fu) ^
			             ((uint64_t)c->slot_stage_of[i] * 0x165667B19E3779F9u);
			size_t k = (size_t)(h % n);
			while (c->slots[k])
				k = (k + 1) % n;
			c->slots[k] = i + 1;
			c->slot_stage[k] = c->slot_stage_of[i];
		}
	}
	uint64_t h = ((uint64_t)cell->group_id * 0x9E3779B97F4A7C15u) ^ ((uint64_t)first * 0xC2B2AE3D27D4EB4Fu) ^
	             ((uint64_t)cell->stage_id * 0x165667B19E3779F9u);
	size_t k = (size_t)(h % c->nslots);
	for (; c->slots[k]; k = (k + 1) % c->nslots) {
		struct forecast_item *it = &c->items[c->slots[k] - 1];
		if (it->group == cell->group_id && it->o.close_day == first && c->slot_stage[k] == cell->stage_id) {
			it->count += cell->count;
			it->o.amount_fen += cell->amount_fen;
			return GX_OK;
		}
	}
	if (c->nitems == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->items = gx_xrealloc(c->items, c->cap * sizeof *c->items);
		c->slot_stage_of = gx_xrealloc(c->slot_stage_of, c->cap * sizeof *c->slot_stage_of);
	}
	c->slot_stage_of[c->nitems] = cell->stage_id;
	c->items[c->nitems++] = (struct forecast_item){cell->group_id, cell->count, {cell->amount_fen, p, first}};
	c->slots[k] = c->nitems;
	c->slot_stage[k] = cell->stage_id;
	return GX_OK;
}

static int item_cmp(const void *x, const void *y)
{
	const struct forecast_item *a = x, *b = y;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return (a->o.close_day > b->o.close_day) - (a->o.close_day < b->o.close_day);
}

/* Rows for items[from..to) (one group, sorted by month) through forecast_pipeline. */
static enum gx_err group_rows(struct forecast_ctx *c, size_t from, size_t to, struct gx_error *err)
{
	struct forecast_opportunity *o = gx_xmalloc((to - from) * sizeof *o);
	for (size_t i = from; i < to; i++)
		o[i - from] = c->items[i].o;
	struct forecast_month *months;
	size_t nm;
	enum gx_err e = forecast_pipeline(o, to - from, &months, &nm, err);
	free(o);
	if (e != GX_OK)
		return e;
	size_t k = from;
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
		r->group_id = c->items[from].group;
		r->amount_fen = months[i].amount_fen;
		r->weighted_yuan = months[i].expected_yuan;
		/* Opportunity counts: the items of this month (both lists are in month order). */
		int32_t first = gx_date_from_ymd(months[i].year, months[i].month, 1);
		while (k < to && c->items[k].o.close_day < first)
			k++;
		for (; k < to && c->items[k].o.close_day == first; k++)
			r->count += c->items[k].count;
	}
	free(months);
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
	if (e == GX_OK && c.nitems)
		qsort(c.items, c.nitems, sizeof *c.items, item_cmp);
	for (size_t i = 0, j; e == GX_OK && i < c.nitems; i = j) {
		for (j = i + 1; j < c.nitems && c.items[j].group == c.items[i].group;)
			j++;
		e = group_rows(&c, i, j, err);
	}
	free(c.items);
	free(c.slots);
	free(c.slot_stage);
	free(c.slot_stage_of);
	if (e != GX_OK)
		return e;
	if (c.nrows)   /* rows is NULL when nothing is forecast: qsort must not see it */
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
