"""The site foundation: pages for every post, drafts, meta, escaping, bad input, tasks."""

import email
import hashlib
import os
import shutil
import subprocess
import sys
from email import policy
from html.parser import HTMLParser

import feedparser
import pytest
from bs4 import BeautifulSoup
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.util import ETX, HTML_PLACEHOLDER, INLINE_PLACEHOLDER_PREFIX, STX
from PIL import Image

from writing_checks import links
from conftest import ROOT, SETTINGS, SITEURL

TRICKY_TITLE = 'Why "no" hurts & <helps>'
SHOWN_TITLE = "Why \u201cno\u201d hurts & <helps>"  # with curly quotes (smarty, the typography plugin)


def content_digest():
    return {
        str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ROOT / "content").rglob("*"))
        if p.is_file()
    }


# --- the sample site -----------------------------------------------------------------


def test_every_sample_post_has_a_page(sample_site):
    posts = [p for p in (ROOT / "content" / "posts").glob("*.md") if "Status: draft" not in p.read_text()]
    assert len(posts) >= 4
    index = sample_site.soup("index.html")
    linked = {a["href"] for a in index.select(".post-card h3 a")}
    assert len(linked) == len(posts)
    for href in linked:
        assert href.startswith("https://")
        page = sample_site.soup(href.split("/", 3)[3] + "index.html")
        assert len(page.find_all("h1")) == 1


def test_sample_has_about_subscribe_image_and_internal_links(sample_site):
    about = sample_site.soup("about/index.html")
    assert about.h1.get_text() == "About"
    assert sample_site.path("subscribe/index.html").exists()
    images = [img for p in sample_site.output.glob("2026/*/index.html") for img in sample_site.soup(p.relative_to(sample_site.output)).select(".post-body img")]
    assert images and all(img.get("alt") for img in images)
    for img in images:
        assert sample_site.path(img["src"].removeprefix("https://www.thehonestno.example/")).exists()


def test_drafts_absent_from_publish_but_shown_in_dev(site):
    site.post("live", Title="Live post")
    site.post("sketch", Title="Sketch", Status="draft")
    site.post("later", Title="Later", Date="2999-01-01")
    site.write("posts/plus-tard.md", "Title: Plus tard\nDate: 2999-01-01\nSlug: later\nLang: fr\n\nBientôt.\n")
    site.write("posts/esquisse.md", "Title: Esquisse\nDate: 2026-01-15\nSlug: sketch\nLang: fr\nStatus: draft\n\nPas encore.\n")
    site.page("coming-soon", "Not yet.", Status="draft")
    site.build("publish")
    assert not site.path("drafts").exists(), sorted(str(p) for p in site.output.rglob("drafts/**/*"))
    index = site.text("index.html")
    assert "Live post" in index and "Sketch" not in index and "Later" not in index
    assert not list(site.output.rglob("*sketch*")) and not list(site.output.rglob("*later*"))
    assert not list(site.output.rglob("*coming-soon*"))

    site.build("dev")
    for slug, title, banner in (("sketch", "Sketch", "Draft: visible only in preview builds"),
                                ("later", "Later", "Scheduled: the first invoke publish on or after 1 January 2999")):
        draft = site.soup(f"drafts/{slug}/index.html")
        assert draft.select_one(".draft-banner").get_text().startswith(banner)
        assert draft.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        dev_index = site.soup("index.html")
        assert title in dev_index.select_one(".drafts").get_text()
        assert title not in dev_index.select_one(".post-list").get_text()
    assert not site.path("2999").exists()


def test_canonical_description_open_graph_and_lang(site):
    site.post("hello", Title="Hello there", Summary="A short summary.")
    site.build()
    page = site.soup("2026/hello/index.html")
    assert page.html["lang"] == "en"
    assert page.find("link", rel="canonical")["href"] == f"{SITEURL}/2026/hello/"
    assert page.find("meta", attrs={"name": "description"})["content"] == "A short summary."
    assert page.find("meta", property="og:title")["content"].startswith("Hello there")
    assert page.find("meta", property="og:url")["content"] == f"{SITEURL}/2026/hello/"
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert page.find("link", rel="icon")
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main")
    assert page.select_one(".post-meta time")["datetime"].startswith("2026-01-15")
    assert "min read" in page.select_one(".post-meta").get_text()


def test_hidden_posts_and_translations_get_whole_pages(site):
    """`Status: hidden` publishes a post at its address without listing it: its page has
    what every post's has (disclaimer, end CTA, reading time, description), it is in no
    list, feed, sitemap or email. A translation's page has them too."""
    site.write("disclaimers/default.md", "Personal stories, not advice.\n")
    site.write("ctas/newsletter.md", "Title: Stay in touch\nButton: Join\nKind: signup\n\nA story a fortnight.\n")
    site.post("listed", "The listed story.", Title="Listed story")
    site.post("unlisted", "Only for the people I send this link to.", Title="Unlisted story", Status="hidden",
              Tags="private")
    site.write("posts/listed-fr.md", "Title: Histoire\nDate: 2026-01-15\nSlug: listed\nLang: fr\n\n"
               "Une histoire en quelques mots.\n")
    site.build("publish")
    translation = "2026/listed/fr/index.html"
    for relpath, words in (("2026/unlisted/index.html", "Only for the people"), (translation, "Une histoire")):
        page = site.soup(relpath)
        post = page.select_one("article.post")
        assert "Personal stories, not advice." in post.select_one("aside.disclaimer").get_text(), relpath
        assert post.select("aside.cta-newsletter"), f"{relpath} has no end CTA"
        robots = page.find("meta", attrs={"name": "robots"})
        assert (robots and robots["content"]) == ("noindex" if "unlisted" in relpath else None), relpath
        assert "min read" in page.select_one(".post-meta").get_text(), relpath
        assert page.find("meta", attrs={"name": "description"})["content"].startswith(words)
    listed = [site.text(name) for name in ("index.html", "archives/index.html", "sitemap.xml", "feeds/atom.xml")]
    assert all("Listed story" in text or "/2026/listed/" in text for text in listed)
    assert not any("Unlisted story" in text or "/2026/unlisted/" in text for text in listed)
    assert not site.path("tag/private").exists()
    assert not site.path("email/unlisted").exists() and "unlisted" not in site.text("email/index.json")


