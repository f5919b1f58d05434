/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-date.h: the dates feeds really send.
 *
 * RFC 822/1123 with its real-world variants (missing weekday, two-digit years,
 * named and military zones, no seconds) and RFC 3339 / ISO 8601 / W3C-DTF.
 * Every result is in UTC; NULL means the string is not a date we can trust.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *vigil_date_parse_rfc822 (const char *text);
GDateTime *vigil_date_parse_iso8601 (const char *text);
/* Tries both forms (and GDELT's compact 20230918T031500Z). */
GDateTime *vigil_date_parse (const char *text);
/* "2004-01-01T19:48:21Z", or NULL for a NULL date. */
char *vigil_date_format_iso (GDateTime *dt);

G_END_DECLS
