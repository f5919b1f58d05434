/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-query.c — the alert query language: the syntax tree, the lexer and the
 * parser. What words and values mean is in vigil-alert-query-words.c, matching in
 * vigil-alert-query-eval.c, the full-text prefilter in vigil-alert-query-fts.c. */
#include "config.h"

#include "vigil-alert-query-private.h"

G_DEFINE_QUARK (vigil_query_error, vigil_query_error)

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

int
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
  /* "-Baghdad", "-Йемен", "-(a OR b)", "-\"phrase\"": NOT, as search boxes
   * write it; not "-5" (a number) nor "--x". */
  if (*lx->p == '-'
      && (lx->p[1] == '(' || lx->p[1] == '"'
          || (g_unichar_isalpha (g_utf8_get_char_validated (lx->p + 1, -1))
              && !g_ascii_isdigit (lx->p[1]))))
    {
      lx->kind = TOK_NOT;
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
