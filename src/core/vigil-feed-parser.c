/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-parser.c — the feed parser's entry point: encoding, strict and recovering XML reads,
 * format detection */
#include "config.h"

#include "vigil-feed-parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-html.h"
#include "vigil-feed-private.h"

G_DEFINE_QUARK (vigil_feed_error, vigil_feed_error)

void
vigil_parsed_feed_free (VigilParsedFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->subtitle);
  g_free (feed->language);
  g_clear_pointer (&feed->updated, g_date_time_unref);
  g_free (feed->author);
  g_free (feed->id);
  g_free (feed->image_url);
  g_free (feed->image_title);
  g_free (feed->image_link);
  g_free (feed->icon);
  g_free (feed->rights);
  g_free (feed->generator);
  g_ptr_array_unref (feed->items);
  g_ptr_array_unref (feed->authors);
  g_ptr_array_unref (feed->contributors);
  g_ptr_array_unref (feed->links);
  g_ptr_array_unref (feed->tags);
  g_free (feed->generator_uri);
  g_free (feed->generator_version);
  vigil_feed_text_detail_clear (&feed->title_detail);
  vigil_feed_text_detail_clear (&feed->subtitle_detail);
  vigil_feed_text_detail_clear (&feed->rights_detail);
  g_free (feed);
}

VigilParsedFeed *
vigil_feed_parsed_feed_new (const char *format)
{
  VigilParsedFeed *feed = g_new0 (VigilParsedFeed, 1);

  feed->format = format;
  feed->ttl = -1;
  feed->items = g_ptr_array_new_with_free_func (g_object_unref);
  feed->authors = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
  feed->contributors = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
  feed->links = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_link_free);
  feed->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_feed_category_free);
  return feed;
}

/* ---- XML entry point ---- */

/* The encoding label in <?xml … encoding="…"?>, or NULL. */
static char *
declared_encoding (const char *data, gsize length)
{
  g_autofree char *head = g_strndup (data, MIN (length, 256));
  const char *decl_end, *p;
  char quote;
  const char *end;

  if (!g_str_has_prefix (head, "<?xml") || (decl_end = strstr (head, "?>")) == NULL)
    return NULL;
  p = g_strstr_len (head, decl_end - head, "encoding");
  if (p == NULL)
    return NULL;
  p += strlen ("encoding");
  while (*p == ' ' || *p == '=')
    p++;
  quote = *p;
  if (quote != '"' && quote != '\'')
    return NULL;
  end = strchr (p + 1, quote);
  if (end == NULL || end > decl_end)
    return NULL;
  return g_ascii_strdown (p + 1, end - p - 1);
}

