/* The demo company (PRODUCT.md "The first run"): about 2,400 customers of both kinds with three
 * years of orders and interactions ending at the as-of time, written through the same app/
 * functions as the CLI and the API so that every rule (validation, duplicates, owners and
 * departments at placement, order totals, refunds) holds.
 *
 * The behaviour behind the numbers follows the customer-base models the analytics expect:
 * each customer buys at a rate drawn from a gamma distribution and spends at a level drawn from
 * a log-normal one (so spend is Pareto-like: a fifth of the customers bring most of the
 * revenue), some were customers before the window opens, some join during it, and some stop
 * buying for good (churn) at a time drawn from an exponential lifetime. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_internal.h"
#include "guanxi/customer.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/interaction.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/validate.h"

#define DEMO_CUSTOMERS 2400
#define BATCH 1000

struct cust {
	int64_t id, contact_id;
	int org, key;
	size_t city;
	int owner;                /* index into org->users, -1 in the public pool */
	int32_t acquired, end;    /* end: the day the customer stops buying (churn), or past as-of */
	double rate;              /* orders per year while active */
	double level;             /* spend level: multiplies quantities */
	int pref_cat;             /* index into demo_categories of the favourite category */
};

struct gen {
	struct app *app;
	const struct demo_opts *opts;
	struct demo_org *org;
	struct demo_result *res;
	struct demo_rng rng;
	struct gx_tz *tz;
	int64_t now_ms;
	int32_t asof, start;
	size_t in_batch;
	struct gx_arena a;
	int reps[3][8];           /* per region: user indexes of the sales reps */
	size_t nreps[3];
	int managers[3];
	int service[4];
	size_t nservice;
	int marketing;
	int64_t order_seq, refund_seq, interaction_seq, contact_seq;
	struct cust *cust;
	size_t ncust;
};

#define PICK(g, table) (table[demo_rng_below(&(g)->rng, table##_n)])

static enum gx_err tick(struct gen *g, struct gx_error *err)
{
	gx_arena_reset(&g->a);
	if (++g->in_batch < BATCH)
		return GX_OK;
	g->in_batch = 0;
	enum gx_err e = store_commit(g->app->store, err);
	if (e == GX_OK)
		e = store_begin(g->app->store, err);
	return e;
}

static const char *instant_text(struct gen *g, int32_t day, int32_t sec, struct gx_error *err)
{
	int64_t ms = 0;
	if (gx_tz_local_to_instant(g->tz, day, sec, &ms, err) != GX_OK)
		ms = (int64_t)day * GX_MS_PER_DAY;
	if (ms > g->now_ms)
		ms = g->now_ms - 60000;
	char buf[GX_INSTANT_FMT_SIZE];
	return gx_arena_strdup(&g->a, gx_instant_format(ms, buf));
}

static const char *date_text(struct gen *g, int32_t day)
{
	char buf[GX_DATE_FMT_SIZE];
	return gx_arena_strdup(&g->a, gx_date_format(day, buf));
}

static const char *person_name(struct gen *g, int male, char *py, size_t pysize)
{
	unsigned w[64];
	for (size_t i = 0; i < demo_surnames_n && i < 64; i++)
		w[i] = demo_surnames[i].weight;
	const struct demo_surname *s = &demo_surnames[demo_rng_weighted(&g->rng, w, demo_surnames_n)];
	const struct demo_syllable *pool = male ? demo_given_male : demo_given_female;
	size_t n = male ? demo_given_male_n : demo_given_female_n;
	const struct demo_syllable *g1 = &pool[demo_rng_below(&g->rng, n)];
	const struct demo_syllable *g2 = demo_rng_chance(&g->rng, 0.6) ? &pool[demo_rng_below(&g->rng, n)] : NULL;
	snprintf(py, pysize, "%s%s%s", s->pinyin, g1->pinyin, g2 ? g2->pinyin : "");
	return gx_arena_printf(&g->a, "%s%s%s", s->han, g1->han, g2 ? g2->han : "");
}

