"""Old addresses keep working: `Redirect-From:` writes a page at each old address that sends
readers on, and `invoke publish` stops when an address of the published site would vanish."""

import html5lib
import pytest

from conftest import SITEURL

STRICT = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)


def sent_on(site, relpath):
    """(refresh target, canonical, robots, the visible link's address and words) of a redirect page."""
    soup = site.soup(relpath)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    link = soup.find("a")
    return (refresh.split("url=", 1)[1], soup.find("link", rel="canonical")["href"],
            soup.find("meta", attrs={"name": "robots"})["content"], link["href"], link.get_text())


def test_an_old_address_sends_readers_to_the_post_and_is_listed_nowhere(site):
    site.post("new-name", "Words.", title="What a no taught me", tags="rejection",
              redirect_from="/2026/old-name/")
    site.build(mode="publish")

    new = f"{SITEURL}/2026/new-name/"
    assert sent_on(site, "2026/old-name/index.html") == (
        f"0; url={new}".split("url=", 1)[1], new, "noindex", new, "What a no taught me")
    STRICT.parse(site.text("2026/old-name/index.html"))  # valid HTML, not a single parse error
    assert site.path("2026/new-name/index.html").is_file()
    for listing in ("sitemap.xml", "feeds/atom.xml", "feeds/rss.xml", "archives/index.html", "index.html",
                    "tag/rejection/index.html"):
        assert "old-name" not in site.text(listing), listing


def test_several_old_addresses_on_one_line_or_several_and_on_a_page(site):
    site.write("posts/story.md", """
        Title: Story
        Date: 2026-01-15
        Slug: story
        Redirect-From: /2025/first/, /2025/second/
        Redirect-From: /2025/third
            /old-site/story.html

        Words.
    """)
    site.page("about", "About me.", **{"Redirect-From": "/about-me/"})
    site.build(mode="publish")

    for old in ("2025/first/index.html", "2025/second/index.html", "2025/third/index.html",
                "old-site/story.html"):
        assert sent_on(site, old)[0] == f"{SITEURL}/2026/story/", old
    assert sent_on(site, "about-me/index.html")[0] == f"{SITEURL}/about/"


def test_a_drafts_old_address_waits_until_it_is_published(site):
    site.post("live")
    site.post("later", status="draft", redirect_from="/2026/sooner/")
    site.build(mode="publish")
    assert not site.path("2026/sooner").exists()

    site.build()  # the preview writes drafts, and their redirects
    assert sent_on(site, "2026/sooner/index.html")[0] == f"{SITEURL}/drafts/later/"


@pytest.mark.parametrize("written, says", [
    ("https://coach.example/2026/old/", "'https://coach.example/2026/old/' is a full address. "
                                        "Fix: write only what follows the domain, from its first /: '/2026/old/'"),
    ("2026/old/", "does not start with /. Fix: write the address from the site's root, as '/2026/old/'"),
    ("/?p=12", "has a ? or # part"),
    ("/", "is the home page"),
    ("/2026/../old/", "has an empty, '.' or '..' part"),
    ("/old/file.php", "ends in '.php'"),
])
def test_an_address_that_cannot_be_sent_on_stops_the_build_at_its_line(site, written, says):
    path = site.post("story", redirect_from=written)
    lines = site.build_fails()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:4: Redirect-From: ")
    assert says in lines[0]


def test_an_address_the_site_still_has_stops_the_build(site):
    site.post("first", title="First")
    path = site.post("second", title="Second", redirect_from="/2026/first/")
    own = site.post("third", title="Third", redirect_from="/2026/third/")
    lines = site.build_fails()
    assert lines == [
        f"{path}:4: Redirect-From: /2026/first/ is the address of {site.content / 'posts/first.md'}, which "
        "the site still has. Fix: remove '/2026/first/' from the Redirect-From: line: an address leads to "
        "one page only",
        f"{own}:4: Redirect-From: /2026/third/ is this page's own address. Fix: remove '/2026/third/' from "
        "the Redirect-From: line"]


