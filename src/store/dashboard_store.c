/* The dashboard's customer counts (see guanxi/dashboard_store.h): one parameterised query,
 * the same SQL on SQLite and PostgreSQL. COUNT(CASE … END) rather than SUM keeps the result an
 * integer on both backends (PostgreSQL's SUM of integers is numeric). */
#include "guanxi/dashboard_store.h"

#include "store/driver.h"

enum gx_err store_dashboard_customer_counts(struct store *s, const char *since_utc,
                                            struct dashboard_customer_counts *out,
                                            struct gx_error *err)
{
	static const char sql[] =
		"SELECT COUNT(*), COUNT(CASE WHEN created_at >= ? THEN 1 END),"
		" COUNT(CASE WHEN owner_id IS NULL THEN 1 END)"
		" FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", since_utc);
	int row = 0;
	*out = (struct dashboard_customer_counts){0};
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		out->total = db_col_i64(s, st, 0);
		out->new_since = db_col_i64(s, st, 1);
		out->pool = db_col_i64(s, st, 2);
	}
	db_reset(s, st);
	return e;
}
