/* The header timeout of guanxi serve (http/header_timeout.c): a connection that does not
 * deliver a request's headers in time is closed, however it trickles them. */
#ifndef GX_HTTP_HEADER_TIMEOUT_H
#define GX_HTTP_HEADER_TIMEOUT_H

#include <microhttpd.h>

#include "http/access_log.h"

struct header_timeout;

/* Starts the watch: a request's headers must be complete within seconds of the connection
 * being ready for it. Each connection closed for it gets a line in log (may be NULL). NULL
 * when its thread cannot start. */
struct header_timeout *header_timeout_start(unsigned seconds, struct access_log *log);
/* Stops the thread. Call after the daemon stopped: no connection is watched any more. */
void header_timeout_stop(struct header_timeout *h);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback, with the watch as its cls. */
void header_timeout_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                           enum MHD_ConnectionNotificationCode code);
/* The request handler saw a request's headers / the request ended (its answer was sent or it
 * failed): the connection is in a request, or waits for the next one from now on. */
void header_timeout_request_began(struct MHD_Connection *c);
void header_timeout_request_ended(struct MHD_Connection *c);

#endif
