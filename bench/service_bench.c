/* Overdue-ticket benchmark (issue "Service", "Checked by": the overdue query on the
 * 1M-customer database under 50 ms). Times app_ticket_overdue — the first page of 50 overdue
 * tickets, most overdue first, with the total count — which is what the overdue list of the CLI,
 * the API and the dashboard runs; also one assignee's list and the tenth page by cursor. Prints
 * p50/p95/p99/max over -q runs.
 *
 * The database: with -reuse 1 an existing one is used as it is (e.g. one made by
 * `guanxi demo --scale 1000000`, which holds 200,000 tickets); otherwise the file is recreated
 * with N bare customers (code, kind, name: the overdue query never reads them) and the demo's
 * service data for N customers — N/5 tickets with their events, the 2025–2026 holiday table —
 * from the same generator as `guanxi demo --scale N` (src/app/demo_service.c). The clock is
 * pinned (GUANXI_NOW, default 2026-11-26T03:00:00Z) so that the same tickets are overdue on
 * every run; give -now to move it.
 *
 * Build (from the repository root, after `make`; `make bench` builds into build-bench/):
 *   cc -std=c17 -D_GNU_SOURCE -O2 -DNDEBUG -Iinclude -Isrc bench/service_bench.c build/libguanxi.a \
 *      $(pkg-config --libs sqlite3 jansson libzip expat xlsxwriter libsodium gsl icu-uc icu-i18n \
 *      libmicrohttpd libpq) -lcsv -lm -lpthread -o build/service_bench
 * Run:   build/service_bench [-n customers] [-q runs] [-db path|postgres://…] [-reuse 1] [-now ISO]
 *        (defaults 1000000, 200, bench/data/service.db, 0). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/demo_internal.h"
#include "guanxi/app.h"
#include "guanxi/record_store.h"
#include "guanxi/ticket.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(const double *v, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static int fail(const char *what, const struct gx_error *err)
{
	fprintf(stderr, "service_bench: %s: %s\n", what, err->message);
	return 1;
}

/* N bare customers through the store, 10,000 per transaction. */
static enum gx_err bare_customers(struct app *app, int64_t n, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	enum gx_err e = GX_OK;
	for (int64_t first = 0; first < n && e == GX_OK; first += 10000) {
		if ((e = store_begin(app->store, err)) != GX_OK)
			break;
		for (int64_t i = first; i < first + 10000 && i < n && e == GX_OK; i++) {
			gx_arena_reset(&a);
			struct record r;
			record_init(&r, &entity_customer, &a);
			const char *name = gx_arena_printf(&a, "客户%08lld", (long long)i + 1);
			record_set_text(&r, "code", gx_arena_printf(&a, "C%08lld", (long long)i + 1));
			record_set_text(&r, "kind", "person");
			record_set_text(&r, "name", name);
			record_set_text(&r, "name_norm", name);
			e = store_record_insert(app->store, &r, err);
		}
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
		if ((first / 10000) % 10 == 9)
			fprintf(stderr, "service_bench: %lld customers\n", (long long)(first + 10000));
	}
	gx_arena_free(&a);
	return e;
}

static void progress(void *ctx, const char *stage, int64_t done, int64_t total)
{
	(void)ctx;
	if (done % 20000 == 0 || done == total)
		fprintf(stderr, "service_bench: %s %lld/%lld\n", stage, (long long)done, (long long)total);
}

static int build(const char *url, int64_t n)
{
	if (strncmp(url, "postgres", 8) != 0) {
		char aux[600];
		unlink(url);
		snprintf(aux, sizeof aux, "%s-wal", url);
		unlink(aux);
		snprintf(aux, sizeof aux, "%s-shm", url);
		unlink(aux);
	}
	struct app app;
	struct gx_error err;
	if (app_open(&app, url, 1, &err) != GX_OK)
		return fail(url, &err);
	double t0 = now_ms();
	struct demo_org org;
	struct demo_result res;
	memset(&res, 0, sizeof res);
	struct demo_opts opts = {.seed = DEMO_DEFAULT_SEED, .scale = n, .progress = progress};
	enum gx_err e = store_begin(app.store, &err);
	if (e == GX_OK && (e = demo_create_org(&app, &org, &res, &err)) == GX_OK)
		e = store_commit(app.store, &err);
	else if (e != GX_OK && store_in_transaction(app.store))
		store_rollback(app.store);
	if (e == GX_OK)
		e = bare_customers(&app, n, &err);
	double t1 = now_ms();
	if (e == GX_OK)
		e = demo_generate_service(&app, &opts, &org, &res, &err);
	double t2 = now_ms();
	app_close(&app);
	if (e != GX_OK)
		return fail("building the database", &err);
	printf("build: %lld customers in %.1f s, %lld tickets with their events in %.1f s\n", (long long)n,
	       (t1 - t0) / 1e3, (long long)res.tickets, (t2 - t1) / 1e3);
	return 0;
}

