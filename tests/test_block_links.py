"""Links and pictures in CTA and disclaimer files: `{static}` and `{filename}` work as in a
post, on the web page, in the feed entry and in the email; the email sizes their pictures
for Outlook; a link to a missing file stops the build naming the block's file and line."""

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import SITEURL

DISCLAIMER = """\
Stories are shared with permission.

![Our logo]({static}/images/logo.png)

Read [how I work]({filename}/pages/about.md) or [the first story]({filename}../posts/first.md).
"""

CALL = """\
Title: Talk it through
Button: Book a call
URL: https://cal.example.com/maya

![Maya at her desk]({static}/images/maya.png)

Start with [my first story]({filename}/posts/first.md).
"""


def picture(site, name, size):
    path = site.content / "images" / name
    Image.new("RGB", size, (200, 180, 150)).save(path)
    return path


@pytest.fixture
def blocks(site):
    """A disclaimer and an end CTA with a picture and links to a page and a post."""
    site.write("disclaimers/default.md", DISCLAIMER)
    site.write("ctas/call.md", CALL)
    picture(site, "logo.png", (1200, 400))
    picture(site, "maya.png", (900, 600))
    site.page("about")
    site.post("first", "The first story.", CTA="call")
    site.settings["CTA_DEFAULT"] = None
    return site


def call_with_an_email_link(site):
    """The `call` CTA with an `Email:` text linking the About page (which it writes)."""
    site.write("ctas/call.md", CALL.replace("URL: https://cal.example.com/maya\n",
               "URL: https://cal.example.com/maya\nEmail: Read [how I work]({filename}/pages/about.md) first.\n"))
    picture(site, "maya.png", (900, 600))
    site.page("about")


def test_links_in_blocks_are_worked_out_on_the_web_page(blocks):
    blocks.build()
    page = blocks.soup("2026/first/index.html")
    [disclaimer] = page.select("aside.disclaimer")
    assert disclaimer.img["src"] == f"{SITEURL}/images/logo.png"
    assert [a["href"] for a in disclaimer.find_all("a")] == [f"{SITEURL}/about/", f"{SITEURL}/2026/first/"]
    [cta] = page.select("aside.cta")
    assert cta.img["src"] == f"{SITEURL}/images/maya.png"
    assert f"{SITEURL}/2026/first/" in [a["href"] for a in cta.find_all("a")]
    assert blocks.path("images/logo.png").is_file() and blocks.path("images/maya.png").is_file()


def test_links_in_blocks_are_worked_out_in_the_feed_and_the_email(blocks):
    blocks.build("publish")
    [entry] = feedparser.parse(str(blocks.path("feeds/atom.xml"))).entries
    feed = BeautifulSoup(entry.content[0].value, "lxml")
    assert {img["src"] for img in feed.find_all("img")} == {
        f"{SITEURL}/images/logo.png", f"{SITEURL}/images/maya.png"}
    assert f"{SITEURL}/about/" in [a["href"] for a in feed.find_all("a")]

    email = BeautifulSoup(blocks.text("email/first/email.html"), "lxml")
    images = {img["alt"]: img for img in email.find_all("img")}
    # Outlook ignores CSS sizes: the attributes keep a picture in its column (568 px; 532 in a box).
    assert (images["Our logo"]["src"], images["Our logo"]["width"], images["Our logo"]["height"]) == (
        f"{SITEURL}/images/logo.png", "568", "189")
    assert (images["Maya at her desk"]["width"], images["Maya at her desk"]["height"]) == ("532", "355")
    assert f"{SITEURL}/2026/first/" in [a["href"] for a in email.find_all("a")]
    assert f"{SITEURL}/about/" in blocks.text("email/first/email.txt")
    for path in blocks.output.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".eml"):
            text = path.read_text(encoding="utf-8")
            assert "{static}" not in text and "{filename}" not in text, path


def test_a_picture_written_as_an_address_in_a_disclaimer_is_sized_in_the_email(site):
    site.write("disclaimers/default.md", "Names are changed.\n\n![Our logo](/images/logo.png)\n")
    picture(site, "logo.png", (300, 100))
    site.post("story")
    site.build("publish")
    img = BeautifulSoup(site.text("email/story/email.html"), "lxml").find("img", alt="Our logo")
    assert (img["src"], img["width"], img["height"]) == (f"{SITEURL}/images/logo.png", "300", "100")


