/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sidebar-model.c — the sidebar's items (a GListModel) from the store's sources, rules and
 * accounts */
#include "config.h"

#include "vigil-sidebar-model.h"

#include <glib/gi18n.h>

#include "vigil-fetch-reason.h"

#include "vigil-article-row.h"
#include "vigil-favicon.h"

struct _VigilSidebarModel
{
  GObject parent_instance;

  GPtrArray *items;        /* VigilSidebarItem */
  char *signature;         /* the structure the items show (see signature ()) */
  GHashTable *collapsed;   /* folder keys (see folder_key ()) */
  GHashTable *folder_keys; /* folder item -> its key */
  VigilMonitor *monitor;
  GSettings *settings; /* with a "collapsed-folders" key, or NULL */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilSidebarModel, vigil_sidebar_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return VIGIL_TYPE_SIDEBAR_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIL_SIDEBAR_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  VigilSidebarModel *self = VIGIL_SIDEBAR_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- what the items say ---- */

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

char *
vigil_sidebar_source_status (VigilSource *s)
{
  g_autofree char *when = vigil_format_relative_time (s->last_fetch);
  g_autofree char *next = format_time_until (s->next_attempt);

  g_autofree char *reason = vigil_fetch_reason_describe (s->error);

  if (!s->enabled)
    return g_strdup_printf (_ ("Disabled: %s"), reason     ? reason
                                                : s->error ? s->error
                                                           : _ ("by you"));
  if (s->last_fetch == 0)
    return g_strdup (_ ("Not read yet"));
  if (s->status == VIGIL_SOURCE_STATUS_ERROR)
    /* The desk's words for the error (the technical text when none fit). */
    /* TRANSLATORS: why the source failed, when it happened, when Vigil tries again */
    return g_strdup_printf (_ ("Could not refresh: %s (%s; next attempt %s)"),
                            reason ? reason : s->error, when, next);
  if (s->error != NULL)
    /* Read, with a note on the feed itself (partly recovered). */
    /* TRANSLATORS: the note on the source's last feed, when it was last read, when it will
       be read again */
    return g_strdup_printf (_ ("Read with a warning: %s (checked %s; next check %s)"), s->error,
                            when, next);
  /* TRANSLATORS: when the source was last read, when it will be read again */
  return g_strdup_printf (_ ("Up to date (checked %s; next check %s)"), when, next);
}

/* A sync account the engine has no password for (none in the keyring, or
 * the one it had refused): not synced until the desk signs in. */
static gboolean
account_needs_sign_in (VigilSidebarModel *self, VigilAccount *a)
{
  VigilSync *sync = self->monitor ? vigil_monitor_get_sync (self->monitor) : NULL;

  return sync != NULL && !vigil_sync_has_password (sync, a->id);
}

/* "Synced 5 minutes ago", "Sync failed: …", for an account's header. */
static char *
account_status_text (VigilSidebarModel *self, VigilAccount *a)
{
  g_autofree char *when = NULL;
  VigilSync *sync = self->monitor ? vigil_monitor_get_sync (self->monitor) : NULL;

  if (self->monitor != NULL && vigil_monitor_is_syncing (self->monitor, a->id))
    return g_strdup (_ ("Syncing…"));
  if (a->last_error != NULL)
    /* TRANSLATORS: %s says why the last sync of an account failed */
    return g_strdup_printf (_ ("Sync failed: %s"), a->last_error);
  if (sync == NULL || !vigil_sync_has_password (sync, a->id))
    return g_strdup (_ ("Not signed in: the desktop keyring has no password for it"));
  if (a->last_sync == 0)
    return g_strdup (_ ("Not synced yet"));
  when = vigil_format_relative_time (a->last_sync);
  /* TRANSLATORS: %s is when the account was last synced, as "5 minutes ago" */
  return g_strdup_printf (_ ("Synced %s"), when);
}

/* A source's state on its item: title, count, warning (made only for the
 * few in trouble). */
static void
update_source_item (VigilSidebarItem *item, VigilSource *s)
{
  /* (an error, or a note on a feed that was read: its warning shows either) */
  gboolean trouble = s->status == VIGIL_SOURCE_STATUS_ERROR || !s->enabled || s->error != NULL;
  g_autofree char *status = trouble ? vigil_sidebar_source_status (s) : NULL;

  vigil_sidebar_item_set_source (item, s);
  vigil_sidebar_item_set_title (item, s->title ? s->title : s->url);
  vigil_sidebar_item_set_unread (item, s->unread);
  vigil_sidebar_item_set_enabled (item, s->enabled);
  vigil_sidebar_item_set_error (item, status);
}

/* ---- folders ---- */

/* A folder is known by its group (the local sources, the rules, an account)
 * and its name. */
static char *
folder_key (const char *group, const char *name)
{
  return g_strdup_printf ("%s/%s", group, name);
}

static void
save_collapsed (VigilSidebarModel *self)
{
  g_autofree const char **keys = NULL;

  if (self->settings == NULL)
    return;
  keys = (const char **) g_hash_table_get_keys_as_array (self->collapsed, NULL);
  g_settings_set_strv (self->settings, "collapsed-folders", keys);
}

void
vigil_sidebar_model_set_settings (VigilSidebarModel *self, GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, "collapsed-folders"))
    return;
  g_set_object (&self->settings, settings);
  {
    g_auto (GStrv) keys = g_settings_get_strv (settings, "collapsed-folders");
    for (guint i = 0; keys[i] != NULL; i++)
      g_hash_table_add (self->collapsed, g_strdup (keys[i]));
  }
}

