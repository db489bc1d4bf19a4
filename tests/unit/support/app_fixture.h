/* The usual fixture of app-level unit suites: a fresh database of the run's backend
 * (support/test_db.h) opened and migrated as an app. Use app_fixture_setup/teardown as the
 * cmocka setup and teardown; the state is a struct app_fixture *. Suites that write a file to
 * import use its scratch path. */
#ifndef GX_TEST_APP_FIXTURE_H
#define GX_TEST_APP_FIXTURE_H

#include "guanxi/app.h"
#include "support/test_db.h"

struct app_fixture {
	struct test_db db;
	struct app app;
	char scratch[256];   /* a file name of the suite's own (TMPDIR or /tmp), removed at teardown */
};

int app_fixture_setup(void **state);
int app_fixture_teardown(void **state);

#endif
