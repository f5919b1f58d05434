/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html-fast.c — the sanitiser's fast path: a scanner for the well-formed HTML most feeds send
 */
#include "vigil-html.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vigil-html-private.h"

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
  FAST_LIST = 1 << 3,      /* holds only its items (and blanks between them) */
  FAST_ITEM = 1 << 4,      /* only inside a list of its kind */
  FAST_VOID = 1 << 5,
  FAST_UNWRAP = 1 << 6,  /* not allowed, not dropped: its text stays, the tags go */
  FAST_SPACE = 1 << 7,   /* (set at start) unwrapped, a block: a space in its place */
  FAST_PRE = 1 << 8,     /* its content must not start with a line break */
  FAST_EMPTY = 1 << 9,   /* taken only when its end tag follows its start tag */
  FAST_SOURCE = 1 << 10, /* only in a video or audio, before a source or their end */
};

/* The kinds of lists, and of the items they hold: a list element holds the
 * items whose group is among its own. */
enum
{
  GROUP_LI = 1 << 0,    /* ul, ol: li */
  GROUP_DL = 1 << 1,    /* dl: dt, dd */
  GROUP_TABLE = 1 << 2, /* table: thead, tbody, tfoot, tr */
  GROUP_ROWS = 1 << 3,  /* thead, tbody, tfoot: tr */
  GROUP_CELLS = 1 << 4, /* tr: td, th */
};

static const struct
{
  const char *name;
  guint flags;
  guint group; /* a list: the items it holds; an item: the lists it may be in */
} fast_elements[] = {
  { "a", FAST_INLINE, 0 },
  { "abbr", FAST_INLINE, 0 },
  { "audio", FAST_BLOCK | FAST_UNWRAP, 0 },
  { "b", FAST_INLINE, 0 },
  { "blink", FAST_INLINE | FAST_UNWRAP, 0 },
  { "blockquote", FAST_BLOCK | FAST_CONTAINER, 0 },
  { "br", FAST_INLINE | FAST_VOID, 0 },
  { "button", FAST_BLOCK | FAST_UNWRAP, 0 },
  { "center", FAST_BLOCK | FAST_CONTAINER | FAST_UNWRAP, 0 },
  { "cite", FAST_INLINE, 0 },
  { "code", FAST_INLINE, 0 },
  { "dd", FAST_BLOCK | FAST_ITEM, GROUP_DL },
  { "del", FAST_INLINE, 0 },
  { "div", FAST_BLOCK | FAST_CONTAINER, 0 },
  { "dl", FAST_BLOCK | FAST_LIST, GROUP_DL },
  { "dt", FAST_BLOCK | FAST_ITEM, GROUP_DL },
  { "em", FAST_INLINE, 0 },
  { "embed", FAST_INLINE | FAST_UNWRAP | FAST_EMPTY, 0 }, /* (void to HTML 5, not to 2.9) */
  { "figcaption", FAST_BLOCK, 0 },
  { "figure", FAST_BLOCK | FAST_CONTAINER, 0 },
  { "font", FAST_INLINE | FAST_UNWRAP, 0 },
  { "form", FAST_BLOCK | FAST_CONTAINER | FAST_UNWRAP, 0 },
  { "h1", FAST_BLOCK, 0 },
  { "h2", FAST_BLOCK, 0 },
  { "h3", FAST_BLOCK, 0 },
  { "h4", FAST_BLOCK, 0 },
  { "h5", FAST_BLOCK, 0 },
  { "h6", FAST_BLOCK, 0 },
  { "header", FAST_BLOCK | FAST_CONTAINER | FAST_UNWRAP, 0 },
  { "hr", FAST_BLOCK | FAST_VOID, 0 },
  { "i", FAST_INLINE, 0 },
  /* (its content: markup to libxml2 2.9, text to 2.14's HTML 5 tokenizer) */
  { "iframe", FAST_INLINE | FAST_UNWRAP | FAST_EMPTY, 0 },
  { "img", FAST_INLINE | FAST_VOID, 0 },
  { "input", FAST_INLINE | FAST_VOID | FAST_UNWRAP, 0 },
  { "ins", FAST_INLINE, 0 },
  { "kbd", FAST_INLINE, 0 },
  { "li", FAST_BLOCK | FAST_CONTAINER | FAST_ITEM, GROUP_LI },
  { "link", FAST_INLINE | FAST_VOID | FAST_UNWRAP, 0 },
  { "meta", FAST_INLINE | FAST_VOID | FAST_UNWRAP, 0 },
  { "object", FAST_INLINE | FAST_UNWRAP, 0 },
  { "ol", FAST_BLOCK | FAST_LIST, GROUP_LI },
  { "p", FAST_BLOCK, 0 },
  { "param", FAST_INLINE | FAST_UNWRAP | FAST_EMPTY, 0 },
  { "pre", FAST_BLOCK | FAST_PRE, 0 },
  { "q", FAST_INLINE, 0 },
  { "s", FAST_INLINE, 0 },
  { "section", FAST_BLOCK | FAST_CONTAINER | FAST_UNWRAP, 0 },
  { "small", FAST_INLINE, 0 },
  /* (void to HTML 5, unknown to libxml2 2.9, which closes it with its video) */
  { "source", FAST_INLINE | FAST_VOID | FAST_UNWRAP | FAST_SOURCE, 0 },
  { "span", FAST_INLINE, 0 },
  { "strike", FAST_INLINE | FAST_UNWRAP, 0 },
  { "strong", FAST_INLINE, 0 },
  { "sub", FAST_INLINE, 0 },
  { "sup", FAST_INLINE, 0 },
  { "table", FAST_BLOCK | FAST_LIST, GROUP_TABLE },
  { "tbody", FAST_BLOCK | FAST_LIST | FAST_ITEM, GROUP_TABLE },
  { "td", FAST_BLOCK | FAST_CONTAINER | FAST_ITEM, GROUP_CELLS },
  { "tfoot", FAST_BLOCK | FAST_LIST | FAST_ITEM, GROUP_TABLE },
  { "th", FAST_BLOCK | FAST_CONTAINER | FAST_ITEM, GROUP_CELLS },
  { "thead", FAST_BLOCK | FAST_LIST | FAST_ITEM, GROUP_TABLE },
  { "time", FAST_INLINE, 0 },
  { "tr", FAST_BLOCK | FAST_LIST | FAST_ITEM, GROUP_TABLE | GROUP_ROWS },
  { "tt", FAST_INLINE | FAST_UNWRAP, 0 },
  { "u", FAST_INLINE, 0 },
  { "ul", FAST_BLOCK | FAST_LIST, GROUP_LI },
  { "video", FAST_BLOCK | FAST_UNWRAP, 0 },
};

