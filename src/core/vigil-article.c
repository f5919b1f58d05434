/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article.c */
#include "config.h"

#include "vigil-article.h"
#include "vigil-html.h"

#include <glib/gi18n.h>
#include <string.h>

void
vigil_enclosure_free (VigilEnclosure *enc)
{
  if (enc == NULL)
    return;
  g_free (enc->url);
  g_free (enc->type);
  g_free (enc->title);
  g_free (enc);
}

VigilEnclosure *
vigil_enclosure_copy (const VigilEnclosure *enc)
{
  VigilEnclosure *copy = g_new0 (VigilEnclosure, 1);

  copy->url = g_strdup (enc->url);
  copy->type = g_strdup (enc->type);
  copy->length = enc->length;
  copy->title = g_strdup (enc->title);
  copy->duration = enc->duration;
  return copy;
}

void
vigil_person_free (VigilPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->name);
  g_free (person->email);
  g_free (person->uri);
  g_free (person);
}

VigilPerson *
vigil_person_copy (const VigilPerson *person)
{
  VigilPerson *copy = g_new0 (VigilPerson, 1);

  copy->name = g_strdup (person->name);
  copy->email = g_strdup (person->email);
  copy->uri = g_strdup (person->uri);
  return copy;
}

void
vigil_link_free (VigilLink *link)
{
  if (link == NULL)
    return;
  g_free (link->rel);
  g_free (link->href);
  g_free (link->type);
  g_free (link->title);
  g_free (link);
}

VigilLink *
vigil_link_copy (const VigilLink *link)
{
  VigilLink *copy = g_new0 (VigilLink, 1);

  copy->rel = g_strdup (link->rel);
  copy->href = g_strdup (link->href);
  copy->type = g_strdup (link->type);
  copy->title = g_strdup (link->title);
  return copy;
}

G_DEFINE_FINAL_TYPE (VigilArticle, vigil_article, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_READ,
  PROP_STARRED,
  N_PROPS
};
static GParamSpec *article_props[N_PROPS];

