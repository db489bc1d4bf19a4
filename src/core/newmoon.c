/* The instant of a new moon by the series of Jean Meeus, "Astronomical Algorithms" (2nd ed.,
 * 1998), chapter 49, with ΔT from the polynomials of Espenak and Meeus (NASA, "Five Millennium
 * Canon of Solar Eclipses", 2006). ICU's Chinese calendar places a month's first day from a
 * shorter orbital approximation that can put a new moon falling minutes before Beijing
 * midnight on the next day (春节 2027: new moon 2027-02-06 23:56 CST, ICU 72 says 02-07);
 * lunar.c uses this series, accurate to well under a minute for these centuries, to check
 * ICU's month starts. */
#include <math.h>

#include "core/newmoon.h"

#define RAD(d) ((d) * M_PI / 180.0)

/* Julian Ephemeris Day of new moon number k (k = 0 near 2000-01-06). */
static double newmoon_jde(double k)
{
	double T = k / 1236.85, T2 = T * T, T3 = T2 * T, T4 = T3 * T;
	double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T2 - 0.000000150 * T3 +
	             0.00000000073 * T4;
	double E = 1 - 0.002516 * T - 0.0000074 * T2;
	double M = RAD(2.5534 + 29.10535670 * k - 0.0000014 * T2 - 0.00000011 * T3);
	double Mp = RAD(201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4);
	double F = RAD(160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4);
	double Om = RAD(124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3);
	jde += -0.40720 * sin(Mp) + 0.17241 * E * sin(M) + 0.01608 * sin(2 * Mp) +
	       0.01039 * sin(2 * F) + 0.00739 * E * sin(Mp - M) - 0.00514 * E * sin(Mp + M) +
	       0.00208 * E * E * sin(2 * M) - 0.00111 * sin(Mp - 2 * F) - 0.00057 * sin(Mp + 2 * F) +
	       0.00056 * E * sin(2 * Mp + M) - 0.00042 * sin(3 * Mp) + 0.00042 * E * sin(M + 2 * F) +
	       0.00038 * E * sin(M - 2 * F) - 0.00024 * E * sin(2 * Mp - M) - 0.00017 * sin(Om) -
	       0.00007 * sin(Mp + 2 * M) + 0.00004 * sin(2 * Mp - 2 * F) + 0.00004 * sin(3 * M) +
	       0.00003 * sin(Mp + M - 2 * F) + 0.00003 * sin(2 * Mp + 2 * F) -
	       0.00003 * sin(Mp + M + 2 * F) + 0.00003 * sin(Mp - M + 2 * F) -
	       0.00002 * sin(Mp - M - 2 * F) - 0.00002 * sin(3 * Mp + M) + 0.00002 * sin(4 * Mp);
	static const double a0[14] = {299.77, 251.88, 251.83, 349.42, 84.66, 141.74, 207.14,
	                              154.84, 34.52, 207.19, 291.34, 161.72, 239.56, 331.55};
	static const double a1[14] = {0.107408, 0.016321, 26.651886, 36.412478, 18.206239, 53.303771,
	                              2.453732, 7.306860, 27.261239, 0.121824, 1.844379, 24.198154,
	                              25.513099, 3.592518};
	static const double amp[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110, 0.000062,
	                               0.000060, 0.000056, 0.000047, 0.000042, 0.000040, 0.000037,
	                               0.000035, 0.000023};
	for (int i = 0; i < 14; i++) {
		double A = a0[i] + a1[i] * k - (i == 0 ? 0.009173 * T2 : 0);
		jde += amp[i] * sin(RAD(A));
	}
	return jde;
}

/* TT − UT in seconds for a decimal year (Espenak & Meeus polynomials, 1900–2150). */
static double delta_t(double y)
{
	double t;
	if (y < 1900 || y >= 2150) {
		double u = (y - 1820) / 100;
		return -20 + 32 * u * u;
	}
	if (y < 1920) {
		t = y - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		       0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	double u = (y - 1820) / 100;
	return -20 + 32 * u * u - 0.5628 * (2150 - y);
}

int32_t gx_newmoon_china_day(int32_t near_day, double *secs_from_midnight)
{
	/* JD of 1970-01-01T00:00Z is 2440587.5. */
	double jd_near = near_day + 2440587.5;
	double k = round((jd_near - 2451550.09766) / 29.530588861);
	double jde = newmoon_jde(k);
	double year = 2000 + (jde - 2451545.0) / 365.25;
	double jd_ut = jde - delta_t(year) / 86400.0;
	double local = jd_ut - 2440587.5 + 8.0 / 24.0;   /* days since the epoch, China time */
	double day = floor(local);
	double frac = local - day;
	if (secs_from_midnight)
		*secs_from_midnight = (frac < 0.5 ? frac : 1 - frac) * 86400.0;
	return (int32_t)day;
}
