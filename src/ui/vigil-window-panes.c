/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-panes.c — moving between the window's panes with the keyboard (issue 18).
 *
 * The panes, in reading order: the sources (sidebar), the article list, the
 * article (or the Today overview). F6 and Shift+F6 go to the next or previous
 * shown pane, as in GNOME's applications; Tab and Shift+Tab leave a list for
 * what comes next or before it instead of walking through every one of its
 * rows (GTK's lists take Tab row by row); the arrows move within a list. In
 * both lists the arrows move the focus only: a view (or an article) is opened
 * when its row is activated (Enter, Space, a click), not at each step on the
 * way to it. */
#include "config.h"

#include "vigil-window-private.h"

#include "vigil-article-view.h"

enum
{
  PANE_SOURCES,
  PANE_LIST,
  PANE_ARTICLE,
  N_PANES
};

static GtkWidget *
pane_widget (VigilWindow *self, int pane)
{
  switch (pane)
    {
    case PANE_SOURCES:
      return self->sidebar_pane;
    case PANE_LIST:
      return self->list_pane;
    default:
      return GTK_WIDGET (self->detail_stack);
    }
}

/* The pane that holds the focus, or -1 (the header bar, a toast). */
static int
focused_pane (VigilWindow *self, GtkWidget *focus)
{
  for (int pane = 0; focus != NULL && pane < N_PANES; pane++)
    {
      GtkWidget *w = pane_widget (self, pane);
      if (focus == w || gtk_widget_is_ancestor (focus, w))
        return pane;
    }
  return -1;
}

/* Gives the pane the focus where the desk left it: the sources' open view,
 * the list's current row, the article's text. FALSE when it is hidden or has
 * nothing to focus. */
static gboolean
focus_pane (VigilWindow *self, int pane)
{
  GtkWidget *w = pane_widget (self, pane);

  if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w)
      || !gtk_widget_get_mapped (w))
    return FALSE;
  switch (pane)
    {
    case PANE_SOURCES:
      {
        GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sources_list);
        if (row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)))
          return gtk_widget_grab_focus (GTK_WIDGET (row));
        return gtk_widget_child_focus (GTK_WIDGET (self->sources_list), GTK_DIR_TAB_FORWARD);
      }
    case PANE_LIST:
      /* The list keeps its current row (the one shown, or the last focused). */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "list") == 0
          && gtk_widget_child_focus (GTK_WIDGET (self->article_list), GTK_DIR_TAB_FORWARD))
        return TRUE;
      return gtk_widget_child_focus (w, GTK_DIR_TAB_FORWARD);
    default:
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "article") == 0
          && vigil_article_view_get_article (self->article_view) != NULL)
        {
          /* The text itself, where a screen reader reads and the arrows scroll. */
          GtkWidget *web = GTK_WIDGET (vigil_article_view_get_web_view (self->article_view));
          if (gtk_widget_get_mapped (web) && gtk_widget_grab_focus (web))
            return TRUE;
        }
      return gtk_widget_child_focus (w, GTK_DIR_TAB_FORWARD);
    }
}

/* F6 (forward) or Shift+F6: the next shown pane that takes the focus, round. */
static gboolean
cycle_panes (VigilWindow *self, gboolean forward)
{
  int from = focused_pane (self, gtk_root_get_focus (GTK_ROOT (self)));
  int step = forward ? 1 : N_PANES - 1;
  int pane = from;

  if (from < 0)
    pane = forward ? N_PANES - 1 : 0; /* outside: the first (or last) pane next */
  for (int i = 0; i < N_PANES; i++)
    {
      pane = (pane + step) % N_PANES;
      if (pane == from)
        break;
      if (focus_pane (self, pane))
        return TRUE;
    }
  return from >= 0;
}

/* Tab from a list's row: the focus goes where it would if the list were one
 * stop, not row after row. The list stops taking the focus for that one
 * move, so the window's own focus chain finds what comes after (or before) it
 * — the next pane's first control, or the header bar. */
static gboolean
leave_list (VigilWindow *self, GtkWidget *list, GtkDirectionType direction)
{
  gboolean moved;

  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (self), direction);
  if (!moved)
    {
      /* Past the last (or first) stop: round to the other end, as GTK does. */
      gtk_root_set_focus (GTK_ROOT (self), NULL);
      moved = gtk_widget_child_focus (GTK_WIDGET (self), direction);
    }
  gtk_widget_set_can_focus (list, TRUE);
  return moved;
}