def test_an_address_of_a_listing_or_a_picture_stops_the_build(site):
    site.write("images/chart.png", "not read")
    listing = site.post("first", category="Interviews", redirect_from="/category/interviews/")
    picture = site.post("second", redirect_from="/images/chart.png/old/")
    lines = site.build_fails()
    assert lines == [
        f"{listing}:5: Redirect-From: /category/interviews/ is an address the site already has (the build "
        "writes category/interviews/index.html there). Fix: remove '/category/interviews/' from the "
        "Redirect-From: line (that address still answers)",
        f"{picture}:4: Redirect-From: /images/chart.png/old/ is an address the site already has (the build "
        "writes images/chart.png there). Fix: remove '/images/chart.png/old/' from the "
        "Redirect-From: line (that address still answers)"]


def test_one_old_address_on_two_posts_stops_the_build(site):
    site.post("first", redirect_from="/2025/old/")
    second = site.post("second", redirect_from="/2025/old/")
    lines = site.build_fails()
    assert len(lines) == 1 and lines[0].startswith(f"{second}:4: Redirect-From: /2025/old/ is also named by ")


def test_a_changed_slug_stops_invoke_publish_until_the_old_address_is_sent_on(site):
    story = site.post("old-name", title="What a no taught me")
    site.post("other", title="Other")
    site.build(mode="publish")
    published = site.snapshot()

    story.unlink()
    story = site.post("new-name", title="What a no taught me")
    lines = site.build_fails(mode="publish")
    assert lines == [
        f"{story}: the published address /2026/old-name/ of 'What a no taught me' is not in the new "
        "site, so links to it (in emails already sent too) would break. Fix: add the line "
        "'Redirect-From: /2026/old-name/' to this file (it sends readers from there to here); or, if "
        f"that address should go, add /2026/old-name/ on a line of {site.content / 'removed.txt'}"]
    assert site.snapshot() == published  # the published site is untouched

    site.post("new-name", title="What a no taught me", redirect_from="/2026/old-name/")
    site.build(mode="publish")
    assert sent_on(site, "2026/old-name/index.html")[0] == f"{SITEURL}/2026/new-name/"

    site.post("new-name", title="What a no taught me")  # the Redirect-From: line deleted later
    lines = site.build_fails(mode="publish")
    assert len(lines) == 1 and "the old address /2026/old-name/, which sent readers on to 'What a no " \
                               "taught me', is not in the new site" in lines[0]


def test_a_post_whose_title_changed_too_is_found_by_its_date(site):
    story = site.post("old-name", title="Old title", date="2026-01-20 08:00")
    site.post("other", title="Other", date="2026-01-20 09:00")
    site.build(mode="publish")

    story.unlink()
    story = site.post("new-name", title="New title", date="2026-01-20 08:00")
    lines = site.build_fails(mode="publish")
    assert len(lines) == 1
    assert lines[0].startswith(f"{story}: the published address /2026/old-name/ of 'Old title' is not in the "
                               "new site")


def test_a_post_removed_on_purpose_is_listed_in_removed_txt(site):
    gone = site.post("gone", title="Gone")
    site.post("kept", title="Kept", tags="one")
    site.page("about")
    site.build(mode="publish")

    gone.unlink()
    (site.content / "pages" / "about.md").unlink()
    lines = site.build_fails(mode="publish")
    assert len(lines) == 2
    assert lines[0].startswith(f"{site.output / '2026/gone/index.html'}: the published address /2026/gone/ "
                               "of 'Gone' is not in the new site")
    assert "add /2026/gone/ on a line of" in lines[0] and "(readers then get the 404 page)" in lines[0]
    assert "/about/" in lines[1]

    site.write("removed.txt", """
        # Taken down in March
        /2026/gone/
        /about   # the page about me
    """)
    site.post("kept", title="Kept", tags="two")  # a tag page that goes is no address to keep
    site.build(mode="publish")
    assert not site.path("2026/gone").exists() and not site.path("tag/one").exists()


def test_a_line_of_removed_txt_that_is_no_address_stops_at_that_line(site):
    site.post("kept")
    site.build(mode="publish")
    removed = site.write("removed.txt", "# notes\n2026/gone/\n")
    lines = site.build_fails(mode="publish")
    assert lines == [f"{removed}:2: '2026/gone/' does not start with /. Fix: write the address from the "
                     "site's root, as '/2026/gone/' (a post's old address is /2026/old-slug/), one address "
                     "a line ('#' starts a note)"]


def test_the_preview_does_not_compare_addresses(site):
    draft = site.post("working-title", status="draft")
    site.build()
    draft.unlink()
    site.post("final-title", status="draft")
    site.build()
    assert site.path("drafts/final-title/index.html").is_file()
