/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-overview.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-overview.h"

#include <glib/gi18n.h>

#include "vigil-analyzer.h"
#include "vigil-sparkline.h"

struct _VigilOverview
{
  AdwBin parent_instance;
  GtkLabel *summary_label;
  GtkListBox *categories_list;
  GtkListBox *countries_list;
  GtkListBox *entities_list;
  VigilStore *store;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (VigilOverview, vigil_overview, ADW_TYPE_BIN)

enum
{
  SIGNAL_FILTER_REQUESTED,
  SIGNAL_UPDATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

typedef struct
{
  GPtrArray *categories; /* VigilFacetCount */
  GPtrArray *countries;
  GPtrArray *entities;
  gint64 today;
  gint64 high;
} Figures;

static void
figures_free (Figures *f)
{
  g_clear_pointer (&f->categories, g_ptr_array_unref);
  g_clear_pointer (&f->countries, g_ptr_array_unref);
  g_clear_pointer (&f->entities, g_ptr_array_unref);
  g_free (f);
}

gboolean
vigil_overview_is_spike (const guint *counts, guint n_days)
{
  guint before = 0;
  guint today;

  if (n_days < 2)
    return FALSE;
  today = counts[n_days - 1];
  for (guint i = 0; i + 1 < n_days; i++)
    before += counts[i];
  /* today > 2 × before / (n_days - 1), in integers */
  return today >= 3 && (guint64) today * (n_days - 1) > 2 * (guint64) before;
}

static double
average_before (const guint *counts, guint n_days)
{
  guint before = 0;
  for (guint i = 0; i + 1 < n_days; i++)
    before += counts[i];
  return n_days > 1 ? (double) before / (n_days - 1) : 0;
}

static void
read_figures (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilStore *store = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  VigilArticleFilter high = { .min_level = 2, .since = now - 86400 };
  Figures *f = g_new0 (Figures, 1);

  f->categories = vigil_store_facet_counts (store, "category", now, VIGIL_OVERVIEW_DAYS, 0, NULL);
  f->countries = vigil_store_facet_counts (store, "country", now, VIGIL_OVERVIEW_DAYS, 8, NULL);
  f->entities = vigil_store_facet_counts (store, "entity", now, VIGIL_OVERVIEW_DAYS, 10, NULL);
  f->today = vigil_store_count_articles (store, VIGIL_VIEW_TODAY);
  f->high = vigil_store_count_articles_filtered (store, VIGIL_VIEW_ALL, &high);
  g_task_return_pointer (task, f, (GDestroyNotify) figures_free);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_placeholder (GtkListBox *list, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "person") == 0)
    return _ ("Person");
  if (g_strcmp0 (kind, "organization") == 0)
    return _ ("Organisation");
  return _ ("Place");
}

/* One row: name, an optional note (a badge), the sparkline and today's count. */
static void
add_row (VigilOverview *self, GtkListBox *list, const char *kind, VigilFacetCount *count,
         const char *title, const char *subtitle, const char *note, const char *note_class,
         gboolean spike)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *spark = vigil_sparkline_new ();
  g_autofree char *n = g_strdup_printf ("%u", count->counts[VIGIL_OVERVIEW_DAYS - 1]);
  GtkWidget *number = gtk_label_new (n);
  double before = average_before (count->counts, VIGIL_OVERVIEW_DAYS);
  g_autofree char *tooltip = NULL;
  g_autofree char *description = NULL;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (text), name);
  if (subtitle)
    {
      GtkWidget *sub = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (text), sub);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text);
  if (note)
    {
      GtkWidget *badge = gtk_label_new (note);
      gtk_widget_add_css_class (badge, "trend-badge");
      gtk_widget_add_css_class (badge, note_class);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), badge);
    }
  vigil_sparkline_set_counts (VIGIL_SPARKLINE (spark), count->counts, VIGIL_OVERVIEW_DAYS);
  vigil_sparkline_set_spike (VIGIL_SPARKLINE (spark), spike);
  gtk_box_append (GTK_BOX (box), spark);
  gtk_label_set_width_chars (GTK_LABEL (number), 4);
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (number, "heading");
  gtk_box_append (GTK_BOX (box), number);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* TRANSLATORS: tooltip of a row of the Today overview */
  tooltip = g_strdup_printf (_ ("%u in the last 24 hours; %.1f a day over the 6 days before"),
                             count->counts[VIGIL_OVERVIEW_DAYS - 1], before);
  gtk_widget_set_tooltip_text (row, tooltip);
  description = g_strdup_printf ("%s: %s%s%s", title, tooltip, note ? ", " : "", note ? note : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (row), "value", g_strdup (count->value), g_free);
  gtk_list_box_append (list, row);
}

