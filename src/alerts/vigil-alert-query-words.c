/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-query-words.c — the words and values a query names: word forms, categories,
 * countries, languages */
#include "config.h"

#include "vigil-alert-query-private.h"
#include "vigil-tagger.h"

/* ---- word forms ---- */

/* The folded words of text joined by sep ("Indirect Fire" -> "indirect-fire"). */
static char *
fold_joined (const char *text, const char *sep)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      if (i)
        g_string_append (out, sep);
      g_string_append (out, vigil_tokens_get (tokens, i)->folded);
    }
  return g_string_free (out, FALSE);
}

/* Lines of a resource file that are not comments, split at tabs; NULL when the
 * program has no such resource. */
static GPtrArray *
resource_rows (const char *path)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows;

  if (bytes == NULL)
    return NULL;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] != '#' && lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
  return rows;
}

/* Folded lemma -> its forms (GStrv, the lemma first): the risk lexicon's words
 * inflected by their word class, from word-forms.tsv, which generate-risk.py
 * writes with the rules and exceptions that inflect the lexicon itself; then
 * the English verbs it lacks, from verb-forms.tsv (generate-verb-forms.py,
 * from WordNet, inflected by the same rules). Loaded once and never changed. */
static GHashTable *
word_forms_table (void)
{
  static gsize loaded;
  static GHashTable *table;

  if (g_once_init_enter (&loaded))
    {
      /* The lexicon's first: its word class decides for its words. */
      static const char *const files[] = { "/io/github/vigildesk/Vigil/analysis/word-forms.tsv",
                                           "/io/github/vigildesk/Vigil/analysis/verb-forms.tsv" };
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autoptr (GPtrArray) rows = resource_rows (files[f]);
          for (guint i = 0; rows && i < rows->len; i++)
            {
              char **row = g_ptr_array_index (rows, i);
              g_autofree char *lemma = fold_joined (row[0], " ");
              if (*lemma != '\0' && !strchr (lemma, ' ') && !g_hash_table_contains (table, lemma))
                g_hash_table_insert (table, g_steal_pointer (&lemma), g_strdupv (row));
            }
        }
      g_once_init_leave (&loaded, 1);
    }
  return table;
}

/* Whether folded is an ordinary English word: in the name tagger's list
 * (common-words.txt, by the hash its lexicon keys words by), to tell an
 * English word ending in -er from a French verb. */
static gboolean
english_word (const char *folded)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (folded);

  return tokens->tokens->len == 1 && vigil_tagger_is_common_word (vigil_tokens_get (tokens, 0));
}

/* The forms of a French verb of the first (-er) or second (-ir) group that
 * news uses (folded: "incendié" is "incendie"): the participles, the present
 * and imperfect of the third person, the present participle; NULL when the
 * word is not such a verb, or is an ordinary English word ("officer"). */
static GPtrArray *
french_verb_forms (const char *folded)
{
  static const char *const first[] = { "e", "es", "ee", "ees", "ent", "ait", "aient", "ant" };
  static const char *const second[]
      = { "i", "is", "ie", "ies", "it", "issent", "issait", "issaient", "issant" };
  gsize len = strlen (folded);
  gboolean er = g_str_has_suffix (folded, "er"), ir = g_str_has_suffix (folded, "ir");
  const char *const *endings = er ? first : second;
  gsize n = er ? G_N_ELEMENTS (first) : G_N_ELEMENTS (second);
  GPtrArray *forms;

  if (len < 6 || !(er || ir) || english_word (folded))
    return NULL;
  forms = g_ptr_array_new ();
  g_ptr_array_add (forms, g_strdup (folded));
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (forms, g_strdup_printf ("%.*s%s", (int) len - 2, folded, endings[i]));
  return forms;
}

