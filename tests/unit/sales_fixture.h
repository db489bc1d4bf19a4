/* The fixture of the sales suites (test_sales*.c): a fresh database per test on the backend of
 * the run (support/test_db.h: SQLite, or PostgreSQL in the second pass), users to act as, a
 * customer, record builders through app_field_set_text, and a checksum of the whole database
 * so that a refused action can be shown to have changed nothing. */
#ifndef GX_TEST_SALES_FIXTURE_H
#define GX_TEST_SALES_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/copy.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/sales.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t rep1, rep2, boss, team1, dept1, cust;
};

static inline enum gx_err fx_make(struct fx *f, const struct entity_def *def, struct record *r,
                           struct gx_error *err, ...)
{
	record_init(r, def, &f->a);
	va_list ap;
	va_start(ap, err);
	const char *pair;
	enum gx_err e = GX_OK;
	while (e == GX_OK && (pair = va_arg(ap, const char *))) {
		const char *eq = strchr(pair, '=');
		char *field = gx_arena_strndup(&f->a, pair, (size_t)(eq - pair));
		e = app_field_set_text(&f->app, r, field, eq + 1, &f->a, err);
	}
	va_end(ap);
	return e;
}

static inline int64_t fx_org(struct fx *f, const struct entity_def *def, ...)
{
	struct record r;
	record_init(&r, def, &f->a);
	struct gx_error err;
	va_list ap;
	va_start(ap, def);
	const char *pair;
	while ((pair = va_arg(ap, const char *))) {
		const char *eq = strchr(pair, '=');
		char *field = gx_arena_strndup(&f->a, pair, (size_t)(eq - pair));
		if (app_field_set_text(&f->app, &r, field, eq + 1, &f->a, &err) != GX_OK)
			fail_msg("%s", err.message);
	}
	va_end(ap);
	if (app_org_create(&f->app, &r, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	setenv("GUANXI_NOW", "2026-11-26T02:00:00Z", 1);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	if (app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	f->dept1 = fx_org(f, &entity_department, "code=SALES", "name=销售部", NULL);
	f->team1 = fx_org(f, &entity_team, "code=EAST", "name=华东组", "department_id=SALES", NULL);
	f->rep1 = fx_org(f, &entity_user, "username=li", "display_name=李娜", "role=sales", "department_id=SALES",
	                 "team_id=EAST", "active=1", NULL);
	f->rep2 = fx_org(f, &entity_user, "username=wang", "display_name=王强", "role=sales", "department_id=SALES",
	                 "active=1", NULL);
	f->boss = fx_org(f, &entity_user, "username=zhao", "display_name=赵敏", "role=manager", "department_id=SALES",
	                 "active=1", NULL);
	struct record c;
	if (fx_make(f, &entity_customer, &c, &err, "name=星辰科技有限公司", "kind=organization", NULL) != GX_OK ||
	    app_customer_create(&f->app, &c, 0, &f->a, NULL, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	f->cust = c.id;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

/* A digest of every row of every table (copy_checksum), for "nothing changed". */
static inline char *fx_digest(struct fx *f)
{
	struct copy_report rep = {0};
	struct gx_error err;
	if (copy_checksum(f->app.store, &rep, &err) != GX_OK)
		fail_msg("%s", err.message);
	size_t len = 1;
	for (size_t i = 0; i < rep.n; i++)
		len += strlen(rep.t[i].table) + 90;
	char *out = calloc(1, len);
	for (size_t i = 0; i < rep.n; i++)
		sprintf(out + strlen(out), "%s:%lld:%s;", rep.t[i].table, (long long)rep.t[i].src_rows, rep.t[i].src_sum);
	copy_report_free(&rep);
	return out;
}

/* Acting as a user by username ("" or NULL: the system). */
static inline void fx_act(struct fx *f, const char *username)
{
	struct gx_error err;
	if (!username || !*username) {
		memset(&f->app.actor, 0, sizeof f->app.actor);
		snprintf(f->app.actor.role, sizeof f->app.actor.role, "admin");
		return;
	}
	if (app_set_actor(&f->app, username, &err) != GX_OK)
		fail_msg("%s", err.message);
}

/* An opportunity of the fixture's customer; returns its id. */
static inline int64_t fx_opp(struct fx *f, const char *amount, const char *close, const char *stage, const char *owner)
{
	struct record o;
	struct gx_error err;
	if (fx_make(f, &entity_opportunity, &o, &err, "name=复印机采购", "customer_id=#1", NULL) != GX_OK)
		fail_msg("%s", err.message);
	record_set_int(&o, "customer_id", f->cust);
	if (app_field_set_text(&f->app, &o, "amount_fen", amount, &f->a, &err) != GX_OK ||
	    app_field_set_text(&f->app, &o, "expected_close_date", close, &f->a, &err) != GX_OK ||
	    (owner && app_field_set_text(&f->app, &o, "owner_id", owner, &f->a, &err) != GX_OK))
		fail_msg("%s", err.message);
	if (app_opportunity_create(&f->app, &o, stage, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return o.id;
}

static inline const char *fx_text(struct fx *f, const struct entity_def *def, int64_t id, const char *field)
{
	struct record r;
	struct gx_error err;
	if (store_record_get(f->app.store, def, id, &f->a, &r, &err) != GX_OK)
		fail_msg("%s", err.message);
	return record_text(&r, field);
}

static inline int64_t fx_int(struct fx *f, const struct entity_def *def, int64_t id, const char *field)
{
	struct record r;
	struct gx_error err;
	if (store_record_get(f->app.store, def, id, &f->a, &r, &err) != GX_OK)
		fail_msg("%s", err.message);
	return record_int(&r, field);
}

#define FX_TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

#endif
