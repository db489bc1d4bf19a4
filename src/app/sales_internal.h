/* What the sales files of app/ share: generated codes, today's local date, resolving a code or
 * an id, the actor's powers, and audit rows for status moves. */
#ifndef GX_APP_SALES_INTERNAL_H
#define GX_APP_SALES_INTERNAL_H

#include "guanxi/sales.h"

/* The next free code prefix + 8 digits after the table's highest id. */
enum gx_err sales_next_code(struct app *app, const struct entity_def *def, const char *prefix,
                            struct gx_arena *a, const char **code, struct gx_error *err);
/* Today's local date in the company zone, "YYYY-MM-DD", and the day number. */
enum gx_err sales_today(struct app *app, char out[11], int32_t *days, struct gx_error *err);
/* The local date of an instant (ISO UTC) in the company zone. */
enum gx_err sales_local_date(struct app *app, const char *instant, int32_t *days, struct gx_error *err);
/* A live record of def by code or id; GX_ENOTFOUND naming `field` otherwise. */
enum gx_err sales_resolve(struct app *app, const struct entity_def *def, const char *text,
                          const char *field, int64_t *id, struct gx_error *err);
/* Loads a live record; GX_ENOTFOUND when absent or deleted. */
enum gx_err sales_get_live(struct app *app, const struct entity_def *def, int64_t id,
                           struct gx_arena *a, struct record *r, struct gx_error *err);
/* The system, admins and managers. */
int sales_is_manager(const struct app *app);
/* NULL, empty or only blanks. */
int sales_blank(const char *s);
/* An audit row {"status": [from, to], "reason": r} for a state move (reason may be NULL). */
enum gx_err sales_audit_status(struct app *app, const char *action, const char *entity, int64_t id,
                               const char *from, const char *to, const char *reason,
                               struct gx_error *err);
/* Sets a SYS text/int field on a record being written. */
void sales_set(struct record *r, const char *field, const char *text);
/* The in-app "assignment" notification of user_id about lead or opportunity r (r->id set),
 * inside the caller's transaction; nothing when user_id is 0 (the pool) or the actor (taking
 * a record oneself tells nobody, as with tickets). */
enum gx_err sales_notify_owner(struct app *app, const struct record *r, int64_t user_id, struct gx_arena *a,
                               struct gx_error *err);
/* Checks and prices quote lines (app/sales_quote.c): quantity > 0, a unit price (the
 * product's when none is given) >= 0, a product or a description; sets each line's amount and
 * line_no and the subtotal. The first bad line is named "lines[N]". */
struct quote_line_input;
enum gx_err sales_quote_price_lines(struct app *app, struct quote_line_input *lines, size_t nlines,
                                   struct gx_arena *a, int64_t *subtotal, struct gx_error *err);
/* The discount of bp (1/100 %) on subtotal, rounded half up to the fen. */
int64_t sales_quote_discount_of(int64_t subtotal, int bp);

#endif
