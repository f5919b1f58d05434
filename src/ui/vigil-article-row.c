/* vigil-article-row.c */
#include "config.h"

#include "vigil-article-row.h"

#include <glib/gi18n.h>

struct _VigilArticleRow
{
  GtkBox parent_instance;
  GtkLabel *badge;
  GtkLabel *meta;
  GtkLabel *headline;
  GtkLabel *reports;
  char *level_class;
};

G_DEFINE_FINAL_TYPE (VigilArticleRow, vigil_article_row, GTK_TYPE_BOX)

char *
vigil_format_relative_time (gint64 unix_time)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 delta = now - unix_time;
  g_autoptr (GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("");
  if (delta < 60)
    return g_strdup (_ ("just now"));
  if (delta < 3600)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (int) (delta / 60)),
                            (int) (delta / 60));
  if (delta < 86400)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (int) (delta / 3600)),
                            (int) (delta / 3600));
  if (delta < 2 * 86400)
    return g_strdup (_ ("yesterday"));
  dt = g_date_time_new_from_unix_local (unix_time);
  /* TRANSLATORS: date of an article older than two days, strftime format */
  return g_date_time_format (dt, _ ("%e %b %Y"));
}

static void
vigil_article_row_finalize (GObject *object)
{
  g_free (VIGIL_ARTICLE_ROW (object)->level_class);
  G_OBJECT_CLASS (vigil_article_row_parent_class)->finalize (object);
}

static void
vigil_article_row_class_init (VigilArticleRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vigil_article_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/vigil-article-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, badge);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, meta);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, headline);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, reports);
}

static void
vigil_article_row_init (VigilArticleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vigil_article_row_new (void)
{
  return g_object_new (VIGIL_TYPE_ARTICLE_ROW, NULL);
}

void
vigil_article_row_set_article (VigilArticleRow *self, VigilArticle *article)
{
  g_autofree char *when = vigil_format_relative_time (vigil_article_get_time (article));
  g_autofree char *meta = NULL;
  const char *level = article->level ? article->level : "low";

  if (self->level_class)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), self->level_class);
  g_free (self->level_class);
  self->level_class = g_strconcat ("risk-", level, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), self->level_class);
  gtk_label_set_text (self->badge, vigil_level_label (level));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->badge), NULL);

  meta = g_strdup_printf ("%s · %s", article->source_title ? article->source_title : "", when);
  /* The story's size stays visible however narrow the list: its own label. */
  gtk_widget_set_visible (GTK_WIDGET (self->reports), article->cluster_size > 1);
  if (article->cluster_size > 1)
    {
      g_autofree char *reports = g_strdup_printf (
          /* TRANSLATORS: how many outlets carry the same story, in the article list */
          ngettext ("%u report", "%u reports", article->cluster_size), article->cluster_size);
      gtk_label_set_text (self->reports, reports);
    }
  gtk_label_set_text (self->meta, meta);
  gtk_label_set_text (self->headline, article->title);
  if (article->read)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
}
