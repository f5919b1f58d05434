/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-atom.c — Atom 0.3 and 1.0 feeds and entries */
#include "config.h"

#include "vigil-feed-parser.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vigil-html.h"
#include "vigil-feed-private.h"

/* ---- Atom 0.3 and 1.0 ---- */

/* Text sent in base64 (Atom 0.3's mode="base64"; Atom 1.0 content of a type
 * that is neither text nor XML), decoded; NULL when it does not decode to
 * UTF-8 text (an image, say), which is then not shown as text. */
static char *
base64_text (const char *text)
{
  gsize len = 0;
  g_autofree char *compact = g_strdup (text);
  g_autofree guchar *decoded = NULL;

  g_strdelimit (compact, " \t\r\n", ' ');
  g_strstrip (compact);
  {
    /* g_base64_decode skips nothing but '=': drop the blanks first. */
    char *w = compact;
    for (const char *r = compact; *r; r++)
      if (*r != ' ')
        *w++ = *r;
    *w = '\0';
  }
  decoded = g_base64_decode (compact, &len);
  if (decoded == NULL || memchr (decoded, '\0', len) != NULL
      || !g_utf8_validate ((const char *) decoded, len, NULL))
    return NULL;
  return g_strndup ((const char *) decoded, len);
}

/* Whether an Atom 1.0 content type is one whose content is base64: neither
 * text, nor HTML or XHTML, nor XML (RFC 4287, 4.1.3.3). */
static gboolean
atom_type_is_binary (const char *type)
{
  return type != NULL && g_strcmp0 (type, "text") != 0 && g_strcmp0 (type, "html") != 0
         && g_strcmp0 (type, "xhtml") != 0 && !g_str_has_prefix (type, "text/")
         && !g_str_has_suffix (type, "+xml") && !g_str_has_suffix (type, "/xml")
         && strchr (type, '/') != NULL;
}

static char *
atom_content (xmlNodePtr node, const char *base)
{
  g_autofree char *type = vigil_feed_node_attr (node, "type");
  g_autofree char *mode = vigil_feed_node_attr (node, "mode"); /* Atom 0.3 */

  if (type != NULL
      && (g_strcmp0 (type, "xhtml") == 0 || g_strcmp0 (type, "application/xhtml+xml") == 0))
    {
      /* Serialise the inline XHTML (usually wrapped in one div) and sanitise it. */
      return vigil_feed_children_html (node, base);
    }
  else if ((g_strcmp0 (type, "html") == 0 || g_strcmp0 (type, "text/html") == 0)
           && g_strcmp0 (mode, "base64") != 0)
    return vigil_feed_node_html (node, base, FALSE); /* HTML is text: elements there wrap it */
  else
    {
      g_autofree char *text = vigil_feed_node_text (node);
      if (text == NULL || *text == '\0')
        return NULL;
      if (g_strcmp0 (mode, "base64") == 0 || (mode == NULL && atom_type_is_binary (type)))
        {
          g_autofree char *str = base64_text (text);
          return str ? vigil_html_sanitize (str, base) : NULL;
        }
      if (type == NULL || g_strcmp0 (type, "text") == 0 || g_strcmp0 (type, "text/plain") == 0)
        {
          /* Atom 0.3 defaults to text/plain but feeds of that era escaped HTML in it. */
          if (g_strcmp0 (mode, "escaped") == 0)
            return vigil_html_sanitize (text, base);
          return vigil_feed_text_to_html (text);
        }
      return vigil_html_sanitize (text, base);
    }
}

/* The text of inline XHTML, without what a script or a style element holds
 * (code, not words). */
static void
append_xhtml_text (GString *out, xmlNodePtr node, guint depth)
{
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      g_string_append (out, (const char *) c->content);
    else if (c->type == XML_ELEMENT_NODE && depth < VIGIL_HTML_MAX_DEPTH
             && g_ascii_strcasecmp ((const char *) c->name, "script") != 0
             && g_ascii_strcasecmp ((const char *) c->name, "style") != 0)
      append_xhtml_text (out, c, depth + 1);
}

/* Atom's type of a text construct as feedparser names it (Atom 0.3 sends
 * media types already). */
static const char *
atom_media_type (const char *type)
{
  if (type == NULL || g_strcmp0 (type, "text") == 0)
    return "text/plain";
  if (g_strcmp0 (type, "html") == 0)
    return "text/html";
  if (g_strcmp0 (type, "xhtml") == 0)
    return "application/xhtml+xml";
  return type;
}

/* Records how node's text was sent in d. */
static void
atom_detail (VigilTextDetail *d, xmlNodePtr node, const char *doc_url)
{
  g_autofree char *type = vigil_feed_node_attr (node, "type");
  vigil_feed_text_detail_set (d, node, atom_media_type (type), doc_url);
}