static gboolean
is_latin1_label (const char *label)
{
  static const char *const labels[]
      = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",       "l1",     "cp819",
          "ibm819",     "us-ascii",  "ascii",      "windows-1252", "cp1252", "x-cp1252" };
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (label, labels[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Decides the encoding to force, as browsers do: a BOM wins; Latin-1 and ASCII
 * labels mean windows-1252 (whose 0x80-0x9F are the curly quotes and dashes
 * that such feeds really contain); a document that claims (or defaults to)
 * UTF-8 but is not valid UTF-8 is read as windows-1252 and flagged. */
static char *
choose_encoding (const char *data, gsize length, const char *http_charset, gboolean *utf8)
{
  g_autofree char *declared = NULL;
  const char *label;

  *utf8 = FALSE;
  if (length >= 2
      && ((guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF || (guchar) data[0] == 0xEF))
    return NULL; /* BOM: libxml2 detects it */
  declared = declared_encoding (data, length);
  label = declared != NULL ? declared : http_charset;
  if (label != NULL && is_latin1_label (label))
    return g_strdup ("windows-1252");
  /* Whether UTF-8 is claimed is all we say here: libxml2 rejects bytes that
   * are not UTF-8, and only then does parse_xml look again (which spares
   * valid documents a second pass over every byte). */
  *utf8 = label == NULL || g_ascii_strcasecmp (label, "utf-8") == 0
          || g_ascii_strcasecmp (label, "utf8") == 0;
  if (declared == NULL && http_charset != NULL)
    return g_strdup (http_charset);
  return NULL;
}

/* Feeds often use HTML entities (&nbsp; &eacute; &mdash;) that XML does not
 * define. Replaces the ones HTML knows by character references. */
static char *
replace_html_entities (const char *data, gsize length, gsize *out_length, gboolean *changed)
{
  GString *out = g_string_sized_new (length + 64);
  gsize i = 0;

  *changed = FALSE;
  while (i < length)
    {
      if (data[i] == '&')
        {
          gsize k = i + 1;
          while (k < length && k - i <= 32 && g_ascii_isalnum (data[k]))
            k++;
          if (k < length && data[k] == ';' && k > i + 1 && g_ascii_isalpha (data[i + 1]))
            {
              g_autofree char *name = g_strndup (data + i + 1, k - i - 1);
              const htmlEntityDesc *desc = NULL;
              if (!g_str_equal (name, "amp") && !g_str_equal (name, "lt")
                  && !g_str_equal (name, "gt") && !g_str_equal (name, "quot")
                  && !g_str_equal (name, "apos"))
                desc = htmlEntityLookup (BAD_CAST name);
              if (desc != NULL)
                {
                  g_string_append_printf (out, "&#%u;", desc->value);
                  *changed = TRUE;
                  i = k + 1;
                  continue;
                }
            }
        }
      g_string_append_c (out, data[i]);
      i++;
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* Entities declared in a document's own DTD are never expanded: their
 * references are removed, so that no "billion laughs" can grow while we read
 * the text. */
static void
drop_entity_references (xmlNodePtr node)
{
  while (node != NULL)
    {
      xmlNodePtr next = node->next;
      if (node->type == XML_ENTITY_REF_NODE)
        {
          xmlUnlinkNode (node);
          xmlFreeNode (node);
        }
      else if (node->type == XML_ELEMENT_NODE)
        drop_entity_references (node->children);
      node = next;
    }
}

/* libxml2 builds a text node from many pieces when text holds references
 * (an escaped HTML description is mostly "&lt;p&gt;…"), growing it piece by
 * piece. Gathering the pieces first and handing libxml2 each whole run builds
 * the same tree with far fewer reallocations. Every other event hands over
 * what was gathered before it is passed on. */
typedef struct
{
  GString *text;
  xmlSAXHandler sax2; /* libxml2's own tree builder */
} TextRuns;

static void
runs_flush (xmlParserCtxtPtr ctxt)
{
  TextRuns *runs = ctxt->_private;

  if (runs->text->len > 0)
    {
      runs->sax2.characters (ctxt, (const xmlChar *) runs->text->str, (int) runs->text->len);
      g_string_truncate (runs->text, 0);
    }
}

static void
runs_characters (void *ctx, const xmlChar *ch, int len)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;
  GString *text = runs->text;

  /* Called for every reference ("&lt;": one byte) and run between them:
   * copied here when it fits, g_string_append_len () (a call GLib 2.74 does
   * not inline) only to grow. */
  if (G_LIKELY (len >= 0 && text->len + (gsize) len < text->allocated_len))
    {
      memcpy (text->str + text->len, ch, len);
      text->len += len;
      text->str[text->len] = '\0';
    }
  else
    g_string_append_len (text, (const char *) ch, len);
}

static void
runs_start (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
            int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
            const xmlChar **attributes)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.startElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                             nb_defaulted, attributes);
}

static void
runs_end (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.endElementNs (ctx, localname, prefix, uri);
}

static void
runs_reference (void *ctx, const xmlChar *name)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.reference (ctx, name);
}

static void
runs_comment (void *ctx, const xmlChar *value)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.comment (ctx, value);
}

static void
runs_pi (void *ctx, const xmlChar *target, const xmlChar *data)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.processingInstruction (ctx, target, data);
}

static void
runs_end_document (void *ctx)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.endDocument (ctx);
}

/* xmlReadMemory, with text gathered as above. */
static void G_GNUC_PRINTF (2, 3) silent_error (void *context, const char *message, ...)
{
}

/* A parser context with text gathered as above. Making one (and its
 * dictionary of names) costs as much as reading a small feed: each thread
 * keeps one for the readings of well-formed documents without recovery, reset
 * between feeds by xmlCtxtReadMemory, and made anew every READER_USES feeds
 * so that its dictionary does not grow without end. A context that read an
 * ill-formed document, or with other options, is not kept (its stacks may
 * hold what the error left). */
