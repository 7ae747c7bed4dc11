"""Sign-up calls-to-action: `[[cta]]` blocks, the end-of-post CTA, the sign-up form,
their feed and email forms, each mistake stopping the build, and the sample site."""

import re
from collections import Counter

import feedparser
import lxml.html
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITEURL, render_markdown
from writing_checks.errors import AuthorError

ACTION = "https://buttondown.com/api/emails/embed-subscribe/example-coach"
BOOKING = "https://cal.example.com/maya/intro"

NEWSLETTER = """\
Title: Get the next story by email
Button: Send me the stories
Kind: signup
Email: Enjoyed this? Get the *next* story by email.

A story every two weeks. No advertising.
"""
COACH = f"""\
Title: Talk it through
Button: Book a call
URL: {BOOKING}

A twenty-minute call about your next step.
"""
QUIET = """\
Title: Join quietly
Button: Join
Kind: signup

No email text, so feeds and emails leave this one out.
"""


@pytest.fixture
def ctas(site):
    site.write("ctas/newsletter.md", NEWSLETTER)
    site.write("ctas/coach.md", COACH)
    return site


def ctas_in(site, relpath):
    return site.soup(relpath).select("article.post .cta")


def names(blocks):
    return [next(c for c in block["class"] if c.startswith("cta-")) for block in blocks]


# --- Markdown level -------------------------------------------------------------------


def render(tmp_path, text, default="newsletter"):
    folder = tmp_path / "content" / "ctas"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "newsletter.md").write_text(NEWSLETTER)
    (folder / "coach.md").write_text(COACH)
    html = render_markdown(text, tmp_path / "content", NEWSLETTER_SIGNUP_ACTION=ACTION, CTA_DEFAULT=default)
    return BeautifulSoup(html, "lxml")


def test_markdown_link_cta_is_an_aside_with_a_real_link(tmp_path):
    soup = render(tmp_path, "Before.\n\n[[cta:coach]]\n\nAfter.")
    [aside] = soup.select("aside")
    assert aside["class"] == ["cta", "cta-coach"]
    title = aside.select_one("p.cta-title")
    assert aside["aria-labelledby"] == title["id"] and title.get_text() == "Talk it through"
    assert not aside.find(re.compile("^h[1-6]$")), "the title is not a heading: no outline noise"
    assert "twenty-minute call" in aside.select_one(".cta-body").get_text()
    button = aside.select_one("a.cta-button")
    assert button["href"] == BOOKING and button.get_text() == "Book a call"
    assert [p.get_text() for p in soup.select("body > p")] == ["Before.", "After."]


def test_markdown_cta_inside_a_list_item_and_blockquote(tmp_path):
    soup = render(tmp_path, "- first\n\n    [[cta:coach]]\n\n> [[cta]]\n")
    assert soup.select_one("li aside.cta-coach") and soup.select_one("blockquote aside.cta-newsletter")


def test_markdown_cta_title_and_button_are_text_not_markup(tmp_path):
    (tmp_path / "content" / "ctas").mkdir(parents=True)
    (tmp_path / "content" / "ctas" / "odd.md").write_text(
        'Title: Why "no" & <yes> *matter*\nButton: Go [now](x)\nURL: /go/\n\nPitch.\n'
    )
    soup = render(tmp_path, "[[cta:odd]]")
    assert soup.select_one(".cta-title").get_text() == 'Why "no" & <yes> *matter*'
    assert soup.select_one(".cta-button").get_text() == "Go [now](x)"


