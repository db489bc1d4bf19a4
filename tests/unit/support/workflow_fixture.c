/* The workflow test fixture (see workflow_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/copy.h"
#include "guanxi/customer.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/strbuf.h"
#include "support/workflow_fixture.h"

#include "guanxi/store_scope.h"

static int64_t org(struct wf *f, const struct entity_def *def, ...)
{
	struct record r;
	record_init(&r, def, &f->a);
	va_list ap;
	va_start(ap, def);
	const char *pair;
	struct gx_error err;
	while ((pair = va_arg(ap, const char *))) {
		const char *eq = strchr(pair, '=');
		char *field = gx_arena_strndup(&f->a, pair, (size_t)(eq - pair));
		if (app_field_set_text(&f->app, &r, field, eq + 1, &f->a, &err) != GX_OK) {
			fprintf(stderr, "%s: %s\n", pair, err.message);
			abort();
		}
	}
	va_end(ap);
	if (app_org_create(&f->app, &r, &f->a, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
	return r.id;
}

static void set_head(struct wf *f, int64_t dept, int64_t user)
{
	struct record p;
	record_init(&p, &entity_department, &f->a);
	p.id = dept;
	record_set_int(&p, "head_user_id", user);
	struct gx_error err;
	if (app_org_update(&f->app, &p, 0, &f->a, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
}

int wf_setup(void **state)
{
	struct wf *f = calloc(1, sizeof *f);
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
	setenv("GUANXI_NOW", "2026-09-20T02:00:00Z", 1);
	f->hq = org(f, &entity_department, "code=HQ", "name=总部", NULL);
	f->sales = org(f, &entity_department, "code=SALES", "name=销售部", "parent_id=HQ", NULL);
	f->nohead = org(f, &entity_department, "code=EAST", "name=华东组", "parent_id=SALES", NULL);
	f->boss = org(f, &entity_user, "username=boss", "display_name=赵总", "role=manager", "department_id=HQ", NULL);
	f->lead = org(f, &entity_user, "username=lead", "display_name=钱经理", "role=sales", "department_id=SALES", NULL);
	f->wang = org(f, &entity_user, "username=wang", "display_name=王芳", "role=sales", "department_id=SALES", NULL);
	f->li = org(f, &entity_user, "username=li", "display_name=李强", "role=sales", "department_id=SALES", NULL);
	f->zhao = org(f, &entity_user, "username=zhao", "display_name=赵敏", "role=sales", "department_id=EAST", NULL);
	set_head(f, f->hq, f->boss);
	set_head(f, f->sales, f->lead);
	*state = f;
	return 0;
}

int wf_teardown(void **state)
{
	struct wf *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

void wf_as(struct wf *f, const char *username)
{
	if (!username || !*username) {
		f->app.actor = (struct app_actor){0};
		struct store_scope all = {.kind = STORE_SCOPE_ALL};
		store_scope_set(f->app.store, &all);
		return;
	}
	struct gx_error err;
	if (app_set_actor(&f->app, username, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
}

int64_t wf_customer(struct wf *f, ...)
{
	struct record r;
	record_init(&r, &entity_customer, &f->a);
	va_list ap;
	va_start(ap, f);
	const char *pair;
	struct gx_error err;
	while ((pair = va_arg(ap, const char *))) {
		const char *eq = strchr(pair, '=');
		char *field = gx_arena_strndup(&f->a, pair, (size_t)(eq - pair));
		if (app_field_set_text(&f->app, &r, field, eq + 1, &f->a, &err) != GX_OK) {
			fprintf(stderr, "%s: %s\n", pair, err.message);
			abort();
		}
	}
	va_end(ap);
	if (app_customer_create(&f->app, &r, 1, &f->a, NULL, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
	return r.id;
}

char *wf_db_fingerprint(struct wf *f)
{
	struct copy_report rep = {0};
	struct gx_error err;
	if (copy_checksum(f->app.store, &rep, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < rep.n; i++)
		sb_printf(&b, "%s:%lld:%s\n", rep.t[i].table, (long long)rep.t[i].src_rows, rep.t[i].src_sum);
	copy_report_free(&rep);
	char *s = strdup(sb_str(&b));
	sb_free(&b);
	return s;
}
