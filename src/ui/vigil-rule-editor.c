/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rule-editor.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-confirm-dialog.h"
#include "vigil-rule-editor.h"

#include <glib/gi18n-lib.h>

#include "vigil-alert-engine.h"
#include "vigil-task.h"
#include "vigil-webhook.h"

#define DRY_RUN_DAYS 7
#define MATCHES_SHOWN 8

struct _VigilRuleEditor
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *cancel_button;
  GtkButton *save_button;
  GtkButton *delete_button;
  AdwEntryRow *name_row;
  AdwComboRow *severity_row;
  AdwEntryRow *query_row;
  GtkLabel *query_message;
  AdwPreferencesGroup *matches_group;
  GtkListBox *matches_list;
  AdwExpanderRow *folders_row;
  AdwExpanderRow *sources_row;
  AdwExpanderRow *throttle_row;
  GtkSpinButton *throttle_count;
  GtkSpinButton *throttle_minutes;
  AdwEntryRow *webhook_row;
  AdwComboRow *format_row;
  AdwPreferencesGroup *delete_group;

  VigilMonitor *monitor;
  VigilAlertRule *original; /* NULL for a new rule */
  GPtrArray *folder_checks; /* GtkCheckButton*, "scope-value" data: the folder */
  GPtrArray *source_checks; /* the same, with the feed address */
  guint dry_run_source;
  GCancellable *dry_run_cancellable;
  int match_count;
};

G_DEFINE_FINAL_TYPE (VigilRuleEditor, vigil_rule_editor, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- checking what was typed ---- */

static gboolean
webhook_ok (const char *url)
{
  return *url == '\0' || g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://");
}

static gboolean
name_taken (VigilRuleEditor *self, const char *name)
{
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));

  for (guint i = 0; i < rules->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (rules, i);
      if (g_str_equal (rule->name, name)
          && (self->original == NULL || !g_str_equal (self->original->name, name)))
        return TRUE;
    }
  return FALSE;
}

static void
set_row_error (gpointer row, gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Checks every field; the first problem is said under the query. Returns
 * whether the query itself parses. */
static gboolean
validate (VigilRuleEditor *self)
{
  g_autofree char *name
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->query_row));
  const char *webhook = gtk_editable_get_text (GTK_EDITABLE (self->webhook_row));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean query_ok = FALSE, name_ok, hook_ok;

  if (*query != '\0')
    {
      g_autoptr (VigilQuery) parsed = vigil_query_parse (query, NULL, &error);
      query_ok = parsed != NULL;
    }
  name_ok = *name != '\0' && !name_taken (self, name);
  hook_ok = webhook_ok (webhook);

  set_row_error (self->query_row, *query != '\0' && !query_ok);
  set_row_error (self->name_row, *name != '\0' && !name_ok);
  set_row_error (self->webhook_row, !hook_ok);
  gtk_widget_remove_css_class (GTK_WIDGET (self->query_message), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->query_message), "dim-label");

  if (*query != '\0' && !query_ok)
    message = g_strdup (error->message); /* it says where */
  else if (*name != '\0' && !name_ok)
    message = g_strdup (_ ("Another rule has this name."));
  else if (!hook_ok)
    message = g_strdup (_ ("A webhook address starts with https:// or http://."));

  if (message != NULL)
    {
      gtk_label_set_text (self->query_message, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->query_message), "error");
    }
  else
    {
      gtk_label_set_text (self->query_message,
                          _ ("Words (abduct also finds abducted, rocket finds rockets but not "
                             "rocketed), \"exact words or phrases\", evacuat* (any ending), AND, "
                             "OR, NOT, parentheses, rocket NEAR/8 attack, and fields: title:, "
                             "source:, lang:fr, country:IQ or country:Iraq, "
                             "entity:org:\"Kataeb Hezbollah\", category:kidnapping or "
                             "category:protests, score>=60, level>=high."));
      gtk_widget_add_css_class (GTK_WIDGET (self->query_message), "dim-label");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), query_ok && name_ok && hook_ok);
  return query_ok;
}

/* ---- the dry run ---- */

/* The query (data) run on the monitor's (source) store and gazetteer, which
 * it keeps from its making until it is finalised. */
static void
dry_run_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilMonitor *monitor = source;
  GError *error = NULL;
  GPtrArray *found = vigil_alert_dry_run (vigil_monitor_get_store (monitor),
                                          vigil_monitor_get_gazetteer (monitor), data, DRY_RUN_DAYS,
                                          NULL, NULL, &error);

  vigil_task_return_pointer_or_error (task, found, (GDestroyNotify) g_ptr_array_unref, error);
}

static void
clear_matches (VigilRuleEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matches_list))) != NULL)
    gtk_list_box_remove (self->matches_list, child);
}

