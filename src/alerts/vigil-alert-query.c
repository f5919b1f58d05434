/* vigil-alert-query.c */
#include "vigil-alert-query.h"

#include <string.h>

G_DEFINE_QUARK (vigil_query_error, vigil_query_error)

typedef enum
{
  NODE_TERM,
  NODE_AND,
  NODE_OR,
  NODE_NOT,
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind kind;
  char **words;    /* NODE_TERM: folded tokens */
  gboolean prefix; /* NODE_TERM: last word is a prefix (trailing *) */
  GPtrArray *children;
};

struct _VigilQuery
{
  Node *root;
};

static void
node_free (Node *n)
{
  if (n == NULL)
    return;
  g_strfreev (n->words);
  if (n->children)
    g_ptr_array_unref (n->children);
  g_free (n);
}

static Node *
node_new (NodeKind kind)
{
  Node *n = g_new0 (Node, 1);
  n->kind = kind;
  if (kind != NODE_TERM)
    n->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  return n;
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
} TokKind;

typedef struct
{
  const char *text;
  const char *p;
  TokKind kind;
  char *value;
  guint position; /* characters */
} Lexer;

static void
lex_next (Lexer *lx, GError **error)
{
  g_clear_pointer (&lx->value, g_free);
  while (*lx->p && g_unichar_isspace (g_utf8_get_char (lx->p)))
    lx->p = g_utf8_next_char (lx->p);
  lx->position = g_utf8_pointer_to_offset (lx->text, lx->p);
  if (*lx->p == '\0')
    {
      lx->kind = TOK_END;
      return;
    }
  if (*lx->p == '(' || *lx->p == ')')
    {
      lx->kind = *lx->p == '(' ? TOK_LPAREN : TOK_RPAREN;
      lx->p++;
      return;
    }
  if (*lx->p == '"')
    {
      const char *end = strchr (lx->p + 1, '"');
      if (end == NULL)
        {
          g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                       "Unclosed quotation mark at position %u: expected a closing \"",
                       lx->position + 1);
          lx->kind = TOK_END;
          return;
        }
      lx->kind = TOK_PHRASE;
      lx->value = g_strndup (lx->p + 1, end - lx->p - 1);
      lx->p = end + 1;
      return;
    }
  {
    const char *start = lx->p;
    while (*lx->p && *lx->p != '(' && *lx->p != ')' && *lx->p != '"'
           && !g_unichar_isspace (g_utf8_get_char (lx->p)))
      lx->p = g_utf8_next_char (lx->p);
    lx->value = g_strndup (start, lx->p - start);
    if (g_str_equal (lx->value, "AND"))
      lx->kind = TOK_AND;
    else if (g_str_equal (lx->value, "OR"))
      lx->kind = TOK_OR;
    else if (g_str_equal (lx->value, "NOT"))
      lx->kind = TOK_NOT;
    else
      lx->kind = TOK_WORD;
  }
}

/* ---- parser ---- */

static Node *parse_or (Lexer *lx, GError **error);

static Node *
make_term (Lexer *lx, GError **error)
{
  g_autofree char *value = g_strdup (lx->value);
  gboolean prefix = FALSE;
  g_autoptr (VigilTokens) tokens = NULL;
  GPtrArray *words;
  Node *n;

  if (lx->kind == TOK_WORD && g_str_has_suffix (value, "*"))
    {
      prefix = TRUE;
      value[strlen (value) - 1] = '\0';
    }
  tokens = vigil_tokenize (value);
  if (tokens->tokens->len == 0)
    {
      g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                   "Empty term at position %u: expected a word or a phrase", lx->position + 1);
      return NULL;
    }
  words = g_ptr_array_new ();
  for (guint i = 0; i < tokens->tokens->len; i++)
    g_ptr_array_add (words, g_strdup (vigil_tokens_get (tokens, i)->folded));
  g_ptr_array_add (words, NULL);
  n = node_new (NODE_TERM);
  n->words = (char **) g_ptr_array_free (words, FALSE);
  n->prefix = prefix;
  return n;
}

