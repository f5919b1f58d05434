/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mock-portal.c: see mock-portal.h */
#include "mock-portal.h"

static const char portal_xml[]
    = "<node>"
      "<interface name='org.freedesktop.portal.Background'>"
      "<method name='RequestBackground'><arg type='s' name='parent_window' direction='in'/>"
      "<arg type='a{sv}' name='options' direction='in'/>"
      "<arg type='o' name='handle' direction='out'/></method>"
      "<property name='version' type='u' access='read'/>"
      "</interface>"
      "<interface name='org.freedesktop.portal.FileChooser'>"
      "<method name='OpenFile'><arg type='s' name='parent_window' direction='in'/>"
      "<arg type='s' name='title' direction='in'/>"
      "<arg type='a{sv}' name='options' direction='in'/>"
      "<arg type='o' name='handle' direction='out'/></method>"
      "<method name='SaveFile'><arg type='s' name='parent_window' direction='in'/>"
      "<arg type='s' name='title' direction='in'/>"
      "<arg type='a{sv}' name='options' direction='in'/>"
      "<arg type='o' name='handle' direction='out'/></method>"
      "<property name='version' type='u' access='read'/>"
      "</interface>"
      "<interface name='org.freedesktop.portal.OpenURI'>"
      "<method name='OpenURI'><arg type='s' name='parent_window' direction='in'/>"
      "<arg type='s' name='uri' direction='in'/>"
      "<arg type='a{sv}' name='options' direction='in'/>"
      "<arg type='o' name='handle' direction='out'/></method>"
      "<property name='version' type='u' access='read'/>"
      "</interface>"
      "</node>";

static void
portal_call (GDBusConnection *bus, const char *sender, const char *object_path,
             const char *interface_name, const char *method_name, GVariant *parameters,
             GDBusMethodInvocation *invocation, gpointer user_data)
{
  MockPortal *portal = user_data;
  g_autoptr (GVariant) options = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *handle = NULL;
  const char *token = "t";
  GVariantBuilder results;

  portal->calls++;
  g_free (portal->method);
  portal->method = g_strdup (method_name);
  g_clear_pointer (&portal->parent_window, g_free);
  g_clear_pointer (&portal->title, g_free);
  g_clear_pointer (&portal->options, g_variant_unref);
  if (g_str_equal (method_name, "RequestBackground"))
    g_variant_get (parameters, "(s@a{sv})", &portal->parent_window, &options);
  else
    g_variant_get (parameters, "(ss@a{sv})", &portal->parent_window, &portal->title, &options);
  portal->options = g_variant_ref (options);
  g_variant_lookup (options, "handle_token", "&s", &token);

  /* The request's path, as xdg-desktop-portal makes it from the caller's name. */
  escaped = g_strdup (sender + 1);
  g_strdelimit (escaped, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", escaped, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  if (g_str_equal (method_name, "RequestBackground"))
    {
      g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (portal->grant));
      g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (portal->grant));
    }
  else if (g_str_has_suffix (method_name, "File"))
    {
      /* Cancelled: no file. (The list is sent even then: GTK 4.8 reads it
       * whatever the response.) */
      const char *uris[] = { portal->file_uri, NULL };
      g_variant_builder_add (&results, "{sv}", "uris", g_variant_new_strv (uris, -1));
    }
  g_dbus_connection_emit_signal (
      bus, sender, handle, "org.freedesktop.portal.Request", "Response",
      g_variant_new (
          "(ua{sv})",
          portal->file_uri == NULL && g_str_has_suffix (method_name, "File") ? 1 : portal->response,
          &results),
      NULL);
}

static GVariant *
portal_property (GDBusConnection *bus, const char *sender, const char *object_path,
                 const char *interface_name, const char *property_name, GError **error,
                 gpointer user_data)
{
  return g_variant_new_uint32 (g_str_has_suffix (interface_name, "FileChooser") ? 3
                               : g_str_has_suffix (interface_name, "OpenURI")   ? 4
                                                                                : 1);
}

static void
portal_named (GDBusConnection *bus, const char *name, gpointer user_data)
{
  ((MockPortal *) user_data)->named = TRUE;
}

MockPortal *
mock_portal_start (void)
{
  static const GDBusInterfaceVTable vtable = { portal_call, portal_property, NULL, { 0 } };
  MockPortal *portal = g_new0 (MockPortal, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (portal_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  portal->bus = g_dbus_connection_new_for_address_sync (
      address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (portal->registrations); i++)
    {
      portal->registrations[i]
          = g_dbus_connection_register_object (portal->bus, "/org/freedesktop/portal/desktop",
                                               node->interfaces[i], &vtable, portal, NULL, &error);
      g_assert_no_error (error);
    }
  portal->owner = g_bus_own_name_on_connection (portal->bus, "org.freedesktop.portal.Desktop",
                                                G_BUS_NAME_OWNER_FLAGS_NONE, portal_named, NULL,
                                                portal, NULL);
  while (!portal->named)
    g_main_context_iteration (NULL, TRUE);
  return portal;
}

void
mock_portal_stop (MockPortal *portal)
{
  g_bus_unown_name (portal->owner);
  for (guint i = 0; i < G_N_ELEMENTS (portal->registrations); i++)
    g_dbus_connection_unregister_object (portal->bus, portal->registrations[i]);
  g_dbus_connection_close_sync (portal->bus, NULL, NULL);
  g_object_unref (portal->bus);
  g_free (portal->method);
  g_free (portal->parent_window);
  g_free (portal->title);
  g_free (portal->file_uri);
  g_clear_pointer (&portal->options, g_variant_unref);
  g_free (portal);
}
