/* The built-in permission table and row scopes (docs/architecture.md "Access control"), what a
 * new database starts with before an admin changes anything. The rows follow the roles of
 * PRODUCT.md module 11: sales work their own and their team's customers and may not delete
 * or export them (人走客不走); service reads customers and works interactions and tickets;
 * marketing reads everything masked and runs campaigns; managers do everything in their
 * department subtree, see contact details in full and export; analysts read and export
 * everything (masked); read-only users read. Only admins change users, the permission table
 * and read the audit log. An entity not listed (added by a later module) gets the last row. */
#include <string.h>

#include "guanxi/access.h"

#define R (1u << ACCESS_READ)
#define C (1u << ACCESS_CREATE)
#define U (1u << ACCESS_UPDATE)
#define D (1u << ACCESS_DELETE)
#define X (1u << ACCESS_EXPORT)
#define F (1u << ACCESS_FULL_VIEW)
#define A (1u << ACCESS_ADMIN)
#define ALL (R | C | U | D | X | F | A)

const char *const access_role_names[] = {"admin", "manager", "sales", "service", "marketing",
                                         "analyst", "readonly", NULL};
const char *const access_action_names[] = {"read", "create", "update", "delete", "export",
                                           "full_view", "admin", NULL};
/* Names the permission table knows beside the entities: the admin pages, and modules whose
 * records are not generic entities (surveys keep their own tables). */
const char *const access_pseudo_entities[] = {"permission", "audit", "survey", "webhook", "job",
                                                   "analytics", NULL};

static const struct {
	const char *entity;        /* NULL: any entity not listed */
	unsigned role[ACCESS_NROLES];
} defaults[] = {
	/*                admin  manager          sales          service        marketing      analyst readonly */
	{"customer",     {ALL, R | C | U | D | X | F, R | C | U,  R | U,         R | X,         R | X, R}},
	{"contact",      {ALL, R | C | U | D | X | F, R | C | U | D, R | C | U,  R | X,         R | X, R}},
	{"interaction",  {ALL, R | C | U | D | X, R | C | U | D, R | C | U | D,  R | C,         R | X, R}},
	{"order",        {ALL, R | C | U | D | X, R | C | U,      R,              R,             R | X, R}},
	{"order_line",   {ALL, R | C | U | D | X, R | C | U,      R,              R,             R | X, R}},
	{"product",      {ALL, R | C | U | D | X, R,              R,              R,             R | X, R}},
	{"category",     {ALL, R | C | U | D | X, R,              R,              R,             R | X, R}},
	{"user",         {ALL, R,                 R,              R,              R,             R,     R}},
	{"department",   {ALL, R,                 R,              R,              R,             R,     R}},
	{"team",         {ALL, R,                 R,              R,              R,             R,     R}},
	{"permission",   {ALL, 0,                 0,              0,              0,             0,     0}},
	{"audit",        {ALL, 0,                 0,              0,              0,             0,     0}},
	{"webhook",      {ALL, 0,                 0,              0,              0,             0,     0}},
	{"job",          {ALL, 0,                 0,              0,              0,             0,     0}},
	{"ticket",       {ALL, R | C | U | D | X, R | C | U,      R | C | U | D,  R,             R | X, R}},
	{"campaign",     {ALL, R | C | U | D | X, R,              R,              R | C | U | D | X, R | X, R}},
	{"segment",      {ALL, R | C | U | D | X, R,              R,              R | C | U | D | X, R | X, R}},
	{"survey",       {ALL, R | C | U | D | X, R,              R | C | U,      R | C | U | D | X, R | X, R}},
	/* "admin" on these: deciding overrides and discounts, running the reminder job (managers
	 * too) */
	{"credit_override", {ALL, R | C | U | D | X | A, R | C,    R | C,          R,             R | X, R}},
	{"task",         {ALL, R | C | U | D | X | A, R | C | U,  R | C | U,      R | C | U,     R | X, R}},
	{"quote",        {ALL, R | C | U | D | X | A, R | C | U,  R,              R,             R | X, R}},
	/* the analytics pages' aggregates (GET /api/v1/analytics/...), narrowed by the row scope */
	{"analytics",    {ALL, R | X,             0,              0,              0,             R | X, 0}},
	{NULL,           {ALL, R | C | U | D | X, R | C | U,      R | C | U,      R | C | U,     R | X, R}},
};

static const enum store_scope_kind default_scopes[ACCESS_NROLES] = {
	STORE_SCOPE_ALL,          /* admin */
	STORE_SCOPE_DEPARTMENT,   /* manager: their department and all below it */
	STORE_SCOPE_TEAM,         /* sales: own and team */
	STORE_SCOPE_TEAM,         /* service */
	STORE_SCOPE_ALL,          /* marketing (contact details masked) */
	STORE_SCOPE_ALL,          /* analyst (masked) */
	STORE_SCOPE_ALL,          /* readonly (masked) */
};

int access_role_index(const char *role)
{
	for (int i = 0; role && access_role_names[i]; i++)
		if (strcmp(role, access_role_names[i]) == 0)
			return i;
	return -1;
}

int access_action_parse(const char *name)
{
	for (int i = 0; name && access_action_names[i]; i++)
		if (strcmp(name, access_action_names[i]) == 0)
			return i;
	return -1;
}

int access_default_allowed(const char *role, const char *entity, enum access_action action)
{
	int ri = access_role_index(role);
	if (ri < 0 || (unsigned)action >= ACCESS_NACTIONS)
		return 0;
	size_t i = 0;
	while (defaults[i].entity && (!entity || strcmp(defaults[i].entity, entity) != 0))
		i++;
	return (defaults[i].role[ri] >> action) & 1u;
}

enum store_scope_kind access_default_scope(const char *role)
{
	int ri = access_role_index(role);
	return ri < 0 ? STORE_SCOPE_NONE : default_scopes[ri];
}
