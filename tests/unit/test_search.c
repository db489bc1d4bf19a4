/* Unit tests for search: text folding, pinyin, the "gx" FTS5 tokenizer and the SQLite search
 * index, on an in-memory database with the embedded 0002_search.sql migration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <sqlite3.h>
#include <unicode/uclean.h>

#include "core/embedded.h"
#include "guanxi/pinyin.h"
#include "guanxi/search.h"
#include "guanxi/textfold.h"
#include "store/sqlite/search.h"

static void test_textfold(void **state)
{
	(void)state;
	struct gx_error err;
	char *f = NULL;
	size_t n = 0;
	assert_int_equal(textfold_fold("ＺＨＡＮＧ　Wei", strlen("ＺＨＡＮＧ　Wei"), &f, &n, &err), GX_OK);
	assert_string_equal(f, "zhang wei");   /* full-width letters, ideographic space, case */
	assert_int_equal(n, 9);
	free(f);
	assert_int_equal(textfold_fold("Straße ＡＢＣ１２３ 张伟", strlen("Straße ＡＢＣ１２３ 张伟"), &f, NULL, &err), GX_OK);
	assert_string_equal(f, "strasse abc123 张伟");
	free(f);
	assert_int_equal(textfold_fold("MiXeD@Gmail.COM", 15, &f, NULL, &err), GX_OK);
	assert_string_equal(f, "mixed@gmail.com");
	free(f);
	assert_int_equal(textfold_fold("ab\xC0\xAF", 4, &f, NULL, &err), GX_EINVAL);
	assert_null(f);

	char p[32];
	assert_true(textfold_normalize_phone("+86 138-0013-8000", p, sizeof p));
	assert_string_equal(p, "13800138000");
	assert_true(textfold_normalize_phone("（010）6552-1234", p, sizeof p));
	assert_string_equal(p, "01065521234");
	assert_true(textfold_normalize_phone("0086 13800138000", p, sizeof p));
	assert_string_equal(p, "13800138000");
	assert_true(textfold_normalize_phone("8613800138000", p, sizeof p));
	assert_string_equal(p, "13800138000");
	assert_true(textfold_normalize_phone("+1 (415) 555-0100", p, sizeof p));
	assert_string_equal(p, "+14155550100");
	assert_true(textfold_normalize_phone("１３８ ００１３", p, sizeof p));
	assert_string_equal(p, "1380013");
	assert_false(textfold_normalize_phone("abc", p, sizeof p));
	assert_string_equal(p, "");
	assert_false(textfold_normalize_phone("12", p, sizeof p));
	assert_false(textfold_normalize_phone("138+0013", p, sizeof p));
}

static void test_pinyin(void **state)
{
	(void)state;
	struct gx_error err;
	char *full, *ini;
	assert_int_equal(pinyin_from_han("张伟", strlen("张伟"), &full, &ini, &err), GX_OK);
	assert_string_equal(full, "zhangwei");
	assert_string_equal(ini, "zw");
	free(full);
	free(ini);
	/* twice: the second answer comes from the per-thread cache and must be the same */
	for (int k = 0; k < 2; k++) {
		assert_int_equal(pinyin_from_han("欧阳娜娜", strlen("欧阳娜娜"), &full, &ini, &err), GX_OK);
		assert_string_equal(full, "ouyangnana");
		assert_string_equal(ini, "oynn");
		free(full);
		free(ini);
	}
	assert_int_equal(pinyin_from_han("北京 ABC 科技", strlen("北京 ABC 科技"), &full, &ini, &err), GX_OK);
	assert_string_equal(full, "beijing keji");
	assert_string_equal(ini, "bj kj");
	free(full);
	free(ini);
	/* ICU reads a polyphonic character in context: 重 alone is zhong, in 重庆 chong */
	assert_int_equal(pinyin_from_han("重庆", strlen("重庆"), &full, &ini, &err), GX_OK);
	assert_string_equal(full, "chongqing");
	free(full);
	free(ini);
	/* Every context rule of ICU's Han-Latin, the same characters alone and inside names: the
	 * per-character cache must not answer for a run that holds one of them. */
	static const char *const ctx[][2] = {
		{"重", "zhong"}, {"重庆", "chongqing"}, {"李重庆", "lichongqing"}, {"藏", "cang"},
		{"藏文", "zangwen"}, {"西藏文化", "xizangwenhua"}, {"秘", "mi"}, {"秘鲁", "bilu"},
		{"沈", "shen"}, {"沈阳市", "shenyangshi"}, {"重 庆", "zhong qing"}, {"文", "wen"},
		{"张", "zhang"}, {"张伟", "zhangwei"}, {"伟张", "weizhang"},
		{"张伟王芳李娜刘洋陈静杨磊赵敏黄勇周杰", "zhangweiwangfanglinaliuyangchenjingyangleizhaominhuangyongzhoujie"},
	};
	for (size_t k = 0; k < sizeof ctx / sizeof *ctx; k++) {
		assert_int_equal(pinyin_from_han(ctx[k][0], strlen(ctx[k][0]), &full, &ini, &err), GX_OK);
		assert_string_equal(full, ctx[k][1]);
		free(full);
		free(ini);
	}
	assert_int_equal(pinyin_from_han("abc", 3, &full, &ini, &err), GX_OK);
	assert_string_equal(full, "");
	assert_string_equal(ini, "");
	free(full);
	free(ini);
	assert_int_equal(pinyin_from_han("\xFF", 1, &full, &ini, &err), GX_EINVAL);
	assert_true(pinyin_is_han(0x4F1F));     /* 伟 */
	assert_true(pinyin_is_han(0x3400));     /* extension A */
	assert_false(pinyin_is_han('a'));
	assert_false(pinyin_is_han(0x3002));    /* 。 */
}

