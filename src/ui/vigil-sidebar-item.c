/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sidebar-item.c — one entry of the sidebar: a view, a rule, a folder, a source, an account
 */
#include "config.h"

#include "vigil-sidebar-item.h"

struct _VigilSidebarItem
{
  GObject parent_instance;

  VigilSidebarKind kind;
  gint64 id;
  guint unread;
  char *title;
  char *icon_name;
  char *rule;
  char *error;
  char *tooltip;
  char *favicon;
  char *subtitle;
  gboolean enabled;
  gboolean needs_sign_in;
  gboolean expanded;
  gboolean visible;
  VigilSource *source;
  GWeakRef folder;
};

G_DEFINE_FINAL_TYPE (VigilSidebarItem, vigil_sidebar_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_UNREAD,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_RULE,
  PROP_ERROR,
  PROP_TOOLTIP,
  PROP_FAVICON,
  PROP_SUBTITLE,
  PROP_ENABLED,
  PROP_NEEDS_SIGN_IN,
  PROP_EXPANDED,
  PROP_VISIBLE,
  PROP_SOURCE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* Sets a string property, notified only when it changed (every change costs
 * the sidebar a new layout). */
static void
set_string (VigilSidebarItem *self, char **field, const char *value, int prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (VigilSidebarItem *self, gboolean *field, gboolean value, int prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
vigil_sidebar_item_get_title (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->title;
}

void
vigil_sidebar_item_set_title (VigilSidebarItem *self, const char *title)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

const char *
vigil_sidebar_item_get_icon_name (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->icon_name;
}

void
vigil_sidebar_item_set_icon_name (VigilSidebarItem *self, const char *icon_name)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->icon_name, icon_name, PROP_ICON_NAME);
}

const char *
vigil_sidebar_item_get_rule (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->rule;
}

void
vigil_sidebar_item_set_rule (VigilSidebarItem *self, const char *rule)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->rule, rule, PROP_RULE);
}

const char *
vigil_sidebar_item_get_error (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->error;
}

void
vigil_sidebar_item_set_error (VigilSidebarItem *self, const char *error)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->error, error, PROP_ERROR);
}

const char *
vigil_sidebar_item_get_tooltip (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->tooltip;
}

void
vigil_sidebar_item_set_tooltip (VigilSidebarItem *self, const char *tooltip)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->tooltip, tooltip, PROP_TOOLTIP);
}

const char *
vigil_sidebar_item_get_favicon (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->favicon;
}

void
vigil_sidebar_item_set_favicon (VigilSidebarItem *self, const char *favicon)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->favicon, favicon, PROP_FAVICON);
}

const char *
vigil_sidebar_item_get_subtitle (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->subtitle;
}

void
vigil_sidebar_item_set_subtitle (VigilSidebarItem *self, const char *subtitle)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
}

gboolean
vigil_sidebar_item_get_enabled (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), FALSE);
  return self->enabled;
}

void
vigil_sidebar_item_set_enabled (VigilSidebarItem *self, gboolean enabled)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_boolean (self, &self->enabled, enabled, PROP_ENABLED);
}

gboolean
vigil_sidebar_item_get_needs_sign_in (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), FALSE);
  return self->needs_sign_in;
}

void
vigil_sidebar_item_set_needs_sign_in (VigilSidebarItem *self, gboolean needs_sign_in)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_boolean (self, &self->needs_sign_in, needs_sign_in, PROP_NEEDS_SIGN_IN);
}

gboolean
vigil_sidebar_item_get_expanded (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), FALSE);
  return self->expanded;
}

void
vigil_sidebar_item_set_expanded (VigilSidebarItem *self, gboolean expanded)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_boolean (self, &self->expanded, expanded, PROP_EXPANDED);
}

gboolean
vigil_sidebar_item_get_visible (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), FALSE);
  return self->visible;
}

void
vigil_sidebar_item_set_visible (VigilSidebarItem *self, gboolean visible)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  set_boolean (self, &self->visible, visible, PROP_VISIBLE);
}

VigilSidebarKind
vigil_sidebar_item_get_kind (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), VIGIL_SIDEBAR_VIEW);
  return self->kind;
}

gint64
vigil_sidebar_item_get_id (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), 0);
  return self->id;
}

guint
vigil_sidebar_item_get_unread (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), 0);
  return self->unread;
}

void
vigil_sidebar_item_set_unread (VigilSidebarItem *self, guint unread)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

VigilSource *
vigil_sidebar_item_get_source (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  return self->source;
}

void
vigil_sidebar_item_set_source (VigilSidebarItem *self, VigilSource *source)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  if (g_set_object (&self->source, source))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

VigilSidebarItem *
vigil_sidebar_item_get_folder (VigilSidebarItem *self)
{
  VigilSidebarItem *folder;

  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), NULL);
  folder = g_weak_ref_get (&self->folder);
  if (folder != NULL)
    g_object_unref (folder); /* the model holds it */
  return folder;
}

