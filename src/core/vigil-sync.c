/* vigil-sync.c */
#include "config.h"

#include "vigil-sync.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-html.h"

#define STATE_READ "user/-/state/com.google/read"
#define STATE_STARRED "user/-/state/com.google/starred"
#define STATE_READING_LIST "user/-/state/com.google/reading-list"
#define LABEL_PREFIX "user/-/label/"
/* Items per edit-tag request, and id pages read per reconciliation at most. */
#define EDIT_BATCH 100
#define MAX_ID_PAGES 200
/* The most of an answer that is read: a reading-list page of 1,000 long items. */
#define MAX_ANSWER (64u << 20)

G_DEFINE_QUARK (vigil_sync_error, vigil_sync_error)

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

G_DEFINE_FINAL_TYPE (VigilSync, vigil_sync, G_TYPE_OBJECT)

static void
vigil_sync_finalize (GObject *object)
{
  VigilSync *self = VIGIL_SYNC (object);

  if (self->ingest_destroy)
    self->ingest_destroy (self->ingest_data);
  g_hash_table_unref (self->passwords);
  g_hash_table_unref (self->auth);
  g_hash_table_unref (self->api);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->run_lock);
  G_OBJECT_CLASS (vigil_sync_parent_class)->finalize (object);
}

static void
vigil_sync_class_init (VigilSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_sync_finalize;
}

/* Passwords are wiped from memory when forgotten. */
static void
password_free (gpointer data)
{
  char *p = data;
  if (p != NULL)
    memset (p, 0, strlen (p));
  g_free (p);
}

static void
vigil_sync_init (VigilSync *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->run_lock);
  self->passwords = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, password_free);
  self->auth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, password_free);
  self->api = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->page_size = 100;
  self->max_items = 2000;
  self->timeout = 30;
}

VigilSync *
vigil_sync_new (VigilStore *store)
{
  VigilSync *self = g_object_new (VIGIL_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  return self;
}

VigilStore *
vigil_sync_get_store (VigilSync *self)
{
  return self->store;
}

static gint64 *
key_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* A copy of the value for the account in one of the tables, or NULL. */
static char *
table_dup (VigilSync *self, GHashTable *table, gint64 id)
{
  char *value;

  g_mutex_lock (&self->lock);
  value = g_strdup (g_hash_table_lookup (table, &id));
  g_mutex_unlock (&self->lock);
  return value;
}

static void
table_set (VigilSync *self, GHashTable *table, gint64 id, const char *value)
{
  g_mutex_lock (&self->lock);
  if (value != NULL)
    g_hash_table_insert (table, key_new (id), g_strdup (value));
  else
    g_hash_table_remove (table, &id);
  g_mutex_unlock (&self->lock);
}

void
vigil_sync_set_password (VigilSync *self, gint64 account_id, const char *password)
{
  table_set (self, self->passwords, account_id, password);
  table_set (self, self->auth, account_id, NULL);
}

gboolean
vigil_sync_has_password (VigilSync *self, gint64 account_id)
{
  gboolean has;

  g_mutex_lock (&self->lock);
  has = g_hash_table_contains (self->passwords, &account_id);
  g_mutex_unlock (&self->lock);
  return has;
}

void
vigil_sync_set_ingest_func (VigilSync *self, VigilSyncIngestFunc func, gpointer user_data,
                            GDestroyNotify destroy)
{
  if (self->ingest_destroy)
    self->ingest_destroy (self->ingest_data);
  self->ingest = func;
  self->ingest_data = user_data;
  self->ingest_destroy = destroy;
}

void
vigil_sync_set_page_func (VigilSync *self, VigilSyncPageFunc func, gpointer user_data)
{
  self->page_func = func;
  self->page_data = user_data;
}

void
vigil_sync_set_limits (VigilSync *self, guint page_size, guint max_items)
{
  self->page_size = CLAMP (page_size, 1, 1000);
  self->max_items = MAX (max_items, 1);
}

void
vigil_sync_set_timeout (VigilSync *self, guint seconds)
{
  self->timeout = MAX (seconds, 1);
}

/* ---- one conversation with the server ---- */

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

static void
conn_free (Conn *c)
{
  g_free (c->name);
  g_free (c->api);
  g_free (c->user);
  password_free (c->password);
  password_free (c->auth);
  g_free (c->token);
  g_free (c->location);
  g_clear_object (&c->session);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_free)

static char *
trim_slashes (const char *url)
{
  char *s = g_strstrip (g_strdup (url));
  gsize n = strlen (s);

  while (n > 0 && s[n - 1] == '/')
    s[--n] = '\0';
  return s;
}

static Conn *
conn_new (VigilSync *self, gint64 account_id, const char *name, const char *api, const char *user,
          const char *password, GCancellable *cancellable)
{
  Conn *c = g_new0 (Conn, 1);

  c->self = self;
  c->account_id = account_id;
  c->name = g_strdup (name);
  c->api = trim_slashes (api);
  c->user = g_strdup (user);
  c->password = g_strdup (password);
  c->cancellable = cancellable;
  /* Its own session, created and used in this thread only. */
  c->session = soup_session_new_with_options (
      "user-agent", "Vigil/" PACKAGE_VERSION " (+" PROJECT_URL ")", "timeout", self->timeout,
      "idle-timeout", self->timeout, NULL);
  return c;
}

/* form: "k=v&k=v" (values escaped), or NULL. */
static void
form_add (GString *form, const char *key, const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value ? value : "", NULL, FALSE);
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", key, escaped);
}

static gboolean
transport_error (Conn *c, GError *local, GError **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK,
                   _ ("The sync server %s did not answer in time"), c->api);
      g_error_free (local);
    }
  else
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK,
                   _ ("Cannot reach the sync server %s: %s"), c->api, local->message);
      g_error_free (local);
    }
  return FALSE;
}

/* One request; the answer's body (NULL on a transport error), its status and
 * its media type. */
