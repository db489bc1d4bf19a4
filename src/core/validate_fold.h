/* Shared first step of the identifier checks in core/ (validate.c, phone.c): validate UTF-8,
 * trim blanks, fold full-width ASCII and ideographic full stops onto ASCII. Private to core/. */
#ifndef GUANXI_CORE_VALIDATE_FOLD_H
#define GUANXI_CORE_VALIDATE_FOLD_H

#include <stddef.h>
#include "guanxi/error.h"

/* Writes the folded text into out (size bytes); any other non-ASCII character, an empty or
 * blank value, or one that does not fit are errors whose message starts with `what`. */
enum gx_err gx_fold_ascii(const char *text, char *out, size_t size, const char *what,
                          const char *field, struct gx_error *err);

#endif
