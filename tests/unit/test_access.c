/* Unit tests for access control below the HTTP layer: the row-scope predicate the store adds
 * to gets, lists, counts, exports, writes and search (own, team, department subtree with a
 * cycle in the tree, all, none; child entities through their parent; the public pool), the
 * masking of contact details for rows the user does not own, and the default permission
 * table. They run on a temporary SQLite file, and on PostgreSQL in the runner's second pass. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/access.h"
#include "guanxi/customer_store.h"
#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fixture {
	struct test_db db;
	struct store *s;
	struct gx_arena a;
};

/* Departments: 1 总部 ← 2 销售部 ← 3 华东组; 4 外部 on its own; 5 ↔ 6 a cycle.
 * Teams: 10 (dept 2), 11 (dept 3). Users: 20 manager (dept 2), 21 and 22 sales of team 10,
 * 23 sales of team 11 (dept 3), 24 sales of dept 4, 25 in the cycle (dept 5).
 * Customers: 100 of 21, 101 of 22, 102 of 23, 103 of 24, 104 in the pool, 105 of 25's
 * department 6. Contacts 200… one per customer; order 300 of customer 102 with line 400. */
static const char *const fixture_sql =
	"INSERT INTO departments (id, code, name, parent_id, created_at, updated_at) VALUES"
	" (1, 'D1', '总部', NULL, 'x', 'x'), (2, 'D2', '销售部', 1, 'x', 'x'), (3, 'D3', '华东组', 2, 'x', 'x'),"
	" (4, 'D4', '外部', NULL, 'x', 'x'), (5, 'D5', '环甲', NULL, 'x', 'x'), (6, 'D6', '环乙', 5, 'x', 'x');"
	"UPDATE departments SET parent_id = 6 WHERE id = 5;"
	"INSERT INTO teams (id, code, name, department_id, created_at, updated_at) VALUES"
	" (10, 'T10', '一组', 2, 'x', 'x'), (11, 'T11', '二组', 3, 'x', 'x');"
	"INSERT INTO users (id, username, display_name, role, department_id, team_id, created_at, updated_at) VALUES"
	" (20, 'mgr', '经理', 'manager', 2, NULL, 'x', 'x'), (21, 's1', '甲', 'sales', 2, 10, 'x', 'x'),"
	" (22, 's2', '乙', 'sales', 2, 10, 'x', 'x'), (23, 's3', '丙', 'sales', 3, 11, 'x', 'x'),"
	" (24, 'sx', '丁', 'sales', 4, NULL, 'x', 'x'), (25, 'sc', '戊', 'sales', 5, NULL, 'x', 'x');"
	"INSERT INTO customers (id, code, kind, name, name_norm, owner_id, team_id, department_id, phone, wechat,"
	" created_at, updated_at) VALUES"
	" (100, 'C100', 'person', '客户甲', '客户甲', 21, 10, 2, '13800000100', 'wx_jia_100', 'x', 'x'),"
	" (101, 'C101', 'person', '客户乙', '客户乙', 22, 10, 2, '13800000101', 'wx_yi_101', 'x', 'x'),"
	" (102, 'C102', 'person', '客户丙', '客户丙', 23, 11, 3, '13800000102', NULL, 'x', 'x'),"
	" (103, 'C103', 'person', '客户丁', '客户丁', 24, NULL, 4, '13800000103', NULL, 'x', 'x'),"
	" (104, 'C104', 'person', '客户戊', '客户戊', NULL, NULL, NULL, '13800000104', NULL, 'x', 'x'),"
	" (105, 'C105', 'person', '客户己', '客户己', 24, NULL, 6, NULL, NULL, 'x', 'x');"
	"INSERT INTO contacts (id, code, customer_id, name, phone, created_at, updated_at) VALUES"
	" (200, 'P200', 100, '联系人甲', '13900000200', 'x', 'x'), (201, 'P201', 101, '联系人乙', '13900000201', 'x', 'x'),"
	" (202, 'P202', 102, '联系人丙', NULL, 'x', 'x'), (203, 'P203', 103, '联系人丁', NULL, 'x', 'x'),"
	" (204, 'P204', 104, '联系人戊', NULL, 'x', 'x');"
	"INSERT INTO products (id, sku, name, created_at, updated_at) VALUES (50, 'SKU50', '茶叶', 'x', 'x');"
	"INSERT INTO orders (id, order_no, customer_id, ordered_at, order_date, created_at, updated_at) VALUES"
	" (300, 'O300', 102, '2026-01-01T00:00:00Z', '2026-01-01', 'x', 'x');"
	"INSERT INTO order_lines (id, order_id, line_no, product_id, quantity, unit_price_fen, amount_fen) VALUES"
	" (400, 300, 1, 50, 1, 100, 100);";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	struct store_open_options o = {.create = 1, .migrate = 1};
	if (store_open(f->db.url, &o, &f->s, &err) != GX_OK || db_exec_script(f->s, fixture_sql, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static void as(struct fixture *f, enum store_scope_kind kind, int64_t user, int64_t team, int64_t dept, int mask)
{
	struct store_scope sc = {.kind = kind, .user_id = user, .team_id = team, .department_id = dept, .mask = mask};
	store_scope_set(f->s, &sc);
}

/* The ids a list returns, comma-separated, in id order; its count must agree. */
static const char *ids(struct fixture *f, const struct entity_def *def)
{
	struct store_list_query q = {.deleted = STORE_ANY, .limit = 1000};
	struct store_list_result res;
	struct gx_error err;
	assert_int_equal(store_record_list(f->s, def, &q, &f->a, &res, &err), GX_OK);
	int64_t count = -1;
	assert_int_equal(store_record_count(f->s, def, &q, &count, &err), GX_OK);
	assert_int_equal(count, (int64_t)res.count);
	char *out = gx_arena_alloc(&f->a, 512);
	out[0] = 0;
	for (size_t i = 0; i < res.count; i++)
		snprintf(out + strlen(out), 512 - strlen(out), "%s%lld", i ? "," : "", (long long)res.rows[i].id);
	return out;
}

static enum gx_err get(struct fixture *f, const struct entity_def *def, int64_t id, struct record *r)
{
	struct gx_error err;
	return store_record_get(f->s, def, id, &f->a, r, &err);
}

static void test_own_team_department_all_none(void **state)
{
	struct fixture *f = *state;
	as(f, STORE_SCOPE_ALL, 0, 0, 0, 0);
	assert_string_equal(ids(f, &entity_customer), "100,101,102,103,104,105");
	as(f, STORE_SCOPE_OWN, 21, 10, 2, 0);
	assert_string_equal(ids(f, &entity_customer), "100,104");          /* own + the pool */
	as(f, STORE_SCOPE_TEAM, 21, 10, 2, 0);
	assert_string_equal(ids(f, &entity_customer), "100,101,104");
	as(f, STORE_SCOPE_DEPARTMENT, 20, 0, 2, 0);
	assert_string_equal(ids(f, &entity_customer), "100,101,102,104");  /* 102 is in 3, below 2 */
	as(f, STORE_SCOPE_DEPARTMENT, 20, 0, 1, 0);
	assert_string_equal(ids(f, &entity_customer), "100,101,102,104");  /* 4 is not below 1 */
	as(f, STORE_SCOPE_DEPARTMENT, 24, 0, 4, 0);
	assert_string_equal(ids(f, &entity_customer), "103,104,105");      /* 105 is 24's own */
	as(f, STORE_SCOPE_DEPARTMENT, 25, 0, 5, 0);
	assert_string_equal(ids(f, &entity_customer), "104,105");          /* the cycle 5 ↔ 6 ends */
	as(f, STORE_SCOPE_TEAM, 24, 0, 4, 0);                              /* no team: own only */
	assert_string_equal(ids(f, &entity_customer), "103,104,105");
	as(f, STORE_SCOPE_NONE, 0, 0, 0, 0);
	assert_string_equal(ids(f, &entity_customer), "");
	assert_string_equal(ids(f, &entity_contact), "");
	assert_string_equal(ids(f, &entity_product), "50");                /* products are not scoped */
}

/* store_record_visible (the same-name hints of a create) shows exactly the rows
 * store_record_get finds under each scope, deleted ones included, absent ones never. */
static void test_visible_as_get(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	const int64_t want[] = {100, 101, 102, 103, 104, 105, 999};
	const size_t n = sizeof want / sizeof want[0];
	struct {
		enum store_scope_kind kind;
		int64_t user, team, dept;
		const char *expect;
	} cases[] = {
		{STORE_SCOPE_ALL, 0, 0, 0, "1111110"},
		{STORE_SCOPE_DEPARTMENT, 24, 0, 4, "0001110"},
		{STORE_SCOPE_DEPARTMENT, 25, 0, 5, "0000110"},
		{STORE_SCOPE_NONE, 0, 0, 0, "0000000"},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		as(f, cases[c].kind, cases[c].user, cases[c].team, cases[c].dept, 0);
		unsigned char vis[8];
		assert_int_equal(store_record_visible(f->s, &entity_customer, want, n, vis, &err), GX_OK);
		char got[8];
		for (size_t i = 0; i < n; i++) {
			struct record r;
			struct gx_error miss;
			int found = store_record_get(f->s, &entity_customer, want[i], &f->a, &r, &miss) == GX_OK;
			assert_int_equal(vis[i], found);
			got[i] = (char)('0' + vis[i]);
		}
		got[n] = 0;
		assert_string_equal(got, cases[c].expect);
	}
}

/* A subtree resolved beforehand (what the server caches per department) gives the same rows
 * as the tree walked inside the query. */
static void test_resolved_subtree(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	struct store_scope sc = {.kind = STORE_SCOPE_DEPARTMENT, .user_id = 20, .department_id = 2};
	int n = 0;
	assert_int_equal(store_department_subtree(f->s, 2, sc.subtree, STORE_SCOPE_MAX_SUBTREE, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sc.subtree[0], 2);
	assert_int_equal(sc.subtree[1], 3);
	sc.nsubtree = n;
	store_scope_set(f->s, &sc);
	assert_string_equal(ids(f, &entity_customer), "100,101,102,104");
	assert_string_equal(ids(f, &entity_order_line), "400");
	assert_int_equal(store_department_subtree(f->s, 1, sc.subtree, 2, &n, &err), GX_OK);
	assert_int_equal(n, -1);                                           /* 1, 2, 3: more than 2 */
	assert_int_equal(store_department_subtree(f->s, 5, sc.subtree, STORE_SCOPE_MAX_SUBTREE, &n, &err), GX_OK);
	assert_int_equal(n, 2);                                            /* the cycle: 5 and 6 once */
}

static void test_children_follow_their_parent(void **state)
{
	struct fixture *f = *state;
	as(f, STORE_SCOPE_TEAM, 21, 10, 2, 0);
	assert_string_equal(ids(f, &entity_contact), "200,201,204");
	assert_string_equal(ids(f, &entity_order), "");
	assert_string_equal(ids(f, &entity_order_line), "");               /* line → order → customer */
	as(f, STORE_SCOPE_DEPARTMENT, 20, 0, 2, 0);
	assert_string_equal(ids(f, &entity_order), "300");
	assert_string_equal(ids(f, &entity_order_line), "400");
	as(f, STORE_SCOPE_OWN, 23, 11, 3, 0);
	assert_string_equal(ids(f, &entity_contact), "202,204");
	assert_string_equal(ids(f, &entity_order_line), "400");
}

static void test_foreign_rows_are_not_found(void **state)
{
	struct fixture *f = *state;
	struct record r;
	struct gx_error err;
	as(f, STORE_SCOPE_TEAM, 23, 11, 3, 0);
	assert_int_equal(get(f, &entity_customer, 100, &r), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_contact, 200, &r), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_order, 300, &r), GX_OK);
	assert_int_equal(get(f, &entity_customer, 102, &r), GX_OK);
	/* Writes: an update, a delete and a purge of a foreign row find nothing and change nothing. */
	record_init(&r, &entity_customer, &f->a);
	r.id = 100;
	record_set_text(&r, "city", "上海");
	assert_int_equal(store_record_update(f->s, &r, 0, &err), GX_ENOTFOUND);
	assert_int_equal(store_record_update(f->s, &r, 1, &err), GX_ENOTFOUND);   /* not a conflict */
	assert_int_equal(store_record_set_deleted(f->s, &entity_customer, 100, 1, &err), GX_ENOTFOUND);
	assert_int_equal(store_record_purge(f->s, &entity_contact, 200, &err), GX_ENOTFOUND);
	as(f, STORE_SCOPE_ALL, 0, 0, 0, 0);
	assert_int_equal(get(f, &entity_customer, 100, &r), GX_OK);
	assert_null(r.deleted_at);
	assert_null(record_text(&r, "city"));
	assert_int_equal(r.version, 1);
	assert_int_equal(get(f, &entity_contact, 200, &r), GX_OK);
	/* A visible row is still written. */
	as(f, STORE_SCOPE_TEAM, 23, 11, 3, 0);
	record_init(&r, &entity_customer, &f->a);
	r.id = 102;
	record_set_text(&r, "city", "杭州");
	assert_int_equal(store_record_update(f->s, &r, 1, &err), GX_OK);
	assert_int_equal(store_record_set_deleted(f->s, &entity_customer, 102, 1, &err), GX_OK);
}

/* Shown as a reader sees it (store_scope_view); the record itself keeps the true value. */
static const char *view(const struct record *r, const char *field)
{
	static char buf[128];
	return store_scope_view(r, (size_t)entity_field_index(r->def, field), buf, sizeof buf);
}

static void test_masking_for_non_owners(void **state)
{
	struct fixture *f = *state;
	struct record r;
	as(f, STORE_SCOPE_TEAM, 21, 10, 2, 1);
	assert_int_equal(get(f, &entity_customer, 100, &r), GX_OK);        /* own: in full */
	assert_false(r.masked);
	assert_string_equal(view(&r, "phone"), "13800000100");
	assert_string_equal(view(&r, "wechat"), "wx_jia_100");
	assert_int_equal(get(f, &entity_customer, 101, &r), GX_OK);        /* the team's: masked */
	assert_true(r.masked);
	assert_string_equal(view(&r, "phone"), "138****0101");
	assert_string_equal(view(&r, "wechat"), "wx_****_101");
	assert_string_equal(view(&r, "name"), "客户乙");                   /* other fields as they are */
	assert_string_equal(record_text(&r, "phone"), "13800000101");      /* so a write keeps the truth */
	assert_int_equal(get(f, &entity_contact, 201, &r), GX_OK);         /* through the parent */
	assert_string_equal(view(&r, "phone"), "139****0201");
	assert_int_equal(get(f, &entity_contact, 200, &r), GX_OK);
	assert_string_equal(view(&r, "phone"), "13900000200");
	/* Without mask (a role with full_view) the team's rows show in full. */
	as(f, STORE_SCOPE_TEAM, 21, 10, 2, 0);
	assert_int_equal(get(f, &entity_customer, 101, &r), GX_OK);
	assert_false(r.masked);
	assert_string_equal(view(&r, "phone"), "13800000101");
	/* Lists mark rows the same way. */
	as(f, STORE_SCOPE_ALL, 21, 10, 2, 1);
	struct store_list_query q = {.deleted = STORE_LIVE, .limit = 10};
	struct store_list_result res;
	struct gx_error err;
	assert_int_equal(store_record_list(f->s, &entity_customer, &q, &f->a, &res, &err), GX_OK);
	assert_int_equal(res.count, 6);
	assert_string_equal(view(&res.rows[0], "phone"), "13800000100");
	assert_string_equal(view(&res.rows[3], "phone"), "138****0103");
}

/* One connection asked by callers of different scopes in turn: the get text an unscoped caller
 * left in the statement cache never serves a scoped or masking one. */
static void test_get_alternating_scopes(void **state)
{
	struct fixture *f = *state;
	struct record r;
	for (int round = 0; round < 2; round++) {
		as(f, STORE_SCOPE_ALL, 1, 0, 0, 0);
		assert_int_equal(get(f, &entity_customer, 100, &r), GX_OK);
		assert_false(r.masked);
		assert_int_equal(get(f, &entity_customer, 101, &r), GX_OK);
		as(f, STORE_SCOPE_TEAM, 23, 11, 3, 0);
		assert_int_equal(get(f, &entity_customer, 100, &r), GX_ENOTFOUND);
		assert_int_equal(get(f, &entity_customer, 102, &r), GX_OK);
		as(f, STORE_SCOPE_TEAM, 21, 10, 2, 1);
		assert_int_equal(get(f, &entity_customer, 101, &r), GX_OK);
		assert_true(r.masked);
		assert_string_equal(view(&r, "phone"), "138****0101");
		as(f, STORE_SCOPE_ALL, 1, 0, 0, 0);
		assert_int_equal(get(f, &entity_customer, 101, &r), GX_OK);
		assert_false(r.masked);
		assert_string_equal(view(&r, "phone"), "13800000101");
	}
}

static void test_mask_format(void **state)
{
	(void)state;
	char out[64];
	store_scope_mask("13800000001", out, sizeof out);
	assert_string_equal(out, "138****0001");
	store_scope_mask("+86 138 0000 0001", out, sizeof out);
	assert_string_equal(out, "+86****0001");
	store_scope_mask("abc", out, sizeof out);
	assert_string_equal(out, "a****");
	store_scope_mask("张三丰的微信号码账号", out, sizeof out);   /* cut on characters, not bytes */
	assert_string_equal(out, "张三丰****号码账号");
	store_scope_mask("", out, sizeof out);
	assert_string_equal(out, "");
}

static void test_search_hides_foreign_hits(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	as(f, STORE_SCOPE_ALL, 0, 0, 0, 0);
	for (int64_t id = 100; id <= 105; id++) {
		struct record r;
		assert_int_equal(get(f, &entity_customer, id, &r), GX_OK);
		assert_int_equal(store_search_index_record(f->s, &r, &err), GX_OK);
	}
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0;
	int more = 0;
	assert_int_equal(store_search(f->s, "客户", "customer", SEARCH_MAX_HITS, hits, &n, &more, &err), GX_OK);
	assert_int_equal(n, 6);
	as(f, STORE_SCOPE_OWN, 21, 10, 2, 0);
	assert_int_equal(store_search(f->s, "客户", "customer", SEARCH_MAX_HITS, hits, &n, &more, &err), GX_OK);
	assert_int_equal(n, 2);
	int64_t seen = 0;
	for (size_t i = 0; i < n; i++)
		seen += hits[i].id;
	assert_int_equal(seen, 100 + 104);
	assert_int_equal(store_search(f->s, "13800000101", NULL, SEARCH_MAX_HITS, hits, &n, &more, &err), GX_OK);
	assert_int_equal(n, 0);                                            /* a foreign phone: nothing */
}

static void test_default_permissions(void **state)
{
	(void)state;
	assert_true(access_default_allowed("sales", "customer", ACCESS_READ));
	assert_true(access_default_allowed("sales", "customer", ACCESS_UPDATE));
	assert_false(access_default_allowed("sales", "customer", ACCESS_DELETE));
	assert_false(access_default_allowed("sales", "customer", ACCESS_EXPORT));
	assert_false(access_default_allowed("sales", "customer", ACCESS_FULL_VIEW));
	assert_true(access_default_allowed("manager", "customer", ACCESS_EXPORT));
	assert_true(access_default_allowed("manager", "customer", ACCESS_FULL_VIEW));
	assert_false(access_default_allowed("manager", "audit", ACCESS_READ));
	assert_true(access_default_allowed("admin", "audit", ACCESS_READ));
	assert_false(access_default_allowed("readonly", "customer", ACCESS_CREATE));
	assert_true(access_default_allowed("analyst", "order", ACCESS_EXPORT));
	assert_false(access_default_allowed("analyst", "order", ACCESS_UPDATE));
	/* An entity of a later module gets the last row. */
	assert_true(access_default_allowed("sales", "opportunity", ACCESS_CREATE));
	assert_false(access_default_allowed("sales", "opportunity", ACCESS_DELETE));
	assert_false(access_default_allowed("nobody", "customer", ACCESS_READ));
	assert_int_equal(access_default_scope("sales"), STORE_SCOPE_TEAM);
	assert_int_equal(access_default_scope("manager"), STORE_SCOPE_DEPARTMENT);
	assert_int_equal(access_default_scope("analyst"), STORE_SCOPE_ALL);
	assert_int_equal(store_scope_parse("department"), STORE_SCOPE_DEPARTMENT);
	assert_int_equal(store_scope_parse("none"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_own_team_department_all_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolved_subtree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_children_follow_their_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_rows_are_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masking_for_non_owners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_alternating_scopes, setup, teardown),
		cmocka_unit_test(test_mask_format),
		cmocka_unit_test_setup_teardown(test_search_hides_foreign_hits, setup, teardown),
		cmocka_unit_test(test_default_permissions),
		cmocka_unit_test_setup_teardown(test_visible_as_get, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
