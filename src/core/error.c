/* Typed error values and their messages (see include/guanxi/error.h). */
#include "guanxi/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum gx_err gx_error_set(struct gx_error *err, enum gx_err code, const char *field,
                         const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

void gx_error_clear(struct gx_error *err)
{
	if (!err)
		return;
	err->code = GX_OK;
	err->field[0] = '\0';
	err->message[0] = '\0';
}

void gx_error_prefix(struct gx_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	char prefix[256], old[sizeof err->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof old);
	size_t pl = strlen(prefix), ol = strlen(old);
	if (pl > sizeof err->message - 1)
		pl = sizeof err->message - 1;
	if (ol > sizeof err->message - 1 - pl)
		ol = sizeof err->message - 1 - pl;
	memcpy(err->message, prefix, pl);
	memcpy(err->message + pl, old, ol);
	err->message[pl + ol] = '\0';
}

const char *gx_err_code_name(enum gx_err code)
{
	switch (code) {
	case GX_OK: return "ok";
	case GX_EINVAL: return "invalid_input";
	case GX_ENOTFOUND: return "not_found";
	case GX_ECONFLICT: return "conflict";
	case GX_EFORBIDDEN: return "forbidden";
	case GX_EUNAUTH: return "unauthenticated";
	case GX_ETOOLARGE: return "too_large";
	case GX_ERATELIMIT: return "rate_limited";
	case GX_EUNAVAIL: return "unavailable";
	case GX_ENUMERIC: return "invalid_input";
	case GX_EIO: return "invalid_input";
	case GX_EINTERNAL:
	case GX_ENOMEM: return "internal";
	}
	return "internal";
}

int gx_err_exit_status(enum gx_err code)
{
	return code == GX_OK ? 0 : 1;
}
