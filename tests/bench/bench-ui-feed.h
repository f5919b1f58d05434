/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-feed.h — the feed bench-ui's local server gives each source on
 * refresh (bench-refresh ingests the same without the window). */
#pragma once

#include <glib.h>

#define BENCH_UI_FRESH 50 /* articles a source brings on refresh */

/* Source n's feed: BENCH_UI_FRESH items of one generated event. */
static inline GString *
bench_ui_feed (guint n)
{
  GString *feed = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                                "<title>Bench</title><link>http://127.0.0.1/</link>");

  for (guint i = 0; i < BENCH_UI_FRESH; i++)
    g_string_append_printf (
        feed,
        "<item><guid>fresh-%u-%u</guid><title>Officials in province %u report rocket attack "
        "near the airport, item %u</title><description>&lt;p&gt;Security forces said a rocket "
        "hit a convoy near Baghdad airport on Tuesday. The embassy urged staff to shelter. "
        "Militia leaders denied any role, the ministry said.&lt;/p&gt;</description></item>",
        n, i, n, i);
  g_string_append (feed, "</channel></rss>");
  return feed;
}
