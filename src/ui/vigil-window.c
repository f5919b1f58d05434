/* vigil-window.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-window-private.h"
#include "vigil-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-analyzer.h"
#include "vigil-article-list.h"
#include "vigil-article-row.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-favicon.h"
#include "vigil-html.h"
#include "vigil-overview.h"

struct _VigilWindow
{
  AdwApplicationWindow parent_instance;

  GHashTable *failing;         /* gint64 ids of the sources in error the desk was told of */
  GHashTable *sync_failing;    /* gint64 ids of the sync accounts whose failure was said */
  guint sync_failures_said;    /* toasts of those (vigil-window-private.h) */
  guint refresh_failures_said; /* "N sources could not be refreshed" toasts */

  GtkButton *refresh_button;
  GtkProgressBar *progress;
  AdwWindowTitle *window_title;
  AdwToastOverlay *toast_overlay;
  GtkListBox *sources_list;
  GtkPaned *outer_paned;
  GtkPaned *inner_paned;
  GSettings *settings;
  GtkListView *article_list;
  GtkStack *list_stack;
  VigilArticleView *article_view;
  GtkWidget *alert_bar;
  GtkWidget *source_menu; /* the sidebar's context menu (a GtkPopoverMenu) */
  GtkLabel *alert_label;
  GtkButton *dismiss_button;
  GArray *alert_bar_articles; /* gint64: the story's articles the alert bar shows */
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkToggleButton *search_button;
  GListStore *search_results; /* VigilArticle, while searching */
  gboolean searching;
  GtkStack *detail_stack;    /* "article" or "overview" (the Today view) */
  GtkRevealer *new_revealer; /* "N new articles", over a long list */
  AdwStatusPage *empty_page;
  GtkWidget *empty_button;
  GtkButton *new_button;
  guint list_kept_from;
  guint favicon_idle;
  GtkWidget *sidebar_pane;
  GtkWidget *list_pane;
  GtkWidget *back_button;
  GtkWidget *add_button;
  gboolean narrow;    /* one pane at a time (phone width) */
  int narrow_page;    /* which: PAGE_SOURCES, PAGE_LIST, PAGE_ARTICLE */
  guint layout_idle;  /* the mode is changed after an allocation */
  gboolean selecting; /* the selection is being set by the window itself */
  VigilOverview *overview;
  GtkToggleButton *filter_button;
  GtkRevealer *filter_revealer;
  GtkDropDown *level_filter;
  GtkDropDown *time_filter;
  GtkDropDown *category_filter;
  GtkDropDown *country_filter;
  GPtrArray *country_codes;  /* the country drop-down's items after "Any country" */
  VigilArticleFilter filter; /* in force; its strings owned */
  gboolean filling_filters;  /* drop-down models being replaced */

  VigilMonitor *monitor;
  VigilStore *store;
  VigilArticleList *articles; /* pages from the store */
  GtkSingleSelection *selection;
  gint64 current_source; /* 0: all */
  char *current_rule;    /* with VIGIL_VIEW_ALERTS: one rule's matches */
  guint reload_source_id;
  gint64 last_reload;       /* monotonic µs */
  char *sources_signature;  /* see sources_signature () */
  gboolean reload_new_only; /* the reload brings new articles, nothing else */
  gboolean reload_running;  /* the sidebar's counts are being read */
  gboolean reload_again;    /* and another reload was asked for meanwhile */
  GCancellable *cancellable;
  gboolean reloading_sources;
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, ADW_TYPE_APPLICATION_WINDOW)

/* The panes, one at a time in the narrow layout (see "adaptive layout"). */
enum
{
  PAGE_SOURCES,
  PAGE_LIST,
  PAGE_ARTICLE
};

static void show_page (VigilWindow *self, int page);
static gboolean show_favicons (gpointer data);
static void fetch_favicons (VigilWindow *self, GPtrArray *sources);
static void on_rules_changed (VigilWindow *self);
static void on_strong_highlights_changed (GSettings *settings, const char *key, VigilWindow *self);

/* A toast whose text is shown as it is: toast titles are Pango markup, and
 * error messages and feed titles are not to be read as markup. */
static AdwToast *
plain_toast (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/* ---- sources sidebar ---- */

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
  g_object_set_data (G_OBJECT (row), "source-id",
                     GINT_TO_POINTER ((int) (source ? source->id : 0)));
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
static GPtrArray *
rule_names (VigilWindow *self)
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
      id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "source-id"));
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

/* The sidebar from what the store says (read by the caller, possibly in a
 * worker thread): the sources with their unread counts, and the stories with
 * an alert nobody opened. */
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
  g_object_set_data (G_OBJECT (row), "source-id", GINT_TO_POINTER (0));
  g_object_set_data (G_OBJECT (row), "account-id", GINT_TO_POINTER ((int) a->id));
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

static void
show_sources (VigilWindow *self, GPtrArray *sources, gint64 unseen, GHashTable *by_rule,
              GPtrArray *accounts)
{
  g_autoptr (GPtrArray) rules = rule_names (self);
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
    g_object_set_data (G_OBJECT (alerts), "source-id", GINT_TO_POINTER (VIGIL_VIEW_ALERTS));
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
        g_object_set_data (G_OBJECT (row), "source-id", GINT_TO_POINTER ((int) smart[i].view));
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
      g_object_set_data (G_OBJECT (row), "source-id", GINT_TO_POINTER (VIGIL_VIEW_ALERTS));
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
  fetch_favicons (self, sources);
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
static void
fetch_favicons (VigilWindow *self, GPtrArray *sources)
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

static void
reload_sources (VigilWindow *self)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);

  g_autoptr (GHashTable) by_rule = vigil_store_count_alerts_by_rule (self->store);
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (self->store, NULL);

  show_sources (self, sources, vigil_store_count_unseen_alerts (self->store), by_rule, accounts);
}

/* ---- article list ---- */

static gint64
selected_article_id (VigilWindow *self)
{
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);
  return a ? a->id : 0;
}

static const gint64 filter_ranges[] = { 0, 3600, 86400, 7 * 86400, 30 * 86400 };

/* "Last hour" moves on with the clock: TRUE when it has moved by a minute. */
static gboolean
filter_since_moved (VigilWindow *self)
{
  guint range = gtk_drop_down_get_selected (self->time_filter);
  gint64 since;

  if (range == GTK_INVALID_LIST_POSITION || range >= G_N_ELEMENTS (filter_ranges))
    return FALSE;
  since = g_get_real_time () / G_USEC_PER_SEC - filter_ranges[range];
  if (since - self->filter.since < 60)
    return FALSE;
  self->filter.since = since;
  return TRUE;
}

/* The list's filter: the filter bar's, and the rule of a rule's view. */
static void
set_list_filter (VigilWindow *self)
{
  VigilArticleFilter filter = self->filter;

  filter.rule = self->current_rule;
  vigil_article_list_set_filter (self->articles, &filter);
}

/* Why a view is empty, in its own words. */
static void
describe_empty_view (VigilWindow *self)
{
  const char *icon = "io.github.vigildesk.Vigil-symbolic";
  const char *title = _ ("No Articles Yet");
  const char *description = _ ("Articles appear here as soon as the sources are refreshed.");
  gboolean no_sources = vigil_store_count_sources (self->store) == 0;

  if (no_sources)
    {
      icon = "list-add-symbolic";
      title = _ ("No Sources");
      description = _ ("Subscribe to news sites or feeds to start monitoring them.");
    }
  else if (self->current_source == VIGIL_VIEW_ALERTS)
    {
      icon = "alarm-symbolic";
      title = _ ("No Alerts");
      description = _ ("Articles that match an alert rule appear here, and you are notified.");
    }
  else if (self->current_source == VIGIL_VIEW_STARRED)
    {
      icon = "starred-symbolic";
      title = _ ("No Starred Articles");
      description = _ ("Press S on an article to keep it here, whatever the retention.");
    }
  else if (self->current_source == VIGIL_VIEW_UNREAD)
    {
      icon = "emblem-ok-symbolic";
      title = _ ("All Caught Up");
      description = _ ("Every article has been read.");
    }
  else if (self->current_source == VIGIL_VIEW_HIGH)
    {
      icon = "security-high-symbolic";
      title = _ ("Nothing Alarming");
      description = _ ("No stored article is of high or critical risk.");
    }
  adw_status_page_set_icon_name (self->empty_page, icon);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_widget_set_visible (self->empty_button, no_sources);
}

/* The list, or why it is empty: nothing stored yet, or filtered away. */
static void
show_list_or_empty (VigilWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

  if (n == 0)
    describe_empty_view (self);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    n > 0                                           ? "list"
                                    : vigil_article_filter_is_empty (&self->filter) ? "empty"
                                                                                    : "no-matches");
}

/* Whether the list is of another view than the one selected. */
static gboolean
list_is_other_view (VigilWindow *self)
{
  return vigil_article_list_get_source_id (self->articles) != self->current_source
         || g_strcmp0 (vigil_article_list_get_filter (self->articles)->rule, self->current_rule)
                != 0;
}

/* A list for the view selected, in place of the other view's. The search
 * results are not the view's: they stay (a search covers every view). */
static void
replace_list (VigilWindow *self)
{
  g_clear_object (&self->articles);
  self->articles = vigil_article_list_new (self->store, self->current_source);
  if (!vigil_article_filter_is_empty (&self->filter) || self->current_rule)
    set_list_filter (self);
}

