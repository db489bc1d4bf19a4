/* Approval requests (PRODUCT.md module 11): a user asks for something they may not do alone
 * (a discount over the threshold, a credit-limit override, a customer transfer, a public-pool
 * claim over the limit); the request goes to their manager (DECISIONS.md "Managers"), who
 * approves or rejects it with a reason; on approval the waiting action is carried out in the
 * same transaction. Requests, decisions and the actions are audited, and the people involved
 * are notified.
 *
 *     pending --approve--> approved     pending --reject--> rejected
 *     pending --cancel (by the requester)--> cancelled
 *
 * What an approval does is a kind in the registry of src/app/approval_kinds.c: a new kind is
 * one line there. */
#ifndef GUANXI_APPROVAL_H
#define GUANXI_APPROVAL_H

#include <stdint.h>

#include "guanxi/app.h"

struct approval_kind {
	const char *name;
	/* Carries out the approved action on entity_id with the request's payload. An error
	 * leaves the request pending and undoes everything (the approver sees the message). */
	enum gx_err (*on_approve)(struct app *app, int64_t entity_id, const char *payload_json,
	                          struct gx_error *err);
	/* Called when the request is rejected or withdrawn, to release whatever the request
	 * reserved (may be NULL when there is nothing). An error keeps the request pending. */
	enum gx_err (*on_reject)(struct app *app, int64_t entity_id, const char *payload_json,
	                         struct gx_error *err);
};

/* The registry (approval_kinds.c), ended by a NULL name. */
extern const struct approval_kind approval_kinds[];
const struct approval_kind *approval_kind_find(const char *name);

/* Files a request of `kind` about entity/entity_id by the acting user, routed to their manager;
 * payload_json (an object or NULL) is what the kind's on_approve needs; reason says why (may
 * be NULL). Refused: an unknown kind, no acting user, no manager, a pending request of the
 * same kind for the same record by the same user. Notifies the approver. Sets *approval_id. */
enum gx_err app_approval_request(struct app *app, const char *kind, const char *entity,
                                 int64_t entity_id, const char *payload_json, const char *reason,
                                 int64_t *approval_id, struct gx_error *err);
/* The approver (or an admin, or the system) approves: the kind's on_approve runs in the same
 * transaction. Approving one's own request, deciding twice and deciding someone else's request
 * are refused and change nothing. */
enum gx_err app_approval_approve(struct app *app, int64_t id, const char *reason,
                                 struct gx_error *err);
/* Rejects; a reason is required. */
enum gx_err app_approval_reject(struct app *app, int64_t id, const char *reason,
                                struct gx_error *err);
/* How many pending requests of this kind wait for the record (entity_id): a module whose own
 * decision commands must not overtake the inbox asks this first. */
enum gx_err app_approval_pending_count(struct app *app, const char *kind, int64_t entity_id,
                                       int64_t *count, struct gx_error *err);
/* The requester withdraws a pending request. */
enum gx_err app_approval_cancel(struct app *app, int64_t id, struct gx_error *err);

/* The two kinds implemented with the workflow module. */
/* Asks to move a customer the acting user owns (or, for a manager, any owned customer) to
 * to_user_id. Approval sets the new owner (if the owner has not changed meanwhile). */
enum gx_err app_customer_transfer_request(struct app *app, int64_t customer_id, int64_t to_user_id,
                                          const char *reason, int64_t *approval_id,
                                          struct gx_error *err);
/* Asks to claim a pool customer beyond the owned or daily limit (the cooldown still applies).
 * Approval gives the customer to the requester even though over the limit. */
enum gx_err app_pool_claim_request(struct app *app, int64_t customer_id, const char *reason,
                                   int64_t *approval_id, struct gx_error *err);

#endif
