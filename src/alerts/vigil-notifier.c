/* vigil-notifier.c */
#include "config.h"

#include "vigil-notifier.h"

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

GNotification *
vigil_notifier_build (VigilArticle *article, GPtrArray *matches)
{
  GNotification *n = g_notification_new (article->title);
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GPtrArray) terms = g_ptr_array_new ();
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
      for (guint t = 0; t < m->terms->len; t++)
        g_ptr_array_add (terms, g_ptr_array_index (m->terms, t));
    }
  g_ptr_array_add (rules, NULL);
  g_ptr_array_add (terms, NULL);
  rule_list = g_strjoinv (", ", (char **) rules->pdata);
  term_list = g_strjoinv (", ", (char **) terms->pdata);

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
  g_notification_add_button_with_target (n, _ ("Mark Read"), "app.mark-read", "x", article->id);
  return n;
}

void
vigil_notifier_send (GApplication *app, VigilArticle *article, GPtrArray *matches)
{
  g_autoptr (GNotification) n = vigil_notifier_build (article, matches);
  g_autofree char *id = vigil_notifier_id (article);

  g_application_send_notification (app, id, n);
}

void
vigil_notifier_send_summary (GApplication *app, const char *rule, guint count)
{
  g_autofree char *title = g_strdup_printf (
      /* TRANSLATORS: a throttled alert rule: how many more matches, the rule's name */
      ngettext ("%u more match for “%s”", "%u more matches for “%s”", count), count, rule);
  g_autoptr (GNotification) n = g_notification_new (title);
  g_autofree char *id = g_strdup_printf ("summary-%s", rule);

  g_notification_set_body (n, _ ("Open Vigil to see them all in the list."));
  g_application_send_notification (app, id, n);
}
