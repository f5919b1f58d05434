/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-keyring.c */
#include "config.h"

#include "vigil-keyring.h"

#include <glib/gi18n.h>

#if HAVE_LIBSECRET
#include <libsecret/secret.h>

static const SecretSchema *
sync_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.vigildesk.Vigil.SyncAccount",
    SECRET_SCHEMA_NONE,
    {
        { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };
  return &schema;
}
#else
static gboolean
unsupported (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _ ("Vigil was built without libsecret: it cannot use the desktop keyring"));
  return FALSE;
}
#endif

gboolean
vigil_keyring_supported (void)
{
  return HAVE_LIBSECRET;
}

gboolean
vigil_keyring_store (const char *name, const char *server, const char *user, const char *password,
                     GCancellable *cancellable, GError **error)
{
#if HAVE_LIBSECRET
  /* TRANSLATORS: the keyring entry's label; %s is the account's name */
  g_autofree char *label = g_strdup_printf (_ ("Vigil sync account “%s”"), name);
  return secret_password_store_sync (sync_secret_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     password, cancellable, error, "server", server, "user", user,
                                     NULL);
#else
  (void) name, (void) server, (void) user, (void) password, (void) cancellable;
  return unsupported (error);
#endif
}

char *
vigil_keyring_lookup (const char *server, const char *user, GCancellable *cancellable,
                      GError **error)
{
#if HAVE_LIBSECRET
  char *secret = secret_password_lookup_sync (sync_secret_schema (), cancellable, error, "server",
                                              server, "user", user, NULL);
  char *copy;

  if (secret == NULL)
    return NULL;
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
#else
  (void) server, (void) user, (void) cancellable;
  unsupported (error);
  return NULL;
#endif
}

gboolean
vigil_keyring_clear (const char *server, const char *user, GCancellable *cancellable,
                     GError **error)
{
#if HAVE_LIBSECRET
  g_autoptr (GError) local = NULL;

  secret_password_clear_sync (sync_secret_schema (), cancellable, &local, "server", server, "user",
                              user, NULL);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
#else
  (void) server, (void) user, (void) cancellable;
  return unsupported (error);
#endif
}
