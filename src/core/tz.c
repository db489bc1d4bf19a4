/* Time zones without the C library's process-wide TZ machinery: a zone is either a fixed offset
 * (the zones a Chinese company mostly needs) or the transitions of a TZif file (RFC 8536) plus
 * the POSIX TZ rule of its footer for instants after the last listed transition. Everything is
 * computed in seconds; the public functions take milliseconds. */
#include "guanxi/datetime.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_NAME_MAX 64
#define TZIF_MAX_SIZE (1 << 20)
#define OFFSET_LIMIT (26 * 3600)   /* RFC 8536 bounds UT offsets well inside a day and a bit */

/* One end of a DST period in a POSIX TZ rule: Jn (1–365, no Feb 29), n (0–365), or Mm.w.d. */
struct rule_date {
	char kind;        /* 'J', 'N', 'M' */
	int n, m, w, d;
	int32_t secs;     /* local time of the change, may be negative or past 24h (TZif v3) */
};

struct posix_rule {
	int32_t std_off, dst_off;   /* seconds east of UTC */
	int has_dst;
	struct rule_date start, end;
};

struct gx_tz {
	char name[TZ_NAME_MAX];
	size_t ntrans;
	int64_t *trans;             /* ascending UTC seconds */
	uint8_t *trans_type;
	size_t ntypes;
	int32_t *type_off;
	int has_rule;
	struct posix_rule rule;
	size_t ndistinct;           /* every offset the zone ever uses, for local → UTC */
	int32_t distinct[260];
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* --- POSIX TZ rule (the TZif footer) --- */

static const char *rule_parse_name(const char *p)
{
	if (*p == '<') {
		const char *q = strchr(p, '>');
		return q && q - p >= 4 ? q + 1 : NULL;
	}
	const char *q = p;
	while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))
		q++;
	return q - p >= 3 ? q : NULL;
}

/* [+-]hh[:mm[:ss]] with hh up to max_h; returns the end or NULL. */
static const char *rule_parse_hms(const char *p, int max_h, int32_t *secs)
{
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (*p < '0' || *p > '9')
		return NULL;
	long h = 0, m = 0, s = 0;
	while (*p >= '0' && *p <= '9' && h <= max_h)
		h = h * 10 + (*p++ - '0');
	if (h > max_h)
		return NULL;
	if (*p == ':') {
		p++;
		if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9')
			return NULL;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
		if (*p == ':') {
			p++;
			if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9')
				return NULL;
			s = (p[0] - '0') * 10 + (p[1] - '0');
			p += 2;
		}
	}
	*secs = (int32_t)(sign * (h * 3600 + m * 60 + s));
	return p;
}

static const char *rule_parse_num(const char *p, int lo, int hi, int *out)
{
	if (*p < '0' || *p > '9')
		return NULL;
	int v = 0;
	while (*p >= '0' && *p <= '9' && v <= hi)
		v = v * 10 + (*p++ - '0');
	if (v < lo || v > hi)
		return NULL;
	*out = v;
	return p;
}

static const char *rule_parse_date(const char *p, struct rule_date *rd)
{
	if (*p == 'J') {
		rd->kind = 'J';
		p = rule_parse_num(p + 1, 1, 365, &rd->n);
	} else if (*p == 'M') {
		rd->kind = 'M';
		p = rule_parse_num(p + 1, 1, 12, &rd->m);
		if (p && *p == '.')
			p = rule_parse_num(p + 1, 1, 5, &rd->w);
		else
			p = NULL;
		if (p && *p == '.')
			p = rule_parse_num(p + 1, 0, 6, &rd->d);
		else
			p = NULL;
	} else {
		rd->kind = 'N';
		p = rule_parse_num(p, 0, 365, &rd->n);
	}
	if (!p)
		return NULL;
	rd->secs = 7200;   /* 02:00 unless given */
	if (*p == '/')
		p = rule_parse_hms(p + 1, 167, &rd->secs);
	return p;
}

/* Parses e.g. "EST5EDT,M3.2.0,M11.1.0" or "<+08>-8". Returns 0 on a malformed rule. */
static int rule_parse(const char *s, struct posix_rule *r)
{
	memset(r, 0, sizeof *r);
	int32_t off;
	const char *p = rule_parse_name(s);
	if (!p || !(p = rule_parse_hms(p, 24, &off)))
		return 0;
	r->std_off = -off;   /* POSIX counts west-positive */
	if (*p == '\0')
		return 1;
	if (!(p = rule_parse_name(p)))
		return 0;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (!(p = rule_parse_hms(p, 24, &off)))
			return 0;
		r->dst_off = -off;
	}
	if (*p != ',')
		return 0;   /* a DST name without rules relies on a "posixrules" default: unsupported */
	if (!(p = rule_parse_date(p + 1, &r->start)) || *p != ',')
		return 0;
	if (!(p = rule_parse_date(p + 1, &r->end)))
		return 0;
	return *p == '\0';
}

