/* `guanxi demo --scale N`: N customers with the benchmark volumes of DECISIONS.md ("CI and test
 * budget"): about 10 orders per customer (1–19, at most one per customer per day) of 1–3 lines
 * each over the three years before the as-of date, and 5 interactions per customer; a contact
 * for every organisation. Opportunities and tickets do not exist yet; refunds are left out.
 *
 * The fast path. Going through app/ costs about 120 µs a record (a savepoint, a duplicate
 * lookup, reads of the customer, owner and order number per order), which makes 1,000,000
 * customers (16 million records) take over half an hour. This generator writes through the
 * store layer instead (store_record_insert, the side tables, the search index,
 * store_customer_touch) and leaves out only the checks that cannot fail for data it makes
 * itself: duplicate phone/e-mail/USCC lookups (the identifiers come from bijections of the
 * customer number, so they are unique by construction), code and order-number lookups
 * (sequential), and the reads of customers, owners and products that app_order_save does
 * (their ids, departments and prices are known here). Field values still go through
 * app_field_set_text, so they are validated and normalised exactly as user input is, and
 * order totals are the sums of their lines as the store computes them. Memory is per
 * customer: nothing grows with the number of orders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_internal.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer_store.h"
#include "guanxi/datetime.h"
#include "guanxi/record_store.h"

#define CUSTOMERS_PER_COMMIT 2000
#define MAX_ORDERS 19
#define INTERACTIONS 5

struct scale {
	struct app *app;
	const struct demo_opts *opts;
	struct demo_org *org;
	struct demo_result *res;
	struct demo_rng rng;
	struct gx_tz *tz;
	struct gx_arena a;            /* per customer */
	struct gx_arena batch_arena;  /* the customer records of a batch, until they are indexed */
	int64_t now_ms;
	int32_t asof, start;
	int64_t dept[DEMO_MAX_LOGINS], team[DEMO_MAX_LOGINS];
	int owners[DEMO_MAX_LOGINS], service[DEMO_MAX_LOGINS];
	size_t nowners, nservice;
	int64_t order_seq, interaction_seq;
};

static const char *instant(struct scale *s, int32_t day, int32_t sec, struct gx_error *err)
{
	int64_t ms = 0;
	gx_tz_local_to_instant(s->tz, day, sec, &ms, err);
	if (ms > s->now_ms)
		ms = s->now_ms - 60000;
	char buf[GX_INSTANT_FMT_SIZE];
	return gx_arena_strdup(&s->a, gx_instant_format(ms, buf));
}

/* Inserts customer number i (and a contact for an organisation) into r and c, allocated from
 * the batch arena; they are indexed for search later (see demo_generate_scale). */
