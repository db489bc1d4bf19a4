/* Search answers that do not depend on how the backend finds them (docs/search.md). On
 * PostgreSQL a rank class is answered by fetching the candidates of the GIN index, by walking
 * the narrow search_text in key order, or by a walk that hands over to the index midway
 * (store/postgres/pg_search.c, migration 0023); which one depends on the gram counts of
 * search_gram_stats, so the test sets those counts to force each path and asks for the same,
 * hand-derived answers. On SQLite the same answers are asserted (one behaviour for both
 * backends). The data: 2,600 customers, more than the walk's first chunk, with a term whose
 * grams are common but rare together ("iangz": 433 records hold "xiang" and "angzhou", 7 hold
 * "xiangzhou"), two-character Chinese names, pinyin, phones and e-mails. */
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

#define NREC 2600

struct fixture {
	struct test_db db;
	struct store *s;
};

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
	                             "艳", "杰" };
static const char *const domains[] = { "qq.com", "163.com", "gmail.com", "foxmail.com" };

static void put_rec(struct store *s, int i, const char *company)
{
	char name[32], phone[32], email[64], code[16], norm[32] = "";
	snprintf(name, sizeof name, "%s%s", surnames[i % 10], given[i % 13]);
	snprintf(phone, sizeof phone, "%lld", 13900000000LL + i);
	snprintf(email, sizeof email, "u%d@%s", i, domains[i % 4]);
	snprintf(code, sizeof code, "K%05d", i);
	textfold_normalize_phone(phone, norm, sizeof norm);
	const char *fields[] = { name, company, phone, email, code };
	struct gx_error err;
	if (s->drv->search_put(s, "customer", i, fields, 5, code, norm, &err) != GX_OK)
		fail_msg("put %d: %s", i, err.message);
}

static const char *company_of(int i)
{
	if (i % 400 == 7)
		return "xiangzhou";
	if (i % 2 == 1)
		return "xiang yun";
	if (i % 3 == 0)
		return "angzhou";
	return NULL;
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
	if (store_begin(fx->s, &err) != GX_OK)
		return -1;
	for (int i = 1; i <= NREC; i++)
		put_rec(fx->s, i, company_of(i));
	if (store_commit(fx->s, &err) != GX_OK)
		return -1;
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

/* The hits as "c7:2 c407:2 …" and the more flag as " +" at the end. */
static void search(struct store *s, const char *q, const char *entity, char *out, size_t cap)
{
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0, len = 0;
	int more = 0;
	struct gx_error err;
	if (store_search(s, q, entity, 0, hits, &n, &more, &err) != GX_OK)
		fail_msg("search \"%s\": %s", q, err.message);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%c%lld:%d", i ? " " : "",
		                        hits[i].entity[0], (long long)hits[i].id, hits[i].rank_class);
	if (more)
		snprintf(out + len, cap - len, " +");
}

#define EXPECT(s, q, want) do { \
		char got_[4096]; \
		search((s), (q), NULL, got_, sizeof got_); \
		if (strcmp(got_, (want)) != 0) \
			fail_msg("search \"%s\": got \"%s\", want \"%s\"", (q), got_, (want)); \
	} while (0)

/* The paths of the PostgreSQL backend, chosen through the gram counts: 1 for every gram
 * (the GIN index), 1,501 (just above the fetch limit: a walk that hands over to the index
 * after its first chunk), a billion (a walk to the end), none (the probe, then the walk). */
enum path { PATH_FETCH, PATH_HANDOVER, PATH_WALK, PATH_NOSTATS, NPATHS };

static int set_path(struct store *s, enum path p)
{
	if (!test_db_is_pg())
		return p == PATH_FETCH;     /* SQLite has one path: run once */
	struct gx_error err;
	static const char *const sql[] = {
		"DELETE FROM search_gram_stats; INSERT INTO search_gram_stats VALUES ('', 1)",
		"DELETE FROM search_gram_stats; INSERT INTO search_gram_stats VALUES ('', 1501)",
		"DELETE FROM search_gram_stats; INSERT INTO search_gram_stats VALUES ('', 1000000000)",
		"DELETE FROM search_gram_stats; ANALYZE search_docs",
	};
	assert_int_equal(db_exec_script(s, sql[p], &err), GX_OK);
	return 1;
}

