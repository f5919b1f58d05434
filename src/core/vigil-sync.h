/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sync.h: syncing an account with a feed server over the Google Reader API.
 *
 * A desk's server (FreshRSS, Miniflux, Inoreader…) fetches the sources once for
 * everyone; Vigil takes its subscriptions, folders and items, and sends back
 * what the desk reads and stars. One sync, in a worker thread with its own
 * libsoup session: the desk's queued changes are sent first (edit-tag,
 * mark-all-as-read, in batches; a change that cannot be sent stays queued),
 * then subscription/list and tag/list become the account's sources and
 * folders, the reading list is walked newest first with continuation (at most
 * max_items per sync, resumed at the next), and the unread and starred id sets
 * reconcile the read and starred states. The server's state wins, except for
 * the desk's changes made since the last sync, which are sent. Items are
 * stored through the ingest function (the monitor's pipeline: analysis,
 * stories, alert rules). The password is given by the caller and kept in
 * memory only.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_SYNC_ERROR (vigil_sync_error_quark ())
GQuark vigil_sync_error_quark (void);

typedef enum
{
  VIGIL_SYNC_ERROR_NO_ACCOUNT,  /* no such account, or not a sync account */
  VIGIL_SYNC_ERROR_NO_PASSWORD, /* the caller gave no password for it */
  VIGIL_SYNC_ERROR_AUTH,        /* user or password refused */
  VIGIL_SYNC_ERROR_NETWORK,     /* the server could not be reached, or did not answer in time */
  VIGIL_SYNC_ERROR_SERVER,      /* 5xx */
  VIGIL_SYNC_ERROR_PROTOCOL,    /* an answer that is not what the API gives (HTML, bad JSON) */
  VIGIL_SYNC_ERROR_REFUSED,     /* 4xx, or an error in the body of a 200 */
} VigilSyncError;

#define VIGIL_TYPE_SYNC (vigil_sync_get_type ())
G_DECLARE_FINAL_TYPE (VigilSync, vigil_sync, VIGIL, SYNC, GObject)

/* Stores articles of a synced source, in the calling (worker) thread; *out_new:
 * how many were new. first_read: the source's first read (nothing in it is
 * news). Called once more with source NULL (and nothing else) when a sync
 * ends, whatever its result. The default stores them unanalysed
 * (vigil_store_ingest). */
typedef gboolean (*VigilSyncIngestFunc) (VigilSource *source, GPtrArray *articles,
                                         gboolean first_read, guint *out_new, gpointer user_data,
                                         GError **error);
/* Called in the worker thread after each page of items is stored. */
typedef void (*VigilSyncPageFunc) (gint64 account_id, guint items_so_far, gpointer user_data);

typedef struct
{
  guint requests;     /* HTTP requests made */
  guint pages;        /* pages of the reading list read */
  guint items;        /* items received */
  guint new_articles; /* of which stored as new */
  guint actions_sent; /* queued changes the server took */
  guint actions_left; /* queued changes still to send */
  gboolean more;      /* the reading list was not walked to its end (max_items) */
} VigilSyncStats;

VigilSync *vigil_sync_new (VigilStore *store);
VigilStore *vigil_sync_get_store (VigilSync *self);
/* The account's password (API password), kept in memory only; NULL forgets it. */
void vigil_sync_set_password (VigilSync *self, gint64 account_id, const char *password);
gboolean vigil_sync_has_password (VigilSync *self, gint64 account_id);
/* Forgets the account's password only if it is still this one (not one a
 * later sign-in gave); TRUE if it did. */
gboolean vigil_sync_forget_password_if (VigilSync *self, gint64 account_id, const char *password);
void vigil_sync_set_ingest_func (VigilSync *self, VigilSyncIngestFunc func, gpointer user_data,
                                 GDestroyNotify destroy);
void vigil_sync_set_page_func (VigilSync *self, VigilSyncPageFunc func, gpointer user_data);
/* Items per request (default 100) and per sync (default 2000). */
void vigil_sync_set_limits (VigilSync *self, guint page_size, guint max_items);
/* Seconds a request may take (default 30). */
void vigil_sync_set_timeout (VigilSync *self, guint seconds);

/* A greader account, checked and created: a ClientLogin with password (the
 * address may be the server's or its API's, …/api/greader.php, which is what
 * is stored). Returns the account id. */
gint64 vigil_sync_add_account (VigilSync *self, const char *name, const char *server_url,
                               const char *user, const char *password, GCancellable *cancellable,
                               GError **error);

/* Signs in to an existing account again with password (blocking: a
 * ClientLogin with the account's server and user): on success the engine
 * keeps it, as vigil_sync_set_password does, and the account can sync; a
 * password refused leaves the engine as it was. A password the server refuses
 * in a sync is forgotten (vigil_sync_has_password turns FALSE): the account
 * needs signing in again. */
gboolean vigil_sync_sign_in (VigilSync *self, gint64 account_id, const char *password,
                             GCancellable *cancellable, GError **error);

/* One sync of the account, blocking (call it from a worker thread, or use the
 * async form). On failure the reason is recorded on the account (last_error)
 * and nothing stored is lost; out_stats may be NULL. */
gboolean vigil_sync_run (VigilSync *self, gint64 account_id, VigilSyncStats *out_stats,
                         GCancellable *cancellable, GError **error);
void vigil_sync_run_async (VigilSync *self, gint64 account_id, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);
gboolean vigil_sync_run_finish (VigilSync *self, GAsyncResult *result, VigilSyncStats *out_stats,
                                GError **error);

/* Subscriptions, changed on the server and then here (blocking; the async
 * forms run them in a worker). subscribe returns the new source's id; folder
 * may be NULL or "" (none). A server that answers 200 with an error in the
 * body has refused. */
gint64 vigil_sync_subscribe (VigilSync *self, gint64 account_id, const char *url,
                             const char *folder, GCancellable *cancellable, GError **error);
gboolean vigil_sync_unsubscribe (VigilSync *self, gint64 source_id, GCancellable *cancellable,
                                 GError **error);
gboolean vigil_sync_rename (VigilSync *self, gint64 source_id, const char *title,
                            GCancellable *cancellable, GError **error);
gboolean vigil_sync_move (VigilSync *self, gint64 source_id, const char *folder,
                          GCancellable *cancellable, GError **error);

typedef enum
{
  VIGIL_SYNC_SUBSCRIBE,   /* arg: url, arg2: folder; id: account */
  VIGIL_SYNC_UNSUBSCRIBE, /* id: source */
  VIGIL_SYNC_RENAME,      /* id: source, arg: title */
  VIGIL_SYNC_MOVE,        /* id: source, arg: folder */
} VigilSyncEdit;

void vigil_sync_edit_async (VigilSync *self, VigilSyncEdit edit, gint64 id, const char *arg,
                            const char *arg2, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
/* The source id (subscribe) or 1; 0 on error. */
gint64 vigil_sync_edit_finish (VigilSync *self, GAsyncResult *result, GError **error);

G_END_DECLS