static enum gx_err insert_customer(struct scale *s, uint64_t i, int org, int owner, struct record *r_out,
                                   struct record *c_out, struct gx_error *err)
{
	struct gx_arena *a = &s->batch_arena;
	const struct demo_city *city = &demo_cities[demo_rng_below(&s->rng, demo_cities_n)];
	char mobile[12], phone[24], uscc[19];
	demo_mobile(i, s->opts->seed, mobile);
	const struct demo_surname *sn = &demo_surnames[demo_rng_below(&s->rng, demo_surnames_n)];
	int male = demo_rng_chance(&s->rng, 0.5);
	const struct demo_syllable *gn = male ? &demo_given_male[demo_rng_below(&s->rng, demo_given_male_n)]
	                                      : &demo_given_female[demo_rng_below(&s->rng, demo_given_female_n)];
	const char *name;
	struct record r;
	record_init(&r, &entity_customer, a);
	record_init(c_out, &entity_contact, a);
	enum gx_err e;
	if (org) {
		const struct demo_syllable *brand = &demo_brands[demo_rng_below(&s->rng, demo_brands_n)];
		const struct demo_trade *trade = &demo_trades[demo_rng_below(&s->rng, demo_trades_n)];
		name = gx_arena_printf(a, "%s%s%s%s", city->short_name, brand->han, trade->word,
		                       strstr(trade->word, "所") ? "" : "有限公司");
		demo_uscc(city, i, uscc);
		demo_landline(city, i, phone);
		e = demo_set_fields(s->app, &r, a, err, "kind", "organization", "name", name, "uscc", uscc,
		                    "phone", phone, "industry", trade->industry, "roles", "end_user", NULL);
		s->res->organizations++;
	} else {
		name = gx_arena_printf(a, "%s%s", sn->han, gn->han);
		e = demo_set_fields(s->app, &r, a, err, "kind", "person", "name", name, "mobile", mobile,
		                    "gender", male ? "male" : "female",
		                    "email", demo_rng_chance(&s->rng, 0.3) ? gx_arena_printf(a, "%s%s%llu@%s", sn->pinyin, gn->pinyin, (unsigned long long)i + 1, demo_mail_domains[i % demo_mail_domains_n]) : NULL,
		                    "roles", "end_user", NULL);
		s->res->persons++;
	}
	if (e == GX_OK)
		e = demo_set_fields(s->app, &r, a, err, "code", gx_arena_printf(a, "C%08llu", (unsigned long long)i + 1),
		                    "province", city->province, "city", city->city, "district", city->districts[0],
		                    "source", demo_sources[demo_rng_below(&s->rng, demo_sources_n)],
		                    "tags", demo_rng_chance(&s->rng, 0.2) ? "老客户" : NULL, NULL);
	if (e != GX_OK)
		return e;
	if (owner >= 0) {
		char now[32];
		gx_format_instant_utc(s->now_ms, now);
		record_set_int(&r, "owner_id", s->org->user_ids[owner]);
		record_set_int(&r, "department_id", s->dept[owner]);
		if (s->team[owner])
			record_set_int(&r, "team_id", s->team[owner]);
		record_set_text(&r, "owner_since", gx_arena_strdup(a, now));
	} else {
		s->res->pool++;
	}
	app_stamp_job(s->app, &r);
	const char *roles[] = {"end_user"}, *tags[] = {"老客户"};
	if ((e = store_record_insert(s->app->store, &r, err)) ||
	    (e = store_customer_set_roles(s->app->store, r.id, roles, 1, err)) ||
	    (!record_is_null(&r, "tags") && (e = store_customer_set_tags(s->app->store, r.id, tags, 1, err))))
		return e;
	*r_out = r;
	s->res->customers++;
	if (org) {
		struct record c;
		record_init(&c, &entity_contact, a);
		demo_mobile(50000000u + i, s->opts->seed, mobile);
		e = demo_set_fields(s->app, &c, a, err, "code", gx_arena_printf(a, "P%08llu", (unsigned long long)i + 1),
		                    "name", gx_arena_printf(a, "%s%s", sn->han, gn->han), "phone", mobile,
		                    "title", demo_contact_titles[i % demo_contact_titles_n], "is_primary", "1", NULL);
		record_set_int(&c, "customer_id", r.id);
		app_stamp_job(s->app, &c);
		if (e == GX_OK)
			e = store_record_insert(s->app->store, &c, err);
		*c_out = c;
		s->res->contacts++;
	}
	return e;
}

/* k distinct days of the window, ascending (at most one order per customer per day). */
static size_t order_days(struct scale *s, int32_t *days)
{
	size_t k = (size_t)demo_rng_range(&s->rng, 1, MAX_ORDERS), n = 0;
	while (n < k) {
		int32_t d = (int32_t)demo_rng_range(&s->rng, s->start, s->asof - 1);
		size_t at = 0;
		while (at < n && days[at] < d)
			at++;
		if (at < n && days[at] == d)
			continue;
		memmove(days + at + 1, days + at, (n - at) * sizeof *days);
		days[at] = d;
		n++;
	}
	return n;
}

