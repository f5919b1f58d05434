/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sparkline.c — the daily-counts chart: its size, its bars and colours, its accessible
 * description */
#include <gtk/gtk.h>

#include "vigil-sparkline.h"

#define HEIGHT 22 /* the widget's height */
#define STEP 8    /* a bar and its gap */

typedef struct
{
  graphene_rect_t bounds;
  GdkRGBA color;
} Bar;

static void
collect_bars (GskRenderNode *node, GArray *bars)
{
  if (node == NULL)
    return;
  if (gsk_render_node_get_node_type (node) == GSK_CONTAINER_NODE)
    for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
      collect_bars (gsk_container_node_get_child (node, i), bars);
  else
    {
      Bar bar;
      g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_COLOR_NODE);
      gsk_render_node_get_bounds (node, &bar.bounds);
      bar.color = *gsk_color_node_get_color (node);
      g_array_append_val (bars, bar);
    }
}

/* The sparkline with these counts, measured, allocated its natural size and
 * drawn: its bars, left to right. */
static GArray *
draw (GtkWidget *chart, const guint *counts, guint n, gboolean spike, int *width)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  int min_w, nat_w, min_h, nat_h;

  vigil_sparkline_set_counts (VIGIL_SPARKLINE (chart), counts, n);
  vigil_sparkline_set_spike (VIGIL_SPARKLINE (chart), spike);
  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, -1, &min_h, &nat_h, NULL, NULL);
  g_assert_cmpint (min_w, ==, nat_w);
  g_assert_cmpint (min_h, ==, HEIGHT);
  g_assert_cmpint (nat_h, ==, HEIGHT);
  *width = nat_w;
  gtk_widget_allocate (chart, nat_w, nat_h, -1, NULL);
  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  collect_bars (node, bars);
  g_clear_pointer (&node, gsk_render_node_unref);
  return bars;
}

static void
assert_bar (const Bar *bar, guint index, float height)
{
  g_assert_cmpfloat_with_epsilon (bar->bounds.origin.x, index * STEP, 0.001);
  g_assert_cmpfloat_with_epsilon (bar->bounds.size.width, STEP - 2, 0.001);
  g_assert_cmpfloat_with_epsilon (bar->bounds.size.height, height, 0.001);
  /* Standing on the bottom edge. */
  g_assert_cmpfloat_with_epsilon (bar->bounds.origin.y + bar->bounds.size.height, HEIGHT, 0.001);
}

static GtkWidget *
new_chart (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = vigil_sparkline_new ();

  gtk_window_set_child (GTK_WINDOW (window), chart);
  return chart;
}

static void
destroy_chart (GtkWidget *chart)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (chart)));
}

/* Bars as tall as their share of the largest count, a hairline for a day with
 * none, at least 2 px for a day with some; the last bar (today) in the accent
 * colour, the others in one faint colour. */
static void
test_bars (void)
{
  GtkWidget *chart = new_chart ();
  const guint counts[] = { 0, 5, 10, 1, 20 };
  g_autoptr (GArray) bars = NULL;
  int width;
  const Bar *b;

  bars = draw (chart, counts, G_N_ELEMENTS (counts), FALSE, &width);
  g_assert_cmpint (width, ==, 5 * STEP - 2);
  g_assert_cmpuint (bars->len, ==, 5);
  b = (const Bar *) bars->data;
  assert_bar (&b[0], 0, 1);      /* none: a hairline */
  assert_bar (&b[1], 1, 5.5);    /* 22 × 5 / 20 */
  assert_bar (&b[2], 2, 11);     /* 22 × 10 / 20 */
  assert_bar (&b[3], 3, 2);      /* 1.1 px would not show: 2 */
  assert_bar (&b[4], 4, HEIGHT); /* the largest: full height */
  for (guint i = 1; i < 4; i++)
    g_assert_true (gdk_rgba_equal (&b[i].color, &b[0].color));
  g_assert_cmpfloat (b[0].color.alpha, >, 0);
  g_assert_cmpfloat (b[0].color.alpha, <, 0.5);
  g_assert_false (gdk_rgba_equal (&b[4].color, &b[0].color));
  g_assert_cmpfloat_with_epsilon (b[4].color.alpha, 1, 0.001);
  /* Blue (the accent), not red. */
  g_assert_cmpfloat (b[4].color.blue, >, b[4].color.red);
  destroy_chart (chart);
}

/* A spike: today's bar in the error colour, the others unchanged. */
static void
test_spike (void)
{
  GtkWidget *chart = new_chart ();
  const guint counts[] = { 2, 2, 9 };
  g_autoptr (GArray) calm = NULL;
  g_autoptr (GArray) spike = NULL;
  int width;
  const Bar *c, *s;

  calm = draw (chart, counts, G_N_ELEMENTS (counts), FALSE, &width);
  spike = draw (chart, counts, G_N_ELEMENTS (counts), TRUE, &width);
  g_assert_cmpuint (spike->len, ==, 3);
  c = (const Bar *) calm->data;
  s = (const Bar *) spike->data;
  g_assert_true (gdk_rgba_equal (&s[0].color, &c[0].color));
  g_assert_true (gdk_rgba_equal (&s[1].color, &c[1].color));
  g_assert_false (gdk_rgba_equal (&s[2].color, &c[2].color));
  g_assert_cmpfloat (s[2].color.red, >, s[2].color.blue); /* red */
  assert_bar (&s[2], 2, HEIGHT);
  destroy_chart (chart);
}

/* No counts: no width, nothing drawn; all zero: hairlines only. */
static void
test_empty_and_zero (void)
{
  GtkWidget *chart = new_chart ();
  const guint zeros[] = { 0, 0, 0, 0 };
  g_autoptr (GArray) none = NULL;
  g_autoptr (GArray) flat = NULL;
  int width;

  none = draw (chart, NULL, 0, FALSE, &width);
  g_assert_cmpint (width, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);
  flat = draw (chart, zeros, G_N_ELEMENTS (zeros), FALSE, &width);
  g_assert_cmpint (width, ==, 4 * STEP - 2);
  g_assert_cmpuint (flat->len, ==, 4);
  for (guint i = 0; i < flat->len; i++)
    assert_bar (&g_array_index (flat, Bar, i), i, 1);
  destroy_chart (chart);
}

/* The counts are the chart's accessible description: not for the eyes only. */
static void
test_accessible (void)
{
  GtkWidget *chart = new_chart ();
  const guint counts[] = { 3, 0, 12 };
  const guint more[] = { 7 };

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  vigil_sparkline_set_counts (VIGIL_SPARKLINE (chart), counts, G_N_ELEMENTS (counts));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Articles a day, oldest first: 3, 0, 12");
  vigil_sparkline_set_counts (VIGIL_SPARKLINE (chart), more, G_N_ELEMENTS (more));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Articles a day, oldest first: 7");
  destroy_chart (chart);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sparkline/bars", test_bars);
  g_test_add_func ("/sparkline/spike", test_spike);
  g_test_add_func ("/sparkline/empty-and-zero", test_empty_and_zero);
  g_test_add_func ("/sparkline/accessible", test_accessible);
  return g_test_run ();
}
