/* Tasks (follow-ups, to-dos, care tasks) and their state machine:
 *
 *     open --complete--> done       open --cancel--> cancelled
 *     done --reopen----> open       cancelled --reopen--> open
 *
 * Every other move is refused with GX_ECONFLICT and changes nothing. A task links to any live
 * record by entity name + id (app_link_check), so opportunities and tickets need nothing new
 * here. Creating, changing and moving a task are audited; assigning it to someone else
 * notifies them. */
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/workflow.h"
#include "app/workflow_internal.h"

static int is_manager(const struct app *app)
{
	return app->actor.user_id == 0 || strcmp(app->actor.role, "admin") == 0 ||
	       strcmp(app->actor.role, "manager") == 0;
}

static enum gx_err link_check(struct app *app, const char *entity, int64_t entity_id, int scoped,
                              struct gx_error *err)
{
	if (!entity || !*entity || entity_id <= 0)
		return gx_error_set(err, GX_EINVAL, "entity",
		                    "%s", _("a link needs both an entity name and a record id"));
	const struct entity_def *def = entity_by_name(entity);
	if (!def)
		return gx_error_set(err, GX_EINVAL, "entity", _("unknown entity \"%s\""), entity);
	int64_t id;
	int deleted = 0, found = 0;
	enum gx_err e = store_record_lookup(app->store, def, NULL, NULL, entity_id, &id, &deleted,
	                                    &found, err);
	if (e != GX_OK)
		return e;
	if (scoped && found && !deleted) {   /* the caller may link only to what the caller may see */
		struct gx_arena a;
		gx_arena_init(&a, 4096);
		struct record r;
		e = store_record_get(app->store, def, entity_id, &a, &r, err);
		gx_arena_free(&a);
		if (e != GX_OK && e != GX_ENOTFOUND)
			return e;
		found = e == GX_OK;
	}
	/* A record out of the caller's row scope answers exactly like one that does not exist. */
	if (!found || deleted)
		return gx_error_set(err, GX_ENOTFOUND, "entity_id", _("no live %s with id %lld"), entity,
		                    (long long)entity_id);
	return GX_OK;
}

enum gx_err app_link_check(struct app *app, const char *entity, int64_t entity_id,
                           struct gx_error *err)
{
	return link_check(app, entity, entity_id, 1, err);
}

enum gx_err app_link_check_live(struct app *app, const char *entity, int64_t entity_id,
                                struct gx_error *err)
{
	return link_check(app, entity, entity_id, 0, err);
}

static enum gx_err check_assignee(struct app *app, const struct record *r, struct gx_arena *a,
                                  struct gx_error *err)
{
	if (record_is_null(r, "assignee_id"))
		return GX_OK;
	struct record u;
	enum gx_err e = store_record_get(app->store, &entity_user, record_int(r, "assignee_id"), a, &u, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_EINVAL, "assignee_id", "%s", _("the assignee does not exist"));
	if (e == GX_OK && !record_int(&u, "active"))
		return gx_error_set(err, GX_EINVAL, "assignee_id", _("user %s is disabled"),
		                    record_text(&u, "username"));
	return e;
}

static enum gx_err notify_assignee(struct app *app, const struct record *task, struct gx_arena *a,
                                   struct gx_error *err)
{
	int64_t to = record_int(task, "assignee_id");
	if (!to || to == app->actor.user_id)
		return GX_OK;
	const char *text = gx_arena_printf(a, _("New task for you: %s (due %s)"),
	                                   record_text(task, "title"), record_text(task, "due_date"));
	return app_notify(app, to, "assignment", "task", task->id, text, err);
}

/* Inserts a prepared task (inside the caller's transaction): defaults, checks, audit, and
 * the assignee's notification unless quiet. */
static enum gx_err task_insert_as(struct app *app, struct record *r, int quiet, struct gx_arena *a,
                                  struct gx_error *err)
{
	if (record_is_null(r, "kind"))
		record_set_text(r, "kind", "todo");
	if (record_is_null(r, "priority"))
		record_set_text(r, "priority", "normal");
	record_set_text(r, "status", "open");
	if (app->actor.user_id)
		record_set_int(r, "created_by", app->actor.user_id);
	enum gx_err e = app_record_check_required(r, err);
	if (e != GX_OK)
		return e;
	int has_entity = !record_is_null(r, "entity"), has_id = !record_is_null(r, "entity_id");
	if (has_entity || has_id) {
		if (!has_entity || !has_id)
			return gx_error_set(err, GX_EINVAL, has_entity ? "entity_id" : "entity", "%s",
			                    _("a link needs both an entity name and a record id"));
		if ((e = app_link_check(app, record_text(r, "entity"), record_int(r, "entity_id"), err)))
			return e;
	}
	if ((e = check_assignee(app, r, a, err)) != GX_OK)
		return e;
	r->id = 0;
	if ((e = store_record_insert(app->store, r, err)) != GX_OK)
		return e;
	if ((e = app_audit_change(app, "create", NULL, r, 0, err)) != GX_OK)
		return e;
	return quiet ? GX_OK : notify_assignee(app, r, a, err);
}

