/* The webhook delivery worker (see guanxi/hooks.h): claim, sign, POST, record. The claim's
 * lease outlasts the HTTP timeout, so a delivery is never held by two workers at once unless
 * its worker died; then the lease runs out and another sends the same event again, which is
 * what at-least-once allows. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/http_post.h"
#include "guanxi/clock.h"
#include "guanxi/hooks.h"
#include "guanxi/i18n.h"

#define BACKOFF_CAP_S (6 * 3600)
#define LEASE_MARGIN_S 5

void app_webhook_signature(const char *secret, int64_t t, const char *body, size_t len,
                           char out[96])
{
	char ts[24];
	int tn = snprintf(ts, sizeof ts, "%lld.", (long long)t);
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)tn);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	char hex[2 * sizeof mac + 1];
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	snprintf(out, 96, "t=%lld,v1=%s", (long long)t, hex);
}

/* Seconds to wait after the attempt-th failed attempt. */
static int64_t backoff_s(int base, int attempt)
{
	int64_t d = base > 0 ? base : 1;
	for (int i = 1; i < attempt && d < BACKOFF_CAP_S; i++)
		d *= 2;
	return d < BACKOFF_CAP_S ? d : BACKOFF_CAP_S;
}

static enum gx_err deliver_one(struct app *app, const char *worker, const struct webhook_claim *c,
                               struct app_deliver_counts *counts, struct gx_error *err)
{
	const struct app_settings *set = &app->settings;
	int64_t now_ms = gx_now_ms();
	char sig[96];
	app_webhook_signature(c->secret, now_ms / 1000, c->payload, strlen(c->payload), sig);
	const struct gx_http_header headers[] = {
		{"X-Guanxi-Event-Id", c->event_id},
		{"X-Guanxi-Event", c->type},
		{"X-Guanxi-Signature", sig},
	};
	struct webhook_attempt_result r = {0};
	char started[32], now[32], next[32];
	gx_format_instant_utc(now_ms, started);
	r.started_at = started;
	int64_t t0 = gx_monotonic_ms();
	struct gx_error why;
	gx_error_clear(&why);
	int status = 0;
	enum gx_err pe = gx_http_post(c->url, headers, sizeof headers / sizeof *headers, c->payload,
	                              strlen(c->payload), set->webhook_timeout_s * 1000, &status, &why);
	r.ms = gx_monotonic_ms() - t0;
	r.http_status = status;
	char msg[160] = "";
	if (pe != GX_OK)
		snprintf(msg, sizeof msg, "%s", why.message);
	else if (status < 200 || status > 299)
		snprintf(msg, sizeof msg, _("the receiver answered %d"), status);
	r.error = msg[0] ? msg : NULL;
	int64_t end_ms = gx_now_ms();
	gx_format_instant_utc(end_ms, now);
	r.now = now;
	if (!r.error) {
		r.status = "delivered";
	} else if (c->attempts >= set->webhook_max_attempts) {
		r.status = "failed";
	} else {
		r.status = "pending";
		gx_format_instant_utc(end_ms + backoff_s(set->webhook_backoff_s, c->attempts) * 1000, next);
		r.next_attempt_at = next;
	}
	int owned = 0;
	enum gx_err e = store_webhook_finish(app->store, c->id, c->attempts, worker, &r, &owned, err);
	if (e != GX_OK)
		return e;
	if (!owned)
		counts->lost++;
	else if (!r.error)
		counts->delivered++;
	else if (r.next_attempt_at)
		counts->retried++;
	else
		counts->failed++;
	return GX_OK;
}

enum gx_err app_webhooks_deliver(struct app *app, const char *worker, int max,
                                 const atomic_int *stop, struct app_deliver_counts *c,
                                 struct gx_error *err)
{
	memset(c, 0, sizeof *c);
	if (sodium_init() < 0)
		return gx_error_set(err, GX_EINTERNAL, NULL, "libsodium could not initialise");
	int64_t now_ms = gx_now_ms();
	char now[32], lease[32];
	gx_format_instant_utc(now_ms, now);
	/* Deliveries are sent one after another: the lease must cover all of them. */
	gx_format_instant_utc(now_ms + ((int64_t)app->settings.webhook_timeout_s * (max > 0 ? max : 1) +
	                                LEASE_MARGIN_S) * 1000, lease);
	struct gx_arena a;
	gx_arena_init(&a, 16384);
	struct webhook_claim *claims;
	size_t n;
	enum gx_err e = store_webhook_claim(app->store, worker, now, lease, max, &a, &claims, &n, err);
	c->claimed = (int64_t)n;
	size_t i = 0;
	for (; e == GX_OK && i < n && !(stop && atomic_load(stop)); i++)
		e = deliver_one(app, worker, &claims[i], c, err);
	/* Stopping: what was not attempted is due again at once, for this or another server. */
	for (; e == GX_OK && i < n; i++)
		e = store_webhook_release(app->store, claims[i].id, worker, err);
	gx_arena_free(&a);
	return e;
}
