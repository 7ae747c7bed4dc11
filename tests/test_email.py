"""Email export: the HTML email, the plain-text part, the .eml, index.json, the size guard,
`invoke send-test` and the layout in a real browser at phone and desktop widths."""

import datetime
import email
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from email import policy
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup, Comment
from PIL import Image

from build.runner import load_settings
from conftest import ROOT, SETTINGS, SITEURL

EMAIL_TEMPLATES = ROOT / "theme" / "templates" / "email"
ADDRESS = "The Honest No, 12 Example Street, London N1 0XX, United Kingdom"
FORBIDDEN_ELEMENTS = ("script", "noscript", "form", "input", "button", "select", "textarea", "iframe",
                      "object", "embed", "svg", "video", "audio", "canvas", "details", "summary", "link")
UNSUBSCRIBE_TAGS = {
    "buttondown": "{{ unsubscribe_url }}",
    "kit": "{{ unsubscribe_url }}",
    "mailchimp": "*|UNSUB|*",
    "generic": "mailto:maya@example.com?subject=Unsubscribe",
}
NAME_TAGS = {
    "buttondown": "{{ subscriber.metadata.first_name }}",
    "kit": "{{ subscriber.first_name",
    "mailchimp": "*|FNAME|*",
    "generic": "Hi there,",
}

RICH_BODY = """
    A first paragraph with a [relative link](/about/) and a [second one](https://example.org/a-page)
    that goes on long enough to need wrapping in the plain-text part, well past seventy-two columns.

    ![Two chairs facing a window]({static}/images/wide.png)

    ## A heading

    Tom &amp; Jerry said "no" < yes, and [the same page again](https://example.org/a-page).

    - first item
    - second item that is long enough to wrap onto a second line in the plain text part of the email

    Then in order:

    1. one
    2. two

    !!! lesson "Keep it short"
        Five sentences, once.

    > [!TIP] Follow up
    > Within a week.

    !!! note "A picture in a box"
        ![A chart inside a callout]({static}/images/wide.png)

    !!! quote "Someone who said a long thing worth quoting"
        A pull quote long enough to wrap over several lines at the width of a phone, with
        Unbreakablewordsthatgoonandonforeverwithoutanyspaceatall in it.

    > A plain quotation, said by someone.

    | Question | Answer |
    |----------|--------|
    | Why?     | Because |

        code_block = "short"

    ### A smaller heading

    A link to a very long address:
    [here](https://example.org/a/very/long/path/that/will/never/fit/on/one/line/of/seventy-two/columns)
"""


def wide_image(site, name="wide.png", size=(1200, 500)):
    path = site.content / "images" / name
    Image.new("RGB", size, (200, 180, 150)).save(path)
    return path


def email_soup(site, slug):
    return BeautifulSoup(site.text(f"email/{slug}/email.html"), "lxml")


def parse_eml(site, slug):
    return email.message_from_bytes(site.path(f"email/{slug}/message.eml").read_bytes(), policy=policy.default)


def rich_site(site, **settings):
    wide_image(site)
    site.page("about")  # RICH_BODY links to /about/
    site.post("rich", RICH_BODY, Title="A rich post", Preheader="What the inbox shows first.")
    site.settings.update(settings)
    return site


# --- files and index -------------------------------------------------------------------


def test_every_published_post_gets_its_email_files_and_an_index(site):
    site.post("first", "Words.", Title="First post", Date="2026-01-10", Summary="The *first* one &amp; only.")
    site.post("second", "More words.", Title="Second post", Date="2026-02-10",
              Email_Subject="A subject for the inbox", Preheader="Read this first")
    site.post("third", "!!! tip\n    Not the story.\n\nThe story itself.", Title="Third post", Date="2026-01-05")
    site.post("sketch", "Not ready.", Title="Sketch", Status="draft")
    site.build("publish")

    index = json.loads(site.text("email/index.json"))
    assert [entry["slug"] for entry in index["emails"]] == ["second", "first", "third"]  # newest first
    second, first, third = index["emails"]
    assert third["preheader"] == "The story itself."  # no Summary: the prose, not the callout
    assert second == {
        "kind": "post",
        "slug": "second",
        "title": "Second post",
        "subject": "A subject for the inbox",
        "preheader": "Read this first",
        "date": "2026-02-10T00:00:00+00:00",
        "url": f"{SITEURL}/2026/second/",
        "html": "email/second/email.html",
        "text": "email/second/email.txt",
        "eml": "email/second/message.eml",
        "html_bytes": site.path("email/second/email.html").stat().st_size,
        "draft": False,
        "topics": [],  # no NEWSLETTER_TOPICS (tests/test_topics.py)
    }
    assert first["subject"] == "First post" and first["preheader"] == "The first one & only."
    for entry in index["emails"]:
        for key in ("html", "text", "eml"):
            assert site.path(entry[key]).is_file()
    assert not site.path("email/sketch").exists()

    preview = site.soup("email/index.html")
    links = {a["href"] for a in preview.select("a")}
    assert f"{SITEURL}/email/second/email.html" in links and f"{SITEURL}/email/first/email.txt" in links


def test_the_preview_exports_the_drafts_emails_marked_as_drafts(site):
    """The coach sees a draft's newsletter, and its size, before publishing it; never sent."""
    site.post("first", "Words.", Title="First post")
    site.post("sketch", "Not ready, but nearly.", Title="Sketch", Status="draft")
    site.post("later", "Next month.", Title="Later", Date="2999-01-01")
    site.build()
    entries = {entry["slug"]: entry for entry in json.loads(site.text("email/index.json"))["emails"]}
    assert {slug: entry["draft"] for slug, entry in entries.items()} == {"first": False, "sketch": True, "later": True}
    assert entries["sketch"]["url"] == f"{SITEURL}/drafts/sketch/"
    assert "Not ready, but nearly." in site.text("email/sketch/email.txt")
    listed = {li.strong.get_text(): li for li in site.soup("email/index.html").select("li")}
    assert listed["Sketch"].select_one(".draft").get_text() == "Draft" and not listed["First post"].select(".draft")


