/* Knowledge snippets (知识库): short standard answers to common questions and complaints that
 * service staff look up and paste into replies. Create, change, delete (to the recycle bin),
 * and search by text over title and answer. */
#ifndef GUANXI_KB_H
#define GUANXI_KB_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/entity_service.h"

/* Creates a snippet from fields set with app_field_set_text; code KB + 5 digits when absent,
 * active by default, created_by the acting user. Audited. */
enum gx_err app_kb_create(struct app *app, struct record *r, struct gx_arena *a, struct gx_error *err);
/* Applies the fields set in patch to snippet patch->id. */
enum gx_err app_kb_update(struct app *app, struct record *patch, int64_t expected_version, struct gx_arena *a,
                          struct gx_error *err);
/* Moves a snippet to the recycle bin. */
enum gx_err app_kb_delete(struct app *app, int64_t id, struct gx_arena *a, struct gx_error *err);

/* Active snippets whose title or answer contains text (case- and width-insensitive), of
 * category when given, titles matching first; at most limit (1–1000). text must have at least
 * one character that is not a space. */
enum gx_err app_kb_search(struct app *app, const char *text, const char *category, int limit,
                          struct gx_arena *a, struct record **rows, size_t *n, struct gx_error *err);

/* A ticket or snippet given by id or code; a user by username or id. GX_ENOTFOUND otherwise. */
enum gx_err app_ticket_resolve(struct app *app, const char *id_or_code, int64_t *id, struct gx_error *err);
enum gx_err app_kb_resolve(struct app *app, const char *id_or_code, int64_t *id, struct gx_error *err);
enum gx_err app_user_resolve(struct app *app, const char *name_or_id, int64_t *id, struct gx_error *err);

#endif
