/* Search benchmark on an existing database (PostgreSQL or SQLite) through store_search, the
 * call GET /search makes: the search_bench.c mix (phone fragments, 2-character names, pinyin
 * initials, e-mail fragments) plus terms of 5 or more characters (whole pinyin of a name, long
 * e-mail fragments) and the fixed terms of bench/wrk/search.lua, derived from sample customers
 * read on stdin, one per line: name TAB mobile-or-phone TAB e-mail (psql -At -F$'\t' output).
 * Prints p50/p99 wall and CPU milliseconds per query class and the slowest queries.
 *
 * Build (after `make`):
 *   cc -std=c17 -D_GNU_SOURCE -O2 -DNDEBUG -Iinclude -Isrc bench/pg_search_bench.c \
 *      build/libguanxi.a $(pkg-config --libs sqlite3 icu-uc icu-i18n libpq) -lpthread -lm \
 *      -o build/pg_search_bench
 * Run:
 *   psql URL -At -F$'\t' -c "SELECT name, COALESCE(mobile_norm, phone_norm, ''),
 *        COALESCE(email_norm, '') FROM customers TABLESAMPLE SYSTEM (0.1) REPEATABLE (7)
 *        LIMIT 500" | build/pg_search_bench URL [queries per class] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/customer_store.h"
#include "guanxi/pinyin.h"
#include "guanxi/search.h"
#include "guanxi/store.h"
#include "guanxi/utf8.h"

#define NCLASS 6
#define MAXS 4096

static uint64_t rng_state = 20240601;

static uint64_t rng(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static double now_ms(int clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_d);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

struct sample {
	char name[96], phone[32], email[96];
};

/* The first k code points of s. */
static void first_chars(const char *s, int k, char *out, size_t cap)
{
	size_t i = 0, len = strlen(s);
	uint32_t cp;
	for (int n = 0; n < k && i < len; n++) {
		size_t l = gx_utf8_decode(s + i, len - i, &cp);
		i += l ? l : 1;
	}
	snprintf(out, cap, "%.*s", (int)i, s);
}