static GtkWidget *
match_row (VigilArticle *article)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (vigil_article_get_time (article));
  /* TRANSLATORS: when a stored article that a rule matches came, strftime
     format (day, month, time) */
  g_autofree char *date
      = when ? g_strchug (g_date_time_format (when, _ ("%e %b, %H:%M"))) : g_strdup ("");
  g_autofree char *title = g_markup_escape_text (vigil_article_get_display_title (article), -1);
  g_autofree char *subtitle
      = g_markup_escape_text (article->source_title ? article->source_title : "", -1);
  g_autofree char *line = g_strdup_printf ("%s · %s", subtitle, g_strstrip (date));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-article");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", article->id);
  gtk_widget_set_tooltip_text (row, _ ("Open this article in the main window"));
  return row;
}

static void
dry_run_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = g_task_propagate_pointer (G_TASK (res), &error);
  VigilRuleEditor *self;
  g_autofree char *description = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Not cancelled, so the editor is still open (closing it cancels). */
  self = VIGIL_RULE_EDITOR (user_data);
  clear_matches (self);
  if (found == NULL)
    {
      self->match_count = -1;
      adw_preferences_group_set_description (self->matches_group, error->message);
      return;
    }
  self->match_count = (int) found->len;
  if (found->len == 0)
    description = g_strdup (_ ("No stored article matches."));
  else
    description = g_strdup_printf (
        /* TRANSLATORS: %u is a number of stored articles */
        g_dngettext (GETTEXT_PACKAGE, "%u stored article matches.", "%u stored articles match.",
                     found->len),
        found->len);
  adw_preferences_group_set_description (self->matches_group, description);
  for (guint i = 0; i < found->len && i < MATCHES_SHOWN; i++)
    gtk_list_box_append (self->matches_list, match_row (g_ptr_array_index (found, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), found->len > 0);
}

static gboolean
start_dry_run (gpointer user_data)
{
  VigilRuleEditor *self = user_data;

  self->dry_run_source = 0;
  g_cancellable_cancel (self->dry_run_cancellable);
  g_clear_object (&self->dry_run_cancellable);
  self->dry_run_cancellable = g_cancellable_new ();
  vigil_task_run_in_thread (self->monitor, NULL,
                            g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->query_row))),
                            g_free, dry_run_thread, self->dry_run_cancellable, dry_run_done, self);
  return G_SOURCE_REMOVE;
}

static void
on_query_changed (VigilRuleEditor *self)
{
  g_clear_handle_id (&self->dry_run_source, g_source_remove);
  self->match_count = -1;
  if (validate (self))
    {
      /* Run when typing pauses, not at every key. */
      adw_preferences_group_set_description (self->matches_group, _ ("Searching…"));
      self->dry_run_source = g_timeout_add (300, start_dry_run, self);
    }
  else
    {
      g_cancellable_cancel (self->dry_run_cancellable);
      clear_matches (self);
      gtk_widget_set_visible (GTK_WIDGET (self->matches_list), FALSE);
      adw_preferences_group_set_description (
          self->matches_group, _ ("Write a query to see which stored articles it matches."));
    }
}

/* ---- scope ---- */

static void
update_scope_subtitles (VigilRuleEditor *self)
{
  GPtrArray *lists[] = { self->folder_checks, self->source_checks };
  AdwExpanderRow *rows[] = { self->folders_row, self->sources_row };

  for (guint l = 0; l < 2; l++)
    {
      guint checked = 0;
      g_autofree char *subtitle = NULL;
      for (guint i = 0; i < lists[l]->len; i++)
        checked += gtk_check_button_get_active (g_ptr_array_index (lists[l], i));
      if (checked == 0)
        subtitle = g_strdup (lists[l]->len ? _ ("None checked") : _ ("None yet"));
      else
        /* TRANSLATORS: %u is how many folders or sources are checked */
        subtitle = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "%u checked", "%u checked", checked), checked);
      adw_expander_row_set_subtitle (rows[l], subtitle);
    }
}

static void
add_scope_row (VigilRuleEditor *self, AdwExpanderRow *expander, GPtrArray *checks,
               const char *value, const char *title, const char *subtitle, gboolean active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (subtitle != NULL)
    {
      g_autofree char *escaped_sub = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_sub);
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (check), "scope-value", g_strdup (value), g_free);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_scope_subtitles), self);
  adw_expander_row_add_row (expander, row);
  g_ptr_array_add (checks, check);
}

static gboolean
in_strv (char **strv, const char *value)
{
  return strv != NULL && g_strv_contains ((const char *const *) strv, value);
}

