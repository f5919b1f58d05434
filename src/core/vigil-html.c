/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html.c — the sanitiser's entry points (the scanner first, the parser for the rest),
 * serialiser and escaping */
#include "vigil-html.h"

#include <libxml/parserInternals.h>
#include <string.h>
#include "vigil-html-private.h"

static gboolean
is_void (const char *name)
{
  return (vigil_html_element_kind (name) & KIND_VOID) != 0;
}

htmlDocPtr
vigil_html_parse_fragment (const char *html, xmlNodePtr *out_body)
{
  g_autofree char *wrapped = NULL;
  htmlDocPtr doc;
  xmlNodePtr root, child;

  /* Wrapping keeps a leading text node inside <body> and makes the parser
   * treat the input as UTF-8 regardless of any <meta charset> inside it. */
  wrapped = g_strconcat ("<html><head><meta charset=\"utf-8\"></head><body>", html ? html : "",
                         "</body></html>", NULL);
  doc = htmlReadMemory (wrapped, strlen (wrapped), NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                            | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
  *out_body = NULL;
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  for (child = root ? root->children : NULL; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrcasecmp (child->name, BAD_CAST "body") == 0)
      *out_body = child;
  if (*out_body == NULL && root != NULL)
    *out_body = root;
  return doc;
}

void
vigil_html_append_escaped_len (GString *out, const char *text, gsize len, gboolean attr)
{
  const char *run = text;
  const char *end = text + len;
  const char *p;

  /* Copy runs of ordinary bytes at once; only & < > (and " in attributes) change. */
  for (p = text; p < end; p++)
    {
      const char *entity;
      switch (*p)
        {
        case '&':
          entity = "&amp;";
          break;
        case '<':
          entity = "&lt;";
          break;
        case '>':
          entity = "&gt;";
          break;
        case '"':
          if (!attr)
            continue;
          entity = "&quot;";
          break;
        default:
          continue;
        }
      vigil_html_out_append (out, run, p - run);
      vigil_html_out_append (out, entity, strlen (entity));
      run = p + 1;
    }
  vigil_html_out_append (out, run, p - run);
}

static void
append_escaped (GString *out, const char *text, gboolean attr)
{
  vigil_html_append_escaped_len (out, text, strlen (text), attr);
}

char *
vigil_html_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  if (text != NULL)
    append_escaped (out, text, TRUE);
  return g_string_free (out, FALSE);
}

static void
serialize (GString *out, xmlNodePtr node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content)
            append_escaped (out, (const char *) node->content, FALSE);
        }
      else if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) node->name;

          g_string_append_c (out, '<');
          g_string_append (out, name);
          for (xmlAttrPtr a = node->properties; a; a = a->next)
            {
              g_autofree xmlChar *value = xmlNodeGetContent ((xmlNodePtr) a);
              g_string_append_c (out, ' ');
              g_string_append (out, (const char *) a->name);
              g_string_append (out, "=\"");
              append_escaped (out, value ? (const char *) value : "", TRUE);
              g_string_append_c (out, '"');
            }
          g_string_append_c (out, '>');
          if (is_void (name))
            continue;
          serialize (out, node->children);
          g_string_append (out, "</");
          g_string_append (out, name);
          g_string_append_c (out, '>');
        }
    }
}

char *
vigil_html_serialize_children (xmlNodePtr node)
{
  GString *out = g_string_new (NULL);

  if (node != NULL)
    serialize (out, node->children);
  return g_string_free (out, FALSE);
}

/* How many parts of one text the parser reads alone, the scanner going on
 * after each, before it reads all the rest. */
#define MAX_SEGMENTS 64
/* How many texts each path took, for the benchmark's report; how many
 * segments the parser read alone before the scanner went on. */
static gint sanitized_fast, sanitized_parser, sanitized_segments;

guint
vigil_html_sanitize_segments (void)
{
  return (guint) g_atomic_int_get (&sanitized_segments);
}

void
vigil_html_sanitize_counts (guint *fast, guint *parser)
{
  *fast = (guint) g_atomic_int_get (&sanitized_fast);
  *parser = (guint) g_atomic_int_get (&sanitized_parser);
}

char *
vigil_html_sanitize (const char *html, const char *base_url)
{
  char *fast;
  gsize rest = 0;

  if (html == NULL)
    return g_strdup ("");
  fast = vigil_html_sanitize_fast_part (html, base_url, &rest);
  g_atomic_int_inc (fast != NULL && rest == 0 ? &sanitized_fast : &sanitized_parser);
  if (fast != NULL && rest == 0)
    return fast;
  if (fast != NULL && !vigil_html_leaves_markup_open (html)
      && !vigil_html_leaves_markup_open (html + rest))
    {
      /* The scanner took the elements before the point where it gave up,
       * each closed by its own end tag, and nothing was left open: the parser
       * would have read them alike and come to that point in the same state
       * (nothing open). The parser reads the element there (the part that
       * needed it) and, when that ends with nothing open again, the scanner
       * goes on after it; else the parser reads all the rest. */
      gsize room = strlen (html);
      GString *out = g_string_sized_new (room + room / 4 + 128);
      gsize at = rest;

      g_string_append (out, fast);
      g_free (fast);
      /* (at most MAX_SEGMENTS parts: each looks ahead for its end, which a
       * hostile text of many unclosed elements would make quadratic) */
      for (guint n = 0; n < MAX_SEGMENTS; n++)
        {
          gsize end = vigil_html_element_end (html, at);
          g_autofree char *next = NULL;
          gsize next_rest = 0;

          if (end == 0 || !vigil_html_parser_sanitize_segment (html + at, end - at, base_url, out))
            break;
          g_atomic_int_inc (&sanitized_segments);
          at = end;
          next = vigil_html_sanitize_fast_continue (html + at, base_url, &next_rest);
          if (next == NULL)
            break;
          g_string_append (out, next);
          if (next_rest == 0)
            return g_strstrip (g_string_free (out, FALSE));
          at += next_rest;
        }
      if (html[at] == '\0')
        return g_strstrip (g_string_free (out, FALSE));
      if ((at == rest || !vigil_html_leaves_markup_open (html + at))
          && vigil_html_parser_sanitize (html + at, base_url, out))
        return g_strstrip (g_string_free (out, FALSE));
      g_string_free (out, TRUE);
      return vigil_html_sanitize_with_parser (html, base_url);
    }
  g_free (fast);
  return vigil_html_sanitize_with_parser (html, base_url);
}

char *
vigil_html_truncate (const char *html, gsize max_bytes)
{
  gsize len = html != NULL ? strlen (html) : 0;
  const char *cut;
  g_autofree char *head = NULL;

  if (len <= max_bytes)
    return NULL;
  /* Before the last tag that starts in the first max_bytes, unless that is far
   * back (one huge text); otherwise between two characters, outside any
   * entity (&amp;) the cut would split. */
  cut = g_utf8_find_prev_char (html, html + max_bytes + 1);
  for (const char *p = cut; p != NULL && p > html && cut - p < 64 * 1024; p--)
    if (*p == '<')
      {
        cut = p;
        break;
      }
    else if (*p == '>')
      break;
  for (const char *p = cut; p > html && cut - p < 12; p--)
    if (p[-1] == ';' || p[-1] == '>')
      break;
    else if (p[-1] == '&')
      {
        cut = p - 1;
        break;
      }
  if (cut == NULL)
    cut = html;
  head = g_strndup (html, cut - html);
  /* The sanitiser closes what the cut left open (and keeps what it kept). */
  return vigil_html_sanitize (head, NULL);
}
