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

/* Whether url is an absolute http(s) URL that resolving and re-serialising
 * would leave exactly as it is: lower-case scheme and host, no user
 * information or port, no percent escapes, no dot segments, nothing but the characters
 * URLs are written with. Most links in feeds are; they skip GUri. */
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
      if (!(g_ascii_isalnum (*p) || strchr ("-._~!$&'()*+,;=:@/?#", *p) != NULL))
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

static void
append_escaped_len (GString *out, const char *text, gsize len, gboolean attr)
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
      g_string_append_len (out, run, p - run);
      g_string_append (out, entity);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
}

static void
append_escaped (GString *out, const char *text, gboolean attr)
{
  append_escaped_len (out, text, strlen (text), attr);
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
  guint depth;      /* elements written and still open */
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
  else if ((kind & KIND_ALLOWED) && ((kind & KIND_VOID) || z->depth < VIGIL_HTML_MAX_DEPTH))
    {
      g_string_append_c (z->out, '<');
      g_string_append (z->out, name);
      write_attributes (z, kind >> 8, name, attrs);
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
      g_string_append (z->out, "</");
      g_string_append (z->out, (const char *) name);
      g_string_append_c (z->out, '>');
    }
}

static void
sax_characters (void *ctx, const xmlChar *text, int len)
{
  Sanitizer *z = ((htmlParserCtxtPtr) ctx)->_private;

  if (z->drop_depth > 0 || len <= 0)
    return;
  append_escaped_len (z->out, (const char *) text, len, FALSE);
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
sax_parse (const char *html, htmlSAXHandler *sax, gpointer data)
{
  g_autofree char *wrapped = NULL;
  g_autofree char *closed = html != NULL ? close_open_markup (html) : NULL;
  htmlParserCtxtPtr ctxt;

  /* Wrapping makes the parser read UTF-8 whatever a <meta charset> inside says. */
  wrapped = g_strconcat ("<html><head><meta charset=\"utf-8\"></head><body>",
                         closed ? closed : html ? html : "", "</body></html>", NULL);
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

char *
vigil_html_sanitize_with_parser (const char *html, const char *base_url)
{
  htmlSAXHandler sax = { 0 };
  Sanitizer z = {
    g_string_new (NULL), base_url, 0, g_array_new (FALSE, FALSE, sizeof (gboolean)), 0,
  };
  gboolean parsed;

  sax.startElement = sax_start;
  sax.endElement = sax_end;
  sax.characters = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  parsed = sax_parse (html, &sax, &z);
  g_array_unref (z.open);
  if (!parsed)
    {
      g_string_free (z.out, TRUE);
      return vigil_html_escape (html);
    }
  return g_strstrip (g_string_free (z.out, FALSE));
}

/* The fast path. Nearly all feed HTML is a few paragraphs of text with links,
 * emphasis and images, written by a CMS: well nested, quoted attributes, known
 * entities. For that subset the parser above and this scanner give the same
 * result, byte for byte (tests/test-html.c compares them on generated input),
 * and the scanner is several times faster. Anything outside the subset — a
 * comment, an unknown or dropped element, an unclosed or misnested tag, an
 * unquoted attribute, a rare entity, a control character — makes it give up
 * and the parser does the work. It never decides what is safe on its own: tags
 * and attributes go through the same allow-list and URL checks. */
enum
{
  FAST_INLINE = 1 << 0,
  FAST_BLOCK = 1 << 1,
  FAST_CONTAINER = 1 << 2, /* a block that may hold blocks */
  FAST_LIST = 1 << 3,      /* holds only list items */
  FAST_ITEM = 1 << 4,      /* only inside a list */
  FAST_VOID = 1 << 5,
};

static const struct
{
  const char *name;
  guint flags;
} fast_elements[] = {
  { "a", FAST_INLINE },
  { "abbr", FAST_INLINE },
  { "b", FAST_INLINE },
  { "blockquote", FAST_BLOCK | FAST_CONTAINER },
  { "br", FAST_INLINE | FAST_VOID },
  { "cite", FAST_INLINE },
  { "code", FAST_INLINE },
  { "del", FAST_INLINE },
  { "div", FAST_BLOCK | FAST_CONTAINER },
  { "em", FAST_INLINE },
  { "figcaption", FAST_BLOCK },
  { "figure", FAST_BLOCK | FAST_CONTAINER },
  { "h1", FAST_BLOCK },
  { "h2", FAST_BLOCK },
  { "h3", FAST_BLOCK },
  { "h4", FAST_BLOCK },
  { "h5", FAST_BLOCK },
  { "h6", FAST_BLOCK },
  { "hr", FAST_BLOCK | FAST_VOID },
  { "i", FAST_INLINE },
  { "img", FAST_INLINE | FAST_VOID },
  { "ins", FAST_INLINE },
  { "kbd", FAST_INLINE },
  { "li", FAST_BLOCK | FAST_CONTAINER | FAST_ITEM },
  { "ol", FAST_BLOCK | FAST_LIST },
  { "p", FAST_BLOCK },
  { "q", FAST_INLINE },
  { "s", FAST_INLINE },
  { "small", FAST_INLINE },
  { "span", FAST_INLINE },
  { "strong", FAST_INLINE },
  { "sub", FAST_INLINE },
  { "sup", FAST_INLINE },
  { "time", FAST_INLINE },
  { "u", FAST_INLINE },
  { "ul", FAST_BLOCK | FAST_LIST },
};

#define FAST_MAX_DEPTH 32
#define FAST_MAX_ATTRS 8

static guint
fast_flags (const char *lower)
{
  guint lo = 0, hi = G_N_ELEMENTS (fast_elements);

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int c = strcmp (lower, fast_elements[mid].name);
      if (c == 0)
        return fast_elements[mid].flags;
      if (c < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return 0;
}

/* Reads a name ([A-Za-z][A-Za-z0-9]*, or with - _ : for attributes), lower-cased
 * into buf; returns the byte after it, or NULL if it is not one we take. */
static const char *
fast_name (const char *p, char *buf, gsize size, gboolean attribute)
{
  gsize n = 0;

  if (!g_ascii_isalpha (*p))
    return NULL;
  while (g_ascii_isalnum (*p) || (attribute && (*p == '-' || *p == '_' || *p == ':')))
    {
      if (n + 1 >= size)
        return NULL;
      buf[n++] = g_ascii_tolower (*p++);
    }
  buf[n] = '\0';
  return p;
}

/* Decodes the entity at p ('&'); appends its UTF-8 to out. Returns the byte
 * after it, or NULL for an entity the fast path leaves to the parser. */
static const char *
fast_entity (const char *p, GString *out)
{
  static const struct
  {
    const char *name;
    gsize len;
    const char *utf8;
  } named[] = {
    { "&amp;", 5, "&" },   { "&lt;", 4, "<" },          { "&gt;", 4, ">" },
    { "&quot;", 6, "\"" }, { "&nbsp;", 6, "\xc2\xa0" },
  };
  gunichar c = 0;
  const char *q;

  if (p[1] != '#')
    {
      for (guint i = 0; i < G_N_ELEMENTS (named); i++)
        if (strncmp (p, named[i].name, named[i].len) == 0)
          {
            g_string_append (out, named[i].utf8);
            return p + named[i].len;
          }
      return NULL;
    }
  q = p + 2;
  if (*q == 'x' || *q == 'X')
    {
      q++;
      if (!g_ascii_isxdigit (*q))
        return NULL;
      for (; g_ascii_isxdigit (*q) && c < 0x110000; q++)
        c = c * 16 + g_ascii_xdigit_value (*q);
    }
  else
    {
      if (!g_ascii_isdigit (*q))
        return NULL;
      for (; g_ascii_isdigit (*q) && c < 0x110000; q++)
        c = c * 10 + (*q - '0');
    }
  /* Characters XML allows, less carriage return and the C1 controls. */
  if (*q != ';'
      || !(c == '\t' || c == '\n' || (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xD7FF)
           || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)))
    return NULL;
  g_string_append_unichar (out, c);
  return q + 1;
}

/* Checks the UTF-8 sequence at p (a byte >= 0x80); returns the byte after it,
 * or NULL if it is not valid or not a character XML allows. */
static const char *
fast_utf8 (const char *p)
{
  gunichar c = g_utf8_get_char_validated (p, -1);

  if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0xFFFE || c == 0xFFFF
      || (c >= 0x80 && c < 0xA0))
    return NULL;
  return g_utf8_next_char (p);
}

/* What the scanner does with each byte of text. */
enum
{
  BYTE_COPY = 0, /* printable ASCII */
  BYTE_BLANK,    /* space, tab, newline */
  BYTE_END,      /* '<', '&', NUL: the run of text ends */
  BYTE_GT,       /* '>': escaped */
  BYTE_HIGH,     /* the first byte of a UTF-8 sequence (or not) */
  BYTE_BAD,      /* a control character: left to the parser */
};

static guint8 byte_class[256];

static void
init_byte_class (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 256; c++)
        byte_class[c] = c >= 0x80                            ? BYTE_HIGH
                        : c == '<' || c == '&' || c == 0     ? BYTE_END
                        : c == '>'                           ? BYTE_GT
                        : c == ' ' || c == '\t' || c == '\n' ? BYTE_BLANK
                        : c < 0x20 || c == 0x7F              ? BYTE_BAD
                                                             : BYTE_COPY;
      g_once_init_leave (&done, 1);
    }
}

