/* Unit tests for webhooks and job leases on both backends: event types and subscriptions, the
 * signature against a value computed independently (Python's hmac module), the outbox (a
 * committed write has its event, a rolled-back one none, a bulk job one job.completed), a real
 * delivery to a receiver thread on 127.0.0.1 that fails once and then accepts (same event id
 * both times, signature verifies, backoff as set), claims that exclude a second worker until
 * the lease expires, and scheduled-job leases taken by one holder at a time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/http_post.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/datetime.h"
#include "guanxi/hooks.h"
#include "guanxi/jobs.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0)
		return -1;
	struct gx_error err;
	if (app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	gx_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static int64_t count(struct fx *f, const char *sql)
{
	int64_t n = -1;
	struct gx_error err;
	assert_int_equal(db_query_i64(f->app.store, sql, &n, NULL, &err, ""), GX_OK);
	return n;
}

static int64_t add_customer(struct fx *f, const char *name)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_customer, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "name", name, &f->a, &err), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &r, 0, &f->a, NULL, &err), GX_OK);
	return r.id;
}

static void test_types_and_subscriptions(void **state)
{
	char buf[64];
	struct audit_entry a = {.action = "create", .entity = "customer", .entity_id = 3};
	assert_string_equal(app_hooks_event_type(&a, buf, sizeof buf), "customer.created");
	a.action = "delete";
	assert_string_equal(app_hooks_event_type(&a, buf, sizeof buf), "customer.deleted");
	a.action = "export";
	assert_null(app_hooks_event_type(&a, buf, sizeof buf));
	a.action = "import";
	a.job_id = 9;
	assert_string_equal(app_hooks_event_type(&a, buf, sizeof buf), "job.completed");

	assert_true(app_hooks_wants("*", "order.created"));
	assert_true(app_hooks_wants("customer.*, order.created", "order.created"));
	assert_true(app_hooks_wants("customer.*,order.created", "customer.deleted"));
	assert_false(app_hooks_wants("customer.*", "contact.created"));
	assert_false(app_hooks_wants("customer.created", "customer.created_x"));
	assert_false(app_hooks_wants("order.created", "order.create"));
}

static void test_signature_known_value(void **state)
{
	/* python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
	 *   b'1700000000.{\"a\":1}', hashlib.sha256).hexdigest())" */
	char sig[96];
	app_webhook_signature("whsec_test", 1700000000, "{\"a\":1}", 7, sig);
	assert_string_equal(sig, "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
}