#define READER_USES 64

/* No network, no DTD loading, no entity substitution: a feed can never make
 * the parser fetch or expand anything. */
#define READ_OPTIONS                                                                               \
  (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA                   \
   | XML_PARSE_COMPACT)

typedef struct
{
  xmlParserCtxtPtr ctxt;
  TextRuns runs;
  guint uses;
} Reader;

static void
reader_free (gpointer data)
{
  Reader *r = data;

  xmlFreeParserCtxt (r->ctxt);
  g_string_free (r->runs.text, TRUE);
  g_free (r);
}

static GPrivate kept_reader = G_PRIVATE_INIT (reader_free);

static Reader *
reader_new (void)
{
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt ();
  Reader *r;

  if (ctxt == NULL)
    return NULL;
  r = g_new0 (Reader, 1);
  r->ctxt = ctxt;
  r->runs.text = g_string_sized_new (4096);
  r->runs.sax2 = *ctxt->sax;
  ctxt->sax->characters = runs_characters;
  ctxt->sax->ignorableWhitespace = runs_characters;
  ctxt->sax->startElementNs = runs_start;
  ctxt->sax->endElementNs = runs_end;
  ctxt->sax->reference = runs_reference;
  ctxt->sax->comment = runs_comment;
  ctxt->sax->processingInstruction = runs_pi;
  ctxt->sax->endDocument = runs_end_document;
  ctxt->_private = &r->runs;
  return r;
}