static void
reload_articles (VigilWindow *self)
{
  gint64 keep;
  gint64 position;

  if (self->searching)
    {
      /* The results stay as they are; the list behind them follows the view,
       * and is shown when the search ends. */
      if (list_is_other_view (self))
        replace_list (self);
      else
        vigil_article_list_reload (self->articles);
      return;
    }
  keep = selected_article_id (self);
  /* Unselected first: otherwise GtkSingleSelection looks for the selected item
   * among all the "new" rows, reading every page of the store. The selection
   * is put back below, by article id. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (list_is_other_view (self))
    {
      replace_list (self);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->articles));
    }
  else if (self->filter.since > 0 && filter_since_moved (self))
    set_list_filter (self);
  else if (self->reload_new_only)
    vigil_article_list_reload_new (self->articles);
  else
    vigil_article_list_reload (self->articles);
  /* The selection follows the article, wherever new ones pushed it. */
  position = keep ? vigil_article_list_find (self->articles, keep) : -1;
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection,
                                     position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
  show_list_or_empty (self);
  gtk_revealer_set_reveal_child (self->new_revealer, FALSE);
}

/* ---- filter bar: level, time range, category, country ---- */

static void
clear_filter (VigilArticleFilter *filter)
{
  g_free ((char *) filter->category);
  g_free ((char *) filter->country);
  memset (filter, 0, sizeof *filter);
}

/* The filter the drop-downs say, put in force on the current list. */
static void
apply_filters (VigilWindow *self)
{
  guint level = gtk_drop_down_get_selected (self->level_filter);
  guint range = gtk_drop_down_get_selected (self->time_filter);
  guint category = gtk_drop_down_get_selected (self->category_filter);
  guint country = gtk_drop_down_get_selected (self->country_filter);
  gint64 keep = selected_article_id (self);
  gint64 position;

  if (self->filling_filters)
    return;
  clear_filter (&self->filter);
  self->filter.min_level = level != GTK_INVALID_LIST_POSITION ? (int) level : 0;
  if (range != GTK_INVALID_LIST_POSITION && range < G_N_ELEMENTS (filter_ranges)
      && filter_ranges[range] > 0)
    self->filter.since = g_get_real_time () / G_USEC_PER_SEC - filter_ranges[range];
  if (category != GTK_INVALID_LIST_POSITION && category > 0
      && vigil_risk_category_nth (category - 1))
    self->filter.category = g_strdup (vigil_risk_category_nth (category - 1));
  if (country != GTK_INVALID_LIST_POSITION && country > 0 && self->country_codes
      && country - 1 < self->country_codes->len)
    self->filter.country = g_strdup (g_ptr_array_index (self->country_codes, country - 1));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  set_list_filter (self);
  if (!self->searching)
    {
      position = keep ? vigil_article_list_find (self->articles, keep) : -1;
      self->selecting = TRUE;
      gtk_single_selection_set_selected (
          self->selection, position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
      self->selecting = FALSE;
      show_list_or_empty (self);
    }
}

static void
on_filter_changed (GtkDropDown *drop_down, GParamSpec *pspec, VigilWindow *self)
{
  apply_filters (self);
}

static void
reset_filters (VigilWindow *self)
{
  self->filling_filters = TRUE;
  gtk_drop_down_set_selected (self->level_filter, 0);
  gtk_drop_down_set_selected (self->time_filter, 0);
  gtk_drop_down_set_selected (self->category_filter, 0);
  gtk_drop_down_set_selected (self->country_filter, 0);
  self->filling_filters = FALSE;
  apply_filters (self);
}

static void
clear_filters_action (GtkWidget *widget, const char *name, GVariant *param)
{
  reset_filters (VIGIL_WINDOW (widget));
}

static void
toggle_filters_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  gtk_toggle_button_set_active (self->filter_button,
                                !gtk_toggle_button_get_active (self->filter_button));
}

static void
read_countries_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  /* The countries named over the last 30 days, most mentioned first. */
  g_task_return_pointer (task,
                         vigil_store_facet_counts (VIGIL_STORE (data), "country",
                                                   g_get_real_time () / G_USEC_PER_SEC, 30, 100,
                                                   NULL),
                         (GDestroyNotify) g_ptr_array_unref);
}

static int
compare_facets_by_total (gconstpointer a, gconstpointer b)
{
  const VigilFacetCount *x = *(VigilFacetCount **) a;
  const VigilFacetCount *y = *(VigilFacetCount **) b;
  return x->total == y->total ? g_strcmp0 (x->value, y->value) : x->total > y->total ? -1 : 1;
}

static void
countries_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilWindow *self = user_data;
  g_autoptr (GPtrArray) counts = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr (GtkStringList) names = NULL;
  GPtrArray *codes;
  const char *current;
  guint selected = 0;

  /* Checked first: a closed window's self is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))) || counts == NULL)
    return;
  current = self->filter.country;
  g_ptr_array_sort (counts, compare_facets_by_total);
  names = gtk_string_list_new (NULL);
  codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _ ("Any country"));
  for (guint i = 0; i < counts->len; i++)
    {
      VigilFacetCount *c = g_ptr_array_index (counts, i);
      g_ptr_array_add (codes, g_strdup (c->value));
      gtk_string_list_append (names, vigil_country_name (c->value));
      if (g_strcmp0 (current, c->value) == 0)
        selected = codes->len;
    }
  if (current != NULL && selected == 0)
    {
      /* The chosen country stays a choice even if nothing names it any more. */
      g_ptr_array_add (codes, g_strdup (current));
      gtk_string_list_append (names, vigil_country_name (current));
      selected = codes->len;
    }
  self->filling_filters = TRUE;
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  self->country_codes = codes;
  gtk_drop_down_set_model (self->country_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->country_filter, selected);
  self->filling_filters = FALSE;
}

static void
on_filter_toggled (GtkToggleButton *button, VigilWindow *self)
{
  gboolean on = gtk_toggle_button_get_active (button);

  gtk_revealer_set_reveal_child (self->filter_revealer, on);
  if (on)
    {
      g_autoptr (GTask) task = g_task_new (NULL, self->cancellable, countries_read, self);
      g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
      g_task_run_in_thread (task, read_countries_in_thread);
      gtk_widget_grab_focus (GTK_WIDGET (self->level_filter));
    }
  else if (!vigil_article_filter_is_empty (&self->filter))
    reset_filters (self); /* a hidden filter would hide articles unnoticed */
}

static void
setup_filters (VigilWindow *self)
{
  const char *levels[] = { _ ("Any level"), _ ("Elevated or worse"), _ ("High or worse"),
                           _ ("Critical only"), NULL };
  const char *ranges[] = { _ ("Any time"),    _ ("Last hour"),    _ ("Last 24 hours"),
                           _ ("Last 7 days"), _ ("Last 30 days"), NULL };
  g_autoptr (GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) level_list = gtk_string_list_new (levels);
  g_autoptr (GtkStringList) range_list = gtk_string_list_new (ranges);
  g_autoptr (GtkStringList) countries = gtk_string_list_new (NULL);
  g_autoptr (GtkExpression) expression
      = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_string_list_append (categories, _ ("Any category"));
  for (guint i = 0; vigil_risk_category_nth (i); i++)
    gtk_string_list_append (categories, vigil_risk_category_label (vigil_risk_category_nth (i)));
  gtk_string_list_append (countries, _ ("Any country"));
  gtk_drop_down_set_model (self->level_filter, G_LIST_MODEL (level_list));
  gtk_drop_down_set_model (self->time_filter, G_LIST_MODEL (range_list));
  gtk_drop_down_set_model (self->category_filter, G_LIST_MODEL (categories));
  gtk_drop_down_set_model (self->country_filter, G_LIST_MODEL (countries));
  /* Type to find a country. */
  gtk_drop_down_set_expression (self->country_filter, expression);
  g_signal_connect (self->level_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->time_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->category_filter, "notify::selected", G_CALLBACK (on_filter_changed),
                    self);
  g_signal_connect (self->country_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->filter_button, "toggled", G_CALLBACK (on_filter_toggled), self);
}

void
vigil_window_toast (VigilWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, plain_toast (text));
}

void
vigil_window_reload (VigilWindow *self)
{
  reload_sources (self);
  reload_articles (self);
}

/* Reloads after a refresh read the sidebar's counts in a worker thread (with
 * hundreds of sources that is most of the work), then show them. */
typedef struct
{
  GPtrArray *sources;
  gint64 unseen;
  GHashTable *by_rule;
  GPtrArray *accounts;
} SidebarCounts;

static void
sidebar_counts_free (SidebarCounts *c)
{
  g_clear_pointer (&c->sources, g_ptr_array_unref);
  g_clear_pointer (&c->by_rule, g_hash_table_unref);
  g_clear_pointer (&c->accounts, g_ptr_array_unref);
  g_free (c);
}

static void
read_sidebar_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilStore *store = data;
  SidebarCounts *c = g_new0 (SidebarCounts, 1);

  c->sources = vigil_store_list_sources (store, NULL);
  c->unseen = vigil_store_count_unseen_alerts (store);
  c->by_rule = vigil_store_count_alerts_by_rule (store);
  c->accounts = vigil_store_list_accounts (store, NULL);
  g_task_return_pointer (task, c, (GDestroyNotify) sidebar_counts_free);
}

static void queue_reload (VigilWindow *self);

/* A long list is not pushed down under the desk's eyes while sources refresh
 * (nor its ~200 prepared rows all made anew each second): new articles wait
 * behind a "N new articles" button at its top. A short list takes them at
 * once. TRUE when the list was left as it is. */
#define LIST_KEPT_FROM 200

void
vigil_window_set_list_kept_from (VigilWindow *self, guint rows)
{
  self->list_kept_from = rows;
}

static gboolean
offer_new_articles (VigilWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  gint64 fresh;
  g_autofree char *label = NULL;

  if (self->searching || shown < self->list_kept_from || self->filter.since > 0
      || vigil_article_list_get_source_id (self->articles) != self->current_source)
    return FALSE;
  fresh = vigil_article_list_peek_new (self->articles);
  if (fresh < 0)
    return FALSE; /* more than new ones changed: read it all again */
  if (fresh > 0)
    {
      label = g_strdup_printf (ngettext ("%u New Article", "%u New Articles", (gulong) fresh),
                               (guint) fresh);
      gtk_button_set_label (self->new_button, label);
      gtk_revealer_set_reveal_child (self->new_revealer, TRUE);
    }
  return TRUE;
}