/* What a list holds, or an item is held by, when the element is a list or an
 * item of its own list kind's group (tbody and tr are both). */
static guint
fast_list_holds (const char *name, guint group)
{
  if (g_str_equal (name, "table"))
    return GROUP_TABLE;
  if (g_str_equal (name, "tbody") || g_str_equal (name, "thead") || g_str_equal (name, "tfoot"))
    return GROUP_ROWS;
  if (g_str_equal (name, "tr"))
    return GROUP_CELLS;
  return group;
}

#define FAST_MAX_DEPTH 32
#define FAST_MAX_ATTRS 8

/* Each element's rule in the allow-list (vigil_html_element_kind () >> 8),
 * looked up once. */
static int fast_rules[G_N_ELEMENTS (fast_elements)];
/* Each element's flags, with FAST_SPACE added where the parser's sanitiser
 * writes a space for the unwrapped block; and what it holds as a list. */
static guint fast_element_flags[G_N_ELEMENTS (fast_elements)];
static guint fast_holds[G_N_ELEMENTS (fast_elements)];

/* The first of fast_elements[] (sorted) that starts with each letter, and
 * one past the last: a lookup compares a few names, not a binary search's. */
static guint8 fast_first[27];

/* The flags of the element, and its rule to *rule. */
static guint
fast_flags (const char *lower, int *rule, guint *holds, guint *in)
{
  guint letter = (guint) (lower[0] - 'a');

  if (letter >= 26)
    return 0;
  for (guint i = fast_first[letter]; i < fast_first[letter + 1]; i++)
    if (strcmp (lower, fast_elements[i].name) == 0)
      {
        *rule = fast_rules[i];
        *holds = fast_holds[i];
        *in = fast_elements[i].group;
        return fast_element_flags[i];
      }
  return 0;
}

/* The flags of an element the table does not list, outside any other (its start closes
 * nothing), neither kept nor dropped, taken empty (as feedparser's sanitiser tests send
 * every element); 0 elsewhere, and for the document's own parts. */