@pytest.mark.parametrize("esp", ["buttondown", None])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_index_json_is_streamed_in_the_layout_json_dump_writes(esp, count):
    """index.json is written entry by entry (never held whole); its bytes are those of
    json.dump(..., ensure_ascii=False, indent=2), whatever the titles hold."""
    import io

    from email_export import message

    entries = [
        {"slug": f"post-{n}", "title": 'Café "no"\n\t\\ ✓ </script>', "date": "2026-01-0%dT00:00:00+00:00" % (n + 1),
         "html_bytes": 1000 + n, "nested": {"list": [1, {"a": None}], "empty": [], "none": {}}}
        for n in range(count)
    ]
    written = io.StringIO()
    message.write_index_json(written, iter(entries), esp)
    assert written.getvalue() == json.dumps({"esp": esp, "emails": entries}, ensure_ascii=False, indent=2) + "\n"


def test_the_newest_posts_get_their_email_and_email_slugs_adds_any_other(site):
    """By default the EMAIL_EXPORT_RECENT newest published posts get their email (`invoke email
    --slug` adds any other; `invoke email --all`, EMAIL_EXPORT_RECENT = None, every one)."""
    for day in range(1, 5):
        site.post(f"day-{day}", Title=f"Day {day}", date=f"2026-01-0{day}")

    def exported():
        return [entry["slug"] for entry in json.loads(site.text("email/index.json"))["emails"]]

    site.build("publish", EMAIL_EXPORT_RECENT=2)
    assert exported() == ["day-4", "day-3"] and not site.path("email/day-1").exists()
    assert site.path("2026/day-1/index.html").is_file()  # the rest of the site as usual
    site.build("publish", EMAIL_EXPORT_RECENT=2, EMAIL_SLUGS=["day-1"])
    assert exported() == ["day-4", "day-3", "day-1"] and site.path("email/day-1/message.eml").is_file()
    site.build("publish", EMAIL_EXPORT_RECENT=None)
    assert exported() == ["day-4", "day-3", "day-2", "day-1"]
    site.post("one", Title="One")
    site.post("two", Title="Two")

    lines = site.build_fails("publish", EMAIL_SLUGS=["nope"])
    assert any("'nope'" in line and "one, two" in line for line in lines), lines


@pytest.mark.parametrize(
    "metadata, line, words",
    [
        ({"Status": "hidden"}, 4, ["is hidden ('Status: hidden'), and hidden posts get no email",
                                   "remove the 'Status: hidden' line"]),
        ({"Status": "draft"}, 4, ["is a draft ('Status: draft'), and drafts get no email",
                                  "remove the 'Status: draft' line"]),
        ({"Date": "2099-01-15"}, 2, ["is dated 2099-01-15, in the future", "change its Date: line"]),
        ({"Date": "2099-01-15 21:00"}, 2, ["is dated 2099-01-15 21:00, in the future"]),
        ({"Date": "2099-01-15", "Status": "hidden"}, 4, ["is hidden ('Status: hidden'), and hidden posts get no email"]),
    ],
)
def test_email_slugs_of_a_hidden_post_or_a_draft_says_it_gets_no_email(site, metadata, line, words):
    site.post("open", Title="Open")
    secret = site.post("secret", **metadata)
    [message] = site.build_fails("publish", EMAIL_SLUGS=["secret"])
    assert message.startswith(f"{secret}:{line}: the post with the slug 'secret' "), message
    for word in words:
        assert word in message
    assert "published post (open)" in message and "web address" not in message


# --- the .eml --------------------------------------------------------------------------


def test_eml_is_multipart_alternative_with_headers_and_non_ascii(site):
    title = "Café talk: “no” means ñot yet — ✓"
    site.post("cafe", "Über-honest answers, naïve questions.", Title=title, Date="2026-03-04 09:30")
    site.build("publish", EMAIL_ESP="generic")
    raw = site.path("email/cafe/message.eml").read_bytes()
    raw.decode("ascii")  # every header and body line is encoded for 7-bit transport
    assert b"\r\n" in raw

    message = parse_eml(site, "cafe")
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == title
    assert message["From"].addresses[0].addr_spec == "maya@example.com"
    assert message["From"].addresses[0].display_name == "Maya Okafor"
    assert message["MIME-Version"] == "1.0"
    assert parsedate_to_datetime(message["Date"]).isoformat() == "2026-03-04T09:30:00+00:00"
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.com>", message["Message-ID"])
    assert message["List-Unsubscribe"] == "<mailto:maya@example.com?subject=Unsubscribe>"
    assert message["List-Unsubscribe-Post"] is None  # RFC 8058: one-click needs an https URI

    text, html = (part.get_content().replace("\r\n", "\n") for part in message.iter_parts())
    assert text == site.text("email/cafe/email.txt")
    assert html == site.text("email/cafe/email.html")
    assert "Über-honest answers, naïve questions." in text and title in text
    assert title in BeautifulSoup(html, "lxml").h1.get_text()

    site.build("publish", EMAIL_ESP="generic")  # deterministic: same post, same bytes
    assert site.path("email/cafe/message.eml").read_bytes() == raw


def test_eml_is_addressed_to_the_sender_and_names_the_newsletter(site):
    """As newsletters go out: To: the sender (the readers in Bcc, never "undisclosed
    recipients"), a List-Id naming the newsletter (RFC 2919) the same for every issue, and
    Reply-To only when NEWSLETTER_REPLY_TO asks for it."""
    site.post("one", Date="2026-01-10")
    site.post("two", Date="2026-01-11")
    site.build("publish")
    one, two = parse_eml(site, "one"), parse_eml(site, "two")
    [to] = one["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Maya Okafor", "maya@example.com")
    assert one["Reply-To"] is None
    assert one["List-Id"] == two["List-Id"] == "The Honest No <the-honest-no.coach.example>"

    site.build("publish", NEWSLETTER_REPLY_TO="Maya's inbox <hello@exämple.com>", SITENAME="Maya: No, honestly")
    message = parse_eml(site, "one")
    [reply_to] = message["Reply-To"].addresses
    assert (reply_to.display_name, reply_to.addr_spec) == ("Maya's inbox", "hello@xn--exmple-cua.com")
    assert message["List-Id"] == '"Maya: No, honestly" <maya-no-honestly.coach.example>'
    assert message["To"].addresses[0].addr_spec == "maya@example.com"


