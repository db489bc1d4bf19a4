/* In-app notifications: other modules call app_notify (assignment, approval request and
 * decision, overdue ticket, reminder); users list them and mark them read or unread. A
 * notification is a message to one user, not a change of business data, so writing one is not
 * audited; marking read is the user's own bookkeeping and is not audited either. */
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/utf8.h"
#include "guanxi/workflow.h"

/* A new kind is one line here (and a label in the UI catalogue). */
const char *const notification_kinds[] = {
	"assignment", "approval_request", "approval_decision", "ticket_overdue", "reminder", NULL,
};

static int known_kind(const char *kind)
{
	for (int i = 0; notification_kinds[i]; i++)
		if (strcmp(notification_kinds[i], kind) == 0)
			return 1;
	return 0;
}

static enum gx_err check_input(struct app *app, int64_t user_id, const char *kind,
                               const char *entity, int64_t entity_id, const char *text,
                               struct gx_error *err)
{
	if (!kind || !known_kind(kind))
		return gx_error_set(err, GX_EINVAL, "kind",
		                    _("unknown notification kind \"%s\" (assignment, approval_request, approval_decision, ticket_overdue or reminder)"),
		                    kind ? kind : "");
	size_t chars = text ? gx_utf8_length(text, strlen(text)) : 0;
	if (!text || chars == 0 || chars > 1000)
		return gx_error_set(err, GX_EINVAL, "text", "%s",
		                    _("a notification needs a text of 1 to 1000 characters"));
	if (user_id <= 0)
		return gx_error_set(err, GX_EINVAL, "user_id", "%s", _("a notification needs a user"));
	int64_t found_id;
	int deleted, found = 0;
	enum gx_err e = store_record_lookup(app->store, &entity_user, NULL, NULL, user_id, &found_id,
	                                    &deleted, &found, err);
	if (e != GX_OK)
		return e;
	if (!found)
		return gx_error_set(err, GX_EINVAL, "user_id", _("no user with id %lld to notify"),
		                    (long long)user_id);
	if (entity || entity_id)
		return app_link_check_live(app, entity, entity_id, err);
	return GX_OK;
}

enum gx_err app_notify_once(struct app *app, int64_t user_id, const char *kind, const char *entity,
                            int64_t entity_id, const char *text, const char *dedup_key,
                            int *created, struct gx_error *err)
{
	if (created)
		*created = 0;
	enum gx_err e = check_input(app, user_id, kind, entity, entity_id, text, err);
	if (e != GX_OK)
		return e;
	struct gx_arena a;
	gx_arena_init(&a, 2048);
	struct record r;
	int found = 0;
	if (dedup_key && (e = store_record_find(app->store, &entity_notification, "dedup_key",
	                                        dedup_key, &a, &r, &found, err)) != GX_OK)
		goto out;
	if (found)
		goto out;
	record_init(&r, &entity_notification, &a);
	record_set_int(&r, "user_id", user_id);
	record_set_text(&r, "kind", kind);
	if (entity) {
		record_set_text(&r, "entity", entity);
		record_set_int(&r, "entity_id", entity_id);
	}
	record_set_text(&r, "text", text);
	if (dedup_key)
		record_set_text(&r, "dedup_key", dedup_key);
	e = store_record_insert(app->store, &r, err);
	if (e == GX_OK && created)
		*created = 1;
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_notify(struct app *app, int64_t user_id, const char *kind, const char *entity,
                       int64_t entity_id, const char *text, struct gx_error *err)
{
	return app_notify_once(app, user_id, kind, entity, entity_id, text, NULL, NULL, err);
}

enum gx_err app_notification_mark(struct app *app, int64_t id, int read, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 2048);
	struct record cur;
	enum gx_err e = store_record_get(app->store, &entity_notification, id, &a, &cur, err);
	if (e == GX_ENOTFOUND)
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("no notification with id %lld"), (long long)id);
	else if (e == GX_OK && record_int(&cur, "user_id") != app->actor.user_id)
		/* Someone else's notifications are not even confirmed to exist. */
		e = gx_error_set(err, GX_ENOTFOUND, "id", _("no notification with id %lld"), (long long)id);
	else if (e == GX_OK && read != record_is_null(&cur, "read_at"))
		e = gx_error_set(err, GX_ECONFLICT, "read",
		                 read ? _("notification %lld is already read") : _("notification %lld is already unread"),
		                 (long long)id);
	if (e == GX_OK) {
		struct record patch;
		record_init(&patch, &entity_notification, &a);
		patch.id = id;
		char now[32];
		gx_now_iso(now);
		if (read)
			record_set_text(&patch, "read_at", now);
		else
			record_set_null(&patch, "read_at");
		e = store_record_update(app->store, &patch, cur.version, err);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_notification_read_all(struct app *app, int64_t *count, struct gx_error *err)
{
	*count = 0;
	if (!app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("notifications belong to a user (use --user)"));
	struct gx_arena a;
	gx_arena_init(&a, 16384);
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	for (;;) {
		struct store_list_query q = {
			.filter = filter_and(&a, filter_cond_int(&a, &entity_notification, "user_id", FILTER_EQ,
			                                         app->actor.user_id),
			                     filter_cond_null(&a, &entity_notification, "read_at", 1)),
			.limit = 500,
		};
		struct store_list_result res;
		if ((e = store_record_list(app->store, &entity_notification, &q, &a, &res, err)) != GX_OK)
			break;
		for (size_t i = 0; i < res.count && e == GX_OK; i++)
			e = app_notification_mark(app, res.rows[i].id, 1, err);
		*count += (int64_t)res.count;
		/* Marked rows leave the filter: the next page is again the first one. */
		if (e != GX_OK || res.count < 500)
			break;
		gx_arena_reset(&a);
	}
	if (e == GX_OK)
		e = store_commit(app->store, err);
	else
		store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}