static guint
fast_unlisted_flags (const char *lower, guint depth)
{
  guint kind;

  if (depth > 0 || g_str_equal (lower, "html") || g_str_equal (lower, "head")
      || g_str_equal (lower, "body"))
    return 0;
  kind = vigil_html_element_kind (lower);
  if (kind & (KIND_DROPPED | KIND_ALLOWED))
    return 0;
  return FAST_INLINE | FAST_UNWRAP | FAST_EMPTY | ((kind & KIND_BLOCK) ? FAST_SPACE : 0);
}

/* Whether a <source> ending at p is taken: directly in a video or audio (parent),
 * followed by another source or by the parent's end tag. */
static gboolean
fast_source_fits (const char *p, const char *parent)
{
  gsize len = strlen (parent);

  if (!g_str_equal (parent, "video") && !g_str_equal (parent, "audio"))
    return FALSE;
  if (g_ascii_strncasecmp (p, "<source", 7) == 0)
    return p[7] == ' ' || p[7] == '>' || p[7] == '/';
  return p[0] == '<' && p[1] == '/' && g_ascii_strncasecmp (p + 2, parent, len) == 0
         && p[2 + len] == '>';
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
    { "&amp;", 5, "&" },
    { "&lt;", 4, "<" },
    { "&gt;", 4, ">" },
    { "&quot;", 6, "\"" },
    { "&nbsp;", 6, "\xc2\xa0" },
    /* What CMSs write besides (HTML 4's names, as libxml2 reads them). */
    { "&mdash;", 7, "\xe2\x80\x94" },
    { "&ndash;", 7, "\xe2\x80\x93" },
    { "&rsquo;", 7, "\xe2\x80\x99" },
    { "&lsquo;", 7, "\xe2\x80\x98" },
    { "&rdquo;", 7, "\xe2\x80\x9d" },
    { "&ldquo;", 7, "\xe2\x80\x9c" },
    { "&hellip;", 8, "\xe2\x80\xa6" },
    { "&copy;", 6, "\xc2\xa9" },
    { "&laquo;", 7, "\xc2\xab" },
    { "&raquo;", 7, "\xc2\xbb" },
    { "&eacute;", 8, "\xc3\xa9" },
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
      for (guint i = 0; i < G_N_ELEMENTS (fast_elements); i++)
        {
          guint kind = vigil_html_element_kind (fast_elements[i].name);
          guint flags = fast_elements[i].flags;
          /* The scanner's table agrees with the allow-list: an element it
           * writes is allowed, one it unwraps is neither allowed nor dropped. */
          g_assert ((kind & KIND_DROPPED) == 0
                    && ((kind & KIND_ALLOWED) != 0) == ((flags & FAST_UNWRAP) == 0));
          if ((flags & FAST_UNWRAP) && (kind & KIND_BLOCK))
            flags |= FAST_SPACE;
          fast_rules[i] = (int) (kind >> 8);
          fast_element_flags[i] = flags;
          fast_holds[i] = (flags & FAST_LIST)
                              ? fast_list_holds (fast_elements[i].name, fast_elements[i].group)
                              : 0;
        }
      for (guint letter = 0, i = 0; letter <= 26; letter++)
        {
          while (i < G_N_ELEMENTS (fast_elements)
                 && (guint) (fast_elements[i].name[0] - 'a') < letter)
            i++;
          fast_first[letter] = (guint8) i;
        }
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

/* The first byte from p on that is not plain text (BYTE_COPY or
 * BYTE_BLANK), or the last up to 7 bytes before end, which the caller reads
 * one by one: SSE2 tests 16 bytes at once where the machine has it, and
 * word_is_plain 8 elsewhere. */
static inline const char *
skip_plain (const char *p, const char *end)
{
#ifdef __SSE2__
  const __m128i space = _mm_set1_epi8 (0x20), tab = _mm_set1_epi8 ('\t'),
                newline = _mm_set1_epi8 ('\n'), del = _mm_set1_epi8 (0x7F),
                lt = _mm_set1_epi8 ('<'), amp = _mm_set1_epi8 ('&'), gt = _mm_set1_epi8 ('>');

  while (p + 16 <= end)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) p);
      /* Signed: below 0x20 are the controls and every byte from 0x80. */
      __m128i controls
          = _mm_andnot_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, tab), _mm_cmpeq_epi8 (v, newline)),
                              _mm_cmplt_epi8 (v, space));
      __m128i bad = _mm_or_si128 (
          _mm_or_si128 (controls, _mm_cmpeq_epi8 (v, del)),
          _mm_or_si128 (_mm_cmpeq_epi8 (v, lt),
                        _mm_or_si128 (_mm_cmpeq_epi8 (v, amp), _mm_cmpeq_epi8 (v, gt))));
      int mask = _mm_movemask_epi8 (bad);
      if (mask != 0)
        return p + __builtin_ctz ((unsigned) mask);
      p += 16;
    }
