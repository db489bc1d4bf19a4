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
/* Appends ,"key":"s" (or null); 0 when s is not valid UTF-8 (jansson refused such an item,
 * and the search answer left it out). */
static int item_text(struct strbuf *b, const char *key, const char *s)
{
	sb_add(b, key);
	if (!s) {
		sb_add(b, "null");
		return 1;
	}
	return http_json_string(b, s, strlen(s));
}

/* The answer is written as text directly (the bytes jansson's compact dump gave): building a
 * jansson tree of 50 items and dumping it was a fifth of a search's CPU. */
enum gx_err h_search(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *q = http_query(rq, "q");
	if (!q || !*q)
		return gx_error_set(err, GX_EINVAL, "q", "%s", _("q (the text to search for) is required"));
	struct search_item items[SEARCH_MAX_HITS];
	size_t n = 0;
	int more = 0;
	enum gx_err e = store_search_items(rq->app->store, q, NULL, SEARCH_MAX_HITS, rq->arena, items, &n,
	                                   &more, err);
	if (e != GX_OK)
		return e;
	static const char *const classes[] = {"exact", "prefix", "substring"};
	struct strbuf b;
	sb_init(&b);
	sb_add(&b, "{\"items\":[");
	size_t written = 0;
	for (size_t i = 0; i < n; i++) {
		const struct search_item *it = &items[i];
		size_t mark = b.len;
		if (written)
			sb_addc(&b, ',');
		sb_add(&b, "{\"entity\":");
		int ok = http_json_string(&b, it->hit.entity, strlen(it->hit.entity));
		sb_add(&b, ",\"id\":");
		sb_add_i64(&b, (long long)it->hit.id);
		ok = ok && item_text(&b, ",\"code\":", it->code) && item_text(&b, ",\"name\":", it->name);
		sb_add(&b, ",\"match\":\"");
		sb_add(&b, it->hit.rank_class >= 0 && it->hit.rank_class <= 2 ? classes[it->hit.rank_class]
		                                                               : "substring");
		sb_add(&b, "\"}");
		if (!ok) {
			b.len = mark;
			b.data[mark] = '\0';
			continue;
		}
		written++;
	}
	sb_add(&b, more ? "],\"more\":true}" : "],\"more\":false}");
	http_resp_text(rs, 200, &b);
	return GX_OK;
}
