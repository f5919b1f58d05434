/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-sources.c — a source's menu in the sidebar: refresh, mark read, edit, unsubscribe
 * (synced too) */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>
#include "vigil-confirm-dialog.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-sidebar-row.h"

/* ---- a source's context menu: refresh, mark all read, delete ---- */

static void
source_refresh_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gint64 id = g_variant_get_int64 (param);

  /* A failure said in the desk's words (vigil-window-problem.c). */
  vigil_window_refresh_sources (VIGIL_WINDOW (widget), &id, 1);
}

/* Retry (or Sync Now) on an account's header row; Sign In when the engine
 * has no password for it. */
static void
account_sync_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);
  VigilSync *sync = vigil_monitor_get_sync (self->monitor);

  if (sync == NULL)
    return;
  if (!vigil_sync_has_password (sync, id))
    {
      gtk_widget_activate_action (widget, "app.sign-in", "x", id);
      return;
    }
  vigil_monitor_sync_account (self->monitor, id);
  vigil_window_queue_reload (self); /* "Syncing…" */
}

/* Only a failure is news here: the views follow the store's "changed".
 * user_data: a VigilWindowCall. */
static void
source_marked_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindowCall) call = user_data;
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (call);
  g_autoptr (GError) error = NULL;

  if (!vigil_store_mark_source_read_finish (VIGIL_STORE (object), result, &error) && self != NULL)
    vigil_window_toast (self, error->message);
}

static void
source_mark_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  vigil_store_mark_source_read_async (self->store, id, NULL, source_marked_read,
                                      vigil_window_call_new (self, id, NULL, NULL));
}

/* The source shown is gone: All Articles in its place (the sidebar loses
 * its row through the store's "changed"). */
static void
source_gone (VigilWindow *self, gint64 id)
{
  if (self->current_source != id)
    return;
  self->current_source = VIGIL_VIEW_ALL;
  g_clear_pointer (&self->current_rule, g_free);
  adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
  vigil_window_select_current (self);
  vigil_window_reload_articles (self);
}

/* A synced source's changes are the server's to make first: on error
 * nothing changes here, and the desk is told why. */
/* user_data: a VigilWindowCall with the source's id, and the VigilSyncEdit
 * (GINT_TO_POINTER) as its data. */
static void
sync_edited (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindowCall) call = user_data;
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (call);
  VigilSyncEdit edit = GPOINTER_TO_INT (call->data);
  g_autoptr (GError) error = NULL;

  if (vigil_sync_edit_finish (VIGIL_SYNC (object), result, &error) == 0)
    {
      g_autofree char *text = NULL;
      if (edit == VIGIL_SYNC_UNSUBSCRIBE)
        /* TRANSLATORS: %s says why the sync server refused or could not be reached */
        text = g_strdup_printf (_ ("Could not unsubscribe on the server: %s"), error->message);
      else
        /* TRANSLATORS: %s says why the sync server refused or could not be reached */
        text
            = g_strdup_printf (_ ("Could not change the source on the server: %s"), error->message);
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vigil_window_toast (self, text);
    }
  else if (self != NULL && edit == VIGIL_SYNC_UNSUBSCRIBE)
    source_gone (self, call->id);
}

/* The window is held weakly: closing it cancels the call (self->cancellable). */
static void
sync_edit (VigilWindow *self, VigilSyncEdit edit, gint64 source_id, const char *arg)
{
  vigil_sync_edit_async (vigil_monitor_get_sync (self->monitor), edit, source_id, arg, NULL,
                         self->cancellable, sync_edited,
                         vigil_window_call_new (self, source_id, GINT_TO_POINTER (edit), NULL));
}

static gboolean
is_synced (VigilWindow *self, VigilSource *source)
{
  return source != NULL && source->account_id != VIGIL_ACCOUNT_LOCAL
         && vigil_monitor_get_sync (self->monitor) != NULL;
}

/* A dialog about a source (edit, unsubscribe): a VigilWindowCall with the
 * source as it was when the dialog opened (the window may close first). */
static VigilWindowCall *
source_dialog_new (VigilWindow *self, VigilSource *source)
{
  return vigil_window_call_new (self, source->id, g_object_ref (source), g_object_unref);
}

static void
source_dialog_free (gpointer data, GClosure *closure)
{
  vigil_window_call_free (data);
}

static void
source_removed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindowCall) call = user_data;
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (call);
  g_autoptr (GError) error = NULL;
  gboolean ok = vigil_store_remove_source_finish (VIGIL_STORE (object), result, &error);

  if (self != NULL && self->store != NULL)
    {
      if (ok)
        source_gone (self, call->id);
      else
        vigil_window_toast (self, error->message);
    }
}

static void
on_delete_source_response (AdwMessageDialog *dialog, const char *response, VigilWindowCall *d)
{
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (d);
  gint64 id = d->id;
  g_autoptr (VigilSource) source = NULL;

  if (self == NULL || self->store == NULL || !g_str_equal (response, "delete"))
    return;
  source = vigil_store_get_source (self->store, id, NULL);
  if (is_synced (self, source))
    {
      sync_edit (self, VIGIL_SYNC_UNSUBSCRIBE, id, NULL);
      return;
    }
  vigil_store_remove_source_async (self->store, id, NULL, source_removed,
                                   vigil_window_call_new (self, id, NULL, NULL));
}