def test_a_translation_lives_under_its_original_and_each_links_the_other(site):
    site.post("first-no", "The story in English.", Title="My first no")
    site.write("posts/first-no-fr.md", "Title: Mon premier non\nDate: 2026-01-20\nSlug: first-no\nLang: fr\n\n"
               "L'histoire en français.\n")
    site.page("about", "About me.")
    site.write("pages/about-fr.md", "Title: À propos\nSlug: about\nLang: fr\n\nQui je suis.\n")
    site.build("publish")
    pairs = (("2026/first-no/", "2026/first-no/fr/"), ("about/", "about/fr/"))
    for original, translated in pairs:
        for here, there, lang in ((original, translated, "fr"), (translated, original, "en")):
            page = site.soup(here + "index.html")
            link = page.select_one(".translations a")
            assert (link["href"], link["hreflang"], link["lang"]) == (f"{SITEURL}/{there}", lang, lang), here
            alternates = {tag["hreflang"]: tag["href"] for tag in page.find_all("link", rel="alternate", hreflang=True)}
            assert alternates == {"en": f"{SITEURL}/{original}", "fr": f"{SITEURL}/{translated}"}, here
            # The site's own words (menus, dates, the disclaimer) stay in its language; the
            # story's title and text are marked with theirs.
            assert page.html["lang"] == "en", here
            story_lang = {"fr": "en", "en": "fr"}[lang]
            for part in (page.h1, page.select_one(".post-body")):
                assert part.get("lang", "en") == story_lang, here
    assert not site.soup("2026/first-no/index.html").select_one(".post-body .translations")
    assert not site.soup("index.html").select(".translations") and "Mon premier non" not in site.text("index.html")
    sitemap = site.text("sitemap.xml")
    assert all(f"<loc>{SITEURL}/{address}</loc>" in sitemap for pair in pairs for address in pair), sitemap

def test_a_hidden_post_naming_an_unknown_block_stops_the_build(site):
    site.write("disclaimers/default.md", "Personal stories, not advice.\n")
    site.write("ctas/newsletter.md", "Title: Stay in touch\nButton: Join\nKind: signup\n\nA story a fortnight.\n")
    disclaimer = site.post("unlisted", Status="hidden", Disclaimer="clients")
    [line] = site.build_fails()
    assert f"{disclaimer}:5: unknown disclaimer 'clients'" in line and "Fix:" in line
    cta = site.post("unlisted", Status="hidden", CTA="newsleter")
    [line] = site.build_fails()
    assert f"{cta}:5: unknown CTA 'newsleter'" in line and "Fix:" in line

