/* vigil-alert-query.c */
#include "config.h"

#include "vigil-alert-query.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (vigil_query_error, vigil_query_error)

typedef enum
{
  NODE_TERM,     /* words in text, title or source */
  NODE_LANG,     /* lang:fr */
  NODE_COUNTRY,  /* country:IQ */
  NODE_ENTITY,   /* entity:[type:]name */
  NODE_CATEGORY, /* category:explosives */
  NODE_SCORE,    /* score>=60 */
  NODE_LEVEL,    /* level>=high */
  NODE_AND,
  NODE_OR,
  NODE_NOT,
  NODE_NEAR,
} NodeKind;

typedef enum
{
  SCOPE_TEXT,
  SCOPE_TITLE,
  SCOPE_SOURCE,
} Scope;

typedef enum
{
  CMP_GE,
  CMP_GT,
  CMP_LE,
  CMP_LT,
  CMP_EQ,
} Cmp;

typedef struct _Node Node;
struct _Node
{
  NodeKind kind;
  char **words;       /* TERM, ENTITY: folded tokens; CATEGORY: the categories */
  char **forms;       /* TERM of one bare word: the folded forms it matches, or NULL */
  gsize forms_common; /* bytes at the start of every form ("hit" of hits, hitting) */
  gboolean prefix;    /* TERM: last word is a prefix (trailing *) */
  Scope scope;        /* TERM */
  char *value;        /* LANG, COUNTRY, CATEGORY (folded); ENTITY: type or NULL */
  Cmp cmp;            /* SCORE, LEVEL */
  int number;         /* SCORE: the score; LEVEL: the level's rank */
  guint distance;     /* NEAR */
  gboolean ordered;   /* NEAR: ONEAR */
  GPtrArray *children;
};

struct _VigilQuery
{
  Node *root;
  guint n_terms; /* TERM nodes: how many times a match would scan the text */
};

static void
node_free (Node *n)
{
  if (n == NULL)
    return;
  g_strfreev (n->words);
  g_strfreev (n->forms);
  g_free (n->value);
  if (n->children)
    g_ptr_array_unref (n->children);
  g_free (n);
}

static Node *
node_new (NodeKind kind)
{
  Node *n = g_new0 (Node, 1);
  n->kind = kind;
  if (kind == NODE_AND || kind == NODE_OR || kind == NODE_NOT || kind == NODE_NEAR)
    n->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  return n;
}

static int
level_rank (const char *level)
{
  static const char *const levels[] = { "low", "elevated", "high", "critical" };
  for (int i = 0; i < (int) G_N_ELEMENTS (levels); i++)
    if (g_ascii_strcasecmp (level ? level : "", levels[i]) == 0)
      return i;
  return -1;
}

/* ---- lexer ---- */

typedef enum
{
  TOK_END,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_WORD,
  TOK_PHRASE,
  TOK_AND,
  TOK_OR,
  TOK_NOT,
  TOK_NEAR,
} TokKind;

/* Parentheses and NOTs inside one another: deeper queries are refused, so
 * that parsing, evaluating and freeing (all recursive over the nesting) stay
 * far from the end of any thread's stack. AND and OR chains are flat lists. */
#define MAX_DEPTH 256

typedef struct
{
  const char *text;
  const char *p;
  guint offset; /* characters before p: counted as p moves, never from the start */
  TokKind kind;
  char *value;
  guint position;   /* characters */
  guint distance;   /* TOK_NEAR */
  gboolean ordered; /* TOK_NEAR */
  guint depth;      /* parentheses and NOTs open */
  guint n_terms;    /* TERM nodes made */
} Lexer;

static void
lex_advance (Lexer *lx)
{
  lx->p = g_utf8_next_char (lx->p);
  lx->offset++;
}

