/* Responses and request parsing shared by every handler: JSON bodies, the error object of
 * DECISIONS.md, status codes, query and header values, If-Match. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "guanxi/i18n.h"
#include "http/http.h"

int http_status_of(enum gx_err code)
{
	switch (code) {
	case GX_OK: return 200;
	case GX_EINVAL: case GX_EIO: case GX_ENUMERIC: return 400;
	case GX_EUNAUTH: return 401;
	case GX_EFORBIDDEN: return 403;
	case GX_ENOTFOUND: return 404;
	case GX_ECONFLICT: return 409;
	case GX_ETOOLARGE: return 413;
	case GX_ERATELIMIT: return 429;
	case GX_EUNAVAIL: return 503;
	case GX_EINTERNAL: case GX_ENOMEM: return 500;
	}
	return 500;
}

void http_resp_header(struct http_resp *rs, struct gx_arena *a, const char *name, const char *value)
{
	if (rs->nheaders >= HTTP_MAX_HEADERS)
		return;
	rs->hname[rs->nheaders] = a ? gx_arena_strdup(a, name) : name;
	rs->hvalue[rs->nheaders] = a ? gx_arena_strdup(a, value) : value;
	rs->nheaders++;
}

void http_resp_json(struct http_resp *rs, int status, json_t *j)
{
	free(rs->body);
	rs->body = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	rs->len = rs->body ? strlen(rs->body) : 0;
	rs->status = status;
	rs->content_type = "application/json; charset=utf-8";
	json_decref(j);
}

void http_resp_error(struct http_resp *rs, const struct gx_error *err, json_t *extra)
{
	enum gx_err code = err->code == GX_OK ? GX_EINTERNAL : err->code;
	const char *msg = err->message[0] ? err->message : gx_err_code_name(code);
	json_t *e = json_pack("{s:s, s:s, s:s?}", "code", gx_err_code_name(code), "message", msg, "field",
	                      err->field[0] ? err->field : NULL);
	if (!e) /* a message that is not valid UTF-8 (it quotes client input): say so plainly */
		e = json_pack("{s:s, s:s, s:n}", "code", gx_err_code_name(code), "message",
		              _("the request contains text that is not valid UTF-8"), "field");
	if (extra) {
		json_object_update(e, extra);
		json_decref(extra);
	}
	rs->fd = -1;
	http_resp_json(rs, http_status_of(code), json_pack("{s:o}", "error", e));
}

const char *http_query(const struct http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const struct http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *http_client_address(struct MHD_Connection *c, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, 64);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, 64);
	}
	return out;
}

enum gx_err http_body_object(const struct http_req *rq, json_t **out, struct gx_error *err)
{
	*out = NULL;
	if (!rq->body || rq->body_len == 0)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("the request needs a JSON object as its body"));
	const char *ct = http_header(rq, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16) != 0)
		return gx_error_set(err, GX_EINVAL, NULL, _("the body must be application/json, not %s"), ct);
	if (rq->body_json && json_is_object(rq->body_json)) {
		*out = json_incref(rq->body_json);
		return GX_OK;
	}
	json_error_t jerr;
	json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return gx_error_set(err, GX_EINVAL, NULL, _("the body is not valid JSON: %s at line %d, column %d"),
		                    jerr.text, jerr.line, jerr.column);
	if (!json_is_object(j)) {
		json_decref(j);
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("the request needs a JSON object as its body"));
	}
	*out = j;
	return GX_OK;
}

enum gx_err http_body_check(struct http_req *rq, struct gx_error *err)
{
	if (!rq->body || rq->body_len == 0 || rq->body_json)
		return GX_OK;
	const char *ct = http_header(rq, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16) != 0)
		return GX_OK;   /* an upload of another type: its handler reads and checks it */
	json_error_t jerr;
	json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return gx_error_set(err, GX_EINVAL, NULL, _("the body is not valid JSON: %s at line %d, column %d"),
		                    jerr.text, jerr.line, jerr.column);
	rq->body_json = j;   /* kept for http_body_object; the dispatcher releases it */
	return GX_OK;
}

enum gx_err http_if_match(const struct http_req *rq, int64_t *version, int *present,
                          struct gx_error *err)
{
	const char *h = http_header(rq, "If-Match");
	*present = h != NULL;
	*version = 0;
	if (!h)
		return GX_OK;
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	char buf[32];
	size_t n = strlen(h);
	if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
		h++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof buf)
		goto bad;
	memcpy(buf, h, n);
	buf[n] = 0;
	char *end;
	long long v = strtoll(buf, &end, 10);
	if (*end || v <= 0)
		goto bad;
	*version = v;
	return GX_OK;
bad:
	return gx_error_set(err, GX_EINVAL, "If-Match", "%s",
	                    _("If-Match must carry the record's version from its ETag, e.g. \"3\""));
}
