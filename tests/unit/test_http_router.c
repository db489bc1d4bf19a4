/* Unit tests for http/: the route table's matcher (ids, methods, HEAD, malformed ids) and the
 * rendering of records as JSON from the field tables (money as fen, booleans, embedded JSON,
 * lists, hidden fields left out, field selection). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static const struct http_route *match(const char *method, const char *path, int64_t *ids, int *n,
                                      int *known)
{
	return http_route_match(method, path, ids, n, known);
}

static void test_route_match(void **state)
{
	(void)state;
	int64_t ids[HTTP_MAX_PARAMS];
	int n, known;
	const struct http_route *r = match("GET", "/api/v1/customers", ids, &n, &known);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/api/v1/customers");
	assert_int_equal(r->perm, HTTP_READ);
	assert_int_equal(n, 0);

	r = match("POST", "/api/v1/customers", ids, &n, &known);
	assert_non_null(r);
	assert_int_equal(r->perm, HTTP_WRITE);

	r = match("GET", "/api/v1/customers/42/interactions", ids, &n, &known);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/api/v1/customers/{id}/interactions");
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 42);

	r = match("HEAD", "/api/v1/customers/9", ids, &n, &known);
	assert_non_null(r);
	assert_string_equal(r->method, "GET");
	assert_int_equal(ids[0], 9);

	r = match("PUT", "/api/v1/customers/9", ids, &n, &known);
	assert_null(r);
	assert_int_equal(known, 1);   /* 405, not 404 */

	assert_null(match("GET", "/api/v1/nothing", ids, &n, &known));
	assert_int_equal(known, 0);
	/* Ids are positive decimals of at most 18 digits: no sign, no leading zero, no junk. */
	assert_null(match("GET", "/api/v1/customers/abc", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers/-1", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers/0", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers/007", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers/1e3", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers/1234567890123456789", ids, &n, &known));
	assert_non_null(match("GET", "/api/v1/customers/123456789012345678", ids, &n, &known));
	assert_int_equal(ids[0], 123456789012345678LL);
	assert_null(match("GET", "/api/v1/customers/", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers/5/", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customers//interactions", ids, &n, &known));
	assert_null(match("GET", "/api/v1/customersX", ids, &n, &known));
	assert_non_null(match("GET", "/api/v1/", ids, &n, &known));
}

/* Every entry is reachable through its own pattern, and public routes are exactly these. */
static void test_route_table(void **state)
{
	(void)state;
	int count = 0, public = 0;
	HTTP_FOR_EACH_ROUTE(t, r) {
		count++;
		char path[256];
		size_t w = 0;
		for (const char *p = r->pattern; *p && w < sizeof path - 8;) {
			if (*p == '{') {
				w += (size_t)snprintf(path + w, sizeof path - w, "17");
				p = strchr(p, '}') + 1;
			} else {
				path[w++] = *p++;
			}
		}
		path[w] = 0;
		int64_t ids[HTTP_MAX_PARAMS];
		int n, known;
		const struct http_route *m = http_route_match(r->method, path, ids, &n, &known);
		assert_ptr_equal(m, r);
		if (r->perm == HTTP_PUBLIC) {
			public++;
			/* the survey fill-in: its token is the credential (surveys module) */
			assert_true(!strcmp(r->pattern, "/healthz") || !strcmp(r->pattern, "/readyz") ||
			            !strcmp(r->pattern, "/api/v1/login") || !strcmp(r->pattern, "/api/v1/") ||
			            !strcmp(r->pattern, "/api/v1/public/survey"));
		}
		/* Only reads are open to read-only roles. */
		if (strcmp(r->method, "GET") != 0 && r->perm == HTTP_READ)
			assert_string_equal(r->pattern, "/api/v1/logout");
	}
	assert_int_equal(public, 6);
	assert_true(count >= 28);
}

static void test_record_json(void **state)
{
	(void)state;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record r;
	record_init(&r, &entity_product, &a);
	r.id = 5;
	r.version = 2;
	r.created_at = r.updated_at = "2026-11-26T00:00:00Z";
	record_set_text(&r, "sku", "P-1");
	record_set_text(&r, "name", "茶叶");
	record_set_int(&r, "price_fen", 12345);
	record_set_int(&r, "active", 1);
	record_set_int(&r, "job_id", 99);          /* hidden: never rendered */
	json_t *j = http_record_json(&r, NULL, 0);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, "{\"id\":5,\"version\":2,\"created_at\":\"2026-11-26T00:00:00Z\","
	                       "\"updated_at\":\"2026-11-26T00:00:00Z\",\"sku\":\"P-1\",\"name\":\"茶叶\","
	                       "\"category_id\":null,\"unit\":null,\"price_fen\":12345,\"cost_fen\":null,"
	                       "\"active\":true}");
	free(s);
	json_decref(j);

	const char *fields[] = {"price_fen"};
	j = http_record_json(&r, fields, 1);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, "{\"id\":5,\"price_fen\":12345}");
	free(s);
	json_decref(j);

	struct record c;
	record_init(&c, &entity_customer, &a);
	c.id = 1;
	record_set_text(&c, "tags", "vip; 北京;;");
	record_set_text(&c, "custom", "{\"a\":[1,2]}");
	const char *cf[] = {"tags", "custom"};
	j = http_record_json(&c, cf, 2);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, "{\"id\":1,\"tags\":[\"vip\",\"北京\"],\"custom\":{\"a\":[1,2]}}");
	free(s);
	json_decref(j);
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_route_table),
		cmocka_unit_test(test_record_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
