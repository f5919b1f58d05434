/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-url.c */
#include "config.h"

#include "vigil-url.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* The podcast clients' names for web addresses: "feed://host/path" means
 * http://host/path, "feed:https://host/path" the address after the colon. */
static const struct
{
  const char *scheme;
  const char *web;
} aliases[] = {
  { "feed", "http" },
  { "feeds", "https" },
  { "itpc", "http" },
  { "pcast", "http" },
};

static gboolean
is_web_scheme (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

/* Parsed without decoding its escapes: an address is checked, never rewritten
 * through GUri (which would turn %26 into a parameter-splitting &). */
#define URI_CHECK_FLAGS (G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED)

/* "example.org:8080/feed", "localhost:8000": a host and port typed without a
 * scheme, which g_uri_parse_scheme() would take for one. */
static gboolean
looks_like_host_and_port (const char *url, const char *scheme)
{
  const char *after = url + strlen (scheme);
  return strchr (scheme, '.') != NULL || g_ascii_strcasecmp (scheme, "localhost") == 0
         || (after[0] == ':' && g_ascii_isdigit (after[1]));
}

gboolean
vigil_url_is_web (const char *url)
{
  g_autoptr (GUri) uri = url ? g_uri_parse (url, URI_CHECK_FLAGS, NULL) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return uri != NULL && is_web_scheme (g_uri_get_scheme (uri)) && host != NULL && *host != '\0';
}

char *
vigil_url_for_subscription (const char *text, gboolean typed, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *url = NULL;
  g_autofree char *scheme = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *host;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("The address is empty"));
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("The address is not valid text (not UTF-8)"));
      return NULL;
    }
  for (const char *p = trimmed; *p; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _ ("The address contains spaces or control characters"));
        return NULL;
      }

  url = g_steal_pointer (&trimmed);
  scheme = g_uri_parse_scheme (url);
  if (typed && strstr (url, "://") == NULL
      && (scheme == NULL || looks_like_host_and_port (url, scheme)))
    {
      /* "example.org/feed" as pasted from a browser's address bar. */
      char *with_scheme = g_strconcat ("https://", url, NULL);
      g_free (url);
      url = with_scheme;
      g_free (scheme);
      scheme = g_strdup ("https");
    }
  for (guint i = 0; scheme != NULL && i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (scheme, aliases[i].scheme) == 0)
      {
        const char *rest = url + strlen (scheme) + 1;
        g_autofree char *inner = g_uri_parse_scheme (rest);
        char *rewritten = inner != NULL && is_web_scheme (inner)
                              ? g_strdup (rest) /* feed:https://… */
                              : g_strconcat (aliases[i].web, ":", rest, NULL);
        g_free (url);
        url = rewritten;
        g_free (scheme);
        scheme = g_uri_parse_scheme (url);
        break;
      }
  if (scheme == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Only web addresses (https:// or http://) can be subscribed to, "
                              "and this one is not complete"));
      return NULL;
    }
  if (!is_web_scheme (scheme))
    {
      g_set_error (
          error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
          /* TRANSLATORS: %s is a URL scheme such as "file" or "javascript" */
          _ ("Only web addresses (https:// or http://) can be subscribed to, not “%s:” addresses"),
          scheme);
      return NULL;
    }
  uri = g_uri_parse (url, URI_CHECK_FLAGS, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("The address names no site"));
      return NULL;
    }
  /* As written, with the scheme in lower case. */
  {
    char *lower = g_ascii_strdown (scheme, -1);
    char *result = g_strconcat (lower, url + strlen (scheme), NULL);
    g_free (lower);
    return result;
  }
}
