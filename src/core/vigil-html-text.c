/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html-text.c — the visible text of HTML, for analysis and search */
#include "vigil-html.h"

#include <string.h>
#include "vigil-html-private.h"

/* Visible text, streamed like the sanitiser: no tree, so no depth limit. */
typedef struct
{
  GString *out;
  guint drop_depth; /* > 0 inside an element dropped with its content */
  gsize max_bytes;  /* parsing stops when out is longer */
  gboolean stopped;
} TextCollector;

static void
text_start (void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
  TextCollector *t = ((htmlParserCtxtPtr) ctx)->_private;
  guint kind = vigil_html_element_kind ((const char *) xname);

  if (t->drop_depth > 0 || (kind & KIND_DROPPED))
    t->drop_depth++;
  else if (kind & KIND_BLOCK)
    g_string_append_c (t->out, '\n');
}

static void
text_end (void *ctx, const xmlChar *xname)
{
  TextCollector *t = ((htmlParserCtxtPtr) ctx)->_private;

  if (t->drop_depth > 0)
    t->drop_depth--;
  else if (vigil_html_element_kind ((const char *) xname) & KIND_BLOCK)
    g_string_append_c (t->out, '\n');
}

static void
text_characters (void *ctx, const xmlChar *text, int len)
{
  TextCollector *t = ((htmlParserCtxtPtr) ctx)->_private;

  if (t->drop_depth == 0 && len > 0 && !t->stopped)
    {
      g_string_append_len (t->out, (const char *) text, len);
      if (t->out->len > t->max_bytes)
        {
          t->stopped = TRUE;
          xmlStopParser (ctx);
        }
    }
}

char *
vigil_html_to_text (const char *html)
{
  return vigil_html_to_text_prefix (html, G_MAXSIZE, NULL);
}

char *
vigil_html_to_text_prefix (const char *html, gsize max_bytes, gboolean *out_cut)
{
  g_autoptr (GString) raw = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE, newline = FALSE;

  if (out_cut)
    *out_cut = FALSE;
  if (html == NULL || *html == '\0')
    return g_string_free (out, FALSE);
  if (strchr (html, '<') == NULL && strchr (html, '&') == NULL)
    g_string_append (raw, html);
  else
    {
      htmlSAXHandler sax = { 0 };
      TextCollector t = { raw, 0, max_bytes, FALSE };
      sax.startElement = text_start;
      sax.endElement = text_end;
      sax.characters = text_characters;
      sax.cdataBlock = text_characters;
      sax.ignorableWhitespace = text_characters;
      vigil_html_sax_parse (html, &sax, &t);
      if (out_cut)
        *out_cut = t.stopped;
    }

  /* Collapse whitespace: a run containing a newline becomes one newline. */
  for (const char *p = raw->str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n')
        newline = TRUE;
      else if (g_unichar_isspace (c) || c == 0xA0)
        space = TRUE;
      else
        {
          if (out->len > 0 && newline)
            g_string_append_c (out, '\n');
          else if (out->len > 0 && space)
            g_string_append_c (out, ' ');
          newline = space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

char *
vigil_html_sanitized_to_text (const char *html)
{
  GString *out;
  const char *p = html;

  if (html == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (html));
  while (*p)
    {
      if (*p == '<')
        {
          /* A tag: block elements separate words; attributes never reach the text. */
          const char *end = strchr (p, '>');
          char name[16];
          guint n = 0;
          const char *q = p + 1;
          if (*q == '/')
            q++;
          while (n < sizeof name - 1 && g_ascii_isalnum (*q))
            name[n++] = g_ascii_tolower (*q++);
          name[n] = '\0';
          if (vigil_html_is_block (name) && out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
          if (end == NULL)
            break;
          p = end + 1;
        }
      else if (*p == '&')
        {
          if (g_str_has_prefix (p, "&amp;"))
            g_string_append_c (out, '&'), p += 5;
          else if (g_str_has_prefix (p, "&lt;"))
            g_string_append_c (out, '<'), p += 4;
          else if (g_str_has_prefix (p, "&gt;"))
            g_string_append_c (out, '>'), p += 4;
          else if (g_str_has_prefix (p, "&quot;"))
            g_string_append_c (out, '"'), p += 6;
          else
            g_string_append_c (out, *p++);
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
