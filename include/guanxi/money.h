/* Money as integer fen (int64_t, 1 yuan = 100 fen), the only form amounts are stored, summed and
 * sent in JSON (DECISIONS.md "Money"). Yuan text from CSV, xlsx and forms is parsed exactly:
 * "¥1,234.50", "1234.5元" and full-width digits are accepted, more than two decimals is an
 * error and is never rounded, negative amounts only where the caller allows them (refund lines). */
#ifndef GUANXI_MONEY_H
#define GUANXI_MONEY_H

#include <stdint.h>
#include "guanxi/error.h"

enum gx_money_flags {
	GX_MONEY_ALLOW_NEGATIVE = 1   /* accept "-12.30" (refunds); otherwise a sign is an error */
};

/* Room for any formatted amount, including "-¥92,233,720,368,547,758.07". */
#define GX_MONEY_FMT_SIZE 40

/* Parses yuan text into fen. Accepted: optional blanks around the value; an optional sign
 * ("-", "－", "−", before or after the currency sign; only with GX_MONEY_ALLOW_NEGATIVE); an
 * optional "¥"/"￥" before or "元" after the number (blanks between them allowed); digits with
 * thousands separators "," only in valid positions (1–3 digits, then groups of 3); an optional
 * "." and one or two decimals. Full-width digits, "．" and "，" count as their ASCII forms.
 * Rejected, with a message naming the value and the fault: empty text, invalid UTF-8, any other
 * character, "1.", ".5", more than two decimals (even zeros: "1.500"), misplaced separators,
 * amounts beyond ±92,233,720,368,547,758.07 yuan. field names the input for the error. */
enum gx_err gx_money_parse_yuan(const char *text, unsigned flags, int64_t *fen,
                                const char *field, struct gx_error *err);

/* Parses an integer count of fen ("123450") as sent by API clients: ASCII digits only, a
 * leading "-" only with GX_MONEY_ALLOW_NEGATIVE, no blanks, no separators, no overflow. */
enum gx_err gx_money_parse_fen(const char *text, unsigned flags, int64_t *fen,
                               const char *field, struct gx_error *err);

/* "1234.50", "-12.30", "0.05": the form CSV and xlsx exports carry. Returns buf. */
char *gx_money_format(int64_t fen, char buf[GX_MONEY_FMT_SIZE]);

/* "¥1,234.50", "-¥12.30": for display. Returns buf. */
char *gx_money_format_display(int64_t fen, char buf[GX_MONEY_FMT_SIZE]);

#endif
