/* src/store/wal_watch.h on SQLite: sqlite3_wal_hook reports the WAL's size in pages after each
 * commit (it replaces the automatic checkpoint, which is itself such a hook), and a thread of
 * its own with a connection of its own runs sqlite3_wal_checkpoint_v2 in PASSIVE mode, which
 * does what the automatic one does: copies what no reader still needs, syncing the WAL first
 * and the database after, and lets the next write transaction restart the WAL from its
 * beginning once everything is copied. A passive checkpoint takes no lock a writer needs
 * (https://sqlite.org/c3ref/wal_checkpoint_v2.html), so the writer goes on committing while
 * the copy and its two fsyncs run; run on the writer itself they stalled one group in
 * about every seven by 25-50 ms under load. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "guanxi/i18n.h"
#include "guanxi/clock.h"
#include "guanxi/arena.h"
#include "store/sqlite/sqlite_store.h"
#include "store/wal_watch.h"

#define CHECKPOINT_PAGES 1000   /* SQLite's default automatic checkpoint */
/* The writer's own checkpoint of a pass's tail costs two fsyncs whatever the tail's size: once
 * per 4,000 pages (16 MB of WAL, a few seconds of creates) instead of once per pass. */
#define RESTART_PAGES 4000

struct wal_watch {
	atomic_int pages;   /* WAL size at the last commit */
	int pass_from;      /* the writer's: WAL size when the last pass was asked for */
	sqlite3 *ckpt_db;   /* the checkpointer's own connection */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int wanted, busy, stop;
	uint64_t passes, passes_seen;          /* under mu: passes finished; those the writer followed */
	uint64_t checkpoints, checkpoint_us;   /* under mu */
};

static int on_commit(void *arg, sqlite3 *db, const char *schema, int pages)
{
	(void)db;
	(void)schema;
	atomic_store(&((struct wal_watch *)arg)->pages, pages);
	return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
	struct wal_watch *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->wanted && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop)
			break;
		w->wanted = 0;
		w->busy = 1;
		pthread_mutex_unlock(&w->mu);
		uint64_t t0 = gx_monotonic_us();
		int log = 0, copied = 0;
		int rc = sqlite3_wal_checkpoint_v2(w->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)   /* the next commit asks again */
			fprintf(stderr, "checkpoint of the write-ahead log failed: %s\n", sqlite3_errmsg(w->ckpt_db));
		uint64_t t1 = gx_monotonic_us();
		pthread_mutex_lock(&w->mu);
		w->busy = 0;
		w->passes++;
		w->checkpoints++;
		w->checkpoint_us += t1 - t0;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

enum gx_err wal_watch_begin(struct store *s, struct wal_watch **out, struct gx_error *err)
{
	*out = NULL;
	sqlite3 *db = sqlite_store_handle(s);
	if (!db)
		return GX_OK;
	const char *path = sqlite3_db_filename(db, "main");
	if (!path || !*path)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("checkpoints of the write-ahead log need a database file"));
	struct wal_watch *w = gx_xcalloc(1, sizeof *w);
	atomic_init(&w->pages, 0);
	if (sqlite3_open_v2(path, &w->ckpt_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		gx_error_set(err, GX_EIO, NULL, _("cannot open %s for checkpoints: %s"), path,
		             w->ckpt_db ? sqlite3_errmsg(w->ckpt_db) : "out of memory");
		sqlite3_close(w->ckpt_db);
		free(w);
		return err->code;
	}
	/* Its own automatic checkpoint never runs (it commits nothing); closing it must not
	 * checkpoint or remove the WAL either, whoever closes last. */
	sqlite3_wal_autocheckpoint(w->ckpt_db, 0);
	/* A connection checkpoints only a WAL it has opened, which its first read does. */
	if (sqlite3_exec(w->ckpt_db, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK) {
		gx_error_set(err, GX_EIO, NULL, _("cannot open %s for checkpoints: %s"), path, sqlite3_errmsg(w->ckpt_db));
		sqlite3_close(w->ckpt_db);
		free(w);
		return err->code;
	}
	sqlite3_db_config(w->ckpt_db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, checkpointer_main, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		sqlite3_close(w->ckpt_db);
		free(w);
		return gx_error_set(err, GX_EINTERNAL, NULL, "%s", _("cannot start the checkpoint thread"));
	}
	sqlite3_wal_hook(db, on_commit, w);   /* replaces the automatic checkpoint's hook */
	*out = w;
	return GX_OK;
}

void wal_watch_end(struct store *s, struct wal_watch *w, uint64_t *checkpoints, uint64_t *checkpoint_us)
{
	sqlite3 *db = sqlite_store_handle(s);
	if (db && w)
		sqlite3_wal_autocheckpoint(db, CHECKPOINT_PAGES);   /* its own hook again */
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	if (checkpoints)
		*checkpoints = w->checkpoints;
	if (checkpoint_us)
		*checkpoint_us = w->checkpoint_us;
	sqlite3_close(w->ckpt_db);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

int wal_watch_kick(struct store *s, struct wal_watch *w)
{
	if (!w)
		return 0;
	int pages = atomic_load(&w->pages);
	if (pages < w->pass_from)
		w->pass_from = 0;   /* the WAL restarted */
	pthread_mutex_lock(&w->mu);
	int idle = !w->busy && !w->wanted, tail = idle && w->passes > w->passes_seen && pages >= RESTART_PAGES;
	if (tail)
		w->passes_seen = w->passes;
	int ask = !tail && idle && pages - w->pass_from >= CHECKPOINT_PAGES;
	if (ask) {
		w->wanted = 1;
		w->pass_from = pages;
		pthread_cond_signal(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	if (tail) {
		/* The pass copied what was committed when it began; the writer kept committing. The
		 * WAL restarts from its beginning only at a write transaction that begins with every
		 * frame copied, so the writer copies the frames since (their pages mostly synced
		 * already) and its next BEGIN restarts the log. */
		int log = 0, copied = 0;
		sqlite3_wal_checkpoint_v2(sqlite_store_handle(s), NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
		w->pass_from = 0;
		return 2;
	}
	return ask;
}

void wal_watch_stats(struct wal_watch *w, uint64_t *checkpoints, uint64_t *checkpoint_us)
{
	*checkpoints = *checkpoint_us = 0;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	*checkpoints = w->checkpoints;
	*checkpoint_us = w->checkpoint_us;
	pthread_mutex_unlock(&w->mu);
}
