/* support/rollup_check.h */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include "store/driver.h"
#include "support/rollup_check.h"

static const char *const days_as_of[] = {"2024-02-29", "2025-02-28", "2025-03-01", "2026-06-15", "2026-12-31",
                                          "2027-01-01", "2023-06-30", "2028-02-29", "2029-03-01", "2025-08-31"};

char *rollup_check_text(struct store *s)
{
	struct gx_error err;
	struct db_stmt *st;
	assert_int_equal(db_prepare(s,
	                            "SELECT kind, stamp, COALESCE(owner_id, 0), COALESCE(team_id, 0),"
	                            " COALESCE(department_id, 0), n FROM dash_rollup"
	                            " ORDER BY kind, stamp, 3, 4, 5", &st, &err), GX_OK);
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	out[0] = 0;
	int row = 0;
	while (db_step(s, st, &row, &err) == GX_OK && row) {
		char line[160];
		int n = snprintf(line, sizeof line, "%s %s %lld %lld %lld %lld\n", db_col_text(s, st, 0),
		                 db_col_text(s, st, 1), (long long)db_col_i64(s, st, 2), (long long)db_col_i64(s, st, 3),
		                 (long long)db_col_i64(s, st, 4), (long long)db_col_i64(s, st, 5));
		while (len + (size_t)n + 1 > cap)
			out = realloc(out, cap *= 2);
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	db_reset(s, st);
	return out;
}

long long rollup_check_against_scan(struct store *s, const struct store_scope *scopes, size_t nscopes,
                                    const char *stage)
{
	struct gx_error err;
	struct gx_tz *tz;
	assert_int_equal(gx_tz_open("Asia/Shanghai", &tz, &err), GX_OK);
	struct store_scope saved;
	store_scope_get(s, &saved);
	long long seen = 0;
	for (size_t d = 0; d < sizeof days_as_of / sizeof *days_as_of; d++)
		for (size_t k = 0; k < nscopes; k++) {
			int32_t day;
			assert_int_equal(gx_date_parse(days_as_of[d], &day, "day", &err), GX_OK);
			struct dashboard_window w;
			dashboard_window_fill(&w, day, tz, 0);
			store_scope_set(s, &scopes[k]);
			struct dashboard_figures fast, scan;
			assert_int_equal(store_dashboard_figures(s, &w, &fast, &err), GX_OK);
			assert_int_equal(store_dashboard_figures_scan(s, &w, &scan, &err), GX_OK);
			const int64_t *a = (const int64_t *)&fast, *b = (const int64_t *)&scan;
			for (size_t i = 0; i < sizeof fast / sizeof *a; i++)
				if (a[i] != b[i]) {
					fprintf(stderr, "%s, as of %s, scope %zu: figure %zu is %lld, the scan says %lld\n", stage,
					        days_as_of[d], k, i, (long long)a[i], (long long)b[i]);
					fail();
				}
			if (scopes[k].kind == STORE_SCOPE_ALL)
				seen += scan.active + scan.loyal + scan.churned + scan.revenue_year_fen;
		}
	store_scope_set(s, &saved);
	gx_tz_free(tz);
	return seen;
}
