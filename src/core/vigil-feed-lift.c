/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-lift.c — long texts read before libxml2 reads the document, put back in its tree */
#include "config.h"

#include <libxml/tree.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vigil-feed-private.h"

/* libxml2 reads character data one character at a time where it matters most
 * to feeds: each reference of an escaped HTML description ("&lt;p&gt;…") costs
 * it a name lookup, and each byte of a CDATA section a decoding call. The
 * texts that carry them (a run of character data with a reference, a CDATA
 * section) are read here instead, in one pass, and replaced by a mark
 * (U+E000, a private-use character) for libxml2; once the tree is built each
 * mark in its text nodes is replaced, in document order, by the text read
 * here. The tree is the one libxml2 builds from the document itself:
 *
 * - only UTF-8 documents without a DOCTYPE (no entity of its own) and without
 *   the mark itself;
 * - a text is lifted only when it holds nothing libxml2 would refuse or
 *   change: valid UTF-8, XML characters only, no carriage return (which
 *   libxml2 normalises), no "]]>" in character data, references only to the
 *   five predefined entities or to XML characters by number;
 * - anything not understood here (an unterminated comment or tag) leaves the
 *   whole document to libxml2, and so does any document that libxml2 refuses
 *   once lifted: the caller reads the original then, so errors and recovery
 *   stay what they were. */

#define MARK "\xEE\x80\x80"
#define MARK_LEN 3

/* Shorter texts are left to libxml2: the lift would not pay. */
#define LIFT_MIN 24

/* libxml2 refuses a text node longer than this without XML_PARSE_HUGE. */
#define LIFT_MAX_DOCUMENT 10000000

/* The byte classes of character data: 0 for bytes copied as they are. */
enum
{
  PLAIN = 0,
  CONTROL, /* refused (carriage return included) */
  AMP,
  BRACKET,
  HIGH,
};

static guint8 byte_class[256];

static void
init_classes (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 0x20; c++)
        byte_class[c] = CONTROL;
      byte_class['\t'] = PLAIN;
      byte_class['\n'] = PLAIN;
      byte_class['&'] = AMP;
      byte_class[']'] = BRACKET;
      for (guint c = 0x80; c < 0x100; c++)
        byte_class[c] = HIGH;
      g_once_init_leave (&done, 1);
    }
}

static inline gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
         || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* The reference at p ('&'), decoded at *w (moved past it); the byte after
 * it, or NULL when it is not one that can be lifted. */
static const char *
decode_reference (const char *p, const char *end, char **w)
{
  static const struct
  {
    const char *name;
    gsize len;
    char c;
  } predefined[] = {
    { "amp;", 4, '&' },
    { "quot;", 5, '"' },
    { "apos;", 5, '\'' },
  };

  p++;
  if (end - p >= 3 && p[1] == 't' && p[2] == ';' && (p[0] == 'l' || p[0] == 'g'))
    {
      *(*w)++ = p[0] == 'l' ? '<' : '>';
      return p + 3;
    }
  if (p < end && *p == '#')
    {
      gunichar value = 0;
      gboolean hex = p + 1 < end && p[1] == 'x';
      const char *digits = p + (hex ? 2 : 1), *q = digits;

      for (; q < end && q - digits < 7; q++)
        {
          int d = hex ? g_ascii_xdigit_value (*q) : g_ascii_digit_value (*q);
          if (d < 0)
            break;
          value = value * (hex ? 16 : 10) + (gunichar) d;
        }
      if (q == digits || q >= end || *q != ';' || !is_xml_char (value))
        return NULL;
      *w += g_unichar_to_utf8 (value, *w);
      return q + 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (predefined); i++)
    if ((gsize) (end - p) >= predefined[i].len
        && memcmp (p, predefined[i].name, predefined[i].len) == 0)
      {
        *(*w)++ = predefined[i].c;
        return p + predefined[i].len;
      }
  return NULL;
}

#define BYTES(c) (G_GUINT64_CONSTANT (0x0101010101010101) * (guint8) (c))
#define HIGH_BITS BYTES (0x80)

/* Whether none of 8 bytes is a control, '&', ']' or a byte of a multibyte
 * character (tab and newline, which are plain, are then read a byte at a
 * time). */
