/* Search benchmark (SQLite FTS5, "gx" tokenizer): builds a database of N synthetic customers
 * with a fixed seed, indexes them through sqlite_search_index_put, then times a mix of search
 * box queries (phone fragments, 2-character names, pinyin initials, e-mail fragments) and
 * prints p50/p95/p99 latency, index build time and database size.
 *
 * Build (from the repository root, after `make`):
 *   cc -std=c17 -D_GNU_SOURCE -O2 -DNDEBUG -Iinclude -Isrc bench/search_bench.c \
 *      build/libguanxi.a $(pkg-config --libs sqlite3 icu-uc icu-i18n) -lpthread -lm \
 *      -o build/search_bench
 * Run:   build/search_bench [-n customers] [-q queries] [-db path] [-reuse 1]
 *        (defaults 1000000, 2000, bench/data/search.db; the file is recreated unless -reuse 1,
 *        which regenerates the same customers and only runs the queries). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>
#include <unicode/uclean.h>

#include "core/embedded.h"
#include "guanxi/pinyin.h"
#include "guanxi/search.h"
#include "guanxi/textfold.h"
#include "store/sqlite/search.h"

/* Common surnames, roughly in order of frequency (so a Zipf weight is realistic), and
 * compound surnames; common given-name characters. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
	"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
	"魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
	"薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
	"万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "上官", "诸葛",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
	"明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "飞", "鹏", "辉",
	"宇", "浩", "凯", "俊", "帅", "鑫", "婷", "雪", "琳", "晶", "欣", "怡", "佳", "慧", "颖",
	"倩", "文", "斌", "波", "宁", "亮", "林", "峰", "建", "国", "云", "龙", "海", "燕", "丹",
	"莉", "兰", "凤", "洁", "梅", "琴", "春", "荣", "新", "志", "成", "东", "晨", "阳", "博",
	"子", "轩", "涵", "梓", "睿", "诗", "雨", "思", "嘉", "晓", "天", "然", "心", "安", "彤",
	"馨", "悦", "瑞", "泽", "宏", "毅", "旭", "振", "健", "炜", "昊", "立", "庆", "永", "德",
	"金", "秋", "冬", "小", "大", "家", "雅", "静", "蕾", "薇", "翔", "宝", "山", "松", "柏",
};
static const char *const cities[] = { "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉",
	"南京", "苏州", "西安", "重庆", "天津", "长沙", "郑州", "青岛", "厦门" };
static const char *const trades[] = { "科技", "贸易", "信息技术", "文化传媒", "电子商务",
	"餐饮管理", "建筑工程", "医疗器械", "教育咨询", "物流" };
static const char *const domains[] = { "qq.com", "163.com", "126.com", "gmail.com",
	"sina.com", "foxmail.com", "outlook.com", "hotmail.com", "139.com", "aliyun.com" };
static const char *const mobile[] = { "130", "131", "132", "133", "134", "135", "136", "137",
	"138", "139", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "170",
	"173", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
	"189", "191", "198", "199" };

#define N_OF(a) (sizeof a / sizeof a[0])

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;   /* fixed seed */

static uint64_t rng(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
	return (size_t)(rng() % n);
}

