/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gazetteer.c */
#include "config.h"

#include "vigil-gazetteer.h"
#include "vigil-gazetteer-private.h"
#include "vigil-gazetteer-internal.h"
#include "vigil-word-table.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct _Node Node;
struct _Node
{
  VigilWordTable *children; /* folded token -> Node*, NULL when leaf */
  GPtrArray *entries;       /* VigilEntry*, NULL when no list ends here */
  /* Its first entry and their number, in the node: most phrases have one
   * entry, which matching then reaches without reading the array. */
  const VigilEntry *first_entry;
  guint n_entries;
  gboolean suppressed; /* the user said this phrase is nothing */
  /* The folded word that leads here from the parent, the key of the parent's
   * table: kept in the node, so that the comparison a lookup makes when the
   * hashes agree reads the memory the node's fields are then read from. */
  char word[];
};

static void node_free (Node *node);

static Node *
node_new (const char *word)
{
  gsize len = strlen (word);
  Node *node = g_malloc0 (sizeof (Node) + len + 1);

  memcpy (node->word, word, len);
  return node;
}

static void
entry_free (VigilEntry *e)
{
  g_free (e->name);
  g_free (e->canonical);
  g_free (e->category);
  g_strfreev (e->unless_next);
  g_strfreev (e->unless_prev);
  g_strfreev (e->unless_near);
  g_free (e->unless_hashes);
  g_free (e);
}

static void
node_free (Node *node)
{
  if (node->children)
    {
      vigil_word_table_clear (node->children, NULL, (GDestroyNotify) node_free);
      g_free (node->children);
    }
  if (node->entries)
    g_ptr_array_unref (node->entries);
  g_free (node);
}

VigilGazetteer *
vigil_gazetteer_new (void)
{
  VigilGazetteer *self = g_new0 (VigilGazetteer, 1);

  g_atomic_ref_count_init (&self->ref);
  self->root = node_new ("");
  self->country_geo = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  vigil_word_table_init (&self->clitics);
  self->regions = g_string_chunk_new (4096);
  return self;
}

VigilGazetteer *
vigil_gazetteer_ref (VigilGazetteer *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
vigil_gazetteer_unref (VigilGazetteer *self)
{
  if (self && g_atomic_ref_count_dec (&self->ref))
    {
      node_free (self->root);
      vigil_word_table_clear (&self->clitics, g_free, NULL);
      vigil_tagger_free (self->tagger);
      vigil_tagger_free (self->tagger_fr);
      g_hash_table_unref (self->country_geo);
      g_string_chunk_free (self->regions);
      if (self->town_codes != NULL)
        {
          g_free (self->towns);
          g_free (self->town_strings);
          g_ptr_array_unref (self->town_codes);
          vigil_word_table_clear (&self->town_index, NULL, NULL);
        }
      g_free (self->spellings);
      g_free (self);
    }
}

static gboolean
is_acronym (const char *name)
{
  gboolean letters = FALSE;

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalpha (c))
        {
          if (!g_unichar_isupper (c))
            return FALSE;
          letters = TRUE;
        }
    }
  return letters;
}

/* The same name listed twice for one place (a country's name in two sources). */
static gboolean
same_entry (const VigilEntry *a, const VigilEntry *b)
{
  return a->kind == b->kind && a->origin == b->origin && a->country == b->country
         && a->has_geo == b->has_geo && a->lat == b->lat && a->lon == b->lon
         && a->population == b->population && a->region == b->region
         && g_strcmp0 (a->canonical, b->canonical) == 0
         && g_strcmp0 (a->category, b->category) == 0;
}

/* Arabic writes conjunctions and prepositions onto the next word: and (و,
 * ف), in/with (ب), to/for (ل), as (ك), alone or after and. Before the article
 * ال, ل takes the place of its alif (لل). */
static const char *const arabic_proclitics[]
    = { "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك" };
/* The same with the article, for words listed without it ("صواريخ" as
 * "بالصواريخ", with the rockets). */
static const char *const arabic_article_proclitics[]
    = { "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال" };

static gboolean
starts_arabic (const char *word)
{
  gunichar c = g_utf8_get_char (word);
  return c >= 0x0621 && c <= 0x064A;
}