static xmlDocPtr
read_xml (const char *data, gsize length, const char *base_url, const char *encoding, int options)
{
  Reader *r = options == READ_OPTIONS ? g_private_get (&kept_reader) : NULL;
  xmlDocPtr doc;

  if (r != NULL)
    g_private_set (&kept_reader, NULL); /* (taken: not freed) */
  else if ((r = reader_new ()) == NULL)
    return NULL;
  g_string_truncate (r->runs.text, 0);
  {
    /* Encoding errors (bytes the declared encoding cannot convert) are
     * reported by libxml2 through its generic handler, which
     * XML_PARSE_NOERROR does not silence: they went to stderr. The error is
     * still recorded (xmlGetLastError) and the document flagged. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc (NULL, silent_error);
    doc = xmlCtxtReadMemory (r->ctxt, data, (int) length, base_url, encoding, options);
    xmlSetGenericErrorFunc (saved_context, saved);
  }
  if (options == READ_OPTIONS && doc != NULL && r->ctxt->wellFormed && ++r->uses < READER_USES
      && g_private_get (&kept_reader) == NULL)
    g_private_set (&kept_reader, r);
  else
    reader_free (r);
  return doc;
}

/* read_xml, texts lifted when UTF-8 (vigil-feed-lift.c); if refused, read as it came. */
static xmlDocPtr
read_xml_lifted (const char *data, gsize length, const char *base_url, const char *encoding,
                 gboolean utf8)
{
  VigilFeedLifted lifted = { 0 };
  xmlDocPtr doc = NULL;

  if ((encoding == NULL ? utf8
                        : g_ascii_strcasecmp (encoding, "utf-8") == 0
                              || g_ascii_strcasecmp (encoding, "utf8") == 0)
      && vigil_feed_lift (data, length, &lifted))
    {
      doc = read_xml (lifted.xml->str, lifted.xml->len, base_url, encoding, READ_OPTIONS);
      if (doc != NULL && !vigil_feed_lift_restore (xmlDocGetRootElement (doc), &lifted))
        g_clear_pointer (&doc, xmlFreeDoc);
      vigil_feed_lifted_clear (&lifted);
      if (doc != NULL)
        return doc;
      xmlResetLastError ();
    }
  return read_xml (data, length, base_url, encoding, READ_OPTIONS);
}

/* libxml2 builds no tree deeper than 256 elements (without XML_PARSE_HUGE,
 * which would lift its other limits too): a feed whose XHTML content nests
 * deeper would lose that content and every entry after it. Such a feed is read
 * again with the tags beyond FLATTEN_DEPTH taken out and their text kept
 * (a block element becomes a space), as the HTML sanitiser does. */
#define FLATTEN_DEPTH 128

/* Where the construct that starts at p ends (just past `close`), or NULL. */
const char *
vigil_feed_skip_past (const char *p, const char *end, const char *close)
{
  gsize n = strlen (close);
  for (; p + n <= end; p++)
    if (memcmp (p, close, n) == 0)
      return p + n;
  return NULL;
}

/* The end of a tag (past its '>'), quoted values and a declaration's brackets honoured. */
const char *
vigil_feed_tag_end (const char *p, const char *end)
{
  char quote = 0;
  int brackets = 0;

  for (p++; p < end; p++)
    {
      if (quote && (p = memchr (p, quote, end - p)) == NULL)
        return NULL;
      else if (quote)
        quote = 0; /* (a quoted value skipped at once: URLs make most of a tag) */
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '[')
        brackets++;
      else if (*p == ']' && brackets > 0)
        brackets--;
      else if (*p == '>' && brackets == 0)
        return p + 1;
    }
  return NULL;
}

static char *
flatten_deep_xml (const char *data, gsize length, gsize *out_length)
{
  GString *out = g_string_sized_new (length);
  const char *p = data, *end = data + length;
  guint depth = 0;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *next;

      if (lt == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, lt - p);
      p = lt;
      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        next = vigil_feed_skip_past (p + 4, end, "-->");
      else if (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        next = vigil_feed_skip_past (p + 9, end, "]]>");
      else if (end - p >= 2 && p[1] == '?')
        next = vigil_feed_skip_past (p + 2, end, "?>");
      else
        next = vigil_feed_tag_end (p, end);
      if (next == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      if (end - p >= 2 && (p[1] == '!' || p[1] == '?'))
        g_string_append_len (out, p, next - p);
      else
        {
          gboolean closing = p[1] == '/';
          gboolean empty = !closing && next - p >= 2 && next[-2] == '/';
          guint level = closing ? depth : depth + 1;

          if (level <= FLATTEN_DEPTH)
            g_string_append_len (out, p, next - p);
          else
            {
              /* The element's local name, for the word break of a block. */
              const char *name = p + (closing ? 2 : 1);
              gsize n = strcspn (name, " \t\r\n/>");
              const char *colon = memchr (name, ':', n);
              g_autofree char *local = NULL;
              if (colon)
                {
                  n -= colon + 1 - name;
                  name = colon + 1;
                }
              local = g_ascii_strdown (name, (gssize) MIN (n, (gsize) (next - name)));
              if (vigil_html_is_block (local))
                g_string_append_c (out, ' ');
            }
          if (closing && depth > 0)
            depth--;
          else if (!closing && !empty)
            depth++;
        }
      p = next;
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* Whether the bytes can be rewritten as ASCII (not UTF-16 or UTF-32). */
static gboolean
ascii_compatible (const char *data, gsize length, const char *encoding)
{
  if (encoding != NULL
      && (strstr (encoding, "16") != NULL || strstr (encoding, "32") != NULL
          || g_ascii_strncasecmp (encoding, "ucs", 3) == 0))
    return FALSE;
  return memchr (data, '\0', MIN (length, 64)) == NULL && (length < 2 || (guchar) data[0] < 0xFE);
}

/* The RSS version as feedparser names it: rss091n for a document with
 * Netscape's DTD, rss091u rss092 rss093 rss094 by the version attribute,
 * rss20 for any 2.x, and rss when the version is missing or unknown. */
static const char *
rss_version (xmlDocPtr doc, xmlNodePtr root)
{
  g_autofree char *version = vigil_feed_node_attr (root, "version");
  xmlDtdPtr dtd = doc->intSubset;

  if (dtd != NULL
      && ((dtd->ExternalID != NULL && strstr ((const char *) dtd->ExternalID, "Netscape") != NULL)
          || (dtd->SystemID != NULL
              && strstr ((const char *) dtd->SystemID, "netscape.com") != NULL)))
    return "rss091n";
  if (version == NULL)
    return "rss";
  if (g_str_equal (version, "0.91"))
    return "rss091u";
  if (g_str_equal (version, "0.92"))
    return "rss092";
  if (g_str_equal (version, "0.93"))
    return "rss093";
  if (g_str_equal (version, "0.94"))
    return "rss094";
  if (g_str_has_prefix (version, "2."))
    return "rss20";
  return "rss";
}

static void declare_utf8 (GString *xml);

/* windows-1252 as browsers decode it (the WHATWG Encoding Standard): the five
 * bytes it leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) are the C1 controls of
 * the same number, where iconv refuses them and libxml2 then dropped the rest
 * of the text. The result is UTF-8 and its declaration says so. */
static char *
windows_1252_to_utf8 (const char *data, gsize length, gsize *out_length)
{
  static const guint16 c1[32]
      = { 0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
          0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
          0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178 };
  GString *out = g_string_sized_new (length + length / 8 + 16);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];
      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c < 0xA0 ? c1[c - 0x80] : c);
    }
  declare_utf8 (out);
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* Whether libxml2 gave up on the document for its depth. */
static gboolean
failed_for_depth (void)
{
  const xmlError *err = xmlGetLastError ();
  return err != NULL && err->message != NULL && strstr (err->message, "depth") != NULL;
}

static VigilParsedFeed *
parse_xml (const char *data, gsize length, const char *base_url, const char *charset,
           GError **error)
{
  g_autofree char *flat = NULL;

  const int options = READ_OPTIONS;
  gboolean recovered = FALSE, utf8 = FALSE;
  const char *unflattened = NULL;
  gsize unflattened_length = 0;
  g_autofree char *encoding = choose_encoding (data, length, charset, &utf8);
  xmlDocPtr doc;
  xmlNodePtr root;
  VigilParsedFeed *feed = NULL;

  g_autofree char *decoded = NULL, *decoded_unflattened = NULL;

  if (g_strcmp0 (encoding, "windows-1252") == 0)
    {
      decoded = windows_1252_to_utf8 (data, length, &length);
      data = decoded;
      g_free (encoding);
      encoding = g_strdup ("UTF-8");
    }
  xmlResetLastError ();
  doc = read_xml_lifted (data, length, base_url, encoding, utf8);
  if (doc == NULL && failed_for_depth ())
    {
      gsize flat_length = 0;
      flat = flatten_deep_xml (data, length, &flat_length);
      unflattened = data;
      unflattened_length = length;
      data = flat;
      length = flat_length;
      doc = read_xml (data, (int) length, base_url, encoding, options);
    }
  if (doc == NULL && utf8 && !g_utf8_validate (data, length, NULL))
    {
      /* Claims (or defaults to) UTF-8 but is not: read as windows-1252, as
       * browsers do, and say so. */
      recovered = TRUE;
      decoded = windows_1252_to_utf8 (data, length, &length);
      data = decoded;
      if (unflattened != NULL)
        {
          decoded_unflattened
              = windows_1252_to_utf8 (unflattened, unflattened_length, &unflattened_length);
          unflattened = decoded_unflattened;
        }
      g_free (encoding);
      encoding = g_strdup ("UTF-8");
      doc = read_xml (data, (int) length, base_url, encoding, options);
    }
  if (doc == NULL)
    {
      gboolean changed = FALSE;
      gsize fixed_length = 0;
      g_autofree char *fixed = replace_html_entities (data, length, &fixed_length, &changed);

      recovered = TRUE;
      if (changed)
        doc = read_xml (fixed, (int) fixed_length, base_url, encoding, options);
      if (doc == NULL && ascii_compatible (fixed, fixed_length, encoding))
        {
          /* Read as tag soup is read (see vigil_feed_repair_xml), which keeps every item
           * libxml2's own recovery would lose after the first error. */
          gsize repaired_length = 0, unflattened_fixed_length = 0;
          g_autofree char *unflattened_fixed = NULL;
          g_autofree char *repaired = NULL;
          if (unflattened != NULL)
            {
              /* Flattening an ill-formed document may have taken its end tags
               * (and with them the items after the damage) as too deep: the
               * repair starts from the document as it came. */
              gboolean unused;
              unflattened_fixed = replace_html_entities (unflattened, unflattened_length,
                                                         &unflattened_fixed_length, &unused);
            }
          repaired = unflattened_fixed != NULL
                         ? vigil_feed_repair_xml (unflattened_fixed, unflattened_fixed_length,
                                                  &repaired_length)
                         : vigil_feed_repair_xml (fixed, fixed_length, &repaired_length);
          xmlResetLastError ();
          doc = read_xml (repaired, (int) repaired_length, base_url, encoding, options);
          if (doc == NULL && failed_for_depth ())
            {
              /* Elements left open nest beyond libxml2's limit once closed. */
              gsize flat_length = 0;
              g_autofree char *flat_repaired
                  = flatten_deep_xml (repaired, repaired_length, &flat_length);
              doc = read_xml (flat_repaired, (int) flat_length, base_url, encoding, options);
            }
          if (doc == NULL)
            doc = read_xml (repaired, (int) repaired_length, base_url, encoding,
                            options | XML_PARSE_RECOVER);
        }
      if (doc == NULL)
        doc = read_xml (fixed, (int) fixed_length, base_url, encoding, options | XML_PARSE_RECOVER);
    }
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *err = xmlGetLastError ();
      g_autofree char *msg = err && err->message ? g_strstrip (g_strdup (err->message)) : NULL;
      g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                   _ ("Not well-formed XML%s%s"), msg ? ": " : "", msg ? msg : "");
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }
  drop_entity_references (xmlDocGetRootElement (doc));

  root = xmlDocGetRootElement (doc);
  if (xmlStrcmp (root->name, BAD_CAST "rss") == 0
      && (root->ns == NULL || vigil_feed_is_rss_namespace (root->ns->href)))
    {
      feed = vigil_feed_parsed_feed_new (rss_version (doc, root));
      /* Items belong in the channel, but some feeds put them after it. */
      for (xmlNodePtr n = root->children; n; n = n->next)
        if (vigil_feed_node_is_plain (n, "channel"))
          vigil_feed_parse_rss_channel (n, base_url, feed);
        else if (vigil_feed_node_is_plain (n, "item"))
          vigil_feed_parse_rss_item (n, base_url, feed);
    }
  else if (vigil_feed_node_is (root, NS_RDF, "RDF"))
    {
      gboolean is090 = FALSE;
      for (xmlNsPtr ns = root->nsDef; ns; ns = ns->next)
        if (ns->href != NULL && xmlStrcmp (ns->href, BAD_CAST NS_RSS090) == 0)
          is090 = TRUE;
      for (xmlNodePtr n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && n->ns
            && xmlStrcmp (n->ns->href, BAD_CAST NS_RSS090) == 0)
          is090 = TRUE;
      feed = vigil_feed_parsed_feed_new (is090 ? "rss090" : "rss10");
      for (xmlNodePtr n = root->children; n; n = n->next)
        {
          if (vigil_feed_node_is_plain (n, "channel"))
            vigil_feed_parse_rss_channel (n, base_url, feed);
          else if (vigil_feed_node_is_plain (n, "item"))
            vigil_feed_parse_rss_item (n, base_url, feed);
          else if (vigil_feed_node_is_plain (n, "image") && feed->image_url == NULL)
            vigil_feed_read_rss_image (feed, n, base_url);
        }
    }
  else if (vigil_feed_node_is (root, NS_ATOM10, "feed"))
    {
      feed = vigil_feed_parsed_feed_new ("atom10");
      vigil_feed_parse_atom_feed (root, NS_ATOM10, base_url, feed);
    }
  else if (vigil_feed_node_is (root, NS_ATOM03, "feed"))
    {
      feed = vigil_feed_parsed_feed_new ("atom03");
      vigil_feed_parse_atom_feed (root, NS_ATOM03, base_url, feed);
    }
  else if (root->type == XML_ELEMENT_NODE && xmlStrcmp (root->name, BAD_CAST "feed") == 0)
    {
      /* Atom without its namespace, or in one of the namespaces of the drafts
       * before 0.3 (purl.org/echo, purl.org/pie, example.com/necho…): read
       * in whatever namespace the root is in. */
      g_autofree char *version = vigil_feed_node_attr (root, "version");
      const char *ns = root->ns != NULL ? (const char *) root->ns->href : NULL;
      feed = vigil_feed_parsed_feed_new (g_strcmp0 (version, "0.3") == 0   ? "atom03"
                                         : g_strcmp0 (version, "0.2") == 0 ? "atom02"
                                         : g_strcmp0 (version, "0.1") == 0 ? "atom01"
                                                                           : "atom");
      vigil_feed_parse_atom_feed (root, ns, base_url, feed);
    }
  else
    g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                 _ ("Not a feed: the document's root element is <%s>"), (const char *) root->name);

  if (feed != NULL)
    feed->recovered = recovered;
  xmlFreeDoc (doc);
  return feed;
}
/* UTF-32 (which libxml2 does not read) and UTF-16 without a byte order mark
 * (which it does not detect), told by how "<?" or "<" starts the document, as
 * XML's appendix F does; *skip: the BOM's length. NULL for anything else. */