static const char *const iangz = "c7:2 c407:2 c807:2 c1207:2 c1607:2 c2007:2 c2407:2";

static void test_known_answers_every_path(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	for (int p = 0; p < NPATHS; p++) {
		if (!set_path(s, (enum path)p))
			continue;
		/* common grams, rare together; and the whole field: prefix class */
		EXPECT(s, "iangz", iangz);
		EXPECT(s, "xiangzhou", "c7:1 c407:1 c807:1 c1207:1 c1607:1 c2007:1 c2407:1");
		EXPECT(s, "angzhou xiangz", "c7:2 c407:2 c807:2 c1207:2 c1607:2 c2007:2 c2407:2");
		/* two-character Chinese name: 王 (i % 10 == 0) and 伟 (i % 13 == 0), 20 records */
		EXPECT(s, "王伟", "c130:1 c260:1 c390:1 c520:1 c650:1 c780:1 c910:1 c1040:1 c1170:1"
		                   " c1300:1 c1430:1 c1560:1 c1690:1 c1820:1 c1950:1 c2080:1 c2210:1"
		                   " c2340:1 c2470:1 c2600:1");
		EXPECT(s, "wangwei", "c130:1 c260:1 c390:1 c520:1 c650:1 c780:1 c910:1 c1040:1 c1170:1"
		                      " c1300:1 c1430:1 c1560:1 c1690:1 c1820:1 c1950:1 c2080:1 c2210:1"
		                      " c2340:1 c2470:1 c2600:1");
		/* pinyin initials of 周杰 (i % 10 == 9, i % 13 == 12: 129, 259, 389 …), and of 张军, 赵静 …:
		 * the initials field starts with the first term */
		EXPECT(s, "zj 389", "c389:1");
		/* phone: exact, then a fragment and an e-mail fragment; long terms */
		EXPECT(s, "13900000407", "c407:0");
		EXPECT(s, "139-0000-0407", "c407:0");
		EXPECT(s, "00002407", "c2407:2");
		EXPECT(s, "u2407@", "c2407:1");
		EXPECT(s, "2407@gmail", "");
		EXPECT(s, "2407@foxmail.com", "c2407:2");
		EXPECT(s, "u2407@foxmail.com", "c2407:1");
		EXPECT(s, "u2406@foxmail.com", "");
		/* a common term: the first 50 in key order, and more */
		EXPECT(s, "xiang", "c1:1 c3:1 c5:1 c7:1 c9:1 c11:1 c13:1 c15:1 c17:1 c19:1 c21:1 c23:1"
		                    " c25:1 c27:1 c29:1 c31:1 c33:1 c35:1 c37:1 c39:1 c41:1 c43:1 c45:1"
		                    " c47:1 c49:1 c51:1 c53:1 c55:1 c57:1 c59:1 c61:1 c63:1 c65:1 c67:1"
		                    " c69:1 c71:1 c73:1 c75:1 c77:1 c79:1 c81:1 c83:1 c85:1 c87:1 c89:1"
		                    " c91:1 c93:1 c95:1 c97:1 c99:1 +");
		/* two terms, grams that look rare together (the PostgreSQL probe) but are not: 1,293
		 * records hold "xiang" and "yun" */
		EXPECT(s, "xiang yun", "c1:1 c3:1 c5:1 c9:1 c11:1 c13:1 c15:1 c17:1 c19:1 c21:1 c23:1 c25:1 c27:1 c29:1 "
		                       "c31:1 c33:1 c35:1 c37:1 c39:1 c41:1 c43:1 c45:1 c47:1 c49:1 c51:1 c53:1 c55:1 c57:1 "
		                       "c59:1 c61:1 c63:1 c65:1 c67:1 c69:1 c71:1 c73:1 c75:1 c77:1 c79:1 c81:1 c83:1 c85:1 "
		                       "c87:1 c89:1 c91:1 c93:1 c95:1 c97:1 c99:1 c101:1 +");
		EXPECT(s, "nowhere", "");
	}
}