struct timing {
	const char *name;
	double *ms;
};

static void report(const char *name, double *ms, int q)
{
	qsort(ms, (size_t)q, sizeof *ms, cmp_double);
	printf("%-34s p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  max %.3f ms  (%d runs)\n", name, pct(ms, q, 0.5),
	       pct(ms, q, 0.95), pct(ms, q, 0.99), ms[q - 1], q);
}

int main(int argc, char **argv)
{
	int64_t n = 1000000;
	int q = 200, reuse = 0;
	const char *db = "bench/data/service.db", *now = "2026-11-26T03:00:00Z";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "-n"))
			n = atoll(argv[i + 1]);
		else if (!strcmp(argv[i], "-q"))
			q = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-db"))
			db = argv[i + 1];
		else if (!strcmp(argv[i], "-reuse"))
			reuse = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-now"))
			now = argv[i + 1];
		else {
			fprintf(stderr, "usage: service_bench [-n customers] [-q runs] [-db path] [-reuse 1] [-now ISO]\n");
			return 2;
		}
	}
	if (q < 1 || n < 5) {
		fprintf(stderr, "service_bench: -q must be at least 1 and -n at least 5\n");
		return 2;
	}
	setenv("GUANXI_NOW", now, 1);
	if (!reuse && build(db, n))
		return 1;
	struct app app;
	struct gx_error err;
	if (app_open(&app, db, 0, &err) != GX_OK)
		return fail(db, &err);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct store_list_query all = {.deleted = STORE_ANY};
	int64_t tickets = 0, customers = 0;
	if (store_record_count(app.store, &entity_ticket, &all, &tickets, &err) != GX_OK ||
	    store_record_count(app.store, &entity_customer, &all, &customers, &err) != GX_OK)
		return fail("counting", &err);
	double *first = calloc((size_t)q, sizeof *first), *owner = calloc((size_t)q, sizeof *owner),
	       *tenth = calloc((size_t)q, sizeof *tenth);
	struct ticket_overdue_page page;
	int64_t total = 0, some_owner = 0;
	const char *cursor10 = NULL;
	/* One warm-up pass (the first query reads the index pages from disk) that also finds an
	 * assignee with overdue tickets and the cursor of page 10. */
	if (app_ticket_overdue(&app, 0, 50, NULL, &a, &page, &err) != GX_OK)
		return fail("overdue", &err);
	total = page.total;
	for (size_t i = 0; i < page.count && !some_owner; i++)
		some_owner = record_int(&page.rows[i], "owner_id");
	for (int p = 1; p < 10 && page.next_cursor; p++) {
		cursor10 = page.next_cursor;
		if (app_ticket_overdue(&app, 0, 50, cursor10, &a, &page, &err) != GX_OK)
			return fail("overdue paging", &err);
	}
	for (int i = 0; i < q; i++) {
		struct gx_arena qa;
		gx_arena_init(&qa, 0);
		double t = now_ms();
		if (app_ticket_overdue(&app, 0, 50, NULL, &qa, &page, &err) != GX_OK)
			return fail("overdue", &err);
		first[i] = now_ms() - t;
		t = now_ms();
		if (app_ticket_overdue(&app, some_owner, 50, NULL, &qa, &page, &err) != GX_OK)
			return fail("overdue of one assignee", &err);
		owner[i] = now_ms() - t;
		t = now_ms();
		if (cursor10 && app_ticket_overdue(&app, 0, 50, cursor10, &qa, &page, &err) != GX_OK)
			return fail("overdue page 10", &err);
		tenth[i] = now_ms() - t;
		gx_arena_free(&qa);
	}
	printf("database: %s, %lld customers, %lld tickets, %lld overdue at %s\n", db, (long long)customers,
	       (long long)tickets, (long long)total, now);
	report("overdue, first page of 50 + total", first, q);
	report("overdue of one assignee", owner, q);
	if (cursor10)
		report("overdue, page 10 by cursor", tenth, q);
	printf("target: p99 of the first page under 50 ms: %s\n", pct(first, q, 0.99) < 50.0 ? "met" : "NOT met");
	free(first);
	free(owner);
	free(tenth);
	gx_arena_free(&a);
	app_close(&app);
	return 0;
}