static void
show_new_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  self->reload_new_only = TRUE;
  reload_articles (self);
  self->reload_new_only = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u", 0);
}

static void
sidebar_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilWindow *self = VIGIL_WINDOW (object);
  SidebarCounts *c = g_task_propagate_pointer (G_TASK (result), NULL);

  self->reload_running = FALSE;
  if (c != NULL && self->store != NULL && c->sources != NULL)
    {
      show_sources (self, c->sources, c->unseen, c->by_rule, c->accounts);
      /* From the monitor: new articles, expected at the top of the list. */
      if (!offer_new_articles (self))
        {
          self->reload_new_only = TRUE;
          reload_articles (self);
          self->reload_new_only = FALSE;
        }
      self->last_reload = g_get_monotonic_time ();
    }
  if (c != NULL)
    sidebar_counts_free (c);
  if (self->reload_again && self->store != NULL)
    {
      self->reload_again = FALSE;
      queue_reload (self);
    }
}

static gboolean
reload_idle (gpointer data)
{
  VigilWindow *self = data;
  g_autoptr (GTask) task = NULL;

  self->reload_source_id = 0;
  if (self->reload_running)
    {
      self->reload_again = TRUE; /* after the one under way */
      return G_SOURCE_REMOVE;
    }
  self->reload_running = TRUE;
  task = g_task_new (self, self->cancellable, sidebar_read, NULL);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_sidebar_in_thread);
  return G_SOURCE_REMOVE;
}

static void
queue_reload (VigilWindow *self)
{
  /* Many sources finish within moments of each other: coalesce the reloads,
   * and leave at least a second between two of them while a refresh pours in. */
  gint64 since = (g_get_monotonic_time () - self->last_reload) / 1000;

  if (self->reload_source_id == 0)
    self->reload_source_id
        = g_timeout_add (since >= 1000 ? 150 : (guint) (1000 - since), reload_idle, self);
}

static void
marked_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vigil_store_set_read_finish (VIGIL_STORE (object), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, plain_toast (error->message));
  else if (self->store != NULL)
    reload_sources (self); /* unread counts */
}

/* Above the article: the alerts its story raised ("Indirect fire · 26 Nov 18:30
 * · reported by 3 sources"), and a button to dismiss them. */
static void
update_alert_bar (VigilWindow *self, VigilArticle *article)
{
  g_autoptr (GPtrArray) history
      = article ? vigil_store_list_story_alerts (self->store, article->id, NULL) : NULL;
  g_autoptr (GPtrArray) rules = g_ptr_array_new ();
  g_autoptr (GHashTable) articles = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GDateTime) first = NULL;
  g_autofree char *when = NULL;
  g_autofree char *rule_list = NULL;
  g_autofree char *text = NULL;
  gboolean dismissed = TRUE;

  /* Dismiss acts on these and no others: the story as the desk sees it now,
   * even if the clusterer groups more articles with it by the time it runs. */
  if (self->alert_bar_articles == NULL)
    self->alert_bar_articles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (self->alert_bar_articles, 0);
  if (history == NULL || history->len == 0)
    {
      gtk_widget_set_visible (self->alert_bar, FALSE);
      return;
    }
  for (guint i = 0; i < history->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (history, i);
      gboolean listed = FALSE;
      for (guint k = 0; k < rules->len; k++)
        {
          g_autofree char *escaped = g_markup_escape_text (r->rule, -1);
          g_autofree char *isolated = g_strdup_printf ("\u2068%s\u2069", escaped);
          listed |= g_str_equal (g_ptr_array_index (rules, k), isolated);
        }
      if (!listed)
        {
          /* Each name isolated (U+2068…U+2069): a Latin name in an Arabic bar
           * keeps its commas and order. */
          g_autofree char *escaped = g_markup_escape_text (r->rule, -1);
          g_ptr_array_add (rules, g_strdup_printf ("\u2068%s\u2069", escaped));
        }
      if (!g_hash_table_contains (articles, &r->article_id))
        g_array_append_val (self->alert_bar_articles, r->article_id);
      g_hash_table_add (articles, &r->article_id);
      if (!g_str_equal (r->state, "dismissed"))
        dismissed = FALSE;
    }
  g_ptr_array_set_free_func (rules, g_free);
  g_ptr_array_add (rules, NULL);
  rule_list = g_strjoinv (", ", (char **) rules->pdata);
  g_ptr_array_remove_index (rules, rules->len - 1);
  first = g_date_time_new_from_unix_local (
      ((VigilAlertRecord *) g_ptr_array_index (history, 0))->created);
  {
    /* TRANSLATORS: when a story's first alert came, a strftime format (day,
       month, time) */
    g_autofree char *date = g_date_time_format (first, _ ("%-d %b %H:%M"));
    when = g_strdup_printf ("\u2068%s\u2069", date ? g_strstrip (date) : "");
  }
  {
    g_autofree char *reports = g_strdup_printf (
        /* TRANSLATORS: how many of the story's articles raised an alert */
        g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", g_hash_table_size (articles)),
        g_hash_table_size (articles));
    /* TRANSLATORS: "Alert:" then the rule names, when the first alert came, the reports */
    text
        = g_strdup_printf (_ ("<b>Alert:</b> %s · %s · %s"), rule_list, g_strstrip (when), reports);
    if (dismissed)
      {
        g_autofree char *with = g_strdup_printf (_ ("%s · dismissed"), text);
        g_free (text);
        text = g_steal_pointer (&with);
      }
  }
  gtk_label_set_markup (self->alert_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->dismiss_button), !dismissed);
  if (dismissed)
    gtk_widget_add_css_class (self->alert_bar, "dismissed");
  else
    gtk_widget_remove_css_class (self->alert_bar, "dismissed");
  gtk_widget_set_visible (self->alert_bar, TRUE);
}

/* An entity in the article's header: the list shows the articles that name it
 * (a full-text search for the name as a phrase). A canonical name's qualifier
 * in brackets ("Security Media Cell (Iraq)") tells it from another of the
 * name; articles do not write it. */
static void
on_entity_activated (VigilArticleView *view, const char *name, VigilWindow *self)
{
  g_autofree char *phrase = g_strdelimit (g_strdup (name), "\"", ' ');
  g_autofree char *query = NULL;
  char *qualifier = strstr (phrase, " (");

  if (qualifier != NULL && qualifier > phrase && g_str_has_suffix (qualifier, ")"))
    *qualifier = '\0';
  query = g_strdup_printf ("\"%s\"", g_strstrip (phrase));

  vigil_window_search (self, query);
}

/* What the toast's Undo puts back; the toast may outlive the window. The
 * toast's own button would dismiss it when clicked, and libadwaita 1.2 crashes
 * when a toast is dismissed during its show animation (a quick click): Undo is
 * a button of the toast's title instead, which says what it did and lets the
 * toast time out. */
typedef struct
{
  GWeakRef window;
  VigilAlertUndo *undo;
  GtkLabel *label; /* the toast's: alive while the button is */
} DismissUndo;

static void
dismiss_undo_free (gpointer data, GClosure *closure)
{
  DismissUndo *d = data;

  g_weak_ref_clear (&d->window);
  vigil_alert_undo_free (d->undo);
  g_free (d);
}

/* An Undo under way: it owns what it puts back (the toast may go meanwhile). */
typedef struct
{
  GWeakRef window;
  VigilAlertUndo *undo;
  GtkButton *button; /* weak */
  GtkLabel *label;   /* weak */
} UndoCall;

static void
undo_call_free (UndoCall *call)
{
  g_weak_ref_clear (&call->window);
  g_clear_weak_pointer (&call->button);
  g_clear_weak_pointer (&call->label);
  vigil_alert_undo_free (call->undo);
  g_free (call);
}

static void
undone (GObject *object, GAsyncResult *result, gpointer user_data)
{
  UndoCall *call = user_data;
  g_autoptr (VigilWindow) self = g_weak_ref_get (&call->window);
  g_autoptr (GError) error = NULL;
  gboolean ok = vigil_store_undo_alerts_finish (VIGIL_STORE (object), result, &error);

  if (self != NULL && !ok)
    adw_toast_overlay_add_toast (self->toast_overlay, plain_toast (error->message));
  else if (self != NULL)
    {
      if (call->label != NULL)
        gtk_label_set_text (call->label, _ ("Story restored"));
      update_alert_bar (self, vigil_article_view_get_article (self->article_view));
      vigil_window_reload (self);
    }
  if (!ok && call->button != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (call->button), TRUE);
  undo_call_free (call);
}

static void
on_dismiss_undo (GtkButton *button, DismissUndo *d)
{
  g_autoptr (VigilWindow) self = g_weak_ref_get (&d->window);
  UndoCall *call;

  if (self == NULL || self->store == NULL || d->undo == NULL)
    return;
  call = g_new0 (UndoCall, 1);
  g_weak_ref_init (&call->window, self);
  call->undo = g_steal_pointer (&d->undo); /* once */
  g_set_weak_pointer (&call->button, button);
  g_set_weak_pointer (&call->label, d->label);
  gtk_widget_set_visible (GTK_WIDGET (button), FALSE);
  vigil_store_undo_alerts_async (self->store, call->undo, NULL, undone, call);
}

