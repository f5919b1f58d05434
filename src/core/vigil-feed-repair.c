/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-repair.c — the tolerant reading of ill-formed XML, rewritten as well-formed XML */
#include "config.h"

#include "vigil-feed-parser.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vigil-feed-private.h"

/* ---- The tolerant reading of ill-formed XML ---- */

/* What a feed's ill-formed XML is taken to mean, rewritten as well-formed
 * XML for libxml2's strict parser, as a browser reads tag soup: a bare & or <
 * is text, an attribute value may go unquoted, an HTML void element (<br>,
 * <img>) ends at once, an end tag closes the elements left open inside its
 * own, an end tag that closes nothing is dropped, the root stays open until
 * the end and everything still open there is closed. Every scan stops at the
 * next '<' or at its terminator, so the rewriting is linear in the input. */

/* HTML elements without an end tag (link, meta and source are feed elements
 * with content, so they are not among them). */
static gboolean
is_void_html (const char *name, gsize len)
{
  static const char *const names[]
      = { "br",    "hr",    "img",   "input", "wbr",    "area",    "col",
          "embed", "param", "track", "frame", "keygen", "isindex", "basefont" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strlen (names[i]) == len && g_ascii_strncasecmp (name, names[i], len) == 0)
      return TRUE;
  return FALSE;
}

static inline gboolean
is_name_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || c >= 0x80;
}

static inline gboolean
is_name_char (guchar c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '-' || c == '.';
}

/* The length of the well-formed reference at p (an '&'), ';' included, or 0:
 * a character reference to a character XML allows, or one of XML's five
 * entities (the HTML ones are character references by now, and any other is
 * text: a document's own entities are never expanded). */
static gsize
reference_length (const char *p, const char *end)
{
  static const char *const xml_entities[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
  const char *q = p + 1;

  if (q < end && *q == '#')
    {
      gboolean hex = FALSE;
      const char *digits;
      guint64 v = 0;

      q++;
      if (q < end && *q == 'x')
        {
          hex = TRUE;
          q++;
        }
      digits = q;
      while (q < end && q - digits < 8 && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        {
          v = v * (hex ? 16 : 10) + (guint64) (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
        }
      if (q == digits || q >= end || *q != ';')
        return 0;
      if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF)
            || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)))
        return 0;
      return (gsize) (q + 1 - p);
    }
  for (guint i = 0; i < G_N_ELEMENTS (xml_entities); i++)
    {
      gsize n = strlen (xml_entities[i]);
      if ((gsize) (end - q) >= n && memcmp (q, xml_entities[i], n) == 0)
        return n + 1;
    }
  return 0;
}

/* Text (or, with in_attribute, an attribute value) escaped as XML needs it;
 * control characters XML does not allow are dropped. */