#endif
  while (p + 8 <= end && word_is_plain (p))
    p += 8;
  return p;
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
          vigil_html_out_append (buf, run, p - run);
          p = fast_entity (p, buf);
          if (p == NULL)
            return NULL;
          run = p;
          break;
        default:
          return NULL;
        }
    }
  vigil_html_out_append (buf, run, p - run);
  g_string_append_c (buf, '\0');
  return p + 1;
}

/* Reads an unquoted attribute value at p into buf, as the parser reads one:
 * up to a blank or '>'; only the characters URLs and numbers are made of
 * (no entity, no quote, and no final '/' that could be read as "/>").
 * Returns the byte after it, or NULL. */
static const char *
fast_unquoted_value (const char *p, GString *buf)
{
  const char *start = p;

  while (g_ascii_isalnum (*p) || strchr ("._:/?=%~#+,;@-", *p) != NULL)
    {
      if (*p == '\0')
        break;
      p++;
    }
  if (p == start || p[-1] == '/' || !(*p == '>' || *p == ' ' || *p == '\n' || *p == '\t'))
    return NULL;
  g_string_append_len (buf, start, p - start);
  g_string_append_c (buf, '\0');
  return p;
}

/* A comment at p ("<!--"), which the parser drops: the byte after it, or
 * NULL for one it might read otherwise ("--" inside, "<!-->", unclosed). */
static const char *
fast_comment (const char *p)
{
  const char *body = p + 4;
  const char *close;

  if (*body == '>' || (body[0] == '-' && body[1] == '>'))
    return NULL;
  close = strstr (body, "--");
  if (close == NULL || close[2] != '>')
    return NULL;
  return close + 3;
}

/* A <script> or <style> element at p, which the sanitiser drops with its
 * content: the byte after its end tag, or NULL when its content holds any
 * other "</" (the parser is then left to decide where it ends). */
static const char *
fast_dropped_element (const char *p, const char *name)
{
  gsize len = strlen (name);
  const char *q = p + 1 + len;
  const char *content, *close;

  if (g_ascii_strncasecmp (p + 1, name, len) != 0
      || !(*q == '>' || *q == ' ' || *q == '\t' || *q == '\n'))
    return NULL;
  while (*q != '>')
    {
      if (*q == '"' || *q == '\'')
        {
          q = strchr (q + 1, *q);
          if (q == NULL)
            return NULL;
        }
      else if (*q == '\0' || *q == '<')
        return NULL;
      q++;
    }
  if (q[-1] == '/')
    return NULL; /* "<script/>": the parser may end it there */
  content = q + 1;
  close = strstr (content, "</");
  if (close == NULL || g_ascii_strncasecmp (close + 2, name, len) != 0 || close[2 + len] != '>')
    return NULL;
  return close + 3 + len;
}

/* Each thread's two working buffers (the output, the attribute values),
 * kept from one article to the next: allocating them for every article
 * cost more than scanning it. One that grew past a megabyte is let go. */
typedef struct
{
  GString *out;
  GString *scratch;
} FastBuffers;

static void
fast_buffers_free (gpointer data)
{
  FastBuffers *b = data;

  g_string_free (b->out, TRUE);
  g_string_free (b->scratch, TRUE);
  g_free (b);
}

static GPrivate fast_buffers_key = G_PRIVATE_INIT (fast_buffers_free);

static FastBuffers *
fast_buffers (void)
{
  FastBuffers *b = g_private_get (&fast_buffers_key);

  if (b == NULL)
    {
      b = g_new (FastBuffers, 1);
      b->out = g_string_sized_new (4096);
      b->scratch = g_string_sized_new (256);
      g_private_set (&fast_buffers_key, b);
    }
  g_string_truncate (b->out, 0);
  g_string_truncate (b->scratch, 0);
  return b;
}

static void
fast_buffers_trim (FastBuffers *b)
{
  if (b->out->allocated_len > 1024 * 1024 || b->scratch->allocated_len > 1024 * 1024)
    g_private_replace (&fast_buffers_key, NULL);
}

