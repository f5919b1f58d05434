/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-a11y.h: names for screen readers.
 *
 * GTK 4.8 names an icon-only button after its icon widget ("GtkImage") and a
 * button with a mnemonic after its raw label and its text ("_Dismiss
 * Dismiss"); the words a sighted user reads are only in the tooltip. These
 * give every button, menu button and search entry under a widget the name a
 * person would say: a button with text, its label widget's text alone (GTK's
 * raw mnemonic label dropped); else the text of the label inside it, else its
 * tooltip without the shortcut hint ("Refresh All Sources (Ctrl+R)" ->
 * "Refresh All Sources"); an entry, its placeholder; a drop-down's button, the
 * drop-down's tooltip.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Labels the buttons and entries of widget and everything in it. */
void vigil_a11y_label_tree (GtkWidget *widget);
/* Labels every button and entry as it is shown, wherever it was made (a
 * toast's close button, a row's): once, before the first window. */
void vigil_a11y_install (void);
/* Labels one widget with text (mnemonic marks and a shortcut hint dropped). */
void vigil_a11y_set_label (GtkWidget *widget, const char *text);

G_END_DECLS
