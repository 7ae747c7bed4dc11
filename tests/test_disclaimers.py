"""Disclaimer footers: the default under every post, named ones, none, pages, the feed
and email forms, and each mistake stopping the build with file, line and fix."""

import lxml.html
import pytest

from conftest import ROOT, SITEURL

DEFAULT_TEXT = "These are personal stories, not legal or financial advice."
CLIENT_TEXT = "Shared with permission; names and details changed."


@pytest.fixture
def disclaimers(site):
    site.write("disclaimers/default.md", f"Title: General\n\n{DEFAULT_TEXT} See [about](/about/).\n")
    site.write("disclaimers/client-story.md", f"{CLIENT_TEXT}\n")
    site.page("about")  # the default disclaimer links to it
    return site


def disclaimer_of(site, relpath):
    return site.soup(relpath).select("aside.disclaimer")


def test_default_disclaimer_goes_under_every_post(disclaimers):
    disclaimers.post("one")
    disclaimers.post("two", Category="Interviews")
    disclaimers.build()
    for slug in ("one", "two"):
        page = disclaimers.soup(f"2026/{slug}/index.html")
        [aside] = page.select("aside.disclaimer")
        assert aside["aria-label"] == "Disclaimer"
        assert DEFAULT_TEXT in aside.get_text()
        assert aside.find_parent("article", class_="post"), "the disclaimer belongs to the story"
        assert aside.find_previous_sibling("p").get_text() == "Some words.", "it follows the text"
        assert not aside.find_next_sibling(), "nothing after it but the call-to-action"
        assert "Title: General" not in aside.get_text()


def test_a_post_can_name_another_disclaimer_or_none(disclaimers):
    disclaimers.post("client", Disclaimer="client-story")
    disclaimers.post("plain", Disclaimer="none")
    disclaimers.build()
    [aside] = disclaimer_of(disclaimers, "2026/client/index.html")
    assert CLIENT_TEXT in aside.get_text() and DEFAULT_TEXT not in aside.get_text()
    assert disclaimer_of(disclaimers, "2026/plain/index.html") == []
    assert DEFAULT_TEXT not in disclaimers.text("2026/plain/index.html")


def test_pages_have_none_unless_they_ask(disclaimers):
    disclaimers.post("story")
    disclaimers.write("pages/about.md", "Title: About\n\nAbout me.\n")
    disclaimers.write("pages/stories.md", "Title: Stories\nDisclaimer: client-story\n\nClient work.\n")
    disclaimers.build()
    assert disclaimer_of(disclaimers, "about/index.html") == []
    [aside] = disclaimer_of(disclaimers, "stories/index.html")
    assert CLIENT_TEXT in aside.get_text()


def test_no_disclaimer_files_means_no_disclaimer(site):
    site.post("story")
    site.build()
    assert disclaimer_of(site, "2026/story/index.html") == []


def test_without_default_md_only_named_disclaimers_appear(site):
    site.write("disclaimers/client-story.md", f"{CLIENT_TEXT}\n")
    site.post("story")
    site.post("client", Disclaimer="client-story")
    site.build()
    assert disclaimer_of(site, "2026/story/index.html") == []
    assert CLIENT_TEXT in disclaimer_of(site, "2026/client/index.html")[0].get_text()


def test_disclaimer_default_setting_chooses_another_file(disclaimers):
    disclaimers.post("story")
    disclaimers.build(DISCLAIMER_DEFAULT="client-story")
    assert CLIENT_TEXT in disclaimer_of(disclaimers, "2026/story/index.html")[0].get_text()
    disclaimers.build(DISCLAIMER_DEFAULT=None)
    assert disclaimer_of(disclaimers, "2026/story/index.html") == []


