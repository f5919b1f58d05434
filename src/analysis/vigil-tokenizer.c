/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-tokenizer.c */
#include "vigil-tokenizer.h"
#include "vigil-word-table.h"

#include <string.h>

static char *
fold_slow (const char *text, gssize length)
{
  g_autofree char *decomposed = g_utf8_normalize (text, length, G_NORMALIZE_NFKD);
  GString *out;

  if (decomposed == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_ismark (c))
        continue;
      /* Letters no decomposition takes to their base letter, as ASCII
       * spellings of Turkish, Polish, Danish, Croatian and Maltese names
       * write them ("Sanliurfa", "Lodz", "Tonder", "Dakovica"). */
      switch (c)
        {
        case 0x0131: /* ı */
          c = 'i';
          break;
        case 0x0141: /* Ł */
        case 0x0142: /* ł */
          c = 'l';
          break;
        case 0x00D8: /* Ø */
        case 0x00F8: /* ø */
          c = 'o';
          break;
        case 0x0110: /* Đ */
        case 0x0111: /* đ */
          c = 'd';
          break;
        case 0x0126: /* Ħ */
        case 0x0127: /* ħ */
          c = 'h';
          break;
        default:
          break;
        }
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

/* Folding works character by character (decompose, drop marks, lower-case), so
 * the folded form of every two-byte UTF-8 character (Latin with diacritics,
 * Greek, Cyrillic, Hebrew, Arabic) is worked out once, by the same code. */
typedef char Fold[8];

static const Fold *
two_byte_folds (void)
{
  static Fold *folds;

  if (g_once_init_enter (&folds))
    {
      Fold *t = g_new0 (Fold, 0x800);
      for (gunichar c = 0x80; c < 0x800; c++)
        {
          char utf8[8];
          int n = g_unichar_to_utf8 (c, utf8);
          g_autofree char *folded = fold_slow (utf8, n);
          if (strlen (folded) < sizeof t[c])
            strcpy (t[c], folded);
          else
            t[c][0] = '\xff'; /* does not fit: the slow way */
        }
      g_once_init_leave (&folds, t);
    }
  return folds;
}

/* Appends the folded form of text to out. */
static void
fold_into (GString *out, const char *text, gsize len)
{
  const Fold *folds = two_byte_folds ();
  gsize mark = out->len;
  gsize i = 0;

  while (i < len)
    {
      guchar c = text[i];
      if (c < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (c));
          i++;
          continue;
        }
      if ((c & 0xE0) == 0xC0 && i + 1 < len && ((guchar) text[i + 1] & 0xC0) == 0x80)
        {
          gunichar u = ((c & 0x1F) << 6) | (text[i + 1] & 0x3F);
          if (u >= 0x80 && folds[u][0] != '\xff')
            {
              /* A byte or a few: appended in place, without a call for the length. */
              for (const char *f = folds[u]; *f != '\0'; f++)
                g_string_append_c (out, *f);
              i += 2;
              continue;
            }
        }
      /* Longer characters (and anything odd): the whole word the slow way. */
      {
        g_autofree char *slow = fold_slow (text, len);
        g_string_truncate (out, mark);
        g_string_append (out, slow);
        return;
      }
    }
}

char *
vigil_fold (const char *text, gssize length)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  GString *out = g_string_sized_new (len + 1);

  fold_into (out, text, len);
  return g_string_free (out, FALSE);
}

enum
{
  CLASS_ALNUM = 1 << 0,
  CLASS_ALPHA = 1 << 1,
  CLASS_UPPER = 1 << 2,
  CLASS_LOWER = 1 << 3,
};