def test_markdown_marker_in_code_or_escaped_is_left_alone(tmp_path):
    """Code shows a marker as text; so does a backslash-escaped one. (A marker inside a
    sentence outside code used to be left alone too, and published as text: it now stops
    the build, see the mistakes below.)"""
    soup = render(tmp_path, "Write `[[cta]]` on its own line.\n\n    [[cta:nosuch]]\n\n"
                            "```\nIntro [[cta:fenced]]\n```\n\nTo show it, write \\[[cta:coach]].\n")
    assert not soup.select("aside")
    assert soup.code.get_text() == "[[cta]]" and "[[cta:nosuch]]" in soup.pre.get_text()
    assert "[[cta:fenced]]" in soup.select("pre")[1].get_text()
    assert soup.select("p")[-1].get_text() == "To show it, write [[cta:coach]]."


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[cta:coach", "the CTA marker '[[cta:coach' is not closed"),
        ("Some text\n[[cta:coach]]", "'[[cta:coach]]' must be a paragraph of its own"),
        ("[[cta:coach]] and more", "must be a paragraph of its own"),
        ("Intro. Book a call: [[cta:coachingcall]]", "'[[cta:coachingcall]]' must be a paragraph of its own"),
        ("Intro. Book a call: [[cta:coach]] today.", "'[[cta:coach]]' must be a paragraph of its own"),
        ("Call *me* [[cta]] now", "'[[cta]]' must be a paragraph of its own"),
        ("## Book a call [[cta:coach]]", "'[[cta:coach]]' must be a paragraph of its own"),
        ("- one\n- two [[cta:coach]]", "'[[cta:coach]]' must be a paragraph of its own"),
        ("> Quoted [[CTA:coach]]", "'[[CTA:coach]]' must be a paragraph of its own"),
        ("| a | b |\n|---|---|\n| [[cta]] | x |", "'[[cta]]' must be a paragraph of its own"),
        ("Intro [[cta:coach and more", "the CTA marker '[[cta:coach and more' is not closed"),
        ("[[cta:\u201ccoach\u201d]]", "the CTA is written '\u201ccoach\u201d', with quotes"),
        ("[[cta:nosuch]]", "unknown CTA 'nosuch' (CTAs: coach, newsletter)"),
        ("[[cta:]]", "[[cta:]] names no CTA"),
        ("[[cta:coach]]\n\n[[cta:coach]]", "the CTA 'coach' is placed twice"),
    ],
)
def test_markdown_mistakes_raise_author_errors_with_a_needle(tmp_path, text, message):
    with pytest.raises(AuthorError) as error:
        render(tmp_path, text)
    assert message in error.value.problem
    assert error.value.needle and error.value.needle in text and error.value.fix


# --- the web page ------------------------------------------------------------------------


def test_inline_and_end_ctas_on_the_web_page(ctas):
    ctas.post("story", "Opening.\n\n[[cta:coach]]\n\nClosing.")
    ctas.build()
    page = ctas.soup("2026/story/index.html")
    inline = page.select(".post-body aside.cta")[:1]
    assert names(inline) == ["cta-coach"]
    assert inline[0].find_previous_sibling("p").get_text() == "Opening."
    end = page.select(".post-body > aside.cta")[-1:]
    assert names(end) == ["cta-newsletter"], "the default CTA ends the post"
    assert not end[0].find_next_sibling(), "it is the last thing the post shows"


def test_bare_marker_places_the_default_cta(ctas):
    ctas.post("story", "Text.\n\n[[cta]]")
    ctas.build()
    assert names(ctas_in(ctas, "2026/story/index.html")) == ["cta-newsletter"]
    assert ctas.soup("2026/story/index.html").select_one(".post-body aside.cta-newsletter")


def test_signup_form_is_labelled_and_works_without_javascript(ctas):
    ctas.post("story", "[[cta:newsletter]]")
    ctas.post("other", CTA="newsletter")
    ctas.build()
    for slug in ("story", "other"):
        page = ctas.soup(f"2026/{slug}/index.html")
        [form] = page.select("aside.cta-newsletter form")
        assert form["action"] == ACTION and form["method"] == "post"
        field = form.select_one("input")
        assert field["type"] == "email" and field["name"] == "email"
        assert field["autocomplete"] == "email" and field.has_attr("required")
        label = form.select_one("label")
        assert label["for"] == field["id"] and label.get_text().strip()
        submit = form.select_one("button")
        assert submit["type"] == "submit" and submit.get_text() == "Send me the stories"
        assert not page.select("script"), "no JavaScript needed"
        ids = Counter(tag["id"] for tag in page.select("[id]"))
        assert all(count == 1 for count in ids.values()), ids


