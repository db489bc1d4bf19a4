/* Copying a whole database into another one, and checking that two databases hold the same
 * rows (docs/deploy.md "Backups and moving to PostgreSQL"). Works between any two backends:
 * the tables, their columns, primary keys and foreign keys are read from each database's own
 * catalogue (driver schema_tables / schema_columns), never from a list kept by hand.
 *
 * The checksum of a table is backend-neutral: each row's columns, in column-name order, are
 * rendered as the database returns them as text (NULL distinct from every text), each row is
 * hashed with SHA-256, the row digests are added up as 256-bit little-endian numbers (mod
 * 2^256), and the table's checksum is the SHA-256 of that sum (of nothing for an empty table;
 * for one row, the SHA-256 of its digest). The sum makes it independent of the order and
 * collation a backend uses, so a SQLite file and a PostgreSQL database holding the same rows
 * agree, and it needs no memory per row: tables of ten million rows are checked in a stream. */
#ifndef GUANXI_COPY_H
#define GUANXI_COPY_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"

struct store;

struct copy_table_report {
	char *table;
	int64_t src_rows, dst_rows;      /* -1: not measured (a checksum of one database) */
	char src_sum[65], dst_sum[65];   /* lowercase hex SHA-256 */
	int differs;
};

struct copy_report {
	struct copy_table_report *t;     /* in copy (foreign key) order, or by name */
	size_t n;
	int schema_version;
	int64_t indexed;                 /* records put into the target's search index */
	int replaced;                    /* the target held rows and they were deleted first */
	int not_empty;                   /* refused: the target held rows */
};

struct copy_options {
	/* Delete every row of the target's tables first (in the copy's transaction) instead of
	 * refusing a target that holds rows. */
	int replace;
};

/* Copies every table of src into dst, which must have the same schema version and the same
 * tables and columns, and hold no rows (unless opts->replace). src is read in one consistent
 * snapshot; dst is written in one transaction: its secondary indexes are dropped, rows go in
 * with their ids through the backend's bulk load (PostgreSQL COPY; SQLite multi-row INSERTs),
 * tables in foreign-key order (a foreign key to the same or a later table is filled by an
 * UPDATE once its rows exist), its search index is rebuilt from the source's customers,
 * contacts, leads and tickets, its identity sequences are moved past the largest ids and the
 * dropped indexes are built again. Before committing, every table of dst is
 * counted and checksummed against src; on any difference the transaction is rolled back and
 * GX_ECONFLICT returned, with the report (always filled, free it) saying where. */
enum gx_err copy_database(struct store *src, struct store *dst, const struct copy_options *opts,
                          struct copy_report *rep, struct gx_error *err);

/* Counts and checksums every table of s in one snapshot (src_rows/src_sum of the report). */
enum gx_err copy_checksum(struct store *s, struct copy_report *rep, struct gx_error *err);

/* Checks the database's storage (SQLite quick_check; nothing to check on PostgreSQL). */
enum gx_err copy_check_integrity(struct store *s, struct gx_error *err);

/* Writes a consistent copy of s into the new file path with the backend's online backup;
 * *supported = 0 (and nothing done) when the backend has none. */
enum gx_err copy_backup_file(struct store *s, const char *path, int *supported, struct gx_error *err);

/* 1 when s has a table of that name (among the copied ones, or schema_migrations). */
enum gx_err copy_has_table(struct store *s, const char *table, int *found, struct gx_error *err);

void copy_report_free(struct copy_report *rep);

#endif