/* The items under folder (those that follow it up to the next heading). */
static void
show_folder_items (VigilSidebarModel *self, VigilSidebarItem *folder, gboolean visible)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      VigilSidebarItem *item = g_ptr_array_index (self->items, i);
      if (vigil_sidebar_item_get_folder (item) == folder)
        vigil_sidebar_item_set_visible (item, visible);
    }
}

void
vigil_sidebar_model_set_expanded (VigilSidebarModel *self, VigilSidebarItem *folder,
                                  gboolean expanded)
{
  const char *key = g_hash_table_lookup (self->folder_keys, folder);

  g_return_if_fail (vigil_sidebar_item_get_kind (folder) == VIGIL_SIDEBAR_FOLDER);
  vigil_sidebar_item_set_expanded (folder, expanded);
  show_folder_items (self, folder, expanded);
  if (key == NULL)
    return;
  if (expanded)
    g_hash_table_remove (self->collapsed, key);
  else
    g_hash_table_add (self->collapsed, g_strdup (key));
  save_collapsed (self);
}

/* A folder's count: the unread articles of its sources. */
static void
count_folders (VigilSidebarModel *self)
{
  VigilSidebarItem *folder = NULL;
  guint total = 0;

  for (guint i = 0; i <= self->items->len; i++)
    {
      VigilSidebarItem *item = i < self->items->len ? g_ptr_array_index (self->items, i) : NULL;
      if (item != NULL && vigil_sidebar_item_get_folder (item) == folder && folder != NULL)
        {
          if (vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_SOURCE)
            total += vigil_sidebar_item_get_unread (item);
          continue;
        }
      if (folder != NULL)
        vigil_sidebar_item_set_unread (folder, total);
      folder = item != NULL && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_FOLDER ? item
                                                                                          : NULL;
      total = 0;
    }
}

/* ---- the items ---- */

/* The sidebar's structure: which sources, in which order and folders. While
 * it stays the same, a refresh updates titles, counts and warnings in place
 * (rebuilding hundreds of rows every second would stall the window). */
