/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html-policy.c — what the sanitiser keeps: the elements, their attributes and their URLs */
#include "vigil-html.h"

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
      vigil_html_append_escaped_len (z->out, value, strlen (value), TRUE);
      g_string_append_c (z->out, '"');
    }
  if ((name[0] | 0x20) == 'a' && name[1] == '\0') /* "a" or "A" */
    vigil_html_out_literal (z->out, " rel=\"noopener noreferrer\"");
}
