/* The dashboard's figures (see guanxi/dashboard_store.h): grouped queries, the same SQL on
 * SQLite and PostgreSQL, each narrowed by the row scope inside the SQL. The customer KPIs and
 * order trends are sums over the rollup of migration 0020 (store/dashboard_rollup.c), whose
 * rows carry the scope key of their customers, so the scope predicate applies to them as it
 * does to customers. The scan they must equal, kept as the definition and as the fallback while
 * many customers wait to be folded: one pass over the live customers with indexed EXISTS probes
 * into the partial index
 * orders_dash (customer_id, order_date, kind, amount_fen) of migration 0015, grouped by a
 * small code (bit 1 bought in the last 12 months, bit 2 in the 12 before, bit 4 Tucker-loyal)
 * so that each probe runs once per customer; revenue and monthly buyers come from the same
 * index, driven by the scope's live customers. COUNT(CASE …) and CAST(SUM … AS BIGINT) keep the
 * results integers on both backends (PostgreSQL's SUM of bigints is numeric). */
#include <stdio.h>
#include <string.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/entity.h"
#include "guanxi/entity_service.h"
#include "guanxi/i18n.h"
#include "guanxi/sales.h"
#include "store/dashboard_rollup.h"
#include "store/driver.h"
#include "store/scope_sql.h"
#include "store/sql_params.h"

void dashboard_window_fill(struct dashboard_window *w, int32_t day, const struct gx_tz *tz, int64_t now_ms)
{
	char buf[GX_DATE_FMT_SIZE];
	gx_date_format(day, w->as_of);
	gx_date_format(gx_date_add_months(day, -12) + 1, w->active_from);
	gx_date_format(gx_date_add_months(day, -24) + 1, w->prior_from);
	int32_t month = gx_date_period_start(day, GX_PERIOD_MONTH);
	for (int i = 0; i < 4; i++)
		gx_date_format(gx_date_add_months(month, i - 3), w->loyal_month[i]);
	for (int m = 0; m < DASHBOARD_MONTHS; m++) {
		int32_t first = gx_date_add_months(month, m - (DASHBOARD_MONTHS - 1));
		gx_date_format(first, buf);
		snprintf(w->trend_month[m], sizeof w->trend_month[m], "%.7s", buf);
		if (m == 0)
			gx_date_format(first, w->trend_first);
		gx_instant_format(gx_instant_from_local_date(first, tz), w->trend_utc[m]);
	}
	gx_instant_format(gx_instant_from_local_date(day + 1, tz), w->trend_utc[DASHBOARD_MONTHS]);
	gx_instant_format(now_ms, w->now_utc);
}

#define LIVE_SALE "o.kind = 'sale' AND o.status <> 'cancelled' AND o.deleted_at IS NULL"

/* EXISTS a live sale of the current customer dated in [lo, hi) (or [lo, hi] when incl). */
static void bought(struct sql_build *b, const char *lo, const char *hi, int incl)
{
	sb_add(&b->sql, "EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id AND " LIVE_SALE
	                " AND o.order_date >= ");
	sqlb_param_text(b, lo);
	sb_add(&b->sql, incl ? " AND o.order_date <= " : " AND o.order_date < ");
	sqlb_param_text(b, hi);
	sb_addc(&b->sql, ')');
}

/* The trend month (0..11) an instant column falls in, -1 outside the trend. */
static void month_bucket(struct sql_build *b, const struct dashboard_window *w, const char *col)
{
	sb_printf(&b->sql, "CASE WHEN %s < ", col);
	sqlb_param_text(b, w->trend_utc[0]);
	sb_add(&b->sql, " THEN -1");
	for (int m = 0; m < DASHBOARD_MONTHS; m++) {
		sb_printf(&b->sql, " WHEN %s < ", col);
		sqlb_param_text(b, w->trend_utc[m + 1]);
		sb_printf(&b->sql, " THEN %d", m);
	}
	sb_add(&b->sql, " ELSE -1 END");
}

static int month_index(const struct dashboard_window *w, const char *ym)
{
	for (int m = 0; ym && m < DASHBOARD_MONTHS; m++)
		if (strncmp(w->trend_month[m], ym, 7) == 0)
			return m;
	return -1;
}

