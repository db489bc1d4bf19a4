/* The routes of the import wizard (handlers in import_http.c). They name no entity: the
 * entity comes with the upload (?entity=customers), and the app checks create and update on
 * it; a run is visible to the user who uploaded it and to admins (404 for anyone else). */
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_import_start); H(h_import_get); H(h_import_rejected); H(h_import_fields); H(h_import_mapping);
H(h_import_preview); H(h_import_run);
#undef H

const struct http_route http_routes_import[] = {
	{"POST", "/api/v1/imports", HTTP_WRITE, NULL, h_import_start},
	{"GET", "/api/v1/imports/fields", HTTP_READ, NULL, h_import_fields},
	{"GET", "/api/v1/imports/{id}", HTTP_READ, NULL, h_import_get},
	{"PUT", "/api/v1/imports/{id}/mapping", HTTP_WRITE, NULL, h_import_mapping},
	{"POST", "/api/v1/imports/{id}/preview", HTTP_WRITE, NULL, h_import_preview},
	{"POST", "/api/v1/imports/{id}/start", HTTP_WRITE, NULL, h_import_run},
	{"GET", "/api/v1/imports/{id}/rejected", HTTP_READ, NULL, h_import_rejected},
	{NULL, NULL, HTTP_PUBLIC, NULL, NULL, NULL},
};