static enum gx_err insert_orders(struct scale *s, int64_t customer, int org, int owner,
                                 const char **last, struct gx_error *err)
{
	int32_t days[MAX_ORDERS];
	size_t n = order_days(s, days);
	enum gx_err e = GX_OK;
	*last = NULL;
	for (size_t k = 0; k < n && e == GX_OK; k++) {
		struct record h;
		record_init(&h, &entity_order, &s->a);
		size_t nlines = (size_t)demo_rng_range(&s->rng, 1, 3), prod[3];
		int64_t qty[3], amount = 0, cost = 0;
		for (size_t l = 0; l < nlines; l++) {
			int again;
			do {
				prod[l] = demo_rng_below(&s->rng, demo_products_n);
				again = !org && demo_products[prod[l]].org_only;
				for (size_t j = 0; j < l; j++)
					again |= prod[j] == prod[l];
			} while (again);
			qty[l] = demo_rng_range(&s->rng, 1, org ? 10 : 3);
			amount += qty[l] * demo_products[prod[l]].price_fen;
			cost += qty[l] * demo_products[prod[l]].cost_fen;
		}
		char date[GX_DATE_FMT_SIZE];
		gx_date_format(days[k], date);
		const char *at = instant(s, days[k], (int32_t)demo_rng_range(&s->rng, 9 * 3600, 21 * 3600 - 1), err);
		e = demo_set_fields(s->app, &h, &s->a, err,
		                    "order_no", gx_arena_printf(&s->a, "SO%09lld", (long long)++s->order_seq),
		                    "kind", "sale", "status", "completed", "ordered_at", at,
		                    "channel", demo_order_channels[demo_rng_below(&s->rng, demo_order_channels_n)], NULL);
		if (e != GX_OK)
			return e;
		/* What app_order_save derives: local date, owner and department at placement, totals. */
		record_set_int(&h, "customer_id", customer);
		record_set_text(&h, "order_date", gx_arena_strdup(&s->a, date));
		if (owner >= 0) {
			record_set_int(&h, "owner_id", s->org->user_ids[owner]);
			record_set_int(&h, "department_id", s->dept[owner]);
		}
		record_set_int(&h, "amount_fen", amount);
		record_set_int(&h, "cost_fen", cost);
		app_stamp_job(s->app, &h);
		if ((e = store_record_insert(s->app->store, &h, err)) != GX_OK)
			return e;
		for (size_t l = 0; l < nlines && e == GX_OK; l++) {
			struct record line;
			record_init(&line, &entity_order_line, &s->a);
			record_set_int(&line, "order_id", h.id);
			record_set_int(&line, "line_no", (int64_t)l + 1);
			record_set_int(&line, "product_id", s->org->product_ids[prod[l]]);
			record_set_int(&line, "quantity", qty[l]);
			record_set_int(&line, "unit_price_fen", demo_products[prod[l]].price_fen);
			record_set_int(&line, "amount_fen", qty[l] * demo_products[prod[l]].price_fen);
			record_set_int(&line, "cost_fen", qty[l] * demo_products[prod[l]].cost_fen);
			record_set_int(&line, "discount", 0);
			e = store_record_insert(s->app->store, &line, err);
		}
		s->res->orders++;
		s->res->order_lines += (int64_t)nlines;
		s->res->revenue_fen += amount;
		if (!s->res->first_order_date[0] || strcmp(date, s->res->first_order_date) < 0)
			memcpy(s->res->first_order_date, date, sizeof date);
		if (strcmp(date, s->res->last_order_date) > 0)
			memcpy(s->res->last_order_date, date, sizeof date);
		*last = at;
	}
	return e;
}

static enum gx_err insert_interactions(struct scale *s, int64_t customer, int64_t contact, int owner,
                                       const char **last_by_owner, struct gx_error *err)
{
	static const char *const channels[] = {"phone", "email", "sms", "wechat", "social", "website",
	                                       "store", "service_centre", "visit", "fax"};
	static const char *const types[] = {"inquiry", "complaint", "suggestion", "request", "visit",
	                                    "return_visit", "reception", "meeting", "greeting", "training", "care"};
	static const char *const phases[] = {"pre_sale", "sale", "post_sale"};
	enum gx_err e = GX_OK;
	*last_by_owner = NULL;
	for (int k = 0; k < INTERACTIONS && e == GX_OK; k++) {
		struct record r;
		record_init(&r, &entity_interaction, &s->a);
		size_t t = demo_rng_below(&s->rng, 11);
		int user = owner >= 0 && demo_rng_chance(&s->rng, 0.8) ? owner
		         : s->service[demo_rng_below(&s->rng, s->nservice)];
		int by_owner = owner >= 0 && user == owner;
		const char *at = instant(s, (int32_t)demo_rng_range(&s->rng, s->start, s->asof),
		                         (int32_t)demo_rng_range(&s->rng, 9 * 3600, 18 * 3600), err);
		e = demo_set_fields(s->app, &r, &s->a, err,
		                    "code", gx_arena_printf(&s->a, "I%09lld", (long long)++s->interaction_seq),
		                    "channel", channels[demo_rng_below(&s->rng, 10)], "type", types[t],
		                    "direction", t < 4 ? "inbound" : "outbound", "phase", phases[demo_rng_below(&s->rng, 3)],
		                    "occurred_at", at, "subject", types[t], NULL);
		if (e != GX_OK)
			return e;
		record_set_int(&r, "customer_id", customer);
		record_set_int(&r, "user_id", s->org->user_ids[user]);
		if (contact)
			record_set_int(&r, "contact_id", contact);
		app_stamp_job(s->app, &r);
		e = store_record_insert(s->app->store, &r, err);
		s->res->interactions++;
		if (by_owner && (!*last_by_owner || strcmp(at, *last_by_owner) > 0))
			*last_by_owner = at;
	}
	return e;
}

