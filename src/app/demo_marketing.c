/* The marketing and loyalty part of the demo company: segments (key accounts, Shanghai,
 * Jiangsu-Zhejiang, high value and declining customers by their scores), a club with four
 * tiers whose members are the key accounts (joined a year ago, points earned on their orders
 * since, some redeemed), and three campaigns of different types and relationship-marketing
 * levels: two launched with responses and conversions linked to members' orders placed since
 * the campaign started, one left as a draft. Everything goes through the app/ verbs, so the
 * demo obeys the same rules as a user; the choices are deterministic (every k-th member). */
#include <stdio.h>
#include <string.h>

#include "app/demo_internal.h"
#include "app/marketing_internal.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/marketing.h"
#include "guanxi/record_store.h"

struct demo_mk {
	struct app *app;
	struct gx_arena *a;
	char today[16];
};

static enum gx_err segment(struct demo_mk *m, const char *code, const char *name, const char *filter,
                           int64_t *id, struct gx_error *err)
{
	struct record r;
	record_init(&r, &entity_segment, m->a);
	enum gx_err e = demo_set_fields(m->app, &r, m->a, err, "code", code, "name", name, "filter", filter, NULL);
	if (e == GX_OK)
		e = app_segment_create(m->app, &r, m->a, err);
	*id = r.id;
	return e;
}

/* A day n days before today, "YYYY-MM-DD". */
static const char *days_ago(struct demo_mk *m, int n)
{
	int32_t d;
	struct gx_error ignored;
	if (gx_date_parse(m->today, &d, "today", &ignored) != GX_OK)
		return m->today;
	char buf[GX_DATE_FMT_SIZE];
	return gx_arena_strdup(m->a, gx_date_format(d - n, buf));
}

static enum gx_err campaign(struct demo_mk *m, const char *code, const char *name, const char *type,
                            const char *level, int64_t segment_id, const char *budget, const char *cost,
                            const char *starts_on, int64_t *id, struct gx_error *err)
{
	struct record r;
	record_init(&r, &entity_campaign, m->a);
	enum gx_err e = demo_set_fields(m->app, &r, m->a, err, "code", code, "name", name, "type", type,
	                                "rm_level", level, "budget_fen", budget, "actual_cost_fen", cost,
	                                "starts_on", starts_on, NULL);
	record_set_int(&r, "segment_id", segment_id);
	if (e == GX_OK)
		e = app_campaign_create(m->app, &r, m->a, err);
	*id = r.id;
	return e;
}

/* Every k-th member responds; members' sale orders since the start convert (at most one each). */
static enum gx_err run_campaign(struct demo_mk *m, int64_t id, const char *since, int k, struct gx_error *err)
{
	int64_t n;
	enum gx_err e = app_campaign_launch(m->app, id, &n, err);
	struct filter_node *members;
	if (e != GX_OK || (e = app_campaign_members_filter(m->app, id, m->a, &members, err)) != GX_OK)
		return e;
	struct store_list_query q = {.filter = members, .deleted = STORE_LIVE, .limit = 1000};
	int64_t i = 0;
	for (;;) {
		struct store_list_result page;
		if ((e = store_record_list(m->app->store, &entity_customer, &q, m->a, &page, err)) != GX_OK)
			return e;
		for (size_t j = 0; j < page.count; j++, i++) {
			int64_t cust = page.rows[j].id;
			struct filter_node *f = filter_and(
				m->a, filter_cond_int(m->a, &entity_order, "customer_id", FILTER_EQ, cust),
				filter_and(m->a, filter_cond_text(m->a, &entity_order, "order_date", FILTER_GE, since),
				           filter_cond_text(m->a, &entity_order, "kind", FILTER_EQ, "sale")));
			struct store_list_query oq = {.filter = f, .deleted = STORE_LIVE, .limit = 1};
			struct store_list_result orders;
			if ((e = store_record_list(m->app->store, &entity_order, &oq, m->a, &orders, err)) != GX_OK)
				return e;
			int converted = orders.count > 0 && strcmp(record_text(&orders.rows[0], "status"), "cancelled") != 0;
			if (converted || i % k == 0) {
				if ((e = app_campaign_respond(m->app, id, cust, converted ? "store" : "phone", NULL, err)) != GX_OK)
					return e;
			}
			if (converted) {
				if ((e = app_campaign_convert(m->app, id, orders.rows[0].id, err)) != GX_OK)
					return e;
			}
		}
		if (!page.next_cursor)
			break;
		q.cursor = page.next_cursor;
	}
	return GX_OK;
}

/* The club: key accounts joined a year ago, points on their orders since, every third member
 * redeems a third of the balance. */
