/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-row.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-article-row.h"

#include <glib/gi18n.h>

struct _VigilArticleRow
{
  GtkBox parent_instance;
  GtkLabel *badge;
  GtkWidget *unread_mark;
  GtkWidget *star_mark;
  GtkLabel *meta; /* the source */
  GtkLabel *when;
  GtkLabel *headline;
  GtkWidget *top_box;
  GtkWidget *top_overlay;
  GtkLabel *reports;         /* made with reports_button, for the first story shown */
  GtkWidget *reports_button; /* "N reports": the story's other outlets */
  GtkWidget *story_box;
  GtkWidget *story_popover;
  GtkLabel *entities;
  GtkLabel *snippet;
  GtkWidget *actions; /* made when first hovered: star and read buttons */
  char *level_class;
  VigilStore *store;
  gint64 article_id;
  gint64 cluster_id;
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
  /* (%e pads the day with a space: " 1 Dec 2026") */
  return g_strchug (g_date_time_format (dt, _ ("%e %b %Y")));
}

static void
vigil_article_row_finalize (GObject *object)
{
  g_free (VIGIL_ARTICLE_ROW (object)->level_class);
  g_clear_object (&VIGIL_ARTICLE_ROW (object)->store);
  G_OBJECT_CLASS (vigil_article_row_parent_class)->finalize (object);
}

/* Who wrote it: the source, or for an aggregator's item (Google News) the
 * outlet it took it from and the source ("Reuters via Google News"), each
 * name isolated (U+2068…U+2069) so a Latin name keeps its place in an
 * Arabic row. */
static char *
outlet_text (VigilArticle *a)
{
  const char *source = a->source_title ? a->source_title : "";

  if (a->origin_title && *a->origin_title && g_strcmp0 (a->origin_title, source) != 0)
    {
      g_autofree char *origin = g_strdup_printf ("\u2068%s\u2069", a->origin_title);
      g_autofree char *isolated = g_strdup_printf ("\u2068%s\u2069", source);
      /* TRANSLATORS: in the article list, the outlet an aggregated article
         first appeared in, then the aggregator ("Reuters via Google News") */
      return g_strdup_printf (_ ("%s via %s"), origin, isolated);
    }
  return g_strdup (source);
}

/* The story's popover, read when it opens: each other report, a button that
 * opens it. */
static void
fill_story (VigilArticleRow *self)
{
  g_autoptr (GPtrArray) story = NULL;
  GtkWidget *child;

  if (self->story_box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->story_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->story_box), child);
  if (self->store == NULL || self->cluster_id <= 0)
    return;
  story = vigil_store_list_story (self->store, self->cluster_id, 50, NULL);
  for (guint i = 0; story && i < story->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (story, i);
      GtkWidget *button, *box, *meta, *title;
      g_autofree char *when = NULL;
      g_autofree char *text = NULL;

      if (a->id == self->article_id)
        continue;
      when = vigil_format_relative_time (vigil_article_get_sort_time (a));
      {
        g_autofree char *outlet = outlet_text (a);
        /* The time isolated too: a date in Latin letters keeps its place
         * after the outlet in an Arabic sentence. */
        const char *mark = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                               ? "\u200F"
                               : "\u200E";
        text = g_strdup_printf ("%s%s · \u2068%s\u2069", mark, outlet, when);
      }
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      meta = gtk_label_new (text);
      title = gtk_label_new (vigil_article_get_display_title (a));
      gtk_label_set_xalign (GTK_LABEL (meta), 0);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 40);
      gtk_widget_add_css_class (meta, "caption");
      gtk_widget_add_css_class (meta, "dim-label");
      gtk_box_append (GTK_BOX (box), meta);
      gtk_box_append (GTK_BOX (box), title);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), box);
      vigil_a11y_set_label (button, vigil_article_get_display_title (a));
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-article");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (a->id));
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown),
                                self->story_popover);
      gtk_box_append (GTK_BOX (self->story_box), button);
    }
  if (story && story->len > 1)
    {
      /* A report filed in the wrong story: the desk takes it out. */
      GtkWidget *separate = gtk_button_new_with_mnemonic (_ ("_Not the Same Story"));
      vigil_a11y_label_tree (separate);
      gtk_widget_set_tooltip_text (
          separate, _ ("This report is about another event: make it a story of its own"));
      gtk_widget_add_css_class (separate, "flat");
      gtk_widget_set_margin_top (separate, 6);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (separate), "win.separate-story");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (separate),
                                              g_variant_new_int64 (self->article_id));
      g_signal_connect_swapped (separate, "clicked", G_CALLBACK (gtk_popover_popdown),
                                self->story_popover);
      gtk_box_append (GTK_BOX (self->story_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (GTK_BOX (self->story_box), separate);
    }
}

static void
on_story_shown (GtkPopover *popover, VigilArticleRow *self)
{
  fill_story (self);
}

/* The popover is made the first time it is asked for: most rows never are,
 * and rows are made by the hundred. */