static GBytes *
request (Conn *c, const char *method, const char *path, const char *form, gboolean with_auth,
         guint *out_status, char **out_type, GError **error)
{
  g_autofree char *url = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GOutputStream) out = NULL;
  GError *local = NULL;
  const char *type;

  if (g_strcmp0 (method, "GET") == 0 && form != NULL && *form)
    url = g_strdup_printf ("%s/%s%s%s", c->api, path, strchr (path, '?') ? "&" : "?", form);
  else
    url = g_strdup_printf ("%s/%s", c->api, path);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK,
                   _ ("The sync server address is not valid: %s"), c->api);
      return NULL;
    }
  /* Redirects are not followed: the password (a POST body) and the
   * authorisation header would go wherever the server says. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (with_auth && c->auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", c->auth);
  if (g_strcmp0 (method, "POST") == 0)
    {
      g_autoptr (GBytes) body = g_bytes_new (form ? form : "", form ? strlen (form) : 0);
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  c->stats.requests++;
  in = soup_session_send (c->session, msg, c->cancellable, &local);
  if (in == NULL)
    {
      transport_error (c, local, error);
      return NULL;
    }
  out = g_memory_output_stream_new_resizable ();
  /* Bounded: a server that streams without end is not read into memory. */
  for (;;)
    {
      char buf[16384];
      gssize n = g_input_stream_read (in, buf, sizeof buf, c->cancellable, &local);
      if (n < 0)
        {
          transport_error (c, local, error);
          return NULL;
        }
      if (n == 0)
        break;
      if (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) + (gsize) n
          > MAX_ANSWER)
        {
          g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                       _ ("The sync server sent an answer too large to read"));
          return NULL;
        }
      if (!g_output_stream_write_all (out, buf, (gsize) n, NULL, NULL, &local))
        {
          transport_error (c, local, error);
          return NULL;
        }
    }
  g_output_stream_close (out, NULL, NULL);
  *out_status = soup_message_get_status (msg);
  g_free (c->location);
  c->location = g_strdup (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (out_type)
    *out_type = g_strdup (type);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* An error page or a web site's page instead of the API's answer. Told by
 * the body: servers label their JSON and token answers text/html (FreshRSS
 * does for stream/items/ids and token). */
static gboolean
looks_like_html (GBytes *body, const char *type)
{
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  while (len > 0 && g_ascii_isspace (*data))
    data++, len--;
  return len > 0 && *data == '<';
}

/* Redirects are not followed (see request): said, with where to. */
static gboolean
redirected (Conn *c, GError **error)
{
  g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
               _ ("The sync server sends its API elsewhere (%s); give the account that address"),
               c->location ? c->location : _ ("no address given"));
  return FALSE;
}

/* ClientLogin: the Authorization header for the account. */
static gboolean
login (Conn *c, GError **error)
{
  g_autoptr (GString) form = g_string_new (NULL);
  g_autoptr (GBytes) body = NULL;
  g_autofree char *type = NULL;
  g_auto (GStrv) lines = NULL;
  guint status = 0;

  form_add (form, "Email", c->user);
  form_add (form, "Passwd", c->password);
  body = request (c, "POST", "accounts/ClientLogin", form->str, FALSE, &status, &type, error);
  if (body == NULL)
    return FALSE;
  /* The server's address instead of its API's: FreshRSS's is under it. */
  if ((status == 404 || SOUP_STATUS_IS_REDIRECTION (status)
       || (status == 200 && looks_like_html (body, type)))
      && !g_str_has_suffix (c->api, "/api/greader.php"))
    {
      g_autofree char *api = g_strconcat (c->api, "/api/greader.php", NULL);
      g_clear_pointer (&body, g_bytes_unref);
      g_clear_pointer (&type, g_free);
      g_free (c->api);
      c->api = g_steal_pointer (&api);
      body = request (c, "POST", "accounts/ClientLogin", form->str, FALSE, &status, &type, error);
      if (body == NULL)
        return FALSE;
    }
  if (status == 401 || status == 403)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_AUTH,
                   _ ("The sync server refused the user name or password of “%s”"), c->name);
      return FALSE;
    }
  if (status == 404)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED,
                   _ ("No Google Reader API at %s: check the address, and that the API is "
                      "enabled on the server"),
                   c->api);
      return FALSE;
    }
  if (status >= 500)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_SERVER,
                   _ ("The sync server had an internal error (HTTP %u)"), status);
      return FALSE;
    }
  if (SOUP_STATUS_IS_REDIRECTION (status))
    return redirected (c, error);
  if (status != 200 || looks_like_html (body, type))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server did not answer the login as a Google Reader API does "
                      "(HTTP %u); is %s its API address?"),
                   status, c->api);
      return FALSE;
    }
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    lines = g_strsplit (text, "\n", -1);
  }
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (g_strstrip (lines[i]), "Auth=") && lines[i][5] != '\0')
      {
        password_free (c->auth);
        c->auth = g_strconcat ("GoogleLogin auth=", lines[i] + 5, NULL);
        table_set (c->self, c->self->auth, c->account_id, c->auth);
        table_set (c->self, c->self->api, c->account_id, c->api);
        return TRUE;
      }
  g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
               _ ("The sync server's login answer has no Auth token"));
  return FALSE;
}

/* A call of the API with the account's authorisation: logged in again once
 * when the server says the authorisation is no longer good (401). with_token:
 * the edit token (T) is added to the form, asked for first. */
