/* The sales part of the demo (see guanxi/demo_sales.h). Opportunities are created over the
 * three years before the as-of date; those created in the last four months are still open
 * (expected to close in the coming nine months, in any open stage), the older ones closed as
 * won (about a third, the usual B2B win rate) or lost, with a reason, a close date 7–150 days
 * after creation, and their stage history. Every won one gets a signed contract with two
 * payment-plan instalments (the first paid when due before the as-of date). Leads arrive over
 * the same three years from the usual sources; a quarter are converted. Each rep gets a monthly
 * target for the last twelve months. Rows go in batches, one transaction each. */
#include <stdio.h>
#include <string.h>

#include "app/demo_internal.h"
#include "app/demo_sales.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/demo_sales.h"
#include "guanxi/record_store.h"
#include "guanxi/sales.h"
#include "guanxi/sales_demo_store.h"
#include "guanxi/sales_store.h"

#define ROWS_PER_COMMIT 5000

static const char *const lead_sources[] = {"展会", "官网", "转介绍", "电话营销", "广告", "社交媒体", "合作伙伴"};
static const unsigned lead_source_weights[] = {20, 25, 20, 10, 10, 10, 5};
static const char *const competitors[] = {"华为", "联想", "浪潮", "用友", "金蝶", "神州数码"};
static const char *const win_reasons[] = {"方案匹配需求", "价格有竞争力", "老客户信任", "服务响应快"};
static const char *const loss_reasons[] = {"价格过高", "选择了竞争对手", "预算取消", "需求变更", "决策人变动"};
static const char *const disqualify_reasons[] = {"联系方式无效", "无采购需求", "重复线索", "预算不足"};
static const char *const opp_words[] = {"设备采购", "系统升级", "年度服务", "办公耗材", "软件许可", "项目合作"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

struct gen {
	struct app *app;
	const struct demo_sales_opts *o;
	struct demo_sales_counts *c;
	struct demo_rng rng;
	struct gx_tz *tz;
	struct gx_arena a;
	int64_t now_ms;
	int32_t asof, start;
	struct sales_stage *stages;
	size_t nstages;
	int64_t won_stage, lost_stage, pipeline;
};

static const char *instant(struct gen *g, int32_t day)
{
	int64_t ms = 0;
	struct gx_error ignored;
	gx_tz_local_to_instant(g->tz, day, (int32_t)demo_rng_range(&g->rng, 9 * 3600, 18 * 3600), &ms, &ignored);
	if (ms > g->now_ms)
		ms = g->now_ms - 60000;
	char buf[GX_INSTANT_FMT_SIZE];
	return gx_arena_strdup(&g->a, gx_instant_format(ms, buf));
}

static const char *date(struct gen *g, int32_t day)
{
	char buf[GX_DATE_FMT_SIZE];
	return gx_arena_strdup(&g->a, gx_date_format(day, buf));
}

/* A deal size: gamma-distributed around 60,000 yuan, at least 1,000. */
static int64_t amount(struct gen *g)
{
	double yuan = demo_rng_gamma(&g->rng, 1.5, 40000.0);
	if (yuan < 1000)
		yuan = 1000;
	return (int64_t)(yuan / 100.0) * 10000;   /* whole hundreds of yuan, in fen */
}

static enum gx_err contract_for(struct gen *g, int64_t opp, int64_t customer, int64_t owner, int64_t fen,
                                const char *title, int32_t signed_day, struct gx_error *err)
{
	struct record c;
	record_init(&c, &entity_contract, &g->a);
	record_set_text(&c, "code", gx_arena_printf(&g->a, "HT%08lld", (long long)g->c->contracts + 1));
	record_set_text(&c, "title", title);
	record_set_int(&c, "opportunity_id", opp);
	record_set_int(&c, "customer_id", customer);
	if (owner)
		record_set_int(&c, "owner_id", owner);
	record_set_int(&c, "amount_fen", fen);
	record_set_text(&c, "terms", "合同签订后支付50%，验收后支付50%");
	record_set_text(&c, "signed_date", date(g, signed_day));
	record_set_text(&c, "start_date", date(g, signed_day));
	record_set_text(&c, "end_date", date(g, signed_day + 365));
	record_set_text(&c, "status", signed_day + 365 < g->asof ? "completed" : "signed");
	app_stamp_job(g->app, &c);
	enum gx_err e = store_record_insert(g->app->store, &c, err);
	g->c->contracts++;
	int64_t half = fen / 2;
	for (int k = 0; k < 2 && e == GX_OK; k++) {
		int32_t due = signed_day + (k ? 90 : 15);
		struct record p;
		record_init(&p, &entity_payment_plan, &g->a);
		record_set_int(&p, "contract_id", c.id);
		record_set_int(&p, "seq", k + 1);
		record_set_text(&p, "due_date", date(g, due));
		record_set_int(&p, "amount_fen", k ? fen - half : half);
		int paid = due < g->asof && (k == 0 || demo_rng_chance(&g->rng, 0.8));
		record_set_text(&p, "status", paid ? "paid" : "planned");
		if (paid)
			record_set_text(&p, "paid_date", date(g, due < g->asof - 3 ? due + (int32_t)demo_rng_range(&g->rng, 0, 3) : due));
		e = store_record_insert(g->app->store, &p, err);
		g->c->payment_plans++;
	}
	return e;
}

static enum gx_err one_opportunity(struct gen *g, int64_t i, struct gx_error *err)
{
	const struct demo_sales_opts *o = g->o;
	const struct demo_sales_owner *ow = &o->owners[demo_rng_below(&g->rng, o->nowners)];
	int64_t customer = demo_rng_range(&g->rng, o->first_customer, o->last_customer);
	int32_t created = (int32_t)demo_rng_range(&g->rng, g->start, g->asof);
	int open = created > g->asof - 120;
	struct sales_demo_opportunity r = {
		.code = gx_arena_printf(&g->a, "O%08lld", (long long)i + 1),
		.name = opp_words[demo_rng_below(&g->rng, N(opp_words))],
		.customer_id = customer, .pipeline_id = g->pipeline, .amount_fen = amount(g),
		.owner_id = ow->user_id, .department_id = ow->department_id, .team_id = ow->team_id,
		.competitors = demo_rng_chance(&g->rng, 0.4) ? competitors[demo_rng_below(&g->rng, N(competitors))] : NULL,
		.source = lead_sources[demo_rng_weighted(&g->rng, lead_source_weights, N(lead_sources))],
		.created_at = instant(g, created), .job_id = g->app->job_id,
	};
	int64_t stage, first = g->stages[0].id;
	int32_t closed = 0;
	if (open) {
		size_t k = demo_rng_below(&g->rng, g->nstages - 2);   /* the open stages come first */
		stage = g->stages[k].id;
		r.status = "open";
		r.expected_close_date = date(g, g->asof + (int32_t)demo_rng_range(&g->rng, 0, 270));
		g->c->open++;
	} else {
		int won = demo_rng_chance(&g->rng, 0.35);
		closed = created + (int32_t)demo_rng_range(&g->rng, 7, 150);
		if (closed > g->asof)
			closed = g->asof;
		stage = won ? g->won_stage : g->lost_stage;
		r.status = won ? "won" : "lost";
		r.expected_close_date = date(g, closed + (int32_t)demo_rng_range(&g->rng, -20, 20) < created
		                                    ? created : closed + (int32_t)demo_rng_range(&g->rng, -20, 20));
		r.close_reason = won ? win_reasons[demo_rng_below(&g->rng, N(win_reasons))]
		                     : loss_reasons[demo_rng_below(&g->rng, N(loss_reasons))];
		r.closed_at = instant(g, closed);
		r.closed_date = date(g, closed);
		r.cycle_days = closed - created;
		if (won)
			g->c->won++;
		else
			g->c->lost++;
	}
	r.stage_id = stage;
	int64_t id;
	enum gx_err e = store_sales_demo_opportunity(g->app->store, &r, &id, err);
	if (e == GX_OK)
		e = store_sales_demo_history(g->app->store, id, 0, first, r.created_at, ow->user_id, NULL, err);
	if (e == GX_OK && stage != first)
		e = store_sales_demo_history(g->app->store, id, first, stage, r.closed_at ? r.closed_at : r.created_at,
		                             ow->user_id, r.close_reason, err);
	g->c->opportunities++;
	if (e == GX_OK && stage == g->won_stage)
		e = contract_for(g, id, customer, ow->user_id, r.amount_fen, r.name, closed, err);
	return e;
}

static enum gx_err one_lead(struct gen *g, int64_t i, struct gx_error *err)
{
	const struct demo_sales_opts *o = g->o;
	const struct demo_sales_owner *ow = &o->owners[demo_rng_below(&g->rng, o->nowners)];
	int32_t created = (int32_t)demo_rng_range(&g->rng, g->start, g->asof);
	char phone[12];
	demo_mobile((uint64_t)i + 50000000u, 7, phone);
	const struct demo_surname *sn = &demo_surnames[demo_rng_below(&g->rng, demo_surnames_n)];
	const struct demo_syllable *gv = &demo_given_female[demo_rng_below(&g->rng, demo_given_female_n)];
	struct sales_demo_lead l = {
		.code = gx_arena_printf(&g->a, "L%08lld", (long long)i + 1),
		.name = gx_arena_printf(&g->a, "%s%s", sn->han, gv->han),
		.company = demo_rng_chance(&g->rng, 0.5)
		               ? gx_arena_printf(&g->a, "%s%s有限公司", demo_brands[demo_rng_below(&g->rng, demo_brands_n)].han,
		                                 demo_trades[demo_rng_below(&g->rng, demo_trades_n)].word)
		               : NULL,
		.phone = gx_arena_strdup(&g->a, phone),
		.source = lead_sources[demo_rng_weighted(&g->rng, lead_source_weights, N(lead_sources))],
		.expected_amount_fen = amount(g), .created_at = instant(g, created), .job_id = g->app->job_id,
	};
	double u = demo_rng_unit(&g->rng);
	l.status = u < 0.25 ? "converted" : u < 0.45 ? "disqualified" : u < 0.55 ? "qualified" : u < 0.70 ? "contacted" : "new";
	int owned = strcmp(l.status, "new") != 0 || demo_rng_chance(&g->rng, 0.5);
	if (owned) {
		l.owner_id = ow->user_id;
		l.department_id = ow->department_id;
		l.assigned_at = l.created_at;
	}
	if (strcmp(l.status, "disqualified") == 0)
		l.disqualify_reason = disqualify_reasons[demo_rng_below(&g->rng, N(disqualify_reasons))];
	if (strcmp(l.status, "converted") == 0) {
		l.customer_id = demo_rng_range(&g->rng, o->first_customer, o->last_customer);
		int32_t conv = created + (int32_t)demo_rng_range(&g->rng, 1, 30);
		l.converted_at = instant(g, conv > g->asof ? g->asof : conv);
	}
	g->c->leads++;
	return store_sales_demo_lead(g->app->store, &l, err);
}

static enum gx_err targets(struct gen *g, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	int32_t month = gx_date_period_start(g->asof, GX_PERIOD_MONTH);
	for (int m = 0; m < 12 && e == GX_OK; m++) {
		int32_t first = gx_date_add_months(month, -m);
		int y, mo, d;
		gx_date_to_ymd(first, &y, &mo, &d);
		for (size_t k = 0; k < g->o->nowners && e == GX_OK; k++) {
			int64_t id = 0;
			const char *ms = gx_arena_printf(&g->a, "%04d-%02d", y, mo);
			if ((e = store_sales_target_find(g->app->store, ms, g->o->owners[k].user_id, 0, &id, err)) || id)
				continue;
			struct record t;
			record_init(&t, &entity_sales_target, &g->a);
			record_set_text(&t, "month", ms);
			record_set_int(&t, "user_id", g->o->owners[k].user_id);
			/* What a rep's share of the won amount per month is, rounded: a target to reach. */
			int64_t per = g->o->opportunities / 36 / (int64_t)g->o->nowners;
			record_set_int(&t, "target_fen", (per < 1 ? 1 : per) * 25000 * 100);
			e = store_record_insert(g->app->store, &t, err);
			g->c->targets++;
		}
	}
	return e;
}

enum gx_err demo_sales_generate(struct app *app, const struct demo_sales_opts *o,
                                struct demo_sales_counts *counts, struct gx_error *err)
{
	memset(counts, 0, sizeof *counts);
	if (!o->nowners || o->last_customer < o->first_customer || o->first_customer <= 0)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", "the sales demo needs owners and customers");
	struct gen g = {.app = app, .o = o, .c = counts};
	demo_rng_seed(&g.rng, o->seed ^ 0x5a1e5u);
	enum gx_err e = gx_tz_open(app->settings.timezone, &g.tz, err);
	if (e != GX_OK)
		return e;
	gx_arena_init(&g.a, 0);
	g.now_ms = gx_now_ms();
	g.asof = gx_instant_local_date(g.now_ms, g.tz);
	g.start = gx_date_add_months(g.asof, -36);
	struct gx_arena keep;
	gx_arena_init(&keep, 0);
	if ((e = app_pipeline_default(app, &g.pipeline, err)) == GX_OK)
		e = app_pipeline_stages(app, g.pipeline, &keep, &g.stages, &g.nstages, err);
	for (size_t i = 0; e == GX_OK && i < g.nstages; i++) {
		if (strcmp(g.stages[i].kind, "won") == 0)
			g.won_stage = g.stages[i].id;
		if (strcmp(g.stages[i].kind, "lost") == 0)
			g.lost_stage = g.stages[i].id;
	}
	/* The standard pipeline lists its open stages first; a user's default may not. */
	if (e == GX_OK && (g.nstages < 3 || strcmp(g.stages[g.nstages - 1].kind, "open") == 0 ||
	                   strcmp(g.stages[g.nstages - 2].kind, "open") == 0 || strcmp(g.stages[0].kind, "open") != 0))
		e = gx_error_set(err, GX_EINVAL, "pipeline", "%s", "the demo needs a default pipeline whose won and lost stages come last");
	int64_t total = o->opportunities + o->leads;
	for (int64_t done = 0; e == GX_OK && done < total; done += ROWS_PER_COMMIT) {
		if ((e = store_begin(app->store, err)) != GX_OK)
			break;
		for (int64_t k = done; k < done + ROWS_PER_COMMIT && k < total && e == GX_OK; k++) {
			gx_arena_reset(&g.a);
			e = k < o->opportunities ? one_opportunity(&g, k, err) : one_lead(&g, k - o->opportunities, err);
		}
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
		if (e == GX_OK && o->progress)
			o->progress(o->ctx, "sales", done + ROWS_PER_COMMIT < total ? done + ROWS_PER_COMMIT : total, total);
	}
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		e = targets(&g, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&keep);
	gx_arena_free(&g.a);
	gx_tz_free(g.tz);
	return e;
}

enum gx_err demo_generate_sales(struct app *app, const struct demo_opts *opts, const struct demo_org *org,
                                struct gx_error *err)
{
	struct demo_sales_owner owners[DEMO_MAX_LOGINS];
	size_t n = 0;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	enum gx_err e = GX_OK;
	for (size_t u = 0; u < org->nusers && e == GX_OK; u++) {
		if (strcmp(org->users[u].role, "sales") != 0 && strcmp(org->users[u].role, "manager") != 0)
			continue;
		if (org->users[u].region < 0)
			continue;
		struct record r;
		if ((e = store_record_get(app->store, &entity_user, org->user_ids[u], &a, &r, err)) != GX_OK)
			break;
		owners[n++] = (struct demo_sales_owner){r.id, record_int(&r, "department_id"), record_int(&r, "team_id")};
	}
	int64_t last = 0;
	if (e == GX_OK)
		e = store_record_max_id(app->store, &entity_customer, &last, err);
	gx_arena_free(&a);
	if (e != GX_OK || last == 0 || n == 0)
		return e;
	int64_t customers = opts->scale ? opts->scale : last;
	struct demo_sales_opts so = {
		.seed = opts->seed, .first_customer = 1, .last_customer = last,
		.opportunities = customers / 2, .leads = customers * 3 / 10,
		.owners = owners, .nowners = n, .progress = opts->progress, .ctx = opts->ctx,
	};
	struct demo_sales_counts counts;
	return demo_sales_generate(app, &so, &counts, err);
}