static inline gboolean
word_is_plain (guint64 w)
{
  guint64 amp = w ^ BYTES ('&'), bracket = w ^ BYTES (']');
  guint64 control = (w - BYTES (0x20)) & ~w;

  amp = (amp - BYTES (1)) & ~amp;
  bracket = (bracket - BYTES (1)) & ~bracket;
  return ((control | amp | bracket | w) & HIGH_BITS) == 0;
}

/* The first byte from p on that word_is_plain would not pass (a control
 * other than tab or newline, '&', ']', or a byte of a multibyte character),
 * or the last up to 15 bytes before end: 16 bytes tested at once where the
 * machine has SSE2 (the lifted texts are most of a feed's bytes). */
static inline const char *
skip_plain (const char *p, const char *end)
{
#ifdef __SSE2__
  const __m128i space = _mm_set1_epi8 (0x20), tab = _mm_set1_epi8 ('\t'),
                newline = _mm_set1_epi8 ('\n'), amp = _mm_set1_epi8 ('&'),
                bracket = _mm_set1_epi8 (']');

  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) p);
      /* Signed: below 0x20 are the controls and every byte from 0x80. */
      __m128i controls
          = _mm_andnot_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, tab), _mm_cmpeq_epi8 (v, newline)),
                              _mm_cmplt_epi8 (v, space));
      __m128i bad = _mm_or_si128 (
          controls, _mm_or_si128 (_mm_cmpeq_epi8 (v, amp), _mm_cmpeq_epi8 (v, bracket)));
      int mask = _mm_movemask_epi8 (bad);
      if (mask != 0)
        return p + __builtin_ctz ((unsigned) mask);
      p += 16;
    }
#endif
  return p;
}

/* Appends the text [p, end) as libxml2 would deliver it (references decoded
 * when `character_data`, kept as written in a CDATA section): FALSE, out as it
 * was, when it holds anything libxml2 would refuse or change. What is
 * written is never longer than what is read (a reference is longer than its
 * character's UTF-8), so it is written in place. */
static gboolean
lift_text (const char *p, const char *end, gboolean character_data, GString *out)
{
  gsize start_len = out->len;
  char *w;

  g_string_set_size (out, start_len + (end - p));
  w = out->str + start_len;
  while (p < end)
    {
      const char *run = p;
      guint8 k = PLAIN;

      for (;;)
        {
          guint64 word;
          p = skip_plain (p, end);
          while (end - p >= 8 && (memcpy (&word, p, 8), word_is_plain (word)))
            p += 8;
          if (p < end && (k = byte_class[(guchar) *p]) == PLAIN)
            p++;
          else
            break;
        }
      memcpy (w, run, p - run);
      w += p - run;
      if (p == end)
        break;
      switch (k)
        {
        case AMP:
          if (!character_data)
            {
              *w++ = '&';
              p++;
            }
          else if ((p = decode_reference (p, end, &w)) == NULL)
            goto refuse;
          break;
        case BRACKET:
          if (character_data && end - p >= 3 && p[1] == ']' && p[2] == '>')
            goto refuse;
          *w++ = ']';
          p++;
          break;
        case HIGH:
          {
            const char *next = g_utf8_next_char (p);
            gunichar c;
            if (next > end)
              goto refuse;
            c = g_utf8_get_char_validated (p, next - p);
            if (c == (gunichar) -1 || c == (gunichar) -2 || !is_xml_char (c))
              goto refuse;
            memcpy (w, p, next - p);
            w += next - p;
            p = next;
          }
          break;
        default:
          goto refuse;
        }
    }
  g_string_set_size (out, w - out->str);
  return TRUE;

refuse:
  g_string_truncate (out, start_len);
  return FALSE;
}

/* Where "]]>" starts in [p, end), or NULL. */
static const char *
find_cdata_end (const char *p, const char *end)
{
  while (p + 3 <= end)
    {
      const char *b = memchr (p, ']', end - p - 2);
      if (b == NULL)
        return NULL;
      if (b[1] == ']' && b[2] == '>')
        return b;
      p = b + 1;
    }
  return NULL;
}