/* The forms a bare word matches (NULL: only itself). A lemma of the risk
 * lexicon has the forms of its word class, and an English verb it lacks
 * (WordNet's) a verb's; a French verb of the first or second group the
 * forms french_verb_forms() gives; another word, not knowing its class, only
 * its plural, by the lexicon's regular rules (en_plural and fr_noun in
 * generate-risk.py): a verb's forms could have another meaning ("rocketed" is
 * not a rocket). An acronym (IED) takes -s; a word of one or two letters has
 * no forms ("it" is not "its", US is not "uses"). */
char **
word_forms (const char *folded, const char *typed)
{
  char **listed = g_hash_table_lookup (word_forms_table (), folded);
  gsize len = strlen (folded);
  gboolean acronym = g_utf8_strlen (typed, -1) >= 2;
  GPtrArray *forms;
  char last;

  if (listed)
    {
      for (guint i = 0; listed[i]; i++)
        if (!g_str_equal (listed[i], folded))
          return g_strdupv (listed);
      return NULL; /* uncountable: as written */
    }
  for (const char *p = typed; *p && acronym; p = g_utf8_next_char (p))
    acronym = g_unichar_isupper (g_utf8_get_char (p));
  if (len <= 2) /* (a mark alone folds to nothing) */
    return NULL;
  last = folded[len - 1];
  if (!g_ascii_isalpha (last))
    return NULL; /* a number, or a script without these endings */
  if (!acronym && (forms = french_verb_forms (folded)) != NULL)
    {
      g_ptr_array_add (forms, NULL);
      return (char **) g_ptr_array_free (forms, FALSE);
    }
  forms = g_ptr_array_new ();
  g_ptr_array_add (forms, g_strdup (folded));
  if (acronym)
    g_ptr_array_add (forms, g_strconcat (folded, "s", NULL));
  else if (strchr ("sxz", last) || g_str_has_suffix (folded, "ch")
           || g_str_has_suffix (folded, "sh"))
    g_ptr_array_add (forms, g_strconcat (folded, "es", NULL));
  else if (last == 'y' && !strchr ("aeiou", folded[len - 2]))
    g_ptr_array_add (forms, g_strdup_printf ("%.*sies", (int) len - 1, folded));
  else if (g_str_has_suffix (folded, "eau") || g_str_has_suffix (folded, "eu"))
    {
      g_ptr_array_add (forms, g_strconcat (folded, "s", NULL));
      g_ptr_array_add (forms, g_strconcat (folded, "x", NULL));
    }
  else if (g_str_has_suffix (folded, "al"))
    {
      g_ptr_array_add (forms, g_strconcat (folded, "s", NULL));
      g_ptr_array_add (forms, g_strdup_printf ("%.*saux", (int) len - 2, folded));
    }
  else
    g_ptr_array_add (forms, g_strconcat (folded, "s", NULL));
  g_ptr_array_add (forms, NULL);
  return (char **) g_ptr_array_free (forms, FALSE);
}

/* Folded form -> the folded lemmas it is a form of (GPtrArray of the word
 * table's keys): "shooting" is a form of "shoot" and a lemma of its own. */
static GHashTable *
lemma_table (void)
{
  static gsize loaded;
  static GHashTable *table;

  if (g_once_init_enter (&loaded))
    {
      GHashTableIter iter;
      gpointer key, value;

      table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) g_ptr_array_unref);
      g_hash_table_iter_init (&iter, word_forms_table ());
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *lemmas = g_hash_table_lookup (table, key);
          if (lemmas == NULL)
            g_hash_table_insert (table, key, lemmas = g_ptr_array_new ());
          g_ptr_array_add (lemmas, key);
          for (char **form = value; *form; form++)
            {
              lemmas = g_hash_table_lookup (table, *form);
              if (lemmas == NULL)
                g_hash_table_insert (table, *form, lemmas = g_ptr_array_new ());
              if (!g_ptr_array_find_with_equal_func (lemmas, key, g_str_equal, NULL))
                g_ptr_array_add (lemmas, key);
            }
        }
      g_once_init_leave (&loaded, 1);
    }
  return table;
}

/* Whether form is the plural a bare word matches for word ("hits", "hit"),
 * or one of the forms of its word class. "news" is not the plural of "new". */
