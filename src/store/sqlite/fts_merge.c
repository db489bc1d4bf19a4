/* include/guanxi/search_merge.h on SQLite: FTS5's 'automerge' setting and its 'merge' command
 * (https://sqlite.org/fts5.html, "The 'merge' Command": a positive page count merges only
 * levels holding 'usermerge' (4) segments or more, the same rule automerge follows, so the
 * index keeps the shape automerge would give it). */
#include <stdlib.h>

#include <sqlite3.h>

#include "guanxi/i18n.h"
#include "guanxi/search_merge.h"
#include "store/sqlite/sqlite_store.h"

#define AUTOMERGE_DEFAULT 4   /* FTS5's defaults, put back when no value was stored */
#define USERMERGE_DEFAULT 4

static enum gx_err fail(sqlite3 *db, const char *what, struct gx_error *err)
{
	return gx_error_set(err, GX_EIO, NULL, _("search index: %s failed: %s"), what, sqlite3_errmsg(db));
}

enum gx_err sqlite_fts_command(sqlite3 *db, const char *cmd, long long arg, struct gx_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO search_fts(search_fts, rank) VALUES (?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		return fail(db, cmd, err);
	sqlite3_bind_text(st, 1, cmd, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, arg);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? GX_OK : fail(db, cmd, err);
}

enum gx_err sqlite_fts_setting_read(sqlite3 *db, const char *key, struct search_merge_setting *out,
                                    struct gx_error *err)
{
	*out = (struct search_merge_setting){0};
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT v FROM search_fts_config WHERE k = ?1", -1, &st, NULL) != SQLITE_OK)
		return fail(db, "search_fts_config", err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		out->stored = 1;
		out->value = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return GX_OK;
}

enum gx_err sqlite_fts_setting_restore(sqlite3 *db, const char *key, const struct search_merge_setting *was,
                                       long long dflt, struct gx_error *err)
{
	enum gx_err e = sqlite_fts_command(db, key, was->stored ? was->value : dflt, err);
	if (e != GX_OK || was->stored)
		return e;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "DELETE FROM search_fts_config WHERE k = ?1", -1, &st, NULL) != SQLITE_OK)
		return fail(db, "search_fts_config", err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? GX_OK : fail(db, "search_fts_config", err);
}

/* The settings the server changes: automerge off (no merging inside the writes), and merges
 * of its own steps only on levels of SERVER_USERMERGE segments or more. FTS5's default is 4,
 * and each level then holds a quarter of the next: a record is rewritten once per level, and
 * the steps that merge a level cost what its common terms' posting lists weigh (a step never
 * stops inside one term's list). With 8 there are fewer levels, so fewer rewrites and fewer
 * of the large steps: at 100k customers under 64 concurrent creates, p99 36-39 ms against
 * 42-53 ms with 4 (bench/RESULTS.md, session 9). */
#define SERVER_USERMERGE 8
static const char *const keys[SEARCH_MERGE_KEYS] = {"automerge", "usermerge"};
static const long long defaults[SEARCH_MERGE_KEYS] = {AUTOMERGE_DEFAULT, USERMERGE_DEFAULT};
static const long long server_values[SEARCH_MERGE_KEYS] = {0, SERVER_USERMERGE};

enum gx_err store_search_merge_begin(struct store *s, struct search_merge_saved *saved, struct gx_error *err)
{
	*saved = (struct search_merge_saved){0};
	sqlite3 *db = sqlite_store_handle(s);
	if (!db)
		return GX_OK;
	for (int i = 0; i < SEARCH_MERGE_KEYS; i++) {
		enum gx_err e = sqlite_fts_setting_read(db, keys[i], &saved->was[i], err);
		if (e != GX_OK)
			return e;
		/* Our own value found: nothing of ours leaves it there but a server that was killed
		 * before putting it back (and, for automerge, a bulk import while it runs), so back
		 * to the default afterwards. */
		if (saved->was[i].stored && saved->was[i].value == server_values[i])
			saved->was[i].stored = 0;
	}
	saved->active = 1;
	for (int i = 0; i < SEARCH_MERGE_KEYS; i++) {
		enum gx_err e = sqlite_fts_command(db, keys[i], server_values[i], err);
		if (e != GX_OK)
			return e;   /* active: _end puts back whatever was set */
	}
	return GX_OK;
}

enum gx_err store_search_merge_end(struct store *s, struct search_merge_saved *saved, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	if (!db || !saved->active)
		return GX_OK;
	saved->active = 0;
	enum gx_err e = GX_OK;
	for (int i = 0; i < SEARCH_MERGE_KEYS && e == GX_OK; i++)
		e = sqlite_fts_setting_restore(db, keys[i], &saved->was[i], defaults[i], err);
	return e;
}

enum gx_err store_search_merge_step(struct store *s, int pages, int *worked, struct gx_error *err)
{
	*worked = 0;
	sqlite3 *db = sqlite_store_handle(s);
	if (!db)
		return GX_OK;
	/* FTS5 tells no result; the changes it made do: fewer than 2 means nothing was merged */
	int before = sqlite3_total_changes(db);
	enum gx_err e = sqlite_fts_command(db, "merge", pages > 0 ? pages : 1, err);
	if (e == GX_OK)
		*worked = sqlite3_total_changes(db) - before >= 2;
	return e;
}
