/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-xml.h — small helpers over libxml2 shared by the feed, OPML and HTML readers. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* The attribute's value as valid UTF-8 (libxml2's recovery keeps bytes that
 * are not), without surrounding spaces; NULL when it is missing or empty. */
char *vigil_xml_attr (xmlNodePtr node, const char *name);
/* The same kept as libxml2 gives it unless valid, and "" when it is empty
 * (NULL only when it is missing). */
char *vigil_xml_prop (xmlNodePtr node, const char *name, gboolean valid);

G_END_DECLS
