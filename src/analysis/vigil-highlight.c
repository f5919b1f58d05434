/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-highlight.c */
#include "config.h"

#include "vigil-highlight.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-html.h"

typedef struct
{
  xmlNodePtr node;
  guint start; /* code points into the collected text */
  guint length;
} TextPiece;

typedef struct
{
  guint start, end;
  char *klass;
  char *title;
  char *entity; /* an entity's canonical name (data-entity), NULL for risk terms */
} Span;

static void
clear_span (gpointer data)
{
  Span *s = data;
  g_free (s->klass);
  g_free (s->title);
  g_free (s->entity);
}

static void
collect (xmlNodePtr node, GString *text, guint *cp, GArray *pieces)
{
  for (; node; node = node->next)
    {
      if (node->type == XML_TEXT_NODE && node->content)
        {
          TextPiece p = { node, *cp, g_utf8_strlen ((const char *) node->content, -1) };
          g_string_append (text, (const char *) node->content);
          *cp += p.length;
          g_array_append_val (pieces, p);
        }
      else if (node->type == XML_ELEMENT_NODE)
        {
          gboolean block = vigil_html_is_block ((const char *) node->name);
          if (block)
            {
              g_string_append_c (text, '\n');
              (*cp)++;
            }
          collect (node->children, text, cp, pieces);
          if (block)
            {
              g_string_append_c (text, '\n');
              (*cp)++;
            }
        }
    }
}

static const char *
entity_label (VigilEntityType type)
{
  switch (type)
    {
    case VIGIL_ENTITY_PERSON:
      return _ ("Person");
    case VIGIL_ENTITY_ORGANIZATION:
      return _ ("Organisation");
    case VIGIL_ENTITY_LOCATION:
    default:
      return _ ("Place");
    }
}

static int
compare_spans (gconstpointer a, gconstpointer b)
{
  return (int) ((const Span *) a)->start - (int) ((const Span *) b)->start;
}

/* A position in a text node: code points and the byte they point to. Offsets
 * only move forward, so each node's text is walked once, never from its start
 * for every span (which took minutes on a long article). */
typedef struct
{
  guint cp;
  const char *p;
} Cursor;

static const char *
advance (Cursor *c, guint cp)
{
  while (c->cp < cp)
    {
      c->p = g_utf8_next_char (c->p);
      c->cp++;
    }
  return c->p;
}

/* Replaces one text node by text and <mark> pieces for the spans that touch it;
 * *first is the first span that may touch this node or a later one (spans are
 * sorted by start, and nodes come in document order).
 * The pieces are inserted before a placeholder element that has taken the text
 * node's place: libxml2 merges a text node added next to another text node, which
 * would rewrite the very content we are slicing. */
static void
split_node (TextPiece *piece, GArray *spans, guint *first)
{
  xmlNodePtr original = piece->node;
  const char *content = (const char *) original->content;
  xmlNodePtr placeholder = NULL;
  guint piece_end = piece->start + piece->length;
  Cursor at = { 0, content };   /* the start of the last span looked at */
  Cursor done = { 0, content }; /* what is already copied (code points into this node) */

  /* Spans that end before this node end before every later one too. */
  while (*first < spans->len && g_array_index (spans, Span, *first).end <= piece->start)
    (*first)++;
  for (guint s = *first; s < spans->len; s++)
    {
      Span *span = &g_array_index (spans, Span, s);
      guint a, b;
      const char *pa, *pb;
      xmlNodePtr mark;

      if (span->start >= piece_end)
        break;
      if (span->end <= piece->start)
        continue;
      a = MAX (span->start, piece->start) - piece->start;
      b = MIN (span->end, piece_end) - piece->start;
      pa = advance (&at, a);
      {
        Cursor end = at;
        pb = advance (&end, b);
      }
      /* A name split by inline markup leaves its inner spaces outside the marks. */
      while (a < b && g_unichar_isspace (g_utf8_get_char (pa)))
        {
          pa = g_utf8_next_char (pa);
          a++;
        }
      while (b > a && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (pb))))
        {
          pb = g_utf8_prev_char (pb);
          b--;
        }
      if (a < done.cp || a == b)
        continue;
      if (placeholder == NULL)
        {
          placeholder = xmlNewNode (NULL, BAD_CAST "vigil-placeholder");
          xmlReplaceNode (original, placeholder);
        }
      if (a > done.cp)
        xmlAddPrevSibling (placeholder, xmlNewTextLen (BAD_CAST done.p, pa - done.p));
      mark = xmlNewNode (NULL, BAD_CAST "mark");
      xmlSetProp (mark, BAD_CAST "class", BAD_CAST span->klass);
      xmlSetProp (mark, BAD_CAST "title", BAD_CAST span->title);
      if (span->entity != NULL)
        xmlSetProp (mark, BAD_CAST "data-entity", BAD_CAST span->entity);
      xmlAddChild (mark, xmlNewTextLen (BAD_CAST pa, pb - pa));
      xmlAddPrevSibling (placeholder, mark);
      done.cp = b;
      done.p = pb;
    }
  if (placeholder == NULL)
    return;
  if (done.cp < piece->length)
    xmlAddPrevSibling (placeholder, xmlNewText (BAD_CAST done.p));
  xmlUnlinkNode (placeholder);
  xmlFreeNode (placeholder);
  xmlFreeNode (original);
}