/* Where the construct at p ends (just past close), or NULL. */
static const char *
past (const char *p, const char *end, const char *close)
{
  gsize n = strlen (close);

  while ((gsize) (end - p) >= n)
    {
      const char *c = memchr (p, close[0], end - p - (n - 1));
      if (c == NULL)
        return NULL;
      if (memcmp (c + 1, close + 1, n - 1) == 0)
        return c + n;
      p = c + 1;
    }
  return NULL;
}

/* Each thread's three working buffers (the document, the texts, the spans),
 * kept from one document to the next: allocating two of a feed's size for
 * every feed cost a tenth of lifting it. Larger ones are let go. */
#define LIFT_KEEP_MAX (1024 * 1024)

static void
lifted_free (VigilFeedLifted *lifted)
{
  if (lifted->xml != NULL)
    g_string_free (lifted->xml, TRUE);
  if (lifted->texts != NULL)
    g_string_free (lifted->texts, TRUE);
  if (lifted->spans != NULL)
    g_array_unref (lifted->spans);
  memset (lifted, 0, sizeof *lifted);
}

static void
lift_buffers_free (gpointer data)
{
  lifted_free (data);
  g_free (data);
}

static GPrivate lift_buffers_key = G_PRIVATE_INIT (lift_buffers_free);

/* The kept buffers, emptied, with room for a document of length bytes (new
 * ones if none are kept). */
static void
lift_buffers_take (VigilFeedLifted *lifted, gsize length)
{
  VigilFeedLifted *kept = g_private_get (&lift_buffers_key);

  if (kept != NULL && kept->xml != NULL)
    {
      *lifted = *kept;
      memset (kept, 0, sizeof *kept);
      g_string_set_size (lifted->xml, length);
      g_string_truncate (lifted->xml, 0);
      g_string_set_size (lifted->texts, length / 2 + 64);
      g_string_truncate (lifted->texts, 0);
      g_array_set_size (lifted->spans, 0);
    }
  else
    {
      lifted->xml = g_string_sized_new (length);
      lifted->texts = g_string_sized_new (length / 2 + 64);
      lifted->spans = g_array_new (FALSE, FALSE, sizeof (VigilFeedSpan));
    }
  lifted->used = 0;
}

/* Gives the buffers back to be kept (or frees them); lifted is emptied. */
static void
lift_buffers_give_back (VigilFeedLifted *lifted)
{
  VigilFeedLifted *kept = g_private_get (&lift_buffers_key);

  if (lifted->xml == NULL)
    return;
  if (kept == NULL)
    {
      kept = g_new0 (VigilFeedLifted, 1);
      g_private_set (&lift_buffers_key, kept);
    }
  if (kept->xml == NULL && lifted->xml->allocated_len <= LIFT_KEEP_MAX
      && lifted->texts->allocated_len <= LIFT_KEEP_MAX)
    {
      *kept = *lifted;
      memset (lifted, 0, sizeof *lifted);
    }
  else
    lifted_free (lifted);
}

/* Appends a lifted text's mark, the text being out->str[from, len) of texts. */
static void
add_mark (GString *xml, GArray *spans, gsize from, gsize to)
{
  VigilFeedSpan span = { from, to - from };

  g_string_append_len (xml, MARK, MARK_LEN);
  g_array_append_val (spans, span);
}

