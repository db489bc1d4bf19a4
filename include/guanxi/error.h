/* Typed errors. Every function that can fail returns an enum gx_err and fills a caller-provided
 * struct gx_error with a message saying what went wrong, where (field, line, column) and why.
 * The codes match the API error codes of DECISIONS.md so HTTP and the CLI map them directly. */
#ifndef GUANXI_ERROR_H
#define GUANXI_ERROR_H

#include <stddef.h>

enum gx_err {
	GX_OK = 0,
	GX_EINVAL,        /* invalid_input: bad data from a user or client */
	GX_ENOTFOUND,     /* not_found */
	GX_ECONFLICT,     /* conflict: duplicate, stale version, state does not allow it */
	GX_EFORBIDDEN,    /* forbidden */
	GX_EUNAUTH,       /* unauthenticated */
	GX_ETOOLARGE,     /* too_large */
	GX_ERATELIMIT,    /* rate_limited */
	GX_EUNAVAIL,      /* unavailable: database busy or down */
	GX_EINTERNAL,     /* internal: a bug or an environment failure */
	GX_ENOMEM,        /* out of memory (reported as internal) */
	GX_EIO,           /* a file could not be read or written */
	GX_ENUMERIC       /* a model did not converge or its inputs are degenerate */
};

struct gx_error {
	enum gx_err code;
	char field[64];     /* the input field at fault, "" if none */
	char message[512];  /* human-readable, already translated */
};

/* Sets code, field (may be NULL) and a printf-formatted message; returns code. err may be NULL. */
enum gx_err gx_error_set(struct gx_error *err, enum gx_err code, const char *field,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Clears err to GX_OK with an empty message. */
void gx_error_clear(struct gx_error *err);

/* Prefixes the existing message with context ("line 12: "). */
void gx_error_prefix(struct gx_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The API code string of DECISIONS.md: "invalid_input", "not_found", ... */
const char *gx_err_code_name(enum gx_err code);

/* CLI exit status for an error: 0 for GX_OK, 1 otherwise. */
int gx_err_exit_status(enum gx_err code);

#endif
