/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-rows.c — the article list's rows: their factory, and the
 * article menu a row opens (right click, long press, the Menu key) */
#include "config.h"

#include "vigil-window-list-private.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"
#include "vigil-article-row.h"

static void
on_row_read_changed (VigilArticle *article, GParamSpec *pspec, VigilArticleRow *row)
{
  vigil_article_row_set_article (row, article);
}

static gboolean
unparent_popover (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

/* A menu made for one row goes once it has closed and its item has run.
 * The right button's press had made the row :active, and the menu took its
 * release: the row stayed pressed (looking selected) after its menu. */
void
vigil_window_unparent_when_closed (GtkPopover *popover, gpointer data)
{
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (popover));
       w != NULL && !GTK_IS_LIST_VIEW (w) && !GTK_IS_LIST_BOX (w); w = gtk_widget_get_parent (w))
    gtk_widget_unset_state_flags (w, GTK_STATE_FLAG_ACTIVE);
  g_idle_add (unparent_popover, g_object_ref (popover));
}

/* The article menu (right click or long press on a row, the Menu key in
 * the list): what the desk does to one article without opening it first. */
static GMenuModel *
article_menu_model (VigilArticle *article)
{
  GMenu *menu = g_menu_new ();
  GMenu *open = g_menu_new ();
  GMenu *state = g_menu_new ();
  GMenu *link = g_menu_new ();
  g_autoptr (GMenuItem) show = g_menu_item_new (_ ("_Open"), NULL);

  /* The row's article shown, as Enter or a click would. */
  g_menu_item_set_action_and_target_value (show, "win.show-article",
                                           g_variant_new_int64 (article->id));
  g_menu_append_item (open, show);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  g_menu_append (state, article->read ? _ ("Mark as _Unread") : _ ("Mark as _Read"),
                 "win.toggle-read");
  g_menu_append (state, article->starred ? _ ("Remove _Star") : _ ("_Star"), "win.toggle-star");
  g_menu_append (state, _ ("Mark _Older as Read"), "win.mark-older-read");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (state));
  g_menu_append (link, _ ("_Open Original"), "win.open-in-browser");
  g_menu_append (link, _ ("_Copy Link"), "win.copy-link");
  if (article->cluster_size > 1)
    g_menu_append (link, _ ("Other _Reports of This Story"), "row.show-story");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (link));
  g_object_unref (open);
  g_object_unref (state);
  g_object_unref (link);
  return G_MENU_MODEL (menu);
}

VigilArticle *
vigil_window_target_article (VigilWindow *self)
{
  return self->menu_article ? self->menu_article
                            : gtk_single_selection_get_selected_item (self->selection);
}

typedef struct
{
  VigilWindow *window;
  VigilArticle *article;
} MenuDone;

static gboolean
menu_done (gpointer data)
{
  MenuDone *done = data;

  /* (Unless another row's menu has opened since.) */
  if (done->window->menu_article == done->article)
    g_clear_object (&done->window->menu_article);
  g_object_unref (done->window);
  g_object_unref (done->article);
  g_free (done);
  return G_SOURCE_REMOVE;
}

/* Once the menu's item has run (it runs before the idle), or the menu went
 * with its row: the actions act on the shown article again. */
static void
menu_closed (GtkWidget *popover, VigilWindow *self)
{
  VigilArticle *article = g_object_get_data (G_OBJECT (popover), "vigil-menu-article");
  MenuDone *done;

  if (article == NULL)
    return;
  done = g_new0 (MenuDone, 1);
  done->window = g_object_ref (self);
  done->article = g_object_ref (article);
  g_idle_add (menu_done, done);
}

/* Shows the article menu of the row at position: its items act on that row's
 * article, which is neither opened nor marked read by it (a right click is no
 * reading); x, y in the row, or -1 to point at the row itself. */
void
vigil_window_show_article_menu (VigilWindow *self, GtkWidget *row, guint position, double x,
                                double y)
{
  g_autoptr (VigilArticle) article = NULL;
  g_autoptr (GMenuModel) model = NULL;
  GtkWidget *popover;
  GListModel *list = G_LIST_MODEL (self->selection);

  if (position == GTK_INVALID_LIST_POSITION || position >= g_list_model_get_n_items (list))
    return;
  article = g_list_model_get_item (list, position);
  if (article == NULL)
    return;
  g_set_object (&self->menu_article, article);
  model = article_menu_model (article);
  popover = gtk_popover_menu_new_from_model (model);
  gtk_widget_set_parent (popover, row);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), x >= 0);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  /* Unparented when it closes, after its action has run. */
  g_signal_connect (popover, "closed", G_CALLBACK (vigil_window_unparent_when_closed), NULL);
  g_object_set_data_full (G_OBJECT (popover), "vigil-menu-article", g_object_ref (article),
                          g_object_unref);
  g_signal_connect_object (popover, "closed", G_CALLBACK (menu_closed), self, 0);
  g_signal_connect_object (popover, "destroy", G_CALLBACK (menu_closed), self, 0);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_row_pressed (GtkGestureClick *gesture, int n_press, double x, double y, GtkListItem *item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  VigilWindow *self = VIGIL_WINDOW (gtk_widget_get_root (row));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  vigil_window_show_article_menu (self, row, gtk_list_item_get_position (item), x, y);
}

