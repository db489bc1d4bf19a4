/* The customer's survey responses for the 360 page (guanxi/customer_view.h): one join over
 * responses, waves and surveys, newest first. */
#include "guanxi/customer_view.h"

#include <string.h>

#include "store/driver.h"

static const char *dup(struct gx_arena *a, const char *t)
{
	return t ? gx_arena_strdup(a, t) : NULL;
}

enum gx_err store_customer_surveys(struct store *s, int64_t customer_id, size_t max, struct gx_arena *a,
                                   struct store_customer_survey **rows, size_t *n, struct gx_error *err)
{
	static const char sql[] =
		"SELECT r.id, s.id, w.id, s.code, s.title, w.code, r.submitted_at"
		" FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id JOIN surveys s ON s.id = w.survey_id"
		" WHERE r.customer_id = ? ORDER BY r.submitted_at DESC, r.id DESC";
	*rows = NULL;
	*n = 0;
	if (max == 0)
		return GX_OK;
	struct db_stmt *st;
	if (db_prepare(s, sql, &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "i", customer_id);
	struct store_customer_survey *out = gx_arena_alloc(a, max * sizeof *out);
	enum gx_err e;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < max) {
		struct store_customer_survey *r = &out[(*n)++];
		r->response_id = db_col_i64(s, st, 0);
		r->survey_id = db_col_i64(s, st, 1);
		r->wave_id = db_col_i64(s, st, 2);
		r->survey_code = dup(a, db_col_text(s, st, 3));
		r->survey_title = dup(a, db_col_text(s, st, 4));
		r->wave_code = dup(a, db_col_text(s, st, 5));
		r->submitted_at = dup(a, db_col_text(s, st, 6));
	}
	db_reset(s, st);
	*rows = out;
	return e;
}
