/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-sidebar.c — the window's sidebar: views, alert rules, folders, sources and sync
 * accounts */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>
#include "vigil-a11y.h"
#include "vigil-article-row.h"
#include "vigil-favicon.h"

static gboolean show_favicons (gpointer data);

/* The view a row shows: a source's id, or VIGIL_VIEW_* (object data, as
 * wide as a pointer). */
static gint64
row_view (gpointer row)
{
  return (gint64) (gintptr) g_object_get_data (G_OBJECT (row), "source-id");
}

gint64
vigil_window_row_source (GtkListBoxRow *row)
{
  gint64 view = row_view (row);

  return view > 0 ? view : 0;
}

static void
set_row_view (GtkWidget *row, gint64 view)
{
  g_object_set_data (G_OBJECT (row), "source-id", (gpointer) (gintptr) view);
}

/* "in 9 minutes", for the next attempt of a source. */
static char *
format_time_until (gint64 unix_time)
{
  gint64 delta = unix_time - g_get_real_time () / G_USEC_PER_SEC;

  if (delta < 60)
    return g_strdup (_ ("in a moment"));
  if (delta < 3600)
    return g_strdup_printf (ngettext ("in %d minute", "in %d minutes", (int) (delta / 60)),
                            (int) (delta / 60));
  return g_strdup_printf (ngettext ("in %d hour", "in %d hours", (int) (delta / 3600)),
                          (int) (delta / 3600));
}

/* What a desk wants to know about a source at a glance: is it healthy, when was
 * it read, when will it be read again. */
static char *
source_status_text (VigilSource *s)
{
  g_autofree char *when = vigil_format_relative_time (s->last_fetch);
  g_autofree char *next = format_time_until (s->next_attempt);

  if (!s->enabled)
    return g_strdup_printf (_ ("Disabled: %s"), s->error ? s->error : _ ("by you"));
  if (s->last_fetch == 0)
    return g_strdup (_ ("Not read yet"));
  if (s->status == VIGIL_SOURCE_STATUS_ERROR)
    /* TRANSLATORS: error, when it happened, when Vigil tries again */
    return g_strdup_printf (_ ("Could not refresh: %s (%s; next attempt %s)"), s->error, when,
                            next);
  /* TRANSLATORS: when the source was last read, when it will be read again */
  return g_strdup_printf (_ ("Up to date (checked %s; next check %s)"), when, next);
}

/* A source in trouble gets a warning icon after its title, made only then:
 * rows are made by the hundred, and most sources are well. status: what the
 * icon says to a screen reader; NULL hides it. */
static void
set_row_warning (GtkWidget *row, GtkWidget *box, GtkWidget *title, const char *status)
{
  GtkWidget *warn = g_object_get_data (G_OBJECT (row), "warning-icon");

  if (warn == NULL && status == NULL)
    return;
  if (warn == NULL)
    {
      warn = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (warn, "warning");
      gtk_box_insert_child_after (GTK_BOX (box), warn, title);
      g_object_set_data (G_OBJECT (row), "warning-icon", warn);
    }
  gtk_widget_set_visible (warn, status != NULL);
  if (status != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (warn), GTK_ACCESSIBLE_PROPERTY_LABEL, status,
                                    -1);
}

static gboolean
source_row_tooltip (GtkWidget *row, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                    gpointer data)
{
  VigilSource *s = g_object_get_data (G_OBJECT (row), "source");
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;

  if (s == NULL)
    return FALSE;
  status = source_status_text (s);
  text = g_strdup_printf ("%s\n%s", s->title && *s->title ? s->title : s->url, status);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* What a screen reader says of a sidebar row: its title and its count. */
static void
set_row_name (GtkWidget *row, guint count)
{
  GtkLabel *title = g_object_get_data (G_OBJECT (row), "title-label");
  g_autofree char *name = NULL;

  if (title == NULL)
    return;
  /* TRANSLATORS: a sidebar row for screen readers: its title, then its count */
  name = count > 0 ? g_strdup_printf (_ ("%s, %u"), gtk_label_get_text (title), count)
                   : g_strdup (gtk_label_get_text (title));
  vigil_a11y_set_label (row, name);
}

static GtkWidget *
source_row_new (VigilSource *source, const char *title, guint unread, const char *icon)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (title);
  gboolean trouble
      = source != NULL && (source->status == VIGIL_SOURCE_STATUS_ERROR || !source->enabled);
  g_autofree char *status = trouble ? source_status_text (source) : NULL;

  if (icon)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (source != NULL)
    {
      /* Written when asked for: hundreds of rows, few tooltips read. */
      g_object_set_data_full (G_OBJECT (row), "source", g_object_ref (source), g_object_unref);
      gtk_widget_set_has_tooltip (row, TRUE);
      g_signal_connect (row, "query-tooltip", G_CALLBACK (source_row_tooltip), NULL);
    }
  else
    gtk_widget_set_tooltip_text (row, title);
  if (source && !source->enabled)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (row), "title-label", label);
  if (trouble)
    set_row_warning (row, box, label, status);
  {
    /* The count, kept even at zero so that a refresh can update it in place. */
    g_autofree char *count = g_strdup_printf ("%u", unread);
    GtkWidget *badge = gtk_label_new (count);
    gtk_widget_add_css_class (badge, "dim-label");
    gtk_widget_add_css_class (badge, "numeric");
    gtk_widget_set_visible (badge, unread > 0);
    gtk_box_append (GTK_BOX (box), badge);
    g_object_set_data (G_OBJECT (row), "count-label", badge);
  }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  set_row_name (row, unread);
  set_row_view (row, source ? source->id : 0);
  return row;
}