/* Makes the first word of a name reachable with its proclitics. */
static void
add_clitics (VigilGazetteer *self, const char *folded, Node *node)
{
  gboolean article = g_str_has_prefix (folded, "ال");
  gsize n_plain = G_N_ELEMENTS (arabic_proclitics);
  gsize n = n_plain + (article ? 0 : G_N_ELEMENTS (arabic_article_proclitics));

  for (gsize i = 0; i < n; i++)
    {
      const char *clitic
          = i < n_plain ? arabic_proclitics[i] : arabic_article_proclitics[i - n_plain];
      g_autofree char *word = NULL;
      g_autoptr (VigilTokens) tokens = NULL;
      VigilToken *tok;

      if (article && g_str_has_suffix (clitic, "ل"))
        word = g_strconcat (clitic, folded + strlen ("ا"), NULL); /* ل + ال -> لل */
      else
        word = g_strconcat (clitic, folded, NULL);
      tokens = vigil_tokenize (word);
      if (tokens->tokens->len != 1)
        continue;
      tok = vigil_tokens_get (tokens, 0);
      /* A word listed in its own right keeps its own meaning. */
      if (vigil_word_table_lookup (self->root->children, tok->hash, tok->folded) != NULL
          || vigil_word_table_lookup (&self->clitics, tok->hash, tok->folded) != NULL)
        continue;
      vigil_word_table_insert (&self->clitics, tok->hash, g_strdup (tok->folded), node);
    }
}

static void
insert (VigilGazetteer *self, VigilEntry *entry)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (entry->name);
  Node *node = self->root;

  if (tokens->tokens->len == 0)
    {
      entry_free (entry);
      return;
    }
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      VigilToken *tok = vigil_tokens_get (tokens, i);
      Node *child;

      if (node->children == NULL)
        {
          node->children = g_new (VigilWordTable, 1);
          vigil_word_table_init (node->children);
        }
      child = vigil_word_table_lookup (node->children, tok->hash, tok->folded);
      if (child == NULL)
        {
          child = node_new (tok->folded);
          vigil_word_table_insert (node->children, tok->hash, child->word, child);
          if (i == 0 && starts_arabic (tok->folded))
            add_clitics (self, tok->folded, child);
        }
      node = child;
    }
  if (node->entries == NULL)
    node->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint e = 0; e < node->entries->len; e++)
    if (same_entry (g_ptr_array_index (node->entries, e), entry))
      {
        ((VigilEntry *) g_ptr_array_index (node->entries, e))->lower_case |= entry->lower_case;
        entry_free (entry);
        return;
      }
  entry->acronym = entry->kind != VIGIL_ENTRY_RISK && entry->kind != VIGIL_ENTRY_TITLE
                   && is_acronym (entry->name) && g_utf8_strlen (entry->name, -1) <= 6;
  for (guint i = 0; i < tokens->tokens->len && i < 32; i++)
    if (vigil_tokens_get (tokens, i)->flags & VIGIL_TOKEN_CAPITALIZED)
      entry->capitals |= 1u << i;
  g_ptr_array_add (node->entries, entry);
  node->first_entry = g_ptr_array_index (node->entries, 0);
  node->n_entries = node->entries->len;
  self->size++;
}

static char *
field (char **fields, guint n, guint i)
{
  if (i >= n)
    return NULL;
  g_strstrip (fields[i]);
  if (*fields[i] == '\0' || g_str_equal (fields[i], "-"))
    return NULL;
  return g_strdup (fields[i]);
}

/* "the market,heart" -> { "the market", "heart" }, each folded and with single
 * spaces between its tokens, or NULL for an empty list. */
