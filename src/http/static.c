/* Static files of the web UI from the web directory, and under /vendor/ the browser files of
 * the npm packages the UI loads (Chart.js's dist/ directory, `guanxi serve --vendor`), and
 * under /docs/ the checkout's docs/ beside web/ (docs/models.md, which the analytics pages cite). A path
 * may not leave its directory: "." and ".." segments, backslashes, control characters (an
 * encoded NUL arrives as one) and symbolic links pointing outside are all "not found". */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guanxi/i18n.h"
#include "http/http.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
	{".png", "image/png"}, {".jpg", "image/jpeg"}, {".ico", "image/x-icon"},
	{".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
	{".yaml", "application/yaml; charset=utf-8"}, {".md", "text/plain; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
};

static int path_is_safe(const char *p)
{
	if (p[0] != '/')
		return 0;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '\\')
			return 0;
	for (const char *seg = p; seg; seg = strchr(seg + 1, '/')) {
		const char *s = seg + 1;
		size_t n = strcspn(s, "/");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
	}
	return 1;
}

static enum gx_err not_found(struct http_req *rq, struct gx_error *err)
{
	return gx_error_set(err, GX_ENOTFOUND, NULL, "%s", _("no such page"));
}

enum gx_err http_static(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *path = strcmp(rq->path, "/") == 0 ? "/index.html" : rq->path;
	if (!path_is_safe(path) || strlen(path) > 1024)
		return not_found(rq, err);
	char root[PATH_MAX], real[PATH_MAX];
	const char *dir = rq->cfg->web_dir;
	if (strncmp(path, "/vendor/", 8) == 0) {
		dir = rq->cfg->vendor_dir ? rq->cfg->vendor_dir
		                          : gx_arena_printf(rq->arena, "%s/../node_modules/chart.js/dist", rq->cfg->web_dir);
		path += 7;
	} else if (strncmp(path, "/docs/", 6) == 0) {   /* the model reference the pages link to */
		dir = gx_arena_printf(rq->arena, "%s/../docs", rq->cfg->web_dir);
		path += 5;
	}
	if (!realpath(dir, root))
		return not_found(rq, err);
	const char *full = gx_arena_printf(rq->arena, "%s%s", root, path);
	if (!realpath(full, real))
		return not_found(rq, err);
	size_t rn = strlen(root);
	if (strncmp(real, root, rn) != 0 || real[rn] != '/')
		return not_found(rq, err);
	int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0)
		return not_found(rq, err);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return not_found(rq, err);
	}
	const char *type = "application/octet-stream";
	const char *dot = strrchr(real, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			type = types[i].type;
	rs->fd = fd;
	rs->fd_size = (uint64_t)st.st_size;
	rs->status = 200;
	rs->content_type = type;
	/* HTML is revalidated so a new release shows at once; assets may be cached for an hour. */
	http_resp_header(rs, NULL, "Cache-Control",
	                 strncmp(type, "text/html", 9) == 0 ? "no-cache" : "public, max-age=3600");
	return GX_OK;
}
