/* The other records: contacts and interactions (also under their customer), products,
 * orders with their lines, and the global search box. */
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/filter.h"
#include "guanxi/i18n.h"
#include "guanxi/interaction.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "http/http.h"

#define LIST_GET(name, entity)                                                                 \
	enum gx_err h_##name##_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err) \
	{                                                                                          \
		return http_list(rq, rs, &entity, NULL, err);                                          \
	}                                                                                          \
	enum gx_err h_##name##_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err) \
	{                                                                                          \
		return http_get_record(rq, rs, &entity, rq->ids[0], err);                              \
	}

enum gx_err h_contact_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_contact_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_interaction_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_interaction_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_product_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_product_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_order_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

LIST_GET(contact, entity_contact)
LIST_GET(interaction, entity_interaction)
LIST_GET(product, entity_product)

enum gx_err h_order_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_order, NULL, err);
}

/* An order with its lines under "lines" (in line order). */
enum gx_err h_order_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = http_get_record(rq, rs, &entity_order, rq->ids[0], err);
	if (e != GX_OK)
		return e;
	struct store_list_query q = {.deleted = STORE_ANY, .limit = 1000, .sort_field = "line_no"};
	q.filter = filter_cond_int(rq->arena, &entity_order_line, "order_id", FILTER_EQ, rq->ids[0]);
	struct store_list_result res;
	if ((e = store_record_list(rq->app->store, &entity_order_line, &q, rq->arena, &res, err)) != GX_OK)
		return e;
	json_t *o = json_loadb(rs->body, rs->len, 0, NULL);
	json_t *lines = json_array();
	for (size_t i = 0; i < res.count; i++)
		json_array_append_new(lines, http_record_json(&res.rows[i], NULL, 0));
	json_object_set_new(o, "lines", lines);
	http_resp_json(rs, 200, o);
	return GX_OK;
}

/* The customer of a sub-resource path must be live (404 otherwise). */
static enum gx_err path_customer(struct http_req *rq, struct gx_error *err)
{
	struct record c;
	return app_customer_get(rq->app, rq->ids[0], 0, rq->arena, &c, err);
}

static struct filter_node *of_customer(struct http_req *rq, const struct entity_def *def)
{
	return filter_cond_int(rq->arena, def, "customer_id", FILTER_EQ, rq->ids[0]);
}

enum gx_err h_customer_interactions(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = path_customer(rq, err);
	return e == GX_OK ? http_list(rq, rs, &entity_interaction, of_customer(rq, &entity_interaction), err) : e;
}

enum gx_err h_customer_contacts(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = path_customer(rq, err);
	return e == GX_OK ? http_list(rq, rs, &entity_contact, of_customer(rq, &entity_contact), err) : e;
}

/* Reads a record for the customer of the path; a customer_id in the body must agree. */
static enum gx_err body_for_customer(struct http_req *rq, const struct entity_def *def, struct record *r,
                                     struct gx_error *err)
{
	enum gx_err e = path_customer(rq, err);
	if (e != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(r, def, rq->arena);
	e = http_record_from_json(rq->app, r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e != GX_OK)
		return e;
	int ci = entity_field_index(def, "customer_id");
	if (r->set[ci] && r->v[ci].i != rq->ids[0])
		return gx_error_set(err, GX_EINVAL, "customer_id", "%s",
		                    _("customer_id differs from the customer in the path"));
	record_set_int(r, "customer_id", rq->ids[0]);
	return GX_OK;
}

static enum gx_err created(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                           int64_t id, const char *collection, struct gx_error *err)
{
	struct record r;
	enum gx_err e = store_record_get(rq->app->store, def, id, rq->arena, &r, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location",
	                 gx_arena_printf(rq->arena, "/api/v1/%s/%lld", collection, (long long)id));
	http_send_record(rq, rs, 201, &r);
	return GX_OK;
}

enum gx_err h_customer_interaction_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = body_for_customer(rq, &entity_interaction, &r, err);
	if (e == GX_OK)
		e = app_interaction_add(rq->app, &r, rq->arena, err);
	return e == GX_OK ? created(rq, rs, &entity_interaction, r.id, "interactions", err) : e;
}

enum gx_err h_customer_contact_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = body_for_customer(rq, &entity_contact, &r, err);
	if (e == GX_OK)
		e = app_org_create(rq->app, &r, rq->arena, err);
	return e == GX_OK ? created(rq, rs, &entity_contact, r.id, "contacts", err) : e;
}

/* GET /api/v1/search?q=: ranked hits with each record's code and name (a ticket's subject). */
enum gx_err h_search(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *q = http_query(rq, "q");
	if (!q || !*q)
		return gx_error_set(err, GX_EINVAL, "q", "%s", _("q (the text to search for) is required"));
	struct search_hit hits[SEARCH_MAX_HITS];
	size_t n = 0;
	int more = 0;
	enum gx_err e = store_search(rq->app->store, q, NULL, SEARCH_MAX_HITS, hits, &n, &more, err);
	if (e != GX_OK)
		return e;
	static const char *const classes[] = {"exact", "prefix", "substring"};
	/* The hits' records, read one query per entity (not one get per hit: with 50 hits that
	 * was most of a search request's time) under the caller's row scope: a hit the caller
	 * may not see is left out (its entity and id would tell that it exists). */
	const struct record *rec[SEARCH_MAX_HITS] = {0};
	for (size_t i = 0; i < n; i++) {
		const struct entity_def *def = entity_by_name(hits[i].entity);
		if (!def || rec[i])
			continue;
		int64_t ids[SEARCH_MAX_HITS];
		size_t nids = 0;
		for (size_t k = i; k < n; k++)
			if (strcmp(hits[k].entity, hits[i].entity) == 0)
				ids[nids++] = hits[k].id;
		struct store_list_query lq = {.deleted = STORE_LIVE, .limit = (int)nids,
		                              .filter = filter_cond_int_in(rq->arena, def, "id", ids, nids)};
		struct store_list_result res;
		struct gx_error ignored;
		if (store_record_list(rq->app->store, def, &lq, rq->arena, &res, &ignored) != GX_OK)
			continue;
		for (size_t k = i; k < n; k++)
			if (strcmp(hits[k].entity, hits[i].entity) == 0)
				for (size_t j = 0; j < res.count; j++)
					if (res.rows[j].id == hits[k].id)
						rec[k] = &res.rows[j];
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct record *r = rec[i];
		if (!r)
			continue;
		const struct entity_def *def = r->def;
		const char *code = def->code_field ? record_text(r, def->code_field) : NULL;
		const char *name = entity_field_index(def, "name") >= 0 ? record_text(r, "name")
		                   : entity_field_index(def, "subject") >= 0 ? record_text(r, "subject") : NULL;
		json_array_append_new(items, json_pack("{s:s, s:I, s:s?, s:s?, s:s}", "entity", hits[i].entity,
		                                       "id", (json_int_t)hits[i].id, "code", code, "name", name,
		                                       "match", hits[i].rank_class >= 0 && hits[i].rank_class <= 2
		                                                    ? classes[hits[i].rank_class] : "substring"));
	}
	http_resp_json(rs, 200, json_pack("{s:o, s:b}", "items", items, "more", more));
	return GX_OK;
}