static void live_customers(struct store *s, struct sql_build *b)
{
	sb_add(&b->sql, "(SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL");
	scope_sql_where(s, &entity_customer, b);
	sb_addc(&b->sql, ')');
}

typedef void (*row_fn)(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                       struct dashboard_figures *out);

static enum gx_err run(struct store *s, struct sql_build *b, row_fn fn, const struct dashboard_window *w,
                       struct dashboard_figures *out, struct gx_error *err)
{
	enum gx_err e;
	struct db_stmt *st;
	if (b->overflow)
		e = gx_error_set(err, GX_EINVAL, NULL, "%s", _("the dashboard query has too many parameters"));
	else if ((e = db_prepare(s, sb_str(&b->sql), &st, err)) == GX_OK) {
		sqlb_bind(s, b, st);
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row)
			fn(s, st, w, out);
		db_reset(s, st);
	}
	sqlb_free(b);
	return e;
}

static void customer_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                         struct dashboard_figures *out)
{
	(void)w;
	int64_t k = db_col_i64(s, st, 0), m = db_col_i64(s, st, 1), n = db_col_i64(s, st, 2);
	out->total += n;
	out->pool += db_col_i64(s, st, 3);
	if (m >= 0 && m < DASHBOARD_MONTHS)
		out->new_customers[m] += n;
	out->active += (k & 1) ? n : 0;
	out->retained += (k & 3) == 3 ? n : 0;
	out->churned += (k & 3) == 2 ? n : 0;
	out->loyal += (k & 4) ? n : 0;
}

static enum gx_err customers_q(struct store *s, const struct dashboard_window *w, struct dashboard_figures *out,
                               struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	/* MATERIALIZED: grouped straight by k, PostgreSQL evaluated the probes again for the sort */
	sb_add(&b.sql, "WITH x AS MATERIALIZED (SELECT owner_id, CASE WHEN ");
	bought(&b, w->active_from, w->as_of, 1);
	/* Tucker's three months lie inside the last 12: probed only for the year's buyers */
	sb_add(&b.sql, " THEN 1 + CASE WHEN ");
	for (int i = 0; i < 3; i++) {
		if (i)
			sb_add(&b.sql, " AND ");
		bought(&b, w->loyal_month[i], w->loyal_month[i + 1], 0);
	}
	sb_add(&b.sql, " THEN 4 ELSE 0 END ELSE 0 END + CASE WHEN ");
	bought(&b, w->prior_from, w->active_from, 0);
	sb_add(&b.sql, " THEN 2 ELSE 0 END AS k, ");
	month_bucket(&b, w, "created_at");
	sb_add(&b.sql, " AS m FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL");
	scope_sql_where(s, &entity_customer, &b);
	sb_add(&b.sql, ") SELECT k, m, COUNT(*), COUNT(CASE WHEN owner_id IS NULL THEN 1 END) FROM x GROUP BY k, m");
	return run(s, &b, customer_row, w, out, err);
}

static void order_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                      struct dashboard_figures *out)
{
	int m = month_index(w, db_col_text(s, st, 0));
	if (m < 0)
		return;
	out->revenue_fen[m] = db_col_i64(s, st, 1);
	out->active_customers[m] = db_col_i64(s, st, 2);
}

static enum gx_err orders_q(struct store *s, const struct dashboard_window *w, struct dashboard_figures *out,
                            struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT substr(order_date, 1, 7), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT),"
	               " COUNT(DISTINCT CASE WHEN kind = 'sale' THEN customer_id END) FROM orders"
	               " WHERE status <> 'cancelled' AND deleted_at IS NULL AND order_date >= ");
	sqlb_param_text(&b, w->trend_first);
	sb_add(&b.sql, " AND order_date <= ");
	sqlb_param_text(&b, w->as_of);
	sb_add(&b.sql, " AND customer_id IN ");
	live_customers(s, &b);
	sb_add(&b.sql, " GROUP BY substr(order_date, 1, 7)");
	return run(s, &b, order_row, w, out, err);
}

static void open_ticket_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                            struct dashboard_figures *out)
{
	(void)w;
	out->open_complaints = db_col_i64(s, st, 0);
	out->overdue_tickets = db_col_i64(s, st, 1);
}

static void complaint_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                          struct dashboard_figures *out)
{
	(void)w;
	int64_t m = db_col_i64(s, st, 0);
	if (m >= 0 && m < DASHBOARD_MONTHS)
		out->complaints_opened[m] = db_col_i64(s, st, 1);
}

