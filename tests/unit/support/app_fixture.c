/* The shared app fixture of the unit suites (support/app_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "support/app_fixture.h"

int app_fixture_setup(void **state)
{
	struct app_fixture *f = calloc(1, sizeof *f);
	if (!f || test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	if (app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(f->scratch, sizeof f->scratch, "%s/gx-fixture-%d.csv", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	*state = f;
	return 0;
}

int app_fixture_teardown(void **state)
{
	struct app_fixture *f = *state;
	app_close(&f->app);
	test_db_drop(&f->db);
	unlink(f->scratch);
	free(f);
	return 0;
}
