/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rules-window.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-rules-window.h"

#include <glib/gi18n-lib.h>

#include "vigil-alert-engine.h"
#include "vigil-rule-editor.h"

struct _VigilRulesWindow
{
  AdwWindow parent_instance;

  GtkButton *add_button;
  AdwPreferencesGroup *problems_group;
  AdwPreferencesGroup *rules_group;

  VigilMonitor *monitor;
  GPtrArray *rows;   /* the rule rows now in rules_group */
  GtkWindow *editor; /* the rule editor open in its place, or NULL */
};

G_DEFINE_FINAL_TYPE (VigilRulesWindow, vigil_rules_window, ADW_TYPE_WINDOW)

static void fill (VigilRulesWindow *self);

static const char *
severity_label (VigilSeverity severity)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_CRITICAL:
      return C_ ("severity", "Critical");
    case VIGIL_SEVERITY_HIGH:
      return C_ ("severity", "High");
    case VIGIL_SEVERITY_INFO:
    default:
      return C_ ("severity", "Info");
    }
}

/* Switching a rule on or off saves at once. */
static void
on_enabled (GtkSwitch *toggle, GParamSpec *pspec, VigilRulesWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (toggle), "rule-name");
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (rules, i);
      if (g_str_equal (rule->name, name) && rule->enabled != gtk_switch_get_active (toggle))
        {
          VigilAlertRule *copy = vigil_alert_rule_copy (rule);
          copy->enabled = gtk_switch_get_active (toggle);
          g_ptr_array_index (rules, i) = copy;
          vigil_alert_rule_unref (rule);
          if (!vigil_monitor_save_rules (self->monitor, rules, &error))
            {
              GtkWidget *dialog = adw_message_dialog_new (
                  GTK_WINDOW (self), _ ("The rules could not be saved"), error->message);
              adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
              gtk_window_present (GTK_WINDOW (dialog));
              fill (self);
            }
          return;
        }
    }
}

/* The editor of the rule named name (NULL: a new rule), a modal dialog over
 * parent. */
GtkWindow *
vigil_rules_editor_open (GtkWindow *parent, VigilMonitor *monitor, const char *name)
{
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (monitor));
  VigilAlertRule *rule = NULL;
  VigilRuleEditor *editor;

  for (guint i = 0; name && i < rules->len && rule == NULL; i++)
    if (g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, name))
      rule = g_ptr_array_index (rules, i);
  editor = vigil_rule_editor_new (parent, monitor, rule);
  gtk_window_present (GTK_WINDOW (editor));
  return GTK_WINDOW (editor);
}

/* The rule editor open over the application's windows, or NULL: one at a
 * time, wherever it was opened from (the rules, a notification). */
static VigilRuleEditor *
find_editor (GtkWindow *parent)
{
  GtkApplication *app = parent ? gtk_window_get_application (parent) : NULL;

  for (GList *l = app ? gtk_application_get_windows (app) : NULL; l; l = l->next)
    if (VIGIL_IS_RULE_EDITOR (l->data))
      return l->data;
  return NULL;
}

/* The editor of another rule in the open one's place (whoever watched the
 * old one follows the new one: "vigil-replaced-by"). */
static GtkWindow *
replace_editor (VigilRuleEditor *old, VigilMonitor *monitor, const char *name)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (old));
  GtkWindow *editor = vigil_rules_editor_open (parent, monitor, name);

  g_object_set_data (G_OBJECT (old), "vigil-replaced-by", editor);
  gtk_window_destroy (GTK_WINDOW (old));
  return editor;
}

typedef struct
{
  VigilRuleEditor *old;
  VigilMonitor *monitor;
  char *name;
} Replacing;

static void
replacing_free (Replacing *r)
{
  g_object_unref (r->old);
  g_object_unref (r->monitor);
  g_free (r->name);
  g_free (r);
}

static void
replacing_notify (gpointer data, GClosure *closure)
{
  replacing_free (data);
}

static void
on_discard_response (AdwMessageDialog *dialog, const char *response, Replacing *r)
{
  if (g_str_equal (response, "discard") && gtk_widget_get_visible (GTK_WIDGET (r->old)))
    replace_editor (r->old, r->monitor, r->name);
}