/* Each thread has its own transliterator; a thread's is freed when it exits (the leak check
 * of the sanitizer build would see it otherwise). */
static void *pinyin_worker(void *arg)
{
	const char *want = arg;
	for (int i = 0; i < 200; i++) {
		char *full, *ini;
		struct gx_error err;
		if (pinyin_from_han("欧阳娜娜张伟", strlen("欧阳娜娜张伟"), &full, &ini, &err) != GX_OK)
			return "error";
		int ok = strcmp(full, want) == 0 && strcmp(ini, "oynnzw") == 0;
		free(full);
		free(ini);
		if (!ok)
			return "wrong";
	}
	return NULL;
}

static void test_pinyin_threads(void **state)
{
	(void)state;
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, pinyin_worker, "ouyangnanazhangwei"), 0);
	for (int i = 0; i < 3; i++) {
		void *res = NULL;
		assert_int_equal(pthread_join(t[i], &res), 0);
		assert_null(res);
	}
}

/* ---- the tokenizer, observed through fts5_api ---- */

struct tokbuf {
	char text[1024];
	size_t len;
};

static int collect(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	struct tokbuf *b = ctx;
	char one[96];
	int k = 0;
	for (int i = 0; i < ntok && k < 90; i++) {
		unsigned char c = (unsigned char)tok[i];
		if (c == 1)
			k += snprintf(one + k, sizeof one - (size_t)k, "^");
		else if (c == 2)
			k += snprintf(one + k, sizeof one - (size_t)k, "=");
		else if (c == 6)
			k += snprintf(one + k, sizeof one - (size_t)k, "&");
		else if (c >= 3 && c <= 5)
			k += snprintf(one + k, sizeof one - (size_t)k, "~%d", c == 3 ? 4 : c == 4 ? 6 : 8);
		else
			one[k++] = (char)c;
	}
	one[k] = '\0';
	b->len += (size_t)snprintf(b->text + b->len, sizeof b->text - b->len, "%s%s",
	                           b->len ? ((tflags & FTS5_TOKEN_COLOCATED) ? "|" : " ") : "", one);
	return SQLITE_OK;
}

static void tokenize(sqlite3 *db, int flags, const char *text, char *out, size_t cap)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	assert_non_null(api);
	void *ud = NULL;
	fts5_tokenizer t;
	assert_int_equal(api->xFindTokenizer(api, "gx", &ud, &t), SQLITE_OK);
	Fts5Tokenizer *inst = NULL;
	assert_int_equal(t.xCreate(ud, NULL, 0, &inst), SQLITE_OK);
	struct tokbuf b = { "", 0 };
	assert_int_equal(t.xTokenize(inst, &b, flags, text, (int)strlen(text), collect), SQLITE_OK);
	t.xDelete(inst);
	snprintf(out, cap, "%s", b.text);
}

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	struct gx_error err;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite_search_register_tokenizer(db, &err), GX_OK);
	const char *sql = NULL;
	for (const struct gx_embedded *m = migrations_sqlite; m->name; m++)
		if (strcmp(m->name, "0002_search.sql") == 0)
			sql = (const char *)m->data;
	assert_non_null(sql);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("0002_search.sql: %s", msg);
	return db;
}