/* The end of an element, as the parser's sanitiser writes it. */
static void
fast_close (GString *out, const char *name, guint flags)
{
  if (flags & FAST_UNWRAP)
    return;
  vigil_html_out_literal (out, "</");
  vigil_html_out_append (out, name, strlen (name));
  g_string_append_c (out, '>');
}

/* The scanner. When it gives up and out_rest is not NULL, what it wrote for
 * the part of html before the last point where every element it opened was
 * closed by its own end tag and a tag starts is returned instead (not
 * stripped), and *out_rest says where that point is (0 when the whole input
 * was taken: the result is then complete and stripped). */
static char *
fast_sanitize (const char *html, const char *base_url, gsize *out_rest, gboolean strip)
{
  Sanitizer z = { NULL, base_url, 0, NULL, 0 };
  struct
  {
    char name[12];
    guint flags;
    guint holds;
  } stack[FAST_MAX_DEPTH];
  guint depth = 0;
  FastBuffers *buffers = fast_buffers ();
  GString *scratch = buffers->scratch;
  char *result;
  const char *p = html;

  const char *end = html + strlen (html);
  const char *boundary = NULL;
  gsize boundary_out = 0;

  init_byte_class ();
  z.out = buffers->out;

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
          vigil_html_append_escaped_len (z.out, scratch->str, scratch->len, FALSE);
        }
      else if (*p != '<')
        {
          const char *run = p;
          const char *start = p;
          for (;;)
            {
              guint8 k;
              p = skip_plain (p, end);
              k = byte_class[(guchar) *p];
              if (G_LIKELY (k == BYTE_COPY || k == BYTE_BLANK))
                p++;
              else if (k == BYTE_END)
                break;
              else if (k == BYTE_GT)
                {
                  vigil_html_out_append (z.out, run, p - run);
                  vigil_html_out_literal (z.out, "&gt;");
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
          vigil_html_out_append (z.out, run, p - run);
        }
      else if (p[1] == '!' && p[2] == '-' && p[3] == '-')
        {
          p = fast_comment (p);
          if (p == NULL)
            goto give_up;
        }
      else if ((p[1] == 's' || p[1] == 'S')
               && (depth == 0 || !(stack[depth - 1].flags & FAST_LIST)))
        {
          const char *after = fast_dropped_element (p, "script");
          if (after == NULL)
            after = fast_dropped_element (p, "style");
          if (after != NULL)
            p = after;
          else
            goto start_tag;
        }
      else if (p[1] == '/')
        {
          char name[12];
          p = fast_name (p + 2, name, sizeof name, FALSE);
          if (p == NULL)
            goto give_up;
          while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
          if (*p == '>' && g_str_equal (name, "img"))
            {
              p++; /* </img>: the parser ignores it */
              continue;
            }
          if (*p != '>')
            goto give_up;
          p++;
          if (depth == 0 || strcmp (stack[depth - 1].name, name) != 0)
            {
              /* Misnested inline elements ("<b><i>x</b></i>"): an end tag
               * closes the inline elements opened after its own, as the
               * parser closes them, and the end tag of an inline element
               * that is not open is ignored, as the parser ignores it. */
              int rule = 0;
              guint k = depth, holds, in;
              if (!(fast_flags (name, &rule, &holds, &in) & FAST_INLINE)
                  || g_str_equal (name, "br"))
                goto give_up;
              while (k > 0 && (stack[k - 1].flags & FAST_INLINE)
                     && strcmp (stack[k - 1].name, name) != 0)
                k--;
              if (k == 0 || !(stack[k - 1].flags & FAST_INLINE))
                {
                  /* Not among the open inline elements: ignored if it is
                   * nowhere open, else the parser's rules decide. */
                  for (guint j = 0; j < k; j++)
                    if (strcmp (stack[j].name, name) == 0)
                      goto give_up;
                  continue;
                }
              while (depth >= k)
                {
                  depth--;
                  fast_close (z.out, stack[depth].name, stack[depth].flags);
                }
              continue;
            }
          depth--;
          fast_close (z.out, name, stack[depth].flags);
          if (depth == 0 && *p == '<')
            {
              boundary = p;
              boundary_out = z.out->len;
            }
        }
      else
      start_tag:
        {
          char name[12];
          char attr_names[FAST_MAX_ATTRS][32];
          gsize value_at[FAST_MAX_ATTRS];
          const xmlChar *attrs[2 * FAST_MAX_ATTRS + 1];
          guint n_attrs = 0, flags, parent, parent_holds, holds = 0, in = 0;
          int rule = 0;
          gboolean self_closing = FALSE, ok = TRUE;

          p = fast_name (p + 1, name, sizeof name, FALSE);
          if (p == NULL)
            goto give_up;
          flags = fast_flags (name, &rule, &holds, &in);
          if (flags == 0 && (flags = fast_unlisted_flags (name, depth)) == 0)
            goto give_up;
          /* A paragraph left open ends where the next one starts, as the
           * parser ends it. */
          if (name[0] == 'p' && name[1] == '\0' && depth > 0
              && g_str_equal (stack[depth - 1].name, "p"))
            {
              depth--;
              fast_close (z.out, "p", stack[depth].flags);
            }
          parent = depth > 0 ? stack[depth - 1].flags : FAST_CONTAINER;
          parent_holds = depth > 0 ? stack[depth - 1].holds : 0;
          /* Only nestings the parser keeps as written. */
          if (flags & FAST_ITEM)
            ok = (parent & FAST_LIST) != 0 && (parent_holds & in) != 0;
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
              if (p != NULL && (flags & FAST_UNWRAP)
                  && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '>'))
                continue; /* a name alone ("allowfullscreen"), of a tag not written */
              if (p == NULL || *p != '=')
                goto give_up;
              for (guint k = 0; k < n_attrs; k++)
                if (strcmp (attr_names[k], attr_names[n_attrs]) == 0)
                  goto give_up;
              value_at[n_attrs++] = scratch->len;
              if (p[1] == '"' || p[1] == '\'')
                p = fast_attribute_value (p + 1, scratch);
              else
                p = fast_unquoted_value (p + 1, scratch);
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
          if (flags & FAST_SPACE)
            g_string_append_c (z.out, ' ');
          else if (!(flags & FAST_UNWRAP))
            {
              g_string_append_c (z.out, '<');
              vigil_html_out_append (z.out, name, strlen (name));
              vigil_html_write_attributes (&z, rule, name, attrs);
              g_string_append_c (z.out, '>');
            }
          if (!(flags & FAST_VOID))
            {
              strcpy (stack[depth].name, name);
              stack[depth].flags = flags;
              stack[depth].holds = holds;
              depth++;
            }
          p++;
          if ((flags & FAST_SOURCE) && (depth == 0 || !fast_source_fits (p, stack[depth - 1].name)))
            goto give_up;
          if ((flags & FAST_EMPTY)
              && !(p[0] == '<' && p[1] == '/'
                   && g_ascii_strncasecmp (p + 2, name, strlen (name)) == 0
                   && p[2 + strlen (name)] == '>'))
            goto give_up;
          /* The parser may drop a line break that starts a <pre>. */
          if ((flags & FAST_PRE) && (*p == '\n' || *p == '\r'))
            goto give_up;
        }
    }
  /* Elements still open end with the document, as the parser ends them. */
  while (depth > 0)
    {
      depth--;
      if (stack[depth].flags & FAST_UNWRAP)
        continue;
      vigil_html_out_literal (z.out, "</");
      vigil_html_out_append (z.out, stack[depth].name, strlen (stack[depth].name));
      g_string_append_c (z.out, '>');
    }
  if (!strip)
    result = g_strndup (z.out->str, z.out->len);
  else
    {
      /* What g_strstrip would keep, copied out of the working buffer. */
      const char *start = z.out->str;
      const char *stop = z.out->str + z.out->len;
      while (start < stop && g_ascii_isspace (*start))
        start++;
      while (stop > start && g_ascii_isspace (stop[-1]))
        stop--;
      result = g_strndup (start, stop - start);
    }
  fast_buffers_trim (buffers);
  if (out_rest != NULL)
    *out_rest = 0;
  return result;

give_up:
  result = NULL;
  if (out_rest != NULL && boundary != NULL)
    {
      result = g_strndup (z.out->str, boundary_out);
      *out_rest = (gsize) (boundary - html);
    }
  fast_buffers_trim (buffers);
  return result;
}

char *
vigil_html_sanitize_fast (const char *html, const char *base_url)
{
  return fast_sanitize (html, base_url, NULL, TRUE);
}

char *
vigil_html_sanitize_fast_part (const char *html, const char *base_url, gsize *out_rest)
{
  return fast_sanitize (html, base_url, out_rest, TRUE);
}

char *
vigil_html_sanitize_fast_continue (const char *html, const char *base_url, gsize *out_rest)
{
  return fast_sanitize (html, base_url, out_rest, FALSE);
}