def test_a_missing_picture_in_a_disclaimer_stops_the_build_naming_its_line(site):
    site.post("story")
    site.build()
    before = site.snapshot()
    site.write("disclaimers/default.md", "Names are changed.\n\n![Our logo]({static}/images/logo.png)\n")
    [line] = site.build_fails()
    assert "disclaimers/default.md:3: the picture '{static}/images/logo.png' (on the page of " in line
    assert "is not in content/images/. Fix: save the picture as content/images/logo.png" in line
    assert site.snapshot() == before


def test_a_missing_post_linked_from_a_cta_stops_the_build_naming_its_line(blocks):
    blocks.write("ctas/call.md", CALL.replace("/posts/first.md", "/posts/frist.md"))
    [line] = blocks.build_fails()
    assert "ctas/call.md:7: the link '{filename}/posts/frist.md' (on the page of " in line
    assert "points to 'posts/frist.md', which does not exist" in line


def test_attach_in_a_cta_stops_the_build(blocks):
    blocks.write("ctas/call.md", CALL.replace("{static}", "{attach}"))
    [line] = blocks.build_fails()
    assert "ctas/call.md:5: '{attach}/images/maya.png': {attach} cannot be used" in line
    assert "write {static} instead" in line


def test_a_picture_beside_the_disclaimer_file_is_published(site):
    """A path without "/" is from the block's own folder; the file is published although it
    is outside STATIC_PATHS, as a post's {static} file is."""
    site.write("disclaimers/default.md", "Names are changed.\n\n![Our logo]({static}logo.png)\n")
    Image.new("RGB", (120, 40)).save(site.content / "disclaimers" / "logo.png")
    site.post("story")
    site.build("publish")
    assert site.path("disclaimers/logo.png").is_file()
    assert site.soup("2026/story/index.html").select_one("aside.disclaimer img")["src"] == \
        f"{SITEURL}/disclaimers/logo.png"
    img = BeautifulSoup(site.text("email/story/email.html"), "lxml").find("img", alt="Our logo")
    assert (img["src"], img["width"]) == (f"{SITEURL}/disclaimers/logo.png", "120")


def test_category_and_tag_links_in_a_disclaimer_are_the_same_everywhere(site):
    """Worked out before the feed and email forms are made: lxml would have percent-encoded
    the name (Career%20stories), and Pelican made a wrong address from it."""
    site.write("disclaimers/default.md", "More [stories]({category}Career stories) and [on cafés]({tag}café).\n")
    site.post("story", Category="Career stories", Tags="café")
    site.build("publish")
    expected = [f"{SITEURL}/category/career-stories/", f"{SITEURL}/tag/cafe/"]
    web = site.soup("2026/story/index.html").select_one("aside.disclaimer")
    assert [a["href"] for a in web.find_all("a")] == expected
    [entry] = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    feed = BeautifulSoup(entry.content[0].value, "lxml").select_one("div.disclaimer")
    assert [a["href"] for a in feed.find_all("a")] == expected
    email = BeautifulSoup(site.text("email/story/email.html"), "lxml").select_one("table.disclaimer")
    assert [a["href"] for a in email.find_all("a")] == expected


def test_links_in_an_inline_ctas_email_text_are_worked_out(site):
    call_with_an_email_link(site)
    site.post("first", "Before.\n\n[[cta:call]]\n\nAfter.", CTA="none")
    site.build("publish", CTA_DEFAULT=None)
    [entry] = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    assert f'href="{SITEURL}/about/"' in entry.content[0].value
    email = BeautifulSoup(site.text("email/first/email.html"), "lxml")
    assert f"{SITEURL}/about/" in [a["href"] for a in email.select("table.cta a")]
    assert f"{SITEURL}/about/" in site.text("email/first/email.txt")
    for name in ("email/first/email.html", "email/first/email.txt"):
        assert "{filename}" not in site.text(name)


