/* Calendar arithmetic, date and instant text, Excel serial dates (see guanxi/datetime.h).
 * The day-number conversion is the era-based civil-calendar formula (400-year eras of 146097
 * days, years starting in March so that the leap day falls at the end), valid for any int32 day. */
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"
#include "core/textutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DATE_TEXT_MAX 64

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int gx_date_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int gx_date_days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && gx_date_is_leap_year(y) ? 29 : dim[m - 1];
}

int gx_date_ymd_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= gx_date_days_in_month(y, m);
}

int32_t gx_date_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                          /* 0..399 */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;   /* 0..365, from March 1 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;   /* 0..146096 */
	return (int32_t)(era * 146097 + doe - 719468);         /* 719468: 0000-03-01 → 1970-01-01 */
}

void gx_date_to_ymd(int32_t days, int *year, int *month, int *day)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = m;
	*day = d;
}

int gx_date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4) */
	int64_t k = (int64_t)days + 3;
	return (int)(k - floor_div(k, 7) * 7) + 1;
}

int32_t gx_date_add_months(int32_t days, int months)
{
	int y, m, d;
	gx_date_to_ymd(days, &y, &m, &d);
	int64_t total = (int64_t)y * 12 + (m - 1) + months;
	int ny = (int)floor_div(total, 12);
	int nm = (int)(total - (int64_t)ny * 12) + 1;
	int dim = gx_date_days_in_month(ny, nm);
	return gx_date_from_ymd(ny, nm, d > dim ? dim : d);
}

int gx_date_age_years(int32_t birthday, int32_t on)
{
	int by, bm, bd, y, m, d;
	gx_date_to_ymd(birthday, &by, &bm, &bd);
	gx_date_to_ymd(on, &y, &m, &d);
	return y - by - (m < bm || (m == bm && d < bd));
}

int32_t gx_date_days_between(int32_t from, int32_t to)
{
	return to - from;
}

int32_t gx_date_period_start(int32_t days, enum gx_period period)
{
	int y, m, d;
	switch (period) {
	case GX_PERIOD_WEEK:
		return days - (gx_date_weekday(days) - 1);
	case GX_PERIOD_MONTH:
		gx_date_to_ymd(days, &y, &m, &d);
		return gx_date_from_ymd(y, m, 1);
	case GX_PERIOD_YEAR:
		gx_date_to_ymd(days, &y, &m, &d);
		return gx_date_from_ymd(y, 1, 1);
	case GX_PERIOD_DAY:
	default:
		return days;
	}
}

int32_t gx_date_period_next(int32_t days, enum gx_period period)
{
	int32_t start = gx_date_period_start(days, period);
	switch (period) {
	case GX_PERIOD_WEEK:
		return start + 7;
	case GX_PERIOD_MONTH:
		return gx_date_add_months(start, 1);
	case GX_PERIOD_YEAR:
		return gx_date_add_months(start, 12);
	case GX_PERIOD_DAY:
	default:
		return start + 1;
	}
}

/* --- date text --- */

static enum gx_err check_ymd(const char *text, int y, int m, int d, int32_t *days,
                             const char *field, struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (y < 1 || y > 9999)
		return gx_error_set(err, GX_EINVAL, field, _("date %s has year %d (must be 0001–9999)"),
		                    gx_text_quote(q, text), y);
	if (m < 1 || m > 12)
		return gx_error_set(err, GX_EINVAL, field, _("date %s has month %d (must be 1–12)"),
		                    gx_text_quote(q, text), m);
	int dim = gx_date_days_in_month(y, m);
	if (m == 2 && d == 29 && dim == 28)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("date %s does not exist: %d is not a leap year"),
		                    gx_text_quote(q, text), y);
	if (d < 1 || d > dim)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("date %s has day %d, but month %d of %d has %d days"),
		                    gx_text_quote(q, text), d, m, y, dim);
	*days = gx_date_from_ymd(y, m, d);
	return GX_OK;
}

static int digits_at(const char *s, size_t n, int *v)
{
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		r = r * 10 + (s[i] - '0');
	}
	*v = r;
	return 1;
}

enum gx_err gx_date_parse(const char *text, int32_t *days, const char *field,
                          struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("date is empty"));
	int y, m, d;
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' || !digits_at(text, 4, &y) ||
	    !digits_at(text + 5, 2, &m) || !digits_at(text + 8, 2, &d))
		return gx_error_set(err, GX_EINVAL, field, _("date %s is not in the form YYYY-MM-DD"),
		                    gx_text_quote(q, text));
	return check_ymd(text, y, m, d, days, field, err);
}

