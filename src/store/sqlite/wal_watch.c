/* src/store/wal_watch.h on SQLite: sqlite3_wal_hook reports the WAL's size in pages after each
 * commit (it replaces the automatic checkpoint, which is itself such a hook), and
 * sqlite3_wal_checkpoint_v2 in PASSIVE mode does what the automatic one does: copies what no
 * reader still needs, syncing the WAL first and the database after (synchronous NORMAL or
 * FULL), and lets the next write transaction restart the WAL from its beginning once
 * everything is copied. */
#include <stdatomic.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "guanxi/i18n.h"
#include "guanxi/arena.h"
#include "store/sqlite/sqlite_store.h"
#include "store/wal_watch.h"

#define CHECKPOINT_PAGES 1000   /* SQLite's default automatic checkpoint */

struct wal_watch {
	atomic_int pages;   /* WAL size at the last commit */
};

static int on_commit(void *arg, sqlite3 *db, const char *schema, int pages)
{
	(void)db;
	(void)schema;
	atomic_store(&((struct wal_watch *)arg)->pages, pages);
	return SQLITE_OK;
}

enum gx_err wal_watch_begin(struct store *s, struct wal_watch **out, struct gx_error *err)
{
	*out = NULL;
	sqlite3 *db = sqlite_store_handle(s);
	if (!db)
		return GX_OK;
	struct wal_watch *w = gx_xcalloc(1, sizeof *w);
	atomic_init(&w->pages, 0);
	sqlite3_wal_hook(db, on_commit, w);   /* replaces the automatic checkpoint's hook */
	*out = w;
	(void)err;
	return GX_OK;
}

void wal_watch_end(struct store *s, struct wal_watch *w)
{
	sqlite3 *db = sqlite_store_handle(s);
	if (db && w)
		sqlite3_wal_autocheckpoint(db, CHECKPOINT_PAGES);   /* its own hook again */
	free(w);
}

enum gx_err wal_watch_checkpoint(struct store *s, struct wal_watch *w, int *ran, struct gx_error *err)
{
	*ran = 0;
	sqlite3 *db = sqlite_store_handle(s);
	if (!db || !w || atomic_load(&w->pages) < CHECKPOINT_PAGES)
		return GX_OK;
	int log = 0, copied = 0;
	int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return gx_error_set(err, GX_EIO, NULL, _("checkpoint of the write-ahead log failed: %s"), sqlite3_errmsg(db));
	atomic_store(&w->pages, 0);   /* the next commit says how large it is again */
	*ran = 1;
	return GX_OK;
}