static void
lex_next (Lexer *lx, GError **error)
{
  g_clear_pointer (&lx->value, g_free);
  while (*lx->p && g_unichar_isspace (g_utf8_get_char (lx->p)))
    lex_advance (lx);
  lx->position = lx->offset;
  if (*lx->p == '\0')
    {
      lx->kind = TOK_END;
      return;
    }
  if (*lx->p == '(' || *lx->p == ')')
    {
      lx->kind = *lx->p == '(' ? TOK_LPAREN : TOK_RPAREN;
      lex_advance (lx);
      return;
    }
  if (*lx->p == '"')
    {
      const char *end = strchr (lx->p + 1, '"');
      if (end == NULL)
        {
          g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                       _ ("Unclosed quotation mark at position %u: expected a closing \""),
                       lx->position + 1);
          lx->kind = TOK_END;
          return;
        }
      lx->kind = TOK_PHRASE;
      lx->value = g_strndup (lx->p + 1, end - lx->p - 1);
      lx->offset += g_utf8_strlen (lx->p, end + 1 - lx->p);
      lx->p = end + 1;
      return;
    }
  {
    const char *start = lx->p;
    while (*lx->p && *lx->p != '(' && *lx->p != ')' && *lx->p != '"'
           && !g_unichar_isspace (g_utf8_get_char (lx->p)))
      lex_advance (lx);
    lx->value = g_strndup (start, lx->p - start);
    lx->kind = TOK_WORD;
    if (g_str_equal (lx->value, "AND"))
      lx->kind = TOK_AND;
    else if (g_str_equal (lx->value, "OR"))
      lx->kind = TOK_OR;
    else if (g_str_equal (lx->value, "NOT"))
      lx->kind = TOK_NOT;
    else if (g_str_has_prefix (lx->value, "NEAR/") || g_str_has_prefix (lx->value, "ONEAR/"))
      {
        const char *digits = strchr (lx->value, '/') + 1;
        char *end = NULL;
        guint64 n = g_ascii_strtoull (digits, &end, 10);
        if (end == digits || *end != '\0' || n == 0 || n > 1000)
          {
            g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                         _ ("“%s” at position %u: expected a distance in words, as in NEAR/5"),
                         lx->value, lx->position + 1);
            lx->kind = TOK_END;
            return;
          }
        lx->kind = TOK_NEAR;
        lx->distance = n;
        lx->ordered = lx->value[0] == 'O';
      }
  }
}

/* ---- parser ---- */

static Node *parse_or (Lexer *lx, GError **error);

static gboolean
fail (Lexer *lx, GError **error, const char *what)
{
  g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX, _ ("%s at position %u"), what,
               lx->position + 1);
  return FALSE;
}

static char **
fold_words (const char *text, gboolean *out_prefix)
{
  g_autofree char *value = g_strdup (text);
  g_autoptr (VigilTokens) tokens = NULL;
  GPtrArray *words;

  if (out_prefix)
    {
      *out_prefix = g_str_has_suffix (value, "*");
      if (*out_prefix)
        value[strlen (value) - 1] = '\0';
    }
  tokens = vigil_tokenize (value);
  if (tokens->tokens->len == 0)
    return NULL;
  words = g_ptr_array_new ();
  for (guint i = 0; i < tokens->tokens->len; i++)
    g_ptr_array_add (words, g_strdup (vigil_tokens_get (tokens, i)->folded));
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

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
 * writes with the rules and exceptions that inflect the lexicon itself. Loaded
 * once and never changed. */
static GHashTable *
word_forms_table (void)
{
  static gsize loaded;
  static GHashTable *table;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr (GPtrArray) rows
          = resource_rows ("/io/github/vigildesk/Vigil/analysis/word-forms.tsv");
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
      for (guint i = 0; rows && i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          g_autofree char *lemma = fold_joined (row[0], " ");
          if (*lemma != '\0' && !strchr (lemma, ' '))
            g_hash_table_replace (table, g_steal_pointer (&lemma), g_strdupv (row));
        }
      g_once_init_leave (&loaded, 1);
    }
  return table;
}

/* The forms a bare word matches (NULL: only itself). A lemma of the risk
 * lexicon has the forms of its word class; another word, not knowing its
 * class, only its plural, by the lexicon's regular rules (en_plural and
 * fr_noun in generate-risk.py): a verb's forms could have another meaning
 * ("rocketed" is not a rocket). An acronym (IED) takes -s; a word of one or two
 * letters has no forms ("it" is not "its", US is not "uses"). */
static char **
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
};