void
vigil_sidebar_item_set_folder (VigilSidebarItem *self, VigilSidebarItem *folder)
{
  g_return_if_fail (VIGIL_IS_SIDEBAR_ITEM (self));
  g_weak_ref_set (&self->folder, folder);
}

gboolean
vigil_sidebar_item_is_view (VigilSidebarItem *self)
{
  g_return_val_if_fail (VIGIL_IS_SIDEBAR_ITEM (self), FALSE);
  return self->kind == VIGIL_SIDEBAR_VIEW || self->kind == VIGIL_SIDEBAR_RULE
         || self->kind == VIGIL_SIDEBAR_SOURCE;
}

VigilSidebarItem *
vigil_sidebar_item_new (VigilSidebarKind kind, gint64 id, const char *title, const char *icon_name)
{
  VigilSidebarItem *self = g_object_new (VIGIL_TYPE_SIDEBAR_ITEM, NULL);

  self->kind = kind;
  self->id = id;
  self->title = g_strdup (title);
  self->icon_name = g_strdup (icon_name);
  return self;
}

static void
vigil_sidebar_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilSidebarItem *self = VIGIL_SIDEBAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_RULE:
      g_value_set_string (value, self->rule);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_TOOLTIP:
      g_value_set_string (value, self->tooltip);
      break;
    case PROP_FAVICON:
      g_value_set_string (value, self->favicon);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_NEEDS_SIGN_IN:
      g_value_set_boolean (value, self->needs_sign_in);
      break;
    case PROP_EXPANDED:
      g_value_set_boolean (value, self->expanded);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_sidebar_item_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  VigilSidebarItem *self = VIGIL_SIDEBAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_UNREAD:
      vigil_sidebar_item_set_unread (self, g_value_get_uint (value));
      break;
    case PROP_SOURCE:
      vigil_sidebar_item_set_source (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      vigil_sidebar_item_set_title (self, g_value_get_string (value));
      break;
    case PROP_RULE:
      vigil_sidebar_item_set_rule (self, g_value_get_string (value));
      break;
    case PROP_ERROR:
      vigil_sidebar_item_set_error (self, g_value_get_string (value));
      break;
    case PROP_TOOLTIP:
      vigil_sidebar_item_set_tooltip (self, g_value_get_string (value));
      break;
    case PROP_FAVICON:
      vigil_sidebar_item_set_favicon (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      vigil_sidebar_item_set_subtitle (self, g_value_get_string (value));
      break;
    case PROP_ENABLED:
      vigil_sidebar_item_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_NEEDS_SIGN_IN:
      vigil_sidebar_item_set_needs_sign_in (self, g_value_get_boolean (value));
      break;
    case PROP_EXPANDED:
      vigil_sidebar_item_set_expanded (self, g_value_get_boolean (value));
      break;
    case PROP_VISIBLE:
      vigil_sidebar_item_set_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_sidebar_item_finalize (GObject *object)
{
  VigilSidebarItem *self = VIGIL_SIDEBAR_ITEM (object);

  g_free (self->title);
  g_free (self->icon_name);
  g_free (self->rule);
  g_free (self->error);
  g_free (self->tooltip);
  g_free (self->favicon);
  g_free (self->subtitle);
  g_clear_object (&self->source);
  g_weak_ref_clear (&self->folder);
  G_OBJECT_CLASS (vigil_sidebar_item_parent_class)->finalize (object);
}

static void
vigil_sidebar_item_class_init (VigilSidebarItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = vigil_sidebar_item_get_property;
  object_class->set_property = vigil_sidebar_item_set_property;
  object_class->finalize = vigil_sidebar_item_finalize;
  properties[PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, VIGIL_SIDEBAR_ACCOUNT, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, VIGIL_TYPE_SOURCE, rw);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_RULE] = g_param_spec_string ("rule", NULL, NULL, NULL, rw);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, rw);
  properties[PROP_TOOLTIP] = g_param_spec_string ("tooltip", NULL, NULL, NULL, rw);
  properties[PROP_FAVICON] = g_param_spec_string ("favicon", NULL, NULL, NULL, rw);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, rw);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, rw);
  properties[PROP_NEEDS_SIGN_IN] = g_param_spec_boolean ("needs-sign-in", NULL, NULL, FALSE, rw);
  properties[PROP_EXPANDED] = g_param_spec_boolean ("expanded", NULL, NULL, TRUE, rw);
  properties[PROP_VISIBLE] = g_param_spec_boolean ("visible", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_sidebar_item_init (VigilSidebarItem *self)
{
  self->enabled = TRUE;
  self->expanded = TRUE;
  self->visible = TRUE;
  g_weak_ref_init (&self->folder, NULL);
}