/* UTC second at which a rule date takes effect in year y, given the offset in force before. */
static int64_t rule_date_utc(const struct rule_date *rd, int year, int32_t off_before)
{
	int32_t day;
	if (rd->kind == 'J') {
		day = gx_date_from_ymd(year, 1, 1) + rd->n - 1;
		if (gx_date_is_leap_year(year) && rd->n >= 60)
			day++;
	} else if (rd->kind == 'N') {
		day = gx_date_from_ymd(year, 1, 1) + rd->n;
	} else {
		int32_t first = gx_date_from_ymd(year, rd->m, 1);
		int wd0 = gx_date_weekday(first) % 7;   /* 0 = Sunday, as POSIX counts */
		day = first + (rd->d - wd0 + 7) % 7 + (rd->w - 1) * 7;
		int32_t month_end = first + gx_date_days_in_month(year, rd->m);
		while (day >= month_end)
			day -= 7;
	}
	return (int64_t)day * 86400 + rd->secs - off_before;
}

static int32_t rule_offset(const struct posix_rule *r, int64_t t)
{
	if (!r->has_dst)
		return r->std_off;
	int y, m, d;
	int64_t local_day = floor_div(t + r->std_off, 86400);
	if (local_day < GX_DATE_MIN - 400 || local_day > GX_DATE_MAX + 400)
		return r->std_off;   /* far outside any date we parse or print */
	gx_date_to_ymd((int32_t)local_day, &y, &m, &d);
	int64_t start = rule_date_utc(&r->start, y, r->std_off);
	int64_t end = rule_date_utc(&r->end, y, r->dst_off);
	if (start < end)
		return t >= start && t < end ? r->dst_off : r->std_off;
	return t >= end && t < start ? r->std_off : r->dst_off;   /* southern hemisphere */
}

/* --- zone lookup --- */

static int32_t offset_at_sec(const struct gx_tz *tz, int64_t t)
{
	if (tz->ntrans == 0)
		return tz->has_rule ? rule_offset(&tz->rule, t) : tz->type_off[0];
	if (t < tz->trans[0])
		return tz->type_off[0];
	if (t >= tz->trans[tz->ntrans - 1] && tz->has_rule)
		return rule_offset(&tz->rule, t);
	size_t lo = 0, hi = tz->ntrans;   /* largest i with trans[i] <= t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->type_off[tz->trans_type[lo]];
}

int32_t gx_tz_offset_at(const struct gx_tz *tz, int64_t ms)
{
	return offset_at_sec(tz, floor_div(ms, 1000));
}

const char *gx_tz_name(const struct gx_tz *tz)
{
	return tz->name;
}

static void add_distinct(struct gx_tz *tz, int32_t off)
{
	for (size_t i = 0; i < tz->ndistinct; i++)
		if (tz->distinct[i] == off)
			return;
	if (tz->ndistinct < sizeof tz->distinct / sizeof tz->distinct[0])
		tz->distinct[tz->ndistinct++] = off;
}

/* Local seconds → UTC seconds. Returns 1 and the earliest match, or 0 in a gap; then, with
 * shift, *t is where the gap ends plus the distance into it (the usual "move forward" rule). */
static int local_to_utc(const struct gx_tz *tz, int64_t local, int shift, int64_t *t)
{
	int found = 0;
	for (size_t i = 0; i < tz->ndistinct; i++) {
		int64_t cand = local - tz->distinct[i];
		if (offset_at_sec(tz, cand) == tz->distinct[i] && (!found || cand < *t)) {
			*t = cand;
			found = 1;
		}
	}
	if (found || !shift)
		return found;
	/* In a gap local(t) = t + offset(t) jumps over `local`: find the first t past it. */
	int64_t lo = local - OFFSET_LIMIT, hi = local + OFFSET_LIMIT;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (mid + offset_at_sec(tz, mid) > local)
			hi = mid;
		else
			lo = mid;
	}
	*t = local - offset_at_sec(tz, hi - 1);
	return 0;
}

