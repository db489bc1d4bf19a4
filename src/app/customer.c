/* Customer files: the rules around creating, changing, deleting and merging customers. The
 * field-level validation is in app/fields.c; this file adds what spans fields or records:
 * generated codes, duplicate detection, ownership defaults, side tables, search index, audit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/access.h"
#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static const char *dup_reason_name(enum dup_reason r)
{
	switch (r) {
	case DUP_PHONE: return _("phone");
	case DUP_EMAIL: return _("e-mail");
	case DUP_USCC: return _("unified social credit code");
	case DUP_NAME: return _("name");
	}
	return "";
}

/* Which of the matches the caller's row scope shows (visible[i], in the arena). */
static enum gx_err dups_visible(struct app *app, const struct customer_dups *d, struct gx_arena *a,
                                unsigned char **visible, struct gx_error *err)
{
	*visible = gx_arena_calloc(a, d->n ? d->n : 1, 1);
	int64_t *ids = gx_arena_calloc(a, d->n ? d->n : 1, sizeof *ids);
	for (size_t i = 0; i < d->n; i++)
		ids[i] = d->items[i].id;
	return d->n ? store_record_visible(app->store, &entity_customer, ids, d->n, *visible, err) : GX_OK;
}

/* Same-name hints, which never block, read before the create's transaction: inside it, on
 * PostgreSQL, they were serializable reads of the name index (and of the namesakes' rows) next
 * to where other creates insert, and made concurrent creates of common names fail each other
 * for a hint that needs no such guarantee. Hints about customers the user may not see go. */
static enum gx_err name_hints(struct app *app, const struct record *r, struct gx_arena *a,
                              struct customer_dups *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	const char *name_norm = record_text(r, "name_norm");
	if (!name_norm || !*name_norm)
		return GX_OK;
	const char *phones[2] = {NULL, NULL};
	enum gx_err e = store_customer_duplicates(app->store, r->id, phones, 2, NULL, NULL, name_norm, a,
	                                          &out->items, &out->n, err);
	if (e != GX_OK)
		return e;
	unsigned char *visible;
	if ((e = dups_visible(app, out, a, &visible, err)) != GX_OK)
		return e;
	size_t w = 0;
	for (size_t i = 0; i < out->n; i++)
		if (visible[i])
			out->items[w++] = out->items[i];
	out->n = w;
	return GX_OK;
}

/* keys (may be NULL): an importer's set of stored keys; when it has none of the record's
 * keys there is nothing to find. dups NULL: the caller has no use for same-name hints, which
 * never block, so they are not looked up (a common name has thousands of namesakes). names:
 * hints name_hints found before the transaction, added after the blocking matches (NULL: look
 * them up here). */
