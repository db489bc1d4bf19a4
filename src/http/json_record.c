/* Records as JSON and back, from the entity field tables (docs/api.md "Records"):
 * money as integer fen in the *_fen fields, booleans as true/false, JSON fields embedded,
 * list fields (roles, tags) as arrays, references as ids; hidden fields never appear. Input
 * goes through app_field_set_text after a type check, so the API validates exactly as the CLI
 * and the importers do. Also the generic list and get handlers every resource uses. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "http/http.h"

static const char *const meta_fields[] = {"id", "version", "created_at", "updated_at", "deleted_at", NULL};

static int is_meta(const char *name)
{
	for (int i = 0; meta_fields[i]; i++)
		if (strcmp(meta_fields[i], name) == 0)
			return 1;
	return 0;
}

static json_t *value_json(const struct field_def *f, const struct gx_value *v)
{
	if (v->is_null)
		return json_null();
	switch (f->type) {
	case FT_INT: case FT_FEN: case FT_REF:
		return json_integer((json_int_t)v->i);
	case FT_BOOL:
		return json_boolean(v->i);
	case FT_JSON: {
		json_t *j = json_loads(v->s, 0, NULL);
		return j ? j : json_string(v->s);
	}
	case FT_LIST: {
		json_t *arr = json_array();
		const char *p = v->s;
		while (*p) {
			size_t n = strcspn(p, ";");
			const char *s = p;
			while (n && *s == ' ') {
				s++;
				n--;
			}
			if (n)
				json_array_append_new(arr, json_stringn(s, n));
			p += strcspn(p, ";");
			if (*p)
				p++;
		}
		return arr;
	}
	default:
		return json_string(v->s);
	}
}

static int wanted(const char *name, const char *const *fields, size_t nfields)
{
	if (!fields || strcmp(name, "id") == 0)
		return 1;
	for (size_t i = 0; i < nfields; i++)
		if (strcmp(fields[i], name) == 0)
			return 1;
	return 0;
}

json_t *http_record_json(const struct record *r, const char *const *fields, size_t nfields)
{
	json_t *o = json_object();
	const struct entity_def *def = r->def;
	json_object_set_new(o, "id", json_integer((json_int_t)r->id));
	if (def->has_version) {
		if (wanted("version", fields, nfields))
			json_object_set_new(o, "version", json_integer((json_int_t)r->version));
		if (wanted("created_at", fields, nfields))
			json_object_set_new(o, "created_at", r->created_at ? json_string(r->created_at) : json_null());
		if (wanted("updated_at", fields, nfields))
			json_object_set_new(o, "updated_at", r->updated_at ? json_string(r->updated_at) : json_null());
	}
	if (def->soft_delete && r->deleted_at && wanted("deleted_at", fields, nfields))
		json_object_set_new(o, "deleted_at", json_string(r->deleted_at));
	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		if ((f->flags & FF_HIDDEN) || !wanted(f->name, fields, nfields))
			continue;
		/* Side-table lists are loaded only for a single record; absent means not loaded. */
		if ((f->flags & FF_VIRTUAL) && r->v[i].is_null)
			continue;
		char buf[256];
		json_t *v = r->masked && (f->flags & FF_MASKED) && !r->v[i].is_null
		                ? json_string(store_scope_view(r, i, buf, sizeof buf))   /* leak control */
		                : value_json(f, &r->v[i]);
		json_object_set_new(o, f->name, v ? v : json_null());
	}
	return o;
}

/* RFC 7386 applied to a copy of target. */
static json_t *merge_patch(json_t *target, json_t *patch)
{
	if (!json_is_object(patch))
		return json_incref(patch);
	json_t *res = json_is_object(target) ? json_deep_copy(target) : json_object();
	const char *k;
	json_t *v;
	json_object_foreach(patch, k, v) {
		if (json_is_null(v))
			json_object_del(res, k);
		else
			json_object_set_new(res, k, merge_patch(json_object_get(res, k), v));
	}
	return res;
}

static enum gx_err wrong_type(const struct field_def *f, const char *what, struct gx_error *err)
{
	return gx_error_set(err, GX_EINVAL, f->name, _("%s must be %s"), f->name, what);
}

