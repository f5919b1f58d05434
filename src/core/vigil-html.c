/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html.c — the HTML sanitiser (libxml2 path), serialiser and text extraction */
#include "vigil-html.h"

#include <libxml/parserInternals.h>
#include <string.h>
#include "vigil-html-private.h"

/* Elements kept (with their allowed attributes). */
static const struct
{
  const char *name;
  const char *attrs[6];
} allowed[] = {
  { "a", { "href", "title", NULL } },
  { "abbr", { "title", NULL } },
  { "b", { NULL } },
  { "blockquote", { NULL } },
  { "br", { NULL } },
  { "caption", { NULL } },
  { "cite", { NULL } },
  { "code", { NULL } },
  { "dd", { NULL } },
  { "del", { NULL } },
  { "div", { NULL } },
  { "dl", { NULL } },
  { "dt", { NULL } },
  { "em", { NULL } },
  { "figcaption", { NULL } },
  { "figure", { NULL } },
  { "h1", { NULL } },
  { "h2", { NULL } },
  { "h3", { NULL } },
  { "h4", { NULL } },
  { "h5", { NULL } },
  { "h6", { NULL } },
  { "hr", { NULL } },
  { "i", { NULL } },
  { "img", { "src", "alt", "title", "width", "height", NULL } },
  { "ins", { NULL } },
  { "kbd", { NULL } },
  { "li", { NULL } },
  { "ol", { "start", NULL } },
  { "p", { NULL } },
  { "pre", { NULL } },
  { "q", { NULL } },
  { "s", { NULL } },
  { "small", { NULL } },
  { "span", { NULL } },
  { "strong", { NULL } },
  { "sub", { NULL } },
  { "sup", { NULL } },
  { "table", { NULL } },
  { "tbody", { NULL } },
  { "td", { "colspan", "rowspan", NULL } },
  { "tfoot", { NULL } },
  { "th", { "colspan", "rowspan", "scope", NULL } },
  { "thead", { NULL } },
  { "time", { "datetime", NULL } },
  { "tr", { NULL } },
  { "u", { NULL } },
  { "ul", { NULL } },
};

/* Elements dropped together with everything inside them: code, styles,
 * and what only a browser draws. Every other element that is not allowed goes
 * but keeps its text: the words of a form, a button, a <noscript>, the
 * fallback of a video, an <iframe> or an <object> (what a reader without
 * them shows), and what follows a void <embed>, <source>, <track> or <input>
 * (which the parser may take for their content). */
static const char *const dropped[] = {
  "script", "style", "frame", "frameset", "applet",    "template", "svg",
  "math",   "head",  "title", "xmp",      "plaintext", "portal",
};

static const char *const void_elements[] = { "br", "hr", "img" };

static const char *const blocks[] = {
  "address", "article", "aside",  "blockquote", "br",       "caption",  "dd",
  "div",     "dl",      "dt",     "figcaption", "figure",   "footer",   "h1",
  "h2",      "h3",      "h4",     "h5",         "h6",       "header",   "hr",
  "li",      "ol",      "p",      "pre",        "section",  "table",    "td",
  "th",      "tr",      "ul",     "form",       "dialog",   "video",    "audio",
  "canvas",  "map",     "select", "option",     "textarea", "noscript", "button",
};

/* Element names -> what the sanitiser does with them, built once: the lists
 * are looked up for every element of every article. */
static GHashTable *
element_kinds (void)
{
  static GHashTable *kinds;

  if (g_once_init_enter (&kinds))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);
#define ADD(name, flag)                                                                            \
  g_hash_table_insert (                                                                            \
      t, (gpointer) (name),                                                                        \
      GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (t, name)) | (flag)))
      for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
        ADD (allowed[i].name, KIND_ALLOWED | (i << 8));
      for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
        ADD (dropped[i], KIND_DROPPED);
      for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
        ADD (blocks[i], KIND_BLOCK);
      for (guint i = 0; i < G_N_ELEMENTS (void_elements); i++)
        ADD (void_elements[i], KIND_VOID);
#undef ADD
      g_once_init_leave (&kinds, t);
    }
  return kinds;
}

