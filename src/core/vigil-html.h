/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-html.h: the HTML sanitiser and serialiser.
 *
 * Anything a feed sends is untrusted. HTML is parsed with libxml2's HTML parser,
 * reduced to an allow-list of elements and attributes (no scripts, handlers,
 * styles, frames, forms or non-http(s) URLs), and serialised by our own writer
 * so that what reaches WebKit is exactly what the allow-list permits.
 */
#pragma once

#include <glib.h>
#include <libxml/HTMLparser.h>

G_BEGIN_DECLS

/* Parses an HTML fragment; the fragment's nodes are the children of the returned
 * body element (owned by the returned document). */
htmlDocPtr vigil_html_parse_fragment (const char *html, xmlNodePtr *out_body);
/* Serialises the children of node as HTML. */
char *vigil_html_serialize_children (xmlNodePtr node);
/* Elements nested deeper than this are unwrapped by the sanitiser (their text
 * kept, a block's as a word break): a publisher cannot push text past the
 * depth at which tree parsers (libxml2's stops at 256) give up. Feeds nest a
 * dozen deep at most. */
#define VIGIL_HTML_MAX_DEPTH 64

/* Applies the allow-list; relative URLs are resolved against base_url. */
char *vigil_html_sanitize (const char *html, const char *base_url);
/* The two ways the sanitiser works, for tests: the scanner for the well-formed
 * subset nearly all feeds send (NULL when the input is outside it), and
 * libxml2's HTML parser for everything. */
char *vigil_html_sanitize_fast (const char *html, const char *base_url);
char *vigil_html_sanitize_with_parser (const char *html, const char *base_url);
/* How many texts vigil_html_sanitize () has given to each of the two, in
 * this process so far (for benchmarks: what share the parser carries). */
void vigil_html_sanitize_counts (guint *fast, guint *parser);
/* The first max_bytes (or a little less) of sanitised html, cut between tags
 * and characters, its open elements closed; NULL when html is not longer. */
char *vigil_html_truncate (const char *html, gsize max_bytes);
/* Visible text, blocks separated by newlines, whitespace collapsed. */
char *vigil_html_to_text (const char *html);
/* The same, but the parser stops once it has collected more than max_bytes
 * of text (*out_cut, optional, says whether it did): for inputs of any size. */
char *vigil_html_to_text_prefix (const char *html, gsize max_bytes, gboolean *out_cut);
/* The same for HTML this module produced (sanitised, serialised by us): no
 * parser needed, so it is fast enough for indexing every article. */
char *vigil_html_sanitized_to_text (const char *html);
/* Escapes text for an HTML text node or attribute value. */
char *vigil_html_escape (const char *text);
/* Resolves url against base and returns it only if its scheme is http(s) or
 * (when allow_mailto) mailto; otherwise NULL. */
char *vigil_html_safe_url (const char *url, const char *base_url, gboolean allow_mailto);
/* Whether url is an absolute http(s) URL that GUri would resolve to itself,
 * character for character (so that callers may skip resolving it). */
gboolean vigil_html_url_is_plain (const char *url);
/* Whether an element name starts a new block of text. */
gboolean vigil_html_is_block (const char *name);

G_END_DECLS