static void
header_func (GtkListBoxRow *row, GtkListBoxRow *before, gpointer data)
{
  const char *folder = g_object_get_data (G_OBJECT (row), "folder");
  const char *prev = before ? g_object_get_data (G_OBJECT (before), "folder") : NULL;

  if (folder != NULL && g_strcmp0 (folder, prev) != 0)
    {
      GtkWidget *label = gtk_label_new (folder);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_row_set_header (row, label);
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}

static void
set_row_count (GtkWidget *row, guint count)
{
  GtkLabel *badge = g_object_get_data (G_OBJECT (row), "count-label");
  g_autofree char *text = g_strdup_printf ("%u", count);

  if (badge == NULL
      || (g_str_equal (gtk_label_get_text (badge), text)
          && gtk_widget_get_visible (GTK_WIDGET (badge)) == (count > 0)))
    return;
  gtk_label_set_text (badge, text);
  gtk_widget_set_visible (GTK_WIDGET (badge), count > 0);
  set_row_name (row, count);
}

/* The sidebar's structure: which sources, in which order and folders. While
 * it stays the same, a refresh updates titles, counts and warnings in place
 * (rebuilding hundreds of rows every second would stall the window). */
GPtrArray *
vigil_window_rule_names (VigilWindow *self)
{
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rules && i < rules->len; i++)
    {
      VigilAlertRule *r = g_ptr_array_index (rules, i);
      if (r->enabled)
        g_ptr_array_add (names, g_strdup (r->name));
    }
  return names;
}

static char *
sources_signature (VigilWindow *self, GPtrArray *sources, GPtrArray *rules, GPtrArray *accounts)
{
  GString *sig = g_string_new (NULL);

  /* An account's row says its state: rebuilt when it changes (after a sync). */
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      g_string_append_printf (sig,
                              "A%" G_GINT64_FORMAT "\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%d\x1e",
                              a->id, a->name, a->last_sync, a->last_error ? a->last_error : "",
                              vigil_monitor_is_syncing (self->monitor, a->id));
    }

  for (guint i = 0; rules && i < rules->len; i++)
    g_string_append_printf (sig, "%s\x1e", (char *) g_ptr_array_index (rules, i));

  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_string_append_printf (sig, "%" G_GINT64_FORMAT "\x1f%s\x1f%d\x1f%" G_GINT64_FORMAT "\x1e",
                              s->id, s->folder ? s->folder : "", s->enabled, s->account_id);
    }
  return g_string_free (sig, FALSE);
}

