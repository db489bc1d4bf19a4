/* Unit tests for a customer's roles and tags as a read gives them (app_customer_get, which reads
 * both lists in one statement, store_customer_roles_tags): each list sorted in byte order and
 * joined with ';', NULL when empty, the same as the one-list functions, and a customer's lists
 * never mixed with another's. On SQLite, and on PostgreSQL when GUANXI_TEST_DB_URL names a
 * server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/customer_store.h"
#include "guanxi/record_store.h"
#include "support/app_fixture.h"
#include "support/test_db.h"   /* also tells scripts/run-tests.sh to run this suite on PostgreSQL */

static int64_t customer(struct app *app, struct gx_arena *a, const char *name, const char *roles,
                        const char *tags)
{
	struct gx_error err;
	struct record r;
	record_init(&r, &entity_customer, a);
	assert_int_equal(app_field_set_text(app, &r, "name", name, a, &err), GX_OK);
	if (roles)
		assert_int_equal(app_field_set_text(app, &r, "roles", roles, a, &err), GX_OK);
	if (tags)
		assert_int_equal(app_field_set_text(app, &r, "tags", tags, a, &err), GX_OK);
	assert_int_equal(app_customer_create(app, &r, 1, a, NULL, &err), GX_OK);
	return r.id;
}

static void expect_lists(struct app *app, struct gx_arena *a, int64_t id, const char *roles, const char *tags)
{
	struct gx_error err;
	struct record r;
	assert_int_equal(app_customer_get(app, id, 0, a, &r, &err), GX_OK);
	const char *got_roles = record_text(&r, "roles"), *got_tags = record_text(&r, "tags");
	if (roles)
		assert_string_equal(got_roles, roles);
	else
		assert_null(got_roles);
	if (tags)
		assert_string_equal(got_tags, tags);
	else
		assert_null(got_tags);
	/* the one-list functions agree */
	const char *one = NULL;
	assert_int_equal(store_customer_roles(app->store, id, a, &one, &err), GX_OK);
	if (roles)
		assert_string_equal(one, roles);
	else
		assert_null(one);
	assert_int_equal(store_customer_tags(app->store, id, a, &one, &err), GX_OK);
	if (tags)
		assert_string_equal(one, tags);
	else
		assert_null(one);
}

static void test_roles_and_tags_read_together(void **state)
{
	struct app_fixture *f = *state;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	int64_t both = customer(&f->app, &a, "钱多多", "supplier;dealer;end_user", "华东;VIP;A级");
	int64_t roles_only = customer(&f->app, &a, "孙小美", "logistics", NULL);
	int64_t tags_only = customer(&f->app, &a, "阿土伯", NULL, "VIP");
	int64_t neither = customer(&f->app, &a, "大老千", NULL, NULL);
	/* byte order: ASCII before Chinese, "A级" before "VIP" */
	expect_lists(&f->app, &a, both, "dealer;end_user;supplier", "A级;VIP;华东");
	expect_lists(&f->app, &a, roles_only, "logistics", NULL);
	expect_lists(&f->app, &a, tags_only, NULL, "VIP");
	expect_lists(&f->app, &a, neither, NULL, NULL);
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roles_and_tags_read_together, app_fixture_setup,
		                                app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
