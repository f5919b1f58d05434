/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html-parser.c — the sanitiser's libxml2 path: its HTML parser's events through the
 * allow-list */
#include "vigil-html.h"

#include <libxml/parserInternals.h>
#include <string.h>
#include "vigil-html-private.h"

/* The sanitiser streams: libxml2's HTML parser (the same tokenizer and error
 * recovery as before, and close to what browsers do) calls us back for each
 * element and text, and only what the allow-list permits is written out, by
 * our own serialiser. No tree is built, which makes it three times faster. */
static void
sax_start (void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;
  const char *name = (const char *) xname;
  guint kind = vigil_html_element_kind (name);
  gboolean written = FALSE;

  if (z->drop_depth > 0 || (kind & KIND_DROPPED))
    z->drop_depth++;
  else if ((kind & KIND_ALLOWED) && ((kind & KIND_VOID) || z->depth < VIGIL_HTML_MAX_DEPTH))
    {
      g_string_append_c (z->out, '<');
      vigil_html_out_append (z->out, name, strlen (name));
      vigil_html_write_attributes (z, kind >> 8, name, attrs);
      g_string_append_c (z->out, '>');
      written = !(kind & KIND_VOID);
      z->depth += written;
    }
  else if (kind & KIND_BLOCK)
    g_string_append_c (z->out, ' '); /* an unwrapped block still separates words */
  g_array_append_val (z->open, written);
}

static void
sax_end (void *ctx, const xmlChar *name)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;
  gboolean written = FALSE;

  if (z->open->len > 0)
    {
      written = g_array_index (z->open, gboolean, z->open->len - 1);
      g_array_set_size (z->open, z->open->len - 1);
    }
  if (z->drop_depth > 0)
    z->drop_depth--;
  else if (written)
    {
      z->depth--;
      vigil_html_out_literal (z->out, "</");
      vigil_html_out_append (z->out, (const char *) name, strlen ((const char *) name));
      g_string_append_c (z->out, '>');
    }
}

static void
sax_characters (void *ctx, const xmlChar *text, int len)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;

  if (z->drop_depth > 0 || len <= 0)
    return;
  vigil_html_append_escaped_len (z->out, (const char *) text, len, FALSE);
}

/* A fragment whose markup is left open at its end, closed as an old SGML
 * reader closes it, so that the text after it is not lost (the parser would
 * otherwise take everything after it, and the wrapper's end tags, into it):
 * a comment never ended by "-->" ends at its first '>' (one with none is
 * a comment to the end), and another '<' no '>' follows is text. NULL when
 * nothing is left open. */
static char *
close_open_markup (const char *html)
{
  const char *open = strstr (html, "<!--");
  const char *lt;
  GString *out = NULL;

  if (open != NULL && strstr (open + 4, "-->") == NULL)
    {
      const char *gt = strchr (open + 4, '>');
      if (gt != NULL)
        {
          out = g_string_new_len (html, gt - html);
          g_string_append (out, "--");
          g_string_append (out, gt);
        }
    }
  lt = strrchr (out ? out->str : html, '<');
  if (lt != NULL && strchr (lt, '>') == NULL && !g_str_has_prefix (lt, "<!--"))
    {
      gsize at = lt - (out ? out->str : html);
      if (out == NULL)
        out = g_string_new (html);
      g_string_erase (out, at, 1);
      g_string_insert (out, at, "&lt;");
    }
  return out ? g_string_free (out, FALSE) : NULL;
}

gboolean
vigil_html_leaves_markup_open (const char *html)
{
  g_autofree char *closed = close_open_markup (html);
  return closed != NULL;
}

/* Runs libxml2's HTML parser over html as a document body, calling sax back
 * with data as the context's _private; FALSE if no parser could be made.
 * No tree is built, so no tree depth limit applies: text inside any number
 * of nested elements reaches the callbacks. */
