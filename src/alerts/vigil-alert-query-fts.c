/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-query-fts.c — what a query tells before evaluation: the full-text prefilter, whether
 * it needs the analysis */
#include "config.h"

#include "vigil-alert-query-private.h"

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
prefilter_exact (Node *n)
{
  if (n->kind == NODE_TERM)
    return n->scope == SCOPE_TEXT;
  if (n->kind != NODE_AND && n->kind != NODE_OR)
    return FALSE; /* NEAR, NOT and the fields */
  for (guint i = 0; i < n->children->len; i++)
    if (!prefilter_exact (g_ptr_array_index (n->children, i)))
      return FALSE;
  return TRUE;
}

gboolean
vigil_query_prefilter_is_exact (VigilQuery *query)
{
  return prefilter_exact (query->root);
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