class _StrictParser(HTMLParser):
    """Records attribute values exactly as an HTML parser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.attrs.extend(value for _, value in attrs if value)

    def handle_data(self, data):
        self.text.append(data)


def test_title_with_quotes_and_ampersand_is_escaped_everywhere(site):
    site.post("tricky", Title=TRICKY_TITLE, Summary='She said "no" & <meant it>', Tags="a&b")
    site.build()
    for relpath in ("2026/tricky/index.html", "index.html", "archives/index.html"):
        raw = site.text(relpath)
        assert "<helps>" not in raw, relpath
        parser = _StrictParser()
        parser.feed(raw)
        visible = "".join(parser.text)
        assert SHOWN_TITLE in visible, relpath
    article = site.soup("2026/tricky/index.html")
    assert article.title.get_text().startswith(SHOWN_TITLE)
    assert article.find("meta", property="og:title")["content"].startswith(SHOWN_TITLE)
    assert article.find("meta", attrs={"name": "description"})["content"] == "She said \u201cno\u201d & <meant it>"


def test_pagination_categories_and_tags(site):
    for n in range(10):
        site.post(f"post-{n}", Date=f"2026-02-{n + 1:02d}", Category="Interviews" if n % 2 else "Leadership", Tags="growth")
    site.build()
    assert site.path("page/2/index.html").exists()
    first = site.soup("index.html")
    assert first.select_one('.pagination a[rel="next"]')
    assert site.soup("category/interviews/index.html").h1.get_text() == "Stories about Interviews"
    assert len(site.soup("tag/growth/index.html").select(".post-list > li")) == 8
    middle = site.soup("2026/post-5/index.html")
    assert "Post 4" in middle.select_one('.post-nav a[rel="prev"]').get_text()
    assert "Post 6" in middle.select_one('.post-nav a[rel="next"]').get_text()


# --- bad input: one line, non-zero, last good output kept ---------------------------

BAD_INPUTS = {
    "no title": ("Date: 2026-01-01\n\nText.\n", "bad.md:1: the post has no title"),
    "bad date": ("Title: X\nDate: 2026-13-45\n\nText.\n", "bad.md:2: '2026-13-45' is not a valid date"),
    "empty file": ("", "bad.md: the file is empty"),
    "words invoke new wrote, left in": (
        "Title: X\nDate: 2026-01-01\nSummary: One or two sentences that say what the reader will take away.\n"
        "\nMy story.\n",
        "bad.md:3: the Summary: line is still the one invoke new wrote for you to replace",
    ),
    "the first line invoke new wrote, left in": (
        "Title: X\nDate: 2026-01-01\n\nStart your story here. Remove the 'Status: draft' line when it is ready "
        "to publish.\n",
        "bad.md:4: the post still starts with the line invoke new wrote for you to replace. Fix: replace it",
    ),
    "misspelt metadata name": (
        "Title: X\nDate: 2026-01-01\nStaus: draft\n\nText.\n",
        "bad.md:3: unknown metadata 'Staus' (did you mean 'Status'?). Fix: write 'Status:'",
    ),
    "text right under the metadata": (
        "Title: X\nDate: 2026-01-01\nNote: this story is about me.\n\nText.\n",
        "bad.md:3: unknown metadata 'Note'",
    ),
    "two titles": (
        "Title: X\nDate: 2026-01-01\nTitle: Y\n\nText.\n",
        "bad.md:3: the post has two Title: lines (lines 1 and 3). Fix: keep one 'Title:' line and delete the "
        "other (line 1 or 3)",
    ),
    "tags written twice": (
        "Title: X\nDate: 2026-01-01\nTags: pay\nTags: offers\n\nText.\n",
        "bad.md:4: the post has two Tags: lines (lines 3 and 4). Fix: put them all on one line, separated by "
        "commas ('Tags: first, second'), and delete the other",
    ),
    "title going on over an indented line": (
        "Title: X\n    and more\nDate: 2026-01-01\n\nText.\n",
        "bad.md:2: the Title: line goes on over line 2 (an indented line continues the line above it), "
        "which only Summary: may do. Fix: write the Title: value on one line",
    ),
    "a note right under the metadata": (
        "Title: X\nDate: 2026-01-01\nNote to self: check the dates\n\nText.\n",
        "bad.md:3: the line 'Note to self: check the dates' is read as metadata, because there is no blank "
        "line between the metadata and it (and it is no 'Name: value' line). Fix: leave a blank line above "
        "it: the text starts after the first blank line",
    ),
    "a note with a full stop right under the metadata": (
        "Title: X\nDate: 2026-01-01\nP.S. to me: check the dates\n\nText.\n",
        "bad.md:3: the line 'P.S. to me: check the dates' is read as metadata",
    ),
    "a space before the colon": (
        "Title : X\nDate: 2026-01-01\n\nText.\n",
        "bad.md:1: there is a space between 'Title' and its colon. Fix: write 'Title:' with the colon right after the name",
    ),
    "a space before a later colon": (
        "Title: X\nDate : 2026-01-01\n\nText.\n",
        "bad.md:2: there is a space between 'Date' and its colon. Fix: write 'Date:' with the colon right after the name",
    ),
    "metadata name with a space": (
        "Title: X\nDate: 2026-01-01\nEmail subject: Hello\n\nText.\n",
        "bad.md:3: the metadata name 'Email subject' has spaces in it. Fix: write 'Email-Subject:' (with hyphens)",
    ),
    "misspelt CTA name": ("Title: X\nDate: 2026-01-01\nCTS: none\n\nText.\n", "(did you mean 'CTA'?). Fix: write 'CTA:'"),
    "unknown time zone": ("Title: X\nDate: 2026-01-01\nTimezone: Europe/Londn\n\nText.\n",
                          "bad.md:3: unknown time zone 'Europe/Londn'. Fix: write a zone name"),
    "misspelt status": (
        "Title: X\nDate: 2026-01-01\nStatus: darft\n\nText.\n",
        "bad.md:3: unknown status 'darft' (did you mean 'draft'?). Fix: write 'Status: draft'",
    ),
    "date month first": ("Title: X\nDate: 11/12/2026\n\nText.\n", "bad.md:2: '11/12/2026' is not a valid date"),
    "zone without a time": ("Title: X\nDate: 2026-01-15+01:00\n\nText.\n", "bad.md:2: '2026-01-15+01:00' is not a valid"),
    "date in words": ("Title: X\nDate: 20 November 2026\n\nText.\n", "bad.md:2: '20 November 2026' is not a valid"),
    "no date": ("Title: X\nCategory: Interviews\n\nText.\n", "bad.md:1: the post has no date. Fix: add a line"),
    "no text": ("Title: X\nDate: 2026-01-01\n", "bad.md: the post has no text under its metadata"),
    "line without colon": (
        "Title: X\nDate: 2026-01-01\nTags career\n\nText.\n",
        "bad.md:3: metadata line without a colon: 'Tags career'",
    ),
    "missing link": (
        "Title: X\nDate: 2026-01-01\n\nFirst line.\n\nSee [this]({filename}nope.md).\n",
        "bad.md:6: the link '{filename}nope.md' points to 'posts/nope.md', which does not exist",
    ),
    "missing picture": (
        "Title: X\nDate: 2026-01-01\n\n![A chart]({static}/images/nope.png)\n",
        "bad.md:4: the picture '{static}/images/nope.png' is not in content/images/. "
        "Fix: save the picture as content/images/nope.png, or correct the name",
    ),
    "missing file with & in its name": (
        "Title: X\nDate: 2026-01-01\n\nFirst line.\n\nSee ![the Q&A]({static}/images/Q&A.png).\n",
        "bad.md:6: the picture '{static}/images/Q&A.png' is not in content/images/",
    ),
    "picture without a description": (
        "Title: X\nDate: 2026-01-01\n\nFirst line.\n\n![]({static}/images/Q&A.png)\n",
        "bad.md:6: the picture '{static}/images/Q&A.png' has no description (alt text). Fix: describe what it "
        "shows between the brackets, e.g. '![A chart of my applications]({static}/images/Q&A.png)'",
    ),
    "picture by reference without a description": (
        "Title: X\nDate: 2026-01-01\n\nFirst line.\n\n![][chart]\n\n[chart]: https://x.example/c.png\n",
        "bad.md:6: the picture 'https://x.example/c.png' has no description (alt text)",
    ),
    "missing post by address": (
        "Title: X\nDate: 2026-01-01\n\nFirst line.\n\nAs I wrote [before](/2026/gone/#end).\n",
        "bad.md:6: the link '/2026/gone/#end' goes to an address this build does not write (/2026/gone/)",
    ),
    "missing picture by full address": (
        "Title: X\nDate: 2026-01-01\n\n![A chart](https://coach.example/images/nope.png)\n",
        "bad.md:4: the link 'https://coach.example/images/nope.png' goes to an address this build does not write",
    ),
}


def test_metadata_the_build_accepts(site):
    """Dates with a time or a zone, a status in capitals, a page without a date, and a
    name the settings add (BUILD_EXTRA_METADATA, for a theme that reads it)."""
    site.post("timed", Date="2026-01-05 09:30")
    site.post("zoned", Date="2026-01-06T09:30:00+01:00", Modified="2026-01-07")
    site.post("later", Status="Draft")
    site.post("credited", Credit="Photo by Jo")
    site.write("posts/precise.md", "Title: Precise\nDate: 2026-01-08T10:20:30.5\nTimezone: Europe/Paris\n"
               "Date_format: %d/%m/%Y\n\nOn time.\n")
    site.write("posts/idea.md", "Title: An idea, no date yet\nStatus: draft\n\nSome words.\n")
    site.write("posts/title-only.md", "Title: Only a title so far\nDate: 2026-01-09\nStatus: draft\n")
    site.page("about", "A page needs no date.")
    assert "unknown metadata 'Credit'" in site.build_fails()[0]
    site.build(BUILD_EXTRA_METADATA="Credit")  # one name, without the list around it
    site.build("publish", BUILD_EXTRA_METADATA=["Credit"])
    assert site.path("2026/timed/index.html").is_file() and site.path("2026/zoned/index.html").is_file()
    assert not list(site.output.rglob("*later*")), "a draft, in capitals, is still a draft"
    assert site.path("about/index.html").is_file()


@pytest.mark.parametrize("title, expected", [
    ("🚀🎉", "the title '🚀🎉' gives this post no address (it has no letters or digits). Fix: add a line"),
    ("Why " * 70 + "it hurts", "the address made from the title is too long for a file name (288 bytes, at most 200)"),
])
def test_a_title_that_makes_no_usable_address_stops_the_build(site, title, expected):
    site.post("good")
    site.build()
    before = site.snapshot()
    bad = site.write("posts/bad.md", f"Title: {title}\nDate: 2026-01-01\n\nText.\n")
    [line] = site.build_fails()
    assert line.startswith(f"{bad}:1: {expected}"), line
    assert site.snapshot() == before


@pytest.mark.parametrize("title, path, what", [
    ("Archives", "archives/index.html", "the site's archives page"),
    ("Email", "email/index.html", "the email previews' page"),
])
def test_a_page_named_like_a_page_the_site_writes_stops_the_build(site, title, path, what):
    page = site.page(title.lower(), Title=title)
    [line] = site.build_fails()
    assert line == (f"{page}:1: this page would be written to {path}, where {what} goes. Fix: give it a "
                    f"slug of its own, with a line such as 'Slug: my-{title.lower()}' at its top"), line


def test_a_page_saved_as_the_home_page_on_purpose_builds(site):
    """Save_as: index.html is Pelican's way to make a page the home page."""
    site.page("home", "Welcome home.", Save_as="index.html", URL="")
    site.post("story")
    site.build()
    assert "Welcome home." in site.text("index.html")


