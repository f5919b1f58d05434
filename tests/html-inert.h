/* SPDX-License-Identifier: GPL-3.0-or-later */
/* html-inert.h: what "nothing executable survives" means for sanitised HTML,
 * shared by the XSS corpus test and the HTML fuzz target. */
#pragma once

#include <glib.h>
#include <string.h>

/* One serialised tag: no element that runs or loads anything, no event
 * handler, and every link or source an http(s)/mailto URL. */
static inline void
assert_inert_tag (const char *tag)
{
  static const char *const banned[]
      = { "<script", "<iframe", "<frame",  "<object", "<embed", "<svg",  "<math",   "<style",
          "<form",   "<input",  "<button", "<meta",   "<base",  "<link", "<applet", "<template" };
  g_autofree char *lower = g_ascii_strdown (tag, -1);
  const char *p = lower + 1;

  for (guint i = 0; i < G_N_ELEMENTS (banned); i++)
    g_assert_false (g_str_has_prefix (lower, banned[i])
                    && !g_ascii_isalnum (lower[strlen (banned[i])]));
  /* Past the element name, attributes: name="value" (libxml2 quotes them). */
  while (*p && !g_ascii_isspace (*p) && *p != '>')
    p++;
  while (*p && *p != '>')
    {
      const char *name, *value_end;
      g_autofree char *attr = NULL;
      while (g_ascii_isspace (*p) || *p == '/')
        p++;
      name = p;
      while (*p && *p != '=' && !g_ascii_isspace (*p) && *p != '>')
        p++;
      attr = g_strndup (name, p - name);
      if (*attr)
        {
          g_assert_false (g_str_has_prefix (attr, "on"));
          g_assert_cmpstr (attr, !=, "style");
          g_assert_cmpstr (attr, !=, "srcdoc");
          g_assert_cmpstr (attr, !=, "formaction");
        }
      if (*p != '=')
        continue;
      p++;
      if (*p != '"')
        break;
      value_end = strchr (p + 1, '"');
      if (value_end == NULL)
        break;
      if (g_str_equal (attr, "href") || g_str_equal (attr, "src") || g_str_equal (attr, "cite")
          || g_str_equal (attr, "poster") || g_str_equal (attr, "action"))
        {
          g_autofree char *value = g_strndup (p + 1, value_end - p - 1);
          g_assert_true (g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://")
                         || g_str_has_prefix (value, "mailto:"));
        }
      p = value_end + 1;
    }
}

/* Every tag of a sanitised fragment (text between tags may say anything). */
static inline void
assert_inert (const char *html)
{
  for (const char *lt = strchr (html, '<'); lt != NULL; lt = strchr (lt + 1, '<'))
    {
      const char *gt = strchr (lt, '>');
      g_autofree char *tag = g_strndup (lt, gt ? (gsize) (gt - lt + 1) : strlen (lt));
      assert_inert_tag (tag);
    }
}
