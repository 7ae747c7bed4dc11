"""Hostile content: Markdown pasted from anywhere never puts script in front of a reader.

An attacker's corpus (event handlers through attribute lists, `javascript:` written five
ways, `vbscript:` and `data:` links, `data:` and `javascript:` pictures, raw HTML) goes into
a post's text, summary, title and category, a call-to-action (its pitch and `Email:` text)
and a disclaimer; every target the build writes is then read as a browser, a feed reader or
a mail client would: the pages, the feed entries (and the RSS channel text, which readers
show as HTML), the email HTML, the .eml's parts and the text part. None may hold a script
element, an `on*` attribute or an address that runs script. A property test places the
payloads in every kind of block (list, quote, callout, table, footnote, heading, link text).
"""

import email
import io
import re
import subprocess
from email import policy
from pathlib import Path

import lxml.etree
import lxml.html
from hypothesis import HealthCheck, given, settings
from PIL import Image
from hypothesis import strategies as st

from conftest import SITEURL
from test_email import served  # noqa: F401 (a fixture)

MARK = "1337"  # every payload's script says alert(1337)
PICTURE = "{static}/images/pic.png"
PAYLOADS = [
    f"[plain](javascript:alert({MARK}))",
    f"[entity](&#106;avascript:alert({MARK}))",
    f"[colon entity](JAVASCRIPT&#58;alert({MARK}))",
    f"[named colon](javascript&colon;alert({MARK}))",
    f"[tab](java&#x09;script:alert({MARK}))",
    f"[vb](vbscript:msgbox({MARK}))",
    f"[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMzM3KTwvc2NyaXB0Pg==)",
    f"[quote]( http://x.example/\" onmouseover=\"alert({MARK}))",
    f"![svg picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTMzNyk+)",
    f"![script picture](javascript:alert({MARK}))",
    f"![handler]({PICTURE}){{: onerror=\"alert({MARK})\" }}",
    f"[link with handler](https://example.org/){{: onclick=\"alert({MARK})\" }}",
    f"<script>alert({MARK})</script>",
    f"<img src=x onerror=alert({MARK})>",
    f"<a href=\"javascript:alert({MARK})\">raw link</a>",
    f"<iframe src=\"javascript:alert({MARK})\"></iframe>",
    f"<svg onload=alert({MARK})>",
    f"[reference][evil]",
]
REFERENCE = f"[evil]: javascript:alert({MARK})"
BLOCK_PAYLOADS = [
    f"Paragraph with a handler.\n{{: onclick=\"alert({MARK})\" }}",
    f"## A heading {{: onmouseover=\"alert({MARK})\" }}",
]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "cite", "poster", "background", "data",
                  "xlink:href", "srcdoc", "srcset")
SCRIPT_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|livescript|mocha)\s*:", re.IGNORECASE)
# The site's own scripts: the theme's, and the search page's Pagefind interface (plugins/site_search).
ALLOWED_SCRIPT_SOURCES = (f"{SITEURL}/theme/", "/theme/", f"{SITEURL}/pagefind/", "/pagefind/")


def hostile_site(site, body, title="Hostile <script>alert(1337)</script> \"story\""):
    site.write("images/pic.png", "")
    Path(site.content / "images" / "pic.png").write_bytes(PNG)
    site.write("ctas/newsletter.md", f"""\
        Title: Get the next story <script>alert({MARK})</script>
        Button: Subscribe <b onclick="alert({MARK})">now</b>
        Kind: signup
        Email: Read more: [x](javascript:alert({MARK})) ![p](data:image/svg+xml,<svg onload=alert({MARK})>)

        {PAYLOADS[0]} and {PAYLOADS[10]}
        """)
    site.write("disclaimers/default.md", f"""\
        Names are changed. {PAYLOADS[1]} {PAYLOADS[6]} {PAYLOADS[11]}

        {REFERENCE}
        """)
    site.post(
        "hostile",
        body,
        title=title,
        category=f"Jobs <script>alert({MARK})</script>",
        summary=f"A summary {PAYLOADS[0]} {PAYLOADS[11]}",
    )
    site.post("neighbour", "A quiet story.", title="Neighbour", date="2026-01-10")


