/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sync-protocol.c — the Google Reader protocol: requests, login, edit token, reading the JSON
 * answers */
#include "config.h"

#include "vigil-sync-private.h"

/* ---- one conversation with the server ---- */

void
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

static char *
trim_slashes (const char *url)
{
  char *s = g_strstrip (g_strdup (url));
  gsize n = strlen (s);

  while (n > 0 && s[n - 1] == '/')
    s[--n] = '\0';
  return s;
}

Conn *
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
void
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
gboolean
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
gboolean
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
      if (c->account_id != 0)
        forget_refused_password (c->self, c->account_id, c->password);
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
GBytes *
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
JsonNode *
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
gboolean
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

const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

gint64
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
char *
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

JsonArray *
member_array (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

JsonObject *
member_object (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

JsonObject *
array_object (JsonArray *a, guint i)
{
  JsonNode *n = json_array_get_element (a, i);
  return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

/* An item id in either form: "tag:google.com,2005:reader/item/<16 hex>" (or
 * the hex alone) or decimal. 0 when it is neither. */
gint64
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
