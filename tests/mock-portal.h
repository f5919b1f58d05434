/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A mock xdg-desktop-portal for tests: org.freedesktop.portal.Desktop on its
 * own connection to the session bus (run the test inside dbus-run-session),
 * with the Background, FileChooser and OpenURI interfaces. It records each call and
 * answers the way the test says, through a Request's Response signal as the
 * real portal does. */
#pragma once

#include <gio/gio.h>

typedef struct
{
  GDBusConnection *bus;
  guint registrations[3];
  guint owner;
  gboolean named;

  /* How to answer: the response code (0 yes, 1 cancelled, 2 failed) and, for
   * Background, whether background and autostart are granted; for the file
   * chooser, the file picked (NULL: the user cancelled). */
  guint32 response;
  gboolean grant;
  char *file_uri;

  /* What was asked last. */
  guint calls;
  char *method; /* RequestBackground, OpenFile, SaveFile, OpenURI */
  char *parent_window;
  char *title; /* the chooser's title; OpenURI: the address */
  GVariant *options;
} MockPortal;

MockPortal *mock_portal_start (void);
void mock_portal_stop (MockPortal *portal);