static enum gx_err task_insert(struct app *app, struct record *r, struct gx_arena *a,
                               struct gx_error *err)
{
	return task_insert_as(app, r, 0, a, err);
}

enum gx_err task_insert_generated(struct app *app, struct record *r, struct gx_arena *a,
                                  int *created, struct gx_error *err)
{
	*created = 0;
	struct record old;
	int found = 0;
	enum gx_err e = store_record_find(app->store, &entity_task, "dedup_key",
	                                  record_text(r, "dedup_key"), a, &old, &found, err);
	if (e != GX_OK || found)
		return e;
	if ((e = task_insert_as(app, r, 1, a, err)) == GX_OK)
		*created = 1;
	return e;
}

enum gx_err app_task_create(struct app *app, struct record *r, struct gx_arena *a,
                            struct gx_error *err)
{
	if (record_is_null(r, "assignee_id") && app->actor.user_id)
		record_set_int(r, "assignee_id", app->actor.user_id);
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	if ((e = task_insert(app, r, a, err)) != GX_OK) {
		store_rollback(app->store);
		return e;
	}
	return store_commit(app->store, err);
}

static enum gx_err load_task(struct app *app, int64_t id, struct gx_arena *a, struct record *r,
                             struct gx_error *err)
{
	enum gx_err e = store_record_get(app->store, &entity_task, id, a, r, err);
	if (e == GX_ENOTFOUND)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("no task with id %lld"), (long long)id);
	return e;
}

static enum gx_err check_may_change(struct app *app, const struct record *t, struct gx_error *err)
{
	int64_t me = app->actor.user_id;
	if (is_manager(app) || me == record_int(t, "assignee_id") || me == record_int(t, "created_by"))
		return GX_OK;
	return gx_error_set(err, GX_EFORBIDDEN, NULL, _("task %lld belongs to someone else: only its assignee, its creator, a manager or an admin can change it"),
	                    (long long)t->id);
}

enum gx_err app_task_update(struct app *app, struct record *patch, int64_t expected_version,
                            struct gx_arena *a, struct gx_error *err)
{
	static const char *const fixed[] = {"entity", "entity_id", "kind", NULL};
	for (int i = 0; fixed[i]; i++)
		if (patch->set[entity_field_index(&entity_task, fixed[i])])
			return gx_error_set(err, GX_EINVAL, fixed[i], _("%s of a task cannot change; create another task"),
			                    field_label(entity_field(&entity_task, fixed[i])));
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	if ((e = load_task(app, patch->id, a, &before, err)) || (e = check_may_change(app, &before, err)))
		goto fail;
	if (strcmp(record_text(&before, "status"), "open") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("task %lld is %s; reopen it before changing it"),
		                 (long long)before.id, record_text(&before, "status"));
		goto fail;
	}
	record_init(&after, &entity_task, a);
	after.id = before.id;
	after.version = before.version;
	for (size_t i = 0; i < entity_task.nfields; i++) {
		after.v[i] = patch->set[i] ? patch->v[i] : before.v[i];
		after.set[i] = patch->set[i];
	}
	if ((e = app_record_check_required(&after, err)) || (e = check_assignee(app, &after, a, err)) ||
	    (e = store_record_update(app->store, &after, expected_version, err)) ||
	    (e = app_audit_change(app, "update", &before, &after, 0, err)))
		goto fail;
	if (record_int(&after, "assignee_id") != record_int(&before, "assignee_id") &&
	    (e = notify_assignee(app, &after, a, err)))
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK)
		patch->version = after.version;
	return e;
fail:
	store_rollback(app->store);
	return e;
}

/* One row of the state machine: from which state an action leads where. */
static const struct {
	const char *action, *from, *to;
} task_moves[] = {
	{"complete", "open", "done"},
	{"cancel", "open", "cancelled"},
	{"reopen", "done", "open"},
	{"reopen", "cancelled", "open"},
};