static char **
fold_phrases (const char *list)
{
  g_auto (GStrv) parts = NULL;
  GPtrArray *out;

  if (list == NULL || *g_strstrip ((char *) list) == '\0')
    return NULL;
  parts = g_strsplit (list, ",", -1);
  out = g_ptr_array_new ();
  for (int i = 0; parts[i]; i++)
    {
      g_autoptr (VigilTokens) tokens = vigil_tokenize (parts[i]);
      GString *phrase = g_string_new (NULL);
      for (guint k = 0; k < tokens->tokens->len; k++)
        {
          if (k)
            g_string_append_c (phrase, ' ');
          g_string_append (phrase, vigil_tokens_get (tokens, k)->folded);
        }
      if (phrase->len)
        g_ptr_array_add (out, g_string_free (phrase, FALSE));
      else
        g_string_free (phrase, TRUE);
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static guint32 *
unless_hashes (VigilEntry *e)
{
  guint n = (e->unless_next ? g_strv_length (e->unless_next) : 0)
            + (e->unless_prev ? g_strv_length (e->unless_prev) : 0)
            + (e->unless_near ? g_strv_length (e->unless_near) : 0);
  guint32 *hashes;
  guint k = 0;

  if (n == 0)
    return NULL;
  hashes = g_new (guint32, n);
  for (guint i = 0; e->unless_next && e->unless_next[i]; i++)
    {
      const char *space = strchr (e->unless_next[i], ' ');
      hashes[k] = vigil_word_hash (e->unless_next[i], space ? space - e->unless_next[i] : -1);
      e->unless_next_bits |= G_GUINT64_CONSTANT (1) << (hashes[k++] % 64);
    }
  for (guint i = 0; e->unless_prev && e->unless_prev[i]; i++)
    hashes[k++] = vigil_word_hash (e->unless_prev[i], -1);
  for (guint i = 0; e->unless_near && e->unless_near[i]; i++)
    {
      hashes[k] = vigil_word_hash (e->unless_near[i], -1);
      e->unless_near_bits |= G_GUINT64_CONSTANT (1) << (hashes[k++] % 64);
    }
  return hashes;
}

/* The entry again under another name (an alias of it). */
static VigilEntry *
entry_alias (const VigilEntry *e, const char *name)
{
  VigilEntry *d = g_new0 (VigilEntry, 1);

  *d = *e;
  d->name = g_strdup (name);
  d->canonical = g_strdup (e->canonical ? e->canonical : e->name);
  d->category = NULL;
  d->unless_next = d->unless_prev = d->unless_near = NULL;
  d->unless_hashes = NULL;
  d->unless_next_bits = d->unless_near_bits = 0;
  return d;
}

/* "UN", "UK", "NATO" are also written "U.N.", "U.K.", "N.A.T.O.": the same
 * entry under its dotted name (2 to 4 capital letters, organisations and
 * places only), or NULL. */
static VigilEntry *
dotted_alias (const VigilEntry *e)
{
  gsize len = strlen (e->name);
  GString *dotted;
  VigilEntry *d;

  if ((e->kind != VIGIL_ENTRY_ORGANIZATION && e->kind != VIGIL_ENTRY_LOCATION) || len < 2
      || len > 4)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (e->name[i]))
      return NULL;
  dotted = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (dotted, "%c.", e->name[i]);
  d = entry_alias (e, dotted->str);
  g_string_free (dotted, TRUE);
  d->dotted = TRUE;
  return d;
}

/* Whether a country's code is one of codes (" AE BH ... "). */
static gboolean
country_among (const char *country, const char *codes)
{
  char key[5];

  if (country == NULL || strlen (country) != 2)
    return FALSE;
  g_snprintf (key, sizeof key, " %s ", country);
  return strstr (codes, key) != NULL;
}

/* Countries whose place names are romanised from Arabic (or Persian), with
 * the article and the final "ah" that outlets write or leave out. */
static gboolean
arabic_named (const char *country)
{
  return country_among (country,
                        " AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SO SY TN YE IR AF ");
}

/* A city's name as outlets also romanise it: without the Arabic article
 * ("Al Miqdadiyah": "Miqdadiyah"; Arab countries only), with or without a
 * final "h" after "a" ("Baqubah", "Baquba"; "Falluja", "Fallujah"), with
 * "-ah" as "-eh" in the Levant ("Jablah", "Jableh"; "Nabatiyah", "Nabatieh"), and with
 * or without the Persian ezafe (Iran, Afghanistan: "Masjed Soleyman",
 * "Masjed-e Soleyman"). Each other name has five letters or more. */
static GPtrArray *
romanised_aliases (const VigilEntry *e)
{
  static const char *const articles[]
      = { "Al ",  "Al-",  "El ", "El-", "Ad ", "Ad-", "Ar ", "Ar-", "As ",  "As-",
          "Ash ", "Ash-", "At ", "At-", "Az ", "Az-", "An ", "An-", "Adh ", "Adh-" };
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = NULL;

  if (e->kind != VIGIL_ENTRY_LOCATION || e->origin != VIGIL_PLACE_CITY
      || !arabic_named (e->country))
    return out;
  names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (names, g_strdup (e->name));
  if (!g_str_equal (e->country, "IR") && !g_str_equal (e->country, "AF"))
    for (gsize i = 0; i < G_N_ELEMENTS (articles); i++)
      if (g_str_has_prefix (e->name, articles[i])
          && strchr (e->name + strlen (articles[i]), ' ') == NULL)
        {
          g_ptr_array_add (names, g_strdup (e->name + strlen (articles[i])));
          g_ptr_array_add (out, g_strdup (e->name + strlen (articles[i])));
          break;
        }
  /* Egypt's and the Levant's and the Maghreb's French-style "ou" for the
   * lists' "u" ("Al Manşūrah": "Mansourah", then "Mansoura"; "Al Fayyūm":
   * "Fayyoum"), in a name of one word. */
  if (country_among (e->country, " EG LB SY DZ MA TN MR KW BH QA "))
    {
      guint n = names->len;
      for (guint i = 0; i < n; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          GString *ou;
          gboolean changed = FALSE;
          if (strchr (name, ' ') != NULL)
            continue;
          ou = g_string_new (NULL);
          for (const char *p = name; *p; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              gboolean after_o = ou->len > 0 && g_ascii_tolower (ou->str[ou->len - 1]) == 'o';
              if ((c == 'u' || c == 0x016B /* ū */) && !after_o)
                {
                  g_string_append (ou, "ou");
                  changed = TRUE;
                }
              else
                g_string_append_unichar (ou, c);
            }
          if (changed)
            {
              g_ptr_array_add (out, g_strdup (ou->str));
              g_ptr_array_add (names, g_string_free (ou, FALSE));
            }
          else
            g_string_free (ou, TRUE);
        }
    }
  /* The Persian ezafe, written or not ("Masjed Soleyman", "Masjed-e
   * Soleyman"; "Bandar-e Anzali", "Bandar Anzali"): in a name of two words. */
  if (g_str_equal (e->country, "IR") || g_str_equal (e->country, "AF"))
    {
      const char *space = strchr (e->name, ' ');
      if (space != NULL && strchr (space + 1, ' ') == NULL)
        {
          g_autofree char *head = g_strndup (e->name, space - e->name);
          gsize n = strlen (head);
          if (n > 2 && g_str_has_suffix (head, "-e"))
            g_ptr_array_add (out, g_strdup_printf ("%.*s%s", (int) n - 2, head, space));
          else if (n > 3 && g_str_has_suffix (head, "-ye"))
            g_ptr_array_add (out, g_strdup_printf ("%.*s%s", (int) n - 3, head, space));
          else if (strchr (e->name, '-') == NULL)
            g_ptr_array_add (out, g_strdup_printf ("%s-e%s", head, space));
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gsize len = strlen (name);
      if (strchr (name, ' ') != NULL)
        continue;
      if (g_str_has_suffix (name, "ah"))
        {
          g_ptr_array_add (out, g_strndup (name, len - 1));
          /* the Levant's "-eh", "-ieh" ("Jablah", "Jableh"; "Nabatiyah",
           * "Nabatieh") */
          if (country_among (e->country, " SY LB JO PS IL ") && len > 4
              && g_str_has_suffix (name, "iyah"))
            g_ptr_array_add (out, g_strdup_printf ("%.*sieh", (int) len - 4, name));
          else if (country_among (e->country, " SY LB JO PS IL "))
            g_ptr_array_add (out, g_strdup_printf ("%.*seh", (int) len - 2, name));
        }
      else if (g_str_has_suffix (name, "a"))
        g_ptr_array_add (out, g_strconcat (name, "h", NULL));
    }
  for (guint i = out->len; i > 0; i--)
    if (g_utf8_strlen (g_ptr_array_index (out, i - 1), -1) < 5)
      g_ptr_array_remove_index (out, i - 1);
  return out;
}

static gboolean
load_list (VigilGazetteer *self, VigilEntryKind kind, VigilPlaceOrigin origin, gboolean areas,
           const char *data, gsize length, GError **error)
{
  const char *line = data;
  const char *end = data + length;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The list is not valid UTF-8");
      return FALSE;
    }
  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      g_autofree char *copy = g_strndup (line, (eol ? eol : end) - line);
      g_auto (GStrv) fields = NULL;
      VigilEntry *e;
      guint n;

      line = eol ? eol + 1 : end;
      g_strchomp (copy);
      if (copy[0] == '#' || copy[0] == '\0')
        continue;
      fields = g_strsplit (copy, "\t", -1);
      n = g_strv_length (fields);
      e = g_new0 (VigilEntry, 1);
      e->kind = kind;
      e->name = field (fields, n, 0);
      if (e->name == NULL)
        {
          entry_free (e);
          continue;
        }
      switch (kind)
        {
        case VIGIL_ENTRY_LOCATION:
          e->origin = origin;
          e->canonical = field (fields, n, 1);
          {
            g_autofree char *country = field (fields, n, 2);
            e->country = country ? g_intern_string (country) : NULL;
          }
          e->has_geo = n > 4 && *g_strstrip (fields[3]) && *g_strstrip (fields[4]);
          if (e->has_geo)
            {
              e->lat = g_ascii_strtod (fields[3], NULL);
              e->lon = g_ascii_strtod (fields[4], NULL);
            }
          e->population = n > 5 ? g_ascii_strtoll (fields[5], NULL, 10) : 0;
          e->population_score = e->population > 0 ? log10 ((double) e->population) * 10 : 0;
          e->ordinary_word = n > 6 && g_str_equal (g_strstrip (fields[6]), "word");
          e->owned = n > 6 && g_str_equal (fields[6], "owned");
          e->kind_named = e->owned || (n > 6 && g_str_equal (fields[6], "kind"));
          e->subdivision = n > 6 && g_str_equal (fields[6], "subdivision");
          e->area = areas && !e->subdivision && !(n > 6 && g_str_equal (fields[6], "town"));
          if (n > 7 && *g_strstrip (fields[7]))
            e->region = g_string_chunk_insert_const (self->regions, fields[7]);
          if (origin == VIGIL_PLACE_COUNTRY && e->country != NULL)
            {
              double *geo = g_hash_table_lookup (self->country_geo, e->country);
              if (e->has_geo && geo == NULL)
                {
                  geo = g_new (double, 2);
                  geo[0] = e->lat;
                  geo[1] = e->lon;
                  g_hash_table_insert (self->country_geo, (gpointer) e->country, geo);
                }
              else if (!e->has_geo && geo != NULL)
                {
                  e->has_geo = TRUE;
                  e->lat = geo[0];
                  e->lon = geo[1];
                }
            }
          break;
        case VIGIL_ENTRY_DEMONYM:
          e->origin = origin;
          e->canonical = field (fields, n, 1);
          {
            g_autofree char *country = field (fields, n, 2);
            g_autofree char *flag = field (fields, n, 3);
            e->country = country ? g_intern_string (country) : NULL;
            e->lower_case = g_strcmp0 (flag, "lower") == 0;
          }
          break;
        case VIGIL_ENTRY_PERSON:
        case VIGIL_ENTRY_ORGANIZATION:
          e->canonical = field (fields, n, 1);
          break;
        case VIGIL_ENTRY_RISK:
          e->category = field (fields, n, 1);
          e->weight = n > 2 ? atoi (fields[2]) : 1;
          if (e->category == NULL)
            e->category = g_strdup ("general");
          e->unless_next = fold_phrases (n > 3 ? fields[3] : NULL);
          e->unless_prev = fold_phrases (n > 4 ? fields[4] : NULL);
          e->unless_near = fold_phrases (n > 5 ? fields[5] : NULL);
          e->unless_hashes = unless_hashes (e);
          break;
        case VIGIL_ENTRY_TITLE:
        default:
          break;
        }
      if (e->canonical == NULL)
        e->canonical = g_strdup (e->name);
      {
        VigilEntry *dotted = dotted_alias (e);
        g_autoptr (GPtrArray) romanised = romanised_aliases (e);
        for (guint i = 0; i < romanised->len; i++)
          insert (self, entry_alias (e, g_ptr_array_index (romanised, i)));
        insert (self, e);
        if (dotted != NULL)
          insert (self, dotted);
      }
    }
  return TRUE;
}