@pytest.mark.parametrize("opening", [
    "Important: these stories are personal.",
    "Titles: changed, like names.\nThese stories are personal.",  # "Titles" is close to Title, but this is prose
])
def test_text_that_opens_like_metadata_stays_text(site, opening):
    site.write("disclaimers/default.md", f"{opening}\n\nSecond line.\n")
    site.post("story")
    site.build()
    text = disclaimer_of(site, "2026/story/index.html")[0].get_text()
    assert opening.split("\n")[0] in text and "Second line." in text


def test_feed_and_email_forms(disclaimers):
    disclaimers.post("one")
    disclaimers.build("publish")
    import feedparser

    [entry] = feedparser.parse(str(disclaimers.path("feeds/atom.xml"))).entries
    feed = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    [block] = feed.xpath('//div[@class="disclaimer"]')
    assert DEFAULT_TEXT in block.text_content() and block.xpath(".//a/@href") == [f"{SITEURL}/about/"]

    email = lxml.html.fromstring(disclaimers.text("email/one/email.html"))
    [table] = email.xpath('//table[@class="disclaimer"]')
    assert table.get("role") == "presentation" and table.xpath(".//td/@style")
    assert table.xpath(".//a/@href") == [f"{SITEURL}/about/"] and DEFAULT_TEXT in table.text_content()
    assert "var(" not in disclaimers.text("email/one/email.html")
    text = disclaimers.text("email/one/email.txt")
    assert " ".join(DEFAULT_TEXT.split()[:4]) in text


def test_the_feed_entry_carries_the_disclaimer(disclaimers):
    disclaimers.post("one", Disclaimer="client-story")
    disclaimers.build()
    import feedparser

    [entry] = feedparser.parse(str(disclaimers.path("feeds/atom.xml"))).entries
    assert CLIENT_TEXT in entry.content[0].value and 'class="disclaimer"' in entry.content[0].value


# --- mistakes: one line with file, line and fix; output unchanged ---------------------


def test_unknown_disclaimer_names_file_line_and_known_names(disclaimers):
    disclaimers.post("good")
    disclaimers.build()
    before = disclaimers.snapshot()
    bad = disclaimers.post("bad", Tags="career", Disclaimer="nosuch")
    lines = disclaimers.build_fails()
    assert len(lines) == 1, lines
    line = lines[0]
    assert f"{bad}:5: unknown disclaimer 'nosuch' (disclaimers: client-story, default)" in line
    assert "Fix:" in line and "Disclaimer: none" in line
    assert disclaimers.snapshot() == before


@pytest.mark.parametrize(
    "written, problem, fix",
    [
        ("client-story.md", "the disclaimer is written 'client-story.md', with '.md'", "write 'Disclaimer: client-story'"),
        ("\u201cclient-story\u201d", "the disclaimer is written '\u201cclient-story\u201d', with quotes",
         "write 'Disclaimer: client-story'"),
        ("disclaimers/client-story.md", "the disclaimer is written 'disclaimers/client-story.md', with the folder "
         "and '.md'", "write 'Disclaimer: client-story'"),
        ('"none"', "the disclaimer is written '\"none\"', with quotes", "write 'Disclaimer: none'"),
    ],
)
def test_a_disclaimer_name_written_with_md_or_quotes_says_exactly_what_to_write(disclaimers, written, problem, fix):
    bad = disclaimers.post("bad", Disclaimer=written)
    [line] = disclaimers.build_fails()
    assert line.startswith(f"{bad}:4: {problem}"), line
    assert line.endswith(f"a disclaimer is named without them. Fix: {fix}"), line


def test_an_unknown_name_with_md_suggests_the_file_without_a_second_md(disclaimers):
    disclaimers.post("bad", Disclaimer="legal.md")
    [line] = disclaimers.build_fails()
    assert "unknown disclaimer 'legal.md' (disclaimers: client-story, default)" in line
    assert line.endswith(f"or create {disclaimers.content / 'disclaimers' / 'legal.md'}"), line


