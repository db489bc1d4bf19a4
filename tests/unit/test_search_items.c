/* store_search_items (src/store/search_items.c), the search box's read of its hits' codes and
 * names, on SQLite and PostgreSQL. It replaced reading every hit's whole record under the row
 * scope, so each test compares it with that slower path built from store_search and
 * store_record_get: the same hits in the same order with the same code and name, only the
 * records the caller may see (a sales rep never gets another rep's customer, contact or
 * ticket), no record deleted since it was indexed, and all hits when their number is not one
 * of the padded IN-list lengths. Organisation of support/workflow_fixture.h: wang and li are
 * reps of SALES (own + team scope), zhao of NOHEAD under it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer_store.h"
#include "guanxi/entity_service.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "guanxi/ticket.h"
#include "support/test_db.h"   /* also run on PostgreSQL (scripts/run-tests.sh) */
#include "support/workflow_fixture.h"

static struct {
	int64_t cw, cl, cz, pool;   /* customers of wang, li, zhao; one in the public pool */
	int64_t contact_l;          /* a contact of li's customer */
	int64_t tw, tl;             /* tickets on wang's and li's customers */
} K;

static int64_t ticket(struct wf *f, int64_t customer, int64_t assignee, const char *subject)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_ticket, &f->a);
	record_set_int(&r, "customer_id", customer);
	const char *kv[][2] = {{"channel", "phone"}, {"subject", subject}, {"received_at", "2026-08-03 10:00"}};
	for (size_t i = 0; i < 3; i++)
		if (app_field_set_text(&f->app, &r, kv[i][0], kv[i][1], &f->a, &err) != GX_OK)
			fail_msg("%s", err.message);
	if (app_ticket_create(&f->app, &r, assignee, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

static int setup(void **state)
{
	if (wf_setup(state) != 0)
		return -1;
	struct wf *f = *state;
	struct gx_error err;
	wf_as(f, NULL);
	K.cw = wf_customer(f, "name=星河王客户", "owner_id=wang", NULL);
	K.cl = wf_customer(f, "name=星河李客户", "owner_id=li", NULL);
	K.cz = wf_customer(f, "name=星河赵客户", "owner_id=zhao", NULL);
	K.pool = wf_customer(f, "name=星河公海客户", NULL);
	struct record c;
	record_init(&c, &entity_contact, &f->a);
	record_set_int(&c, "customer_id", K.cl);
	if (app_field_set_text(&f->app, &c, "name", "星河联系人", &f->a, &err) != GX_OK ||
	    app_org_create(&f->app, &c, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	K.contact_l = c.id;
	K.tw = ticket(f, K.cw, f->wang, "星河送货延迟");
	K.tl = ticket(f, K.cl, f->li, "星河发票错误");
	return 0;
}

/* The answer of the old path: store_search's hits (already scoped), each record read whole
 * under the same scope; a hit whose record cannot be read or is deleted is left out. */
static size_t old_path(struct wf *f, const char *q, struct search_item *out, int *more)
{
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0, w = 0;
	struct gx_error err;
	if (store_search(f->app.store, q, NULL, SEARCH_MAX_HITS, hits, &n, more, &err) != GX_OK)
		fail_msg("%s", err.message);
	for (size_t i = 0; i < n; i++) {
		const struct entity_def *def = entity_by_name(hits[i].entity);
		struct record r;
		if (!def || store_record_get(f->app.store, def, hits[i].id, &f->a, &r, &err) != GX_OK || r.deleted_at)
			continue;
		const char *name = entity_field_index(def, "name") >= 0 ? record_text(&r, "name")
		                   : record_text(&r, "subject");
		out[w++] = (struct search_item){.hit = hits[i], .code = record_text(&r, "code"), .name = name};
	}
	return w;
}

static size_t new_path(struct wf *f, const char *q, struct search_item *out, int *more)
{
	size_t n = 0;
	struct gx_error err;
	if (store_search_items(f->app.store, q, NULL, SEARCH_MAX_HITS, &f->a, out, &n, more, &err) != GX_OK)
		fail_msg("%s", err.message);
	return n;
}

static void assert_same(struct wf *f, const char *q, size_t expect_n)
{
	struct search_item a[SEARCH_MAX_HITS], b[SEARCH_MAX_HITS];
	int ma = -1, mb = -1;
	size_t na = old_path(f, q, a, &ma), nb = new_path(f, q, b, &mb);
	assert_int_equal(nb, expect_n);
	assert_int_equal(na, nb);
	assert_int_equal(ma, mb);
	for (size_t i = 0; i < na; i++) {
		assert_string_equal(a[i].hit.entity, b[i].hit.entity);
		assert_int_equal(a[i].hit.id, b[i].hit.id);
		assert_int_equal(a[i].hit.rank_class, b[i].hit.rank_class);
		assert_non_null(b[i].code);
		assert_string_equal(a[i].code, b[i].code);
		assert_string_equal(a[i].name, b[i].name);
	}
}

static int has(const struct search_item *it, size_t n, const char *entity, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(it[i].hit.entity, entity) == 0 && it[i].hit.id == id)
			return 1;
	return 0;
}

static void test_system_sees_all_in_index_order(void **state)
{
	struct wf *f = *state;
	wf_as(f, NULL);
	/* 4 customers, 1 contact, 2 tickets: padded IN lists of 4, 1 and 2 ids */
	assert_same(f, "星河", 7);
	struct search_item it[SEARCH_MAX_HITS];
	int more = 1;
	size_t n = new_path(f, "星河", it, &more);
	assert_int_equal(more, 0);
	/* customers first (lowest id first), then contacts, then tickets */
	assert_string_equal(it[0].hit.entity, "customer");
	assert_int_equal(it[0].hit.id, K.cw);
	assert_string_equal(it[0].name, "星河王客户");
	assert_string_equal(it[4].hit.entity, "contact");
	assert_string_equal(it[4].name, "星河联系人");
	assert_string_equal(it[5].hit.entity, "ticket");
	assert_int_equal(it[5].hit.id, K.tw);
	assert_string_equal(it[5].name, "星河送货延迟");   /* a ticket's name is its subject */
	assert_true(has(it, n, "ticket", K.tl));
}

static void test_rep_never_sees_foreign_records(void **state)
{
	struct wf *f = *state;
	struct search_item it[SEARCH_MAX_HITS];
	int more;
	wf_as(f, "wang");
	size_t n = new_path(f, "星河", it, &more);
	assert_true(has(it, n, "customer", K.cw));
	assert_true(has(it, n, "customer", K.pool));   /* the public pool is visible to all */
	assert_true(has(it, n, "ticket", K.tw));
	assert_false(has(it, n, "customer", K.cz));    /* zhao is in another department */
	/* a contact is visible exactly when its customer is (li is in wang's team or not) */
	assert_int_equal(has(it, n, "contact", K.contact_l), has(it, n, "customer", K.cl));
	assert_same(f, "星河", n);
	wf_as(f, "zhao");
	n = new_path(f, "星河", it, &more);
	assert_int_equal(n, 2);   /* own customer and the pool's, nothing of wang's or li's */
	assert_int_equal(it[0].hit.id, K.cz);
	assert_int_equal(it[1].hit.id, K.pool);
	assert_same(f, "星河", 2);
	assert_false(has(it, n, "contact", K.contact_l));
	assert_false(has(it, n, "ticket", K.tw));
	assert_false(has(it, n, "ticket", K.tl));
	wf_as(f, NULL);
}

static void test_deleted_since_indexed_left_out(void **state)
{
	struct wf *f = *state;
	struct gx_error err;
	wf_as(f, NULL);
	int64_t gone = wf_customer(f, "name=星河已删客户", NULL);
	assert_same(f, "星河已删", 1);
	/* deleted without taking it out of the index: the index still finds it, the answer not */
	if (store_record_set_deleted(f->app.store, &entity_customer, gone, 1, &err) != GX_OK)
		fail_msg("%s", err.message);
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t nh = 0;
	int more;
	assert_int_equal(store_search(f->app.store, "星河已删", NULL, SEARCH_MAX_HITS, hits, &nh, &more, &err), GX_OK);
	assert_int_equal(nh, 1);
	assert_same(f, "星河已删", 0);
}

/* 37 hits (an IN list padded to 50) and 55 (50 returned, more = 1), all in id order. */
static void test_many_hits_keep_order(void **state)
{
	struct wf *f = *state;
	wf_as(f, NULL);
	int64_t ids[55];
	char name[64];
	for (int i = 0; i < 55; i++) {
		snprintf(name, sizeof name, "name=月光批发%02d", i);
		ids[i] = wf_customer(f, name, NULL);
		if (i == 36)
			assert_same(f, "月光批发", 37);
	}
	assert_same(f, "月光批发", SEARCH_MAX_HITS);
	struct search_item it[SEARCH_MAX_HITS];
	int more = 0;
	size_t n = new_path(f, "月光批发", it, &more);
	assert_int_equal(more, 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(it[i].hit.id, ids[i]);
		snprintf(name, sizeof name, "月光批发%02zu", i);
		assert_string_equal(it[i].name, name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_sees_all_in_index_order),
		cmocka_unit_test(test_rep_never_sees_foreign_records),
		cmocka_unit_test(test_deleted_since_indexed_left_out),
		cmocka_unit_test(test_many_hits_keep_order),
	};
	return cmocka_run_group_tests(tests, setup, wf_teardown);
}
