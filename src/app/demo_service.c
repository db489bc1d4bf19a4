/* Demo data of the service module: the holiday table of 2025–2026 (core/workcal_cn.c: public
 * holidays and make-up workdays as the State Council announced them), a few knowledge snippets, and tickets with
 * their whole history — 60 for the demo company (five of them open past their due time, so the
 * overdue list has something to show), and one for every five customers at --scale (200,000 at
 * 1,000,000 customers, the volume of DECISIONS.md "CI and test budget").
 *
 * Like demo_scale.c this writes through the store, not app/: each ticket gets realistic times
 * (assigned minutes after it came in, replied within or after its SLA, closed and rated days
 * later), which the app/ verbs cannot give as they stamp every event with the clock. The due
 * times still come from the SLA settings and the working calendar (sla_due), and field values
 * go through app_field_set_text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_internal.h"
#include "guanxi/clock.h"
#include "guanxi/customer_store.h"
#include "guanxi/entity_service.h"
#include "guanxi/manager.h"
#include "guanxi/record_store.h"
#include "guanxi/sla.h"
#include "guanxi/ticket.h"
#include "guanxi/workcal.h"

#define COMPANY_TICKETS 60
#define COMPANY_OVERDUE 5
#define TICKETS_PER_COMMIT 2000
#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)


static const struct {
	const char *code, *category, *title, *body;
} snippets[] = {
	{"KB00001", "delivery", "快递延误的答复", "先致歉并说明原因；查询物流单号告知客户预计送达时间；超过承诺时限的，按规定补偿运费或赠送优惠券，并在送达后回访。"},
	{"KB00002", "product_quality", "产品质量问题退换货", "确认购买凭证与问题照片；七日内无理由退货、十五日内质量问题换货；安排上门取件，退款在收货后三个工作日内原路退回。"},
	{"KB00003", "service_attitude", "服务态度投诉的处理", "认真倾听、不争辩；向客户真诚致歉；记录当事员工与时间，由主管在一个工作日内回电说明处理结果。"},
	{"KB00004", "price_billing", "发票与账单疑问", "核对订单金额与开票信息（抬头、统一社会信用代码）；开错的发票作废重开，电子发票当天重新发送至客户邮箱。"},
	{"KB00005", "after_sales", "上门维修预约", "登记故障现象与地址，约定上门时段；维修后请客户签字确认，并在三日内回访满意度。"},
	{"KB00006", "other", "恶意投诉的识别", "核实事实与证据：要求明显超出损失、反复以曝光相威胁、与竞争对手有关联的，判定为恶意投诉，交法务与主管处理，保留全部记录。"},
};

static const struct {
	const char *category, *subject;
} subjects[] = {
	{"delivery", "送货延迟，超过承诺时间"}, {"delivery", "快递外包装破损"}, {"delivery", "收到的商品与订单不符"},
	{"product_quality", "产品使用一周后出现故障"}, {"product_quality", "商品有划痕"}, {"product_quality", "配件缺失"},
	{"service_attitude", "客服电话等待时间过长"}, {"service_attitude", "门店店员态度冷淡"},
	{"price_billing", "发票抬头开错"}, {"price_billing", "促销价格未生效"}, {"price_billing", "重复扣款"},
	{"after_sales", "维修后问题仍未解决"}, {"after_sales", "退款迟迟未到账"}, {"other", "希望增加周末送货"},
	{"other", "会员积分查询"},
};

static const char *const replies[] = {
	"已致歉并说明原因，补发商品已于今日寄出。", "已安排上门取件，退款将在收货后三个工作日内退回。",
	"已核实并重新开具发票，电子发票已发送至客户邮箱。", "已安排维修人员明日上门，客户确认时间。",
	"已向客户致歉，当事员工已接受培训。", "已解释活动规则，并补发优惠券。",
};

static const char *const summaries[] = {
	"物流商时效不稳定，已要求其改进并纳入考核。", "同批次产品质检加严，问题已反馈给供应商。",
	"开票信息核对流程加一道复核。", "客服高峰期增加坐席。", "客户接受处理结果，无需进一步跟进。",
};

struct svc {
	struct app *app;
	struct demo_rng rng;
	struct sla_config sla;
	struct gx_arena a;
	int64_t now_ms, max_customer, window_ms;
	int64_t staff[DEMO_MAX_LOGINS], managers[DEMO_MAX_LOGINS];
	size_t nstaff;
	struct demo_result *res;
};

static const char *pick(struct demo_rng *r, const char *const *v, const unsigned *w, size_t n)
{
	return v[demo_rng_weighted(r, w, n)];
}

static const char *ts(struct svc *s, int64_t ms)
{
	char buf[GX_INSTANT_FMT_SIZE];
	return gx_arena_strdup(&s->a, gx_instant_format(ms - ms % 1000, buf));
}

static enum gx_err event(struct svc *s, const struct record *t, const char *action, const char *from, const char *to,
                         int64_t user, int64_t target, const char *note, int64_t at, struct gx_error *err)
{
	struct record ev;
	record_init(&ev, &entity_ticket_event, &s->a);
	record_set_int(&ev, "ticket_id", t->id);
	record_set_text(&ev, "action", action);
	if (from)
		record_set_text(&ev, "from_status", from);
	record_set_text(&ev, "to_status", to);
	if (user)
		record_set_int(&ev, "user_id", user);
	if (target)
		record_set_int(&ev, "target_user_id", target);
	if (note)
		record_set_text(&ev, "note", note);
	record_set_text(&ev, "at", ts(s, at));
	app_stamp_job(s->app, &ev);
	return store_record_insert(s->app->store, &ev, err);
}

/* A rating of a closed ticket: lower when the reply came late. */
static int64_t rating(struct svc *s, int late)
{
	static const unsigned on_time[] = {3, 7, 15, 35, 40}, breached[] = {15, 20, 30, 25, 10};
	return (int64_t)demo_rng_weighted(&s->rng, late ? breached : on_time, 5) + 1;
}