static GBytes *
call (Conn *c, const char *method, const char *path, const char *form, gboolean with_token,
      char **out_type, GError **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GBytes) body = NULL;
      g_autoptr (GString) full = g_string_new (form);
      guint status = 0;

      if (c->auth == NULL && !login (c, error))
        return NULL;
      if (with_token && c->token == NULL)
        {
          g_autofree char *type = NULL;
          g_autoptr (GBytes) t
              = request (c, "GET", "reader/api/0/token", NULL, TRUE, &status, &type, error);
          if (t == NULL)
            return NULL;
          if (status == 200 && !looks_like_html (t, type))
            c->token = g_strstrip (g_strndup (g_bytes_get_data (t, NULL), g_bytes_get_size (t)));
          else if (status == 401 && attempt == 0)
            {
              g_clear_pointer (&c->auth, password_free);
              continue;
            }
        }
      if (with_token && c->token != NULL)
        form_add (full, "T", c->token);
      g_clear_pointer (out_type, g_free);
      body = request (c, method, path, full->str, TRUE, &status, out_type, error);
      if (body == NULL)
        return NULL;
      if (status == 401 && attempt == 0)
        {
          /* The token (or the login) has expired: both are asked for again. */
          g_clear_pointer (&c->auth, password_free);
          g_clear_pointer (&c->token, g_free);
          continue;
        }
      if (SOUP_STATUS_IS_REDIRECTION (status))
        redirected (c, error);
      else if (status == 401 || status == 403)
        g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_AUTH,
                     _ ("The sync server refused the login of “%s”"), c->name);
      else if (status >= 500)
        g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_SERVER,
                     _ ("The sync server had an internal error (HTTP %u)"), status);
      else if (status < 200 || status >= 300)
        g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED,
                     _ ("The sync server refused the request (HTTP %u)"), status);
      else
        return g_steal_pointer (&body);
      return NULL;
    }
}

/* A call whose answer is a JSON object. */
static JsonNode *
call_json (Conn *c, const char *path, const char *form, GError **error)
{
  g_autofree char *type = NULL;
  g_autoptr (GBytes) body = call (c, "GET", path, form, FALSE, &type, error);
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local = NULL;
  gsize len;
  const char *data;

  if (body == NULL)
    return NULL;
  if (looks_like_html (body, type))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server answered with a web page instead of data (an error "
                      "page, or not the address of its API)"));
      return NULL;
    }
  data = g_bytes_get_data (body, &len);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server sent data that could not be read: %s"),
                   local ? local->message : _ ("not a JSON object"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* A POST whose answer is "OK". */
static gboolean
call_ok (Conn *c, const char *path, const char *form, gboolean with_token, GError **error)
{
  g_autofree char *type = NULL;
  g_autoptr (GBytes) body = call (c, "POST", path, form, with_token, &type, error);
  g_autofree char *text = NULL;

  if (body == NULL)
    return FALSE;
  text = g_strstrip (g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)));
  if (g_ascii_strcasecmp (text, "OK") == 0)
    return TRUE;
  if (looks_like_html (body, type))
    g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                 _ ("The sync server answered with a web page instead of data (an error "
                    "page, or not the address of its API)"));
  else
    g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED,
                 _ ("The sync server did not take the change: %.200s"), text);
  return FALSE;
}

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static gint64
member_int (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return 0;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (n), NULL, 10);
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return json_node_get_int (n);
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (n);
  return 0;
}

/* A string member, or an integer one written out (some servers send
 * continuations and item ids as numbers); NULL otherwise. */
static char *
member_dup_text (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  return NULL;
}

static JsonArray *
member_array (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static JsonObject *
member_object (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonObject *
array_object (JsonArray *a, guint i)
{
  JsonNode *n = json_array_get_element (a, i);
  return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

/* An item id in either form: "tag:google.com,2005:reader/item/<16 hex>" (or
 * the hex alone) or decimal. 0 when it is neither. */
static gint64
parse_item_id (const char *id)
{
  const char *last;
  char *end = NULL;
  guint64 v;

  if (id == NULL)
    return 0;
  last = strrchr (id, '/');
  last = last ? last + 1 : id;
  if (strlen (last) == 16 && (last != id || strspn (last, "0123456789") != 16))
    v = g_ascii_strtoull (last, &end, 16);
  else
    v = g_ascii_strtoull (last, &end, 10);
  if (end == NULL || *end != '\0' || end == last || v > G_MAXINT64)
    return 0;
  return (gint64) v;
}

/* ---- sending the desk's changes ---- */

static gboolean
send_edit (Conn *c, const char *add, const char *remove, GArray *items, guint from, guint to,
           GError **error)
{
  g_autoptr (GString) form = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, g_array_index (items, gint64, i));
      form_add (form, "i", id);
    }
  if (add)
    form_add (form, "a", add);
  if (remove)
    form_add (form, "r", remove);
  return call_ok (c, "reader/api/0/edit-tag", form->str, TRUE, error);
}

/* The queued changes from first to last (not a mark-all-read): the last
 * change of each item for read and for star wins, sent as four kinds of
 * edit-tag in batches. Returns FALSE (and leaves them queued) when one could
 * not be sent for a reason that may pass (network, server), or drops those the
 * server refuses (an item it no longer has) and says so in *refused. */
static gboolean
send_edits (Conn *c, GPtrArray *actions, guint first, guint last, char **refused, GError **error)
{
  g_autoptr (GHashTable) read = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) star = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  static const struct
  {
    gboolean star;
    const char *kind;
    const char *add, *remove;
  } kinds[] = {
    { FALSE, "read", STATE_READ, NULL },
    { FALSE, "unread", NULL, STATE_READ },
    { TRUE, "star", STATE_STARRED, NULL },
    { TRUE, "unstar", NULL, STATE_STARRED },
  };
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = first; i < last; i++)
    {
      VigilSyncAction *a = g_ptr_array_index (actions, i);
      gboolean is_star = g_str_equal (a->kind, "star") || g_str_equal (a->kind, "unstar");
      g_hash_table_insert (is_star ? star : read, key_new (a->item_id), a->kind);
    }
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (gint64));
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, kinds[k].star ? star : read);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_equal (value, kinds[k].kind))
          g_array_append_val (items, *(gint64 *) key);
      for (guint from = 0; from < items->len; from += EDIT_BATCH)
        {
          g_autoptr (GError) local = NULL;
          guint to = MIN (from + EDIT_BATCH, items->len);
          if (send_edit (c, kinds[k].add, kinds[k].remove, items, from, to, &local))
            continue;
          /* A batch refused (an item the server no longer has, say): each
           * item on its own, so that only those it refuses are dropped. */
          for (guint one = from;
               to - from > 1 && one < to
               && g_error_matches (local, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED);
               one++)
            {
              g_autoptr (GError) single = NULL;
              if (send_edit (c, kinds[k].add, kinds[k].remove, items, one, one + 1, &single))
                continue;
              if (!g_error_matches (single, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED))
                {
                  g_clear_error (&local);
                  local = g_steal_pointer (&single);
                }
              else if (*refused == NULL)
                *refused = g_strdup (single->message);
            }
          if (!g_error_matches (local, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED))
            {
              /* Kept for the next sync, with one attempt more and why. */
              for (guint i = first; i < last; i++)
                g_array_append_val (ids, ((VigilSyncAction *) g_ptr_array_index (actions, i))->id);
              vigil_store_finish_sync_actions (c->self->store, ids, local->message, NULL);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (*refused == NULL)
            *refused = g_strdup (local->message);
        }
    }
  for (guint i = first; i < last; i++)
    g_array_append_val (ids, ((VigilSyncAction *) g_ptr_array_index (actions, i))->id);
  c->stats.actions_sent += ids->len;
  return vigil_store_finish_sync_actions (c->self->store, ids, NULL, error);
}