static enum gx_err tickets_q(struct store *s, const struct dashboard_window *w, struct dashboard_figures *out,
                             struct gx_error *err)
{
	/* the open condition of the partial index tickets_open_due, repeated exactly */
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT COUNT(CASE WHEN kind = 'complaint' THEN 1 END), COUNT(CASE WHEN due_at < ");
	sqlb_param_text(&b, w->now_utc);
	sb_add(&b.sql, " THEN 1 END) FROM tickets WHERE status IN ('received','assigned','processing')"
	               " AND deleted_at IS NULL");
	scope_sql_where(s, &entity_ticket, &b);
	enum gx_err e = run(s, &b, open_ticket_row, w, out, err);
	if (e != GX_OK)
		return e;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT m, COUNT(*) FROM (SELECT ");
	month_bucket(&b, w, "received_at");
	sb_add(&b.sql, " AS m FROM tickets WHERE kind = 'complaint' AND received_at >= ");
	sqlb_param_text(&b, w->trend_utc[0]);
	sb_add(&b.sql, " AND received_at < ");
	sqlb_param_text(&b, w->trend_utc[DASHBOARD_MONTHS]);
	sb_add(&b.sql, " AND deleted_at IS NULL");
	scope_sql_where(s, &entity_ticket, &b);
	sb_add(&b.sql, ") x GROUP BY m");
	return run(s, &b, complaint_row, w, out, err);
}

static void pipeline_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                         struct dashboard_figures *out)
{
	(void)w;
	out->open_deals = db_col_i64(s, st, 0);
	out->pipeline_fen = db_col_i64(s, st, 1);
	/* amount × probability in percent, rounded half up to a fen (amounts are never negative) */
	out->weighted_fen = (db_col_i64(s, st, 2) + 50) / 100;
}

static void won_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                    struct dashboard_figures *out)
{
	int m = month_index(w, db_col_text(s, st, 0));
	if (m >= 0)
		out->deals_won[m] = db_col_i64(s, st, 1);
}

static enum gx_err opportunities_q(struct store *s, const struct dashboard_window *w,
                                   struct dashboard_figures *out, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	/* summed per stage first: one stage lookup per stage, not per deal (Σ amount × p is the
	 * same integer either way) */
	sb_add(&b.sql, "SELECT CAST(COALESCE(SUM(o.c), 0) AS BIGINT), CAST(COALESCE(SUM(o.a), 0) AS BIGINT),"
	               " CAST(COALESCE(SUM(o.a * s.probability), 0) AS BIGINT)"
	               " FROM (SELECT stage_id, COUNT(*) AS c, SUM(amount_fen) AS a FROM opportunities"
	               " WHERE status = 'open' AND deleted_at IS NULL");
	scope_sql_where(s, &entity_opportunity, &b);
	sb_add(&b.sql, " GROUP BY stage_id) o JOIN pipeline_stages s ON s.id = o.stage_id");
	enum gx_err e = run(s, &b, pipeline_row, w, out, err);
	if (e != GX_OK)
		return e;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT substr(closed_date, 1, 7), COUNT(*) FROM opportunities WHERE status = 'won'"
	               " AND closed_date >= ");
	sqlb_param_text(&b, w->trend_first);
	sb_add(&b.sql, " AND closed_date <= ");
	sqlb_param_text(&b, w->as_of);
	sb_add(&b.sql, " AND deleted_at IS NULL");
	scope_sql_where(s, &entity_opportunity, &b);
	sb_add(&b.sql, " GROUP BY substr(closed_date, 1, 7)");
	return run(s, &b, won_row, w, out, err);
}

/* --- from the rollup ----------------------------------------------------------------------- */

static void status_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                       struct dashboard_figures *out)
{
	(void)w;
	const char *k = db_col_text(s, st, 0);
	int64_t n = db_col_i64(s, st, 1);
	switch (k ? *k : 0) {
	case 'A': out->active += n; break;
	case 'R': out->retained += n; break;
	case 'H': out->churned += n; break;
	case 'Y': out->loyal += n; break;
	default: break;
	}
}

