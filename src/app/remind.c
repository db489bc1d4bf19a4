/* The daily reminder job (`guanxi remind`): care tasks for customers' birthdays (solar or
 * lunar), their children's birthdays, anniversaries and the festivals 春节, 端午 and 中秋;
 * follow-up tasks from interactions with a follow-up time; and a reminder notification for
 * every open task due today or overdue. Every generated row carries a unique key naming its
 * event (care:birthday:<customer>:<date>, reminder:task:<id>:<day>), so running the job twice,
 * or on two servers at once, never duplicates anything.
 *
 * Care data shape (customers.care, documented in docs/user-guide/workflow.*.md):
 *   {"children": [{"name": "小明", "birthday": "2016-05-20", "lunar": false}, …]}
 * or the short form the demo generator and simple imports write:
 *   {"children_birthdays": ["2016-05-20", …]}
 * A lunar birthday (customers.birthday_lunar, or "lunar": true) is the solar date of birth
 * whose lunar month and day are celebrated each year; a birth in a leap month is celebrated in
 * the ordinary month of that number. Festival greetings go to key accounts only: a greeting
 * task for every owned customer would bury a rep's agenda. Customers without an owner get no
 * care task (nobody would do it). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/audit_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/lunar.h"
#include "guanxi/record_store.h"
#include "app/workflow_internal.h"

struct care_row {
	int64_t id, owner;
	int lunar, key_account;
	char *code, *name, *birthday, *anniversary, *care;
};

struct care_list {
	struct care_row *v;
	size_t n, cap;
	struct gx_arena *a;
};

static char *keep(struct gx_arena *a, const char *s)
{
	return s ? gx_arena_strdup(a, s) : NULL;
}

static int collect_customer(const struct record *r, void *ctx)
{
	struct care_list *l = ctx;
	int key = (int)record_int(r, "key_account");
	if (record_is_null(r, "birthday") && record_is_null(r, "anniversary") &&
	    record_is_null(r, "care") && !key)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = gx_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (struct care_row){
		.id = r->id, .owner = record_int(r, "owner_id"), .lunar = (int)record_int(r, "birthday_lunar"),
		.key_account = key, .code = keep(l->a, record_text(r, "code")),
		.name = keep(l->a, record_text(r, "name")), .birthday = keep(l->a, record_text(r, "birthday")),
		.anniversary = keep(l->a, record_text(r, "anniversary")), .care = keep(l->a, record_text(r, "care")),
	};
	return 0;
}

struct run {
	struct app *app;
	struct gx_lunar *lunar;
	int32_t today, end;
	int year;                      /* today's Gregorian year */
	/* Lunar month/day → solar day for the lunar years beginning in year-1 … year+1, filled on
	 * first use: every lunar birthday maps to one of these 3 × 12 × 30 dates. */
	int32_t solar_of[3][12][30];
	int32_t festival[3][2];        /* [festival][year, year + 1] */
	struct remind_result *out;
	struct gx_arena *a;
};

static enum gx_err lunar_day(struct run *run, int y, int month, int day, int32_t *out,
                             struct gx_error *err)
{
	int32_t *slot = &run->solar_of[y - run->year + 1][month - 1][day - 1];
	if (!*slot) {
		struct gx_lunar_date d = {y, month, 0, day};
		enum gx_err e = gx_lunar_to_solar(run->lunar, &d, slot, err);
		if (e != GX_OK)
			return e;
	}
	*out = *slot;
	return GX_OK;
}

/* Yearly occurrences of a date of birth (or wedding) within [today, end]: the same month and
 * day (29 February → 28 February in common years), or the same lunar month and day. */
static enum gx_err occurrences(struct run *run, int32_t origin, int lunar, int32_t found[4],
                               int *nfound, struct gx_error *err)
{
	*nfound = 0;
	int y0, m0, d0, year = run->year;
	gx_date_to_ymd(origin, &y0, &m0, &d0);
	struct gx_lunar_date birth = {0};
	if (lunar) {
		enum gx_err e = gx_lunar_from_solar(run->lunar, origin, &birth, err);
		if (e != GX_OK)
			return e;
	}
	for (int y = year - 1; y <= year + 1; y++) {
		int32_t day;
		if (lunar) {
			enum gx_err e = lunar_day(run, y, birth.month, birth.day, &day, err);
			if (e != GX_OK)
				return e;
		} else {
			int dd = d0;
			if (m0 == 2 && d0 == 29 && !gx_date_is_leap_year(y))
				dd = 28;
			day = gx_date_from_ymd(y, m0, dd);
		}
		if (day >= run->today && day <= run->end && day > origin && *nfound < 4)
			found[(*nfound)++] = day;
	}
	return GX_OK;
}

