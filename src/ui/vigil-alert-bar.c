/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-bar.c — the bar over an article: the alerts its story raised, and Dismiss */
#include "config.h"

#include "vigil-alert-bar.h"

#include <glib/gi18n.h>

#include "vigil-store.h"

struct _VigilAlertBar
{
  GtkBox parent_instance;

  GtkLabel *alert_label;
  GtkButton *dismiss_button;
  gboolean dismissing; /* clicked, the store not yet written */
  GArray *articles;    /* gint64: the story's articles the bar shows */
};

G_DEFINE_FINAL_TYPE (VigilAlertBar, vigil_alert_bar, GTK_TYPE_BOX)

enum
{
  SIGNAL_DISMISS,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* A rule's name for the bar: escaped (the label is markup) and isolated
 * (U+2068…U+2069), so that a Latin name in an Arabic bar keeps its commas
 * and order. */
/* text with its spaces made no-break ones: a date ("1 Dec 14:33") or a
 * count ("2 reports") is not split over two lines of the bar. */
static char *
unbroken (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == ' ')
      g_string_append (out, "\u00a0");
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static char *
isolated_name (const char *rule)
{
  g_autofree char *escaped = g_markup_escape_text (rule, -1);

  return g_strdup_printf ("\u2068%s\u2069", escaped);
}

/* "Indirect fire · 26 Nov 18:30 · 3 reports", and "· dismissed" when the
 * desk has dealt with the story. */
void
vigil_alert_bar_show_story (VigilAlertBar *self, GPtrArray *history)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) news = g_ptr_array_new ();
  g_autoptr (GHashTable) articles = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GDateTime) first = NULL;
  g_autofree char *when = NULL;
  g_autofree char *rule_list = NULL;
  g_autofree char *text = NULL;
  gboolean dismissed = TRUE;

  g_return_if_fail (VIGIL_IS_ALERT_BAR (self));
  vigil_alert_bar_dismiss_failed (self); /* clicks are taken again */
  /* Dismiss acts on these and no others: the story as the desk sees it now,
   * even if the clusterer groups more articles with it by the time it runs. */
  g_array_set_size (self->articles, 0);
  if (history != NULL)
    {
      /* A rule's quiet match (found among stored articles when the rule was
       * saved) was never news: no alert to show or dismiss. */
      for (guint i = 0; i < history->len; i++)
        if (!g_str_equal (((VigilAlertRecord *) g_ptr_array_index (history, i))->state, "quiet"))
          g_ptr_array_add (news, g_ptr_array_index (history, i));
      history = news;
    }
  if (history == NULL || history->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  for (guint i = 0; i < history->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (history, i);
      g_autofree char *name = isolated_name (r->rule);

      if (!g_ptr_array_find_with_equal_func (rules, name, g_str_equal, NULL))
        g_ptr_array_add (rules, g_steal_pointer (&name));
      if (!g_hash_table_contains (articles, &r->article_id))
        g_array_append_val (self->articles, r->article_id);
      g_hash_table_add (articles, &r->article_id);
      if (!g_str_equal (r->state, "dismissed"))
        dismissed = FALSE;
    }
  g_ptr_array_add (rules, NULL);
  /* TRANSLATORS: between two rule names in the alert bar ("، " in Arabic) */
  rule_list = g_strjoinv (_ (", "), (char **) rules->pdata);
  first = g_date_time_new_from_unix_local (
      ((VigilAlertRecord *) g_ptr_array_index (history, 0))->created);
  {
    /* TRANSLATORS: when a story's first alert came, a strftime format (day,
       month, time) */
    g_autofree char *date = g_date_time_format (first, _ ("%-d %b %H:%M"));
    g_autofree char *whole = unbroken (date ? g_strstrip (date) : "");
    when = g_strdup_printf ("\u2068%s\u2069", whole);
  }
  {
    g_autofree char *count = g_strdup_printf (
        /* TRANSLATORS: how many of the story's articles raised an alert */
        g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", g_hash_table_size (articles)),
        g_hash_table_size (articles));
    g_autofree char *reports = unbroken (count);
    /* TRANSLATORS: "Alert:" then the rule names, when the first alert came, the reports */
    text
        = g_strdup_printf (_ ("<b>Alert:</b> %s · %s · %s"), rule_list, g_strstrip (when), reports);
    if (dismissed)
      {
        g_autofree char *with = g_strdup_printf (_ ("%s · dismissed"), text);
        g_free (text);
        text = g_steal_pointer (&with);
      }
  }
  gtk_label_set_markup (self->alert_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->dismiss_button), !dismissed);
  if (dismissed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dismissed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dismissed");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

const gint64 *
vigil_alert_bar_get_articles (VigilAlertBar *self, guint *n_articles)
{
  g_return_val_if_fail (VIGIL_IS_ALERT_BAR (self), NULL);
  *n_articles = self->articles->len;
  return (const gint64 *) self->articles->data;
}

/* One dismissal a story: a second click before the store has written the
 * first (and the bar has followed) would dismiss nothing and replace the
 * first one's Undo. Shown again, the bar takes clicks again. */
static void
on_dismiss_clicked (VigilAlertBar *self)
{
  if (self->articles->len == 0 || self->dismissing)
    return;
  self->dismissing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->dismiss_button), FALSE);
  g_signal_emit (self, signals[SIGNAL_DISMISS], 0);
}

/* The store could not write the dismissal: the button is offered again. */
void
vigil_alert_bar_dismiss_failed (VigilAlertBar *self)
{
  g_return_if_fail (VIGIL_IS_ALERT_BAR (self));
  self->dismissing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->dismiss_button), TRUE);
}

static void
vigil_alert_bar_finalize (GObject *object)
{
  VigilAlertBar *self = VIGIL_ALERT_BAR (object);

  g_array_unref (self->articles);
  G_OBJECT_CLASS (vigil_alert_bar_parent_class)->finalize (object);
}

static void
vigil_alert_bar_class_init (VigilAlertBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vigil_alert_bar_finalize;
  /* Dismiss was pressed: the story's articles (vigil_alert_bar_get_articles)
   * are dealt with. */
  signals[SIGNAL_DISMISS] = g_signal_new ("dismiss", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/vigil-alert-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAlertBar, alert_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertBar, dismiss_button);
  gtk_widget_class_bind_template_callback (widget_class, on_dismiss_clicked);
}

static void
vigil_alert_bar_init (VigilAlertBar *self)
{
  self->articles = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
}
