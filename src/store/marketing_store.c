/* Campaign members, responses and conversions, and the extension fields that let a customer
 * filter reach scores, tags, clubs, points and campaigns (see guanxi/marketing_store.h). The
 * SQL of the extension fields is correlated on "customers.id": the record store queries the
 * customers table under its own name, never an alias. */
#include "guanxi/marketing_store.h"

#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/sql_params.h"

#define SCORE(col) "(SELECT sc." col " FROM scores sc WHERE sc.customer_id = customers.id)"

static const char *const lifecycle_stages[] = {"prospect", "development", "growth", "maturity",
                                               "decline", "termination", NULL};
static const char *const abc_classes[] = {"A", "B", "C", NULL};
static const char *const loyalty_types[] = {"none", "true", "price", "incentive", "monopoly",
                                            "inertia", "latent", NULL};
static const char *const rfm_segments[] = {"champions", "loyal", "cant_lose", "at_risk",
                                           "potential_loyalist", "new", "promising",
                                           "need_attention", "about_to_sleep", "hibernating",
                                           "lost", NULL};

#define TAGS_FROM "FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = customers.id"

const struct filter_ext_field store_customer_ext_fields[] = {
	{"purchases", FILTER_EXT_INT, SCORE("purchases"), NULL, NULL},
	{"recency_days", FILTER_EXT_INT, SCORE("recency_days"), NULL, NULL},
	{"monetary_yuan", FILTER_EXT_REAL, SCORE("monetary_yuan"), NULL, NULL},
	{"rfm_r", FILTER_EXT_INT, SCORE("rfm_r"), NULL, NULL},
	{"rfm_f", FILTER_EXT_INT, SCORE("rfm_f"), NULL, NULL},
	{"rfm_m", FILTER_EXT_INT, SCORE("rfm_m"), NULL, NULL},
	{"rfm_segment", FILTER_EXT_TEXT, SCORE("rfm_segment"), NULL, rfm_segments},
	{"p_alive", FILTER_EXT_REAL, SCORE("p_alive"), NULL, NULL},
	{"expected_12m", FILTER_EXT_REAL, SCORE("expected_12m"), NULL, NULL},
	{"clv_yuan", FILTER_EXT_REAL, SCORE("clv_yuan"), NULL, NULL},
	{"lifecycle_stage", FILTER_EXT_TEXT, SCORE("lifecycle_stage"), NULL, lifecycle_stages},
	{"abc_class", FILTER_EXT_TEXT, SCORE("abc_class"), NULL, abc_classes},
	{"loyalty_type", FILTER_EXT_TEXT, SCORE("loyalty_type"), NULL, loyalty_types},
	{"tag", FILTER_EXT_TEXT, "t.name", TAGS_FROM, NULL},
	{"tags", FILTER_EXT_TEXT, "t.name", TAGS_FROM, NULL},
	{"club", FILTER_EXT_TEXT, "cl.code",
	 "FROM club_members cm JOIN clubs cl ON cl.id = cm.club_id"
	 " WHERE cm.customer_id = customers.id AND cm.left_on IS NULL", NULL},
	{"campaign", FILTER_EXT_TEXT, "cg.code",
	 "FROM campaign_members cmb JOIN campaigns cg ON cg.id = cmb.campaign_id"
	 " WHERE cmb.customer_id = customers.id", NULL},
	{"points_balance", FILTER_EXT_INT,
	 "(SELECT COALESCE(SUM(pl.points), 0) FROM points_ledger pl WHERE pl.customer_id = customers.id)",
	 NULL, NULL},
	{NULL, FILTER_EXT_INT, NULL, NULL, NULL},
};

