/* The application layer: the product's verbs (customer_create, pool_claim, …), each validating
 * its input, checking the rules of DECISIONS.md, writing through the store in one transaction
 * with its audit row, and returning a typed error. The CLI and the HTTP handlers are thin
 * adapters over these functions. */
#ifndef GUANXI_APP_H
#define GUANXI_APP_H

#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/entity.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

/* Who is acting. user_id 0 is the system (the CLI run by the database's owner, batch jobs):
 * it has every permission. */
struct app_actor {
	int64_t user_id;
	char role[16];
	int64_t department_id;
	int64_t team_id;
	/* The department the user heads (departments.head_user_id), 0 for none: its head is that
	 * department's manager and sees its subtree whatever the role's row scope (app_access_apply). */
	int64_t head_of;
};

/* Company settings with the defaults of DECISIONS.md; stored in the settings table. */
struct app_settings {
	char timezone[64];          /* "Asia/Shanghai" */
	char currency[8];           /* "CNY" */
	int pool_max_owned;         /* 200 */
	int pool_max_claims_per_day;/* 20 */
	int pool_cooldown_days;     /* 30 */
	int pool_recycle_days;      /* 30 */
	int recycle_bin_days;       /* 30 */
	/* Background jobs run by guanxi serve: seconds between runs, 0 = never (docs/deploy.md). */
	int job_score_every_s;      /* 86400: score refresh */
	int job_recycle_every_s;    /* 86400: public-pool recycle */
	int job_webhooks_every_s;   /* 1: webhook delivery passes */
	int job_lease_s;            /* 120: a running job's lease, renewed every third of it; a
	                             * killed server's job is taken over within about this long */
	int webhook_max_attempts;   /* 8: then the delivery is marked failed */
	int webhook_backoff_s;      /* 30: wait after the first failure, doubled after each */
	int webhook_timeout_s;      /* 10: per delivery attempt */
	int webhook_retention_days; /* 30: older events and delivery logs are pruned daily; 0 keeps */
	int import_retention_days;  /* 7: import wizard runs and their files are purged daily; 0 keeps */
};

struct app {
	struct store *store;
	struct app_actor actor;
	const char *request_id;     /* for the audit log; may be NULL */
	int64_t job_id;             /* inside a bulk job: records point to it, no per-record audit */
	struct app_settings settings;
	/* Bulk imports defer search indexing to the end of each batch (app_search_flush): FTS5
	 * writes inside every row's savepoint would flush a tiny index segment per row. */
	int defer_search;
	struct app_pending_search *pending;
	size_t npending, cap_pending;
	/* The admins' changes to the permission table (guanxi/access.h); NULL: defaults only. */
	struct access_policy *access;
	/* API tokens checked on this connection while the database stayed the same
	 * (app/token_cache.h); NULL until the first. */
	struct token_cache *tokens;
};

struct access_policy;
struct token_cache;

struct app_pending_search {
	const struct entity_def *def;
	int64_t id;
};

/* Opens the database (creating and migrating it when create is set) and loads settings. */
enum gx_err app_open(struct app *app, const char *db_url, int create, struct gx_error *err);
void app_close(struct app *app);

/* Acts as the user with that username (must exist and be active). */
enum gx_err app_set_actor(struct app *app, const char *username, struct gx_error *err);

enum gx_err app_settings_load(struct app *app, struct gx_error *err);
/* Validates and stores one setting ("pool_max_owned" = "150"). */
enum gx_err app_setting_set(struct app *app, const char *key, const char *value, struct gx_error *err);

/* --- field values ---------------------------------------------------------------------- */

/* Parses user text for a field of r into its typed value, validating it (dates, money, phone,
 * e-mail, USCC, enums, references by code…) and deriving normalised columns. An empty string
 * sets NULL. The message names the field. */
enum gx_err app_field_set_text(struct app *app, struct record *r, const char *field,
                               const char *text, struct gx_arena *a, struct gx_error *err);
/* The value of a field as text for display and export (money as yuan "12.50", references as
 * the referenced record's code, lists joined with ";"). */
const char *app_field_text(struct app *app, const struct record *r, size_t field_index,
                           struct gx_arena *a);
/* Checks FF_REQUIRED fields of a new record. */
enum gx_err app_record_check_required(const struct record *r, struct gx_error *err);

/* --- audit ------------------------------------------------------------------------------ */

/* One audit row for an interactive write: the changed fields with before/after values (NULL
 * before for a create, NULL after for a delete). */
enum gx_err app_audit_change(struct app *app, const char *action, const struct record *before,
                             const struct record *after, int64_t job_id, struct gx_error *err);
/* Indexes a record for search now, or queues it when app->defer_search is set. */
enum gx_err app_search_index(struct app *app, const struct record *r, struct gx_error *err);
/* Indexes the queued records (those that still exist) and empties the queue. */
enum gx_err app_search_flush(struct app *app, struct gx_error *err);

/* Marks a record about to be written as part of the current job (no-op outside a job). */
void app_stamp_job(const struct app *app, struct record *r);
enum gx_err app_audit_simple(struct app *app, const char *action, const char *entity, int64_t id,
                             const char *changes_json, int64_t job_id, struct gx_error *err);

#endif