static gboolean
is_form_of (const char *form, const char *word)
{
  g_auto (GStrv) forms = NULL;

  if (g_str_equal (form, "news"))
    return FALSE;
  forms = word_forms (word, word);
  for (guint i = 0; forms && forms[i]; i++)
    if (g_str_equal (forms[i], form))
      return TRUE;
  return FALSE;
}

gboolean
vigil_query_same_word (const char *a, const char *b)
{
  g_autofree char *fa = fold_joined (a, " ");
  g_autofree char *fb = fold_joined (b, " ");
  GPtrArray *la, *lb;

  if (g_str_equal (fa, fb))
    return TRUE;
  /* The lexicon's words: one lemma in common ("bombing" and "bombings"). */
  la = g_hash_table_lookup (lemma_table (), fa);
  lb = g_hash_table_lookup (lemma_table (), fb);
  for (guint i = 0; la != NULL && lb != NULL && i < la->len; i++)
    if (g_ptr_array_find_with_equal_func (lb, g_ptr_array_index (la, i), g_str_equal, NULL))
      return TRUE;
  /* Others: one the plural of the other. */
  return is_form_of (fa, fb) || is_form_of (fb, fa);
}

/* ---- field values ---- */

/* Other names a desk gives the categories: the labels the window shows where
 * they differ from the category's name, and ACLED's event types and common
 * sub-event types, each to the closest of the lexicon's categories (ACLED's
 * "Explosions/Remote violence" covers both bombs and shelling). Values are
 * folded, words joined by "-". */
static const struct
{
  const char *name;
  const char *categories; /* comma-separated */
} category_synonyms[] = {
  { "explosives", "ied" },
  { "travel-advisory", "advisory" },
  { "arrests-and-detention", "detention" },
  { "protests", "civil-unrest" },
  { "riots", "civil-unrest" },
  { "battles", "armed-violence" },
  { "armed-clash", "armed-violence" },
  { "violence-against-civilians", "armed-violence,kidnapping" },
  { "abduction", "kidnapping" },
  { "explosions", "ied" },
  { "remote-violence", "indirect-fire" },
  { "explosions-remote-violence", "ied,indirect-fire" },
  { "shelling-artillery-missile-attack", "indirect-fire" },
  { "air-drone-strike", "indirect-fire" },
  { "remote-explosive-landmine-ied", "ied" },
  { "arrests", "detention" },
  { "fatalities", "casualties" },
  /* ACLED's sub-event types and the words desks use for them */
  { "peaceful-protest", "civil-unrest" },
  { "violent-demonstration", "civil-unrest" },
  { "mob-violence", "civil-unrest" },
  { "demonstrations", "civil-unrest" },
  { "unrest", "civil-unrest" },
  { "bombings", "ied" },
  { "grenades", "ied" },
  { "suicide-bombs", "ied" },
  { "landmines", "ied" },
  { "shelling", "indirect-fire" },
  { "airstrikes", "indirect-fire" },
  { "air-strikes", "indirect-fire" },
  { "drone-strikes", "indirect-fire" },
  { "attacks", "armed-violence" },
  { "abduction-forced-disappearance", "kidnapping" },
  { "kidnap", "kidnapping" },
  { "hostage-taking", "kidnapping" },
  { "natural-disasters", "disaster" },
  { "epidemics", "health" },
  { "outbreaks", "health" },
  { "diseases", "health" },
  { "evacuations", "evacuation" },
};

/* Whether two folded, "-"-joined names are one, or one the other with its
 * last word in the plural ("riot" and "riots", "kidnappings" and
 * "kidnapping", "air-strike" and "air-strikes"). */
static gboolean
same_name (const char *a, const char *b)
{
  const char *last_a = strrchr (a, '-'), *last_b = strrchr (b, '-');
  gsize head_a = last_a ? (gsize) (last_a + 1 - a) : 0;
  gsize head_b = last_b ? (gsize) (last_b + 1 - b) : 0;

  if (g_str_equal (a, b))
    return TRUE;
  if (head_a != head_b || strncmp (a, b, head_a) != 0)
    return FALSE;
  return vigil_query_same_word (a + head_a, b + head_b);
}

