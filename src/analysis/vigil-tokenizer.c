/* vigil-tokenizer.c */
#include "vigil-tokenizer.h"

#include <string.h>

char *
vigil_fold (const char *text, gssize length)
{
  g_autofree char *decomposed = NULL;
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  gboolean ascii = TRUE;

  /* Most words of most news are ASCII: lower-casing is all folding does. */
  for (gsize i = 0; i < len && ascii; i++)
    ascii = (guchar) text[i] < 0x80;
  if (ascii)
    return g_ascii_strdown (text, len);
  decomposed = g_utf8_normalize (text, length, G_NORMALIZE_NFKD);
  GString *out;

  if (decomposed == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

VigilTokens *
vigil_tokenize (const char *text)
{
  VigilTokens *t = g_new0 (VigilTokens, 1);
  const char *p = text;
  guint cp = 0;
  gboolean sentence_start = TRUE, paragraph_start = TRUE;
  gboolean joinable = FALSE; /* only joiners since the previous token */

  t->text = text;
  t->tokens = g_array_sized_new (FALSE, TRUE, sizeof (VigilToken), strlen (text) / 6 + 8);
  t->arena = g_string_sized_new (strlen (text) + 16);

  while (*p)
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (is_word_char (c))
        {
          VigilToken tok = { 0 };
          const char *start = p;
          gboolean has_letter = FALSE, all_upper = TRUE;

          tok.start = cp;
          tok.byte_start = p - text;
          gboolean ascii = TRUE;
          /* ASCII letters and digits, the common case, without decoding. */
          while (g_ascii_isalnum (*p))
            {
              if (g_ascii_isalpha (*p))
                {
                  has_letter = TRUE;
                  if (!g_ascii_isupper (*p))
                    all_upper = FALSE;
                }
              p++;
              cp++;
            }
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
                  ascii = FALSE;
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
          tok.end = cp;
          tok.byte_end = p - text;
          tok.folded_offset = t->arena->len;
          if (ascii)
            {
              gsize at = t->arena->len, n = p - start;
              g_string_set_size (t->arena, at + n);
              for (gsize q = 0; q < n; q++)
                t->arena->str[at + q] = g_ascii_tolower (start[q]);
            }
          else
            {
              g_autofree char *folded = vigil_fold (start, p - start);
              g_string_append (t->arena, folded);
            }
          g_string_append_c (t->arena, '\0');
          /* Scripts without case (Arabic, Chinese…) write every name "capitalised". */
          if ((guchar) *start < 0x80)
            {
              if (g_ascii_isupper (*start))
                tok.flags |= VIGIL_TOKEN_CAPITALIZED;
            }
          else
            {
              c = g_utf8_get_char (start);
              if (g_unichar_isupper (c) || g_unichar_istitle (c)
                  || (g_unichar_isalpha (c) && !g_unichar_islower (c)))
                tok.flags |= VIGIL_TOKEN_CAPITALIZED;
            }
          if (has_letter && all_upper)
            tok.flags |= VIGIL_TOKEN_ALL_UPPER;
          if (sentence_start)
            tok.flags |= VIGIL_TOKEN_SENTENCE_START;
          if (paragraph_start)
            tok.flags |= VIGIL_TOKEN_PARAGRAPH_START;
          if (joinable && t->tokens->len > 0)
            tok.flags |= VIGIL_TOKEN_JOINED_PREV;
          g_array_append_val (t->tokens, tok);
          sentence_start = paragraph_start = FALSE;
          joinable = TRUE;
          continue;
        }

      if (c == '\n')
        sentence_start = paragraph_start = TRUE;
      else if (c == '.' || c == '!' || c == '?' || c == 0x061F /* Arabic ? */ || c == 0x3002)
        {
          /* "Gen. Smith" and "U.S." do not end sentences: a dot after a single
           * letter or a known abbreviation is not a sentence boundary. */
          if (t->tokens->len > 0 && c == '.')
            {
              VigilToken *last = &g_array_index (t->tokens, VigilToken, t->tokens->len - 1);
              const char *f = t->arena->str + last->folded_offset;
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
  /* The arena no longer moves: point the tokens into it. */
  for (guint i = 0; i < t->tokens->len; i++)
    {
      VigilToken *tok = &g_array_index (t->tokens, VigilToken, i);
      tok->folded = t->arena->str + tok->folded_offset;
    }
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