enum gx_err gx_tz_local_to_instant(const struct gx_tz *tz, int32_t days, int32_t sec_of_day,
                                   int64_t *ms, struct gx_error *err)
{
	int64_t t;
	if (!local_to_utc(tz, (int64_t)days * 86400 + sec_of_day, 0, &t)) {
		char d[GX_DATE_FMT_SIZE];
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("local time %s %02d:%02d:%02d does not exist in %s (the clocks skip it)"),
		                    gx_date_format(days, d), sec_of_day / 3600, sec_of_day / 60 % 60,
		                    sec_of_day % 60, tz->name);
	}
	*ms = t * 1000;
	return GX_OK;
}

int64_t gx_instant_from_local_date(int32_t days, const struct gx_tz *zone)
{
	int64_t t;
	local_to_utc(zone, (int64_t)days * 86400, 1, &t);
	return t * 1000;
}

/* --- opening zones --- */

static struct gx_tz *tz_new(const char *name, size_t ntrans, size_t ntypes)
{
	struct gx_tz *tz = gx_xcalloc(1, sizeof *tz);
	snprintf(tz->name, sizeof tz->name, "%s", name);
	tz->ntrans = ntrans;
	tz->ntypes = ntypes;
	tz->trans = gx_xcalloc(ntrans ? ntrans : 1, sizeof *tz->trans);
	tz->trans_type = gx_xcalloc(ntrans ? ntrans : 1, 1);
	tz->type_off = gx_xcalloc(ntypes ? ntypes : 1, sizeof *tz->type_off);
	return tz;
}

void gx_tz_free(struct gx_tz *tz)
{
	if (!tz)
		return;
	free(tz->trans);
	free(tz->trans_type);
	free(tz->type_off);
	free(tz);
}