/* The list (of the two) the focus is in, or NULL. */
static GtkWidget *
focused_list (VigilWindow *self, GtkWidget *focus)
{
  GtkWidget *lists[] = { GTK_WIDGET (self->sources_list), GTK_WIDGET (self->article_list) };

  for (guint i = 0; focus != NULL && i < G_N_ELEMENTS (lists); i++)
    if (focus == lists[i] || gtk_widget_is_ancestor (focus, lists[i]))
      return lists[i];
  return NULL;
}

/* Before any widget sees the key (capture phase on the window). */
static gboolean
on_window_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
               VigilWindow *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkWidget *list;

  if ((keyval == GDK_KEY_F6 || keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab
       || keyval == GDK_KEY_KP_Tab)
      && (mods & ~GDK_SHIFT_MASK) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_F6:
      /* A key moved the focus: its ring shows, as after Tab (GTK shows it only
       * after its own keyboard moves). */
      gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
      return cycle_panes (self, (mods & GDK_SHIFT_MASK) == 0);
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      list = focused_list (self, gtk_root_get_focus (GTK_ROOT (self)));
      if (list == NULL)
        return FALSE; /* entries, buttons, the article: GTK's (and WebKit's) own */
      gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
      return leave_list (self, list,
                         (mods & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab
                             ? GTK_DIR_TAB_BACKWARD
                             : GTK_DIR_TAB_FORWARD);
    default:
      return FALSE;
    }
}

/* The sidebar's arrows: the focus moves, the selection (the open view) stays
 * until a row is activated. GtkListBox moves without selecting when asked to
 * "modify" (its Ctrl+arrow), which is what plain arrows do here. */
static gboolean
on_sidebar_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
                VigilWindow *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkMovementStep step;
  int count;

  if (mods != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step = GTK_MOVEMENT_DISPLAY_LINES, count = -1;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step = GTK_MOVEMENT_DISPLAY_LINES, count = 1;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      step = GTK_MOVEMENT_BUFFER_ENDS, count = -1;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      step = GTK_MOVEMENT_BUFFER_ENDS, count = 1;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      step = GTK_MOVEMENT_PAGES, count = -1;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      step = GTK_MOVEMENT_PAGES, count = 1;
      break;
    default:
      return FALSE;
    }
  g_signal_emit_by_name (self->sources_list, "move-cursor", step, count, FALSE, TRUE);
  return TRUE;
}

/* The position of the article list's row widget (a GtkListView child), or
 * GTK_INVALID_LIST_POSITION. */
static guint
list_row_position (GtkWidget *list_row)
{
  GtkWidget *row = gtk_widget_get_first_child (list_row);
  GtkListItem *item = row ? g_object_get_data (G_OBJECT (row), "vigil-list-item") : NULL;

  return item != NULL ? gtk_list_item_get_position (item) : GTK_INVALID_LIST_POSITION;
}

/* The article list's rows: the focus moves to another row (scrolled to it),
 * the selection (the article shown) stays until a row is activated. What GTK
 * does on Ctrl+arrow, on the plain arrows. */
static gboolean
on_list_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
             VigilWindow *self)
{
  GtkWidget *list = GTK_WIDGET (self->article_list);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  guint from = GTK_INVALID_LIST_POSITION, to;
  int page = 1;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || n == 0)
    return FALSE;
  /* The row that has the focus (or holds the widget that has it). */
  while (focus != NULL && gtk_widget_get_parent (focus) != list)
    focus = gtk_widget_get_parent (focus);
  if (focus != NULL)
    from = list_row_position (focus);
  if (from == GTK_INVALID_LIST_POSITION)
    return FALSE;
  {
    /* A page: as many rows as the list shows of the focused one's height. */
    GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
    int height = gtk_widget_get_height (focus);
    if (scroll != NULL && height > 0)
      page = MAX (1, (int) (gtk_adjustment_get_page_size (scroll) / height) - 1);
  }
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      to = from > 0 ? from - 1 : 0;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      to = MIN (from + 1, n - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      to = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      to = n - 1;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      to = from > (guint) page ? from - (guint) page : 0;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      to = MIN (from + (guint) page, n - 1);
      break;
    default:
      return FALSE;
    }
  /* Scrolled to first: a row far away has no widget until then. */
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", to);
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    if (list_row_position (c) == to)
      {
        gtk_widget_grab_focus (c);
        break;
      }
  return TRUE;
}

void
vigil_window_panes_init (VigilWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_window_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_sidebar_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->sources_list), keys);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->article_list), keys);
}
