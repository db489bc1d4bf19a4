/* Fit times of the customer-base models on CDNOW (issue "Analytics library II", make bench
 * (a)): BG/NBD, Pareto/NBD and Gamma-Gamma fitted in-process on the 2,357-customer CDNOW
 * sample (tests/data/cdnow_customers_summary*.csv, see tests/data/README.md), each fit
 * repeated and the best and median wall times printed with the parameters found, so a
 * reader can see that the fast path still lands on the published values.
 *
 * Usage: btyd_bench [-d tests/data] [-n repeats]
 * Output: one line per model, "model fit: best X ms, median Y ms, params …". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/analytics/btyd.h"
#include "guanxi/error.h"

#define MAXC 2400

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: on a loaded machine wall time measures the queue, not the code. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Reads "ID,frequency,recency,T[,monetary…]" rows; monetary (column 5) when present. */
static size_t read_summary(const char *path, struct btyd_obs *obs, double *spend, int *has_spend)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "btyd_bench: cannot open %s\n", path);
		exit(1);
	}
	char line[512];
	size_t n = 0;
	*has_spend = 0;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return 0;
	}
	while (n < MAXC && fgets(line, sizeof line, f)) {
		double id, v[5] = { 0 };
		int got = sscanf(line, "%lf,%lf,%lf,%lf,%lf", &id, &v[0], &v[1], &v[2], &v[3]);
		if (got < 4)
			continue;
		obs[n] = (struct btyd_obs){ v[0], v[1], v[2], 1.0 };
		spend[n] = v[3];
		if (got >= 5)
			*has_spend = 1;
		n++;
	}
	fclose(f);
	return n;
}

static void report(const char *name, double *t, double *c, int reps, const char *params)
{
	qsort(t, (size_t)reps, sizeof *t, cmp_double);
	qsort(c, (size_t)reps, sizeof *c, cmp_double);
	printf("%-12s fit: best %.3f ms (CPU %.3f ms), median %.3f ms (CPU %.3f ms), %d runs  %s\n", name,
	       t[0], c[0], t[reps / 2], c[reps / 2], reps, params);
}

int main(int argc, char **argv)
{
	const char *dir = "tests/data";
	int reps = 20;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-d") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "-n") == 0)
			reps = atoi(argv[i + 1]);
	}
	if (reps < 1 || reps > 10000)
		reps = 20;
	char path[1024];
	static struct btyd_obs obs[MAXC], rows[MAXC];
	static double spend[MAXC];
	static struct gammagamma_obs gg[MAXC];
	int has_spend;
	snprintf(path, sizeof path, "%s/cdnow_customers_summary_with_transactions.csv", dir);
	size_t n = read_summary(path, obs, spend, &has_spend);
	if (n == 0 || !has_spend) {
		fprintf(stderr, "btyd_bench: %s has no rows with monetary values\n", path);
		return 1;
	}
	memcpy(rows, obs, n * sizeof *rows);
	size_t nr = btyd_obs_compress(rows, n);
	printf("CDNOW: %zu customers, %zu distinct (x, t_x, T) rows\n", n, nr);

	double *t = malloc(sizeof(double) * (size_t)reps), *c = malloc(sizeof(double) * (size_t)reps);
	char params[256];
	struct gx_error err = { 0 };

	struct bgnbd_fit bf;
	for (int i = 0; i < reps; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (bgnbd_fit(rows, nr, &bf, &err) != GX_OK) {
			fprintf(stderr, "BG/NBD: %s\n", err.message);
			return 1;
		}
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	snprintf(params, sizeof params, "r %.4f alpha %.4f a %.4f b %.4f LL %.2f, %d iterations", bf.p.r, bf.p.alpha,
	         bf.p.a, bf.p.b, bf.info.loglik, bf.info.iterations);
	report("BG/NBD", t, c, reps, params);

	struct paretonbd_fit pf;
	for (int i = 0; i < reps; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (paretonbd_fit(rows, nr, &pf, &err) != GX_OK) {
			fprintf(stderr, "Pareto/NBD: %s\n", err.message);
			return 1;
		}
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	snprintf(params, sizeof params, "r %.4f alpha %.4f s %.4f beta %.4f LL %.2f", pf.p.r,
	         pf.p.alpha, pf.p.s, pf.p.beta, pf.info.loglik);
	report("Pareto/NBD", t, c, reps, params);

	/* Gamma-Gamma on the customers with repeat purchases (frequency > 0). */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (obs[i].x > 0) {
			gg[m].x = obs[i].x;
			gg[m].m = spend[i];
			gg[m].count = 1.0;
			m++;
		}
	}
	struct gammagamma_fit gf;
	for (int i = 0; i < reps; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (gammagamma_fit(gg, m, &gf, &err) != GX_OK) {
			fprintf(stderr, "Gamma-Gamma: %s\n", err.message);
			return 1;
		}
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	snprintf(params, sizeof params, "p %.4f q %.4f gamma %.4f LL %.2f", gf.p.p, gf.p.q, gf.p.gamma,
	         gf.info.loglik);
	report("Gamma-Gamma", t, c, reps, params);
	free(t);
	free(c);
	return 0;
}