static gboolean
send_queue (Conn *c, char **refused, GError **error)
{
  g_autoptr (GPtrArray) actions
      = vigil_store_list_sync_actions (c->self->store, c->account_id, error);
  guint start = 0;

  if (actions == NULL)
    return FALSE;
  /* In order: a mark-all-read stands between the changes before and after it. */
  for (guint i = 0; i <= actions->len; i++)
    {
      VigilSyncAction *a = i < actions->len ? g_ptr_array_index (actions, i) : NULL;
      g_autoptr (GArray) ids = NULL;
      g_autoptr (GError) local = NULL;
      g_autoptr (GString) form = NULL;

      if (a != NULL && !g_str_equal (a->kind, "mark-all-read"))
        continue;
      if (i > start && !send_edits (c, actions, start, i, refused, error))
        return FALSE;
      start = i + 1;
      if (a == NULL)
        break;
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, a->id);
      form = g_string_new (NULL);
      form_add (form, "s", a->stream);
      /* Items that arrived up to the newest the desk had seen: ts in µs. */
      if (a->arg != NULL && *a->arg)
        form_add (form, "ts", a->arg);
      if (!call_ok (c, "reader/api/0/mark-all-as-read", form->str, TRUE, &local))
        {
          if (!g_error_matches (local, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED))
            {
              vigil_store_finish_sync_actions (c->self->store, ids, local->message, NULL);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (*refused == NULL)
            *refused = g_strdup (local->message);
        }
      else
        c->stats.actions_sent++;
      if (!vigil_store_finish_sync_actions (c->self->store, ids, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- subscriptions and folders ---- */

/* The folder of a subscription: its first category that tag/list says is a
 * folder (a label that is not a folder is not one), else its first. */
static const char *
folder_of (JsonObject *sub, GHashTable *folders)
{
  JsonArray *cats = member_array (sub, "categories");
  const char *first = NULL;

  for (guint i = 0; cats && i < json_array_get_length (cats); i++)
    {
      JsonObject *cat = array_object (cats, i);
      const char *id = member_string (cat, "id");
      const char *label = member_string (cat, "label");
      if (label == NULL && id != NULL && g_str_has_prefix (id, LABEL_PREFIX))
        label = id + strlen (LABEL_PREFIX);
      if (label == NULL)
        continue;
      if (first == NULL)
        first = label;
      if (folders == NULL || (id != NULL && g_hash_table_contains (folders, id)))
        return label;
    }
  return first;
}

static gboolean
sync_subscriptions (Conn *c, GError **error)
{
  g_autoptr (JsonNode) tags = call_json (c, "reader/api/0/tag/list", "output=json", error);
  g_autoptr (JsonNode) subs = NULL;
  g_autoptr (GHashTable) folders = NULL;
  g_autoptr (GPtrArray) keep = g_ptr_array_new ();
  JsonArray *list;

  if (tags == NULL)
    return FALSE;
  list = member_array (json_node_get_object (tags), "tags");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *tag = array_object (list, i);
      const char *type = member_string (tag, "type");
      const char *id = member_string (tag, "id");
      if (id == NULL || !g_str_has_prefix (id, LABEL_PREFIX))
        continue;
      if (folders == NULL)
        folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      /* Servers that do not type their tags: every label is a folder. */
      if (type == NULL || g_str_equal (type, "folder"))
        g_hash_table_add (folders, g_strdup (id));
    }
  subs = call_json (c, "reader/api/0/subscription/list", "output=json", error);
  if (subs == NULL)
    return FALSE;
  list = member_array (json_node_get_object (subs), "subscriptions");
  if (list == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server sent data that could not be read: %s"),
                   _ ("no subscription list"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *sub = array_object (list, i);
      const char *id = member_string (sub, "id");
      const char *url = member_string (sub, "url");
      const char *title = member_string (sub, "title");
      if (id == NULL)
        continue;
      if (url == NULL && g_str_has_prefix (id, "feed/") && strstr (id, "://"))
        url = id + 5;
      if (vigil_store_sync_source (c->self->store, c->account_id, id, url,
                                   title && *title ? title : url, member_string (sub, "htmlUrl"),
                                   folder_of (sub, folders), error)
          == 0)
        return FALSE;
      g_ptr_array_add (keep, (gpointer) id);
    }
  g_ptr_array_add (keep, NULL);
  /* Unsubscribed on the server (from another machine): gone here too. */
  return vigil_store_sync_remove_sources_except (
      c->self->store, c->account_id, (const char *const *) keep->pdata,
      _ ("Unsubscribed on the sync server; its starred and alerted articles are kept here"), error);
}

/* ---- the reading list ---- */

static GDateTime *
date_from_seconds (gint64 s)
{
  return s > 0 ? g_date_time_new_from_unix_utc (s) : NULL;
}

static char *
text_of_html_title (const char *title)
{
  /* Servers send titles as text, some with entities left in. */
  if (title == NULL)
    return NULL;
  if (strchr (title, '&') == NULL && strchr (title, '<') == NULL)
    return g_strdup (title);
  return vigil_html_to_text (title);
}

static VigilArticle *
article_from_item (JsonObject *item, gint64 item_id, gboolean *out_read, gboolean *out_starred)
{
  VigilArticle *a = vigil_article_new ();
  JsonArray *links = member_array (item, "canonical");
  JsonArray *cats = member_array (item, "categories");
  JsonObject *summary = member_object (item, "summary");
  JsonObject *content = member_object (item, "content");
  const char *html;

  if (links == NULL || json_array_get_length (links) == 0)
    links = member_array (item, "alternate");
  if (links != NULL && json_array_get_length (links) > 0)
    a->link = g_strdup (member_string (array_object (links, 0), "href"));
  /* The server's item id is the duplicate key (decimal): the store maps it. */
  a->guid = g_strdup_printf ("%" G_GINT64_FORMAT, item_id);
  a->title = text_of_html_title (member_string (item, "title"));
  a->author = g_strdup (member_string (item, "author"));
  a->published = date_from_seconds (member_int (item, "published"));
  a->updated = date_from_seconds (member_int (item, "updated"));
  if (a->published == NULL && a->updated == NULL)
    {
      /* No date: the time the server got it. */
      a->published = date_from_seconds (item_id / G_USEC_PER_SEC);
      a->date_is_first_seen = TRUE;
    }
  html = member_string (content, "content");
  if (html && *html)
    a->content = vigil_html_sanitize (html, a->link);
  html = member_string (summary, "content");
  if (html && *html)
    {
      char *clean = vigil_html_sanitize (html, a->link);
      if (a->content == NULL)
        a->content = clean;
      else
        a->summary = clean;
    }
  *out_read = *out_starred = FALSE;
  for (guint i = 0; cats && i < json_array_get_length (cats); i++)
    {
      JsonNode *n = json_array_get_element (cats, i);
      const char *cat = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
      if (cat == NULL)
        continue;
      if (g_str_has_suffix (cat, "/state/com.google/read"))
        *out_read = TRUE;
      else if (g_str_has_suffix (cat, "/state/com.google/starred"))
        *out_starred = TRUE;
      else if (!g_str_has_prefix (cat, "user/"))
        g_ptr_array_add (a->categories, g_strdup (cat));
    }
  vigil_article_limit_size (a);
  return a;
}

/* When the server got the item, in microseconds: what mark-all-as-read's ts
 * compares with (FreshRSS's item ids are that time too; other servers'
 * are not). */
static gint64
crawl_usec (JsonObject *item, gint64 id)
{
  gint64 usec = member_int (item, "timestampUsec");

  if (usec <= 0)
    usec = member_int (item, "crawlTimeMsec") * 1000;
  return usec > 0 ? usec : id;
}

static gboolean
default_ingest (VigilStore *store, VigilSource *source, GPtrArray *articles, guint *out_new,
                GError **error)
{
  g_autoptr (GPtrArray) fresh = vigil_store_filter_unstored (store, source->id, articles);
  g_autoptr (GPtrArray) added = NULL;

  if (!vigil_store_ingest (store, source->id, fresh, &added, error))
    return FALSE;
  *out_new = added->len;
  return TRUE;
}

/* One page of items: stored source by source through the ingest function,
 * then their read and starred states. *out_max, *out_min: when the server got
 * the newest and the oldest (microseconds), for the next walk to stop at. */
static gboolean
store_page (Conn *c, JsonArray *items, GHashTable *sources, gint64 *out_max, gint64 *out_min,
            GError **error)
{
  g_autoptr (GHashTable) groups
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) read = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr (GArray) starred = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr (GArray) crawl = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = array_object (items, i);
      gint64 id = parse_item_id (member_string (item, "id"));
      const char *stream = member_string (member_object (item, "origin"), "streamId");
      gboolean is_read, is_starred;
      GPtrArray *group;

      if (id == 0)
        {
          g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                       _ ("The sync server sent an item without a valid id (“%s”)"),
                       member_string (item, "id") ? member_string (item, "id") : "");
          return FALSE;
        }
      c->stats.items++;
      *out_max = MAX (*out_max, crawl_usec (item, id));
      *out_min = *out_min == 0 ? crawl_usec (item, id) : MIN (*out_min, crawl_usec (item, id));
      if (stream == NULL || !g_hash_table_contains (sources, stream))
        continue; /* a feed not subscribed any more */
      group = g_hash_table_lookup (groups, stream);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (groups, (gpointer) stream, group);
        }
      g_ptr_array_add (group, article_from_item (item, id, &is_read, &is_starred));
      g_array_append_val (ids, id);
      g_array_append_val (read, is_read);
      g_array_append_val (starred, is_starred);
      g_array_append_val (crawl, ((gint64){ crawl_usec (item, id) }));
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VigilSource *source = g_hash_table_lookup (sources, key);
      guint n_new = 0;
      gboolean ok;

      if (c->self->ingest)
        ok = c->self->ingest (source, value, source->first_fetch == 0, &n_new, c->self->ingest_data,
                              error);
      else
        ok = default_ingest (c->self->store, source, value, &n_new, error);
      if (!ok)
        return FALSE;
      c->stats.new_articles += n_new;
    }
  return vigil_store_sync_apply_states (c->self->store, c->account_id, ids, read, starred, crawl,
                                        error);
}

