/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-application-opml.c — Import and Export Subscriptions, through the file chooser (the portal
 * in a sandbox). */
#include "config.h"

#include "vigil-application-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-opml.h"
#include "vigil-window.h"

/* Subscriptions from and to OPML, the format every reader exchanges. The file
 * comes through the file chooser (the portal in a sandbox) and is read without
 * blocking the window; anything much larger than a subscription list is refused
 * before it is all in memory. */
#define OPML_MAX_BYTES (8 * 1024 * 1024)

static gboolean
opml_read_more (const char *contents, goffset size, gpointer user_data)
{
  return size <= OPML_MAX_BYTES;
}

/* The outlines an import left out, by title and reason: the desk has to
 * know which subscriptions it did not get. */
#define MAX_REFUSED_SHOWN 10

static void
show_refused (VigilApplication *self, GStrv refused)
{
  VigilWindow *window = vigil_application_find_window (self);
  guint n = g_strv_length (refused);
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *heading = g_strdup_printf (
      /* TRANSLATORS: %u is how many outlines of a subscription list were not imported */
      g_dngettext (GETTEXT_PACKAGE, "%u Subscription Not Imported", "%u Subscriptions Not Imported",
                   n),
      n);
  GtkWidget *dialog;

  /* A hostile list may hold thousands: the first few say enough. */
  for (guint i = 0; i < n && i < MAX_REFUSED_SHOWN; i++)
    g_string_append_printf (list, "%s%s", i ? "\n" : "", refused[i]);
  if (n > MAX_REFUSED_SHOWN)
    {
      g_string_append_c (list, '\n');
      g_string_append_printf (
          list,
          /* TRANSLATORS: %u more outlines not imported, not listed */
          g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more", n - MAX_REFUSED_SHOWN),
          n - MAX_REFUSED_SHOWN);
    }
  if (window == NULL)
    {
      g_message ("%s\n%s", heading, list->str);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, list->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_application_add_window (GTK_APPLICATION (self), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
opml_loaded (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  guint n = 0;
  g_auto (GStrv) refused = NULL;

  if (g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL,
                                           &error)
      && length > OPML_MAX_BYTES)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 /* TRANSLATORS: %d is a size in mebibytes */
                 _ ("the file is larger than %d MiB, far more than a subscription list"),
                 OPML_MAX_BYTES / (1024 * 1024));
  if (error == NULL)
    n = vigil_monitor_import_opml (self->monitor, contents, length, &refused, &error);
  if (error != NULL)
    {
      /* TRANSLATORS: %s says why the subscription list could not be read */
      g_autofree char *text = g_strdup_printf (_ ("Could not import: %s"), error->message);
      vigil_application_toast (self, text);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (
        /* TRANSLATORS: %u is how many sources the imported file listed */
        g_dngettext (GETTEXT_PACKAGE, "Imported %u source", "Imported %u sources", n), n);
    vigil_application_toast (self, text);
  }
  if (refused != NULL && refused[0] != NULL)
    show_refused (self, refused);
  /* The window shows the sources through the store's "changed". */
  vigil_monitor_request_refresh (self->monitor, FALSE);
}

static void
on_import_response (GtkNativeDialog *chooser, int response, VigilApplication *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL && self->monitor != NULL)
    g_file_load_partial_contents_async (file, NULL, opml_read_more, opml_loaded,
                                        g_object_ref (self));
}

void
vigil_application_import_opml_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->monitor == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_ ("Import Subscriptions"),
                                         GTK_WINDOW (vigil_application_find_window (self)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), NULL);
  gtk_file_filter_set_name (filter, _ ("OPML subscription lists"));
  gtk_file_filter_add_pattern (filter, "*.opml");
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_filter_add_mime_type (filter, "text/x-opml+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_failed (VigilApplication *self, const GError *error)
{
  /* TRANSLATORS: %s says why the subscription list could not be written */
  g_autofree char *text = g_strdup_printf (_ ("Could not export: %s"), error->message);

  vigil_application_toast (self, text);
}

static void
opml_written (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    vigil_application_toast (self, _ ("Subscriptions exported"));
  else
    export_failed (self, error);
}

static void
on_export_response (GtkNativeDialog *chooser, int response, VigilApplication *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) opml = NULL;
  g_autoptr (GError) error = NULL;
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->monitor == NULL)
    return;
  text = vigil_monitor_export_opml (self->monitor, &error);
  if (text == NULL)
    {
      export_failed (self, error);
      return;
    }
  opml = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, opml, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, opml_written, g_object_ref (self));
}

void
vigil_application_export_opml_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkFileChooserNative *chooser;

  if (self->monitor == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_ ("Export Subscriptions"),
                                         GTK_WINDOW (vigil_application_find_window (self)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "vigil-subscriptions.opml");
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