static gboolean
update_source_counts (VigilWindow *self, GPtrArray *sources, guint total_unread, gint64 unseen,
                      GHashTable *by_rule)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_hash_table_insert (by_id, &s->id, s);
    }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      gint64 id;
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      id = row_view (row);
      if (g_object_get_data (G_OBJECT (row), "rule") != NULL)
        set_row_count (row, by_rule ? GPOINTER_TO_UINT (g_hash_table_lookup (
                                by_rule, g_object_get_data (G_OBJECT (row), "rule")))
                                    : 0);
      else if (id == VIGIL_VIEW_ALL || id == VIGIL_VIEW_UNREAD)
        set_row_count (row, total_unread);
      else if (id == VIGIL_VIEW_ALERTS)
        set_row_count (row, (guint) unseen);
      else if (id > 0)
        {
          VigilSource *s = g_hash_table_lookup (by_id, &id);
          gboolean trouble;
          g_autofree char *status = NULL;
          if (s == NULL)
            return FALSE; /* cannot happen with the same signature */
          set_row_count (row, s->unread);
          /* The tooltip is written when asked for, from the latest state. */
          g_object_set_data_full (G_OBJECT (row), "source", g_object_ref (s), g_object_unref);
          trouble = s->status == VIGIL_SOURCE_STATUS_ERROR || !s->enabled;
          status = trouble ? source_status_text (s) : NULL;
          /* Only what changed: every change costs the list a new layout. */
          if (g_strcmp0 (gtk_label_get_text (g_object_get_data (G_OBJECT (row), "title-label")),
                         s->title ? s->title : s->url)
              != 0)
            gtk_label_set_text (g_object_get_data (G_OBJECT (row), "title-label"),
                                s->title ? s->title : s->url);
          {
            GtkWidget *title = g_object_get_data (G_OBJECT (row), "title-label");
            set_row_warning (row, gtk_widget_get_parent (title), title, status);
          }
        }
    }
  return TRUE;
}

/* ---- sync accounts in the sidebar ---- */

/* "Synced 5 minutes ago", "Sync failed: …", for an account's header row. */
static char *
account_status_text (VigilWindow *self, VigilAccount *a)
{
  g_autofree char *when = NULL;
  VigilSync *sync = vigil_monitor_get_sync (self->monitor);

  if (vigil_monitor_is_syncing (self->monitor, a->id))
    return g_strdup (_ ("Syncing…"));
  if (a->last_error != NULL)
    /* TRANSLATORS: %s says why the last sync of an account failed */
    return g_strdup_printf (_ ("Sync failed: %s"), a->last_error);
  if (sync == NULL || !vigil_sync_has_password (sync, a->id))
    return g_strdup (_ ("No password in the desktop keyring: not synced"));
  if (a->last_sync == 0)
    return g_strdup (_ ("Not synced yet"));
  when = vigil_format_relative_time (a->last_sync);
  /* TRANSLATORS: %s is when the account was last synced, as "5 minutes ago" */
  return g_strdup_printf (_ ("Synced %s"), when);
}

/* The header of a sync account's sources: its name, its state and a button
 * that syncs it now (Retry after an error). Not a view of its own. */
static GtkWidget *
account_row_new (VigilWindow *self, VigilAccount *a)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (a->name);
  g_autofree char *status = account_status_text (self, a);
  GtkWidget *state = gtk_label_new (status);
  GtkWidget *button;
  g_autofree char *label = NULL;
  g_autofree char *a11y = NULL;

  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "vigil-account-row");
  gtk_widget_set_margin_top (vbox, 10);
  gtk_box_append (GTK_BOX (hbox), gtk_image_new_from_icon_name ("network-server-symbolic"));
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (hbox), name);
  if (a->last_error != NULL)
    {
      /* TRANSLATORS: a button on a sync account in error; %s is its name */
      label = g_strdup_printf (_ ("Retry Sync of “%s”"), a->name);
      button = gtk_button_new_with_mnemonic (_ ("_Retry"));
    }
  else
    {
      /* TRANSLATORS: %s is a sync account's name */
      label = g_strdup_printf (_ ("Sync “%s” Now"), a->name);
      button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
    }
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  vigil_a11y_set_label (button, label);
  gtk_widget_set_sensitive (button, !vigil_monitor_is_syncing (self->monitor, a->id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.account-sync");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (a->id));
  gtk_box_append (GTK_BOX (hbox), button);
  gtk_box_append (GTK_BOX (vbox), hbox);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_label_set_wrap (GTK_LABEL (state), TRUE);
  gtk_label_set_lines (GTK_LABEL (state), 3);
  gtk_label_set_ellipsize (GTK_LABEL (state), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, a->last_error ? "error" : "dim-label");
  gtk_widget_set_tooltip_text (state, status);
  gtk_box_append (GTK_BOX (vbox), state);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), vbox);
  /* TRANSLATORS: a sync account's header in the sidebar, for screen readers: its name, its state */
  a11y = g_strdup_printf (_ ("Account %s: %s"), a->name, status);
  vigil_a11y_set_label (row, a11y);
  set_row_view (row, 0);
  g_object_set_data (G_OBJECT (row), "account-id", (gpointer) (gintptr) a->id);
  return row;
}