def test_cta_metadata_chooses_the_end_cta_and_none_turns_it_off(ctas):
    ctas.write("disclaimers/default.md", "Personal stories, not advice.\n")
    ctas.post("coached", CTA="coach")
    ctas.post("quiet", CTA="none", Disclaimer="none")
    ctas.build()
    assert names(ctas_in(ctas, "2026/coached/index.html")) == ["cta-coach"]
    quiet = ctas.soup("2026/quiet/index.html")
    assert quiet.select(".cta") == [] and quiet.select(".disclaimer") == []
    assert ctas.soup("2026/coached/index.html").select("aside.disclaimer")


def test_the_same_cta_is_never_shown_twice(ctas):
    ctas.post("default-inline", "Text.\n\n[[cta]]")
    ctas.post("named-inline", "Text.\n\n[[cta:coach]]", CTA="coach")
    ctas.build()
    assert names(ctas_in(ctas, "2026/default-inline/index.html")) == ["cta-newsletter"]
    assert names(ctas_in(ctas, "2026/named-inline/index.html")) == ["cta-coach"]


def test_sites_without_cta_files_build_without_ctas(site):
    site.post("story")
    site.build()
    assert site.soup("2026/story/index.html").select(".cta") == []


def test_pages_get_inline_ctas_but_no_end_cta(ctas):
    ctas.write("pages/subscribe.md", "Title: Subscribe\n\n[[cta:newsletter]]\n")
    ctas.write("pages/about.md", "Title: About\n\nMe.\n")
    ctas.build()
    assert names(ctas.soup("subscribe/index.html").select(".cta")) == ["cta-newsletter"]
    assert ctas.soup("about/index.html").select(".cta") == []


# --- feed and email forms ----------------------------------------------------------------


def fragment(html):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def feed_entry(site, slug):
    entries = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    return fragment(next(e for e in entries if e.link.endswith(f"/{slug}/")).content[0].value)


def test_feed_form_replaces_blocks_with_text_and_a_plain_link(ctas):
    ctas.write("ctas/quiet.md", QUIET)
    ctas.post("story", "One.\n\n[[cta:coach]]\n\nTwo.\n\n[[cta:newsletter]]\n\nThree.\n\n[[cta:quiet]]\n\nFour.",
              CTA="none")
    ctas.build("publish")
    feed = feed_entry(ctas, "story")
    assert not feed.xpath("//form|//input|//button|//aside")
    assert [p.text_content() for p in feed.xpath("./p")] == ["One.", "Two.", "Three.", "Four."]
    [coach] = feed.xpath('//div[@class="cta cta-coach"]')
    assert coach.xpath(".//strong")[0].text_content() == "Talk it through"
    assert "twenty-minute call" in coach.text_content()
    assert coach.xpath('.//p[@class="cta-link"]/a/@href') == [BOOKING]
    [newsletter] = feed.xpath('//div[@class="cta cta-newsletter"]')
    assert newsletter.xpath(".//em")[0].text == "next", "the Email: text is Markdown"
    assert "A story every two weeks" not in newsletter.text_content()
    link = newsletter.xpath(".//a")[0]
    assert link.get("href") == f"{SITEURL}/subscribe/" and link.text == "Send me the stories"
    assert not feed.xpath('//*[contains(@class, "cta-quiet")]'), "a sign-up without Email: text is left out"
    assert "No email text" not in feed.text_content()