/* ASCII letters and digits; bytes from 0x80 are none of these. */
static const guint8 ascii_class[256] = {
#define DIGIT CLASS_ALNUM
#define UPPER (CLASS_ALNUM | CLASS_ALPHA | CLASS_UPPER)
#define LOWER (CLASS_ALNUM | CLASS_ALPHA | CLASS_LOWER)
  ['0'] = DIGIT, ['1'] = DIGIT, ['2'] = DIGIT, ['3'] = DIGIT, ['4'] = DIGIT, ['5'] = DIGIT,
  ['6'] = DIGIT, ['7'] = DIGIT, ['8'] = DIGIT, ['9'] = DIGIT, ['A'] = UPPER, ['B'] = UPPER,
  ['C'] = UPPER, ['D'] = UPPER, ['E'] = UPPER, ['F'] = UPPER, ['G'] = UPPER, ['H'] = UPPER,
  ['I'] = UPPER, ['J'] = UPPER, ['K'] = UPPER, ['L'] = UPPER, ['M'] = UPPER, ['N'] = UPPER,
  ['O'] = UPPER, ['P'] = UPPER, ['Q'] = UPPER, ['R'] = UPPER, ['S'] = UPPER, ['T'] = UPPER,
  ['U'] = UPPER, ['V'] = UPPER, ['W'] = UPPER, ['X'] = UPPER, ['Y'] = UPPER, ['Z'] = UPPER,
  ['a'] = LOWER, ['b'] = LOWER, ['c'] = LOWER, ['d'] = LOWER, ['e'] = LOWER, ['f'] = LOWER,
  ['g'] = LOWER, ['h'] = LOWER, ['i'] = LOWER, ['j'] = LOWER, ['k'] = LOWER, ['l'] = LOWER,
  ['m'] = LOWER, ['n'] = LOWER, ['o'] = LOWER, ['p'] = LOWER, ['q'] = LOWER, ['r'] = LOWER,
  ['s'] = LOWER, ['t'] = LOWER, ['u'] = LOWER, ['v'] = LOWER, ['w'] = LOWER, ['x'] = LOWER,
  ['y'] = LOWER, ['z'] = LOWER,
#undef DIGIT
#undef UPPER
#undef LOWER
};

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* A wire dateline's dash: "ABIDJAN (AFP) - Police fired", "ERBIL, Iraq
 * (Reuters) — Three rockets": a dash between spaces (an em dash may have
 * none) a few words into a paragraph that opens with a word in capitals. The
 * word after it opens the report's first sentence. */
static gboolean
dateline_dash (const VigilToken *toks, guint n, guint paragraph_first, const char *text,
               const char *p)
{
  const char *next = g_utf8_next_char (p);
  gboolean em = g_utf8_get_char (p) == 0x2014;

  if (n == 0 || n <= paragraph_first || n - paragraph_first > 8
      || !(toks[paragraph_first].flags & VIGIL_TOKEN_ALL_UPPER)
      || toks[paragraph_first].end - toks[paragraph_first].start < 2)
    return FALSE;
  return (p > text && p[-1] == ' ' && *next == ' ') || (em && *next != '\0');
}

VigilTokens *
vigil_tokenize (const char *text)
{
  return vigil_tokenize_into (NULL, text);
}