static void
dismissed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  VigilAlertUndo *undo = vigil_store_dismiss_alerts_finish (VIGIL_STORE (object), result, &error);
  GtkWidget *box, *label, *button;
  AdwToast *toast;
  DismissUndo *d;

  if (undo == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, plain_toast (error->message));
      return;
    }
  update_alert_bar (self, vigil_article_view_get_article (self->article_view));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (_ ("Story dismissed"));
  button = gtk_button_new_with_mnemonic (_ ("_Undo"));
  vigil_a11y_label_tree (button);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, box);
  /* Undo is wanted now, not after the toasts queued before it ("Starred",
   * "Link copied"). */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  d = g_new0 (DismissUndo, 1);
  g_weak_ref_init (&d->window, self);
  d->undo = undo;
  d->label = GTK_LABEL (label);
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_dismiss_undo), d, dismiss_undo_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  vigil_window_reload (self); /* the Alerts count and view */
}

static void
on_dismiss (VigilWindow *self)
{
  VigilArticle *article = vigil_article_view_get_article (self->article_view);

  if (article == NULL || self->alert_bar_articles == NULL || self->alert_bar_articles->len == 0)
    return;
  /* The story as the bar shows it now, whatever joins it before the write. */
  vigil_store_dismiss_alerts_async (self->store, (const gint64 *) self->alert_bar_articles->data,
                                    self->alert_bar_articles->len, NULL, dismissed,
                                    g_object_ref (self));
}

/* Reader mode stored the full article: its alerts (matched on the full
 * text) and the counts beside the views may have changed. */
static void
on_full_article_stored (VigilArticleView *view, VigilArticle *article, VigilWindow *self)
{
  VigilArticle *shown = vigil_article_view_get_article (view);

  if (shown != NULL && shown->id == article->id)
    update_alert_bar (self, article);
  queue_reload (self); /* its row's level, the counts of the views */
}

/* New articles of a source whose full articles are fetched automatically:
 * fetched now, so that the rules judge them before the desk opens them. */
static void
on_articles_added (VigilMonitor *monitor, gint64 source_id, guint n_new, VigilWindow *self)
{
  g_autoptr (VigilSource) source = vigil_store_get_source (self->store, source_id, NULL);
  g_autoptr (GPtrArray) newest = NULL;
  g_autoptr (GArray) ids = NULL;

  if (source == NULL || source->full_text != VIGIL_FULL_TEXT_AUTOMATIC)
    return;
  newest = vigil_store_list_articles_page (self->store, source_id, 0, n_new, NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; newest != NULL && i < newest->len; i++)
    g_array_append_val (ids, ((VigilArticle *) g_ptr_array_index (newest, i))->id);
  vigil_article_view_fetch_full_later (self->article_view, (const gint64 *) ids->data, ids->len);
}

static void
full_article_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *article = vigil_article_view_get_article (self->article_view);

  if (article == NULL || vigil_article_view_toggle_full (self->article_view))
    return;
  if (article->link == NULL || *article->link == '\0')
    vigil_window_toast (self, _ ("This article has no web page to read in full"));
  else
    vigil_window_toast (self, _ ("Its source is set to show summaries only (Edit Source)"));
}

static void
on_selection_changed (GtkSingleSelection *selection, guint position, guint n_items,
                      VigilWindow *self)
{
  VigilArticle *header = gtk_single_selection_get_selected_item (selection);
  g_autoptr (VigilArticle) full = NULL;
  g_autoptr (GError) error = NULL;

  if (header == NULL)
    return;
  gtk_stack_set_visible_child_name (self->detail_stack, "article");
  if (!self->selecting)
    show_page (self, PAGE_ARTICLE);
  if (vigil_article_view_get_article (self->article_view)
      && vigil_article_view_get_article (self->article_view)->id == header->id)
    return;
  full = vigil_store_get_article (self->store, header->id, &error);
  if (full == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, plain_toast (error->message));
      return;
    }
  {
    g_autoptr (VigilSource) source = vigil_store_get_source (self->store, full->source_id, NULL);
    vigil_article_view_set_load_images (self->article_view, source && source->load_images);
    vigil_article_view_set_full_text (self->article_view,
                                      source ? source->full_text : VIGIL_FULL_TEXT_ON_REQUEST);
  }
  /* The list's article and the one shown are one article: what the list does
   * (s, m, opening it) the article bar shows, and the reverse. */
  g_object_bind_property (header, "read", full, "read",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (header, "starred", full, "starred",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  vigil_article_view_show (self->article_view, full);
  update_alert_bar (self, full);
  if (!header->read)
    {
      vigil_article_set_read (header, TRUE);
      vigil_store_set_read_async (self->store, header->id, TRUE, NULL, marked_read,
                                  g_object_ref (self));
    }
}

static void
on_row_read_changed (VigilArticle *article, GParamSpec *pspec, VigilArticleRow *row)
{
  vigil_article_row_set_article (row, article);
}

static gboolean
unparent_popover (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

/* A menu made for one row goes once it has closed and its item has run. */
static void
unparent_when_closed (GtkPopover *popover, gpointer data)
{
  g_idle_add (unparent_popover, g_object_ref (popover));
}

/* The article menu (right click or long press on a row, the Menu key in
 * the list): what the desk does to one article without opening it first. */
static GMenuModel *
article_menu_model (VigilArticle *article)
{
  GMenu *menu = g_menu_new ();
  GMenu *state = g_menu_new ();
  GMenu *link = g_menu_new ();

  g_menu_append (state, article->read ? _ ("Mark as _Unread") : _ ("Mark as _Read"),
                 "win.toggle-read");
  g_menu_append (state, article->starred ? _ ("Remove _Star") : _ ("_Star"), "win.toggle-star");
  g_menu_append (state, _ ("Mark _Older as Read"), "win.mark-older-read");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (state));
  g_menu_append (link, _ ("_Open Original"), "win.open-in-browser");
  g_menu_append (link, _ ("_Copy Link"), "win.copy-link");
  if (article->cluster_size > 1)
    g_menu_append (link, _ ("Other _Reports of This Story"), "row.show-story");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (link));
  g_object_unref (state);
  g_object_unref (link);
  return G_MENU_MODEL (menu);
}

/* Shows the article menu of the row at position, selecting it (the menu acts
 * on the selected article, and the desk sees which it is); x, y in the row, or
 * -1 to point at the row itself. */
static void
show_article_menu (VigilWindow *self, GtkWidget *row, guint position, double x, double y)
{
  VigilArticle *article;
  g_autoptr (GMenuModel) model = NULL;
  GtkWidget *popover;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  article = gtk_single_selection_get_selected_item (self->selection);
  if (article == NULL)
    return;
  model = article_menu_model (article);
  popover = gtk_popover_menu_new_from_model (model);
  gtk_widget_set_parent (popover, row);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), x >= 0);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  /* Unparented when it closes, after its action has run. */
  g_signal_connect (popover, "closed", G_CALLBACK (unparent_when_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_row_pressed (GtkGestureClick *gesture, int n_press, double x, double y, GtkListItem *item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  VigilWindow *self = VIGIL_WINDOW (gtk_widget_get_root (row));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_article_menu (self, row, gtk_list_item_get_position (item), x, y);
}

static void
on_row_long_pressed (GtkGestureLongPress *gesture, double x, double y, GtkListItem *item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  show_article_menu (VIGIL_WINDOW (gtk_widget_get_root (row)), row,
                     gtk_list_item_get_position (item), x, y);
}

static void
factory_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  VigilWindow *self = data;
  GtkWidget *row = vigil_article_row_new (self->store);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_pressed), item);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_row_long_pressed), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (long_press));
  /* The Menu key in the list opens the selected row's menu. */
  g_object_set_data (G_OBJECT (row), "vigil-list-item", item);
  gtk_list_item_set_child (item, row);
}

static void
factory_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  VigilArticle *article = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  vigil_article_row_set_article (VIGIL_ARTICLE_ROW (row), article);
  g_signal_connect_object (article, "notify::read", G_CALLBACK (on_row_read_changed), row, 0);
  g_signal_connect_object (article, "notify::starred", G_CALLBACK (on_row_read_changed), row, 0);
}

static void
factory_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  VigilArticle *article = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  g_signal_handlers_disconnect_by_func (article, on_row_read_changed, row);
}

/* The window's subtitle names the view: a smart view's or source's title. */
static void
set_view_subtitle (VigilWindow *self, GtkListBoxRow *row, gint64 id)
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

static void show_overview_if_today (VigilWindow *self);

static void
on_source_selected (GtkListBox *box, GtkListBoxRow *row, VigilWindow *self)
{
  gint64 id;
  const char *rule;

  if (row == NULL || self->reloading_sources)
    return;
  id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "source-id"));
  rule = g_object_get_data (G_OBJECT (row), "rule");
  if (id == self->current_source && g_strcmp0 (rule, self->current_rule) == 0)
    return;
  self->current_source = id;
  g_free (self->current_rule);
  self->current_rule = g_strdup (rule);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "selected-view", id);
  set_view_subtitle (self, row, id);
  reload_articles (self);
  show_overview_if_today (self);
  /* One pane at a time: the view's articles (Today: its overview first). */
  show_page (self, id == VIGIL_VIEW_TODAY ? PAGE_ARTICLE : PAGE_LIST);
}

/* ---- adaptive layout ----
 *
 * Wide: sources, articles and the article side by side in two GtkPaned (the
 * desk drags their widths, which are kept). Narrower than the three need: one
 * pane at a time, like a phone — sources, then the list, then the article,
 * with a back button (Alt+Left). The panes may shrink, so the window itself
 * can be made that narrow; the mode follows the allocated width. */

#define ARTICLE_MIN_WIDTH 360

static void
apply_layout (VigilWindow *self)
{
  gboolean n = self->narrow;

  if (!n && self->settings != NULL)
    {
      /* Back to three panes: the widths the desk set (panes hidden in the
       * narrow layout may have moved the dividers). */
      gtk_paned_set_position (self->outer_paned,
                              g_settings_get_int (self->settings, "sidebar-width"));
      gtk_paned_set_position (self->inner_paned, g_settings_get_int (self->settings, "list-width"));
    }

  gtk_widget_set_visible (self->sidebar_pane, !n || self->narrow_page == PAGE_SOURCES);
  gtk_widget_set_visible (self->list_pane, !n || self->narrow_page == PAGE_LIST);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), !n || self->narrow_page == PAGE_ARTICLE);
  gtk_widget_set_visible (self->back_button, n && self->narrow_page != PAGE_SOURCES);
  /* Room for the title at phone width: these two are in the main menu too. */
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), !n);
  gtk_widget_set_visible (self->add_button, !n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 n && self->narrow_page != PAGE_SOURCES);
}