/* Reads 1..max digits at s[*i]; returns the count read. */
static int read_num(const char *s, size_t *i, int max, int *v)
{
	int n = 0, r = 0;
	while (s[*i] >= '0' && s[*i] <= '9' && n < max + 1) {
		r = r * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	*v = r;
	return n <= max ? n : 0;
}

enum gx_err gx_date_parse_lenient(const char *text, int32_t *days, const char *field,
                                  struct gx_error *err)
{
	char q[GX_QUOTE_SIZE];
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("date is empty"));
	size_t len = strlen(text), bad_off, start;
	if (len > DATE_TEXT_MAX)
		return gx_error_set(err, GX_EINVAL, field, _("date %s is too long"), gx_text_quote(q, text));
	if (!gx_utf8_valid(text, len, &bad_off))
		return gx_error_set(err, GX_EINVAL, field,
		                    _("date %s is not valid UTF-8 (bad byte at offset %zu)"),
		                    gx_text_quote(q, text), bad_off);
	len = gx_text_trim(text, len, &start);
	/* fold onto ASCII; 年月日 become Y M D */
	char a[DATE_TEXT_MAX + 1];
	size_t n = 0;
	for (size_t i = start; i < start + len;) {
		uint32_t cp;
		i += gx_utf8_decode(text + i, start + len - i, &cp);
		cp = gx_text_fold_width(cp);
		if (cp == 0x5E74)
			cp = 'Y';
		else if (cp == 0x6708)
			cp = 'M';
		else if (cp == 0x65E5 || cp == 0x53F7)   /* 日, 号 */
			cp = 'D';
		else if (cp >= 0x80)
			cp = '?';
		a[n++] = (char)cp;
	}
	a[n] = '\0';
	if (n == 0)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("date is blank"));
	int y = 0, m = 0, d = 0;
	size_t i = 0;
	if (n == 8 && digits_at(a, 8, &y)) {
		y = y / 10000;
		digits_at(a + 4, 2, &m);
		digits_at(a + 6, 2, &d);
		return check_ymd(text, y, m, d, days, field, err);
	}
	if (read_num(a, &i, 4, &y) == 4) {
		char sep = a[i];
		if (sep == '-' || sep == '/' || sep == '.') {
			i++;
			if (read_num(a, &i, 2, &m) && a[i] == sep) {
				i++;
				if (read_num(a, &i, 2, &d) && a[i] == '\0')
					return check_ymd(text, y, m, d, days, field, err);
			}
		} else if (sep == 'Y') {
			i++;
			if (read_num(a, &i, 2, &m) && a[i] == 'M') {
				i++;
				if (read_num(a, &i, 2, &d) && (a[i] == '\0' || (a[i] == 'D' && a[i + 1] == '\0')))
					return check_ymd(text, y, m, d, days, field, err);
			}
		}
	}
	return gx_error_set(err, GX_EINVAL, field,
	                    _("date %s is not a date (expected YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)"),
	                    gx_text_quote(q, text));
}

/* Zero-padded decimal digits of v (width of them, the higher ones dropped) at p: what
 * "%0Nu" prints for a v below 10^width. The two formatters below ran once or twice per row of
 * an order import, where snprintf was 3 % of the CPU. */
static char *put_digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

char *gx_date_format(int32_t days, char buf[GX_DATE_FMT_SIZE])
{
	int y, m, d;
	gx_date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;   /* outside the supported range: keep the fixed width */
	char *p = put_digits(buf, (unsigned)y % 10000u, 4);
	*p++ = '-';
	p = put_digits(p, (unsigned)m % 100u, 2);
	*p++ = '-';
	p = put_digits(p, (unsigned)d % 100u, 2);
	*p = '\0';
	return buf;
}

/* 1899-12-30 is Excel's serial 0 for every serial after the fake 1900-02-29. */
#define EXCEL_EPOCH_OFFSET 25569   /* serial of 1970-01-01 */
#define EXCEL_MAX_SERIAL 2958465   /* 9999-12-31 */

enum gx_err gx_date_from_excel_serial(double serial, int32_t *days, const char *field,
                                      struct gx_error *err)
{
	if (!isfinite(serial) || serial < 1 || serial >= EXCEL_MAX_SERIAL + 1)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("Excel date serial %g is out of range (1 to %d)"), serial,
		                    EXCEL_MAX_SERIAL);
	int32_t s = (int32_t)floor(serial);
	if (s == 60)
		return gx_error_set(err, GX_EINVAL, field,
		                    "%s", _("Excel date serial 60 is 1900-02-29, a day that does not exist"));
	*days = s < 60 ? s - EXCEL_EPOCH_OFFSET + 1 : s - EXCEL_EPOCH_OFFSET;
	return GX_OK;
}

