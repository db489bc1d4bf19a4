/* The access log's writer thread (src/http/access_log.c): lines appended by many threads all
 * reach the file whole, each thread's in its order, soon after they were appended and before
 * access_log_stop returns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/access_log.h"

#define THREADS 4
#define LINES 20000

struct appender {
	struct access_log *log;
	int no;
};

static void *append_lines(void *arg)
{
	struct appender *a = arg;
	char line[128];
	for (int i = 0; i < LINES; i++) {
		int n = snprintf(line, sizeof line, "{\"thread\":%d,\"line\":%d,\"pad\":\"%0*d\"}\n", a->no, i,
		                 i % 50, 0);
		access_log_line(a->log, line, (size_t)n);
	}
	return NULL;
}

static char *read_file(FILE *f, size_t *len)
{
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	*len = fread(s, 1, (size_t)n, f);
	s[*len] = 0;
	return s;
}

static void test_lines_whole_and_in_order(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	struct access_log *log = access_log_start(fileno(f));
	assert_non_null(log);
	pthread_t t[THREADS];
	struct appender a[THREADS];
	for (int i = 0; i < THREADS; i++) {
		a[i] = (struct appender){log, i};
		assert_int_equal(pthread_create(&t[i], NULL, append_lines, &a[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	access_log_stop(log);

	size_t len;
	char *s = read_file(f, &len);
	assert_true(len > 0);
	assert_int_equal(s[len - 1], '\n');
	int next[THREADS] = {0};
	size_t lines = 0;
	for (char *p = s, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		int th, no, used = 0;
		*nl = 0;   /* sscanf would measure the whole rest of the file for every line */
		assert_int_equal(sscanf(p, "{\"thread\":%d,\"line\":%d,\"pad\":\"%*d\"}%n", &th, &no, &used), 2);
		assert_true(used > 0 && p + used == nl);   /* whole: nothing of another line inside */
		assert_true(th >= 0 && th < THREADS);
		assert_int_equal(no, next[th]);   /* each thread's lines in its order */
		next[th]++;
		lines++;
	}
	assert_int_equal(lines, THREADS * LINES);
	free(s);
	fclose(f);
}

/* A lone line is written within a short time without waiting for more or for the stop. */
static void test_lone_line_written_soon(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	struct access_log *log = access_log_start(fileno(f));
	const char *line = "{\"alone\":true}\n";
	access_log_line(log, line, strlen(line));
	int seen = 0;
	for (int i = 0; i < 200 && !seen; i++) {   /* up to 2 s; the writer waits 5 ms */
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
		seen = lseek(fileno(f), 0, SEEK_END) == (off_t)strlen(line);
	}
	assert_true(seen);
	access_log_stop(log);
	size_t len;
	char *s = read_file(f, &len);
	assert_string_equal(s, line);
	free(s);
	fclose(f);
}

/* Nothing appended: the stop returns and writes nothing. */
static void test_stop_when_empty(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	access_log_stop(access_log_start(fileno(f)));
	assert_int_equal(lseek(fileno(f), 0, SEEK_END), 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_whole_and_in_order),
		cmocka_unit_test(test_lone_line_written_soon),
		cmocka_unit_test(test_stop_when_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
