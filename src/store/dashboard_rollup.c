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
#include <pthread.h>
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
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			sb_addc(sb, ';');
		sb_add_i64(sb, c->days[i].day);
		sb_addc(sb, ' ');
		sb_addc(sb, c->days[i].sale ? '1' : '0');
		sb_addc(sb, ' ');
		sb_add_i64(sb, (long long)c->days[i].amount);
	}
}

/* --- day arithmetic of the fold -----------------------------------------------------------
 * The fold evaluates a customer's status at some 26 days per sale day; through
 * gx_date_add_months (a civil-date conversion each way per call) that was 55 % of the CPU of a
 * fold of customers with orders. Each day is converted once here and the months added to its
 * year and month; the results are gx_date_add_months's. */

static int64_t month_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* gx_date_add_months of the day y-m-d. */
static int32_t ymd_add_months(int y, int m, int d, int months)
{
	int64_t total = (int64_t)y * 12 + (m - 1) + months;
	int ny = (int)month_floor_div(total, 12);
	int nm = (int)(total - (int64_t)ny * 12) + 1;
	int dim = gx_date_days_in_month(ny, nm);
	return gx_date_from_ymd(ny, nm, d > dim ? dim : d);
}

/* gx_date_format without printf (the same text, years clamped to 0–9999 alike). */
static void day_format(int32_t day, char out[GX_DATE_FMT_SIZE])
{
	int y, m, d;
	gx_date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
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
/* First days of the months from MT_FIRST_YEAR on, so that a day's month and the months around
 * it are table look-ups; days outside the table take the civil-date route. Filled once
 * (pthread_once: the server's threads fold too). */
#define MT_FIRST_YEAR 1900
#define MT_MONTHS (12 * 300)
static int32_t month_start[MT_MONTHS + 1];
static pthread_once_t month_start_once = PTHREAD_ONCE_INIT;

static void month_start_fill(void)
{
	for (int i = 0; i <= MT_MONTHS; i++)
		month_start[i] = gx_date_from_ymd(MT_FIRST_YEAR + i / 12, i % 12 + 1, 1);
}

/* The index of t's month in month_start when t and the 24 months either side are in the
 * table, else -1. */
static int month_index(int32_t t)
{
	pthread_once(&month_start_once, month_start_fill);
	if (t < month_start[24] || t >= month_start[MT_MONTHS - 25])
		return -1;
	int i = (int)((int64_t)(t - month_start[0]) * 4800 / 146097);   /* 400 years: 146,097 days */
	while (month_start[i] > t)
		i--;
	while (month_start[i + 1] <= t)
		i++;
	return i;
}

/* gx_date_add_months(t, k) for t = day d of month i of the table. */
static int32_t table_add_months(int i, int d, int k)
{
	int j = i + k, dim = month_start[j + 1] - month_start[j];
	return month_start[j] + (d > dim ? dim : d) - 1;
}

static int status_at(const struct dash_cust *c, int32_t t)
{
	int32_t from, prior, l[4];
	int i = month_index(t);
	if (i >= 0) {
		int d = t - month_start[i] + 1;
		from = table_add_months(i, d, -12) + 1;
		prior = table_add_months(i, d, -24) + 1;
		for (int k = 0; k < 4; k++)
			l[k] = month_start[i + k - 3];
	} else {
		int y, m, d;
		gx_date_to_ymd(t, &y, &m, &d);
		from = ymd_add_months(y, m, d, -12) + 1;
		prior = ymd_add_months(y, m, d, -24) + 1;
		for (int k = 0; k < 4; k++)   /* the three whole months before t's month, and its first day */
			l[k] = ymd_add_months(y, m, 1, k - 3);
	}
	int k = bought(c, from, t + 1) ? 1 : 0;
	k |= bought(c, prior, from) ? 2 : 0;
	if ((k & 1) && bought(c, l[0], l[1]) && bought(c, l[1], l[2]) && bought(c, l[2], l[3]))
		k |= 4;
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
			size_t len = strnlen(at, sizeof d->at - 1);
			memcpy(d->at, at, len);
			d->at[len] = '\0';
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
	size_t len = strnlen(created, size - 1);
	if (len >= 17 && size >= 21 && created[10] == 'T' && created[13] == ':' && created[14] >= '0' &&
	    created[14] <= '5' && created[15] >= '0' && created[15] <= '9' && created[16] == ':') {
		int mi = (created[14] - '0') * 10 + (created[15] - '0');
		mi -= mi % 15;
		memcpy(out, created, 14);   /* "YYYY-MM-DDTHH:" then the quarter, "MM:00Z" */
		out[14] = (char)('0' + mi / 10);
		out[15] = (char)('0' + mi % 10);
		memcpy(out + 16, ":00Z", 5);
	} else {
		memcpy(out, created, len);
		out[len] = '\0';
	}
}

static int sale_day_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Sorts the (few dozen) candidate days of one customer: insertion sort, no qsort callback. */
static void days_sort(int32_t *v, size_t n)
{
	if (n > 256) {
		qsort(v, n, sizeof *v, sale_day_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		int32_t x = v[i];
		size_t j = i;
		for (; j && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
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
	int32_t cand_small[13 * 8], *cand = c->n <= 8 ? cand_small : gx_xmalloc((c->n * 13 + 1) * sizeof *cand);
	const int32_t max_day = gx_date_from_ymd(9999, 12, 1);
	for (size_t i = 0; i < c->n; i++) {
		const struct dash_day *d = &c->days[i];
		if (d->amount) {
			day_format(d->day, at);
			delta_add(m, 'V', at, c, sign * d->amount);
		}
		if (!d->sale || d->day >= max_day)
			continue;
		int y, mo, dd;
		gx_date_to_ymd(d->day, &y, &mo, &dd);
		int32_t month = d->day - (dd - 1);
		if (month != last_month) {   /* the month's first sale day */
			day_format(d->day, at);
			delta_add(m, 'B', at, c, sign);
			last_month = month;
		}
		cand[ncand++] = d->day;
		for (int yr = 12; yr <= 24; yr += 12) {
			int32_t e = ymd_add_months(y, mo, dd, yr);
			for (int k = -1; k <= 2; k++)
				cand[ncand++] = e + k;
		}
		for (int k = 1; k <= 4; k++)
			cand[ncand++] = ymd_add_months(y, mo, 1, k);
	}
	days_sort(cand, ncand);
	int32_t prev_day = INT32_MIN;
	int prev_status = 0;
	for (size_t i = 0; i < ncand; i++) {
		if (cand[i] == prev_day || cand[i] > max_day)
			continue;
		/* candidates come in runs of consecutive days: the day before is often the last one */
		int before = cand[i] - 1 == prev_day ? prev_status : status_at(c, cand[i] - 1);
		int now = status_at(c, cand[i]);
		prev_day = cand[i];
		prev_status = now;
		if (now == before)
			continue;
		day_format(cand[i], at);
		for (int w = 0; w < 4; w++)
			delta_add(m, status_kinds[w], at, c, sign * (measure(now, w) - measure(before, w)));
	}
	if (cand != cand_small)
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

/* "col IN <the dirty ids in [lo, hi]>" (every dirty id when hi < lo). dense: every id of [lo,
 * hi] is dirty (the fold counted them), as after a bulk load of new rows: the condition is then
 * the range itself, which the queries walk by their index without building and probing a set. */
static void dirty_where(struct sql_build *b, const char *col, int64_t lo, int64_t hi, int dense)
{
	sb_add(&b->sql, col);
	if (dense && hi >= lo) {
		sb_add(&b->sql, " >= ");
		sqlb_param_i64(b, lo);
		sb_add(&b->sql, " AND ");
		sb_add(&b->sql, col);
		sb_add(&b->sql, " <= ");
		sqlb_param_i64(b, hi);
		return;
	}
	sb_add(&b->sql, " IN (SELECT customer_id FROM dash_dirty");
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
			size_t len = created ? strnlen(created, sizeof c->created_at - 1) : 0;
			memcpy(c->created_at, created ? created : "", len);
			c->created_at[len] = '\0';
			if (folded)
				cust_parse_sales(c, db_col_text(s, st, 5));
		}
		db_reset(s, st);
	}
	sqlb_free(b);
	return e;
}

static enum gx_err load_set(struct store *s, int64_t lo, int64_t hi, int dense, int scoped, int folded,
                           struct dash_cust **out, size_t *n, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	if (folded) {
		sb_add(&b.sql, "SELECT customer_id, owner_id, team_id, department_id, created_at, sales FROM dash_customers"
		               " WHERE ");
		dirty_where(&b, "customer_id", lo, hi, dense);
	} else {
		sb_add(&b.sql, "SELECT id, owner_id, team_id, department_id, created_at FROM customers WHERE ");
		dirty_where(&b, "id", lo, hi, dense);
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
	               " WHERE " LIVE_ORDER " AND ");
	dirty_where(&b, "customer_id", lo, hi, dense);
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

enum gx_err dash_load(struct store *s, int64_t lo, int64_t hi, int scoped, int folded, struct dash_cust **out,
                      size_t *n, struct gx_error *err)
{
	return load_set(s, lo, hi, 0, scoped, folded, out, n, err);
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

/* Writes what the customers now contribute (dash_customers), up to DASH_ROWS rows per INSERT. */
#define DASH_ROWS 32
static enum gx_err write_contributions(struct store *s, const struct dash_cust *cur, size_t ncur,
                                       struct gx_error *err)
{
	static const char head[] = "INSERT INTO dash_customers (customer_id, owner_id, team_id, department_id,"
	                           " created_at, sales) VALUES ";
	static const char tuple[] = "(?, ?, ?, ?, ?, ?)";
	char sql[sizeof head + DASH_ROWS * (sizeof tuple + 2)];
	struct strbuf sales[DASH_ROWS];
	for (size_t i = 0; i < DASH_ROWS; i++)
		sb_init(&sales[i]);
	enum gx_err e = GX_OK;
	while (ncur && e == GX_OK) {
		size_t k = ncur < DASH_ROWS ? ncur : DASH_ROWS;
		sql_multirow_text(sql, head, tuple, k);
		struct db_stmt *st;
		if ((e = db_prepare(s, sql, &st, err)) != GX_OK)
			break;
		int p = 1;
		for (size_t i = 0; i < k; i++) {
			const struct dash_cust *c = &cur[i];
			sb_reset(&sales[i]);
			cust_format_sales(c, &sales[i]);
			s->drv->bind_i64(st, p++, c->id);
			for (int j = 0; j < 3; j++) {
				if (c->null[j])
					s->drv->bind_null(st, p++);
				else
					s->drv->bind_i64(st, p++, c->key[j]);
			}
			s->drv->bind_text(st, p++, c->created_at);
			s->drv->bind_text(st, p++, sb_str(&sales[i]));
		}
		int row = 0;
		e = db_step(s, st, &row, err);
		db_reset(s, st);
		cur += k;
		ncur -= k;
	}
	for (size_t i = 0; i < DASH_ROWS; i++)
		sb_free(&sales[i]);
	return e;
}

/* Folds the dirty customers with ids in [lo, hi]; dense: all of [lo, hi] is dirty. */
static enum gx_err fold_batch(struct store *s, int64_t lo, int64_t hi, int dense, struct delta_map *m,
                              struct gx_error *err)
{
	struct dash_cust *old = NULL, *cur = NULL;
	size_t nold = 0, ncur = 0;
	enum gx_err e = load_set(s, lo, hi, dense, 0, 1, &old, &nold, err);
	if (e == GX_OK)
		e = load_set(s, lo, hi, dense, 0, 0, &cur, &ncur, err);
	for (size_t i = 0; e == GX_OK && i < nold; i++)
		contribute(m, &old[i], -1);
	for (size_t i = 0; e == GX_OK && i < ncur; i++)
		contribute(m, &cur[i], 1);
	struct sql_build b;
	if (e == GX_OK && nold) {   /* the rows just read as old, and no others */
		sqlb_init(&b);
		sb_add(&b.sql, "DELETE FROM dash_customers WHERE ");
		dirty_where(&b, "customer_id", lo, hi, dense);
		struct db_stmt *st;
		int row;
		if ((e = run_build(s, &b, &st, err)) == GX_OK) {
			e = db_step(s, st, &row, err);
			db_reset(s, st);
		}
		sqlb_free(&b);
	}
	if (e == GX_OK)
		e = write_contributions(s, cur, ncur, err);
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
		e = fold_batch(s, lo, hi, hi - lo + 1 == count, &m, err);
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