int32_t gx_date_to_excel_serial(int32_t days)
{
	int32_t s = days + EXCEL_EPOCH_OFFSET;
	if (s >= 61)
		return s;
	s -= 1;   /* before the fake 1900-02-29 */
	return s >= 1 ? s : 0;
}

/* --- instants --- */

/* Keeps arithmetic on hostile or corrupt instants (INT64_MAX from a bad row) defined. */
static int64_t clamp_instant(int64_t ms)
{
	return ms < GX_INSTANT_MIN ? GX_INSTANT_MIN : ms > GX_INSTANT_MAX ? GX_INSTANT_MAX : ms;
}

char *gx_instant_format(int64_t ms, char buf[GX_INSTANT_FMT_SIZE])
{
	ms = clamp_instant(ms);
	int64_t days = floor_div(ms, GX_MS_PER_DAY);
	int64_t rem = ms - days * GX_MS_PER_DAY;
	char d[GX_DATE_FMT_SIZE];
	gx_date_format((int32_t)days, d);
	/* 0 <= rem < one day */
	unsigned h = (unsigned)(rem / 3600000) % 24u, mi = (unsigned)(rem / 60000) % 60u;
	unsigned s = (unsigned)(rem / 1000) % 60u, frac = (unsigned)rem % 1000u;
	/* "%sT%02u:%02u:%02u[.%03u]Z" */
	size_t dl = strlen(d);
	memcpy(buf, d, dl);
	char *p = buf + dl;
	*p++ = 'T';
	p = put_digits(p, h, 2);
	*p++ = ':';
	p = put_digits(p, mi, 2);
	*p++ = ':';
	p = put_digits(p, s, 2);
	if (frac) {
		*p++ = '.';
		p = put_digits(p, frac, 3);
	}
	*p++ = 'Z';
	*p = '\0';
	return buf;
}

char *gx_instant_format_local(int64_t ms, const struct gx_tz *zone, char buf[GX_INSTANT_FMT_SIZE])
{
	ms = clamp_instant(ms);
	int64_t local = clamp_instant(ms + (int64_t)gx_tz_offset_at(zone, ms) * 1000);
	int64_t days = floor_div(local, GX_MS_PER_DAY);
	int64_t rem = local - days * GX_MS_PER_DAY;
	char d[GX_DATE_FMT_SIZE];
	snprintf(buf, GX_INSTANT_FMT_SIZE, "%s %02u:%02u", gx_date_format((int32_t)days, d),
	         (unsigned)(rem / 3600000) % 24u, (unsigned)(rem / 60000) % 60u);
	return buf;
}

int32_t gx_instant_local_date(int64_t ms, const struct gx_tz *zone)
{
	ms = clamp_instant(ms);
	int64_t local = clamp_instant(ms + (int64_t)gx_tz_offset_at(zone, ms) * 1000);
	return (int32_t)floor_div(local, GX_MS_PER_DAY);
}

int64_t gx_instant_period_start(int64_t ms, const struct gx_tz *zone, enum gx_period period)
{
	int32_t day = gx_date_period_start(gx_instant_local_date(ms, zone), period);
	return gx_instant_from_local_date(day, zone);
}

static enum gx_err bad_instant(struct gx_error *err, const char *field, const char *text,
                               const char *why)
{
	char q[GX_QUOTE_SIZE];
	return gx_error_set(err, GX_EINVAL, field, _("date and time %s %s"), gx_text_quote(q, text), why);
}

