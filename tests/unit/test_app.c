/* Unit tests for app/: customer rules (generated codes, duplicates, merge moving every related
 * record, recycle bin and purge), orders (totals, refunds), the pool's recycle rule, import
 * batches with savepoints, and field validation messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/customer.h"
#include "guanxi/interaction.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"

struct fx {
	char path[64];
	struct app app;
	struct gx_arena a;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/gx-app-XXXXXX");
	int fd = mkstemp(f->path);
	close(fd);
	unlink(f->path);
	struct gx_error err;
	if (app_open(&f->app, f->path, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	unsetenv("GUANXI_NOW");
	return 0;
}

/* Builds a record from "field=value" strings through the app's validation. */
static enum gx_err make(struct fx *f, const struct entity_def *def, struct record *r,
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

static int64_t customer(struct fx *f, const char *name, const char *mobile)
{
	struct record r;
	struct gx_error err;
	assert_int_equal(make(f, &entity_customer, &r, &err, "name=x", NULL), GX_OK);
	record_set_text(&r, "name", name);
	record_set_text(&r, "name_norm", name);
	if (mobile)
		assert_int_equal(app_field_set_text(&f->app, &r, "mobile", mobile, &f->a, &err), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &r, 0, &f->a, NULL, &err), GX_OK);
	return r.id;
}

static void test_codes_and_duplicates(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t a = customer(f, "张伟", "13800138000");
	struct record got;
	assert_int_equal(app_customer_get(&f->app, a, 0, &f->a, &got, &err), GX_OK);
	assert_string_equal(record_text(&got, "code"), "C00000001");
	assert_string_equal(record_text(&got, "kind"), "person");

	struct record dup;
	struct customer_dups dups;
	assert_int_equal(make(f, &entity_customer, &dup, &err, "name=张伟", "phone=+86 138 0013 8000", NULL), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &dup, 0, &f->a, &dups, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "phone");
	assert_non_null(strstr(err.message, "C00000001"));
	assert_int_equal(app_customer_create(&f->app, &dup, 1, &f->a, &dups, &err), GX_OK);
	assert_true(dups.blocking);
	assert_true(dups.n >= 1);

	/* Organisation names match as hints across suffixes and a leading city. */
	struct record o1, o2;
	assert_int_equal(make(f, &entity_customer, &o1, &err, "name=星辰科技有限公司", "kind=organization", NULL), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &o1, 0, &f->a, &dups, &err), GX_OK);
	assert_int_equal(make(f, &entity_customer, &o2, &err, "name=（上海）星辰科技股份有限公司", "kind=organization", NULL), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &o2, 0, &f->a, &dups, &err), GX_OK);
	assert_int_equal(dups.n, 1);
	assert_int_equal(dups.items[0].reason, DUP_NAME);
	assert_false(dups.blocking);
}

static void test_field_validation_messages(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record r;
	assert_int_equal(make(f, &entity_customer, &r, &err, "birthday=2024-02-30", NULL), GX_EINVAL);
	assert_string_equal(err.field, "birthday");
	assert_non_null(strstr(err.message, "Birthday"));
	assert_int_equal(make(f, &entity_customer, &r, &err, "kind=robot", NULL), GX_EINVAL);
	assert_non_null(strstr(err.message, "person, organization"));
	assert_int_equal(make(f, &entity_customer, &r, &err, "custom={\"a\":1", NULL), GX_EINVAL);
	assert_int_equal(make(f, &entity_customer, &r, &err, "custom={\"积分\": 3}", NULL), GX_OK);
	assert_string_equal(record_text(&r, "custom"), "{\"积分\":3}");
	assert_int_equal(make(f, &entity_customer, &r, &err, "owner_id=nobody", NULL), GX_EINVAL);
	assert_int_equal(make(f, &entity_customer, &r, &err, "key_account=是", NULL), GX_OK);
	assert_int_equal(record_int(&r, "key_account"), 1);
	assert_int_equal(make(f, &entity_customer, &r, &err, "name_norm=x", NULL), GX_EINVAL);   /* system */
	assert_int_equal(make(f, &entity_customer, &r, &err, "code=A B", NULL), GX_EINVAL);
	assert_int_equal(make(f, &entity_customer, &r, &err, "roles=dealer;astronaut", NULL), GX_EINVAL);
	char bad[4] = {'a', (char)0xC3, 'b', 0};
	record_init(&r, &entity_customer, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "name", bad, &f->a, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "UTF-8"));
	char longname[700];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	assert_int_equal(app_field_set_text(&f->app, &r, "name", longname, &f->a, &err), GX_EINVAL);
}

