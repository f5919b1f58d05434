/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli-private.h — what the parts of vigil-cli share: input, output, the commands */
#pragma once

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-fetcher.h"
#include "vigil-monitor.h"
#include "vigil-store.h"

/* vigil-cli.c */
/* An asynchronous call made synchronous: keep_result, its callback, keeps
 * its result in data (a GAsyncResult *, NULL until then, a reference the
 * caller drops); wait_for_result runs the main context until it is there. */
void keep_result (GObject *object, GAsyncResult *result, gpointer data);
void wait_for_result (GAsyncResult **result);
gboolean read_input (const char *path, char **out, gsize *len, char **out_base, char **out_charset,
                     GError **error);
void print_json (JsonBuilder *b, gboolean pretty);
VigilStore *open_store (int argc, char **argv, int first_option, GError **error);
/* The store (open_store) and a monitor on it; NULL after saying why. */
VigilMonitor *open_monitor (int argc, char **argv, int first_option, VigilStore **out_store);
/* The subscription list at path (a file, an address or -) imported: how many
 * sources it listed, 0 after saying why; what was left out is said. */
guint import_opml (VigilMonitor *monitor, const char *path);
int usage (void);
/* Says error on stderr; 1, the exit status of a command that failed. */
int fail (const GError *error);

/* vigil-cli-feeds.c */
int cmd_parse (int argc, char **argv);
int cmd_tag (int argc, char **argv);
int cmd_render (int argc, char **argv);
int cmd_discover (int argc, char **argv);

/* vigil-cli-stories.c */
int cmd_stories (int argc, char **argv);

/* vigil-cli-alerts.c */
int cmd_match (int argc, char **argv);
int cmd_dry_run (int argc, char **argv);
/* The monitor's alerts printed as JSON lines on stdout, its summaries too;
 * the backlog it matched said on stderr (watch and sync). */
void watch_print_alerts (VigilMonitor *monitor);
int cmd_watch (int argc, char **argv);

/* vigil-cli-ner.c */
int cmd_train_ner (int argc, char **argv);
int cmd_eval_ner (int argc, char **argv);

/* vigil-cli-accounts.c */
int cmd_opml (int argc, char **argv, gboolean import);
char *keyring_lookup (const char *server, const char *user);
int cmd_account (int argc, char **argv);
int cmd_sync (int argc, char **argv);