static enum gx_err add_care(struct run *run, const struct care_row *c, const char *care_kind,
                            const char *key, int32_t day, const char *title, struct gx_error *err)
{
	char date[GX_DATE_FMT_SIZE];
	gx_date_format(day, date);
	struct record r;
	record_init(&r, &entity_task, run->a);
	record_set_text(&r, "title", title);
	record_set_text(&r, "kind", "care");
	record_set_text(&r, "care_kind", care_kind);
	record_set_text(&r, "entity", "customer");
	record_set_int(&r, "entity_id", c->id);
	record_set_int(&r, "assignee_id", c->owner);
	record_set_text(&r, "due_date", gx_arena_strdup(run->a, date));
	record_set_text(&r, "dedup_key", gx_arena_printf(run->a, "care:%s:%lld:%s", key, (long long)c->id, date));
	int created = 0;
	enum gx_err e = task_insert_generated(run->app, &r, run->a, &created, err);
	if (created)
		run->out->care_created++;
	else
		run->out->skipped++;
	return e;
}

static enum gx_err dated_event(struct run *run, const struct care_row *c, const char *text,
                               int lunar, const char *care_kind, const char *key,
                               const char *title_fmt, const char *who, struct gx_error *err)
{
	int32_t origin, found[4];
	int n;
	struct gx_error ignored;
	/* Bad dates were refused on input; an old bad value is skipped, not fatal to the job. */
	if (!text || gx_date_parse(text, &origin, "birthday", &ignored) != GX_OK)
		return GX_OK;
	enum gx_err e = occurrences(run, origin, lunar, found, &n, err);
	for (int i = 0; i < n && e == GX_OK; i++)
		e = add_care(run, c, care_kind, key, found[i],
		             gx_arena_printf(run->a, title_fmt, who, c->code), err);
	return e;
}

static enum gx_err children_events(struct run *run, const struct care_row *c, struct gx_error *err)
{
	json_error_t je;
	json_t *care = c->care ? json_loads(c->care, 0, &je) : NULL;
	json_t *kids = json_object_get(care, "children");
	enum gx_err e = GX_OK;
	size_t i;
	json_t *kid;
	json_array_foreach(kids, i, kid) {
		const char *name = json_string_value(json_object_get(kid, "name"));
		const char *bday = json_string_value(json_object_get(kid, "birthday"));
		int lunar = json_is_true(json_object_get(kid, "lunar"));
		const char *who = gx_arena_printf(run->a, "%s / %s", c->name, name ? name : "?");
		const char *key = gx_arena_printf(run->a, "child_birthday:%zu", i);
		if ((e = dated_event(run, c, bday, lunar, "child_birthday", key,
		                     _("Birthday of the child of %s (%s)"), who, err)))
			break;
	}
	/* The short form: solar birthdays only, without names. */
	json_t *dates = json_object_get(care, "children_birthdays");
	json_array_foreach(dates, i, kid) {
		if (e != GX_OK)
			break;
		const char *key = gx_arena_printf(run->a, "child_birthday:d%zu", i);
		e = dated_event(run, c, json_string_value(kid), 0, "child_birthday", key,
		                _("Birthday of the child of %s (%s)"), c->name, err);
	}
	json_decref(care);
	return e;
}

static enum gx_err festival_events(struct run *run, const struct care_row *c, struct gx_error *err)
{
	for (int f = GX_FESTIVAL_SPRING; f <= GX_FESTIVAL_MID_AUTUMN; f++)
		for (int y = 0; y < 2; y++) {
			int32_t day = run->festival[f][y];
			enum gx_err e;
			if (day < run->today || day > run->end)
				continue;
			const char *key = gx_arena_printf(run->a, "festival:%s", gx_festival_key(f));
			const char *title = gx_arena_printf(run->a, _("%s greeting for %s (%s)"),
			                                    gx_festival_name_zh(f), c->name, c->code);
			if ((e = add_care(run, c, "festival", key, day, title, err)))
				return e;
		}
	return GX_OK;
}