static enum gx_err check_duplicates(struct app *app, const struct record *r, int force,
                                    const struct customer_keys *keys, struct gx_arena *a,
                                    struct customer_dups *dups, const struct customer_dups *names,
                                    struct gx_error *err)
{
	const char *phones[2] = {record_text(r, "phone_norm"), record_text(r, "mobile_norm")};
	const char *name_norm = dups && !names ? record_text(r, "name_norm") : NULL;
	struct customer_dups local;
	if (!dups)
		dups = &local;
	memset(dups, 0, sizeof *dups);
	if (keys && !name_norm && !customer_keys_may_have(keys, CUSTOMER_KEY_PHONE, phones[0]) &&
	    !customer_keys_may_have(keys, CUSTOMER_KEY_PHONE, phones[1]) &&
	    !customer_keys_may_have(keys, CUSTOMER_KEY_EMAIL, record_text(r, "email_norm")) &&
	    !customer_keys_may_have(keys, CUSTOMER_KEY_USCC, record_text(r, "uscc")))
		return GX_OK;
	enum gx_err e = store_customer_duplicates(app->store, r->id, phones, 2, record_text(r, "email_norm"),
	                                          record_text(r, "uscc"), name_norm, a,
	                                          &dups->items, &dups->n, err);
	if (e != GX_OK)
		return e;
	/* Leak control: a match the user may not see still blocks, but says nothing of whose it
	 * is; a same-name hint about it is dropped. */
	unsigned char *seen;
	if ((e = dups_visible(app, dups, a, &seen, err)) != GX_OK)
		return e;
	size_t w = 0;
	for (size_t i = 0; i < dups->n; i++) {
		int visible = seen[i];
		if (!visible && dups->items[i].reason == DUP_NAME)
			continue;
		dups->items[w] = dups->items[i];
		if (!visible)
			dups->items[w].code = dups->items[w].name = NULL;
		w++;
	}
	dups->n = w;
	if (names && names->n) {
		struct customer_dup *all = gx_arena_calloc(a, dups->n + names->n, sizeof *all);
		if (dups->n)
			memcpy(all, dups->items, dups->n * sizeof *all);
		memcpy(all + dups->n, names->items, names->n * sizeof *all);
		dups->items = all;
		dups->n += names->n;
	}
	for (size_t i = 0; i < dups->n; i++) {
		if (dups->items[i].reason == DUP_NAME)
			continue;
		dups->blocking = 1;
		const char *field = dups->items[i].reason == DUP_PHONE ? "phone"
		                  : dups->items[i].reason == DUP_EMAIL ? "email" : "uscc";
		if (!force && !dups->items[i].code)
			return gx_error_set(err, GX_ECONFLICT, field,
			                    _("possible duplicate: a customer you cannot see has the same %s; ask a manager, or use force to create anyway"),
			                    dup_reason_name(dups->items[i].reason));
		if (!force) {
			return gx_error_set(err, GX_ECONFLICT, field,
			                    _("possible duplicate: customer %s (%s) has the same %s; use force to create anyway, or merge"),
			                    dups->items[i].code, dups->items[i].name,
			                    dup_reason_name(dups->items[i].reason));
		}
	}
	return GX_OK;
}

/* Splits "a;b；c" into trimmed, non-empty parts. */
static size_t split_list(const char *s, struct gx_arena *a, const char ***out)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ';';
	const char **parts = gx_arena_calloc(a, cap + 8, sizeof *parts);
	size_t n = 0;
	char *copy = gx_arena_strdup(a, s);
	for (char *tok = copy; tok;) {
		char *semi = strchr(tok, ';');
		if (semi)
			*semi = '\0';
		while (*tok == ' ')
			tok++;
		size_t len = strlen(tok);
		while (len && tok[len - 1] == ' ')
			tok[--len] = '\0';
		if (len && n < cap + 8)
			parts[n++] = tok;
		tok = semi ? semi + 1 : NULL;
	}
	*out = parts;
	return n;
}

static enum gx_err save_side_tables(struct app *app, const struct record *r, struct gx_arena *a,
                                    struct gx_error *err)
{
	enum gx_err e = GX_OK;
	int ri = entity_field_index(r->def, "roles"), ti = entity_field_index(r->def, "tags");
	if (r->set[ri]) {
		const char **parts = NULL;
		size_t n = r->v[ri].is_null ? 0 : split_list(r->v[ri].s, a, &parts);
		e = store_customer_set_roles(app->store, r->id, parts, n, err);
	}
	if (e == GX_OK && r->set[ti]) {
		const char **parts = NULL;
		size_t n = r->v[ti].is_null ? 0 : split_list(r->v[ti].s, a, &parts);
		e = store_customer_set_tags(app->store, r->id, parts, n, err);
	}
	return e;
}

/* Inserts a customer without a code under the code of its new id, C + 8 digits. The id comes
 * from the store (a sequence on PostgreSQL), and the code is not looked up before: that read
 * (like the former MAX(id)) touched the key range every concurrent create writes, and made
 * serializable creates fail in pairs. The unique index says instead when a user took the code
 * by hand: the insert runs in a savepoint, and a conflict that is the code moves on to the next
 * id. An import's in-memory key set (keys) still skips codes it knows are taken. */
