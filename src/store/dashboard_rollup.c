/* The dashboard's rollup (migration 0020, docs/architecture.md "Dashboard rollup"): what each
 * customer contributes to the dashboard's customer KPIs and order trends, kept per scope key
 * (owner, team, department: the columns the row scopes test) so that the dashboard sums a few
 * thousand rows within the caller's scope instead of probing a million customers' orders.
 *
 * A customer's status as of a day T (active, retained, churned, loyal) is a step function of T
 * that changes only near its sale days (the day itself, a year and two years later, and the
 * first days of the four months after), so the rollup stores +1/-1 at the days where it changes
 * and the count as of T is the sum up to T. Revenue is kept by order date and buyers by the
 * customer's first sale day of each month, which makes the partial current month exact too.
 *
 * Triggers mark every customer whose orders or scope key change (dash_dirty); the fold takes a
 * dirty customer's last contribution back (dash_customers keeps it) and adds the current one,
 * in the caller's transaction. The reader adds, for customers still dirty, the difference
 * between their current and their folded contribution, so the figures are exact even before a
 * fold (raw SQL, db copy). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/entity.h"
#include "guanxi/i18n.h"
#include "store/dashboard_rollup.h"
#include "store/driver.h"
#include "store/scope_sql.h"
#include "store/sql_params.h"

#define LIVE_ORDER "status <> 'cancelled' AND deleted_at IS NULL"
#define FOLD_BATCH 2000

/* --- one customer ------------------------------------------------------------------------ */

static void cust_free(struct dash_cust *c)
{
	free(c->days);
	c->days = NULL;
	c->n = c->cap = 0;
}

void dash_custs_free(struct dash_cust *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cust_free(&c[i]);
	free(c);
}

/* Adds the live orders of one day (they arrive sorted by date). */
static void cust_add(struct dash_cust *c, int32_t day, int sale, int64_t amount)
{
	if (c->n && c->days[c->n - 1].day == day) {
		c->days[c->n - 1].sale |= sale;
		c->days[c->n - 1].amount += amount;
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->days = gx_xrealloc(c->days, c->cap * sizeof *c->days);
	}
	c->days[c->n++] = (struct dash_day){day, sale, amount};
}

static void cust_parse_sales(struct dash_cust *c, const char *text)
{
	const char *p = text;
	while (p && *p) {
		char *end;
		long long day = strtoll(p, &end, 10);
		long sale = strtol(end, &end, 10);
		long long amount = strtoll(end, &end, 10);
		cust_add(c, (int32_t)day, sale != 0, amount);
		p = strchr(end, ';');
		if (p)
			p++;
	}
}

static void cust_format_sales(const struct dash_cust *c, struct strbuf *sb)
{
	for (size_t i = 0; i < c->n; i++)
		sb_printf(sb, "%s%d %d %lld", i ? ";" : "", (int)c->days[i].day, c->days[i].sale,
		          (long long)c->days[i].amount);
}

/* Any sale day in [lo, hi). */
static int bought(const struct dash_cust *c, int32_t lo, int32_t hi)
{
	size_t a = 0, b = c->n;
	while (a < b) {   /* first day >= lo */
		size_t m = (a + b) / 2;
		if (c->days[m].day < lo)
			a = m + 1;
		else
			b = m;
	}
	for (; a < c->n && c->days[a].day < hi; a++)
		if (c->days[a].sale)
			return 1;
	return 0;
}

/* The status bits as of day t, the windows as dashboard_window_fill draws them: 1 active,
 * 2 bought in the 12 months before, 4 loyal (Tucker, only among the active). */
