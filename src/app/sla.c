/* SLA settings, the holiday table and its CSV import (see include/guanxi/sla.h). */
#include "guanxi/sla.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guanxi/audit_store.h"
#include "guanxi/entity_service.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/table.h"

static const int default_minutes[SLA_NSEVERITIES] = {40 * 60, 16 * 60, 8 * 60, 4 * 60};

int sla_severity_index(const char *severity)
{
	for (int i = 0; severity && ticket_severities[i]; i++)
		if (strcmp(severity, ticket_severities[i]) == 0)
			return i;
	return -1;
}

int sla_default_minutes(int severity_index)
{
	return severity_index >= 0 && severity_index < SLA_NSEVERITIES ? default_minutes[severity_index] : 0;
}

struct load_ctx {
	struct workcal_exception *ex;
	size_t n, cap;
};

static int collect_day(const struct record *r, void *ctx)
{
	struct load_ctx *c = ctx;
	int32_t day;
	if (gx_date_parse(record_text(r, "day"), &day, "day", NULL) != GX_OK)
		return 0;   /* the store only holds dates that parsed on the way in */
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->ex = gx_xrealloc(c->ex, c->cap * sizeof *c->ex);
	}
	c->ex[c->n++] = (struct workcal_exception){day, strcmp(record_text(r, "kind"), "workday") == 0
	                                                    ? WORKCAL_WORKDAY : WORKCAL_HOLIDAY};
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const struct workcal_exception *x = a, *y = b;
	return (x->date > y->date) - (x->date < y->date);
}

enum gx_err app_sla_load(struct app *app, struct sla_config *c, struct gx_error *err)
{
	memset(c, 0, sizeof *c);
	char buf[WORKCAL_WEEK_TEXT_SIZE];
	int found = 0;
	enum gx_err e = GX_OK;
	for (int i = 0; i < SLA_NSEVERITIES && e == GX_OK; i++) {
		char key[48];
		snprintf(key, sizeof key, "sla_minutes_%s", ticket_severities[i]);
		c->minutes[i] = default_minutes[i];
		if ((e = store_setting_get(app->store, key, buf, sizeof buf, &found, err)) == GX_OK && found)
			c->minutes[i] = atoi(buf);
	}
	workcal_week_default(&c->cal.week);
	if (e == GX_OK && (e = store_setting_get(app->store, "work_week", buf, sizeof buf, &found, err)) == GX_OK &&
	    found)
		e = workcal_week_parse(buf, &c->cal.week, err);
	struct gx_tz *tz = NULL;
	if (e == GX_OK && (e = gx_tz_open(app->settings.timezone, &tz, err)) == GX_OK)
		c->cal.tz = tz;
	struct load_ctx lc = {0};
	struct store_list_query q = {.deleted = STORE_ANY};
	if (e == GX_OK)
		e = store_record_each(app->store, &entity_calendar_day, &q, collect_day, &lc, err);
	if (lc.n)
		qsort(lc.ex, lc.n, sizeof *lc.ex, by_date);
	c->cal.ex = lc.ex;
	c->cal.nex = lc.n;
	if (e != GX_OK)
		sla_config_free(c);
	return e;
}

void sla_config_free(struct sla_config *c)
{
	gx_tz_free((struct gx_tz *)c->cal.tz);
	free((void *)c->cal.ex);
	memset(c, 0, sizeof *c);
}

enum gx_err sla_due(const struct sla_config *c, const char *severity, int64_t from_ms, int64_t *due_ms,
                    int *minutes, struct gx_error *err)
{
	int i = sla_severity_index(severity);
	if (i < 0)
		return gx_error_set(err, GX_EINVAL, "severity", _("unknown severity \"%s\" (low, medium, high, critical)"),
		                    severity ? severity : "");
	*minutes = c->minutes[i];
	enum gx_err e = workcal_add_minutes(&c->cal, from_ms, c->minutes[i], due_ms, err);
	if (e == GX_OK)
		*due_ms -= *due_ms % 1000;
	return e;
}

static enum gx_err set_audited(struct app *app, const char *key, const char *value, struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	char changes[512];
	snprintf(changes, sizeof changes, "{\"key\":\"%s\",\"value\":\"%s\"}", key, value);
	if ((e = store_setting_set(app->store, key, value, err)) != GX_OK ||
	    (e = app_audit_simple(app, "setting", "setting", 0, changes, 0, err)) != GX_OK) {
		store_rollback(app->store);
		return e;
	}
	return store_commit(app->store, err);
}

