/* Working-hours calendar arithmetic for SLA due times (see include/guanxi/workcal.h). Days are
 * walked one local date at a time: each date's spans come from the exception table or the
 * weekly schedule and are turned into instants through the zone, so a zone with daylight
 * saving time still gets the right wall-clock hours on both sides of a change. */
#include "guanxi/workcal.h"

#include <stdio.h>
#include <string.h>

#include "guanxi/i18n.h"

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void workcal_week_default(struct workcal_week *w)
{
	memset(w, 0, sizeof *w);
	for (int d = 0; d < 5; d++) {
		w->day[d][0] = (struct workcal_span){9 * 3600, 18 * 3600};
		w->nspans[d] = 1;
	}
}

static int parse_day(const char **p)
{
	for (int d = 0; d < 7; d++)
		if (strncmp(*p, day_names[d], 3) == 0) {
			*p += 3;
			return d;
		}
	return -1;
}

/* "HH:MM" with HH 00–24 (24 only as 24:00); seconds since midnight or -1. */
static int32_t parse_hhmm(const char **p)
{
	const char *s = *p;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' || s[3] < '0' ||
	    s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	*p = s + 5;
	return h * 3600 + m * 60;
}

static void skip_spaces(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* One group "mon-fri 09:00-12:00,13:00-18:00" of text [s, end). */
static enum gx_err parse_group(const char *s, const char *end, int group, struct workcal_week *w,
                               struct gx_error *err)
{
	char buf[WORKCAL_WEEK_TEXT_SIZE];
	size_t n = (size_t)(end - s);
	if (n >= sizeof buf)
		return gx_error_set(err, GX_EINVAL, "work_week", _("working week, group %d: too long"), group);
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (char *c = buf; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	const char *p = buf;
	int days[7] = {0};
	skip_spaces(&p);
	for (;;) {
		int a = parse_day(&p), b = a;
		if (a < 0)
			return gx_error_set(err, GX_EINVAL, "work_week",
			                    _("working week, group %d (\"%s\"): expected a day name mon, tue, wed, thu, fri, sat or sun"),
			                    group, buf);
		if (*p == '-') {
			p++;
			if ((b = parse_day(&p)) < 0 || b < a)
				return gx_error_set(err, GX_EINVAL, "work_week",
				                    _("working week, group %d (\"%s\"): a day range runs from an earlier to a later day, e.g. mon-fri"),
				                    group, buf);
		}
		for (int d = a; d <= b; d++) {
			if (days[d] || w->nspans[d])
				return gx_error_set(err, GX_EINVAL, "work_week",
				                    _("working week, group %d (\"%s\"): %s is named twice"), group, buf,
				                    day_names[d]);
			days[d] = 1;
		}
		if (*p != ',')
			break;
		p++;
	}
	skip_spaces(&p);
	struct workcal_span spans[WORKCAL_MAX_SPANS];
	int ns = 0;
	for (;;) {
		int32_t a = parse_hhmm(&p), b = -1;
		if (a >= 0 && *p == '-') {
			p++;
			b = parse_hhmm(&p);
		}
		if (a < 0 || b < 0)
			return gx_error_set(err, GX_EINVAL, "work_week",
			                    _("working week, group %d (\"%s\"): expected hours as HH:MM-HH:MM, e.g. 09:00-18:00"),
			                    group, buf);
		if (b <= a || (ns && a < spans[ns - 1].end))
			return gx_error_set(err, GX_EINVAL, "work_week",
			                    _("working week, group %d (\"%s\"): each span must end after it starts and after the previous span"),
			                    group, buf);
		if (ns == WORKCAL_MAX_SPANS)
			return gx_error_set(err, GX_EINVAL, "work_week",
			                    _("working week, group %d (\"%s\"): at most %d spans a day"), group, buf,
			                    WORKCAL_MAX_SPANS);
		spans[ns++] = (struct workcal_span){a, b};
		if (*p != ',')
			break;
		p++;
	}
	skip_spaces(&p);
	if (*p)
		return gx_error_set(err, GX_EINVAL, "work_week",
		                    _("working week, group %d (\"%s\"): unexpected text \"%s\""), group, buf, p);
	for (int d = 0; d < 7; d++)
		if (days[d]) {
			memcpy(w->day[d], spans, sizeof spans);
			w->nspans[d] = ns;
		}
	return GX_OK;
}

enum gx_err workcal_week_parse(const char *text, struct workcal_week *w, struct gx_error *err)
{
	struct workcal_week out;
	memset(&out, 0, sizeof out);
	const char *s = text ? text : "";
	int group = 0;
	while (*s) {
		const char *end = strchr(s, ';');
		if (!end)
			end = s + strlen(s);
		const char *t = s;
		skip_spaces(&t);
		if (t < end) {
			enum gx_err e = parse_group(t, end, ++group, &out, err);
			if (e != GX_OK)
				return e;
		}
		s = *end ? end + 1 : end;
	}
	int any = 0;
	for (int d = 0; d < 7; d++)
		any |= out.nspans[d] > 0;
	if (!any)
		return gx_error_set(err, GX_EINVAL, "work_week", "%s",
		                    _("the working week has no working hours; give at least one, e.g. mon-fri 09:00-18:00"));
	*w = out;
	return GX_OK;
}

static int same_day(const struct workcal_week *w, int a, int b)
{
	return w->nspans[a] == w->nspans[b] &&
	       memcmp(w->day[a], w->day[b], (size_t)w->nspans[a] * sizeof w->day[a][0]) == 0;
}

void workcal_week_format(const struct workcal_week *w, char buf[WORKCAL_WEEK_TEXT_SIZE])
{
	size_t used = 0;
	buf[0] = '\0';
	int done[7] = {0};
	for (int d = 0; d < 7; d++) {
		if (done[d] || !w->nspans[d])
			continue;
		/* The days with the same spans, written as runs: "mon-wed,fri". */
		char days[64] = "";
		size_t dl = 0;
		for (int a = d; a < 7;) {
			if (done[a] || !same_day(w, d, a)) {
				a++;
				continue;
			}
			int b = a;
			while (b + 1 < 7 && !done[b + 1] && same_day(w, d, b + 1))
				b++;
			for (int k = a; k <= b; k++)
				done[k] = 1;
			dl += (size_t)snprintf(days + dl, sizeof days - dl, "%s%s", dl ? "," : "", day_names[a]);
			if (b > a)
				dl += (size_t)snprintf(days + dl, sizeof days - dl, "-%s", day_names[b]);
			a = b + 1;
		}
		used += (size_t)snprintf(buf + used, WORKCAL_WEEK_TEXT_SIZE - used, "%s%s ", used ? "; " : "", days);
		for (int s = 0; s < w->nspans[d] && used < WORKCAL_WEEK_TEXT_SIZE; s++) {
			const struct workcal_span *sp = &w->day[d][s];
			used += (size_t)snprintf(buf + used, WORKCAL_WEEK_TEXT_SIZE - used, "%s%02d:%02d-%02d:%02d",
			                         s ? "," : "", sp->start / 3600, sp->start / 60 % 60, sp->end / 3600,
			                         sp->end / 60 % 60);
		}
		if (used >= WORKCAL_WEEK_TEXT_SIZE)
			used = WORKCAL_WEEK_TEXT_SIZE - 1;
	}
}

static const struct workcal_exception *find_exception(const struct workcal *c, int32_t date)
{
	size_t lo = 0, hi = c->nex;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ex[mid].date == date)
			return &c->ex[mid];
		if (c->ex[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int workcal_day_spans(const struct workcal *c, int32_t date, struct workcal_span out[WORKCAL_MAX_SPANS])
{
	int wd = gx_date_weekday(date) - 1;
	const struct workcal_exception *x = c->ex ? find_exception(c, date) : NULL;
	if (x && x->kind == WORKCAL_HOLIDAY)
		return 0;
	if (x && x->kind == WORKCAL_WORKDAY && !c->week.nspans[wd]) {
		for (int d = 0; d < 7; d++)
			if (c->week.nspans[d]) {
				wd = d;
				break;
			}
	}
	memcpy(out, c->week.day[wd], (size_t)c->week.nspans[wd] * sizeof *out);
	return c->week.nspans[wd];
}

/* The instant of a local wall-clock time; a time the clocks skip counts from the day's first
 * instant plus the seconds, which lands just after the gap. */
static int64_t local_instant(const struct workcal *c, int32_t date, int32_t sec)
{
	int64_t ms;
	if (gx_tz_local_to_instant(c->tz, date, sec, &ms, NULL) == GX_OK)
		return ms;
	return gx_instant_from_local_date(date, c->tz) + (int64_t)sec * 1000;
}

enum gx_err workcal_add_minutes(const struct workcal *c, int64_t from_ms, int64_t minutes,
                                int64_t *due_ms, struct gx_error *err)
{
	if (minutes < 0)
		return gx_error_set(err, GX_EINVAL, "minutes", _("working minutes must not be negative (got %lld)"),
		                    (long long)minutes);
	if (minutes > (int64_t)WORKCAL_MAX_DAYS * 24 * 60)
		return gx_error_set(err, GX_EINVAL, "minutes", _("%lld working minutes is more than the calendar covers"),
		                    (long long)minutes);
	int64_t left = minutes * 60000;
	int32_t date = gx_instant_local_date(from_ms, c->tz);
	for (int i = 0; i <= WORKCAL_MAX_DAYS; i++, date++) {
		struct workcal_span sp[WORKCAL_MAX_SPANS];
		int n = workcal_day_spans(c, date, sp);
		for (int k = 0; k < n; k++) {
			int64_t a = local_instant(c, date, sp[k].start), b = local_instant(c, date, sp[k].end);
			if (b <= from_ms)
				continue;
			if (a < from_ms)
				a = from_ms;
			if (left <= b - a) {
				*due_ms = a + left;
				return GX_OK;
			}
			left -= b - a;
		}
	}
	return gx_error_set(err, GX_EINVAL, "work_week",
	                    _("no working time within %d days: check the working week and the holiday table"),
	                    WORKCAL_MAX_DAYS);
}

int64_t workcal_working_ms_between(const struct workcal *c, int64_t from_ms, int64_t to_ms)
{
	if (to_ms <= from_ms)
		return 0;
	int64_t total = 0;
	int32_t date = gx_instant_local_date(from_ms, c->tz), last = gx_instant_local_date(to_ms, c->tz);
	for (int i = 0; i <= WORKCAL_MAX_DAYS && date <= last; i++, date++) {
		struct workcal_span sp[WORKCAL_MAX_SPANS];
		int n = workcal_day_spans(c, date, sp);
		for (int k = 0; k < n; k++) {
			int64_t a = local_instant(c, date, sp[k].start), b = local_instant(c, date, sp[k].end);
			if (a < from_ms)
				a = from_ms;
			if (b > to_ms)
				b = to_ms;
			if (b > a)
				total += b - a;
		}
	}
	return total;
}
