/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-reader.c */
#include "config.h"

#include "vigil-reader.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-article.h"
#include "vigil-html.h"

G_DEFINE_QUARK (vigil_reader_error, vigil_reader_error)

/* Less visible text than this is no article (a cookie wall, a sign-in page). */
#define MIN_ARTICLE_CHARS 200

/* Runs once Readability.js has defined Readability in the reader's script
 * world: html and url are arguments, never spliced into the script. The document DOMParser builds
 * has no browsing context: its scripts and event handlers never run and it loads no image, style or
 * frame. Its address is the view's page's; a <base> makes the article's links resolve against the
 * page's own address. */
static const char *run_readability
    = "const doc = new DOMParser().parseFromString(html, 'text/html');\n"
      "let base = doc.querySelector('base[href]');\n"
      "let href = url;\n"
      "try { if (base) href = new URL(base.getAttribute('href'), url).href; } catch (e) {}\n"
      "if (!base) { base = doc.createElement('base'); (doc.head || doc.documentElement)"
      ".prepend(base); }\n"
      "base.setAttribute('href', href);\n"
      "const found = new Readability(doc).parse();\n"
      "if (!found || !found.content) return null;\n"
      /* The view shows the headline above the body: the page's own copy of it
       * at the top of the article goes. */
      "const squash = (t) => (t || '').replace(/\\s+/g, ' ').trim().toLowerCase();\n"
      "const body = doc.createElement('div');\n"
      "body.innerHTML = found.content;\n"
      "const first = body.querySelector('h1, h2');\n"
      "if (first && title && squash(first.textContent) === squash(title)) {\n"
      "  first.remove();\n"
      "}\n"
      "return { content: body.innerHTML, title: found.title || '' };\n";

#define READABILITY_PATH "article/vendor/readability/Readability.js"

static gboolean
is_latin1_label (const char *label)
{
  static const char *const labels[] = { "iso-8859-1", "iso8859-1",    "latin1", "l1",
                                        "us-ascii",   "windows-1252", "cp1252", "ascii" };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (label, labels[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The charset a <meta> names in the first 1024 bytes (as browsers prescan). */
static char *
meta_charset (const char *data, gsize length)
{
  g_autofree char *head = g_ascii_strdown (data, MIN (length, 1024));
  const char *p = head;

  while ((p = strstr (p, "charset")) != NULL)
    {
      const char *v = p + strlen ("charset");
      gsize n = 0;

      p = v;
      while (*v == ' ' || *v == '\t')
        v++;
      if (*v != '=')
        continue;
      v++;
      while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'')
        v++;
      while (g_ascii_isalnum (v[n]) || v[n] == '-' || v[n] == '_' || v[n] == ':' || v[n] == '.')
        n++;
      if (n > 0 && n < 40)
        return g_strndup (v, n);
    }
  return NULL;
}

char *
vigil_reader_decode (const char *data, gsize length, const char *http_charset)
{
  g_autofree char *declared = NULL;
  const char *label = NULL;
  char *text = NULL;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return g_utf8_make_valid (data + 3, length - 3);
  if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      label = (guchar) data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      data += 2;
      length -= 2;
    }
  else if (http_charset != NULL && *http_charset != '\0')
    label = http_charset;
  else
    label = declared = meta_charset (data, length);

  if (label == NULL || g_ascii_strcasecmp (label, "utf-8") == 0
      || g_ascii_strcasecmp (label, "utf8") == 0)
    {
      if (g_utf8_validate_len (data, length, NULL))
        return g_strndup (data, length);
      label = "windows-1252"; /* mislabelled: read as browsers read Latin-1 */
    }
  if (is_latin1_label (label))
    label = "windows-1252";
  text = g_convert_with_fallback (data, length, "UTF-8", label, "\xEF\xBF\xBD", NULL, NULL, NULL);
  if (text == NULL)
    text = g_utf8_make_valid (data, length);
  return text;
}

gboolean
vigil_reader_is_html (const char *content_type, const char *data, gsize length)
{
  g_autofree char *start = NULL;

  if (content_type != NULL && *content_type != '\0')
    {
      g_autofree char *type = g_ascii_strdown (content_type, -1);
      char *semicolon = strchr (type, ';');
      if (semicolon)
        *semicolon = '\0';
      g_strstrip (type);
      return g_str_equal (type, "text/html") || g_str_equal (type, "application/xhtml+xml");
    }
  /* No type said: a page starts like one. */
  start = g_ascii_strdown (data, MIN (length, 1024));
  return strstr (start, "<!doctype html") != NULL || strstr (start, "<html") != NULL;
}

typedef struct
{
  WebKitWebView *web_view;
  char *url;
  char *title; /* the article's headline, or "" */
  char *html;  /* the page, UTF-8 */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->web_view);
  g_free (job->url);
  g_free (job->title);
  g_free (job->html);
  g_free (job);
}

static void
sanitize_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autofree char *clean = vigil_html_sanitize (job->html, job->url);
  g_autofree char *text = NULL;

  if (clean != NULL && strlen (clean) > VIGIL_ARTICLE_MAX_HTML)
    {
      g_autofree char *cut = vigil_html_truncate (clean, VIGIL_ARTICLE_MAX_HTML);
      if (cut != NULL)
        {
          g_free (clean);
          clean = g_strconcat (cut, VIGIL_ARTICLE_SHORTENED_MARK, NULL);
        }
    }
  text = clean ? vigil_html_sanitized_to_text (clean) : NULL;
  if (text == NULL || g_utf8_strlen (g_strstrip (text), -1) < MIN_ARTICLE_CHARS)
    {
      g_task_return_new_error (task, VIGIL_READER_ERROR, VIGIL_READER_ERROR_NOT_FOUND, "%s",
                               _ ("No article was found in the web page"));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&clean), g_free);
}