/* Whether the 8 bytes at p are all BYTE_COPY or BYTE_BLANK, tested at once:
 * no byte with the high bit set, below 0x20 (bar tab and newline), 0x7F,
 * '<', '&' or '>'. Most text is skipped this way, a word at a time. */
#define BYTES(c) (G_GUINT64_CONSTANT (0x0101010101010101) * (guint8) (c))
#define HIGH_BITS BYTES (0x80)

static inline gboolean
word_is_plain (const char *p)
{
  guint64 w, controls;

  memcpy (&w, p, sizeof w);
  if (w & HIGH_BITS)
    return FALSE;
    /* With every byte below 0x80 these are exact, byte by byte (no carries). */
#define BYTES_EQUAL(c) (~((w ^ BYTES (c)) + BYTES (0x7F)) & HIGH_BITS)
  controls = ~(w + BYTES (0x80 - 0x20)) & HIGH_BITS;
  controls &= ~(BYTES_EQUAL ('\t') | BYTES_EQUAL ('\n'));
  return !(controls | BYTES_EQUAL ('<') | BYTES_EQUAL ('&') | BYTES_EQUAL ('>')
           | BYTES_EQUAL (0x7F));
#undef BYTES_EQUAL
}

/* Reads a quoted attribute value at p (the quote) into buf, entities decoded;
 * returns the byte after the closing quote, or NULL. */
