/* The rules of whole-database copy, backup and restore (include/guanxi/dbops.h): sources are
 * opened as they are (never migrated, never created), targets are created and migrated,
 * backups never overwrite a file, files left by a failed run are removed. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guanxi/dbops.h"
#include "guanxi/i18n.h"
#include "guanxi/store.h"

static int is_postgres(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

static const char *sqlite_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Removes a SQLite database file and its companions. */
static void remove_sqlite(const char *path)
{
	char buf[4096];
	unlink(path);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-journal", path);
	unlink(buf);
}

static enum gx_err open_source(const char *url, struct store **s, struct gx_error *err)
{
	struct store_open_options o = {0};
	return store_open(url, &o, s, err);
}

static enum gx_err open_target(const char *url, struct store **s, int *created, struct gx_error *err)
{
	*created = !is_postgres(url) && !file_exists(sqlite_path(url));
	struct store_open_options o = {.create = 1, .migrate = 1};
	enum gx_err e = store_open(url, &o, s, err);
	if (e != GX_OK && *created)
		remove_sqlite(sqlite_path(url));
	return e;
}

static int same_database(const char *a, const char *b)
{
	if (is_postgres(a) || is_postgres(b))
		return strcmp(a, b) == 0;
	struct stat sa, sb;
	if (stat(sqlite_path(a), &sa) != 0 || stat(sqlite_path(b), &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static enum gx_err copy_into(struct store *src, const char *to_url, const struct copy_options *opts,
                             struct copy_report *rep, struct gx_error *err)
{
	struct store *dst;
	int created;
	enum gx_err e = open_target(to_url, &dst, &created, err);
	if (e != GX_OK)
		return e;
	e = copy_database(src, dst, opts, rep, err);
	/* PostgreSQL: the new tables' statistics and the search's gram counts, which a freshly
	 * filled database lacks until autovacuum comes round (store_planner_stats_refresh). */
	if (e == GX_OK)
		e = store_planner_stats_refresh(dst, err);
	store_close(dst);
	if (e != GX_OK && created)
		remove_sqlite(sqlite_path(to_url));
	return e;
}

enum gx_err dbops_copy(const char *from_url, const char *to_url, struct copy_report *rep,
                       struct gx_error *err)
{
	memset(rep, 0, sizeof *rep);
	if (same_database(from_url, to_url))
		return gx_error_set(err, GX_EINVAL, "to", "%s",
		                    _("the source and the target are the same database"));
	struct store *src;
	enum gx_err e = open_source(from_url, &src, err);
	if (e != GX_OK)
		return e;
	struct copy_options o = {0};
	e = copy_into(src, to_url, &o, rep, err);
	store_close(src);
	return e;
}

enum gx_err dbops_backup(const char *db_url, const char *path, enum dbops_backup_method *method,
                         struct copy_report *rep, struct gx_error *err)
{
	memset(rep, 0, sizeof *rep);
	if (file_exists(path))
		return gx_error_set(err, GX_ECONFLICT, "file",
		                    _("%s already exists; a backup never overwrites a file"), path);
	struct store *src;
	enum gx_err e = open_source(db_url, &src, err);
	if (e != GX_OK)
		return e;
	int online = 0;
	e = copy_backup_file(src, path, &online, err);
	if (e == GX_OK && online) {
		*method = DBOPS_BACKUP_ONLINE;
		/* Read the file back: it opens, its pages are sound, and these are its contents. */
		struct store *b;
		char url[4096];
		snprintf(url, sizeof url, "sqlite:%s", path);
		if ((e = open_source(url, &b, err)) == GX_OK) {
			if ((e = copy_check_integrity(b, err)) == GX_OK)
				e = copy_checksum(b, rep, err);
			store_close(b);
		}
	} else if (e == GX_OK) {
		*method = DBOPS_BACKUP_SNAPSHOT;
		char url[4096];
		snprintf(url, sizeof url, "sqlite:%s", path);
		struct copy_options o = {0};
		e = copy_into(src, url, &o, rep, err);
	}
	store_close(src);
	if (e != GX_OK)
		remove_sqlite(path);
	return e;
}

enum gx_err dbops_restore(const char *path, const char *db_url, int force, struct copy_report *rep,
                          struct gx_error *err)
{
	memset(rep, 0, sizeof *rep);
	if (!file_exists(path))
		return gx_error_set(err, GX_ENOTFOUND, "file", _("backup file %s does not exist"), path);
	char url[4096];
	snprintf(url, sizeof url, "sqlite:%s", path);
	if (same_database(url, db_url))
		return gx_error_set(err, GX_EINVAL, "db", "%s",
		                    _("the backup file and the target are the same database"));
	struct store *src;
	enum gx_err e = open_source(url, &src, err);
	if (e == GX_OK) {
		int found = 0;
		if ((e = copy_check_integrity(src, err)) == GX_OK &&
		    (e = copy_has_table(src, "schema_migrations", &found, err)) == GX_OK && !found)
			e = gx_error_set(err, GX_EINVAL, "file", "%s", _("it is not a Guanxi database"));
		if (e != GX_OK)
			store_close(src);
	}
	if (e != GX_OK) {
		gx_error_prefix(err, _("backup file %s is damaged or not a backup: "), path);
		return GX_EINVAL;
	}
	struct copy_options o = {.replace = force};
	e = copy_into(src, db_url, &o, rep, err);
	store_close(src);
	return e;
}

enum gx_err dbops_checksum(const char *db_url, struct copy_report *rep, struct gx_error *err)
{
	memset(rep, 0, sizeof *rep);
	struct store *s;
	enum gx_err e = open_source(db_url, &s, err);
	if (e != GX_OK)
		return e;
	e = copy_checksum(s, rep, err);
	store_close(s);
	return e;
}