static void
vigil_article_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilArticle *self = VIGIL_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_READ:
      g_value_set_boolean (value, self->read);
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_article_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READ:
      vigil_article_set_read (VIGIL_ARTICLE (object), g_value_get_boolean (value));
      break;
    case PROP_STARRED:
      vigil_article_set_starred (VIGIL_ARTICLE (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
vigil_article_set_read (VigilArticle *self, gboolean read)
{
  if (self->read == !!read)
    return;
  self->read = !!read;
  g_object_notify_by_pspec (G_OBJECT (self), article_props[PROP_READ]);
}

void
vigil_article_set_starred (VigilArticle *self, gboolean starred)
{
  if (self->starred == !!starred)
    return;
  self->starred = !!starred;
  g_object_notify_by_pspec (G_OBJECT (self), article_props[PROP_STARRED]);
}

static void
vigil_article_finalize (GObject *object)
{
  VigilArticle *self = VIGIL_ARTICLE (object);

  g_free (self->source_title);
  g_free (self->guid);
  g_free (self->title);
  g_free (self->link);
  g_free (self->author);
  g_clear_pointer (&self->published, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_free (self->summary);
  g_free (self->content);
  g_ptr_array_unref (self->categories);
  g_ptr_array_unref (self->enclosures);
  g_free (self->geo_shape);
  g_free (self->geo_coords);
  g_free (self->language);
  g_free (self->origin_title);
  g_free (self->origin_url);
  g_ptr_array_unref (self->authors);
  g_ptr_array_unref (self->contributors);
  g_ptr_array_unref (self->links);
  g_free (self->comments);
  g_free (self->rights);
  g_free (self->thumbnail);
  g_free (self->level);
  g_free (self->entity_names);
  g_free (self->annotations);
  g_free (self->full_content);

  G_OBJECT_CLASS (vigil_article_parent_class)->finalize (object);
}

static void
vigil_article_class_init (VigilArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_article_finalize;
  object_class->get_property = vigil_article_get_property;
  object_class->set_property = vigil_article_set_property;
  article_props[PROP_READ]
      = g_param_spec_boolean ("read", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  article_props[PROP_STARRED]
      = g_param_spec_boolean ("starred", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, article_props);
}

static void
vigil_article_init (VigilArticle *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->enclosures = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_enclosure_free);
  self->authors = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
  self->contributors = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_link_free);
}

VigilArticle *
vigil_article_new (void)
{
  return g_object_new (VIGIL_TYPE_ARTICLE, NULL);
}

gint64
vigil_article_get_time (VigilArticle *self)
{
  if (self->published != NULL)
    return g_date_time_to_unix (self->published);
  if (self->updated != NULL)
    return g_date_time_to_unix (self->updated);
  return self->first_seen;
}

gint64
vigil_article_get_sort_time (VigilArticle *self)
{
  gint64 t = vigil_article_get_time (self);

  return self->first_seen > 0 ? MIN (t, self->first_seen) : t;
}

const char *
vigil_article_get_display_title (VigilArticle *self)
{
  for (const char *p = self->title; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return self->title;
  /* TRANSLATORS: shown in place of the headline of an article whose feed
     gave it none */
  return _ ("Untitled Article");
}

char *
vigil_article_dup_body_text (VigilArticle *self)
{
  const char *html = self->full_content != NULL && *self->full_content ? self->full_content
                     : self->content != NULL && *self->content         ? self->content
                                                                       : self->summary;

  return vigil_html_to_text (html != NULL ? html : "");
}

char *
vigil_article_dup_match_text (VigilArticle *self, const char *body)
{
  g_autofree char *own = body == NULL ? vigil_article_dup_body_text (self) : NULL;

  return g_strconcat (self->title ? self->title : "", "\n", body ? body : own, NULL);
}

gboolean
vigil_article_strip_origin_suffix (VigilArticle *self)
{
  static const char *const separators[] = { " - ", " \u2013 ", " \u2014 ", " | " };
  gsize title_len, origin_len;

  if (self->title == NULL || self->origin_title == NULL || *self->origin_title == '\0')
    return FALSE;
  title_len = strlen (self->title);
  origin_len = strlen (self->origin_title);
  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      gsize sep_len = strlen (separators[i]);
      const char *sep;

      if (title_len <= sep_len + origin_len)
        continue;
      sep = self->title + title_len - origin_len - sep_len;
      if (strncmp (sep, separators[i], sep_len) == 0
          && g_ascii_strcasecmp (sep + sep_len, self->origin_title) == 0)
        {
          /* What is left must still be a title, not only spaces. */
          const char *p = self->title;
          while (p < sep && g_ascii_isspace (*p))
            p++;
          if (p == sep)
            return FALSE;
          self->title[sep - self->title] = '\0';
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
limit_html (char **html)
{
  char *cut = vigil_html_truncate (*html, VIGIL_ARTICLE_MAX_HTML);

  if (cut == NULL)
    return FALSE;
  g_free (*html);
  *html = g_strconcat (cut, VIGIL_ARTICLE_SHORTENED_MARK, NULL);
  g_free (cut);
  return TRUE;
}

char *
vigil_text_drop_direction_controls (char *text)
{
  char *out = text;

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0';)
    {
      /* U+202A–U+202E are E2 80 AA–AE; U+2066–U+2069 are E2 81 A6–A9. */
      if ((guchar) p[0] == 0xE2
          && (((guchar) p[1] == 0x80 && (guchar) p[2] >= 0xAA && (guchar) p[2] <= 0xAE)
              || ((guchar) p[1] == 0x81 && (guchar) p[2] >= 0xA6 && (guchar) p[2] <= 0xA9)))
        {
          p += 3;
          continue;
        }
      *out++ = *p++;
    }
  *out = '\0';
  return text;
}

gboolean
vigil_article_limit_size (VigilArticle *self)
{
  gboolean summary = limit_html (&self->summary);
  gboolean content = limit_html (&self->content);
  gboolean title;

  vigil_text_drop_direction_controls (self->title);
  vigil_text_drop_direction_controls (self->author);
  title = self->title != NULL && strlen (self->title) > VIGIL_ARTICLE_MAX_TITLE;
  if (title)
    {
      const char *end = g_utf8_find_prev_char (self->title, self->title + VIGIL_ARTICLE_MAX_TITLE);
      char *cut = g_strdup_printf ("%.*s…", (int) (end - self->title), self->title);
      g_free (self->title);
      self->title = cut;
    }
  return summary || content || title;
}

gboolean
vigil_article_html_is_shortened (const char *html)
{
  return html != NULL && g_str_has_suffix (html, VIGIL_ARTICLE_SHORTENED_MARK);
}

G_DEFINE_FINAL_TYPE (VigilSource, vigil_source, G_TYPE_OBJECT)

static void
vigil_source_finalize (GObject *object)
{
  VigilSource *self = VIGIL_SOURCE (object);

  g_free (self->url);
  g_free (self->title);
  g_free (self->html_url);
  g_free (self->folder);
  g_free (self->etag);
  g_free (self->last_modified);
  g_free (self->error);
  g_free (self->remote_id);
  g_free (self->remote_url);

  G_OBJECT_CLASS (vigil_source_parent_class)->finalize (object);
}

static void
vigil_source_class_init (VigilSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_source_finalize;
}

static void
vigil_source_init (VigilSource *self)
{
  self->enabled = TRUE;
  self->account_id = 1; /* VIGIL_ACCOUNT_LOCAL */
}

VigilSource *
vigil_source_new (void)
{
  return g_object_new (VIGIL_TYPE_SOURCE, NULL);
}