static void
create_story_popover (GtkMenuButton *button, gpointer data)
{
  VigilArticleRow *self = data;
  GtkWidget *scrolled;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  self->story_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (self->story_box, 300, -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->story_box);
  self->story_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->story_popover), scrolled);
  g_signal_connect (self->story_popover, "show", G_CALLBACK (on_story_shown), self);
  gtk_menu_button_set_popover (button, self->story_popover);
}

/* "Other Reports of This Story" in the article menu: the row's story popover. */
static void
show_story_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilArticleRow *self = VIGIL_ARTICLE_ROW (widget);

  if (self->reports_button != NULL && gtk_widget_get_visible (self->reports_button))
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->reports_button));
}

/* The source's name in full, when the row cut it. */
static gboolean
on_meta_query_tooltip (GtkLabel *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                       gpointer data)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

static void vigil_article_row_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting);

static void
vigil_article_row_class_init (VigilArticleRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "row.show-story", NULL, show_story_action);
  G_OBJECT_CLASS (klass)->finalize = vigil_article_row_finalize;
  widget_class->system_setting_changed = vigil_article_row_system_setting_changed;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/vigil-article-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, badge);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, meta);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, unread_mark);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, star_mark);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, when);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, headline);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, top_box);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, top_overlay);

  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, entities);
  gtk_widget_class_bind_template_child (widget_class, VigilArticleRow, snippet);
  gtk_widget_class_bind_template_callback (widget_class, on_meta_query_tooltip);
}

/* The star and read buttons of a hovered row, not yet given an action. */
static GtkWidget *
actions_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "row-actions");
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

/* What the buttons' width depends on besides the style sheets: the font and
 * its size (the text scale changes gtk-xft-dpi), the icon and GTK themes. */
static char *
settings_key (GtkWidget *widget)
{
  g_autofree char *font = NULL;
  g_autofree char *icons = NULL;
  g_autofree char *theme = NULL;
  int dpi = 0;

  g_object_get (gtk_widget_get_settings (widget), "gtk-font-name", &font, "gtk-xft-dpi", &dpi,
                "gtk-icon-theme-name", &icons, "gtk-theme-name", &theme, NULL);
  return g_strdup_printf ("%s|%d|%s|%s", font ? font : "", dpi, icons ? icons : "",
                          theme ? theme : "");
}

/* The width the buttons take, measured on a pair like them (the style's
 * paddings and the icon size decide it): kept free at the end of every row's
 * first line. Measured again when a setting it depends on changed, once for
 * all the rows. */
static int
actions_width (GtkWidget *for_widget)
{
  static int width = -1;
  static char *measured_with = NULL;
  g_autofree char *key = settings_key (for_widget);

  if (width < 0 || g_strcmp0 (key, measured_with) != 0)
    {
      GtkWidget *row = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
      GtkWidget *box = actions_new ();

      gtk_widget_add_css_class (row, "article-row");
      gtk_box_append (GTK_BOX (row), box);
      for (int i = 0; i < 2; i++)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("non-starred-symbolic");
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_add_css_class (button, "row-action");
          gtk_box_append (GTK_BOX (box), button);
        }
      gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
      g_object_unref (row);
      g_free (measured_with);
      measured_with = g_steal_pointer (&key);
    }
  return width;
}

/* A text scale, font or theme change: the buttons' room follows. */
static void
vigil_article_row_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  VigilArticleRow *self = VIGIL_ARTICLE_ROW (widget);

  GTK_WIDGET_CLASS (vigil_article_row_parent_class)->system_setting_changed (widget, setting);
  gtk_widget_set_margin_end (self->top_box, actions_width (widget));
}

static void
vigil_article_row_init (VigilArticleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_margin_end (self->top_box, actions_width (GTK_WIDGET (self)));
}

GtkWidget *
vigil_article_row_new (VigilStore *store)
{
  VigilArticleRow *self = g_object_new (VIGIL_TYPE_ARTICLE_ROW, NULL);

  self->store = store ? g_object_ref (store) : NULL;
  return GTK_WIDGET (self);
}

