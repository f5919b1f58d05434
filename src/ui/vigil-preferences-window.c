/* vigil-preferences-window.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-preferences-window.h"

struct _VigilPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkSpinButton *interval_spin;
  GtkSpinButton *retention_spin;
  GtkSwitch *notifications_switch;
  GtkSpinButton *max_age_spin;
  GtkSwitch *background_switch;
  GtkSwitch *autostart_switch;
  GtkSwitch *images_switch;
  GtkSwitch *strong_switch;
};

G_DEFINE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
vigil_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->dispose (object);
}

static void
vigil_preferences_window_class_init (VigilPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, max_age_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, images_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, strong_switch);
}

static void
vigil_preferences_window_init (VigilPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
}

VigilPreferencesWindow *
vigil_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  VigilPreferencesWindow *self
      = g_object_new (VIGIL_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  /* Bound both ways: a change applies at once (the application listens). */
  g_settings_bind (settings, "refresh-interval", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "retention-days", self->retention_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autostart", self->autostart_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "load-images", self->images_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "strong-highlights", self->strong_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "alert-max-age", self->max_age_spin, "value", G_SETTINGS_BIND_DEFAULT);
  return self;
}