/* An account's sources: those in no folder first, then folder by folder. */
static int
compare_by_folder (gconstpointer a, gconstpointer b)
{
  const VigilSource *x = *(VigilSource *const *) a;
  const VigilSource *y = *(VigilSource *const *) b;

  if ((x->folder == NULL) != (y->folder == NULL))
    return x->folder == NULL ? -1 : 1;
  if (x->folder != NULL && g_strcmp0 (x->folder, y->folder) != 0)
    return g_utf8_collate (x->folder, y->folder);
  return g_utf8_collate (x->title ? x->title : x->url, y->title ? y->title : y->url);
}

static GtkWidget *
sidebar_source_row (VigilWindow *self, VigilSource *s, const char *folder)
{
  GtkWidget *row = source_row_new (s, s->title ? s->title : s->url, s->unread, NULL);

  g_object_set_data_full (G_OBJECT (row), "favicon-origin", vigil_favicon_origin (s), g_free);
  g_object_set_data_full (G_OBJECT (row), "folder", g_strdup (folder), g_free);
  gtk_list_box_append (self->sources_list, row);
  if (s->id == self->current_source)
    gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (row));
  return row;
}

void
vigil_window_show_sources (VigilWindow *self, GPtrArray *sources, gint64 unseen,
                           GHashTable *by_rule, GPtrArray *accounts)
{
  g_autoptr (GPtrArray) rules = vigil_window_rule_names (self);
  g_autofree char *signature = sources_signature (self, sources, rules, accounts);
  GtkWidget *child;
  GtkWidget *all;
  guint total_unread = 0;

  for (guint i = 0; i < sources->len; i++)
    total_unread += ((VigilSource *) g_ptr_array_index (sources, i))->unread;
  if (g_strcmp0 (signature, self->sources_signature) == 0
      && update_source_counts (self, sources, total_unread, unseen, by_rule))
    return;
  g_free (self->sources_signature);
  self->sources_signature = g_steal_pointer (&signature);
  total_unread = 0;

  self->reloading_sources = TRUE;
  /* The rows only: the context menu (a popover) is a child of the list too. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list)); child != NULL;)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->sources_list, child);
      child = next;
    }
  for (guint i = 0; i < sources->len; i++)
    total_unread += ((VigilSource *) g_ptr_array_index (sources, i))->unread;
  all = source_row_new (NULL, _ ("All Articles"), total_unread, "view-list-symbolic");
  gtk_list_box_append (self->sources_list, all);
  if (self->current_source == VIGIL_VIEW_ALL)
    gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (all));
  {
    /* Alerts: the articles that raised one, with the stories nobody has opened yet. */
    GtkWidget *alerts
        = source_row_new (NULL, _ ("Alerts"), (guint) unseen, "dialog-warning-symbolic");
    set_row_view (alerts, VIGIL_VIEW_ALERTS);
    gtk_widget_set_tooltip_text (alerts, _ ("Articles that matched an alert rule; the count is the "
                                            "stories not opened yet"));
    gtk_list_box_append (self->sources_list, alerts);
    if (self->current_source == VIGIL_VIEW_ALERTS && self->current_rule == NULL)
      gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (alerts));
  }
  {
    /* The desk's other ways in: what is new, kept, alarming, recent. */
    static const struct
    {
      gint64 view;
      const char *title;
      const char *icon;
      const char *tip;
    } smart[] = {
      { VIGIL_VIEW_UNREAD, N_ ("Unread"), "mail-unread-symbolic", N_ ("Articles not read yet") },
      { VIGIL_VIEW_HIGH, N_ ("High Risk"), "security-high-symbolic",
        N_ ("Articles of high or critical risk") },
      { VIGIL_VIEW_TODAY, N_ ("Today"), "x-office-calendar-symbolic",
        N_ ("Articles from the last 24 hours") },
      { VIGIL_VIEW_STARRED, N_ ("Starred"), "starred-symbolic",
        N_ ("Articles you starred (S); kept whatever the retention") },
    };
    for (guint i = 0; i < G_N_ELEMENTS (smart); i++)
      {
        GtkWidget *row
            = source_row_new (NULL, _ (smart[i].title),
                              smart[i].view == VIGIL_VIEW_UNREAD ? total_unread : 0, smart[i].icon);
        set_row_view (row, smart[i].view);
        gtk_widget_set_tooltip_text (row, _ (smart[i].tip));
        gtk_list_box_append (self->sources_list, row);
        if (self->current_source == smart[i].view)
          gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (row));
      }
  }
  for (guint i = 0; i < rules->len; i++)
    {
      /* Each rule in force: a view of the articles it matched. */
      const char *name = g_ptr_array_index (rules, i);
      guint n = by_rule ? GPOINTER_TO_UINT (g_hash_table_lookup (by_rule, name)) : 0;
      GtkWidget *row = source_row_new (NULL, name, n, "alarm-symbolic");
      g_autofree char *tip = g_strdup_printf (_ ("Articles the rule “%s” matched"), name);
      set_row_view (row, VIGIL_VIEW_ALERTS);
      g_object_set_data_full (G_OBJECT (row), "rule", g_strdup (name), g_free);
      g_object_set_data_full (G_OBJECT (row), "folder", g_strdup (_ ("Alert Rules")), g_free);
      gtk_widget_set_tooltip_text (row, tip);
      gtk_list_box_append (self->sources_list, row);
      if (self->current_source == VIGIL_VIEW_ALERTS && g_strcmp0 (self->current_rule, name) == 0)
        gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (row));
    }
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->account_id == VIGIL_ACCOUNT_LOCAL)
        sidebar_source_row (self, s, s->folder ? s->folder : _ ("Sources"));
    }
  /* Each sync account: its header, then its sources in the server's folders. */
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      g_autoptr (GPtrArray) mine = g_ptr_array_new ();

      if (a->id == VIGIL_ACCOUNT_LOCAL)
        continue;
      gtk_list_box_append (self->sources_list, account_row_new (self, a));
      for (guint j = 0; j < sources->len; j++)
        if (((VigilSource *) g_ptr_array_index (sources, j))->account_id == a->id)
          g_ptr_array_add (mine, g_ptr_array_index (sources, j));
      g_ptr_array_sort (mine, compare_by_folder);
      for (guint j = 0; j < mine->len; j++)
        {
          VigilSource *s = g_ptr_array_index (mine, j);
          sidebar_source_row (self, s, s->folder);
        }
    }
  self->reloading_sources = FALSE;
  /* Site icons after the rows: they are not worth a slower first frame. */
  if (self->favicon_idle == 0)
    self->favicon_idle = g_idle_add_full (G_PRIORITY_LOW, show_favicons, self, NULL);
  vigil_window_fetch_favicons (self, sources);
}