static void test_outbox_follows_the_transaction(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t id;
	char secret[APP_WEBHOOK_SECRET_SIZE];
	assert_int_equal(app_webhook_add(&f->app, "ftp://x", NULL, NULL, &id, secret, &err), GX_EINVAL);
	assert_int_equal(app_webhook_add(&f->app, "mailto:ops@example.com", NULL, NULL, &id, secret, &err),
	                 GX_EINVAL);
	assert_int_equal(app_webhook_add(&f->app, "http://127.0.0.1:9/h", "customer.*", "t", &id, secret,
	                                 &err), GX_OK);
	assert_int_equal(strlen(secret), 6 + 64);
	assert_int_equal(strncmp(secret, "whsec_", 6), 0);

	add_customer(f, "提交的客户");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_events WHERE type = 'customer.created'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'"), 1);

	/* A write whose transaction rolls back leaves no event behind. */
	assert_int_equal(store_begin(f->app.store, &err), GX_OK);
	add_customer(f, "回滚的客户");
	store_rollback(f->app.store);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM customers"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_events"), 1);

	/* A bulk job emits one job.completed, not one event per record; a disabled webhook none. */
	int64_t all;
	assert_int_equal(app_webhook_add(&f->app, "http://127.0.0.1:9/all", "job.*", NULL, &all, secret,
	                                 &err), GX_OK);
	int64_t recycled = 0, job = 0;
	assert_int_equal(app_pool_recycle(&f->app, &recycled, &job, &err), GX_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_events WHERE type = 'job.completed'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries d JOIN webhook_events e"
	                          " ON e.id = d.event_id WHERE e.type = 'job.completed'"), 1);
	assert_int_equal(app_webhook_set_active(&f->app, id, 0, &err), GX_OK);
	add_customer(f, "停用后的客户");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_events WHERE type = 'customer.created'"), 1);
	assert_int_equal(app_webhook_set_active(&f->app, 999, 0, &err), GX_ENOTFOUND);

	/* A worker told to stop hands its claims back unattempted; a disabled webhook's delivery
	 * is not claimed at all. */
	atomic_int stop;
	atomic_init(&stop, 1);
	struct app_deliver_counts c;
	assert_int_equal(app_webhooks_deliver(&f->app, "w", 10, &stop, &c, &err), GX_OK);
	assert_int_equal(c.claimed, 1);
	assert_int_equal(c.delivered + c.retried + c.failed, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'"
	                          " AND attempts = 0 AND claimed_by IS NULL"), 2);

	/* Only admins manage webhooks. */
	f->app.actor.user_id = 42;
	snprintf(f->app.actor.role, sizeof f->app.actor.role, "sales");
	struct webhook *list;
	size_t n;
	assert_int_equal(app_webhook_list(&f->app, &f->a, &list, &n, &err), GX_EFORBIDDEN);
	f->app.actor.user_id = 0;
	assert_int_equal(app_webhook_list(&f->app, &f->a, &list, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	assert_null(list[0].secret);
}

/* --- a receiver on 127.0.0.1 ---------------------------------------------------------------- */

struct receiver {
	int fd, port;
	int statuses[4], n;         /* answers to give, in order */
	char event_ids[4][64], sigs[4][128], bodies[4][1024];
};

static void header_value(const char *req, const char *name, char *out, size_t size)
{
	const char *p = strcasestr(req, name);
	out[0] = '\0';
	if (!p)
		return;
	p += strlen(name);
	while (*p == ':' || *p == ' ')
		p++;
	snprintf(out, size, "%.*s", (int)strcspn(p, "\r\n"), p);
}

static void *receiver_main(void *arg)
{
	struct receiver *r = arg;
	for (int i = 0; i < r->n; i++) {
		int c = accept(r->fd, NULL, NULL);
		if (c < 0)
			break;
		char req[4096];
		size_t got = 0;
		char *body = NULL;
		long want = -1;
		while (got < sizeof req - 1) {
			ssize_t k = recv(c, req + got, sizeof req - 1 - got, 0);
			if (k <= 0)
				break;
			got += (size_t)k;
			req[got] = '\0';
			body = strstr(req, "\r\n\r\n");
			if (body && want < 0) {
				char cl[32];
				header_value(req, "Content-Length", cl, sizeof cl);
				want = atol(cl);
			}
			if (body && (long)(got - (size_t)(body + 4 - req)) >= want)
				break;
		}
		header_value(req, "X-Guanxi-Event-Id", r->event_ids[i], sizeof r->event_ids[i]);
		header_value(req, "X-Guanxi-Signature", r->sigs[i], sizeof r->sigs[i]);
		snprintf(r->bodies[i], sizeof r->bodies[i], "%s", body ? body + 4 : "");
		char resp[128];
		int len = snprintf(resp, sizeof resp, "HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
		                   r->statuses[i]);
		send(c, resp, (size_t)len, MSG_NOSIGNAL);
		close(c);
	}
	return NULL;
}

static void receiver_listen(struct receiver *r)
{
	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(r->fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(r->fd, 8), 0);
	socklen_t len = sizeof sa;
	getsockname(r->fd, (struct sockaddr *)&sa, &len);
	r->port = ntohs(sa.sin_port);
}

static void test_delivery_retry_and_signature(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct receiver r = {.statuses = {500, 204}, .n = 2};
	receiver_listen(&r);
	pthread_t th;
	pthread_create(&th, NULL, receiver_main, &r);
	char url[64], secret[APP_WEBHOOK_SECRET_SIZE];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/hook", r.port);
	int64_t hook;
	assert_int_equal(app_webhook_add(&f->app, url, "customer.created", NULL, &hook, secret, &err), GX_OK);
	assert_int_equal(app_setting_set(&f->app, "webhook_backoff_s", "1", &err), GX_OK);
	int64_t cid = add_customer(f, "王芳");

	struct app_deliver_counts c;
	int64_t t0 = gx_now_ms();
	assert_int_equal(app_webhooks_deliver(&f->app, "w1", 10, NULL, &c, &err), GX_OK);
	assert_int_equal(c.claimed, 1);
	assert_int_equal(c.retried, 1);
	/* Not due again before the backoff of 1 s. */
	assert_int_equal(app_webhooks_deliver(&f->app, "w1", 10, NULL, &c, &err), GX_OK);
	assert_int_equal(c.claimed, 0);
	struct webhook_delivery *d;
	size_t n;
	assert_int_equal(app_webhook_deliveries(&f->app, hook, NULL, 10, &f->a, &d, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].status, "pending");
	assert_int_equal(d[0].last_status, 500);
	int64_t next = 0;
	assert_int_equal(gx_instant_parse(d[0].next_attempt_at, NULL, &next, NULL, &err), GX_OK);
	assert_true(next - t0 >= 0 && next - t0 <= 2000);

	usleep(1100 * 1000);
	while (gx_now_ms() < next)
		usleep(50 * 1000);
	assert_int_equal(app_webhooks_deliver(&f->app, "w2", 10, NULL, &c, &err), GX_OK);
	assert_int_equal(c.delivered, 1);
	pthread_join(th, NULL);
	close(r.fd);

	/* Both attempts carried the same event id and body, each signed over its own timestamp. */
	assert_string_equal(r.event_ids[0], r.event_ids[1]);
	assert_int_equal(strncmp(r.event_ids[0], "evt_", 4), 0);
	assert_string_equal(r.bodies[0], r.bodies[1]);
	for (int i = 0; i < 2; i++) {
		long long t = atoll(r.sigs[i] + 2);
		char want[96];
		app_webhook_signature(secret, t, r.bodies[i], strlen(r.bodies[i]), want);
		assert_string_equal(r.sigs[i], want);
		assert_true(llabs(t - gx_now_ms() / 1000) < 10);
	}
	char needle[64];
	snprintf(needle, sizeof needle, "\"entity_id\":%lld", (long long)cid);
	assert_non_null(strstr(r.bodies[0], needle));
	assert_non_null(strstr(r.bodies[0], "\"type\":\"customer.created\""));
	assert_int_equal(app_webhook_deliveries(&f->app, 0, "delivered", 10, &f->a, &d, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].attempts, 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_attempts"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_attempts WHERE http_status = 204"), 1);
}