static int status_at(const struct dash_cust *c, int32_t t)
{
	int32_t from = gx_date_add_months(t, -12) + 1, prior = gx_date_add_months(t, -24) + 1;
	int k = bought(c, from, t + 1) ? 1 : 0;
	k |= bought(c, prior, from) ? 2 : 0;
	if (k & 1) {
		int32_t month = gx_date_period_start(t, GX_PERIOD_MONTH), l[4];
		for (int i = 0; i < 4; i++)
			l[i] = gx_date_add_months(month, i - 3);
		if (bought(c, l[0], l[1]) && bought(c, l[1], l[2]) && bought(c, l[2], l[3]))
			k |= 4;
	}
	return k;
}

static int measure(int k, int which)
{
	switch (which) {
	case 0: return k & 1;                 /* active */
	case 1: return (k & 3) == 3;          /* retained */
	case 2: return (k & 3) == 2;          /* churned */
	default: return (k & 4) != 0;         /* loyal */
	}
}

static const char status_kinds[4] = {'A', 'R', 'H', 'Y'};

/* --- the rollup's deltas, summed in memory before they are written ------------------------ */

struct delta {
	char kind;
	char at[GX_INSTANT_FMT_SIZE];
	int64_t key[3];
	unsigned char null[3];
	int64_t n;
	int used;
};

struct delta_map {
	struct delta *e;
	size_t cap, len;
};

static uint64_t delta_hash(char kind, const char *at, const int64_t *key, const unsigned char *null)
{
	uint64_t h = 1469598103934665603ULL ^ (unsigned char)kind;
	for (const char *p = at; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (int i = 0; i < 3; i++)
		h = (h ^ (uint64_t)(null[i] ? -1 : key[i])) * 1099511628211ULL;
	return h;
}

static void delta_add(struct delta_map *m, char kind, const char *at, const struct dash_cust *c, int64_t n)
{
	if (!n)
		return;
	if ((m->len + 1) * 2 > m->cap) {
		struct delta_map bigger = {gx_xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(struct delta)),
		                           m->cap ? m->cap * 2 : 1024, 0};
		for (size_t i = 0; i < m->cap; i++)
			if (m->e[i].used)
				for (size_t j = delta_hash(m->e[i].kind, m->e[i].at, m->e[i].key, m->e[i].null) &
				                (bigger.cap - 1);; j = (j + 1) & (bigger.cap - 1))
					if (!bigger.e[j].used) {
						bigger.e[j] = m->e[i];
						bigger.len++;
						break;
					}
		free(m->e);
		*m = bigger;
	}
	for (size_t j = delta_hash(kind, at, c->key, c->null) & (m->cap - 1);; j = (j + 1) & (m->cap - 1)) {
		struct delta *d = &m->e[j];
		if (!d->used) {
			*d = (struct delta){.kind = kind, .n = n, .used = 1};
			snprintf(d->at, sizeof d->at, "%s", at);
			memcpy(d->key, c->key, sizeof d->key);
			memcpy(d->null, c->null, sizeof d->null);
			m->len++;
			return;
		}
		if (d->kind == kind && strcmp(d->at, at) == 0 && memcmp(d->null, c->null, sizeof d->null) == 0 &&
		    (d->null[0] || d->key[0] == c->key[0]) && (d->null[1] || d->key[1] == c->key[1]) &&
		    (d->null[2] || d->key[2] == c->key[2])) {
			d->n += n;
			return;
		}
	}
}

/* The creation instant as the rollup keeps it: floored to the quarter hour when it has the
 * store's form (every zone's local midnight falls on a quarter hour, see dash_window_aligned),
 * else as it is. */
static void created_at_key(const char *created, char *out, size_t size)
{
	if (strlen(created) >= 17 && created[10] == 'T' && created[13] == ':' && created[14] >= '0' &&
	    created[14] <= '5' && created[15] >= '0' && created[15] <= '9' && created[16] == ':') {
		int mi = (created[14] - '0') * 10 + (created[15] - '0');
		snprintf(out, size, "%.14s%02d:00Z", created, mi - mi % 15);
	} else {
		snprintf(out, size, "%s", created);
	}
}