/* Walks the reading list newest first from continuation cont (NULL: the
 * top) while *budget lasts. stop_at > 0: stops after the page that reaches
 * an item that old (what the last sync stored). After each page the
 * position is saved (when save_position), so a sync cut short resumes there.
 * *out_cont: where the walk stopped (NULL: at the end of the list, or at
 * stop_at). */
static gboolean
walk (Conn *c, const char *cont, gint64 stop_at, guint *budget, gboolean save_position,
      GHashTable *sources, char **out_cont, GError **error)
{
  g_autofree char *position = g_strdup (cont);

  *out_cont = NULL;
  while (*budget > 0)
    {
      g_autoptr (GString) form = g_string_new (NULL);
      g_autoptr (JsonNode) page = NULL;
      JsonArray *items;
      guint n = MIN (c->self->page_size, *budget);
      gint64 newest = 0, oldest = 0;
      char count[16];
      g_autofree char *next = NULL;

      g_snprintf (count, sizeof count, "%u", n);
      form_add (form, "n", count);
      if (position)
        form_add (form, "c", position);
      /* Only what arrived since the newest item stored (ot: seconds), so a
       * sync with nothing new is one short answer. */
      if (stop_at > 0)
        {
          char since[32];
          g_snprintf (since, sizeof since, "%" G_GINT64_FORMAT, stop_at / G_USEC_PER_SEC);
          form_add (form, "ot", since);
        }
      page = call_json (c, "reader/api/0/stream/contents/" STATE_READING_LIST, form->str, error);
      if (page == NULL)
        return FALSE;
      items = member_array (json_node_get_object (page), "items");
      if (items == NULL)
        {
          g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                       _ ("The sync server sent data that could not be read: %s"),
                       _ ("no items in the reading list"));
          return FALSE;
        }
      c->stats.pages++;
      if (!store_page (c, items, sources, &newest, &oldest, error))
        return FALSE;
      *budget -= MIN (*budget, MAX (json_array_get_length (items), 1));
      next = member_dup_text (json_node_get_object (page), "continuation");
      g_free (position);
      position
          = next && *next && json_array_get_length (items) > 0 ? g_steal_pointer (&next) : NULL;
      if (stop_at > 0 && oldest > 0 && oldest <= stop_at)
        g_clear_pointer (&position, g_free);
      if (!vigil_store_set_account_cursor (c->self->store, c->account_id, save_position, position,
                                           newest, error))
        return FALSE;
      if (c->self->page_func)
        c->self->page_func (c->account_id, c->stats.items, c->self->page_data);
      if (position == NULL)
        break;
    }
  *out_cont = g_steal_pointer (&position);
  return TRUE;
}

