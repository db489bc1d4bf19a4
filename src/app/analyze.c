/* The customer base for the analytics models (see guanxi/analyze.h): database rows in, model
 * inputs out. Only sales with a positive net amount count as purchases (DECISIONS.md "Orders
 * in analytics"); every sale counts in sums. */
#include "guanxi/analyze.h"

#include <math.h>
#include <string.h>

#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/loyalty.h"
#include "guanxi/analytics_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"

struct load_ctx {
	struct gx_arena *a;
	struct app_analyze_base *b;
	size_t cap;
	const struct gx_tz *tz;
};

static enum gx_err parse_day(const char *s, int32_t *out, struct gx_error *err)
{
	if (!s) {
		*out = APP_ANALYZE_NO_DAY;
		return GX_OK;
	}
	return gx_date_parse(s, out, "order_date", err);
}

static enum gx_err on_customer(void *vctx, const struct store_customer_totals *t, struct gx_error *err)
{
	struct load_ctx *c = vctx;
	struct app_analyze_base *b = c->b;
	if (b->n_customers == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct app_analyze_customer *bigger = gx_arena_calloc(c->a, cap, sizeof *bigger);
		if (b->n_customers)
			memcpy(bigger, b->customers, b->n_customers * sizeof *bigger);
		b->customers = bigger;
		c->cap = cap;
	}
	struct app_analyze_customer *cu = &b->customers[b->n_customers];
	memset(cu, 0, sizeof *cu);
	cu->last_outbound_day = GX_LIFECYCLE_NO_DAY;
	cu->id = t->id;
	cu->code = gx_arena_strdup(c->a, t->code ? t->code : "");
	cu->name = gx_arena_strdup(c->a, t->name ? t->name : "");
	cu->revenue_fen = t->revenue_fen;
	cu->cost_fen = t->cost_fen;
	cu->purchases = t->purchases;
	if (parse_day(t->first_purchase, &cu->first_day, err) != GX_OK ||
	    parse_day(t->last_purchase, &cu->last_day, err) != GX_OK)
		return err->code;
	b->n_customers++;
	return GX_OK;
}

