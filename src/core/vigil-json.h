/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-json.h — the few json-glib helpers every JSON writer of Vigil shares
 * (the analysis, the parsed feed, the alert, vigil-cli's outputs). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A member with a string value, or null when value is NULL. */
void vigil_json_add_string (JsonBuilder *builder, const char *name, const char *value);
/* A member with an integer value. */
void vigil_json_add_int (JsonBuilder *builder, const char *name, gint64 value);
/* A member with a boolean value. */
void vigil_json_add_boolean (JsonBuilder *builder, const char *name, gboolean value);
/* The members "start" and "end" of a span of text (offsets in characters). */
void vigil_json_add_span (JsonBuilder *builder, gint64 start, gint64 end);
/* A member with an integer value, or null when value is negative (unknown). */
void vigil_json_add_count (JsonBuilder *builder, const char *name, gint64 value);
/* A member with a floating-point value, or null when known is FALSE. */
void vigil_json_add_optional_double (JsonBuilder *builder, const char *name, gboolean known,
                                     double value);
/* A member with an array of the strings of strings (empty when NULL). */
void vigil_json_add_strings (JsonBuilder *builder, const char *name, GPtrArray *strings);
/* The builder's value as text: indented for people, one line for pipes. */
char *vigil_json_to_data (JsonBuilder *builder, gboolean pretty);

G_END_DECLS
