/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sidebar-row.c — a sidebar row showing one VigilSidebarItem (its labels bound to it) */
#include "config.h"

#include "vigil-sidebar-row.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"
#include "vigil-sidebar-model.h"

struct _VigilSidebarRow
{
  GtkListBoxRow parent_instance;

  GtkWidget *vbox;
  GtkImage *disclosure;
  GtkImage *favicon;
  GtkImage *icon;
  GtkLabel *title_label;
  GtkWidget *warning;
  GtkLabel *count_label;
  GtkButton *sync_button;
  GtkLabel *subtitle_label;

  VigilSidebarItem *item;
};

G_DEFINE_FINAL_TYPE (VigilSidebarRow, vigil_sidebar_row, GTK_TYPE_LIST_BOX_ROW)

static gboolean
count_to_text (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  /* The count, kept even at zero so that a refresh can update it in place. */
  g_value_take_string (to, g_strdup_printf ("%u", g_value_get_uint (from)));
  return TRUE;
}

static gboolean
count_to_visible (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static gboolean
string_to_visible (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_boolean (to, g_value_get_string (from) != NULL);
  return TRUE;
}

static gboolean
expanded_to_icon (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  GtkWidget *widget = GTK_WIDGET (g_binding_dup_target (binding));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  g_object_unref (widget);
  g_value_set_string (to, g_value_get_boolean (from) ? "pan-down-symbolic"
                          : rtl                      ? "pan-start-symbolic"
                                                     : "pan-end-symbolic");
  return TRUE;
}

/* What a screen reader says of the row: its title and its count (an
 * account: its name and state); a folder says whether it is expanded. */
static void
update_accessible (VigilSidebarRow *self)
{
  VigilSidebarItem *item = self->item;
  const char *title = vigil_sidebar_item_get_title (item);
  guint count = vigil_sidebar_item_get_unread (item);
  g_autofree char *name = NULL;

  if (vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_ACCOUNT)
    /* TRANSLATORS: a sync account's header in the sidebar, for screen readers: its name, its state
     */
    name = g_strdup_printf (_ ("Account %s: %s"), title, vigil_sidebar_item_get_subtitle (item));
  else if (count > 0)
    /* TRANSLATORS: a sidebar row for screen readers: its title, then its count */
    name = g_strdup_printf (_ ("%s, %u"), title, count);
  else
    name = g_strdup (title);
  vigil_a11y_set_label (GTK_WIDGET (self), name);
  if (vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_FOLDER)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED,
                                 vigil_sidebar_item_get_expanded (item), -1);
}

static void
on_item_changed (VigilSidebarItem *item, GParamSpec *pspec, VigilSidebarRow *self)
{
  const char *favicon = vigil_sidebar_item_get_favicon (item);
  const char *error = vigil_sidebar_item_get_error (item);

  if (favicon != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->favicon)))
    {
      gtk_image_set_from_file (self->favicon, favicon);
      gtk_widget_set_visible (GTK_WIDGET (self->favicon), TRUE);
    }
  if (error != NULL && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_SOURCE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    error, -1);
  /* A disabled source's title dimmed. */
  if (vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_SOURCE)
    {
      if (vigil_sidebar_item_get_enabled (item))
        gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }
  update_accessible (self);
}

/* A source's tooltip is written when asked for, from its latest state:
 * hundreds of rows, few tooltips read. */