static size_t find_customer(const struct app_analyze_base *b, int64_t id)
{
	size_t lo = 0, hi = b->n_customers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->customers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static enum gx_err on_order(void *vctx, const struct store_net_order *o, struct gx_error *err)
{
	struct load_ctx *c = vctx;
	struct app_analyze_base *b = c->b;
	size_t ci = find_customer(b, o->customer_id);
	if (ci == b->n_customers || b->customers[ci].id != o->customer_id)
		return GX_OK;   /* a customer that is not live */
	if (b->n_orders == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		struct app_analyze_order *bigger = gx_arena_calloc(c->a, cap, sizeof *bigger);
		if (b->n_orders)
			memcpy(bigger, b->orders, b->n_orders * sizeof *bigger);
		b->orders = bigger;
		c->cap = cap;
	}
	struct app_analyze_order *ao = &b->orders[b->n_orders];
	ao->customer = ci;
	if (parse_day(o->date, &ao->day, err) != GX_OK)
		return err->code;
	ao->net_fen = o->net_fen;
	ao->cost_fen = o->net_cost_fen;
	ao->discount = o->discount != 0;
	ao->open_fen = o->open_fen;
	struct app_analyze_customer *cu = &b->customers[ci];
	if (!cu->n_orders)
		cu->first_order = b->n_orders;
	cu->n_orders++;
	b->n_orders++;
	return GX_OK;
}

static enum gx_err on_facts(void *vctx, const struct store_customer_facts *f, struct gx_error *err)
{
	struct load_ctx *c = vctx;
	size_t ci = find_customer(c->b, f->id);
	if (ci == c->b->n_customers || c->b->customers[ci].id != f->id)
		return GX_OK;
	struct app_analyze_customer *cu = &c->b->customers[ci];
	cu->categories = f->categories;
	cu->referrals = f->referrals;
	if (f->last_outbound) {
		int64_t ms;
		if (gx_instant_parse(f->last_outbound, c->tz, &ms, "occurred_at", err) != GX_OK)
			return err->code;
		cu->last_outbound_day = gx_instant_local_date(ms, c->tz);
	}
	return GX_OK;
}

enum gx_err app_analyze_load(struct app *app, int32_t from_day, int32_t as_of, struct gx_arena *a,
                             struct app_analyze_base *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	out->as_of = as_of;
	char as_of_s[GX_DATE_FMT_SIZE], from_s[GX_DATE_FMT_SIZE];
	gx_date_format(as_of, as_of_s);
	if (from_day != APP_ANALYZE_NO_DAY)
		gx_date_format(from_day, from_s);
	struct gx_tz *tz = NULL;
	if (gx_tz_open(app->settings.timezone[0] ? app->settings.timezone : "Asia/Shanghai", &tz, err) != GX_OK)
		return err->code;
	char start_s[GX_INSTANT_FMT_SIZE];
	gx_instant_format(gx_instant_from_local_date(as_of, tz), start_s);
	struct load_ctx c = {a, out, 0, tz};
	enum gx_err e = GX_OK;
	if (store_analytics_customer_totals(app->store, from_day == APP_ANALYZE_NO_DAY ? NULL : from_s, as_of_s,
	                                    on_customer, &c, err) != GX_OK ||
	    (c.cap = 0, store_analytics_net_orders(app->store, as_of_s, on_order, &c, err)) != GX_OK ||
	    store_analytics_customer_facts(app->store, as_of_s, start_s, on_facts, &c, err) != GX_OK)
		e = err->code;
	gx_tz_free(tz);
	return e;
}

struct gx_pareto_order *app_analyze_pareto_orders(const struct app_analyze_base *b, bool profit,
                                                  struct gx_arena *a, size_t *n)
{
	struct gx_pareto_order *o = gx_arena_calloc(a, b->n_orders + 1, sizeof *o);
	for (size_t k = 0; k < b->n_orders; k++) {
		o[k].customer = b->orders[k].customer;
		o[k].day = b->orders[k].day;
		o[k].amount_fen = profit ? b->orders[k].net_fen - b->orders[k].cost_fen : b->orders[k].net_fen;
	}
	*n = b->n_orders;
	return o;
}

void app_analyze_lifecycle_input(const struct app_analyze_base *b, size_t i, struct gx_arena *a,
                                 struct gx_lifecycle_input *in)
{
	const struct app_analyze_customer *cu = &b->customers[i];
	struct gx_lifecycle_order *lo = gx_arena_calloc(a, cu->n_orders + 1, sizeof *lo);
	memset(in, 0, sizeof *in);
	for (size_t k = 0; k < cu->n_orders; k++) {
		const struct app_analyze_order *o = &b->orders[cu->first_order + k];
		lo[k] = (struct gx_lifecycle_order){o->day, o->net_fen, o->net_fen - o->cost_fen};
		in->open_receivables_fen += o->open_fen;
	}
	in->orders = lo;
	in->n_orders = cu->n_orders;
	in->p_alive = NAN;
	in->share_of_wallet = NAN;
	in->last_outbound_day = cu->last_outbound_day;
}

struct gx_clv_purchase *app_analyze_purchases(const struct app_analyze_base *b, struct gx_arena *a,
                                              size_t *n)
{
	struct gx_clv_purchase *p = gx_arena_calloc(a, b->n_orders + 1, sizeof *p);
	size_t m = 0;
	for (size_t k = 0; k < b->n_orders; k++)
		if (b->orders[k].net_fen > 0)
			p[m++] = (struct gx_clv_purchase){b->customers[b->orders[k].customer].id, b->orders[k].day};
	*n = m;
	return p;
}

int32_t *app_analyze_purchase_days(const struct app_analyze_base *b, size_t i, struct gx_arena *a,
                                   size_t *n)
{
	const struct app_analyze_customer *cu = &b->customers[i];
	int32_t *d = gx_arena_calloc(a, cu->n_orders + 1, sizeof *d);
	size_t m = 0;
	for (size_t k = 0; k < cu->n_orders; k++)
		if (b->orders[cu->first_order + k].net_fen > 0)
			d[m++] = b->orders[cu->first_order + k].day;
	*n = m;
	return d;
}

double *app_analyze_loyalty_factors(const struct app_analyze_base *b, struct gx_arena *a)
{
	double *f = gx_arena_calloc(a, b->n_customers * GX_LOYALTY_FACTORS + 1, sizeof *f);
	int32_t y1 = gx_daynum_add_months(b->as_of, -12), y2 = gx_daynum_add_months(b->as_of, -24);
	for (size_t i = 0; i < b->n_customers; i++) {
		double *row = &f[i * GX_LOYALTY_FACTORS];
		for (int k = 0; k < GX_LOYALTY_FACTORS; k++)
			row[k] = NAN;
		const struct app_analyze_customer *cu = &b->customers[i];
		size_t bought = 0, discounted = 0, last = 0, prior = 0;
		int32_t first = APP_ANALYZE_NO_DAY;
		for (size_t k = 0; k < cu->n_orders; k++) {
			const struct app_analyze_order *o = &b->orders[cu->first_order + k];
			if (o->net_fen <= 0)
				continue;
			if (first == APP_ANALYZE_NO_DAY || o->day < first)
				first = o->day;
			bought++;
			discounted += o->discount;
			last += o->day >= y1;
			prior += o->day >= y2 && o->day < y1;
		}
		if (!bought)
			continue;
		row[GX_LOYALTY_A11_DURATION] = (double)(b->as_of - first);
		row[GX_LOYALTY_A12_FREQUENCY] = (double)last;
		row[GX_LOYALTY_A13_TREND] = (double)last - (double)prior;
		row[GX_LOYALTY_A22_CROSS] = (double)cu->categories;
		row[GX_LOYALTY_A31_REFERRALS] = (double)cu->referrals;
		row[GX_LOYALTY_A32_DISCOUNT] = (double)discounted / (double)bought;
	}
	return f;
}

struct gx_credit_order *app_analyze_credit_orders(const struct app_analyze_base *b, size_t i,
                                                  struct gx_arena *a, size_t *n)
{
	const struct app_analyze_customer *cu = &b->customers[i];
	struct gx_credit_order *o = gx_arena_calloc(a, cu->n_orders + 1, sizeof *o);
	size_t m = 0;
	for (size_t k = 0; k < cu->n_orders; k++)
		if (b->orders[cu->first_order + k].net_fen > 0)
			o[m++] = (struct gx_credit_order){b->orders[cu->first_order + k].day, b->orders[cu->first_order + k].net_fen};
	*n = m;
	return o;
}
