"""Series: `Series: NAME` (and `Series-Part: N`) numbers posts that belong together. Each part
shows "Part 2 of 3" and every part on its page, in its feed entry, its email and its text
part; each series has a page; one place claimed twice, or a part that is no number, stops
the build at its line."""

import email

import feedparser

from conftest import SITEURL

SERIES = "Interview stories"


def three_parts(site, **extra):
    """Three parts in date order, and a post outside the series."""
    site.post("first", "The first story.", Title="The first one", Date="2026-01-01", Series=SERIES, **extra)
    site.post("second", "The second story.", Title="The second one", Date="2026-02-01", Series=SERIES)
    site.post("third", "The third story.", Title="The third one", Date="2026-03-01", Series=SERIES)
    site.post("elsewhere", "Not in the series.", Title="Elsewhere", Date="2026-04-01")


def box(site, slug):
    return site.soup(f"2026/{slug}/index.html").select_one("nav.series-box")


def parts_listed(box_element):
    return [item.get_text(" ", strip=True) for item in box_element.select("ol.series-parts > li")]


def test_parts_are_in_date_order_and_each_shows_its_place_and_every_part(site):
    three_parts(site)
    site.build()
    second = box(site, "second")
    assert second.select_one(".series-box-title").get_text(" ", strip=True) == (
        f"Part 2 of 3 in the series {SERIES}")
    assert parts_listed(second) == ["The first one", "The second one", "The third one"]
    links = [a["href"] for a in second.select("ol.series-parts a")]
    assert links == [f"{SITEURL}/2026/first/", f"{SITEURL}/2026/third/"], "every part but itself is a link"
    assert second.select_one('[aria-current="page"]').get_text() == "The second one"
    assert second.select_one(".series-box-title a")["href"] == f"{SITEURL}/series/interview-stories/"
    assert "Part 1 of 3" in box(site, "first").get_text(" ", strip=True)
    assert "Part 3 of 3" in box(site, "third").get_text(" ", strip=True)
    assert box(site, "elsewhere") is None
    # The box is part of the story, under its byline, before the text.
    page = site.soup("2026/second/index.html")
    assert second.find_parent("article", class_="post")
    assert second.find_next_sibling("div", class_="post-body")


def test_series_part_puts_a_post_at_its_place_and_the_others_keep_their_date_order(site):
    site.post("intro", Title="Intro", Date="2026-05-01", Series=SERIES, Series_Part="1")
    site.post("early", Title="Early", Date="2026-01-01", Series=SERIES)
    site.post("middle", Title="Middle", Date="2026-02-01", Series=SERIES)
    site.post("finale", Title="Finale", Date="2026-03-01", Series=SERIES, Series_Part="9")
    site.build()
    assert parts_listed(box(site, "early")) == ["Intro", "Early", "Middle", "Finale"]
    assert "Part 1 of 4" in box(site, "intro").get_text(" ", strip=True)
    assert "Part 4 of 4" in box(site, "finale").get_text(" ", strip=True), "a number past the end: the last part"


def test_names_written_with_other_capitals_are_one_series_shown_as_its_first_part_writes_it(site):
    site.post("one", Date="2026-01-01", Series="Interview stories")
    site.post("two", Date="2026-02-01", Series="interview  Stories")
    site.build()
    title = box(site, "two").select_one(".series-box-title").get_text(" ", strip=True)
    assert title == "Part 2 of 2 in the series Interview stories"


def test_each_series_has_a_page_listing_its_parts_in_order_with_their_summaries(site):
    three_parts(site)
    site.write("posts/other.md", "Title: Other\nDate: 2026-06-01\nSeries: Salary talks\n\nMoney.\n")
    site.build()
    page = site.soup("series/interview-stories/index.html")
    assert page.h1.get_text() == SERIES
    assert page.find("link", rel="canonical")["href"] == f"{SITEURL}/series/interview-stories/"
    cards = page.select(".post-list > li")
    assert [card.select_one("h2 a").get_text() for card in cards] == ["The first one", "The second one", "The third one"]
    assert [card.select_one(".part-label").get_text() for card in cards] == ["Part 1", "Part 2", "Part 3"]
    assert "The second story." in cards[1].select_one(".post-summary").get_text()
    assert site.path("series/salary-talks/index.html").is_file()
    archive = site.soup("archives/index.html")
    assert [a["href"] for a in archive.select('a[href*="/series/"]')] == [
        f"{SITEURL}/series/interview-stories/", f"{SITEURL}/series/salary-talks/"]
    assert f"{SITEURL}/series/interview-stories/" in site.text("sitemap.xml")


def test_the_feed_entry_shows_the_box_after_the_story_with_absolute_links(site):
    site.write("disclaimers/default.md", "Personal stories, not advice.\n")
    three_parts(site)
    site.build()
    entries = {entry.title: entry for entry in feedparser.parse(str(site.path("feeds/atom.xml"))).entries}
    content = entries["The second one"].content[0].value
    assert "<strong>Part 2 of 3</strong> in the series" in content
    assert f'<a href="{SITEURL}/series/interview-stories/">{SERIES}</a>' in content
    assert f'<a href="{SITEURL}/2026/first/">The first one</a>' in content
    assert "<strong>The second one</strong> (this story)" in content
    assert content.index("The second story.") < content.index("Part 2 of 3") < content.index("not advice")
    assert "Part" not in entries["Elsewhere"].content[0].value