def png():
    """A real picture: the build opens every picture a post shows."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "#8a3b12").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png()


def problems_in_html(markup, where):
    """What in `markup` could run script when a browser or a mail client shows it."""
    found = []
    root = lxml.html.fromstring(markup) if markup.strip() else None
    if root is None:
        return found
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            source = element.get("src", "")
            if MARK in (element.text or "") or not source.startswith(ALLOWED_SCRIPT_SOURCES):
                found.append(f"{where}: <script> {source or (element.text or '')[:40]!r}")
        if tag in ("iframe", "object", "embed", "applet", "frame", "frameset", "base"):
            found.append(f"{where}: <{tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{where}: <{tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and SCRIPT_SCHEME.match(_decoded(value)):
                found.append(f"{where}: <{tag} {name}={value!r}>")
            if name.lower() == "style" and re.search(r"expression\(|javascript:|url\(", value, re.I):
                found.append(f"{where}: <{tag} style={value!r}>")
    return found


def _decoded(value):
    """A URL as a browser reads it: control characters and whitespace inside the scheme removed."""
    return re.sub(r"[\x00-\x20]", "", value)


def feed_problems(path, relpath):
    """Entries' HTML, and the RSS texts that readers show as HTML."""
    found = []
    tree = lxml.etree.parse(str(path))
    atom = "{http://www.w3.org/2005/Atom}"
    as_html = [f"{atom}content", f"{atom}summary", "description", "title",
               "{http://purl.org/rss/1.0/modules/content/}encoded"]
    for element in tree.iter(*as_html):
        if element.tag.startswith(atom) and element.get("type", "text") == "text":
            continue
        found += problems_in_html(f"<div>{element.text or ''}</div>", f"{relpath} <{element.tag}>")
    return found


def every_problem(output):
    found = []
    for path in sorted(output.rglob("*")):
        relpath = str(path.relative_to(output))
        if path.suffix == ".html":
            found += problems_in_html(path.read_text(encoding="utf-8"), relpath)
        elif path.suffix == ".xml" and "feeds" in path.parts:
            found += feed_problems(path, relpath)
        elif path.name == "message.eml":
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for part in message.walk():
                if part.get_content_type() == "text/html":
                    found += problems_in_html(part.get_content(), f"{relpath} (HTML part)")
                elif part.get_content_type() == "text/plain":
                    found += [f"{relpath} (text part): {link}" for link in SCRIPT_LINK.findall(part.get_content())]
        elif path.name == "email.txt":
            found += [f"{relpath}: {link}" for link in SCRIPT_LINK.findall(path.read_text(encoding="utf-8"))]
    return found


# A link in a text part's list ("[3] https://..."); raw HTML the coach pasted is shown there
# as the text it is, which no mail client makes a link of.
SCRIPT_LINK = re.compile(r"^\[\d+\] *(?:javascript|vbscript|data)\s*:.*$", re.IGNORECASE | re.MULTILINE)


def test_the_attack_corpus_reaches_no_reader_as_script(site):
    body = "\n\n".join(["Before the payloads.", *PAYLOADS, *BLOCK_PAYLOADS, "[[cta]]", REFERENCE])
    hostile_site(site, body)
    for mode in ("dev", "publish"):
        site.build(mode, CTA_DEFAULT="newsletter")
        assert (site.output / "email" / "hostile" / "message.eml").is_file()
        assert every_problem(site.output) == [], mode
    page = site.soup("2026/hostile/index.html")
    # What is safe stays: the picture with its description, the https link, the link texts.
    assert page.select_one("img[alt=handler]")["src"].endswith("/images/pic.png")
    assert page.select_one("a[href='https://example.org/']").get_text() == "link with handler"
    assert "plain" in page.get_text() and "reference" in page.get_text()