static char *
atom_text (xmlNodePtr node)
{
  g_autofree char *type = vigil_feed_node_attr (node, "type");
  g_autofree char *mode = vigil_feed_node_attr (node, "mode"); /* Atom 0.3 */
  g_autofree char *text = NULL;

  if (g_strcmp0 (type, "xhtml") == 0 || g_strcmp0 (type, "application/xhtml+xml") == 0)
    {
      GString *out = g_string_new (NULL);
      append_xhtml_text (out, node, 0);
      text = g_string_free (out, FALSE);
    }
  else
    text = vigil_feed_node_text (node);

  gboolean binary = mode == NULL && atom_type_is_binary (type);

  if (text != NULL && (g_strcmp0 (mode, "base64") == 0 || binary))
    {
      char *decoded = base64_text (text);
      if (decoded != NULL)
        {
          g_free (text);
          text = decoded;
        }
    }

  /* A text sent in base64 under a media type (RFC 4287, 3.1.1) is read as
   * HTML is: its markup goes, its words stay. */
  if (g_strcmp0 (type, "html") == 0 || g_strcmp0 (type, "text/html") == 0 || binary)
    {
      /* Declared HTML: every tag is markup, known to HTML or not. */
      char *plain = vigil_html_to_text (text);
      g_strdelimit (plain, "\n", ' ');
      return plain;
    }
  if (text != NULL
      && (g_strcmp0 (type, "xhtml") == 0 || g_strcmp0 (type, "application/xhtml+xml") == 0))
    {
      /* The markup is the elements; their text is the title, '<' and all. */
      char **words = g_strsplit_set (text, " \t\r\n", -1);
      GString *plain = g_string_new (NULL);
      for (char **w = words; *w; w++)
        if (**w)
          g_string_append_printf (plain, "%s%s", plain->len ? " " : "", *w);
      g_strfreev (words);
      return g_string_free (plain, FALSE);
    }
  return g_steal_pointer (&text);
}

static char *
atom_author (xmlNodePtr node, const char *ns)
{
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (vigil_feed_node_is (c, ns, "name"))
      return vigil_feed_node_text (c);
  return vigil_feed_node_text (node);
}

/* An Atom link's address: href, or (a mistake seen in the wild) its text. */
static char *
atom_link_href (xmlNodePtr link)
{
  char *href = vigil_feed_node_attr (link, "href");

  if (href == NULL)
    href = vigil_feed_node_text (link);
  if (href != NULL && *href == '\0')
    g_clear_pointer (&href, g_free);
  return href;
}

/* A generator's address and version; the first generator's (a feed that
 * gives two kept the first's fields and lost the second's: found by fuzz-feed). */
static void
atom_generator (VigilParsedFeed *head, xmlNodePtr n, const char *doc_url)
{
  g_autofree char *uri = NULL;
  g_autofree char *b = NULL;

  if (head->generator != NULL || head->generator_uri != NULL || head->generator_version != NULL)
    return;
  uri = vigil_feed_node_attr (n, "uri");
  b = vigil_feed_node_base (n, doc_url);
  if (uri == NULL)
    uri = vigil_feed_node_attr (n, "url"); /* Atom 0.3 */
  head->generator = vigil_feed_node_field (n);
  head->generator_uri = vigil_feed_web_url (uri, b);
  head->generator_version = vigil_feed_bounded_text (vigil_feed_node_attr (n, "version"));
}

/* A <category> into tags with its scheme and label; its term (a copy), or
 * NULL when it has none. */
static char *
atom_category (GPtrArray *tags, xmlNodePtr n)
{
  g_autofree char *scheme = vigil_feed_node_attr (n, "scheme");
  g_autofree char *label = vigil_feed_node_attr (n, "label");
  char *term = vigil_feed_node_attr (n, "term");

  if (term == NULL)
    term = vigil_feed_node_text (n);
  if (term == NULL || *term == '\0')
    {
      g_free (term);
      return NULL;
    }
  vigil_feed_add_category_detail (tags, g_strdup (term), scheme, label);
  return term;
}

/* An element of a feed's head (of <feed>, or of an entry's <source>) read
 * into head; FALSE when n is none. *logo: the logo's address. */
