/* Customer side tables, duplicates, merge moves and public-pool bookkeeping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/customer_store.h"
#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"
#include "store/scope_sql.h"

enum gx_err store_customer_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n,
                                     struct gx_error *err)
{
	enum gx_err e = db_exec(s, "DELETE FROM customer_roles WHERE customer_id = ?", NULL, err, "i", id);
	for (size_t i = 0; e == GX_OK && i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= strcmp(roles[i], roles[j]) == 0;
		if (!dup)
			e = db_exec(s, "INSERT INTO customer_roles (customer_id, role) VALUES (?, ?)", NULL, err,
			            "it", id, roles[i]);
	}
	return e;
}

enum gx_err store_customer_set_tags(struct store *s, int64_t id, const char *const *tags, size_t n,
                                    struct gx_error *err)
{
	enum gx_err e = db_exec(s, "DELETE FROM customer_tags WHERE customer_id = ?", NULL, err, "i", id);
	for (size_t i = 0; e == GX_OK && i < n; i++) {
		int64_t tag_id = 0;
		int found = 0;
		e = db_query_i64(s, "SELECT id FROM tags WHERE name = ?", &tag_id, &found, err, "t", tags[i]);
		if (e == GX_OK && !found)
			e = db_query_i64(s, "INSERT INTO tags (name) VALUES (?) RETURNING id", &tag_id, NULL, err,
			                 "t", tags[i]);
		if (e == GX_OK) {
			int64_t have = 0;
			e = db_query_i64(s, "SELECT COUNT(*) FROM customer_tags WHERE customer_id = ? AND tag_id = ?",
			                 &have, NULL, err, "ii", id, tag_id);
			if (e == GX_OK && !have)
				e = db_exec(s, "INSERT INTO customer_tags (customer_id, tag_id) VALUES (?, ?)", NULL,
				            err, "ii", id, tag_id);
		}
	}
	return e;
}

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The rows of a one-column query joined with ';'. sorted: in byte order, sorted here rather
 * than by ORDER BY — for a handful of rows SQLite's sorter (a temporary B-tree) cost more than
 * the query itself on every customer read, and byte order is the same on both backends. */
/* A growing list of texts in the arena, joined with ';' at the end (NULL when empty). */
struct text_list {
	const char *fixed[16], **items;
	size_t n, cap;
};

static void text_list_init(struct text_list *l)
{
	l->items = l->fixed;
	l->n = 0;
	l->cap = 16;
}

static void text_list_add(struct text_list *l, struct gx_arena *a, const char *t)
{
	if (l->n == l->cap) {
		const char **grown = gx_arena_alloc(a, 2 * l->cap * sizeof *grown);
		memcpy(grown, l->items, l->n * sizeof *l->items);
		l->items = grown;
		l->cap *= 2;
	}
	l->items[l->n++] = gx_arena_strdup(a, t);
}

static const char *text_list_join(struct text_list *l, int sorted, struct gx_arena *a)
{
	if (l->n == 0)
		return NULL;
	if (sorted)
		qsort(l->items, l->n, sizeof *l->items, cmp_text);
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			sb_addc(&b, ';');
		sb_add(&b, l->items[i]);
	}
	const char *out = gx_arena_strdup(a, sb_str(&b));
	sb_free(&b);
	return out;
}

static enum gx_err joined(struct store *s, const char *sql, int64_t id, int sorted, struct gx_arena *a,
                          const char **out, struct gx_error *err)
{
	struct db_stmt *st;
	*out = NULL;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	struct text_list l;
	text_list_init(&l);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row)
		text_list_add(&l, a, db_col_text(s, st, 0));
	db_reset(s, st);
	if (e == GX_OK)
		*out = text_list_join(&l, sorted, a);
	return e;
}

/* Both lists of one customer in one statement (a GET of a customer asks for both: one round
 * trip instead of two on PostgreSQL); each sorted in byte order, as the two functions below
 * give them. */
enum gx_err store_customer_roles_tags(struct store *s, int64_t id, struct gx_arena *a, const char **roles,
                                      const char **tags, struct gx_error *err)
{
	struct db_stmt *st;
	*roles = *tags = NULL;
	enum gx_err e = db_prepare(s,
	                           "SELECT 0, role FROM customer_roles WHERE customer_id = ?1"
	                           " UNION ALL SELECT 1, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"
	                           " WHERE ct.customer_id = ?1",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	struct text_list r, t;
	text_list_init(&r);
	text_list_init(&t);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row)
		text_list_add(db_col_i64(s, st, 0) ? &t : &r, a, db_col_text(s, st, 1));
	db_reset(s, st);
	if (e == GX_OK) {
		*roles = text_list_join(&r, 1, a);
		*tags = text_list_join(&t, 1, a);
	}
	return e;
}