static size_t pick_city(struct gen *g)
{
	unsigned w[32];
	for (size_t i = 0; i < demo_cities_n && i < 32; i++)
		w[i] = demo_cities[i].region == DEMO_REGION_EAST ? 9 : demo_cities[i].region == DEMO_REGION_NORTH ? 8 : 4;
	/* The two home cities of the sales teams weigh more. */
	w[0] += 14;
	w[7] += 12;
	return demo_rng_weighted(&g->rng, w, demo_cities_n);
}

static int pick_owner(struct gen *g, const struct cust *c)
{
	int region = demo_cities[c->city].region;
	double pool = region == DEMO_REGION_OTHER ? 0.35 : 0.05;
	if (demo_rng_chance(&g->rng, pool))
		return -1;
	if (region == DEMO_REGION_OTHER)
		region = demo_rng_chance(&g->rng, 0.5) ? DEMO_REGION_EAST : DEMO_REGION_NORTH;
	if (c->key && demo_rng_chance(&g->rng, 0.4))
		return g->managers[region];
	return g->reps[region][demo_rng_below(&g->rng, g->nreps[region])];
}

static const char *pick_tags(struct gen *g, const struct cust *c)
{
	static const char *const person_tags[] = {"老客户", "价格敏感", "节日送礼", "线上活跃", "高潜力"};
	static const char *const org_tags[] = {"企业采购", "年框客户", "高潜力", "政府采购", "价格敏感"};
	const char *const *t = c->org ? org_tags : person_tags;
	char buf[160] = "";
	if (c->key)
		strcat(buf, "VIP");
	size_t first = demo_rng_below(&g->rng, 5), n = demo_rng_below(&g->rng, 3);
	for (size_t k = 0; k < n; k++) {
		if (buf[0])
			strcat(buf, ";");
		strcat(buf, t[(first + k) % 5]);
	}
	return buf[0] ? gx_arena_strdup(&g->a, buf) : NULL;
}

static const char *address(struct gen *g, const struct demo_city *city, const char **district)
{
	size_t nd = 0;
	while (nd < 6 && city->districts[nd])
		nd++;
	*district = city->districts[demo_rng_below(&g->rng, nd)];
	return gx_arena_printf(&g->a, "%s%s%s%lld号", city->city, *district, PICK(g, demo_roads),
	                       (long long)demo_rng_range(&g->rng, 1, 999));
}