/* TRUE when the task is answered already: cancelled, or the script (step:
 * "load" or "run") gave no value. */
static gboolean
script_failed (GTask *task, JSCValue *value, const GError *error, const char *step)
{
  if (g_task_return_error_if_cancelled (task))
    return TRUE;
  if (value != NULL)
    return FALSE;
  g_message ("Readability did not %s: %s", step, error->message);
  g_task_return_new_error (task, VIGIL_READER_ERROR, VIGIL_READER_ERROR_SCRIPT, "%s",
                           _ ("The page could not be read"));
  return TRUE;
}

static void
readability_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value = webkit_web_view_call_async_javascript_function_finish (
      WEBKIT_WEB_VIEW (object), result, &error);
  g_autoptr (JSCValue) content = NULL;

  if (script_failed (task, value, error, "run"))
    return;
  if (jsc_value_is_object (value))
    content = jsc_value_object_get_property (value, "content");
  if (content == NULL || !jsc_value_is_string (content))
    {
      g_task_return_new_error (task, VIGIL_READER_ERROR, VIGIL_READER_ERROR_NOT_FOUND, "%s",
                               _ ("No article was found in the web page"));
      return;
    }
  /* Readability's HTML, sanitised like a feed's, off the main thread. */
  g_free (job->html);
  job->html = jsc_value_to_string (content);
  g_task_run_in_thread (task, sanitize_in_thread);
}

static void
library_loaded (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  GVariantDict args;

  if (script_failed (task, value, error, "load"))
    return;
  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "html", "s", job->html);
  g_variant_dict_insert (&args, "url", "s", job->url);
  g_variant_dict_insert (&args, "title", "s", job->title);
  webkit_web_view_call_async_javascript_function (
      job->web_view, run_readability, -1, g_variant_dict_end (&args), VIGIL_READER_SCRIPT_WORLD,
      NULL, g_task_get_cancellable (task), readability_done, g_object_ref (task));
}

/* Readability.js, as published, defines Readability in the reader's world
 * (again each time: a web process that was restarted has lost it). */
static void
run (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr (GBytes) library = g_resources_lookup_data (RESOURCE_BASE READABILITY_PATH, 0, NULL);
  gsize length = 0;
  const char *code;

  g_assert (library != NULL);
  code = g_bytes_get_data (library, &length);
  webkit_web_view_evaluate_javascript (
      job->web_view, code, (gssize) length, VIGIL_READER_SCRIPT_WORLD,
      "resource://" RESOURCE_BASE READABILITY_PATH, g_task_get_cancellable (task), library_loaded,
      g_object_ref (task));
}

/* The view's blank page is still loading (the first article): Readability
 * runs once it is there. */
static void
view_loaded (WebKitWebView *web_view, WebKitLoadEvent event, GTask *task)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  g_signal_handlers_disconnect_by_func (web_view, view_loaded, task);
  if (!g_task_return_error_if_cancelled (task))
    run (task);
  g_object_unref (task);
}

static void
fetched (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilFetchResult) page
      = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), result, &error);
  const char *data;
  gsize length = 0;

  if (page == NULL)
    {
      /* Said of a web page, not of a feed as the fetcher says it. */
      if (g_error_matches (error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_HTTP)
          && strstr (error->message, "(HTTP 404)") != NULL)
        g_task_return_new_error (task, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_HTTP, "%s",
                                 _ ("The web page was not found (HTTP 404)"));
      else if (g_error_matches (error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_GONE))
        g_task_return_new_error (task, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_GONE, "%s",
                                 _ ("The web page is gone (HTTP 410)"));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  data = page->body ? g_bytes_get_data (page->body, &length) : NULL;
  if (data == NULL || length == 0 || !vigil_reader_is_html (page->content_type, data, length))
    {
      g_task_return_new_error (task, VIGIL_READER_ERROR, VIGIL_READER_ERROR_NOT_HTML,
                               /* TRANSLATORS: %s is a type such as application/pdf */
                               _ ("The article’s address gives no web page (%s)"),
                               page->content_type && *page->content_type ? page->content_type
                                                                         : _ ("empty"));
      return;
    }
  job->html = vigil_reader_decode (data, length, page->charset);
  if (webkit_web_view_is_loading (job->web_view))
    g_signal_connect (job->web_view, "load-changed", G_CALLBACK (view_loaded),
                      g_steal_pointer (&task));
  else
    run (task);
}

void
vigil_reader_extract_async (VigilFetcher *fetcher, WebKitWebView *web_view, const char *url,
                            const char *title, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *safe = url ? vigil_html_safe_url (url, NULL, FALSE) : NULL;
  Job *job;

  g_task_set_source_tag (task, vigil_reader_extract_async);
  /* Web addresses only: never a file: or resource: the feed put there. */
  if (safe == NULL || !(g_str_has_prefix (safe, "http://") || g_str_has_prefix (safe, "https://")))
    {
      g_task_return_new_error (task, VIGIL_READER_ERROR, VIGIL_READER_ERROR_NO_ADDRESS, "%s",
                               _ ("The article has no web address"));
      return;
    }
  job = g_new0 (Job, 1);
  job->web_view = g_object_ref (web_view);
  job->url = g_steal_pointer (&safe);
  job->title = g_strdup (title && g_utf8_validate (title, -1, NULL) ? title : "");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  vigil_fetcher_fetch_async (fetcher, job->url, NULL, NULL, cancellable, fetched,
                             g_object_ref (task));
}

char *
vigil_reader_extract_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
