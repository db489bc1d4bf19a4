/* The usual fixture of store-level unit suites: a fresh database of the run's backend
 * (support/test_db.h), opened and migrated as a bare store. Use store_fixture_setup/teardown as
 * the cmocka setup and teardown; the state is a struct store_fixture *. */
#ifndef GX_TEST_STORE_FIXTURE_H
#define GX_TEST_STORE_FIXTURE_H

#include "guanxi/store.h"
#include "support/test_db.h"

struct store_fixture {
	struct test_db db;
	struct store *s;
};

int store_fixture_setup(void **state);
int store_fixture_teardown(void **state);

#endif