static enum gx_err insert_with_code(struct app *app, struct record *in, const struct customer_keys *keys,
                                    struct gx_arena *a, struct gx_error *err)
{
	int64_t prev = 0;
	for (int tries = 0; tries < 10000; tries++) {
		int64_t id = 0, used_by = 0;
		int found = 0, deleted = 0;
		enum gx_err e = store_record_next_id(app->store, &entity_customer, &id, err);
		if (e != GX_OK)
			return e;
		if (id <= prev)   /* MAX(id) + 1 does not move while the taken code is not inserted */
			id = prev + 1;
		prev = id;
		const char *c = gx_arena_printf(a, "C%08lld", (long long)id);
		record_set_text(in, "code", c);
		if (keys && customer_keys_may_have(keys, CUSTOMER_KEY_CODE, c)) {
			if ((e = store_record_lookup(app->store, &entity_customer, "code", c, 0, &used_by,
			                             &deleted, &found, err)) != GX_OK)
				return e;
			if (found)
				continue;
		}
		in->id = id;
		if ((e = store_begin(app->store, err)) != GX_OK)
			return e;
		if ((e = store_record_insert_with_id(app->store, in, err)) == GX_OK)
			return store_commit(app->store, err);
		store_rollback(app->store);
		if (e != GX_ECONFLICT)
			return e;
		struct gx_error lookup_err;
		gx_error_clear(&lookup_err);
		if (store_record_lookup(app->store, &entity_customer, "code", c, 0, &used_by, &deleted,
		                        &found, &lookup_err) != GX_OK || !found)
			return e;   /* not the code: the insert's own error stands */
		gx_error_clear(err);
	}
	return gx_error_set(err, GX_EINTERNAL, "code", "%s", _("no free customer code found"));
}

/* Defaults that depend on who acts: a sales rep's new customer is theirs. */
static enum gx_err apply_owner_defaults(struct app *app, struct record *r, struct gx_arena *a,
                                        struct gx_error *err)
{
	if (record_is_null(r, "owner_id") && app->actor.user_id &&
	    strcmp(app->actor.role, "sales") == 0)
		record_set_int(r, "owner_id", app->actor.user_id);
	int64_t owner = record_int(r, "owner_id");
	if (owner) {
		char now[32];
		gx_now_iso(now);
		record_set_text(r, "owner_since", gx_arena_strdup(a, now));
		if (record_is_null(r, "department_id") || record_is_null(r, "team_id")) {
			struct record u;
			enum gx_err e = store_record_get(app->store, &entity_user, owner, a, &u, err);
			if (e != GX_OK)
				return gx_error_set(err, GX_EINVAL, "owner_id", _("owner %lld is not a user"),
				                    (long long)owner);
			if (record_is_null(r, "department_id") && !record_is_null(&u, "department_id"))
				record_set_int(r, "department_id", record_int(&u, "department_id"));
			if (record_is_null(r, "team_id") && !record_is_null(&u, "team_id"))
				record_set_int(r, "team_id", record_int(&u, "team_id"));
		}
	}
	return GX_OK;
}

static enum gx_err create(struct app *app, struct record *in, int force, struct customer_keys *keys,
                          struct gx_arena *a, struct customer_dups *dups, struct gx_error *err)
{
	if (dups)
		memset(dups, 0, sizeof *dups);
	/* a create inside a caller's unit of work (an import batch) is folded into the dashboard's
	 * rollup by that caller, once for the batch */
	int nested = store_in_transaction(app->store);
	struct customer_dups names = {0};
	in->id = 0;
	enum gx_err e = dups ? name_hints(app, in, a, &names, err) : GX_OK;
	if (e != GX_OK)
		return e;
	if ((e = store_begin(app->store, err)) != GX_OK)
		return e;
	int generated = record_is_null(in, "code");
	if (generated) {
		record_set_text(in, "code", "C");   /* the required check passes; set at the insert */
	} else if (customer_keys_may_have(keys, CUSTOMER_KEY_CODE, record_text(in, "code"))) {
		/* id only: the whole row is read just for the message when the code is taken */
		int64_t used_by = 0;
		int found = 0, deleted = 0;
		if ((e = store_record_lookup(app->store, &entity_customer, "code", record_text(in, "code"), 0,
		                             &used_by, &deleted, &found, err)))
			goto fail;
		if (found) {
			struct record tmp;
			if ((e = store_record_get(app->store, &entity_customer, used_by, a, &tmp, err)) == GX_OK)
				e = gx_error_set(err, GX_ECONFLICT, "code", _("customer code %s is already used by %s"),
				                 record_text(in, "code"), record_text(&tmp, "name"));
			goto fail;
		}
	}
	if (record_is_null(in, "kind"))
		record_set_text(in, "kind", "person");
	if ((e = app_record_check_required(in, err)) != GX_OK)
		goto fail;
	if (app->actor.user_id)
		record_set_int(in, "created_by", app->actor.user_id);
	if ((e = apply_owner_defaults(app, in, a, err)) != GX_OK)
		goto fail;
	app_stamp_job(app, in);
	in->id = 0;
	if ((e = check_duplicates(app, in, force, keys, a, dups, dups ? &names : NULL, err)) != GX_OK)
		goto fail;
	if (generated)
		e = insert_with_code(app, in, keys, a, err);
	else
		e = store_record_insert(app->store, in, err);
	if (e != GX_OK)
		goto fail;
	if ((e = save_side_tables(app, in, a, err)) != GX_OK)
		goto fail;
	if ((e = app_search_index(app, in, err)) != GX_OK)
		goto fail;
	if ((e = app_audit_change(app, "create", NULL, in, 0, err)) != GX_OK ||
	    (!nested && (e = store_dashboard_fold_customer(app->store, in->id, err)) != GX_OK))
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK)
		customer_keys_add_record(keys, in);
	return e;
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_customer_create(struct app *app, struct record *in, int force, struct gx_arena *a,
                                struct customer_dups *dups, struct gx_error *err)
{
	return create(app, in, force, NULL, a, dups, err);
}

