/* Measuring wrapper for `make bench`: runs a command and reports its wall time, user and
 * system CPU time and peak resident set size, because /usr/bin/time is not installed
 * everywhere. The child's stdout and stderr pass through; the figures go to the file named
 * by -o (or stderr) as one line:
 *   wall_s=12.345 user_s=10.100 sys_s=1.200 maxrss_kb=123456 status=0 timed_out=0
 * With -t SECONDS the command gets SIGTERM when it runs longer (a benchmark run must stay
 * bounded even when the code under test is slow); timed_out=1 then says so.
 * Usage: measure [-o FILE] [-t SECONDS] COMMAND [ARG…]; exits with the command's status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarm_fired;

static void on_alarm(int sig)
{
	(void)sig;
	alarm_fired = 1;
}

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	unsigned limit = 0;
	int first = 1;
	while (first + 1 < argc && argv[first][0] == '-') {
		if (strcmp(argv[first], "-o") == 0)
			out = argv[first + 1];
		else if (strcmp(argv[first], "-t") == 0)
			limit = (unsigned)strtoul(argv[first + 1], NULL, 10);
		else
			break;
		first += 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-o FILE] COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[first], argv + first);
		fprintf(stderr, "measure: cannot run %s: %s\n", argv[first], strerror(errno));
		_exit(127);
	}
	if (limit) {
		/* No SA_RESTART: the alarm interrupts wait4. */
		struct sigaction sa = {.sa_handler = on_alarm};
		sigemptyset(&sa.sa_mask);
		sigaction(SIGALRM, &sa, NULL);
		alarm(limit);
	}
	int status = 0, timed_out = 0;
	struct rusage ru;
	pid_t w;
	while ((w = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR) {
		if (alarm_fired && !timed_out) {
			timed_out = 1;
			kill(pid, SIGTERM);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (w < 0) {
		perror("measure: wait4");
		return 2;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	FILE *f = out ? fopen(out, "w") : stderr;
	if (!f) {
		perror(out);
		return 2;
	}
	/* ru_maxrss is in kilobytes on Linux. */
	fprintf(f, "wall_s=%.3f user_s=%.3f sys_s=%.3f maxrss_kb=%ld status=%d timed_out=%d\n", wall,
	        seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, code, timed_out);
	if (out)
		fclose(f);
	return code;
}