enum gx_err store_customer_roles(struct store *s, int64_t id, struct gx_arena *a, const char **out,
                                 struct gx_error *err)
{
	return joined(s, "SELECT role FROM customer_roles WHERE customer_id = ? ORDER BY role", id, 0, a,
	              out, err);
}

enum gx_err store_customer_tags(struct store *s, int64_t id, struct gx_arena *a, const char **out,
                                struct gx_error *err)
{
	return joined(s,
	              "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"
	              " WHERE ct.customer_id = ?",
	              id, 1, a, out, err);
}

enum gx_err store_customer_duplicates(struct store *s, int64_t exclude_id, const char *const *phones,
                                      size_t nphones, const char *email_norm, const char *uscc,
                                      const char *name_norm, struct gx_arena *a,
                                      struct customer_dup **out, size_t *n, struct gx_error *err)
{
	enum { MAX_DUPS = 20 };
	*out = gx_arena_calloc(a, MAX_DUPS, sizeof **out);
	*n = 0;
	struct dup_check { const char *sql; const char *value; enum dup_reason reason; } checks[8];
	size_t nchecks = 0;
	for (size_t i = 0; i < nphones && nchecks < 4; i++) {
		if (!phones[i] || !*phones[i])
			continue;
		checks[nchecks++] = (struct dup_check){
			"SELECT id, code, name FROM customers WHERE (phone_norm = ?1 OR mobile_norm = ?1)"
			" AND id <> ?2 AND deleted_at IS NULL AND merged_into IS NULL LIMIT 20",
			phones[i], DUP_PHONE};
	}
	if (email_norm && *email_norm)
		checks[nchecks++] = (struct dup_check){
			"SELECT id, code, name FROM customers WHERE email_norm = ? AND id <> ?"
			" AND deleted_at IS NULL AND merged_into IS NULL LIMIT 20",
			email_norm, DUP_EMAIL};
	if (uscc && *uscc)
		checks[nchecks++] = (struct dup_check){
			"SELECT id, code, name FROM customers WHERE uscc = ? AND id <> ?"
			" AND deleted_at IS NULL AND merged_into IS NULL LIMIT 20",
			uscc, DUP_USCC};
	if (name_norm && *name_norm)
		checks[nchecks++] = (struct dup_check){
			"SELECT id, code, name FROM customers WHERE name_norm = ? AND id <> ?"
			" AND deleted_at IS NULL AND merged_into IS NULL LIMIT 20",
			name_norm, DUP_NAME};
	for (size_t c = 0; c < nchecks; c++) {
		struct db_stmt *st;
		enum gx_err e = db_prepare(s, checks[c].sql, &st, err);
		if (e != GX_OK)
			return e;
		db_bindv(s, st, "ti", checks[c].value, exclude_id);
		int row;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < MAX_DUPS) {
			int64_t id = db_col_i64(s, st, 0);
			int seen = 0;
			for (size_t k = 0; k < *n; k++)
				seen |= (*out)[k].id == id;
			if (seen)
				continue;
			(*out)[*n] = (struct customer_dup){
				.id = id,
				.code = gx_arena_strdup(a, db_col_text(s, st, 1)),
				.name = gx_arena_strdup(a, db_col_text(s, st, 2)),
				.reason = checks[c].reason,
			};
			(*n)++;
		}
		db_reset(s, st);
		if (e != GX_OK)
			return e;
	}
	return GX_OK;
}

