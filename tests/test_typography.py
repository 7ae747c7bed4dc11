"""Typography: straight quotes, apostrophes, double hyphens and three dots become curly
quotes, dashes and an ellipsis (Python-Markdown's smarty) in the text, the summary and the
title, alike on the page, in feeds, in the email and its subject and in the text part;
never inside code."""

import email
import email.policy
from email.header import decode_header, make_header

import feedparser

from conftest import SETTINGS, load_settings, render_markdown

TITLE = 'She said "no" -- and it\'s fine...'
CURLY_TITLE = "She said \u201cno\u201d \u2013 and it\u2019s fine\u2026"
BODY = """\
Don't say "never" -- or 'always' --- say *"maybe"*...

Inline `don't "quote" -- me` and a block:

```
print("it's -- fine...")
```
"""


def test_the_text_gets_curly_quotes_dashes_and_ellipses_but_code_does_not():
    html = render_markdown(BODY)
    assert "Don&rsquo;t say &ldquo;never&rdquo; &ndash; or &lsquo;always&rsquo; &mdash; say" in html
    assert "<em>&ldquo;maybe&rdquo;</em>&hellip;" in html
    assert "<code>don't \"quote\" -- me</code>" in html
    assert 'print(&quot;it&#39;s -- fine...&quot;)' in html or "print(\"it's -- fine...\")" in html


def test_a_title_is_curly_on_the_page_in_feeds_and_in_the_email(site):
    site.post("quoted", BODY, Title=TITLE, Summary='A "short" summary -- that\'s all.',
              Email_Subject='"Maybe" -- a subject', Preheader="It's a preheader...")
    site.build()
    page = site.soup("2026/quoted/index.html")
    assert page.h1.get_text() == CURLY_TITLE
    assert page.title.get_text().startswith(CURLY_TITLE)
    assert page.find("meta", property="og:title")["content"].startswith(CURLY_TITLE)
    assert page.find("meta", attrs={"name": "description"})["content"] == "A \u201cshort\u201d summary \u2013 that\u2019s all."
    assert "Don\u2019t say \u201cnever\u201d" in page.select_one(".post-body").get_text()
    assert "don't \"quote\" -- me" in page.select_one(".post-body code").get_text()
    assert page.select_one(".post-body pre").get_text().strip() == "print(\"it's -- fine...\")"
    index = site.soup("index.html")
    assert CURLY_TITLE in [a.get_text() for a in index.select(".post-card a")]

    [entry] = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    assert entry.title == CURLY_TITLE
    assert "Don\u2019t say \u201cnever\u201d" in entry.content[0].value
    assert "don't \"quote\" -- me" in entry.content[0].value

    message = email.message_from_bytes(site.path("email/quoted/message.eml").read_bytes())
    assert str(make_header(decode_header(message["Subject"]))) == "\u201cMaybe\u201d \u2013 a subject"
    html = site.soup("email/quoted/email.html")
    assert html.select_one("h1.title").get_text() == CURLY_TITLE
    assert html.select_one(".preheader").get_text().startswith("It\u2019s a preheader\u2026")
    assert "Don\u2019t say \u201cnever\u201d" in html.select_one(".post-body").get_text()
    index_json = site.text("email/index.json")
    assert "\\u201cMaybe\\u201d" in index_json or "\u201cMaybe\u201d" in index_json


def test_the_text_part_has_the_characters_never_their_html_names(site):
    site.post("quoted", BODY, Title=TITLE)
    site.build()
    text = site.text("email/quoted/email.txt")
    assert text.startswith(CURLY_TITLE + "\n")
    assert "Don\u2019t say \u201cnever\u201d \u2013 or \u2018always\u2019 \u2014 say \u201cmaybe\u201d\u2026" in text
    assert "print(\"it's -- fine...\")" in text, "code as written"
    assert "&rsquo;" not in text and "&ldquo;" not in text and "&ndash;" not in text


def test_callout_titles_and_summaries_are_curly_too(site):
    site.post("callout", '!!! lesson "Don\'t wait -- ask"\n    Ask "why".\n', Summary="It's short.")
    site.build()
    page = site.soup("2026/callout/index.html")
    assert "Don\u2019t wait \u2013 ask" in page.select_one(".callout-title").get_text()
    assert "Ask \u201cwhy\u201d." in page.select_one(".callout").get_text()
    assert site.soup("index.html").select_one(".post-summary").get_text().strip() == "It\u2019s short."


