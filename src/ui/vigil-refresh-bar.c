/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-refresh-bar.c — a progress bar drawn again, not laid out again, as it moves */
#include "config.h"

#include "vigil-refresh-bar.h"

struct _VigilRefreshBar
{
  GtkWidget parent_instance;
  GtkWidget *trough;
  double fraction;
  gboolean shown;
};

G_DEFINE_FINAL_TYPE (VigilRefreshBar, vigil_refresh_bar, GTK_TYPE_WIDGET)

/* The trough and its progress node take the whole width; the part past the
 * fraction is clipped away. */
static void
vigil_refresh_bar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VigilRefreshBar *self = VIGIL_REFRESH_BAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  float filled = (float) (width * self->fraction);

  /* Hidden or empty, it still gives a node (a clear one): the overlay's node
   * then has the same children whether the bar shows or not. With none, the
   * overlay's node was its main child's alone, and the bar's first and last
   * frames of a refresh were diffed against a node of another shape: the
   * panes under it were drawn again whole (bench-ui: 20-35 ms of the main
   * thread's time for that frame, most of it new pages for a window-sized
   * buffer, against 10-13 ms for the frames about it). */
  if (!self->shown || filled <= 0)
    {
      gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0, 0, 0, 0 },
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }
  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (rtl ? width - filled : 0, 0, filled, height));
  gtk_widget_snapshot_child (widget, self->trough, snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
vigil_refresh_bar_dispose (GObject *object)
{
  VigilRefreshBar *self = VIGIL_REFRESH_BAR (object);

  g_clear_pointer (&self->trough, gtk_widget_unparent);
  G_OBJECT_CLASS (vigil_refresh_bar_parent_class)->dispose (object);
}

static void
vigil_refresh_bar_class_init (VigilRefreshBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_refresh_bar_dispose;
  widget_class->snapshot = vigil_refresh_bar_snapshot;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "progressbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
vigil_refresh_bar_init (VigilRefreshBar *self)
{
  GtkWidget *progress = g_object_new (GTK_TYPE_BOX, "css-name", "progress", "hexpand", TRUE, NULL);

  self->trough = g_object_new (GTK_TYPE_BOX, "css-name", "trough", NULL);
  gtk_box_append (GTK_BOX (self->trough), progress);
  gtk_widget_set_parent (self->trough, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "horizontal");
  /* Hidden until a refresh starts. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0, -1);
}

GtkWidget *
vigil_refresh_bar_new (void)
{
  return g_object_new (VIGIL_TYPE_REFRESH_BAR, NULL);
}

void
vigil_refresh_bar_set_fraction (VigilRefreshBar *self, double fraction)
{
  g_return_if_fail (VIGIL_IS_REFRESH_BAR (self));
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  fraction, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
vigil_refresh_bar_get_fraction (VigilRefreshBar *self)
{
  g_return_val_if_fail (VIGIL_IS_REFRESH_BAR (self), 0.0);
  return self->fraction;
}

void
vigil_refresh_bar_set_shown (VigilRefreshBar *self, gboolean shown)
{
  g_return_if_fail (VIGIL_IS_REFRESH_BAR (self));
  shown = !!shown;
  if (shown == self->shown)
    return;
  self->shown = shown;
  gtk_widget_set_can_target (GTK_WIDGET (self), shown);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, !shown, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
vigil_refresh_bar_get_shown (VigilRefreshBar *self)
{
  g_return_val_if_fail (VIGIL_IS_REFRESH_BAR (self), FALSE);
  return self->shown;
}