/* Zipf-like index: low indexes (common surnames) far more often. */
static size_t pick_zipf(size_t n)
{
	double u = (double)(rng() >> 11) / 9007199254740992.0;
	size_t i = (size_t)((double)n * u * u * u);
	return i < n ? i : n - 1;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: on a shared machine wall-clock tails are mostly waiting for a core,
 * so both are reported. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct customer {
	char name[32];
	char phone[16];
	char email[64];
};

static char *py_surname[N_OF(surnames)], *py_given[N_OF(given)];

static void make_customer(struct customer *c, char *raw_phone, size_t rp, char *company, size_t cp)
{
	size_t s = pick_zipf(N_OF(surnames));
	size_t g1 = pick_zipf(N_OF(given)), g2 = pick(N_OF(given));
	int two = rng() % 10 < 6;
	snprintf(c->name, sizeof c->name, "%s%s%s", surnames[s], given[g1], two ? given[g2] : "");
	snprintf(c->phone, sizeof c->phone, "%s%08llu", mobile[pick(N_OF(mobile))],
	         (unsigned long long)(rng() % 100000000ull));
	int style = (int)(rng() % 10);
	if (style == 0)
		snprintf(raw_phone, rp, "+86 %.3s-%.4s-%.4s", c->phone, c->phone + 3, c->phone + 7);
	else if (style == 1)
		snprintf(raw_phone, rp, "%.3s %.4s %.4s", c->phone, c->phone + 3, c->phone + 7);
	else
		snprintf(raw_phone, rp, "%s", c->phone);
	int kind = (int)(rng() % 3);
	if (kind == 0)   /* zhangwei88@qq.com */
		snprintf(c->email, sizeof c->email, "%s%s%s%u@%s", py_surname[s], py_given[g1],
		         two ? py_given[g2] : "", (unsigned)(rng() % 1000), domains[pick_zipf(N_OF(domains))]);
	else if (kind == 1)   /* qq number */
		snprintf(c->email, sizeof c->email, "%llu@qq.com",
		         (unsigned long long)(10000000 + rng() % 2000000000ull));
	else   /* wei.zhang@… */
		snprintf(c->email, sizeof c->email, "%s%s.%s@%s", py_given[g1], two ? py_given[g2] : "",
		         py_surname[s], domains[pick_zipf(N_OF(domains))]);
	company[0] = '\0';
	if (rng() % 5 == 0)
		snprintf(company, cp, "%s%s%s%s有限公司", cities[pick(N_OF(cities))], given[pick(N_OF(given))],
		         given[pick(N_OF(given))], trades[pick(N_OF(trades))]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void die_sql(sqlite3 *db, const char *what)
{
	fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

int main(int argc, char **argv)
{
	long n = 1000000, nq = 2000, reuse = 0;
	const char *path = "bench/data/search.db";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-n") == 0)
			n = atol(argv[i + 1]);
		else if (strcmp(argv[i], "-q") == 0)
			nq = atol(argv[i + 1]);
		else if (strcmp(argv[i], "-reuse") == 0)
			reuse = atol(argv[i + 1]);
		else if (strcmp(argv[i], "-db") == 0)
			path = argv[i + 1];
	}
	mkdir("bench/data", 0755);
	if (!reuse) {
		char aux[512];
		snprintf(aux, sizeof aux, "%s-wal", path);
		remove(path);
		remove(aux);
	}

	struct gx_error err;
	for (size_t i = 0; i < N_OF(surnames); i++) {
		char *ini;
		if (pinyin_from_han(surnames[i], strlen(surnames[i]), &py_surname[i], &ini, &err) != GX_OK)
			return fprintf(stderr, "%s\n", err.message), 1;
		free(ini);
	}
	for (size_t i = 0; i < N_OF(given); i++) {
		char *ini;
		if (pinyin_from_han(given[i], strlen(given[i]), &py_given[i], &ini, &err) != GX_OK)
			return fprintf(stderr, "%s\n", err.message), 1;
		free(ini);
	}

	struct customer *cs = malloc(sizeof *cs * (size_t)n);
	double t_insert = 0, t_build = 0, c_build = 0;
	if (reuse) {
		for (long i = 0; i < n; i++) {
			char raw[32], company[128];
			make_customer(&cs[i], raw, sizeof raw, company, sizeof company);
		}
		goto queries;
	}
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die_sql(db, "open");
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL);
	if (sqlite_search_register_tokenizer(db, &err) != GX_OK)
		return fprintf(stderr, "%s\n", err.message), 1;
	for (const struct gx_embedded *m = migrations_sqlite; m->name; m++)
		if (strcmp(m->name, "0002_search.sql") == 0 &&
		    sqlite3_exec(db, (const char *)m->data, NULL, NULL, NULL) != SQLITE_OK)
			die_sql(db, "migration 0002");

	double t0 = now_ms(), c0 = cpu_ms();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (long i = 0; i < n; i++) {
		char raw[32], company[128], code[24];
		make_customer(&cs[i], raw, sizeof raw, company, sizeof company);
		snprintf(code, sizeof code, "C%07ld", i + 1);
		const char *fields[] = { cs[i].name, raw, cs[i].email, code, company[0] ? company : NULL };
		if (sqlite_search_index_put(db, "customer", i + 1, fields, 5, code, cs[i].phone, &err) != GX_OK)
			return fprintf(stderr, "put %ld: %s\n", i + 1, err.message), 1;
		if ((i + 1) % 50000 == 0) {
			sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
			fprintf(stderr, "\rindexed %ld (%.0f s)", i + 1, (now_ms() - t0) / 1e3);
		}
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t_insert = now_ms() - t0;
	if (sqlite3_exec(db, "INSERT INTO search_fts(search_fts) VALUES('optimize')", NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "optimize");
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	t_build = now_ms() - t0;
	c_build = cpu_ms() - c0;
	fprintf(stderr, "\n");
	sqlite3_close(db);
queries:;
	struct stat sb;
	stat(path, &sb);

	/* queries on a fresh connection, as the server would have */
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die_sql(db, "reopen");
	if (sqlite_search_register_tokenizer(db, &err) != GX_OK)
		return fprintf(stderr, "%s\n", err.message), 1;
	static const char *const kinds[] = { "phone fragment", "2-char name", "pinyin initials",
	                                     "e-mail fragment" };
	char (*queries)[64] = malloc(64 * (size_t)nq);
	int *kind = malloc(sizeof *kind * (size_t)nq);
	for (long q = 0; q < nq; q++) {
		struct customer *c = &cs[pick((size_t)n)];
		kind[q] = (int)(q % 4);
		char *out = queries[q];
		if (kind[q] == 0) {   /* 4..11 digits from anywhere in the number, some whole */
			size_t len = 4 + pick(8), start = pick(11 - len + 1);
			snprintf(out, 64, "%.*s", (int)len, c->phone + start);
		} else if (kind[q] == 1) {   /* a 2-character name, as people type them */
			snprintf(out, 64, "%s%s", surnames[pick_zipf(N_OF(surnames) - 4)], given[pick_zipf(N_OF(given))]);
		} else if (kind[q] == 2) {
			char *full, *ini;
			pinyin_from_han(c->name, strlen(c->name), &full, &ini, &err);
			snprintf(out, 64, "%s", ini);
			free(full);
			free(ini);
		} else {   /* 3..8 characters of the address, often around the @ */
			size_t el = strlen(c->email), len = 3 + pick(6);
			if (len > el)
				len = el;
			size_t start = pick(el - len + 1);
			snprintf(out, 64, "%.*s", (int)len, c->email + start);
		}
	}
	double *lat = malloc(sizeof *lat * (size_t)nq), *cpu = malloc(sizeof *cpu * (size_t)nq), *lk[4];
	size_t nk[4] = { 0 };
	for (int k = 0; k < 4; k++)
		lk[k] = malloc(sizeof(double) * (size_t)nq);
	long total_hits = 0, with_more = 0, empty = 0;
	double tq = now_ms();
	for (long q = 0; q < nq; q++) {
		struct search_hit hits[SEARCH_MAX_HITS];
		size_t nh;
		int more;
		double a = now_ms(), ca = cpu_ms();
		enum gx_err rc = sqlite_search_query(db, queries[q], NULL, 0, hits, &nh, &more, &err);
		double d = now_ms() - a;
		cpu[q] = cpu_ms() - ca;
		if (rc != GX_OK)
			return fprintf(stderr, "query \"%s\": %s\n", queries[q], err.message), 1;
		lat[q] = d;
		lk[kind[q]][nk[kind[q]]++] = d;
		total_hits += (long)nh;
		with_more += more;
		empty += nh == 0;
	}
	double t_queries = now_ms() - tq;
	long slow[5] = { -1, -1, -1, -1, -1 };
	for (long q = 0; q < nq; q++)
		for (int k = 0; k < 5; k++)
			if (slow[k] < 0 || lat[q] > lat[slow[k]]) {
				memmove(slow + k + 1, slow + k, sizeof(long) * (size_t)(4 - k));
				slow[k] = q;
				break;
			}
	char slowest[512] = "";
	for (int k = 0; k < 5 && slow[k] >= 0; k++)
		snprintf(slowest + strlen(slowest), sizeof slowest - strlen(slowest), "%s\"%s\" %.1f ms",
		         k ? ", " : "", queries[slow[k]], lat[slow[k]]);
	qsort(lat, (size_t)nq, sizeof *lat, cmp_double);
	qsort(cpu, (size_t)nq, sizeof *cpu, cmp_double);
#define PCT(a, m, p) ((a)[(size_t)((double)((m) - 1) * (p) + 0.5)])
	printf("Search (SQLite FTS5): %ld customers, %ld queries\n", n, nq);
	if (reuse)
		printf("  build: (reused %s); database %.1f MB\n", path, (double)sb.st_size / 1048576.0);
	else
		printf("  build: insert %.1f s + optimize %.1f s = %.1f s (CPU %.1f s); database %.1f MB\n",
		       t_insert / 1e3, (t_build - t_insert) / 1e3, t_build / 1e3, c_build / 1e3,
		       (double)sb.st_size / 1048576.0);
	printf("  latency ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (mean %.2f)\n",
	       PCT(lat, nq, 0.50), PCT(lat, nq, 0.95), PCT(lat, nq, 0.99), lat[nq - 1], t_queries / (double)nq);
	printf("  CPU time ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
	       PCT(cpu, nq, 0.50), PCT(cpu, nq, 0.95), PCT(cpu, nq, 0.99), cpu[nq - 1]);
	double la[3];
	getloadavg(la, 3);
	printf("  load average at the end: %.1f\n", la[0]);
	for (int k = 0; k < 4; k++) {
		qsort(lk[k], nk[k], sizeof(double), cmp_double);
		printf("  %-16s p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n", kinds[k], PCT(lk[k], nk[k], 0.50),
		       PCT(lk[k], nk[k], 0.95), PCT(lk[k], nk[k], 0.99), lk[k][nk[k] - 1]);
		free(lk[k]);
	}
	printf("  hits per query %.1f; %ld with more than 50; %ld with none\n",
	       (double)total_hits / (double)nq, with_more, empty);
	for (int k = 0; k < 4; k++)
		printf("  e.g. %-16s \"%s\"\n", kinds[k], queries[k]);
	printf("  slowest: %s\n", slowest);

	/* Apart from the mix: whole e-mail addresses as typed to check for a duplicate, half of
	 * them absent (a digit added before the @) — long terms, the slow case of n-gram phrases. */
	long nw = nq / 4;
	double *lw = malloc(sizeof *lw * (size_t)nw), *cw = malloc(sizeof *cw * (size_t)nw);
	long found_w = 0, slow_w = 0;
	char slowest_w[80] = "";
	for (long q = 0; q < nw; q++) {
		const char *e = cs[pick((size_t)n)].email;
		char addr[80];
		const char *at = strchr(e, '@');
		if (q % 2 && at)
			snprintf(addr, sizeof addr, "%.*s7%s", (int)(at - e), e, at);
		else
			snprintf(addr, sizeof addr, "%s", e);
		struct search_hit hits[SEARCH_MAX_HITS];
		size_t nh;
		int more;
		double a = now_ms(), ca = cpu_ms();
		if (sqlite_search_query(db, addr, NULL, 0, hits, &nh, &more, &err) != GX_OK)
			return fprintf(stderr, "query \"%s\": %s\n", addr, err.message), 1;
		lw[q] = now_ms() - a;
		cw[q] = cpu_ms() - ca;
		if (cw[q] > cw[slow_w] || q == 0) {
			slow_w = q;
			snprintf(slowest_w, sizeof slowest_w, "%s", addr);
		}
		found_w += nh > 0;
	}
	double slow_cpu = cw[slow_w];
	qsort(lw, (size_t)nw, sizeof *lw, cmp_double);
	qsort(cw, (size_t)nw, sizeof *cw, cmp_double);
	printf("  whole e-mails (%ld, %ld found; not in the mix): wall p50 %.2f  p95 %.2f  p99 %.2f  max %.2f;"
	       " CPU p99 %.2f  max %.2f (\"%s\")\n", nw, found_w, PCT(lw, nw, 0.50), PCT(lw, nw, 0.95),
	       PCT(lw, nw, 0.99), lw[nw - 1], PCT(cw, nw, 0.99), slow_cpu, slowest_w);
	free(lw);
	free(cw);
	sqlite3_close(db);
	free(lat);
	free(cpu);
	free(queries);
	free(kind);
	free(cs);
	for (size_t i = 0; i < N_OF(surnames); i++)
		free(py_surname[i]);
	for (size_t i = 0; i < N_OF(given); i++)
		free(py_given[i]);
	pinyin_thread_cleanup();
	u_cleanup();
	return 0;
}