static enum gx_err one_ticket(struct svc *s, int64_t seq, int force_overdue, struct record *out, struct gx_error *err)
{
	static const char *const kinds[] = {"complaint", "inquiry", "request", "suggestion"};
	static const unsigned kind_w[] = {55, 25, 15, 5};
	static const char *const channels[] = {"phone", "wechat", "email", "website", "store", "service_centre",
	                                       "letter", "sms", "social"};
	static const unsigned channel_w[] = {35, 20, 10, 10, 8, 8, 4, 3, 2};
	static const char *const severities[] = {"low", "medium", "high", "critical"};
	static const unsigned severity_w[] = {30, 45, 20, 5};
	static const char *const natures[] = {"good_faith", "undetermined", "malicious"};
	static const unsigned nature_w[] = {75, 22, 3};
	struct demo_rng *r = &s->rng;
	int64_t received = force_overdue ? s->now_ms - demo_rng_range(r, 3 * DAY, 10 * DAY)
	                                 : s->now_ms - demo_rng_range(r, 10 * MINUTE, s->window_ms);
	int64_t customer = demo_rng_range(r, 1, s->max_customer);
	const char *kind = pick(r, kinds, kind_w, 4);
	size_t subj = demo_rng_below(r, sizeof subjects / sizeof *subjects);
	int complaint = strcmp(kind, "complaint") == 0;
	struct record t;
	record_init(&t, &entity_ticket, &s->a);
	enum gx_err e = demo_set_fields(s->app, &t, &s->a, err, "code", gx_arena_printf(&s->a, "TK%08lld", (long long)seq),
	                                "kind", kind, "channel", pick(r, channels, channel_w, 9),
	                                "formality", demo_rng_chance(r, complaint ? 0.6 : 0.4) ? "formal" : "informal",
	                                "nature", complaint ? pick(r, natures, nature_w, 3) : "good_faith",
	                                "category", subjects[subj].category, "subject", subjects[subj].subject,
	                                "severity", force_overdue ? "high" : pick(r, severities, severity_w, 4), NULL);
	if (e != GX_OK)
		return e;
	int64_t due = 0;
	int minutes = 0;
	if ((e = sla_due(&s->sla, record_text(&t, "severity"), received - received % 1000, &due, &minutes, err)) != GX_OK)
		return e;
	int64_t agent = s->staff[demo_rng_below(r, s->nstaff)], receiver = s->staff[demo_rng_below(r, s->nstaff)];
	int64_t assigned = received + demo_rng_range(r, 5 * MINUTE, 2 * HOUR);
	int64_t started = assigned + demo_rng_range(r, 5 * MINUTE, 4 * HOUR);
	int64_t replied = 0, closed = 0, rated = 0;
	if (!force_overdue) {
		/* Most replies land within the SLA; about a quarter come late. */
		double share = 0.1 + demo_rng_unit(r) * 1.3;
		if (workcal_add_minutes(&s->sla.cal, received, (int64_t)(minutes * share) + 1, &replied, err) != GX_OK)
			return err->code;
		if (replied < started)
			replied = started + 10 * MINUTE;
		closed = replied + demo_rng_range(r, HOUR, 3 * DAY);
		rated = closed + demo_rng_range(r, 10 * MINUTE, 2 * DAY);
	}
	/* Where it stands now. */
	const char *status = "closed";
	if (force_overdue || replied > s->now_ms || demo_rng_chance(r, 0.01))
		status = assigned > s->now_ms ? "received" : started > s->now_ms || demo_rng_chance(r, 0.3) ? "assigned"
		                                                                                         : "processing";
	else if (closed > s->now_ms)
		status = "replied";
	int is_rated = !strcmp(status, "closed") && rated < s->now_ms && demo_rng_chance(r, 0.7);
	record_set_int(&t, "customer_id", customer);
	record_set_int(&t, "received_by", receiver);
	record_set_text(&t, "received_at", ts(s, received));
	record_set_int(&t, "sla_minutes", minutes);
	record_set_text(&t, "sla_started_at", ts(s, received));
	record_set_text(&t, "due_at", ts(s, due));
	record_set_text(&t, "status", status);
	record_set_int(&t, "reopen_count", 0);
	record_set_int(&t, "sla_breached", 0);
	if (strcmp(status, "received"))
		record_set_int(&t, "owner_id", agent);
	int done = !strcmp(status, "replied") || !strcmp(status, "closed");
	if (done) {
		record_set_text(&t, "replied_at", ts(s, replied));
		record_set_text(&t, "reply", replies[demo_rng_below(r, sizeof replies / sizeof *replies)]);
		record_set_int(&t, "sla_breached", replied - replied % 1000 > due);
	}
	if (!strcmp(status, "closed")) {
		record_set_text(&t, "closed_at", ts(s, closed));
		record_set_text(&t, "summary", summaries[demo_rng_below(r, sizeof summaries / sizeof *summaries)]);
	}
	if (is_rated) {
		record_set_int(&t, "satisfaction", rating(s, replied - replied % 1000 > due));
		record_set_text(&t, "rated_at", ts(s, rated));
	}
	/* Half of the open tickets past due were escalated an hour after the due time. */
	int64_t manager = 0, escalated = due + HOUR;
	for (size_t k = 0; k < s->nstaff; k++)
		if (s->staff[k] == agent)
			manager = s->managers[k];
	int escalate = !done && strcmp(status, "received") && due < s->now_ms && escalated < s->now_ms && manager &&
	               (force_overdue ? seq % 2 == 0 : demo_rng_chance(r, 0.5));
	if (escalate) {
		record_set_int(&t, "escalated_to", manager);
		record_set_text(&t, "escalated_at", ts(s, escalated));
	}
	app_stamp_job(s->app, &t);
	if ((e = store_record_insert(s->app->store, &t, err)) != GX_OK ||
	    (e = event(s, &t, "receive", NULL, "received", receiver, 0, NULL, received, err)) != GX_OK)
		return e;
	if (strcmp(status, "received") &&
	    (e = event(s, &t, "assign", "received", "assigned", receiver, agent, NULL, assigned, err)) != GX_OK)
		return e;
	if (strcmp(status, "received") && strcmp(status, "assigned") &&
	    (e = event(s, &t, "start", "assigned", "processing", agent, 0, NULL, started, err)) != GX_OK)
		return e;
	if (done && (e = event(s, &t, "reply", "processing", "replied", agent, 0, record_text(&t, "reply"), replied, err)))
		return e;
	if (!strcmp(status, "closed") &&
	    (e = event(s, &t, "close", "replied", "closed", agent, 0, record_text(&t, "summary"), closed, err)) != GX_OK)
		return e;
	if (is_rated && (e = event(s, &t, "rate", "closed", "closed", agent, 0,
	                           gx_arena_printf(&s->a, "%lld", (long long)record_int(&t, "satisfaction")), rated, err)))
		return e;
	if (escalate && (e = event(s, &t, "escalate", status, status, 0, manager, "overdue", escalated, err)) != GX_OK)
		return e;
	s->res->tickets++;
	*out = t;
	return GX_OK;
}