static int sale_day_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Adds sign × the customer's whole contribution to the map. */
static void contribute(struct delta_map *m, const struct dash_cust *c, int sign)
{
	char at[GX_INSTANT_FMT_SIZE];
	delta_add(m, 'L', "", c, sign);
	created_at_key(c->created_at, at, sizeof at);
	delta_add(m, 'C', at, c, sign);
	int32_t last_month = INT32_MIN;
	size_t ncand = 0;
	int32_t *cand = gx_xmalloc((c->n * 13 + 1) * sizeof *cand);
	const int32_t max_day = gx_date_from_ymd(9999, 12, 1);
	for (size_t i = 0; i < c->n; i++) {
		const struct dash_day *d = &c->days[i];
		if (d->amount) {
			gx_date_format(d->day, at);
			delta_add(m, 'V', at, c, sign * d->amount);
		}
		if (!d->sale || d->day >= max_day)
			continue;
		int32_t month = gx_date_period_start(d->day, GX_PERIOD_MONTH);
		if (month != last_month) {   /* the month's first sale day */
			gx_date_format(d->day, at);
			delta_add(m, 'B', at, c, sign);
			last_month = month;
		}
		cand[ncand++] = d->day;
		for (int y = 12; y <= 24; y += 12) {
			int32_t e = gx_date_add_months(d->day, y);
			for (int k = -1; k <= 2; k++)
				cand[ncand++] = e + k;
		}
		for (int k = 1; k <= 4; k++)
			cand[ncand++] = gx_date_add_months(month, k);
	}
	qsort(cand, ncand, sizeof *cand, sale_day_cmp);
	int32_t prev_day = INT32_MIN;
	for (size_t i = 0; i < ncand; i++) {
		if (cand[i] == prev_day || cand[i] > max_day)
			continue;
		prev_day = cand[i];
		int now = status_at(c, cand[i]), before = status_at(c, cand[i] - 1);
		if (now == before)
			continue;
		gx_date_format(cand[i], at);
		for (int w = 0; w < 4; w++)
			delta_add(m, status_kinds[w], at, c, sign * (measure(now, w) - measure(before, w)));
	}
	free(cand);
}

void dash_cust_figures(const struct dash_cust *c, const struct dashboard_window *w, int with_new, int sign,
                       struct dashboard_figures *out)
{
	int32_t t = 0, first = 0;
	struct gx_error ignored;
	if (gx_date_parse(w->as_of, &t, NULL, &ignored) != GX_OK ||
	    gx_date_parse(w->trend_first, &first, NULL, &ignored) != GX_OK)
		return;
	out->total += sign;
	out->pool += c->null[0] ? sign : 0;
	if (with_new)
		for (int m = 0; m < DASHBOARD_MONTHS; m++)
			if (strcmp(c->created_at, w->trend_utc[m]) >= 0 && strcmp(c->created_at, w->trend_utc[m + 1]) < 0)
				out->new_customers[m] += sign;
	int k = status_at(c, t);
	out->active += sign * measure(k, 0);
	out->retained += sign * measure(k, 1);
	out->churned += sign * measure(k, 2);
	out->loyal += sign * measure(k, 3);
	for (int m = 0; m < DASHBOARD_MONTHS; m++) {
		int32_t lo = gx_date_add_months(first, m), hi = gx_date_add_months(first, m + 1);
		if (hi > t + 1)
			hi = t + 1;
		out->active_customers[m] += bought(c, lo, hi) ? sign : 0;
		for (size_t i = 0; i < c->n; i++)
			if (c->days[i].day >= lo && c->days[i].day < hi)
				out->revenue_fen[m] += sign * c->days[i].amount;
	}
}

/* --- loading customers ------------------------------------------------------------------ */

static struct dash_cust *find(struct dash_cust *c, size_t n, int64_t id)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (c[m].id < id)
			a = m + 1;
		else if (c[m].id > id)
			b = m;
		else
			return &c[m];
	}
	return NULL;
}