def test_two_drafts_with_one_title_stop_the_preview_naming_both(site):
    site.post("good")
    first = site.write("posts/salary-draft.md", "Title: Salary talks\nDate: 2026-01-01\nStatus: draft\n\nOne.\n")
    second = site.write("posts/salary-talks.md", "Title: Salary talks\nDate: 2026-02-01\nStatus: draft\n\nTwo.\n")
    [line] = site.build_fails()
    named = {str(first): str(second), str(second): str(first)}
    path = line.split(":1: ")[0]
    assert path in named and f"would be written to drafts/salary-talks/index.html, like {named[path]} " \
        "(they have the same title). Fix: give one of the two a slug of its own, with a line such as " \
        "'Slug: salary-talks-2'" in line, line
    [line] = site.build_fails("publish")  # not written there, but they would be, once published
    assert "would share an address once published, like" in line and "'Slug: salary-talks-2'" in line, line


def test_a_category_one_or_two_letters_from_another_stops_the_build_at_its_line(site):
    """`Interveiws` would get a page and a feed of its own, away from the posts readers follow."""
    site.post("first", Category="Interviews", Date="2026-01-01")
    site.post("second", Category="Interviews", Date="2026-01-02")
    site.post("pay", Category="Pay")
    site.post("play", Category="Play")  # short names are never compared: two topics
    site.build()
    before = site.snapshot()
    typo = site.post("third", Category="Interveiws", Date="2026-01-03")
    for mode in ("dev", "publish"):
        assert site.build_fails(mode) == [
            f"{typo}:4: the category 'Interveiws' is nearly the same as 'Interviews', the category of 2 posts, "
            f"such as {site.content / 'posts' / 'first.md'} (did you mean 'Interviews'?). Fix: write "
            "'Category: Interviews'; if 'Interveiws' is a category of its own, add it to DISTINCT_CATEGORIES "
            "in pelicanconf.py"
        ]
        assert site.snapshot() == before
    site.settings["DISTINCT_CATEGORIES"] = ["Interveiws"]
    site.build()


def test_two_near_twin_categories_of_one_post_each_get_one_line_naming_both(site):
    older = site.post("older", Category="Interviews", Date="2026-01-01")
    newer = site.post("newer", Category="Interview", Date="2026-01-02")
    assert site.build_fails() == [
        f"{newer}:4: the category 'Interview' is nearly the same as 'Interviews' ({older}), and each has 1 post: "
        "one of them may be a typo. Fix: if they are one topic, write it the same way in every Category: line "
        "(each category has its own page and feed); if not, add one of them to DISTINCT_CATEGORIES in "
        "pelicanconf.py"
    ]
    older.write_text(older.read_text().replace("Interviews", "Intreviews"))  # two typos of one word, apart: no guess
    newer.write_text(newer.read_text().replace("Interview", "Interveiws"))
    site.build()


def test_a_post_without_a_category_is_filed_under_the_default_not_its_folder(site):
    site.write("posts/2026/spring.md", "Title: Spring\nDate: 2026-03-01\n\nText.\n")
    site.build()
    assert [a.get_text() for a in site.soup("2026/spring/index.html").select(".post-meta a")] == ["Career stories"]
    assert site.path("category/career-stories/index.html").is_file()
    assert not site.path("category/2026").exists() and not site.path("category/posts").exists()


@pytest.mark.parametrize("encoding, line", [("latin-1", 4), ("utf-16", 1)])
def test_a_file_not_saved_as_utf8_names_its_line_and_the_fix(site, encoding, line):
    bad = site.content / "posts" / "bad.md"
    bad.write_bytes("Title: Caf\u00e9\nDate: 2026-01-01\n\nA r\u00e9sum\u00e9.\n".replace("Caf\u00e9", "Cafe")
                    .encode(encoding))
    [message] = site.build_fails()
    assert message.startswith(f"{bad}:{line}: the file is not saved as UTF-8 text"), message
    assert "save it again with the encoding 'UTF-8'" in message