/* Two digits at s[i] into *v, within [0, max]. */
static int two(const char *s, size_t i, int max, int *v)
{
	if (s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9')
		return 0;
	*v = (s[i] - '0') * 10 + (s[i + 1] - '0');
	return *v <= max;
}

enum gx_err gx_instant_parse(const char *text, const struct gx_tz *zone, int64_t *ms,
                             const char *field, struct gx_error *err)
{
	if (!text || !*text)
		return gx_error_set(err, GX_EINVAL, field, "%s", _("date and time is empty"));
	size_t len = strlen(text);
	if (len > DATE_TEXT_MAX)
		return bad_instant(err, field, text, _("is too long"));
	char date[11];
	int32_t days;
	if (len < 10)
		return bad_instant(err, field, text,
		                   _("is not in the form YYYY-MM-DDTHH:MM:SSZ"));
	memcpy(date, text, 10);
	date[10] = '\0';
	struct gx_error derr;
	if (gx_date_parse(date, &days, field, &derr) != GX_OK) {
		if (strstr(derr.message, "YYYY-MM-DD"))
			return bad_instant(err, field, text, _("is not in the form YYYY-MM-DDTHH:MM:SSZ"));
		return gx_error_set(err, GX_EINVAL, field, "%s", derr.message);
	}
	size_t i = 10;
	if (text[i] != 'T' && text[i] != 't' && text[i] != ' ')
		return bad_instant(err, field, text, _("has no time (expected T or a space after the date)"));
	i++;
	int h, mi, s = 0, frac_ms = 0;
	if (!two(text, i, 99, &h) || text[i + 2] != ':' || !two(text, i + 3, 99, &mi))
		return bad_instant(err, field, text, _("has no time in the form HH:MM[:SS]"));
	if (h > 23)
		return bad_instant(err, field, text, _("has an hour past 23"));
	if (mi > 59)
		return bad_instant(err, field, text, _("has a minute past 59"));
	i += 5;
	if (text[i] == ':') {
		if (!two(text, i + 1, 99, &s))
			return bad_instant(err, field, text, _("has malformed seconds"));
		if (s > 59)
			return bad_instant(err, field, text, _("has a second past 59"));
		i += 3;
		if (text[i] == '.' || text[i] == ',') {
			i++;
			int nd = 0;
			while (text[i] >= '0' && text[i] <= '9') {
				if (nd < 3)
					frac_ms = frac_ms * 10 + (text[i] - '0');
				nd++;
				i++;
			}
			if (nd == 0)
				return bad_instant(err, field, text, _("has no digits after the decimal point"));
			for (; nd < 3; nd++)
				frac_ms *= 10;
		}
	}
	int64_t local_ms = (int64_t)days * GX_MS_PER_DAY + ((int64_t)h * 3600 + mi * 60 + s) * 1000 +
	                   frac_ms;
	if (text[i] == '\0') {
		if (!zone)
			return bad_instant(err, field, text, _("has no UTC offset (add Z or +08:00)"));
		int64_t t;
		enum gx_err rc = gx_tz_local_to_instant(zone, days, h * 3600 + mi * 60 + s, &t, err);
		if (rc != GX_OK) {
			char q[GX_QUOTE_SIZE];
			return gx_error_set(err, rc, field, _("date and time %s does not exist in %s (the clocks skip it)"),
			                    gx_text_quote(q, text), gx_tz_name(zone));
		}
		*ms = t + frac_ms;
		return GX_OK;
	}
	int32_t off = 0;
	if ((text[i] == 'Z' || text[i] == 'z') && text[i + 1] == '\0') {
		off = 0;
	} else if (text[i] == '+' || text[i] == '-') {
		int sign = text[i] == '-' ? -1 : 1, oh, om = 0;
		size_t k = i + 1;
		if (!two(text, k, 99, &oh))
			return bad_instant(err, field, text, _("has a malformed UTC offset"));
		k += 2;
		if (text[k] == ':')
			k++;
		if (text[k] != '\0') {
			if (!two(text, k, 99, &om) || text[k + 2] != '\0')
				return bad_instant(err, field, text, _("has a malformed UTC offset"));
		} else if (text[k - 1] == ':') {
			return bad_instant(err, field, text, _("has a malformed UTC offset"));
		}
		if (oh > 18 || om > 59 || (oh == 18 && om > 0))
			return bad_instant(err, field, text, _("has a UTC offset beyond ±18:00"));
		off = sign * (oh * 3600 + om * 60);
	} else {
		return bad_instant(err, field, text, _("has unexpected text after the time"));
	}
	*ms = local_ms - (int64_t)off * 1000;
	return GX_OK;
}

enum gx_err gx_instant_from_excel_serial(double serial, const struct gx_tz *zone, int64_t *ms,
                                         const char *field, struct gx_error *err)
{
	int32_t days;
	enum gx_err rc = gx_date_from_excel_serial(serial, &days, field, err);
	if (rc != GX_OK)
		return rc;
	/* Excel stores times as fractions of a day; round to the second it displays */
	int32_t secs = (int32_t)llround((serial - floor(serial)) * 86400.0);
	if (secs >= 86400) {
		secs -= 86400;
		days++;
	}
	int64_t t;
	rc = gx_tz_local_to_instant(zone, days, secs, &t, err);
	if (rc != GX_OK) {
		char msg[sizeof err->message];
		snprintf(msg, sizeof msg, "%s", err->message);
		return gx_error_set(err, rc, field, "%s", msg);
	}
	*ms = t;
	return GX_OK;
}
