/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-notifier.c */
#include "config.h"

#include "vigil-notifier.h"

#include "vigil-alert-query.h"
#include "vigil-analyzer.h"

#include <glib/gi18n-lib.h>

char *
vigil_notifier_id (VigilArticle *article)
{
  /* One notification per story: later reports replace it instead of stacking. */
  if (article->cluster_id > 0)
    return g_strdup_printf ("story-%" G_GINT64_FORMAT, article->cluster_id);
  return g_strdup_printf ("article-%" G_GINT64_FORMAT, article->id);
}

/* The words the rules matched, each once, in the order found: case does not
 * count, nor do two spellings that the analysis found as one entry of the
 * risk lexicon (its risk terms' `term`). Several rules matching one word name
 * it once. */
static char *
matched_terms (VigilArticle *article, GPtrArray *matches)
{
  g_autoptr (VigilAnalysis) analysis
      = article->annotations ? vigil_analysis_from_json (article->annotations) : NULL;
  g_autoptr (GHashTable) lemma_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();

  for (guint i = 0; analysis != NULL && i < analysis->risks->len; i++)
    {
      const VigilRisk *risk = &g_array_index (analysis->risks, VigilRisk, i);
      char *text;
      if (risk->text == NULL || risk->term == NULL)
        continue;
      text = g_utf8_casefold (risk->text, -1);
      if (g_hash_table_contains (lemma_of, text))
        g_free (text);
      else
        g_hash_table_insert (lemma_of, text, g_utf8_casefold (risk->term, -1));
    }
  for (guint m = 0; m < matches->len; m++)
    {
      VigilAlertMatch *match = g_ptr_array_index (matches, m);
      for (guint t = 0; t < match->terms->len; t++)
        {
          const char *term = g_ptr_array_index (match->terms, t);
          g_autofree char *folded = g_utf8_casefold (term, -1);
          const char *lemma = g_hash_table_lookup (lemma_of, folded);
          const char *key = lemma ? lemma : folded;
          gboolean again = g_hash_table_contains (seen, key);
          /* "Rocket" and "rockets", "hit" and "hits": one word, shown once. */
          for (guint s = 0; s < shown->len && !again; s++)
            again = vigil_query_same_word (term, g_ptr_array_index (shown, s));
          if (again)
            continue;
          g_hash_table_add (seen, g_strdup (key));
          g_ptr_array_add (shown, (gpointer) term);
        }
    }
  g_ptr_array_add (shown, NULL);
  return g_strjoinv (", ", (char **) shown->pdata);
}

/* The articles "Mark Read" acts on: the story as the notification tells of
 * it, not reports that join it after. */
static GVariant *
story_target (VigilArticle *article, GPtrArray *matches)
{
  GArray *story = NULL;

  for (guint i = 0; i < matches->len && story == NULL; i++)
    story = ((VigilAlertMatch *) g_ptr_array_index (matches, i))->story_articles;
  if (story == NULL || story->len == 0)
    return g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, &article->id, 1, sizeof (gint64));
  return g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, story->data, story->len, sizeof (gint64));
}

GNotification *
vigil_notifier_build (VigilArticle *article, GPtrArray *matches)
{
  GNotification *n = g_notification_new (vigil_article_get_display_title (article));
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GPtrArray) rules = g_ptr_array_new ();
  VigilSeverity top = VIGIL_SEVERITY_INFO;
  guint reports = 1;
  g_autofree char *rule_list = NULL;
  g_autofree char *term_list = NULL;

  for (guint i = 0; i < matches->len; i++)
    {
      VigilAlertMatch *m = g_ptr_array_index (matches, i);
      top = MAX (top, m->rule->severity);
      reports = MAX (reports, m->story_reports);
      g_ptr_array_add (rules, m->rule->name);
    }
  g_ptr_array_add (rules, NULL);
  rule_list = g_strjoinv (", ", (char **) rules->pdata);
  term_list = matched_terms (article, matches);

  /* The article's own level, as the list and the article view name it; the
   * urgency below follows the most severe rule instead. */
  /* TRANSLATORS: notification body, first line: rule names — source · risk level */
  g_string_append_printf (body, _ ("%s — %s · %s risk"), rule_list,
                          article->source_title ? article->source_title : _ ("Unknown source"),
                          vigil_level_label (article->level));
  g_string_append_c (body, '\n');
  if (reports > 1)
    {
      /* TRANSLATORS: the same story, carried by several outlets */
      g_string_append_printf (
          body, ngettext ("Now reported by %u source", "Now reported by %u sources", reports),
          reports);
      g_string_append_c (body, '\n');
    }
  /* TRANSLATORS: notification body, second line: the words that matched */
  g_string_append_printf (body, _ ("Matched: %s"), term_list);
  g_notification_set_body (n, body->str);
  g_notification_set_priority (n, top == VIGIL_SEVERITY_CRITICAL ? G_NOTIFICATION_PRIORITY_URGENT
                                  : top == VIGIL_SEVERITY_HIGH   ? G_NOTIFICATION_PRIORITY_HIGH
                                                                 : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (n, "app.open-article", "x", article->id);
  g_notification_add_button_with_target (n, _ ("Open"), "app.open-article", "x", article->id);
  g_notification_add_button_with_target_value (n, _ ("Mark Read"), "app.mark-story-read",
                                               story_target (article, matches));
  return n;
}

void
vigil_notifier_send (GApplication *app, VigilArticle *article, GPtrArray *matches)
{
  g_autoptr (GNotification) n = vigil_notifier_build (article, matches);
  g_autofree char *id = vigil_notifier_id (article);

  g_application_send_notification (app, id, n);
}

GNotification *
vigil_notifier_build_summary (const char *rule, guint count)
{
  g_autofree char *title = g_strdup_printf (
      /* TRANSLATORS: a throttled alert rule: how many more matches, the rule's name */
      ngettext ("%u more match for “%s”", "%u more matches for “%s”", count), count, rule);
  GNotification *n = g_notification_new (title);

  g_notification_set_body (n, _ ("Open Vigil to see them all in the list."));
  /* The articles the rule matched, in the rule's view; its editor, to loosen
   * the throttle or sharpen the query. */
  g_notification_set_default_action_and_target (n, "app.show-rule-matches", "s", rule);
  g_notification_add_button_with_target (n, _ ("Show Matches"), "app.show-rule-matches", "s", rule);
  g_notification_add_button_with_target (n, _ ("Edit Rule"), "app.show-rule", "s", rule);
  return n;
}

void
vigil_notifier_send_summary (GApplication *app, const char *rule, guint count)
{
  g_autoptr (GNotification) n = vigil_notifier_build_summary (rule, count);
  g_autofree char *id = g_strdup_printf ("summary-%s", rule);

  g_application_send_notification (app, id, n);
}