@pytest.mark.parametrize(
    "written, fix",
    [
        ("hello@example.com, maya@example.com", 'NEWSLETTER_REPLY_TO = "Maya Okafor <hello@example.com>"'),
        ("Replies hello@example", 'NEWSLETTER_REPLY_TO = "Replies <you@example.com>", with your own address'),
    ],
)
def test_a_reply_to_that_is_not_one_address_stops_the_build(site, written, fix):
    site.post("hello")
    [line] = site.build_fails("publish", NEWSLETTER_REPLY_TO=written)
    assert line.startswith(f"pelicanconf.py: NEWSLETTER_REPLY_TO is {written!r}, which is not one address"), line
    assert line.endswith(f". Fix: write it as {fix}"), line


def test_eml_of_a_service_export_has_working_links_not_merge_tags(site):
    site.post("hello", "Hello.", Title="Hello")
    site.build("publish", EMAIL_ESP="mailchimp", EMAIL_UNSUBSCRIBE_URL="https://list.example/u/1")
    assert "*|UNSUB|*" in site.text("email/hello/email.html")  # pasted into Mailchimp
    message = parse_eml(site, "hello")
    text, html = (part.get_content() for part in message.iter_parts())
    for part in (text, html):
        assert "*|" not in part and "{{" not in part and "{%" not in part
        assert "Hi there," in part
    assert BeautifulSoup(html, "lxml").find("a", string="Unsubscribe")["href"] == "https://list.example/u/1"
    assert message["List-Unsubscribe"].strip() == "<https://list.example/u/1>, <mailto:maya@example.com?subject=Unsubscribe>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_empty_postal_address_stops_the_build(site):
    site.post("hello", "Hello.")
    lines = site.build_fails("publish", NEWSLETTER_ADDRESS="  ")
    assert len(lines) == 1 and "pelicanconf.py" in lines[0] and "NEWSLETTER_ADDRESS is empty" in lines[0]


@pytest.mark.parametrize(
    "written, fix",
    [
        ("Maya Okafor maya@example.com", 'NEWSLETTER_FROM = "Maya Okafor <maya@example.com>"'),
        ("Maya Okafor <maya @example.com>", 'NEWSLETTER_FROM = "Maya Okafor <maya@example.com>"'),
        ("Maya Okafor <maya@example.com", 'NEWSLETTER_FROM = "Maya Okafor <maya@example.com>"'),
        ("Okafor, Maya <maya@example.com>", """NEWSLETTER_FROM = '"Okafor, Maya" <maya@example.com>'"""),
        ("maya@example.com, tom@example.com", 'NEWSLETTER_FROM = "Maya Okafor <maya@example.com>"'),
        ("Maya Okafor <maya@example.com>, Bob <b@example.com>", 'NEWSLETTER_FROM = "Maya Okafor <maya@example.com>"'),
        ("Maya Okafor", 'NEWSLETTER_FROM = "Maya Okafor <you@example.com>", with your own address'),
        ("Maya Okafor <maya@example>", 'NEWSLETTER_FROM = "Maya Okafor <you@example.com>", with your own address'),
    ],
)
def test_a_sender_that_is_not_one_address_stops_the_build(site, written, fix):
    site.post("hello")
    [line] = site.build_fails("publish", NEWSLETTER_FROM=written)
    assert line.startswith(f"pelicanconf.py: NEWSLETTER_FROM is {written!r}, which is not one sender address"), line
    assert line.endswith(f". Fix: write it as {fix}"), line


def test_a_sender_whose_local_part_is_not_ascii_stops_the_build(site):
    site.post("hello")
    [line] = site.build_fails("publish", NEWSLETTER_FROM="Maya <mäya@example.com>")
    assert line.startswith("pelicanconf.py: NEWSLETTER_FROM is 'Maya <mäya@example.com>': the part before the @"), line
    [line] = site.build_fails("publish", NEWSLETTER_FROM="Maya <maya@straße.de>")
    assert "whose domain has a letter (such as ß)" in line and "it starts with xn--" in line, line


@pytest.mark.parametrize(
    "written, name, address",
    [
        ("maya@example.com", "", "maya@example.com"),
        ('"Okafor, Maya" <maya@example.com>', "Okafor, Maya", "maya@example.com"),
        ("Maya Ökafor <maya.okafor+news@example.co.uk>", "Maya Ökafor", "maya.okafor+news@example.co.uk"),
        ("Maya Okafor <maya@exämple.com>", "Maya Okafor", "maya@xn--exmple-cua.com"),  # IDNA, as headers carry it
    ],
)
def test_senders_written_as_one_address_are_used_as_written(site, written, name, address):
    site.post("hello")
    site.build("publish", NEWSLETTER_FROM=written, EMAIL_ESP="generic")
    message = parse_eml(site, "hello")
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, address)
    assert message["List-Unsubscribe"] == f"<mailto:{address}?subject=Unsubscribe>"


# --- the HTML email ----------------------------------------------------------------------


