/* include/guanxi/search_merge.h on SQLite: FTS5's 'automerge' setting and its 'merge' command
 * (https://sqlite.org/fts5.html, "The 'merge' Command": a positive page count merges only
 * levels holding 'usermerge' (4) segments or more, the same rule automerge follows, so the
 * index keeps the shape automerge would give it). */
#include <stdlib.h>

#include <sqlite3.h>

#include "guanxi/i18n.h"
#include "guanxi/search_merge.h"
#include "store/sqlite/sqlite_store.h"

#define AUTOMERGE_DEFAULT 4   /* FTS5's default, put back when no value was stored */

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

enum gx_err store_search_merge_begin(struct store *s, struct search_merge_saved *saved, struct gx_error *err)
{
	*saved = (struct search_merge_saved){0};
	sqlite3 *db = sqlite_store_handle(s);
	if (!db)
		return GX_OK;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT v FROM search_fts_config WHERE k = 'automerge'", -1, &st, NULL) != SQLITE_OK)
		return fail(db, "search_fts_config", err);
	if (sqlite3_step(st) == SQLITE_ROW) {
		saved->stored = 1;
		saved->value = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (saved->stored && saved->value == 0) {
		/* Off already: nothing of ours sets it but a bulk import while it runs and a server
		 * that was killed before putting it back, so back to the default afterwards. */
		saved->stored = 0;
		saved->active = 1;
		return GX_OK;
	}
	enum gx_err e = sqlite_fts_command(db, "automerge", 0, err);
	saved->active = e == GX_OK;
	return e;
}

enum gx_err store_search_merge_end(struct store *s, struct search_merge_saved *saved, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	if (!db || !saved->active)
		return GX_OK;
	saved->active = 0;
	enum gx_err e = sqlite_fts_command(db, "automerge", saved->stored ? saved->value : AUTOMERGE_DEFAULT, err);
	if (e == GX_OK && !saved->stored &&
	    sqlite3_exec(db, "DELETE FROM search_fts_config WHERE k = 'automerge'", NULL, NULL, NULL) != SQLITE_OK)
		e = fail(db, "search_fts_config", err);
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