GtkWindow *
vigil_rules_editor_show (GtkWindow *parent, VigilMonitor *monitor, const char *name)
{
  VigilRuleEditor *open = find_editor (parent);
  const char *open_name;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  Replacing *r;

  if (open == NULL)
    return vigil_rules_editor_open (parent, monitor, name);
  open_name = vigil_rule_editor_get_rule_name (open);
  if (g_strcmp0 (open_name, name) == 0)
    {
      gtk_window_present (GTK_WINDOW (open));
      return GTK_WINDOW (open);
    }
  if (!vigil_rule_editor_is_changed (open))
    return replace_editor (open, monitor, name);
  /* Changes not saved: asked before they are lost. */
  gtk_window_present (GTK_WINDOW (open));
  heading = open_name ? g_strdup_printf (_ ("Discard the Changes to “%s”?"), open_name)
                      : g_strdup (_ ("Discard the New Rule?"));
  dialog = adw_message_dialog_new (
      GTK_WINDOW (open), heading,
      name ? NULL : _ ("Another rule’s editor was asked for; this one is not saved yet."));
  if (name != NULL)
    {
      g_autofree char *body = g_strdup_printf (
          _ ("“%s” was asked for; this rule’s changes are not saved yet."), name);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _ ("_Keep Editing"),
                                    "discard", _ ("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  r = g_new0 (Replacing, 1);
  r->old = g_object_ref (open);
  r->monitor = g_object_ref (monitor);
  r->name = g_strdup (name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_discard_response), r, replacing_notify,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (open);
}

static void on_editor_destroyed (GtkWindow *editor, VigilRulesWindow *self);

static void
watch_editor (VigilRulesWindow *self, GtkWindow *editor)
{
  self->editor = editor;
  g_signal_connect_object (editor, "destroy", G_CALLBACK (on_editor_destroyed), self, 0);
}

/* The editor closed: the rules again, as they are now, in its place; or,
 * replaced by another rule's editor, that one watched. */
static void
on_editor_destroyed (GtkWindow *editor, VigilRulesWindow *self)
{
  GtkWindow *over = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWindow *next = g_object_get_data (G_OBJECT (editor), "vigil-replaced-by");

  if (editor != self->editor)
    return;
  if (next != NULL)
    {
      watch_editor (self, next);
      return;
    }
  self->editor = NULL;
  fill (self);
  /* Not when the window under it is going (the application quits). */
  if (over == NULL || gtk_widget_get_visible (GTK_WIDGET (over)))
    gtk_window_present (GTK_WINDOW (self));
}

/* The editor takes the rules' place over the main window, one dialog deep
 * (not a third window stacked on the rules), and gives it back on closing.
 * One editor at a time: an open one (from a notification too) shows the rule
 * asked for. */
GtkWindow *
vigil_rules_window_edit (VigilRulesWindow *self, const char *name)
{
  GtkWindow *over = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWindow *parent = over ? over : GTK_WINDOW (self);

  if (self->editor == NULL)
    {
      VigilRuleEditor *open = find_editor (parent);
      if (open != NULL)
        watch_editor (self, GTK_WINDOW (open));
    }
  if (self->editor != NULL)
    vigil_rules_editor_show (parent, self->monitor, name);
  else
    watch_editor (self, vigil_rules_editor_open (parent, self->monitor, name));
  if (over != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return self->editor;
}

/* Asked for again while its editor is open: the editor. */
void
vigil_rules_window_present (VigilRulesWindow *self)
{
  gtk_window_present (self->editor ? self->editor : GTK_WINDOW (self));
}

static void
on_row_activated (AdwActionRow *row, VigilRulesWindow *self)
{
  vigil_rules_window_edit (self, g_object_get_data (G_OBJECT (row), "rule-name"));
}

static GtkWidget *
rule_row (VigilRulesWindow *self, const VigilAlertRule *rule)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *level = gtk_label_new (severity_label (rule->severity));
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *title = g_markup_escape_text (rule->name, -1);
  g_autofree char *query = g_markup_escape_text (rule->query_text, -1);
  g_autofree char *level_class
      = g_strdup_printf ("severity-%s", vigil_severity_to_string (rule->severity));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), query);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "rule-name", g_strdup (rule->name), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), self);

  gtk_widget_add_css_class (level, "severity-badge");
  gtk_widget_add_css_class (level, level_class);
  gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), level);

  gtk_switch_set_active (GTK_SWITCH (toggle), rule->enabled);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _ ("Switch the rule on or off"));
  g_object_set_data_full (G_OBJECT (toggle), "rule-name", g_strdup (rule->name), g_free);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_enabled), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  return row;
}

