/* Shared by the files of http/: the request and response of one call, the route table and
 * the JSON helpers. Each resource has its own file (customers.c, catalog.c, …) defining its
 * handlers; routes.c lists them all in one table. Handlers never see SQL: they call app/ and
 * the store's record functions with filters as ASTs. */
#ifndef GX_HTTP_HTTP_H
#define GX_HTTP_HTTP_H

#include <stdint.h>

#include <jansson.h>

#include "guanxi/app.h"
#include "guanxi/auth.h"
#include "guanxi/entity.h"
#include "guanxi/error.h"
#include "guanxi/filter.h"
#include "guanxi/http.h"
#include "guanxi/strbuf.h"

struct MHD_Connection;

enum http_perm {
	HTTP_PUBLIC,     /* no authentication (health, login, static files) */
	HTTP_READ,       /* any authenticated user */
	HTTP_WRITE,      /* an authenticated user whose role may change data (not readonly/analyst) */
};

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 8
/* A list answer's total is exact up to this many matches (json_record.c http_list). */
#define HTTP_LIST_TOTAL_CAP 1000

struct http_req {
	struct MHD_Connection *conn;
	const char *method;          /* "HEAD" is routed as "GET" */
	const char *path;
	const char *body;            /* NUL-terminated; NULL when there was none */
	size_t body_len;
	/* The body parsed once (by http_body_check, or before a write is queued for group
	 * commit, off the writer thread); http_body_object hands out references to it. Owned by
	 * the dispatcher. */
	json_t *body_json;
	int64_t ids[HTTP_MAX_PARAMS];   /* the {id} segments of the path, in order */
	int nids;
	struct app *app;             /* this worker thread's app, actor set to the caller */
	struct gx_arena *arena;      /* freed when the request ends */
	const char *request_id;
	struct auth_identity ident;  /* ident.user_id 0: not authenticated */
	const char *session_token;   /* the cookie, when authenticated by it */
	const struct http_server_config *cfg;
	/* The server stopped taking writes after a failed sync of the database's log (group
	 * commit, docs/architecture.md "Durability and group commit"): /readyz answers 503. */
	int writes_stopped;
};

struct http_resp {
	int status;
	char *body;                  /* malloc'ed, handed to libmicrohttpd */
	size_t len;
	const char *content_type;
	const char *hname[HTTP_MAX_HEADERS], *hvalue[HTTP_MAX_HEADERS];
	int nheaders;
	int fd;                      /* static file to send instead of body, or -1 */
	uint64_t fd_size;
};

