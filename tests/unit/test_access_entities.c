/* Unit tests for the row scopes of the entities beyond customers (issue 6 item 4): tickets (their
 * assignee, their receiver, and whoever sees their customer), ticket events (their ticket),
 * tasks (assignee, creator, and whoever sees the linked record), approvals (requester, approver,
 * the linked record), notifications (their recipient), campaigns (owner; unowned ones are
 * company-wide) and quotes (owner or customer). A sales rep of department A lists none of
 * department B's rows and a get or update of one finds nothing (404). SQLite and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/entity_marketing.h"
#include "guanxi/entity_service.h"
#include "guanxi/entity_workflow.h"
#include "guanxi/record_store.h"
#include "guanxi/sales.h"
#include "guanxi/store_scope.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fixture {
	struct test_db db;
	struct store *s;
	struct gx_arena a;
};

/* Departments 1 (A) and 2 (B); teams 10 (A) and 11 (B). Users: 20 manager of A, 21 sa and
 * 22 sa2 sales of team 10, 23 sb sales of team 11, 24 service of team 10. Customers 100 of sa,
 * 101 of sb. */
static const char *const fixture_sql =
	"INSERT INTO departments (id, code, name, parent_id, created_at, updated_at) VALUES"
	" (1, 'DA', '华东', NULL, 'x', 'x'), (2, 'DB', '华南', NULL, 'x', 'x');"
	"INSERT INTO teams (id, code, name, department_id, created_at, updated_at) VALUES"
	" (10, 'TA', '华东一组', 1, 'x', 'x'), (11, 'TB', '华南一组', 2, 'x', 'x');"
	"INSERT INTO users (id, username, display_name, role, department_id, team_id, created_at, updated_at) VALUES"
	" (20, 'mgra', '经理', 'manager', 1, NULL, 'x', 'x'), (21, 'sa', '甲', 'sales', 1, 10, 'x', 'x'),"
	" (22, 'sa2', '乙', 'sales', 1, 10, 'x', 'x'), (23, 'sb', '丙', 'sales', 2, 11, 'x', 'x'),"
	" (24, 'svca', '丁', 'service', 1, 10, 'x', 'x');"
	"INSERT INTO customers (id, code, kind, name, name_norm, owner_id, team_id, department_id, created_at, updated_at)"
	" VALUES (100, 'C100', 'person', '客户甲', '客户甲', 21, 10, 1, 'x', 'x'),"
	" (101, 'C101', 'person', '客户乙', '客户乙', 23, 11, 2, 'x', 'x');"
	/* 500: A's customer, unassigned, received by A's service; 501: B's, B's; 502: B's customer
	 * assigned to sa. */
	"INSERT INTO tickets (id, code, customer_id, channel, subject, owner_id, received_by, received_at,"
	" sla_minutes, sla_started_at, due_at, created_at, updated_at) VALUES"
	" (500, 'T500', 100, 'phone', '甲的投诉', NULL, 24, 'x', 60, 'x', 'x', 'x', 'x'),"
	" (501, 'T501', 101, 'phone', '乙的投诉', 23, 23, 'x', 60, 'x', 'x', 'x', 'x'),"
	" (502, 'T502', 101, 'phone', '转给甲', 21, 23, 'x', 60, 'x', 'x', 'x', 'x');"
	"INSERT INTO ticket_events (id, ticket_id, action, to_status, at) VALUES"
	" (600, 500, 'receive', 'received', 'x'), (601, 501, 'receive', 'received', 'x');"
	/* 700 sa's; 701 B's on B's customer; 702 B's on A's customer; 703 sa2's (team); 704 made by sa
	 * for sb. */
	"INSERT INTO tasks (id, title, assignee_id, created_by, entity, entity_id, due_date, created_at, updated_at)"
	" VALUES (700, 't700', 21, 21, NULL, NULL, '2026-01-01', 'x', 'x'),"
	" (701, 't701', 23, 23, 'customer', 101, '2026-01-01', 'x', 'x'),"
	" (702, 't702', 23, 23, 'customer', 100, '2026-01-01', 'x', 'x'),"
	" (703, 't703', 22, 22, NULL, NULL, '2026-01-01', 'x', 'x'),"
	" (704, 't704', 23, 21, NULL, NULL, '2026-01-01', 'x', 'x');"
	/* 800 B's about B's customer; 801 waits for sa's decision; 802 about A's customer. */
	"INSERT INTO approvals (id, kind, entity, entity_id, requester_id, approver_id, created_at, updated_at)"
	" VALUES (800, 'customer_transfer', 'customer', 101, 23, 23, 'x', 'x'),"
	" (801, 'discount', 'customer', 101, 23, 21, 'x', 'x'),"
	" (802, 'customer_transfer', 'customer', 100, 23, 23, 'x', 'x');"
	"INSERT INTO notifications (id, user_id, kind, text, created_at, updated_at) VALUES"
	" (900, 21, 'assignment', 'n', 'x', 'x'), (901, 23, 'assignment', 'n', 'x', 'x');"
	"INSERT INTO campaigns (id, code, name, type, rm_level, owner_id, created_at, updated_at) VALUES"
	" (950, 'M950', '华南活动', 'meeting', 'social', 23, 'x', 'x'),"
	" (951, 'M951', '全公司活动', 'meeting', 'social', NULL, 'x', 'x'),"
	" (952, 'M952', '一组活动', 'meeting', 'social', 22, 'x', 'x');"
	"INSERT INTO quotes (id, code, customer_id, owner_id, created_at, updated_at) VALUES"
	" (960, 'Q960', 101, 23, 'x', 'x'), (961, 'Q961', 100, 23, 'x', 'x');";

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