enum gx_err app_customer_create_keyed(struct app *app, struct record *in, int force,
                                      struct customer_keys *keys, struct gx_arena *a,
                                      struct gx_error *err)
{
	return create(app, in, force, keys, a, NULL, err);
}

enum gx_err app_customer_get(struct app *app, int64_t id, int include_deleted, struct gx_arena *a,
                             struct record *out, struct gx_error *err)
{
	enum gx_err e = store_record_get(app->store, &entity_customer, id, a, out, err);
	if (e != GX_OK)
		return e;
	if (out->deleted_at && !include_deleted)
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("customer %lld is in the recycle bin"),
		                    (long long)id);
	const char *roles = NULL, *tags = NULL;
	if ((e = store_customer_roles_tags(app->store, id, a, &roles, &tags, err)) != GX_OK)
		return e;
	record_set_text(out, "roles", roles);
	record_set_text(out, "tags", tags);
	memset(out->set, 0, out->def->nfields);
	return GX_OK;
}

enum gx_err app_customer_resolve(struct app *app, const char *id_or_code, int64_t *id,
                                 struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record r;
	int found = 0;
	enum gx_err e = store_record_find(app->store, &entity_customer, "code", id_or_code, &a, &r,
	                                  &found, err);
	if (e == GX_OK && found) {
		*id = r.id;
	} else if (e == GX_OK) {
		char *end;
		long long v = strtoll(id_or_code, &end, 10);
		if (*id_or_code && !*end && v > 0)
			*id = v;
		else
			e = gx_error_set(err, GX_ENOTFOUND, "customer", _("no customer with code or id %s"),
			                 id_or_code);
	}
	gx_arena_free(&a);
	return e;
}