/* Writes show at once whatever the path: the narrow table follows search_docs (trigger). */
static void test_writes_every_path(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	struct gx_error err;
	assert_int_equal(store_search_remove(s, "customer", 407, &err), GX_OK);   /* deleted */
	put_rec(s, 807, "nothing here");                                          /* updated */
	put_rec(s, 1000, "xiangzhou");                                            /* updated */
	for (int p = 0; p < NPATHS; p++) {
		if (!set_path(s, (enum path)p))
			continue;
		EXPECT(s, "iangz", "c7:2 c1000:2 c1207:2 c1607:2 c2007:2 c2407:2");
		EXPECT(s, "13900000407", "");
		EXPECT(s, "nothing", "c807:1");
	}
	/* a run longer than the indexed 512 characters: its tail is not searchable (as on SQLite) */
	char longrun[600];
	snprintf(longrun, sizeof longrun, "qzqz7%0510dwvwv8", 0);
	put_rec(s, 2601, longrun);
	for (int p = 0; p < NPATHS; p++) {
		if (!set_path(s, (enum path)p))
			continue;
		EXPECT(s, "qzqz7", "c2601:1");
		EXPECT(s, "0000wvwv8", "");
		EXPECT(s, "wvwv8", "");
	}
	/* merged: the merged-away record's document is removed like a deleted one */
	assert_int_equal(store_search_remove(s, "customer", 1207, &err), GX_OK);
	for (int p = 0; p < NPATHS; p++)
		if (set_path(s, (enum path)p))
			EXPECT(s, "iangz", "c7:2 c1000:2 c1607:2 c2007:2 c2407:2");
}

/* A rebuild (clear, then the bulk load where the backend has one) leaves both tables equal. */
static void test_rebuild(void **state)
{
	struct store *s = ((struct fixture *)*state)->s;
	struct gx_error err;
	assert_int_equal(s->drv->search_clear(s, &err), GX_OK);
	for (int p = 0; p < NPATHS; p++)
		if (set_path(s, (enum path)p))
			EXPECT(s, "iangz", "");
	assert_int_equal(store_begin(s, &err), GX_OK);
	if (s->drv->search_bulk)
		assert_int_equal(s->drv->search_bulk(s, 1, &err), GX_OK);
	for (int i = 1; i <= NREC; i++)
		put_rec(s, i, company_of(i));
	if (s->drv->search_bulk)
		assert_int_equal(s->drv->search_bulk(s, 0, &err), GX_OK);
	assert_int_equal(store_commit(s, &err), GX_OK);
	for (int p = 0; p < NPATHS; p++)
		if (set_path(s, (enum path)p))
			EXPECT(s, "iangz", iangz);
	/* the planner's statistics after a load, as guanxi demo gathers them */
	assert_int_equal(store_planner_stats_refresh(s, &err), GX_OK);
	int64_t v = -1;
	if (test_db_is_pg()) {
		/* every table's (schema_migrations' two columns among them) and the search's gram
		 * counts: "xian" is in 1,300 documents, and the answers stay */
		assert_int_equal(db_query_i64(s, "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'schema_migrations'",
		                              &v, NULL, &err, ""), GX_OK);
		assert_true(v >= 2);
		assert_int_equal(db_query_i64(s, "SELECT docs FROM search_gram_stats WHERE gram = 'xian'",
		                              &v, NULL, &err, ""), GX_OK);
		assert_int_equal(v, 1300);
		EXPECT(s, "iangz", iangz);
		EXPECT(s, "13900000407", "c407:0");
	} else {
		/* SQLite's plans stay those made without statistics: no sqlite_stat1 appears */
		assert_int_equal(db_query_i64(s, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'",
		                              &v, NULL, &err, ""), GX_OK);
		assert_int_equal(v, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_known_answers_every_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_every_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	pinyin_thread_cleanup();
	u_cleanup();
	return rc;
}