static int64_t product(struct fx *f, const char *sku, const char *price, const char *cost)
{
	struct record p;
	struct gx_error err;
	assert_int_equal(make(f, &entity_product, &p, &err, gx_arena_printf(&f->a, "sku=%s", sku), "name=茶",
	                      gx_arena_printf(&f->a, "price_fen=%s", price),
	                      gx_arena_printf(&f->a, "cost_fen=%s", cost), NULL), GX_OK);
	assert_int_equal(app_org_create(&f->app, &p, &f->a, &err), GX_OK);
	return p.id;
}

static int64_t order(struct fx *f, const char *no, int64_t cust, const char *kind, const char *refund_of,
                     const char *qty, const char *price, enum gx_err want)
{
	struct gx_error err;
	struct record h;
	assert_int_equal(make(f, &entity_order, &h, &err, gx_arena_printf(&f->a, "order_no=%s", no),
	                      "ordered_at=2025-06-30T20:00:00Z", NULL), GX_OK);
	record_set_int(&h, "customer_id", cust);
	if (kind)
		record_set_text(&h, "kind", kind);
	if (refund_of)
		assert_int_equal(app_field_set_text(&f->app, &h, "refund_of", refund_of, &f->a, &err), GX_OK);
	struct order_line_input line = {0};
	assert_int_equal(make(f, &entity_order_line, &line.line, &err, "product_id=P1",
	                      gx_arena_printf(&f->a, "quantity=%s", qty),
	                      gx_arena_printf(&f->a, "unit_price_fen=%s", price), NULL), GX_OK);
	assert_int_equal(app_order_save(&f->app, &h, &line, 1, &f->a, &err), want);
	return h.id;
}

static void test_orders_and_refunds(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "王芳", NULL), c2 = customer(f, "李娜", NULL);
	product(f, "P1", "100.00", "60");
	int64_t o = order(f, "SO1", c, NULL, NULL, "3", "99.50", GX_OK);
	struct record r;
	assert_int_equal(store_record_get(f->app.store, &entity_order, o, &f->a, &r, &err), GX_OK);
	assert_int_equal(record_int(&r, "amount_fen"), 29850);
	assert_int_equal(record_int(&r, "cost_fen"), 18000);            /* 3 × product cost */
	assert_string_equal(record_text(&r, "order_date"), "2025-07-01"); /* 20:00Z is the next day in Shanghai */
	order(f, "SO2", c, NULL, NULL, "1", "-5", GX_EINVAL);              /* a sale cannot be negative */
	order(f, "RF1", c, "refund", "SO1", "1", "99.50", GX_OK);          /* sign optional on refunds */
	int64_t rf = 0;
	int found;
	assert_int_equal(store_record_find(f->app.store, &entity_order, "order_no", "RF1", &f->a, &r, &found, &err), GX_OK);
	rf = r.id;
	assert_true(rf > 0);
	assert_int_equal(record_int(&r, "amount_fen"), -9950);
	order(f, "RF2", c, "refund", "SO1", "3", "-99.50", GX_EINVAL);     /* would exceed the sale */
	order(f, "RF3", c2, "refund", "SO1", "1", "-1", GX_EINVAL);        /* another customer's sale */
	order(f, "RF4", c, "refund", NULL, "1", "-1", GX_EINVAL);          /* a refund names its sale */
	/* The customer with orders cannot be purged from the bin. */
	assert_int_equal(app_customer_delete(&f->app, c, &err), GX_OK);
	assert_int_equal(app_customer_purge(&f->app, c, &err), GX_ECONFLICT);
	assert_int_equal(app_customer_delete(&f->app, c2, &err), GX_OK);
	assert_int_equal(app_customer_purge(&f->app, c2, &err), GX_OK);
	assert_int_equal(store_record_get(f->app.store, &entity_customer, c2, &f->a, &r, &err), GX_ENOTFOUND);
}

