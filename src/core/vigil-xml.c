/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-xml.c — small helpers over libxml2 shared by the feed, OPML and HTML readers. */
#include "vigil-xml.h"

char *
vigil_xml_prop (xmlNodePtr node, const char *name, gboolean valid)
{
  xmlChar *v = xmlGetProp (node, BAD_CAST name);
  char *r;

  if (v == NULL)
    return NULL;
  r = g_strstrip (valid ? g_utf8_make_valid ((const char *) v, -1) : g_strdup ((const char *) v));
  xmlFree (v);
  return r;
}

char *
vigil_xml_attr (xmlNodePtr node, const char *name)
{
  char *r = vigil_xml_prop (node, name, TRUE);

  if (r != NULL && *r == '\0')
    g_clear_pointer (&r, g_free);
  return r;
}