enum gx_err app_task_transition(struct app *app, int64_t id, const char *action,
                                struct gx_error *err)
{
	int known = 0;
	for (size_t i = 0; i < sizeof task_moves / sizeof task_moves[0]; i++)
		known |= strcmp(task_moves[i].action, action) == 0;
	if (!known)
		return gx_error_set(err, GX_EINVAL, "action", _("unknown task action \"%s\" (complete, cancel or reopen)"),
		                    action);
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record before, after;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = load_task(app, id, &a, &before, err)) || (e = check_may_change(app, &before, err)))
		goto fail;
	const char *from = record_text(&before, "status"), *to = NULL;
	for (size_t i = 0; i < sizeof task_moves / sizeof task_moves[0]; i++)
		if (strcmp(task_moves[i].action, action) == 0 && strcmp(task_moves[i].from, from) == 0)
			to = task_moves[i].to;
	if (!to) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("task %lld is %s: it cannot be %s"),
		                 (long long)id, from,
		                 strcmp(action, "complete") == 0 ? _("completed")
		                 : strcmp(action, "cancel") == 0 ? _("cancelled") : _("reopened"));
		goto fail;
	}
	record_init(&after, &entity_task, &a);
	after.id = id;
	record_set_text(&after, "status", to);
	if (strcmp(to, "done") == 0) {
		char now[32];
		gx_now_iso(now);
		record_set_text(&after, "done_at", gx_arena_strdup(&a, now));
		if (app->actor.user_id)
			record_set_int(&after, "done_by", app->actor.user_id);
		else
			record_set_null(&after, "done_by");
	} else {
		record_set_null(&after, "done_at");
		record_set_null(&after, "done_by");
	}
	if ((e = store_record_update(app->store, &after, before.version, err)) ||
	    (e = app_audit_change(app, action, &before, &after, 0, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_task_followup(struct app *app, const char *entity, int64_t entity_id,
                              int64_t assignee_id, const char *due_date, const char *title,
                              int64_t *task_id, int *created, struct gx_error *err)
{
	*task_id = 0;
	if (created)
		*created = 0;
	int32_t day;
	enum gx_err e = gx_date_parse(due_date ? due_date : "", &day, "due_date", err);
	if (e != GX_OK)
		return e;
	if (!title || !*title)
		return gx_error_set(err, GX_EINVAL, "title", "%s", _("a follow-up task needs a title"));
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	const char *key = gx_arena_printf(&a, "followup:%s:%lld:%s", entity ? entity : "",
	                                  (long long)entity_id, due_date);
	struct record r;
	int found = 0;
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	if ((e = store_record_find(app->store, &entity_task, "dedup_key", key, &a, &r, &found, err)))
		goto fail;
	if (found) {
		*task_id = r.id;
		e = store_commit(app->store, err);
		goto out;
	}
	record_init(&r, &entity_task, &a);
	record_set_text(&r, "title", title);
	record_set_text(&r, "kind", "followup");
	record_set_text(&r, "entity", entity ? entity : "");
	record_set_int(&r, "entity_id", entity_id);
	record_set_text(&r, "due_date", due_date);
	record_set_text(&r, "dedup_key", key);
	if (assignee_id)
		record_set_int(&r, "assignee_id", assignee_id);
	if ((e = task_insert(app, &r, &a, err)) != GX_OK)
		goto fail;
	*task_id = r.id;
	if (created)
		*created = 1;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_tasks_unassign(struct app *app, const char *entity, int64_t entity_id,
                               int64_t job_id, int64_t *count, struct gx_error *err)
{
	if (count)
		*count = 0;
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	const struct entity_def *d = &entity_task;
	struct store_list_query q = {
		.filter = filter_and(&a, filter_and(&a, filter_cond_text(&a, d, "entity", FILTER_EQ, entity),
		                                    filter_cond_int(&a, d, "entity_id", FILTER_EQ, entity_id)),
		                     filter_and(&a, filter_cond_text(&a, d, "status", FILTER_EQ, "open"),
		                                filter_cond_null(&a, d, "assignee_id", 0))),
		.limit = 1000,
	};
	struct store_list_result res;
	enum gx_err e = store_record_list(app->store, d, &q, &a, &res, err);
	for (size_t i = 0; e == GX_OK && i < res.count; i++) {
		struct record after;
		record_init(&after, d, &a);
		after.id = res.rows[i].id;
		record_set_null(&after, "assignee_id");
		if ((e = store_record_update(app->store, &after, 0, err)) == GX_OK && !job_id)
			e = app_audit_change(app, "update", &res.rows[i], &after, 0, err);
	}
	if (e == GX_OK && count)
		*count = (int64_t)res.count;
	gx_arena_free(&a);
	return e;
}
