/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sync-private.h — what the parts of VigilSync share: the object, a connection */
#pragma once

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-sync.h"
#include "vigil-task.h"

#define STATE_READ "user/-/state/com.google/read"
#define STATE_STARRED "user/-/state/com.google/starred"
#define STATE_READING_LIST "user/-/state/com.google/reading-list"
#define LABEL_PREFIX "user/-/label/"
/* Items per edit-tag request, and id pages read per reconciliation at most. */
#define EDIT_BATCH 100
#define MAX_ID_PAGES 200
/* The most of an answer that is read: a reading-list page of 1,000 long items. */
#define MAX_ANSWER (64u << 20)

struct _VigilSync
{
  GObject parent_instance;
  VigilStore *store;
  GMutex lock;           /* the tables below */
  GMutex run_lock;       /* one sync or edit at a time */
  GHashTable *passwords; /* account id (gint64*) -> password */
  GHashTable *auth;      /* account id -> "GoogleLogin auth=…" */
  GHashTable *api;       /* account id -> the API address that answered */
  VigilSyncIngestFunc ingest;
  gpointer ingest_data;
  GDestroyNotify ingest_destroy;
  VigilSyncPageFunc page_func;
  gpointer page_data;
  guint page_size;
  guint max_items;
  guint timeout;
};

typedef struct
{
  VigilSync *self;
  gint64 account_id;
  char *name; /* the account's, for messages */
  char *api;  /* …/api/greader.php, no trailing slash */
  char *user;
  char *password;
  char *auth;     /* "GoogleLogin auth=…" once logged in */
  char *token;    /* the edit token (T), once asked for */
  char *location; /* where the last answer redirected to */
  SoupSession *session;
  GCancellable *cancellable;
  VigilSyncStats stats;
} Conn;

/* vigil-sync.c */
void password_free (gpointer data);
gint64 *key_new (gint64 id);
void table_set (VigilSync *self, GHashTable *table, gint64 id, const char *value);
gboolean sync_subscriptions (Conn *c, GError **error);
/* A password the server refused at login is forgotten (in memory; the
 * keyring keeps what it has): the account is not synced again with it, and
 * says that it needs one. */
void forget_refused_password (VigilSync *self, gint64 account_id, const char *password);
Conn *conn_for_account (VigilSync *self, gint64 account_id, GCancellable *cancellable,
                        GError **error);

/* vigil-sync-protocol.c */
void conn_free (Conn *c);
Conn *conn_new (VigilSync *self, gint64 account_id, const char *name, const char *api,
                const char *user, const char *password, GCancellable *cancellable);
void form_add (GString *form, const char *key, const char *value);
gboolean looks_like_html (GBytes *body, const char *type);
gboolean login (Conn *c, GError **error);
GBytes *call (Conn *c, const char *method, const char *path, const char *form, gboolean with_token,
              char **out_type, GError **error);
JsonNode *call_json (Conn *c, const char *path, const char *form, GError **error);
gboolean call_ok (Conn *c, const char *path, const char *form, gboolean with_token, GError **error);
const char *member_string (JsonObject *o, const char *name);
gint64 member_int (JsonObject *o, const char *name);
char *member_dup_text (JsonObject *o, const char *name);
JsonArray *member_array (JsonObject *o, const char *name);
JsonObject *member_object (JsonObject *o, const char *name);
JsonObject *array_object (JsonArray *a, guint i);
gint64 parse_item_id (const char *id);

/* vigil-sync-edits.c */
gboolean send_queue (Conn *c, char **refused, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_free)