static void as(struct fixture *f, enum store_scope_kind kind, int64_t user, int64_t team, int64_t dept)
{
	struct store_scope sc = {.kind = kind, .user_id = user, .team_id = team, .department_id = dept};
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

static enum gx_err get(struct fixture *f, const struct entity_def *def, int64_t id)
{
	struct gx_error err;
	struct record r;
	return store_record_get(f->s, def, id, &f->a, &r, &err);
}

static void test_sales_rep_of_a(void **state)
{
	struct fixture *f = *state;
	as(f, STORE_SCOPE_TEAM, 21, 10, 1);
	assert_string_equal(ids(f, &entity_ticket), "500,502");
	assert_string_equal(ids(f, &entity_ticket_event), "600");
	assert_string_equal(ids(f, &entity_task), "700,702,703,704");
	assert_string_equal(ids(f, &entity_approval), "801,802");
	assert_string_equal(ids(f, &entity_notification), "900");
	assert_string_equal(ids(f, &entity_campaign), "951,952");
	assert_string_equal(ids(f, &entity_quote), "961");
	/* B's rows: not found, exactly like a missing id. */
	assert_int_equal(get(f, &entity_ticket, 501), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_ticket_event, 601), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_task, 701), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_approval, 800), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_notification, 901), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_campaign, 950), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_quote, 960), GX_ENOTFOUND);
	assert_int_equal(get(f, &entity_ticket, 502), GX_OK);
	/* Nor can it be changed: the update's WHERE carries the scope too. */
	struct record r;
	record_init(&r, &entity_ticket, &f->a);
	r.id = 501;
	record_set_text(&r, "subject", "改了");
	struct gx_error err;
	assert_int_equal(store_record_update(f->s, &r, 0, &err), GX_ENOTFOUND);
	as(f, STORE_SCOPE_ALL, 0, 0, 0);
	struct record check;
	assert_int_equal(store_record_get(f->s, &entity_ticket, 501, &f->a, &check, &err), GX_OK);
	assert_string_equal(record_text(&check, "subject"), "乙的投诉");
}

static void test_own_and_department(void **state)
{
	struct fixture *f = *state;
	/* Own: only the user's own columns and own customers. */
	as(f, STORE_SCOPE_OWN, 21, 10, 1);
	assert_string_equal(ids(f, &entity_ticket), "500,502");
	assert_string_equal(ids(f, &entity_task), "700,702,704");
	assert_string_equal(ids(f, &entity_campaign), "951");
	/* A's manager: everything of department A, nothing of B's own. */
	as(f, STORE_SCOPE_DEPARTMENT, 20, 0, 1);
	assert_string_equal(ids(f, &entity_ticket), "500,502");
	assert_string_equal(ids(f, &entity_task), "700,702,703,704");
	assert_string_equal(ids(f, &entity_approval), "801,802");
	assert_string_equal(ids(f, &entity_notification), "900");
	/* B's rep sees B's side, including sa's ticket on B's customer. */
	as(f, STORE_SCOPE_TEAM, 23, 11, 2);
	assert_string_equal(ids(f, &entity_ticket), "501,502");
	assert_string_equal(ids(f, &entity_task), "701,702,704");
	assert_string_equal(ids(f, &entity_approval), "800,801,802");
	assert_string_equal(ids(f, &entity_campaign), "950,951");
	assert_string_equal(ids(f, &entity_quote), "960,961");
	/* The service agent of team A: the ticket it received, and its team's assignments. */
	as(f, STORE_SCOPE_TEAM, 24, 10, 1);
	assert_string_equal(ids(f, &entity_ticket), "500,502");
	/* All: everything. */
	as(f, STORE_SCOPE_ALL, 0, 0, 0);
	assert_string_equal(ids(f, &entity_ticket), "500,501,502");
	assert_string_equal(ids(f, &entity_task), "700,701,702,703,704");
	/* Nobody authenticated: nothing. */
	as(f, STORE_SCOPE_NONE, 0, 0, 0);
	assert_string_equal(ids(f, &entity_ticket), "");
	assert_string_equal(ids(f, &entity_task), "");
	assert_string_equal(ids(f, &entity_campaign), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sales_rep_of_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_and_department, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