static gboolean
atom_head_element (VigilParsedFeed *head, xmlNodePtr n, const char *ns, const char *doc_url,
                   char **logo)
{
  if (vigil_feed_node_is (n, ns, "title"))
    {
      if (head->title == NULL)
        {
          head->title = atom_text (n);
          atom_detail (&head->title_detail, n, doc_url);
        }
    }
  else if (vigil_feed_node_is (n, ns, "subtitle") || vigil_feed_node_is (n, ns, "tagline"))
    {
      if (head->subtitle == NULL)
        {
          head->subtitle = atom_text (n);
          atom_detail (&head->subtitle_detail, n, doc_url);
        }
    }
  else if (vigil_feed_node_is (n, ns, "link"))
    {
      g_autofree char *rel = vigil_feed_node_attr (n, "rel");
      g_autofree char *href = atom_link_href (n);
      g_autofree char *type = vigil_feed_node_attr (n, "type");
      g_autofree char *title = vigil_feed_node_attr (n, "title");
      g_autofree char *b = vigil_feed_node_base (n, doc_url);
      if ((rel == NULL || g_strcmp0 (rel, "alternate") == 0) && head->link == NULL)
        head->link = vigil_feed_resolve_url (href, b);
      vigil_feed_add_link_to (head->links, rel, href, b, type, title);
    }
  else if (vigil_feed_node_is (n, ns, "updated") || vigil_feed_node_is (n, ns, "modified"))
    {
      g_autofree char *t = vigil_feed_node_text (n);
      vigil_feed_take_date (&head->updated, t);
    }
  else if (vigil_feed_node_is (n, ns, "author"))
    {
      vigil_feed_add_atom_person (head->authors, n, ns, doc_url);
      if (head->author == NULL && head->authors->len > 0)
        head->author = vigil_feed_person_line (g_ptr_array_index (head->authors, 0));
    }
  else if (vigil_feed_node_is (n, ns, "contributor"))
    vigil_feed_add_atom_person (head->contributors, n, ns, doc_url);
  else if (vigil_feed_node_is (n, ns, "id"))
    {
      if (head->id == NULL)
        head->id = vigil_feed_node_field (n);
    }
  else if (vigil_feed_node_is (n, ns, "rights") || vigil_feed_node_is (n, ns, "copyright"))
    {
      if (head->rights == NULL)
        {
          head->rights = vigil_feed_bounded_text (atom_text (n));
          atom_detail (&head->rights_detail, n, doc_url);
        }
    }
  else if (vigil_feed_node_is (n, ns, "generator"))
    {
      if (head->generator == NULL)
        atom_generator (head, n, doc_url);
    }
  else if (vigil_feed_node_is (n, ns, "icon") || vigil_feed_node_is (n, ns, "logo"))
    {
      gboolean icon = vigil_feed_node_is (n, ns, "icon");
      char **slot = icon ? &head->icon : logo;
      if (*slot == NULL)
        {
          g_autofree char *t = vigil_feed_node_text (n);
          g_autofree char *b = vigil_feed_node_base (n, doc_url);
          *slot = vigil_feed_web_url (t, b);
        }
    }
  else if (vigil_feed_node_is (n, ns, "category"))
    g_free (atom_category (head->tags, n));
  else
    return FALSE;
  return TRUE;
}

/* The logo is a feed's image, and its icon when it has none. Takes logo. */
static void
atom_take_logo (VigilParsedFeed *head, char *logo)
{
  if (logo != NULL && head->icon == NULL)
    head->icon = g_strdup (logo);
  if (logo != NULL && head->image_url == NULL)
    head->image_url = g_steal_pointer (&logo);
  g_free (logo);
}

/* <source>: the feed an entry was first published in, read as a feed's head;
 * its title and page are the article's original outlet. */
