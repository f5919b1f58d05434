/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-alerts.c — the alert bar above the article: the alerts its
 * story raised (read off the main thread after a change), the rule words
 * marked in its page, Dismiss with Undo in a toast */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"
#include "vigil-article-view.h"

/* The words the alert rules matched in article_id (its story's alerts that
 * are its own), once each whatever their case, marked in its page. */
static void
mark_rule_words (VigilWindow *self, gint64 article_id, GPtrArray *history)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; history && i < history->len; i++)
    {
      VigilAlertRecord *record = g_ptr_array_index (history, i);
      /* This article's own matches: another report of its story may have
       * matched words this one does not say. */
      g_auto (GStrv) parts = record->matched && record->article_id == article_id
                                 ? g_strsplit (record->matched, ",", -1)
                                 : NULL;

      for (guint j = 0; parts && parts[j]; j++)
        {
          char *word = g_strstrip (parts[j]);
          if (*word != '\0' && g_utf8_validate (word, -1, NULL)
              && g_hash_table_add (seen, g_utf8_casefold (word, -1)))
            g_ptr_array_add (words, g_strdup (word));
        }
    }
  g_ptr_array_add (words, NULL);
  vigil_article_view_mark_rule_words (self->article_view, article_id,
                                      (const char *const *) words->pdata);
}

void
vigil_window_update_alert_bar (VigilWindow *self, VigilArticle *article)
{
  g_autoptr (GPtrArray) history
      = article ? vigil_store_list_story_alerts (self->store, article->id, NULL) : NULL;

  vigil_alert_bar_show_story (self->alert_bar, history);
  if (article != NULL)
    mark_rule_words (self, article->id, history);
}

/* The alert bar after the store's alerts or stories changed: read in a
 * worker thread (a main-thread read would wait for a worker's read in
 * progress), one read at a time, again when more changed meanwhile. */
typedef struct
{
  VigilStore *store;
  gint64 article_id;
} StoryRead;

static void
story_read_free (StoryRead *r)
{
  g_object_unref (r->store);
  g_free (r);
}

static void
read_story_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  StoryRead *r = data;

  g_task_return_pointer (task, vigil_store_list_story_alerts (r->store, r->article_id, NULL),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
story_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilWindow *self = VIGIL_WINDOW (object);
  StoryRead *r = g_task_get_task_data (G_TASK (result));
  g_autoptr (GPtrArray) history = g_task_propagate_pointer (G_TASK (result), NULL);
  VigilArticle *shown;

  self->alert_bar_reading = FALSE;
  if (self->store == NULL)
    return;
  if (self->alert_bar_again)
    {
      self->alert_bar_again = FALSE;
      vigil_window_refresh_alert_bar (self);
      return;
    }
  /* Another article shown meanwhile has had its bar read then. */
  shown = vigil_article_view_get_article (self->article_view);
  if (shown != NULL && shown->id == r->article_id)
    {
      vigil_alert_bar_show_story (self->alert_bar, history);
      mark_rule_words (self, r->article_id, history);
    }
}

void
vigil_window_refresh_alert_bar (VigilWindow *self)
{
  VigilArticle *shown = vigil_article_view_get_article (self->article_view);
  g_autoptr (GTask) task = NULL;
  StoryRead *r;

  if (shown == NULL || self->store == NULL)
    return;
  if (self->alert_bar_reading)
    {
      self->alert_bar_again = TRUE;
      return;
    }
  self->alert_bar_reading = TRUE;
  r = g_new0 (StoryRead, 1);
  r->store = g_object_ref (self->store);
  r->article_id = shown->id;
  task = g_task_new (self, self->cancellable, story_read, NULL);
  g_task_set_task_data (task, r, (GDestroyNotify) story_read_free);
  g_task_run_in_thread (task, read_story_in_thread);
}

