"""`invoke check`'s own rules (checks/): each one finds the mistake it exists for and passes
what we publish. The outside tools (vnu, axe-core, Chromium) run in `invoke check` itself."""

import sys
from pathlib import Path

from lxml import etree

from conftest import ROOT, SITEURL

sys.path.insert(0, str(ROOT))
from checks import email_rules, feeds, fixture_post, links  # noqa: E402
from checks.email_rules import email_problems  # noqa: E402
from checks.html_validity import EMAIL_ALLOWED, email_as_sent  # noqa: E402
from checks.site_build import BuiltSite, build_site  # noqa: E402


def built(site):
    return BuiltSite(output=site.output, siteurl=SITEURL, settings={})


def test_links_finds_missing_files_and_anchors_and_passes_the_rest(site):
    site.write("extra/favicon.ico", "icon")
    site.post("first", "See [the second](/2026/second/#the-end) and [nothing](#nowhere).")
    site.post("second", "## The end\n\nBye.", date="2026-01-16")
    site.build("publish")

    def problems(page):
        return [f.problem for f in links.check(built(site)) if f.where.startswith(page + ":")]

    assert problems("2026/first/index.html") == [
        'link to #nowhere: no element with id="nowhere" in 2026/first/index.html'
    ]
    assert problems("2026/second/index.html") == []
    page = site.path("2026/second/index.html")
    page.write_text(page.read_text().replace(
        "</main>", '<img src="../../gone.png" alt="" srcset="/theme/css/site.css 1x, /no.png 2x"></main>'))
    assert problems("2026/second/index.html") == [
        "link to ../../gone.png finds no file (/gone.png is not in the built site)",
        "link to /no.png finds no file (/no.png is not in the built site)",
    ]
    # feeds are read too: the entry of the first post carries the same broken anchor
    assert any(f.where.startswith("feeds/atom.xml") and "#nowhere" in f.problem
               for f in links.check(built(site)))


def test_feed_rules_pass_our_feeds_and_name_what_breaks_them(site):
    site.post("one", "Words.", tags="a, b", category="Stories")
    site.build("publish")
    for relpath, rules in (("feeds/atom.xml", feeds.atom_problems), ("feeds/rss.xml", feeds.rss_problems)):
        assert rules(site.path(relpath).read_bytes(), SITEURL) == [], relpath

    atom = etree.fromstring(site.path("feeds/atom.xml").read_bytes())
    entry = atom.find(feeds.A + "entry")
    entry.remove(entry.find(feeds.A + "id"))
    entry.find(feeds.A + "updated").text = "2026-01-15 09:00"
    problems = feeds.atom_problems(etree.tostring(atom))
    assert any("<id> occurs 0 time(s)" in p for p in problems)
    assert any("'2026-01-15 09:00' is not an RFC 3339 date" in p for p in problems)

    rss = etree.fromstring(site.path("feeds/rss.xml").read_bytes())
    rss.find("channel/item/guid").set("isPermaLink", "false")
    rss.find("channel/item/pubDate").text = "2026-01-15"
    problems = feeds.rss_problems(etree.tostring(rss))
    assert any("ours are permalinks" in p for p in problems)
    assert any("is not an RFC 822 date" in p for p in problems)


def test_feed_content_rules_refuse_what_readers_must_not_get():
    problems = feeds.content_problems(
        '<p onclick="x()"><a href="/rel/">a</a><img src="//cdn.example/x.png" alt=""></p>'
        "<details><summary>s</summary>t</details><script>x()</script>"
    )
    assert problems == [
        "entry content: <p> has an event handler onclick=",
        'entry content: <a href="/rel/"> is not absolute',
        'entry content: <img src="//cdn.example/x.png"> is not absolute',
        "entry content: contains <details>",
        "entry content: contains <script>",
    ]


GOOD_EMAIL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="color-scheme" content="light dark"><title>t</title>
<style>@media (max-width: 620px) { .c { width: 100% !important; } }</style></head>
<body><table role="presentation" width="600"><tr><td style="padding: 8px; color: #111">
<a href="https://coach.example/post/">Read</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a>
<img src="https://coach.example/a.png" width="10" height="10" alt="A">
</td></tr></table></body></html>"""


def test_email_rules_pass_a_good_email_and_name_each_broken_rule():
    assert email_problems(GOOD_EMAIL) == []
    bad = (
        GOOD_EMAIL.replace("https://coach.example/post/", "/post/")
        .replace("padding: 8px", "display: flex; padding: var(--gap)")
        .replace('alt="A"', "")
        .replace("</td>", "<details><summary>s</summary></details></td>")
        .replace("<style>", "<style>@font-face { font-family: x; src: url(x.woff); }")
    )
    problems = [p for _, p in email_problems(bad)]
    for expected in ('<a href="/post/"> is not an absolute URL', "display: flex", "uses var()",
                     "has no alt", "<details> is not allowed", "@font-face"):
        assert any(expected in p for p in problems), (expected, problems)
    assert email_problems(GOOD_EMAIL + "<!--" + "x" * 110_000 + "-->")[0][0] == "error"
    assert email_problems(GOOD_EMAIL + "<!--" + "x" * 85_000 + "-->")[0][0] == "warning"


def test_email_html_exceptions_are_only_what_mail_clients_need():
    for allowed in ('The “bgcolor” attribute on the “table” element is obsolete. Use CSS instead.',
                    'Attribute “xmlns:o” not allowed here.',
                    "CSS: “mso-table-lspace”: Property “mso-table-lspace” doesn't exist."):
        assert EMAIL_ALLOWED.match(allowed)
    for refused in ('The “center” element is obsolete. Use CSS instead.',
                    'Attribute “onclick” not allowed on element “td” at this point.',
                    'Attribute “xmlns:x” not allowed here.',
                    "CSS: “flex-grow”: Property “flex-grow” doesn't exist.",
                    'Element “meta” is missing one or more of the following attributes: “content”.'):
        assert not EMAIL_ALLOWED.match(refused)
    assert email_as_sent('<a href="*|UNSUB|*">x</a>') == '<a href="https://unsubscribe.example/">x</a>'


def test_the_fixture_post_shows_every_callout_type(site):
    slug = fixture_post.write(Path(site.content))
    site.build("publish")
    page = site.soup(f"2020/{slug}/index.html")
    shown = {c for element in page.select(".callout") for c in element["class"]}
    assert {f"callout-{name}" for name in fixture_post.callout_types()} <= shown
    assert page.select("details[open]") and page.select("details:not([open])")


def test_a_missing_feed_or_email_is_an_error_when_its_plugin_is_on(site):
    site.post("one", "Words.", category="Stories")
    built_site = build_site(site.root, site.content, "checked", "", siteurl=SITEURL)
    assert built_site.feeds_enabled() and built_site.email_enabled()
    assert [f for f in feeds.check(built_site) if f.level == "error"] == []
    (built_site.output / "feeds/category/stories.rss.xml").unlink()
    (built_site.output / "email/one/email.html").unlink()
    assert [f.where for f in feeds.check(built_site)] == ["feeds/category/stories.rss.xml"]
    assert [(f.where, f.problem[:8]) for f in email_rules.check(built_site)] == [
        ("email/one/email.html", "missing:")
    ]