/* The icon before a source's title, for the rows of origin (all of them when
 * origin is NULL) whose icon is cached. */
static void
set_favicons (VigilWindow *self, const char *origin)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *row_origin
          = GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row), "favicon-origin") : NULL;
      GtkWidget *title, *image;
      g_autofree char *path = NULL;

      if (row_origin == NULL || (origin != NULL && !g_str_equal (origin, row_origin))
          || g_object_get_data (G_OBJECT (row), "favicon") != NULL)
        continue;
      path = vigil_favicon_path (row_origin);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      title = g_object_get_data (G_OBJECT (row), "title-label");
      image = gtk_image_new_from_file (path);
      gtk_image_set_pixel_size (GTK_IMAGE (image), 16);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Site icon"), -1);
      gtk_box_prepend (GTK_BOX (gtk_widget_get_parent (title)), image);
      g_object_set_data (G_OBJECT (row), "favicon", image);
    }
}

static gboolean
show_favicons (gpointer data)
{
  VigilWindow *self = data;

  self->favicon_idle = 0;
  set_favicons (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
favicon_fetched (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_favicon_fetch_finish (result, &error);
  const char *origin = g_object_get_data (G_OBJECT (result), "origin");
  VigilWindow *self = user_data;

  if (path == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  set_favicons (self, origin);
}

/* After a refresh: the icons of sites not asked yet (a few at a time). */
void
vigil_window_fetch_favicons (VigilWindow *self, GPtrArray *sources)
{
  g_autoptr (GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < sources->len && g_hash_table_size (asked) < 50; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_autofree char *origin = vigil_favicon_origin (s);
      if (origin == NULL || s->status == VIGIL_SOURCE_STATUS_ERROR
          || g_hash_table_contains (asked, origin) || vigil_favicon_known (origin))
        continue;
      vigil_favicon_fetch_async (vigil_monitor_get_fetcher (self->monitor), origin,
                                 self->cancellable, favicon_fetched, self);
      g_hash_table_add (asked, g_steal_pointer (&origin));
    }
}

void
vigil_window_reload_sources (VigilWindow *self)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);

  g_autoptr (GHashTable) by_rule = vigil_store_count_alerts_by_rule (self->store);
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (self->store, NULL);

  vigil_window_show_sources (self, sources, vigil_store_count_unseen_alerts (self->store), by_rule,
                             accounts);
}

/* The window's subtitle names the view: a smart view's or source's title. */
void
vigil_window_set_view_subtitle (VigilWindow *self, GtkListBoxRow *row, gint64 id)
{
  if (id == VIGIL_VIEW_ALL)
    adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
  else if (id == VIGIL_VIEW_ALERTS)
    adw_window_title_set_subtitle (self->window_title,
                                   self->current_rule ? self->current_rule : _ ("Alerts"));
  else if (id < 0)
    {
      /* A smart view: its row's label. */
      GtkWidget *box = gtk_list_box_row_get_child (row);
      GtkWidget *label = gtk_widget_get_first_child (box);
      while (label != NULL && !GTK_IS_LABEL (label))
        label = gtk_widget_get_next_sibling (label);
      adw_window_title_set_subtitle (self->window_title,
                                     label ? gtk_label_get_text (GTK_LABEL (label)) : "");
    }
  else
    {
      g_autoptr (VigilSource) s = vigil_store_get_source (self->store, id, NULL);
      adw_window_title_set_subtitle (self->window_title, s && s->title ? s->title : "");
    }
}

static void
on_sources_pressed (GtkGestureClick *gesture, int n_press, double x, double y, VigilWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->sources_list, (int) y);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  vigil_window_show_source_menu (self, row, x, y);
}