static void
read_atom_source (VigilArticle *article, xmlNodePtr source, const char *ns, const char *doc_url)
{
  VigilItemDetail *detail = vigil_feed_item_detail (article);
  VigilParsedFeed *head;
  char *logo = NULL;

  if (detail->source != NULL)
    return;
  head = detail->source = vigil_feed_parsed_feed_new (NULL);
  for (xmlNodePtr c = source->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      atom_head_element (head, c, ns, doc_url, &logo);
  atom_take_logo (head, logo);
  if (article->origin_title == NULL && article->origin_url == NULL)
    {
      article->origin_title = vigil_feed_bounded_text (g_strdup (head->title));
      article->origin_url = vigil_feed_web_url (head->link, NULL);
    }
}

static void
parse_atom_entry (xmlNodePtr entry, const char *ns, const char *doc_url, VigilParsedFeed *feed)
{
  VigilArticle *article = vigil_article_new ();
  g_autofree char *base = vigil_feed_node_base (entry, doc_url);
  xmlNodePtr dc_language = NULL;
  Extras x = { 0 };

  for (xmlNodePtr n = entry->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (vigil_feed_node_is (n, ns, "title"))
        {
          g_free (article->title);
          article->title = atom_text (n);
          atom_detail (&vigil_feed_item_detail (article)->title, n, doc_url);
        }
      else if (vigil_feed_node_is (n, ns, "id"))
        {
          g_free (article->guid);
          article->guid = vigil_feed_node_text (n);
        }
      else if (vigil_feed_node_is (n, ns, "link"))
        {
          g_autofree char *rel = vigil_feed_node_attr (n, "rel");
          g_autofree char *href = atom_link_href (n);
          g_autofree char *type = vigil_feed_node_attr (n, "type");
          g_autofree char *title = vigil_feed_node_attr (n, "title");
          g_autofree char *length = vigil_feed_node_attr (n, "length");
          g_autofree char *link_base = vigil_feed_node_base (n, doc_url);
          if ((rel == NULL || g_strcmp0 (rel, "alternate") == 0) && article->link == NULL)
            article->link = vigil_feed_resolve_url (href, link_base);
          else if (g_strcmp0 (rel, "enclosure") == 0)
            {
              guint before = article->enclosures->len;
              vigil_feed_add_enclosure (article, href, link_base, type,
                                        length ? g_ascii_strtoll (length, NULL, 10) : -1);
              if (article->enclosures->len > before && title != NULL)
                ((VigilEnclosure *) g_ptr_array_index (article->enclosures, before))->title
                    = vigil_feed_bounded_text (g_strdup (title));
            }
          vigil_feed_add_link (article, rel, href, link_base, type, title);
        }
      else if (vigil_feed_node_is (n, ns, "contributor"))
        vigil_feed_add_atom_person (article->contributors, n, ns, doc_url);
      else if ((vigil_feed_node_is (n, ns, "rights") || vigil_feed_node_is (n, ns, "copyright")
                || vigil_feed_node_is (n, NS_DC, "rights"))
               && article->rights == NULL)
        article->rights = vigil_feed_bounded_text (atom_text (n));
      else if (vigil_feed_node_is (n, ns, "source"))
        read_atom_source (article, n, ns, doc_url);
      else if (vigil_feed_node_is (n, NS_DC, "language"))
        vigil_feed_keep_first (&dc_language, n);
      else if (vigil_feed_read_media (article, n, base, &x, 0)
               || vigil_feed_read_itunes (article, n, &x) || vigil_feed_read_georss (article, n))
        {
          /* Media RSS, iTunes or GeoRSS: taken by their readers. */
        }
      else if (vigil_feed_node_is (n, ns, "published") || vigil_feed_node_is (n, ns, "issued")
               || vigil_feed_node_is (n, ns, "created"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          vigil_feed_take_date (&article->published, t);
        }
      else if (vigil_feed_node_is (n, ns, "updated") || vigil_feed_node_is (n, ns, "modified"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          vigil_feed_take_date (&article->updated, t);
        }
      else if (vigil_feed_node_is (n, ns, "author"))
        {
          if (article->author == NULL)
            article->author = atom_author (n, ns);
          vigil_feed_add_atom_person (article->authors, n, ns, doc_url);
        }
      else if (vigil_feed_node_is (n, ns, "summary") && article->summary == NULL)
        {
          g_autofree char *b = vigil_feed_node_base (n, doc_url);
          article->summary = atom_content (n, b);
          atom_detail (&vigil_feed_item_detail (article)->summary, n, doc_url);
        }
      else if (vigil_feed_node_is (n, ns, "content") && article->content == NULL)
        {
          g_autofree char *b = vigil_feed_node_base (n, doc_url);
          article->content = atom_content (n, b);
          atom_detail (&vigil_feed_item_detail (article)->content, n, doc_url);
        }
      else if (vigil_feed_node_is (n, ns, "category"))
        {
          char *term = atom_category (vigil_feed_item_detail (article)->tags, n);
          if (term != NULL)
            g_ptr_array_add (article->categories, term);
        }
    }
  vigil_feed_apply_extras (article, &x, base);
  vigil_feed_take_language (article, entry, dc_language);
  vigil_feed_finish_article (article);
  g_ptr_array_add (feed->items, article);
}

void
vigil_feed_parse_atom_feed (xmlNodePtr root, const char *ns, const char *doc_url,
                            VigilParsedFeed *feed)
{
  g_autofree char *logo = NULL;
  xmlChar *lang = xmlNodeGetLang (root);

  if (lang != NULL)
    {
      feed->language = vigil_feed_language_tag (g_strdup ((const char *) lang));
      xmlFree (lang);
    }
  for (xmlNodePtr n = root->children; n; n = n->next)
    if (vigil_feed_node_is (n, ns, "entry"))
      parse_atom_entry (n, ns, doc_url, feed);
    else if (n->type == XML_ELEMENT_NODE)
      atom_head_element (feed, n, ns, doc_url, &logo);
  atom_take_logo (feed, g_steal_pointer (&logo));
}