enum gx_err app_customer_update(struct app *app, struct record *patch, int64_t expected_version,
                                int force, struct gx_arena *a, struct customer_dups *dups,
                                struct gx_error *err)
{
	if (dups)
		memset(dups, 0, sizeof *dups);
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record before, after;
	if ((e = app_customer_get(app, patch->id, 0, a, &before, err)) != GX_OK ||
	    (e = app_access_check_owner_change(app, &before, patch, err)) != GX_OK)
		goto fail;
	if (before.v[entity_field_index(&entity_customer, "merged_into")].is_null == 0) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, "%s", _("this customer was merged into another"));
		goto fail;
	}
	/* after = before with the patch applied; only patched fields are written. */
	record_init(&after, &entity_customer, a);
	after.id = before.id;
	after.version = before.version;
	for (size_t i = 0; i < entity_customer.nfields; i++) {
		after.v[i] = patch->set[i] ? patch->v[i] : before.v[i];
		after.set[i] = patch->set[i];
	}
	int code_i = entity_field_index(&entity_customer, "code");
	if (patch->set[code_i]) {
		if (after.v[code_i].is_null) {
			e = gx_error_set(err, GX_EINVAL, "code", "%s", _("code cannot be empty"));
			goto fail;
		}
		struct record tmp;
		int found = 0;
		if ((e = store_record_find(app->store, &entity_customer, "code", after.v[code_i].s, a, &tmp,
		                           &found, err)))
			goto fail;
		if (found && tmp.id != after.id) {
			e = gx_error_set(err, GX_ECONFLICT, "code", _("customer code %s is already used by %s"),
			                 after.v[code_i].s, record_text(&tmp, "name"));
			goto fail;
		}
	}
	if ((e = app_record_check_required(&after, err)) != GX_OK)
		goto fail;
	int owner_i = entity_field_index(&entity_customer, "owner_id");
	if (patch->set[owner_i] && !(after.v[owner_i].is_null == before.v[owner_i].is_null &&
	                             after.v[owner_i].i == before.v[owner_i].i)) {
		char now[32];
		gx_now_iso(now);
		record_set_text(&after, "owner_since", after.v[owner_i].is_null ? NULL : gx_arena_strdup(a, now));
	}
	/* Duplicate checks only for the identifying fields that change. */
	static const char *const keys[] = {"phone_norm", "mobile_norm", "email_norm", "uscc", "name_norm"};
	int identity_changed = 0;
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		identity_changed |= after.set[entity_field_index(&entity_customer, keys[k])];
	if (identity_changed && (e = check_duplicates(app, &after, force, NULL, a, dups, NULL, err)) != GX_OK)
		goto fail;
	app_stamp_job(app, &after);
	if ((e = store_record_update(app->store, &after, expected_version, err)) != GX_OK)
		goto fail;
	if ((e = save_side_tables(app, &after, a, err)) != GX_OK)
		goto fail;
	if ((e = app_search_index(app, &after, err)) != GX_OK)
		goto fail;
	if ((e = app_audit_change(app, "update", &before, &after, 0, err)) != GX_OK ||
	    (e = store_dashboard_fold_customer(app->store, after.id, err)) != GX_OK)
		goto fail;
	if ((e = store_commit(app->store, err)) != GX_OK)
		return e;
	patch->version = after.version;
	return GX_OK;
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_customer_delete(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record before;
	enum gx_err e = store_begin(app->store, err);
	if (e == GX_OK && (e = app_customer_get(app, id, 0, &a, &before, err)) == GX_OK &&
	    (e = store_record_set_deleted(app->store, &entity_customer, id, 1, err)) == GX_OK &&
	    (e = store_customer_set_deleted_by(app->store, id, app->actor.user_id, err)) == GX_OK &&
	    (e = store_search_remove(app->store, "customer", id, err)) == GX_OK &&
	    (e = app_audit_simple(app, "delete", "customer", id, NULL, 0, err)) == GX_OK &&
	    (e = store_dashboard_fold_customer(app->store, id, err)) == GX_OK)
		e = store_commit(app->store, err);
	else if (e != GX_OK)
		store_rollback(app->store);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_customer_restore(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record r;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, id, 1, &a, &r, err)) != GX_OK)
		goto fail;
	if (!r.deleted_at) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("customer %lld is not in the recycle bin"), (long long)id);
		goto fail;
	}
	if (!record_is_null(&r, "merged_into")) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("customer %lld was merged into customer %lld and cannot be restored"),
		                 (long long)id, (long long)record_int(&r, "merged_into"));
		goto fail;
	}
	if ((e = store_record_set_deleted(app->store, &entity_customer, id, 0, err)) != GX_OK)
		goto fail;
	r.deleted_at = NULL;
	if ((e = app_search_index(app, &r, err)) != GX_OK)
		goto fail;
	if ((e = app_audit_simple(app, "restore", "customer", id, NULL, 0, err)) != GX_OK ||
	    (e = store_dashboard_fold_customer(app->store, id, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_customer_purge(struct app *app, int64_t id, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record r;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = store_record_get(app->store, &entity_customer, id, &a, &r, err)) != GX_OK)
		goto fail;
	if (!r.deleted_at) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("customer %lld must be deleted before it can be purged"),
		                 (long long)id);
		goto fail;
	}
	if ((e = store_customer_purge_rows(app->store, id, err)) != GX_OK)
		goto fail;
	if ((e = app_audit_simple(app, "purge", "customer", id, NULL, 0, err)) != GX_OK ||
	    (e = store_dashboard_fold_customer(app->store, id, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}