enum gx_err store_customer_each_key(struct store *s, int64_t after_id, store_customer_key_fn fn,
                                    void *ctx, int64_t *max_id, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT code, phone_norm, mobile_norm, email_norm, uscc, id FROM customers"
	                              " WHERE id > ?", &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", after_id);
	*max_id = after_id;
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		const char *v[5];
		for (int c = 0; c < 5; c++)
			v[c] = db_col_is_null(s, st, c) ? NULL : db_col_text(s, st, c);
		fn(ctx, v[0], v[1], v[2], v[3], v[4]);
		int64_t id = db_col_i64(s, st, 5);
		if (id > *max_id)
			*max_id = id;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_customer_merge_move(struct store *s, int64_t from, int64_t into, int64_t *moved,
                                      struct gx_error *err)
{
	/* Plain re-pointing for rows that cannot collide; the link tables first drop the rows the
	 * survivor already has, so that the composite primary keys never clash. */
	static const char *const moves[] = {
		"UPDATE contacts SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE interactions SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE orders SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE customers SET referrer_id = ?2 WHERE referrer_id = ?1",
		"DELETE FROM customer_roles WHERE customer_id = ?1 AND role IN"
		" (SELECT role FROM customer_roles WHERE customer_id = ?2)",
		"UPDATE customer_roles SET customer_id = ?2 WHERE customer_id = ?1",
		"DELETE FROM customer_tags WHERE customer_id = ?1 AND tag_id IN"
		" (SELECT tag_id FROM customer_tags WHERE customer_id = ?2)",
		"UPDATE customer_tags SET customer_id = ?2 WHERE customer_id = ?1",
		"DELETE FROM customer_influences WHERE (indirect_id = ?1 AND direct_id = ?2)"
		" OR (indirect_id = ?2 AND direct_id = ?1)",
		"DELETE FROM customer_influences WHERE indirect_id = ?1 AND direct_id IN"
		" (SELECT direct_id FROM customer_influences WHERE indirect_id = ?2)",
		"UPDATE customer_influences SET indirect_id = ?2 WHERE indirect_id = ?1",
		"DELETE FROM customer_influences WHERE direct_id = ?1 AND indirect_id IN"
		" (SELECT indirect_id FROM customer_influences WHERE direct_id = ?2)",
		"UPDATE customer_influences SET direct_id = ?2 WHERE direct_id = ?1",
		"UPDATE pool_events SET customer_id = ?2 WHERE customer_id = ?1",
		/* credit (0009): the merged file's receivables and assessments follow it */
		"UPDATE credit_assessments SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE credit_overrides SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE invoices SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE payments SET customer_id = ?2 WHERE customer_id = ?1",
		/* service (0006): complaints and tickets */
		"UPDATE tickets SET customer_id = ?2 WHERE customer_id = ?1",
		/* marketing (0008): campaign membership (one row per campaign), conversions, clubs
		 * and the points ledger (balances add up on the survivor) */
		"DELETE FROM campaign_members WHERE customer_id = ?1 AND campaign_id IN"
		" (SELECT campaign_id FROM campaign_members WHERE customer_id = ?2)",
		"UPDATE campaign_members SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE campaign_conversions SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE club_members SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE points_ledger SET customer_id = ?2 WHERE customer_id = ?1",
		/* surveys (0010) */
		"UPDATE survey_invitations SET customer_id = ?2 WHERE customer_id = ?1",
		"UPDATE survey_responses SET customer_id = ?2 WHERE customer_id = ?1",
	};
	*moved = 0;
	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
		int64_t changed = 0;
		enum gx_err e = db_exec(s, moves[i], &changed, err, "ii", from, into);
		if (e != GX_OK)
			return e;
		if (strncmp(moves[i], "UPDATE", 6) == 0 && !strstr(moves[i], "pool_events"))
			*moved += changed;
	}
	return GX_OK;
}

enum gx_err store_pool_owned_count(struct store *s, int64_t user_id, int64_t *count, struct gx_error *err)
{
	return db_query_i64(s, "SELECT COUNT(*) FROM customers WHERE owner_id = ? AND deleted_at IS NULL",
	                    count, NULL, err, "i", user_id);
}

enum gx_err store_pool_claims_since(struct store *s, int64_t user_id, const char *since,
                                    int64_t *count, struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COUNT(*) FROM pool_events WHERE user_id = ? AND action = 'claim' AND at >= ?",
	                    count, NULL, err, "it", user_id, since);
}

enum gx_err store_pool_last_loss(struct store *s, int64_t customer_id, int64_t user_id,
                                 struct gx_arena *a, const char **at, struct gx_error *err)
{
	struct db_stmt *st;
	*at = NULL;
	enum gx_err e = db_prepare(s,
	                           "SELECT MAX(at) FROM pool_events WHERE customer_id = ? AND user_id = ?"
	                           " AND action IN ('release', 'recycle')",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ii", customer_id, user_id);
	int row;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row && !db_col_is_null(s, st, 0))
		*at = gx_arena_strdup(a, db_col_text(s, st, 0));
	db_reset(s, st);
	return e;
}

enum gx_err store_pool_event(struct store *s, int64_t customer_id, int64_t user_id, int64_t actor_id,
                             const char *action, const char *reason, int64_t job_id,
                             struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_exec(s,
	               "INSERT INTO pool_events (customer_id, user_id, actor_id, action, reason, job_id, at)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?)",
	               NULL, err, "iIIttIt", customer_id, user_id, actor_id, action, reason, job_id, now);
}