static void
show_page (VigilWindow *self, int page)
{
  self->narrow_page = page;
  if (self->narrow)
    apply_layout (self);
}

static gboolean
layout_idle (gpointer data)
{
  VigilWindow *self = data;

  self->layout_idle = 0;
  apply_layout (self);
  return G_SOURCE_REMOVE;
}

static void
vigil_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gboolean narrow;

  GTK_WIDGET_CLASS (vigil_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* What the three panes need at their kept widths. */
  narrow = width < (self->settings ? g_settings_get_int (self->settings, "sidebar-width")
                                         + g_settings_get_int (self->settings, "list-width")
                                   : gtk_paned_get_position (self->outer_paned)
                                         + gtk_paned_get_position (self->inner_paned))
                       + ARTICLE_MIN_WIDTH;
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      /* Not during an allocation: the next frame gets the new panes. */
      if (self->layout_idle == 0)
        self->layout_idle = g_idle_add (layout_idle, self);
    }
}

static void
show_article_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (!vigil_window_show_article (self, g_variant_get_int64 (param)))
    vigil_window_toast (self, _ ("That article is no longer stored."));
}

static void
separated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vigil_monitor_separate_from_story_finish (VIGIL_MONITOR (object), result, &error))
    {
      /* TRANSLATORS: %s says why (a database error) */
      g_autofree char *text
          = g_strdup_printf (_ ("Could not separate the report: %s"), error->message);
      vigil_window_toast (self, text);
      return;
    }
  vigil_window_toast (self, _ ("Report separated: it is a story of its own"));
  update_alert_bar (self, vigil_article_view_get_article (self->article_view));
  vigil_window_reload (self);
}

/* "Not the Same Story" in a story's popover: the row's report is about
 * another event. */
static void
separate_story_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->monitor == NULL)
    return;
  vigil_monitor_separate_from_story_async (self->monitor, g_variant_get_int64 (param), NULL,
                                           separated, g_object_ref (self));
}

static void
back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->narrow && self->narrow_page > PAGE_SOURCES)
    show_page (self, self->narrow_page - 1);
}

/* Pane widths are kept only as the desk sets them in the wide layout. */
static GVariant *
pane_width_to_settings (const GValue *value, const GVariantType *type, gpointer data)
{
  VigilWindow *self = data;
  int position = g_value_get_int (value);

  if (self->narrow || position < 120 || position > 800)
    return NULL; /* not written */
  return g_variant_new_int32 (position);
}

static gboolean
pane_width_from_settings (GValue *value, GVariant *variant, gpointer data)
{
  g_value_set_int (value, g_variant_get_int32 (variant));
  return TRUE;
}

gboolean
vigil_window_is_narrow (VigilWindow *self)
{
  return self->narrow;
}

/* The Today view opens on the overview; an article chosen replaces it. */
static void
show_overview_if_today (VigilWindow *self)
{
  if (self->current_source == VIGIL_VIEW_TODAY)
    {
      self->selecting = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->selecting = FALSE;
      gtk_stack_set_visible_child_name (self->detail_stack, "overview");
      vigil_overview_refresh (self->overview);
    }
  else
    gtk_stack_set_visible_child_name (self->detail_stack, "article");
}

static void
select_country (VigilWindow *self, const char *code)
{
  GtkStringList *names = GTK_STRING_LIST (gtk_drop_down_get_model (self->country_filter));
  guint index = 0;

  if (self->country_codes == NULL)
    self->country_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->country_codes->len && index == 0; i++)
    if (g_str_equal (g_ptr_array_index (self->country_codes, i), code))
      index = i + 1;
  if (index == 0)
    {
      self->filling_filters = TRUE;
      g_ptr_array_add (self->country_codes, g_strdup (code));
      gtk_string_list_append (names, vigil_country_name (code));
      index = self->country_codes->len;
      self->filling_filters = FALSE;
    }
  gtk_drop_down_set_selected (self->country_filter, index);
}

/* A row of the overview: the list narrowed to it. */
static void
on_overview_filter (VigilOverview *overview, const char *kind, const char *value, VigilWindow *self)
{
  if (g_str_equal (kind, "entity"))
    {
      on_entity_activated (self->article_view, value, self);
      return;
    }
  gtk_toggle_button_set_active (self->filter_button, TRUE);
  if (g_str_equal (kind, "category"))
    {
      for (guint i = 0; vigil_risk_category_nth (i); i++)
        if (g_str_equal (vigil_risk_category_nth (i), value))
          gtk_drop_down_set_selected (self->category_filter, i + 1);
    }
  else if (g_str_equal (kind, "country"))
    select_country (self, value);
}

/* ---- monitor signals ---- */

static void
on_progress (VigilMonitor *monitor, guint done, guint total, VigilWindow *self)
{
  gboolean busy = done < total;

  /* The bar alone says it: an animation would repaint the window 60 times a
   * second for as long as a refresh lasts. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), !busy);
  /* A refresh starts the accounts' syncs too: their rows say "Syncing…". */
  if (done == 0 && vigil_monitor_get_sync (monitor) != NULL)
    queue_reload (self);
  if (total > 0)
    {
      g_autofree char *text = g_strdup_printf (_ ("Refreshing: %u of %u sources"), done, total);
      gtk_progress_bar_set_fraction (self->progress, (double) done / total);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
    }
}

/* The sources in error now; with newly, how many of them were not in error
 * when the desk was last told (the set is updated). */
static guint
count_failing (VigilWindow *self, GPtrArray *sources, gboolean newly)
{
  g_autoptr (GHashTable) now = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint failed = 0;

  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->status != VIGIL_SOURCE_STATUS_ERROR)
        continue;
      g_hash_table_add (now, g_memdup2 (&s->id, sizeof s->id));
      if (!newly || self->failing == NULL || !g_hash_table_contains (self->failing, &s->id))
        failed++;
    }
  g_clear_pointer (&self->failing, g_hash_table_unref);
  self->failing = g_steal_pointer (&now);
  return failed;
}

/* A refresh is over: the sources that newly failed are said once (those
 * already failing keep their warning icon in the sidebar, without a toast at
 * every refresh). */
static void
on_refresh_finished (VigilMonitor *monitor, VigilWindow *self)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);
  guint failed;

  on_progress (monitor, 1, 1, self);
  fetch_favicons (self, sources);
  failed = count_failing (self, sources, TRUE);
  if (failed > 0)
    {
      g_autofree char *msg = g_strdup_printf (
          ngettext ("%u source could not be refreshed; see the warning icon in the sidebar",
                    "%u sources could not be refreshed; see the warning icons in the sidebar",
                    failed),
          failed);
      AdwToast *toast = plain_toast (msg);
      adw_toast_set_timeout (toast, 6);
      adw_toast_set_button_label (toast, _ ("_Details"));
      adw_toast_set_action_name (toast, "win.show-errors");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      self->refresh_failures_said++;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "overview") == 0)
    vigil_overview_refresh (self->overview);
  queue_reload (self);
}

/* The toast's "Details": every source in error and why, in a dialog. */
static void
show_errors_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);
  GString *body = g_string_new (NULL);
  GtkWidget *dialog;
  guint failed = 0;

  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->status != VIGIL_SOURCE_STATUS_ERROR)
        continue;
      failed++;
      g_string_append_printf (body, "%s%s\n%s\n", body->len ? "\n" : "",
                              s->title && *s->title ? s->title : s->url,
                              s->error ? s->error : _ ("Unknown error"));
    }
  if (failed == 0)
    g_string_append (body, _ ("Every source was refreshed."));
  dialog = adw_message_dialog_new (
      GTK_WINDOW (self),
      ngettext ("Source Not Refreshed", "Sources Not Refreshed", MAX (failed, 1)), NULL);
  /* Plain text: error messages and feed titles are not markup. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  g_string_free (body, TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_webhook_failed (VigilMonitor *monitor, const char *rule, const char *reason, VigilWindow *self)
{
  /* TRANSLATORS: a rule's alert could not be posted to its desk channel */
  g_autofree char *msg
      = g_strdup_printf (_ ("“%s” could not post to its webhook: %s"), rule, reason);
  AdwToast *toast = plain_toast (msg);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- keyboard actions ---- */

static GtkSelectionModel *
current_model (VigilWindow *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

static void
move_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (current_model (self)));
  guint pos = gtk_single_selection_get_selected (self->selection);
  gboolean next = g_str_equal (name, "win.next-article");

  if (n == 0)
    return;
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (next && pos + 1 < n)
    pos++;
  else if (!next && pos > 0)
    pos--;
  gtk_single_selection_set_selected (self->selection, pos);
  gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u", pos);
}

#define NEXT_UNREAD_SCAN 5000

static gboolean
select_unread_from (VigilWindow *self, GListModel *model, guint from, guint to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (model, i);
      if (a != NULL && !a->read)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u",
                                      i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Next unread (n): the next unread article of the list, then from its top;
 * when the view has none left, the Unread view of every source. */
static void
next_unread_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GListModel *model = G_LIST_MODEL (current_model (self));
  guint n = MIN (g_list_model_get_n_items (model), NEXT_UNREAD_SCAN);
  guint pos = gtk_single_selection_get_selected (self->selection);
  guint start = pos == GTK_INVALID_LIST_POSITION ? 0 : pos + 1;

  if (select_unread_from (self, model, MIN (start, n), n)
      || select_unread_from (self, model, 0, MIN (start, n)))
    return;
  if (!self->searching && self->current_source != VIGIL_VIEW_UNREAD
      && vigil_store_count_articles (self->store, VIGIL_VIEW_UNREAD) > 0
      && vigil_window_show_view (self, VIGIL_VIEW_UNREAD))
    {
      model = G_LIST_MODEL (current_model (self));
      select_unread_from (self, model, 0, MIN (g_list_model_get_n_items (model), NEXT_UNREAD_SCAN));
      return;
    }
  vigil_window_toast (self, _ ("No unread articles left"));
}