static char *
signature (VigilSidebarModel *self, GPtrArray *sources, GPtrArray *rules, GPtrArray *accounts)
{
  GString *sig = g_string_new (NULL);

  /* An account's item says its state: made anew when it changes (after a sync). */
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      g_string_append_printf (
          sig, "A%" G_GINT64_FORMAT "\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%d\x1f%d\x1e", a->id,
          a->name, a->last_sync, a->last_error ? a->last_error : "",
          self->monitor && vigil_monitor_is_syncing (self->monitor, a->id),
          account_needs_sign_in (self, a));
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

static VigilSidebarItem *
append (GPtrArray *items, VigilSidebarKind kind, gint64 id, const char *title, const char *icon,
        const char *tooltip)
{
  VigilSidebarItem *item = vigil_sidebar_item_new (kind, id, title, icon);

  vigil_sidebar_item_set_tooltip (item, tooltip);
  g_ptr_array_add (items, item);
  return item;
}

/* Where the items go: a heading whenever the folder changes. */
typedef struct
{
  VigilSidebarModel *self;
  GPtrArray *items;
  const char *group; /* "local", "rules", an account's id */
  const char *name;  /* the current folder's name, or NULL */
  VigilSidebarItem *folder;
} Folding;

static void
enter_folder (Folding *f, const char *name)
{
  g_autofree char *key = NULL;

  if (g_strcmp0 (name, f->name) == 0)
    return;
  f->name = name;
  f->folder = NULL;
  if (name == NULL)
    return;
  f->folder = append (f->items, VIGIL_SIDEBAR_FOLDER, 0, name, NULL, NULL);
  key = folder_key (f->group, name);
  vigil_sidebar_item_set_expanded (f->folder, !g_hash_table_contains (f->self->collapsed, key));
  g_hash_table_insert (f->self->folder_keys, f->folder, g_steal_pointer (&key));
}

static VigilSidebarItem *
append_in_folder (Folding *f, VigilSidebarKind kind, gint64 id, const char *title, const char *icon,
                  const char *tooltip)
{
  VigilSidebarItem *item = append (f->items, kind, id, title, icon, tooltip);

  vigil_sidebar_item_set_folder (item, f->folder);
  if (f->folder != NULL)
    vigil_sidebar_item_set_visible (item, vigil_sidebar_item_get_expanded (f->folder));
  return item;
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

static void
append_source (Folding *f, VigilSource *s, const char *folder)
{
  VigilSidebarItem *item;

  enter_folder (f, folder);
  item = append_in_folder (f, VIGIL_SIDEBAR_SOURCE, s->id, NULL, NULL, NULL);
  update_source_item (item, s);
}

static GPtrArray *
build (VigilSidebarModel *self, GPtrArray *sources, GPtrArray *rules, gint64 unseen,
       GHashTable *by_rule, GPtrArray *accounts, guint total_unread)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  Folding f = { self, items, "rules", NULL, NULL };
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

  g_hash_table_remove_all (self->folder_keys);
  vigil_sidebar_item_set_unread (append (items, VIGIL_SIDEBAR_VIEW, VIGIL_VIEW_ALL,
                                         _ ("All Articles"), "view-list-symbolic",
                                         _ ("All Articles")),
                                 total_unread);
  /* Alerts: the articles that raised one, with the stories nobody has opened yet. */
  vigil_sidebar_item_set_unread (
      append (items, VIGIL_SIDEBAR_VIEW, VIGIL_VIEW_ALERTS, _ ("Alerts"), "dialog-warning-symbolic",
              _ ("Articles that matched an alert rule; the count is the stories not opened yet")),
      (guint) unseen);
  for (guint i = 0; i < G_N_ELEMENTS (smart); i++)
    vigil_sidebar_item_set_unread (append (items, VIGIL_SIDEBAR_VIEW, smart[i].view,
                                           _ (smart[i].title), smart[i].icon, _ (smart[i].tip)),
                                   smart[i].view == VIGIL_VIEW_UNREAD ? total_unread : 0);
  for (guint i = 0; i < rules->len; i++)
    {
      /* Each rule in force: a view of the articles it matched. */
      const char *name = g_ptr_array_index (rules, i);
      g_autofree char *tip = g_strdup_printf (_ ("Articles the rule “%s” matched"), name);
      VigilSidebarItem *item;

      enter_folder (&f, _ ("Alert Rules"));
      item = append_in_folder (&f, VIGIL_SIDEBAR_RULE, VIGIL_VIEW_ALERTS, name, "alarm-symbolic",
                               tip);
      vigil_sidebar_item_set_rule (item, name);
      vigil_sidebar_item_set_unread (
          item, by_rule ? GPOINTER_TO_UINT (g_hash_table_lookup (by_rule, name)) : 0);
    }
  f.group = "local";
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->account_id == VIGIL_ACCOUNT_LOCAL)
        append_source (&f, s, s->folder ? s->folder : _ ("Sources"));
    }
  /* Each sync account: its header, then its sources in the server's folders. */
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      g_autoptr (GPtrArray) mine = g_ptr_array_new ();
      g_autofree char *group = g_strdup_printf ("%" G_GINT64_FORMAT, a->id);
      g_autofree char *status = NULL;
      VigilSidebarItem *item;

      if (a->id == VIGIL_ACCOUNT_LOCAL)
        continue;
      status = account_status_text (self, a);
      item = append (items, VIGIL_SIDEBAR_ACCOUNT, a->id, a->name, "network-server-symbolic", NULL);
      vigil_sidebar_item_set_subtitle (item, status);
      vigil_sidebar_item_set_needs_sign_in (item, account_needs_sign_in (self, a));
      /* Not signed in is an error of its own, said as such. */
      vigil_sidebar_item_set_error (item, a->last_error ? a->last_error
                                          : vigil_sidebar_item_get_needs_sign_in (item) ? status
                                                                                        : NULL);
      vigil_sidebar_item_set_enabled (
          item, self->monitor == NULL || !vigil_monitor_is_syncing (self->monitor, a->id));
      f.group = group;
      f.name = NULL;
      f.folder = NULL;
      for (guint j = 0; j < sources->len; j++)
        if (((VigilSource *) g_ptr_array_index (sources, j))->account_id == a->id)
          g_ptr_array_add (mine, g_ptr_array_index (sources, j));
      g_ptr_array_sort (mine, compare_by_folder);
      for (guint j = 0; j < mine->len; j++)
        {
          VigilSource *s = g_ptr_array_index (mine, j);
          append_source (&f, s, s->folder);
        }
    }
  return items;
}

