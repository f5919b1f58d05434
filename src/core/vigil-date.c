/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-date.c */
#include "vigil-date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const months[]
    = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };

static gboolean
parse_zone (const char *z, int *offset_minutes)
{
  static const struct
  {
    const char *name;
    int minutes;
  } named[] = {
    { "ut", 0 },        { "utc", 0 },       { "gmt", 0 },       { "z", 0 },
    { "est", -5 * 60 }, { "edt", -4 * 60 }, { "cst", -6 * 60 }, { "cdt", -5 * 60 },
    { "mst", -7 * 60 }, { "mdt", -6 * 60 }, { "pst", -8 * 60 }, { "pdt", -7 * 60 },
    { "bst", 60 },      { "cet", 60 },      { "cest", 120 },    { "eet", 120 },
    { "eest", 180 },    { "ast", 180 },     { "msk", 180 },     { "ist", 330 },
  };

  if (z == NULL || *z == '\0')
    {
      *offset_minutes = 0;
      return TRUE;
    }
  if ((z[0] == '+' || z[0] == '-') && g_ascii_isdigit (z[1]))
    {
      int digits = 0, value = 0;
      for (const char *p = z + 1; *p; p++)
        {
          if (*p == ':')
            continue;
          if (!g_ascii_isdigit (*p) || ++digits > 4)
            return FALSE; /* a zone has 2 or 4 digits: no more (nor overflow) */
          value = value * 10 + (*p - '0');
        }
      if (digits == 2)
        value *= 100;
      else if (digits != 4)
        return FALSE;
      *offset_minutes = (value / 100) * 60 + value % 100;
      if (z[0] == '-')
        *offset_minutes = -*offset_minutes;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (g_ascii_strcasecmp (z, named[i].name) == 0)
      {
        *offset_minutes = named[i].minutes;
        return TRUE;
      }
  /* RFC 822 military zones: 1-letter; their signs are famously reversed in the
   * RFC, so RFC 2822 says to treat them as +0000. */
  if (g_ascii_isalpha (z[0]) && z[1] == '\0')
    {
      *offset_minutes = 0;
      return TRUE;
    }
  return FALSE;
}

static GDateTime *
make_utc (int year, int month, int day, int hour, int minute, double seconds, int offset_minutes)
{
  g_autoptr (GDateTime) wall = NULL;

  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0
      || hour > 24 || minute < 0 || minute > 59 || seconds < 0 || seconds >= 61)
    return NULL;
  if (seconds >= 60)
    seconds = 59; /* leap second */
  /* The wall-clock time read as UTC, then moved by the zone's offset (no
   * GTimeZone to build for every date of every feed). */
  wall = g_date_time_new_utc (year, month, day, hour, minute, seconds);
  if (wall == NULL)
    return NULL;
  if (offset_minutes == 0)
    return g_steal_pointer (&wall);
  return g_date_time_add_minutes (wall, -offset_minutes);
}

GDateTime *
vigil_date_parse_rfc822 (const char *text)
{
  g_auto (GStrv) parts = NULL;
  g_autofree char *copy = NULL;
  int i = 0, n, day, month = 0, year, hour = 0, minute = 0, offset = 0;
  double seconds = 0;

  if (text == NULL)
    return NULL;
  copy = g_strdup (text);
  g_strstrip (copy);
  /* Commas and runs of spaces separate fields in the wild. */
  g_strdelimit (copy, ",", ' ');
  parts = g_strsplit_set (copy, " \t\r\n", -1);
  {
    /* drop empty fields */
    int w = 0;
    for (int r = 0; parts[r]; r++)
      if (*parts[r])
        parts[w++] = parts[r];
      else
        g_free (parts[r]);
    parts[w] = NULL;
  }
  n = g_strv_length (parts);
  if (n > 0 && g_ascii_isalpha (parts[0][0]))
    {
      /* A weekday, unless it is the month of a "Nov 26 2026" variant. */
      gboolean is_month = FALSE;
      for (int m = 0; m < 12; m++)
        if (g_ascii_strncasecmp (parts[0], months[m], 3) == 0 && strlen (parts[0]) >= 3)
          is_month = TRUE;
      if (!is_month)
        i++;
    }
  if (n - i < 3)
    return NULL;

  if (g_ascii_isdigit (parts[i][0]))
    {
      day = atoi (parts[i]);
      for (int m = 0; m < 12; m++)
        if (g_ascii_strncasecmp (parts[i + 1], months[m], 3) == 0)
          month = m + 1;
    }
  else
    {
      for (int m = 0; m < 12; m++)
        if (g_ascii_strncasecmp (parts[i], months[m], 3) == 0)
          month = m + 1;
      day = atoi (parts[i + 1]);
    }
  if (month == 0 || !g_ascii_isdigit (parts[i + 2][0]))
    return NULL;
  year = atoi (parts[i + 2]);
  if (strlen (parts[i + 2]) <= 2)
    year += year < 50 ? 2000 : 1900;
  else if (strlen (parts[i + 2]) == 3)
    year += 1900;
  i += 3;

  if (i < n && strchr (parts[i], ':') != NULL)
    {
      int f = sscanf (parts[i], "%d:%d:%lf", &hour, &minute, &seconds);
      if (f < 2)
        return NULL;
      if (f == 2)
        seconds = 0;
      i++;
    }
  if (i < n && !parse_zone (parts[i], &offset))
    return NULL;

  return make_utc (year, month, day, hour, minute, seconds, offset);
}

