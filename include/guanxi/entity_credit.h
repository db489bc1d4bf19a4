/* The entities of credit management (信用管理, see guanxi/credit.h): 5C assessments, invoices
 * with their fapiao details, payments against invoices, and credit overrides. Their field
 * tables live in src/store/entities_credit.c. */
#ifndef GUANXI_ENTITY_CREDIT_H
#define GUANXI_ENTITY_CREDIT_H

#include "guanxi/entity.h"

extern const struct entity_def entity_credit_assessment;
extern const struct entity_def entity_invoice;
extern const struct entity_def entity_payment;
extern const struct entity_def entity_credit_override;

/* The credit forms of orders and overrides as stored ("cash", "charge_account", …), in the
 * order of enum gx_credit_form; NULL-terminated. */
extern const char *const credit_form_names[];

#endif
