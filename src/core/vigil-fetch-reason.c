/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-fetch-reason.c: why a source could not be read, in the desk's words */
#include "config.h"

#include "vigil-fetch-reason.h"

#include <glib/gi18n.h>
#include <string.h>

/* The HTTP status a message names ("… (HTTP 404)", "HTTP 503 …"), or 0. */
static guint
http_status_in (const char *text)
{
  for (const char *p = strstr (text, "HTTP "); p != NULL; p = strstr (p + 1, "HTTP "))
    {
      const char *d = p + 5;
      if (g_ascii_isdigit (d[0]) && g_ascii_isdigit (d[1]) && g_ascii_isdigit (d[2])
          && !g_ascii_isdigit (d[3]))
        return (guint) ((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0'));
    }
  return 0;
}

/* Whether text starts as the message whose format is msgid does, in English
 * or in the desk's language (the feed reader's messages are translated):
 * the format up to its first conversion. */
static gboolean
starts_as (const char *text, const char *msgid)
{
  const char *forms[] = { msgid, _ (msgid) };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      const char *cut = strchr (forms[i], '%');
      gsize len = cut ? (gsize) (cut - forms[i]) : strlen (forms[i]);
      if (len > 0 && strncmp (text, forms[i], len) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has (const char *lower, const char *part)
{
  return strstr (lower, part) != NULL;
}

VigilFetchReason
vigil_fetch_reason_classify (const char *technical, guint *http_status)
{
  g_autofree char *lower = NULL;
  guint status;

  if (http_status)
    *http_status = 0;
  if (technical == NULL || *technical == '\0')
    return VIGIL_FETCH_REASON_OTHER;
  lower = g_ascii_strdown (technical, -1);
  status = http_status_in (technical);
  if (http_status)
    *http_status = status;

  /* The fetcher's own messages (vigil-fetcher.c), untranslated. */
  if (has (lower, "certificate") || has (lower, "tls ") || has (lower, "tls:"))
    return VIGIL_FETCH_REASON_TLS;
  if (has (lower, "server is busy") || status == 429 || status == 503
      || has (lower, "asks us to wait") || has (lower, "asked us to wait"))
    return VIGIL_FETCH_REASON_BUSY;
  if (status == 401 || status == 403)
    return VIGIL_FETCH_REASON_ACCESS;
  if (status == 404)
    return VIGIL_FETCH_REASON_NOT_FOUND;
  if (status == 410)
    return VIGIL_FETCH_REASON_GONE;
  if (status >= 500 && status < 600)
    return VIGIL_FETCH_REASON_SERVER;
  if (status != 0)
    return VIGIL_FETCH_REASON_HTTP;
  if (has (lower, "larger than") || starts_as (technical, "The document is too large"))
    return VIGIL_FETCH_REASON_TOO_LARGE;
  if (has (lower, "redirect"))
    return VIGIL_FETCH_REASON_REDIRECTS;
  if (has (lower, "still sending after"))
    return VIGIL_FETCH_REASON_TIMEOUT;

  /* The fetcher's words before GIO's (said_plainly in vigil-fetcher.c). */
  if (has (lower, "name could not be resolved"))
    return VIGIL_FETCH_REASON_NAME;
  if (has (lower, "refused the connection"))
    return VIGIL_FETCH_REASON_REFUSED;
  if (has (lower, "did not answer in time"))
    return VIGIL_FETCH_REASON_TIMEOUT;
  if (has (lower, "could not be reached"))
    return VIGIL_FETCH_REASON_UNREACHABLE;

  /* GIO's and libsoup's (the resolver, the socket), in English: errors
   * stored before the fetcher said them plainly. */
  if (has (lower, "error resolving") || has (lower, "name or service not known")
      || has (lower, "temporary failure in name resolution") || has (lower, "no address associated")
      || has (lower, "could not resolve"))
    return VIGIL_FETCH_REASON_NAME;
  if (has (lower, "connection refused"))
    return VIGIL_FETCH_REASON_REFUSED;
  if (has (lower, "timed out") || has (lower, "timeout"))
    return VIGIL_FETCH_REASON_TIMEOUT;

  /* The feed reader's (vigil-feed-parser.c), translated. */
  if (starts_as (technical, "Not a feed: the document's root element is <%s>")
      || starts_as (technical, "Not a feed: the document is neither XML nor JSON"))
    return VIGIL_FETCH_REASON_NOT_A_FEED;
  if (starts_as (technical, "Not well-formed XML%s%s")
      || starts_as (technical, "The document is empty")
      || starts_as (technical, "The document is not valid %s text"))
    return VIGIL_FETCH_REASON_DAMAGED;
  return VIGIL_FETCH_REASON_OTHER;
}

char *
vigil_fetch_reason_describe (const char *technical)
{
  guint status = 0;

  switch (vigil_fetch_reason_classify (technical, &status))
    {
    case VIGIL_FETCH_REASON_NAME:
      return g_strdup (
          _ ("The server's name could not be found — check the address or your connection"));
    case VIGIL_FETCH_REASON_UNREACHABLE:
      return g_strdup (_ ("The server could not be reached — check your connection"));
    case VIGIL_FETCH_REASON_REFUSED:
      return g_strdup (_ ("The server refused the connection — the site may be down"));
    case VIGIL_FETCH_REASON_TIMEOUT:
      return g_strdup (_ ("The server took too long to answer — it may be overloaded"));
    case VIGIL_FETCH_REASON_TLS:
      return g_strdup (_ ("The server's certificate is not valid — the connection may be "
                          "intercepted, or the site misconfigured"));
    case VIGIL_FETCH_REASON_ACCESS:
      /* TRANSLATORS: %u is an HTTP status, 401 or 403 */
      return g_strdup_printf (
          _ ("The server answered %u: access is refused — the feed may need a sign-in"), status);
    case VIGIL_FETCH_REASON_NOT_FOUND:
      return g_strdup (_ ("The server answered 404: the feed is no longer at this address"));
    case VIGIL_FETCH_REASON_GONE:
      return g_strdup (_ ("The server answered 410: the feed was removed for good"));
    case VIGIL_FETCH_REASON_BUSY:
      return g_strdup (_ ("The server is busy and asked to be left alone for a while — Vigil "
                          "will try again later"));
    case VIGIL_FETCH_REASON_SERVER:
      /* TRANSLATORS: %u is an HTTP status from 500 to 599 */
      return g_strdup_printf (
          _ ("The server answered %u: it has a fault of its own — Vigil will try again"), status);
    case VIGIL_FETCH_REASON_HTTP:
      /* TRANSLATORS: %u is an HTTP status */
      return g_strdup_printf (_ ("The server answered %u instead of the feed"), status);
    case VIGIL_FETCH_REASON_NOT_A_FEED:
      return g_strdup (_ ("The address gives no feed — it may be a web page; edit the address"));
    case VIGIL_FETCH_REASON_DAMAGED:
      return g_strdup (_ ("The feed is damaged or empty — the site's feed may be broken"));
    case VIGIL_FETCH_REASON_TOO_LARGE:
      return g_strdup (_ ("The feed is too large to read"));
    case VIGIL_FETCH_REASON_REDIRECTS:
      return g_strdup (_ ("The server sends Vigil in circles or to a bad address"));
    case VIGIL_FETCH_REASON_OTHER:
    default:
      return NULL;
    }
}