static void
append_repaired_text (GString *out, const char *p, const char *end, gboolean in_attribute)
{
  while (p < end)
    {
      const char *run = p;
      gsize ref;

      while (p < end && *p != '&' && *p != '<' && *p != '>' && *p != '"'
             && ((guchar) *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;
      switch (*p)
        {
        case '&':
          ref = reference_length (p, end);
          if (ref > 0)
            {
              g_string_append_len (out, p, (gssize) ref);
              p += ref;
              continue;
            }
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, in_attribute ? "&quot;" : "\"");
          break;
        default: /* a control character */
          break;
        }
      p++;
    }
}

/* The end of the tag at p (just past its '>'), or NULL when another '<' or
 * the end of the input comes first (quoted values may hold a '>'). */
static const char *
soup_tag_end (const char *p, const char *end)
{
  char quote = 0;

  for (p++; p < end; p++)
    {
      if (*p == '<')
        return NULL;
      if (quote)
        quote = *p == quote ? 0 : quote;
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p + 1;
    }
  return NULL;
}

#define REPAIR_MAX_ATTRIBUTES 64

/* Writes the attributes between p and end, each once, quoted and escaped. */
static void
append_repaired_attributes (GString *out, const char *p, const char *end)
{
  const char *seen[REPAIR_MAX_ATTRIBUTES];
  gsize seen_len[REPAIR_MAX_ATTRIBUTES];
  guint n_seen = 0;

  while (p < end && n_seen < REPAIR_MAX_ATTRIBUTES)
    {
      const char *name, *value, *value_end;
      gsize name_len;
      gboolean duplicate = FALSE;

      if (!is_name_start (*p))
        {
          p++;
          continue;
        }
      name = p;
      while (p < end && is_name_char (*p))
        p++;
      name_len = (gsize) (p - name);
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              value = p + 1;
              value_end = memchr (value, *p, (gsize) (end - value));
              if (value_end == NULL)
                value_end = end;
              p = value_end < end ? value_end + 1 : end;
            }
          else
            {
              value = p;
              while (p < end && !g_ascii_isspace (*p))
                p++;
              value_end = p;
            }
        }
      else
        {
          /* <option selected>: the attribute's name is its value. */
          value = name;
          value_end = name + name_len;
        }
      for (guint i = 0; i < n_seen && !duplicate; i++)
        duplicate = seen_len[i] == name_len && memcmp (seen[i], name, name_len) == 0;
      if (duplicate)
        continue;
      seen[n_seen] = name;
      seen_len[n_seen++] = name_len;
      g_string_append_c (out, ' ');
      g_string_append_len (out, name, (gssize) name_len);
      g_string_append (out, "=\"");
      append_repaired_text (out, value, value_end, TRUE);
      g_string_append_c (out, '"');
    }
}

typedef struct
{
  const char *name;
  gsize len;
} OpenElement;

static void
append_end_tag (GString *out, const OpenElement *e)
{
  g_string_append (out, "</");
  g_string_append_len (out, e->name, (gssize) e->len);
  g_string_append_c (out, '>');
}

/* How many elements of the name are open (counts, keyed by name). */
static guint
open_count (GHashTable *counts, const char *name, gsize len)
{
  g_autofree char *key = g_strndup (name, len);
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
}

static void
open_count_add (GHashTable *counts, const char *name, gsize len, int delta)
{
  char *key = g_strndup (name, len);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + (guint) delta;
  g_hash_table_replace (counts, key, GUINT_TO_POINTER (n));
}