/* Dismissing a story: a toast says so, with Undo. The
 * toast's own button would dismiss it when clicked, and libadwaita 1.2 crashes
 * when a toast is dismissed during its show animation (a quick click): Undo is
 * a button of the toast's title instead, which says what it did and lets the
 * toast time out. */
typedef struct
{
  GWeakRef window;
  VigilAlertUndo *undo;
  GtkLabel *label; /* the toast's: alive while the button is */
  AdwToast *toast; /* weak */
} DismissUndo;

static void
dismiss_undo_free (gpointer data, GClosure *closure)
{
  DismissUndo *d = data;

  g_weak_ref_clear (&d->window);
  g_clear_weak_pointer (&d->toast);
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
  AdwToast *toast;   /* weak */
} UndoCall;

static void
undo_call_free (UndoCall *call)
{
  g_weak_ref_clear (&call->window);
  g_clear_weak_pointer (&call->button);
  g_clear_weak_pointer (&call->label);
  g_clear_weak_pointer (&call->toast);
  vigil_alert_undo_free (call->undo);
  g_free (call);
}

/* How long "Story restored" stays. */
#define RESTORED_SECONDS 3

static gboolean
dismiss_toast_later (gpointer data)
{
  g_autoptr (AdwToast) toast = g_weak_ref_get (data);

  if (toast != NULL)
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
undone (GObject *object, GAsyncResult *result, gpointer user_data)
{
  UndoCall *call = user_data;
  g_autoptr (VigilWindow) self = g_weak_ref_get (&call->window);
  g_autoptr (GError) error = NULL;
  gboolean ok = vigil_store_undo_alerts_finish (VIGIL_STORE (object), result, &error);

  if (self != NULL && !ok)
    vigil_window_add_toast (self, vigil_window_plain_toast (error->message));
  else if (self != NULL)
    {
      /* The alert bar, the Alerts count and view follow the store's
       * "changed". */
      if (call->label != NULL)
        gtk_label_set_text (call->label, _ ("Story restored"));
      /* Said, then gone: the toast's own timeout is paused while the
       * pointer or the focus is on it, as it was for the click. */
      if (call->toast != NULL)
        {
          GWeakRef *toast = g_new0 (GWeakRef, 1);
          g_weak_ref_init (toast, call->toast);
          g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, RESTORED_SECONDS, dismiss_toast_later,
                                      toast, weak_ref_free);
        }
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
  g_set_weak_pointer (&call->toast, d->toast);
  vigil_window_focus_out_of_toast (self);
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
      vigil_window_add_toast (self, vigil_window_plain_toast (error->message));
      vigil_alert_bar_dismiss_failed (self->alert_bar);
      return;
    }
  if (vigil_alert_undo_get_n_alerts (undo) == 0)
    {
      /* Dismissed already (by a click before this one): the Undo toast of
       * that click stays; this one would undo nothing. */
      vigil_alert_undo_free (undo);
      return;
    }
  /* The alert bar, the Alerts count and view follow the store's "changed". */
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
  g_set_weak_pointer (&d->toast, toast);
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_dismiss_undo), d, dismiss_undo_free, 0);
  /* One Undo toast at a time: the one before steps aside for it (two of the
   * same priority would take turns). Its story stays dismissed. */
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  g_set_weak_pointer (&self->undo_toast, toast);
  vigil_window_add_toast (self, toast);
}

static void
on_dismiss (VigilWindow *self)
{
  VigilArticle *article = vigil_article_view_get_article (self->article_view);

  const gint64 *ids;
  guint n_ids = 0;

  /* The story as the bar shows it now, whatever joins it before the write. */
  ids = vigil_alert_bar_get_articles (self->alert_bar, &n_ids);
  if (article == NULL || n_ids == 0)
    {
      vigil_alert_bar_dismiss_failed (self->alert_bar); /* nothing to write: offered again */
      return;
    }
  vigil_store_dismiss_alerts_async (self->store, ids, n_ids, NULL, dismissed, g_object_ref (self));
}

void
vigil_window_class_add_alert_bar (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_dismiss);
}