/* The ids of a stream (all of them, page after page). */
static GArray *
stream_ids (Conn *c, const char *stream, const char *exclude, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *position = NULL;

  for (guint page = 0; page < MAX_ID_PAGES; page++)
    {
      g_autoptr (GString) form = g_string_new (NULL);
      g_autoptr (JsonNode) answer = NULL;
      JsonArray *refs;
      g_autofree char *next = NULL;

      form_add (form, "s", stream);
      if (exclude)
        form_add (form, "xt", exclude);
      form_add (form, "n", "10000");
      if (position)
        form_add (form, "c", position);
      answer = call_json (c, "reader/api/0/stream/items/ids", form->str, error);
      if (answer == NULL)
        return NULL;
      refs = member_array (json_node_get_object (answer), "itemRefs");
      for (guint i = 0; refs && i < json_array_get_length (refs); i++)
        {
          g_autofree char *text = member_dup_text (array_object (refs, i), "id");
          gint64 id = parse_item_id (text);
          if (id != 0)
            g_array_append_val (ids, id);
        }
      next = member_dup_text (json_node_get_object (answer), "continuation");
      if (next == NULL || *next == '\0' || refs == NULL || json_array_get_length (refs) == 0)
        return g_steal_pointer (&ids);
      g_free (position);
      position = g_steal_pointer (&next);
    }
  return g_steal_pointer (&ids);
}

static GHashTable *
account_sources (VigilSync *self, gint64 account_id, GError **error)
{
  g_autoptr (GPtrArray) all = vigil_store_list_sources (self->store, error);
  GHashTable *sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; all && i < all->len; i++)
    {
      VigilSource *s = g_ptr_array_index (all, i);
      if (s->account_id == account_id && s->remote_id != NULL)
        g_hash_table_insert (sources, s->remote_id, g_object_ref (s));
    }
  return sources;
}

static Conn *
conn_for_account (VigilSync *self, gint64 account_id, GCancellable *cancellable, GError **error)
{
  g_autoptr (VigilAccount) account = vigil_store_get_account (self->store, account_id, NULL);
  g_autofree char *password = NULL;
  g_autofree char *api = NULL;
  Conn *c;

  if (account == NULL || g_strcmp0 (account->kind, "greader") != 0)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("There is no sync account %" G_GINT64_FORMAT), account_id);
      return NULL;
    }
  password = table_dup (self, self->passwords, account_id);
  if (password == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_PASSWORD,
                   _ ("No password was given for the account “%s”"), account->name);
      return NULL;
    }
  api = table_dup (self, self->api, account_id);
  c = conn_new (self, account_id, account->name, api ? api : account->server_url, account->user,
                password, cancellable);
  c->auth = table_dup (self, self->auth, account_id);
  return c;
}

