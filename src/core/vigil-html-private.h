/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html-private.h — what the sanitiser's two paths share (not public) */
#pragma once

#include <glib.h>
#include <string.h>

#include "vigil-html.h"

G_BEGIN_DECLS

/* What the sanitiser does with an element (vigil_html_element_kind). */
enum
{
  KIND_UNKNOWN = 0,
  KIND_DROPPED = 1 << 0,
  KIND_BLOCK = 1 << 1,
  KIND_VOID = 1 << 2,
  KIND_ALLOWED = 1 << 3, /* the allowed[] index is kind >> 8 */
};

/* The sanitiser's state while it writes an article. */
typedef struct
{
  GString *out;
  const char *base_url;
  guint drop_depth; /* > 0 inside an element dropped with its content */
  GArray *open;     /* per open element: TRUE if we wrote its start tag */
  guint depth;      /* elements written and still open */
  guint body_depth; /* open->len inside the wrapper's <body> (0 before it) */
  gboolean closed;  /* the segment's end mark was reached with nothing open */
} Sanitizer;

/* g_string_append_len () without its call when the bytes fit (GLib 2.74
 * inlines only g_string_append_c): the sanitiser appends many short runs. */
static inline void
vigil_html_out_append (GString *out, const char *bytes, gsize len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, bytes, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, bytes, len);
}

/* A string constant's bytes, appended as above. */
#define vigil_html_out_literal(out, literal)                                                       \
  vigil_html_out_append (out, literal, sizeof literal - 1)

guint vigil_html_element_kind (const char *name);
void vigil_html_append_escaped_len (GString *out, const char *text, gsize len, gboolean attr);
/* The scanner over as much of html as it takes: the complete, stripped
 * result with *out_rest = 0; or, when it gives up after a point where no
 * element it opened is left open and a tag starts, the (unstripped) result of
 * the part before that point, and the point's offset in *out_rest; or NULL. */
char *vigil_html_sanitize_fast_part (const char *html, const char *base_url, gsize *out_rest);
/* The same, for a part of a text that follows one already written (nothing
 * left open before it): a complete result is not stripped either. */
char *vigil_html_sanitize_fast_continue (const char *html, const char *base_url, gsize *out_rest);
/* How many parts of texts the parser read on its own, the scanner going on
 * after each (vigil_html_sanitize), since the process started. */
guint vigil_html_sanitize_segments (void);
void vigil_html_write_attributes (Sanitizer *z, int rule, const char *name, const xmlChar **attrs);

/* The libxml2 path (vigil-html-parser.c). */
/* Runs libxml2's HTML parser over html as a document body, calling sax back
 * with data as the context's _private; FALSE if no parser could be made. */
gboolean vigil_html_sax_parse (const char *html, htmlSAXHandler *sax, gpointer data);
/* Whether html ends inside a comment or a tag (which the parser would close
 * its own way). */
gboolean vigil_html_leaves_markup_open (const char *html);
/* The parser's sanitised html appended to out (not stripped); FALSE if no
 * parser could be made. */
gboolean vigil_html_parser_sanitize (const char *html, const char *base_url, GString *out);
/* The segment html[0, len) read by the parser alone, appended to out, when
 * it ends with nothing open (else FALSE, out as it was). */
gboolean vigil_html_parser_sanitize_segment (const char *html, gsize len, const char *base_url,
                                             GString *out);
/* Where the element whose start tag is at html + at ends, as far as its tags
 * tell; 0 when that cannot be found. */
gsize vigil_html_element_end (const char *html, gsize at);

G_END_DECLS
