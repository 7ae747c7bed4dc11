"""Feeds: valid RSS 2.0 and Atom (RFC 4287), full content with absolute URLs, stable bytes."""

import re
import sys
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

import json
import subprocess

import feedparser
import lxml.html
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from lxml import etree
from pelican.settings import read_settings

from conftest import ROOT, SETTINGS, SITEURL

sys.path.insert(0, str(ROOT))
from checks.feeds import feed_problems  # noqa: E402
from test_email import served  # noqa: E402,F401  (the fixture: site.output on 127.0.0.1)

ATOM = "http://www.w3.org/2005/Atom"
A = {"a": ATOM}
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MAIN_FEEDS = ("feeds/atom.xml", "feeds/rss.xml")

LONG_BODY = """
    The opening paragraph links to [the about page](/about/) and a [sibling post]({filename}/posts/second.md).

    ![A diagram of the steps](/images/steps.png)

    ## Later on

    The closing sentence only appears in the full content, far past any summary.
"""


def parse(site, relpath):
    return feedparser.parse(site.path(relpath).read_bytes())


def xml(site, relpath):
    return etree.parse(str(site.path(relpath)))


def urls_in(html):
    """Every href/src/srcset URL in an HTML fragment."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        found += [element.get(name) for name in ("href", "src") if element.get(name) is not None]
        found += [c.strip().split(" ")[0] for c in (element.get("srcset") or "").split(",") if c.strip()]
    return found


def is_absolute(url):
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.fixture
def blog(site):
    """Three posts in two categories, one with links and an image, one modified later."""
    Image.new("RGB", (60, 30)).save(site.content / "images" / "steps.png")  # a real picture: a damaged one stops the build
    site.post("first", LONG_BODY, Date="2026-03-02 09:00", Category="Interviews", Tags="rejection, feedback",
              Summary="Read [the about page](/about/) first.")
    site.post("second", "The second post.", Date="2026-07-01 10:00", Category="Leadership", Tags="clarity",
              Modified="2026-07-20 18:30")
    site.post("third", "The third post.", Date="2026-05-10 08:00", Category="Interviews")
    site.write("pages/about.md", "Title: About\n\nAbout me.\n")
    return site


# --- read back by a feed reader ----------------------------------------------------------


@pytest.mark.parametrize("relpath", MAIN_FEEDS)
def test_feedparser_reads_full_content_with_dates_and_absolute_urls(blog, relpath):
    blog.build("publish")
    feed = parse(blog, relpath)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [e.link for e in feed.entries] == [
        f"{SITEURL}/2026/second/", f"{SITEURL}/2026/third/", f"{SITEURL}/2026/first/"
    ]
    first = feed.entries[2]
    assert first.id == f"{SITEURL}/2026/first/"
    assert first.title == "First"
    assert first.author == "Maya Okafor"
    assert {t.term for t in first.tags} == {"Interviews", "rejection", "feedback"}
    assert "far past any summary" in first.content[0].value
    assert "Read" in first.summary and "far past" not in first.summary
    assert first.published_parsed[:5] == (2026, 3, 2, 9, 0)
    # Summer time in Europe/London: the offset is written out, not dropped.
    assert feed.entries[0].published_parsed[:5] == (2026, 7, 1, 9, 0)
    if relpath.endswith("atom.xml"):  # RSS items have no updated date
        assert feed.entries[0].updated_parsed[:5] == (2026, 7, 20, 17, 30)
    urls = urls_in(first.content[0].value) + urls_in(first.summary)
    assert f"{SITEURL}/about/" in urls and f"{SITEURL}/2026/second/" in urls
    assert f"{SITEURL}/images/steps.png" in urls
    assert all(is_absolute(url) for url in urls), urls
    assert feed.feed.language == "en"


def test_feed_max_items_keeps_the_newest(blog):
    blog.build("publish", FEED_MAX_ITEMS=2)
    for relpath in MAIN_FEEDS:
        assert [e.title for e in parse(blog, relpath).entries] == ["Second", "Third"]


def test_default_is_twenty_items(site):
    for day in range(1, 23):
        site.post(f"post-{day}", Date=f"2026-02-{day:02d}")
    site.build("publish")
    assert len(parse(site, "feeds/atom.xml").entries) == 20
    assert parse(site, "feeds/rss.xml").entries[0].title == "Post 22"


# --- the formats' own rules ----------------------------------------------------------------


def only(parent, path):
    found = parent.findall(path, A)
    assert len(found) == 1, f"{path}: {len(found)} times"
    return found[0]


def test_atom_follows_rfc_4287(blog):
    blog.build("publish")
    tree = xml(blog, "feeds/atom.xml")
    feed = tree.getroot()
    assert feed.tag == f"{{{ATOM}}}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert only(feed, "a:id").text == f"{SITEURL}/feeds/atom.xml"
    assert only(feed, "a:title").text == "The Honest No"
    assert only(feed, "a:subtitle").text
    assert only(feed, "a:author/a:name").text == "Maya Okafor"
    assert only(feed, "a:generator").text
    assert is_absolute(only(feed, "a:icon").text) and is_absolute(only(feed, "a:logo").text)
    links = {link.get("rel"): link for link in feed.findall("a:link", A)}
    assert links["self"].get("href") == f"{SITEURL}/feeds/atom.xml"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == f"{SITEURL}/"
    # updated is the newest change among the posts, never the time of the build.
    assert only(feed, "a:updated").text == "2026-07-20T18:30:00+01:00"

    entries = feed.findall("a:entry", A)
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated", "published", "content", "summary"):
            only(entry, f"a:{name}")
        assert only(entry, "a:author/a:name").text == "Maya Okafor"
        alternate = [link for link in entry.findall("a:link", A) if link.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href") == only(entry, "a:id").text
        assert only(entry, "a:content").get("type") == "html"
        for category in entry.findall("a:category", A):
            assert category.get("term")
    for element in tree.iter(f"{{{ATOM}}}updated", f"{{{ATOM}}}published"):
        assert RFC_3339.match(element.text), element.text
    for element in tree.iter(f"{{{ATOM}}}id", f"{{{ATOM}}}icon", f"{{{ATOM}}}logo"):
        assert is_absolute(element.text), element.text
    for element in tree.iter(f"{{{ATOM}}}link"):
        assert is_absolute(element.get("href"))


def test_rss_follows_rss_2_0(blog):
    blog.build("publish")
    rss = xml(blog, "feeds/rss.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = only(rss, "channel")
    assert only(channel, "title").text == "The Honest No"
    assert only(channel, "link").text == f"{SITEURL}/"
    assert only(channel, "description").text
    assert only(channel, "language").text == "en"
    assert only(channel, "generator").text
    assert is_absolute(only(channel, "image/url").text)
    self_link = only(channel, "a:link")
    assert self_link.get("rel") == "self" and self_link.get("href") == f"{SITEURL}/feeds/rss.xml"
    assert parsedate_to_datetime(only(channel, "lastBuildDate").text) == datetime.fromisoformat(
        "2026-07-20T18:30:00+01:00"
    )
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        link = only(item, "link").text
        guid = only(item, "guid")
        assert guid.text == link and is_absolute(link)
        assert guid.get("isPermaLink") == "true"
        only(item, "title")
        only(item, "description")
        assert only(item, f"{{{CONTENT_NS}}}encoded").text
        assert only(item, "{http://purl.org/dc/elements/1.1/}creator").text == "Maya Okafor"
        published = only(item, "pubDate").text
        assert re.match(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$", published)
        assert parsedate_to_datetime(published).tzinfo is not None


def test_every_feed_passes_the_rules_invoke_check_applies(blog):
    """RFC 4287, RSS 2.0 and the feed rules in one place (checks/feeds.py), shared with `invoke check`."""
    blog.build("publish")
    written = sorted([*blog.output.glob("feeds/**/*.xml"), *blog.output.glob("feeds/**/*.json")])
    assert len(written) == 3 + 3 * 2  # the three site feeds, and three for each of the two categories
    for path in written:
        assert feed_problems(path.read_bytes(), SITEURL) == [], path.relative_to(blog.output)


# --- what is in which feed -----------------------------------------------------------------


def test_two_builds_give_identical_feeds(blog):
    blog.build("publish")
    first = {k: v for k, v in blog.snapshot().items() if k.startswith("feeds/")}
    blog.build("publish")
    second = {k: v for k, v in blog.snapshot().items() if k.startswith("feeds/")}
    assert len(first) == 10  # three feeds, three per category (2 categories), the stylesheet
    assert first == second


@pytest.mark.parametrize("mode", ["publish", "dev"])
def test_drafts_and_future_posts_never_appear(site, mode):
    site.post("live", Title="Live post", Category="Interviews")
    site.post("sketch", Title="Sketch", Status="draft", Category="Interviews")
    site.post("later", Title="Later", Date="2999-01-01", Category="Leadership")
    site.build(mode)
    for relpath in MAIN_FEEDS + ("feeds/category/interviews.atom.xml", "feeds/category/interviews.rss.xml"):
        feed = parse(site, relpath)
        assert [e.title for e in feed.entries] == ["Live post"]
        assert feed.feed.updated_parsed[:3] == (2026, 1, 15)
    assert not site.path("feeds/category/leadership.atom.xml").exists()


def test_a_category_feed_holds_only_its_category(blog):
    blog.build("publish")
    for ext in ("atom", "rss"):
        interviews = parse(blog, f"feeds/category/interviews.{ext}.xml")
        assert interviews.bozo == 0
        assert [e.title for e in interviews.entries] == ["Third", "First"]
        assert interviews.feed.title == "The Honest No: Interviews"
        assert interviews.feed.link == f"{SITEURL}/category/interviews/"
        leadership = parse(blog, f"feeds/category/leadership.{ext}.xml")
        assert [e.title for e in leadership.entries] == ["Second"]
    # Each feed names itself, so the ids of the feeds differ.
    assert only(xml(blog, "feeds/category/interviews.atom.xml").getroot(), "a:id").text == (
        f"{SITEURL}/feeds/category/interviews.atom.xml"
    )
    category_page = blog.soup("category/interviews/index.html")
    announced = {link["href"] for link in category_page.find_all("link", rel="alternate")}
    assert f"{SITEURL}/feeds/category/interviews.atom.xml" in announced


# --- HTML pages, subscribe page, browsers -----------------------------------------------------


def test_every_html_page_announces_both_feeds(sample_site):
    # Every web page; the email export's files (output/email/) are emails, not pages.
    pages = sorted(p for p in sample_site.output.rglob("*.html") if "email" not in p.relative_to(sample_site.output).parts[:1])
    assert len(pages) > 5
    for page in pages:
        soup = sample_site.soup(page.relative_to(sample_site.output))
        links = soup.find_all("link", rel="alternate")
        announced = {(link["type"], link["href"]) for link in links}
        assert ("application/atom+xml", "https://www.thehonestno.example/feeds/atom.xml") in announced, page
        assert ("application/rss+xml", "https://www.thehonestno.example/feeds/rss.xml") in announced, page
        assert all(link.get("title") for link in links)
    for relpath in MAIN_FEEDS:
        assert parse(sample_site, relpath).bozo == 0


def test_subscribe_page_lists_the_feeds_and_says_what_a_feed_is(sample_site):
    section = sample_site.soup("subscribe/index.html").select_one("section.feeds")
    hrefs = [a["href"] for a in section.select("a[type]")]
    assert hrefs == ["https://www.thehonestno.example/feeds/atom.xml", "https://www.thehonestno.example/feeds/rss.xml",
                     "https://www.thehonestno.example/feeds/feed.json"]
    assert "feed reader" in section.get_text()
    assert "https://www.thehonestno.example/feeds/rss.xml" in section.get_text()  # the address to copy


@pytest.mark.parametrize("relpath", MAIN_FEEDS)
def test_browsers_get_a_css_stylesheet_not_xslt(blog, relpath):
    blog.build("publish")
    tree = xml(blog, relpath)
    instruction = tree.getroot().getprevious()
    assert isinstance(instruction, etree._ProcessingInstruction)
    assert instruction.target == "xml-stylesheet"
    assert instruction.get("type") == "text/css"
    assert instruction.get("href") == f"{SITEURL}/feeds/feed.css"
    assert blog.path("feeds/feed.css").is_file()
    assert not list(blog.output.rglob("*.xsl"))


# The feed, in a frame of a page on the same server, as Chromium shows it: which titles a
# reader sees, what the note says, and whether an XSLT transform made an HTML page of it.
FEED_VIEW = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe src="{src}" style="width:900px;height:3000px"></iframe>
<script>
window.addEventListener("load", function () {{
  var doc = document.querySelector("iframe").contentDocument, root = doc.documentElement;
  var view = doc.defaultView;
  function shown(element) {{
    for (var e = element; e && e.nodeType === 1; e = e.parentNode) {{
      if (view.getComputedStyle(e).display === "none") return false;
    }}
    return element.getBoundingClientRect().height > 0;
  }}
  function texts(name) {{
    return Array.prototype.filter.call(root.getElementsByTagName(name), shown)
      .map(function (e) {{ return e.textContent.trim(); }});
  }}
  var own = Array.prototype.filter.call(root.getElementsByTagNameNS("*", "link"), function (l) {{
    return l.getAttribute("rel") === "self"; }})[0];
  var out = document.createElement("pre");
  out.id = "result";
  out.textContent = JSON.stringify({{
    root: root.localName, titles: texts("title"),
    markupShown: texts("content").concat(texts("description")).concat(texts("summary"))
      .filter(function (text) {{ return text.indexOf("<") >= 0; }}),
    note: own ? view.getComputedStyle(own, "::before").content : "",
    address: own ? view.getComputedStyle(own, "::after").content : "",
    background: view.getComputedStyle(root).backgroundColor}});
  document.body.appendChild(out);
}});
</script></body></html>"""