def test_disclaimer_saved_with_a_byte_order_mark_is_read(site):
    """Windows Notepad may save UTF-8 with a BOM: the Title line is still metadata."""
    path = site.content / "disclaimers" / "default.md"
    path.write_text(f"Title: General\n\n{DEFAULT_TEXT}\n", encoding="utf-8-sig")
    site.post("story")
    site.build()
    [aside] = disclaimer_of(site, "2026/story/index.html")
    assert DEFAULT_TEXT in aside.get_text() and "Title" not in aside.get_text()


def test_a_disclaimer_not_saved_as_utf8_names_its_line_and_the_fix(site):
    path = site.content / "disclaimers" / "default.md"
    path.write_bytes("Title: General\n\nNot advice, caf\u00e9 or not.\n".encode("latin-1"))
    site.post("story")
    [message] = site.build_fails()
    assert message.startswith(f"{path}:3: the file is not saved as UTF-8 text"), message


def test_a_cta_marker_inside_a_disclaimer_sentence_names_the_disclaimer_file(site):
    path = site.write("disclaimers/default.md", "Not advice.\n\nBook a call: [[cta:coach]]\n")
    site.post("story")
    [line] = site.build_fails()
    assert line.startswith(f"{path}:3: '[[cta:coach]]' must be a paragraph of its own"), line


def test_a_default_disclaimer_renamed_with_a_capital_stops_the_build(site):
    """Every post would quietly lose its disclaimer."""
    renamed = site.write("disclaimers/Default.md", f"{DEFAULT_TEXT}\n")
    site.post("story")
    [line] = site.build_fails()
    assert line == (f"{renamed}: the default disclaimer is default.md, but this file is called Default.md "
                    "(names count capital letters). Fix: rename it to default.md")

def test_unknown_disclaimer_on_a_page_stops_the_build(site):
    page = site.write("pages/about.md", "Title: About\nDisclaimer: legal\n\nText.\n")
    [line] = site.build_fails()
    assert f"{page}:2: unknown disclaimer 'legal' (disclaimers: none yet)" in line
    assert "disclaimers/legal.md" in line


def test_misspelt_default_setting_stops_the_build(disclaimers):
    disclaimers.post("story")
    [line] = disclaimers.build_fails(DISCLAIMER_DEFAULT="generall")
    assert line.startswith("pelicanconf.py: DISCLAIMER_DEFAULT is 'generall'")
    assert "client-story, default" in line and "Fix:" in line


@pytest.mark.parametrize(
    "filename, source, message",
    [
        ("empty.md", "Title: Nothing here\n", "empty.md: the disclaimer has no text"),
        ("none.md", "Some text.\n", "none.md: a disclaimer cannot be called 'none'"),
        ("typo.md", "Titel: Client stories\n\nNames are changed.\n",
         "typo.md:1: unknown disclaimer metadata 'Titel' (known: Title)"),
    ],
)
def test_broken_disclaimer_file_names_the_file(site, filename, source, message):
    site.post("story")
    site.build()
    before = site.snapshot()
    site.write(f"disclaimers/{filename}", source)
    [line] = site.build_fails()
    assert message in line and "Fix:" in line
    assert site.snapshot() == before


# --- the sample site ----------------------------------------------------------------------


def test_sample_posts_carry_the_default_and_the_client_story_disclaimer(sample_site):
    default = (ROOT / "content" / "disclaimers" / "default.md").read_text().split("\n\n", 1)[1].split()[:6]
    client = (ROOT / "content" / "disclaimers" / "client-story.md").read_text().split("\n\n", 1)[1].split()[:6]
    seen = {}
    for path in sorted(sample_site.output.glob("2026/*/index.html")):
        [aside] = sample_site.soup(path.relative_to(sample_site.output)).select("aside.disclaimer")
        seen[path.parent.name] = " ".join(aside.get_text().split())
    assert " ".join(client) in seen.pop("when-the-senior-leader-hears-no")
    assert seen and all(" ".join(default) in text for text in seen.values())
    assert sample_site.soup("about/index.html").select("aside.disclaimer") == []