enum gx_err store_pool_recycle_candidates(struct store *s, const char *cutoff, struct gx_arena *a,
                                          int64_t **ids, int64_t **owners, size_t *n,
                                          struct gx_error *err)
{
	int64_t total = 0;
	const char *where = " FROM customers WHERE owner_id IS NOT NULL AND deleted_at IS NULL"
	                    " AND merged_into IS NULL"
	                    " AND COALESCE(last_touch_at, owner_since, created_at) < ?";
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*)%s", where);
	enum gx_err e = db_query_i64(s, sql, &total, NULL, err, "t", cutoff);
	if (e != GX_OK)
		return e;
	*ids = gx_arena_calloc(a, (size_t)total + 1, sizeof **ids);
	*owners = gx_arena_calloc(a, (size_t)total + 1, sizeof **owners);
	*n = 0;
	snprintf(sql, sizeof sql, "SELECT id, owner_id%s ORDER BY id", where);
	struct db_stmt *st;
	if ((e = db_prepare(s, sql, &st, err)) != GX_OK)
		return e;
	db_bindv(s, st, "t", cutoff);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < (size_t)total) {
		(*ids)[*n] = db_col_i64(s, st, 0);
		(*owners)[*n] = db_col_i64(s, st, 1);
		(*n)++;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_customer_touch(struct store *s, int64_t id, const char *at, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE customers SET last_touch_at = ? WHERE id = ?"
	               " AND (last_touch_at IS NULL OR last_touch_at < ?)",
	               NULL, err, "tit", at, id, at);
}

enum gx_err store_search_index_record(struct store *s, const struct record *r, struct gx_error *err)
{
	const struct entity_def *def = r->def;
	const char *fields[32];
	size_t n = 0;
	const char *code = NULL, *phone = NULL;
	for (size_t i = 0; i < def->nfields && n < 32; i++) {
		const struct field_def *f = &def->fields[i];
		if (!(f->flags & FF_SEARCH) || r->v[i].is_null || !r->v[i].s)
			continue;
		fields[n++] = r->v[i].s;
		if (def->code_field && strcmp(f->name, def->code_field) == 0)
			code = r->v[i].s;
		if (f->type == FT_PHONE && f->norm_field && !phone) {
			int ni = entity_field_index(def, f->norm_field);
			if (ni >= 0 && !r->v[ni].is_null)
				phone = r->v[ni].s;
		}
	}
	return s->drv->search_put(s, def->name, r->id, fields, n, code, phone, err);
}

enum gx_err store_search_remove(struct store *s, const char *entity, int64_t id, struct gx_error *err)
{
	return s->drv->search_delete(s, entity, id, err);
}

enum gx_err store_search(struct store *s, const char *query, const char *entity, int limit,
                         struct search_hit *hits, size_t *n, int *more, struct gx_error *err)
{
	enum gx_err e = s->drv->search_query(s, query, entity, limit, hits, n, more, err);
	/* Hits the caller may not see go; "more" still says whether the index had more matches. */
	if (e == GX_OK && s->scope.kind != STORE_SCOPE_ALL)
		e = scope_sql_filter_hits(s, hits, n, err);
	return e;
}

enum gx_err store_customer_max_id(struct store *s, int64_t *max_id, struct gx_error *err)
{
	return db_query_i64(s, "SELECT COALESCE(MAX(id), 0) FROM customers", max_id, NULL, err, "");
}

enum gx_err store_customer_set_deleted_by(struct store *s, int64_t id, int64_t user_id,
                                          struct gx_error *err)
{
	return db_exec(s, "UPDATE customers SET deleted_by = ? WHERE id = ?", NULL, err, "Ii", user_id, id);
}