def css_rules(path):
    """(selectors, property names) of each top-level rule in a stylesheet (no @media)."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert "@" not in css, f"{path.name} should hold only rules to inline"
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        names = [d.split(":")[0].strip() for d in body.split(";") if ":" in d]
        yield [s.strip() for s in selectors.split(",")], names


def check_mail_rules(soup, esp="buttondown"):
    """What every email must be: absolute URLs, nothing mail clients refuse, sizes on images."""
    for name in FORBIDDEN_ELEMENTS:
        assert soup.find(name) is None, f"<{name}> in the email"
    for element in soup.find_all(True):
        for attribute in ("href", "src", "background"):
            url = element.get(attribute)
            if url is not None and url != UNSUBSCRIBE_TAGS[esp]:
                assert re.match(r"^(https?://|mailto:)", url), f"relative URL {attribute}={url!r}"
        style = (element.get("style") or "").lower()
        assert not re.search(r"(^|;)\s*(position|float|grid[a-z-]*|flex[a-z-]*)\s*:", style), style
        assert not re.search(r"display:\s*(inline-)?(flex|grid)|var\(|--[a-z]", style), style
    for image in soup.find_all("img"):
        assert image.get("alt") is not None and image.get("width") and image.get("height"), image
        assert int(image["width"]) <= 600
    for style in soup.find_all("style"):
        assert style.parent.name == "head"
        text = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.DOTALL).strip()
        assert text.startswith("@media"), "only @media rules stay in the head"
        assert "@import" not in text and "@font-face" not in text and "var(" not in text
    head = soup.head
    assert head.find("meta", attrs={"name": "color-scheme", "content": "light dark"})
    assert head.find("meta", attrs={"name": "supported-color-schemes", "content": "light dark"})


def test_html_email_layout_links_images_and_preheader(site):
    rich_site(site).build("publish")
    soup = email_soup(site, "rich")
    check_mail_rules(soup)

    body_children = [c for c in soup.body.children if getattr(c, "name", None)]
    preheader = body_children[0]
    assert "preheader" in preheader["class"] and "display: none" in preheader["style"]
    assert preheader.get_text().startswith("What the inbox shows first.\u200c\u00a0\u200c\u00a0")
    assert preheader.get_text().count("\u200c") >= 50  # filler keeps body text out of the preview
    # Hidden without a colour like the background's (SpamAssassin's HTML_FONT_LOW_CONTRAST, in
    # the dark-mode rules too); the filler is hidden from screen readers.
    hiding = dict(rule.split(":", 1) for rule in preheader["style"].replace(" ", "").split(";") if rule)
    assert {"display": "none", "max-height": "0", "opacity": "0", "mso-hide": "all"}.items() <= hiding.items()
    assert "color" not in hiding and ".preheader" not in soup.head.get_text()
    [filler] = preheader.find_all("span")
    assert filler["aria-hidden"] == "true" and filler.get_text().strip("\u200c\u00a0") == ""

    container = soup.select_one("table.container")
    assert "max-width: 600px" in container["style"] and container["width"] == "100%"
    assert soup.find(string=lambda s: isinstance(s, Comment) and 'width="600"' in s)  # Outlook's fixed column
    assert soup.select_one(".topbar a")["href"] == f"{SITEURL}/2026/rich/"
    assert soup.select_one(".topbar a").get_text() == "View in browser"
    assert soup.select_one(".masthead a").get_text() == "The Honest No"
    assert [h.get_text() for h in soup.find_all("h1")] == ["A rich post"]

    image = soup.select_one(".post-body img")
    assert image["src"] == f"{SITEURL}/images/wide.png"
    # Sized to the text column: 600 px less the content's padding (16 px each side).
    assert (image["width"], image["height"], image["alt"]) == ("568", "237", "Two chairs facing a window")
    assert soup.find("a", string="relative link")["href"] == f"{SITEURL}/about/"
    callout = soup.select_one(".callout")
    assert callout is not None and callout.name == "table"
    assert "Keep it short" in callout.select_one(".callout-title").get_text()
    assert soup.select_one("table.data-table td") is not None
    head_css = " ".join(style.get_text() for style in soup.head.find_all("style"))
    assert "@media only screen and (max-width: 620px)" in head_css
    assert "@media (prefers-color-scheme: dark)" in head_css


def test_markup_mail_clients_refuse_is_removed(site):
    """Whatever a block type gives an email, what mail clients refuse is not sent: styles,
    pictures' srcset, svg and video; folded text is shown open."""
    from blocks.registry import TYPES, BlockType, block_type, new_block

    @block_type
    class Odd(BlockType):
        __module__ = "blocks.odd_test_block"  # a build has the block types of the plugins in its PLUGINS
        name = "odd-test-block"

        def attach(self, document, root):
            if document.kind == "post":
                new_block(root, self.name)

        def email(self, element, out):
            box = out.new("div", {"style": "display: flex; position: absolute; color: red"}, "Boxed")
            folded = out.new("details", {"open": "open"}, parent=box)
            out.new("summary", text="Folded", parent=folded)
            out.new("p", text="Inside", parent=folded)
            out.new("svg", {"width": "10"}, parent=box)
            out.new("video", {"src": "/v.mp4"}, parent=box)
            out.new("img", {"src": f"{SITEURL}/images/wide.png", "srcset": "/images/wide.png 2x", "alt": ""},
                    parent=box)
            return box

    wide_image(site)
    site.post("odd", "Plain words.", Title="Odd")
    try:
        site.build("publish")
    finally:
        TYPES.pop(Odd.name)
    soup = email_soup(site, "odd")
    check_mail_rules(soup)
    assert not soup.select("svg, video, details, summary, [srcset]")
    boxed = soup.find(string=re.compile("Boxed")).parent
    assert not any(css in boxed.get("style", "") for css in ("flex", "position", "color: red"))
    assert soup.find("p", string="Folded") and soup.find("p", string="Inside")
    image = soup.select(".post-body img")[-1]
    assert image["width"] == "568"


def test_every_stylesheet_rule_is_inlined(site):
    rich_site(site).build("publish")
    soup = email_soup(site, "rich")
    matched = 0
    for selectors, names in css_rules(EMAIL_TEMPLATES / "email.css"):
        for selector in selectors:
            for element in soup.select(selector):
                matched += 1
                style = element.get("style", "")
                for name in names:
                    assert f"{name}:" in style, f"{selector} {{{name}}} not inlined on <{element.name}>: {style!r}"
    assert matched > 40
    assert soup.select_one("body")["style"].startswith("margin: 0")


