/* support/store_fixture.h: one database per test, dropped afterwards. */
#include <stdio.h>
#include <stdlib.h>

#include "support/store_fixture.h"

int store_fixture_setup(void **state)
{
	struct store_fixture *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	struct store_open_options o = {.create = 1, .migrate = 1};
	if (store_open(f->db.url, &o, &f->s, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int store_fixture_teardown(void **state)
{
	struct store_fixture *f = *state;
	store_close(f->s);
	test_db_drop(&f->db);
	free(f);
	return 0;
}