gboolean
vigil_gazetteer_load (VigilGazetteer *self, VigilEntryKind kind, const char *data, gsize length,
                      GError **error)
{
  gazetteer_ensure_loaded (self);
  return load_list (self, kind, VIGIL_PLACE_CURATED, FALSE, data, length, error);
}

static Node *
find_node (VigilGazetteer *self, const char *phrase)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (phrase);
  Node *node = self->root;

  for (guint i = 0; node && i < tokens->tokens->len; i++)
    node = node->children
               ? vigil_word_table_lookup (node->children, vigil_tokens_get (tokens, i)->hash,
                                          vigil_tokens_get (tokens, i)->folded)
               : NULL;
  return tokens->tokens->len > 0 ? node : NULL;
}

static gboolean
load_user (VigilGazetteer *self, const char *data, gsize length, GError **error)
{
  static const struct
  {
    const char *name;
    VigilEntryKind kind;
  } kinds[] = { { "person", VIGIL_ENTRY_PERSON },
                { "organization", VIGIL_ENTRY_ORGANIZATION },
                { "organisation", VIGIL_ENTRY_ORGANIZATION },
                { "location", VIGIL_ENTRY_LOCATION },
                { "place", VIGIL_ENTRY_LOCATION },
                { "demonym", VIGIL_ENTRY_DEMONYM },
                { "risk", VIGIL_ENTRY_RISK },
                { "title", VIGIL_ENTRY_TITLE } };
  g_autofree char *copy = g_strndup (data, length);
  g_auto (GStrv) lines = NULL;

  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The list is not valid UTF-8");
      return FALSE;
    }
  lines = g_strsplit (copy, "\n", -1);
  for (guint l = 0; lines[l]; l++)
    {
      char *tab;
      gboolean known = FALSE;

      g_strchomp (lines[l]);
      if (lines[l][0] == '#' || lines[l][0] == '\0')
        continue;
      tab = strchr (lines[l], '\t');
      if (tab == NULL)
        {
          /* TRANSLATORS: %u is a line number; the kinds are keywords of the file */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _ ("Line %u: expected a kind (person, organization, location, demonym, "
                          "risk, title, or - to suppress) and a tab"),
                       l + 1);
          return FALSE;
        }
      *tab = '\0';
      if (g_str_equal (lines[l], "-"))
        {
          /* Suppress: the phrase is recognised as nothing, whatever lists say. */
          Node *node = find_node (self, tab + 1);
          if (node != NULL)
            node->suppressed = TRUE;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (g_ascii_strcasecmp (lines[l], kinds[k].name) == 0)
          {
            load_list (self, kinds[k].kind, VIGIL_PLACE_USER, FALSE, tab + 1, strlen (tab + 1),
                       NULL);
            known = TRUE;
          }
      if (!known)
        {
          /* TRANSLATORS: %u is a line number, %s the word found there */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("Line %u: unknown kind “%s”"),
                       l + 1, lines[l]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
vigil_gazetteer_load_user (VigilGazetteer *self, const char *data, gsize length, GError **error)
{
  gazetteer_ensure_loaded (self);
  return load_user (self, data, length, error);
}

void
vigil_gazetteer_set_tagger (VigilGazetteer *self, VigilTagger *tagger)
{
  vigil_gazetteer_set_language_tagger (self, "en", tagger);
}

const VigilTagger *
vigil_gazetteer_get_tagger (VigilGazetteer *self)
{
  gazetteer_ensure_loaded (self);
  return self->tagger;
}

static VigilTagger **
language_slot (VigilGazetteer *self, const char *language)
{
  if (g_strcmp0 (language, "en") == 0 || g_strcmp0 (language, "und") == 0)
    return &self->tagger;
  if (g_strcmp0 (language, "fr") == 0)
    return &self->tagger_fr;
  return NULL;
}

void
vigil_gazetteer_set_language_tagger (VigilGazetteer *self, const char *language,
                                     VigilTagger *tagger)
{
  VigilTagger **slot = language_slot (self, language);

  g_return_if_fail (slot != NULL);
  gazetteer_ensure_loaded (self);
  vigil_tagger_free (*slot);
  *slot = tagger;
}

const VigilTagger *
vigil_gazetteer_get_language_tagger (VigilGazetteer *self, const char *language)
{
  VigilTagger **slot = language_slot (self, language);

  gazetteer_ensure_loaded (self);
  return slot ? *slot : NULL;
}

char *
vigil_names_model_path (const char *language)
{
  const char *env
      = g_getenv (g_strcmp0 (language, "fr") == 0 ? "VIGIL_NAMES_MODEL_FR" : "VIGIL_NAMES_MODEL");
  const char *file = g_strcmp0 (language, "fr") == 0 ? "names-fr.model" : "names.model";
  char *installed;

  if (env != NULL && *env)
    return g_strdup (env);
  installed = g_build_filename (VIGIL_PKGDATADIR, "analysis", file, NULL);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return installed;
  g_free (installed);
  /* Run from the build directory: the source tree's copy. */
  return g_build_filename (VIGIL_SOURCE_DATADIR, "analysis", file, NULL);
}

/* The lists bundled in the GResource, into self. */
static gboolean
load_bundled (VigilGazetteer *self, GError **error)
{
  static const struct
  {
    const char *file;
    VigilEntryKind kind;
    VigilPlaceOrigin origin;
    gboolean areas;
  } lists[] = {
    { "places.tsv", VIGIL_ENTRY_LOCATION, VIGIL_PLACE_CURATED },
    { "regions.tsv", VIGIL_ENTRY_LOCATION, VIGIL_PLACE_CURATED, TRUE },
    /* Before countries.tsv: its lines hold each country's coordinates. */
    { "country-names.tsv", VIGIL_ENTRY_LOCATION, VIGIL_PLACE_COUNTRY },
    { "countries.tsv", VIGIL_ENTRY_LOCATION, VIGIL_PLACE_COUNTRY },
    { "demonyms.tsv", VIGIL_ENTRY_DEMONYM, VIGIL_PLACE_COUNTRY },
    { "subdivisions.tsv", VIGIL_ENTRY_LOCATION, VIGIL_PLACE_SUBDIVISION },
    { "cities.tsv", VIGIL_ENTRY_LOCATION, VIGIL_PLACE_CITY },
    { "organizations.tsv", VIGIL_ENTRY_ORGANIZATION, VIGIL_PLACE_CURATED },
    { "people.tsv", VIGIL_ENTRY_PERSON, VIGIL_PLACE_CURATED },
    { "titles.txt", VIGIL_ENTRY_TITLE, VIGIL_PLACE_CURATED },
    { "risk-terms.tsv", VIGIL_ENTRY_RISK, VIGIL_PLACE_CURATED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_BASE, "analysis/", lists[i].file, NULL);
      g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, error);
      if (bytes == NULL)
        return FALSE;
      if (!load_list (self, lists[i].kind, lists[i].origin, lists[i].areas,
                      g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return FALSE;
    }
  return TRUE;
}

VigilGazetteer *
vigil_gazetteer_new_bundled (GError **error)
{
  g_autoptr (VigilGazetteer) self = vigil_gazetteer_new ();

  return load_bundled (self, error) ? g_steal_pointer (&self) : NULL;
}

/* The bundled lists, the user's file and the name taggers, into self. */
static gboolean
load_default (VigilGazetteer *self, GError **error)
{
  if (!load_bundled (self, error))
    return FALSE;
  {
    /* The desk's own additions and suppressions. A broken file is reported
     * and skipped: the bundled lists still work. */
    g_autofree char *user
        = g_build_filename (g_get_user_config_dir (), "vigil", "gazetteer.tsv", NULL);
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autoptr (GError) user_error = NULL;
    if (g_file_get_contents (user, &contents, &len, NULL)
        && !load_user (self, contents, len, &user_error))
      g_warning ("Ignoring the rest of %s: %s", user, user_error->message);
  }
  {
    /* The name taggers. Without one (a missing or damaged file) the lists and
     * rules still find names: said once, and the analysis goes on. */
    static gsize warned;
    static const char *const languages[] = { "en", "fr" };
    for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
      {
        g_autofree char *path = vigil_names_model_path (languages[l]);
        g_autoptr (GError) model_error = NULL;
        VigilTagger *tagger = vigil_tagger_load (path, &model_error);
        if (tagger != NULL)
          {
            VigilTagger **slot = language_slot (self, languages[l]);
            vigil_tagger_free (*slot);
            *slot = tagger;
          }
        else if (g_once_init_enter (&warned))
          {
            g_printerr (_ ("Vigil: names are found from the lists only, without the name "
                           "tagger: %s\n"),
                        model_error->message);
            g_once_init_leave (&warned, 1);
          }
      }
  }
  return TRUE;
}

VigilGazetteer *
vigil_gazetteer_new_default (GError **error)
{
  g_autoptr (VigilGazetteer) self = vigil_gazetteer_new ();

  return load_default (self, error) ? g_steal_pointer (&self) : NULL;
}

VigilGazetteer *
vigil_gazetteer_new_default_lazy (void)
{
  VigilGazetteer *self = vigil_gazetteer_new ();

  self->lazy = TRUE;
  return self;
}

void
gazetteer_ensure_loaded (VigilGazetteer *self)
{
  if (self->lazy && g_once_init_enter (&self->loaded))
    {
      g_autoptr (GError) error = NULL;

      /* The lists are built into the program: only a broken build lacks them. */
      if (!load_default (self, &error))
        g_critical ("The bundled name and place lists could not be read: %s", error->message);
      g_once_init_leave (&self->loaded, 1);
    }
}

/* The preload threads still running. The bundled lists are a resource that
 * the program's destructors unregister when it exits: a thread still reading
 * them then would find them gone. exit() runs atexit handlers before those
 * destructors, so one handler waits for the threads there. The threads are
 * not joinable: each one's stack and handle go when it ends, not at exit. */
static GMutex preload_lock;
static GCond preload_cond;
static guint preload_running; /* under preload_lock */
static gboolean preload_hold; /* under preload_lock: the test hook below */
static gint preload_stopping;

static gpointer
preload_in_thread (gpointer data)
{
  VigilGazetteer *self = data;

  g_mutex_lock (&preload_lock);
  while (preload_hold && !g_atomic_int_get (&preload_stopping))
    g_cond_wait (&preload_cond, &preload_lock);
  g_mutex_unlock (&preload_lock);
  gazetteer_ensure_loaded (self);
  /* The small towns too, so that no analysis waits for them; not when the
   * program is exiting and waits for this thread. */
  if (!g_atomic_int_get (&preload_stopping))
    gazetteer_ensure_towns (self);
  vigil_gazetteer_unref (self);
  g_mutex_lock (&preload_lock);
  preload_running--;
  g_cond_broadcast (&preload_cond);
  g_mutex_unlock (&preload_lock);
  return NULL;
}

static void
join_preload_threads (void)
{
  g_mutex_lock (&preload_lock);
  g_atomic_int_set (&preload_stopping, 1);
  g_cond_broadcast (&preload_cond);
  while (preload_running > 0)
    g_cond_wait (&preload_cond, &preload_lock);
  g_mutex_unlock (&preload_lock);
}

void
vigil_gazetteer_preload (VigilGazetteer *self)
{
  static gsize registered;

  if (!self->lazy || g_atomic_pointer_get (&self->loaded) != 0
      || !g_atomic_int_compare_and_exchange (&self->preloading, 0, 1))
    return;
  if (g_once_init_enter (&registered))
    {
      atexit (join_preload_threads);
      g_once_init_leave (&registered, 1);
    }
  g_mutex_lock (&preload_lock);
  preload_running++;
  g_mutex_unlock (&preload_lock);
  g_thread_unref (g_thread_new ("vigil-gazetteer", preload_in_thread, vigil_gazetteer_ref (self)));
}

guint
vigil_gazetteer_count_preloading (void)
{
  guint n;

  g_mutex_lock (&preload_lock);
  n = preload_running;
  g_mutex_unlock (&preload_lock);
  return n;
}

void
vigil_gazetteer_hold_preload (gboolean hold)
{
  g_mutex_lock (&preload_lock);
  preload_hold = hold;
  g_cond_broadcast (&preload_cond);
  g_mutex_unlock (&preload_lock);
}

guint
vigil_gazetteer_match_all (VigilGazetteer *self, VigilTokens *tokens, guint first,
                           VigilEntryFilter accept, gpointer user_data,
                           const VigilEntry **out_entry, GPtrArray **out_all)
{
  Node *node;
  guint best = 0;

  gazetteer_ensure_loaded (self);
  node = self->root;
  *out_entry = NULL;
  if (out_all)
    *out_all = NULL;
  for (guint i = first; i < tokens->tokens->len; i++)
    {
      VigilToken *tok = vigil_tokens_get (tokens, i);

      if (node->children == NULL)
        break;
      /* A phrase never runs across a paragraph. */
      if (i > first && (tok->flags & VIGIL_TOKEN_PARAGRAPH_START))
        break;
      {
        Node *next = vigil_word_table_lookup (node->children, tok->hash, tok->folded);
        /* (Arabic letters are U+0600 to U+06FF: lead bytes 0xD8 to 0xDB.) */
        if (next == NULL && i == first && self->clitics.size > 0 && (guchar) tok->folded[0] >= 0xD8
            && (guchar) tok->folded[0] <= 0xDB)
          next = vigil_word_table_lookup (&self->clitics, tok->hash, tok->folded);
        node = next;
      }
      if (node == NULL)
        break;
      if (node->n_entries > 0 && !node->suppressed)
        {
          const VigilEntry *chosen = NULL;
          for (guint e = 0; e < node->n_entries; e++)
            {
              const VigilEntry *entry
                  = e == 0 ? node->first_entry : g_ptr_array_index (node->entries, e);
              /* Only an entry of a better kind can replace the one chosen: the
               * others are not even asked about ("Washington" is listed in
               * dozens of countries). */
              if (chosen != NULL && entry->kind >= chosen->kind)
                continue;
              if (accept != NULL && !accept (entry, tokens, first, i - first + 1, user_data))
                continue;
              chosen = entry;
            }
          if (chosen != NULL)
            {
              best = i - first + 1;
              *out_entry = chosen;
              if (out_all)
                *out_all = node->entries;
            }
        }
    }
  return best;
}

guint
vigil_gazetteer_match (VigilGazetteer *self, VigilTokens *tokens, guint first,
                       VigilEntryFilter accept, gpointer user_data, const VigilEntry **out_entry)
{
  return vigil_gazetteer_match_all (self, tokens, first, accept, user_data, out_entry, NULL);
}

guint
vigil_gazetteer_size (VigilGazetteer *self)
{
  gazetteer_ensure_loaded (self);
  return self->size;
}