static void
on_row_long_pressed (GtkGestureLongPress *gesture, double x, double y, GtkListItem *item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  vigil_window_show_article_menu (VIGIL_WINDOW (gtk_widget_get_root (row)), row,
                                  gtk_list_item_get_position (item), x, y);
}

/* ---- star and read buttons on a hovered row (touch: the row's menu) ---- */

static void
on_row_action (GtkButton *button, GtkListItem *item)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), VIGIL_TYPE_ARTICLE_ROW);
  VigilWindow *self = row ? VIGIL_WINDOW (gtk_widget_get_root (row)) : NULL;
  VigilArticle *article = gtk_list_item_get_item (item);

  if (self == NULL || article == NULL)
    return;
  /* On the row's article, as its menu's items act (not the one shown). */
  g_set_object (&self->menu_article, article);
  gtk_widget_activate_action (GTK_WIDGET (self),
                              g_object_get_data (G_OBJECT (button), "vigil-action"), NULL);
  g_clear_object (&self->menu_article);
  vigil_window_show_row_actions (row, item);
}

static GtkWidget *
row_action_button (GtkWidget *box, const char *action, GtkListItem *item)
{
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "row-action");
  g_object_set_data (G_OBJECT (button), "vigil-action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_action), item);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

void
vigil_window_show_row_actions (GtkWidget *row, GtkListItem *item)
{
  VigilArticle *article = gtk_list_item_get_item (item);
  GtkWidget *box = vigil_article_row_get_actions (VIGIL_ARTICLE_ROW (row));
  GtkWidget *star = gtk_widget_get_first_child (box);
  GtkWidget *read = star ? gtk_widget_get_next_sibling (star) : NULL;

  if (article == NULL)
    return;
  if (star == NULL)
    {
      star = row_action_button (box, "win.toggle-star", item);
      read = row_action_button (box, "win.toggle-read", item);
    }
  gtk_button_set_icon_name (GTK_BUTTON (star),
                            article->starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (star, article->starred ? _ ("Remove Star") : _ ("Star"));
  vigil_a11y_set_label (star, article->starred ? _ ("Remove Star") : _ ("Star"));
  gtk_button_set_icon_name (GTK_BUTTON (read),
                            article->read ? "mail-unread-symbolic" : "mail-read-symbolic");
  gtk_widget_set_tooltip_text (read, article->read ? _ ("Mark as Unread") : _ ("Mark as Read"));
  vigil_a11y_set_label (read, article->read ? _ ("Mark as Unread") : _ ("Mark as Read"));
  gtk_widget_set_visible (box, TRUE);
}

static void
on_row_enter (GtkEventControllerMotion *motion, double x, double y, GtkListItem *item)
{
  vigil_window_show_row_actions (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion)),
                                 item);
}

static void
on_row_leave (GtkEventControllerMotion *motion, GtkListItem *item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  gtk_widget_set_visible (vigil_article_row_get_actions (VIGIL_ARTICLE_ROW (row)), FALSE);
}

static void
factory_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  VigilWindow *self = data;
  GtkWidget *row = vigil_article_row_new (self->store);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_pressed), item);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_row_long_pressed), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (long_press));
  {
    GtkEventController *motion = gtk_event_controller_motion_new ();
    g_signal_connect (motion, "enter", G_CALLBACK (on_row_enter), item);
    g_signal_connect (motion, "leave", G_CALLBACK (on_row_leave), item);
    gtk_widget_add_controller (row, motion);
  }
  /* The Menu key in the list opens the selected row's menu. */
  g_object_set_data (G_OBJECT (row), "vigil-list-item", item);
  gtk_list_item_set_child (item, row);
}

static void
factory_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  VigilArticle *article = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  vigil_article_row_set_article (VIGIL_ARTICLE_ROW (row), article);
  g_signal_connect_object (article, "notify::read", G_CALLBACK (on_row_read_changed), row, 0);
  g_signal_connect_object (article, "notify::starred", G_CALLBACK (on_row_read_changed), row, 0);
}

static void
factory_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  VigilArticle *article = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  g_signal_handlers_disconnect_by_func (article, on_row_read_changed, row);
}

GtkListItemFactory *
vigil_window_list_factory_new (VigilWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind), NULL);
  return factory;
}