def test_email_form_has_a_bulletproof_button(ctas):
    ctas.post("story", "One.\n\n[[cta:coach]]\n\n[[cta:newsletter]]", CTA="none")
    ctas.build("publish")
    root = lxml.html.fromstring(ctas.text("email/story/email.html"))
    assert not root.xpath("//form|//input|//aside")
    for name, href in (("coach", BOOKING), ("newsletter", f"{SITEURL}/subscribe/")):
        [panel] = root.xpath(f'//table[@class="cta cta-{name}"]')
        assert panel.get("role") == "presentation"
        [button] = panel.xpath('.//table[@class="cta-button"]')
        assert button.get("role") == "presentation"
        [cell] = button.xpath(".//td")
        assert "background-color" in cell.get("style")
        [link] = cell.xpath("./a")
        style = link.get("style").replace(": ", ":")
        assert link.get("href") == href and "display:inline-block" in style and "text-decoration:none" in style
    styles = " ".join(root.xpath("//body//@style"))
    for banned in ("var(", "flex", "grid", "position"):
        assert banned not in styles


def test_end_cta_in_every_form(ctas):
    ctas.write("ctas/quiet.md", QUIET)
    ctas.post("coached", CTA="coach")
    ctas.post("default", date="2026-01-14")
    ctas.post("quiet", CTA="quiet", date="2026-01-13")
    ctas.post("off", CTA="none", date="2026-01-12")
    ctas.build("publish")
    assert ctas.soup("2026/off/index.html").select(".cta") == []
    web = ctas.soup("2026/coached/index.html")
    assert [a["href"] for a in web.select("aside.cta-coach a.cta-button")] == [BOOKING]
    assert feed_entry(ctas, "coached").xpath('//div[@class="cta cta-coach"]//p[@class="cta-link"]/a/@href') == [BOOKING]
    email = lxml.html.fromstring(ctas.text("email/coached/email.html"))
    assert email.xpath('//table[@class="cta cta-coach"]//td/a/@href') == [BOOKING]
    text = ctas.text("email/coached/email.txt")
    assert "Talk it through" in text and "Book a call [1]" in text and f"[1] {BOOKING}" in text

    assert ctas.soup("2026/default/index.html").select("aside.cta-newsletter form")[0]["action"] == ACTION
    for html in (ctas.text("email/default/email.html"), lxml.html.tostring(feed_entry(ctas, "default"), encoding="unicode")):
        assert "<form" not in html and f'href="{SITEURL}/subscribe/"' in html
    assert "Enjoyed this? Get the next story by email." in " ".join(ctas.text("email/default/email.txt").split())

    assert ctas.soup("2026/quiet/index.html").select("aside.cta-quiet form")
    assert "cta-quiet" not in ctas.text("email/quiet/email.html")
    assert "Join quietly" not in ctas.text("email/quiet/email.txt")


def test_feed_entries_carry_ctas_without_forms(ctas):
    ctas.post("story", "Text.\n\n[[cta:newsletter]]", CTA="coach")
    ctas.build()
    [entry] = feedparser.parse(str(ctas.path("feeds/atom.xml"))).entries
    content = entry.content[0].value
    assert "<form" not in content and "<input" not in content
    assert f'href="{SITEURL}/subscribe/"' in content and f'href="{BOOKING}"' in content


def test_an_email_text_that_opens_like_a_header_line_is_shown_whole(ctas):
    """`Email: Note: ...` is one line of text, not a `Note:` header inside it."""
    ctas.write("ctas/newsletter.md", NEWSLETTER.replace(
        "Email: Enjoyed this? Get the *next* story by email.", "Email: Note: the list is *free*. Join it."))
    ctas.post("story", "Text.")
    ctas.build("publish")
    feed = feed_entry(ctas, "story").xpath('//div[@class="cta cta-newsletter"]')[0]
    mail = lxml.html.fromstring(ctas.text("email/story/email.html")).xpath('//table[@class="cta cta-newsletter"]')[0]
    for form in (feed, mail):
        assert "Note: the list is free. Join it." in " ".join(form.text_content().split())
        assert form.xpath(".//em")[0].text == "free"
    assert "Note: the list is free. Join it." in ctas.text("email/story/email.txt")