static enum gx_err create_person(struct gen *g, size_t i, struct cust *c, struct record *r,
                                 struct gx_error *err)
{
	struct app *app = g->app;
	const struct demo_city *city = &demo_cities[c->city];
	int male = demo_rng_chance(&g->rng, 0.5);
	char py[64];
	const char *name = person_name(g, male, py, sizeof py);
	char mobile[12];
	demo_mobile(i, g->opts->seed, mobile);
	int32_t birthday = g->asof - (int32_t)demo_rng_range(&g->rng, 22 * 365, 68 * 365);
	const char *district;
	const char *addr = address(g, city, &district);
	if (!demo_rng_chance(&g->rng, 0.7))
		addr = NULL;   /* the district is known, the street address is not */
	const char *email = demo_rng_chance(&g->rng, 0.45)
		? gx_arena_printf(&g->a, "%s%zu@%s", py, i + 1, PICK(g, demo_mail_domains)) : NULL;
	const char *wechat = demo_rng_chance(&g->rng, 0.6) ? gx_arena_printf(&g->a, "wx_%s%zu", py, i + 1) : NULL;
	int married = demo_rng_chance(&g->rng, 0.55);
	const char *anniversary = married && demo_rng_chance(&g->rng, 0.5)
		? date_text(g, birthday + (int32_t)demo_rng_range(&g->rng, 23 * 365, 30 * 365)) : NULL;
	if (anniversary && strcmp(anniversary, date_text(g, g->asof)) > 0)
		anniversary = NULL;
	const char *care = NULL;
	if (married && demo_rng_chance(&g->rng, 0.4)) {
		int32_t child = birthday + (int32_t)demo_rng_range(&g->rng, 24 * 365, 36 * 365);
		if (child < g->asof)
			care = gx_arena_printf(&g->a, "{\"children_birthdays\":[\"%s\"]}", date_text(g, child));
	}
	static const char *const prefs[] = {
		"{\"product\":\"茶叶礼盒\",\"service\":\"送货上门\"}",
		"{\"product\":\"笔记本电脑\",\"brand\":\"国产品牌\"}",
		"{\"service\":\"微信沟通\",\"culture\":\"重视节日礼节\"}",
		"{\"product\":\"办公耗材\",\"firm\":\"就近门店\"}",
	};
	static const char *const ties[] = {"[\"地缘\"]", "[\"业缘\"]", "[\"亲缘\"]", "[\"学缘\"]", "[\"业缘\",\"地缘\"]"};
	int influencer = demo_rng_chance(&g->rng, 0.04);
	char household[8];
	snprintf(household, sizeof household, "%d", (int)demo_rng_range(&g->rng, 1, 5));
	enum gx_err e = demo_set_fields(
		app, r, &g->a, err, "kind", "person", "name", name, "gender", male ? "male" : "female",
		"mobile", mobile, "email", email, "wechat", wechat, "province", city->province,
		"city", city->city, "district", district, "address", addr,
		"postcode", addr ? city->postcode : NULL, "birthday", date_text(g, birthday),
		"birthday_lunar", demo_rng_chance(&g->rng, 0.1) ? "1" : NULL,
		"household_size", demo_rng_chance(&g->rng, 0.5) ? household : NULL,
		"anniversary", anniversary, "care", care,
		"preferences", demo_rng_chance(&g->rng, 0.3) ? prefs[demo_rng_below(&g->rng, 4)] : NULL,
		"ties", demo_rng_chance(&g->rng, 0.2) ? ties[demo_rng_below(&g->rng, 5)] : NULL,
		"roles", influencer ? "influencer" : "end_user", "is_direct", influencer ? "0" : "1", NULL);
	g->res->persons++;
	return e;
}

static enum gx_err create_organization(struct gen *g, size_t i, struct cust *c, struct record *r,
                                       struct gx_error *err)
{
	struct app *app = g->app;
	const struct demo_city *city = &demo_cities[c->city];
	const char *district;
	const char *addr = address(g, city, &district);
	const char *name, *industry, *role = "end_user", *website = NULL, *email;
	char uscc[19], phone[24];
	demo_uscc(city, i, uscc);
	demo_landline(city, i, phone);
	if (demo_rng_chance(&g->rng, 0.03)) {
		/* A public body: registered by the staffing authority (1) as an organ of state (1). */
		static const char *const bureaus[] = {"教育局", "卫生健康委员会", "市场监督管理局", "文化和旅游局"};
		name = gx_arena_printf(&g->a, "%s%s%s", city->city, district, bureaus[demo_rng_below(&g->rng, 4)]);
		uscc[0] = '1';
		uscc[1] = '1';
		uscc[17] = gx_uscc_check_char(uscc);
		industry = "公共管理";
		role = "government";
		email = gx_arena_printf(&g->a, "office%zu@%s.gov.cn", i + 1, city->pinyin);
	} else {
		const struct demo_syllable *brand = &PICK(g, demo_brands);
		const struct demo_trade *trade = &PICK(g, demo_trades);
		const char *suffix = strstr(trade->word, "所") ? "" : demo_rng_chance(&g->rng, 0.15) ? "股份有限公司" : "有限公司";
		name = gx_arena_printf(&g->a, "%s%s%s%s", city->short_name, brand->han, trade->word, suffix);
		industry = trade->industry;
		website = gx_arena_printf(&g->a, "https://www.%s%s.com.cn", brand->pinyin, city->pinyin);
		email = gx_arena_printf(&g->a, "info%zu@%s%s.com.cn", i + 1, brand->pinyin, city->pinyin);
		double u = demo_rng_unit(&g->rng);
		role = u < 0.08 ? "dealer;end_user" : u < 0.12 ? "partner" : u < 0.15 ? "supplier;end_user"
		     : u < 0.16 ? "logistics" : u < 0.165 ? "competitor" : u < 0.18 ? "intermediary" : "end_user";
	}
	char mobile[12];
	demo_mobile(i, g->opts->seed, mobile);
	enum gx_err e = demo_set_fields(
		app, r, &g->a, err, "kind", "organization", "name", name, "uscc", uscc, "industry", industry,
		"phone", phone, "mobile", demo_rng_chance(&g->rng, 0.3) ? mobile : NULL,
		"email", demo_rng_chance(&g->rng, 0.7) ? email : NULL, "website", website,
		"province", city->province, "city", city->city, "district", district, "address", addr,
		"postcode", city->postcode, "roles", role, "is_direct", "1", NULL);
	g->res->organizations++;
	return e;
}