static void test_tokenizer_scheme(void **state)
{
	(void)state;
	sqlite3 *db = open_db();
	char out[1024];
	/* doc: up-to-4-grams at each position, field-start and exact tokens colocated at the
	 * first position of a field, no single-character tail, fields separated by U+001F */
	tokenize(db, FTS5_TOKENIZE_DOCUMENT, "Abcde 张伟\x1f\x02" "c01", out, sizeof out);
	assert_string_equal(out, "abcd|^abc|~4abcd bcde cde de 张伟 c01|^c01|=c01 01");
	/* long runs: an 8-gram at every 4th position */
	tokenize(db, FTS5_TOKENIZE_DOCUMENT, "abcdefghijkl", out, sizeof out);
	assert_string_equal(out, "abcd|^abc|~4abcd|~6abcdef|~8abcdefgh|&abcdefgh bcde cdef defg "
	                         "efgh|&efghijkl fghi ghij hijk ijkl jkl kl");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x06" "efghijkl", out, sizeof out);
	assert_string_equal(out, "&efghijkl");
	tokenize(db, FTS5_TOKENIZE_DOCUMENT, "x@gm.c", out, sizeof out);
	assert_string_equal(out, "x@gm|^x@g|~4x@gm|~6x@gm.c @gm. gm.c m.c .c");
	/* queries: short runs are one token, long ones their 4-grams */
	tokenize(db, FTS5_TOKENIZE_QUERY, "张伟", out, sizeof out);
	assert_string_equal(out, "张伟");
	tokenize(db, FTS5_TOKENIZE_QUERY, "13800138", out, sizeof out);
	assert_string_equal(out, "1380 3800 8001 0013 0138");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x01zhangw", out, sizeof out);
	assert_string_equal(out, "~6zhangw");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x01zhangwe", out, sizeof out);
	assert_string_equal(out, "~6zhangw hang angw ngwe");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x01zhangwei@", out, sizeof out);
	assert_string_equal(out, "~8zhangwei hang angw ngwe gwei wei@");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x01zhang", out, sizeof out);
	assert_string_equal(out, "~4zhan hang");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x01zhan", out, sizeof out);
	assert_string_equal(out, "~4zhan");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x01zha", out, sizeof out);
	assert_string_equal(out, "^zha");
	tokenize(db, FTS5_TOKENIZE_QUERY, "\x02" "c01", out, sizeof out);
	assert_string_equal(out, "=c01");
	sqlite3_close(db);
}

/* ---- the index and the query ---- */

struct fixture {
	sqlite3 *db;
};

