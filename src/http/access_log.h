/* The access log's writer thread: lines appended by request threads reach the log (a file
 * descriptor, stderr for `guanxi serve`) in batches, a few milliseconds after their request. */
#ifndef GUANXI_HTTP_ACCESS_LOG_H
#define GUANXI_HTTP_ACCESS_LOG_H

#include <stddef.h>

struct access_log;

/* NULL if the thread cannot start; access_log_line then writes each line itself. */
struct access_log *access_log_start(int fd);
/* Appends one whole line (its newline included); never blocks on the file. */
void access_log_line(struct access_log *l, const char *line, size_t n);
/* Writes what is left and ends the thread. */
void access_log_stop(struct access_log *l);

#endif