static enum gx_err create_contacts(struct gen *g, struct cust *c, struct gx_error *err)
{
	size_t n = (size_t)demo_rng_range(&g->rng, 1, 3);
	enum gx_err e = GX_OK;
	for (size_t k = 0; k < n && e == GX_OK; k++) {
		struct record r;
		record_init(&r, &entity_contact, &g->a);
		char py[64], mobile[12];
		const char *name = person_name(g, demo_rng_chance(&g->rng, 0.5), py, sizeof py);
		g->contact_seq++;
		demo_mobile(50000000u + (uint64_t)g->contact_seq, g->opts->seed, mobile);
		e = demo_set_fields(g->app, &r, &g->a, err,
		                    "code", gx_arena_printf(&g->a, "P%08lld", (long long)g->contact_seq),
		                    "name", name, "title", PICK(g, demo_contact_titles), "phone", mobile,
		                    "email", demo_rng_chance(&g->rng, 0.5) ? gx_arena_printf(&g->a, "%s.%lld@%s", py, (long long)g->contact_seq, PICK(g, demo_mail_domains)) : NULL,
		                    "is_primary", k == 0 ? "1" : "0", NULL);
		record_set_int(&r, "customer_id", c->id);
		if (e == GX_OK)
			e = app_org_create(g->app, &r, &g->a, err);
		if (e == GX_OK && k == 0)
			c->contact_id = r.id;
		g->res->contacts++;
	}
	return e;
}

static enum gx_err create_customer(struct gen *g, size_t i, struct gx_error *err)
{
	struct cust *c = &g->cust[i];
	memset(c, 0, sizeof *c);
	c->org = demo_rng_chance(&g->rng, 0.3);
	c->city = pick_city(g);
	/* Rate (orders a year) and spend level: gamma and log-normal heterogeneity. */
	c->rate = demo_rng_gamma(&g->rng, 0.8, (c->org ? 5.0 : 3.2) / 0.8);
	if (c->rate > 36)
		c->rate = 36;
	c->level = exp(0.7 * demo_rng_normal(&g->rng));
	c->key = c->org ? c->level * c->rate > 12 : c->level * c->rate > 20;
	c->pref_cat = 1 + (int)demo_rng_below(&g->rng, demo_categories_n - 1);
	if (demo_rng_chance(&g->rng, 0.35))   /* a customer from before the window */
		c->acquired = g->start - (int32_t)demo_rng_range(&g->rng, 30, 1500);
	else
		c->acquired = (int32_t)demo_rng_range(&g->rng, g->start, g->asof - 7);
	c->end = demo_rng_chance(&g->rng, 0.4)
		? c->acquired + 30 + (int32_t)(demo_rng_gamma(&g->rng, 1.0, 420.0))
		: g->asof + 1;
	c->owner = pick_owner(g, c);

