/* The registry of approval kinds (see include/guanxi/approval.h): each line names a kind and
 * the functions that carry out or drop the waiting action. Adding a kind is one line here plus
 * its two functions in the module that owns the action. */
#include <string.h>

#include "guanxi/approval.h"
#include "guanxi/credit.h"
#include "guanxi/sales.h"

enum gx_err approval_customer_transfer_approve(struct app *app, int64_t entity_id,
                                               const char *payload_json, struct gx_error *err);
enum gx_err approval_pool_claim_approve(struct app *app, int64_t entity_id,
                                        const char *payload_json, struct gx_error *err);

const struct approval_kind approval_kinds[] = {
	{"customer_transfer", approval_customer_transfer_approve, NULL},
	{"pool_claim", approval_pool_claim_approve, NULL},
	{"credit_override", app_credit_override_approve, app_credit_override_reject},
	{"quote_discount", app_quote_discount_approve, app_quote_discount_reject},
	{NULL, NULL, NULL},
};

const struct approval_kind *approval_kind_find(const char *name)
{
	for (const struct approval_kind *k = approval_kinds; name && k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}
