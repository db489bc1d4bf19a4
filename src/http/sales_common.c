/* Helpers of the sales handlers (see sales_http.h). */
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/sales_http.h"

enum gx_err sales_take_string(struct http_req *rq, json_t *obj, const char *name, const char **out,
                              struct gx_error *err)
{
	*out = NULL;
	json_t *v = json_object_get(obj, name);
	if (v && !json_is_null(v)) {
		if (!json_is_string(v))
			return gx_error_set(err, GX_EINVAL, name, _("%s must be a string"), name);
		*out = gx_arena_strdup(rq->arena, json_string_value(v));
	}
	json_object_del(obj, name);
	return GX_OK;
}

enum gx_err sales_take_int(json_t *obj, const char *name, int64_t *out, int *present, struct gx_error *err)
{
	*present = 0;
	json_t *v = json_object_get(obj, name);
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v))
			return gx_error_set(err, GX_EINVAL, name, _("%s must be a whole number"), name);
		*out = (int64_t)json_integer_value(v);
		*present = 1;
	}
	json_object_del(obj, name);
	return GX_OK;
}

enum gx_err sales_take_bool(json_t *obj, const char *name, int *out, struct gx_error *err)
{
	*out = 0;
	json_t *v = json_object_get(obj, name);
	if (v && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return gx_error_set(err, GX_EINVAL, name, _("%s must be true or false"), name);
		*out = json_is_true(v);
	}
	json_object_del(obj, name);
	return GX_OK;
}

enum gx_err sales_body(struct http_req *rq, json_t **out, struct gx_error *err)
{
	if (!rq->body || !rq->body_len) {
		*out = json_object();
		return GX_OK;
	}
	return http_body_object(rq, out, err);
}

enum gx_err sales_send(struct http_req *rq, struct http_resp *rs, int status, const struct entity_def *def,
                       int64_t id, struct gx_error *err)
{
	struct record r;
	enum gx_err e = store_record_get(rq->app->store, def, id, rq->arena, &r, err);
	if (e == GX_OK)
		http_send_record(rq, rs, status, &r);
	return e;
}

enum gx_err sales_path_live(struct http_req *rq, const struct entity_def *def, struct record *r,
                            struct gx_error *err)
{
	enum gx_err e = store_record_get(rq->app->store, def, rq->ids[0], rq->arena, r, err);
	if (e == GX_OK && r->deleted_at)
		e = gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld is in the recycle bin"), gx_tr(def->label_en),
		                 (long long)rq->ids[0]);
	return e;
}
