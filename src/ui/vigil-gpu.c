/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gpu.c */
#include "config.h"

#include "vigil-gpu.h"

gboolean
vigil_gpu_available (void)
{
  static gsize checked;
  static gboolean available;

  if (g_once_init_enter (&checked))
    {
      g_autoptr (GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (name, "renderD"))
          available = TRUE;
      g_once_init_leave (&checked, 1);
    }
  return available;
}

void
vigil_gpu_choose_renderer (void)
{
  g_autofree char *debug = NULL;

  if (vigil_gpu_available () || g_getenv ("GSK_RENDERER") != NULL)
    return;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* No GL context at all (GTK 4.8 reads GDK_DEBUG, 4.16 GDK_DISABLE), so
   * Mesa and LLVM are not even loaded. */
  debug = g_getenv ("GDK_DEBUG") ? g_strconcat (g_getenv ("GDK_DEBUG"), ",gl-disable", NULL)
                                 : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", debug, TRUE);
  g_setenv ("GDK_DISABLE", "gl", FALSE);
}