/* The categories a category: value names (NULL when none). */
static char **
resolve_category (const char *value)
{
  g_autofree char *key = fold_joined (value, "-");
  const char *id;

  for (guint i = 0; (id = vigil_risk_category_nth (i)) != NULL; i++)
    {
      g_autofree char *label = fold_joined (vigil_risk_category_label (id), "-");
      if (g_str_equal (key, id) || g_str_equal (key, label))
        return g_strsplit (id, ",", -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (category_synonyms); i++)
    if (g_str_equal (key, category_synonyms[i].name))
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
static char *
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
static char *
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
static Node *
make_comparison (Lexer *lx, const char *word, GError **error)
{
  static const struct
  {
    const char *op;
    Cmp cmp;
  } ops[] = { { ">=", CMP_GE }, { "<=", CMP_LE }, { ">", CMP_GT },
              { "<", CMP_LT },  { "=", CMP_EQ },  { ":", CMP_EQ } };
  gboolean is_score = g_str_has_prefix (word, "score");
  const char *rest = word + 5; /* after "score" or "level" */
  Node *n;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_has_prefix (rest, ops[i].op))
      {
        const char *value = rest + strlen (ops[i].op);
        n = node_new (is_score ? NODE_SCORE : NODE_LEVEL);
        n->cmp = ops[i].cmp;
        if (is_score)
          {
            char *end = NULL;
            n->number = (int) g_ascii_strtoll (value, &end, 10);
            if (end == value || *end != '\0')
              {
                node_free (n);
                fail (lx, error, _ ("Expected a number after score>="));
                return NULL;
              }
          }
        else
          {
            n->number = level_rank (value);
            if (n->number < 0)
              {
                node_free (n);
                fail (lx, error, _ ("Expected low, elevated, high or critical after level>="));
                return NULL;
              }
          }
        return n;
      }
  fail (lx, error, _ ("Expected >=, >, <=, < or = after score or level"));
  return NULL;
}

/* A word or phrase, possibly with a field scope: title:x, entity:org:"x y". */
static Node *
make_term (Lexer *lx, GError **error)
{
  g_autofree char *word = g_strdup (lx->value);
  g_autofree char *field = NULL;
  g_autofree char *entity_type = NULL;
  const char *text = word;
  guint value_position = lx->position; /* characters */
  Node *n;

  if (lx->kind == TOK_WORD
      && ((g_str_has_prefix (word, "score") && strchr ("<>=:", word[5]) && word[5])
          || (g_str_has_prefix (word, "level") && strchr ("<>=:", word[5]) && word[5])))
    {
      n = make_comparison (lx, word, error);
      if (n)
        lex_next (lx, error);
      return n;
    }
  if (lx->kind == TOK_WORD && strchr (word, ':') != NULL)
    {
      static const char *const fields[]
          = { "title", "source", "lang", "country", "entity", "category" };
      char *colon = strchr (word, ':');
      gboolean known = FALSE;
      *colon = '\0';
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (g_ascii_strcasecmp (word, fields[i]) == 0)
          known = TRUE;
      if (!known)
        {
          g_autofree char *msg
              = g_strdup_printf (_ ("Unknown field “%s:”: expected title:, source:, "
                                    "lang:, country:, entity: or category:"),
                                 word);
          fail (lx, error, msg);
          return NULL;
        }
      field = g_ascii_strdown (word, -1);
      text = colon + 1;
      value_position += strlen (field) + 1; /* a field's name is ASCII */
      if (g_str_equal (field, "entity"))
        {
          static const char *const types[]
              = { "person", "org", "organization", "organisation", "location", "place" };
          char *second = strchr (text, ':');
          if (second != NULL)
            {
              gboolean ok = FALSE;
              *second = '\0';
              for (guint i = 0; i < G_N_ELEMENTS (types); i++)
                if (g_ascii_strcasecmp (text, types[i]) == 0)
                  ok = TRUE;
              if (!ok)
                {
                  fail (lx, error, _ ("Unknown entity type: expected person, org or location"));
                  return NULL;
                }
              entity_type = g_ascii_strdown (text, -1);
              text = second + 1;
            }
        }
      if (*text == '\0')
        {
          /* title:"ordered departure": the value is the next phrase or word. */
          lex_next (lx, error);
          if (lx->kind != TOK_PHRASE && lx->kind != TOK_WORD)
            {
              fail (lx, error, _ ("Expected a word or a phrase after the field"));
              return NULL;
            }
          g_free (word);
          word = g_strdup (lx->value);
          text = word;
          value_position = lx->position;
        }
    }

  if (field == NULL || g_str_equal (field, "title") || g_str_equal (field, "source"))
    {
      n = node_new (NODE_TERM);
      lx->n_terms++;
      n->scope = field == NULL                  ? SCOPE_TEXT
                 : g_str_equal (field, "title") ? SCOPE_TITLE
                                                : SCOPE_SOURCE;
      n->words = fold_words (text, lx->kind == TOK_WORD ? &n->prefix : NULL);
      /* a bare word: its inflections too; "quoted", as written */
      if (lx->kind == TOK_WORD && !n->prefix && n->scope != SCOPE_SOURCE && n->words
          && n->words[1] == NULL)
        n->forms = word_forms (n->words[0], text);
      for (guint i = 0; n->forms && n->forms[i]; i++)
        {
          gsize k = 0;
          while (n->forms[0][k] && n->forms[i][k] == n->forms[0][k])
            k++;
          n->forms_common = i ? MIN (n->forms_common, k) : k;
        }
    }
  else if (g_str_equal (field, "entity"))
    {
      n = node_new (NODE_ENTITY);
      n->words = fold_words (text, NULL);
      if (entity_type)
        n->value = g_strdup (g_str_has_prefix (entity_type, "org") ? "organization"
                             : g_str_equal (entity_type, "place")  ? "location"
                                                                   : entity_type);
    }
  else
    {
      n = node_new (g_str_equal (field, "lang")      ? NODE_LANG
                    : g_str_equal (field, "country") ? NODE_COUNTRY
                                                     : NODE_CATEGORY);
      if (*text == '\0')
        {
          node_free (n);
          fail (lx, error, _ ("Expected a value after the field"));
          return NULL;
        }
      if (n->kind == NODE_CATEGORY)
        n->words = resolve_category (text);
      else
        n->value = n->kind == NODE_LANG ? resolve_language (text) : resolve_country (text);
      if (n->words == NULL && n->value == NULL)
        {
          g_autoptr (GString) valid = g_string_new (NULL);
          const char *id;
          lx->position = value_position;
          if (n->kind == NODE_CATEGORY)
            {
              for (guint i = 0; (id = vigil_risk_category_nth (i)) != NULL; i++)
                g_string_append_printf (valid, "%s%s", i ? ", " : "", id);
              g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_VALUE,
                           _ ("Unknown category “%s” at position %u: expected one of %s, or an "
                              "ACLED event type such as protests, riots, battles, explosions or "
                              "remote-violence"),
                           text, value_position + 1, valid->str);
            }
          else if (n->kind == NODE_COUNTRY)
            g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_VALUE,
                         _ ("Unknown country “%s” at position %u: expected an ISO 3166 code "
                            "such as IQ, or a country’s name"),
                         text, value_position + 1);
          else
            g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_VALUE,
                         _ ("Unknown language “%s” at position %u: expected an ISO 639-1 code "
                            "such as en, fr, es, ar (the languages Vigil tells apart) or und"),
                         text, value_position + 1);
          node_free (n);
          return NULL;
        }
    }
  if ((n->kind == NODE_TERM || n->kind == NODE_ENTITY) && n->words == NULL)
    {
      node_free (n);
      fail (lx, error, _ ("Empty term: expected a word or a phrase"));
      return NULL;
    }
  lex_next (lx, error);
  return n;
}

