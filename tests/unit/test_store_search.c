/* Search through the store interface, on whichever backend the run targets (a SQLite file, or
 * PostgreSQL with GUANXI_TEST_DB_URL): the same records and the same expected hits, classes and
 * order as the SQLite index tests of test_search.c, so that both backends are held to one
 * behaviour (DECISIONS.md "Search"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "guanxi/customer_store.h"
#include "guanxi/pinyin.h"
#include "guanxi/search.h"
#include "guanxi/store.h"
#include "guanxi/textfold.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fixture {
	struct test_db db;
	struct store *s;
};

static void put(struct store *s, const char *entity, int64_t id, const char *name,
                const char *phone, const char *email, const char *code)
{
	struct gx_error err;
	char norm[32] = "";
	if (phone)
		textfold_normalize_phone(phone, norm, sizeof norm);
	const char *fields[] = { name, phone, email, code };
	enum gx_err rc = s->drv->search_put(s, entity, id, fields, 4, code, norm, &err);
	if (rc != GX_OK)
		fail_msg("put %s %lld: %s", entity, (long long)id, err.message);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct gx_error err;
	struct store_open_options o = {.create = 1, .migrate = 1};
	if (test_db_create(&fx->db) != 0 || store_open(fx->db.url, &o, &fx->s, &err) != GX_OK) {
		fprintf(stderr, "cannot open the test database: %s\n", err.message);
		return -1;
	}
	struct store *s = fx->s;
	put(s, "customer", 1, "张伟", "+86 138-0013-8000", "zhangwei@gmail.com", "C0001");
	put(s, "customer", 2, "欧阳娜娜", "13912345678", "nana@163.com", "C0002");
	put(s, "customer", 3, "李小龙", "13700001111", "bruce@qq.com", "C0003");
	put(s, "customer", 4, "北京华为科技有限公司", "010-6552-1234", "info@hw.example", "C0004");
	put(s, "customer", 5, "甲", NULL, NULL, "C0012");
	put(s, "customer", 6, "乙", NULL, NULL, "C00123");
	put(s, "customer", 7, "丙 XC0012", NULL, NULL, "C0007");
	put(s, "customer", 8, "abc", NULL, "def", "C0008");
	put(s, "contact", 1, "张伟", "13600000000", NULL, NULL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	store_close(fx->s);
	test_db_drop(&fx->db);
	free(fx);
	return 0;
}

static size_t search(struct store *s, const char *q, const char *entity, int limit, char *out,
                     size_t cap, int *more)
{
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0;
	int m = 0;
	struct gx_error err;
	if (store_search(s, q, entity, limit, hits, &n, &m, &err) != GX_OK)
		fail_msg("search \"%s\": %s", q, err.message);
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(out + len, cap - len, "%s%c%lld:%d", i ? " " : "",
		                        strcmp(hits[i].entity, "contact") == 0 ? 'o' : hits[i].entity[0],
		                        (long long)hits[i].id, hits[i].rank_class);
		if (i > 0)
			assert_true(hits[i].score < hits[i - 1].score);
	}
	if (more)
		*more = m;
	return n;
}

#define EXPECT(s, q, entity, want) do { \
		char got_[2048]; \
		search((s), (q), (entity), 0, got_, sizeof got_, NULL); \
		if (strcmp(got_, (want)) != 0) \
			fail_msg("search \"%s\": got \"%s\", want \"%s\"", (q), got_, (want)); \
	} while (0)

static void test_names_and_pinyin(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	EXPECT(s, "张伟", NULL, "c1:1 o1:1");
	EXPECT(s, "张伟", "customer", "c1:1");
	EXPECT(s, "张伟", "contact", "o1:1");
	EXPECT(s, "zhangwei", "customer", "c1:1");
	EXPECT(s, "zw", "customer", "c1:1");
	EXPECT(s, "zhang", "customer", "c1:1");
	EXPECT(s, "ＺＨＡＮＧ", "customer", "c1:1");
	EXPECT(s, "ZhangWei", "customer", "c1:1");
	EXPECT(s, "阳娜", NULL, "c2:2");
	EXPECT(s, "欧阳", NULL, "c2:1");
	EXPECT(s, "oynn", NULL, "c2:1");
	EXPECT(s, "yangna", NULL, "c2:2");
	EXPECT(s, "小龙", NULL, "c3:2");
	EXPECT(s, "李小", NULL, "c3:1");
	EXPECT(s, "华为科技", NULL, "c4:2");
	EXPECT(s, "huawei", NULL, "c4:2");
	EXPECT(s, "hwkj", NULL, "c4:2");
	EXPECT(s, "bjhw", NULL, "c4:1");
	EXPECT(s, "北京华为科技有限", NULL, "c4:1");     /* longer than the n-grams */
	EXPECT(s, "京华为科技有限公", NULL, "c4:2");
	EXPECT(s, "张伟 gmail", NULL, "c1:1");
	EXPECT(s, "gmail 张伟", NULL, "c1:2");
	EXPECT(s, "张伟 163", NULL, "");
}