char *
vigil_feed_repair_xml (const char *data, gsize length, gsize *out_length)
{
  GString *out = g_string_sized_new (length + length / 8 + 64);
  GArray *open = g_array_new (FALSE, FALSE, sizeof (OpenElement));
  /* The open elements by name: an end tag is looked for down the stack only
   * when its element is open, and the search pops what it passes, so all
   * the searching together is linear. */
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = data, *end = data + length;
  gboolean root_seen = FALSE, pi_unterminated = FALSE, doctype_unterminated = FALSE;

  while (p < end)
    {
      const char *lt = memchr (p, '<', (gsize) (end - p));
      const char *next;

      if (lt == NULL)
        lt = end;
      if (open->len > 0)
        append_repaired_text (out, p, lt, FALSE);
      else if (out->len > 0)
        /* Outside the root only whitespace may stand (and nothing before
         * the XML declaration, not even a byte order mark). */
        for (const char *w = p; w < lt; w++)
          if (g_ascii_isspace (*w))
            g_string_append_c (out, *w);
      p = lt;
      if (p >= end)
        break;
      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          /* Comments mean nothing to a feed reader: dropped (one left
           * open runs to the end, as in HTML). */
          next = vigil_feed_skip_past (p + 4, end, "-->");
          if (next == NULL)
            break;
        }
      else if (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        {
          next = vigil_feed_skip_past (p + 9, end, "]]>");
          if (open->len == 0)
            ;
          else if (next != NULL)
            g_string_append_len (out, p, next - p);
          else
            {
              g_string_append_len (out, p, end - p);
              g_string_append (out, "]]>");
            }
          if (next == NULL)
            break;
        }
      else if (end - p < 9 && memcmp (p, "<![CDATA[", (gsize) (end - p)) == 0)
        break; /* the document was cut inside "<![CDATA[" */
      else if (end - p >= 2 && p[1] == '?')
        {
          /* The XML declaration is kept (it names the encoding), other
           * processing instructions are dropped. */
          next = pi_unterminated ? NULL : vigil_feed_skip_past (p + 2, end, "?>");
          if (next == NULL)
            {
              pi_unterminated = TRUE;
              if (open->len > 0)
                g_string_append (out, "&lt;");
              next = p + 1;
            }
          else if (out->len == 0 && next - p > 6 && memcmp (p, "<?xml", 5) == 0
                   && g_ascii_isspace (p[5]))
            g_string_append_len (out, p, next - p);
        }
      else if (end - p >= 2 && p[1] == '!')
        {
          /* A document type declaration, kept before the root, else dropped. */
          next = root_seen || doctype_unterminated ? soup_tag_end (p, end)
                                                   : vigil_feed_tag_end (p, end);
          if (next == NULL)
            {
              doctype_unterminated = doctype_unterminated || !root_seen;
              if (open->len > 0)
                g_string_append (out, "&lt;");
              next = p + 1;
            }
          else if (!root_seen)
            g_string_append_len (out, p, next - p);
        }
      else if (end - p >= 2 && (p[1] == '/' || is_name_start (p[1]))
               && (next = soup_tag_end (p, end)) != NULL)
        {
          gboolean closing = p[1] == '/';
          const char *name = p + (closing ? 2 : 1);
          const char *q = name;
          gsize len;

          while (q < next && is_name_char (*q))
            q++;
          len = (gsize) (q - name);
          if (closing && len > 0 && open->len > 1)
            {
              /* The innermost open element of that name (the root closes at
               * the end, whatever end tags come before). */
              const OpenElement *root = &g_array_index (open, OpenElement, 0);
              gboolean is_root = root->len == len && memcmp (root->name, name, len) == 0;
              guint count = open_count (counts, name, len);

              for (guint k = open->len; k > 1 && count > (is_root ? 1u : 0u); k--)
                {
                  OpenElement *e = &g_array_index (open, OpenElement, k - 1);
                  if (e->len != len || memcmp (e->name, name, len) != 0)
                    continue;
                  for (guint j = open->len; j >= k; j--)
                    {
                      OpenElement *o = &g_array_index (open, OpenElement, j - 1);
                      append_end_tag (out, o);
                      open_count_add (counts, o->name, o->len, -1);
                    }
                  g_array_set_size (open, k - 1);
                  break;
                }
            }
          else if (!closing && len > 0 && (open->len > 0 || !root_seen))
            {
              gboolean empty = next[-2] == '/' || is_void_html (name, len);
              const char *attrs_end = next[-2] == '/' ? next - 2 : next - 1;

              g_string_append_c (out, '<');
              g_string_append_len (out, name, (gssize) len);
              append_repaired_attributes (out, q, attrs_end);
              g_string_append (out, empty ? "/>" : ">");
              root_seen = TRUE;
              if (!empty)
                {
                  OpenElement e = { name, len };
                  g_array_append_val (open, e);
                  open_count_add (counts, name, len, 1);
                }
            }
        }
      else
        {
          /* A '<' that starts no tag is text. */
          if (open->len > 0)
            g_string_append (out, "&lt;");
          next = p + 1;
        }
      p = next;
    }
  for (guint j = open->len; j > 0; j--)
    append_end_tag (out, &g_array_index (open, OpenElement, j - 1));
  g_array_unref (open);
  g_hash_table_unref (counts);
  *out_length = out->len;
  return g_string_free (out, FALSE);
}