def test_the_email_and_its_text_part_show_the_box(site):
    three_parts(site)
    site.build()
    html = site.soup("email/second/email.html")
    [panel] = html.select("table.series")
    assert "Part 2 of 3 in the series Interview stories" in panel.get_text(" ", strip=True)
    assert [a["href"] for a in panel.select("a")] == [
        f"{SITEURL}/series/interview-stories/", f"{SITEURL}/2026/first/", f"{SITEURL}/2026/third/"]
    assert "border" in panel.select_one("td.series-cell")["style"], "styled inline, as mail clients need"
    text = site.text("email/second/email.txt")
    assert "Part 2 of 3 in the series Interview stories [" in text
    assert "1. The first one [" in text and "2. The second one (this story)" in text and "3. The third one [" in text
    assert f"{SITEURL}/2026/first/" in text.split("Links:")[1]
    message = email.message_from_bytes(site.path("email/second/message.eml").read_bytes())
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
             if not part.is_multipart()}
    assert "Part 2 of 3" in parts["text/plain"] and "Part 2 of 3" in parts["text/html"]


def test_a_draft_shows_the_box_it_will_have_and_is_no_part_of_the_published_ones(site):
    three_parts(site)
    site.post("fourth", Title="The fourth one", Date="2026-04-15", Series=SERIES, Status="draft")
    site.build()
    draft = site.soup("drafts/fourth/index.html").select_one("nav.series-box")
    assert "Part 4 of 4" in draft.get_text(" ", strip=True)
    assert parts_listed(box(site, "first")) == ["The first one", "The second one", "The third one"]
    assert "Part 4 of 4" in site.text("email/fourth/email.txt"), "the draft's previewed email too"
    site.build("publish")
    assert parts_listed(box(site, "third")) == ["The first one", "The second one", "The third one"]
    assert "fourth" not in site.text("series/interview-stories/index.html")


def test_two_posts_claiming_one_part_stop_the_build_naming_both(site):
    site.post("good")
    site.build()
    before = site.snapshot()
    first = site.post("first", Date="2026-01-01", Series=SERIES, Series_Part="2")
    second = site.post("second", Date="2026-02-01", Series=SERIES, Series_Part="2")
    [line] = site.build_fails()
    assert line.startswith(f"{second}:5: this post and {first} (line 5) both say 'Series-Part: 2' "
                           f"in the series '{SERIES}'"), line
    assert "Fix: give each part its own number" in line
    assert site.snapshot() == before


def test_a_series_part_that_is_not_a_number_stops_the_build_at_its_line(site):
    bad = site.post("bad", Series=SERIES, Series_Part="two")
    [line] = site.build_fails()
    assert line.startswith(f"{bad}:5: 'Series-Part: two' is not a part number. Fix: write the part's number"), line
    site.post("bad", Series=SERIES, Series_Part="0")
    assert "'Series-Part: 0' is not a part number" in site.build_fails()[0]


def test_a_series_part_without_a_series_stops_the_build(site):
    bad = site.post("bad", Series_Part="2")
    [line] = site.build_fails()
    assert line.startswith(f"{bad}:4: this post has a Series-Part: line but no Series: line"), line


def test_a_page_cannot_be_part_of_a_series(site):
    bad = site.page("about", Series=SERIES)
    [line] = site.build_fails()
    assert line.startswith(f"{bad}:2: a page cannot be part of a series"), line


def test_a_series_name_without_letters_stops_the_build(site):
    bad = site.post("bad", Series="???")
    [line] = site.build_fails()
    assert line.startswith(f"{bad}:4: the series name '???' gives its page no address"), line


def test_a_series_name_one_letter_from_another_stops_the_build_at_the_less_used_spelling(site):
    """`Job hnut` would start a second series, "Part 1 of 1", away from the one readers follow;
    names that give one address (capitals, spaces, a dash) are one series, named as most write it."""
    site.post("first", Date="2026-01-01", Series="Job hunt")
    site.post("second", Date="2026-02-01", Series="Job Hunt ")
    site.post("third", Date="2026-03-01", Series="Job-hunt")
    site.post("fourth", Date="2026-03-05", Series="Job Hunt")
    site.build()
    before = site.snapshot()
    typo = site.post("fifth", Date="2026-04-01", Series="Job hnut")
    assert site.build_fails() == [
        f"{typo}:4: the series 'Job hnut' is nearly the same as 'Job Hunt', the series of 4 posts, such as "
        f"{site.content / 'posts' / 'first.md'} (did you mean 'Job Hunt'?). Fix: write 'Series: Job Hunt'; "
        "if 'Job hnut' is a series of its own, add it to DISTINCT_CATEGORIES in pelicanconf.py"
    ]
    assert site.snapshot() == before
    site.settings["DISTINCT_CATEGORIES"] = ["Job hnut"]
    site.build()
    assert "Part 1 of 1" in box(site, "fifth").get_text(" ", strip=True)


def test_two_near_twin_series_of_one_post_each_get_one_line_at_the_newer(site):
    older = site.post("older", Date="2026-01-01", Series="Interview stories")
    newer = site.post("newer", Date="2026-02-01", Series="Interview storys")
    [line] = site.build_fails()
    assert line.startswith(f"{newer}:4: the series 'Interview storys' is nearly the same as 'Interview stories' "
                           f"({older}), and each has 1 post: one of them may be a typo. Fix: if they are one "
                           "topic, write it the same way in every Series: line"), line