def test_a_closing_single_and_double_quote_together_are_two_curly_quotes(site):
    """Smarty makes one stash entry of both ('"): it was published as the text '&rsquo;&rdquo;'."""
    site.post("nested", '> [!TIP] He said "it\'s \'no\'"\n> Inside.\n\nShe wrote "a \'b\'".\n')
    site.build("publish")
    page = site.soup("2026/nested/index.html")
    assert "He said \u201cit\u2019s \u2018no\u2019\u201d" in page.select_one(".callout-title").get_text()
    assert "She wrote \u201ca \u2018b\u2019\u201d." in page.get_text()
    entry = feedparser.parse(str(site.path("feeds/atom.xml"))).entries[0]
    assert "\u2018b\u2019\u201d" in entry.content[0].value and "&amp;" not in entry.content[0].value
    message = email.message_from_bytes(site.path("email/nested/message.eml").read_bytes(), policy=email.policy.default)
    for part in ("text/plain", "text/html"):
        assert "\u2018b\u2019\u201d" in message.get_body((part.split("/")[1],)).get_content()


def test_without_smarty_titles_stay_as_written_like_the_text(site):
    markdown = load_settings(str(SETTINGS["dev"]), {})["MARKDOWN"]
    configs = {name: value for name, value in markdown["extension_configs"].items() if "smarty" not in name}
    site.post("plain", 'It\'s "plain".', Title=TITLE)
    site.build(MARKDOWN={"extension_configs": configs, "output_format": "html5"})
    page = site.soup("2026/plain/index.html")
    assert page.h1.get_text() == TITLE
    assert page.select_one(".post-body").get_text().strip() == 'It\'s "plain".'


def test_a_tag_typed_as_text_keeps_its_straight_quotes_and_stays_text(site):
    site.post("pasted", '<div class="box">A box</div>\n\n<img src=x onerror=\'alert(1)\'>\n\nIt\'s "here".')
    site.build()
    body = site.soup("2026/pasted/index.html").select_one(".post-body")
    assert [p.get_text() for p in body.select("p")] == [
        '<div class="box">A box</div>', "<img src=x onerror='alert(1)'>", "It\u2019s \u201chere\u201d."]
    assert body.select("div.box, img") == [], "text, never markup"
    text = site.text("email/pasted/email.txt")
    assert '<div class="box">A box</div>' in text and "<img src=x onerror='alert(1)'>" in text


def test_smarty_run_only_where_it_has_work_gives_the_same_html_as_everywhere():
    """typography/quiet.py skips the pieces of text smarty would leave alone: the HTML must be
    what smarty over every piece gives, abbreviations included (abbr runs before the marks)."""
    import importlib
    from types import SimpleNamespace

    from blocks import markdown_for, start_build
    from conftest import ROOT, SITEURL
    from typography import keep_tags_as_written

    settings = load_settings(str(SETTINGS["dev"]), {"PATH": str(ROOT / "content"), "SITEURL": SITEURL})
    for name in settings["PLUGINS"]:
        importlib.import_module(name)
    pelican = SimpleNamespace(settings=settings)
    start_build(pelican)
    keep_tags_as_written(pelican)
    quiet, everywhere = markdown_for(settings), markdown_for(settings)
    assert "smarty_skip_quiet" in quiet.treeprocessors
    everywhere.treeprocessors.deregister("smarty_skip_quiet")
    everywhere.treeprocessors.deregister("smarty_unmark_quiet")
    texts = [BODY, '*[HTML]: Hyper Text\n\nHTML is fine -- and "HTML" too.\n\nHTML alone... <<so>> \'90s.\n',
             "Yes -- no.\n\nWait --- what\n\nThen...\n\n*so* -- *so*\n"]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*.md"))]
    for text in texts:
        quiet.reset()
        everywhere.reset()
        assert quiet.convert(text) == everywhere.convert(text)
    assert "<abbr" in quiet.convert(texts[1]) and "&ndash;" in quiet.convert(texts[1])
