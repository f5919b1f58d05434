/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-query-eval.c — a parsed alert query evaluated on a text and its analysis */
#include "config.h"

#include "vigil-alert-query-private.h"

/* ---- evaluation ---- */

typedef struct
{
  const VigilQueryContext *ctx;
  GPtrArray *terms;
  GArray *spans;
  struct _TokenIndex *index; /* the text's words, when a query has many (or NULL) */
} Eval;

/* Where each word of the text is, so that a query of thousands of words (a
 * long OR list) looks each up instead of scanning a long article once per
 * word. Built only when scanning would cost more. */
typedef struct _TokenIndex
{
  VigilTokens *tokens;
  GHashTable *positions; /* folded word -> GArray of guint, ascending */
  GPtrArray *words;      /* the distinct words, sorted, for prefixes (made when needed) */
} TokenIndex;

static TokenIndex *
token_index_new (VigilTokens *tokens)
{
  TokenIndex *index = g_new0 (TokenIndex, 1);

  index->tokens = tokens;
  index->positions
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      const char *folded = vigil_tokens_get (tokens, i)->folded;
      GArray *at = g_hash_table_lookup (index->positions, folded);
      if (at == NULL)
        {
          at = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (index->positions, (gpointer) folded, at);
        }
      g_array_append_val (at, i);
    }
  return index;
}

static void
token_index_free (TokenIndex *index)
{
  if (index == NULL)
    return;
  g_hash_table_unref (index->positions);
  if (index->words)
    g_ptr_array_unref (index->words);
  g_free (index);
}

static int
compare_words (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* Token positions where a term may start, ascending: those of its first word,
 * or of every word it is a prefix of (a one-word term with a trailing *). */
static GArray *
candidates (TokenIndex *index, Node *n, gboolean first_is_prefix)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!first_is_prefix && n->forms == NULL)
    {
      GArray *at = g_hash_table_lookup (index->positions, n->words[0]);
      if (at)
        g_array_append_vals (out, at->data, at->len);
      return out;
    }
  if (!first_is_prefix)
    {
      for (guint i = 0; n->forms[i]; i++)
        {
          GArray *at = g_hash_table_lookup (index->positions, n->forms[i]);
          if (at)
            g_array_append_vals (out, at->data, at->len);
        }
      g_array_sort (out, compare_uint);
      return out;
    }
  if (index->words == NULL)
    {
      GHashTableIter iter;
      gpointer key;
      index->words = g_ptr_array_sized_new (g_hash_table_size (index->positions));
      g_hash_table_iter_init (&iter, index->positions);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (index->words, key);
      g_ptr_array_sort (index->words, compare_words);
    }
  {
    /* the words with the prefix are together in sorted order */
    guint a = 0, b = index->words->len;
    while (a < b)
      {
        guint mid = a + (b - a) / 2;
        if (strcmp (g_ptr_array_index (index->words, mid), n->words[0]) < 0)
          a = mid + 1;
        else
          b = mid;
      }
    for (; a < index->words->len
           && g_str_has_prefix (g_ptr_array_index (index->words, a), n->words[0]);
         a++)
      {
        GArray *at = g_hash_table_lookup (index->positions, g_ptr_array_index (index->words, a));
        g_array_append_vals (out, at->data, at->len);
      }
    g_array_sort (out, compare_uint);
  }
  return out;
}

typedef struct
{
  guint first, last; /* tokens */
} Hit;

/* The words a match is shown with (a notification, a webhook, the alert's
 * record): each once, and no more than a reader takes in. A hostile text of
 * 100,000 distinct words matching "kidnap*" must not make this quadratic. */
#define MAX_MATCHED_TERMS 32

static void
add_term (GPtrArray *out, const char *text)
{
  if (out == NULL || out->len >= MAX_MATCHED_TERMS)
    return;
  for (guint i = 0; i < out->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (out, i), text) == 0)
      return;
  g_ptr_array_add (out, g_strdup (text));
}