/* The text app_field_set_text expects for one JSON value, or an error naming the type wanted. */
static enum gx_err json_to_text(const struct field_def *f, json_t *v, json_t *base,
                                struct gx_arena *a, const char **out, struct gx_error *err)
{
	if (json_is_null(v)) {
		*out = "";
		return GX_OK;
	}
	switch (f->type) {
	case FT_INT:
		if (!json_is_integer(v))
			return wrong_type(f, _("a whole number"), err);
		*out = gx_arena_printf(a, "%lld", (long long)json_integer_value(v));
		return GX_OK;
	case FT_FEN: {
		if (!json_is_integer(v))
			return wrong_type(f, _("a whole number of fen (1 yuan = 100)"), err);
		char buf[GX_MONEY_FMT_SIZE];
		*out = gx_arena_strdup(a, gx_money_format((int64_t)json_integer_value(v), buf));
		return GX_OK;
	}
	case FT_BOOL:
		if (!json_is_boolean(v))
			return wrong_type(f, _("true or false"), err);
		*out = json_is_true(v) ? "true" : "false";
		return GX_OK;
	case FT_REF:
		if (json_is_integer(v) && json_integer_value(v) > 0) {
			*out = gx_arena_printf(a, "#%lld", (long long)json_integer_value(v));
			return GX_OK;
		}
		if (json_is_string(v) && json_string_length(v) > 0) {
			*out = gx_arena_strdup(a, json_string_value(v));
			return GX_OK;
		}
		return wrong_type(f, _("an id (a positive number) or a code (a string)"), err);
	case FT_JSON: {
		if (!json_is_object(v) && !json_is_array(v))
			return wrong_type(f, _("a JSON object or array"), err);
		json_t *merged = base ? merge_patch(base, v) : json_incref(v);
		char *s = json_dumps(merged, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(merged);
		*out = gx_arena_strdup(a, s ? s : "");
		free(s);
		return GX_OK;
	}
	case FT_LIST: {
		if (!json_is_array(v))
			return wrong_type(f, _("an array of strings"), err);
		/* The ";"-joined form the importers read; app_field_set_text checks each value. */
		const char *joined = "";
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			if (!json_is_string(item) || strchr(json_string_value(item), ';'))
				return wrong_type(f, _("an array of strings without \";\""), err);
			joined = gx_arena_printf(a, "%s%s%s", joined, i ? ";" : "", json_string_value(item));
		}
		*out = joined;
		return GX_OK;
	}
	default:
		if (!json_is_string(v))
			return wrong_type(f, _("a string"), err);
		if (strlen(json_string_value(v)) != json_string_length(v))
			return gx_error_set(err, GX_EINVAL, f->name, _("%s must not contain NUL characters"), f->name);
		*out = json_string_value(v);
		return GX_OK;
	}
}

enum gx_err http_record_from_json(struct app *app, struct record *r, json_t *obj,
                                  const struct record *merge_base, struct gx_arena *a,
                                  struct gx_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (is_meta(key))
			return gx_error_set(err, GX_EINVAL, key, _("%s is set by the system and cannot be given"), key);
		int idx = entity_field_index(r->def, key);
		const struct field_def *f = idx >= 0 ? &r->def->fields[idx] : NULL;
		if (!f || (f->flags & FF_HIDDEN))
			return gx_error_set(err, GX_EINVAL, key, _("unknown field %s"), key);
		json_t *base = NULL;
		if (merge_base && f->type == FT_JSON && !merge_base->v[idx].is_null)
			base = json_loads(merge_base->v[idx].s, 0, NULL);
		const char *text = NULL;
		enum gx_err e = json_to_text(f, v, base, a, &text, err);
		json_decref(base);
		if (e == GX_OK)
			e = app_field_set_text(app, r, key, text, a, err);
		if (e != GX_OK)
			return e;
	}
	return GX_OK;
}

/* fields=a,b,c: checked against the entity so a typo is an error, not a silent omission. */
static enum gx_err parse_fields(struct http_req *rq, const struct entity_def *def,
                                const char *const **out, size_t *n, struct gx_error *err)
{
	*out = NULL;
	*n = 0;
	const char *text = http_query(rq, "fields");
	if (!text)
		return GX_OK;
	char *copy = gx_arena_strdup(rq->arena, text);
	size_t cap = 1;
	for (const char *p = copy; *p; p++)
		cap += *p == ',';
	const char **list = gx_arena_calloc(rq->arena, cap, sizeof *list);
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct field_def *f = entity_field(def, tok);
		if (!is_meta(tok) && (!f || (f->flags & FF_HIDDEN)))
			return gx_error_set(err, GX_EINVAL, "fields", _("unknown field %s"), tok);
		list[(*n)++] = tok;
	}
	*out = list;
	return GX_OK;
}