def test_relative_links_in_a_ctas_email_text_start_from_the_cta_file_for_a_post_in_any_folder(site):
    """`{filename}../posts/first.md` in ctas/call.md's Email: text is read from ctas/, where
    the coach wrote it, not from the folder of the post that shows the CTA."""
    site.write("ctas/call.md", CALL.replace("URL: https://cal.example.com/maya\n", "URL: https://cal.example.com/maya\n"
               "Email: Start with [my first story]({filename}../posts/first.md) ![Maya]({static}../images/maya.png)\n"))
    picture(site, "maya.png", (900, 600))
    site.post("first", "The first story.", date="2026-01-10")
    site.write("posts/advice/later.md", "Title: Later\nDate: 2026-01-15\nCTA: call\n\nA later story.\n")
    site.build("publish", CTA_DEFAULT=None)
    entry = next(e for e in feedparser.parse(str(site.path("feeds/atom.xml"))).entries if e.link.endswith("/later/"))
    feed = BeautifulSoup(entry.content[0].value, "lxml").select_one(".cta-call")
    email = BeautifulSoup(site.text("email/later/email.html"), "lxml").select_one("table.cta-call")
    for form in (feed, email):
        assert form.find("a", string="my first story")["href"] == f"{SITEURL}/2026/first/"
        assert form.find("img", alt="Maya")["src"] == f"{SITEURL}/images/maya.png"
    assert "my first story [1]" in site.text("email/later/email.txt")
    assert f"[1] {SITEURL}/2026/first/" in site.text("email/later/email.txt")


def test_a_dead_relative_link_in_a_cta_names_the_cta_file_its_line_and_the_link_as_written(site):
    """A block file's relative links are worked out from content/ (`{filename}../posts/x.md`
    becomes `{filename}/posts/x.md`); a dead one is still named as the coach wrote it, at its
    line in the CTA file, once, not in the posts that show the CTA."""
    site.post("first", "The first story.", date="2026-01-10")
    site.post("second", "The second story.")
    site.write("ctas/call.md", CALL.replace("{filename}/posts/first.md", "{filename}../posts/frist.md"))
    picture(site, "maya.png", (900, 600))
    [line] = site.build_fails(CTA_DEFAULT="call")
    assert "ctas/call.md:7: the link '{filename}../posts/frist.md' (on the page of " in line, line
    assert "points to 'posts/frist.md', which does not exist" in line
    site.write("ctas/call.md", CALL.replace("URL: https://cal.example.com/maya\n", "URL: https://cal.example.com/maya\n"
               "Email: Start with [my first story]({filename}../posts/frist.md).\n"))
    [line] = site.build_fails(CTA_DEFAULT="call")
    assert "ctas/call.md:4: the link '{filename}../posts/frist.md' points to 'posts/frist.md', which does not " \
           "exist" in line, line


def test_a_dead_tag_link_in_a_disclaimer_names_the_disclaimer(site):
    site.write("disclaimers/default.md", "Names are changed.\n\nMore [on courage]({tag}couraeg).\n")
    site.post("story", Tags="courage")
    [line] = site.build_fails()
    assert "disclaimers/default.md:3: the link '{tag}couraeg' (on the page of " in line
    assert "goes to no tag: no post has the tag 'couraeg' (tags: courage)" in line


def test_a_disclaimer_no_post_shows_is_not_read_for_pictures(site):
    """Only the blocks in use have their {static} files published (and looked for)."""
    site.write("disclaimers/health.md", "Not medical advice.\n\n![x]({static}/images/nope.png)\n")
    site.post("story")
    site.build("publish")  # no warning about images/nope.png
    assert not site.path("images/nope.png").exists()


def test_a_dead_tag_link_in_a_ctas_email_text_names_the_cta(site):
    site.write("ctas/call.md", CALL.replace("URL: https://cal.example.com/maya\n",
               "URL: https://cal.example.com/maya\nEmail: More [on courage]({tag}couraeg).\n"))
    picture(site, "maya.png", (900, 600))
    site.post("first", "A story.", CTA="call", Tags="courage")
    [line] = site.build_fails(CTA_DEFAULT=None)
    assert "ctas/call.md:4: the link '{tag}couraeg' goes to no tag: no post has the tag 'couraeg'" in line


