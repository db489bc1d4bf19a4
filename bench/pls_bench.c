/* PLS-PM fit time (issue "Analytics library I": ECSI model on the 250-respondent survey with
 * 200 bootstrap resamples under 50 ms): gx_pls_fit in-process, best and median of N runs,
 * without process start and CSV reading (which `make bench` times separately as the whole
 * `guanxi analyze pls` command). Data: tests/data/ecsi_satisfaction.csv (see its README);
 * the model is the ECSI one of tests/unit/test_plspm.c (centroid scheme, mode A).
 *
 * Usage: pls_bench [-d tests/data] [-n runs] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/analytics/plspm.h"

#define N_OBS 250
#define N_MV 27
#define N_LV 6

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

/* The 27 indicator columns (2..28) of the R plspm package's satisfaction data. */
static int read_ecsi(const char *path, double *x)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[1024];
	int n = 0;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return -1;
	}
	while (n < N_OBS && fgets(line, sizeof line, f)) {
		char *p = strchr(line, ',');
		for (int j = 0; j < N_MV && p; j++) {
			x[n * N_MV + j] = strtod(p + 1, &p);
			if (*p != ',')
				p = NULL;
		}
		if (!p) {
			fclose(f);
			return -1;
		}
		n++;
	}
	fclose(f);
	return n == N_OBS ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *dir = "tests/data";
	int runs = 20;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-d") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "-n") == 0)
			runs = atoi(argv[i + 1]);
	}
	if (runs < 1 || runs > 1000)
		runs = 20;
	static double x[N_OBS * N_MV];
	char path[1024];
	snprintf(path, sizeof path, "%s/ecsi_satisfaction.csv", dir);
	if (read_ecsi(path, x) != 0) {
		fprintf(stderr, "pls_bench: cannot read %s\n", path);
		return 1;
	}
	enum { IMAG, EXPE, QUAL, VAL, SAT, LOY };
	static const size_t sizes[N_LV] = { 5, 5, 5, 4, 4, 4 };
	size_t block[N_MV], j = 0;
	for (size_t k = 0; k < N_LV; k++)
		for (size_t c = 0; c < sizes[k]; c++)
			block[j++] = k;
	unsigned char path_m[N_LV * N_LV] = { 0 };
#define EDGE(from, to) path_m[(to) * N_LV + (from)] = 1
	EDGE(IMAG, EXPE); EDGE(IMAG, SAT); EDGE(IMAG, LOY);
	EDGE(EXPE, QUAL); EDGE(EXPE, VAL); EDGE(EXPE, SAT);
	EDGE(QUAL, VAL); EDGE(QUAL, SAT);
	EDGE(VAL, SAT);
	EDGE(SAT, LOY);
#undef EDGE
	struct gx_pls_model model = { .n_lv = N_LV, .n_mv = N_MV, .block = block, .modes = NULL,
	                              .path = path_m };
	struct gx_pls_params p;
	gx_pls_params_default(&p);
	p.bootstrap = 200;
	p.seed = 1;
	double *t = malloc(sizeof(double) * (size_t)runs), *c = malloc(sizeof(double) * (size_t)runs);
	double sat_path = 0;
	for (int i = 0; i < runs; i++) {
		struct gx_pls_result r;
		struct gx_error err = { 0 };
		double t0 = now_ms(), c0 = cpu_ms();
		if (gx_pls_fit(x, N_OBS, &model, &p, &r, &err) != GX_OK) {
			fprintf(stderr, "pls_bench: %s\n", err.message);
			return 1;
		}
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
		sat_path = r.path[LOY * N_LV + SAT];
		gx_pls_result_free(&r);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	qsort(c, (size_t)runs, sizeof *c, cmp_double);
	printf("PLS-PM ECSI fit + 200 bootstrap: best %.2f ms (CPU %.2f ms), median %.2f ms (CPU %.2f ms), "
	       "%d runs; path SAT->LOY %.4f\n", t[0], c[0], t[runs / 2], c[runs / 2], runs, sat_path);
	free(t);
	free(c);
	return 0;
}