static const struct { const char *name; int32_t off; } builtin_zones[] = {
	{ "Asia/Shanghai", 8 * 3600 }, { "Asia/Hong_Kong", 8 * 3600 }, { "Asia/Macau", 8 * 3600 },
	{ "Asia/Taipei", 8 * 3600 }, { "Asia/Singapore", 8 * 3600 }, { "Asia/Tokyo", 9 * 3600 },
	{ "UTC", 0 }, { "Etc/UTC", 0 },
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static enum gx_err tzif_bad(struct gx_error *err, const char *name, const char *why)
{
	return gx_error_set(err, GX_EINVAL, "time_zone", _("time zone file of %s is invalid: %s"),
	                    name, why);
}

enum gx_err gx_tz_from_tzif(const char *name, const unsigned char *data, size_t len,
                            struct gx_tz **out, struct gx_error *err)
{
	if (len < 44 || memcmp(data, "TZif", 4) != 0)
		return tzif_bad(err, name, _("no TZif header"));
	char version = (char)data[4];
	if (version != 0 && (version < '2' || version > '4'))
		return tzif_bad(err, name, _("unknown version"));
	uint32_t cnt[6];   /* isut, isstd, leap, time, type, char */
	for (int i = 0; i < 6; i++)
		cnt[i] = be32(data + 20 + 4 * i);
	size_t tsize = 4, pos = 44;
	if (version != 0) {
		/* skip the 32-bit block: the 64-bit one after it covers every instant */
		uint64_t v1 = (uint64_t)cnt[3] * 5 + (uint64_t)cnt[4] * 6 + cnt[5] + (uint64_t)cnt[2] * 8 +
		              cnt[1] + cnt[0];
		if (v1 > len - pos || len - pos - v1 < 44)
			return tzif_bad(err, name, _("truncated"));
		pos += (size_t)v1;
		if (memcmp(data + pos, "TZif", 4) != 0)
			return tzif_bad(err, name, _("no second header"));
		for (int i = 0; i < 6; i++)
			cnt[i] = be32(data + pos + 20 + 4 * i);
		pos += 44;
		tsize = 8;
	}
	uint32_t isutcnt = cnt[0], isstdcnt = cnt[1], leapcnt = cnt[2], timecnt = cnt[3],
	         typecnt = cnt[4], charcnt = cnt[5];
	if (leapcnt != 0)
		return tzif_bad(err, name, _("leap-second zones (\"right/\") are not supported"));
	if (typecnt == 0 || typecnt > 256 || charcnt == 0 || timecnt > 100000 ||
	    (isutcnt != 0 && isutcnt != typecnt) || (isstdcnt != 0 && isstdcnt != typecnt))
		return tzif_bad(err, name, _("inconsistent counts"));
	uint64_t need = (uint64_t)timecnt * (tsize + 1) + (uint64_t)typecnt * 6 + charcnt +
	                isstdcnt + isutcnt;
	if (need > len - pos)
		return tzif_bad(err, name, _("truncated"));
	struct gx_tz *tz = tz_new(name, timecnt, typecnt);
	const unsigned char *tp = data + pos, *ip = tp + (size_t)timecnt * tsize,
	                    *ttp = ip + timecnt;
	for (uint32_t i = 0; i < timecnt; i++) {
		tz->trans[i] = tsize == 8 ? be64(tp + 8 * i) : (int32_t)be32(tp + 4 * i);
		tz->trans_type[i] = ip[i];
		if (ip[i] >= typecnt || (i > 0 && tz->trans[i] <= tz->trans[i - 1])) {
			gx_tz_free(tz);
			return tzif_bad(err, name, _("transitions out of order or of unknown type"));
		}
	}
	for (uint32_t i = 0; i < typecnt; i++) {
		int32_t off = (int32_t)be32(ttp + 6 * i);
		if (off <= -OFFSET_LIMIT || off >= OFFSET_LIMIT || ttp[6 * i + 4] > 1) {
			gx_tz_free(tz);
			return tzif_bad(err, name, _("offset out of range"));
		}
		tz->type_off[i] = off;
		add_distinct(tz, off);
	}
	pos += (size_t)need;
	if (version != 0) {
		/* footer: "\n" POSIX-TZ "\n"; an empty rule means none */
		const char *f = (const char *)data + pos;
		size_t flen = len - pos;
		const char *nl = flen >= 2 && f[0] == '\n' ? memchr(f + 1, '\n', flen - 1) : NULL;
		if (!nl || nl - f > 128) {
			gx_tz_free(tz);
			return tzif_bad(err, name, _("no footer"));
		}
		char rule[130];
		memcpy(rule, f + 1, (size_t)(nl - f - 1));
		rule[nl - f - 1] = '\0';
		if (rule[0]) {
			if (!rule_parse(rule, &tz->rule)) {
				gx_tz_free(tz);
				return tzif_bad(err, name, _("unsupported POSIX TZ rule in the footer"));
			}
			tz->has_rule = 1;
			add_distinct(tz, tz->rule.std_off);
			if (tz->rule.has_dst)
				add_distinct(tz, tz->rule.dst_off);
		}
	}
	*out = tz;
	return GX_OK;
}

/* IANA names are ASCII words separated by '/'; nothing that could leave the zoneinfo tree. */
static int tz_name_ok(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= TZ_NAME_MAX || name[0] == '/' || name[len - 1] == '/')
		return 0;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '-' || c == '+'))
			return 0;
		if (c == '/' && p[1] == '/')
			return 0;
	}
	return 1;
}

enum gx_err gx_tz_open(const char *name, struct gx_tz **out, struct gx_error *err)
{
	if (!name || !tz_name_ok(name))
		return gx_error_set(err, GX_EINVAL, "time_zone",
		                    _("\"%.64s\" is not a time zone name (expected e.g. Asia/Shanghai)"),
		                    name ? name : "");
	for (size_t i = 0; i < sizeof builtin_zones / sizeof builtin_zones[0]; i++) {
		if (strcmp(name, builtin_zones[i].name) == 0) {
			struct gx_tz *tz = tz_new(name, 0, 1);
			tz->type_off[0] = builtin_zones[i].off;
			add_distinct(tz, builtin_zones[i].off);
			*out = tz;
			return GX_OK;
		}
	}
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return gx_error_set(err, GX_EINVAL, "time_zone", _("unknown time zone %s (%s: %s)"),
		                    name, path, strerror(errno));
	unsigned char *buf = gx_xmalloc(TZIF_MAX_SIZE);
	size_t n = fread(buf, 1, TZIF_MAX_SIZE, f);
	int rerr = ferror(f);
	fclose(f);
	enum gx_err rc;
	if (rerr)   /* e.g. a directory such as "America" */
		rc = gx_error_set(err, GX_EINVAL, "time_zone", _("unknown time zone %s (%s cannot be read)"),
		                  name, path);
	else if (n == TZIF_MAX_SIZE)
		rc = tzif_bad(err, name, _("file too large"));
	else
		rc = gx_tz_from_tzif(name, buf, n, out, err);
	free(buf);
	return rc;
}
