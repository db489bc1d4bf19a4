/* Receivables aging (应收账款账龄) as of a date (see guanxi/credit.h): what each customer still
 * owed on that date — invoices issued by then, less the payments dated by then — in the
 * buckets of MODELS.md M25 counted from the due date. Taking both sides "as of" the date makes a
 * report for a past month-end come out the same whenever it is run. */
#include <stdio.h>
#include <string.h>

#include "guanxi/credit.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"

enum gx_err app_credit_aging(struct app *app, const char *as_of, int64_t customer_id,
                             struct gx_arena *a, struct credit_aging_report *out,
                             struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	enum gx_err e;
	int32_t day;
	if (as_of && (e = gx_date_parse(as_of, &day, "as_of", err)))
		return e;
	if (as_of)
		snprintf(out->as_of, sizeof out->as_of, "%s", as_of);
	else if ((e = app_credit_today(app, out->as_of, err)) ||
	         (e = gx_date_parse(out->as_of, &day, "as_of", err)))
		return e;
	struct credit_receivable_row *rows;
	size_t n;
	if ((e = store_credit_receivables_at(app->store, out->as_of, customer_id, a, &rows, &n, err)))
		return e;
	out->rows = gx_arena_calloc(a, n ? n : 1, sizeof *out->rows);
	struct gx_credit_receivable *rec = gx_arena_calloc(a, n ? n : 1, sizeof *rec);
	for (size_t i = 0; i < n; i++) {
		rec[i] = (struct gx_credit_receivable){.due_day = rows[i].due_day, .open_fen = rows[i].open_fen};
		if (i > 0 && rows[i].customer_id == rows[i - 1].customer_id)
			continue;
		struct credit_aging_row *r = &out->rows[out->n++];
		r->customer_id = rows[i].customer_id;
		r->code = rows[i].customer_code;
		r->name = rows[i].customer_name;
	}
	/* The rows come ordered by customer: each customer's receivables are one run of rec. */
	size_t start = 0;
	for (size_t k = 0; k < out->n; k++) {
		size_t end = start;
		while (end < n && rows[end].customer_id == out->rows[k].customer_id)
			end++;
		if ((e = gx_credit_aging(rec + start, end - start, day, NULL, &out->rows[k].aging, err)))
			return e;
		start = end;
	}
	return gx_credit_aging(rec, n, day, NULL, &out->total, err);
}
