"""JSON Feed 1.1: feeds/feed.json and one per category, the same full items as the Atom feed,
valid against the spec's required fields, announced on every page."""

import json
import sys
from datetime import datetime

import feedparser
import lxml.html
import pytest
from lxml import etree
from PIL import Image

from conftest import ROOT, SITEURL

sys.path.insert(0, str(ROOT))
from checks.feeds import json_feed_problems  # noqa: E402

VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
FEED_PAIRS = [("feeds/feed.json", "feeds/atom.xml"),
              ("feeds/category/interviews.json", "feeds/category/interviews.atom.xml"),
              ("feeds/category/leadership.json", "feeds/category/leadership.atom.xml")]


@pytest.fixture
def blog(site):
    Image.new("RGB", (60, 30)).save(site.content / "images" / "steps.png")
    site.write("disclaimers/default.md", "Personal stories, not advice.\n")
    site.post("first", """
        The opening links to [the second post]({filename}/posts/second.md).

        ![A diagram of the steps](/images/steps.png)

        !!! lesson "Ask within a week"
            Short and kind.
        """, Date="2026-03-02 09:00", Category="Interviews", Tags="rejection, feedback",
              Summary="Read *this* first.")
    site.post("second", "The second post, with no summary line. " * 20, Date="2026-07-01 10:00",
              Category="Leadership", Tags="clarity", Modified="2026-07-20 18:30")
    site.post("third", "Café, Łódź & 面接: “quotes”.", Title="Third: <not markup> & more",
              Date="2026-05-10 08:00", Category="Interviews")
    site.post("sketch", "A draft.", Status="draft", Category="Interviews")
    return site


def load(site, relpath):
    return json.loads(site.path(relpath).read_text(encoding="utf-8"))


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_json_feeds_hold_the_spec_s_required_fields(blog):
    blog.build("publish")
    for relpath, _ in FEED_PAIRS:
        feed = load(blog, relpath)
        # JSON Feed 1.1: version, title and items are required; each item needs an id and
        # content_html or content_text.
        assert feed["version"] == VERSION
        assert isinstance(feed["title"], str) and feed["title"]
        assert isinstance(feed["items"], list) and feed["items"]
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert isinstance(item["content_html"], str) and item["content_html"]
        assert feed["feed_url"] == f"{SITEURL}/{relpath}"
        assert json_feed_problems(blog.path(relpath).read_bytes(), SITEURL) == [], relpath
    assert blog.path("feeds/feed.json").read_bytes().decode("utf-8")  # UTF-8, as the spec requires


def test_json_feed_items_are_the_atom_entries(blog):
    """The same stories, in the same order, with the same full content, dates, author and tags."""
    blog.build("publish")
    for json_path, atom_path in FEED_PAIRS:
        items = load(blog, json_path)["items"]
        entries = feedparser.parse(blog.path(atom_path).read_bytes()).entries
        contents = etree.parse(str(blog.path(atom_path))).getroot().findall(f"{{{ATOM}}}entry/{{{ATOM}}}content")
        assert [item["id"] for item in items] == [entry.id for entry in entries], json_path
        for item, entry, content in zip(items, entries, contents):
            assert item["url"] == entry.link
            assert item["title"] == entry.title
            assert item["content_html"] == content.text  # the very same HTML
            assert instant(item["date_published"]) == instant(entry.published)
            assert instant(item["date_modified"]) == instant(entry.updated)
            assert [a["name"] for a in item["authors"]] == [entry.author]
            assert item["tags"] == [tag.term for tag in entry.tags]
            summary = lxml.html.fragment_fromstring(entry.summary, create_parent="div").text_content()
            assert item["summary"] == " ".join(summary.split())
    main = load(blog, "feeds/feed.json")
    assert [item["title"] for item in main["items"]] == ["Second", "Third: <not markup> & more", "First"]
    first = main["items"][2]
    assert first["summary"] == "Read this first."  # text, as JSON Feed's summary is
    assert "Ask within a week" in first["content_html"] and "Personal stories, not advice." in first["content_html"]
    assert f'src="{SITEURL}/images/steps.png"' in first["content_html"]
    assert f'href="{SITEURL}/2026/second/"' in first["content_html"]
    assert "Café, Łódź &amp; 面接: “quotes”" in main["items"][1]["content_html"]  # as UTF-8, not escaped
    assert [item["title"] for item in load(blog, "feeds/category/leadership.json")["items"]] == ["Second"]


def test_drafts_never_appear_in_json_feeds(blog):
    blog.build()
    titles = [item["title"] for item in load(blog, "feeds/feed.json")["items"]]
    assert "Sketch" not in titles and len(titles) == 3


def test_every_page_announces_the_json_feed(blog):
    blog.page("about", "About me.")
    blog.build("publish")
    pages = [p for p in blog.output.rglob("*.html") if p.relative_to(blog.output).parts[0] != "email"]
    assert len(pages) > 5
    for page in pages:
        soup = blog.soup(page.relative_to(blog.output))
        found = soup.find_all("link", rel="alternate", type="application/feed+json")
        assert [link["href"] for link in found if link["href"] == f"{SITEURL}/feeds/feed.json"], page
        assert all(link.get("title") for link in found)
    category = blog.soup("category/interviews/index.html")
    announced = {link["href"] for link in category.find_all("link", rel="alternate", type="application/feed+json")}
    assert f"{SITEURL}/feeds/category/interviews.json" in announced


def test_the_subscribe_page_lists_the_json_feed(sample_site):
    section = sample_site.soup("subscribe/index.html").select_one("section.feeds")
    assert "https://www.thehonestno.example/feeds/feed.json" in [a["href"] for a in section.select("a[type]")]


def test_the_json_feed_rules_name_a_missing_required_field(blog):
    blog.build("publish")
    feed = load(blog, "feeds/feed.json")
    del feed["version"]
    feed["items"][0].pop("content_html")
    feed["items"][1]["date_published"] = "2026-07-01 10:00"
    problems = json_feed_problems(json.dumps(feed))
    assert any("version" in p for p in problems)
    assert any("neither content_html nor content_text" in p for p in problems)
    assert any("not an RFC 3339 date" in p for p in problems)
    assert json_feed_problems("{not json") and json_feed_problems('{"version": "%s", "title": "x"}' % VERSION)


def test_no_json_feed_when_turned_off(blog):
    blog.build("publish", FEED_JSON_SAVE_AS=None, FEED_CATEGORY_JSON_SAVE_AS=None)
    assert not list(blog.output.rglob("*.json")) or all("email" in str(p) for p in blog.output.rglob("*.json"))
    assert not blog.soup("index.html").find_all("link", type="application/feed+json")
