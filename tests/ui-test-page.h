/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-page.h: the UI tests read the article view back through JavaScript,
 * in a script world of their own, once the page has loaded. */
#pragma once

#include <webkit/webkit.h>

typedef struct
{
  gboolean pending;
  char *result;
} UiPageEval;

static void
ui_page_eval_done (GObject *obj, GAsyncResult *res, gpointer data)
{
  UiPageEval *e = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (obj), res, &error);

  if (error != NULL)
    g_test_message ("a script of the test gave no value: %s", error->message);
  e->pending = FALSE;
  g_free (e->result);
  e->result = value ? jsc_value_to_string (value) : g_strdup ("");
}

static void
ui_page_run_done (GObject *obj, GAsyncResult *res, gpointer data)
{
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (obj), res, NULL);
}

/* Runs script in web_view for what it does: its value is taken and dropped
 * (with no callback, a script whose page went away meanwhile made WebKitGTK
 * log a critical, as src/ui/vigil-article-view.c says of its own). */
static inline void
ui_page_run (WebKitWebView *web_view, const char *script)
{
  webkit_web_view_evaluate_javascript (web_view, script, -1, "vigil-test", NULL, NULL,
                                       ui_page_run_done, NULL);
}

/* The value of a script run by webkit_web_view_evaluate_javascript(), in
 * its callback (the caller unrefs it); the test fails if the script threw. */
static inline JSCValue *
ui_page_eval_value (GObject *web_view, GAsyncResult *res)
{
  g_autoptr (GError) error = NULL;
  JSCValue *value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (web_view), res, &error);

  g_assert_no_error (error);
  return value;
}

/* The same, as text (the caller frees it). */
static inline char *
ui_page_eval_string (GObject *web_view, GAsyncResult *res)
{
  g_autoptr (JSCValue) value = ui_page_eval_value (web_view, res);

  return jsc_value_to_string (value);
}

/* Runs script in web_view once it has finished loading; its value as text once
 * it has answered (the caller frees it), NULL until then: call it again at
 * each tick. */
static inline char *
ui_page_eval (UiPageEval *e, WebKitWebView *web_view, const char *script)
{
  if (e->result != NULL)
    return g_steal_pointer (&e->result);
  if (!e->pending && !webkit_web_view_is_loading (web_view))
    {
      e->pending = TRUE;
      webkit_web_view_evaluate_javascript (web_view, script, -1, "vigil-test", NULL, NULL,
                                           ui_page_eval_done, e);
    }
  return NULL;
}

/* Runs script as ui_page_eval() does and keeps its answer in *slot (freeing
 * what it held); FALSE until there is one. */
static inline gboolean
ui_page_eval_into (UiPageEval *e, WebKitWebView *web_view, const char *script, char **slot)
{
  char *answer = ui_page_eval (e, web_view, script);

  if (answer == NULL)
    return FALSE;
  g_free (*slot);
  *slot = answer;
  return TRUE;
}