static Node *parse_unary_nested (Lexer *lx, GError **error);

static Node *
parse_unary (Lexer *lx, GError **error)
{
  Node *n;

  if (lx->kind != TOK_NOT && lx->kind != TOK_LPAREN)
    return parse_unary_nested (lx, error);
  if (lx->depth >= MAX_DEPTH)
    {
      g_set_error (
          error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
          _ ("“%s” at position %u nests too deeply: at most %u parentheses and NOTs can be "
             "inside one another"),
          lx->kind == TOK_NOT ? "NOT" : "(", lx->position + 1, MAX_DEPTH);
      return NULL;
    }
  lx->depth++;
  n = parse_unary_nested (lx, error);
  lx->depth--;
  return n;
}

static Node *
parse_unary_nested (Lexer *lx, GError **error)
{
  Node *n;

  switch (lx->kind)
    {
    case TOK_NOT:
      lex_next (lx, error);
      if (error && *error)
        return NULL;
      {
        Node *child = parse_unary (lx, error);
        if (child == NULL)
          return NULL;
        n = node_new (NODE_NOT);
        g_ptr_array_add (n->children, child);
        return n;
      }
    case TOK_LPAREN:
      {
        guint open = lx->position;
        lex_next (lx, error);
        if (error && *error)
          return NULL;
        n = parse_or (lx, error);
        if (n == NULL)
          return NULL;
        if (lx->kind != TOK_RPAREN)
          {
            g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                         _ ("Expected “)” at position %u to close the “(” at position %u"),
                         lx->position + 1, open + 1);
            node_free (n);
            return NULL;
          }
        lex_next (lx, error);
        return n;
      }
    case TOK_WORD:
    case TOK_PHRASE:
      return make_term (lx, error);
    case TOK_END:
      g_set_error (
          error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
          _ ("Unexpected end of the query at position %u: expected a word, a phrase or “(”"),
          lx->position + 1);
      return NULL;
    case TOK_RPAREN:
    case TOK_AND:
    case TOK_OR:
    case TOK_NEAR:
    default:
      g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                   _ ("Unexpected “%s” at position %u: expected a word, a phrase or “(”"),
                   lx->kind == TOK_RPAREN ? ")" : lx->value, lx->position + 1);
      return NULL;
    }
}