enum gx_err app_sla_set_hours(struct app *app, const char *severity, const char *hours, struct gx_error *err)
{
	if (sla_severity_index(severity) < 0)
		return gx_error_set(err, GX_EINVAL, "severity", _("unknown severity \"%s\" (low, medium, high, critical)"),
		                    severity ? severity : "");
	char *end = NULL;
	double h = hours && *hours ? strtod(hours, &end) : NAN;
	double m = h * 60.0;
	if (!end || *end || !isfinite(h) || m < 1.0 - 1e-9 || h > 10000.0 || fabs(m - round(m)) > 1e-6)
		return gx_error_set(err, GX_EINVAL, "hours",
		                    _("SLA hours for %s: \"%s\" must be a number of working hours in whole minutes, from 1 minute (0.0167) to 10000, e.g. 8 or 1.5"),
		                    severity, hours ? hours : "");
	char key[48], value[24];
	snprintf(key, sizeof key, "sla_minutes_%s", severity);
	snprintf(value, sizeof value, "%lld", (long long)llround(m));
	return set_audited(app, key, value, err);
}

enum gx_err app_sla_set_week(struct app *app, const char *text, struct gx_error *err)
{
	struct workcal_week w;
	workcal_week_default(&w);
	enum gx_err e = workcal_week_parse(text, &w, err);
	if (e != GX_OK)
		return e;
	char canon[WORKCAL_WEEK_TEXT_SIZE];
	workcal_week_format(&w, canon);
	return set_audited(app, "work_week", canon, err);
}

/* --- the holiday table --------------------------------------------------------------------- */

static const char *kind_from_text(const char *t)
{
	static const char *const holiday[] = {"holiday", "休", "假", "节假日", "放假", "休息", NULL};
	static const char *const workday[] = {"workday", "班", "补班", "调休上班", "上班", "工作日", NULL};
	for (int i = 0; holiday[i]; i++)
		if (strcasecmp(t, holiday[i]) == 0)
			return "holiday";
	for (int i = 0; workday[i]; i++)
		if (strcasecmp(t, workday[i]) == 0)
			return "workday";
	return NULL;
}

/* Validates one entry into r (fields day, kind, name). */
static enum gx_err calendar_record(struct app *app, const char *day, const char *kind, const char *name,
                                   struct gx_arena *a, struct record *r, struct gx_error *err)
{
	record_init(r, &entity_calendar_day, a);
	int32_t d;
	enum gx_err e = gx_date_parse_lenient(day ? day : "", &d, "day", err);
	if (e != GX_OK)
		return e;
	const char *k = kind ? kind_from_text(kind) : NULL;
	if (!k)
		return gx_error_set(err, GX_EINVAL, "kind",
		                    _("kind \"%s\" is neither holiday (休) nor workday (班, a make-up workday)"),
		                    kind ? kind : "");
	char buf[GX_DATE_FMT_SIZE];
	record_set_text(r, "day", gx_arena_strdup(a, gx_date_format(d, buf)));
	record_set_text(r, "kind", k);
	if (name && *name)
		e = app_field_set_text(app, r, "name", name, a, err);
	return e;
}

/* Inserts or replaces; *created tells which. Inside the caller's transaction. */
static enum gx_err calendar_put(struct app *app, struct record *r, struct gx_arena *a, int *created,
                                struct gx_error *err)
{
	struct record old;
	int found = 0;
	enum gx_err e = store_record_find(app->store, &entity_calendar_day, "day", record_text(r, "day"), a, &old,
	                                  &found, err);
	if (e != GX_OK)
		return e;
	*created = !found;
	if (!found)
		return store_record_insert(app->store, r, err);
	r->id = old.id;
	r->set[entity_field_index(r->def, "name")] = 1;
	return store_record_update(app->store, r, 0, err);
}