/* The categories a category: value names (NULL when none). */
char **
resolve_category (const char *value)
{
  g_autofree char *key = fold_joined (value, "-");
  const char *id;

  for (guint i = 0; (id = vigil_risk_category_nth (i)) != NULL; i++)
    {
      g_autofree char *label = fold_joined (vigil_risk_category_label (id), "-");
      if (same_name (key, id) || same_name (key, label))
        return g_strsplit (id, ",", -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (category_synonyms); i++)
    if (same_name (key, category_synonyms[i].name))
      return g_strsplit (category_synonyms[i].categories, ",", -1);
  return NULL;
}

typedef struct
{
  GHashTable *codes; /* "IQ" -> itself */
  GHashTable *names; /* folded name ("united arab emirates", "irak") -> code */
} Countries;

/* The countries the analysis knows (countries.tsv from iso-codes, and
 * country-names.tsv for the names and countries it lacks, such as Kosovo):
 * loaded once and never changed. */
static Countries *
countries (void)
{
  static gsize loaded;
  static Countries c;

  if (g_once_init_enter (&loaded))
    {
      static const char *const files[]
          = { "/io/github/vigildesk/Vigil/analysis/countries.tsv",
              "/io/github/vigildesk/Vigil/analysis/country-names.tsv" };
      c.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      c.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autoptr (GPtrArray) rows = resource_rows (files[f]);
          for (guint i = 0; rows && i < rows->len; i++)
            {
              char **row = g_ptr_array_index (rows, i);
              if (g_strv_length (row) < 3 || strlen (row[2]) != 2)
                continue;
              if (!g_hash_table_contains (c.codes, row[2]))
                g_hash_table_add (c.codes, g_strdup (row[2]));
              for (guint k = 0; k < 2; k++)
                {
                  char *name = fold_joined (row[k], " ");
                  if (*name == '\0' || g_hash_table_contains (c.names, name))
                    g_free (name);
                  else
                    g_hash_table_insert (c.names, name, g_strdup (row[2]));
                }
            }
        }
      g_once_init_leave (&loaded, 1);
    }
  return &c;
}

/* The ISO 3166 code a country: value names ("IQ", "iq", "Iraq", "Irak"), or NULL. */
char *
resolve_country (const char *value)
{
  Countries *c = countries ();
  g_autofree char *upper = g_ascii_strup (value, -1);
  g_autofree char *name = NULL;
  const char *code;

  if (g_hash_table_size (c->codes) == 0 && strlen (value) == 2 && g_ascii_isalpha (value[0])
      && g_ascii_isalpha (value[1]))
    return g_steal_pointer (&upper); /* no data to check against */
  if (g_hash_table_contains (c->codes, upper))
    return g_steal_pointer (&upper);
  name = fold_joined (value, " ");
  code = g_hash_table_lookup (c->names, name);
  return code ? g_strdup (code) : NULL;
}

/* ISO 639-1, and "und" (undetermined), which the analysis gives text it cannot
 * tell; it tells en, fr, es and ar apart. */
static const char iso_639_1[]
    = " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
      "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
      "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
      "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
      "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
      "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve "
      "vi vo wa wo xh yi yo za zh zu und ";

/* The lang: value, lower case ("en", "en-gb"), or NULL when its language
 * (before any "-region") is not a known code. */
char *
resolve_language (const char *value)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);
  g_autofree char *padded = NULL;
  gsize len = strcspn (lower, "-_");

  for (char *p = lower; *p; p++)
    if (*p == '_')
      *p = '-';
    else if (*p != '-' && !g_ascii_isalnum (*p))
      return NULL;
  padded = g_strdup_printf (" %.*s ", (int) len, lower);
  if (len < 2 || len > 3 || strstr (iso_639_1, padded) == NULL)
    return NULL;
  return g_steal_pointer (&lower);
}

/* score>=60, level>=high */