/* The same structure: counts, titles and warnings in place. */
static void
update_items (VigilSidebarModel *self, GPtrArray *sources, gint64 unseen, GHashTable *by_rule,
              guint total_unread)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_hash_table_insert (by_id, &s->id, s);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      VigilSidebarItem *item = g_ptr_array_index (self->items, i);
      gint64 id = vigil_sidebar_item_get_id (item);
      VigilSource *s;

      switch (vigil_sidebar_item_get_kind (item))
        {
        case VIGIL_SIDEBAR_RULE:
          vigil_sidebar_item_set_unread (item, by_rule ? GPOINTER_TO_UINT (g_hash_table_lookup (
                                                   by_rule, vigil_sidebar_item_get_rule (item)))
                                                       : 0);
          break;
        case VIGIL_SIDEBAR_VIEW:
          if (id == VIGIL_VIEW_ALL || id == VIGIL_VIEW_UNREAD)
            vigil_sidebar_item_set_unread (item, total_unread);
          else if (id == VIGIL_VIEW_ALERTS)
            vigil_sidebar_item_set_unread (item, (guint) unseen);
          break;
        case VIGIL_SIDEBAR_SOURCE:
          s = g_hash_table_lookup (by_id, &id);
          if (s != NULL) /* always, with the same signature */
            update_source_item (item, s);
          break;
        case VIGIL_SIDEBAR_FOLDER:
        case VIGIL_SIDEBAR_ACCOUNT:
          break;
        }
    }
}

gboolean
vigil_sidebar_model_update (VigilSidebarModel *self, GPtrArray *sources, GPtrArray *rules,
                            gint64 unseen, GHashTable *by_rule, GPtrArray *accounts)
{
  g_autofree char *sig = signature (self, sources, rules, accounts);
  guint total_unread = 0;
  guint removed;
  GPtrArray *items;

  for (guint i = 0; i < sources->len; i++)
    total_unread += ((VigilSource *) g_ptr_array_index (sources, i))->unread;
  if (g_strcmp0 (sig, self->signature) == 0)
    {
      update_items (self, sources, unseen, by_rule, total_unread);
      count_folders (self);
      return FALSE;
    }
  g_free (self->signature);
  self->signature = g_steal_pointer (&sig);
  items = build (self, sources, rules, unseen, by_rule, accounts, total_unread);
  removed = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = items;
  count_folders (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, items->len);
  return TRUE;
}

guint
vigil_sidebar_model_find (VigilSidebarModel *self, gint64 view, const char *rule)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      VigilSidebarItem *item = g_ptr_array_index (self->items, i);
      if (vigil_sidebar_item_is_view (item) && vigil_sidebar_item_get_id (item) == view
          && g_strcmp0 (vigil_sidebar_item_get_rule (item), rule) == 0)
        return i;
    }
  return G_MAXUINT;
}

void
vigil_sidebar_model_show_favicons (VigilSidebarModel *self, const char *origin)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      VigilSidebarItem *item = g_ptr_array_index (self->items, i);
      VigilSource *source = vigil_sidebar_item_get_source (item);
      g_autofree char *item_origin = NULL;
      g_autofree char *path = NULL;

      if (source == NULL || vigil_sidebar_item_get_favicon (item) != NULL)
        continue;
      item_origin = vigil_favicon_origin (source);
      if (item_origin == NULL || (origin != NULL && !g_str_equal (origin, item_origin)))
        continue;
      path = vigil_favicon_path (item_origin);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        vigil_sidebar_item_set_favicon (item, path);
    }
}

void
vigil_sidebar_model_set_monitor (VigilSidebarModel *self, VigilMonitor *monitor)
{
  g_set_object (&self->monitor, monitor);
}

VigilSidebarModel *
vigil_sidebar_model_new (void)
{
  return g_object_new (VIGIL_TYPE_SIDEBAR_MODEL, NULL);
}

static void
vigil_sidebar_model_finalize (GObject *object)
{
  VigilSidebarModel *self = VIGIL_SIDEBAR_MODEL (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->folder_keys);
  g_hash_table_unref (self->collapsed);
  g_free (self->signature);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (vigil_sidebar_model_parent_class)->finalize (object);
}

static void
vigil_sidebar_model_class_init (VigilSidebarModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_sidebar_model_finalize;
}

static void
vigil_sidebar_model_init (VigilSidebarModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->folder_keys = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->collapsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