static void test_claims_exclude_other_workers(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	char secret[APP_WEBHOOK_SECRET_SIZE];
	int64_t hook;
	/* The events' creation instants (whole seconds) are not before start; the claims' `now`
	 * is taken after them, so their deliveries are due. (Pruning before `now` instead was
	 * wrong whenever a second began between the creations and `now`.) */
	char start[32];
	gx_format_instant_utc(gx_now_ms(), start);
	assert_int_equal(app_webhook_add(&f->app, "http://127.0.0.1:9/h", NULL, NULL, &hook, secret, &err), GX_OK);
	add_customer(f, "李娜");
	add_customer(f, "赵磊");
	char now[32], lease[32], later[32];
	int64_t t = gx_now_ms();
	gx_format_instant_utc(t, now);
	gx_format_instant_utc(t + 60000, lease);
	gx_format_instant_utc(t + 120000, later);
	struct webhook_claim *a, *b;
	size_t na, nb;
	/* Three events: the webhook's own creation and two customers. */
	assert_int_equal(store_webhook_claim(f->app.store, "A", now, lease, 2, &f->a, &a, &na, &err), GX_OK);
	assert_int_equal(na, 2);
	assert_int_equal(a[0].attempts, 1);
	assert_int_equal(store_webhook_claim(f->app.store, "B", now, lease, 10, &f->a, &b, &nb, &err), GX_OK);
	assert_int_equal(nb, 1);
	assert_true(b[0].id != a[0].id && b[0].id != a[1].id);
	assert_int_equal(store_webhook_claim(f->app.store, "C", now, lease, 10, &f->a, &b, &nb, &err), GX_OK);
	assert_int_equal(nb, 0);
	/* After A's lease ran out, C takes A's deliveries; A's late result no longer counts. */
	assert_int_equal(store_webhook_claim(f->app.store, "C", later, later, 10, &f->a, &b, &nb, &err), GX_OK);
	assert_int_equal(nb, 3);
	struct webhook_attempt_result res = {.status = "delivered", .started_at = now, .now = now,
	                                     .http_status = 200, .ms = 3};
	int owned = 1;
	assert_int_equal(store_webhook_finish(f->app.store, a[0].id, a[0].attempts, "A", &res, &owned, &err), GX_OK);
	assert_false(owned);
	assert_int_equal(store_webhook_finish(f->app.store, b[0].id, b[0].attempts, "C", &res, &owned, &err), GX_OK);
	assert_true(owned);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'"), 1);

	/* Pruning keeps events that still have a pending delivery; the rest go with their log. */
	int64_t pruned = 0;
	char tomorrow[32];
	gx_format_instant_utc(t + 86400000, tomorrow);
	assert_int_equal(store_webhook_prune(f->app.store, start, &pruned, &err), GX_OK);
	assert_int_equal(pruned, 0);
	assert_int_equal(store_webhook_prune(f->app.store, tomorrow, &pruned, &err), GX_OK);
	assert_int_equal(pruned, 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_events"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries"), 2);
	/* Both logged attempts (A's late one and C's) were of the delivered, pruned delivery. */
	assert_int_equal(b[0].id, a[0].id);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_attempts"), 0);
}

