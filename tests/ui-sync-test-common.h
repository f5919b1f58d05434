/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-sync-test-common.h: what the window tests of sync accounts share
 * (test-ui-sync, test-ui-sync-accounts): the application's windows and
 * dialogs, the store, the entry and action rows of a dialog, a label holding
 * a text, the sidebar. */
#pragma once

#include <adwaita.h>
#include <string.h>

#include "vigil-application.h"
#include "vigil-window.h"

#include "ui-test-common.h"

static inline VigilWindow *
main_window (VigilApplication *app)
{
  return ui_test_find_window (app);
}

static inline GtkWindow *
window_of_type (VigilApplication *app, GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      return l->data;
  /* Dialogs transient for another window are not always the application's. */
  {
    GListModel *tops = gtk_window_get_toplevels (); /* transfer none */
    for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
      {
        g_autoptr (GObject) w = g_list_model_get_item (tops, i);
        if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_mapped (GTK_WIDGET (w)))
          return GTK_WINDOW (w);
      }
  }
  return NULL;
}

/* What the monitor's "account-synced" said: how often, and the last error. */
typedef struct
{
  guint count;
  char *error;
} UiSynced;

static void
ui_synced_record (VigilMonitor *monitor, gint64 account_id, const char *error, UiSynced *synced)
{
  g_test_message ("account %" G_GINT64_FORMAT " synced: %s", account_id, error ? error : "ok");
  g_free (synced->error);
  synced->error = g_strdup (error);
  synced->count++;
}

/* Counts app's "account-synced" signals in synced (its error freed by the
 * caller). */
static inline void
ui_synced_watch (VigilApplication *app, UiSynced *synced)
{
  g_signal_connect (vigil_application_get_monitor (app), "account-synced",
                    G_CALLBACK (ui_synced_record), synced);
}

static inline VigilStore *
store (VigilApplication *app)
{
  return vigil_monitor_get_store (vigil_application_get_monitor (app));
}

static inline GtkWidget *
find_action_row (GtkWidget *widget, const char *title)
{
  return ui_test_find_row (widget, ADW_TYPE_ACTION_ROW, title);
}

static inline void
set_row (GtkWidget *dialog, const char *title, const char *text)
{
  GtkWidget *row = ui_test_find_row (dialog, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static inline void
click (GtkWidget *root, const char *label)
{
  GtkWidget *button = find_button_labelled (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The sidebar's list box (the one with the "All Articles" row). */
static inline GtkListBox *
find_sidebar (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) && find_label (widget, "All Articles") != NULL)
    return GTK_LIST_BOX (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkListBox *found = find_sidebar (c);
      if (found)
        return found;
    }
  return NULL;
}

static inline GtkListBox *
sidebar (VigilApplication *app)
{
  return find_sidebar (GTK_WIDGET (main_window (app)));
}