enum gx_err demo_generate_scale(struct app *app, const struct demo_opts *opts,
                                struct demo_org *org, struct demo_result *res,
                                struct gx_error *err)
{
	struct scale s = {.app = app, .opts = opts, .org = org, .res = res};
	demo_rng_seed(&s.rng, opts->seed ^ (uint64_t)opts->scale);
	enum gx_err e = gx_tz_open(app->settings.timezone, &s.tz, err);
	if (e != GX_OK)
		return e;
	gx_arena_init(&s.a, 0);
	s.now_ms = gx_now_ms();
	s.asof = gx_instant_local_date(s.now_ms, s.tz);
	s.start = gx_date_add_months(s.asof, -36);
	for (size_t u = 0; u < org->nusers && e == GX_OK; u++) {
		struct record r;
		if ((e = store_record_get(app->store, &entity_user, org->user_ids[u], &s.a, &r, err)) != GX_OK)
			break;
		s.dept[u] = record_int(&r, "department_id");
		s.team[u] = record_int(&r, "team_id");
		const char *role = org->users[u].role;
		if (org->users[u].region >= 0 && (strcmp(role, "sales") == 0 || strcmp(role, "manager") == 0))
			s.owners[s.nowners++] = (int)u;
		if (strcmp(role, "service") == 0 || strcmp(org->users[u].department, "SERVICE") == 0)
			s.service[s.nservice++] = (int)u;
	}
	/* Each batch is two transactions: the customers, then their orders and interactions. The
	 * search entries of the customers are written last in the first one: while the FTS5 index
	 * is part of a transaction, SQLite makes it flush its pending terms at the start of every
	 * later statement (virtual-table savepoints), which made each insert after it costly. */
	struct batch_row {
		struct record customer, contact;
		int org, owner;
	} *batch = gx_xcalloc(CUSTOMERS_PER_COMMIT, sizeof *batch);
	gx_arena_init(&s.batch_arena, 0);
	for (int64_t first = 0; first < opts->scale && e == GX_OK; first += CUSTOMERS_PER_COMMIT) {
		int64_t n = opts->scale - first < CUSTOMERS_PER_COMMIT ? opts->scale - first : CUSTOMERS_PER_COMMIT;
		gx_arena_reset(&s.batch_arena);
		if ((e = store_begin(app->store, err)) != GX_OK)
			break;
		for (int64_t k = 0; k < n && e == GX_OK; k++) {
			struct batch_row *b = &batch[k];
			b->org = demo_rng_chance(&s.rng, 0.3);
			b->owner = demo_rng_chance(&s.rng, 0.05) ? -1 : s.owners[demo_rng_below(&s.rng, s.nowners)];
			e = insert_customer(&s, (uint64_t)(first + k), b->org, b->owner, &b->customer, &b->contact, err);
		}
		for (int64_t k = 0; k < n && e == GX_OK; k++)
			if ((e = store_search_index_record(app->store, &batch[k].customer, err)) == GX_OK && batch[k].contact.id)
				e = store_search_index_record(app->store, &batch[k].contact, err);
		if (e != GX_OK || (e = store_commit(app->store, err)) != GX_OK ||
		    (e = store_begin(app->store, err)) != GX_OK)
			break;
		for (int64_t k = 0; k < n && e == GX_OK; k++) {
			gx_arena_reset(&s.a);
			const struct batch_row *b = &batch[k];
			const char *last_order = NULL, *last_touch = NULL;
			if ((e = insert_orders(&s, b->customer.id, b->org, b->owner, &last_order, err)) ||
			    (e = insert_interactions(&s, b->customer.id, b->contact.id, b->owner, &last_touch, err)))
				break;
			/* Orders and the owner's interactions are contact for the pool's recycle rule. */
			if (last_order && (e = store_customer_touch(app->store, b->customer.id, last_order, err)))
				break;
			if (last_touch && (e = store_customer_touch(app->store, b->customer.id, last_touch, err)))
				break;
		}
		if (e == GX_OK)
			e = store_dashboard_fold(app->store, 0, NULL, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		if (e == GX_OK && opts->progress)
			opts->progress(opts->ctx, "customers", first + n, opts->scale);
	}
	gx_arena_free(&s.batch_arena);
	free(batch);
	if (e != GX_OK && store_in_transaction(app->store))
		store_rollback(app->store);
	gx_arena_free(&s.a);
	gx_tz_free(s.tz);
	return e;
}
