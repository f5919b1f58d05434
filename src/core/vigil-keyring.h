/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-keyring.h: a sync account's password in the desktop keyring.
 *
 * Kept by libsecret (the Secret service, or the Secret portal inside the
 * Flatpak), under the schema io.github.vigildesk.Vigil.SyncAccount with the
 * attributes "server" (the API address the account stores) and "user". Shared
 * by vigil-cli and the application, so that an account added by one is synced
 * by the other. Without libsecret at build time every call says so and nothing
 * is kept anywhere else. The calls block: use them from a worker thread in a
 * window.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether this build has libsecret at all (a keyring may still be missing at
 * run time: the calls below then fail with the reason). */
gboolean vigil_keyring_supported (void);
/* Keeps password for (server, user); name labels the entry for the desk. */
gboolean vigil_keyring_store (const char *name, const char *server, const char *user,
                              const char *password, GCancellable *cancellable, GError **error);
/* The password, or NULL (none kept, or no keyring: error says which when set). */
char *vigil_keyring_lookup (const char *server, const char *user, GCancellable *cancellable,
                            GError **error);
/* Forgets it (an account removed); TRUE also when there was none. */
gboolean vigil_keyring_clear (const char *server, const char *user, GCancellable *cancellable,
                              GError **error);

G_END_DECLS
