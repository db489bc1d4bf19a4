/* One HTTP POST with a deadline, through libcurl (see core/http_post.h): http:// and https://
 * (TLS with the system's certificate store), no redirects followed (a receiver that moves must
 * be updated, not silently chased), the answer's body discarded. The URL is checked with
 * libcurl's own parser, so what is accepted when a webhook is added is what can be called. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/http_post.h"
#include "guanxi/i18n.h"
#include "guanxi/strbuf.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

enum gx_err gx_http_url_check(const char *url, struct gx_error *err)
{
	if (!url || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
		return gx_error_set(err, GX_EINVAL, "url", _("%s: a webhook URL must start with http:// or https://"),
		                    url ? url : "");
	if (strpbrk(url, " \t\r\n"))
		return gx_error_set(err, GX_EINVAL, "url", _("%s: a URL cannot contain spaces"), url);
	pthread_once(&curl_once, curl_start);
	CURLU *u = curl_url();
	if (!u)
		abort();
	enum gx_err e = GX_OK;
	char *host = NULL, *port = NULL;
	CURLUcode rc = curl_url_set(u, CURLUPART_URL, url, 0);
	if (rc != CURLUE_OK)
		e = gx_error_set(err, GX_EINVAL, "url", _("%s: not a valid URL (%s)"), url, curl_url_strerror(rc));
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host)
		e = gx_error_set(err, GX_EINVAL, "url", _("%s: the URL names no host"), url);
	else if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && port &&
	         (atol(port) < 1 || atol(port) > 65535))
		e = gx_error_set(err, GX_EINVAL, "url", _("%s: port %s is not between 1 and 65535"), url, port);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return e;
}

static size_t discard(char *data, size_t size, size_t n, void *user)
{
	(void)data;
	(void)user;
	return size * n;
}

enum gx_err gx_http_post(const char *url, const struct gx_http_header *headers, size_t nheaders,
                         const char *body, size_t len, int timeout_ms, int *status,
                         struct gx_error *err)
{
	*status = 0;
	enum gx_err e = gx_http_url_check(url, err);
	if (e != GX_OK)
		return e;
	CURL *c = curl_easy_init();
	if (!c)
		return gx_error_set(err, GX_EIO, "url", "%s", _("cannot start an HTTP client"));
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	hl = curl_slist_append(hl, "Expect:");   /* no 100-continue round trip */
	for (size_t i = 0; i < nheaders; i++) {
		struct strbuf h;
		sb_init(&h);
		sb_printf(&h, "%s: %s", headers[i].name, headers[i].value);
		hl = curl_slist_append(hl, h.data);
		sb_free(&h);
	}
	char why[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);          /* threads: no SIGALRM for timeouts */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "guanxi-webhooks");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code < 100 || code > 599)
			e = gx_error_set(err, GX_EIO, "url", "%s", _("the receiver's answer is not HTTP"));
		else
			*status = (int)code;
	} else {
		e = gx_error_set(err, GX_EIO, "url", "%s", why[0] ? why : curl_easy_strerror(rc));
	}
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	return e;
}