static void substr(const char *s, size_t minlen, size_t maxlen, char *out, size_t cap)
{
	size_t el = strlen(s), len = minlen + pick(maxlen - minlen + 1);
	if (len > el)
		len = el;
	size_t start = pick(el - len + 1);
	snprintf(out, cap, "%.*s", (int)len, s + start);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return fprintf(stderr, "usage: pg_search_bench URL [queries per class] < samples\n"), 2;
	long per = argc > 2 ? atol(argv[2]) : 200;
	static struct sample sm[MAXS];
	size_t ns = 0;
	char line[512];
	while (ns < MAXS && fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		*t1 = *t2 = '\0';
		snprintf(sm[ns].name, sizeof sm[ns].name, "%s", line);
		snprintf(sm[ns].phone, sizeof sm[ns].phone, "%s", t1 + 1);
		snprintf(sm[ns].email, sizeof sm[ns].email, "%s", t2 + 1);
		ns++;
	}
	if (!ns)
		return fprintf(stderr, "no samples on stdin\n"), 2;
	static const char *const kinds[NCLASS] = { "phone fragment", "2-char name", "pinyin initials",
		"e-mail fragment", "5+ characters", "wrk search.lua terms" };
	static const char *const wrk[] = { "王芳", "张伟", "李强", "苏州", "北京", "科技", "贸易",
		"有限公司", "zhang", "wang", "liu", "zhangwei", "suzhou", "138", "1395", "186", "C0000",
		"C00012", "建材", "家具" };
	long nq = per * NCLASS;
	char (*q)[96] = calloc((size_t)nq, 96);
	int *kind = calloc((size_t)nq, sizeof *kind);
	struct gx_error err;
	gx_error_clear(&err);
	for (long i = 0; i < nq; i++) {
		kind[i] = (int)(i % NCLASS);
		struct sample *c = NULL;
		for (int tries = 0; tries < 1000; tries++) {   /* a sample that has what the class needs */
			c = &sm[pick(ns)];
			if ((kind[i] == 0 && strlen(c->phone) >= 7) || (kind[i] == 3 && *c->email) ||
			    kind[i] == 1 || kind[i] == 2 || kind[i] == 4 || kind[i] == 5)
				break;
		}
		char *full = NULL, *ini = NULL;
		switch (kind[i]) {
		case 0: substr(c->phone, 4, 11, q[i], 96); break;
		case 1: first_chars(c->name, 2, q[i], 96); break;
		case 2:
		case 4:
			if (pinyin_from_han(c->name, strlen(c->name), &full, &ini, &err) != GX_OK)
				return fprintf(stderr, "%s\n", err.message), 1;
			if (kind[i] == 2)
				snprintf(q[i], 96, "%.12s", ini);
			else if (*c->email && pick(2))
				substr(c->email, 5, 10, q[i], 96);
			else
				snprintf(q[i], 96, "%.40s", full);
			free(full);
			free(ini);
			break;
		case 3: substr(*c->email ? c->email : c->name, 3, 8, q[i], 96); break;
		default: snprintf(q[i], 96, "%s", wrk[pick(sizeof wrk / sizeof *wrk)]); break;
		}
	}
	struct store *s;
	struct store_open_options o = { 0 };
	if (store_open(argv[1], &o, &s, &err) != GX_OK)
		return fprintf(stderr, "%s\n", err.message), 1;
	double *lat[NCLASS], *cpu[NCLASS], *all = calloc((size_t)nq, sizeof *all);
	size_t nk[NCLASS] = { 0 };
	for (int k = 0; k < NCLASS; k++) {
		lat[k] = calloc((size_t)nq, sizeof(double));
		cpu[k] = calloc((size_t)nq, sizeof(double));
	}
	long slow[5] = { -1, -1, -1, -1, -1 };
	double *when = calloc((size_t)nq, sizeof *when);
	for (long i = 0; i < nq; i++) {
		struct search_hit hits[SEARCH_MAX_HITS + 1];
		size_t nh;
		int more;
		double a = now_ms(CLOCK_MONOTONIC), ca = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		if (store_search(s, q[i], NULL, SEARCH_MAX_HITS, hits, &nh, &more, &err) != GX_OK)
			return fprintf(stderr, "query \"%s\": %s\n", q[i], err.message), 1;
		double d = now_ms(CLOCK_MONOTONIC) - a;
		cpu[kind[i]][nk[kind[i]]] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - ca;
		lat[kind[i]][nk[kind[i]]++] = d;
		all[i] = when[i] = d;
		for (int k = 0; k < 5; k++)
			if (slow[k] < 0 || d > when[slow[k]]) {
				memmove(slow + k + 1, slow + k, sizeof(long) * (size_t)(4 - k));
				slow[k] = i;
				break;
			}
	}
	double la[3] = { 0 };
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf %lf %lf", &la[0], &la[1], &la[2]) != 3)
			la[0] = 0;
		fclose(f);
	}
	printf("| class | queries | p50 ms | p90 ms | p99 ms | max ms | client CPU p50 ms |\n|---|---|---|---|---|---|---|\n");
	for (int k = 0; k < NCLASS; k++)
		printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f | %.3f |\n", kinds[k], nk[k],
		       pct(lat[k], nk[k], 0.5), pct(lat[k], nk[k], 0.9), pct(lat[k], nk[k], 0.99),
		       pct(lat[k], nk[k], 1.0), pct(cpu[k], nk[k], 0.5));
	printf("| all | %ld | %.2f | %.2f | %.2f | %.2f | |\n", nq, pct(all, (size_t)nq, 0.5),
	       pct(all, (size_t)nq, 0.9), pct(all, (size_t)nq, 0.99), pct(all, (size_t)nq, 1.0));
	printf("slowest:");
	for (int k = 0; k < 5 && slow[k] >= 0; k++)
		printf(" \"%s\" %.1f ms (%s);", q[slow[k]], when[slow[k]], kinds[kind[slow[k]]]);
	printf("\nload average %.2f %.2f %.2f\n", la[0], la[1], la[2]);
	store_close(s);
	return 0;
}