	struct record r;
	record_init(&r, &entity_customer, &g->a);
	enum gx_err e = demo_set_fields(g->app, &r, &g->a, err,
	                                "code", gx_arena_printf(&g->a, "C%08zu", i + 1), NULL);
	if (e == GX_OK)
		e = c->org ? create_organization(g, i, c, &r, err) : create_person(g, i, c, &r, err);
	const char *source = PICK(g, demo_sources);
	if (e == GX_OK)
		e = demo_set_fields(g->app, &r, &g->a, err, "source", source, "tags", pick_tags(g, c),
		                    "key_account", c->key ? "1" : "0",
		                    "notes", c->key ? "重点客户，季度拜访" : NULL, NULL);
	if (e != GX_OK)
		return e;
	if (strcmp(source, "老客户推荐") == 0 && i > 0)
		record_set_int(&r, "referrer_id", g->cust[demo_rng_below(&g->rng, i)].id);
	if (c->owner >= 0)
		record_set_int(&r, "owner_id", g->org->user_ids[c->owner]);
	else
		g->res->pool++;
	if ((e = app_customer_create(g->app, &r, 0, &g->a, NULL, err)) != GX_OK)
		return e;
	c->id = r.id;
	g->res->customers++;
	if (c->org && (e = create_contacts(g, c, err)) != GX_OK)
		return e;
	return tick(g, err);
}

/* --- orders ----------------------------------------------------------------------------- */

struct line_plan {
	size_t product;
	int64_t qty, price;
	int discount;
};

static size_t plan_lines(struct gen *g, const struct cust *c, struct line_plan *lines)
{
	static const unsigned nweights[] = {50, 35, 15};
	size_t n = 1 + demo_rng_weighted(&g->rng, nweights, 3);
	int discounted = demo_rng_chance(&g->rng, 0.12);
	for (size_t k = 0; k < n; k++) {
		size_t p;
		int again;
		do {
			if (demo_rng_chance(&g->rng, 0.6)) {
				const char *cat = demo_categories[c->pref_cat].code;
				do
					p = demo_rng_below(&g->rng, demo_products_n);
				while (strcmp(demo_products[p].category, cat) != 0);
			} else {
				p = demo_rng_below(&g->rng, demo_products_n);
			}
			again = !c->org && demo_products[p].org_only;
			for (size_t j = 0; j < k; j++)
				again |= lines[j].product == p;
		} while (again);
		const struct demo_product *dp = &demo_products[p];
		int max = c->org ? dp->max_qty_org : dp->max_qty_person;
		double q = 1 + demo_rng_gamma(&g->rng, 1.0, c->level * (max - 1) / 3.0);
		lines[k].product = p;
		lines[k].qty = q > max ? max : (int64_t)q;
		lines[k].discount = discounted;
		/* A discount of 5–15 %, rounded to whole yuan. */
		lines[k].price = discounted ? dp->price_fen * (100 - demo_rng_range(&g->rng, 5, 15)) / 100 / 100 * 100
		                            : dp->price_fen;
	}
	return n;
}

