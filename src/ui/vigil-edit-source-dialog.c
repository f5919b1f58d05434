/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-edit-source-dialog.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-favicon.h"

#include <glib/gi18n-lib.h>

struct _VigilEditSourceDialog
{
  AdwWindow parent_instance;

  GtkButton *cancel_button;
  GtkButton *save_button;
  AdwEntryRow *title_row;
  AdwEntryRow *folder_row;
  AdwActionRow *address_row;
  AdwComboRow *interval_row;
  GtkSwitch *images_switch;
  AdwComboRow *full_text_row;
  AdwPreferencesGroup *image_group;
  GtkPicture *image;

  VigilStore *store;
  GCancellable *image_cancellable; /* the feed's image being fetched */
  gint64 source_id;
  GArray *intervals; /* guint minutes, one per interval_row item */
};

G_DEFINE_FINAL_TYPE (VigilEditSourceDialog, vigil_edit_source_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const guint choices[] = { 0, 5, 15, 30, 60, 180, 360, 1440 };

const guint *
vigil_interval_choices (guint *n)
{
  *n = G_N_ELEMENTS (choices);
  return choices;
}

char *
vigil_interval_label (guint minutes, guint default_interval)
{
  if (minutes == 0)
    return g_strdup_printf (
        ngettext ("Default (%u minute)", "Default (%u minutes)", default_interval),
        default_interval);
  if (minutes % 1440 == 0)
    return g_strdup_printf (ngettext ("Every day", "Every %u days", minutes / 1440),
                            minutes / 1440);
  if (minutes % 60 == 0)
    return g_strdup_printf (ngettext ("Every hour", "Every %u hours", minutes / 60), minutes / 60);
  return g_strdup_printf (ngettext ("Every minute", "Every %u minutes", minutes), minutes);
}

/* The rows of full_text_row, in their order. */
static const VigilFullText full_text_choices[]
    = { VIGIL_FULL_TEXT_SUMMARY, VIGIL_FULL_TEXT_AUTOMATIC, VIGIL_FULL_TEXT_ON_REQUEST };

/* The write failed: said in the dialog, which stays open. */
static void
show_error (VigilEditSourceDialog *self, const GError *error)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  adw_action_row_set_subtitle (self->address_row, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
}

static void
full_text_saved (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilEditSourceDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vigil_store_set_source_full_text_finish (VIGIL_STORE (object), result, &error)
      && self->store != NULL)
    {
      show_error (self, error);
      return;
    }
  if (self->store == NULL)
    return; /* closed meanwhile */
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->source_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
edit_saved (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilEditSourceDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  guint full = adw_combo_row_get_selected (self->full_text_row);

  if (!vigil_store_edit_source_finish (VIGIL_STORE (object), result, &error))
    {
      if (self->store != NULL)
        show_error (self, error);
    }
  else if (self->store == NULL)
    return; /* closed meanwhile: the change is stored, nothing else is to do */
  else if (full < G_N_ELEMENTS (full_text_choices))
    vigil_store_set_source_full_text_async (self->store, self->source_id, full_text_choices[full],
                                            NULL, full_text_saved, g_object_ref (self));
  else
    {
      g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->source_id);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

/* Written off the main thread (a write may wait for an ingest); the dialog
 * closes once it is stored. */
static void
on_save (VigilEditSourceDialog *self)
{
  g_autofree char *title
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autofree char *folder
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->folder_row))));
  guint selected = adw_combo_row_get_selected (self->interval_row);
  guint minutes
      = selected < self->intervals->len ? g_array_index (self->intervals, guint, selected) : 0;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)) || self->store == NULL)
    return; /* saving already */
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  vigil_store_edit_source_async (self->store, self->source_id, title, folder, minutes,
                                 gtk_switch_get_active (self->images_switch), NULL, edit_saved,
                                 g_object_ref (self));
}

/* The side of the box the feed's image is scaled to fit, in pixels (shown
 * as as many logical pixels; a smaller image is shown as it is). */