enum gx_err app_calendar_set(struct app *app, const char *day, const char *kind, const char *name,
                             struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record r;
	int created = 0;
	enum gx_err e = calendar_record(app, day, kind, name, &a, &r, err);
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		if ((e = calendar_put(app, &r, &a, &created, err)) == GX_OK &&
		    (e = app_audit_change(app, created ? "create" : "update", NULL, &r, 0, err)) == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_calendar_remove(struct app *app, const char *day, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	int32_t d;
	char buf[GX_DATE_FMT_SIZE];
	struct record old;
	int found = 0;
	enum gx_err e = gx_date_parse_lenient(day ? day : "", &d, "day", err);
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		e = store_record_find(app->store, &entity_calendar_day, "day", gx_date_format(d, buf), &a, &old, &found, err);
		if (e == GX_OK && !found)
			e = gx_error_set(err, GX_ENOTFOUND, "day", _("%s is not in the holiday table"), buf);
		if (e == GX_OK && (e = store_record_purge(app->store, &entity_calendar_day, old.id, err)) == GX_OK &&
		    (e = app_audit_change(app, "delete", &old, NULL, 0, err)) == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	gx_arena_free(&a);
	return e;
}

/* Column of the header naming one of the names, or -1. */
static int header_column(const struct gx_table_row *h, const char *const *names)
{
	for (size_t c = 0; c < h->ncells; c++)
		for (int i = 0; names[i]; i++)
			if (strcasecmp(h->cells[c], names[i]) == 0)
				return (int)c;
	return -1;
}

static const char *cell(const struct gx_table_row *row, int col)
{
	return col >= 0 && (size_t)col < row->ncells ? row->cells[col] : "";
}

enum gx_err app_calendar_import(struct app *app, const char *path, struct calendar_import_result *res,
                                struct gx_error *err)
{
	static const char *const day_names[] = {"day", "date", "日期", NULL};
	static const char *const kind_names[] = {"kind", "type", "类型", NULL};
	static const char *const name_names[] = {"name", "名称", "节日", NULL};
	memset(res, 0, sizeof *res);
	struct gx_table_read_opts opts = {0};
	struct gx_table_reader *rd = NULL;
	enum gx_err e = gx_table_reader_open(path, &opts, &rd, err);
	if (e != GX_OK)
		return e;
	const struct gx_table_row *h = gx_table_reader_header(rd);
	int cd = header_column(h, day_names), ck = header_column(h, kind_names), cn = header_column(h, name_names);
	if (cd < 0 || ck < 0) {
		gx_table_reader_close(rd);
		return gx_error_set(err, GX_EINVAL, cd < 0 ? "day" : "kind",
		                    _("%s: the first row must name the columns date (日期) and kind (类型), and may name name (名称)"),
		                    path);
	}
	struct gx_arena a;
	gx_arena_init(&a, 0);
	int64_t job = 0;
	/* The job row is inside the transaction too: a refused file leaves no trace at all. */
	if ((e = store_begin(app->store, err)) != GX_OK ||
	    (e = store_job_start(app->store, "calendar_import", app->actor.user_id, NULL, path, NULL, &job, err)) != GX_OK) {
		if (store_in_transaction(app->store))
			store_rollback(app->store);
		gx_arena_free(&a);
		gx_table_reader_close(rd);
		return e;
	}
	const struct gx_table_row *row;
	for (;;) {
		struct gx_error rerr;
		gx_error_clear(&rerr);
		e = gx_table_reader_next(rd, &row, &rerr);
		if (e != GX_OK && !row) {
			*err = rerr;
			break;
		}
		e = GX_OK;
		if (!row)
			break;
		if (row->status != GX_OK) {
			*err = row->error;
			e = row->status;
			break;
		}
		if (!*cell(row, cd) && !*cell(row, ck))
			continue;   /* a blank line */
		gx_arena_reset(&a);
		struct record r;
		int created = 0;
		if ((e = calendar_record(app, cell(row, cd), cell(row, ck), cell(row, cn), &a, &r, err)) != GX_OK) {
			int col = strcmp(err->field, "kind") == 0 ? ck : strcmp(err->field, "name") == 0 ? cn : cd;
			gx_error_prefix(err, _("line %zu, column %d: "), row->line, col + 1);
			break;
		}
		if ((e = calendar_put(app, &r, &a, &created, err)) != GX_OK)
			break;
		res->rows++;
		if (created)
			res->created++;
		else
			res->updated++;
	}
	char counts[128];
	snprintf(counts, sizeof counts, "{\"rows\":%zu,\"created\":%zu,\"updated\":%zu}", res->rows, res->created,
	         res->updated);
	if (e == GX_OK && (e = store_job_finish(app->store, job, 1, counts, NULL, err)) == GX_OK)
		e = app_audit_simple(app, "import", "calendar_day", 0, counts, job, err);
	if (e == GX_OK)
		e = store_commit(app->store, err);
	else
		store_rollback(app->store);
	if (e != GX_OK)
		memset(res, 0, sizeof *res);
	gx_arena_free(&a);
	gx_table_reader_close(rd);
	return e;
}