static void live_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                     struct dashboard_figures *out)
{
	(void)w;
	int64_t n = db_col_i64(s, st, 1);
	out->total += n;
	out->pool += db_col_i64(s, st, 0) ? n : 0;
}

static void trend_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                      struct dashboard_figures *out)
{
	const char *k = db_col_text(s, st, 0);
	int m = month_index(w, db_col_text(s, st, 1));
	if (m < 0 || !k)
		return;
	if (*k == 'V')
		out->revenue_fen[m] += db_col_i64(s, st, 2);
	else
		out->active_customers[m] += db_col_i64(s, st, 2);
}

static void new_row(struct store *s, struct db_stmt *st, const struct dashboard_window *w,
                    struct dashboard_figures *out)
{
	(void)w;
	int64_t m = db_col_i64(s, st, 0);
	if (m >= 0 && m < DASHBOARD_MONTHS)
		out->new_customers[m] += db_col_i64(s, st, 1);
}

/* The rollup keeps creation instants by quarter hour: exact when every month edge is one
 * (local midnights are, in every zone's offsets since the 1970s; not in LMT). */
static int window_aligned(const struct dashboard_window *w)
{
	for (int m = 0; m <= DASHBOARD_MONTHS; m++) {
		const char *t = w->trend_utc[m];
		if (strlen(t) != 20 || strcmp(t + 16, ":00Z") != 0 || ((t[14] - '0') * 10 + (t[15] - '0')) % 15)
			return 0;
	}
	return 1;
}

static enum gx_err new_customers_q(struct store *s, const struct dashboard_window *w, int rollup,
                                   struct dashboard_figures *out, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT m, ");
	sb_add(&b.sql, rollup ? "CAST(SUM(n) AS BIGINT)" : "COUNT(*)");
	sb_add(&b.sql, " FROM (SELECT ");
	month_bucket(&b, w, rollup ? "stamp" : "created_at");
	sb_add(&b.sql, rollup ? " AS m, n FROM dash_rollup WHERE kind = 'C' AND stamp >= "
	                      : " AS m FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL AND created_at >= ");
	sqlb_param_text(&b, w->trend_utc[0]);
	sb_add(&b.sql, rollup ? " AND stamp < " : " AND created_at < ");
	sqlb_param_text(&b, w->trend_utc[DASHBOARD_MONTHS]);
	scope_sql_where(s, &entity_customer, &b);
	sb_add(&b.sql, ") x GROUP BY m");
	return run(s, &b, new_row, w, out, err);
}

static enum gx_err rollup_q(struct store *s, const struct dashboard_window *w, int aligned,
                            struct dashboard_figures *out, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT kind, CAST(SUM(n) AS BIGINT) FROM dash_rollup WHERE kind IN ('A', 'R', 'H', 'Y')"
	               " AND stamp <= ");
	sqlb_param_text(&b, w->as_of);
	scope_sql_where(s, &entity_customer, &b);
	sb_add(&b.sql, " GROUP BY kind");
	enum gx_err e = run(s, &b, status_row, w, out, err);
	if (e != GX_OK)
		return e;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT CASE WHEN owner_id IS NULL THEN 1 ELSE 0 END AS pool, CAST(SUM(n) AS BIGINT)"
	               " FROM dash_rollup WHERE kind = 'L'");
	scope_sql_where(s, &entity_customer, &b);
	sb_add(&b.sql, " GROUP BY CASE WHEN owner_id IS NULL THEN 1 ELSE 0 END");
	if ((e = run(s, &b, live_row, w, out, err)) != GX_OK)
		return e;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT kind, substr(stamp, 1, 7), CAST(SUM(n) AS BIGINT) FROM dash_rollup"
	               " WHERE kind IN ('V', 'B') AND stamp >= ");
	sqlb_param_text(&b, w->trend_first);
	sb_add(&b.sql, " AND stamp <= ");
	sqlb_param_text(&b, w->as_of);
	scope_sql_where(s, &entity_customer, &b);
	sb_add(&b.sql, " GROUP BY kind, substr(stamp, 1, 7)");
	if ((e = run(s, &b, trend_row, w, out, err)) != GX_OK)
		return e;
	return new_customers_q(s, w, aligned, out, err);
}

