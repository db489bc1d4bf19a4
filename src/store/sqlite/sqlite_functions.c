/* SQL functions the portable queries rely on, provided to SQLite: gx_fold(text) folds case and
 * width (full-width ASCII to ASCII) so that `contains` filters match "ＡＢＣ" with "abc". */
#include <sqlite3.h>
#include <string.h>

#include <stdlib.h>
#include "guanxi/textfold.h"
#include "store/sqlite/sqlite_store.h"

static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	char *out = NULL;
	size_t out_len = 0;
	struct gx_error err;
	if (textfold_fold(in, (size_t)len, &out, &out_len, &err) != GX_OK) {
		/* Invalid UTF-8 cannot be stored through the app; compare it unfolded. */
		sqlite3_result_text(ctx, in, len, SQLITE_TRANSIENT);
		return;
	}
	sqlite3_result_text(ctx, out, (int)out_len, free);
}

enum gx_err sqlite_functions_register(sqlite3 *db, struct gx_error *err)
{
	int rc = sqlite3_create_function_v2(db, "gx_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	                                    SQLITE_INNOCUOUS, NULL, fn_fold, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return gx_error_set(err, GX_EINTERNAL, NULL, "cannot register gx_fold: %s", sqlite3_errstr(rc));
	return GX_OK;
}