static void put(sqlite3 *db, const char *entity, int64_t id, const char *name, const char *phone,
                const char *email, const char *code)
{
	struct gx_error err;
	char norm[32] = "";
	if (phone)
		textfold_normalize_phone(phone, norm, sizeof norm);
	const char *fields[] = { name, phone, email, code };
	enum gx_err rc = sqlite_search_index_put(db, entity, id, fields, 4, code, norm, &err);
	if (rc != GX_OK)
		fail_msg("put %s %lld: %s", entity, (long long)id, err.message);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->db = open_db();
	put(fx->db, "customer", 1, "张伟", "+86 138-0013-8000", "zhangwei@gmail.com", "C0001");
	put(fx->db, "customer", 2, "欧阳娜娜", "13912345678", "nana@163.com", "C0002");
	put(fx->db, "customer", 3, "李小龙", "13700001111", "bruce@qq.com", "C0003");
	put(fx->db, "customer", 4, "北京华为科技有限公司", "010-6552-1234", "info@hw.example", "C0004");
	/* for ranking: exact code C0012, a code starting with it, a field containing it */
	put(fx->db, "customer", 5, "甲", NULL, NULL, "C0012");
	put(fx->db, "customer", 6, "乙", NULL, NULL, "C00123");
	put(fx->db, "customer", 7, "丙 XC0012", NULL, NULL, "C0007");
	/* fields that must not join into false matches */
	put(fx->db, "customer", 8, "abc", NULL, "def", "C0008");
	put(fx->db, "contact", 1, "张伟", "13600000000", NULL, NULL);
	/* a caller passing the phone not normalised still gets exact matches */
	const char *f9[] = { "赵六" };
	struct gx_error err;
	assert_int_equal(sqlite_search_index_put(fx->db, "lead", 9, f9, 1, NULL, "+86 135-0000-9999", &err), GX_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	sqlite3_close(fx->db);
	free(fx);
	return 0;
}

/* Runs a search that must succeed; returns the number of hits, fills ids with "e:id:class". */
static size_t search(sqlite3 *db, const char *q, const char *entity, int limit, char *out,
                     size_t cap, int *more)
{
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0;
	int m = 0;
	struct gx_error err;
	enum gx_err rc = sqlite_search_query(db, q, entity, limit, hits, &n, &m, &err);
	if (rc != GX_OK)
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

#define EXPECT(db, q, entity, want) do { \
		char got_[2048]; \
		search((db), (q), (entity), 0, got_, sizeof got_, NULL); \
		if (strcmp(got_, (want)) != 0) \
			fail_msg("search \"%s\": got \"%s\", want \"%s\"", (q), got_, (want)); \
	} while (0)

static void test_search_names_and_pinyin(void **state)
{
	sqlite3 *db = ((struct fixture *)*state)->db;
	/* customers before contacts (rowid order), the field-start hits first */
	EXPECT(db, "张伟", NULL, "c1:1 o1:1");
	EXPECT(db, "张伟", "customer", "c1:1");
	EXPECT(db, "张伟", "contact", "o1:1");
	EXPECT(db, "zhangwei", "customer", "c1:1");   /* pinyin and the e-mail both start so */
	EXPECT(db, "zw", "customer", "c1:1");
	EXPECT(db, "zhang", "customer", "c1:1");
	EXPECT(db, "ＺＨＡＮＧ", "customer", "c1:1");
	EXPECT(db, "ZhangWei", "customer", "c1:1");
	EXPECT(db, "阳娜", NULL, "c2:2");
	EXPECT(db, "欧阳", NULL, "c2:1");
	EXPECT(db, "oynn", NULL, "c2:1");
	EXPECT(db, "ouya", NULL, "c2:1");            /* 4 characters: one field-start token */
	EXPECT(db, "ouyan", NULL, "c2:1");
	EXPECT(db, "yangna", NULL, "c2:2");
	EXPECT(db, "小龙", NULL, "c3:2");
	EXPECT(db, "李小", NULL, "c3:1");
	EXPECT(db, "华为科技", NULL, "c4:2");
	EXPECT(db, "huawei", NULL, "c4:2");
	EXPECT(db, "hwkj", NULL, "c4:2");
	EXPECT(db, "bjhw", NULL, "c4:1");
	EXPECT(db, "张伟 gmail", NULL, "c1:1");  /* all terms match, a field starts with the first */
	EXPECT(db, "gmail 张伟", NULL, "c1:2");
	EXPECT(db, "张伟 163", NULL, "");
}

static void test_search_phone_email(void **state)
{
	sqlite3 *db = ((struct fixture *)*state)->db;
	EXPECT(db, "13800138000", NULL, "c1:0");
	EXPECT(db, "+86 138 0013 8000", NULL, "c1:0");
	EXPECT(db, "0013", NULL, "c1:2");
	EXPECT(db, "138 0013", NULL, "c1:1");
	EXPECT(db, "138-0013-8", NULL, "c1:1");
	EXPECT(db, "001", NULL, "c1:2 c3:2 c5:2 c6:2 c7:2");  /* codes, 13700001111 */
	EXPECT(db, "6552", NULL, "c4:2");             /* the raw field "010-6552-1234" */
	EXPECT(db, "65521234", NULL, "c4:2");         /* the normalised phone */
	EXPECT(db, "gmail", NULL, "c1:2");
	EXPECT(db, "@gm", NULL, "c1:2");
	EXPECT(db, "@163.com", NULL, "c2:2");
	EXPECT(db, "nana@", NULL, "c2:1");
	EXPECT(db, "GMAIL.COM", NULL, "c1:2");
	/* terms of 11 characters and more go through the 8-grams and a check of the text */
	EXPECT(db, "zhangwei@gmail.com", NULL, "c1:1");
	EXPECT(db, "zhangwei@gma", NULL, "c1:1");
	EXPECT(db, "angwei@gmail.com", NULL, "c1:2");
	EXPECT(db, "hangwei@gmai", NULL, "c1:2");
	EXPECT(db, "zhangwei@qq.com", NULL, "");
	EXPECT(db, "zhangwei@gmail.co.uk", NULL, "");
	EXPECT(db, "+86 138 0013 8000", "customer", "c1:0");
	EXPECT(db, "138-0013-8000", NULL, "c1:0");
	EXPECT(db, "13500009999", NULL, "l9:0");
	EXPECT(db, "+86 135 0000 9999", "lead", "l9:0");
	/* no match across fields or runs: "abc" and "def" are two fields of customer 8 */
	EXPECT(db, "cd", NULL, "");
	EXPECT(db, "bcde", NULL, "");
	EXPECT(db, "abcdef", NULL, "");
	EXPECT(db, "abc", NULL, "c8:1");
}

static void test_search_ranking(void **state)
{
	sqlite3 *db = ((struct fixture *)*state)->db;
	/* exact code, then prefix (code C00123), then substring (XC0012 inside a field) */
	EXPECT(db, "c0012", NULL, "c5:0 c6:1 c7:2");
	EXPECT(db, "C0012", "customer", "c5:0 c6:1 c7:2");
	EXPECT(db, "C001", NULL, "c5:1 c6:1 c7:2");    /* C0001 does not contain it */
}

static void test_search_limit_more(void **state)
{
	sqlite3 *db = ((struct fixture *)*state)->db;
	struct gx_error err;
	for (int i = 0; i < 60; i++) {
		char name[64];
		snprintf(name, sizeof name, "测试公司%d", i);
		const char *fields[] = { name };
		assert_int_equal(sqlite_search_index_put(db, "lead", 100 + i, fields, 1, NULL, NULL, &err), GX_OK);
	}
	char out[4096];
	int more = 0;
	assert_int_equal(search(db, "试公", NULL, 0, out, sizeof out, &more), 50);
	assert_true(more);
	assert_int_equal(search(db, "试公", NULL, 500, out, sizeof out, &more), 50);
	assert_true(more);
	assert_int_equal(search(db, "测试", "lead", 10, out, sizeof out, &more), 10);
	assert_true(more);
	assert_string_equal(out, "l100:1 l101:1 l102:1 l103:1 l104:1 l105:1 l106:1 l107:1 l108:1 l109:1");
	assert_int_equal(search(db, "公司5", NULL, 0, out, sizeof out, &more), 11);  /* 5, 50..59 */
	assert_false(more);
	assert_int_equal(search(db, "公司59", NULL, 0, out, sizeof out, &more), 1);
	assert_false(more);
	/* long terms: few candidates are checked one by one, many (search.c: LONG_CANDIDATES,
	 * 1000) go back to the phrase queries; 1100 records take both paths */
	for (int i = 0; i < 1100; i++) {
		char mail[64];
		snprintf(mail, sizeof mail, "%s%d@verylongdomain.cn", i < 20 || i == 1099 ? "verylongdomain" : "user", i);
		const char *fields[] = { mail };
		assert_int_equal(sqlite_search_index_put(db, "ticket", 1 + i, fields, 1, NULL, NULL, &err), GX_OK);
	}
	assert_int_equal(search(db, "verylongdomain", "ticket", 0, out, sizeof out, &more), 50);
	assert_true(more);
	assert_int_equal(strncmp(out, "t1:1 t2:1 t3:1", 14), 0);         /* 20 start with it */
	assert_non_null(strstr(out, "t20:1 t1100:1 t21:2 t22:2"));   /* t1100 after 1000 candidates */
	assert_int_equal(search(db, "user259@verylongdomain", "ticket", 0, out, sizeof out, &more), 1);
	assert_string_equal(out, "t260:1");
	assert_int_equal(search(db, "er1098@verylongdomain", "ticket", 0, out, sizeof out, &more), 1);
	assert_string_equal(out, "t1099:2");
	assert_int_equal(search(db, "er25@verylongdomain", "ticket", 0, out, sizeof out, &more), 1);
	assert_string_equal(out, "t26:2");
	search(db, "er2@verylongdomain", "ticket", 0, out, sizeof out, &more);
	assert_string_equal(out, "");
}

static void test_search_delete_and_replace(void **state)
{
	sqlite3 *db = ((struct fixture *)*state)->db;
	struct gx_error err;
	assert_int_equal(sqlite_search_index_delete(db, "customer", 1, &err), GX_OK);
	EXPECT(db, "张伟", NULL, "o1:1");
	EXPECT(db, "13800138000", NULL, "");
	EXPECT(db, "gmail", NULL, "");
	assert_int_equal(sqlite_search_index_delete(db, "customer", 1, &err), GX_OK);  /* again */
	put(db, "customer", 2, "王芳", "13912345678", "fang@163.com", "C0002");
	EXPECT(db, "欧阳", NULL, "");
	EXPECT(db, "nana", NULL, "");
	EXPECT(db, "王芳", NULL, "c2:1");
	EXPECT(db, "wf", NULL, "c2:1");
	EXPECT(db, "C0002", NULL, "c2:0");
	assert_int_equal(sqlite_search_index_delete(db, "nothing", 1, &err), GX_EINVAL);
	assert_int_equal(sqlite_search_index_delete(db, "customer", 0, &err), GX_EINVAL);
	const char *bad[] = { "ab\xC0" };
	assert_int_equal(sqlite_search_index_put(db, "customer", 9, bad, 1, NULL, NULL, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "UTF-8"));
}

static void test_search_hostile(void **state)
{
	sqlite3 *db = ((struct fixture *)*state)->db;
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n;
	int more;
	struct gx_error err;
	/* nothing of two characters left: refused with a message */
	const char *too_short[] = { "", "张", "a", "\"", "*", "( )", "\" * \"", "a b c", NULL };
	for (int i = 0; i < 8; i++) {
		gx_error_clear(&err);
		assert_int_equal(sqlite_search_query(db, too_short[i], NULL, 0, hits, &n, &more, &err), GX_EINVAL);
		assert_string_equal(err.message, "search needs at least 2 characters");
		assert_int_equal(n, 0);
	}
	assert_int_equal(sqlite_search_query(db, NULL, NULL, 0, hits, &n, &more, &err), GX_EINVAL);
	/* FTS5 syntax in the query is literal text (no error, no match-all) */
	const char *syntax[] = { "NEAR(", "OR", ")", "张伟\" OR \"", "a* OR b*", "body:zw",
	                         "\"\"\"\"", "^zw", "zw NOT zw", "{body py}: 张伟", "- -", "AND" };
	for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++) {
		gx_error_clear(&err);
		enum gx_err rc = sqlite_search_query(db, syntax[i], NULL, 0, hits, &n, &more, &err);
		if (rc != GX_OK && rc != GX_EINVAL)
			fail_msg("query %s: %s", syntax[i], err.message);
		assert_true(n <= 2);
	}
	EXPECT(db, "zw NOT zw", NULL, "");             /* "not" is just a term */
	/* control characters cannot forge the index's marks: they are spaces */
	EXPECT(db, "\x01zhangwei", "customer", "c1:1");
	EXPECT(db, "\x05zhangwei", "customer", "c1:1");
	EXPECT(db, "\x06zhangwei@gmai", "customer", "c1:1");
	EXPECT(db, "zhang\x1fwei", "customer", "c1:1");   /* two terms, "zhang wei" */
	EXPECT(db, "body:zw", NULL, "");
	/* invalid UTF-8 */
	assert_int_equal(sqlite_search_query(db, "zh\xE5\xBC", NULL, 0, hits, &n, &more, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "UTF-8"));
	/* length: 200 characters are searched, 201 refused */
	char longq[1024];
	memset(longq, 'x', 200);
	longq[200] = '\0';
	assert_int_equal(sqlite_search_query(db, longq, NULL, 0, hits, &n, &more, &err), GX_OK);
	assert_int_equal(n, 0);
	longq[200] = 'x';
	longq[201] = '\0';
	assert_int_equal(sqlite_search_query(db, longq, NULL, 0, hits, &n, &more, &err), GX_EINVAL);
	/* many short terms and a long CJK run */
	char many[1024] = "";
	for (int i = 0; i < 60; i++)
		strcat(many, "ab ");
	assert_int_equal(sqlite_search_query(db, many, NULL, 0, hits, &n, &more, &err), GX_OK);
	char cjk[700] = "";
	for (int i = 0; i < 66; i++)
		strcat(cjk, "张伟龙");
	assert_int_equal(sqlite_search_query(db, cjk, NULL, 0, hits, &n, &more, &err), GX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(sqlite_search_query(db, "张伟", "bogus", 0, hits, &n, &more, &err), GX_EINVAL);
}

/* Every substring of 2..16 characters of every field (and of its pinyin) must find exactly
 * the records a brute-force scan of the folded texts finds. */
static const char *const oracle_fields[][3] = {
	{ "张伟", "zhang.wei@gmail.com", "+86 138-0013-8000" },
	{ "欧阳娜娜", "nana88@163.com", "北京华为科技有限公司" },
	{ "王小明", "Wang Xiaoming", "13912345678" },
	{ "李娜", "lina@qq.com", "上海李娜贸易" },
	{ "Ｊｏｈｎ　Ｓｍｉｔｈ", "john_smith@example.org", "A座1203室" },
	{ "张伟明", "zwm@126.com", "张伟" },
	/* the 8-gram candidates of one alignment are all in this record, but apart */
	{ "abcdefgh", "efghijkl", "ijklmnop" },
	{ "zhangwei@gmail.com.cn", "mail.com.cn.zh", "x" },
};
#define N_ORACLE (sizeof oracle_fields / sizeof oracle_fields[0])

static int oracle_has(const char *folded_term, size_t rec)
{
	for (int f = 0; f < 3; f++) {
		char *fo, *full, *ini;
		struct gx_error err;
		const char *src = oracle_fields[rec][f];
		assert_int_equal(textfold_fold(src, strlen(src), &fo, NULL, &err), GX_OK);
		assert_int_equal(pinyin_from_han(fo, strlen(fo), &full, &ini, &err), GX_OK);
		int hit = strstr(fo, folded_term) || strstr(full, folded_term) || strstr(ini, folded_term);
		free(fo);
		free(full);
		free(ini);
		if (hit)
			return 1;
	}
	return 0;
}

static void check_oracle_query(sqlite3 *db, const char *q)
{
	struct gx_error err;
	char *fq;
	assert_int_equal(textfold_fold(q, strlen(q), &fq, NULL, &err), GX_OK);
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0;
	int more = 0;
	if (sqlite_search_query(db, q, "contact", 0, hits, &n, &more, &err) != GX_OK)
		fail_msg("query \"%s\": %s", q, err.message);
	for (size_t r = 0; r < N_ORACLE; r++) {
		int found = 0;
		for (size_t i = 0; i < n; i++)
			found |= hits[i].id == (int64_t)r + 1;
		if (found != oracle_has(fq, r))
			fail_msg("query \"%s\": record %zu %s", q, r + 1, found ? "found but does not contain it" : "not found");
	}
	free(fq);
}

static void test_search_any_substring(void **state)
{
	(void)state;
	sqlite3 *db = open_db();
	struct gx_error err;
	for (size_t r = 0; r < N_ORACLE; r++)
		assert_int_equal(sqlite_search_index_put(db, "contact", (int64_t)r + 1, oracle_fields[r],
		                                         3, NULL, NULL, &err), GX_OK);
	size_t checked = 0;
	for (size_t r = 0; r < N_ORACLE; r++) {
		for (int f = 0; f < 3; f++) {
			/* substrings of the folded field and of its pinyin, in characters */
			char *texts[3];
			assert_int_equal(textfold_fold(oracle_fields[r][f], strlen(oracle_fields[r][f]), &texts[0], NULL, &err), GX_OK);
			assert_int_equal(pinyin_from_han(texts[0], strlen(texts[0]), &texts[1], &texts[2], &err), GX_OK);
			for (int t = 0; t < 3; t++) {
				const char *s = texts[t];
				size_t len = strlen(s), off[128], nc = 0;
				for (size_t i = 0; i < len && nc < 127; nc++) {
					off[nc] = i;
					i++;
					while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
						i++;
				}
				off[nc] = len;
				for (size_t a = 0; a < nc; a++) {
					for (size_t b = a + 2; b <= nc && b <= a + 16; b++) {
						char q[64];
						snprintf(q, sizeof q, "%.*s", (int)(off[b] - off[a]), s + off[a]);
						if (strpbrk(q, " ()"))   /* separators: would be two terms */
							continue;
						check_oracle_query(db, q);
						checked++;
					}
				}
				free(texts[t]);
			}
		}
	}
	print_message("%zu substrings checked against brute force\n", checked);
	assert_true(checked > 500);
	/* and some strings that are in no record, or only across a boundary */
	const char *absent[] = { "伟z", "gmail.org", "娜娜北京", "mingwang", "8000n", "zhangwz", "a座12034",
	                         "abcdefghijkl", "abcdefghijklmnop", "efghijklmnop", "zhangwei@gmail.com.cn.zh" };
	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
		check_oracle_query(db, absent[i]);
	sqlite3_close(db);
}

/* The store passes its cached statements (sqlite_search_query_with): reused from one search to
 * the next, after an error, and for the long-term path, they must give exactly what statements
 * prepared for one call give. */
static void test_search_cached_statements(void **state)
{
	struct fixture *fx = *state;
	sqlite3_stmt *cls = NULL, *lng = NULL;
	assert_int_equal(sqlite3_prepare_v2(fx->db, SQLITE_SEARCH_CLASS_SQL, -1, &cls, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(fx->db, SQLITE_SEARCH_LONG_SQL, -1, &lng, NULL), SQLITE_OK);
	static const struct { const char *q, *entity; int limit; } cases[] = {
		{"张伟", NULL, 0}, {"zhangwei", NULL, 0}, {"zw", NULL, 0}, {"C0012", NULL, 0},
		{"C0012", NULL, 1}, {"138 0013", NULL, 0}, {"+86 135-0000-9999", NULL, 0},
		{"zhangwei@gmail.com", NULL, 0}, {"nana@163.co", NULL, 0}, {"张伟", "contact", 0},
		{"x", NULL, 0}, {"华为科技", NULL, 0}, {"zhangwei@gmail.com", "lead", 0},
	};
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
			struct search_hit a[SEARCH_MAX_HITS], b[SEARCH_MAX_HITS];
			size_t na = 0, nb = 0;
			int ma = 0, mb = 0;
			struct gx_error ea, eb;
			enum gx_err ra = sqlite_search_query(fx->db, cases[i].q, cases[i].entity, cases[i].limit, a,
			                                     &na, &ma, &ea);
			enum gx_err rb = sqlite_search_query_with(fx->db, cls, lng, cases[i].q, cases[i].entity,
			                                          cases[i].limit, b, &nb, &mb, &eb);
			assert_int_equal(ra, rb);
			assert_int_equal(na, nb);
			assert_int_equal(ma, mb);
			for (size_t k = 0; k < na; k++) {
				assert_string_equal(a[k].entity, b[k].entity);
				assert_int_equal(a[k].id, b[k].id);
				assert_int_equal(a[k].rank_class, b[k].rank_class);
			}
		}
	}
	/* the hits themselves, so that both paths cannot agree on nothing */
	struct search_hit h[SEARCH_MAX_HITS];
	size_t n = 0;
	int more = 0;
	struct gx_error err;
	assert_int_equal(sqlite_search_query_with(fx->db, cls, lng, "zhangwei@gmail.com", NULL, 0, h, &n, &more, &err),
	                 GX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, 1);
	assert_int_equal(h[0].rank_class, SEARCH_RANK_PREFIX);
	/* the statements were reset: nothing holds the table open */
	assert_int_equal(sqlite3_stmt_busy(cls), 0);
	assert_int_equal(sqlite3_stmt_busy(lng), 0);
	sqlite3_finalize(cls);
	sqlite3_finalize(lng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textfold),
		cmocka_unit_test(test_pinyin),
		cmocka_unit_test(test_pinyin_threads),
		cmocka_unit_test(test_tokenizer_scheme),
		cmocka_unit_test(test_search_any_substring),
		cmocka_unit_test_setup_teardown(test_search_names_and_pinyin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_phone_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_limit_more, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_delete_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_cached_statements, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	pinyin_thread_cleanup();
	u_cleanup();
	return rc;
}