@pytest.mark.parametrize("relpath", MAIN_FEEDS)
def test_the_feed_page_in_chromium_shows_the_posts_without_xslt(blog, served, tmp_path, relpath):
    """What a person sees who opens a feed: its stories' titles and what a feed is, through CSS,
    with no XSLT (Chromium warns that XSLT is being removed, on the page and in its console)."""
    from test_email import CHROMIUM_FLAGS, chromium_path

    chromium = chromium_path()
    blog.build("publish", SITEURL=served)
    blog.path("feed-view.html").write_text(FEED_VIEW.format(src=f"{served}/{relpath}"))
    done = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
         "--v=0", "--dump-dom", f"{served}/feed-view.html"],
        capture_output=True, text=True, timeout=120,
    )
    result = BeautifulSoup(done.stdout, "lxml").find(id="result")
    assert result is not None, done.stderr[-2000:]
    seen = json.loads(result.get_text())
    assert seen["root"] in ("feed", "rss"), "an XSLT transform turned the feed into an HTML page"
    assert seen["titles"] == ["The Honest No", "Second", "Third", "First"]
    assert seen["markupShown"] == [], "the stories' HTML, written as text in the XML, is not shown as code"
    assert "This is a feed" in seen["note"] and "feed reader" in seen["note"]
    assert seen["address"] == "attr(href)" or f"{served}/{relpath}" in seen["address"]
    assert seen["background"] == "rgb(251, 250, 247)"  # the site's colours: the stylesheet applied
    assert "XSLT" not in done.stderr, "Chromium warned about XSLT"