def test_the_subscribe_link_stays_in_the_folder_of_a_site_under_a_folder(ctas):
    """With SITEURL https://example.org/blog, feeds and emails send a sign-up CTA's reader to
    https://example.org/blog/subscribe/, where the site writes that page."""
    blog = "https://example.org/blog"
    ctas.page("subscribe", "[[cta:newsletter]]")
    ctas.post("story", "Text.")
    ctas.build("publish", SITEURL=blog)
    assert ctas.path("subscribe/index.html").is_file()
    subscribe = f"{blog}/subscribe/"
    assert feed_entry(ctas, "story").xpath('//div[@class="cta cta-newsletter"]//a/@href') == [subscribe]
    mail = lxml.html.fromstring(ctas.text("email/story/email.html"))
    assert mail.xpath('//table[@class="cta cta-newsletter"]//a/@href') == [subscribe]
    text = ctas.text("email/story/email.txt")
    assert "Send me the stories [1]" in text and f"[1] {subscribe}\n" in text


# --- mistakes: one line with file, line and fix; output unchanged ---------------------

BAD_POSTS = {
    "unknown inline name": (
        "First.\n\n[[cta:nosuch]]\n",
        {},
        ":7: unknown CTA 'nosuch' (CTAs: coach, newsletter)",
    ),
    "unknown metadata name": ("Text.\n", {"CTA": "nosuch"}, ":4: unknown CTA 'nosuch' (CTAs: coach, newsletter)"),
    "unclosed marker": ("First.\n\nSecond.\n\n[[cta:coach\n", {}, ":9: the CTA marker '[[cta:coach' is not closed"),
    "marker inside a paragraph": ("A line\n[[cta]]\n", {}, ":6: '[[cta]]' must be a paragraph of its own"),
    "marker inside a sentence": (
        "Intro.\n\nIntro. Book a call: [[cta:coachingcall]]\n",
        {},
        ":7: '[[cta:coachingcall]]' must be a paragraph of its own, written [[cta:NAME]] or [[cta]]. Fix: put it on "
        "its own line",
    ),
    "marker inside the summary": (
        "Text.\n", {"Summary": "Read on, then [[cta]]"}, ":4: '[[cta]]' must be a paragraph of its own",
    ),
    "name in curly quotes": (
        "Text.\n", {"CTA": "\u201ccoach\u201d"},
        ":4: the CTA is written '\u201ccoach\u201d', with quotes: a CTA is named without them. Fix: write 'CTA: coach'",
    ),
    "name with .md": (
        "Text.\n", {"CTA": "coach.md"},
        ":4: the CTA is written 'coach.md', with '.md': a CTA is named without them. Fix: write 'CTA: coach'",
    ),
    "marker name with .md": (
        "First.\n\n[[cta:coach.md]]\n", {},
        ":7: the CTA is written 'coach.md', with '.md': a CTA is named without them. Fix: write '[[cta:coach]]'",
    ),
    "unknown name in quotes": (
        "Text.\n", {"CTA": '"nosuch"'}, ":4: unknown CTA '\"nosuch\"' (CTAs: coach, newsletter). Fix: use one of "
        "those names (without quotes), or create ",
    ),
    "placed twice": ("[[cta]]\n\n[[cta:newsletter]]\n", {}, ":7: the CTA 'newsletter' is placed twice"),
}


@pytest.mark.parametrize("case", sorted(BAD_POSTS))
def test_bad_post_stops_the_build_with_file_line_and_fix(ctas, case):
    body, metadata, expected = BAD_POSTS[case]
    ctas.post("good")
    ctas.build()
    before = ctas.snapshot()
    bad = ctas.post("bad", body, **metadata)
    lines = ctas.build_fails()
    assert len(lines) == 1, lines
    assert f"{bad}{expected}" in lines[0]
    assert "Fix:" in lines[0]
    assert ctas.snapshot() == before