static enum gx_err run_build(struct store *s, struct sql_build *b, struct db_stmt **st, struct gx_error *err)
{
	if (b->overflow)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("the dashboard query has too many parameters"));
	enum gx_err e = db_prepare(s, sb_str(&b->sql), st, err);
	if (e == GX_OK)
		sqlb_bind(s, b, *st);
	return e;
}

/* The dirty ids in [lo, hi] (all of them when hi < lo), as an SQL set. */
static void dirty_set(struct sql_build *b, int64_t lo, int64_t hi)
{
	sb_add(&b->sql, "(SELECT customer_id FROM dash_dirty");
	if (hi >= lo) {
		sb_add(&b->sql, " WHERE customer_id >= ");
		sqlb_param_i64(b, lo);
		sb_add(&b->sql, " AND customer_id <= ");
		sqlb_param_i64(b, hi);
	}
	sb_addc(&b->sql, ')');
}

static void read_key(struct store *s, struct db_stmt *st, int col, struct dash_cust *c)
{
	for (int i = 0; i < 3; i++) {
		c->null[i] = (unsigned char)db_col_is_null(s, st, col + i);
		c->key[i] = c->null[i] ? 0 : db_col_i64(s, st, col + i);
	}
}

static enum gx_err load_rows(struct store *s, struct sql_build *b, int folded, struct dash_cust **out, size_t *n,
                             struct gx_error *err)
{
	struct db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	enum gx_err e = run_build(s, b, &st, err);
	if (e == GX_OK) {
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				*out = gx_xrealloc(*out, cap * sizeof **out);
			}
			struct dash_cust *c = &(*out)[(*n)++];
			*c = (struct dash_cust){.id = db_col_i64(s, st, 0)};
			read_key(s, st, 1, c);
			const char *created = db_col_text(s, st, 4);
			snprintf(c->created_at, sizeof c->created_at, "%s", created ? created : "");
			if (folded)
				cust_parse_sales(c, db_col_text(s, st, 5));
		}
		db_reset(s, st);
	}
	sqlb_free(b);
	return e;
}

