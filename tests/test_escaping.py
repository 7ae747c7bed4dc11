"""Escaping: whatever a coach types in a title, summary, tag or callout title reaches readers as
typed, and every page, feed and email stays valid.

A property test (hypothesis): text made of quotes, ampersands, angle brackets and non-ASCII
letters goes into one post; the built post page, the home page, the tag page, both feeds and
the email (when the email plugin is on) must parse without a single error (html5lib in strict
mode, feedparser, our feed and email rules) and show the text exactly as written.
"""

import email
import html
import sys
import textwrap
from email import policy

import feedparser
import html5lib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from checks.email_rules import email_problems  # noqa: E402
from checks.feeds import atom_problems, rss_problems  # noqa: E402
from checks.site_build import publish_settings  # noqa: E402

# What makes escaping hard, plus letters so that every tag has a slug. Left out: characters
# that Markdown or the metadata format give a meaning to in summaries (* _ ` [ ] # \ ! : ;
# and the comma that separates tags), which are not escaping questions.
HARD = "\"'&<>"
NON_ASCII = "éüßøçñ€—“”‘’–…ąłŻ中文"
WORD = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.text(alphabet=HARD + NON_ASCII + "abcxyz0123456789-?.()/", max_size=6),
)
PHRASE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)

STRICT = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
SLUG = "escaping-probe"


# Curly quotes, dashes and the ellipsis smarty makes of straight ones (typography plugin),
# and the ones typed, read as the straight ones: escaping is about & < > and ", not that.
STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                          "\u2013": "--", "\u2014": "---", "\u2026": "..."})


def normal(text):
    return " ".join(text.translate(STRAIGHT).split())


def strict_tree(markup, where):
    """Parse with the HTML standard's parser, failing on any parse error; return an lxml tree."""
    try:
        STRICT.parse(markup)
    except html5lib.html5parser.ParseError as error:
        pytest.fail(f"{where}: HTML parse error: {error}")
    return lxml_html.document_fromstring(markup)


def shown(detail):
    """A feed text as a reader shows it: HTML (RSS titles, escaped once more) as its text."""
    if detail.type == "text/html":
        return normal(lxml_html.fromstring(f"<div>{detail.value}</div>").text_content())
    return normal(detail.value)


def texts(tree, xpath):
    return [normal(e.text_content() if hasattr(e, "text_content") else e) for e in tree.xpath(xpath)]


def check_page(site, relpath, title):
    tree = strict_tree(site.text(relpath), relpath)
    # the title as text and in every attribute that carries it
    assert any(title in t for t in texts(tree, "//title")), relpath
    for prop in ("og:title", "twitter:title"):
        values = tree.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
        assert values and title in normal(values[0]), (relpath, prop, values)
    return tree


def test_text_reaches_every_target_exactly_as_typed(site):
    email_on = "email_export" in publish_settings().get("PLUGINS", [])

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @example(  # the worst case, always tried first
        title='Why "no" hurts & <helps> — café',
        summary="Tom & Jerry <b>said</b> “no” & 'yes' <script>",
        tags=["R&D", "Q<A>", 'Say "no"'],
        callout_title='Keep "this" & <that> — ü',
    )
    @given(title=PHRASE, summary=PHRASE, tags=st.lists(WORD, min_size=1, max_size=3, unique_by=str.lower),
           callout_title=PHRASE)
    def one_post(title, summary, tags, callout_title):
        site.post(
            SLUG,
            body=textwrap.dedent(f"""
                Plain words first.

                > [!TIP] {callout_title}
                > Inside the callout.
                """),
            title=title,
            summary=summary,
            tags=", ".join(tags),
            category="Escaping",
        )
        site.build("publish")
        title_text, summary_text = normal(title), normal(summary)

        # the post's page: heading, description, tags and the callout title as typed
        page = check_page(site, f"2026/{SLUG}/index.html", title_text)
        assert texts(page, "//h1") == [title_text]
        for name in ("description", "og:description", "twitter:description"):
            values = page.xpath(f"//meta[@name='{name}' or @property='{name}']/@content")
            assert values and normal(values[0]) == summary_text, (name, values)
        assert sorted(texts(page, "//a[@rel='tag']")) == sorted(normal(t) for t in tags)
        assert any(normal(callout_title) in t for t in texts(page, "//*[contains(@class, 'callout-title')]"))

        # the home page lists it, and every tag page exists and is valid
        home = check_page(site, "index.html", "The Honest No")
        assert title_text in texts(home, "//h3/a")
        for link in page.xpath("//a[@rel='tag']/@href"):
            check_page(site, link.split("coach.example/", 1)[1] + "index.html", "")

        # the feeds: valid by our shared rules, and the same text in feedparser's hands
        for relpath, rules in (("feeds/atom.xml", atom_problems), ("feeds/rss.xml", rss_problems)):
            data = site.path(relpath).read_bytes()
            assert rules(data) == [], relpath
            entry = feedparser.parse(data).entries[0]
            assert shown(entry.title_detail) == title_text, relpath
            assert summary_text in normal(lxml_html.fromstring(entry.summary).text_content()), relpath
            # RSS readers show a category as HTML: its text is escaped once more there.
            terms = [html.unescape(t.term) if relpath.endswith("rss.xml") else t.term for t in entry.tags]
            assert sorted(normal(t) for t in terms) == sorted({normal(t) for t in tags} | {"Escaping"})
            content = lxml_html.fromstring(entry.content[0].value)
            assert normal(callout_title) in normal(content.text_content()), relpath

        # the email, when the export plugin is on
        if email_on:
            markup = site.text(f"email/{SLUG}/email.html")
            assert [p for level, p in email_problems(markup) if level == "error"] == []
            tree = strict_tree(markup, "email.html")
            assert texts(tree, "//h1") == [title_text]
            assert normal(callout_title) in normal(tree.text_content())
            message = email.message_from_bytes(
                site.path(f"email/{SLUG}/message.eml").read_bytes(), policy=policy.default
            )
            assert normal(message["Subject"]) == title_text

    one_post()


def test_comments_are_private_notes_and_html_blocks_read_as_written(site):
    """An HTML comment never reaches the page, a feed or an email; a block of HTML typed or
    pasted shows as the text it is; code keeps both."""
    site.post(SLUG, """
        Before <!-- an inline note --> after.

        <!-- TODO: add the client quote once Jo approves it -->
        <!--
        Private notes:
        - Jo Smith, salary 62k
        -->

        <div class="box">A block of HTML</div>

        Write `<!-- a comment -->` to hide a line:

        ```
        <!-- kept in code -->
        ```
        """)
    site.build("publish")
    page = site.text(f"2026/{SLUG}/index.html")
    targets = {name: site.text(name) for name in
               (f"2026/{SLUG}/index.html", "feeds/atom.xml", "feeds/rss.xml", f"email/{SLUG}/email.html",
                f"email/{SLUG}/email.txt", f"email/{SLUG}/message.eml")}
    for name, text in targets.items():
        assert "Jo Smith" not in text and "inline note" not in text and "client quote" not in text, name
    body = lxml_html.fromstring(page).xpath("//div[@class='post-body']")[0]
    assert not body.xpath(".//div[@class='box']")
    assert '<div class="box">A block of HTML</div>' in normal(body.text_content())
    assert [normal(code.text_content()) for code in body.xpath(".//code")] == ["<!-- a comment -->", "<!-- kept in code -->"]
