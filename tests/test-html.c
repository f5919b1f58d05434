/* The sanitiser keeps harmless markup and nothing executable. */
#include "vigil-html.h"

static char *
clean (const char *html)
{
  return vigil_html_sanitize (html, "https://base.example.test/dir/page.html");
}

static void
test_keeps_harmless (void)
{
  g_autofree char *out
      = clean ("<p>One <b>bold</b> and <a href=\"/x\">a link</a>.</p><ul><li>item</li></ul>");

  g_assert_cmpstr (out, ==,
                   "<p>One <b>bold</b> and <a href=\"https://base.example.test/x\" rel=\"noopener "
                   "noreferrer\">a "
                   "link</a>.</p><ul><li>item</li></ul>");
}

static void
test_drops_executable (void)
{
  static const char *const vectors[] = {
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\" JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)></svg>",
    "<iframe src=\"https://evil.test/\"></iframe>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test/\">",
    "<base href=\"https://evil.test/\">",
    "<form action=\"https://evil.test/\"><input name=q><button>go</button></form>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"width: expression(alert(1))\">x</p>",
    "<link rel=stylesheet href=\"https://evil.test/x.css\">",
    "<style>@import 'https://evil.test/x.css';</style>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<body onload=alert(1)>x</body>",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=alert(1)></video>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<p>x<!-- <script>alert(1)</script> --></p>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *out = clean (vectors[i]);
      g_autofree char *lower = g_ascii_strdown (out, -1);
      g_test_message ("%s -> %s", vectors[i], out);
      g_assert_null (strstr (lower, "<script"));
      g_assert_null (strstr (lower, "javascript:"));
      g_assert_null (strstr (lower, "vbscript:"));
      g_assert_null (strstr (lower, "data:"));
      g_assert_null (strstr (lower, " on"));
      g_assert_null (strstr (lower, "style"));
      g_assert_null (strstr (lower, "<iframe"));
      g_assert_null (strstr (lower, "<object"));
      g_assert_null (strstr (lower, "<embed"));
      g_assert_null (strstr (lower, "<meta"));
      g_assert_null (strstr (lower, "<base"));
      g_assert_null (strstr (lower, "<form"));
      g_assert_null (strstr (lower, "<input"));
      g_assert_null (strstr (lower, "<svg"));
      g_assert_null (strstr (lower, "<link"));
    }
}

static void
test_escapes_text (void)
{
  g_autofree char *out = clean ("<p title='a\"b'>1 &lt; 2 &amp; \"q\"</p>");
  g_autofree char *esc = vigil_html_escape ("<a href=\"x\">&");

  g_assert_cmpstr (out, ==, "<p>1 &lt; 2 &amp; \"q\"</p>");
  g_assert_cmpstr (esc, ==, "&lt;a href=&quot;x&quot;&gt;&amp;");
}

static void
test_unknown_unwrapped (void)
{
  g_autofree char *out
      = clean ("<font color=red>kept <mark>text</mark></font><custom-tag>too</custom-tag>");

  g_assert_cmpstr (out, ==, "kept texttoo");
}

static void
test_to_text (void)
{
  g_autofree char *t1 = vigil_html_to_text (
      "<p>First  para</p><p>Second<br>line &amp; more</p><script>x()</script>");
  g_autofree char *t2 = vigil_html_to_text ("plain\n\n  text");

  g_assert_cmpstr (t1, ==, "First para\nSecond\nline & more");
  g_assert_cmpstr (t2, ==, "plain\ntext");
}

static void
test_safe_url (void)
{
  g_autofree char *a = vigil_html_safe_url ("../up.html", "https://x.test/a/b/c.html", FALSE);
  g_autofree char *b = vigil_html_safe_url ("mailto:desk@x.test", NULL, TRUE);
  g_autofree char *c = vigil_html_safe_url ("mailto:desk@x.test", NULL, FALSE);
  g_autofree char *d = vigil_html_safe_url ("file:///etc/passwd", NULL, TRUE);

  g_assert_cmpstr (a, ==, "https://x.test/a/up.html");
  g_assert_cmpstr (b, ==, "mailto:desk@x.test");
  g_assert_null (c);
  g_assert_null (d);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/html/keeps-harmless", test_keeps_harmless);
  g_test_add_func ("/html/drops-executable", test_drops_executable);
  g_test_add_func ("/html/escapes-text", test_escapes_text);
  g_test_add_func ("/html/unknown-unwrapped", test_unknown_unwrapped);
  g_test_add_func ("/html/to-text", test_to_text);
  g_test_add_func ("/html/safe-url", test_safe_url);
  return g_test_run ();
}
