/* Naming tickets, snippets and users on the command line (see cli/service_common.h). */
#include "cli/service_common.h"

#include "guanxi/kb.h"

#define ARG(name, fn)                                                                     \
	int name(struct cli_ctx *ctx, struct app *app, const char *arg, int64_t *id)          \
	{                                                                                     \
		struct gx_error err;                                                              \
		gx_error_clear(&err);                                                             \
		return fn(app, arg, id, &err) == GX_OK ? CLI_OK : cli_fail(&err);                 \
	}

ARG(cli_ticket_arg, app_ticket_resolve)
ARG(cli_kb_arg, app_kb_resolve)
ARG(cli_user_arg, app_user_resolve)