@pytest.mark.parametrize("esp", ["buttondown", "kit", "mailchimp", "generic"])
def test_footer_greeting_and_unsubscribe_tag_per_service(site, esp):
    site.post("hello", "Hello.", Title="Hello")
    site.build("publish", EMAIL_ESP=esp)
    soup = email_soup(site, "hello")
    check_mail_rules(soup, esp)
    footer = soup.select_one(".footer")
    assert ADDRESS in footer.get_text()
    assert "you subscribed to The Honest No" in footer.get_text()
    unsubscribe = footer.find("a", string="Unsubscribe")
    assert unsubscribe["href"] == UNSUBSCRIBE_TAGS[esp]
    assert NAME_TAGS[esp] in soup.select_one(".greeting").get_text()
    others = {tag for name, tag in UNSUBSCRIBE_TAGS.items() if tag != UNSUBSCRIBE_TAGS[esp]}
    html = site.text("email/hello/email.html")
    assert not any(tag in html for tag in others)

    text = site.text("email/hello/email.txt")
    assert f"Unsubscribe: {UNSUBSCRIBE_TAGS[esp]}" in text and ADDRESS in text
    assert json.loads(site.text("email/index.json"))["esp"] == esp


def test_generic_service_uses_the_own_unsubscribe_address(site):
    site.post("hello", "Hello.", Title="Hello")
    site.build("publish", EMAIL_ESP="generic", EMAIL_UNSUBSCRIBE_URL="https://coach.example/unsub?list=1&x=2")
    soup = email_soup(site, "hello")
    assert soup.select_one(".footer").find("a", string="Unsubscribe")["href"] == "https://coach.example/unsub?list=1&x=2"
    header = parse_eml(site, "hello")["List-Unsubscribe"]
    assert header == "<https://coach.example/unsub?list=1&x=2>, <mailto:maya@example.com?subject=Unsubscribe>"


def test_unknown_service_stops_the_build(site):
    site.post("hello")
    lines = site.build_fails("publish", EMAIL_ESP="sendgrid")
    assert len(lines) == 1
    assert "EMAIL_ESP is 'sendgrid'" in lines[0] and "'buttondown', 'kit', 'mailchimp', 'generic'" in lines[0]


# --- the plain-text part -----------------------------------------------------------------