/* Every place the words occur in tokens. */
static GArray *
term_hits (Node *n, VigilTokens *tokens, TokenIndex *index)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  guint len = g_strv_length (n->words);
  g_autoptr (GArray) starts
      = index && index->tokens == tokens ? candidates (index, n, n->prefix && len == 1) : NULL;

  for (guint c = 0; tokens && (starts ? c < starts->len : c + len <= tokens->tokens->len); c++)
    {
      guint i = starts ? g_array_index (starts, guint, c) : c;
      gboolean ok = i + len <= tokens->tokens->len;
      for (guint k = 0; k < len && ok; k++)
        {
          const char *f = vigil_tokens_get (tokens, i + k)->folded;
          ok = n->prefix && k == len - 1 ? g_str_has_prefix (f, n->words[k])
               : n->forms                ? strncmp (f, n->forms[0], n->forms_common) == 0
                                && g_strv_contains ((const char *const *) n->forms, f)
                          : g_str_equal (f, n->words[k]);
        }
      if (ok)
        {
          Hit h = { i, i + len - 1 };
          g_array_append_val (hits, h);
        }
    }
  return hits;
}

static void
record_hits (Eval *ev, VigilTokens *tokens, GArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      Hit *h = &g_array_index (hits, Hit, i);
      VigilToken *a = vigil_tokens_get (tokens, h->first);
      VigilToken *b = vigil_tokens_get (tokens, h->last);
      if (ev->terms)
        {
          g_autofree char *text
              = g_strndup (tokens->text + a->byte_start, b->byte_end - a->byte_start);
          add_term (ev->terms, text);
        }
      if (ev->spans && tokens == ev->ctx->tokens)
        {
          VigilQuerySpan s = { a->start, b->end };
          g_array_append_val (ev->spans, s);
        }
    }
}

/* Hits of a NEAR operand (a text term or an OR of them). */
static GArray *
operand_hits (Node *n, VigilTokens *tokens, TokenIndex *index)
{
  if (n->kind == NODE_TERM)
    return term_hits (n, tokens, index);
  {
    GArray *all = g_array_new (FALSE, FALSE, sizeof (Hit));
    for (guint i = 0; i < n->children->len; i++)
      {
        g_autoptr (GArray) some = operand_hits (g_ptr_array_index (n->children, i), tokens, index);
        g_array_append_vals (all, some->data, some->len);
      }
    return all;
  }
}

static gboolean
compare (Cmp cmp, int a, int b)
{
  switch (cmp)
    {
    case CMP_GE:
      return a >= b;
    case CMP_GT:
      return a > b;
    case CMP_LE:
      return a <= b;
    case CMP_LT:
      return a < b;
    case CMP_EQ:
    default:
      return a == b;
    }
}

/* The canonical name the gazetteer lists for the query's words, if any. */
static char **
canonical_words (Node *n, VigilGazetteer *gazetteer)
{
  g_autofree char *phrase = g_strjoinv (" ", n->words);
  g_autoptr (VigilTokens) tokens = vigil_tokenize (phrase);
  const VigilEntry *entry = NULL;
  if (gazetteer == NULL
      || vigil_gazetteer_match (gazetteer, tokens, 0, NULL, NULL, &entry) != tokens->tokens->len
      || entry == NULL || entry->canonical == NULL)
    return NULL;
  {
    g_autoptr (VigilTokens) canonical = vigil_tokenize (entry->canonical);
    GPtrArray *words = g_ptr_array_new ();
    for (guint i = 0; i < canonical->tokens->len; i++)
      g_ptr_array_add (words, g_strdup (vigil_tokens_get (canonical, i)->folded));
    g_ptr_array_add (words, NULL);
    return (char **) g_ptr_array_free (words, FALSE);
  }
}

static gboolean
same_words (VigilTokens *t, char **words)
{
  guint len = g_strv_length (words);
  gboolean same = t->tokens->len == len;

  for (guint k = 0; same && k < len; k++)
    same = g_str_equal (vigil_tokens_get (t, k)->folded, words[k]);
  return same;
}

static gboolean
entity_matches (Node *n, const VigilEntity *e, char **alias_canonical)
{
  g_autoptr (VigilTokens) canonical = NULL;
  g_autoptr (VigilTokens) text = NULL;

  if (n->value && !g_str_equal (n->value, vigil_entity_type_to_string (e->type)))
    return FALSE;
  canonical = vigil_tokenize (e->canonical);
  text = vigil_tokenize (e->text);
  return same_words (canonical, n->words) || same_words (text, n->words)
         || (alias_canonical && same_words (canonical, alias_canonical));
}

