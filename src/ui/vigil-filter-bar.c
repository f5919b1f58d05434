/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-filter-bar.c — the article list's filter bar: risk level, time range, category, country,
 * unread only */
#include "config.h"

#include "vigil-filter-bar.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-analyzer.h"

struct _VigilFilterBar
{
  GtkWidget parent_instance;

  GtkRevealer *revealer;
  GtkDropDown *level_filter;
  GtkDropDown *time_filter;
  GtkDropDown *category_filter;
  GtkDropDown *country_filter;
  GtkCheckButton *unread_filter;

  VigilStore *store;
  GCancellable *cancellable;
  GPtrArray *country_codes;  /* the country drop-down's items after "Any country" */
  VigilArticleFilter filter; /* in force; its strings owned */
  gboolean filling;          /* drop-downs being set by the bar itself */
};

G_DEFINE_FINAL_TYPE (VigilFilterBar, vigil_filter_bar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_REVEALED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const gint64 filter_ranges[] = { 0, 3600, 86400, 7 * 86400, 30 * 86400 };

static void
clear_filter (VigilArticleFilter *filter)
{
  g_free ((char *) filter->category);
  g_free ((char *) filter->country);
  memset (filter, 0, sizeof *filter);
}

/* The filter the drop-downs say, put in force. */
static void
apply_filters (VigilFilterBar *self)
{
  guint level = gtk_drop_down_get_selected (self->level_filter);
  guint range = gtk_drop_down_get_selected (self->time_filter);
  guint category = gtk_drop_down_get_selected (self->category_filter);
  guint country = gtk_drop_down_get_selected (self->country_filter);

  if (self->filling)
    return;
  clear_filter (&self->filter);
  self->filter.min_level = level != GTK_INVALID_LIST_POSITION ? (int) level : 0;
  if (range != GTK_INVALID_LIST_POSITION && range < G_N_ELEMENTS (filter_ranges)
      && filter_ranges[range] > 0)
    self->filter.since = g_get_real_time () / G_USEC_PER_SEC - filter_ranges[range];
  if (category != GTK_INVALID_LIST_POSITION && category > 0
      && vigil_risk_category_nth (category - 1))
    self->filter.category = g_strdup (vigil_risk_category_nth (category - 1));
  if (country != GTK_INVALID_LIST_POSITION && country > 0 && self->country_codes
      && country - 1 < self->country_codes->len)
    self->filter.country = g_strdup (g_ptr_array_index (self->country_codes, country - 1));
  self->filter.unread_only = gtk_check_button_get_active (self->unread_filter);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_filter_changed (VigilFilterBar *self)
{
  apply_filters (self);
}

const VigilArticleFilter *
vigil_filter_bar_get_filter (VigilFilterBar *self)
{
  g_return_val_if_fail (VIGIL_IS_FILTER_BAR (self), NULL);
  return &self->filter;
}

gboolean
vigil_filter_bar_update_since (VigilFilterBar *self)
{
  guint range = gtk_drop_down_get_selected (self->time_filter);
  gint64 since;

  if (range == GTK_INVALID_LIST_POSITION || range >= G_N_ELEMENTS (filter_ranges))
    return FALSE;
  since = g_get_real_time () / G_USEC_PER_SEC - filter_ranges[range];
  if (since - self->filter.since < 60)
    return FALSE;
  self->filter.since = since;
  return TRUE;
}

void
vigil_filter_bar_reset (VigilFilterBar *self)
{
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->level_filter, 0);
  gtk_drop_down_set_selected (self->time_filter, 0);
  gtk_drop_down_set_selected (self->category_filter, 0);
  gtk_drop_down_set_selected (self->country_filter, 0);
  gtk_check_button_set_active (self->unread_filter, FALSE);
  self->filling = FALSE;
  apply_filters (self);
}

void
vigil_filter_bar_set_store (VigilFilterBar *self, VigilStore *store)
{
  g_set_object (&self->store, store);
}

static void
read_countries_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  /* The countries named over the last 30 days, most mentioned first. */
  g_task_return_pointer (task,
                         vigil_store_facet_counts (VIGIL_STORE (data), "country",
                                                   g_get_real_time () / G_USEC_PER_SEC, 30, 100,
                                                   NULL),
                         (GDestroyNotify) g_ptr_array_unref);
}

static int
compare_facets_by_total (gconstpointer a, gconstpointer b)
{
  const VigilFacetCount *x = *(VigilFacetCount **) a;
  const VigilFacetCount *y = *(VigilFacetCount **) b;
  return x->total == y->total ? g_strcmp0 (x->value, y->value) : x->total > y->total ? -1 : 1;
}