static gboolean
run_locked (VigilSync *self, gint64 account_id, VigilSyncStats *out_stats,
            GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = conn_for_account (self, account_id, cancellable, error);
  g_autoptr (VigilAccount) account = NULL;
  g_autoptr (GHashTable) sources = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *cont = NULL;
  g_autoptr (GArray) unread = NULL;
  g_autoptr (GArray) starred = NULL;
  guint budget = self->max_items;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (c == NULL)
    return FALSE;
  account = vigil_store_get_account (self->store, account_id, error);
  if (account == NULL)
    return FALSE;
  /* 1. What the desk did since the last sync: newer than the server's state. */
  if (!send_queue (c, &refused, error))
    goto failed;
  /* 2. Subscriptions and folders. */
  if (!sync_subscriptions (c, error))
    goto failed;
  sources = account_sources (self, account_id, error);
  /* 3. New items, from the top down to what the last sync stored; then, with
   * what the budget leaves, the walk down the older items resumes where it
   * stopped. A first sync walks from the top and saves its position. */
  if (!walk (c, NULL, account->newest_item, &budget, account->newest_item == 0, sources, &cont,
             error))
    goto failed;
  if (account->newest_item != 0 && cont != NULL)
    {
      /* More new items than the budget: the walk resumes below them next time
       * (through the older ones, which are skipped, to the end). */
      if (!vigil_store_set_account_cursor (self->store, account_id, TRUE, cont, 0, error))
        goto failed;
    }
  else if (account->newest_item != 0 && account->continuation != NULL && budget > 0)
    {
      g_clear_pointer (&cont, g_free);
      if (!walk (c, account->continuation, 0, &budget, TRUE, sources, &cont, error))
        goto failed;
    }
  else if (account->newest_item != 0 && account->continuation != NULL)
    cont = g_strdup (account->continuation);
  c->stats.more = cont != NULL;
  /* 4. Read and starred states: the server's, except the desk's changes
   * queued since step 1. */
  unread = stream_ids (c, STATE_READING_LIST, STATE_READ, error);
  if (unread == NULL || !vigil_store_sync_reconcile (self->store, account_id, FALSE, unread, error))
    goto failed;
  starred = stream_ids (c, STATE_STARRED, NULL, error);
  if (starred == NULL
      || !vigil_store_sync_reconcile (self->store, account_id, TRUE, starred, error))
    goto failed;
  if (!vigil_store_sync_first_read_done (self->store, account_id, now, error))
    goto failed;
  c->stats.actions_left = (guint) vigil_store_count_sync_actions (self->store, account_id);
  vigil_store_set_account_result (self->store, account_id, now, refused, NULL);
  if (out_stats)
    *out_stats = c->stats;
  return TRUE;

failed:
  if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    vigil_store_set_account_result (self->store, account_id, 0, (*error)->message, NULL);
  c->stats.actions_left = (guint) vigil_store_count_sync_actions (self->store, account_id);
  if (out_stats)
    *out_stats = c->stats;
  return FALSE;
}

gboolean
vigil_sync_run (VigilSync *self, gint64 account_id, VigilSyncStats *out_stats,
                GCancellable *cancellable, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_SYNC (self), FALSE);
  if (out_stats)
    memset (out_stats, 0, sizeof *out_stats);
  g_mutex_lock (&self->run_lock);
  ok = run_locked (self, account_id, out_stats, cancellable, error);
  /* The end of a sync (the monitor announces its backlog once). */
  if (self->ingest)
    self->ingest (NULL, NULL, FALSE, NULL, self->ingest_data, NULL);
  g_mutex_unlock (&self->run_lock);
  return ok;
}

gint64
vigil_sync_add_account (VigilSync *self, const char *name, const char *server_url, const char *user,
                        const char *password, GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = NULL;
  gint64 id;

  if (name == NULL || *name == '\0' || server_url == NULL || user == NULL || password == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("An account needs a name, a server address, a user and a password"));
      return 0;
    }
  if (!g_str_has_prefix (server_url, "http://") && !g_str_has_prefix (server_url, "https://"))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK,
                   _ ("The sync server address is not valid: %s"), server_url);
      return 0;
    }
  c = conn_new (self, 0, name, server_url, user, password, cancellable);
  if (!login (c, error))
    return 0;
  id = vigil_store_add_account (self->store, "greader", name, c->api, user, error);
  if (id != 0)
    {
      vigil_sync_set_password (self, id, password);
      table_set (self, self->auth, id, c->auth);
      table_set (self, self->api, id, c->api);
    }
  return id;
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VigilSyncStats *stats = g_new0 (VigilSyncStats, 1);
  GError *error = NULL;

  if (vigil_sync_run (source, *(gint64 *) task_data, stats, cancellable, &error))
    g_task_return_pointer (task, stats, g_free);
  else
    {
      g_free (stats);
      g_task_return_error (task, error);
    }
}

void
vigil_sync_run_async (VigilSync *self, gint64 account_id, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vigil_sync_run_async);
  g_task_set_task_data (task, key_new (account_id), g_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
vigil_sync_run_finish (VigilSync *self, GAsyncResult *result, VigilSyncStats *out_stats,
                       GError **error)
{
  g_autofree VigilSyncStats *stats = g_task_propagate_pointer (G_TASK (result), error);

  if (stats == NULL)
    return FALSE;
  if (out_stats)
    *out_stats = *stats;
  return TRUE;
}

/* ---- subscriptions changed from Vigil ---- */

static VigilSource *
synced_source (VigilSync *self, gint64 source_id, GError **error)
{
  g_autoptr (VigilSource) source = vigil_store_get_source (self->store, source_id, NULL);

  if (source == NULL || source->remote_id == NULL || source->account_id == VIGIL_ACCOUNT_LOCAL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("The source is not one of a sync account"));
      return NULL;
    }
  return g_steal_pointer (&source);
}

static gboolean
edit_subscription (Conn *c, const char *action, const char *stream, const char *title,
                   const char *add_folder, const char *remove_folder, GError **error)
{
  g_autoptr (GString) form = g_string_new (NULL);

  form_add (form, "ac", action);
  form_add (form, "s", stream);
  if (title)
    form_add (form, "t", title);
  if (add_folder && *add_folder)
    {
      g_autofree char *label = g_strconcat (LABEL_PREFIX, add_folder, NULL);
      form_add (form, "a", label);
    }
  if (remove_folder && *remove_folder)
    {
      g_autofree char *label = g_strconcat (LABEL_PREFIX, remove_folder, NULL);
      form_add (form, "r", label);
    }
  return call_ok (c, "reader/api/0/subscription/edit", form->str, TRUE, error);
}