#define IMAGE_BOX 96

static void
image_fetched (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilEditSourceDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = vigil_feed_image_fetch_finish (result, &error);
  g_autoptr (GdkTexture) texture = NULL;

  if (png == NULL)
    {
      /* Hidden as it was: the dialog is whole without it. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Edit Source: no feed image: %s", error->message);
      return;
    }
  if (self->store == NULL)
    return; /* closed meanwhile */
  /* A PNG Vigil encoded itself from the decoded image. */
  texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    return;
  gtk_picture_set_paintable (self->image, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->image_group), TRUE);
}

void
vigil_edit_source_dialog_show_image (VigilEditSourceDialog *self, VigilFetcher *fetcher)
{
  g_autofree char *url = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (VIGIL_IS_EDIT_SOURCE_DIALOG (self));
  if (fetcher == NULL || self->store == NULL
      || !vigil_store_get_source_image (self->store, self->source_id, &url, &title))
    return;
  label = title && *title
              /* TRANSLATORS: the accessible name of a feed's logo in Edit Source; %s is the
                 title the feed gives its image */
              ? g_strdup_printf (_ ("The feed’s image: %s"), title)
              : g_strdup (_ ("The feed’s image"));
  gtk_picture_set_alternative_text (self->image, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->image), label);
  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  self->image_cancellable = g_cancellable_new ();
  vigil_feed_image_fetch_async (fetcher, url, IMAGE_BOX, self->image_cancellable, image_fetched,
                                g_object_ref (self));
}

static void
vigil_edit_source_dialog_dispose (GObject *object)
{
  VigilEditSourceDialog *self = VIGIL_EDIT_SOURCE_DIALOG (object);

  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->intervals, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_EDIT_SOURCE_DIALOG);
  G_OBJECT_CLASS (vigil_edit_source_dialog_parent_class)->dispose (object);
}

static void
vigil_edit_source_dialog_class_init (VigilEditSourceDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_edit_source_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/vigil-edit-source-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, images_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, full_text_row);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, image_group);
  gtk_widget_class_bind_template_child (widget_class, VigilEditSourceDialog, image);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
vigil_edit_source_dialog_init (VigilEditSourceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
  self->intervals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save), self);
  g_signal_connect_swapped (self->title_row, "entry-activated", G_CALLBACK (on_save), self);
  g_signal_connect_swapped (self->folder_row, "entry-activated", G_CALLBACK (on_save), self);
}

VigilEditSourceDialog *
vigil_edit_source_dialog_new (GtkWindow *parent, VigilStore *store, VigilSource *source,
                              guint default_interval)
{
  VigilEditSourceDialog *self
      = g_object_new (VIGIL_TYPE_EDIT_SOURCE_DIALOG, "transient-for", parent, NULL);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = G_MAXUINT;

  self->store = g_object_ref (store);
  self->source_id = source->id;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), source->title ? source->title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->folder_row), source->folder ? source->folder : "");
  adw_action_row_set_subtitle (self->address_row, source->url);
  gtk_switch_set_active (self->images_switch, source->load_images);
  for (guint i = 0; i < G_N_ELEMENTS (full_text_choices); i++)
    if (full_text_choices[i] == source->full_text)
      adw_combo_row_set_selected (self->full_text_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autofree char *label = vigil_interval_label (choices[i], default_interval);
      g_array_append_val (self->intervals, choices[i]);
      gtk_string_list_append (labels, label);
      if (choices[i] == source->interval_minutes)
        selected = i;
    }
  if (selected == G_MAXUINT)
    {
      /* An interval set elsewhere (OPML, an older version) stays a choice. */
      g_autofree char *label = vigil_interval_label (source->interval_minutes, default_interval);
      g_array_append_val (self->intervals, source->interval_minutes);
      gtk_string_list_append (labels, label);
      selected = self->intervals->len - 1;
    }
  adw_combo_row_set_model (self->interval_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->interval_row, selected);
  return self;
}