static void
on_sources_long_pressed (GtkGestureLongPress *gesture, double x, double y, VigilWindow *self)
{
  vigil_window_show_source_menu (self, gtk_list_box_get_row_at_y (self->sources_list, (int) y), x,
                                 y);
}

static void
on_source_selected (GtkListBox *box, GtkListBoxRow *row, VigilWindow *self)
{
  gint64 id;
  const char *rule;

  if (row == NULL || self->reloading_sources)
    return;
  id = row_view (row);
  rule = g_object_get_data (G_OBJECT (row), "rule");
  if (id == self->current_source && g_strcmp0 (rule, self->current_rule) == 0)
    return;
  self->current_source = id;
  g_free (self->current_rule);
  self->current_rule = g_strdup (rule);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "selected-view", id);
  vigil_window_set_view_subtitle (self, row, id);
  vigil_window_reload_articles (self);
  vigil_window_show_overview_if_today (self);
  /* One pane at a time: the view's articles (Today: its overview first). */
  vigil_window_show_page (self, id == VIGIL_VIEW_TODAY ? PAGE_ARTICLE : PAGE_LIST);
}

gboolean
vigil_window_show_rule (VigilWindow *self, const char *rule)
{
  GtkWidget *found = NULL, *alerts = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *row_rule = g_object_get_data (G_OBJECT (row), "rule");
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      if (row_rule != NULL && g_strcmp0 (row_rule, rule) == 0)
        found = row;
      else if (row_rule == NULL && row_view (row) == VIGIL_VIEW_ALERTS)
        alerts = row;
    }
  if (found == NULL && alerts == NULL)
    return FALSE;
  if (self->searching)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (!vigil_article_filter_is_empty (vigil_filter_bar_get_filter (self->filter_bar)))
    gtk_toggle_button_set_active (self->filter_button, FALSE);
  gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (found ? found : alerts));
  vigil_window_show_page (self, PAGE_LIST);
  return found != NULL;
}

gboolean
vigil_window_show_view (VigilWindow *self, gint64 view)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_object_get_data (G_OBJECT (row), "rule") == NULL
        && row_view (row) == view)
      {
        if (self->searching)
          gtk_search_bar_set_search_mode (self->search_bar, FALSE);
        gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (row));
        vigil_window_show_page (self, PAGE_LIST);
        return TRUE;
      }
  return FALSE;
}

void
vigil_window_sidebar_init (VigilWindow *self)
{
  gtk_list_box_set_header_func (self->sources_list, header_func, NULL, NULL);
  /* The sources' menu: its items given a source's id when shown. */
  self->source_menu = GTK_POPOVER (gtk_popover_menu_new_from_model (NULL));
  gtk_popover_set_has_arrow (self->source_menu, FALSE);
  gtk_popover_set_position (self->source_menu, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self->source_menu), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->source_menu), GTK_WIDGET (self->sources_list));
}

void
vigil_window_class_add_sidebar (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_source_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sources_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_sources_long_pressed);
}