enum gx_err store_customer_purge_rows(struct store *s, int64_t id, struct gx_error *err)
{
	int64_t orders = 0, invoices = 0;
	enum gx_err e = db_query_i64(s, "SELECT COUNT(*) FROM orders WHERE customer_id = ?", &orders, NULL,
	                             err, "i", id);
	if (e != GX_OK)
		return e;
	if (orders)
		return gx_error_set(err, GX_ECONFLICT, NULL,
		                    _("customer %lld has %lld orders, which are kept for the accounts; it stays in the recycle bin"),
		                    (long long)id, (long long)orders);
	e = db_query_i64(s, "SELECT (SELECT COUNT(*) FROM invoices WHERE customer_id = ?1)"
	                 " + (SELECT COUNT(*) FROM payments WHERE customer_id = ?1)", &invoices, NULL, err, "i", id);
	if (e != GX_OK)
		return e;
	if (invoices)
		return gx_error_set(err, GX_ECONFLICT, NULL,
		                    _("customer %lld has %lld invoices and payments, which are kept for the accounts; it stays in the recycle bin"),
		                    (long long)id, (long long)invoices);
	static const char *const steps[] = {
		"DELETE FROM interactions WHERE customer_id = ?1",
		"DELETE FROM contacts WHERE customer_id = ?1",
		"DELETE FROM pool_events WHERE customer_id = ?1",
		"DELETE FROM customer_roles WHERE customer_id = ?1",
		"DELETE FROM customer_tags WHERE customer_id = ?1",
		"DELETE FROM customer_influences WHERE indirect_id = ?1 OR direct_id = ?1",
		("DELETE FROM credit_ratings WHERE assessment_id IN"
		 " (SELECT id FROM credit_assessments WHERE customer_id = ?1)"),
		"DELETE FROM credit_assessments WHERE customer_id = ?1",
		"DELETE FROM credit_overrides WHERE customer_id = ?1",
		"DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)",
		"DELETE FROM tickets WHERE customer_id = ?1",
		/* answers stay in the survey's statistics, no longer linked to anyone */
		"UPDATE survey_responses SET customer_id = NULL WHERE customer_id = ?1",
		"UPDATE survey_invitations SET customer_id = NULL WHERE customer_id = ?1",
		"UPDATE customers SET referrer_id = NULL WHERE referrer_id = ?1",
		"UPDATE customers SET merged_into = NULL WHERE merged_into = ?1",
		"DELETE FROM customers WHERE id = ?1",
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if ((e = db_exec(s, steps[i], NULL, err, "i", id)) != GX_OK)
			return e;
	return s->drv->search_delete(s, "customer", id, err);
}

enum gx_err store_customer_deleted_before(struct store *s, const char *cutoff, size_t max,
                                          struct gx_arena *a, int64_t **ids, size_t *n,
                                          struct gx_error *err)
{
	*ids = gx_arena_calloc(a, max + 1, sizeof **ids);
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT id FROM customers WHERE deleted_at IS NOT NULL AND deleted_at < ?"
	                           " ORDER BY id LIMIT ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ti", cutoff, (int64_t)max);
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < max)
		(*ids)[(*n)++] = db_col_i64(s, st, 0);
	db_reset(s, st);
	return e;
}

enum gx_err store_customer_link(struct store *s, int64_t indirect_id, int64_t direct_id,
                                const char *note, int64_t *changed, struct gx_error *err)
{
	int64_t have = 0;
	enum gx_err e = db_query_i64(s,
	                             "SELECT COUNT(*) FROM customer_influences WHERE indirect_id = ? AND direct_id = ?",
	                             &have, NULL, err, "ii", indirect_id, direct_id);
	if (e != GX_OK)
		return e;
	if (have) {
		*changed = 0;
		return db_exec(s, "UPDATE customer_influences SET note = ? WHERE indirect_id = ? AND direct_id = ?",
		               NULL, err, "tii", note, indirect_id, direct_id);
	}
	return db_exec(s, "INSERT INTO customer_influences (indirect_id, direct_id, note) VALUES (?, ?, ?)",
	               changed, err, "iit", indirect_id, direct_id, note);
}

enum gx_err store_customer_unlink(struct store *s, int64_t indirect_id, int64_t direct_id,
                                  int64_t *changed, struct gx_error *err)
{
	return db_exec(s, "DELETE FROM customer_influences WHERE indirect_id = ? AND direct_id = ?",
	               changed, err, "ii", indirect_id, direct_id);
}

enum gx_err store_customer_links(struct store *s, int64_t id, int direction, struct gx_arena *a,
                                 const char **out, struct gx_error *err)
{
	const char *sql = direction == 0
		? "SELECT c.code || ' ' || c.name FROM customer_influences l JOIN customers c ON c.id = l.direct_id"
		  " WHERE l.indirect_id = ? AND c.deleted_at IS NULL ORDER BY c.code"
		: "SELECT c.code || ' ' || c.name FROM customer_influences l JOIN customers c ON c.id = l.indirect_id"
		  " WHERE l.direct_id = ? AND c.deleted_at IS NULL ORDER BY c.code";
	return joined(s, sql, id, 0, a, out, err);
}
