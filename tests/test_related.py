"""Two stories to read next at the end of each post: the nearest parts of its series first,
then the posts sharing the most tags, then the newest; published posts only, by title with a
link, on the web page only."""

import feedparser

from conftest import SITEURL


def related(site, slug):
    section = site.soup(f"2026/{slug}/index.html").select_one("section.related")
    return [a.get_text() for a in section.select("li > a")] if section else []


def test_the_next_and_previous_parts_of_the_series_come_first(site):
    site.post("one", Title="One", Date="2026-01-01", Series="Steps", Tags="a, b")
    site.post("two", Title="Two", Date="2026-01-02", Series="Steps")
    site.post("three", Title="Three", Date="2026-01-03", Series="Steps")
    site.post("four", Title="Four", Date="2026-01-04", Series="Steps")
    site.post("tagged", Title="Tagged", Date="2026-01-05", Tags="a, b")
    site.build()
    assert related(site, "two") == ["Three", "One"], "the next part, then the one before"
    assert related(site, "four") == ["Three", "Two"], "the last part: the nearest before it"
    assert related(site, "one") == ["Two", "Three"]


def test_then_the_most_shared_tags_then_the_newest(site):
    site.post("story", Title="Story", Date="2026-01-10", Tags="interviews, feedback, rejection")
    site.post("two-tags", Title="Two tags", Date="2026-01-01", Tags="interviews, feedback")
    site.post("one-tag-old", Title="One tag, old", Date="2026-01-02", Tags="rejection")
    site.post("one-tag-new", Title="One tag, new", Date="2026-01-08", Tags="interviews")
    site.post("no-tag-newest", Title="Newest", Date="2026-01-20")
    site.build()
    assert related(site, "story") == ["Two tags", "One tag, new"]
    assert related(site, "no-tag-newest") == ["Story", "One tag, new"], "nothing shared: the newest"


def test_only_published_posts_are_suggested_and_never_the_post_itself(site):
    site.post("story", Title="Story", Date="2026-01-10", Tags="a")
    site.post("draft", Title="Draft", Date="2026-01-11", Tags="a", Status="draft")
    site.post("hidden", Title="Hidden", Date="2026-01-12", Tags="a", Status="hidden")
    site.post("other", Title="Other", Date="2026-01-01", Tags="a")
    site.build()
    assert related(site, "story") == ["Other"]
    assert related(site, "hidden") == ["Story", "Other"], "a hidden post's page suggests published ones"


def test_read_next_is_on_the_page_only_and_the_date_links_do_not_repeat_it(site):
    for day in range(1, 5):
        site.post(f"post-{day}", Title=f"Post {day}", Date=f"2026-01-0{day}", Tags="same")
    site.build()
    page = site.soup("2026/post-2/index.html")
    links = [a["href"] for a in page.select("section.related a")]
    assert links == [f"{SITEURL}/2026/post-4/", f"{SITEURL}/2026/post-3/"]
    assert page.select_one("section.related h2").get_text() == "Read next"
    nav = [a["href"] for a in page.select("nav.post-nav a")]
    assert nav == [f"{SITEURL}/2026/post-1/"], "the next story by date is already in Read next"
    entries = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    assert not any("Read next" in entry.content[0].value for entry in entries)
    assert "Read next" not in site.text("email/post-2/email.txt")