/* A synced source renamed or moved: the server is asked once the store has
 * the source back as the server has it (the engine moves from the folder
 * it finds). */
typedef struct
{
  char *title;  /* the new title, when renamed */
  char *folder; /* the new folder ("" for none), when moved */
} SyncBack;

static void
sync_back_free (SyncBack *back)
{
  g_free (back->title);
  g_free (back->folder);
  g_free (back);
}

/* user_data: a VigilWindowCall with the source's id and its SyncBack. */
static void
kept_as_server_has_it (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindowCall) call = user_data;
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (call);
  SyncBack *back = call->data;
  g_autoptr (GError) error = NULL;

  if (!vigil_store_edit_source_finish (VIGIL_STORE (object), result, &error))
    g_warning ("Could not keep the source as its server has it: %s", error->message);
  if (self != NULL && self->store != NULL)
    {
      if (back->title != NULL)
        sync_edit (self, VIGIL_SYNC_RENAME, call->id, back->title);
      if (back->folder != NULL)
        sync_edit (self, VIGIL_SYNC_MOVE, call->id, back->folder);
    }
}

static void
on_source_saved (VigilEditSourceDialog *dialog, gint64 id, VigilWindowCall *d)
{
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (d);
  VigilSource *before = d->data;
  VigilArticle *shown;

  if (self == NULL || self->store == NULL)
    return;
  shown = vigil_article_view_get_article (self->article_view);

  if (is_synced (self, before))
    {
      /* Rename and move are the server's too (its folders are the desk's). */
      g_autoptr (VigilSource) after = vigil_store_get_source (self->store, id, NULL);
      gboolean renamed = after != NULL && g_strcmp0 (after->title, before->title) != 0;
      gboolean moved = after != NULL && g_strcmp0 (after->folder, before->folder) != 0;
      if (renamed || moved)
        {
          /* The dialog wrote them here: back to what the server has, until
           * the server took them; the interval and images stay as the desk
           * set them. */
          SyncBack *back = g_new0 (SyncBack, 1);

          back->title = renamed ? g_strdup (after->title) : NULL;
          back->folder = moved ? g_strdup (after->folder ? after->folder : "") : NULL;
          vigil_store_edit_source_async (
              self->store, id, before->title, before->folder ? before->folder : "",
              after->interval_minutes, after->load_images, NULL, kept_as_server_has_it,
              vigil_window_call_new (self, id, back, (GDestroyNotify) sync_back_free));
        }
    }

  /* The sidebar and the rows follow the store's "changed". */
  if (self->current_source == id)
    vigil_window_set_view_subtitle (self, gtk_list_box_get_selected_row (self->sources_list), id);
  if (shown != NULL && shown->source_id == id)
    {
      /* The open article follows the source's image setting at once. */
      g_autoptr (VigilArticle) article = vigil_store_get_article (self->store, shown->id, NULL);
      g_autoptr (VigilSource) source = vigil_store_get_source (self->store, id, NULL);
      vigil_article_view_set_load_images (self->article_view, source && source->load_images);
      vigil_article_view_set_full_text (self->article_view,
                                        source ? source->full_text : VIGIL_FULL_TEXT_ON_REQUEST);
      if (article != NULL)
        vigil_article_view_show (self->article_view, article);
    }
}

static void
source_edit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr (VigilSource) source
      = vigil_store_get_source (self->store, g_variant_get_int64 (param), NULL);
  VigilEditSourceDialog *dialog;

  if (source == NULL)
    return;
  dialog = vigil_edit_source_dialog_new (
      GTK_WINDOW (self), self->store, source,
      self->settings ? g_settings_get_uint (self->settings, "refresh-interval") : 10);
  g_signal_connect_data (dialog, "saved", G_CALLBACK (on_source_saved),
                         source_dialog_new (self, source), source_dialog_free, 0);
  if (self->monitor != NULL)
    vigil_edit_source_dialog_show_image (dialog, vigil_monitor_get_fetcher (self->monitor));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
source_delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr (VigilSource) source
      = vigil_store_get_source (self->store, g_variant_get_int64 (param), NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (source == NULL)
    return;
  /* TRANSLATORS: %s is a source's title */
  heading = g_strdup_printf (_ ("Unsubscribe from “%s”?"),
                             source->title && *source->title ? source->title : source->url);
  dialog = vigil_confirm_dialog_new (
      GTK_WINDOW (self), heading,
      source->account_id != VIGIL_ACCOUNT_LOCAL
          ? _ ("It is unsubscribed on the account's server too, for the whole desk; its articles "
               "are deleted from Vigil, alerts included.")
          : _ ("Its articles are deleted from Vigil, alerts included."),
      "delete", _ ("_Unsubscribe"));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_delete_source_response),
                         source_dialog_new (self, source), source_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The source menu's items (vigil-window.ui), each given the source's id. */