def test_a_websub_hub_is_named_in_every_feed(blog):
    hub = "https://hub.example.org/"
    blog.build("publish", FEED_WEBSUB_HUB=hub)
    for relpath in ("feeds/atom.xml", "feeds/category/interviews.atom.xml"):
        links = xml(blog, relpath).getroot().findall(f"{{{ATOM}}}link")
        assert [(link.get("rel"), link.get("href")) for link in links][:2] == [
            ("self", f"{SITEURL}/{relpath}"), ("hub", hub)]
        assert parse(blog, relpath).feed.links[1].rel == "hub"
    for relpath in ("feeds/rss.xml", "feeds/category/interviews.rss.xml"):
        channel = xml(blog, relpath).getroot().find("channel")
        assert [link.get("href") for link in channel.findall(f"{{{ATOM}}}link[@rel='hub']")] == [hub]
        assert channel.findtext("link") == f"{SITEURL}/" if relpath == "feeds/rss.xml" else True
    for relpath in ("feeds/feed.json", "feeds/category/interviews.json"):
        assert json.loads(blog.text(relpath))["hubs"] == [{"type": "WebSub", "url": hub}]
    for path in [*blog.output.glob("feeds/**/*.xml"), *blog.output.glob("feeds/**/*.json")]:
        assert feed_problems(path.read_bytes(), SITEURL) == [], path


