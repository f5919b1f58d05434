/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gpu.h: is there a GPU to draw with?
 *
 * Without a DRM render node, OpenGL is Mesa's software rasteriser (llvmpipe):
 * GTK's GL renderer then compiles its shaders with LLVM at start and redraws
 * every frame on the CPU, and WebKit composites the same way. On such machines
 * (virtual desktops, remote sessions, CI) Vigil draws with cairo instead: in
 * the start-up benchmark 1.1 s and 280 MB become 0.4 s and 135 MB. A
 * GSK_RENDERER the desk sets itself is left alone.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vigil_gpu_available (void);
/* Before GTK starts: cairo rendering and no GL when there is no GPU. */
void vigil_gpu_choose_renderer (void);

G_END_DECLS