static enum gx_err care_tasks(struct run *run, struct gx_error *err)
{
	struct gx_arena keep_arena;
	gx_arena_init(&keep_arena, 65536);
	struct care_list l = {.a = &keep_arena};
	struct store_list_query q = {
		.filter = filter_cond_null(run->a, &entity_customer, "owner_id", 0),
		.deleted = STORE_LIVE,
	};
	enum gx_err e = store_record_each(run->app->store, &entity_customer, &q, collect_customer, &l, err);
	for (size_t i = 0; i < l.n && e == GX_OK; i++) {
		const struct care_row *c = &l.v[i];
		if ((e = dated_event(run, c, c->birthday, c->lunar, "birthday", "birthday",
		                     _("Birthday of %s (%s)"), c->name, err)) ||
		    (e = dated_event(run, c, c->anniversary, 0, "anniversary", "anniversary",
		                     _("Anniversary of %s (%s)"), c->name, err)) ||
		    (e = children_events(run, c, err)))
			break;
		if (c->key_account && (e = festival_events(run, c, err)))
			break;
		gx_arena_reset(run->a);
	}
	free(l.v);
	gx_arena_free(&keep_arena);
	return e;
}

struct followup_row {
	int64_t id, customer, user;
	char *at, *title;
};

struct followup_list {
	struct followup_row *v;
	size_t n, cap;
	struct gx_arena *a;
};

static int collect_followup(const struct record *r, void *ctx)
{
	struct followup_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = gx_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	const char *title = record_text(r, "followup_note");
	if (!title)
		title = record_text(r, "subject");
	l->v[l->n++] = (struct followup_row){
		.id = r->id, .customer = record_int(r, "customer_id"), .user = record_int(r, "user_id"),
		.at = keep(l->a, record_text(r, "followup_at")), .title = keep(l->a, title),
	};
	return 0;
}

static enum gx_err followup_tasks(struct run *run, struct gx_tz *tz, struct gx_error *err)
{
	struct gx_arena keep_arena;
	gx_arena_init(&keep_arena, 65536);
	struct followup_list l = {.a = &keep_arena};
	char end[GX_INSTANT_FMT_SIZE];
	gx_instant_format(gx_instant_from_local_date(run->end + 1, tz), end);
	const struct entity_def *d = &entity_interaction;
	struct store_list_query q = {
		.filter = filter_and(run->a, filter_and(run->a, filter_cond_null(run->a, d, "followup_at", 0),
		                                        filter_cond_int(run->a, d, "followup_done", FILTER_EQ, 0)),
		                     filter_cond_text(run->a, d, "followup_at", FILTER_LT, gx_arena_strdup(run->a, end))),
		.deleted = STORE_LIVE,
	};
	enum gx_err e = store_record_each(run->app->store, d, &q, collect_followup, &l, err);
	for (size_t i = 0; i < l.n && e == GX_OK; i++) {
		const struct followup_row *f = &l.v[i];
		int64_t ms, assignee = f->user;
		struct gx_error ignored;
		if (gx_instant_parse(f->at, tz, &ms, "followup_at", &ignored) != GX_OK)
			continue;
		if (!assignee) {
			struct record c;
			if ((e = store_record_get(run->app->store, &entity_customer, f->customer, run->a, &c, err)))
				break;
			assignee = record_int(&c, "owner_id");
		}
		char date[GX_DATE_FMT_SIZE];
		gx_date_format(gx_instant_local_date(ms, tz), date);
		struct record r;
		record_init(&r, &entity_task, run->a);
		record_set_text(&r, "title", f->title ? f->title
		                : gx_arena_printf(run->a, _("Follow up interaction %lld"), (long long)f->id));
		record_set_text(&r, "kind", "followup");
		record_set_text(&r, "entity", "interaction");
		record_set_int(&r, "entity_id", f->id);
		if (assignee)
			record_set_int(&r, "assignee_id", assignee);
		record_set_text(&r, "due_date", gx_arena_strdup(run->a, date));
		record_set_text(&r, "dedup_key", gx_arena_printf(run->a, "followup:interaction:%lld:%s",
		                                                 (long long)f->id, date));
		int created = 0;
		e = task_insert_generated(run->app, &r, run->a, &created, err);
		if (created)
			run->out->followups_created++;
		else
			run->out->skipped++;
		gx_arena_reset(run->a);
	}
	free(l.v);
	gx_arena_free(&keep_arena);
	return e;
}

struct due_list {
	int64_t *id, *user;
	char **title, **due;
	size_t n, cap;
	struct gx_arena *a;
};