static GMenuModel *
source_menu_for (GMenuModel *items, gint64 id)
{
  GMenu *menu = g_menu_new ();

  for (int i = 0; i < g_menu_model_get_n_items (items); i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new_from_model (items, i);
      g_autofree char *action = NULL;

      g_menu_item_get_attribute (item, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

/* ---- a folder's context menu: mark all read, refresh ---- */

/* The ids of the sources in the folder a row heads (gint64), or NULL when it
 * is no folder or has no sources (the rules' folder). */
static GArray *
folder_sources (VigilWindow *self, GtkListBoxRow *row)
{
  VigilSidebarItem *folder
      = VIGIL_IS_SIDEBAR_ROW (row) ? vigil_sidebar_row_get_item (VIGIL_SIDEBAR_ROW (row)) : NULL;
  GListModel *items = G_LIST_MODEL (self->sidebar_model);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (folder == NULL || vigil_sidebar_item_get_kind (folder) != VIGIL_SIDEBAR_FOLDER)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (VigilSidebarItem) item = g_list_model_get_item (items, i);
      if (vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_SOURCE
          && vigil_sidebar_item_get_folder (item) == folder)
        {
          gint64 id = vigil_sidebar_item_get_id (item);
          g_array_append_val (ids, id);
        }
    }
  return ids->len > 0 ? g_steal_pointer (&ids) : NULL;
}

static GMenuModel *
folder_menu_for (VigilWindow *self, GtkListBoxRow *row)
{
  g_autoptr (GArray) ids = folder_sources (self, row);
  GMenu *menu;
  GVariant *target;
  g_autoptr (GMenuItem) read = NULL;
  g_autoptr (GMenuItem) refresh = NULL;

  if (ids == NULL)
    return NULL;
  menu = g_menu_new ();
  target = g_variant_ref_sink (
      g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids->data, ids->len, sizeof (gint64)));
  read = g_menu_item_new (_ ("_Mark All as Read"), NULL);
  g_menu_item_set_action_and_target_value (read, "win.folder-mark-read", target);
  refresh = g_menu_item_new (_ ("_Refresh"), NULL);
  g_menu_item_set_action_and_target_value (refresh, "win.folder-refresh", target);
  g_menu_append_item (menu, read);
  g_menu_append_item (menu, refresh);
  g_variant_unref (target);
  return G_MENU_MODEL (menu);
}

/* Every unread article of the folder's sources read, with Undo. */
static void
folder_mark_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gsize n = 0;
  const gint64 *sources = g_variant_get_fixed_array (param, &n, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = vigil_store_list_unread_of_sources (self->store, sources, n, &error);

  if (ids == NULL)
    vigil_window_toast (self, error->message);
  else
    vigil_window_mark_ids_read (self, ids);
}

static void
folder_refresh_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gsize n = 0;
  const gint64 *sources = g_variant_get_fixed_array (param, &n, sizeof (gint64));

  vigil_window_refresh_sources (VIGIL_WINDOW (widget), sources, n);
}

void
vigil_window_show_source_menu (VigilWindow *self, GtkListBoxRow *row, double x, double y)
{
  gint64 id = row ? vigil_window_row_source (row) : 0;
  g_autoptr (GMenuModel) menu = NULL;
  GdkRectangle at = { 24, gtk_widget_get_height (GTK_WIDGET (row)) / 2, 1, 1 };
  GtkWidget *popover;

  if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)))
    return; /* a popover needs its row on screen (the sidebar hidden in the narrow layout) */
  if (id <= 0)
    menu = folder_menu_for (self, row);
  else
    menu = source_menu_for (self->source_items, id);
  if (menu == NULL)
    return; /* the views (All, Alerts) and the rules' folder have no menu */
  /* A menu of the row's own, placed in the row: a menu of the whole
   * (scrolled, taller than the screen) list was placed off it. (x, y) are
   * the list's; from the keyboard (-1), the menu points at the row. */
  popover = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_widget_set_parent (popover, GTK_WIDGET (row));
  if (x >= 0)
    {
      double rx, ry;
      if (gtk_widget_translate_coordinates (GTK_WIDGET (self->sources_list), GTK_WIDGET (row), x, y,
                                            &rx, &ry))
        at = (GdkRectangle){ (int) rx, (int) ry, 1, 1 };
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &at);
  g_signal_connect (popover, "closed", G_CALLBACK (vigil_window_unparent_when_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

void
vigil_window_class_add_source_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.source-refresh", "x", source_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.source-mark-read", "x",
                                   source_mark_read_action);
  gtk_widget_class_install_action (widget_class, "win.source-delete", "x", source_delete_action);
  gtk_widget_class_install_action (widget_class, "win.account-sync", "x", account_sync_action);
  gtk_widget_class_install_action (widget_class, "win.source-edit", "x", source_edit_action);
  gtk_widget_class_install_action (widget_class, "win.folder-mark-read", "ax",
                                   folder_mark_read_action);
  gtk_widget_class_install_action (widget_class, "win.folder-refresh", "ax", folder_refresh_action);
}
