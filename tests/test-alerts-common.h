/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-alerts-common.h: what the alert tests share (test-alerts,
 * test-alerts-rules): the default gazetteer each main loads, an article to match. */
#pragma once

#include <locale.h>
#include <string.h>
#include <time.h>
#include <utime.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-alert-engine.h"
#include "vigil-monitor.h"
#include "vigil-webhook.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"

static VigilGazetteer *gaz;

static inline VigilArticle *
article (const char *title, const char *level)
{
  VigilArticle *a = vigil_article_new ();
  a->id = 42;
  a->title = g_strdup (title);
  a->source_title = g_strdup ("Iraq Security Desk (demo)");
  a->level = g_strdup (level);
  return a;
}

/* The desk's files (rules.tsv, the user's gazetteer) in a directory of
 * this run's own; set before GLib first reads it. (G_TEST_OPTION_ISOLATE_DIRS
 * would do it per test but leaks each test's directory names.) */
static inline void
alerts_test_init (int *argc, char ***argv)
{
  g_free (vigil_test_set_xdg_dirs ());
  g_test_init (argc, argv, NULL);
}

/* Runs the tests with the default gazetteer loaded. */
static inline int
alerts_test_run (void)
{
  g_autoptr (GError) error = NULL;
  int ret;
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
  ret = g_test_run ();
  vigil_gazetteer_unref (gaz);
  return ret;
}
