/* Endpoints about the server itself: liveness (/healthz: the process answers), readiness
 * (/readyz: the database answers and writes are taken), and the index of the API built from the route table. */
#include "guanxi/i18n.h"
#include "http/http.h"

enum gx_err h_healthz(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	http_resp_json(rs, 200, json_pack("{s:s}", "status", "ok"));
	return GX_OK;
}

enum gx_err h_readyz(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	if (rq->writes_stopped)
		return gx_error_set(err, GX_EUNAVAIL, NULL, "%s",
		                    _("writes are stopped: a sync of the database's log failed; check the disk and restart the server"));
	int version = 0;
	if (store_schema_version(rq->app->store, &version, err) != GX_OK)
		return gx_error_set(err, GX_EUNAVAIL, NULL, "%s", _("the database is not available"));
	http_resp_json(rs, 200, json_pack("{s:s, s:i}", "status", "ready", "schema_version", version));
	return GX_OK;
}

enum gx_err h_api_index(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *routes = json_array();
	HTTP_FOR_EACH_ROUTE(t, r)
		json_array_append_new(routes, json_pack("{s:s, s:s, s:s}", "method", r->method, "path", r->pattern,
		                                        "access", r->perm == HTTP_PUBLIC ? "public"
		                                                  : r->perm == HTTP_READ ? "read" : "write"));
	http_resp_json(rs, 200, json_pack("{s:s, s:s, s:o}", "name", "Guanxi CRM API", "version", "v1",
	                                  "routes", routes));
	return GX_OK;
}
