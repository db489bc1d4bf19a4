/* Response capture for the contract tests; see capture.h. One line per response, written
 * with one write() on an O_APPEND descriptor under a mutex, so the lines of concurrent workers
 * (and of two servers sharing the file) never interleave. A body that is not JSON is recorded
 * as a string, so the checker can say which route answered what. */
#include "http/capture.h"

#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int capture_fd = -1;
static pthread_mutex_t capture_lock = PTHREAD_MUTEX_INITIALIZER;

void http_capture_init(void)
{
	const char *path = getenv("GUANXI_CAPTURE_RESPONSES");
	if (path && *path && capture_fd < 0)
		capture_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

int http_capture_enabled(void)
{
	return capture_fd >= 0;
}

void http_capture_response(const char *method, const char *route, int status,
                           const char *content_type, const char *body, size_t len)
{
	if (capture_fd < 0 || !route)
		return;
	json_t *line = json_object();
	json_object_set_new(line, "method", json_string(method));
	json_object_set_new(line, "route", json_string(route));
	json_object_set_new(line, "status", json_integer(status));
	json_object_set_new(line, "type", content_type ? json_string(content_type) : json_null());
	json_t *parsed = NULL;
	if (body && len && content_type && strncmp(content_type, "application/json", 16) == 0)
		parsed = json_loadb(body, len, JSON_DECODE_ANY, NULL);
	if (!body && len)   /* a file sent as it is read (exports, downloads): no copy of it here */
		json_object_set_new(line, "streamed", json_true());
	else if (parsed)
		json_object_set_new(line, "body", parsed);
	else if (body && len) {
		json_t *text = json_stringn(body, len < 4096 ? len : 4096);
		json_object_set_new(line, "text", text ? text : json_string("(not UTF-8)"));
	}
	char *s = json_dumps(line, JSON_COMPACT);
	json_decref(line);
	if (!s)
		return;
	size_t n = strlen(s);
	s[n] = '\n';   /* json_dumps's terminating NUL becomes the line end */
	pthread_mutex_lock(&capture_lock);
	ssize_t w = write(capture_fd, s, n + 1);
	pthread_mutex_unlock(&capture_lock);
	(void)w;
	free(s);
}
