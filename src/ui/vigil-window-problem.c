/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-problem.c — a failing source said where the desk looks: on its
 * own page (the empty page, or a banner above its articles) with Retry, Edit
 * and Unsubscribe, and in the refresh toast's Details, one entry a source. */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"
#include "vigil-fetch-reason.h"

/* The technical part of a reading's error, under the desk's sentence: the
 * fetcher says "its own words (the system's)", and its own words are what
 * the sentence already says ("The server refused the connection"). */
static char *
technical_detail (const char *error)
{
  const char *open = strstr (error, " (");
  const char *close = strrchr (error, ')');

  /* (Wherever the group is: "The server is busy (HTTP 503) and asks us to
   * wait 120 seconds" gives "HTTP 503".) */
  if (open != NULL && close != NULL && close > open + 2)
    return g_strndup (open + 2, (gsize) (close - (open + 2)));
  return g_strdup (error);
}

char *
vigil_window_source_reason (VigilSource *source, char **detail)
{
  char *reason = vigil_fetch_reason_describe (source->error);

  if (detail)
    *detail = reason != NULL ? technical_detail (source->error) : NULL;
  if (reason == NULL)
    reason = g_strdup (source->error && *source->error ? source->error : _ ("Unknown error"));
  return reason;
}

/* Retry, Edit, Unsubscribe of one source, their targets set by set_targets. */
static GtkWidget *
problem_buttons_new (gboolean pills)
{
  static const struct
  {
    const char *label, *action;
  } buttons[] = {
    { N_ ("_Retry"), "win.source-refresh" },
    { N_ ("_Edit…"), "win.source-edit" },
    { N_ ("_Unsubscribe…"), "win.source-delete" },
  };
  /* On the page, one under the other: the list's pane may be narrow. */
  GtkWidget *box = gtk_box_new (pills ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_set_homogeneous (GTK_BOX (box), pills);
  gtk_widget_set_halign (box, pills ? GTK_ALIGN_CENTER : GTK_ALIGN_END);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_ (buttons[i].label));
      g_object_set_data (G_OBJECT (button), "vigil-action", (gpointer) buttons[i].action);
      if (pills)
        gtk_widget_add_css_class (button, "pill");
      if (i == 0)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static void
set_targets (GtkWidget *box, gint64 id)
{
  for (GtkWidget *b = gtk_widget_get_first_child (box); b; b = gtk_widget_get_next_sibling (b))
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), g_variant_new_int64 (id));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (b),
                                      g_object_get_data (G_OBJECT (b), "vigil-action"));
    }
}

static GtkWidget *
detail_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* Made once, the first time a failing source is shown. */
static void
ensure_widgets (VigilWindow *self)
{
  GtkWidget *overlay, *column, *line, *icon, *text;

  if (self->problem_page != NULL)
    return;
  /* Under the empty page's title and reason: the technical text, the buttons. */
  self->problem_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->problem_page_detail = detail_label_new ();
  gtk_box_append (GTK_BOX (self->problem_page), self->problem_page_detail);
  gtk_box_append (GTK_BOX (self->problem_page), problem_buttons_new (TRUE));
  gtk_box_prepend (GTK_BOX (gtk_widget_get_parent (self->empty_button)), self->problem_page);

  /* Above the source's articles: the reason, the same buttons. */
  self->problem_banner = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->problem_banner),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (column, "vigil-problem-banner");
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Could not refresh"), -1);
  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  self->problem_banner_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem_banner_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem_banner_label), 0);
  self->problem_banner_detail = detail_label_new ();
  gtk_label_set_xalign (GTK_LABEL (self->problem_banner_detail), 0);
  gtk_label_set_justify (GTK_LABEL (self->problem_banner_detail), GTK_JUSTIFY_LEFT);
  gtk_box_append (GTK_BOX (text), self->problem_banner_label);
  gtk_box_append (GTK_BOX (text), self->problem_banner_detail);
  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), text);
  gtk_box_append (GTK_BOX (column), line);
  /* Under the words: a narrow pane keeps them readable. */
  self->problem_banner_buttons = problem_buttons_new (FALSE);
  gtk_box_append (GTK_BOX (column), self->problem_banner_buttons);
  gtk_revealer_set_child (GTK_REVEALER (self->problem_banner), column);
  overlay = gtk_widget_get_parent (GTK_WIDGET (self->list_stack));
  gtk_widget_insert_before (self->problem_banner, gtk_widget_get_parent (overlay), overlay);
  vigil_a11y_label_tree (self->problem_banner);
}