enum gx_err http_list(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                      struct filter_node *extra, struct gx_error *err)
{
	struct store_list_query q = {.deleted = STORE_LIVE, .limit = 50, .visible_only = 1};
	enum gx_err e;
	const char *limit = http_query(rq, "limit");
	if (limit) {
		char *end;
		long l = strtol(limit, &end, 10);
		if (!*limit || *end || l < 1 || l > 1000)
			return gx_error_set(err, GX_EINVAL, "limit", "%s", _("limit must be between 1 and 1000"));
		q.limit = (int)l;
	}
	q.cursor = http_query(rq, "cursor");
	const char *sort = http_query(rq, "sort");
	if (sort && sort[0] == '-') {
		q.descending = 1;
		sort++;
	}
	q.sort_field = sort && *sort ? sort : NULL;
	const char *ftext = http_query(rq, "filter");
	if (ftext && *ftext && (e = filter_parse(ftext, def, rq->arena, &q.filter, err)) != GX_OK)
		return e;
	q.filter = filter_and(rq->arena, q.filter, extra);
	const char *deleted = http_query(rq, "deleted");
	if (deleted && strcmp(deleted, "true") == 0 && def->soft_delete)
		q.deleted = STORE_DELETED;
	const char *const *fields;
	size_t nfields;
	if ((e = parse_fields(rq, def, &fields, &nfields, err)) != GX_OK)
		return e;
	struct store_list_result res;
	if ((e = store_record_list(rq->app->store, def, &q, rq->arena, &res, err)) != GX_OK)
		return e;
	/* The total: exact up to HTTP_LIST_TOTAL_CAP matches, else "more than that" (counting
	 * every match of a broad filter on a million rows costs more than the page itself);
	 * ?total=exact asks for the exact count whatever it costs, X-No-Total for none. */
	int64_t total = -1;
	int capped = 0;
	const char *total_mode = http_query(rq, "total");
	if (total_mode && strcmp(total_mode, "exact") != 0)
		return gx_error_set(err, GX_EINVAL, "total", "%s", _("total must be exact (or left out)"));
	if (!http_header(rq, "X-No-Total")) {
		/* A first page that holds every match (no next cursor) has counted them already: no
		 * second pass over the matches (a full scan for a filter no index serves). */
		if (!(q.cursor && *q.cursor) && !res.next_cursor)
			total = (int64_t)res.count;
		else if (total_mode)
			e = store_record_count(rq->app->store, def, &q, &total, err);
		else if ((e = store_record_count_upto(rq->app->store, def, &q, HTTP_LIST_TOTAL_CAP, &total, err)) == GX_OK &&
		         total > HTTP_LIST_TOTAL_CAP) {
			total = HTTP_LIST_TOTAL_CAP;
			capped = 1;
		}
		if (e != GX_OK)
			return e;
	}
	/* Written as text (json_text.c): the same bytes as the jansson tree gave, at a fraction
	 * of the allocations for a page of 50 records. */
	struct strbuf b;
	sb_init(&b);
	sb_add(&b, "{\"items\":[");
	for (size_t i = 0; i < res.count; i++) {
		if (i)
			sb_addc(&b, ',');
		http_record_text(&b, &res.rows[i], fields, nfields);
		/* Room for the rest at the size of the first record and a quarter more: one realloc
		 * instead of a doubling (and a copy of all written so far) every few records. */
		if (i == 0 && res.count > 1)
			sb_grow(&b, (b.len + 1) * (res.count - 1) / 4 * 5 + 64);
	}
	sb_add(&b, "],\"next_cursor\":");
	if (!res.next_cursor || !http_json_string(&b, res.next_cursor, strlen(res.next_cursor)))
		sb_add(&b, "null");
	if (total >= 0) {
		sb_add(&b, ",\"total\":");
		sb_add_i64(&b, total);
		sb_add(&b, capped ? ",\"total_capped\":true" : ",\"total_capped\":false");
	}
	sb_addc(&b, '}');
	http_resp_text(rs, 200, &b);
	return GX_OK;
}

void http_send_record(struct http_req *rq, struct http_resp *rs, int status, const struct record *r)
{
	const char *const *fields = NULL;
	size_t nfields = 0;
	struct gx_error ignored;
	if (status == 200 && parse_fields(rq, r->def, &fields, &nfields, &ignored) != GX_OK)
		fields = NULL;
	if (r->def->has_version)
		http_resp_header(rs, rq->arena, "ETag", gx_arena_printf(rq->arena, "\"%lld\"", (long long)r->version));
	struct strbuf b;
	sb_init(&b);
	http_record_text(&b, r, fields, nfields);
	http_resp_text(rs, status, &b);
}

enum gx_err http_get_record(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                            int64_t id, struct gx_error *err)
{
	const char *const *fields;
	size_t nfields;
	enum gx_err e = parse_fields(rq, def, &fields, &nfields, err);
	if (e != GX_OK)
		return e;
	struct record r;
	if ((e = store_record_get(rq->app->store, def, id, rq->arena, &r, err)) != GX_OK)
		return e;
	if (r.deleted_at)
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld is in the recycle bin"),
		                    gx_tr(def->label_en), (long long)id);
	http_send_record(rq, rs, 200, &r);
	return GX_OK;
}