def test_file_names_with_spaces_and_ampersands_are_found(site):
    for name in ("Q&A.png", "my photo.png"):
        picture(site, name, (40, 20))
    site.write("disclaimers/default.md", "![A](<{static}/images/my photo.png>)\n")
    site.post("story", "![Q and A]({static}/images/Q&A.png)")
    # Pelican itself warns that it cannot stamp 'images/Q&amp' (its static-link list reads
    # the HTML-escaped name) but finds the file; the build must not stop.
    site.build("publish", allow_warnings=True)
    assert site.path("images/Q&A.png").is_file() and site.path("images/my photo.png").is_file()


def test_links_in_an_end_ctas_email_text_stay_in_the_text_part(site):
    call_with_an_email_link(site)
    site.post("first", "A story.", CTA="call")
    site.build("publish", CTA_DEFAULT=None)
    text = site.text("email/first/email.txt")
    assert "Read how I work [1] first." in text and "Book a call [2]" in text
    assert f"[1] {SITEURL}/about/\n[2] https://cal.example.com/maya" in text


def test_a_dead_link_in_a_cta_placed_inline_names_the_cta_file_and_line(site):
    site.write("ctas/call.md", CALL.replace("/posts/first.md", "/posts/frist.md"))
    picture(site, "maya.png", (900, 600))
    site.post("first", "Before.\n\n[[cta:call]]\n\nAfter.", CTA="none")
    [line] = site.build_fails(CTA_DEFAULT=None)
    assert "ctas/call.md:7: the link '{filename}/posts/frist.md' (on the page of " in line
    assert "posts/first.md) points to 'posts/frist.md', which does not exist" in line


def test_a_link_to_a_draft_stops_publish_but_not_the_preview(site):
    """Pelican links a draft a published build does not write to the home page."""
    site.write("disclaimers/default.md", "Names are changed; see [the next one]({filename}/posts/wip.md).\n")
    site.post("wip", "Not ready.", Status="draft")
    site.post("story", "A story.")
    site.build()  # the preview writes drafts: the link works there
    assert site.soup("2026/story/index.html").select_one("aside.disclaimer a")["href"] == \
        f"{SITEURL}/drafts/wip/"
    [line] = site.build_fails("publish")
    assert "disclaimers/default.md:1: the link '{filename}/posts/wip.md' (on the page of " in line
    assert "posts/wip.md, which this build does not publish" in line and "Status: draft" in line


def test_a_block_shown_only_on_drafts_may_link_a_draft(site):
    """A draft's links, and those of the blocks only drafts show, wait until it is published."""
    site.write("ctas/launch.md", "Title: Soon\nButton: Go\nURL: https://x.example\n\nSee [the plan]({filename}/posts/wip.md).\n")
    site.write("disclaimers/wipnote.md", "Work in progress: [the plan]({filename}/posts/wip.md).\n")
    site.post("wip", "Not ready.", Status="draft")
    site.post("teaser", "Soon.", Status="draft", CTA="launch", Disclaimer="wipnote")
    site.post("story", "A story.", CTA="none")
    site.build("publish", CTA_DEFAULT=None)
    site.post("story", "A story.", CTA="launch")
    [line] = site.build_fails("publish", CTA_DEFAULT=None)
    assert "ctas/launch.md:5: the link '{filename}/posts/wip.md' (on the page of " in line
    assert "which this build does not publish" in line


def test_a_dead_link_is_named_in_the_post_not_in_an_unrelated_cta(site):
    site.write("ctas/other.md", "Title: O\nButton: G\nURL: https://x.example\n\nSee [s]({filename}/posts/frist.md).\n")
    site.post("story", "Line one.\n\nSee [the plan][p].\n\n[p]: {filename}/posts/frist.md", CTA="none")
    [line] = site.build_fails(CTA_DEFAULT=None)
    assert "posts/story.md:10: the link '{filename}/posts/frist.md' points to 'posts/frist.md'" in line


def test_links_in_a_summary_are_checked_too(site):
    site.post("wip", "Not ready.", Status="draft")
    site.post("story", "A story.", Summary="See [the plan]({filename}wip.md).")
    site.build()
    [line] = site.build_fails("publish")
    assert "story.md:4: the link '{filename}wip.md' goes to " in line and "does not publish" in line
    site.post("story", "A story.", Summary="See [the plan]({filename}nope.md).")
    [line] = site.build_fails()
    assert "story.md:4: the link '{filename}nope.md' points to 'posts/nope.md', which does not exist" in line