void
vigil_window_show_source_problem (VigilWindow *self, guint n_articles)
{
  g_autoptr (VigilSource) source = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  gboolean failing;
  /* No articles and no filter: the empty page says it; filtered away (the
   * "no matches" page) or listed: the banner. */
  gboolean on_empty_page
      = n_articles == 0
        && vigil_article_filter_is_empty (vigil_filter_bar_get_filter (self->filter_bar));

  if (self->current_source > 0 && self->store != NULL && !self->searching)
    source = vigil_store_get_source (self->store, self->current_source, NULL);
  failing = source != NULL && source->status == VIGIL_SOURCE_STATUS_ERROR && source->error;
  if (!failing && self->problem_page == NULL)
    return;
  ensure_widgets (self);
  gtk_widget_set_visible (self->problem_page, failing && on_empty_page);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->problem_banner), failing && !on_empty_page);
  gtk_widget_set_visible (self->problem_banner, failing && !on_empty_page);
  if (!failing)
    return;
  reason = vigil_window_source_reason (source, &detail);
  set_targets (gtk_widget_get_last_child (self->problem_page), source->id);
  set_targets (self->problem_banner_buttons, source->id);
  gtk_label_set_text (GTK_LABEL (self->problem_page_detail), detail ? detail : "");
  gtk_widget_set_visible (self->problem_page_detail, detail != NULL);
  gtk_label_set_text (GTK_LABEL (self->problem_banner_label), reason);
  gtk_label_set_text (GTK_LABEL (self->problem_banner_detail), detail ? detail : "");
  gtk_widget_set_visible (self->problem_banner_detail, detail != NULL);
  if (on_empty_page)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _ ("This Source Could Not Be Refreshed"));
      adw_status_page_set_description (self->empty_page, reason);
    }
}

/* ---- refreshing some sources (Retry, Retry All, a folder's Refresh) ---- */

/* Sources refreshed together: one toast for them all when done. */
typedef struct
{
  GWeakRef window;
  guint pending;
  guint failed;
  char *reason; /* the first failure's, in the desk's words */
} Batch;

static void
batch_refreshed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Batch *batch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilWindow) self = NULL;

  if (vigil_monitor_refresh_source_finish (VIGIL_MONITOR (object), result, &error) < 0
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (batch->failed++ == 0)
        {
          batch->reason = vigil_fetch_reason_describe (error->message);
          if (batch->reason == NULL)
            batch->reason = g_strdup (error->message);
        }
    }
  if (--batch->pending > 0)
    return;
  /* What it stored the views show through the store's "changed". */
  self = g_weak_ref_get (&batch->window);
  if (self != NULL && self->store != NULL && batch->failed == 1)
    vigil_window_toast (self, batch->reason);
  else if (self != NULL && self->store != NULL && batch->failed > 1)
    {
      g_autofree char *msg
          = g_strdup_printf (ngettext ("%u source could not be refreshed",
                                       "%u sources could not be refreshed", batch->failed),
                             batch->failed);
      AdwToast *toast = vigil_window_plain_toast (msg);
      adw_toast_set_button_label (toast, _ ("_Details"));
      adw_toast_set_action_name (toast, "win.show-errors");
      vigil_window_add_toast (self, toast);
    }
  g_weak_ref_clear (&batch->window);
  g_free (batch->reason);
  g_free (batch);
}

void
vigil_window_refresh_sources (VigilWindow *self, const gint64 *ids, gsize n)
{
  Batch *batch = g_new0 (Batch, 1);
  g_autoptr (GHashTable) accounts
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_weak_ref_init (&batch->window, self);
  batch->pending = 1; /* until every source is asked for */
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (VigilSource) source = vigil_store_get_source (self->store, ids[i], NULL);

      if (source == NULL)
        continue;
      if (source->account_id != VIGIL_ACCOUNT_LOCAL)
        {
          /* Its server reads it: Refresh syncs its account, once. */
          if (g_hash_table_add (accounts, g_memdup2 (&source->account_id, sizeof (gint64))))
            gtk_widget_activate_action (GTK_WIDGET (self), "win.account-sync", "x",
                                        source->account_id);
          continue;
        }
      batch->pending++;
      vigil_monitor_refresh_source_async (self->monitor, source, NULL, batch_refreshed, batch);
    }
  /* None asked: freed here; else by the last to answer. */
  if (--batch->pending == 0)
    {
      g_weak_ref_clear (&batch->window);
      g_free (batch);
    }
}

/* ---- the toast's Details: every failing source, its reason, Retry and Unsubscribe ---- */

static void
on_errors_response (AdwMessageDialog *dialog, const char *response, GPtrArray *ids)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!g_str_equal (response, "retry-all") || window == NULL)
    return;
  for (guint i = 0; i < ids->len; i++)
    g_array_append_val (all, *(gint64 *) g_ptr_array_index (ids, i));
  vigil_window_refresh_sources (VIGIL_WINDOW (window), (const gint64 *) all->data, all->len);
}