static enum gx_err save_order(struct gen *g, struct cust *c, int32_t day, struct line_plan *plan,
                              size_t n, int64_t refund_of, struct gx_error *err)
{
	struct record h;
	record_init(&h, &entity_order, &g->a);
	int refund = refund_of != 0;
	const char *no = refund ? gx_arena_printf(&g->a, "RF%07lld", (long long)++g->refund_seq)
	                        : gx_arena_printf(&g->a, "SO%08lld", (long long)++g->order_seq);
	static const char *const person_channels[] = {"门店", "线上商城", "微信小程序", "电话订购"};
	static const char *const org_channels[] = {"销售拜访", "电话订购", "线上商城"};
	const char *channel = c->org ? org_channels[demo_rng_below(&g->rng, 3)]
	                             : person_channels[demo_rng_below(&g->rng, 4)];
	int cross = 0;
	for (size_t k = 1; k < n; k++)
		cross |= strcmp(demo_products[plan[k].product].category, demo_products[plan[0].product].category) != 0;
	enum gx_err e = demo_set_fields(g->app, &h, &g->a, err, "order_no", no,
	                                "kind", refund ? "refund" : "sale", "channel", channel,
	                                "discount", plan[0].discount ? "1" : "0",
	                                "cross_sell", cross ? "1" : "0", "status", "completed",
	                                "notes", refund ? "客户退货" : NULL, NULL);
	if (e != GX_OK)
		return e;
	record_set_int(&h, "customer_id", c->id);
	record_set_text(&h, "ordered_at", instant_text(g, day, (int32_t)demo_rng_range(&g->rng, 9 * 3600, 21 * 3600 - 1), err));
	if (refund)
		record_set_int(&h, "refund_of", refund_of);
	struct order_line_input lines[3];
	int64_t total = 0;
	for (size_t k = 0; k < n; k++) {
		const struct demo_product *dp = &demo_products[plan[k].product];
		record_init(&lines[k].line, &entity_order_line, &g->a);
		lines[k].source_line = 0;
		record_set_int(&lines[k].line, "product_id", g->org->product_ids[plan[k].product]);
		record_set_int(&lines[k].line, "quantity", plan[k].qty);
		record_set_int(&lines[k].line, "unit_price_fen", plan[k].price);
		record_set_int(&lines[k].line, "cost_fen", dp->cost_fen * plan[k].qty);
		record_set_int(&lines[k].line, "discount", plan[k].discount);
		total += plan[k].price * plan[k].qty;
	}
	if ((e = app_order_save(g->app, &h, lines, n, &g->a, err)) != GX_OK)
		return e;
	if (refund) {
		g->res->refunds++;
		g->res->revenue_fen -= total;
	} else {
		g->res->orders++;
		g->res->revenue_fen += total;
	}
	g->res->order_lines += (int64_t)n;
	char dbuf[GX_DATE_FMT_SIZE];
	gx_date_format(day, dbuf);
	if (!g->res->first_order_date[0] || strcmp(dbuf, g->res->first_order_date) < 0)
		memcpy(g->res->first_order_date, dbuf, sizeof dbuf);
	if (strcmp(dbuf, g->res->last_order_date) > 0)
		memcpy(g->res->last_order_date, dbuf, sizeof dbuf);
	if (!refund && demo_rng_chance(&g->rng, 0.02)) {
		/* A return of part of one line within three weeks. */
		int32_t rday = day + (int32_t)demo_rng_range(&g->rng, 1, 20);
		if (rday < g->asof) {
			struct line_plan back = plan[demo_rng_below(&g->rng, n)];
			back.qty = demo_rng_range(&g->rng, 1, back.qty);
			int64_t sale_id = h.id;
			gx_arena_reset(&g->a);
			return save_order(g, c, rday, &back, 1, sale_id, err);
		}
	}
	return GX_OK;
}

static enum gx_err customer_orders(struct gen *g, struct cust *c, struct gx_error *err)
{
	int32_t from = c->acquired > g->start ? c->acquired : g->start;
	int32_t to = c->end < g->asof - 1 ? c->end : g->asof - 1;
	/* A Poisson process of purchases; whole days, so at most one order a day. The first order
	 * of a new customer is on the day they were acquired. */
	int32_t day = c->acquired >= g->start ? from : from + (int32_t)(-log(1 - demo_rng_unit(&g->rng)) * 365.0 / c->rate);
	enum gx_err e = GX_OK;
	while (day <= to && e == GX_OK) {
		struct line_plan plan[3];
		size_t n = plan_lines(g, c, plan);
		e = save_order(g, c, day, plan, n, 0, err);
		if (e == GX_OK)
			e = tick(g, err);
		day += 1 + (int32_t)(-log(1 - demo_rng_unit(&g->rng)) * 365.0 / c->rate);
	}
	return e;
}

/* --- interactions ----------------------------------------------------------------------- */

struct itype {
	const char *type, *phase, *direction;
	const char *channels[4];
	const char *subjects[3];
	const char *outcome;
	int service;              /* handled by customer service rather than the owner */
	unsigned weight;
};