/* Whether html nests elements deeper than depth (a quick count of start and
 * end tags; void elements never nest). */
static gboolean
nests_deeper_than (const char *html, guint depth)
{
  guint open = 0;

  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      if (p[1] == '/')
        open -= open > 0;
      else if (g_ascii_isalpha (p[1]) && !g_str_has_prefix (p + 1, "br")
               && !g_str_has_prefix (p + 1, "img") && !g_str_has_prefix (p + 1, "hr")
               && ++open > depth)
        return TRUE;
    }
  return FALSE;
}

char *
vigil_highlight_html (VigilGazetteer *gazetteer, const char *html, VigilAnalysis **out_analysis)
{
  xmlNodePtr body = NULL;
  g_autofree char *flat = NULL;
  htmlDocPtr doc;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GArray) pieces = g_array_new (FALSE, FALSE, sizeof (TextPiece));
  g_autoptr (GArray) spans = g_array_new (FALSE, TRUE, sizeof (Span));
  VigilAnalysis *analysis;
  guint cp = 0, first = 0;
  char *result;

  /* The sanitiser keeps nesting shallow; HTML it did not flatten (stored by an
   * older Vigil) goes through it again, or libxml2's tree would stop at depth
   * 256 and drop the rest of the text. */
  if (html != NULL && nests_deeper_than (html, VIGIL_HTML_MAX_DEPTH + 8))
    html = flat = vigil_html_sanitize (html, NULL);
  doc = vigil_html_parse_fragment (html, &body);
  if (doc == NULL || body == NULL)
    {
      if (doc)
        xmlFreeDoc (doc);
      if (out_analysis)
        *out_analysis = vigil_analyze (gazetteer, "", 0);
      return g_strdup ("");
    }
  g_array_set_clear_func (spans, clear_span);
  collect (body->children, text, &cp, pieces);
  analysis = vigil_analyze (gazetteer, text->str, 0);

  for (guint i = 0; i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      Span s = { e->start, e->end, NULL, NULL, NULL };
      s.klass = g_strdup_printf ("vigil-ent-%s", vigil_entity_type_to_string (e->type));
      s.entity = g_strdup (e->canonical);
      if (e->country != NULL)
        s.title = g_strdup_printf ("%s: %s (%s)", entity_label (e->type), e->canonical, e->country);
      else
        s.title = g_strdup_printf ("%s: %s", entity_label (e->type), e->canonical);
      g_array_append_val (spans, s);
    }
  for (guint i = 0; i < analysis->risks->len; i++)
    {
      VigilRisk *r = &g_array_index (analysis->risks, VigilRisk, i);
      Span s = { r->start, r->end, NULL, NULL, NULL };
      s.klass = g_strdup_printf ("vigil-risk vigil-risk-%s", r->category);
      /* The category as the window names it, and how much the word weighs in
       * words (the lexicon's ids and numbers are internal). */
      s.title = g_strdup_printf (
          /* TRANSLATORS: tooltip of a highlighted risk term: the risk category
           * ("Indirect fire"), how strong a sign the word is, the word listed */
          _ ("Risk term, %s (%s): %s"), vigil_risk_category_label (r->category),
          r->weight >= 8   ? _ ("strong sign")
          : r->weight >= 5 ? _ ("clear sign")
                           : _ ("weak sign"),
          r->term);
      g_array_append_val (spans, s);
    }
  g_array_sort (spans, compare_spans);

  for (guint i = 0; i < pieces->len; i++)
    split_node (&g_array_index (pieces, TextPiece, i), spans, &first);

  result = vigil_html_serialize_children (body);
  xmlFreeDoc (doc);
  if (out_analysis)
    *out_analysis = analysis;
  else
    vigil_analysis_free (analysis);
  return result;
}