static int
hit_cmp_first (gconstpointer a, gconstpointer b)
{
  guint x = ((const Hit *) a)->first, y = ((const Hit *) b)->first;
  return x < y ? -1 : x > y;
}

static int
hit_cmp_last (gconstpointer a, gconstpointer b)
{
  guint x = ((const Hit *) a)->last, y = ((const Hit *) b)->last;
  return x < y ? -1 : x > y;
}

static GArray *
sorted_copy (GArray *hits, GCompareFunc cmp)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (Hit), hits->len);

  g_array_append_vals (copy, hits->data, hits->len);
  g_array_sort (copy, cmp);
  return copy;
}

/* Whether a hit of `sorted` (sorted by its first token, or by its last when
 * by_last) has that token in [lo, hi]. */
static gboolean
any_in (GArray *sorted, gboolean by_last, gint64 lo, gint64 hi)
{
  guint a = 0, b = sorted->len;

  if (hi < lo || hi < 0)
    return FALSE;
  while (a < b) /* the first hit at or after lo */
    {
      guint mid = a + (b - a) / 2;
      const Hit *h = &g_array_index (sorted, Hit, mid);
      if ((gint64) (by_last ? h->last : h->first) < lo)
        a = mid + 1;
      else
        b = mid;
    }
  if (a == sorted->len)
    return FALSE;
  {
    const Hit *h = &g_array_index (sorted, Hit, a);
    return (gint64) (by_last ? h->last : h->first) <= hi;
  }
}

/* A NEAR b: at most distance words between a hit of each side (ONEAR: the
 * left one first). Each hit looks for a partner by binary search in the other
 * side's hits, sorted once: O((L + R) log (L + R)), not every pair. The hits
 * that have a partner are recorded, the left side's first. */
static gboolean
eval_near (Eval *ev, Node *n, GArray *left, GArray *right)
{
  g_autoptr (GArray) right_first = sorted_copy (right, hit_cmp_first);
  g_autoptr (GArray) right_last = sorted_copy (right, hit_cmp_last);
  g_autoptr (GArray) matched = g_array_new (FALSE, FALSE, sizeof (Hit));
  gint64 d = n->distance;
  gboolean record = ev->terms != NULL || ev->spans != NULL;

  for (guint i = 0; i < left->len; i++)
    {
      const Hit *a = &g_array_index (left, Hit, i);
      if (any_in (right_first, FALSE, (gint64) a->last + 1, (gint64) a->last + 1 + d)
          || (!n->ordered
              && any_in (right_last, TRUE, (gint64) a->first - 1 - d, (gint64) a->first - 1)))
        {
          if (!record)
            return TRUE;
          g_array_append_val (matched, *a);
        }
    }
  if (matched->len == 0)
    return FALSE;
  {
    g_autoptr (GArray) left_first = sorted_copy (left, hit_cmp_first);
    g_autoptr (GArray) left_last = sorted_copy (left, hit_cmp_last);
    for (guint k = 0; k < right->len; k++)
      {
        const Hit *b = &g_array_index (right, Hit, k);
        if (any_in (left_last, TRUE, (gint64) b->first - 1 - d, (gint64) b->first - 1)
            || (!n->ordered
                && any_in (left_first, FALSE, (gint64) b->last + 1, (gint64) b->last + 1 + d)))
          g_array_append_val (matched, *b);
      }
  }
  record_hits (ev, ev->ctx->tokens, matched);
  return TRUE;
}