/* Proximity operands are words or phrases in the text, or ORs of them. */
static gboolean
near_operand (Node *n)
{
  if (n->kind == NODE_TERM)
    return n->scope == SCOPE_TEXT;
  if (n->kind == NODE_OR)
    {
      for (guint i = 0; i < n->children->len; i++)
        if (!near_operand (g_ptr_array_index (n->children, i)))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

static Node *
parse_near (Lexer *lx, GError **error)
{
  Node *left = parse_unary (lx, error);

  while (left != NULL && lx->kind == TOK_NEAR)
    {
      guint position = lx->position;
      Node *near = node_new (NODE_NEAR), *right;
      near->distance = lx->distance;
      near->ordered = lx->ordered;
      lex_next (lx, error);
      right = error && *error ? NULL : parse_unary (lx, error);
      g_ptr_array_add (near->children, left);
      if (right == NULL)
        {
          node_free (near);
          return NULL;
        }
      g_ptr_array_add (near->children, right);
      if (!near_operand (left) || !near_operand (right))
        {
          lx->position = position; /* the error is reported at the operator */
          g_set_error (
              error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
              _ ("NEAR at position %u: expected words or phrases (or an OR of them) on both sides"),
              position + 1);
          node_free (near);
          return NULL;
        }
      left = near;
    }
  return left;
}

static Node *
parse_and (Lexer *lx, GError **error)
{
  Node *first = parse_near (lx, error);
  Node *and = NULL;

  if (first == NULL)
    return NULL;
  while (lx->kind == TOK_AND || lx->kind == TOK_WORD || lx->kind == TOK_PHRASE
         || lx->kind == TOK_NOT || lx->kind == TOK_LPAREN)
    {
      Node *next;
      if (lx->kind == TOK_AND)
        {
          lex_next (lx, error);
          if (error && *error)
            break;
        }
      next = parse_near (lx, error);
      if (next == NULL)
        {
          node_free (and? and : first);
          return NULL;
        }
      if (and == NULL)
        {
          and = node_new (NODE_AND);
          g_ptr_array_add (and->children, first);
        }
      g_ptr_array_add (and->children, next);
    }
  return and? and : first;
}

static Node *
parse_or (Lexer *lx, GError **error)
{
  Node *first = parse_and (lx, error);
  Node * or = NULL;

  if (first == NULL)
    return NULL;
  while (lx->kind == TOK_OR)
    {
      Node *next;
      lex_next (lx, error);
      next = error && *error ? NULL : parse_and (lx, error);
      if (next == NULL)
        {
          node_free (or ? or : first);
          return NULL;
        }
      if (or == NULL)
        {
          or = node_new (NODE_OR);
          g_ptr_array_add (or->children, first);
        }
      g_ptr_array_add (or->children, next);
    }
  return or ? or : first;
}

VigilQuery *
vigil_query_parse (const char *text, guint *out_position, GError **error)
{
  Lexer lx = { text, text, 0, TOK_END, NULL, 0, 0, FALSE, 0, 0 };
  GError *local_error = NULL;
  Node *root;
  VigilQuery *query;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                           _ ("The query is not valid text"));
      return NULL;
    }
  lex_next (&lx, &local_error);
  root = local_error ? NULL : parse_or (&lx, &local_error);
  if (local_error != NULL)
    g_clear_pointer (&root, node_free);
  else if (root != NULL && lx.kind != TOK_END)
    {
      g_set_error (
          &local_error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
          _ ("Unexpected “%s” at position %u: expected AND, OR, NEAR/n or the end of the query"),
          lx.kind == TOK_RPAREN ? ")" : lx.value, lx.position + 1);
      g_clear_pointer (&root, node_free);
    }
  if (root == NULL)
    {
      if (out_position)
        *out_position = lx.position;
      g_free (lx.value);
      if (local_error == NULL)
        g_set_error_literal (&local_error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                             _ ("Invalid query"));
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_free (lx.value);
  query = g_new0 (VigilQuery, 1);
  query->root = root;
  query->n_terms = lx.n_terms;
  return query;
}

void
vigil_query_free (VigilQuery *query)
{
  if (query == NULL)
    return;
  node_free (query->root);
  g_free (query);
}

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

/* ---- narrowing with the full-text index ---- */

static char *
prefilter (Node *n)
{
  switch (n->kind)
    {
    case NODE_TERM:
      {
        g_autofree char *phrase = NULL;
        if (n->scope == SCOPE_SOURCE)
          return NULL;
        /* folded words are letters and digits only: safe inside quotes */
        if (n->forms)
          {
            g_autofree char *forms = g_strjoinv ("\" OR \"", n->forms);
            return g_strdup_printf ("(\"%s\")", forms);
          }
        phrase = g_strjoinv (" ", n->words);
        return g_strdup_printf ("\"%s\"%s", phrase, n->prefix ? " *" : "");
      }
    case NODE_OR:
      {
        GString *out = g_string_new ("(");
        for (guint i = 0; i < n->children->len; i++)
          {
            g_autofree char *child = prefilter (g_ptr_array_index (n->children, i));
            if (child == NULL)
              {
                g_string_free (out, TRUE);
                return NULL; /* one branch can match without words */
              }
            if (i)
              g_string_append (out, " OR ");
            g_string_append (out, child);
          }
        g_string_append_c (out, ')');
        return g_string_free (out, FALSE);
      }
    case NODE_AND:
    case NODE_NEAR:
      {
        GString *out = g_string_new (NULL);
        for (guint i = 0; i < n->children->len; i++)
          {
            g_autofree char *child = prefilter (g_ptr_array_index (n->children, i));
            if (child == NULL)
              continue; /* a NOT or a field: no help, no harm */
            if (out->len)
              g_string_append (out, " AND ");
            g_string_append (out, child);
          }
        if (out->len == 0)
          {
            g_string_free (out, TRUE);
            return NULL;
          }
        g_string_prepend_c (out, '(');
        g_string_append_c (out, ')');
        return g_string_free (out, FALSE);
      }
    case NODE_LANG:
    case NODE_COUNTRY:
    case NODE_ENTITY:
    case NODE_CATEGORY:
    case NODE_SCORE:
    case NODE_LEVEL:
    case NODE_NOT:
    default:
      return NULL; /* fields and negations narrow nothing down by words */
    }
}

char *
vigil_query_fts_prefilter (VigilQuery *query)
{
  return prefilter (query->root);
}

static gboolean
needs_analysis (Node *n)
{
  if (n->kind == NODE_ENTITY || n->kind == NODE_COUNTRY || n->kind == NODE_CATEGORY)
    return TRUE;
  for (guint i = 0; n->children && i < n->children->len; i++)
    if (needs_analysis (g_ptr_array_index (n->children, i)))
      return TRUE;
  return FALSE;
}

gboolean
vigil_query_needs_analysis (VigilQuery *query)
{
  return needs_analysis (query->root);
}