static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  VigilSidebarRow *self)
{
  VigilSource *s = vigil_sidebar_item_get_source (self->item);
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;

  if (s == NULL)
    return FALSE;
  status = vigil_sidebar_source_status (s);
  text = g_strdup_printf ("%s\n%s", s->title && *s->title ? s->title : s->url, status);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The header of a sync account's sources: its name, its state and a button
 * that syncs it now (Retry after an error). Not a view of its own. */
static void
show_account (VigilSidebarRow *self)
{
  VigilSidebarItem *item = self->item;
  const char *name = vigil_sidebar_item_get_title (item);
  gboolean failed = vigil_sidebar_item_get_error (item) != NULL;
  g_autofree char *label = NULL;

  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "vigil-account-row");
  gtk_widget_set_margin_top (self->vbox, 10);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), TRUE);
  if (vigil_sidebar_item_get_needs_sign_in (item))
    {
      /* TRANSLATORS: a button on a sync account Vigil has no password for; %s is its name */
      label = g_strdup_printf (_ ("Sign In to “%s”"), name);
      gtk_button_set_use_underline (self->sync_button, TRUE);
      gtk_button_set_label (self->sync_button, _ ("Sign _In…"));
    }
  else if (failed)
    {
      /* TRANSLATORS: a button on a sync account in error; %s is its name */
      label = g_strdup_printf (_ ("Retry Sync of “%s”"), name);
      gtk_button_set_use_underline (self->sync_button, TRUE);
      gtk_button_set_label (self->sync_button, _ ("_Retry"));
    }
  else
    {
      /* TRANSLATORS: %s is a sync account's name */
      label = g_strdup_printf (_ ("Sync “%s” Now"), name);
      gtk_button_set_icon_name (self->sync_button, "view-refresh-symbolic");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), label);
  vigil_a11y_set_label (GTK_WIDGET (self->sync_button), label);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->sync_button),
                                          g_variant_new_int64 (vigil_sidebar_item_get_id (item)));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_button), "win.account-sync");
  g_object_bind_property (item, "enabled", self->sync_button, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "subtitle", self->subtitle_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "subtitle", self->subtitle_label, "tooltip-text",
                          G_BINDING_SYNC_CREATE);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), failed ? "error" : "dim-label");
}

/* A folder's heading: a disclosure triangle, its name, its total. Activating
 * it (a click, Enter, Space) folds it or unfolds it; it is no view. */
static void
show_folder (VigilSidebarRow *self)
{
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "vigil-folder-row");
  gtk_widget_set_margin_top (GTK_WIDGET (self), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->disclosure), TRUE);
  g_object_bind_property_full (self->item, "expanded", self->disclosure, "icon-name",
                               G_BINDING_SYNC_CREATE, expanded_to_icon, NULL, NULL, NULL);
  /* TRANSLATORS: the tooltip of a folder's heading in the sidebar */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _ ("Show or hide the folder's sources"));
}

GtkWidget *
vigil_sidebar_row_new (VigilSidebarItem *item)
{
  VigilSidebarRow *self = g_object_new (VIGIL_TYPE_SIDEBAR_ROW, NULL);
  VigilSidebarKind kind = vigil_sidebar_item_get_kind (item);
  const char *icon = vigil_sidebar_item_get_icon_name (item);

  self->item = g_object_ref (item);
  g_object_bind_property (item, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (item, "unread", self->count_label, "label", G_BINDING_SYNC_CREATE,
                               count_to_text, NULL, NULL, NULL);
  g_object_bind_property_full (item, "unread", self->count_label, "visible", G_BINDING_SYNC_CREATE,
                               count_to_visible, NULL, NULL, NULL);
  g_object_bind_property (item, "visible", self, "visible", G_BINDING_SYNC_CREATE);
  if (icon != NULL)
    {
      gtk_image_set_from_icon_name (self->icon, icon);
      gtk_widget_set_visible (GTK_WIDGET (self->icon), TRUE);
    }
  if (kind == VIGIL_SIDEBAR_SOURCE)
    {
      g_object_bind_property_full (item, "error", self->warning, "visible", G_BINDING_SYNC_CREATE,
                                   string_to_visible, NULL, NULL, NULL);
      gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
      g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
    }
  else if (kind == VIGIL_SIDEBAR_ACCOUNT)
    show_account (self);
  else if (kind == VIGIL_SIDEBAR_FOLDER)
    show_folder (self);
  else
    g_object_bind_property (item, "tooltip", self, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_changed), self, 0);
  on_item_changed (item, NULL, self);
  return GTK_WIDGET (self);
}

VigilSidebarItem *
vigil_sidebar_row_get_item (VigilSidebarRow *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ROW (self), NULL);
  return self->item;
}

static void
vigil_sidebar_row_dispose (GObject *object)
{
  VigilSidebarRow *self = VIGIL_SIDEBAR_ROW (object);

  /* The template's child is the row's child: GtkListBoxRow unparents it. */
  g_clear_object (&self->item);
  G_OBJECT_CLASS (vigil_sidebar_row_parent_class)->dispose (object);
}

static void
vigil_sidebar_row_class_init (VigilSidebarRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_sidebar_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/vigil-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, vbox);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, disclosure);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, favicon);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, warning);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSidebarRow, subtitle_label);
}

static void
vigil_sidebar_row_init (VigilSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
