/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sparkline.c */
#include "config.h"

#include "vigil-sparkline.h"

#include <glib/gi18n.h>

struct _VigilSparkline
{
  GtkWidget parent_instance;
  guint *counts;
  guint n;
  gboolean spike;
};

G_DEFINE_FINAL_TYPE (VigilSparkline, vigil_sparkline, GTK_TYPE_WIDGET)

#define BAR_WIDTH 6
#define BAR_GAP 2
#define HEIGHT 22

static void
foreground (GtkWidget *widget, GdkRGBA *color)
{
#if GTK_CHECK_VERSION(4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static void
vigil_sparkline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VigilSparkline *self = VIGIL_SPARKLINE (widget);
  int height = gtk_widget_get_height (widget);
  guint max = 1;
  GdkRGBA fg, past, today;
  /* The theme's accent and error colours (Adwaita's named colours). */
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  GdkRGBA error = { 0.88, 0.11, 0.14, 1.0 };

  foreground (widget, &fg);
  past = fg;
  past.alpha *= 0.35;
  today = self->spike ? error : accent;
  for (guint i = 0; i < self->n; i++)
    max = MAX (max, self->counts[i]);
  for (guint i = 0; i < self->n; i++)
    {
      /* A day with nothing still shows a hairline: "zero", not "missing". */
      float h = self->counts[i] == 0 ? 1.0f : MAX (2.0f, (float) height * self->counts[i] / max);
      graphene_rect_t bar = GRAPHENE_RECT_INIT ((float) (i * (BAR_WIDTH + BAR_GAP)),
                                                (float) height - h, BAR_WIDTH, h);
      gtk_snapshot_append_color (snapshot, i + 1 == self->n ? &today : &past, &bar);
    }
}

static void
vigil_sparkline_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                         int *natural, int *minimum_baseline, int *natural_baseline)
{
  VigilSparkline *self = VIGIL_SPARKLINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = self->n > 0 ? (int) (self->n * (BAR_WIDTH + BAR_GAP) - BAR_GAP) : 0;
  else
    *minimum = *natural = HEIGHT;
}

static void
vigil_sparkline_finalize (GObject *object)
{
  g_free (VIGIL_SPARKLINE (object)->counts);
  G_OBJECT_CLASS (vigil_sparkline_parent_class)->finalize (object);
}

static void
vigil_sparkline_class_init (VigilSparklineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vigil_sparkline_finalize;
  widget_class->snapshot = vigil_sparkline_snapshot;
  widget_class->measure = vigil_sparkline_measure;
  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_sparkline_init (VigilSparkline *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
vigil_sparkline_new (void)
{
  return g_object_new (VIGIL_TYPE_SPARKLINE, NULL);
}

void
vigil_sparkline_set_counts (VigilSparkline *self, const guint *counts, guint n)
{
  GString *text = g_string_new (NULL);

  g_free (self->counts);
  self->counts = g_memdup2 (counts, n * sizeof (guint));
  self->n = n;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%u", i ? ", " : "", counts[i]);
  {
    /* TRANSLATORS: accessible description of a small bar chart; %s is a
     * list of numbers, oldest first */
    g_autofree char *description
        = g_strdup_printf (_ ("Articles a day, oldest first: %s"), text->str);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  }
  g_string_free (text, TRUE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
vigil_sparkline_set_spike (VigilSparkline *self, gboolean spike)
{
  self->spike = spike;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