def test_no_hub_by_default(blog):
    blog.build("publish")
    assert "hub" not in blog.text("feeds/atom.xml") and "hub" not in blog.text("feeds/rss.xml")
    assert "hubs" not in json.loads(blog.text("feeds/feed.json"))


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("char, name", [("\x0b", "vertical tab"), ("\x00", "NUL")])
def test_a_control_character_stops_the_build_with_file_and_line(site, char, name):
    site.post("fine")
    site.post("pasted", f"First line.\n\nPasted from a PDF:{char}oops.")
    lines = site.build_fails()
    assert len(lines) == 1
    assert "content/posts/pasted.md:7:" in lines[0]
    assert f"the post's text contains a {name}" in lines[0] and "Fix:" in lines[0]


@pytest.mark.parametrize("field, line", [("title", 1), ("summary", 4)])
def test_a_control_character_in_the_metadata_stops_the_build(site, field, line):
    site.post("pasted", **{field: "Bad\x00words"})
    lines = site.build_fails()
    assert len(lines) == 1 and f"pasted.md:{line}:" in lines[0] and f"the {field} contains a NUL" in lines[0]


# --- blocks in their feed form ----------------------------------------------------------------


def feed_contents(site):
    return {e.link: e.content[0].value for e in parse(site, "feeds/rss.xml").entries}