static void
show_figures (VigilOverview *self, Figures *f)
{
  g_autofree char *summary = NULL;
  g_autofree char *articles = NULL;
  g_autofree char *high = NULL;

  clear_list (self->categories_list);
  clear_list (self->countries_list);
  clear_list (self->entities_list);

  articles = g_strdup_printf (ngettext ("%u article in the last 24 hours",
                                        "%u articles in the last 24 hours", (gulong) f->today),
                              (guint) f->today);
  high = g_strdup_printf (
      ngettext ("%u of high or critical risk", "%u of high or critical risk", (gulong) f->high),
      (guint) f->high);
  /* TRANSLATORS: "12 articles in the last 24 hours, 3 of high or critical risk" */
  summary = g_strdup_printf (_ ("%s, %s."), articles, high);
  gtk_label_set_text (self->summary_label, summary);
  /* (Empty, GTK 4.8 would name it "GtkLabel" to a screen reader.) */
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary);

  for (guint i = 0; i < f->categories->len; i++)
    {
      VigilFacetCount *c = g_ptr_array_index (f->categories, i);
      gboolean spike = vigil_overview_is_spike (c->counts, VIGIL_OVERVIEW_DAYS);
      double before = average_before (c->counts, VIGIL_OVERVIEW_DAYS);
      g_autofree char *note = NULL;

      if (spike && before > 0)
        /* TRANSLATORS: a risk category spiking: today's count is 3.5 times its daily average */
        note = g_strdup_printf (_ ("Spiking ×%.1f"), c->counts[VIGIL_OVERVIEW_DAYS - 1] / before);
      else if (spike)
        note = g_strdup (_ ("Spiking: new this week"));
      add_row (self, self->categories_list, "category", c, vigil_risk_category_label (c->value),
               NULL, note, "spike", spike);
    }
  for (guint i = 0; i < f->countries->len; i++)
    {
      VigilFacetCount *c = g_ptr_array_index (f->countries, i);
      add_row (self, self->countries_list, "country", c, vigil_country_name (c->value), c->value,
               NULL, NULL, FALSE);
    }
  for (guint i = 0; i < f->entities->len; i++)
    {
      VigilFacetCount *c = g_ptr_array_index (f->entities, i);
      guint today = c->counts[VIGIL_OVERVIEW_DAYS - 1];
      double before = average_before (c->counts, VIGIL_OVERVIEW_DAYS);
      const char *note = NULL;
      const char *note_class = "steady";

      if (today == 0)
        continue;
      if (before == 0)
        note = _ ("▲ new"), note_class = "rising";
      else if (today >= 1.5 * before)
        note = _ ("▲ rising"), note_class = "rising";
      else if (today <= 0.67 * before)
        note = _ ("▼ falling"), note_class = "falling";
      else
        note = _ ("steady");
      add_row (self, self->entities_list, "entity", c, c->value, kind_label (c->kind), note,
               note_class, FALSE);
    }
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

static void
figures_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Figures *f = g_task_propagate_pointer (G_TASK (result), NULL);

  if (f == NULL)
    return;
  if (!g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    show_figures (VIGIL_OVERVIEW (user_data), f);
  figures_free (f);
}

void
vigil_overview_refresh (VigilOverview *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->store == NULL)
    return;
  task = g_task_new (NULL, self->cancellable, figures_read, self);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_figures);
}

void
vigil_overview_set_store (VigilOverview *self, VigilStore *store)
{
  g_set_object (&self->store, store);
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, VigilOverview *self)
{
  const char *kind = g_object_get_data (G_OBJECT (row), "kind");
  const char *value = g_object_get_data (G_OBJECT (row), "value");

  if (kind && value)
    g_signal_emit (self, signals[SIGNAL_FILTER_REQUESTED], 0, kind, value);
}

static void
vigil_overview_dispose (GObject *object)
{
  VigilOverview *self = VIGIL_OVERVIEW (object);

  /* The read in flight finishes on its own; its result is dropped. */
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_OVERVIEW);
  G_OBJECT_CLASS (vigil_overview_parent_class)->dispose (object);
}

static void
vigil_overview_class_init (VigilOverviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_overview_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/vigil-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilOverview, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VigilOverview, categories_list);
  gtk_widget_class_bind_template_child (widget_class, VigilOverview, countries_list);
  gtk_widget_class_bind_template_child (widget_class, VigilOverview, entities_list);
  signals[SIGNAL_FILTER_REQUESTED]
      = g_signal_new ("filter-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_overview_init (VigilOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  add_placeholder (self->categories_list, _ ("No risk terms in the last 7 days"));
  add_placeholder (self->countries_list, _ ("No country named in the last 7 days"));
  add_placeholder (self->entities_list, _ ("Nobody and nothing named in the last 24 hours"));
  g_signal_connect (self->categories_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->countries_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->entities_list, "row-activated", G_CALLBACK (on_row_activated), self);
}