MISBRACKETED = {
    "[cta]": "[[cta]]", "{{cta}}": "[[cta]]", "{cta}": "[[cta]]", "[cta]]": "[[cta]]",
    "[cta:newsletter]": "[[cta:newsletter]]", "{{cta:newsletter}}": "[[cta:newsletter]]",
    "{{ CTA: coach }}": "[[cta:coach]]",
}


@pytest.mark.parametrize("written", sorted(MISBRACKETED))
@pytest.mark.parametrize("where", ["own line", "sentence"])
def test_a_marker_with_other_brackets_stops_the_build_with_the_marker_to_write(ctas, written, where):
    """Each was published as text on the page, in the feed and in the email."""
    ctas.post("good")
    ctas.build()
    before = ctas.snapshot()
    body = f"First.\n\n{written}\n\nLast." if where == "own line" else f"First.\n\nJoin me: {written} today."
    bad = ctas.post("bad", body)
    default = "" if ":" in written else "; [[cta:NAME]] places another CTA than the default"
    assert ctas.build_fails() == [
        f"{bad}:7: {written!r} is not a CTA marker, so it would be published as text. "
        f"Fix: write {MISBRACKETED[written]} (two square brackets on each side) on a line of its own{default}"
    ]
    assert ctas.snapshot() == before


def test_spaces_inside_a_marker_are_fine_and_lookalikes_in_code_and_links_are_text(ctas):
    ctas.post("spaced", """\
        First.

        [[ cta : coach ]]

        [[ cta ]]

        Type `[cta]` or `{{cta}}`; see [cta](https://example.org/cta) and \\[cta].

            {{cta:newsletter}}
        """)
    ctas.build()
    page = ctas.soup("2026/spaced/index.html")
    assert names(ctas_in(ctas, "2026/spaced/index.html")) == ["cta-coach", "cta-newsletter"]
    body = page.select_one(".post-body").get_text()
    assert "`" not in body and "[cta]" in body and "{{cta:newsletter}}" in body


def test_quoted_off_names_the_way_to_write_it(ctas):
    bad = ctas.post("bad", CTA="\u201cnone\u201d")
    [line] = ctas.build_fails()
    assert line == f"{bad}:4: the CTA is written '\u201cnone\u201d', with quotes: a CTA is named without them. Fix: write 'CTA: none'"


def test_the_fix_for_an_unknown_quoted_name_creates_the_file_without_quotes(ctas):
    ctas.post("bad", CTA="\u201ccoaching-call\u201d.md")
    [line] = ctas.build_fails()
    assert f"create {ctas.content / 'ctas' / 'coaching-call.md'} with Title" in line, line
    assert "\u201d" not in line.split("Fix:")[1]


@pytest.mark.parametrize("placed", ["Text.\n\n[[cta:talk]]\n\nMore.", "Text."])
def test_a_marker_in_a_sentence_of_a_cta_names_the_cta_file_and_says_remove_it(ctas, placed):
    path = ctas.write("ctas/talk.md", "Title: Talk\nButton: Book\nURL: https://cal.example.com/\n\n"
                      "A call, or [[cta:newsletter]] instead.\n")
    ctas.post("story", placed, CTA="talk")
    [line] = ctas.build_fails()
    assert line == f"{path}:5: a CTA's text cannot contain another [[cta]]. Fix: remove the [[cta...]] from the CTA file"


def test_a_marker_shown_as_code_in_a_cta_is_text(ctas):
    ctas.write("ctas/talk.md", "Title: Talk\nButton: Book\nURL: https://cal.example.com/\n\nType `[[cta:newsletter]]` or ``[[cta]]`` to place one; [x](https://example.com/?q=[[cta]]).\n")
    ctas.post("story", "Text.", CTA="talk")
    ctas.build()
    assert "[[cta:newsletter]]" in ctas.soup("2026/story/index.html").select_one("aside.cta-talk code").get_text()