static gint64
subscribe_locked (VigilSync *self, gint64 account_id, const char *url, const char *folder,
                  GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = conn_for_account (self, account_id, cancellable, error);
  g_autoptr (GString) form = g_string_new (NULL);
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *type = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *stream, *problem;
  gint64 id;

  if (c == NULL)
    return 0;
  form_add (form, "quickadd", url);
  body = call (c, "POST", "reader/api/0/subscription/quickadd", form->str, TRUE, &type, error);
  if (body == NULL)
    return 0;
  if (looks_like_html (body, type)
      || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                      (gssize) g_bytes_get_size (body), NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server sent data that could not be read: %s"),
                   _ ("not a JSON object"));
      return 0;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  stream = member_string (o, "streamId");
  problem = member_string (o, "error");
  /* An error comes back as 200 with numResults 0 and the reason. */
  if (problem != NULL || member_int (o, "numResults") == 0 || stream == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED,
                   _ ("The sync server could not subscribe to %s: %s"), url,
                   problem ? problem : _ ("no feed found"));
      return 0;
    }
  if (folder != NULL && *folder
      && !edit_subscription (c, "edit", stream, NULL, folder, NULL, error))
    return 0;
  if (!sync_subscriptions (c, error))
    return 0;
  id = vigil_store_find_synced_source (self->store, account_id, stream);
  if (id == 0)
    g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                 _ ("The sync server does not list the new subscription %s"), stream);
  return id;
}

static gboolean
edit_locked (VigilSync *self, VigilSyncEdit edit, gint64 source_id, const char *arg,
             GCancellable *cancellable, GError **error)
{
  g_autoptr (VigilSource) s = synced_source (self, source_id, error);
  g_autoptr (Conn) c = NULL;

  if (s == NULL)
    return FALSE;
  c = conn_for_account (self, s->account_id, cancellable, error);
  if (c == NULL)
    return FALSE;
  switch (edit)
    {
    case VIGIL_SYNC_UNSUBSCRIBE:
      return edit_subscription (c, "unsubscribe", s->remote_id, NULL, NULL, NULL, error)
             && vigil_store_remove_source (self->store, source_id, error);
    case VIGIL_SYNC_RENAME:
      return edit_subscription (c, "edit", s->remote_id, arg, NULL, NULL, error)
             && vigil_store_edit_source (self->store, source_id, arg, s->folder,
                                         s->interval_minutes, s->load_images, error);
    case VIGIL_SYNC_MOVE:
      /* Out of the old folder ("" moves it out of every folder). */
      if (g_strcmp0 (s->folder, arg) == 0)
        return TRUE;
      return edit_subscription (c, "edit", s->remote_id, NULL, arg, arg && *arg ? NULL : s->folder,
                                error)
             && vigil_store_edit_source (self->store, source_id, s->title, arg, s->interval_minutes,
                                         s->load_images, error);
    case VIGIL_SYNC_SUBSCRIBE:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gint64
vigil_sync_subscribe (VigilSync *self, gint64 account_id, const char *url, const char *folder,
                      GCancellable *cancellable, GError **error)
{
  gint64 id;

  g_mutex_lock (&self->run_lock);
  id = subscribe_locked (self, account_id, url, folder, cancellable, error);
  g_mutex_unlock (&self->run_lock);
  return id;
}

static gboolean
edit (VigilSync *self, VigilSyncEdit what, gint64 source_id, const char *arg,
      GCancellable *cancellable, GError **error)
{
  gboolean ok;

  g_mutex_lock (&self->run_lock);
  ok = edit_locked (self, what, source_id, arg, cancellable, error);
  g_mutex_unlock (&self->run_lock);
  return ok;
}

gboolean
vigil_sync_unsubscribe (VigilSync *self, gint64 source_id, GCancellable *cancellable,
                        GError **error)
{
  return edit (self, VIGIL_SYNC_UNSUBSCRIBE, source_id, NULL, cancellable, error);
}

gboolean
vigil_sync_rename (VigilSync *self, gint64 source_id, const char *title, GCancellable *cancellable,
                   GError **error)
{
  return edit (self, VIGIL_SYNC_RENAME, source_id, title, cancellable, error);
}

gboolean
vigil_sync_move (VigilSync *self, gint64 source_id, const char *folder, GCancellable *cancellable,
                 GError **error)
{
  return edit (self, VIGIL_SYNC_MOVE, source_id, folder ? folder : "", cancellable, error);
}

typedef struct
{
  VigilSyncEdit edit;
  gint64 id;
  char *arg;
  char *arg2;
} EditData;

static void
edit_data_free (EditData *d)
{
  g_free (d->arg);
  g_free (d->arg2);
  g_free (d);
}

static void
edit_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  EditData *d = task_data;
  GError *error = NULL;
  gint64 result;

  if (d->edit == VIGIL_SYNC_SUBSCRIBE)
    result = vigil_sync_subscribe (source, d->id, d->arg, d->arg2, cancellable, &error);
  else
    result = edit (source, d->edit, d->id, d->arg, cancellable, &error) ? 1 : 0;
  if (result == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, result);
}

void
vigil_sync_edit_async (VigilSync *self, VigilSyncEdit what, gint64 id, const char *arg,
                       const char *arg2, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  EditData *d = g_new0 (EditData, 1);

  d->edit = what;
  d->id = id;
  d->arg = g_strdup (arg);
  d->arg2 = g_strdup (arg2);
  g_task_set_source_tag (task, vigil_sync_edit_async);
  g_task_set_task_data (task, d, (GDestroyNotify) edit_data_free);
  g_task_run_in_thread (task, edit_thread);
}

gint64
vigil_sync_edit_finish (VigilSync *self, GAsyncResult *result, GError **error)
{
  gssize v = g_task_propagate_int (G_TASK (result), error);
  return v < 0 ? 0 : v;
}