void
vigil_article_row_set_article (VigilArticleRow *self, VigilArticle *article)
{
  g_autofree char *when = vigil_format_relative_time (vigil_article_get_sort_time (article));
  g_autofree char *meta = NULL;
  g_autofree char *outlet = NULL;
  const char *level = article->level ? article->level : "low";

  if (self->level_class)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), self->level_class);
  g_free (self->level_class);
  self->level_class = g_strconcat ("risk-", level, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), self->level_class);
  gtk_label_set_text (self->badge, vigil_level_label (level));

  outlet = outlet_text (article);
  meta = g_strdup_printf ("%s · %s", outlet, when);
  self->article_id = article->id;
  self->cluster_id = article->cluster_id;
  /* The story's size stays visible however narrow the list: its own label. */
  if (article->cluster_size > 1 && self->reports_button == NULL)
    {
      /* Made for the first story the row shows: most rows are single reports. */
      self->reports = GTK_LABEL (gtk_label_new (NULL));
      self->reports_button = gtk_menu_button_new ();
      /* Hidden while its tooltip is set (see the row's template); shown below. */
      gtk_widget_set_visible (self->reports_button, FALSE);
      gtk_menu_button_set_child (GTK_MENU_BUTTON (self->reports_button),
                                 GTK_WIDGET (self->reports));
      gtk_widget_set_valign (self->reports_button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (self->reports_button,
                                   _ ("The other outlets carrying this story"));
      gtk_widget_add_css_class (self->reports_button, "story-badge");
      gtk_widget_add_css_class (self->reports_button, "caption");
      gtk_widget_add_css_class (self->reports_button, "flat");
      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->reports_button),
                                             create_story_popover, self, NULL);
      /* A line of its own under the headline: on the first line it set the
       * list's least width (the time is never cut), and two panes then
       * needed 45 px more than a row without it. */
      gtk_widget_set_halign (self->reports_button, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (self), self->reports_button);
    }
  if (self->reports_button != NULL)
    gtk_widget_set_visible (self->reports_button, article->cluster_size > 1);
  if (article->cluster_size > 1)
    {
      g_autofree char *reports = g_strdup_printf (
          /* TRANSLATORS: how many outlets carry the same story, in the article list */
          ngettext ("%u report", "%u reports", article->cluster_size), article->cluster_size);
      gtk_label_set_text (self->reports, reports);
      vigil_a11y_set_label (self->reports_button, reports);
    }
  gtk_label_set_text (self->meta, outlet);
  {
    /* The row's direction first (a right-to-left or left-to-right mark),
     * then the time isolated: the "·" stays between outlet and time in
     * Arabic even for a date written in Latin letters ("30 Nov 2026"), which
     * would otherwise set the label's direction. */
    const char *mark
        = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? "\u200F" : "\u200E";
    g_autofree char *time = g_strdup_printf ("%s· \u2068%s\u2069", mark, when);
    gtk_label_set_text (self->when, time);
  }
  gtk_label_set_text (self->headline, vigil_article_get_display_title (article));
  {
    /* The first three people, organisations or places it names. */
    g_auto (GStrv) names
        = article->entity_names ? g_strsplit (article->entity_names, "\n", 4) : NULL;
    guint n = names ? MIN (g_strv_length (names), 3) : 0;
    g_autofree char *joined = NULL;
    if (names && g_strv_length (names) > 3)
      g_clear_pointer (&names[3], g_free);
    joined = n > 0 ? g_strjoinv (" · ", names) : NULL;
    gtk_widget_set_visible (GTK_WIDGET (self->entities), n > 0 && joined && *joined);
    gtk_label_set_text (self->entities, joined ? joined : "");
  }
  {
    /* A search hit: where the words matched, in bold (escaped text and <b>
     * only, from the store; shown as plain text should it not parse). */
    const char *snippet = g_object_get_data (G_OBJECT (article), VIGIL_ARTICLE_ROW_SNIPPET);
    gboolean markup = snippet && pango_parse_markup (snippet, -1, 0, NULL, NULL, NULL, NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->snippet), snippet != NULL && *snippet);
    if (markup)
      gtk_label_set_markup (self->snippet, snippet);
    else
      gtk_label_set_text (self->snippet, snippet ? snippet : "");
  }
  {
    /* What a screen reader says for the row: all of it, in words. */
    g_autofree char *description = g_strdup_printf (
        /* TRANSLATORS: accessible description of an article row: risk level, headline,
           source and time, "unread" or nothing */
        _ ("%s risk. %s. %s.%s%s"), vigil_level_label (level),
        vigil_article_get_display_title (article), meta, article->read ? "" : _ (" Unread."),
        article->starred ? _ (" Starred.") : "");
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    description, -1);
#if GTK_CHECK_VERSION(4, 12, 0)
    {
      /* The list's item is what has the focus and what a screen reader
       * reads as the row (GTK 4.12+; before, the row's own label above). */
      GtkListItem *item = g_object_get_data (G_OBJECT (self), "vigil-list-item");
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (item != NULL)
        gtk_list_item_set_accessible_label (item, description);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
#endif
  }
  gtk_widget_set_visible (self->unread_mark, !article->read);
  gtk_widget_set_visible (self->star_mark, article->starred);
  if (article->read)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
}

GtkWidget *
vigil_article_row_get_actions (VigilArticleRow *self)
{
  if (self->actions == NULL)
    {
      self->actions = actions_new ();
      gtk_overlay_add_overlay (GTK_OVERLAY (self->top_overlay), self->actions);
    }
  return self->actions;
}

GtkWidget *
vigil_article_row_get_story_button (VigilArticleRow *self)
{
  return self->reports_button != NULL && gtk_widget_get_visible (self->reports_button)
             ? self->reports_button
             : NULL;
}