def test_attribute_lists_set_a_class_or_an_id_only(site):
    site.write("images/pic.png", "")
    Path(site.content / "images" / "pic.png").write_bytes(PNG)
    site.post("story", f"""\
        ![chart]({PICTURE}){{: .wide #chart onerror="alert(1)" style="width:9000px" }}

        A paragraph.
        {{: .lead data-x="1" onclick="alert(1)" }}
        """)
    site.build()
    page = site.soup("2026/story/index.html")
    picture = page.select_one("img[alt=chart]")
    assert picture["class"] == ["wide"] and picture["id"] == "chart"
    assert set(picture.attrs) == {"alt", "src", "class", "id"}
    paragraph = page.find("p", string="A paragraph.")
    assert set(paragraph.attrs) == {"class"} and paragraph["class"] == ["lead"]


def test_a_category_with_markup_is_text_in_the_rss_channel(site):
    site.post("story", category="Jobs <script>alert(1337)</script>")
    site.build()
    feeds = list((site.output / "feeds" / "category").glob("*.rss.xml"))
    assert feeds
    description = lxml.etree.parse(str(feeds[0])).find("channel/description").text
    # A reader that shows the description as HTML shows the words, and runs nothing.
    assert lxml.html.fromstring(f"<div>{description}</div>").text_content().count("<script>") == 1
    assert problems_in_html(f"<div>{description}</div>", "channel") == []


WRAPPERS = {
    "paragraph": "{}",
    "list item": "- first\n- {}",
    "quote": "> {}",
    "callout": "!!! note \"Careful\"\n    {}",
    "quoted callout": "> [!TIP]\n> {}",
    "table cell": "| a | b |\n|---|---|\n| {} | x |",
    "footnote": "See the note.[^n]\n\n[^n]: {}",
    "heading": "### {}",
    "emphasis": "*{}*",
}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(sorted(WRAPPERS)), st.sampled_from(PAYLOADS)), min_size=3, max_size=6),
       st.sampled_from(["dev", "publish"]))
def test_payloads_in_any_block_reach_no_target_as_script(site, placed, mode):
    body = "\n\n".join(["Start."] + [WRAPPERS[wrapper].format(payload) for wrapper, payload in placed]
                       + [REFERENCE])
    hostile_site(site, body)
    site.build(mode, CTA_DEFAULT="newsletter")
    assert every_problem(site.output) == []


# Handlers that fire on their own when the page loads; each would mark the page if it ran.
SELF_FIRING = [
    '![a](https://images.example/missing.png){: onerror="document.documentElement.dataset.pwned=1" }',
    '![b]({static}/images/pic.png){: onload="document.documentElement.dataset.pwned=2" }',
    '<img src=x onerror="document.documentElement.dataset.pwned=3">',
    '<svg onload="document.documentElement.dataset.pwned=4"></svg>',
    '<script>document.documentElement.dataset.pwned=5</script>',
    '![c](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImRvY3VtZW50LmRvY3VtZW50RWxlbWVudC5kYXRhc2V0LnB3bmVkPTYiLz4=)',
]


def test_no_handler_runs_when_chromium_opens_the_page_or_the_email(site, served, tmp_path):
    from test_email import CHROMIUM_FLAGS, chromium_path

    chromium = chromium_path()
    (site.content / "images").mkdir(parents=True, exist_ok=True)
    (site.content / "images" / "missing-on-purpose.png").write_bytes(PNG)
    hostile_site(site, "\n\n".join(["Start.", *SELF_FIRING]))
    site.build("publish", SITEURL=served, CTA_DEFAULT="newsletter")
    for relpath in ("2026/hostile/", "email/hostile/email.html"):
        done = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000",
             "--dump-dom", f"{served}/{relpath}"],
            capture_output=True, text=True, timeout=120,
        )
        root = lxml.html.fromstring(done.stdout)
        assert root.find(".//body") is not None, done.stderr[-2000:]
        assert root.get("data-pwned") is None, f"a handler ran in {relpath}"
