/* Loads tests/data/seed_vectors.json (the copy of shared/testdata/seed_vectors.json) for the
 * model tests, so each test reads the vectors of MODELS.md instead of retyping them. The
 * directory comes from GUANXI_TEST_DATA (set by scripts/run-tests.sh), else tests/data. */
#ifndef TESTS_SEEDVEC_H
#define TESTS_SEEDVEC_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static inline json_t *seedvec_load(void)
{
	const char *dir = getenv("GUANXI_TEST_DATA");
	char path[1024];
	snprintf(path, sizeof path, "%s/seed_vectors.json", dir && *dir ? dir : "tests/data");
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	if (!root)
		fprintf(stderr, "cannot read %s: %s (line %d)\n", path, jerr.text, jerr.line);
	return root;
}

/* The number at key of an object (integer or real). */
static inline double seedvec_num(const json_t *obj, const char *key)
{
	return json_number_value(json_object_get(obj, key));
}

#endif
