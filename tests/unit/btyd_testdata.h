/* Loaders for the CSV test data of the customer-base model tests (tests/data/, see its
 * README). Header-only so that each test binary takes only what it uses. */
#ifndef GUANXI_TEST_BTYD_TESTDATA_H
#define GUANXI_TEST_BTYD_TESTDATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guanxi/analytics/btyd.h"

static inline FILE *btyd_test_open(const char *name)
{
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", name);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		abort();
	}
	return f;
}

/* Reads up to cap rows of a CSV with a header line and ncol numeric columns into vals
 * (row-major); returns the number of rows. */
static inline size_t btyd_test_read_csv(const char *name, int ncol, double *vals, size_t cap)
{
	FILE *f = btyd_test_open(name);
	char line[512];
	size_t n = 0;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return 0;
	}
	while (n < cap && fgets(line, sizeof line, f)) {
		char *p = line, *end;
		int c;
		for (c = 0; c < ncol; c++) {
			vals[n * (size_t)ncol + (size_t)c] = strtod(p, &end);
			if (end == p)
				break;
			p = end;
			if (*p == ',')
				p++;
		}
		if (c == ncol)
			n++;
	}
	fclose(f);
	return n;
}

/* The CDNOW calibration summary (x, t_x, T in weeks) as histories with count 1 each;
 * returns the number of customers (2357). */
static inline size_t btyd_test_cdnow(struct btyd_obs *out, size_t cap)
{
	double *v = malloc(cap * 4 * sizeof *v);
	size_t n = btyd_test_read_csv("cdnow_customers_summary.csv", 4, v, cap);
	for (size_t i = 0; i < n; i++) {
		out[i].x = v[i * 4 + 1];
		out[i].t_x = v[i * 4 + 2];
		out[i].T = v[i * 4 + 3];
		out[i].count = 1.0;
	}
	free(v);
	return n;
}

/* A number from tests/data/seed_vectors.json by path ("M22_published_fits", "bgnbd_cdnow",
 * "r"); aborts when absent so a renamed vector cannot pass silently. */
static inline double btyd_test_seed(const char *a, const char *b, const char *c)
{
	FILE *f = btyd_test_open("seed_vectors.json");
	json_error_t je;
	json_t *root = json_loadf(f, 0, &je);
	fclose(f);
	json_t *v = json_object_get(json_object_get(json_object_get(root, a), b), c);
	if (!json_is_number(v)) {
		fprintf(stderr, "seed vector %s.%s.%s missing\n", a, b, c);
		abort();
	}
	double d = json_number_value(v);
	json_decref(root);
	return d;
}

#endif