static gboolean
eval (Eval *ev, Node *n)
{
  const VigilQueryContext *ctx = ev->ctx;

  switch (n->kind)
    {
    case NODE_TERM:
      {
        VigilTokens *tokens = ctx->tokens;
        g_autoptr (VigilTokens) source = NULL;
        g_autoptr (GArray) hits = NULL;
        if (n->scope == SCOPE_TITLE)
          tokens = ctx->title_tokens;
        else if (n->scope == SCOPE_SOURCE)
          tokens = source = ctx->source ? vigil_tokenize (ctx->source) : NULL;
        if (tokens == NULL)
          return FALSE;
        hits = term_hits (n, tokens, ev->index);
        if (hits->len > 0 && n->scope != SCOPE_SOURCE)
          record_hits (ev, tokens, hits);
        return hits->len > 0;
      }
    case NODE_LANG:
      return ctx->language && g_ascii_strncasecmp (ctx->language, n->value, strlen (n->value)) == 0;
    case NODE_COUNTRY:
    case NODE_ENTITY:
      {
        g_auto (GStrv) alias = n->kind == NODE_ENTITY ? canonical_words (n, ctx->gazetteer) : NULL;
        for (guint i = 0; ctx->analysis && i < ctx->analysis->entities->len; i++)
          {
            const VigilEntity *e = &g_array_index (ctx->analysis->entities, VigilEntity, i);
            if (n->kind == NODE_COUNTRY
                    ? e->country && g_ascii_strcasecmp (e->country, n->value) == 0
                    : entity_matches (n, e, alias))
              return TRUE;
          }
        /* "Russian forces": the country, though no place of it is named. */
        for (guint i = 0; n->kind == NODE_COUNTRY && ctx->analysis && ctx->analysis->demonyms
                          && i < ctx->analysis->demonyms->len;
             i++)
          if (g_ascii_strcasecmp (g_array_index (ctx->analysis->demonyms, VigilDemonym, i).country,
                                  n->value)
              == 0)
            return TRUE;
        return FALSE;
      }
    case NODE_CATEGORY:
      for (guint i = 0; ctx->analysis && i < ctx->analysis->risks->len; i++)
        if (g_strv_contains ((const char *const *) n->words,
                             g_array_index (ctx->analysis->risks, VigilRisk, i).category))
          return TRUE;
      return FALSE;
    case NODE_SCORE:
      return compare (n->cmp, ctx->score, n->number);
    case NODE_LEVEL:
      return ctx->level != NULL && compare (n->cmp, level_rank (ctx->level), n->number);
    case NODE_NOT:
      {
        Eval quiet = { ctx, NULL, NULL, ev->index };
        return !eval (&quiet, g_ptr_array_index (n->children, 0));
      }
    case NODE_AND:
      {
        g_autoptr (GPtrArray) terms = ev->terms ? g_ptr_array_new_with_free_func (g_free) : NULL;
        g_autoptr (GArray) spans
            = ev->spans ? g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan)) : NULL;
        Eval local = { ctx, terms, spans, ev->index };
        for (guint i = 0; i < n->children->len; i++)
          if (!eval (&local, g_ptr_array_index (n->children, i)))
            return FALSE;
        for (guint i = 0; terms && i < terms->len; i++)
          add_term (ev->terms, g_ptr_array_index (terms, i));
        if (spans)
          g_array_append_vals (ev->spans, spans->data, spans->len);
        return TRUE;
      }
    case NODE_NEAR:
      {
        g_autoptr (GArray) left
            = operand_hits (g_ptr_array_index (n->children, 0), ctx->tokens, ev->index);
        g_autoptr (GArray) right
            = operand_hits (g_ptr_array_index (n->children, 1), ctx->tokens, ev->index);
        return eval_near (ev, n, left, right);
      }
    case NODE_OR:
    default:
      {
        gboolean any = FALSE;
        for (guint i = 0; i < n->children->len; i++)
          if (eval (ev, g_ptr_array_index (n->children, i)))
            {
              any = TRUE;
              if (ev->terms == NULL && ev->spans == NULL)
                return TRUE;
            }
        return any;
      }
    }
}

gboolean
vigil_query_match_context (VigilQuery *query, const VigilQueryContext *context,
                           GPtrArray *out_terms, GArray *out_spans)
{
  Eval ev = { context, out_terms, out_spans, NULL };
  gboolean matched;

  /* Scanning costs words × tokens; an index, about tokens. */
  if (context->tokens && query->n_terms >= 4
      && (guint64) query->n_terms * context->tokens->tokens->len > 1000000)
    ev.index = token_index_new (context->tokens);
  matched = eval (&ev, query->root);
  token_index_free (ev.index);
  return matched;
}

gboolean
vigil_query_match (VigilQuery *query, VigilTokens *tokens, GPtrArray *out_terms)
{
  VigilQueryContext ctx = { 0 };

  ctx.tokens = tokens;
  return vigil_query_match_context (query, &ctx, out_terms, NULL);
}
