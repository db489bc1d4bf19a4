/* libFuzzer target for request-body decoding (src/http/json_record.c): any bytes sent as the
 * body of POST /api/v1/customers are parsed as the server parses them (jansson, duplicate keys
 * refused) and, when they are an object, turned into a customer record field by field with
 * the type checks and app_field_set_text. Every input must give a record or a clear error
 * (invalid input, unknown reference), never a crash, a leak or another kind of failure. The
 * app opens one temporary SQLite database for the whole run (references by code are looked
 * up in it), removed at exit. Built and run by `make fuzz`; a short run is part of `make test`. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/app.h"
#include "guanxi/record_store.h"
#include "http/http.h"

static struct app app;
static int app_ready;
static char path[] = "/tmp/gx-fuzz-body-XXXXXX";

static void close_app(void)
{
	app_close(&app);
	char side[sizeof path + 8];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static void open_app(void)
{
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	unlink(path);
	struct gx_error err;
	if (app_open(&app, path, 1, &err) != GX_OK) {
		fprintf(stderr, "fuzz_body: %s\n", err.message);
		abort();
	}
	app_ready = 1;
	atexit(close_app);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!app_ready)
		open_app();
	json_error_t jerr;
	json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj || !json_is_object(obj)) {
		json_decref(obj);
		return 0;
	}
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record r;
	record_init(&r, &entity_customer, &a);
	struct gx_error err;
	gx_error_clear(&err);
	enum gx_err e = http_record_from_json(&app, &r, obj, NULL, &a, &err);
	if (e != GX_OK && e != GX_EINVAL && e != GX_ENOTFOUND)
		abort();
	if (e != GX_OK && !err.message[0])
		abort();   /* every refusal says why */
	json_decref(obj);
	gx_arena_free(&a);
	return 0;
}