def test_sample_feeds_carry_nothing_a_reader_would_refuse(sample_site):
    for relpath in MAIN_FEEDS:
        for entry in parse(sample_site, relpath).entries:
            root = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
            assert not root.xpath("//script|//style|//form|//details|//iframe")
            assert not [n for e in root.iter() if isinstance(e.tag, str) for n in e.attrib if n.startswith("on")]
            assert all(is_absolute(url) for url in urls_in(entry.content[0].value))


def test_callouts_appear_in_feed_form(site):
    site.post("tips", """
        > [!WARNING]- Folded away
        > Shown open in feeds.
    """)
    site.build("publish")
    root = lxml.html.fragment_fromstring(feed_contents(site)[f"{SITEURL}/2026/tips/"], create_parent="div")
    callout = root.xpath("//div[contains(concat(' ', @class, ' '), ' callout ')]")[0]
    title = callout.xpath(".//*[contains(concat(' ', @class, ' '), ' callout-title ')]")
    assert "Folded away" in title[0].text_content()
    assert "Shown open in feeds." in callout.text_content()
    assert not root.xpath("//details")




def test_entry_content_is_body_then_disclaimer_then_cta(site):
    """The disclaimer and the end-of-post CTA are blocks of the post, in the page's order."""
    site.write("disclaimers/default.md", "Names are changed.\n")
    site.write("ctas/call.md", "Title: Talk\nButton: Book a call\nURL: https://cal.example/intro\n\nA short call.\n")
    site.post("with-blocks", "The story itself.")
    site.post("empty-blocks", "Another story.", Date="2026-01-10", CTA="none", Disclaimer="none")
    site.build("publish", CTA_DEFAULT="call")
    for relpath in MAIN_FEEDS:
        contents = {e.link: e.content[0].value for e in parse(site, relpath).entries}
        full = contents[f"{SITEURL}/2026/with-blocks/"]
        body, disclaimer, cta = (full.index(t) for t in ("The story itself.", "Names are changed.", "Book a call"))
        assert body < disclaimer < cta
        assert "<aside" not in full and "<form" not in full
        assert contents[f"{SITEURL}/2026/empty-blocks/"].strip() == "<p>Another story.</p>"


def test_disclaimer_and_ctas_appear_in_feed_form(sample_site):
    """The real plugins: the disclaimer's and CTAs' feed forms, in every sample entry."""
    contents = feed_contents(sample_site)
    assert len(contents) == 4
    for url, story in contents.items():
        root = lxml.html.fragment_fromstring(story, create_parent="div")
        web = sample_site.soup(url.removeprefix("https://www.thehonestno.example/") + "index.html")
        web_disclaimer = " ".join(web.select_one("aside.disclaimer").get_text().split())
        feed_disclaimer = root.xpath("//div[@class='disclaimer']")
        assert len(feed_disclaimer) == 1, url
        assert " ".join(feed_disclaimer[0].text_content().split()) == web_disclaimer
        assert "[[cta" not in story and not root.xpath("//form|//input|//button")
        ctas = root.xpath("//div[contains(concat(' ', @class, ' '), ' cta ')]")
        assert ctas, url
        for cta in ctas:
            links = cta.xpath(".//p//a/@href")
            assert links and all(is_absolute(href) for href in links)
    coaching = contents["https://www.thehonestno.example/2026/talking-about-failure-without-flinching/"]
    assert "cta-coaching-call" in coaching.split('class="disclaimer"')[1]  # the end CTA, after the disclaimer


def test_a_summary_cut_from_the_post_is_in_feed_form_too(site):
    site.post("folded", """
        > [!WARNING]- Folded away
        > Shown open in feeds, with a [link](/about/).

        More words after the callout.
    """)
    site.write("pages/about.md", "Title: About\n\nAbout me.\n")
    site.build("publish", SUMMARY_MAX_LENGTH=12)
    for relpath in MAIN_FEEDS:
        summary = parse(site, relpath).entries[0].summary
        assert "Folded away" in summary
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
        assert not root.xpath("//details|//summary|//script|//form")
        assert all(is_absolute(url) for url in urls_in(summary))


def test_a_bad_item_count_stops_the_build(site):
    site.post("fine")
    lines = site.build_fails(FEED_MAX_ITEMS="twenty")
    assert len(lines) == 1 and "FEED_MAX_ITEMS is 'twenty'" in lines[0] and "Fix:" in lines[0]