static void
fill_scope (VigilRuleEditor *self)
{
  g_autoptr (GPtrArray) sources
      = vigil_store_list_sources (vigil_monitor_get_store (self->monitor), NULL);
  g_autoptr (GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  char **rule_folders = self->original ? self->original->folders : NULL;
  char **rule_sources = self->original ? self->original->sources : NULL;

  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->folder && *s->folder && g_hash_table_add (folders, s->folder))
        add_scope_row (self, self->folders_row, self->folder_checks, s->folder, s->folder, NULL,
                       in_strv (rule_folders, s->folder));
      add_scope_row (self, self->sources_row, self->source_checks, s->url,
                     s->title && *s->title ? s->title : s->url, s->url,
                     in_strv (rule_sources, s->url));
    }
  /* What the rule names but the subscriptions no longer have stays, checked,
   * rather than vanishing on save. */
  for (guint i = 0; rule_folders && rule_folders[i]; i++)
    if (!g_hash_table_contains (folders, rule_folders[i]))
      add_scope_row (self, self->folders_row, self->folder_checks, rule_folders[i], rule_folders[i],
                     _ ("No source is in this folder now"), TRUE);
  for (guint i = 0; rule_sources && rule_sources[i]; i++)
    {
      gboolean known = FALSE;
      for (guint k = 0; sources && k < sources->len && !known; k++)
        known
            = g_str_equal (((VigilSource *) g_ptr_array_index (sources, k))->url, rule_sources[i]);
      if (!known)
        add_scope_row (self, self->sources_row, self->source_checks, rule_sources[i],
                       rule_sources[i], _ ("Not subscribed now"), TRUE);
    }
  update_scope_subtitles (self);
}

static char **
checked_values (GPtrArray *checks)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_ptr_array_add (values,
                       g_strdup (g_object_get_data (g_ptr_array_index (checks, i), "scope-value")));
  g_ptr_array_add (values, NULL);
  return (char **) g_ptr_array_free (values, FALSE);
}

/* ---- saving ---- */

static void
show_save_error (VigilRuleEditor *self, GError *error)
{
  g_autofree char *message
      = g_strdup_printf (_ ("The rules could not be saved: %s"), error->message);

  gtk_label_set_text (self->query_message, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->query_message), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->query_message), "error");
}

/* Saves rules with `replacement` in the original's place (or added), or
 * without the original when replacement is NULL. */
static gboolean
save_rules (VigilRuleEditor *self, VigilAlertRule *replacement)
{
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));
  g_autoptr (GError) error = NULL;
  gboolean placed = FALSE;

  for (guint i = 0; self->original && i < rules->len; i++)
    if (g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, self->original->name))
      {
        if (replacement)
          {
            vigil_alert_rule_unref (g_ptr_array_index (rules, i));
            g_ptr_array_index (rules, i) = vigil_alert_rule_ref (replacement);
          }
        else
          g_ptr_array_remove_index (rules, i);
        placed = TRUE;
        break;
      }
  if (!placed && replacement)
    g_ptr_array_add (rules, vigil_alert_rule_ref (replacement));
  if (!vigil_monitor_save_rules (self->monitor, rules, &error))
    {
      show_save_error (self, error);
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save (VigilRuleEditor *self)
{
  g_autofree char *name
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *webhook = gtk_editable_get_text (GTK_EDITABLE (self->webhook_row));
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilAlertRule) rule = NULL;

  if (!validate (self))
    return;
  rule
      = vigil_alert_rule_new (name, (VigilSeverity) adw_combo_row_get_selected (self->severity_row),
                              gtk_editable_get_text (GTK_EDITABLE (self->query_row)), NULL, &error);
  if (rule == NULL)
    {
      show_save_error (self, error);
      return;
    }
  rule->enabled = self->original ? self->original->enabled : TRUE;
  rule->shipped = self->original ? self->original->shipped : FALSE;
  rule->folders = checked_values (self->folder_checks);
  rule->sources = checked_values (self->source_checks);
  if (adw_expander_row_get_enable_expansion (self->throttle_row))
    {
      rule->throttle_count = (guint) gtk_spin_button_get_value_as_int (self->throttle_count);
      rule->throttle_minutes = (guint) gtk_spin_button_get_value_as_int (self->throttle_minutes);
    }
  if (*webhook)
    {
      rule->webhook_url = g_strdup (webhook);
      rule->webhook_format = (int) adw_combo_row_get_selected (self->format_row);
    }
  save_rules (self, rule);
}

static void
on_delete_response (AdwMessageDialog *dialog, const char *response, VigilRuleEditor *self)
{
  if (g_str_equal (response, "delete"))
    save_rules (self, NULL);
}