static enum gx_err club(struct demo_mk *m, int64_t *members, int64_t *points, struct gx_error *err)
{
	struct record r;
	record_init(&r, &entity_club, m->a);
	enum gx_err e = demo_set_fields(m->app, &r, m->a, err, "code", "VIPCLUB", "name", "贵宾会员俱乐部",
	                                "description", "重点客户的会员俱乐部:消费积分、等级与常客奖励",
	                                "points_per_yuan", "1", "expiry_months", "12", NULL);
	if (e == GX_OK)
		e = app_club_create(m->app, &r, err);
	int64_t club = r.id, t;
	static const struct { const char *code, *name; int64_t threshold; } tiers[] = {
		{"standard", "普通会员", 0}, {"silver", "银卡会员", 20000}, {"gold", "金卡会员", 100000},
		{"diamond", "钻石会员", 500000}};
	for (size_t i = 0; e == GX_OK && i < sizeof tiers / sizeof *tiers; i++)
		e = app_club_tier_add(m->app, club, tiers[i].code, tiers[i].name, tiers[i].threshold, &t, err);
	struct filter_node *key = filter_cond_int(m->a, &entity_customer, "key_account", FILTER_EQ, 1);
	struct store_list_query q = {.filter = key, .deleted = STORE_LIVE, .limit = 1000};
	const char *joined = days_ago(m, 365);
	*members = 0;
	while (e == GX_OK) {
		struct store_list_result page;
		if ((e = store_record_list(m->app->store, &entity_customer, &q, m->a, &page, err)) != GX_OK)
			break;
		for (size_t j = 0; e == GX_OK && j < page.count; j++, (*members)++)
			e = app_club_join(m->app, club, page.rows[j].id, joined, err);
		if (!page.next_cursor)
			break;
		q.cursor = page.next_cursor;
	}
	int64_t orders;
	if (e == GX_OK)
		e = app_points_earn_all(m->app, club, &orders, points, err);
	struct store_membership *ms;
	size_t n = 0;
	if (e == GX_OK)
		e = store_club_members(m->app->store, club, 0, 0, m->a, &ms, &n, err);
	for (size_t i = 0; e == GX_OK && i < n; i += 3) {
		int64_t balance, credited, id;
		if ((e = store_points_totals(m->app->store, club, ms[i].customer_id, &balance, &credited, err)) != GX_OK)
			break;
		if (balance >= 3) {
			e = app_points_redeem(m->app, club, ms[i].customer_id, balance / 3, "兑换礼品卡", &id, err);
		}
	}
	return e;
}

enum gx_err demo_generate_marketing(struct app *app, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct demo_mk m = {.app = app, .a = &a};
	int64_t key, sh, jz, high, decl, c1, c2, c3, members = 0, points = 0;
	/* One transaction around it all: each verb's own becomes a savepoint, so the part costs one
	 * durable commit instead of one per response and ledger entry. */
	enum gx_err e = mk_today(app, m.today, err);
	if (e == GX_OK)
		e = store_begin(app->store, err);
	if (e != GX_OK) {
		gx_arena_free(&a);
		return e;
	}
	if (e == GX_OK)
		e = segment(&m, "KEY", "重点客户", "key_account eq true", &key, err);
	if (e == GX_OK)
		e = segment(&m, "SH", "上海客户", "city eq '上海市'", &sh, err);
	if (e == GX_OK)
		e = segment(&m, "JZ", "江浙客户", "province in ('江苏省', '浙江省')", &jz, err);
	if (e == GX_OK)
		e = segment(&m, "HIGHVALUE", "高价值客户(运行 guanxi score 后)",
		            "clv_yuan ge 5000 or (abc_class eq 'A' and p_alive ge 0.5)", &high, err);
	if (e == GX_OK)
		e = segment(&m, "WINBACK", "衰退期客户(运行 guanxi score 后)",
		            "lifecycle_stage in ('decline', 'termination')", &decl, err);
	if (e == GX_OK)
		e = campaign(&m, "C-SPRING", "上海春季促销", "promotion", "financial", sh, "20000.00", "18500.00",
		             days_ago(&m, 120), &c1, err);
	if (e == GX_OK)
		e = run_campaign(&m, c1, days_ago(&m, 120), 7, err);
	if (e == GX_OK)
		e = app_campaign_close(app, c1, err);
	if (e == GX_OK)
		e = campaign(&m, "C-TASTING", "江浙新品品鉴会", "meeting", "social", jz, "8000.00", "7600.00",
		             days_ago(&m, 60), &c2, err);
	if (e == GX_OK)
		e = run_campaign(&m, c2, days_ago(&m, 60), 5, err);
	if (e == GX_OK)
		e = campaign(&m, "C-TRAINING", "重点客户技术培训日", "education", "structural", key, "5000.00", "0",
		             NULL, &c3, err);
	if (e == GX_OK)
		e = club(&m, &members, &points, err);
	if (e == GX_OK)
		e = store_commit(app->store, err);
	if (e != GX_OK) {
		store_rollback(app->store);
		gx_error_prefix(err, "%s", _("demo marketing: "));
	}
	gx_arena_free(&a);
	return e;
}