enum gx_err store_campaign_freeze_members(struct store *s, int64_t campaign_id,
                                          const struct filter_node *filter, const char *now,
                                          int64_t *added, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "INSERT INTO campaign_members (campaign_id, customer_id, added_at) SELECT ");
	sqlb_param_i64(&b, campaign_id);
	sb_add(&b.sql, ", id, ");
	sqlb_param_text(&b, now);
	sb_add(&b.sql, " FROM customers WHERE deleted_at IS NULL");
	enum gx_err e = GX_OK;
	if (filter) {
		sb_add(&b.sql, " AND (");
		e = sql_render_filter(s, filter, &b, err);
		sb_addc(&b.sql, ')');
	}
	struct db_stmt *st = NULL;
	if (e == GX_OK)
		e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e == GX_OK) {
		sqlb_bind(s, &b, st);
		int row = 0;
		e = db_step(s, st, &row, err);
		*added = e == GX_OK ? s->drv->changes(st) : 0;
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_campaign_member(struct store *s, int64_t campaign_id, int64_t customer_id,
                                  int *found, int *responded, struct gx_error *err)
{
	int64_t r = 0;
	enum gx_err e = db_query_i64(s,
	                             "SELECT CASE WHEN responded_at IS NULL THEN 0 ELSE 1 END FROM campaign_members"
	                             " WHERE campaign_id = ? AND customer_id = ?",
	                             &r, found, err, "ii", campaign_id, customer_id);
	*responded = (int)r;
	return e;
}

enum gx_err store_campaign_respond(struct store *s, int64_t campaign_id, int64_t customer_id,
                                   const char *at, const char *channel, const char *note,
                                   struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE campaign_members SET responded_at = ?, response_channel = ?, response_note = ?"
	               " WHERE campaign_id = ? AND customer_id = ?",
	               NULL, err, "tttii", at, channel, note, campaign_id, customer_id);
}

enum gx_err store_campaign_conversion_of(struct store *s, int64_t order_id, int64_t *campaign_id,
                                         int *found, struct gx_error *err)
{
	return db_query_i64(s, "SELECT campaign_id FROM campaign_conversions WHERE order_id = ?",
	                    campaign_id, found, err, "i", order_id);
}

enum gx_err store_campaign_conversion_add(struct store *s, int64_t campaign_id, int64_t order_id,
                                          int64_t customer_id, const char *now, struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO campaign_conversions (order_id, campaign_id, customer_id, created_at)"
	               " VALUES (?, ?, ?, ?)",
	               NULL, err, "iiit", order_id, campaign_id, customer_id, now);
}

enum gx_err store_campaign_counts(struct store *s, int64_t campaign_id,
                                  struct store_campaign_counts *out, struct gx_error *err)
{
	*out = (struct store_campaign_counts){0};
	enum gx_err e = db_query_i64(s, "SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ?",
	                             &out->members, NULL, err, "i", campaign_id);
	if (e == GX_OK)
		e = db_query_i64(s,
		                 "SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ?"
		                 " AND responded_at IS NOT NULL",
		                 &out->responses, NULL, err, "i", campaign_id);
	if (e == GX_OK)
		e = db_query_i64(s,
		                 "SELECT COUNT(DISTINCT customer_id) FROM campaign_conversions WHERE campaign_id = ?",
		                 &out->converted_customers, NULL, err, "i", campaign_id);
	if (e != GX_OK)
		return e;
	/* Each linked order's net amount and cost: the order's own plus its live refunds'. */
	struct db_stmt *st;
	if ((e = db_prepare(s,
	                    "SELECT COUNT(*),"
	                    " COALESCE(SUM(o.amount_fen + COALESCE((SELECT SUM(r.amount_fen) FROM orders r"
	                    "   WHERE r.refund_of = o.id AND r.deleted_at IS NULL), 0)), 0),"
	                    " COALESCE(SUM(o.cost_fen + COALESCE((SELECT SUM(r.cost_fen) FROM orders r"
	                    "   WHERE r.refund_of = o.id AND r.deleted_at IS NULL), 0)), 0)"
	                    " FROM campaign_conversions cc JOIN orders o ON o.id = cc.order_id"
	                    " WHERE cc.campaign_id = ? AND o.deleted_at IS NULL",
	                    &st, err)) != GX_OK)
		return e;
	db_bindv(s, st, "i", campaign_id);
	int row = 0;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		out->conversions = db_col_i64(s, st, 0);
		out->revenue_fen = db_col_i64(s, st, 1);
		out->margin_fen = out->revenue_fen - db_col_i64(s, st, 2);
	}
	db_reset(s, st);
	return e;
}
