/* The analytics pages' aggregates (see guanxi/chart_store.h). Every statement narrows to the
 * live customers of the store's row scope through one subquery on customers, so the scope
 * predicate (scope_sql.c) sees only the customers table's own columns. Sums of integers are
 * cast to BIGINT because PostgreSQL's SUM of bigint is numeric; NULL groups sort last on both
 * backends by an explicit CASE (SQLite sorts NULL first, PostgreSQL last). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/chart_store.h"
#include "guanxi/entity.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/scope_sql.h"
#include "store/sql_params.h"

const double chart_clv_edges_yuan[] = {0, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000};
const size_t chart_clv_nbins = sizeof chart_clv_edges_yuan / sizeof *chart_clv_edges_yuan;
const int chart_recency_edges_days[] = {0, 30, 90, 180, 365, 730};
const size_t chart_recency_nbins = sizeof chart_recency_edges_days / sizeof *chart_recency_edges_days;
const int chart_frequency_edges[] = {1, 2, 3, 5, 8, 13};
const size_t chart_frequency_nbins = sizeof chart_frequency_edges / sizeof *chart_frequency_edges;

/* Appends "(SELECT id FROM customers WHERE <live> <scope>)". */
static void live_customers(struct store *s, struct sql_build *b)
{
	sb_add(&b->sql, "(SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL");
	scope_sql_where(s, &entity_customer, b);
	sb_addc(&b->sql, ')');
}

static enum gx_err prepare(struct store *s, struct sql_build *b, struct db_stmt **st, struct gx_error *err)
{
	if (b->overflow)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("the chart query has too many parameters"));
	enum gx_err e = db_prepare(s, sb_str(&b->sql), st, err);
	if (e == GX_OK)
		sqlb_bind(s, b, *st);
	return e;
}

enum gx_err store_chart_score_run(struct store *s, struct gx_arena *a, struct chart_score_run *out,
                                  int *found, struct gx_error *err)
{
	static const char sql[] =
		"SELECT id, as_of, created_at, params, fitted FROM score_runs ORDER BY id DESC LIMIT 1";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	*found = 0;
	*out = (struct chart_score_run){0};
	if (e != GX_OK)
		return e;
	int row = 0;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*found = 1;
		out->id = db_col_i64(s, st, 0);
		out->as_of = gx_arena_strdup(a, db_col_text(s, st, 1));
		out->created_at = gx_arena_strdup(a, db_col_text(s, st, 2));
		out->params = gx_arena_strdup(a, db_col_text(s, st, 3));
		out->fitted = db_col_is_null(s, st, 4) ? NULL : gx_arena_strdup(a, db_col_text(s, st, 4));
	}
	db_reset(s, st);
	return e;
}

/* "CASE WHEN col < e1 THEN 0 WHEN col < e2 THEN 1 … ELSE n−1 END" over lower edges. */
static void bin_case(struct sql_build *b, const char *col, const double *edges, size_t n)
{
	sb_add(&b->sql, "CASE");
	for (size_t i = 1; i < n; i++)
		sb_printf(&b->sql, " WHEN %s < %.17g THEN %zu", col, edges[i], i - 1);
	sb_printf(&b->sql, " ELSE %zu END", n - 1);
}

static void bin_case_int(struct sql_build *b, const char *col, const int *edges, size_t n)
{
	double d[16];
	for (size_t i = 0; i < n && i < 16; i++)
		d[i] = edges[i];
	bin_case(b, col, d, n < 16 ? n : 16);
}

