/* SLA settings and the calendar they count on (DECISIONS.md "SLA"): working minutes allowed
 * per severity until a ticket is replied to, the working week (setting work_week, default
 * "mon-fri 09:00-18:00") in the company zone (setting timezone), and the table of public
 * holidays and make-up workdays (调休), kept in calendar_days and importable from CSV. */
#ifndef GUANXI_SLA_H
#define GUANXI_SLA_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/workcal.h"

#define SLA_NSEVERITIES 4        /* low, medium, high, critical (ticket_severities) */

struct sla_config {
	int minutes[SLA_NSEVERITIES];    /* working minutes per severity */
	struct workcal cal;              /* its tz and exceptions are owned by the config */
};

/* Index of a severity in ticket_severities, or -1. */
int sla_severity_index(const char *severity);
/* Default working minutes of a severity: low 40 h, medium 16 h, high 8 h, critical 4 h. */
int sla_default_minutes(int severity_index);

/* Loads the settings, opens the company zone and reads the whole holiday table. Free with
 * sla_config_free. */
enum gx_err app_sla_load(struct app *app, struct sla_config *c, struct gx_error *err);
void sla_config_free(struct sla_config *c);

/* The due time of a ticket of that severity received at from_ms (whole seconds: instants are
 * compared as text, see DECISIONS.md "Time"); *minutes gets the SLA used. */
enum gx_err sla_due(const struct sla_config *c, const char *severity, int64_t from_ms, int64_t *due_ms,
                    int *minutes, struct gx_error *err);

/* Setting sla_minutes_<severity> from hours as text ("8", "1.5"; whole minutes, 1 minute to
 * 10,000 hours). Audited. */
enum gx_err app_sla_set_hours(struct app *app, const char *severity, const char *hours, struct gx_error *err);
/* Setting work_week after workcal_week_parse accepted it. Audited. */
enum gx_err app_sla_set_week(struct app *app, const char *text, struct gx_error *err);

/* --- the holiday table --- */

/* Adds or replaces the exception of one date: kind holiday or workday (also 休/假/节假日 and
 * 班/补班/调休上班). Audited. */
enum gx_err app_calendar_set(struct app *app, const char *day, const char *kind, const char *name,
                             struct gx_error *err);
/* Removes the exception of a date; GX_ENOTFOUND when there is none. */
enum gx_err app_calendar_remove(struct app *app, const char *day, struct gx_error *err);

struct calendar_import_result {
	size_t rows, created, updated;
};

/* Imports a CSV or .xlsx with columns date (日期), kind (类型) and optionally name (名称): all or
 * nothing — the first bad row refuses the whole file with its line, column and reason, and
 * nothing is written. A date already in the table is replaced. One job, one audit row. */
enum gx_err app_calendar_import(struct app *app, const char *path, struct calendar_import_result *res,
                                struct gx_error *err);

#endif
