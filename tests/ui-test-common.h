/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-common.h: what the UI tests under Xvfb share: user directories of
 * their own, screenshots of the virtual screen, and finding widgets. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <gtk/gtk.h>

#include "vigil-sidebar-row.h"

/* Temporary XDG directories, set before anything asks GLib for them. */
static inline void
ui_test_isolate_user_dirs (const char *template)
{
  g_autofree char *home = g_dir_make_tmp (template, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  g_assert_nonnull (home);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_STATE_HOME", home, TRUE);
}

/* A screenshot of the whole (virtual) screen into the build directory. */
static inline void
shot (const char *name)
{
  g_autofree char *path = g_build_filename (
      g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_remove (path);
  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    &status, &error))
    g_test_message ("screenshot: %s (exit %d)", path, status);
  else
    g_test_message ("no screenshot: %s", error->message);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The button whose label is label, or the label widget whose text is text,
 * under widget (a toast's Undo, its "Story restored"). */
static inline GtkWidget *
find_button_labelled (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_labelled (c, label);
      if (found)
        return found;
    }
  return NULL;
}

static inline GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);
      if (found)
        return found;
    }
  return NULL;
}

/* A visible label under widget whose text holds text. */
static inline GtkWidget *
find_label_with (GtkWidget *widget, const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_with (c, text);
      if (found)
        return found;
    }
  return NULL;
}

/* The widget whose tooltip is text, under widget (icon buttons). */
static inline GtkWidget *
find_tooltip (GtkWidget *widget, const char *text)
{
  if (gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_tooltip (c, text);
      if (found)
        return found;
    }
  return NULL;
}

/* A popover menu open under widget (a row's article menu). */
static inline GtkWidget *
find_popover_menu (GtkWidget *widget)
{
  if (GTK_IS_POPOVER_MENU (widget) && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_popover_menu (c);
      if (found)
        return found;
    }
  return NULL;
}

/* The texts of the labels under widget, each followed by "|". */
static inline void
collect_labels (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

/* The item a sidebar row shows (a view, rule, folder, source, account), or NULL. */
static inline VigilSidebarItem *
sidebar_item (gpointer row)
{
  return VIGIL_IS_SIDEBAR_ROW (row) ? vigil_sidebar_row_get_item (VIGIL_SIDEBAR_ROW (row)) : NULL;
}

/* The view a sidebar row shows: a source's id, or VIGIL_VIEW_*; G_MININT64 when it is none. */
static inline gint64
sidebar_view (gpointer row)
{
  VigilSidebarItem *item = sidebar_item (row);

  return item != NULL && vigil_sidebar_item_is_view (item) ? vigil_sidebar_item_get_id (item)
                                                           : G_MININT64;
}

/* The rule a sidebar row shows, or NULL. */
static inline const char *
sidebar_rule (gpointer row)
{
  VigilSidebarItem *item = sidebar_item (row);

  return item != NULL ? vigil_sidebar_item_get_rule (item) : NULL;
}
