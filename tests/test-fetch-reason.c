/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's words for a source's errors (issue 18): each kind of technical
 * text the fetcher, GIO and the feed reader leave is told apart and said as
 * a sentence; what is of no known kind is left as it is. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "vigil-fetch-reason.h"

static void
test_classify (void)
{
  static const struct
  {
    const char *technical;
    VigilFetchReason reason;
    guint status;
  } cases[] = {
    { "Error resolving “reliefweb.int”: Name or service not known", VIGIL_FETCH_REASON_NAME, 0 },
    { "Error resolving “x.example”: Temporary failure in name resolution", VIGIL_FETCH_REASON_NAME,
      0 },
    { "Could not connect to 127.0.0.1: Connection refused", VIGIL_FETCH_REASON_REFUSED, 0 },
    { "Socket I/O timed out", VIGIL_FETCH_REASON_TIMEOUT, 0 },
    /* The fetcher's words before GIO's, here in French. */
    { "The server's name could not be resolved (Erreur lors de la résolution de « x.example »)",
      VIGIL_FETCH_REASON_NAME, 0 },
    { "The server refused the connection (Connexion refusée)", VIGIL_FETCH_REASON_REFUSED, 0 },
    { "The server did not answer in time (Délai d’attente dépassé)", VIGIL_FETCH_REASON_TIMEOUT,
      0 },
    { "The server could not be reached (Aucun chemin d’accès pour atteindre l’hôte cible)",
      VIGIL_FETCH_REASON_UNREACHABLE, 0 },
    { "The download was stopped: the server was still sending after 120 s",
      VIGIL_FETCH_REASON_TIMEOUT, 0 },
    { "The secure connection was refused: the server's certificate is not valid (Unacceptable "
      "TLS certificate)",
      VIGIL_FETCH_REASON_TLS, 0 },
    { "The server refused access (HTTP 401 Unauthorized)", VIGIL_FETCH_REASON_ACCESS, 401 },
    { "The server refused access (HTTP 403 Forbidden)", VIGIL_FETCH_REASON_ACCESS, 403 },
    { "The feed was not found on the server (HTTP 404)", VIGIL_FETCH_REASON_NOT_FOUND, 404 },
    { "The feed is gone for good (HTTP 410); the source was disabled", VIGIL_FETCH_REASON_GONE,
      410 },
    { "The server is busy (HTTP 429) and asks us to wait 60 seconds", VIGIL_FETCH_REASON_BUSY,
      429 },
    { "The server is busy (HTTP 503)", VIGIL_FETCH_REASON_BUSY, 503 },
    { "The server answered HTTP 500 Internal Server Error", VIGIL_FETCH_REASON_SERVER, 500 },
    { "The server answered HTTP 502 Bad Gateway", VIGIL_FETCH_REASON_SERVER, 502 },
    { "The server answered HTTP 418 I'm a teapot", VIGIL_FETCH_REASON_HTTP, 418 },
    { "Not a feed: the document's root element is <html>", VIGIL_FETCH_REASON_NOT_A_FEED, 0 },
    { "Not a feed: the document is neither XML nor JSON", VIGIL_FETCH_REASON_NOT_A_FEED, 0 },
    { "Not well-formed XML: Premature end of data", VIGIL_FETCH_REASON_DAMAGED, 0 },
    { "The document is empty", VIGIL_FETCH_REASON_DAMAGED, 0 },
    { "The download was refused: the response is larger than 8 MiB", VIGIL_FETCH_REASON_TOO_LARGE,
      0 },
    { "The server redirects in a loop", VIGIL_FETCH_REASON_REDIRECTS, 0 },
    { "Vigil stopped while reading this source; it will be read again", VIGIL_FETCH_REASON_OTHER,
      0 },
    { "", VIGIL_FETCH_REASON_OTHER, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = 99;
      g_test_message ("%s", cases[i].technical);
      g_assert_cmpint (vigil_fetch_reason_classify (cases[i].technical, &status), ==,
                       cases[i].reason);
      g_assert_cmpuint (status, ==, cases[i].status);
    }
  g_assert_cmpint (vigil_fetch_reason_classify (NULL, NULL), ==, VIGIL_FETCH_REASON_OTHER);
}

static void
test_describe (void)
{
  g_autofree char *name
      = vigil_fetch_reason_describe ("Error resolving “reliefweb.int”: Name or service not known");
  g_autofree char *gone
      = vigil_fetch_reason_describe ("The feed was not found on the server (HTTP 404)");
  g_autofree char *server
      = vigil_fetch_reason_describe ("The server answered HTTP 502 Bad Gateway");
  g_autofree char *access
      = vigil_fetch_reason_describe ("The server refused access (HTTP 403 Forbidden)");
  g_autofree char *other = vigil_fetch_reason_describe ("Something nobody foresaw");

  g_assert_cmpstr (name, ==,
                   "The server's name could not be found — check the address or your connection");
  g_assert_cmpstr (gone, ==, "The server answered 404: the feed is no longer at this address");
  g_assert_nonnull (strstr (server, "502"));
  g_assert_nonnull (strstr (access, "403"));
  /* Not the raw text: the desk's words. */
  g_assert_null (strstr (name, "Name or service"));
  g_assert_null (other);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fetch-reason/classify", test_classify);
  g_test_add_func ("/fetch-reason/describe", test_describe);
  return g_test_run ();
}