enum gx_err dash_load(struct store *s, int64_t lo, int64_t hi, int scoped, int folded, struct dash_cust **out,
                      size_t *n, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	if (folded) {
		sb_add(&b.sql, "SELECT customer_id, owner_id, team_id, department_id, created_at, sales FROM dash_customers"
		               " WHERE customer_id IN ");
		dirty_set(&b, lo, hi);
	} else {
		sb_add(&b.sql, "SELECT id, owner_id, team_id, department_id, created_at FROM customers WHERE id IN ");
		dirty_set(&b, lo, hi);
		sb_add(&b.sql, " AND deleted_at IS NULL AND merged_into IS NULL");
	}
	if (scoped)
		scope_sql_where(s, &entity_customer, &b);
	sb_add(&b.sql, folded ? " ORDER BY customer_id" : " ORDER BY id");
	enum gx_err e = load_rows(s, &b, folded, out, n, err);
	if (e != GX_OK || folded || !*n)
		return e;
	/* their live orders, merged per day */
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT customer_id, order_date, CASE WHEN kind = 'sale' THEN 1 ELSE 0 END, amount_fen FROM orders"
	               " WHERE " LIVE_ORDER " AND customer_id IN ");
	dirty_set(&b, lo, hi);
	sb_add(&b.sql, " ORDER BY customer_id, order_date");
	struct db_stmt *st;
	if ((e = run_build(s, &b, &st, err)) == GX_OK) {
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
			struct dash_cust *c = find(*out, *n, db_col_i64(s, st, 0));
			int32_t day;
			struct gx_error ignored;
			if (c && gx_date_parse(db_col_text(s, st, 1), &day, NULL, &ignored) == GX_OK)
				cust_add(c, day, db_col_i64(s, st, 2) != 0, db_col_i64(s, st, 3));
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	if (e != GX_OK) {
		dash_custs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return e;
}

/* --- the fold --------------------------------------------------------------------------- */

/* " AND col = ?" per keyed column, " AND col IS NULL" per empty one: the statement text
 * depends only on which columns are NULL (eight forms), so the statement cache keeps them. */
static void key_where(struct strbuf *sb, const struct delta *d)
{
	static const char *const cols[3] = {"owner_id", "team_id", "department_id"};
	sb_add(sb, " WHERE kind = ? AND stamp = ?");
	for (int k = 0; k < 3; k++)
		sb_printf(sb, d->null[k] ? " AND %s IS NULL" : " AND %s = ?", cols[k]);
}

/* Adds each delta to its rollup row: created when missing, removed when it comes to zero (the
 * reader sums rows, so a zero row is only clutter; removing it here, by its key, spares a scan
 * of the whole table per fold). */
static enum gx_err apply(struct store *s, struct delta_map *m, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	struct strbuf where, sql;
	sb_init(&where);
	sb_init(&sql);
	for (size_t i = 0; i < m->cap && e == GX_OK; i++) {
		const struct delta *d = &m->e[i];
		if (!d->used || !d->n)
			continue;
		char kind[2] = {d->kind, 0}, types[8] = "itt";
		int64_t keys[3] = {0};
		int nk = 0;
		for (int k = 0; k < 3; k++)
			if (!d->null[k]) {
				keys[nk++] = d->key[k];
				types[2 + nk] = 'i';
			}
		sb_reset(&where);
		key_where(&where, d);
		sb_reset(&sql);
		sb_printf(&sql, "UPDATE dash_rollup SET n = n + ?%s RETURNING n", sb_str(&where));
		int64_t now = 0;
		int found = 0;
		e = db_query_i64(s, sb_str(&sql), &now, &found, err, types, d->n, kind, d->at, keys[0], keys[1], keys[2]);
		if (e == GX_OK && !found)   /* 'I': 0 binds NULL (ids start at 1) */
			e = db_exec(s, "INSERT INTO dash_rollup (owner_id, team_id, department_id, kind, stamp, n)"
			               " VALUES (?, ?, ?, ?, ?, ?)", NULL, err, "IIItti", d->key[0], d->key[1], d->key[2],
			            kind, d->at, d->n);
		else if (e == GX_OK && now == 0) {
			sb_reset(&sql);
			sb_printf(&sql, "DELETE FROM dash_rollup%s AND n = 0", sb_str(&where));
			e = db_exec(s, sb_str(&sql), NULL, err, types + 1, kind, d->at, keys[0], keys[1], keys[2]);
		}
	}
	sb_free(&where);
	sb_free(&sql);
	return e;
}

static enum gx_err fold_batch(struct store *s, int64_t lo, int64_t hi, struct delta_map *m, struct gx_error *err)
{
	struct dash_cust *old = NULL, *cur = NULL;
	size_t nold = 0, ncur = 0;
	enum gx_err e = dash_load(s, lo, hi, 0, 1, &old, &nold, err);
	if (e == GX_OK)
		e = dash_load(s, lo, hi, 0, 0, &cur, &ncur, err);
	for (size_t i = 0; e == GX_OK && i < nold; i++)
		contribute(m, &old[i], -1);
	for (size_t i = 0; e == GX_OK && i < ncur; i++)
		contribute(m, &cur[i], 1);
	struct sql_build b;
	if (e == GX_OK) {
		sqlb_init(&b);
		sb_add(&b.sql, "DELETE FROM dash_customers WHERE customer_id IN ");
		dirty_set(&b, lo, hi);
		struct db_stmt *st;
		int row;
		if ((e = run_build(s, &b, &st, err)) == GX_OK) {
			e = db_step(s, st, &row, err);
			db_reset(s, st);
		}
		sqlb_free(&b);
	}
	struct strbuf sales;
	sb_init(&sales);
	for (size_t i = 0; e == GX_OK && i < ncur; i++) {
		const struct dash_cust *c = &cur[i];
		sb_reset(&sales);
		cust_format_sales(c, &sales);
		e = db_exec(s, "INSERT INTO dash_customers (customer_id, owner_id, team_id, department_id, created_at, sales)"
		               " VALUES (?, ?, ?, ?, ?, ?)", NULL, err, "iIIItt", c->id, c->key[0], c->key[1], c->key[2],
		            c->created_at, sb_str(&sales));
	}
	sb_free(&sales);
	if (e == GX_OK)
		e = db_exec(s, "DELETE FROM dash_dirty WHERE customer_id >= ? AND customer_id <= ?", NULL, err, "ii", lo, hi);
	dash_custs_free(old, nold);
	dash_custs_free(cur, ncur);
	return e;
}

/* Folds the dirty customers with ids in [from, to], at most max of them (all when max <= 0). */
static enum gx_err fold_range(struct store *s, int64_t from, int64_t to, int64_t max, int64_t *folded,
                              struct gx_error *err)
{
	struct delta_map m = {0};
	enum gx_err e = GX_OK;
	int64_t done = 0;
	struct store_scope saved, all = {.kind = STORE_SCOPE_ALL};
	store_scope_get(s, &saved);
	store_scope_set(s, &all);
	while (e == GX_OK && (max <= 0 || done < max)) {
		/* the batch: the next FOLD_BATCH dirty ids (never more than max in all) */
		int64_t limit = FOLD_BATCH, lo = 0, hi = -1, count = 0;
		if (max > 0 && max - done < limit)
			limit = max - done;
		struct db_stmt *st;
		if ((e = db_prepare(s, "SELECT customer_id FROM dash_dirty WHERE customer_id >= ? AND customer_id <= ?"
		                       " ORDER BY customer_id LIMIT ?", &st, err)) != GX_OK)
			break;
		db_bindv(s, st, "iii", from, to, limit);
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
			hi = db_col_i64(s, st, 0);
			if (!count++)
				lo = hi;
		}
		db_reset(s, st);
		if (e != GX_OK || !count)
			break;
		e = fold_batch(s, lo, hi, &m, err);
		done += count;
	}
	if (e == GX_OK)
		e = apply(s, &m, err);
	free(m.e);
	store_scope_set(s, &saved);
	if (folded)
		*folded = done;
	return e;
}