def test_a_marker_in_the_email_text_of_a_cta_stops_the_build(ctas):
    path = ctas.write("ctas/talk.md", "Title: Talk\nButton: Book\nURL: /book/\nEmail: Or [[cta:newsletter]].\n\nA call.\n")
    ctas.post("story")
    [line] = ctas.build_fails()
    assert line.startswith(f"{path}:4: the Email: text of a CTA cannot contain a [[cta]] marker"), line


def test_cta_file_saved_with_a_byte_order_mark_is_read(ctas):
    """Windows Notepad may save UTF-8 with a BOM before the first line."""
    path = ctas.content / "ctas" / "coach.md"
    path.write_text(COACH, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    ctas.post("story", CTA="coach")
    ctas.build()
    [aside] = ctas.soup("2026/story/index.html").select("article.post aside.cta-coach")
    assert aside.select_one(".cta-title").get_text() == "Talk it through"


@pytest.mark.parametrize("encoding, line", [("latin-1", 1), ("utf-16", 1)])
def test_a_cta_file_not_saved_as_utf8_names_its_line_and_the_fix(ctas, encoding, line):
    path = ctas.content / "ctas" / "coach.md"
    path.write_bytes(COACH.replace("Talk it through", "Caf\u00e9 talk").encode(encoding))
    ctas.post("story")
    [message] = ctas.build_fails()
    assert message.startswith(f"{path}:{line}: the file is not saved as UTF-8 text"), message


def test_bare_marker_without_a_default_cta_stops_the_build(ctas):
    bad = ctas.post("bad", "Text.\n\n[[cta]]\n")
    [line] = ctas.build_fails(CTA_DEFAULT=None)
    assert f"{bad}:7: [[cta]] places the default CTA, but CTA_DEFAULT is not set (CTAs: coach, newsletter)" in line
    assert "Fix: name one, as in [[cta:NAME]]" in line


def test_bare_marker_on_a_site_without_cta_files_stops_the_build(site):
    bad = site.post("bad", "[[cta]]\n")
    [line] = site.build_fails()
    assert f"{bad}:5: [[cta]] places the default CTA, but its file ctas/newsletter.md (CTA_DEFAULT) does not exist" in line


BAD_CTA_FILES = {
    "neither URL nor signup": (
        "Title: Call me\nButton: Call\n\nPitch.\n",
        "broken.md: the CTA has neither a URL nor 'Kind: signup'",
    ),
    "no title": ("Button: Go\nURL: /go/\n\nPitch.\n", "broken.md: the CTA has no Title"),
    "misspelt key": ("Title: X\nButon: Go\nURL: /go/\n\nPitch.\n", "broken.md:2: unknown metadata 'Buton' (did you mean 'Button'?)"),
    "unknown kind": ("Title: X\nButton: Go\nKind: signpu\n\nPitch.\n", "broken.md:3: unknown CTA kind 'signpu'"),
    "relative url": ("Title: X\nButton: Go\nURL: cal.example.com/x\n\nPitch.\n", "broken.md:3: the URL 'cal.example.com/x'"),
    "line without colon": ("Title: X\nButton Go\n\nPitch.\n", "broken.md:2: metadata line without a colon: 'Button Go'"),
    "nested marker": ("Title: X\nButton: Go\nURL: /go/\n\n[[cta:coach]]\n", "broken.md:5: a CTA's text cannot contain"),
}


@pytest.mark.parametrize("case", sorted(BAD_CTA_FILES))
def test_bad_cta_file_stops_the_build_naming_the_file(ctas, case):
    source, expected = BAD_CTA_FILES[case]
    ctas.post("good")
    ctas.build()
    before = ctas.snapshot()
    path = ctas.write("ctas/broken.md", source)
    lines = ctas.build_fails()
    assert len(lines) == 1, lines
    assert str(path.parent / expected) in lines[0] and "Fix:" in lines[0]
    assert ctas.snapshot() == before
    assert path.read_text() == source


def test_a_default_cta_renamed_with_a_capital_stops_the_build(site):
    renamed = site.write("ctas/Newsletter.md", NEWSLETTER)
    site.post("story")
    [line] = site.build_fails()
    assert line == (f"{renamed}: the default CTA is newsletter.md, but this file is called Newsletter.md "
                    "(names count capital letters). Fix: rename it to newsletter.md")


def test_misspelt_default_cta_stops_the_build(ctas):
    ctas.post("story")
    [line] = ctas.build_fails(CTA_DEFAULT="newsleter")
    assert line.startswith("pelicanconf.py: CTA_DEFAULT is 'newsleter'")
    assert "(CTAs: coach, newsletter)" in line and "Fix:" in line


def test_signup_cta_needs_the_signup_action(ctas):
    [line] = ctas.build_fails(NEWSLETTER_SIGNUP_ACTION="")
    assert "NEWSLETTER_SIGNUP_ACTION" in line and "Fix:" in line


# --- never published -----------------------------------------------------------------------


def test_cta_and_disclaimer_files_are_never_published_even_from_the_content_root(ctas):
    """Even when posts and pages are read from all of content/, the excludes keep them out."""
    ctas.write("disclaimers/default.md", "Personal stories, not advice.\n")
    ctas.post("story")
    ctas.build(ARTICLE_PATHS=[""], PAGE_PATHS=["pages"])
    published = {p.relative_to(ctas.output).as_posix() for p in ctas.output.rglob("*.html")}
    assert "2026/story/index.html" in published
    assert not [p for p in published if "cta" in p or "disclaimer" in p or "talk-it-through" in p]
    index = ctas.soup("index.html")
    assert [a.get_text() for a in index.select(".post-card h3 a")] == ["Story"]
    titles = [e.title for e in feedparser.parse(str(ctas.path("feeds/atom.xml"))).entries]
    assert titles == ["Story"]


# --- the sample site -----------------------------------------------------------------------


def test_sample_site_has_default_signup_and_link_ctas(sample_site):
    shown = {}
    for path in sorted(sample_site.output.glob("2026/*/index.html")):
        page = sample_site.soup(path.relative_to(sample_site.output))
        shown[path.parent.name] = names(page.select("article.post .cta"))
        assert len(set(shown[path.parent.name])) == len(shown[path.parent.name]), "no CTA twice"
    assert "cta-newsletter" in shown["the-rejection-that-taught-me-to-listen"]
    assert shown["talking-about-failure-without-flinching"] == ["cta-coaching-call"]
    assert sorted(shown["the-follow-up-email-nobody-sends"]) == ["cta-coaching-call", "cta-newsletter"]
    assert all(shown.values())
    subscribe = sample_site.soup("subscribe/index.html")
    form = subscribe.select_one("aside.cta-newsletter form")
    assert form["action"].startswith("https://") and form.select_one('input[type="email"][required]')
    booking = sample_site.soup("2026/talking-about-failure-without-flinching/index.html").select_one("a.cta-button")
    assert booking["href"].startswith("https://cal.example.com/")


def test_sample_site_publishes_no_cta_or_disclaimer_files(sample_site):
    published = [p.relative_to(sample_site.output).as_posix() for p in sample_site.output.rglob("*")]
    assert not [p for p in published if p.startswith(("ctas", "disclaimers")) or "/ctas/" in p or "/disclaimers/" in p]
    titles = [
        line.split(":", 1)[1].strip()
        for path in (ROOT / "content" / "ctas").glob("*.md")
        for line in path.read_text().splitlines()
        if line.startswith("Title:")
    ]
    sitemap = sample_site.path("sitemap.xml")
    if sitemap.exists():
        assert "ctas" not in sitemap.read_text() and "disclaimers" not in sitemap.read_text()
    for feed in sample_site.output.glob("feeds/*.xml"):
        entry_titles = [entry.title for entry in feedparser.parse(str(feed)).entries]
        assert entry_titles and not set(entry_titles) & set(titles)
    archive = sample_site.soup("archives/index.html").get_text()
    assert not [title for title in titles if title in archive]