VigilTokens *
vigil_tokenize_into (VigilTokens *reuse, const char *text)
{
  VigilTokens *t = reuse ? reuse : g_new0 (VigilTokens, 1);
  const char *p = text;
  guint cp = 0, n = 0;
  gsize text_len = strlen (text);
  gboolean sentence_start = TRUE, paragraph_start = TRUE;
  gboolean joinable = FALSE; /* only joiners since the previous token */
  guint paragraph_first = 0; /* the paragraph's first token */
  VigilToken *toks;

  t->text = text;
  /* Tokens are written in place; the array grows by doubling when a text has
   * more words than a sixth of its bytes. */
  if (t->tokens == NULL)
    t->tokens = g_array_sized_new (FALSE, FALSE, sizeof (VigilToken), text_len / 6 + 8);
  g_array_set_size (t->tokens, MAX (t->tokens->len, text_len / 6 + 8));
  toks = (VigilToken *) (gpointer) t->tokens->data;
  /* Room for every folded ASCII word and its NUL without growing: at most
   * twice the text. */
  if (t->arena == NULL)
    t->arena = g_string_sized_new (2 * text_len + 16);
  else if (t->arena->allocated_len < 2 * text_len + 16)
    g_string_set_size (t->arena, 2 * text_len + 16);
  g_string_truncate (t->arena, 0);

  while (*p)
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (is_word_char (c))
        {
          VigilToken *tok;
          const char *start = p;
          gboolean has_letter = FALSE, all_upper = TRUE, ascii = TRUE;
          guint flags = 0;
          gsize at;

          if (n == t->tokens->len)
            {
              g_array_set_size (t->tokens, n * 2);
              toks = (VigilToken *) (gpointer) t->tokens->data;
            }
          tok = &toks[n];
          tok->start = cp;
          tok->byte_start = p - text;
          at = t->arena->len;
          /* ASCII letters and digits, the common case: classified, lower-cased
           * and hashed in one pass, straight into the arena (which has room for
           * the rest of the text: see below). */
          {
            char *dest = t->arena->str + at;
            guint acc = 0;
            guint32 h = VIGIL_WORD_HASH_INIT;
            gsize len = 0;
            guint8 k;
            while ((k = ascii_class[(guchar) *p]) & CLASS_ALNUM)
              {
                char lower = (k & CLASS_UPPER) ? *p + ('a' - 'A') : *p;
                acc |= k;
                dest[len++] = lower;
                h = VIGIL_WORD_HASH_STEP (h, lower);
                p++;
              }
            cp += len;
            has_letter = (acc & CLASS_ALPHA) != 0;
            all_upper = has_letter && !(acc & CLASS_LOWER);
            if ((guchar) *p < 0x80 || !is_word_char (g_utf8_get_char (p)))
              {
                t->arena->len = at + len;
                t->arena->str[t->arena->len] = '\0';
                tok->hash = h;
              }
            else
              ascii = FALSE;
          }
          if (!ascii)
            {
              /* Letters beyond ASCII: decoded, and folded the full way. */
              while (*p && is_word_char ((guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p)))
                {
                  gunichar w = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
                  if (w < 0x80)
                    {
                      if (g_ascii_isalpha (w))
                        {
                          has_letter = TRUE;
                          if (!g_ascii_isupper (w))
                            all_upper = FALSE;
                        }
                      p++;
                    }
                  else
                    {
                      if (g_unichar_isalpha (w))
                        {
                          has_letter = TRUE;
                          if (!g_unichar_isupper (w))
                            all_upper = FALSE;
                        }
                      p = g_utf8_next_char (p);
                    }
                  cp++;
                }
              g_string_truncate (t->arena, at);
              fold_into (t->arena, start, p - start);
              tok->hash = vigil_word_hash (t->arena->str + at, t->arena->len - at);
              /* Keep room for the rest of the text written the fast way. */
              if (t->arena->allocated_len < t->arena->len + 2 * (text_len - (p - text)) + 16)
                {
                  gsize keep = t->arena->len;
                  g_string_set_size (t->arena, keep + 2 * (text_len - (p - text)) + 16);
                  g_string_truncate (t->arena, keep);
                }
            }
          tok->end = cp;
          tok->byte_end = p - text;
          g_string_append_c (t->arena, '\0');
          /* The arena may still move: the offset for now, the pointer at the end. */
          tok->folded = (const char *) (gsize) at;
          /* Scripts without case (Arabic, Chinese…) write every name "capitalised". */
          if ((guchar) *start < 0x80)
            {
              if (g_ascii_isupper (*start))
                flags |= VIGIL_TOKEN_CAPITALIZED;
            }
          else
            {
              c = g_utf8_get_char (start);
              if (g_unichar_isupper (c) || g_unichar_istitle (c)
                  || (g_unichar_isalpha (c) && !g_unichar_islower (c)))
                flags |= VIGIL_TOKEN_CAPITALIZED;
            }
          if (has_letter && all_upper)
            flags |= VIGIL_TOKEN_ALL_UPPER;
          if (sentence_start)
            flags |= VIGIL_TOKEN_SENTENCE_START;
          if (paragraph_start)
            {
              flags |= VIGIL_TOKEN_PARAGRAPH_START;
              paragraph_first = n;
            }
          if (joinable && n > 0)
            flags |= VIGIL_TOKEN_JOINED_PREV;
          tok->flags = flags;
          n++;
          sentence_start = paragraph_start = FALSE;
          joinable = TRUE;
          continue;
        }

      if (c == '\n')
        sentence_start = paragraph_start = TRUE;
      else if ((c == '-' || c == 0x2013 || c == 0x2014)
               && dateline_dash (toks, n, paragraph_first, text, p))
        sentence_start = TRUE;
      else if (c == '.' || c == '!' || c == '?' || c == 0x061F /* Arabic ? */ || c == 0x3002)
        {
          /* "Gen. Smith" and "U.S." do not end sentences: a dot after a single
           * letter or a known abbreviation is not a sentence boundary. */
          if (n > 0 && c == '.')
            {
              VigilToken *last = &toks[n - 1];
              const char *f = t->arena->str + (gsize) last->folded;
              gboolean abbrev = last->end - last->start == 1 || g_str_equal (f, "mr")
                                || g_str_equal (f, "mrs") || g_str_equal (f, "ms")
                                || g_str_equal (f, "dr") || g_str_equal (f, "gen")
                                || g_str_equal (f, "col") || g_str_equal (f, "lt")
                                || g_str_equal (f, "st") || g_str_equal (f, "sgt");
              if (!abbrev)
                sentence_start = TRUE;
            }
          else
            sentence_start = TRUE;
        }
      if (!(c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' || c == 0x2019 || c == '.'))
        joinable = FALSE;
      p = g_utf8_next_char (p);
      cp++;
    }
  g_array_set_size (t->tokens, n);
  /* The arena no longer moves: point the tokens into it. */
  for (guint i = 0; i < n; i++)
    toks[i].folded = t->arena->str + (gsize) toks[i].folded;
  return t;
}

void
vigil_tokens_free (VigilTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_array_unref (tokens->tokens);
  g_string_free (tokens->arena, TRUE);
  g_free (tokens);
}