/* A row's button acts in the window (the dialog is not the window): the
 * dialog closes first for Unsubscribe, which asks in a dialog of its own. */
static void
on_row_button (GtkButton *button, AdwMessageDialog *dialog)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  const char *action = g_object_get_data (G_OBJECT (button), "vigil-action");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "vigil-source");

  if (window == NULL)
    return;
  g_object_ref (window);
  if (g_str_equal (action, "win.source-delete"))
    gtk_window_close (GTK_WINDOW (dialog));
  else
    gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE); /* retried */
  gtk_widget_activate_action (GTK_WIDGET (window), action, "x", id);
  g_object_unref (window);
}

static GtkWidget *
row_button (AdwMessageDialog *dialog, const char *label, const char *tooltip, const char *action,
            gint64 id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "vigil-action", (gpointer) action);
  g_object_set_data_full (G_OBJECT (button), "vigil-source", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_button), dialog);
  return button;
}

/* The list follows what the sources are now (a row's Retry, Retry All, a
 * scheduled refresh): a source refreshed says so and loses its Retry, one
 * failing again gives its new reason and Retry back, one unsubscribed goes. */
static void
on_errors_store_changed (VigilStore *store, VigilStoreChange what, gint64 source_id,
                         GtkWidget *list)
{
  GtkWidget *row = gtk_widget_get_first_child (list);

  if (!(what & VIGIL_STORE_CHANGE_SOURCES))
    return;
  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);
      gint64 *id = g_object_get_data (G_OBJECT (row), "vigil-source");
      GtkWidget *retry = g_object_get_data (G_OBJECT (row), "vigil-retry");
      g_autoptr (VigilSource) s = id ? vigil_store_get_source (store, *id, NULL) : NULL;

      if (id != NULL && s == NULL)
        gtk_list_box_remove (GTK_LIST_BOX (list), row);
      else if (s != NULL && s->status != VIGIL_SOURCE_STATUS_ERROR)
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Refreshed"));
          gtk_widget_set_visible (retry, FALSE);
        }
      else if (s != NULL)
        {
          g_autofree char *detail = NULL;
          g_autofree char *reason = vigil_window_source_reason (s, &detail);
          g_autofree char *subtitle
              = detail ? g_strdup_printf ("%s\n%s", reason, detail) : g_strdup (reason);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_visible (retry, TRUE);
          gtk_widget_set_sensitive (retry, TRUE);
        }
      row = next;
    }
}

static void
free_ids (gpointer data, GClosure *closure)
{
  g_ptr_array_unref (data);
}

void
vigil_window_show_errors (VigilWindow *self)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog, *list = NULL, *scrolled;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_autofree char *detail = NULL;
      g_autofree char *reason = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *retry_tip = NULL, *unsub_tip = NULL;
      const char *title = s->title && *s->title ? s->title : s->url;
      GtkWidget *row, *retry;

      if (s->status != VIGIL_SOURCE_STATUS_ERROR)
        continue;
      if (list == NULL)
        {
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
        }
      g_ptr_array_add (ids, g_memdup2 (&s->id, sizeof s->id));
      reason = vigil_window_source_reason (s, &detail);
      subtitle = detail ? g_strdup_printf ("%s\n%s", reason, detail) : g_strdup (reason);
      row = adw_action_row_new ();
      /* Titles and errors are not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* TRANSLATORS: %s is a source's title */
      retry_tip = g_strdup_printf (_ ("Refresh “%s” Again"), title);
      /* TRANSLATORS: %s is a source's title */
      unsub_tip = g_strdup_printf (_ ("Unsubscribe from “%s”"), title);
      retry = row_button (ADW_MESSAGE_DIALOG (dialog), _ ("_Retry"), retry_tip,
                          "win.source-refresh", s->id);
      g_object_set_data (G_OBJECT (row), "vigil-retry", retry);
      g_object_set_data_full (G_OBJECT (row), "vigil-source", g_memdup2 (&s->id, sizeof s->id),
                              g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (ADW_MESSAGE_DIALOG (dialog), _ ("_Unsubscribe…"),
                                             unsub_tip, "win.source-delete", s->id));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_message_dialog_set_heading (
      ADW_MESSAGE_DIALOG (dialog),
      ngettext ("Source Not Refreshed", "Sources Not Refreshed", MAX (ids->len, 1)));
  if (list == NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), _ ("Every source was refreshed."));
  else
    {
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 360);
      /* Every row shown, up to four (the dialog is not sized for the height of wrapped rows). */
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                                  (int) MIN (ids->len, 4) * 96);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
      g_signal_connect_object (self->store, "changed", G_CALLBACK (on_errors_store_changed), list,
                               0);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "retry-all", _ ("Retry _All"));
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_errors_response), ids, free_ids, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