static void
toggle_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);

  if (a == NULL)
    return;
  vigil_article_set_read (a, !a->read);
  vigil_store_set_read_async (self->store, a->id, a->read, NULL, marked_read, g_object_ref (self));
}

static void
toggle_star_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr (GError) error = NULL;

  if (a == NULL)
    return;
  if (!vigil_store_set_starred (self->store, a->id, !a->starred, &error))
    {
      vigil_window_toast (self, error->message);
      return;
    }
  vigil_article_set_starred (a, !a->starred);
  vigil_window_toast (self, a->starred ? _ ("Starred") : _ ("Star removed"));
  if (self->current_source == VIGIL_VIEW_STARRED)
    queue_reload (self);
}

/* Text size of the article view (Ctrl + / - / 0). */
static void
zoom_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  WebKitWebView *view = vigil_article_view_get_web_view (self->article_view);
  double level = webkit_web_view_get_zoom_level (view);

  if (g_str_equal (name, "win.zoom-in"))
    level = MIN (level * 1.1, 3.0);
  else if (g_str_equal (name, "win.zoom-out"))
    level = MAX (level / 1.1, 0.5);
  else
    level = 1.0;
  webkit_web_view_set_zoom_level (view, level);
}

static void
toast_action (GtkWidget *widget, const char *name, GVariant *param)
{
  vigil_window_toast (VIGIL_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
opened_in_browser (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (res, &error))
    {
      /* TRANSLATORS: %s says why (no web browser, for example) */
      g_autofree char *text
          = g_strdup_printf (_ ("Could not open the original article: %s"), error->message);
      vigil_window_toast (self, text);
    }
}

static void
open_in_browser_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *safe = a ? vigil_html_safe_url (a->link, NULL, FALSE) : NULL;

  if (safe != NULL)
    g_app_info_launch_default_for_uri_async (safe, NULL, NULL, opened_in_browser,
                                             g_object_ref (self));
  else if (a != NULL)
    vigil_window_toast (self, _ ("This article has no web address to open."));
}

static void
copy_link_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *safe = a ? vigil_html_safe_url (a->link, NULL, FALSE) : NULL;

  if (safe == NULL)
    {
      if (a != NULL)
        vigil_window_toast (self, _ ("This article has no web address to copy."));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), safe);
  vigil_window_toast (self, _ ("Link copied"));
}

static void
on_list_activate (VigilWindow *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-in-browser", NULL);
}

static void
search_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- search ---- */

static void
on_search_changed (GtkSearchEntry *entry, VigilWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;

  self->searching = *text != '\0';
  if (!self->searching)
    {
      /* Back to the sources' view. */
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->articles));
      show_list_or_empty (self);
      return;
    }
  hits = vigil_store_search (self->store, text, 200, &error);
  g_list_store_remove_all (self->search_results);
  for (guint i = 0; hits && i < hits->len; i++)
    {
      VigilSearchHit *hit = g_ptr_array_index (hits, i);
      g_object_set_data_full (G_OBJECT (hit->article), VIGIL_ARTICLE_ROW_SNIPPET,
                              g_steal_pointer (&hit->snippet), g_free);
      g_list_store_append (self->search_results, hit->article);
    }
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_results));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_stack_set_visible_child_name (
      self->list_stack,
      g_list_model_get_n_items (G_LIST_MODEL (self->search_results)) > 0 ? "list" : "no-results");
}

static void
on_search_mode (GtkSearchBar *bar, GParamSpec *pspec, VigilWindow *self)
{
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_clear_pointer (&self->failing, g_hash_table_unref);
  g_clear_pointer (&self->sync_failing, g_hash_table_unref);
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  g_clear_handle_id (&self->layout_idle, g_source_remove);
  g_clear_handle_id (&self->favicon_idle, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->source_menu, gtk_widget_unparent);
  if (self->monitor)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sources_signature, g_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->articles);
  g_clear_object (&self->search_results);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  g_clear_pointer (&self->current_rule, g_free);
  g_clear_pointer (&self->alert_bar_articles, g_array_unref);
  clear_filter (&self->filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WINDOW);
  G_OBJECT_CLASS (vigil_window_parent_class)->dispose (object);
}

/* ---- a source's context menu: refresh, mark all read, delete ---- */

static void
source_refreshed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (vigil_monitor_refresh_source_finish (VIGIL_MONITOR (object), result, &error) < 0
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->store != NULL)
    vigil_window_toast (self, error->message);
  if (self->store != NULL)
    vigil_window_reload (self);
}

static void
source_refresh_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr (VigilSource) source
      = vigil_store_get_source (self->store, g_variant_get_int64 (param), NULL);

  if (source != NULL && source->account_id != VIGIL_ACCOUNT_LOCAL)
    /* Its server reads it: Refresh syncs its account. */
    gtk_widget_activate_action (widget, "win.account-sync", "x", source->account_id);
  else if (source != NULL)
    vigil_monitor_refresh_source_async (self->monitor, source, NULL, source_refreshed,
                                        g_object_ref (self));
}

/* Retry (or Sync Now) on an account's header row. */
static void
account_sync_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);
  VigilSync *sync = vigil_monitor_get_sync (self->monitor);

  if (sync == NULL || !vigil_sync_has_password (sync, id))
    {
      vigil_window_toast (self, _ ("This account has no password in the desktop keyring: remove it "
                                   "and add it again in Preferences"));
      return;
    }
  vigil_monitor_sync_account (self->monitor, id);
  queue_reload (self); /* "Syncing…" */
}

/* A failing sync is said once, not at every retry of the schedule; the
 * account's row keeps saying it. */
static void
on_account_synced (VigilMonitor *monitor, gint64 account_id, const char *error, VigilWindow *self)
{
  if (error == NULL)
    g_hash_table_remove (self->sync_failing, &account_id);
  else if (!g_hash_table_contains (self->sync_failing, &account_id))
    {
      g_autoptr (VigilAccount) account = vigil_store_get_account (self->store, account_id, NULL);
      /* TRANSLATORS: a sync account's name, then why its sync failed */
      g_autofree char *text
          = g_strdup_printf (_ ("Could not sync “%s”: %s"), account ? account->name : "?", error);
      g_hash_table_add (self->sync_failing, g_memdup2 (&account_id, sizeof account_id));
      self->sync_failures_said++;
      vigil_window_toast (self, text);
    }
  queue_reload (self);
}

/* Mark All as Read: what the list shows (a view with its filters, a rule's
 * view, the search results), written off the main thread, with Undo. */
typedef struct
{
  gint64 view;
  VigilArticleFilter filter;
  char *category, *country, *rule; /* the filter's strings, owned */
  GArray *ids;                     /* the search results; NULL: the view */
  GArray *changed;                 /* what it marked: for Undo */
} MarkViewRead;

static void
mark_view_read_free (MarkViewRead *m)
{
  g_free (m->category);
  g_free (m->country);
  g_free (m->rule);
  g_clear_pointer (&m->ids, g_array_unref);
  g_clear_pointer (&m->changed, g_array_unref);
  g_free (m);
}

static void
mark_view_read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MarkViewRead *m = task_data;
  GError *error = NULL;
  GArray *changed = vigil_store_mark_view_read (VIGIL_STORE (source), m->view, &m->filter,
                                                m->ids ? (const gint64 *) m->ids->data : NULL,
                                                m->ids ? m->ids->len : 0, &error);

  if (changed != NULL)
    g_task_return_pointer (task, changed, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

static void
marked_unread (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilWindow *self = g_weak_ref_get (user_data);
  g_autoptr (GError) error = NULL;

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self == NULL)
    return;
  if (!vigil_store_mark_unread_finish (VIGIL_STORE (object), result, &error))
    vigil_window_toast (self, error->message);
  vigil_window_reload (self);
  g_object_unref (self);
}

static void
array_unref_notify (gpointer data, GClosure *closure)
{
  g_array_unref (data);
}

static void
on_mark_read_undo (GtkButton *button, GArray *changed)
{
  VigilWindow *self
      = VIGIL_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (button), VIGIL_TYPE_WINDOW));
  GWeakRef *ref;

  if (self == NULL || self->store == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (button), FALSE);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  vigil_store_mark_unread_async (self->store, (const gint64 *) changed->data, changed->len, NULL,
                                 marked_unread, ref);
}