def test_plain_text_part(site):
    rich_site(site, EMAIL_ESP="generic").build("publish")
    text = site.text("email/rich/email.txt")
    lines = text.split("\n")

    assert lines[:2] == ["A rich post", "==========="]
    assert "A heading\n---------" in text
    assert "### A smaller heading" in text
    assert not re.search(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?>", text)
    assert not re.search(r"&[a-zA-Z]+;|&#\d+;", text)
    assert "Tom & Jerry said \u201cno\u201d < yes" in text
    assert "\u200c" not in text and "\u00a0" not in text
    for line in lines:
        if len(line) > 72:
            assert re.search(r"https?://\S{40,}", line), f"line over 72 columns: {line!r}"

    # links: numbered references, one number per address, listed at the end
    assert "relative link [1]" in text and "second one [2]" in text and "the same page again [2]" in text
    references = text[text.index("\nLinks:\n"):]
    assert f"[1] {SITEURL}/about/" in references and "[2] https://example.org/a-page" in references
    assert "here [3]" in text and "[3] https://example.org/a/very/long/path" in references

    # a wrapped list item keeps its hanging indent
    assert "- first item\n- second item that is long enough to wrap onto a second line in the\n  plain" in text
    assert "1. one\n2. two" in text
    assert "[Image: Two chairs facing a window]" in text
    # callouts: a labelled, indented block
    assert re.search(r"^  \| .*Keep it short\n  \|\n  \| Five sentences, once\.$", text, re.MULTILINE), text
    assert re.search(r"^  \| .*Follow up$", text, re.MULTILINE)
    assert "> A plain quotation, said by someone." in text
    assert "Why? | Because" in text
    assert "Hi there," in text
    assert text.rstrip().endswith("Unsubscribe: mailto:maya@example.com?subject=Unsubscribe")
    assert f"Read this post on the web: {SITEURL}/2026/rich/" in text


def test_plain_text_pull_quote_ends_with_its_attribution_as_on_the_page(site):
    site.post("quoted", """
        Before.

        !!! quote "A chair, to a director he had just turned down"
            The decision was about the next three years, not about the last ten.

        !!! quote
            Said by nobody in particular.

        After.
    """, Title="Quoted")
    site.build("publish")
    web = site.soup("2026/quoted/index.html").select_one("figure.callout-quote")
    assert [child.name for child in web.find_all(recursive=False)] == ["blockquote", "figcaption"]
    html = email_soup(site, "quoted").select_one("blockquote.callout-quote")
    assert [p.get("class") for p in html.find_all("p")] == [None, ["callout-title"]]

    text = site.text("email/quoted/email.txt")
    assert (
        "Before.\n\n"
        "  | The decision was about the next three years, not about the last ten.\n"
        "  |\n"
        "  | \u2014 A chair, to a director he had just turned down\n\n"
        "  | Said by nobody in particular.\n\n"
        "After."
    ) in text, text


# --- size guard --------------------------------------------------------------------------


def big_body(paragraphs):
    sentence = "Every interview teaches something, even the ones that end with a polite no. "
    return "\n\n".join(f"Paragraph {n}. " + sentence * 5 for n in range(paragraphs))


def test_size_guard_warns_past_80_kb_and_fails_past_102_kb(site):
    site.post("big", big_body(200), Title="A big post")
    result = site.build("publish", allow_warnings=True)
    size = site.path("email/big/email.html").stat().st_size
    assert 80_000 < size <= 102_000, size
    assert any("content/posts/big.md" in w and f"{size / 1000:.1f} KB" in w for w in result.warnings), result.warnings

    site.post("big", big_body(260), Title="A big post")
    before = site.snapshot()
    lines = site.build_fails("publish")
    assert len(lines) == 1 and "big.md" in lines[0] and "over the 102 KB" in lines[0] and "Fix:" in lines[0]
    assert re.search(r"is 1\d\d\.\d KB", lines[0])
    assert site.snapshot() == before  # the last good output stays


def test_the_preview_of_a_draft_too_big_for_gmail_warns_and_goes_on(site):
    """A long draft must not stop the coach's preview of the whole site; publishing it would."""
    site.post("big", big_body(260), Title="A big draft", Status="draft")
    site.post("story", "Published words.")
    site.write("posts/story-v2.md", "Title: Story, again\nDate: 2026-02-01\nSlug: story\nStatus: draft\n\nNew.\n")
    result = site.build(allow_warnings=True)
    [warning] = result.warnings
    assert "big.md: the email for this draft is 1" in warning and "publishing it will stop the build" in warning
    assert site.path("email/big/email.html").is_file()
    assert "Published words." in site.text("email/story/email.txt"), "the published post keeps its folder"


def test_a_post_dated_in_the_future_too_big_for_gmail_stops_the_preview_now(site):
    """It will be published by an invoke publish on its date, maybe unattended: say so today."""
    site.post("later", big_body(260), Title="Later", Date="2099-01-01")
    [line] = site.build_fails()
    assert "later.md: the email for this post is 1" in line and "over the 102 KB" in line


def test_hidden_and_undated_drafts_get_no_email_preview(site):
    site.post("story")
    site.post("secret", "For clients.", Date="2099-01-01", Status="hidden")
    site.write("posts/idea.md", "Title: An idea\nStatus: draft\n\nSome words.\n")
    site.build()
    assert sorted(p.name for p in site.path("email").iterdir() if p.is_dir()) == ["story"]


# --- invoke send-test ----------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def invoke(*args):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, SMTP_PASSWORD=""))


# The address in publishconf.py: send-test sends only an .eml made for it.
PUBLISHED_SITEURL = load_settings(str(SETTINGS["publish"]))["SITEURL"].rstrip("/")
PREVIEW_SITEURL = "http://127.0.0.1:8000"  # pelicanconf.py's, as `invoke build` and `invoke serve` use


@pytest.fixture
def inbox():
    """An SMTP server on 127.0.0.1 (a free port) that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.envelopes = []
            self.port = free_port()

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 Message accepted"

    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=received.port)
    controller.start()
    yield received
    controller.stop()


def send_test(site, inbox, slug="hello", to="reader@example.org"):
    return invoke("send-test", "--slug", slug, "--to", to, "--host", "127.0.0.1", "--port", str(inbox.port),
                  "--output", str(site.output))


REPLACED_BY_SEND_TEST = ("to", "message-id", "date")


def header_fields(raw):
    """[(name, value)] of a message's own header fields as written (folded lines joined), and
    the rest of it: the parts, byte for byte."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    fields = []
    for line in head.decode("ascii").split("\r\n"):
        if line[:1] in (" ", "\t"):
            fields[-1] = (fields[-1][0], fields[-1][1] + "\r\n" + line)
        else:
            name, _, value = line.partition(":")
            fields.append((name, value))
    return fields, rest.rstrip(b"\r\n")


def test_send_test_delivers_the_eml_to_an_smtp_server(site, inbox):
    site.post("hello", "Hello, reader. Ünïcode too.", Title="Hello ✓", Date="2026-01-15 09:30")
    site.build("publish", SITEURL=PUBLISHED_SITEURL)
    eml = site.path("email/hello/message.eml")
    written = eml.read_bytes()
    assert parse_eml(site, "hello")["List-Archive"] == f"<{PUBLISHED_SITEURL}/>"
    started = datetime.datetime.now(datetime.timezone.utc)
    done = send_test(site, inbox)
    assert done.returncode == 0, done.stderr
    assert "Sent" in done.stdout and "reader@example.org" in done.stdout
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "maya@example.com" and envelope.rcpt_tos == ["reader@example.org"]

    # Sent as a new message to that address: To: it, a new Message-ID, the sending time as Date.
    sent = email.message_from_bytes(envelope.original_content, policy=policy.default)
    exported = parse_eml(site, "hello")
    assert sent["To"] == "reader@example.org" and exported["To"].addresses[0].addr_spec == "maya@example.com"
    assert re.fullmatch(r"<[^<>@\s]+@example\.com>", sent["Message-ID"])
    assert sent["Message-ID"] != exported["Message-ID"]
    assert parsedate_to_datetime(exported["Date"]).isoformat() == "2026-01-15T09:30:00+00:00"
    sent_at = parsedate_to_datetime(sent["Date"])
    assert sent_at.tzinfo is not None
    assert started - datetime.timedelta(seconds=2) <= sent_at <= datetime.datetime.now(datetime.timezone.utc)
    # Everything else as written, in the same order; the .eml itself is not changed.
    sent_fields, sent_parts = header_fields(envelope.original_content)
    written_fields, written_parts = header_fields(written)
    assert [name.lower() for name, _ in sent_fields] == [name.lower() for name, _ in written_fields]
    kept = [field for field in written_fields if field[0].lower() not in REPLACED_BY_SEND_TEST]
    assert [field for field in sent_fields if field[0].lower() not in REPLACED_BY_SEND_TEST] == kept
    assert sent_parts == written_parts
    assert eml.read_bytes() == written

    named = send_test(site, inbox, to="Reader <reader@example.org>")  # a name with it: sent to the address
    assert named.returncode == 0, named.stderr
    assert inbox.envelopes[-1].rcpt_tos == ["reader@example.org"]
    again = email.message_from_bytes(inbox.envelopes[-1].original_content, policy=policy.default)
    assert again["Message-ID"] != sent["Message-ID"]  # each test a message of its own


def test_send_test_explains_failures(site):
    site.post("hello")
    site.build("publish", SITEURL=PUBLISHED_SITEURL)
    closed = free_port()
    done = invoke("send-test", "--slug", "hello", "--to", "a@example.org", "--host", "127.0.0.1",
                  "--port", str(closed), "--output", str(site.output))
    assert done.returncode != 0
    assert f"cannot reach the SMTP server at 127.0.0.1:{closed}" in done.stderr
    missing = invoke("send-test", "--slug", "nope", "--to", "a@example.org", "--output", str(site.output))
    assert missing.returncode != 0 and "invoke email --slug nope" in missing.stderr


@pytest.mark.parametrize("to", ["not an address", "reader@", "@example.org", "reader example.org",
                                "reader@example", "a@example.org, b@example.org", "Reader <reader @example.org>"])
def test_send_test_refuses_what_is_not_one_address(site, inbox, to):
    site.post("hello")
    site.build("publish", SITEURL=PUBLISHED_SITEURL)
    done = send_test(site, inbox, to=to)
    assert done.returncode != 0 and "Sent" not in done.stdout
    assert done.stderr.strip() == (
        f"Not sent: '{to}' is not an email address. Fix: give one address after --to, as in --to you@example.com"
    )
    assert inbox.envelopes == []


def test_send_test_refuses_an_email_made_by_a_preview_build(site, inbox):
    """`invoke build` and `invoke serve` write emails whose links go to 127.0.0.1:8000."""
    site.post("hello", "Hello, [about](/about/).")
    site.page("about")
    site.build("dev", SITEURL=PREVIEW_SITEURL)
    eml = site.path("email/hello/message.eml")
    assert f'href="{PREVIEW_SITEURL}/2026/hello/"' in parse_eml(site, "hello").get_body(("html",)).get_content()

    refusal = (
        "was made by a preview build (invoke build or invoke serve), so its links and pictures go to "
        f"{PREVIEW_SITEURL}, on this computer, which no reader can open. Fix: run `invoke publish` or "
        "`invoke email --slug hello` first, then send it again."
    )
    done = send_test(site, inbox)
    assert done.returncode != 0 and "Sent" not in done.stdout
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Not sent: ") and line.endswith(refusal), line

    # An .eml exported before the List-Archive header was written: judged by its links.
    raw = eml.read_bytes()
    assert f"List-Archive: <{PREVIEW_SITEURL}/>\r\n".encode() in raw
    eml.write_bytes(raw.replace(f"List-Archive: <{PREVIEW_SITEURL}/>\r\n".encode(), b""))
    older = send_test(site, inbox)
    assert older.returncode != 0 and older.stderr.strip().endswith(refusal), older.stderr
    assert inbox.envelopes == []


def test_send_test_refuses_an_email_made_for_another_address(site, inbox):
    site.post("hello")
    site.build("publish")  # SITEURL is the tests' https://coach.example, not publishconf.py's
    done = send_test(site, inbox)
    assert done.returncode != 0 and inbox.envelopes == []
    assert done.stderr.strip().endswith(
        f"was made for {SITEURL}, not for your site's address {PUBLISHED_SITEURL} (SITEURL in publishconf.py), "
        "so its links would lead elsewhere. Fix: run `invoke publish` or `invoke email --slug hello` first, "
        "then send it again."
    ), done.stderr


def test_the_preview_page_of_a_preview_build_says_its_emails_are_not_to_send(site):
    site.post("hello")
    site.build("dev", SITEURL=PREVIEW_SITEURL)
    note = site.soup("email/index.html").select_one(".preview-note")
    assert note is not None and note.get("role") == "note"
    text = " ".join(note.get_text().split())
    assert "These are previews, not the emails to send." in text
    assert f"go to {PREVIEW_SITEURL}, on this computer, so they work only here" in text
    assert "invoke publish" in text and "invoke send-test" not in site.text("email/index.html")

    site.build("publish")
    published = site.soup("email/index.html")
    assert published.select_one(".preview-note") is None
    assert "invoke send-test" in published.get_text()


# --- a real browser: no horizontal scroll on a phone or at desktop width --------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]

# The email itself may hold no script, so a wrapper page loads it in an iframe of the
# width under test and measures it once everything (images too) has loaded.
MEASURE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe src="{src}" style="border:0;width:{width}px;height:4000px"></iframe>
<script>
window.addEventListener("load", function () {{
  var doc = document.querySelector("iframe").contentDocument, root = doc.documentElement;
  var wide = Array.prototype.filter.call(doc.body.querySelectorAll("*"), function (e) {{
    return e.getBoundingClientRect().right > root.clientWidth + 0.5;
  }}).slice(0, 5).map(function (e) {{ return e.tagName + "." + e.className; }});
  var images = Array.prototype.every.call(doc.images, function (i) {{ return i.complete && i.naturalWidth > 0; }});
  var panel = doc.querySelector(".cta-panel");
  var panelColour = panel ? doc.defaultView.getComputedStyle(panel).backgroundColor : "";
  var out = document.createElement("pre");
  out.id = "result";
  out.textContent = JSON.stringify({{scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
                                     wide: wide, images: images, title: doc.title, panel: panelColour}});
  document.body.appendChild(out);
}});
</script></body></html>"""


def chromium_path():
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if found is None:
        message = "Chromium is missing: `invoke test` installs it (apt-get install chromium, as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def served(site):
    """An HTTP server for site.output on 127.0.0.1 (a free port), stopped after the test."""
    handler = functools.partial(QuietHandler, directory=str(site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def measure(chromium, url, tmp_path, flags=()):
    profile = tmp_path / f"chromium-profile-{abs(hash((url, flags)))}"
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, *flags, f"--user-data-dir={profile}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    result = BeautifulSoup(done.stdout, "lxml").find(id="result")
    assert result is not None, f"Chromium did not run the measurement:\n{done.stderr[-2000:]}"
    return json.loads(result.get_text())


@pytest.mark.parametrize("width", [320, 375, 600])
def test_no_horizontal_scroll_in_chromium(site, served, tmp_path, width):
    chromium = chromium_path()
    wide_image(site)
    long_word = "Unbreakable" * 12
    extra = f"\n\n{long_word} and https://example.org/{'x' * 120}\n"
    sample_ctas = ROOT / "content" / "ctas"
    if any(sample_ctas.glob("*.md")):  # the sample CTAs: an inline button and the end-of-post block
        shutil.copytree(sample_ctas, site.content / "ctas", dirs_exist_ok=True)
        extra += "\n[[cta]]\n"
    site.page("about")
    site.post("rich", RICH_BODY + extra, Title="A rich post with a title long enough to wrap on a phone screen")
    site.build("publish", SITEURL=served)  # images load from the test server
    site.path("measure.html").write_text(
        MEASURE_PAGE.format(src="/email/rich/email.html", width=width), encoding="utf-8")
    result = measure(chromium, f"{served}/measure.html", tmp_path)
    assert result["title"].startswith("A rich post"), result
    assert result["images"], "the email's images did not load from the test server"
    assert result["scrollWidth"] <= result["clientWidth"], f"horizontal scroll at {width}px: {result}"
    assert result["wide"] == [], f"elements wider than the email at {width}px: {result}"
    # Mail clients that block pictures show the box each leaves: it must stay in the column too.
    for picture in site.output.rglob("wide.png"):
        picture.unlink()
    blocked = measure(chromium, f"{served}/measure.html", tmp_path, ("--disable-images",))
    assert blocked["scrollWidth"] <= blocked["clientWidth"], f"blocked images widen the email: {blocked}"


# --- the sample site ---------------------------------------------------------------------


def test_the_cta_panel_is_dark_in_a_dark_mode_email(site, served, tmp_path):
    chromium = chromium_path()
    shutil.copytree(ROOT / "content" / "ctas", site.content / "ctas", dirs_exist_ok=True)
    site.post("dark", "Words.\n\n[[cta]]\n", Title="Dark")
    site.build("publish", SITEURL=served)
    site.path("measure.html").write_text(MEASURE_PAGE.format(src="/email/dark/email.html", width=600),
                                         encoding="utf-8")
    light = measure(chromium, f"{served}/measure.html", tmp_path)
    dark = measure(chromium, f"{served}/measure.html", tmp_path, ("--force-dark-mode", "--blink-settings=preferredColorScheme=0"))
    assert light["panel"] == "rgb(242, 239, 232)", light
    assert dark["panel"] == "rgb(32, 35, 40)", dark


def test_sample_posts_export_as_mail_safe_emails(sample_site):
    index = json.loads(sample_site.text("email/index.json"))
    posts = [p for p in (ROOT / "content" / "posts").glob("*.md") if "Status: draft" not in p.read_text()]
    assert len(index["emails"]) == len(posts)
    for entry in index["emails"]:
        soup = BeautifulSoup(sample_site.text(entry["html"]), "lxml")
        check_mail_rules(soup, index["esp"])
        assert soup.select_one(".topbar a")["href"] == entry["url"]
        text = sample_site.text(entry["text"])
        assert not re.search(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?>|&[a-zA-Z]+;|&#\d+;", text), entry["text"]
        assert "[[cta" not in text and "!!!" not in text and "[!" not in text, entry["text"]
        message = email.message_from_bytes(sample_site.path(entry["eml"]).read_bytes(), policy=policy.default)
        assert message["Subject"] == entry["subject"]


def test_two_posts_with_one_slug_stop_the_build_naming_both(site):
    """Pelican allows it (different years, different pages), but the two emails would
    overwrite each other in email/<slug>/."""
    site.write("posts/review-2025.md", "Title: My year\nDate: 2025-12-20\nSlug: year-in-review\n\nOld year.\n")
    site.write("posts/review-2026.md", "Title: My year\nDate: 2026-01-20\nSlug: year-in-review\n\nNew year.\n")
    [line] = site.build_fails(mode="publish")
    assert "review-2025.md:3: " in line and "review-2026.md" in line
    assert "'year-in-review'" in line and "Fix: give one of the two posts a slug of its own" in line
    assert not site.output.exists()


def test_an_address_written_as_itself_reads_once_in_every_form(site):
    """`<maya@example.com>` (which Markdown hides in character references) and a bare web
    address: a working link on the page and in the email, and the address once in the text part."""
    site.post("story", "Write to <maya@example.com> or see https://example.org/page today.")
    site.build("publish")
    page = site.soup("2026/story/index.html").select_one(".post-body p")
    assert [(a["href"], a.get_text()) for a in page.select("a")] == [
        ("mailto:maya@example.com", "maya@example.com"), ("https://example.org/page", "https://example.org/page")]
    email_links = email_soup(site, "story").select(".post-body p a")
    assert [a.get_text() for a in email_links] == ["maya@example.com", "https://example.org/page"]
    text = site.text("email/story/email.txt")
    assert "Write to maya@example.com or see https://example.org/page today." in text
    assert "amp#" not in text and "Links:" not in text


def test_plain_text_footnotes_read_as_marks_and_in_page_links_are_not_listed(site):
    """A footnote's mark reads "(1)" and its back link (which only jumps up the page) is
    dropped; a link within the page, or one whose words are its address, is not listed at
    the end: "Links:" holds only what a reader of the text part needs to open."""
    site.post("notes", """
        Ask for the range first.[^1] See [the steps below](#steps) and https://example.org/guide,
        or [the longer guide](https://example.org/other).

        ## Steps {#steps}

        Wait.

        [^1]: Most recruiters have one.
        """)
    site.build("publish")
    text = site.text("email/notes/email.txt")
    words = " ".join(text.split())
    assert "Ask for the range first.(1) See the steps below and https://example.org/guide, or the longer guide [1]." in words
    assert "1. Most recruiters have one.\n" in text and "\u21a9" not in text
    links = text[text.index("\nLinks:\n"):text.index("\n-- \n")]
    assert links.strip().split("\n") == ["Links:", "[1] https://example.org/other"], links
    assert "#fn" not in text and "#steps" not in text