guint
vigil_html_element_kind (const char *name)
{
  char lower[16];
  guint i;

  for (i = 0; name[i] && i < sizeof lower - 1; i++)
    lower[i] = g_ascii_tolower (name[i]);
  if (name[i] != '\0')
    return KIND_UNKNOWN; /* longer than any name we know */
  lower[i] = '\0';
  return GPOINTER_TO_UINT (g_hash_table_lookup (element_kinds (), lower));
}

gboolean
vigil_html_is_block (const char *name)
{
  return (vigil_html_element_kind (name) & KIND_BLOCK) != 0;
}

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

/* Whether url is an absolute http(s) URL that resolving and re-serialising
 * would leave exactly as it is: lower-case scheme and host, no user
 * information or port, no percent escapes, no dot segments, nothing but the characters
 * URLs are written with. Most links in feeds are; they skip GUri. */
/* The punctuation URLs are written with (the sub-delimiters, the
 * unreserved marks, and : @ / ? #). */
static inline gboolean
url_punctuation (char c)
{
  switch (c)
    {
    case '-':
    case '.':
    case '_':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
    case '?':
    case '#':
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
vigil_html_url_is_plain (const char *url)
{
  const char *p;

  if (strncmp (url, "https://", 8) == 0)
    p = url + 8;
  else if (strncmp (url, "http://", 7) == 0)
    p = url + 7;
  else
    return FALSE;
  if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p)))
    return FALSE;
  for (; *p && *p != '/' && *p != '?' && *p != '#'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '-'))
      return FALSE;
  for (; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || url_punctuation (*p)))
        return FALSE;
      if (*p == '/' && p[1] == '.'
          && (p[2] == '/' || p[2] == '\0' || p[2] == '?' || p[2] == '#'
              || (p[2] == '.' && (p[3] == '/' || p[3] == '\0' || p[3] == '?' || p[3] == '#'))))
        return FALSE;
    }
  return TRUE;
}

char *
vigil_html_safe_url (const char *url, const char *base_url, gboolean allow_mailto)
{
  g_autofree char *stripped = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *scheme = NULL;

  if (url == NULL)
    return NULL;
  if (vigil_html_url_is_plain (url))
    return g_strdup (url);
  /* Browsers ignore embedded whitespace and control characters in schemes
   * ("java\tscript:"); remove them before looking at the scheme. */
  {
    GString *s = g_string_new (NULL);
    for (const char *p = url; *p; p++)
      if ((guchar) *p > 0x20)
        g_string_append_c (s, *p);
    stripped = g_string_free (s, FALSE);
  }
  if (*stripped == '\0')
    return NULL;
  if (base_url != NULL && *base_url)
    resolved = g_uri_resolve_relative (base_url, stripped, G_URI_FLAGS_NONE, NULL);
  if (resolved == NULL)
    resolved = g_strdup (stripped);
  scheme = g_uri_parse_scheme (resolved);
  if (scheme == NULL)
    return NULL;
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      /* A web address names its host ("https:/path" does not: found by fuzz-html). */
      g_autofree char *host = NULL;
      if (!g_uri_split (resolved, G_URI_FLAGS_NONE, NULL, NULL, &host, NULL, NULL, NULL, NULL, NULL)
          || host == NULL || *host == '\0')
        return NULL;
      return g_steal_pointer (&resolved);
    }
  if (allow_mailto && g_ascii_strcasecmp (scheme, "mailto") == 0)
    {
      /* The bare address only: a query can attach files (?attach=), add
       * recipients or write the message for the reader. */
      const char *address = resolved + strlen (scheme) + 1;
      gsize len = strcspn (address, "?#");
      if (len == 0)
        return NULL;
      return g_strdup_printf ("mailto:%.*s", (int) len, address);
    }
  return NULL;
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

/* The sanitiser streams: libxml2's HTML parser (the same tokenizer and error
 * recovery as before, and close to what browsers do) calls us back for each
 * element and text, and only what the allow-list permits is written out, by
 * our own serialiser. No tree is built, which makes it three times faster. */
