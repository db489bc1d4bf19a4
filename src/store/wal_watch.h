/* Checkpoints outside the writer's COMMIT (docs/architecture.md, "Durability and group
 * commit", item 6): on SQLite a connection checkpoints inside the COMMIT that takes the WAL past
 * 1,000 pages, so the group whose COMMIT it was waited for the copy into the database file and
 * two fsyncs (at a million customers 18 ms on average, a quarter of all groups). The group
 * commit writer turns that off and, after handing a group to the syncer, asks a checkpointer
 * thread with a connection of its own to checkpoint, so that no group waits for the copy or
 * its fsyncs. On other backends these do nothing. */
#ifndef GX_STORE_WAL_WATCH_H
#define GX_STORE_WAL_WATCH_H

#include <stdint.h>

#include "guanxi/error.h"

struct store;
struct wal_watch;

/* Automatic checkpoints off on this connection; the WAL's size is recorded at every commit;
 * the checkpointer thread starts with its own connection to the same file. *out is NULL on a
 * backend without a WAL. */
enum gx_err wal_watch_begin(struct store *s, struct wal_watch **out, struct gx_error *err);
/* Automatic checkpoints back on (SQLite's default of 1,000 pages); waits for a checkpoint
 * under way, stops the thread and frees w; the counts (may be NULL) get its totals. */
void wal_watch_end(struct store *s, struct wal_watch *w, uint64_t *checkpoints, uint64_t *checkpoint_us);
/* Called by the writer after each COMMIT (not inside a transaction), returns at once or nearly:
 * asks the idle checkpointer for a passive checkpoint once 1,000 pages were added to the WAL
 * since the last one was asked for (what the automatic checkpoint would have done at this
 * COMMIT) (1); once the WAL holds 4,000 pages and a pass has finished, checkpoints on the
 * writer's own connection the frames committed during the pass, so that the next write
 * transaction restarts the WAL from its beginning (2). */
int wal_watch_kick(struct store *s, struct wal_watch *w);
/* Checkpoints run so far and the wall time in them (thread-safe). */
void wal_watch_stats(struct wal_watch *w, uint64_t *checkpoints, uint64_t *checkpoint_us);

#endif