static void
countries_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilFilterBar *self = user_data;
  g_autoptr (GPtrArray) counts = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr (GtkStringList) names = NULL;
  GPtrArray *codes;
  const char *current;
  guint selected = 0;

  /* Checked first: a disposed bar's self is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))) || counts == NULL)
    return;
  current = self->filter.country;
  g_ptr_array_sort (counts, compare_facets_by_total);
  names = gtk_string_list_new (NULL);
  codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _ ("Any country"));
  for (guint i = 0; i < counts->len; i++)
    {
      VigilFacetCount *c = g_ptr_array_index (counts, i);
      g_ptr_array_add (codes, g_strdup (c->value));
      gtk_string_list_append (names, vigil_country_name (c->value));
      if (g_strcmp0 (current, c->value) == 0)
        selected = codes->len;
    }
  if (current != NULL && selected == 0)
    {
      /* The chosen country stays a choice even if nothing names it any more. */
      g_ptr_array_add (codes, g_strdup (current));
      gtk_string_list_append (names, vigil_country_name (current));
      selected = codes->len;
    }
  self->filling = TRUE;
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  self->country_codes = codes;
  gtk_drop_down_set_model (self->country_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->country_filter, selected);
  self->filling = FALSE;
}

void
vigil_filter_bar_set_revealed (VigilFilterBar *self, gboolean revealed)
{
  g_return_if_fail (VIGIL_IS_FILTER_BAR (self));
  if (gtk_revealer_get_reveal_child (self->revealer) == revealed)
    return;
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  if (revealed && self->store != NULL)
    {
      g_autoptr (GTask) task = g_task_new (NULL, self->cancellable, countries_read, self);
      g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
      g_task_run_in_thread (task, read_countries_in_thread);
    }
  if (revealed)
    gtk_widget_grab_focus (GTK_WIDGET (self->level_filter));
  else if (!vigil_article_filter_is_empty (&self->filter))
    vigil_filter_bar_reset (self); /* a hidden filter would hide articles unnoticed */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

void
vigil_filter_bar_select_category (VigilFilterBar *self, const char *category)
{
  for (guint i = 0; vigil_risk_category_nth (i); i++)
    if (g_str_equal (vigil_risk_category_nth (i), category))
      gtk_drop_down_set_selected (self->category_filter, i + 1);
}

void
vigil_filter_bar_select_country (VigilFilterBar *self, const char *code)
{
  GtkStringList *names = GTK_STRING_LIST (gtk_drop_down_get_model (self->country_filter));
  guint index = 0;

  if (self->country_codes == NULL)
    self->country_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->country_codes->len && index == 0; i++)
    if (g_str_equal (g_ptr_array_index (self->country_codes, i), code))
      index = i + 1;
  if (index == 0)
    {
      self->filling = TRUE;
      g_ptr_array_add (self->country_codes, g_strdup (code));
      gtk_string_list_append (names, vigil_country_name (code));
      index = self->country_codes->len;
      self->filling = FALSE;
    }
  gtk_drop_down_set_selected (self->country_filter, index);
}

static void
vigil_filter_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilFilterBar *self = VIGIL_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, gtk_revealer_get_reveal_child (self->revealer));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_filter_bar_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  VigilFilterBar *self = VIGIL_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      vigil_filter_bar_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_filter_bar_dispose (GObject *object)
{
  VigilFilterBar *self = VIGIL_FILTER_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  clear_filter (&self->filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_FILTER_BAR);
  G_OBJECT_CLASS (vigil_filter_bar_parent_class)->dispose (object);
}

static void
vigil_filter_bar_class_init (VigilFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_filter_bar_dispose;
  object_class->get_property = vigil_filter_bar_get_property;
  object_class->set_property = vigil_filter_bar_set_property;
  properties[PROP_REVEALED]
      = g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* The filter changed (vigil_filter_bar_get_filter). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/vigil-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFilterBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilFilterBar, level_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilFilterBar, time_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilFilterBar, category_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilFilterBar, country_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilFilterBar, unread_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
}

static void
vigil_filter_bar_init (VigilFilterBar *self)
{
  const char *levels[] = { _ ("Any level"), _ ("Elevated or worse"), _ ("High or worse"),
                           _ ("Critical only"), NULL };
  const char *ranges[] = { _ ("Any time"),    _ ("Last hour"),    _ ("Last 24 hours"),
                           _ ("Last 7 days"), _ ("Last 30 days"), NULL };
  g_autoptr (GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) level_list = gtk_string_list_new (levels);
  g_autoptr (GtkStringList) range_list = gtk_string_list_new (ranges);
  g_autoptr (GtkStringList) countries = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* The models are set before the "notify::selected" handlers can matter:
   * nothing is in force yet. */
  self->filling = TRUE;
  gtk_string_list_append (categories, _ ("Any category"));
  for (guint i = 0; vigil_risk_category_nth (i); i++)
    gtk_string_list_append (categories, vigil_risk_category_label (vigil_risk_category_nth (i)));
  gtk_string_list_append (countries, _ ("Any country"));
  gtk_drop_down_set_model (self->level_filter, G_LIST_MODEL (level_list));
  gtk_drop_down_set_model (self->time_filter, G_LIST_MODEL (range_list));
  gtk_drop_down_set_model (self->category_filter, G_LIST_MODEL (categories));
  gtk_drop_down_set_model (self->country_filter, G_LIST_MODEL (countries));
  self->filling = FALSE;
}
