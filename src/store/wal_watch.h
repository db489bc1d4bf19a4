/* Checkpoints outside the writer's COMMIT (docs/architecture.md, "Durability and group
 * commit", item 6): on SQLite a connection checkpoints inside the COMMIT that takes the WAL past
 * 1,000 pages, so the group whose COMMIT it was waited for the copy into the database file and
 * two fsyncs (at a million customers 18 ms on average, a quarter of all groups). The group
 * commit writer turns that off and checkpoints after handing its group to the syncer, beside
 * the sync. On other backends these do nothing. */
#ifndef GX_STORE_WAL_WATCH_H
#define GX_STORE_WAL_WATCH_H

#include "guanxi/error.h"

struct store;
struct wal_watch;

/* Automatic checkpoints off on this connection; the WAL's size is recorded at every commit.
 * *out is NULL on a backend without a WAL. */
enum gx_err wal_watch_begin(struct store *s, struct wal_watch **out, struct gx_error *err);
/* Automatic checkpoints back on (SQLite's default of 1,000 pages); frees w. */
void wal_watch_end(struct store *s, struct wal_watch *w);
/* A passive checkpoint when the WAL has reached 1,000 pages since the last one (what the
 * automatic checkpoint would have done at the last COMMIT). Not inside a transaction.
 * *ran = 1 when it checkpointed. */
enum gx_err wal_watch_checkpoint(struct store *s, struct wal_watch *w, int *ran, struct gx_error *err);

#endif
