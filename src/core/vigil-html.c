/* vigil-html.c */
#include "vigil-html.h"

#include <libxml/parserInternals.h>
#include <string.h>

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

/* Elements dropped together with everything inside them. */
static const char *const dropped[] = {
  "script",   "style",    "iframe",    "frame",  "frameset", "object",   "embed",  "applet",
  "noscript", "template", "svg",       "math",   "head",     "title",    "meta",   "link",
  "base",     "form",     "input",     "button", "select",   "textarea", "option", "audio",
  "video",    "source",   "track",     "canvas", "map",      "area",     "param",  "noembed",
  "noframes", "xmp",      "plaintext", "portal", "dialog",
};

static const char *const void_elements[] = { "br", "hr", "img" };

static const char *const blocks[] = {
  "address", "article", "aside",      "blockquote", "br",     "caption", "dd", "div",
  "dl",      "dt",      "figcaption", "figure",     "footer", "h1",      "h2", "h3",
  "h4",      "h5",      "h6",         "header",     "hr",     "li",      "ol", "p",
  "pre",     "section", "table",      "td",         "th",     "tr",      "ul",
};

/* Element names -> what the sanitiser does with them, built once: the lists
 * are looked up for every element of every article. */
enum
{
  KIND_UNKNOWN = 0,
  KIND_DROPPED = 1 << 0,
  KIND_BLOCK = 1 << 1,
  KIND_VOID = 1 << 2,
  KIND_ALLOWED = 1 << 3, /* the allowed[] index is kind >> 8 */
};

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

static guint
element_kind (const char *name)
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
  return (element_kind (name) & KIND_BLOCK) != 0;
}

static gboolean
is_dropped (const char *name)
{
  return (element_kind (name) & KIND_DROPPED) != 0;
}

static gboolean
is_void (const char *name)
{
  return (element_kind (name) & KIND_VOID) != 0;
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

char *
vigil_html_safe_url (const char *url, const char *base_url, gboolean allow_mailto)
{
  g_autofree char *stripped = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *scheme = NULL;

  if (url == NULL)
    return NULL;
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
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0
      || (allow_mailto && g_ascii_strcasecmp (scheme, "mailto") == 0))
    return g_steal_pointer (&resolved);
  return NULL;
}

static void
append_escaped (GString *out, const char *text, gboolean attr)
{
  const char *run = text;
  const char *p;

  /* Copy runs of ordinary bytes at once; only & < > (and " in attributes) change. */
  for (p = text; *p; p++)
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
      g_string_append_len (out, run, p - run);
      g_string_append (out, entity);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
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
typedef struct
{
  GString *out;
  const char *base_url;
  guint drop_depth; /* > 0 inside an element dropped with its content */
  GArray *open;     /* per open element: TRUE if we wrote its start tag */
} Sanitizer;

static void
write_attributes (Sanitizer *z, int rule, const char *name, const xmlChar **attrs)
{
  for (int i = 0; attrs && attrs[i]; i += 2)
    {
      const char *attr = (const char *) attrs[i];
      const char *value = attrs[i + 1] ? (const char *) attrs[i + 1] : "";
      g_autofree char *safe = NULL;
      gboolean keep
          = g_ascii_strcasecmp (attr, "lang") == 0 || g_ascii_strcasecmp (attr, "dir") == 0;

      for (int k = 0; !keep && allowed[rule].attrs[k]; k++)
        if (g_ascii_strcasecmp (allowed[rule].attrs[k], attr) == 0)
          keep = TRUE;
      if (!keep)
        continue;
      if (g_ascii_strcasecmp (attr, "href") == 0 || g_ascii_strcasecmp (attr, "src") == 0)
        {
          safe = vigil_html_safe_url (value, z->base_url, g_ascii_strcasecmp (attr, "href") == 0);
          if (safe == NULL)
            continue;
          value = safe;
        }
      g_string_append_c (z->out, ' ');
      g_string_append (z->out, attr);
      g_string_append (z->out, "=\"");
      append_escaped (z->out, value, TRUE);
      g_string_append_c (z->out, '"');
    }
  if (g_ascii_strcasecmp (name, "a") == 0)
    g_string_append (z->out, " rel=\"noopener noreferrer\"");
}

static void
sax_start (void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;
  const char *name = (const char *) xname;
  guint kind = element_kind (name);
  gboolean written = FALSE;

  if (z->drop_depth > 0 || (kind & KIND_DROPPED))
    z->drop_depth++;
  else if (kind & KIND_ALLOWED)
    {
      g_string_append_c (z->out, '<');
      g_string_append (z->out, name);
      write_attributes (z, kind >> 8, name, attrs);
      g_string_append_c (z->out, '>');
      written = !(kind & KIND_VOID);
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
      g_string_append (z->out, "</");
      g_string_append (z->out, (const char *) name);
      g_string_append_c (z->out, '>');
    }
}

static void
sax_characters (void *ctx, const xmlChar *text, int len)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;
  g_autofree char *copy = NULL;

  if (z->drop_depth > 0 || len <= 0)
    return;
  copy = g_strndup ((const char *) text, len);
  append_escaped (z->out, copy, FALSE);
}

char *
vigil_html_sanitize (const char *html, const char *base_url)
{
  g_autofree char *wrapped = NULL;
  htmlParserCtxtPtr ctxt;
  htmlSAXHandler sax = { 0 };
  Sanitizer z = { g_string_new (NULL), base_url, 0, g_array_new (FALSE, FALSE, sizeof (gboolean)) };

  /* Wrapping makes the parser read UTF-8 whatever a <meta charset> inside says. */
  wrapped = g_strconcat ("<html><head><meta charset=\"utf-8\"></head><body>", html ? html : "",
                         "</body></html>", NULL);
  ctxt = htmlCreateMemoryParserCtxt (wrapped, strlen (wrapped));
  if (ctxt == NULL)
    {
      g_array_unref (z.open);
      g_string_free (z.out, TRUE);
      return vigil_html_escape (html);
    }
  sax.startElement = sax_start;
  sax.endElement = sax_end;
  sax.characters = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  sax.initialized = 1;
  memcpy (ctxt->sax, &sax, sizeof sax);
  ctxt->_private = &z;
  htmlCtxtUseOptions (ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument (ctxt);
  htmlFreeParserCtxt (ctxt);
  g_array_unref (z.open);
  return g_strstrip (g_string_free (z.out, FALSE));
}

static void
collect_text (GString *out, xmlNodePtr node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content)
            g_string_append (out, (const char *) node->content);
        }
      else if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) node->name;
          gboolean block = vigil_html_is_block (name);

          if (is_dropped (name))
            continue;
          if (block)
            g_string_append_c (out, '\n');
          collect_text (out, node->children);
          if (block)
            g_string_append_c (out, '\n');
        }
    }
}

char *
vigil_html_to_text (const char *html)
{
  xmlNodePtr body = NULL;
  htmlDocPtr doc;
  g_autoptr (GString) raw = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE, newline = FALSE;

  if (html == NULL || *html == '\0')
    return g_string_free (out, FALSE);
  if (strchr (html, '<') == NULL && strchr (html, '&') == NULL)
    g_string_append (raw, html);
  else
    {
      doc = vigil_html_parse_fragment (html, &body);
      if (body != NULL)
        collect_text (raw, body->children);
      if (doc != NULL)
        xmlFreeDoc (doc);
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
