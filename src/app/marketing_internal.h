/* Helpers shared by segment.c, campaign.c and loyalty*.c: live-record lookup by id or code,
 * patches applied onto a loaded record, and today's date in the company time zone. */
#ifndef GX_APP_MARKETING_INTERNAL_H
#define GX_APP_MARKETING_INTERNAL_H

#include <jansson.h>

#include "guanxi/app.h"

/* Id of a live record of def named by its code or its id. GX_ENOTFOUND names the entity. */
enum gx_err mk_resolve(struct app *app, const struct entity_def *def, const char *id_or_code,
                       int64_t *id, struct gx_error *err);
/* Loads a live record (GX_ENOTFOUND when absent or in the recycle bin). */
enum gx_err mk_load_live(struct app *app, const struct entity_def *def, int64_t id,
                         struct gx_arena *a, struct record *out, struct gx_error *err);
/* after = before with the fields set in patch; after's set flags are the patch's. */
void mk_apply_patch(const struct record *before, const struct record *patch, struct gx_arena *a,
                    struct record *after);
/* Today's local date "YYYY-MM-DD" in the company time zone. */
enum gx_err mk_today(struct app *app, char out[16], struct gx_error *err);
/* Local date of an instant text in the company time zone. */
enum gx_err mk_local_date(struct app *app, const char *instant, char out[16], struct gx_error *err);
/* Checks that code is not taken by another record of def (GX_ECONFLICT naming the field). */
enum gx_err mk_code_free(struct app *app, const struct entity_def *def, const char *code,
                         int64_t self_id, struct gx_error *err);
/* An audit row for a write that is not a single record's change (a response, a ledger entry);
 * inside a bulk job the job's own row stands for it, as for app_audit_change. */
enum gx_err mk_audit(struct app *app, const char *action, const char *entity, int64_t id,
                     const char *changes_json, struct gx_error *err);
/* Points an error about a referenced record (a missing order, a deleted segment) at the input
 * field that named it: the field becomes `field` and the message is prefixed with it. */
void mk_error_field(struct gx_error *err, const char *field);
/* mk_audit with the changes built as a JSON object (stolen), so codes are escaped properly. */
enum gx_err mk_audit_json(struct app *app, const char *action, const char *entity, int64_t id,
                          json_t *changes, struct gx_error *err);

#endif