static const struct itype itypes[] = {
	{"inquiry", "pre_sale", "inbound", {"phone", "website", "wechat", "email"},
	 {"咨询%s的价格和货期", "询问%s的配置", "了解企业采购优惠"}, "已发送报价单", 0, 16},
	{"complaint", "post_sale", "inbound", {"phone", "service_centre", "wechat", "email"},
	 {"%s出现故障", "送货延迟投诉", "发票开具有误"}, "已安排处理并致歉", 1, 6},
	{"suggestion", "post_sale", "inbound", {"website", "wechat", "email", "social"},
	 {"建议增加周末送货", "建议小程序支持开具发票", "建议%s增加颜色选择"}, "已转相关部门", 1, 3},
	{"request", "sale", "inbound", {"email", "phone", "fax", "wechat"},
	 {"申请开具增值税专用发票", "申请延长%s保修", "索取产品资质文件"}, "已处理", 1, 6},
	{"visit", "pre_sale", "outbound", {"visit", "visit", "visit", "visit"},
	 {"上门拜访，介绍%s", "拜访采购负责人", "季度客户拜访"}, "客户有采购意向", 0, 10},
	{"return_visit", "post_sale", "outbound", {"phone", "wechat", "visit", "sms"},
	 {"售后回访：%s使用情况", "订单满意度回访", "维修后回访"}, "客户满意", 0, 12},
	{"reception", "pre_sale", "inbound", {"store", "store", "service_centre", "store"},
	 {"客户到店参观", "接待客户试用%s", "客户来访洽谈"}, "已留资料", 0, 5},
	{"meeting", "sale", "outbound", {"visit", "phone", "visit", "email"},
	 {"年度采购洽谈", "合同条款商谈", "%s批量采购方案沟通"}, "达成初步意向", 0, 5},
	{"greeting", NULL, "outbound", {"wechat", "sms", "social", "email"},
	 {"春节问候", "中秋节问候", "端午节问候"}, NULL, 0, 8},
	{"training", "post_sale", "outbound", {"visit", "website", "visit", "phone"},
	 {"%s操作培训", "新员工设备使用培训", "耗材更换指导"}, "培训完成", 0, 3},
	{"care", "post_sale", "outbound", {"sms", "wechat", "phone", "wechat"},
	 {"生日关怀", "换季保养提醒", "%s使用小贴士"}, "客户表示感谢", 0, 6},
};
#define NELEM_ITYPES (sizeof itypes / sizeof *itypes)

static enum gx_err customer_interactions(struct gen *g, struct cust *c, struct gx_error *err)
{
	int32_t from = c->acquired > g->start ? c->acquired : g->start;
	int32_t to = c->end + 90 < g->asof ? c->end + 90 : g->asof;
	int64_t n = demo_rng_range(&g->rng, 1, 3) + (int64_t)(c->rate * (to - from) / 365.0 / 3.0);
	if (n > 24)
		n = 24;
	unsigned w[NELEM_ITYPES];
	for (size_t k = 0; k < NELEM_ITYPES; k++)
		w[k] = itypes[k].weight;
	enum gx_err e = GX_OK;
	for (int64_t k = 0; k < n && e == GX_OK; k++) {
		const struct itype *t = &itypes[demo_rng_weighted(&g->rng, w, NELEM_ITYPES)];
		int32_t day = (int32_t)demo_rng_range(&g->rng, from, to);
		int64_t user;
		if (t->service || c->owner < 0)
			user = g->org->user_ids[g->service[demo_rng_below(&g->rng, g->nservice)]];
		else if (strcmp(t->type, "greeting") == 0 && demo_rng_chance(&g->rng, 0.5))
			user = g->org->user_ids[g->marketing];
		else
			user = g->org->user_ids[c->owner];
		const char *product = demo_products[demo_rng_below(&g->rng, demo_products_n)].name;
		const char *fmt = t->subjects[demo_rng_below(&g->rng, 3)];
		struct record r;
		record_init(&r, &entity_interaction, &g->a);
		const char *occurred = instant_text(g, day, (int32_t)demo_rng_range(&g->rng, 9 * 3600, 18 * 3600), err);
		e = demo_set_fields(g->app, &r, &g->a, err,
		                    "code", gx_arena_printf(&g->a, "I%08lld", (long long)++g->interaction_seq),
		                    "channel", t->channels[demo_rng_below(&g->rng, 4)], "type", t->type,
		                    "direction", t->direction, "phase", t->phase,
		                    "subject", gx_arena_printf(&g->a, fmt, product), "outcome", t->outcome, NULL);
		if (e != GX_OK)
			return e;
		record_set_int(&r, "customer_id", c->id);
		record_set_int(&r, "user_id", user);
		record_set_text(&r, "occurred_at", occurred);
		if (c->contact_id)
			record_set_int(&r, "contact_id", c->contact_id);
		if (demo_rng_chance(&g->rng, 0.3)) {
			static const char *const notes[] = {"再次电话跟进", "发送报价单", "安排上门演示", "确认到货情况"};
			int32_t fday = day + (int32_t)demo_rng_range(&g->rng, 1, 10);
			int64_t fms = 0;
			gx_tz_local_to_instant(g->tz, fday, 10 * 3600, &fms, err);
			char buf[GX_INSTANT_FMT_SIZE];
			record_set_text(&r, "followup_at", gx_arena_strdup(&g->a, gx_instant_format(fms, buf)));
			record_set_text(&r, "followup_note", notes[demo_rng_below(&g->rng, 4)]);
			record_set_int(&r, "followup_done", fms < g->now_ms && demo_rng_chance(&g->rng, 0.9));
		}
		if ((e = app_interaction_add(g->app, &r, &g->a, err)) == GX_OK) {
			g->res->interactions++;
			e = tick(g, err);
		}
	}
	return e;
}

