/* The per-user agenda: open tasks overdue, due today and due in the coming days, by the
 * company's local date (DECISIONS.md "Time": periods in the company time zone). */
#include <stdio.h>

#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "app/workflow_internal.h"

#define AGENDA_MAX 500

enum gx_err workflow_today(struct app *app, int32_t *today, struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	*today = gx_instant_local_date(gx_now_ms(), tz);
	gx_tz_free(tz);
	return GX_OK;
}

static enum gx_err group(struct app *app, int64_t user_id, enum filter_op op, const char *date,
                         enum filter_op op2, const char *date2, struct gx_arena *a,
                         struct record **rows, size_t *n, struct gx_error *err)
{
	const struct entity_def *d = &entity_task;
	struct filter_node *f = filter_and(a, filter_cond_int(a, d, "assignee_id", FILTER_EQ, user_id),
	                                   filter_cond_text(a, d, "status", FILTER_EQ, "open"));
	f = filter_and(a, f, filter_cond_text(a, d, "due_date", op, date));
	if (date2)
		f = filter_and(a, f, filter_cond_text(a, d, "due_date", op2, date2));
	struct store_list_query q = {.filter = f, .sort_field = "due_date", .limit = AGENDA_MAX};
	struct store_list_result res;
	enum gx_err e = store_record_list(app->store, d, &q, a, &res, err);
	if (e == GX_OK) {
		*rows = res.rows;
		*n = res.count;
	}
	return e;
}

enum gx_err app_agenda(struct app *app, int64_t user_id, int days, struct gx_arena *a,
                       struct task_agenda *out, struct gx_error *err)
{
	*out = (struct task_agenda){0};
	if (days < 1 || days > 366)
		return gx_error_set(err, GX_EINVAL, "days", _("the agenda looks 1 to 366 days ahead, not %d"), days);
	if (user_id <= 0)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("the agenda is a user's own (use --user)"));
	int32_t today;
	enum gx_err e = workflow_today(app, &today, err);
	if (e != GX_OK)
		return e;
	char t[GX_DATE_FMT_SIZE], end[GX_DATE_FMT_SIZE];
	gx_date_format(today, t);
	gx_date_format(today + days, end);
	snprintf(out->today, sizeof out->today, "%s", t);
	const char *ts = gx_arena_strdup(a, t), *es = gx_arena_strdup(a, end);
	if ((e = group(app, user_id, FILTER_LT, ts, 0, NULL, a, &out->overdue, &out->n_overdue, err)) ||
	    (e = group(app, user_id, FILTER_EQ, ts, 0, NULL, a, &out->today_tasks, &out->n_today, err)) ||
	    (e = group(app, user_id, FILTER_GT, ts, FILTER_LE, es, a, &out->upcoming, &out->n_upcoming, err)))
		return e;
	return GX_OK;
}