void
vigil_html_write_attributes (Sanitizer *z, int rule, const char *name, const xmlChar **attrs)
{
  for (int i = 0; attrs && attrs[i]; i += 2)
    {
      const char *attr = (const char *) attrs[i];
      const char *value = attrs[i + 1] ? (const char *) attrs[i + 1] : "";
      g_autofree char *safe = NULL;
      char lower[16];
      gboolean keep;
      guint n;

      /* The name lower-cased once (no attribute we keep is longer). */
      for (n = 0; attr[n] != '\0' && n < sizeof lower - 1; n++)
        lower[n] = g_ascii_tolower (attr[n]);
      if (attr[n] != '\0')
        continue;
      lower[n] = '\0';
      keep = strcmp (lower, "lang") == 0 || strcmp (lower, "dir") == 0;
      for (int k = 0; !keep && allowed[rule].attrs[k]; k++)
        keep = strcmp (allowed[rule].attrs[k], lower) == 0;
      if (!keep)
        continue;
      if ((strcmp (lower, "href") == 0 || strcmp (lower, "src") == 0)
          && !vigil_html_url_is_plain (value))
        {
          /* (a plain URL is kept as it is: vigil_html_safe_url would copy it) */
          safe = vigil_html_safe_url (value, z->base_url, strcmp (lower, "href") == 0);
          if (safe == NULL)
            continue;
          value = safe;
        }
      g_string_append_c (z->out, ' ');
      vigil_html_out_append (z->out, attr, strlen (attr));
      vigil_html_out_literal (z->out, "=\"");
      append_escaped (z->out, value, TRUE);
      g_string_append_c (z->out, '"');
    }
  if (g_ascii_strcasecmp (name, "a") == 0)
    vigil_html_out_literal (z->out, " rel=\"noopener noreferrer\"");
}

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

/* Runs libxml2's HTML parser over html as a document body, calling sax back
 * with data as the context's _private; FALSE if no parser could be made.
 * No tree is built, so no tree depth limit applies: text inside any number
 * of nested elements reaches the callbacks. */
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

static gboolean
leaves_markup_open (const char *html)
{
  g_autofree char *closed = close_open_markup (html);
  return closed != NULL;
}

static gboolean
sax_parse (const char *html, htmlSAXHandler *sax, gpointer data)
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
static gboolean
parser_sanitize (const char *html, const char *base_url, GString *out)
{
  htmlSAXHandler sax = { 0 };
  Sanitizer z = { out, base_url, 0, g_array_new (FALSE, FALSE, sizeof (gboolean)), 0 };
  gboolean parsed;

  sax.startElement = sax_start;
  sax.endElement = sax_end;
  sax.characters = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  parsed = sax_parse (html, &sax, &z);
  g_array_unref (z.open);
  return parsed;
}

/* How many parts of one text the parser reads alone, the scanner going on
 * after each, before it reads all the rest. */
#define MAX_SEGMENTS 64

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
static gboolean
parser_sanitize_segment (const char *html, gsize len, const char *base_url, GString *out)
{
  g_autofree char *segment = g_strndup (html, len);
  g_autofree char *wrapped = NULL;
  htmlSAXHandler sax = { 0 };
  Sanitizer z = { out, base_url, 0, NULL, 0, 0, FALSE };
  htmlParserCtxtPtr ctxt;
  gsize out_len = out->len;

  /* Markup left open (which sax_parse would close its own way), or the
   * end mark's name inside. */
  if (leaves_markup_open (segment) || g_strstr_len (segment, len, SEGMENT_END) != NULL)
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
 * parser_sanitize_segment checks it. */
static gsize
element_end (const char *html, gsize at)
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

  if (!parser_sanitize (html, base_url, out))
    {
      g_string_free (out, TRUE);
      return vigil_html_escape (html);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

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
  if (fast != NULL && !leaves_markup_open (html) && !leaves_markup_open (html + rest))
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
          gsize end = element_end (html, at);
          g_autofree char *next = NULL;
          gsize next_rest = 0;

          if (end == 0 || !parser_sanitize_segment (html + at, end - at, base_url, out))
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
      if ((at == rest || !leaves_markup_open (html + at))
          && parser_sanitize (html + at, base_url, out))
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
      sax_parse (html, &sax, &t);
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