static void
fill (VigilRulesWindow *self)
{
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->rules_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < rules->len; i++)
    {
      GtkWidget *row = rule_row (self, g_ptr_array_index (rules, i));
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

/* At most this many problems are listed; the rest are counted. */
#define MAX_PROBLEM_ROWS 8

/* What the rules file did not load at start, line by line, and where the
 * rules are saved instead of over it. */
static void
show_problems (VigilRulesWindow *self)
{
  GPtrArray *problems = vigil_monitor_get_rules_problems (self->monitor);
  g_autofree char *path = vigil_monitor_rules_path ();
  g_autofree char *save_path = vigil_monitor_dup_rules_save_path (self->monitor);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *save_name = g_path_get_basename (save_path);
  g_autofree char *description = NULL;

  if (problems->len == 0)
    return;
  /* TRANSLATORS: %1$s is rules.tsv, %2$s the file saved beside it (rules-2.tsv) */
  description = g_strdup_printf (_ ("%1$s was left as it is, so that nothing in it is lost. "
                                    "Changes made here are saved to %2$s beside it, and Vigil "
                                    "uses that file until %1$s is edited: correct the lines "
                                    "below in %1$s, or replace it with %2$s."),
                                 name, save_name);
  adw_preferences_group_set_description (self->problems_group, description);
  for (guint i = 0; i < problems->len && i < MAX_PROBLEM_ROWS; i++)
    {
      const VigilRulesProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autofree char *title = NULL;
      g_autofree char *message = g_markup_escape_text (problem->message, -1);

      if (problem->line == 0)
        title = g_strdup (_ ("The file could not be read"));
      else if (problem->skipped)
        title = g_strdup_printf (_ ("Line %u skipped"), problem->line);
      else
        title = g_strdup_printf (_ ("Line %u read in part"), problem->line);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->problems_group, row);
    }
  if (problems->len > MAX_PROBLEM_ROWS)
    {
      guint more = problems->len - MAX_PROBLEM_ROWS;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title
          = g_strdup_printf (ngettext ("%u more problem, listed when Vigil starts",
                                       "%u more problems, listed when Vigil starts", more),
                             more);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_group_add (self->problems_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), TRUE);
}

static void
new_rule (GtkWidget *widget, const char *action, GVariant *parameter)
{
  vigil_rules_window_edit (VIGIL_RULES_WINDOW (widget), NULL);
}

static void
vigil_rules_window_dispose (GObject *object)
{
  VigilRulesWindow *self = VIGIL_RULES_WINDOW (object);

  g_clear_object (&self->monitor);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_RULES_WINDOW);
  G_OBJECT_CLASS (vigil_rules_window_parent_class)->dispose (object);
}

static void
vigil_rules_window_class_init (VigilRulesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_rules_window_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-rules-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilRulesWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, VigilRulesWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, VigilRulesWindow, rules_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "rules.new", NULL, new_rule);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "rules.new",
                                       NULL);
}

static void
on_add (VigilRulesWindow *self)
{
  vigil_rules_window_edit (self, NULL);
}

static void
vigil_rules_window_init (VigilRulesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add), self);
}

VigilRulesWindow *
vigil_rules_window_new (GtkWindow *parent, VigilMonitor *monitor)
{
  VigilRulesWindow *self = g_object_new (VIGIL_TYPE_RULES_WINDOW, "transient-for", parent, NULL);

  self->monitor = g_object_ref (monitor);
  show_problems (self);
  fill (self);
  return self;
}