static const char *
fast_attribute_value (const char *p, GString *buf)
{
  char quote = *p++;
  const char *run = p;

  for (;;)
    {
      guchar c = *p;
      if (c == (guchar) quote)
        break;
      switch (byte_class[c])
        {
        case BYTE_COPY:
        case BYTE_GT:
        case BYTE_BLANK:
          if (c == '\t' || c == '\n')
            return NULL;
          p++;
          break;
        case BYTE_HIGH:
          p = fast_utf8 (p);
          if (p == NULL)
            return NULL;
          break;
        case BYTE_END:
          if (c != '&')
            return NULL;
          g_string_append_len (buf, run, p - run);
          p = fast_entity (p, buf);
          if (p == NULL)
            return NULL;
          run = p;
          break;
        default:
          return NULL;
        }
    }
  g_string_append_len (buf, run, p - run);
  g_string_append_c (buf, '\0');
  return p + 1;
}

char *
vigil_html_sanitize_fast (const char *html, const char *base_url)
{
  Sanitizer z = { NULL, base_url, 0, NULL, 0 };
  struct
  {
    char name[12];
    guint flags;
  } stack[FAST_MAX_DEPTH];
  guint depth = 0;
  g_autoptr (GString) scratch = g_string_new (NULL);
  const char *p = html;

  const char *end = html + strlen (html);

  init_byte_class ();
  z.out = g_string_sized_new (end - html + 64);

  while (*p)
    {
      if (*p == '&')
        {
          g_string_truncate (scratch, 0);
          p = fast_entity (p, scratch);
          if (p == NULL)
            goto give_up;
          if (depth > 0 && (stack[depth - 1].flags & FAST_LIST))
            goto give_up;
          append_escaped_len (z.out, scratch->str, scratch->len, FALSE);
        }
      else if (*p != '<')
        {
          const char *run = p;
          const char *start = p;
          for (;;)
            {
              guint8 k;
              while (p + 8 <= end && word_is_plain (p))
                p += 8;
              k = byte_class[(guchar) *p];
              if (G_LIKELY (k == BYTE_COPY || k == BYTE_BLANK))
                p++;
              else if (k == BYTE_END)
                break;
              else if (k == BYTE_GT)
                {
                  g_string_append_len (z.out, run, p - run);
                  g_string_append (z.out, "&gt;");
                  run = ++p;
                }
              else if (k == BYTE_HIGH)
                {
                  p = fast_utf8 (p);
                  if (p == NULL)
                    goto give_up;
                }
              else
                goto give_up;
            }
          /* Lists hold items, and only blanks between them. */
          if (depth > 0 && (stack[depth - 1].flags & FAST_LIST))
            for (const char *q = start; q < p; q++)
              if (byte_class[(guchar) *q] != BYTE_BLANK)
                goto give_up;
          g_string_append_len (z.out, run, p - run);
        }
      else if (p[1] == '/')
        {
          char name[12];
          p = fast_name (p + 2, name, sizeof name, FALSE);
          if (p == NULL)
            goto give_up;
          while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
          if (*p != '>' || depth == 0 || strcmp (stack[depth - 1].name, name) != 0)
            goto give_up;
          p++;
          depth--;
          g_string_append (z.out, "</");
          g_string_append (z.out, name);
          g_string_append_c (z.out, '>');
        }
      else
        {
          char name[12];
          char attr_names[FAST_MAX_ATTRS][16];
          gsize value_at[FAST_MAX_ATTRS];
          const xmlChar *attrs[2 * FAST_MAX_ATTRS + 1];
          guint n_attrs = 0, flags, parent;
          gboolean self_closing = FALSE, ok = TRUE;

          p = fast_name (p + 1, name, sizeof name, FALSE);
          if (p == NULL || (flags = fast_flags (name)) == 0)
            goto give_up;
          parent = depth > 0 ? stack[depth - 1].flags : FAST_CONTAINER;
          /* Only nestings the parser keeps as written. */
          if (flags & FAST_ITEM)
            ok = (parent & FAST_LIST) != 0;
          else if (parent & FAST_LIST)
            ok = FALSE;
          else if (flags & FAST_BLOCK)
            ok = (parent & FAST_CONTAINER) != 0;
          if (!ok || depth == FAST_MAX_DEPTH)
            goto give_up;
          if (name[0] == 'a' && name[1] == '\0')
            for (guint k = 0; k < depth; k++)
              if (g_str_equal (stack[k].name, "a"))
                goto give_up;

          /* Attributes: name="value" or name='value', each once. */
          g_string_truncate (scratch, 0);
          for (;;)
            {
              gboolean space = FALSE;
              while (*p == ' ' || *p == '\n' || *p == '\t')
                p++, space = TRUE;
              if (*p == '>')
                break;
              if (p[0] == '/' && p[1] == '>')
                {
                  self_closing = TRUE;
                  p++;
                  break;
                }
              if (!space || n_attrs == FAST_MAX_ATTRS)
                goto give_up;
              p = fast_name (p, attr_names[n_attrs], sizeof attr_names[0], TRUE);
              if (p == NULL || *p != '=' || (p[1] != '"' && p[1] != '\''))
                goto give_up;
              for (guint k = 0; k < n_attrs; k++)
                if (strcmp (attr_names[k], attr_names[n_attrs]) == 0)
                  goto give_up;
              value_at[n_attrs++] = scratch->len;
              p = fast_attribute_value (p + 1, scratch);
              if (p == NULL)
                goto give_up;
            }
          if (self_closing && !(flags & FAST_VOID))
            goto give_up;
          for (guint k = 0; k < n_attrs; k++)
            {
              attrs[2 * k] = (const xmlChar *) attr_names[k];
              attrs[2 * k + 1] = (const xmlChar *) scratch->str + value_at[k];
            }
          attrs[2 * n_attrs] = NULL;
          g_string_append_c (z.out, '<');
          g_string_append (z.out, name);
          write_attributes (&z, element_kind (name) >> 8, name, attrs);
          g_string_append_c (z.out, '>');
          if (!(flags & FAST_VOID))
            {
              strcpy (stack[depth].name, name);
              stack[depth].flags = flags;
              depth++;
            }
          p++;
        }
    }
  /* Elements still open end with the document, as the parser ends them. */
  while (depth > 0)
    {
      depth--;
      g_string_append (z.out, "</");
      g_string_append (z.out, stack[depth].name);
      g_string_append_c (z.out, '>');
    }
  return g_strstrip (g_string_free (z.out, FALSE));

give_up:
  g_string_free (z.out, TRUE);
  return NULL;
}

char *
vigil_html_sanitize (const char *html, const char *base_url)
{
  char *fast;

  if (html == NULL)
    return g_strdup ("");
  fast = vigil_html_sanitize_fast (html, base_url);
  return fast ? fast : vigil_html_sanitize_with_parser (html, base_url);
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
  guint kind = element_kind ((const char *) xname);

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
  else if (element_kind ((const char *) xname) & KIND_BLOCK)
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