static const char *
wide_encoding (const char *data, gsize length, gsize *skip)
{
  static const struct
  {
    const char *start;
    gsize skip;
    const char *encoding;
  } starts[] = {
    { "\x00\x00\xFE\xFF", 4, "UTF-32BE" }, { "\xFF\xFE\x00\x00", 4, "UTF-32LE" },
    { "\x00\x00\x00\x3C", 0, "UTF-32BE" }, { "\x3C\x00\x00\x00", 0, "UTF-32LE" },
    { "\x00\x3C\x00\x3F", 0, "UTF-16BE" }, { "\x3C\x00\x3F\x00", 0, "UTF-16LE" },
  };

  for (gsize i = 0; length >= 4 && i < G_N_ELEMENTS (starts); i++)
    if (memcmp (data, starts[i].start, 4) == 0)
      {
        *skip = starts[i].skip;
        return starts[i].encoding;
      }
  return NULL;
}

/* The XML declaration of converted text says UTF-8, whatever it said. */
static void
declare_utf8 (GString *xml)
{
  char *end = g_str_has_prefix (xml->str, "<?xml") ? strstr (xml->str, "?>") : NULL;
  char *enc = end ? g_strstr_len (xml->str, end - xml->str, "encoding") : NULL;
  char *open, *close;

  if (enc == NULL)
    return;
  open = strpbrk (enc, "\"'");
  close = open && open < end ? strchr (open + 1, *open) : NULL;
  if (close == NULL || close > end)
    return;
  g_string_erase (xml, open + 1 - xml->str, close - open - 1);
  g_string_insert (xml, open + 1 - xml->str, "UTF-8");
}