gboolean
vigil_html_sax_parse (const char *html, htmlSAXHandler *sax, gpointer data)
{
  g_autofree char *wrapped = NULL;
  g_autofree char *closed = html != NULL ? close_open_markup (html) : NULL;
  htmlParserCtxtPtr ctxt;

  /* Wrapping makes the parser read UTF-8 whatever a <meta charset> inside says. */
  wrapped = g_strconcat ("<html><head><meta charset=\"utf-8\"></head><body>",
                         closed ? closed
                         : html ? html
                                : "",
                         "</body></html>", NULL);
  ctxt = htmlCreateMemoryParserCtxt (wrapped, strlen (wrapped));
  if (ctxt == NULL)
    return FALSE;
  sax->initialized = 1;
  memcpy (ctxt->sax, sax, sizeof *sax);
  ctxt->_private = data;
  htmlCtxtUseOptions (ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument (ctxt);
  htmlFreeParserCtxt (ctxt);
  return TRUE;
}

/* The parser's sanitised html appended to out (not stripped); FALSE if no
 * parser could be made. */
gboolean
vigil_html_parser_sanitize (const char *html, const char *base_url, GString *out)
{
  htmlSAXHandler sax = { 0 };
  Sanitizer z = { out, base_url, 0, g_array_new (FALSE, FALSE, sizeof (gboolean)), 0 };
  gboolean parsed;

  sax.startElement = sax_start;
  sax.endElement = sax_end;
  sax.characters = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  parsed = vigil_html_sax_parse (html, &sax, &z);
  g_array_unref (z.open);
  return parsed;
}

/* The name that marks the end of a segment given to the parser alone. */
#define SEGMENT_END "vigil-segment-end"

static void
segment_start (void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;

  if (strcmp ((const char *) xname, SEGMENT_END) == 0)
    {
      /* Reached as a tag, with only the wrapper's <html> and <body> open. */
      gboolean written = FALSE;

      z->closed = z->body_depth > 0 && z->open->len == z->body_depth && z->drop_depth == 0;
      g_array_append_val (z->open, written);
      return;
    }
  sax_start (ctx, xname, attrs);
  if (z->body_depth == 0 && strcmp ((const char *) xname, "body") == 0)
    z->body_depth = z->open->len;
}

/* Whether the segment html[0, len) (a part of a longer text where nothing
 * was open before it, starting with a tag) was read by the parser on its own
 * with every element it opened closed again by its end: its sanitised
 * result is then appended to out, and the parser reading the whole text
 * would have written the same and come out of it in the same state (nothing
 * open), so that what follows can be read on its own too. FALSE (out as it
 * was) when that cannot be told. */
gboolean
vigil_html_parser_sanitize_segment (const char *html, gsize len, const char *base_url, GString *out)
{
  g_autofree char *segment = g_strndup (html, len);
  g_autofree char *wrapped = NULL;
  htmlSAXHandler sax = { 0 };
  Sanitizer z = { out, base_url, 0, NULL, 0, 0, FALSE };
  htmlParserCtxtPtr ctxt;
  gsize out_len = out->len;

  /* Markup left open (which vigil_html_sax_parse would close its own way), or the
   * end mark's name inside. */
  if (vigil_html_leaves_markup_open (segment) || g_strstr_len (segment, len, SEGMENT_END) != NULL)
    return FALSE;
  wrapped = g_strconcat ("<html><head><meta charset=\"utf-8\"></head><body>", segment,
                         "<" SEGMENT_END "></" SEGMENT_END "></body></html>", NULL);
  ctxt = htmlCreateMemoryParserCtxt (wrapped, strlen (wrapped));
  if (ctxt == NULL)
    return FALSE;
  sax.initialized = 1;
  sax.startElement = segment_start;
  sax.endElement = sax_end;
  sax.characters = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  memcpy (ctxt->sax, &sax, sizeof sax);
  z.open = g_array_new (FALSE, FALSE, sizeof (gboolean));
  ctxt->_private = &z;
  htmlCtxtUseOptions (ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument (ctxt);
  htmlFreeParserCtxt (ctxt);
  g_array_unref (z.open);
  if (!z.closed)
    g_string_truncate (out, out_len);
  return z.closed;
}

/* Whether the name at p (after '<' or "</") is name, ended as a tag name ends. */
static gboolean
tag_name_is (const char *p, const char *name, gsize len)
{
  return g_ascii_strncasecmp (p, name, len) == 0
         && (p[len] == '>' || p[len] == ' ' || p[len] == '/' || p[len] == '\t' || p[len] == '\n'
             || p[len] == '\r');
}

/* The byte after the start tag at p (its '>'), quotes respected; NULL if none. */
static const char *
start_tag_end (const char *p)
{
  for (p++; *p != '\0' && *p != '>'; p++)
    if (*p == '"' || *p == '\'')
      {
        p = strchr (p + 1, *p);
        if (p == NULL)
          return NULL;
      }
  return *p == '>' ? p + 1 : NULL;
}

/* Where the element whose start tag is at html + at ends, as far as its tags
 * tell (a void element at its start tag's end, another after the end tag
 * that matches it, counting those of its name inside; comments skipped): the
 * offset of the byte after it, or 0 when that cannot be found. A guess:
 * vigil_html_parser_sanitize_segment checks it. */
gsize
vigil_html_element_end (const char *html, gsize at)
{
  static const char *const voids[]
      = { "embed", "input", "source", "track", "param", "wbr",  "area",  "link",
          "meta",  "col",   "img",    "br",    "hr",    "base", "keygen" };
  const char *p = html + at + 1;
  char name[16];
  gsize len = 0;
  guint depth = 1;

  while (g_ascii_isalnum (p[len]) && len < sizeof name - 1)
    {
      name[len] = g_ascii_tolower (p[len]);
      len++;
    }
  name[len] = '\0';
  if (len == 0 || !tag_name_is (p, name, len))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (voids); i++)
    if (strcmp (name, voids[i]) == 0)
      {
        const char *after = start_tag_end (html + at);
        return after != NULL ? (gsize) (after - html) : 0;
      }
  for (p = strchr (p, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      if (p[1] == '!' && p[2] == '-' && p[3] == '-')
        {
          p = strstr (p + 4, "-->");
          if (p == NULL)
            return 0;
        }
      else if (p[1] == '/' && tag_name_is (p + 2, name, len))
        {
          const char *gt = strchr (p + 2, '>');
          if (gt == NULL)
            return 0;
          if (--depth == 0)
            return (gsize) (gt + 1 - html);
        }
      else if (tag_name_is (p + 1, name, len))
        depth++;
    }
  return 0;
}

char *
vigil_html_sanitize_with_parser (const char *html, const char *base_url)
{
  /* Room for what it usually writes: the input, and the rel= of its links. */
  gsize room = html != NULL ? strlen (html) : 0;
  GString *out = g_string_sized_new (room + room / 4 + 128);

  if (!vigil_html_parser_sanitize (html, base_url, out))
    {
      g_string_free (out, TRUE);
      return vigil_html_escape (html);
    }
  return g_strstrip (g_string_free (out, FALSE));
}
