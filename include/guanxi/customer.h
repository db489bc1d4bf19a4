/* Customer files (客户档案): create, update, delete to the recycle bin, restore, purge, merge,
 * duplicate detection, and the public pool (公海). DECISIONS.md "Duplicates", "Public pool",
 * "Deletes", "Audit". */
#ifndef GUANXI_CUSTOMER_H
#define GUANXI_CUSTOMER_H

#include "guanxi/app.h"
#include "guanxi/customer_store.h"

struct customer_dups {
	struct customer_dup *items;
	size_t n;
	int blocking;     /* a phone, e-mail or USCC match: creation refused unless forced */
};

/* Creates a customer from a record whose fields were set with app_field_set_text. A missing
 * code is generated (C00000001…); a missing kind is "person". A phone, e-mail or USCC shared
 * with a live customer refuses the creation (GX_ECONFLICT, field names the match) unless
 * force; same-name matches are returned in dups as hints. On success in->id is set. */
enum gx_err app_customer_create(struct app *app, struct record *in, int force, struct gx_arena *a,
                                struct customer_dups *dups, struct gx_error *err);

/* Bulk import: the keys of every stored customer (code, phones, e-mail, USCC; deleted and
 * merged ones too) as an in-memory set, so that a row whose keys are all new needs no
 * look-up. may_have is 0 only when the key is certainly absent (1 for a NULL set). */
enum customer_key_kind { CUSTOMER_KEY_CODE = 1, CUSTOMER_KEY_PHONE, CUSTOMER_KEY_EMAIL, CUSTOMER_KEY_USCC };
struct customer_keys;
enum gx_err customer_keys_load(struct store *s, struct customer_keys **out, struct gx_error *err);
/* Adds the keys of customer rows created since the load or the last refresh (by anyone). */
enum gx_err customer_keys_refresh(struct store *s, struct customer_keys *k, struct gx_error *err);
void customer_keys_free(struct customer_keys *k);
void customer_keys_add(struct customer_keys *k, enum customer_key_kind kind, const char *value);
void customer_keys_add_record(struct customer_keys *k, const struct record *r);
int customer_keys_may_have(const struct customer_keys *k, enum customer_key_kind kind,
                           const char *value);
/* app_customer_create for an importer holding the keys set: look-ups of keys the set does not
 * have are skipped (the result is the same); the new customer's keys are added to the set.
 * Same-name hints are not computed (an importer has no use for them). */
enum gx_err app_customer_create_keyed(struct app *app, struct record *in, int force,
                                      struct customer_keys *keys, struct gx_arena *a,
                                      struct gx_error *err);

/* Applies the fields set in patch (patch->id names the customer). expected_version > 0
 * enforces optimistic locking. */
enum gx_err app_customer_update(struct app *app, struct record *patch, int64_t expected_version,
                                int force, struct gx_arena *a, struct customer_dups *dups,
                                struct gx_error *err);

/* Loads a customer with roles and tags. Deleted ones only with include_deleted. */
enum gx_err app_customer_get(struct app *app, int64_t id, int include_deleted, struct gx_arena *a,
                             struct record *out, struct gx_error *err);
/* Resolves "123" (an id) or a customer code to an id. */
enum gx_err app_customer_resolve(struct app *app, const char *id_or_code, int64_t *id,
                                 struct gx_error *err);

enum gx_err app_customer_delete(struct app *app, int64_t id, struct gx_error *err);
enum gx_err app_customer_restore(struct app *app, int64_t id, struct gx_error *err);
/* Removes a deleted customer for good, with its contacts and interactions. Refused while
 * orders reference it (they are kept for the accounts). */
enum gx_err app_customer_purge(struct app *app, int64_t id, struct gx_error *err);
/* Purges every customer deleted more than recycle_bin_days ago; counts what it purged and
 * what it had to keep. */
enum gx_err app_recycle_bin_purge(struct app *app, int64_t *purged, int64_t *kept,
                                  struct gx_error *err);

/* Merges `from` into `into`: every related record moves, empty fields of `into` are filled
 * from `from`, and `from` goes to the recycle bin marked merged_into. One job, audited. */
enum gx_err app_customer_merge(struct app *app, int64_t into, int64_t from, int64_t *moved,
                               struct gx_error *err);

/* Public pool. claim: the acting user takes an unowned customer, within the limits (owned,
 * per day, cooldown after losing it); beyond a limit GX_EFORBIDDEN says an approval is needed.
 * release: the owner (or an admin/manager) gives it back with a reason. assign: an admin or
 * manager gives it to a user. recycle: the job that returns idle customers to the pool. */
enum gx_err app_pool_claim(struct app *app, int64_t customer_id, struct gx_error *err);
enum gx_err app_pool_release(struct app *app, int64_t customer_id, const char *reason,
                             struct gx_error *err);
enum gx_err app_pool_assign(struct app *app, int64_t customer_id, int64_t user_id,
                            struct gx_error *err);
enum gx_err app_pool_recycle(struct app *app, int64_t *recycled, int64_t *job_id,
                             struct gx_error *err);

/* Influence links: an indirect customer (a designer, an adviser) influences direct ones. */
enum gx_err app_customer_link(struct app *app, int64_t indirect_id, int64_t direct_id,
                              const char *note, struct gx_error *err);
enum gx_err app_customer_unlink(struct app *app, int64_t indirect_id, int64_t direct_id,
                                struct gx_error *err);

#endif