static void test_phone_email(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	EXPECT(s, "13800138000", NULL, "c1:0");
	EXPECT(s, "+86 138 0013 8000", NULL, "c1:0");
	EXPECT(s, "0013", NULL, "c1:2");
	EXPECT(s, "138 0013", NULL, "c1:1");
	EXPECT(s, "138-0013-8", NULL, "c1:1");
	EXPECT(s, "001", NULL, "c1:2 c3:2 c5:2 c6:2 c7:2");
	EXPECT(s, "6552", NULL, "c4:2");
	EXPECT(s, "65521234", NULL, "c4:2");
	EXPECT(s, "gmail", NULL, "c1:2");
	EXPECT(s, "@gm", NULL, "c1:2");
	EXPECT(s, "@163.com", NULL, "c2:2");
	EXPECT(s, "nana@", NULL, "c2:1");
	EXPECT(s, "GMAIL.COM", NULL, "c1:2");
	EXPECT(s, "cd", NULL, "");
	EXPECT(s, "bcde", NULL, "");
	EXPECT(s, "abcdef", NULL, "");
	EXPECT(s, "abc", NULL, "c8:1");
}

static void test_ranking(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	EXPECT(s, "c0012", NULL, "c5:0 c6:1 c7:2");
	EXPECT(s, "C0012", "customer", "c5:0 c6:1 c7:2");
	EXPECT(s, "C001", NULL, "c5:1 c6:1 c7:2");
}

static void test_limit_more(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	struct gx_error err;
	for (int i = 0; i < 60; i++) {
		char name[64];
		snprintf(name, sizeof name, "测试公司%d", i);
		const char *fields[] = { name };
		assert_int_equal(s->drv->search_put(s, "lead", 100 + i, fields, 1, NULL, NULL, &err), GX_OK);
	}
	char out[4096];
	int more = 0;
	assert_int_equal(search(s, "试公", NULL, 0, out, sizeof out, &more), 50);
	assert_true(more);
	assert_int_equal(search(s, "测试", "lead", 10, out, sizeof out, &more), 10);
	assert_true(more);
	assert_string_equal(out, "l100:1 l101:1 l102:1 l103:1 l104:1 l105:1 l106:1 l107:1 l108:1 l109:1");
	assert_int_equal(search(s, "公司5", NULL, 0, out, sizeof out, &more), 11);
	assert_false(more);
	assert_int_equal(search(s, "公司59", NULL, 0, out, sizeof out, &more), 1);
	assert_false(more);
}

static void test_delete_replace_hostile(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	struct gx_error err;
	assert_int_equal(store_search_remove(s, "customer", 1, &err), GX_OK);
	EXPECT(s, "张伟", NULL, "o1:1");
	EXPECT(s, "13800138000", NULL, "");
	assert_int_equal(store_search_remove(s, "customer", 1, &err), GX_OK);
	put(s, "customer", 2, "王芳", "13912345678", "fang@163.com", "C0002");
	EXPECT(s, "欧阳", NULL, "");
	EXPECT(s, "王芳", NULL, "c2:1");
	EXPECT(s, "wf", NULL, "c2:1");
	EXPECT(s, "C0002", NULL, "c2:0");
	assert_int_equal(store_search_remove(s, "nothing", 1, &err), GX_EINVAL);
	/* quotes, backslashes and braces are literal text in both backends' encodings */
	put(s, "customer", 9, "kx\"jq\\vy{pm}", NULL, NULL, "Q\"99");
	EXPECT(s, "kx", NULL, "c9:1");                 /* " \\ { } separate runs */
	EXPECT(s, "jq", NULL, "c9:2");
	EXPECT(s, "vy{pm}", NULL, "c9:2");
	EXPECT(s, "99", NULL, "c9:2");
	EXPECT(s, "kx\"jq", NULL, "c9:1");
	EXPECT(s, "xj", NULL, "");
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n;
	int more;
	const char *syntax[] = { "NEAR(", "OR", "' OR 1=1 --", "%_%", "张伟\" OR \"", "{\"x\"}", "$1" };
	for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++) {
		enum gx_err rc = store_search(s, syntax[i], NULL, 0, hits, &n, &more, &err);
		if (rc != GX_OK && rc != GX_EINVAL)
			fail_msg("query %s: %s", syntax[i], err.message);
		assert_true(n <= 1);
	}
	assert_int_equal(store_search(s, "张", NULL, 0, hits, &n, &more, &err), GX_EINVAL);
	assert_int_equal(store_search(s, "张伟", "bogus", 0, hits, &n, &more, &err), GX_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_and_pinyin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phone_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_more, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_replace_hostile, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	pinyin_thread_cleanup();
	u_cleanup();
	return rc;
}
