/* Database operations of `guanxi db copy`, `guanxi backup` and `guanxi restore` (docs/deploy.md
 * "Backups and moving to PostgreSQL"): which databases they open and how, what they refuse,
 * and what they leave behind on failure. The copying and checking itself is store/copy.c. */
#ifndef GUANXI_DBOPS_H
#define GUANXI_DBOPS_H

#include "guanxi/copy.h"
#include "guanxi/error.h"

/* Copies the database at from_url into to_url (created and migrated if it is a new SQLite
 * file; a PostgreSQL database must exist and is migrated). The target must hold no rows. A
 * SQLite file this call created is removed again when the copy fails. */
enum gx_err dbops_copy(const char *from_url, const char *to_url, struct copy_report *rep,
                       struct gx_error *err);

enum dbops_backup_method {
	DBOPS_BACKUP_ONLINE,     /* SQLite online backup API: the file is a page copy */
	DBOPS_BACKUP_SNAPSHOT,   /* a snapshot of every table copied into a new SQLite file */
};

/* Writes a backup of db_url into the new file path (never overwritten): always a SQLite
 * database. rep gets the backup's counts and checksums (src_*), or on a snapshot copy both
 * sides. The file is removed again on failure. */
enum gx_err dbops_backup(const char *db_url, const char *path, enum dbops_backup_method *method,
                         struct copy_report *rep, struct gx_error *err);

/* Restores the backup file path into db_url through the copy (so verified by counts and
 * checksums). A target that holds rows is refused unless force; with force its rows are
 * deleted in the same transaction that writes the backup's, so a failed restore changes
 * nothing. A damaged file, or one that is not a Guanxi database, is refused. */
enum gx_err dbops_restore(const char *path, const char *db_url, int force, struct copy_report *rep,
                          struct gx_error *err);

/* Counts and checksums of every table of db_url (src_* of rep). */
enum gx_err dbops_checksum(const char *db_url, struct copy_report *rep, struct gx_error *err);

#endif
