/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-a11y.c */
#include "config.h"

#include "vigil-a11y.h"

#include <glib/gi18n.h>
#include <string.h>

/* text without mnemonic underscores ("__" is one underscore) and without a
 * trailing shortcut hint in brackets. */
static char *
spoken (const char *text)
{
  GString *out = g_string_new (NULL);
  char *open;

  for (const char *p = text; *p; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            g_string_append_c (out, '_'), p++;
          continue;
        }
      g_string_append_c (out, *p);
    }
  open = strrchr (out->str, '(');
  if (open != NULL && open > out->str && open[-1] == ' ' && g_str_has_suffix (out->str, ")")
      && (strstr (open, "Ctrl") || strstr (open, "Alt") || strstr (open, "Shift")
          || strlen (open) <= 5))
    g_string_truncate (out, open - 1 - out->str);
  return g_strstrip (g_string_free (out, FALSE));
}

void
vigil_a11y_set_label (GtkWidget *widget, const char *text)
{
  g_autofree char *label = text ? spoken (text) : NULL;

  if (label == NULL || *label == '\0')
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* The text of the first label inside widget. */
static const char *
inner_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
      if (text != NULL && *text != '\0')
        return text;
      if ((text = inner_label (child)) != NULL)
        return text;
    }
  return NULL;
}

static void
label_one (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  const char *text = NULL;

  /* The button inside a menu button is named by it (GTK relates them): a
   * label of its own would be said twice. A drop-down's is not. */
  if (parent != NULL && GTK_IS_MENU_BUTTON (parent))
    return;
  if (parent != NULL && GTK_IS_DROP_DOWN (parent) && GTK_IS_BUTTON (widget))
    {
      vigil_a11y_set_label (widget, gtk_widget_get_tooltip_text (parent));
      return;
    }

  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;
      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      vigil_a11y_set_label (widget,
                            placeholder ? placeholder : gtk_widget_get_tooltip_text (widget));
      return;
    }
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      /* GTK 4.8 names it by its raw label ("_Unread only"). */
      text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      if (text == NULL || *text == '\0')
        return;
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    /* Its children include its menu: only its own label or tooltip. */
    text = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget))
    {
      /* A button with text is named by its label widget (GTK relates them);
       * the raw label GTK also sets ("_Dismiss") is dropped. */
      if (gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        {
          gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
          return;
        }
      text = inner_label (widget);
    }
  else
    return;
  if (text == NULL || *text == '\0')
    text = gtk_widget_get_tooltip_text (widget);
  /* An icon alone, such as a toast's close button. */
  if ((text == NULL || *text == '\0') && GTK_IS_BUTTON (widget)
      && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    {
      const char *icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
      text = g_str_has_prefix (icon, "window-close")  ? _ ("Close")
             : g_str_has_prefix (icon, "edit-clear")  ? _ ("Clear")
             : g_str_has_prefix (icon, "go-previous") ? _ ("Back")
                                                      : NULL;
    }
  vigil_a11y_set_label (widget, text);
}

/* Every button or entry shown, wherever it was made (a toast's, a row's). */
static gboolean
on_map (GSignalInvocationHint *hint, guint n_params, const GValue *params, gpointer data)
{
  GObject *object = g_value_get_object (&params[0]);

  if (GTK_IS_BUTTON (object) || GTK_IS_MENU_BUTTON (object) || GTK_IS_SEARCH_ENTRY (object)
      || GTK_IS_CHECK_BUTTON (object))
    label_one (GTK_WIDGET (object));
  return TRUE;
}

void
vigil_a11y_install (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      /* The class made first: its signals exist from then on. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

void
vigil_a11y_label_tree (GtkWidget *widget)
{
  label_one (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    vigil_a11y_label_tree (child);
}