gboolean
vigil_feed_lift (const char *data, gsize length, VigilFeedLifted *lifted)
{
  const char *p = data, *end = data + length;
  const char *copied = data; /* what comes before is in xml (one copy per lifted text) */
  GString *xml, *texts;
  GArray *spans;

  init_classes ();
  if (length < LIFT_MIN || length > LIFT_MAX_DOCUMENT)
    return FALSE;
  for (const char *m = memchr (data, 0xEE, length); m != NULL;
       m = memchr (m + 1, 0xEE, end - m - 1))
    if (end - m >= MARK_LEN && memcmp (m, MARK, MARK_LEN) == 0)
      return FALSE;
    else if (m + 1 >= end)
      break;

  lift_buffers_take (lifted, length);
  xml = lifted->xml;
  texts = lifted->texts;
  spans = lifted->spans;
  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *text_end = lt != NULL ? lt : end;
      const char *next;

      if (text_end - p >= LIFT_MIN && memchr (p, '&', text_end - p) != NULL)
        {
          gsize from = texts->len;
          if (lift_text (p, text_end, TRUE, texts))
            {
              g_string_append_len (xml, copied, p - copied);
              add_mark (xml, spans, from, texts->len);
              copied = text_end;
            }
        }
      if (lt == NULL)
        break;
      if (end - lt >= 9 && memcmp (lt, "<![CDATA[", 9) == 0)
        {
          const char *close = find_cdata_end (lt + 9, end);
          gsize from = texts->len;
          if (close == NULL)
            goto give_up;
          next = close + 3;
          if (close - (lt + 9) >= LIFT_MIN && lift_text (lt + 9, close, FALSE, texts))
            {
              g_string_append_len (xml, copied, lt - copied);
              add_mark (xml, spans, from, texts->len);
              copied = next;
            }
          p = next;
          continue;
        }
      if (end - lt >= 4 && memcmp (lt, "<!--", 4) == 0)
        next = past (lt + 4, end, "-->");
      else if (end - lt >= 2 && lt[1] == '?')
        next = past (lt + 2, end, "?>");
      else if (end - lt >= 2 && lt[1] == '!')
        goto give_up; /* a DOCTYPE: its entities are libxml2's to read */
      else
        next = vigil_feed_tag_end (lt, end);
      if (next == NULL)
        goto give_up;
      p = next;
    }
  if (spans->len == 0)
    goto give_up;
  g_string_append_len (xml, copied, end - copied);
  return TRUE;

give_up:
  lift_buffers_give_back (lifted);
  return FALSE;
}

void
vigil_feed_lifted_clear (VigilFeedLifted *lifted)
{
  lift_buffers_give_back (lifted);
}

/* Puts the lifted texts back in the text node's content. */
static gboolean
put_back (xmlNodePtr node, VigilFeedLifted *lifted, GString *buf)
{
  const char *content = (const char *) node->content, *copied = content, *p = content, *m;
  gboolean found = FALSE;

  if (strncmp (content, MARK, MARK_LEN) == 0 && content[MARK_LEN] == '\0')
    {
      /* The whole text was lifted (an escaped description): set at once. */
      VigilFeedSpan *span;
      if (lifted->used >= lifted->spans->len)
        return FALSE;
      span = &g_array_index (lifted->spans, VigilFeedSpan, lifted->used++);
      xmlNodeSetContentLen (node, (const xmlChar *) lifted->texts->str + span->offset,
                            (int) span->length);
      return TRUE;
    }
  g_string_truncate (buf, 0);
  while ((m = strchr (p, MARK[0])) != NULL)
    {
      VigilFeedSpan *span;

      if (m[1] != MARK[1] || m[2] != MARK[2])
        {
          p = m + 1;
          continue;
        }
      if (lifted->used >= lifted->spans->len)
        return FALSE;
      span = &g_array_index (lifted->spans, VigilFeedSpan, lifted->used++);
      g_string_append_len (buf, copied, m - copied);
      g_string_append_len (buf, lifted->texts->str + span->offset, span->length);
      found = TRUE;
      p = copied = m + MARK_LEN;
    }
  if (found)
    {
      g_string_append (buf, copied);
      xmlNodeSetContentLen (node, (const xmlChar *) buf->str, (int) buf->len);
    }
  return TRUE;
}

gboolean
vigil_feed_lift_restore (xmlNodePtr root, VigilFeedLifted *lifted)
{
  g_autoptr (GString) buf = g_string_new (NULL);
  xmlNodePtr node = root;

  if (root == NULL)
    return FALSE;

  /* Every node in document order, without recursion. */
  while (node != NULL)
    {
      if (node->type == XML_TEXT_NODE && node->content != NULL)
        {
          if (!put_back (node, lifted, buf))
            return FALSE;
        }
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node != root && node->next == NULL)
        node = node->parent;
      if (node == NULL || node == root)
        break;
      node = node->next;
    }
  return lifted->used == lifted->spans->len;
}
