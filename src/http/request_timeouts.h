/* The header and body timeouts of guanxi serve (http/request_timeouts.c): a connection that
 * does not deliver a request's headers in time, or whose body stops coming at a useful rate,
 * is closed, however it trickles the bytes. */
#ifndef GX_HTTP_REQUEST_TIMEOUTS_H
#define GX_HTTP_REQUEST_TIMEOUTS_H

#include <stddef.h>

#include <microhttpd.h>

#include "http/access_log.h"

/* Bytes per second a body must average beyond its grace time (Apache's MinRate default). */
#define REQUEST_BODY_MIN_RATE 500

struct request_timeouts;
struct watched_conn;

/* Starts the watch: a request's headers must be complete within header_s of the connection
 * being ready for it (opened, or done with its last request); its body must be in within
 * body_s of the headers plus one second per REQUEST_BODY_MIN_RATE bytes received. Each
 * connection closed for either gets a line in log (NULL: written to stderr). NULL when the
 * thread cannot start. */
struct request_timeouts *request_timeouts_start(unsigned header_s, unsigned body_s, struct access_log *log);
/* Stops the thread. Call after the daemon stopped: no connection is watched any more. */
void request_timeouts_stop(struct request_timeouts *t);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback, with the watch as its cls. */
void request_timeouts_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code);

/* The request handler's steps, in order: a request's headers are in (returns the
 * connection's watch for the other calls, or NULL if it is not watched); so many bytes of
 * its body arrived; the body is complete and the request is being answered (no deadline
 * then: --timeout applies); the request ended, so the next one's headers are due from now. */
struct watched_conn *request_timeouts_began(struct MHD_Connection *c);
void request_timeouts_body(struct watched_conn *w, size_t bytes);
void request_timeouts_serving(struct watched_conn *w);
void request_timeouts_ended(struct MHD_Connection *c);

#endif