/* The customers not yet folded in: what the rollup has of them out, their current state in. */
static enum gx_err correct_dirty(struct store *s, const struct dashboard_window *w, int aligned,
                                 struct dashboard_figures *out, struct gx_error *err)
{
	for (int folded = 1; folded >= 0; folded--) {
		struct dash_cust *c;
		size_t n;
		enum gx_err e = dash_load(s, 0, -1, 1, folded, &c, &n, err);
		if (e != GX_OK)
			return e;
		for (size_t i = 0; i < n; i++)
			dash_cust_figures(&c[i], w, aligned, folded ? -1 : 1, out);
		dash_custs_free(c, n);
	}
	return GX_OK;
}

static enum gx_err customer_figures(struct store *s, const struct dashboard_window *w,
                                    struct dashboard_figures *out, struct gx_error *err)
{
	int64_t dirty = 0;
	enum gx_err e = store_dashboard_dirty(s, DASHBOARD_DIRTY_MAX + 1, &dirty, err);
	if (e != GX_OK)
		return e;
	if (dirty > DASHBOARD_DIRTY_MAX) {
		if ((e = customers_q(s, w, out, err)) != GX_OK)
			return e;
		return orders_q(s, w, out, err);
	}
	int aligned = window_aligned(w);
	if ((e = rollup_q(s, w, aligned, out, err)) != GX_OK)
		return e;
	return dirty ? correct_dirty(s, w, aligned, out, err) : GX_OK;
}

static void finish(const struct dashboard_window *w, struct dashboard_figures *out)
{
	out->new_this_month = out->new_customers[DASHBOARD_MONTHS - 1];
	out->revenue_month_fen = out->revenue_fen[DASHBOARD_MONTHS - 1];
	/* the 12 months always reach back to January of as_of's year */
	for (int m = 0; m < DASHBOARD_MONTHS; m++)
		if (strncmp(w->trend_month[m], w->as_of, 4) == 0)
			out->revenue_year_fen += out->revenue_fen[m];
}

/* The figures' statements must all read one snapshot: the rollup, the dirty marks and the
 * dirty customers' rows are read by separate statements, and a fold committed between them (a
 * PostgreSQL server folds in its background thread) would take the marks away after the
 * rollup was read without them, losing those customers' part. Inside a transaction or
 * store_read_begin's read transaction (SQLite's GETs) that holds already; otherwise the
 * figures take a read-only snapshot of their own (PostgreSQL's GETs, which run statement by
 * statement at READ COMMITTED). */
static enum gx_err in_snapshot(struct store *s, const struct dashboard_window *w, struct dashboard_figures *out,
                               int scan, struct gx_error *err)
{
	int own = s->tx_depth == 0 && !s->read_tx;
	enum gx_err e = own ? s->drv->tx_begin_snapshot(s, err) : GX_OK;
	if (e != GX_OK)
		return e;
	*out = (struct dashboard_figures){0};
	if (scan)
		e = customers_q(s, w, out, err);
	if (e == GX_OK)
		e = scan ? orders_q(s, w, out, err) : customer_figures(s, w, out, err);
	if (e == GX_OK && (e = tickets_q(s, w, out, err)) == GX_OK && (e = opportunities_q(s, w, out, err)) == GX_OK)
		finish(w, out);
	if (own)
		s->drv->tx_rollback(s);   /* read only: nothing to keep */
	return e;
}

enum gx_err store_dashboard_figures(struct store *s, const struct dashboard_window *w,
                                    struct dashboard_figures *out, struct gx_error *err)
{
	return in_snapshot(s, w, out, 0, err);
}

enum gx_err store_dashboard_figures_scan(struct store *s, const struct dashboard_window *w,
                                         struct dashboard_figures *out, struct gx_error *err)
{
	return in_snapshot(s, w, out, 1, err);
}

enum gx_err store_dashboard_latest_wave(struct store *s, const char *as_of, int64_t *wave_id,
                                        int *found, struct gx_error *err)
{
	static const char sql[] =
		"SELECT w.id FROM survey_waves w WHERE w.opens_on <= ? AND EXISTS"
		" (SELECT 1 FROM survey_responses r WHERE r.wave_id = w.id)"
		" ORDER BY w.closes_on DESC, w.id DESC LIMIT 1";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", as_of);
	int row = 0;
	*found = 0;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*wave_id = db_col_i64(s, st, 0);
		*found = 1;
	}
	db_reset(s, st);
	return e;
}