static void test_url_check(void **state)
{
	struct gx_error err;
	assert_int_equal(gx_http_url_check("http://127.0.0.1:8080/hook?x=1", &err), GX_OK);
	assert_int_equal(gx_http_url_check("http://[::1]:9/h", &err), GX_OK);
	assert_int_equal(gx_http_url_check("http://erp.internal", &err), GX_OK);
	assert_int_equal(gx_http_url_check("http://h:0/", &err), GX_EINVAL);
	assert_int_equal(gx_http_url_check("http://h:65536/", &err), GX_EINVAL);
	assert_int_equal(gx_http_url_check("http://:80/", &err), GX_EINVAL);
	assert_int_equal(gx_http_url_check("http://h/a b", &err), GX_EINVAL);
	assert_int_equal(gx_http_url_check("https://h/", &err), GX_OK);      /* TLS through libcurl */
	assert_int_equal(gx_http_url_check("ftp://h/", &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "https://"));
	/* Nobody listens on port 9 (discard) of 127.0.0.1 in the test environment: refused at once. */
	int status = -1;
	assert_int_equal(gx_http_post("http://127.0.0.1:9/", NULL, 0, "{}", 2, 2000, &status, &err), GX_EIO);
	assert_int_equal(status, 0);
}

static void test_job_leases(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct store *s = f->app.store;
	char now[32], lease[32], past[32], crashed[32];
	int64_t t = gx_now_ms();
	gx_format_instant_utc(t, now);
	gx_format_instant_utc(t + 60000, lease);
	gx_format_instant_utc(t - 1000, past);
	int got = 0;
	assert_int_equal(store_job_lease_claim(s, "score", "A", now, lease, past, &got, crashed, &err), GX_OK);
	assert_true(got);
	assert_string_equal(crashed, "");
	assert_int_equal(store_job_lease_claim(s, "score", "B", now, lease, past, &got, crashed, &err), GX_OK);
	assert_false(got);
	/* Released with a next run in the future: nobody takes it now. */
	assert_int_equal(store_job_lease_release(s, "score", "A", lease, &err), GX_OK);
	assert_int_equal(store_job_lease_claim(s, "score", "B", now, lease, past, &got, crashed, &err), GX_OK);
	assert_false(got);
	/* A holder that died: once its lease and the due time passed, the next one takes it and
	 * learns that a run was abandoned. */
	char later[32], much_later[32];
	gx_format_instant_utc(t + 61000, later);
	gx_format_instant_utc(t + 200000, much_later);
	assert_int_equal(store_job_lease_claim(s, "score", "B", later, much_later, past, &got, crashed, &err), GX_OK);
	assert_true(got);
	assert_string_equal(crashed, "");
	char after[32];
	gx_format_instant_utc(t + 300000, after);
	assert_int_equal(store_job_lease_claim(s, "score", "C", after, after, past, &got, crashed, &err), GX_OK);
	assert_true(got);
	assert_string_equal(crashed, much_later);

	/* The scheduler: a kind first seen waits a period; due kinds run once and record a job. */
	assert_int_equal(app_setting_set(&f->app, "job_score_every_s", "0", &err), GX_OK);
	assert_int_equal(app_setting_set(&f->app, "job_recycle_every_s", "3600", &err), GX_OK);
	int ran = -1;
	assert_int_equal(app_jobs_run_due(&f->app, "S1", &ran, &err), GX_OK);
	assert_int_equal(ran, 0);
	assert_int_equal(db_exec(s, "UPDATE job_leases SET next_run_at = '2000-01-01T00:00:00Z' WHERE kind = 'recycle'",
	                         NULL, &err, ""), GX_OK);
	assert_int_equal(app_jobs_run_due(&f->app, "S1", &ran, &err), GX_OK);
	assert_int_equal(ran, 1);
	assert_int_equal(app_jobs_run_due(&f->app, "S2", &ran, &err), GX_OK);
	assert_int_equal(ran, 0);
	struct job_row *jobs;
	size_t n;
	assert_int_equal(app_jobs_list(&f->app, "recycle", 10, &f->a, &jobs, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(jobs[0].status, "done");
	assert_string_equal(jobs[0].counts, "{\"recycled\":0}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_subscriptions),
		cmocka_unit_test(test_signature_known_value),
		cmocka_unit_test(test_url_check),
		cmocka_unit_test_setup_teardown(test_outbox_follows_the_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delivery_retry_and_signature, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claims_exclude_other_workers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_leases, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