/* The feed's own name, as a source's name: one line, no direction controls,
 * not a page long. */
static VigilParsedFeed *
finish_feed (VigilParsedFeed *feed)
{
  if (feed != NULL && feed->title != NULL)
    {
      vigil_text_drop_direction_controls (feed->title);
      g_strdelimit (feed->title, "\t\r\n", ' ');
      if (strlen (feed->title) > VIGIL_SOURCE_MAX_TITLE)
        {
          const char *end
              = g_utf8_find_prev_char (feed->title, feed->title + VIGIL_SOURCE_MAX_TITLE);
          char *cut = g_strdup_printf ("%.*s…", (int) (end - feed->title), feed->title);
          g_free (feed->title);
          feed->title = cut;
        }
    }
  return feed;
}

VigilParsedFeed *
vigil_feed_parse (const char *data, gsize length, const char *base_url, const char *charset,
                  GError **error)
{
  gsize i = 0, skip = 0;
  const char *wide = data ? wide_encoding (data, length, &skip) : NULL;

  if (wide != NULL && length <= G_MAXINT)
    {
      g_autoptr (GError) convert_error = NULL;
      gsize written = 0;
      g_autofree char *utf8
          = g_convert (data + skip, length - skip, "UTF-8", wide, NULL, &written, &convert_error);
      GString *xml;

      if (utf8 == NULL)
        {
          g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                       /* TRANSLATORS: %s is an encoding, such as UTF-16LE */
                       _ ("The document is not valid %s text"), wide);
          return NULL;
        }
      xml = g_string_new_len (utf8, written);
      declare_utf8 (xml);
      {
        VigilParsedFeed *feed = vigil_feed_parse (xml->str, xml->len, base_url, NULL, error);
        g_string_free (xml, TRUE);
        return feed;
      }
    }

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_EMPTY,
                           _ ("The document is empty"));
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                           _ ("The document is too large"));
      return NULL;
    }
  /* Skip a UTF-8 BOM and leading whitespace to find what kind of document it is. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_EMPTY,
                           _ ("The document is empty"));
      return NULL;
    }
  if (data[i] == '{')
    return finish_feed (vigil_feed_parse_json (data + i, length - i, base_url, error));
  if (data[i] == '<' || (guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF)
    return finish_feed (parse_xml (data, length, base_url, charset, error));
  g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                       _ ("Not a feed: the document is neither XML nor JSON"));
  return NULL;
}