static Node *
parse_unary (Lexer *lx, GError **error)
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
                         "Expected “)” at position %u to close the “(” at position %u",
                         lx->position + 1, open + 1);
            node_free (n);
            return NULL;
          }
        lex_next (lx, error);
        return n;
      }
    case TOK_WORD:
    case TOK_PHRASE:
      n = make_term (lx, error);
      if (n != NULL)
        lex_next (lx, error);
      return n;
    case TOK_END:
      g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                   "Unexpected end of the query at position %u: expected a word, a phrase or “(”",
                   lx->position + 1);
      return NULL;
    default:
      g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                   "Unexpected “%s” at position %u: expected a word, a phrase or “(”",
                   lx->kind == TOK_RPAREN ? ")" : lx->value, lx->position + 1);
      return NULL;
    }
}

static Node *
parse_and (Lexer *lx, GError **error)
{
  Node *first = parse_unary (lx, error);
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
      next = parse_unary (lx, error);
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
  Lexer lx = { text, text, TOK_END, NULL, 0 };
  GError *local_error = NULL;
  Node *root;
  VigilQuery *query;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                           "The query is not valid text");
      return NULL;
    }
  lex_next (&lx, &local_error);
  root = local_error ? NULL : parse_or (&lx, &local_error);
  if (local_error != NULL)
    g_clear_pointer (&root, node_free);
  else if (root != NULL && lx.kind != TOK_END)
    {
      g_set_error (&local_error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                   "Unexpected “%s” at position %u: expected AND, OR or the end of the query",
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
                             "Invalid query");
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_free (lx.value);
  query = g_new0 (VigilQuery, 1);
  query->root = root;
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

static void
add_term (GPtrArray *out, const char *text)
{
  if (out == NULL)
    return;
  for (guint i = 0; i < out->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (out, i), text) == 0)
      return;
  g_ptr_array_add (out, g_strdup (text));
}

static gboolean
term_match (Node *n, VigilTokens *tokens, GPtrArray *out)
{
  guint len = g_strv_length (n->words);
  gboolean found = FALSE;

  for (guint i = 0; i + len <= tokens->tokens->len; i++)
    {
      gboolean ok = TRUE;
      for (guint k = 0; k < len && ok; k++)
        {
          const char *f = vigil_tokens_get (tokens, i + k)->folded;
          if (n->prefix && k == len - 1)
            ok = g_str_has_prefix (f, n->words[k]);
          else
            ok = g_str_equal (f, n->words[k]);
        }
      if (ok)
        {
          VigilToken *a = vigil_tokens_get (tokens, i);
          VigilToken *b = vigil_tokens_get (tokens, i + len - 1);
          g_autofree char *text
              = g_strndup (tokens->text + a->byte_start, b->byte_end - a->byte_start);
          found = TRUE;
          if (out == NULL)
            return TRUE;
          add_term (out, text);
        }
    }
  return found;
}

static gboolean
eval (Node *n, VigilTokens *tokens, GPtrArray *out)
{
  switch (n->kind)
    {
    case NODE_TERM:
      return term_match (n, tokens, out);
    case NODE_NOT:
      return !eval (g_ptr_array_index (n->children, 0), tokens, NULL);
    case NODE_AND:
      {
        g_autoptr (GPtrArray) local = out ? g_ptr_array_new_with_free_func (g_free) : NULL;
        for (guint i = 0; i < n->children->len; i++)
          if (!eval (g_ptr_array_index (n->children, i), tokens, local))
            return FALSE;
        for (guint i = 0; local && i < local->len; i++)
          add_term (out, g_ptr_array_index (local, i));
        return TRUE;
      }
    case NODE_OR:
    default:
      {
        gboolean any = FALSE;
        for (guint i = 0; i < n->children->len; i++)
          if (eval (g_ptr_array_index (n->children, i), tokens, out))
            {
              any = TRUE;
              if (out == NULL)
                return TRUE;
            }
        return any;
      }
    }
}

gboolean
vigil_query_match (VigilQuery *query, VigilTokens *tokens, GPtrArray *out_terms)
{
  return eval (query->root, tokens, out_terms);
}
