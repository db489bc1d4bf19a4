/* guanxi serve: the REST API and the web UI over HTTP until SIGTERM or Ctrl-C (docs/api.md). */
#include <malloc.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "guanxi/http.h"
#include "guanxi/i18n.h"

static const struct cli_option options[] = {
	{"listen", "HOST:PORT", N_("address to listen on; port 0 picks a free one (printed on stderr)"), "127.0.0.1:8080"},
	{"web", "DIR", N_("directory of the web UI's static files"), "web"},
	{"vendor", "DIR", N_("directory served as /vendor/ (Chart.js; default WEB/../node_modules/chart.js/dist)"), NULL},
	{"threads", "N", N_("worker threads (default: one per processor core with SQLite, two with PostgreSQL)"), NULL},
	{"max-connections", "N", N_("most connections at once"), "1000"},
	{"max-per-ip", "N", N_("most connections from one address"), "200"},
	{"timeout", "SECONDS", N_("close connections idle for this long"), "30"},
	{"header-timeout", "SECONDS", N_("close connections that have not sent a whole request header this long after they were opened or after their last answer"), "20"},
	{"body-timeout", "SECONDS", N_("close connections whose request body has not arrived this long after its header, plus one second per 500 bytes received"), "20"},
	{"max-body", "BYTES", N_("largest request body accepted (larger: 413)"), "1048576"},
	{"max-header", "BYTES", N_("room for a request's line and headers together, at least 4096 (a longer URL: 414, longer headers: 431)"), "16384"},
	{"no-background", NULL, N_("run no scheduled background jobs or webhook deliveries in this process (the import wizard's runs still run)"), NULL},
	{"secure-cookies", NULL, N_("mark the session cookie Secure (when served over HTTPS)"), NULL},
	{0},
};

static int number_from(struct cli_ctx *ctx, const char *name, unsigned long min, unsigned long max,
                       unsigned long *out)
{
	const char *v = cli_opt_or_default(ctx, name);
	*out = 0;
	if (!v)
		return CLI_OK;
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (!*v || *end || n < min || n > max)
		return cli_usage_error(ctx, _("--%s must be a number from %lu to %lu"), name, min, max);
	*out = n;
	return CLI_OK;
}

static int number(struct cli_ctx *ctx, const char *name, unsigned long max, unsigned long *out)
{
	return number_from(ctx, name, 1, max, out);
}

static int run(struct cli_ctx *ctx)
{
	struct http_server_config cfg = {
		.db_url = ctx->db_url,
		.listen = cli_opt_or_default(ctx, "listen"),
		.web_dir = cli_opt_or_default(ctx, "web"),
		.vendor_dir = cli_opt_or_default(ctx, "vendor"),
		.secure_cookies = cli_flag(ctx, "secure-cookies"),
		.no_background = cli_flag(ctx, "no-background"),
	};
	unsigned long v;
	int rc;
	if ((rc = number(ctx, "threads", 256, &v)))
		return rc;
	cfg.threads = (unsigned)v;
	if ((rc = number(ctx, "max-connections", 100000, &v)))
		return rc;
	cfg.max_connections = (unsigned)v;
	if ((rc = number(ctx, "max-per-ip", 100000, &v)))
		return rc;
	cfg.max_per_ip = (unsigned)v;
	if ((rc = number(ctx, "timeout", 3600, &v)))
		return rc;
	cfg.timeout_s = (unsigned)v;
	if ((rc = number(ctx, "header-timeout", 3600, &v)))
		return rc;
	cfg.header_timeout_s = (unsigned)v;
	if ((rc = number(ctx, "body-timeout", 3600, &v)))
		return rc;
	cfg.body_timeout_s = (unsigned)v;
	if ((rc = number(ctx, "max-body", 1024UL * 1024 * 1024, &v)))
		return rc;
	cfg.max_body = v;
	if ((rc = number_from(ctx, "max-header", 4096, 1024UL * 1024, &v)))
		return rc;
	cfg.max_header = v;
	/* Every request frees its arena and its answer (a list page: some 40 KB) when it is done;
	 * glibc then handed the freed top of the worker thread's heap back to the kernel
	 * (madvise) and the next request faulted the same pages in again, zeroed: a few percent
	 * of a list page's CPU in perf. Up to 8 MB stay free per heap instead. Setting the trim
	 * threshold freezes the mmap threshold, so that is set too: blocks up to 4 MB (a page of
	 * 1,000 records) come from the heap rather than a fresh mapping each time. */
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	struct gx_error err;
	gx_error_clear(&err);
	if (http_server_run(&cfg, &err) != GX_OK)
		return cli_fail(&err);
	return CLI_OK;
}

const struct cli_command cmd_serve = {
	.name = "serve",
	.summary = N_("serve the REST API and the web UI over HTTP"),
	.options = options,
	.max_args = 0,
	.run = run,
};