static void test_merge_moves_everything(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t keep = customer(f, "赵敏", "13900000001");
	int64_t gone = customer(f, "赵敏敏", "13900000002");
	struct record patch;
	record_init(&patch, &entity_customer, &f->a);
	patch.id = gone;
	assert_int_equal(app_field_set_text(&f->app, &patch, "city", "苏州", &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &patch, "tags", "VIP", &f->a, &err), GX_OK);
	assert_int_equal(app_customer_update(&f->app, &patch, 0, 0, &f->a, NULL, &err), GX_OK);
	struct record ct, in;
	assert_int_equal(make(f, &entity_contact, &ct, &err, "name=联系人", NULL), GX_OK);
	record_set_int(&ct, "customer_id", gone);
	assert_int_equal(app_org_create(&f->app, &ct, &f->a, &err), GX_OK);
	assert_int_equal(make(f, &entity_interaction, &in, &err, "channel=wechat", "type=care", NULL), GX_OK);
	record_set_int(&in, "customer_id", gone);
	assert_int_equal(app_interaction_add(&f->app, &in, &f->a, &err), GX_OK);
	product(f, "P1", "1", "1");
	order(f, "M1", gone, NULL, NULL, "1", "1", GX_OK);

	int64_t moved = 0;
	assert_int_equal(app_customer_merge(&f->app, keep, gone, &moved, &err), GX_OK);
	assert_int_equal(moved, 4);   /* contact, interaction, order, tag */
	struct record k;
	assert_int_equal(app_customer_get(&f->app, keep, 0, &f->a, &k, &err), GX_OK);
	assert_string_equal(record_text(&k, "city"), "苏州");        /* empty field filled */
	assert_string_equal(record_text(&k, "mobile"), "13900000001"); /* own value kept */
	assert_string_equal(record_text(&k, "tags"), "VIP");
	struct record g;
	assert_int_equal(app_customer_get(&f->app, gone, 0, &f->a, &g, &err), GX_ENOTFOUND);
	assert_int_equal(app_customer_get(&f->app, gone, 1, &f->a, &g, &err), GX_OK);
	assert_int_equal(record_int(&g, "merged_into"), keep);
	assert_int_equal(app_customer_merge(&f->app, keep, keep, &moved, &err), GX_EINVAL);
	assert_int_equal(app_customer_merge(&f->app, keep, gone, &moved, &err), GX_ENOTFOUND);
}

static void test_pool_recycle_rule(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record u;
	assert_int_equal(make(f, &entity_user, &u, &err, "username=rep", "role=sales", NULL), GX_OK);
	assert_int_equal(app_org_create(&f->app, &u, &f->a, &err), GX_OK);
	setenv("GUANXI_NOW", "2026-01-01T00:00:00Z", 1);
	int64_t idle = customer(f, "甲", NULL), busy = customer(f, "乙", NULL);
	assert_int_equal(app_pool_assign(&f->app, idle, u.id, &err), GX_OK);
	assert_int_equal(app_pool_assign(&f->app, busy, u.id, &err), GX_OK);
	/* 20 days later the owner logs a call with busy. */
	setenv("GUANXI_NOW", "2026-01-21T00:00:00Z", 1);
	assert_int_equal(app_set_actor(&f->app, "rep", &err), GX_OK);
	struct record in;
	assert_int_equal(make(f, &entity_interaction, &in, &err, "channel=phone", "type=return_visit", NULL), GX_OK);
	record_set_int(&in, "customer_id", busy);
	assert_int_equal(app_interaction_add(&f->app, &in, &f->a, &err), GX_OK);
	/* Day 31: idle has had no contact for 31 days, busy for 11. */
	setenv("GUANXI_NOW", "2026-02-01T00:00:00Z", 1);
	int64_t n = 0, job = 0;
	assert_int_equal(app_pool_recycle(&f->app, &n, &job, &err), GX_OK);
	assert_int_equal(n, 1);
	struct record r;
	assert_int_equal(app_customer_get(&f->app, idle, 0, &f->a, &r, &err), GX_OK);
	assert_true(record_is_null(&r, "owner_id"));
	assert_int_equal(app_customer_get(&f->app, busy, 0, &f->a, &r, &err), GX_OK);
	assert_int_equal(record_int(&r, "owner_id"), u.id);
	/* The rep lost idle: no claiming it back within the cooldown, but after it. */
	assert_int_equal(app_pool_claim(&f->app, idle, &err), GX_EFORBIDDEN);
	setenv("GUANXI_NOW", "2026-03-05T00:00:00Z", 1);
	assert_int_equal(app_pool_claim(&f->app, idle, &err), GX_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_codes_and_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_validation_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_and_refunds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_moves_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_recycle_rule, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