static void
marked_view_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) changed = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;
  GtkWidget *box, *button;
  AdwToast *toast;

  if (changed == NULL)
    {
      vigil_window_toast (self, error->message);
      return;
    }
  vigil_window_reload (self);
  if (changed->len == 0)
    {
      vigil_window_toast (self, _ ("Nothing here was unread."));
      return;
    }
  text = g_strdup_printf (
      ngettext ("%u article marked as read", "%u articles marked as read", changed->len),
      changed->len);
  /* Undo in the toast's title, as for a dismissed story (libadwaita 1.2). */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  button = gtk_button_new_with_mnemonic (_ ("_Undo"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), gtk_label_new (text));
  gtk_box_append (GTK_BOX (box), button);
  vigil_a11y_label_tree (box);
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_mark_read_undo), g_array_ref (changed),
                         array_unref_notify, 0);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Marks what is shown read (the view as filtered, or the search's results),
 * or, with until, only what is that old or older; Undo in the toast. */
static void
mark_shown_read (VigilWindow *self, gint64 until)
{
  MarkViewRead *m = g_new0 (MarkViewRead, 1);
  g_autoptr (GTask) task = NULL;

  if (self->store == NULL)
    {
      mark_view_read_free (m);
      return;
    }
  if (self->searching)
    {
      GListModel *results = G_LIST_MODEL (self->search_results);
      m->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr (VigilArticle) a = g_list_model_get_item (results, i);
          if (until <= 0 || vigil_article_get_time (a) <= until)
            g_array_append_val (m->ids, a->id);
        }
    }
  m->view = self->current_source;
  m->filter = self->filter;
  m->filter.until = until;
  m->filter.category = m->category = g_strdup (self->filter.category);
  m->filter.country = m->country = g_strdup (self->filter.country);
  m->filter.rule = m->rule = g_strdup (self->current_rule);
  task = g_task_new (self->store, NULL, marked_view_read, g_object_ref (self));
  g_task_set_task_data (task, m, (GDestroyNotify) mark_view_read_free);
  g_task_run_in_thread (task, mark_view_read_thread);
}

static void
mark_view_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mark_shown_read (VIGIL_WINDOW (widget), 0);
}

/* The article menu's "Mark Older as Read": the selected article and every
 * older one shown. */
static void
mark_older_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);

  if (a != NULL)
    mark_shown_read (self, MAX (vigil_article_get_time (a), 1));
}

static void
source_mark_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!vigil_store_mark_source_read (self->store, g_variant_get_int64 (param), &error))
    vigil_window_toast (self, error->message);
  vigil_window_reload (self);
}

static void
source_gone (VigilWindow *self, gint64 id)
{
  if (self->current_source == id)
    {
      self->current_source = VIGIL_VIEW_ALL;
      adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
    }
  vigil_window_reload (self);
}

/* A synced source's changes are the server's to make first: on error
 * nothing changes here, and the desk is told why. */
typedef struct
{
  VigilWindow *self;
  VigilSyncEdit edit;
  gint64 source_id;
} SyncEditCall;

static void
sync_edited (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SyncEditCall *call = user_data;
  VigilWindow *self = call->self;
  g_autoptr (GError) error = NULL;

  if (vigil_sync_edit_finish (VIGIL_SYNC (object), result, &error) == 0)
    {
      g_autofree char *text = NULL;
      if (call->edit == VIGIL_SYNC_UNSUBSCRIBE)
        /* TRANSLATORS: %s says why the sync server refused or could not be reached */
        text = g_strdup_printf (_ ("Could not unsubscribe on the server: %s"), error->message);
      else
        /* TRANSLATORS: %s says why the sync server refused or could not be reached */
        text
            = g_strdup_printf (_ ("Could not change the source on the server: %s"), error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vigil_window_toast (self, text);
      vigil_window_reload (self);
    }
  else if (call->edit == VIGIL_SYNC_UNSUBSCRIBE)
    source_gone (self, call->source_id);
  else
    vigil_window_reload (self);
  g_object_unref (call->self);
  g_free (call);
}

static void
sync_edit (VigilWindow *self, VigilSyncEdit edit, gint64 source_id, const char *arg)
{
  SyncEditCall *call = g_new0 (SyncEditCall, 1);

  call->self = g_object_ref (self);
  call->edit = edit;
  call->source_id = source_id;
  vigil_sync_edit_async (vigil_monitor_get_sync (self->monitor), edit, source_id, arg, NULL,
                         self->cancellable, sync_edited, call);
}

static gboolean
is_synced (VigilWindow *self, VigilSource *source)
{
  return source != NULL && source->account_id != VIGIL_ACCOUNT_LOCAL
         && vigil_monitor_get_sync (self->monitor) != NULL;
}

static void
on_delete_source_response (AdwMessageDialog *dialog, const char *response, VigilWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "source-id"));
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) source = NULL;

  if (!g_str_equal (response, "delete"))
    return;
  source = vigil_store_get_source (self->store, id, NULL);
  if (is_synced (self, source))
    {
      sync_edit (self, VIGIL_SYNC_UNSUBSCRIBE, id, NULL);
      return;
    }
  if (!vigil_store_remove_source (self->store, id, &error))
    {
      vigil_window_toast (self, error->message);
      return;
    }
  source_gone (self, id);
}

static void
on_source_saved (VigilEditSourceDialog *dialog, gint64 id, VigilWindow *self)
{
  VigilArticle *shown = vigil_article_view_get_article (self->article_view);
  VigilSource *before = g_object_get_data (G_OBJECT (dialog), "before");

  if (is_synced (self, before))
    {
      /* Rename and move are the server's too (its folders are the desk's). */
      g_autoptr (VigilSource) after = vigil_store_get_source (self->store, id, NULL);
      gboolean renamed = after != NULL && g_strcmp0 (after->title, before->title) != 0;
      gboolean moved = after != NULL && g_strcmp0 (after->folder, before->folder) != 0;
      if (renamed || moved)
        {
          /* The dialog wrote them here: back to what the server has (the
           * engine moves from the folder it finds), until the server took
           * them; the interval and images stay as the desk set them. */
          g_autoptr (GError) error = NULL;
          if (!vigil_store_edit_source (self->store, id, before->title,
                                        before->folder ? before->folder : "",
                                        after->interval_minutes, after->load_images, &error))
            g_warning ("Could not keep the source as its server has it: %s", error->message);
        }
      if (renamed)
        sync_edit (self, VIGIL_SYNC_RENAME, id, after->title);
      if (moved)
        sync_edit (self, VIGIL_SYNC_MOVE, id, after->folder ? after->folder : "");
    }

  vigil_window_reload (self);
  if (self->current_source == id)
    set_view_subtitle (self, gtk_list_box_get_selected_row (self->sources_list), id);
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
  g_object_set_data_full (G_OBJECT (dialog), "before", g_object_ref (source), g_object_unref);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_source_saved), self, 0);
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
  dialog = adw_message_dialog_new (
      GTK_WINDOW (self), heading,
      source->account_id != VIGIL_ACCOUNT_LOCAL
          ? _ ("It is unsubscribed on the account's server too, for the whole desk; its articles "
               "are deleted from Vigil, alerts included.")
          : _ ("Its articles are deleted from Vigil, alerts included."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete",
                                    _ ("_Unsubscribe"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "source-id", GSIZE_TO_POINTER ((gsize) source->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_source_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_source_menu (VigilWindow *self, GtkListBoxRow *row, double x, double y)
{
  gint64 id = row ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "source-id")) : 0;
  g_autoptr (GMenu) menu = g_menu_new ();
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  if (id <= 0)
    return; /* the views (All, Alerts) have no menu */
#define ITEM(label, action)                                                                        \
  do                                                                                               \
    {                                                                                              \
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);                                  \
      g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));            \
      g_menu_append_item (menu, item);                                                             \
    }                                                                                              \
  while (0)
  ITEM (_ ("_Refresh"), "win.source-refresh");
  ITEM (_ ("_Mark All as Read"), "win.source-mark-read");
  ITEM (_ ("_Edit…"), "win.source-edit");
  ITEM (_ ("_Unsubscribe…"), "win.source-delete");
#undef ITEM
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->source_menu), G_MENU_MODEL (menu));
  if (x < 0)
    {
      /* From the keyboard: at the row. */
      graphene_rect_t bounds;
      if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->sources_list), &bounds))
        at = (GdkRectangle){ (int) bounds.origin.x + 24,
                             (int) (bounds.origin.y + bounds.size.height / 2), 1, 1 };
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->source_menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->source_menu));
}

static void
on_sources_pressed (GtkGestureClick *gesture, int n_press, double x, double y, VigilWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->sources_list, (int) y);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_source_menu (self, row, x, y);
}

static void
on_long_press (VigilWindow *self, double x, double y)
{
  show_source_menu (self, gtk_list_box_get_row_at_y (self->sources_list, (int) y), x, y);
}

