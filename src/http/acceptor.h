/* The server's listening socket and its accepting thread (http/acceptor.c: why the server
 * accepts connections itself instead of letting libmicrohttpd's workers race for them). */
#ifndef GX_HTTP_ACCEPTOR_H
#define GX_HTTP_ACCEPTOR_H

#include <sys/socket.h>

#include <microhttpd.h>

#include "guanxi/error.h"

struct http_acceptor;

/* A listening TCP socket bound to sa (what names it in messages); *port is the bound port
 * (the one picked when sa asked for port 0). */
enum gx_err http_listen_socket(const struct sockaddr *sa, socklen_t len, const char *what, int *fd_out,
                               unsigned *port, struct gx_error *err);
/* Accepts on listen_fd (which it now owns) and adds each connection to daemon, started with
 * MHD_USE_NO_LISTEN_SOCKET and MHD_USE_ITC. NULL with err set when the thread cannot start
 * (listen_fd is then still the caller's). */
struct http_acceptor *http_acceptor_start(int listen_fd, struct MHD_Daemon *daemon, struct gx_error *err);
/* Stops accepting and closes the listening socket; connections already added live on. */
void http_acceptor_stop(struct http_acceptor *a);

#endif