def test_a_published_post_linking_a_draft_stops_publish(site):
    site.post("wip", "Not ready.", Status="draft")
    site.post("story", "First line.\n\nThe [next story]({filename}wip.md) is coming.")
    site.build()
    [line] = site.build_fails("publish")
    assert "story.md:7: the link '{filename}wip.md' goes to " in line
    assert "which this build does not publish (a draft, or dated in the future)" in line


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_stops_build_and_keeps_last_good_output(site, case):
    source, expected = BAD_INPUTS[case]
    site.post("good", Title="Good post")
    site.build()
    before = site.snapshot()
    bad = site.write("posts/bad.md", source)
    lines = site.build_fails()
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert "Fix:" in lines[0]
    assert site.snapshot() == before
    assert bad.read_text() == source
    assert not list(site.root.glob(".output-*")), "staging folders must be cleaned up"


def test_links_written_as_addresses_on_this_site_that_exist_pass(site):
    """Every kind of address the build writes, including the email previews (written last)."""
    site.post("good", Title="Good post")
    site.page("about")
    Image.new("RGB", (60, 30)).save(site.content / "images" / "chart.png")
    site.post(
        "linking",
        "[a](/2026/good/) [b](/2026/good) [c](/2026/good/#top) [d](/about/?from=post) [e](/) "
        "[f](/feeds/atom.xml) [g](/email/) [h](https://coach.example/2026/good/) "
        "[i](//cdn.example/x.js) [j](https://elsewhere.example/gone/) [k](/images/chart%2Epng)\n\n"
        "![A chart](/images/chart.png)",
        Date="2026-01-20",
    )
    site.build(mode="publish")
    assert site.path("2026/linking/index.html").exists()


def test_a_link_by_address_to_a_draft_stops_the_build(site):
    """A draft has no /<year>/<slug>/ address yet (the preview shows it at /drafts/<slug>/)."""
    site.post("unfinished", Title="Not yet", Status="draft", Date="2026-01-02")
    site.post("linking", "As I [will write](/2026/unfinished/).", Date="2026-01-20")
    for mode in ("dev", "publish"):
        [line] = site.build_fails(mode=mode)
        assert "linking.md:5: the link '/2026/unfinished/' goes to an address this build does not write" in line
        assert "if it is a draft or dated in the future, publish it first" in line
    site.post("linking", "As I [will write]({filename}unfinished.md).", Date="2026-01-20")
    site.build()
    assert site.soup("2026/linking/index.html").select_one("article a[href$='/drafts/unfinished/']")


def test_drafts_and_scheduled_posts_links_wait_until_they_are_published(site):
    """Work in progress may link to what is not published yet; it is checked once published."""
    site.post("part-one", "Part two is [here](/drafts/part-two/).", Status="draft", Date="2026-01-02")
    site.post("part-two", "Back to [part one](/drafts/part-one/).", Status="draft", Date="2026-01-03")
    site.post("later", "See [the sequel](/2099/sequel/).", Date="2099-01-01")
    site.post("sequel", "The sequel.", Date="2099-01-02")
    site.post("published", "Nothing to see.", Date="2026-01-04")
    site.build()
    site.build(mode="publish")
    assert not site.path("drafts").exists() and site.path("2026/published/index.html").exists()


def test_a_dead_address_from_a_cta_or_disclaimer_names_its_file(site):
    site.settings["CTA_DEFAULT"] = None
    site.write("ctas/book.md", "Title: Talk it through\nButton: Book\nURL: /book-a-call/\n\nA call.\n")
    site.write("disclaimers/default.md", "Title: General\n\nPersonal stories. See [the policy](/privacy/).\n")
    site.post("inline", "Text.\n\n[[cta:book]]", CTA="none")
    [line] = site.build_fails()
    assert "ctas/book.md:3: the link '/book-a-call/' (on the page of " in line and "posts/inline.md)" in line
    site.post("inline", "Text.", CTA="book")  # the same CTA at the end of the post, after the disclaimer
    [line] = site.build_fails()
    assert "disclaimers/default.md:3: the link '/privacy/' (on the page of " in line
    site.page("privacy")
    [line] = site.build_fails()
    assert "ctas/book.md:3: the link '/book-a-call/'" in line
    site.page("book-a-call")
    site.build()
    # The post mentions the address in its text: the link itself is still the CTA's.
    site.write("ctas/book.md", "Title: Talk it through\nButton: Book\nURL: /book/\n\nA call.\n")
    site.post("inline", "I now take calls at /book/ on Fridays.\n\n[[cta:book]]", CTA="none")
    [line] = site.build_fails()
    assert "ctas/book.md:3: the link '/book/' (on the page of " in line


def test_the_line_is_the_link_s_own_and_summaries_and_site_folders_count(site):
    site.post("good")
    site.post("moved", "I moved /2026/old/ last week.\n\nSee [it](/2026/old/).", Date="2026-01-20")
    [line] = site.build_fails()
    assert "moved.md:7: the link '/2026/old/'" in line
    site.post("moved", "Fine.", Date="2026-01-20", Summary="Read [this](/2026/gone/) first.")
    [line] = site.build_fails()
    assert "moved.md:4: the link '/2026/gone/'" in line  # the Summary: line
    # A site in a folder (https://coach.example/blog): addresses start with the folder.
    site.post("moved", "See [the good one](/blog/2026/good/), [all](/blog), [top](/blog#top), "
              "[search](/blog?q=no).", Date="2026-01-20")
    site.build(mode="publish", SITEURL="https://coach.example/blog")
    site.post("moved", "See [the good one](/2026/good/).", Date="2026-01-20")
    [line] = site.build_fails(mode="publish", SITEURL="https://coach.example/blog")
    assert "moved.md:5: the link '/2026/good/' is outside /blog/, where this site lives" in line
    assert "Fix: write the address as /blog/..." in line