static void
source_menu_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* In the article list: the selected article's menu, at its row. */
  if (focus != NULL
      && (focus == GTK_WIDGET (self->article_list)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->article_list))))
    {
      guint position = gtk_single_selection_get_selected (self->selection);
      for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->article_list)); w != NULL;
           w = gtk_widget_get_next_sibling (w))
        {
          GtkWidget *row = gtk_widget_get_first_child (w);
          GtkListItem *item = row && VIGIL_IS_ARTICLE_ROW (row)
                                  ? g_object_get_data (G_OBJECT (row), "vigil-list-item")
                                  : NULL;
          if (item != NULL && gtk_widget_get_visible (w)
              && gtk_list_item_get_position (item) == position)
            {
              show_article_menu (self, row, position, -1, -1);
              return;
            }
        }
    }
  show_source_menu (self, gtk_list_box_get_selected_row (self->sources_list), -1, -1);
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_window_dispose;
  widget_class->size_allocate = vigil_window_size_allocate;
  g_type_ensure (VIGIL_TYPE_ARTICLE_VIEW);
  g_type_ensure (VIGIL_TYPE_OVERVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, sources_list);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, article_list);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, alert_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, alert_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, new_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, empty_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, overview);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, level_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, time_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, category_filter);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, country_filter);

  /* Keyboard: the letters act only when no entry has the focus (the entry gets
   * the key first). */
  gtk_widget_class_install_action (widget_class, "win.next-article", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.previous-article", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, toggle_read_action);
  gtk_widget_class_install_action (widget_class, "win.open-in-browser", NULL,
                                   open_in_browser_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, toggle_star_action);
  gtk_widget_class_install_action (widget_class, "win.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "win.mark-older-read", NULL,
                                   mark_older_read_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.toggle-star", NULL);
  gtk_widget_class_install_action (widget_class, "win.source-refresh", "x", source_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.source-mark-read", "x",
                                   source_mark_read_action);
  gtk_widget_class_install_action (widget_class, "win.source-delete", "x", source_delete_action);
  gtk_widget_class_install_action (widget_class, "win.account-sync", "x", account_sync_action);
  gtk_widget_class_install_action (widget_class, "win.source-edit", "x", source_edit_action);
  gtk_widget_class_install_action (widget_class, "win.source-menu", NULL, source_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "win.source-menu",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.source-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "win.next-article", NULL);
  gtk_widget_class_install_action (widget_class, "win.next-unread", NULL, next_unread_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "win.next-unread", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "win.previous-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.previous-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "win.toggle-read", NULL);
  gtk_widget_class_install_action (widget_class, "win.mark-view-read", NULL, mark_view_read_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A, GDK_SHIFT_MASK,
                                       "win.mark-view-read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "win.open-in-browser", NULL);
  gtk_widget_class_install_action (widget_class, "win.full-article", NULL, full_article_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.full-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-errors", NULL, show_errors_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-new", NULL, show_new_action);
  gtk_widget_class_install_action (widget_class, "win.show-article", "x", show_article_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.separate-story", "x", separate_story_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-filters", NULL);
}

static void
vigil_window_init (VigilWindow *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
#if DEVELOPMENT_PROFILE
  /* A development build says so: libadwaita stripes its header bars. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->dismiss_button, "clicked", G_CALLBACK (on_dismiss), self);
  g_signal_connect (self->article_view, "entity-activated", G_CALLBACK (on_entity_activated), self);
  g_signal_connect (self->article_view, "full-article-stored", G_CALLBACK (on_full_article_stored),
                    self);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind), NULL);
  gtk_list_view_set_factory (self->article_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->article_list, GTK_SELECTION_MODEL (self->selection));
  /* Enter (or a double click) on a row: the original in the browser, like o. */
  g_signal_connect_swapped (self->article_list, "activate", G_CALLBACK (on_list_activate), self);

  gtk_list_box_set_header_func (self->sources_list, header_func, NULL, NULL);
  self->search_results = g_list_store_new (VIGIL_TYPE_ARTICLE);
  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode),
                    self);
  g_signal_connect (self->sources_list, "row-selected", G_CALLBACK (on_source_selected), self);
  {
    /* Right click (or long press) on a source: its menu. */
    GtkGesture *click = gtk_gesture_click_new ();
    GtkGesture *press = gtk_gesture_long_press_new ();
    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_sources_pressed), self);
    g_signal_connect_swapped (press, "pressed", G_CALLBACK (on_long_press), self);
    gtk_widget_add_controller (GTK_WIDGET (self->sources_list), GTK_EVENT_CONTROLLER (click));
    gtk_widget_add_controller (GTK_WIDGET (self->sources_list), GTK_EVENT_CONTROLLER (press));
    self->source_menu = gtk_popover_menu_new_from_model (NULL);
    gtk_popover_set_has_arrow (GTK_POPOVER (self->source_menu), FALSE);
    gtk_popover_set_position (GTK_POPOVER (self->source_menu), GTK_POS_BOTTOM);
    gtk_widget_set_halign (self->source_menu, GTK_ALIGN_START);
    gtk_widget_set_parent (self->source_menu, GTK_WIDGET (self->sources_list));
  }
  setup_filters (self);
  self->narrow_page = PAGE_LIST;
  self->list_kept_from = LIST_KEPT_FROM;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", FALSE);
  adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
}

VigilWindow *
vigil_window_new (VigilApplication *app)
{
  VigilWindow *self = g_object_new (VIGIL_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = vigil_application_get_settings (app);

  self->monitor = g_object_ref (vigil_application_get_monitor (app));
  self->sync_failing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->store = g_object_ref (vigil_monitor_get_store (self->monitor));
  {
    /* Sources already failing when the window opens were said before. */
    g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);
    count_failing (self, sources, FALSE);
  }
  vigil_article_view_set_gazetteer (self->article_view,
                                    vigil_monitor_get_gazetteer (self->monitor));
  vigil_article_view_set_monitor (self->article_view, self->monitor);
  vigil_overview_set_store (self->overview, self->store);
  g_signal_connect (self->overview, "filter-requested", G_CALLBACK (on_overview_filter), self);
  self->articles = vigil_article_list_new (self->store, 0);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->articles));

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  /* Where the desk left off: pane widths and the view. */
  g_settings_bind_with_mapping (settings, "sidebar-width", self->outer_paned, "position",
                                G_SETTINGS_BIND_DEFAULT, pane_width_from_settings,
                                pane_width_to_settings, self, NULL);
  g_settings_bind_with_mapping (settings, "list-width", self->inner_paned, "position",
                                G_SETTINGS_BIND_DEFAULT, pane_width_from_settings,
                                pane_width_to_settings, self, NULL);
  self->settings = g_object_ref (settings);
  vigil_article_view_set_strong_highlights (self->article_view,
                                            g_settings_get_boolean (settings, "strong-highlights"));
  g_signal_connect_object (settings, "changed::strong-highlights",
                           G_CALLBACK (on_strong_highlights_changed), self, 0);
  {
    gint64 view = g_settings_get_int64 (settings, "selected-view");
    g_autoptr (VigilSource) source
        = view > 0 ? vigil_store_get_source (self->store, view, NULL) : NULL;
    if (view >= VIGIL_VIEW_TODAY && (view <= 0 || source != NULL))
      self->current_source = view;
  }

  g_signal_connect_object (self->monitor, "refresh-progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (self->monitor, "webhook-failed", G_CALLBACK (on_webhook_failed), self,
                           0);
  g_signal_connect_object (self->monitor, "refresh-finished", G_CALLBACK (on_refresh_finished),
                           self, 0);
  g_signal_connect_object (self->monitor, "articles-added", G_CALLBACK (on_articles_added), self,
                           0);
  g_signal_connect_object (self->monitor, "articles-added", G_CALLBACK (queue_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "source-updated", G_CALLBACK (queue_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "rules-changed", G_CALLBACK (on_rules_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "account-synced", G_CALLBACK (on_account_synced), self,
                           0);

  vigil_window_reload (self);
  if (gtk_list_box_get_selected_row (self->sources_list) != NULL)
    set_view_subtitle (self, gtk_list_box_get_selected_row (self->sources_list),
                       self->current_source);
  show_overview_if_today (self);
  return self;
}

/* A rule switched off or deleted takes its view with it. */
static void
on_rules_changed (VigilWindow *self)
{
  if (self->current_rule != NULL)
    {
      g_autoptr (GPtrArray) names = rule_names (self);
      gboolean found = FALSE;
      for (guint i = 0; i < names->len; i++)
        found = found || g_str_equal (g_ptr_array_index (names, i), self->current_rule);
      if (!found)
        {
          g_clear_pointer (&self->current_rule, g_free);
          adw_window_title_set_subtitle (self->window_title, _ ("Alerts"));
        }
    }
  vigil_window_reload (self);
}

static void
on_strong_highlights_changed (GSettings *settings, const char *key, VigilWindow *self)
{
  vigil_article_view_set_strong_highlights (self->article_view,
                                            g_settings_get_boolean (settings, key));
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
      else if (row_rule == NULL
               && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "source-id"))
                      == VIGIL_VIEW_ALERTS)
        alerts = row;
    }
  if (found == NULL && alerts == NULL)
    return FALSE;
  if (self->searching)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (!vigil_article_filter_is_empty (&self->filter))
    gtk_toggle_button_set_active (self->filter_button, FALSE);
  gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (found ? found : alerts));
  show_page (self, PAGE_LIST);
  return found != NULL;
}

gboolean
vigil_window_show_view (VigilWindow *self, gint64 view)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_object_get_data (G_OBJECT (row), "rule") == NULL
        && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "source-id")) == view)
      {
        if (self->searching)
          gtk_search_bar_set_search_mode (self->search_bar, FALSE);
        gtk_list_box_select_row (self->sources_list, GTK_LIST_BOX_ROW (row));
        show_page (self, PAGE_LIST);
        return TRUE;
      }
  return FALSE;
}

gboolean
vigil_window_show_article (VigilWindow *self, gint64 article_id)
{
  gint64 position;

  if (self->searching)
    {
      /* The list shows the search results: the article is selected there if
       * they hold it; if not, the search ends and the views are looked in. */
      GListModel *results = G_LIST_MODEL (self->search_results);
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr (VigilArticle) a = g_list_model_get_item (results, i);
          if (a->id == article_id)
            {
              gtk_single_selection_set_selected (self->selection, i);
              gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item",
                                          "u", i);
              return TRUE;
            }
        }
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
    }
  position = vigil_article_list_find (self->articles, article_id);

  if (position < 0 || (guint) position >= g_list_model_get_n_items (G_LIST_MODEL (self->articles)))
    {
      /* Not in the current view (or newer than it, or filtered out): show all
       * sources, unfiltered, freshly read. */
      if (!vigil_article_filter_is_empty (&self->filter))
        gtk_toggle_button_set_active (self->filter_button, FALSE);
      self->current_source = 0;
      g_clear_pointer (&self->current_rule, g_free);
      adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
      vigil_window_reload (self);
      position = vigil_article_list_find (self->articles, article_id);
    }
  if (position < 0)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u",
                              (guint) position);
  return TRUE;
}

GListModel *
vigil_window_get_articles (VigilWindow *self)
{
  return G_LIST_MODEL (self->articles);
}

VigilArticleView *
vigil_window_get_article_view (VigilWindow *self)
{
  return self->article_view;
}

void
vigil_window_search (VigilWindow *self, const char *text)
{
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

GListModel *
vigil_window_get_visible_articles (VigilWindow *self)
{
  return gtk_single_selection_get_model (self->selection);
}

guint
vigil_window_get_refresh_failures_said (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->refresh_failures_said;
}

guint
vigil_window_get_sync_failures_said (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->sync_failures_said;
}