static int collect_due(const struct record *r, void *ctx)
{
	struct due_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->id = gx_xrealloc(l->id, l->cap * sizeof *l->id);
		l->user = gx_xrealloc(l->user, l->cap * sizeof *l->user);
		l->title = gx_xrealloc(l->title, l->cap * sizeof *l->title);
		l->due = gx_xrealloc(l->due, l->cap * sizeof *l->due);
	}
	l->id[l->n] = r->id;
	l->user[l->n] = record_int(r, "assignee_id");
	l->title[l->n] = keep(l->a, record_text(r, "title"));
	l->due[l->n] = keep(l->a, record_text(r, "due_date"));
	l->n++;
	return 0;
}

static enum gx_err reminders(struct run *run, struct gx_error *err)
{
	char today[GX_DATE_FMT_SIZE];
	gx_date_format(run->today, today);
	struct gx_arena keep_arena;
	gx_arena_init(&keep_arena, 65536);
	struct due_list l = {.a = &keep_arena};
	const struct entity_def *d = &entity_task;
	struct store_list_query q = {
		.filter = filter_and(run->a, filter_and(run->a, filter_cond_text(run->a, d, "status", FILTER_EQ, "open"),
		                                        filter_cond_null(run->a, d, "assignee_id", 0)),
		                     filter_cond_text(run->a, d, "due_date", FILTER_LE, gx_arena_strdup(run->a, today))),
	};
	enum gx_err e = store_record_each(run->app->store, d, &q, collect_due, &l, err);
	for (size_t i = 0; i < l.n && e == GX_OK; i++) {
		int overdue = strcmp(l.due[i], today) < 0;
		const char *text = gx_arena_printf(run->a, overdue ? _("Overdue since %s: %s") : _("Due today (%s): %s"),
		                                   l.due[i], l.title[i]);
		const char *key = gx_arena_printf(run->a, "reminder:task:%lld:%s", (long long)l.id[i], today);
		int created = 0;
		e = app_notify_once(run->app, l.user[i], "reminder", "task", l.id[i], text, key, &created, err);
		run->out->reminders_sent += created;
		gx_arena_reset(run->a);
	}
	free(l.id);
	free(l.user);
	free(l.title);
	free(l.due);
	gx_arena_free(&keep_arena);
	return e;
}

enum gx_err app_remind_run(struct app *app, int days, struct remind_result *out,
                           struct gx_error *err)
{
	*out = (struct remind_result){0};
	if (days < 0 || days > 60)
		return gx_error_set(err, GX_EINVAL, "days", _("reminders look 0 to 60 days ahead, not %d"), days);
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	struct gx_lunar *lunar = NULL;
	struct gx_arena a;
	gx_arena_init(&a, 65536);
	struct run run = {.app = app, .out = out, .a = &a};
	if ((e = gx_lunar_open(&lunar, err)) != GX_OK)
		goto out;
	run.lunar = lunar;
	if ((e = workflow_today(app, &run.today, err)) != GX_OK)
		goto out;
	run.end = run.today + days;
	gx_date_to_ymd(run.today, &run.year, &(int){0}, &(int){0});
	for (int f = GX_FESTIVAL_SPRING; f <= GX_FESTIVAL_MID_AUTUMN; f++)
		for (int y = 0; y < 2; y++)
			if ((e = gx_festival_date(lunar, f, run.year + y, &run.festival[f][y], err)) != GX_OK)
				goto out;
	gx_date_format(run.today, out->today);
	char params[96];
	snprintf(params, sizeof params, "{\"today\":\"%s\",\"days\":%d}", out->today, days);
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	int64_t job = 0;
	if ((e = store_job_start(app->store, "remind", app->actor.user_id, params, NULL, NULL, &job, err)))
		goto fail;
	/* Inside the job, generated tasks point to it instead of each having an audit row. */
	int64_t outer_job = app->job_id;
	app->job_id = job;
	if ((e = care_tasks(&run, err)) == GX_OK && (e = followup_tasks(&run, tz, err)) == GX_OK)
		e = reminders(&run, err);
	app->job_id = outer_job;
	if (e != GX_OK)
		goto fail;
	char counts[160];
	snprintf(counts, sizeof counts,
	         "{\"care_tasks\":%lld,\"followup_tasks\":%lld,\"reminders\":%lld,\"already_done\":%lld}",
	         (long long)out->care_created, (long long)out->followups_created,
	         (long long)out->reminders_sent, (long long)out->skipped);
	if ((e = store_job_finish(app->store, job, 1, counts, NULL, err)) ||
	    (e = app_audit_simple(app, "remind", "task", 0, counts, job, err)))
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK)
		out->job_id = job;
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_lunar_free(lunar);
	gx_tz_free(tz);
	gx_arena_free(&a);
	return e;
}
