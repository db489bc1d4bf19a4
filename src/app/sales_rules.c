/* The state machines of sales as tables, so that the allowed moves are written once and the
 * tests can walk every pair: leads, contracts and quote actions. Opportunities move through
 * the stages of their pipeline instead (app/sales_opportunity.c). */
#include <stddef.h>
#include <string.h>

#include "guanxi/sales.h"

struct move {
	const char *from, *to;
};

static int allowed(const struct move *t, size_t n, const char *from, const char *to)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].from, from) == 0 && strcmp(t[i].to, to) == 0)
			return 1;
	return 0;
}

/* "converted" is reached only through the conversion, never by a status change. */
static const struct move lead_moves[] = {
	{"new", "contacted"},       {"new", "qualified"},       {"new", "disqualified"},
	{"contacted", "qualified"}, {"contacted", "disqualified"},
	{"qualified", "disqualified"},
	{"disqualified", "new"},
};

int sales_lead_transition_ok(const char *from, const char *to)
{
	return allowed(lead_moves, sizeof lead_moves / sizeof *lead_moves, from, to);
}

static const struct move contract_moves[] = {
	{"draft", "signed"}, {"draft", "terminated"}, {"signed", "completed"}, {"signed", "terminated"},
};

int sales_contract_transition_ok(const char *from, const char *to)
{
	return allowed(contract_moves, sizeof contract_moves / sizeof *contract_moves, from, to);
}

/* action, from, resulting status. approve/reject are the approval handlers' moves. */
static const struct {
	const char *action, *from, *to;
} quote_moves[] = {
	{"send", "draft", "sent"},           {"send", "approved", "sent"},
	{"accept", "sent", "accepted"},      {"decline", "sent", "declined"},
	{"approve", "pending_approval", "approved"}, {"reject", "pending_approval", "rejected"},
	{"cancel", "draft", "cancelled"},    {"cancel", "pending_approval", "cancelled"},
	{"cancel", "approved", "cancelled"}, {"cancel", "rejected", "cancelled"},
	{"cancel", "sent", "cancelled"},
};

const char *sales_quote_action_target(const char *from, const char *action)
{
	for (size_t i = 0; i < sizeof quote_moves / sizeof *quote_moves; i++)
		if (strcmp(quote_moves[i].action, action) == 0 && strcmp(quote_moves[i].from, from) == 0)
			return quote_moves[i].to;
	return NULL;
}