static void
on_delete (VigilRuleEditor *self)
{
  g_autofree char *heading = g_strdup_printf (_ ("Delete “%s”?"), self->original->name);
  GtkWidget *dialog = vigil_confirm_dialog_new (GTK_WINDOW (self), heading,
                                                _ ("Alerts it raised stay in the history."),
                                                "delete", _ ("_Delete"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the object ---- */

static void
vigil_rule_editor_dispose (GObject *object)
{
  VigilRuleEditor *self = VIGIL_RULE_EDITOR (object);

  g_clear_handle_id (&self->dry_run_source, g_source_remove);
  g_cancellable_cancel (self->dry_run_cancellable);
  g_clear_object (&self->dry_run_cancellable);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->original, vigil_alert_rule_unref);
  g_clear_pointer (&self->folder_checks, g_ptr_array_unref);
  g_clear_pointer (&self->source_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_RULE_EDITOR);
  G_OBJECT_CLASS (vigil_rule_editor_parent_class)->dispose (object);
}

static void
vigil_rule_editor_class_init (VigilRuleEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_rule_editor_dispose;
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-rule-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VigilRuleEditor, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (save_button);
  BIND (delete_button);
  BIND (name_row);
  BIND (severity_row);
  BIND (query_row);
  BIND (query_message);
  BIND (matches_group);
  BIND (matches_list);
  BIND (folders_row);
  BIND (sources_row);
  BIND (throttle_row);
  BIND (throttle_count);
  BIND (throttle_minutes);
  BIND (webhook_row);
  BIND (format_row);
  BIND (delete_group);
#undef BIND
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_rule_editor_init (VigilRuleEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
  self->folder_checks = g_ptr_array_new ();
  self->source_checks = g_ptr_array_new ();
  self->match_count = -1;
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save), self);
  g_signal_connect_swapped (self->delete_button, "clicked", G_CALLBACK (on_delete), self);
  g_signal_connect_swapped (self->query_row, "changed", G_CALLBACK (on_query_changed), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (validate), self);
  g_signal_connect_swapped (self->webhook_row, "changed", G_CALLBACK (validate), self);
  g_signal_connect_swapped (self->query_row, "entry-activated", G_CALLBACK (on_save), self);
  adw_entry_row_set_activates_default (self->query_row, FALSE);
}

VigilRuleEditor *
vigil_rule_editor_new (GtkWindow *parent, VigilMonitor *monitor, VigilAlertRule *rule)
{
  VigilRuleEditor *self = g_object_new (VIGIL_TYPE_RULE_EDITOR, "transient-for", parent, NULL);

  self->monitor = g_object_ref (monitor);
  self->original = rule ? vigil_alert_rule_ref (rule) : NULL;
  /* In the application, so that app.open-article (a matched article) works. */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  adw_window_title_set_title (self->window_title, rule ? _ ("Edit Rule") : _ ("New Rule"));
  gtk_window_set_title (GTK_WINDOW (self), rule ? _ ("Edit Rule") : _ ("New Rule"));
  if (rule != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), rule->name);
      adw_combo_row_set_selected (self->severity_row, rule->severity);
      gtk_editable_set_text (GTK_EDITABLE (self->query_row), rule->query_text);
      if (rule->throttle_count > 0)
        {
          adw_expander_row_set_enable_expansion (self->throttle_row, TRUE);
          gtk_spin_button_set_value (self->throttle_count, rule->throttle_count);
          gtk_spin_button_set_value (self->throttle_minutes, rule->throttle_minutes);
        }
      if (rule->webhook_url)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->webhook_row), rule->webhook_url);
          adw_combo_row_set_selected (self->format_row, (guint) rule->webhook_format);
        }
    }
  else
    adw_combo_row_set_selected (self->severity_row, VIGIL_SEVERITY_HIGH);
  /* Vigil's own rules are changed or switched off, not deleted. */
  gtk_widget_set_visible (GTK_WIDGET (self->delete_group), rule != NULL && !rule->shipped);
  fill_scope (self);
  on_query_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (rule ? self->query_row : self->name_row));
  /* A rule's query from its start, not selected (the entry selects it all
   * on focus, scrolled to its end: a key pressed would replace it). */
  if (rule != NULL)
    gtk_editable_set_position (GTK_EDITABLE (self->query_row), 0);
  return self;
}

const char *
vigil_rule_editor_get_rule_name (VigilRuleEditor *self)
{
  return self->original != NULL ? self->original->name : NULL;
}

gboolean
vigil_rule_editor_is_changed (VigilRuleEditor *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->query_row));
  guint severity = adw_combo_row_get_selected (self->severity_row);

  if (self->original == NULL)
    return *name || *query || severity != VIGIL_SEVERITY_HIGH;
  return g_strcmp0 (name, self->original->name) != 0
         || g_strcmp0 (query, self->original->query_text) != 0
         || severity != (guint) self->original->severity;
}

int
vigil_rule_editor_get_match_count (VigilRuleEditor *self)
{
  return self->match_count;
}
