/* libFuzzer target for the parsers of user-typed values (money, dates, instants, phone,
 * e-mail, credit code, duplicate-name keys): any bytes give a value or a clear error; parsed
 * money and dates survive a format/parse round trip. Built and run by `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/datetime.h"
#include "guanxi/money.h"
#include "guanxi/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);
	memcpy(t, data, size);
	t[size] = '\0';
	struct gx_error err;
	int64_t fen, back;
	if (gx_money_parse_yuan(t, GX_MONEY_ALLOW_NEGATIVE, &fen, "x", &err) == GX_OK) {
		char buf[GX_MONEY_FMT_SIZE];
		if (gx_money_parse_yuan(gx_money_format(fen, buf), GX_MONEY_ALLOW_NEGATIVE, &back, "x", &err) != GX_OK ||
		    back != fen)
			abort();
	}
	int32_t days;
	if (gx_date_parse_lenient(t, &days, "x", &err) == GX_OK) {
		char buf[GX_DATE_FMT_SIZE];
		int32_t again;
		if (gx_date_parse(gx_date_format(days, buf), &again, "x", &err) != GX_OK || again != days)
			abort();
	}
	struct gx_tz *tz;
	if (gx_tz_open("Asia/Shanghai", &tz, &err) == GX_OK) {
		int64_t ms;
		gx_instant_parse(t, tz, &ms, "x", &err);
		gx_tz_free(tz);
	}
	char phone[GX_PHONE_SIZE], email[GX_EMAIL_SIZE], uscc[GX_USCC_SIZE];
	enum gx_phone_kind kind;
	gx_phone_normalize(t, phone, &kind, "x", &err);
	gx_email_normalize(t, email, "x", &err);
	gx_uscc_validate(t, uscc, "x", &err);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	char *key;
	gx_name_normalize(t, &a, &key, "x", &err);
	gx_arena_free(&a);
	free(t);
	return 0;
}
