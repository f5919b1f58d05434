/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-url.h: the addresses a user may subscribe to.
 *
 * Whatever a user types, pastes or imports (Add Source, OPML, vigil-cli) goes
 * through one check: web addresses (http, https) only. The podcast clients'
 * feed:, feeds:, itpc: and pcast: are other names for them and are rewritten;
 * everything else (file:, data:, javascript:, resource:, vigil:…) is refused.
 * The bundled demo sources are not user input and do not come this way.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The http(s) address to subscribe to for text, or NULL with a G_IO_ERROR
 * saying why. typed: text was typed by hand, and "example.org/feed" means
 * https://example.org/feed; addresses read from files must be absolute. */
char *vigil_url_for_subscription (const char *text, gboolean typed, GError **error);

/* Whether url is an absolute http(s) address with a host (a site's address,
 * for instance an outline's htmlUrl). */
gboolean vigil_url_is_web (const char *url);

G_END_DECLS