def test_an_address_in_the_wrong_case_stops_the_build_even_on_a_case_blind_disk(site, monkeypatch):
    """macOS opens /images/Chart.png for chart.png; the web host will not."""
    def case_blind_isfile(path):
        folder = site.output.parent
        for name in os.path.relpath(path, folder).split(os.sep):
            matches = [entry for entry in os.listdir(folder) if entry.lower() == name.lower()] if os.path.isdir(folder) else []
            if not matches:
                return False
            folder = os.path.join(folder, matches[0])
        return os.path.isfile(folder)

    monkeypatch.setattr(links, "_isfile", case_blind_isfile)
    Image.new("RGB", (60, 30)).save(site.content / "images" / "chart.png")
    site.post("good")
    site.post("chart", "![A chart](/images/chart.png) and [the good one](/2026/good/)", Date="2026-01-20")
    site.build()
    site.post("chart", "![A chart](/images/Chart.png)", Date="2026-01-20")
    [line] = site.build_fails()
    assert "chart.md:5: the link '/images/Chart.png' goes to an address this build does not write" in line
    assert case_blind_isfile(str(site.output / "images" / "Chart.png")), "the stand-in disk ignores case"


def test_links_in_html_comments_are_not_links(site):
    site.post("good")
    site.post("noted", "Text.\n\n<!-- old: <a href=\"/2026/gone/\">x</a> -->\n\nMore.", Date="2026-01-20")
    site.build()


def test_the_replaced_site_is_deleted_even_when_the_process_exits_at_once(site):
    """The replaced site is deleted after the build returns (the preview shows the new one
    sooner); a process that exits right after its build still leaves nothing behind."""
    site.post("good")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from build.runner import build\n"
        "overrides = {'PATH': sys.argv[2], 'OUTPUT_PATH': sys.argv[3], 'CACHE_PATH': sys.argv[4]}\n"
        "build(sys.argv[5], overrides); build(sys.argv[5], overrides)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "plugins"), str(site.content), str(site.output),
         str(site.root / "cache"), str(ROOT / "pelicanconf.py")],
        check=True, capture_output=True, text=True,
    )
    assert site.path("2026/good/index.html").exists()
    assert not list(site.root.glob(".output-*")), "the replaced site was left behind"


def test_template_error_names_the_template_and_keeps_output(site, tmp_path):
    site.post("good")
    site.build()
    before = site.snapshot()
    theme = tmp_path / "broken-theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    article.write_text(article.read_text().replace("{% block content %}", "{% block content %}{{ article.title|nosuchfilter }}", 1))
    lines = site.build_fails(THEME=str(theme))
    assert len(lines) == 1
    assert "article.html" in lines[0] and "template" in lines[0]
    assert site.snapshot() == before


def test_build_never_changes_content(sample_site):
    before = content_digest()
    sample_site.build("publish", PATH=str(ROOT / "content"), OUTPUT_PATH=str(sample_site.root / "again"))
    assert content_digest() == before


# --- tasks ----------------------------------------------------------------------------


