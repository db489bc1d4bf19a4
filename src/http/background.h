/* The background threads of guanxi serve (guanxi/jobs.h): one runs the scheduled jobs, one
 * delivers webhooks, each with its own database connection so that neither ever holds up a
 * request, and a slow webhook receiver never holds up the scheduled jobs. */
#ifndef GX_HTTP_BACKGROUND_H
#define GX_HTTP_BACKGROUND_H

struct http_background;

/* Starts the threads on db_url: the import worker and the heartbeat always, the scheduler and
 * the webhook worker when scheduled is set (serve without --no-background). */
struct http_background *http_background_start(const char *db_url, int scheduled);
/* Asks both threads to stop, waits for them (a delivery in flight finishes first) and frees. */
void http_background_stop(struct http_background *b);

#endif