/* --- the run ---------------------------------------------------------------------------- */

static void find_staff(struct gen *g)
{
	const struct demo_org *org = g->org;
	for (size_t i = 0; i < org->nusers; i++) {
		const struct demo_user_def *u = &org->users[i];
		if (strcmp(u->role, "sales") == 0 && u->region >= 0 && g->nreps[u->region] < 8)
			g->reps[u->region][g->nreps[u->region]++] = (int)i;
		else if (strcmp(u->role, "manager") == 0 && u->region >= 0)
			g->managers[u->region] = (int)i;
		else if ((strcmp(u->role, "service") == 0 || strcmp(u->department, "SERVICE") == 0) && g->nservice < 4)
			g->service[g->nservice++] = (int)i;
		else if (strcmp(u->role, "marketing") == 0)
			g->marketing = (int)i;
	}
}

static void progress(struct gen *g, const char *stage, int64_t done, int64_t total)
{
	if (g->opts->progress)
		g->opts->progress(g->opts->ctx, stage, done, total);
}

enum gx_err demo_generate_company(struct app *app, const struct demo_opts *opts,
                                  struct demo_org *org, struct demo_result *res,
                                  struct gx_error *err)
{
	struct gen g = {.app = app, .opts = opts, .org = org, .res = res};
	demo_rng_seed(&g.rng, opts->seed);
	enum gx_err e = gx_tz_open(app->settings.timezone, &g.tz, err);
	if (e != GX_OK)
		return e;
	gx_arena_init(&g.a, 0);
	g.now_ms = gx_now_ms();
	g.asof = gx_instant_local_date(g.now_ms, g.tz);
	g.start = gx_date_add_months(g.asof, -36);
	find_staff(&g);
	g.ncust = DEMO_CUSTOMERS;
	g.cust = gx_xcalloc(g.ncust, sizeof *g.cust);
	e = store_begin(app->store, err);
	for (size_t i = 0; i < g.ncust && e == GX_OK; i++) {
		e = create_customer(&g, i, err);
		if ((i + 1) % BATCH == 0 || i + 1 == g.ncust)
			progress(&g, "customers", (int64_t)i + 1, (int64_t)g.ncust);
	}
	for (size_t i = 0; i < g.ncust && e == GX_OK; i++) {
		e = customer_orders(&g, &g.cust[i], err);
		if ((i + 1) % BATCH == 0 || i + 1 == g.ncust)
			progress(&g, "orders", (int64_t)i + 1, (int64_t)g.ncust);
	}
	for (size_t i = 0; i < g.ncust && e == GX_OK; i++) {
		e = customer_interactions(&g, &g.cust[i], err);
		if ((i + 1) % BATCH == 0 || i + 1 == g.ncust)
			progress(&g, "interactions", (int64_t)i + 1, (int64_t)g.ncust);
	}
	if (e == GX_OK)
		e = store_commit(app->store, err);
	else if (store_in_transaction(app->store))
		store_rollback(app->store);
	free(g.cust);
	gx_arena_free(&g.a);
	gx_tz_free(g.tz);
	return e;
}