GDateTime *
vigil_date_parse_iso8601 (const char *text)
{
  g_autofree char *s = NULL;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, offset = 0;
  double seconds = 0;
  const char *p;
  int consumed = 0;

  if (text == NULL)
    return NULL;
  s = g_strstrip (g_strdup (text));

  /* GDELT's compact form: 20230918T031500Z */
  if (strlen (s) == 16 && s[8] == 'T' && s[15] == 'Z')
    {
      if (sscanf (s, "%4d%2d%2dT%2d%2d%2d", &year, &month, &day, &hour, &minute, &consumed) != 6)
        return NULL;
      return make_utc (year, month, day, hour, minute, consumed, 0);
    }

  if (sscanf (s, "%4d%n", &year, &consumed) != 1 || consumed != 4)
    return NULL;
  p = s + 4;
  if (*p == '-')
    {
      if (sscanf (p, "-%2d%n", &month, &consumed) != 1)
        return NULL;
      p += consumed;
      if (*p == '-')
        {
          if (sscanf (p, "-%2d%n", &day, &consumed) != 1)
            return NULL;
          p += consumed;
        }
    }
  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      if (sscanf (p, "%2d:%2d%n", &hour, &minute, &consumed) != 2)
        return NULL;
      p += consumed;
      if (*p == ':')
        {
          char *end = NULL;
          seconds = g_ascii_strtod (p + 1, &end);
          if (end == p + 1)
            return NULL;
          p = end;
        }
      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          if (!parse_zone (p, &offset))
            return NULL;
          p += strlen (p);
        }
    }
  if (*p != '\0')
    return NULL;
  return make_utc (year, month, day, hour, minute, seconds, offset);
}

/* The value of the n digits at p, or -1 unless all n are digits. */
static int
digits (const char *p, int n)
{
  int value = 0;

  for (int k = 0; k < n; k++)
    {
      if (!g_ascii_isdigit (p[k]))
        return -1;
      value = value * 10 + (p[k] - '0');
    }
  return value;
}

/* "HH:MM:SS" at p: the three numbers, or FALSE. */
static gboolean
clock_at (const char *p, int *hour, int *minute, int *second)
{
  /* (each byte read only when those before it were what they should be) */
  return (*hour = digits (p, 2)) >= 0 && p[2] == ':' && (*minute = digits (p + 3, 2)) >= 0
         && p[5] == ':' && (*second = digits (p + 6, 2)) >= 0;
}

/* The shapes nearly every feed writes, read without splitting or sscanf:
 * "2026-11-01T00:00:00Z" (or "+01:00", or no zone) and
 * "Sun, 01 Nov 2026 00:00:00 +0000". *handled is FALSE for anything else,
 * which the general readers below take; for these shapes they give the
 * same result (tests/test-date.c compares both on every shape). */
static GDateTime *
parse_common (const char *t, gboolean *handled)
{
  static const char *const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  int year, month = 0, day, hour, minute, second, offset = 0;
  const char *zone;

  *handled = FALSE;
  if (g_ascii_isdigit (t[0]))
    {
      /* ISO 8601 / RFC 3339 */
      if ((year = digits (t, 4)) < 0 || t[4] != '-' || (month = digits (t + 5, 2)) < 0
          || t[7] != '-' || (day = digits (t + 8, 2)) < 0
          || !(t[10] == 'T' || t[10] == 't' || t[10] == ' ')
          || !clock_at (t + 11, &hour, &minute, &second))
        return NULL;
      zone = t + 19;
      if ((zone[0] == 'Z' || zone[0] == 'z') && zone[1] == '\0')
        offset = 0;
      else if (zone[0] == '+' || zone[0] == '-')
        {
          if (!parse_zone (zone, &offset))
            return NULL;
        }
      else if (zone[0] != '\0')
        return NULL;
    }
  else
    {
      /* RFC 822: a weekday, a comma, day, month, four-digit year, time, zone */
      gboolean weekday = FALSE;
      for (guint w = 0; w < G_N_ELEMENTS (weekdays); w++)
        weekday = weekday || g_ascii_strncasecmp (t, weekdays[w], 3) == 0;
      if (!weekday || t[3] != ',' || t[4] != ' ' || !g_ascii_isdigit (t[5]))
        return NULL;
      t += 5;
      day = digits (t, g_ascii_isdigit (t[1]) ? 2 : 1);
      t += g_ascii_isdigit (t[1]) ? 2 : 1;
      if (*t++ != ' ')
        return NULL;
      for (int m = 0; m < 12; m++)
        if (g_ascii_strncasecmp (t, months[m], 3) == 0)
          month = m + 1;
      if (month == 0 || t[3] != ' ')
        return NULL;
      year = digits (t + 4, 4);
      if (year < 0 || t[8] != ' ' || !clock_at (t + 9, &hour, &minute, &second))
        return NULL;
      zone = t + 17;
      if (*zone == ' ')
        {
          zone++;
          if (*zone == '\0' || !parse_zone (zone, &offset))
            return NULL;
        }
      else if (*zone != '\0')
        return NULL;
    }
  *handled = TRUE;
  return make_utc (year, month, day, hour, minute, second, offset);
}

GDateTime *
vigil_date_parse (const char *text)
{
  GDateTime *dt;
  gboolean handled;

  if (text == NULL || *text == '\0')
    return NULL;
  dt = parse_common (text, &handled);
  if (handled)
    return dt;
  dt = vigil_date_parse_iso8601 (text);
  if (dt == NULL)
    dt = vigil_date_parse_rfc822 (text);
  return dt;
}

char *
vigil_date_format_iso (GDateTime *dt)
{
  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}