typedef enum gx_err (*http_handler)(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

struct http_route {
	const char *method;
	const char *pattern;         /* "/api/v1/customers/{id}/interactions" */
	enum http_perm perm;
	const char *entity;          /* the entity the access matrix checks ("customer"), or NULL */
	http_handler handler;
	/* The action checked ("read", "create", "update", "delete", "export", "admin"); NULL:
	 * derived from the method and path (http_route_action). Last, so tables that leave it out
	 * still compile. */
	const char *action;
};

/* NULL-terminated list of route tables (routes.c); each table ends with a NULL method. */
extern const struct http_route *const http_route_tables[];

/* Iterates r over every route of every table. */
#define HTTP_FOR_EACH_ROUTE(t, r) \
	for (const struct http_route *const *t = http_route_tables; *t; t++) \
		for (const struct http_route *r = *t; r->method; r++)

/* The route for method and path, filling ids from {id} segments (positive integers). NULL
 * when none; *path_known is then 1 if another method matches the path (405). */
const struct http_route *http_route_match(const char *method, const char *path,
                                          int64_t ids[HTTP_MAX_PARAMS], int *nids, int *path_known);

/* The action of the permission table a route needs (access.c): its explicit action, else
 * GET/HEAD read, PATCH/PUT update, DELETE delete, POST …/export export, POST on a collection
 * create (also a sub-collection named by the route's entity table, /customers/{id}/contacts),
 * and any other POST …/{id}/verb update. */
int http_route_action(const struct http_route *r);

/* The caller's own permissions and row scope, for the UI to show only what it may do:
 * {"scope": "team", "permissions": {"customer": ["read", …], …}} (access.c). */
json_t *http_access_json(struct app *app);

/* --- responses --- */
void http_resp_header(struct http_resp *rs, struct gx_arena *a, const char *name, const char *value);
/* Sends j (reference stolen) as the body with status. */
void http_resp_json(struct http_resp *rs, int status, json_t *j);
/* The {"error":{code,message,field}} body for err with its status; extra (stolen, may be NULL)
 * is merged into the error object. */
void http_resp_error(struct http_resp *rs, const struct gx_error *err, json_t *extra);
int http_status_of(enum gx_err code);

/* --- requests --- */
const char *http_query(const struct http_req *rq, const char *name);
const char *http_header(const struct http_req *rq, const char *name);
/* The client's IP address as text in out ("" when libmicrohttpd does not know it). */
const char *http_client_address(struct MHD_Connection *c, char out[64]);
/* The body as a JSON object (reference owned by the caller). */
enum gx_err http_body_object(const struct http_req *rq, json_t **out, struct gx_error *err);
/* Any body sent as JSON (or with no Content-Type) must parse as a JSON object or array, even
 * on routes whose handler reads no body: a broken request is refused whole, never half-read.
 * Run by the dispatcher before every handler. */
enum gx_err http_body_check(struct http_req *rq, struct gx_error *err);
/* The version in If-Match ("3", "\"3\"", W/"3"); GX_EINVAL with status 428 semantics when
 * missing is reported by the caller. *present = 0 when the header is absent. */
enum gx_err http_if_match(const struct http_req *rq, int64_t *version, int *present,
                          struct gx_error *err);

/* --- records as JSON (json_record.c) --- */
/* The record as a JSON object: hidden fields left out, money as integer *_fen, booleans,
 * embedded JSON, lists as arrays, references as ids. fields (comma list) selects; NULL: all. */
json_t *http_record_json(const struct record *r, const char *const *fields, size_t nfields);
/* The same record as JSON text appended to b, byte for byte what dumping http_record_json
 * compactly gives, without the jansson tree (json_text.c: the hot read paths use it). */
void http_record_text(struct strbuf *b, const struct record *r, const char *const *fields, size_t nfields);
/* Appends s (n bytes) as a JSON string as jansson writes it; 0 and nothing written when s is
 * not valid UTF-8. */
int http_json_string(struct strbuf *b, const char *s, size_t n);
/* Sends the text of b (taken over; b is left empty) as a JSON body with status. */
void http_resp_text(struct http_resp *rs, int status, struct strbuf *b);
/* Adds "key":value (value: JSON text) as the last member of the JSON object in rs->body; a body
 * that is not an object is left as it is. Spliced into the text, which is what parsing it back,
 * setting the key and dumping it again gave, at a fraction of the cost. */
void http_resp_add_member(struct http_resp *rs, const char *key, const char *value);
/* Sets the fields of r from a JSON object through app_field_set_text, so every check is the
 * CLI's. merge_base (for PATCH) is the current record: FT_JSON objects are merge-patched into
 * its value (RFC 7386). */
enum gx_err http_record_from_json(struct app *app, struct record *r, json_t *obj,
                                  const struct record *merge_base, struct gx_arena *a,
                                  struct gx_error *err);
/* A list page: limit, cursor, sort (-field for descending), filter, fields, X-No-Total. extra
 * (may be NULL) is ANDed to the client's filter. */
enum gx_err http_list(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                      struct filter_node *extra, struct gx_error *err);
/* GET of one live record, with its version as ETag. */
enum gx_err http_get_record(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                            int64_t id, struct gx_error *err);
/* Sends a record with its ETag. */
void http_send_record(struct http_req *rq, struct http_resp *rs, int status, const struct record *r);

/* --- static files (static.c) --- */
enum gx_err http_static(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

#endif