enum gx_err store_chart_scores(struct store *s, enum chart_score_group g, chart_group_fn fn, void *ctx,
                               struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	const char *key = NULL;   /* a text column grouped alone */
	switch (g) {
	case CHART_SCORES_ABC:
		key = "abc_class";
		break;
	case CHART_SCORES_LIFECYCLE:
		key = "lifecycle_stage";
		break;
	case CHART_SCORES_SEGMENT:
		key = "rfm_segment";
		break;
	case CHART_SCORES_RFM:
		sb_add(&b.sql, "SELECT rfm_segment, rfm_r, (rfm_f + rfm_m + 1) / 2 AS fm, COUNT(*),"
		               " AVG(monetary_yuan) FROM scores WHERE rfm_r IS NOT NULL AND customer_id IN ");
		live_customers(s, &b);
		sb_add(&b.sql, " GROUP BY rfm_r, (rfm_f + rfm_m + 1) / 2, rfm_segment ORDER BY 2, 3, 1");
		break;
	case CHART_SCORES_CLV:
		sb_add(&b.sql, "SELECT NULL, bin, -1, COUNT(*), AVG(clv_yuan) FROM (SELECT clv_yuan, ");
		bin_case(&b, "clv_yuan", chart_clv_edges_yuan, chart_clv_nbins);
		sb_add(&b.sql, " AS bin FROM scores WHERE clv_yuan IS NOT NULL AND customer_id IN ");
		live_customers(s, &b);
		sb_add(&b.sql, ") x GROUP BY bin ORDER BY bin");
		break;
	case CHART_SCORES_PALIVE:
		sb_add(&b.sql, "SELECT NULL, rb, fb, COUNT(*), AVG(p_alive) FROM (SELECT p_alive, ");
		bin_case_int(&b, "recency_days", chart_recency_edges_days, chart_recency_nbins);
		sb_add(&b.sql, " AS rb, ");
		bin_case_int(&b, "purchases", chart_frequency_edges, chart_frequency_nbins);
		sb_add(&b.sql, " AS fb FROM scores WHERE p_alive IS NOT NULL AND recency_days IS NOT NULL"
		               " AND purchases >= 1 AND customer_id IN ");
		live_customers(s, &b);
		sb_add(&b.sql, ") x GROUP BY rb, fb ORDER BY rb, fb");
		break;
	default:
		sqlb_free(&b);
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("unknown score grouping"));
	}
	if (key) {
		sb_printf(&b.sql, "SELECT %s, -1, -1, COUNT(*), NULL FROM scores WHERE customer_id IN ", key);
		live_customers(s, &b);
		sb_printf(&b.sql, " GROUP BY %s ORDER BY CASE WHEN %s IS NULL THEN 1 ELSE 0 END, %s", key, key, key);
	}
	struct db_stmt *st;
	enum gx_err e = prepare(s, &b, &st, err);
	if (e == GX_OK) {
		for (;;) {
			int row = 0;
			if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
				break;
			struct chart_group grp = {
				.key = db_col_is_null(s, st, 0) ? NULL : db_col_text(s, st, 0),
				.a = db_col_is_null(s, st, 1) ? -1 : db_col_i64(s, st, 1),
				.b = db_col_is_null(s, st, 2) ? -1 : db_col_i64(s, st, 2),
				.customers = db_col_i64(s, st, 3),
				.mean = db_col_is_null(s, st, 4) ? NAN : db_col_double(s, st, 4),
			};
			if ((e = fn(ctx, &grp, err)) != GX_OK)
				break;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_chart_customer_values(struct store *s, const char *from, const char *as_of, chart_value_fn fn,
                                        void *ctx, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	/* sales net of their refunds dated before as_of, in the window of the sale */
	sb_add(&b.sql, "SELECT c.id, CAST(COALESCE(SUM(n.net_fen), 0) AS BIGINT),"
	               " CAST(COALESCE(SUM(n.net_cost_fen), 0) AS BIGINT) FROM customers c LEFT JOIN"
	               " (SELECT o.customer_id AS customer_id, o.amount_fen + COALESCE(r.amount_fen, 0) AS net_fen,"
	               " o.cost_fen + COALESCE(r.cost_fen, 0) AS net_cost_fen FROM orders o LEFT JOIN"
	               " (SELECT refund_of, SUM(amount_fen) AS amount_fen, SUM(cost_fen) AS cost_fen FROM orders"
	               " WHERE kind = 'refund' AND refund_of IS NOT NULL AND deleted_at IS NULL AND status <> 'cancelled'"
	               " AND order_date < ");
	sqlb_param_text(&b, as_of);
	sb_add(&b.sql, " GROUP BY refund_of) r ON r.refund_of = o.id WHERE o.kind = 'sale' AND o.deleted_at IS NULL"
	               " AND o.status <> 'cancelled' AND o.order_date < ");
	sqlb_param_text(&b, as_of);
	sb_add(&b.sql, " AND o.order_date >= ");
	sqlb_param_text(&b, from ? from : "0000-01-01");
	sb_add(&b.sql, ") n ON n.customer_id = c.id WHERE c.id IN ");
	live_customers(s, &b);
	sb_add(&b.sql, " GROUP BY c.id ORDER BY c.id");
	struct db_stmt *st;
	enum gx_err e = prepare(s, &b, &st, err);
	if (e == GX_OK) {
		for (;;) {
			int row = 0;
			if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
				break;
			if ((e = fn(ctx, db_col_i64(s, st, 0), db_col_i64(s, st, 1), db_col_i64(s, st, 2), err)) != GX_OK)
				break;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_chart_cohorts(struct store *s, const char *from, const char *as_of, chart_cohort_fn fn,
                                void *ctx, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT substr(f.first_day, 1, 7), substr(o.order_date, 1, 7), COUNT(DISTINCT o.customer_id)"
	               " FROM orders o JOIN (SELECT customer_id, MIN(order_date) AS first_day FROM orders"
	               " WHERE kind = 'sale' AND deleted_at IS NULL AND status <> 'cancelled' AND order_date < ");
	sqlb_param_text(&b, as_of);
	sb_add(&b.sql, " AND customer_id IN ");
	live_customers(s, &b);
	sb_add(&b.sql, " GROUP BY customer_id) f ON f.customer_id = o.customer_id"
	               " WHERE o.kind = 'sale' AND o.deleted_at IS NULL AND o.status <> 'cancelled' AND o.order_date < ");
	sqlb_param_text(&b, as_of);
	sb_add(&b.sql, " AND f.first_day >= ");
	sqlb_param_text(&b, from);
	sb_add(&b.sql, " GROUP BY substr(f.first_day, 1, 7), substr(o.order_date, 1, 7) ORDER BY 1, 2");
	struct db_stmt *st;
	enum gx_err e = prepare(s, &b, &st, err);
	if (e == GX_OK) {
		for (;;) {
			int row = 0;
			if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
				break;
			if ((e = fn(ctx, db_col_text(s, st, 0), db_col_text(s, st, 1), db_col_i64(s, st, 2), err)) != GX_OK)
				break;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_chart_customer_satisfaction(struct store *s, chart_satisfaction_fn fn, void *ctx,
                                              struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT r.customer_id, AVG(CAST(a.value_b AS DOUBLE PRECISION)), MIN(q.scale_min), MAX(q.scale_max)"
	               " FROM (SELECT r2.customer_id AS customer_id, MAX(r2.id) AS id FROM survey_responses r2"
	               " JOIN survey_answers a2 ON a2.response_id = r2.id"
	               " JOIN survey_questions q2 ON q2.id = a2.question_id AND q2.type = 'imp_sat'"
	               " WHERE a2.value_b IS NOT NULL AND r2.customer_id IN ");
	live_customers(s, &b);
	sb_add(&b.sql, " GROUP BY r2.customer_id) r JOIN survey_answers a ON a.response_id = r.id"
	               " JOIN survey_questions q ON q.id = a.question_id AND q.type = 'imp_sat'"
	               " WHERE a.value_b IS NOT NULL GROUP BY r.customer_id ORDER BY r.customer_id");
	struct db_stmt *st;
	enum gx_err e = prepare(s, &b, &st, err);
	if (e == GX_OK) {
		for (;;) {
			int row = 0;
			if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
				break;
			int lo = db_col_is_null(s, st, 2) ? 1 : (int)db_col_i64(s, st, 2);
			int hi = db_col_is_null(s, st, 3) ? 5 : (int)db_col_i64(s, st, 3);
			if ((e = fn(ctx, db_col_i64(s, st, 0), db_col_double(s, st, 1), lo, hi, err)) != GX_OK)
				break;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

static const struct {
	const char *name, *key, *label;
} dims[CHART_NDIMS] = {
	{"customer", "CAST(c.id AS TEXT)", "c.name"},
	{"product", "CAST(p.id AS TEXT)", "p.name"},
	{"category", "CAST(p.category_id AS TEXT)", "pc.name"},
	{"owner", "CAST(o.owner_id AS TEXT)", "u.display_name"},
	{"department", "CAST(o.department_id AS TEXT)", "d.name"},
	{"region", "c.province", "c.province"},
	{"month", "substr(o.order_date, 1, 7)", "substr(o.order_date, 1, 7)"},
	{"year", "substr(o.order_date, 1, 4)", "substr(o.order_date, 1, 4)"},
};

int chart_dim_parse(const char *name)
{
	for (int i = 0; name && i < CHART_NDIMS; i++)
		if (strcmp(name, dims[i].name) == 0)
			return i;
	return -1;
}

const char *chart_dim_name(enum chart_dim d)
{
	return (unsigned)d < CHART_NDIMS ? dims[d].name : "?";
}

enum gx_err store_chart_pivot(struct store *s, const struct chart_pivot_query *q, chart_pivot_fn fn, void *ctx,
                              int64_t *groups, struct gx_error *err)
{
	*groups = 0;
	if (q->ndims < 1 || q->ndims > 2)
		return gx_error_set(err, GX_EINVAL, "by", "%s", _("the pivot groups by one or two dimensions"));
	for (int i = 0; i < q->ndims; i++)
		if ((unsigned)q->dims[i] >= CHART_NDIMS)
			return gx_error_set(err, GX_EINVAL, "by", "%s", _("unknown pivot dimension"));
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT ");
	for (int i = 0; i < 2; i++) {
		int d = q->dims[i < q->ndims ? i : 0];
		if (i < q->ndims)
			sb_printf(&b.sql, "%s, %s, ", dims[d].key, dims[d].label);
		else
			sb_add(&b.sql, "NULL, NULL, ");
	}
	sb_add(&b.sql, "CAST(SUM(l.amount_fen) AS BIGINT), CAST(SUM(l.cost_fen) AS BIGINT),"
	               " COUNT(DISTINCT CASE WHEN o.kind = 'sale' THEN o.id END), COUNT(DISTINCT o.customer_id),"
	               " COUNT(*) OVER ()"
	               " FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN customers c ON c.id = o.customer_id"
	               " LEFT JOIN products p ON p.id = l.product_id"
	               " LEFT JOIN product_categories pc ON pc.id = p.category_id"
	               " LEFT JOIN users u ON u.id = o.owner_id LEFT JOIN departments d ON d.id = o.department_id"
	               " WHERE o.deleted_at IS NULL AND o.status <> 'cancelled' AND c.id IN ");
	live_customers(s, &b);
	if (q->from) {
		sb_add(&b.sql, " AND o.order_date >= ");
		sqlb_param_text(&b, q->from);
	}
	if (q->to) {
		sb_add(&b.sql, " AND o.order_date < ");
		sqlb_param_text(&b, q->to);
	}
	for (int d = 0; d < CHART_NDIMS; d++) {
		if (!q->filter[d])
			continue;
		if (!*q->filter[d]) {          /* "": the rows without a key (no owner, no region) */
			sb_printf(&b.sql, " AND %s IS NULL", dims[d].key);
			continue;
		}
		sb_printf(&b.sql, " AND %s = ", dims[d].key);
		sqlb_param_text(&b, q->filter[d]);
	}
	sb_add(&b.sql, " GROUP BY ");
	for (int i = 0; i < q->ndims; i++)
		sb_printf(&b.sql, "%s%s, %s", i ? ", " : "", dims[q->dims[i]].key, dims[q->dims[i]].label);
	sb_add(&b.sql, " ORDER BY 5 DESC, 1, 3 LIMIT ");
	sqlb_param_i64(&b, (int64_t)q->limit);
	struct db_stmt *st;
	enum gx_err e = prepare(s, &b, &st, err);
	if (e == GX_OK) {
		for (;;) {
			int row = 0;
			if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
				break;
			struct chart_pivot_cell c = {0};
			for (int i = 0; i < q->ndims; i++) {
				c.key[i] = db_col_is_null(s, st, 2 * i) ? NULL : db_col_text(s, st, 2 * i);
				c.label[i] = db_col_is_null(s, st, 2 * i + 1) ? NULL : db_col_text(s, st, 2 * i + 1);
			}
			c.revenue_fen = db_col_i64(s, st, 4);
			c.cost_fen = db_col_i64(s, st, 5);
			c.orders = db_col_i64(s, st, 6);
			c.customers = db_col_i64(s, st, 7);
			*groups = db_col_i64(s, st, 8);
			if ((e = fn(ctx, &c, err)) != GX_OK)
				break;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}