static enum gx_err reference_data(struct svc *s, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	for (size_t i = 0; i < workcal_cn_ndays && e == GX_OK; i++) {
		const struct workcal_cn_day *h = &workcal_cn_days[i];
		struct record d;
		record_init(&d, &entity_calendar_day, &s->a);
		if ((e = demo_set_fields(s->app, &d, &s->a, err, "day", h->day, "kind",
		                         h->kind == WORKCAL_HOLIDAY ? "holiday" : "workday", "name", h->name, NULL)) == GX_OK)
			e = store_record_insert(s->app->store, &d, err);
	}
	for (size_t i = 0; i < sizeof snippets / sizeof *snippets && e == GX_OK; i++) {
		struct record k;
		record_init(&k, &entity_kb_snippet, &s->a);
		if ((e = demo_set_fields(s->app, &k, &s->a, err, "code", snippets[i].code, "category", snippets[i].category,
		                         "title", snippets[i].title, "body", snippets[i].body, "active", "1", NULL)) == GX_OK)
			e = store_record_insert(s->app->store, &k, err);
	}
	return e;
}

enum gx_err demo_generate_service(struct app *app, const struct demo_opts *opts, struct demo_org *org,
                                  struct demo_result *res, struct gx_error *err)
{
	struct svc s = {.app = app, .res = res};
	demo_rng_seed(&s.rng, opts->seed ^ 0x5e7u ^ (uint64_t)opts->scale);
	gx_arena_init(&s.a, 0);
	s.now_ms = gx_now_ms();
	s.window_ms = (opts->scale ? 365 : 120) * DAY;
	/* Who handles tickets: the service department, plus the regional managers now and then. */
	for (size_t u = 0; u < org->nusers && s.nstaff < DEMO_MAX_LOGINS; u++)
		if (!strcmp(org->users[u].role, "service") || (!strcmp(org->users[u].department, "SERVICE") && !org->users[u].head))
			s.staff[s.nstaff++] = org->user_ids[u];
	enum gx_err e = s.nstaff ? GX_OK : gx_error_set(err, GX_EINTERNAL, NULL, "%s", "the demo has no service staff");
	for (size_t k = 0; k < s.nstaff && e == GX_OK; k++)
		e = app_user_manager(app, s.staff[k], &s.managers[k], err);
	if (e == GX_OK)
		e = store_customer_max_id(app->store, &s.max_customer, err);
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		if ((e = reference_data(&s, err)) == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	if (e == GX_OK)
		e = app_sla_load(app, &s.sla, err);
	int64_t n = opts->scale ? opts->scale / 5 : COMPANY_TICKETS;
	if (e != GX_OK || !s.max_customer)
		n = 0;
	struct record *batch = gx_xcalloc(TICKETS_PER_COMMIT, sizeof *batch);
	for (int64_t first = 0; first < n && e == GX_OK; first += TICKETS_PER_COMMIT) {
		int64_t m = n - first < TICKETS_PER_COMMIT ? n - first : TICKETS_PER_COMMIT;
		gx_arena_reset(&s.a);
		if ((e = store_begin(app->store, err)) != GX_OK)
			break;
		for (int64_t k = 0; k < m && e == GX_OK; k++)
			e = one_ticket(&s, first + k + 1, !opts->scale && first + k < COMPANY_OVERDUE, &batch[k], err);
		/* Search entries last, as in demo_scale.c: FTS5 work inside the batch slows every insert. */
		for (int64_t k = 0; k < m && e == GX_OK; k++)
			e = store_search_index_record(app->store, &batch[k], err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
		if (e == GX_OK && opts->progress)
			opts->progress(opts->ctx, "tickets", first + m, n);
	}
	free(batch);
	sla_config_free(&s.sla);
	gx_arena_free(&s.a);
	return e;
}