def invoke(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_invoke_list_explains_every_task():
    listing = invoke("--list").stdout
    for name in ("build", "publish", "serve", "new", "clean", "test"):
        line = next(line for line in listing.splitlines() if line.strip().startswith(name + " ") or line.strip() == name)
        assert len(line.split(None, 1)) == 2, f"task {name} has no docstring"


def test_invoke_new_creates_a_draft_and_refuses_to_overwrite(tmp_path):
    project = tmp_path / "project"
    (project / "content" / "posts").mkdir(parents=True)
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    shutil.copytree(ROOT / "plugins", project / "plugins")
    first = invoke("new", "My first story", cwd=project)
    assert first.returncode == 0, first.stderr
    created = project / "content" / "posts" / "my-first-story.md"
    text = created.read_text()
    assert text.startswith("Title: My first story\n") and "Status: draft" in text
    assert "\nSlug: my-first-story\n" in text, "the address stays when the title changes"
    created.write_text(text + "\nMy own words.\n")
    again = invoke("new", "My first story", cwd=project)
    assert again.returncode != 0
    assert "already exists" in again.stdout + again.stderr
    assert created.read_text().endswith("My own words.\n")
    long_title = "Why the interview that went wrong " * 8
    made = invoke("new", long_title, cwd=project)
    assert made.returncode == 0, made.stderr
    [long_post] = (project / "content" / "posts").glob("why-*.md")
    assert long_post.stem == "why-the-interview-that-went-wrong-why-the-interview-that-went-wrong-why-the"
    assert f"\nSlug: {long_post.stem}\n" in long_post.read_text()
    other = invoke("new", long_title + "part two", cwd=project)
    assert other.returncode == 0, other.stderr
    assert (project / "content" / "posts" / f"{long_post.stem}-2.md").is_file()
    assert invoke("new", long_title, cwd=project).returncode != 0, "the same long title twice"
    flag = invoke("new", "--help", cwd=project)
    assert flag.returncode != 0 and "in quotes" in flag.stdout + flag.stderr
    dashed = invoke("new", "\u20135 ways to hear no", cwd=project)
    assert dashed.returncode == 0, dashed.stderr
    (project / "content" / "posts" / "5-ways-to-hear-no.md").unlink()
    assert sorted(p.name for p in (project / "content" / "posts").iterdir()) == sorted(
        ["my-first-story.md", f"{long_post.stem}.md", f"{long_post.stem}-2.md"])


def test_invoke_new_without_a_title_or_its_quotes_says_to_quote_it(tmp_path):
    """Invoke itself would answer "No idea what 'first' is!" or name its internal argument."""
    project = tmp_path / "project"
    (project / "content" / "posts").mkdir(parents=True)
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    os.symlink(ROOT / "plugins", project / "plugins")
    for args, line in [
        (["new"], 'Give the title in quotes: invoke new "My title" (invoke --help new shows the help).'),
        (["new", "--newsletter"],
         'Give the title in quotes: invoke new --newsletter "My title" (invoke --help new shows the help).'),
        (["new", "--newsletter", "December", "letter"],
         'Give the title in quotes: invoke new --newsletter "December letter" (the words after new are one title).'),
        (["new", "My", "first", "post"],
         'Give the title in quotes: invoke new "My first post" (the words after new are one title).'),
    ]:
        done = invoke(*args, cwd=project)
        assert (done.returncode, done.stdout, done.stderr) == (1, "", line + "\n"), done
    assert not any((project / "content").rglob("*.md"))
    assert invoke("new", "My first post", cwd=project).returncode == 0
    assert [p.name for p in (project / "content" / "posts").iterdir()] == ["my-first-post.md"]


def test_invoke_send_test_help_shows_the_help_without_internal_names():
    for args in (["send-test", "--help"], ["--help", "send-test"]):
        done = invoke(*args)
        assert done.returncode == 0, done.stderr
        assert "--slug" in done.stdout and "--to" in done.stdout and "email_export" not in done.stdout, done.stdout
    done = invoke("send-test")
    assert done.returncode == 1 and done.stderr == (
        "Not sent: give the post and the address, as in invoke send-test --slug my-post --to you@example.com\n")


def test_invoke_build_exit_code_and_single_error_line(tmp_path):
    project = tmp_path / "project"
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name) if project.exists() else (project.mkdir(), shutil.copy(ROOT / name, project / name))
    for name in ("plugins", "theme", "content"):
        shutil.copytree(ROOT / name, project / name)
    ok = invoke("build", cwd=project)
    assert ok.returncode == 0, ok.stderr
    (project / "content" / "posts" / "broken.md").write_text("Title: Broken\nDate: 2026-13-45\n\nText\n")
    failed = invoke("build", cwd=project)
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR content/posts/broken.md:2: '2026-13-45' is not a valid date. "
        "Fix: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, for example 'Date: 2026-03-14'"
    ]
    (project / "content" / "posts" / "broken.md").unlink()
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text().replace('AUTHOR = "Maya Okafor"', 'AUTHOR = "Maya Okafor'))
    line = settings.read_text().splitlines().index('AUTHOR = "Maya Okafor') + 1
    failed = invoke("build", cwd=project)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    errors = [line for line in failed.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [f"ERROR pelicanconf.py:{line}: the settings file has a mistake (unterminated string "
                      "literal (detected at line {line})). Fix: correct that line (often a missing quote, "
                      "comma or bracket); the site was not changed".replace("{line}", str(line))], errors


def test_sitemap_robots_and_404(sample_site):
    from bs4 import BeautifulSoup

    sitemap = BeautifulSoup(sample_site.text("sitemap.xml"), "xml")
    locs = [loc.get_text() for loc in sitemap.find_all("loc")]
    assert all(loc.startswith("https://www.thehonestno.example/") for loc in locs)
    assert any("/2026/the-rejection-that-taught-me-to-listen/" in loc for loc in locs)
    assert not any(part in loc for loc in locs for part in ("/drafts/", "ctas", "disclaimers", "404"))
    assert "Sitemap: https://www.thehonestno.example/sitemap.xml" in sample_site.text("robots.txt")
    assert sample_site.soup("404.html").h1.get_text() == "Page not found"


def test_post_without_summary_gets_a_clean_plain_description(site):
    site.post(
        "no-summary",
        """
        !!! tip
            Tip text that is not the story.

        The story starts here with **plain** words.
        """,
    )
    site.build()
    page = site.soup("2026/no-summary/index.html")
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description == "The story starts here with plain words."
    assert page.find("meta", property="og:description")["content"] == description
    listed = site.soup("index.html").select_one(".post-summary").get_text(" ", strip=True)
    assert listed == description


def test_moving_a_post_names_every_link_to_it_in_one_build(site):
    site.post("moved", "The story that moves.")
    for slug in ("one", "two", "three"):
        site.post(slug, "First line.\n\nSee [the story]({filename}moved.md).")
    site.build()
    (site.content / "posts" / "archive").mkdir()
    (site.content / "posts" / "moved.md").rename(site.content / "posts" / "archive" / "moved.md")
    lines = site.build_fails()
    assert sorted(line.split(":", 1)[0].rsplit("/", 1)[1] for line in lines) == ["one.md", "three.md", "two.md"]
    assert all("the link '{filename}moved.md' points to 'posts/moved.md', which does not exist. Fix: the file "
               "is now posts/archive/moved.md: write '{filename}/posts/archive/moved.md'" in line for line in lines), lines


def test_a_numbered_list_keeps_the_number_it_starts_at(site):
    site.post("steps", "1. Ask.\n2. Listen.\n\nThen, a week later:\n\n3. Follow up.\n4. Thank them.")
    site.build("publish")
    lists = site.soup("2026/steps/index.html").select(".post-body ol")
    assert [ol.get("start") for ol in lists] == [None, "3"]
    text = site.text("email/steps/email.txt")
    assert "3. Follow up." in text and "4. Thank them." in text


# What Python-Markdown leaves in its text for what it set aside (a code block, a footnote's
# marks), to be put back: none of it may reach a reader.
MARKDOWN_MARKS = (STX, ETX, *(mark.strip(STX + ETX).split(":")[0] for mark in (
    HTML_PLACEHOLDER, INLINE_PLACEHOLDER_PREFIX, NBSP_PLACEHOLDER, FN_BACKLINK_TEXT)))


def every_form(site, slug):
    """{form: (raw text, soup of the post's text)} of a post on the web page, in the Atom entry and
    in the email, and its email's text part as the .eml carries it."""
    entry = next(e for e in feedparser.parse(site.text("feeds/atom.xml")).entries if e.link.endswith(f"/{slug}/"))
    feed = entry.content[0].value
    message = email.message_from_bytes(site.path(f"email/{slug}/message.eml").read_bytes(), policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    web, mail = site.text(f"2026/{slug}/index.html"), site.text(f"email/{slug}/email.html")
    return {
        "web": (web, BeautifulSoup(web, "lxml").select_one(".post-body")),
        "feed": (feed, BeautifulSoup(feed, "lxml").body),
        "email": (mail, BeautifulSoup(mail, "lxml").select_one(".post-body")),
        "text": (text, None),
    }


def test_a_fenced_code_block_under_a_line_or_in_a_tight_list_item_is_code_in_every_form(site):
    """Written right under a paragraph's line, or in a list item with no blank line, a fenced
    block is a code block of its own, not the highlighter's HTML shown as text."""
    site.post("fences", """
        Paste this into your reply:
        ```
        Thank you for the offer.
        I need two days.
        ```
        Then wait.

        - Say it once:
          ```
          No, thank you.
          ```
        - Stop.
        """)
    site.build("publish")
    forms = every_form(site, "fences")
    for form in ("web", "feed", "email"):
        raw, body = forms[form]
        assert [code.get_text() for code in body.select("pre code")] == [
            "Thank you for the offer.\nI need two days.\n", "No, thank you.\n"], form
        assert [p.get_text() for p in body.find_all("p", recursive=False)] == [
            "Paste this into your reply:", "Then wait."], form
        assert [li.get_text(" ", strip=True) for li in body.select("li")] == ["Say it once: No, thank you.", "Stop."]
        assert body.select_one("li pre code"), form
    text = forms["text"][0]
    assert "Paste this into your reply:\n\n    Thank you for the offer.\n    I need two days.\n\nThen wait." in text
    assert "- Say it once:\n\n      No, thank you.\n- Stop." in text
    for form, (raw, _) in forms.items():
        assert not any(mark in raw for mark in MARKDOWN_MARKS), form
        assert "&lt;pre" not in raw and (form != "text" or "<pre" not in raw), "no code block shown as HTML"


def test_a_footnote_keeps_its_back_link_and_no_break_space_in_every_form(site):
    site.post("noted", "Ask for the range first.[^1]\n\n[^1]: Most recruiters have one.")
    site.build("publish")
    forms = every_form(site, "noted")
    for form in ("web", "feed", "email"):
        raw, body = forms[form]
        note = body.select_one(".footnote li p")
        assert note.get_text() == "Most recruiters have one.\u00a0\u21a9", form
        assert note.select_one("a")["href"].endswith("#fnref:1"), form
    assert "1. Most recruiters have one.\n" in forms["text"][0]
    for form, (raw, _) in forms.items():
        assert not any(mark in raw for mark in MARKDOWN_MARKS), form


def test_a_build_without_a_plugin_has_none_of_its_syntax_or_metadata_even_after_one_with_it(site):
    """Block types and metadata names are registered when a plugin is imported (once per
    process), but a build uses only those of the plugins in its PLUGINS."""
    from build.runner import load_settings

    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    site.post("one", f"Words.\n\n{video}\n", card="https://example.org/card.png")
    site.build()
    assert site.soup("2026/one/index.html").select_one(".embed")
    fewer = [name for name in load_settings(str(SETTINGS["dev"]), {})["PLUGINS"] if name not in ("embeds", "social_cards")]
    [line] = site.build_fails(PLUGINS=fewer)
    assert "unknown metadata 'Card'" in line
    site.post("one", f"Words.\n\n{video}\n")
    site.build(PLUGINS=fewer)
    page = site.soup("2026/one/index.html")
    assert not page.select_one(".embed") and video in [p.get_text() for p in page.select("p")], "the line as written"


def test_a_block_plugins_folder_is_stray_in_a_build_without_that_plugin(site):
    """After a build with the disclaimers plugin, one without it (same process, as tests and
    invoke serve run) reads nothing in content/disclaimers/ and says so, as a fresh one does."""
    from build.runner import load_settings

    site.write("disclaimers/default.md", "Names are changed.\n")
    site.post("one", "Words.")
    site.build()
    fewer = [name for name in load_settings(str(SETTINGS["dev"]), {})["PLUGINS"] if name != "disclaimers"]
    [line] = site.build_fails(PLUGINS=fewer)
    assert "disclaimers/default.md: this file is left out of the site" in line, line


def test_a_tag_one_or_two_letters_from_another_stops_the_build_at_its_line(site):
    """`Salary tlak` would get a tag page of its own; capitals and dashes give one tag already."""
    site.post("first", Tags="Salary talk, Offers", Date="2026-01-01")
    site.post("second", Tags="salary-talk", Date="2026-01-02")
    site.post("both", Tags="Careers, Carers", Date="2026-01-03")  # two tags of one post: meant
    site.build()
    typo = site.post("third", Tags="Offers, Salary tlak", Date="2026-01-04")
    assert site.build_fails() == [
        f"{typo}:4: the tag 'Salary tlak' is nearly the same as 'Salary talk', the tag of 2 posts, such as "
        f"{site.content / 'posts' / 'first.md'} (did you mean 'Salary talk'?). Fix: write 'Salary talk' in the "
        "Tags: line; if 'Salary tlak' is a tag of its own, add it to DISTINCT_CATEGORIES in pelicanconf.py"
    ]
    site.settings["DISTINCT_CATEGORIES"] = ["salary tlak"]
    site.build()


@pytest.mark.parametrize("first, second, why", [
    ("Title: One\nSlug: my-story", "Title: Two\nSlug: my-story", "(both have 'Slug: my-story')"),
    ("Title: My story\nSlug: my-story", "Title: My story\nSlug: my-story", "(both have 'Slug: my-story')"),
    ("Title: One\nSlug: my-story", "Title: My story", "(its {} both give 'my-story')"),
    ("Title: My story", "Title: My story", "(they have the same title)"),
    ("Title: My story", "Title: My story!", "(their titles both give the address 'my-story')"),
])
def test_two_posts_at_one_address_are_told_the_actual_cause(site, first, second, why):
    one = site.write("posts/one.md", f"{first}\nDate: 2026-01-01\n\nOne.\n")
    two = site.write("posts/two.md", f"{second}\nDate: 2026-01-02\n\nTwo.\n")
    [line] = site.build_fails()
    named = {str(one): str(two), str(two): str(one)}
    path = line.split(":", 1)[0]
    why = why.format("Slug: line and the other's title" if path == str(one) else "title and the other's Slug: line")
    assert f"would be written to 2026/my-story/index.html, like {named[path]} {why}. Fix:" in line, line
