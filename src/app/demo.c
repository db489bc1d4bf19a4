/* The demo generator's common parts: the seeded random generator, collision-free identifiers,
 * the demo company's organisation (departments, teams, users, products), and the bulk job that
 * wraps every generation (one audit row, every record pointing to the job). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/demo_analytics.h"
#include "app/demo_credit.h"
#include "app/demo_internal.h"
#include "app/demo_surveys.h"
#include "app/demo_sales.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/audit_store.h"
#include "guanxi/i18n.h"
#include "guanxi/jobs.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/validate.h"

/* --- random numbers: splitmix64 seeds xoshiro256** (Blackman & Vigna) ---------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t demo_rng_below(struct demo_rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t v;
	do
		v = demo_rng_next(r);
	while (v >= limit);
	return v % n;
}

int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)demo_rng_below(r, (uint64_t)(hi - lo) + 1);
}

double demo_rng_unit(struct demo_rng *r)
{
	return (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
}

int demo_rng_chance(struct demo_rng *r, double p)
{
	return demo_rng_unit(r) < p;
}

double demo_rng_normal(struct demo_rng *r)
{
	double u1 = demo_rng_unit(r), u2 = demo_rng_unit(r);
	return sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * M_PI * u2);
}

/* Marsaglia & Tsang (2000); shapes below 1 through the boost U^(1/shape). */
double demo_rng_gamma(struct demo_rng *r, double shape, double scale)
{
	if (shape < 1.0) {
		double u = demo_rng_unit(r);
		return demo_rng_gamma(r, shape + 1.0, scale) * pow(1.0 - u, 1.0 / shape);
	}
	double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x = demo_rng_normal(r), v = 1.0 + c * x;
		if (v <= 0)
			continue;
		v = v * v * v;
		double u = demo_rng_unit(r);
		if (log(1.0 - u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v * scale;
	}
}

size_t demo_rng_weighted(struct demo_rng *r, const unsigned *weights, size_t n)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += weights[i];
	uint64_t x = demo_rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* --- identifiers ------------------------------------------------------------------------ */

/* A permutation of [0, m) that looks random: a bijective mix of `bits`-bit words (odd
 * multipliers and xor-shifts are each invertible modulo 2^bits), cycle-walked until it falls
 * inside [0, m) (Black & Rogaway's cycle walking keeps it a bijection). m <= 2^bits and
 * index < m, so distinct indexes give distinct identifiers. */
static uint64_t scramble(uint64_t index, uint64_t m, int bits)
{
	uint64_t mask = (UINT64_C(1) << bits) - 1, x = (index + 1) % m;
	do {
		x = (x * 0x9E3779B97F4A7C15ull) & mask;
		x ^= x >> (bits / 2);
		x = (x * 0xBF58476D1CE4E5B9ull) & mask;
		x ^= x >> (bits / 3);
	} while (x >= m);
	return x;
}

void demo_mobile(uint64_t index, uint64_t salt, char out[12])
{
	static const char *const prefixes[] = {"130", "131", "132", "133", "135", "136", "137", "138",
	                                       "139", "150", "151", "152", "153", "155", "156", "157",
	                                       "158", "159", "166", "176", "177", "178", "180", "181",
	                                       "182", "183", "185", "186", "187", "188", "189", "199"};
	uint64_t tail = scramble(index, 100000000u, 27);
	const char *p = prefixes[(salt + index * 7u) % (sizeof prefixes / sizeof *prefixes)];
	snprintf(out, 12, "%s%08llu", p, (unsigned long long)tail);
}

void demo_landline(const struct demo_city *c, uint64_t index, char out[24])
{
	uint64_t tail = scramble(index, 10000000u, 24);
	int first = "5678"[index % 4] - '0';   /* local numbers of 8 digits, not starting 0 or 1 */
	snprintf(out, 24, "0%s-%d%07llu", c->area_code, first, (unsigned long long)tail);
}

void demo_uscc(const struct demo_city *c, uint64_t index, char out[19])
{
	/* GB 32100-2015: 9 = registered by market regulation, 1 = enterprise; then the division
	 * code, a 9-character organisation code and the check character. */
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	uint64_t m = 1;
	for (int i = 0; i < 9; i++)
		m *= 31;
	uint64_t v = scramble(index, m, 45);
	char buf[19];
	memcpy(buf, "91", 2);
	memcpy(buf + 2, c->division, 6);
	for (int i = 16; i >= 8; i--) {
		buf[i] = alphabet[v % 31];
		v /= 31;
	}
	buf[17] = gx_uscc_check_char(buf);
	buf[18] = '\0';
	memcpy(out, buf, 19);
}

/* --- the organisation ------------------------------------------------------------------- */

static const struct { const char *code, *name, *parent; } departments[] = {
	{"HQ", "总部", NULL},
	{"EAST", "华东销售部", "HQ"},
	{"NORTH", "华北销售部", "HQ"},
	{"SERVICE", "客户服务部", "HQ"},
};

static const struct { const char *code, *name, *department; } teams[] = {
	{"EAST-1", "华东一组（上海）", "EAST"},
	{"EAST-2", "华东二组（杭州）", "EAST"},
	{"NORTH-1", "华北一组（北京）", "NORTH"},
	{"NORTH-2", "华北二组（天津）", "NORTH"},
	{"SERVICE-1", "客服热线组", "SERVICE"},
};

static const struct demo_user_def users[] = {
	{"admin", "系统管理员", "admin", "HQ", NULL, 1, -1},
	{"wang.fang", "王芳", "manager", "EAST", NULL, 1, DEMO_REGION_EAST},
	{"li.qiang", "李强", "sales", "EAST", "EAST-1", 0, DEMO_REGION_EAST},
	{"zhang.wei", "张伟", "sales", "EAST", "EAST-1", 0, DEMO_REGION_EAST},
	{"liu.yang", "刘洋", "sales", "EAST", "EAST-2", 0, DEMO_REGION_EAST},
	{"zhao.lei", "赵磊", "manager", "NORTH", NULL, 1, DEMO_REGION_NORTH},
	{"sun.li", "孙丽", "sales", "NORTH", "NORTH-1", 0, DEMO_REGION_NORTH},
	{"zhou.hao", "周浩", "sales", "NORTH", "NORTH-2", 0, DEMO_REGION_NORTH},
	{"huang.min", "黄敏", "manager", "SERVICE", NULL, 1, -1},
	{"lin.na", "林娜", "service", "SERVICE", "SERVICE-1", 0, -1},
	{"xu.jie", "徐杰", "marketing", "HQ", NULL, 0, -1},
	{"ma.lin", "马琳", "analyst", "HQ", NULL, 0, -1},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

enum gx_err demo_set_fields(struct app *app, struct record *r, struct gx_arena *a,
                            struct gx_error *err, ...)
{
	va_list ap;
	va_start(ap, err);
	enum gx_err e = GX_OK;
	for (;;) {
		const char *field = va_arg(ap, const char *);
		if (!field)
			break;
		const char *text = va_arg(ap, const char *);
		if (text && (e = app_field_set_text(app, r, field, text, a, err)) != GX_OK)
			break;
	}
	va_end(ap);
	return e;
}

static int64_t find_id(const int64_t *ids, const char *const *codes, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(codes[i], code) == 0)
			return ids[i];
	return 0;
}

enum gx_err demo_create_org(struct app *app, struct demo_org *org, struct demo_result *res,
                            struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	enum gx_err e = GX_OK;
	int64_t dept_ids[NELEM(departments)], team_ids[NELEM(teams)], cat_ids[16];
	const char *dept_codes[NELEM(departments)], *team_codes[NELEM(teams)], *cat_codes[16];
	memset(org, 0, sizeof *org);
	org->users = users;
	org->nusers = NELEM(users);

	for (size_t i = 0; i < NELEM(departments) && e == GX_OK; i++) {
		struct record r;
		record_init(&r, &entity_department, &a);
		e = demo_set_fields(app, &r, &a, err, "code", departments[i].code, "name", departments[i].name, NULL);
		int64_t parent = find_id(dept_ids, dept_codes, i, departments[i].parent);
		if (parent)
			record_set_int(&r, "parent_id", parent);
		if (e == GX_OK)
			e = app_org_create(app, &r, &a, err);
		dept_ids[i] = r.id;
		dept_codes[i] = departments[i].code;
		res->departments++;
	}
	for (size_t i = 0; i < NELEM(teams) && e == GX_OK; i++) {
		struct record r;
		record_init(&r, &entity_team, &a);
		e = demo_set_fields(app, &r, &a, err, "code", teams[i].code, "name", teams[i].name, NULL);
		record_set_int(&r, "department_id", find_id(dept_ids, dept_codes, NELEM(departments), teams[i].department));
		if (e == GX_OK)
			e = app_org_create(app, &r, &a, err);
		team_ids[i] = r.id;
		team_codes[i] = teams[i].code;
		res->teams++;
	}
	for (size_t i = 0; i < NELEM(users) && e == GX_OK; i++) {
		const struct demo_user_def *u = &users[i];
		struct record r;
		record_init(&r, &entity_user, &a);
		char mobile[12];
		demo_mobile(90000000u + i, 3, mobile);
		const char *email = gx_arena_printf(&a, "%s@xinghe-demo.cn", u->username);
		e = demo_set_fields(app, &r, &a, err, "username", u->username, "display_name", u->display_name,
		               "role", u->role, "email", email, "phone", mobile, "lang", "zh-CN", "active", "1",
		               NULL);
		record_set_int(&r, "department_id", find_id(dept_ids, dept_codes, NELEM(departments), u->department));
		int64_t team = find_id(team_ids, team_codes, NELEM(teams), u->team);
		if (team)
			record_set_int(&r, "team_id", team);
		if (e == GX_OK)
			e = app_org_create(app, &r, &a, err);
		org->user_ids[i] = r.id;
		res->users++;
		if (e == GX_OK && res->nlogins < DEMO_MAX_LOGINS) {
			struct demo_login *l = &res->logins[res->nlogins++];
			snprintf(l->username, sizeof l->username, "%s", u->username);
			snprintf(l->display_name, sizeof l->display_name, "%s", u->display_name);
			snprintf(l->role, sizeof l->role, "%s", u->role);
			for (size_t d = 0; d < NELEM(departments); d++)
				if (strcmp(departments[d].code, u->department) == 0)
					snprintf(l->department, sizeof l->department, "%s", departments[d].name);
		}
	}
	/* Every department has a head (DECISIONS.md "Managers"). */
	for (size_t i = 0; i < NELEM(users) && e == GX_OK; i++) {
		if (!users[i].head)
			continue;
		struct record patch;
		record_init(&patch, &entity_department, &a);
		patch.id = find_id(dept_ids, dept_codes, NELEM(departments), users[i].department);
		record_set_int(&patch, "head_user_id", org->user_ids[i]);
		e = app_org_update(app, &patch, 0, &a, err);
	}
	for (size_t i = 0; i < demo_categories_n && i < 16 && e == GX_OK; i++) {
		struct record r;
		record_init(&r, &entity_category, &a);
		e = demo_set_fields(app, &r, &a, err, "code", demo_categories[i].code, "name", demo_categories[i].name, NULL);
		int64_t parent = find_id(cat_ids, cat_codes, i, demo_categories[i].parent);
		if (parent)
			record_set_int(&r, "parent_id", parent);
		if (e == GX_OK)
			e = app_org_create(app, &r, &a, err);
		cat_ids[i] = r.id;
		cat_codes[i] = demo_categories[i].code;
		res->categories++;
	}
	for (size_t i = 0; i < demo_products_n && i < 64 && e == GX_OK; i++) {
		const struct demo_product *p = &demo_products[i];
		struct record r;
		record_init(&r, &entity_product, &a);
		e = demo_set_fields(app, &r, &a, err, "sku", p->sku, "name", p->name, "unit", p->unit, "active", "1", NULL);
		record_set_int(&r, "category_id", find_id(cat_ids, cat_codes, demo_categories_n, p->category));
		record_set_int(&r, "price_fen", p->price_fen);
		record_set_int(&r, "cost_fen", p->cost_fen);
		if (e == GX_OK)
			e = app_org_create(app, &r, &a, err);
		org->product_ids[i] = r.id;
		org->nproducts++;
		res->products++;
	}
	gx_arena_free(&a);
	return e;
}

/* --- job -------------------------------------------------------------------------------- */

enum gx_err app_demo_check_empty(struct app *app, struct gx_error *err)
{
	struct store_list_query q = {.deleted = STORE_ANY};
	int64_t n = 0;
	enum gx_err e = store_record_count(app->store, &entity_customer, &q, &n, err);
	if (e == GX_OK && n > 0)
		e = gx_error_set(err, GX_ECONFLICT, "db",
		                 _("the database already holds %lld customers; demo data goes into a new, empty database only (use --db with a new file)"),
		                 (long long)n);
	return e;
}

enum gx_err demo_job_start(struct app *app, const char *kind, const char *params, struct gx_error *err)
{
	int64_t job = 0;
	enum gx_err e = store_job_start(app->store, kind, app->actor.user_id, params, NULL, NULL, &job, err);
	if (e == GX_OK)
		app->job_id = job;
	return e;
}

enum gx_err demo_job_finish(struct app *app, enum gx_err e, const struct demo_result *res,
                            struct gx_error *err)
{
	char counts[640];
	snprintf(counts, sizeof counts,
	         "{\"departments\":%lld,\"teams\":%lld,\"users\":%lld,\"customers\":%lld,"
	         "\"persons\":%lld,\"organizations\":%lld,\"pool\":%lld,\"contacts\":%lld,"
	         "\"categories\":%lld,\"products\":%lld,\"orders\":%lld,\"refunds\":%lld,"
	         "\"order_lines\":%lld,\"interactions\":%lld,\"tickets\":%lld}",
	         (long long)res->departments, (long long)res->teams, (long long)res->users,
	         (long long)res->customers, (long long)res->persons, (long long)res->organizations,
	         (long long)res->pool, (long long)res->contacts, (long long)res->categories,
	         (long long)res->products, (long long)res->orders, (long long)res->refunds,
	         (long long)res->order_lines, (long long)res->interactions, (long long)res->tickets);
	int64_t job = app->job_id;
	app->job_id = 0;
	struct gx_error e2;
	gx_error_clear(&e2);
	store_job_finish(app->store, job, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &e2);
	if (e == GX_OK)
		e = app_audit_simple(app, "demo", "customer", 0, counts, job, err);
	return e;
}

enum gx_err app_demo_generate(struct app *app, const struct demo_opts *opts,
                              struct demo_result *res, struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	enum gx_err e = app_demo_check_empty(app, err);
	if (e != GX_OK)
		return e;
	char params[128];
	snprintf(params, sizeof params, "{\"seed\":%llu,\"scale\":%lld}", (unsigned long long)opts->seed,
	         (long long)opts->scale);
	if ((e = demo_job_start(app, opts->scale ? "demo_scale" : "demo", params, err)) != GX_OK)
		return e;
	res->job_id = app->job_id;
	struct demo_org org;
	if ((e = store_begin(app->store, err)) == GX_OK) {
		e = demo_create_org(app, &org, res, err);
		if (e == GX_ECONFLICT)
			gx_error_prefix(err, "%s", _("the demo brings its own users, departments and products: "));
		/* Reps of the demo own a few hundred customers each; the default limit of 200 would
		 * make every claim in the demo need an approval. */
		if (e == GX_OK && !opts->scale)
			e = app_setting_set(app, "pool_max_owned", "600", err);
		if (e == GX_OK)
			e = store_dashboard_fold(app->store, 0, NULL, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	if (e == GX_OK)
		e = opts->scale ? demo_generate_scale(app, opts, &org, res, err)
		                : demo_generate_company(app, opts, &org, res, err);
	if (e == GX_OK && !opts->scale)
		e = demo_generate_credit(app, opts, err);
	int64_t survey_responses = 0;   /* the demo company's survey waves (demo_surveys.c) */
	if (e == GX_OK && !opts->scale)
		e = demo_surveys(app, opts->seed, &survey_responses, err);
	if (e == GX_OK && !opts->scale)   /* SERVQUAL and ECSI waves for the analytics pages */
		e = demo_analytics_surveys(app, opts->seed, err);
	if (e == GX_OK)
		e = demo_generate_service(app, opts, &org, res, err);
	if (e == GX_OK && !opts->scale)
		e = demo_generate_marketing(app, err);
	if (e == GX_OK)
		e = demo_generate_sales(app, opts, &org, err);
	/* The generators' batches leave the customers they wrote marked for the dashboard's
	 * rollup (an app write nested in a caller's unit of work leaves the fold to that caller):
	 * one fold at the end changes each rollup row once instead of once per batch, and the new
	 * database's dashboard reads the rollup alone from the start. */
	if (e == GX_OK)
		e = app_jobs_fold_dashboard(app, 0, err);
	return demo_job_finish(app, e, res, err);
}