enum gx_err store_dashboard_fold(struct store *s, int64_t max, int64_t *folded, struct gx_error *err)
{
	return fold_range(s, 1, INT64_MAX, max, folded, err);
}

enum gx_err store_dashboard_fold_customer(struct store *s, int64_t customer_id, struct gx_error *err)
{
	if (s->defer_dashboard)
		return GX_OK;
	return customer_id > 0 ? fold_range(s, customer_id, customer_id, 0, NULL, err) : GX_OK;
}

void store_dashboard_defer(struct store *s, int on)
{
	s->defer_dashboard = on;
}

enum gx_err store_dashboard_rebuild(struct store *s, int64_t *customers, struct gx_error *err)
{
	enum gx_err e = store_begin(s, err);
	if (e != GX_OK)
		return e;
	if ((e = db_exec_script(s, "DELETE FROM dash_rollup; DELETE FROM dash_customers; DELETE FROM dash_dirty;"
	                           " INSERT INTO dash_dirty (customer_id) SELECT id FROM customers", err)) != GX_OK ||
	    (e = store_dashboard_fold(s, 0, customers, err)) != GX_OK) {
		store_rollback(s);
		return e;
	}
	return store_commit(s, err);
}

enum gx_err store_dashboard_dirty(struct store *s, int64_t limit, int64_t *n, struct gx_error *err)
{
	return db_query_i64(s, "SELECT COUNT(*) FROM (SELECT customer_id FROM dash_dirty LIMIT ?) x", n, NULL, err, "i",
	                    limit);
}
