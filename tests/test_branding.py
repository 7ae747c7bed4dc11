"""Branding from the top of pelicanconf.py: the coach's photo, a logo, the favicon, the card
colours and the footer line; the copyright years come from the posts. A picture setting
that names nothing, or a colour that is none, stops the build naming pelicanconf.py."""

import pytest
from PIL import Image

from conftest import SITEURL


def picture(site, relpath, size=(64, 64)):
    path = site.content / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "#8a3b12").save(path)
    return path


def test_the_logo_goes_before_the_name_and_the_favicon_replaces_the_themes(site):
    picture(site, "images/logo.png", (120, 40))
    picture(site, "images/icon.png", (192, 192))
    site.post("story")
    site.build(SITE_LOGO="images/logo.png", FAVICON="images/icon.png")
    page = site.soup("2026/story/index.html")
    name = page.select_one(".site-name a")
    logo = name.select_one("img.site-logo")
    assert logo["src"] == f"{SITEURL}/images/logo.png" and logo["alt"] == ""
    assert (logo["width"], logo["height"]) == ("120", "40")
    assert name.get_text() == "The Honest No", "the name is still the link's text"
    icons = [link["href"] for link in page.select('link[rel="icon"], link[rel="apple-touch-icon"]')]
    assert icons == [f"{SITEURL}/images/icon.png"] * 2


def test_without_logo_or_favicon_the_theme_defaults_stay(site):
    site.post("story")
    site.build()
    page = site.soup("index.html")
    assert page.select_one(".site-name img") is None
    assert f"{SITEURL}/theme/images/icon.svg" in [link["href"] for link in page.select('link[rel="icon"]')]


@pytest.mark.parametrize("setting", ["AUTHOR_PHOTO", "SITE_LOGO", "FAVICON"])
def test_a_picture_setting_that_names_no_file_stops_the_build(site, setting):
    picture(site, "images/maya.jpg")
    site.post("story")
    site.build()
    before = site.snapshot()
    [line] = site.build_fails(**{setting: "images/maya.jgp"})
    assert line.startswith(f"pelicanconf.py"), line
    assert f"{setting} 'images/maya.jgp' is not a picture" in line or "does not exist" in line, line
    [line] = site.build_fails(**{setting: "images/mia.jpg"})
    assert f"the picture 'images/mia.jpg' ({setting}) is not in content/images/ (did you mean 'maya.jpg'?). " \
        f"Fix: write '{setting} = \"images/maya.jpg\"'" in line, line
    [line] = site.build_fails(**{setting: "images/someone-else.jpg"})
    assert line.endswith(f"the picture 'images/someone-else.jpg' ({setting}) is not in content/images/. "
                         "Fix: save the picture as content/images/someone-else.jpg, or correct the name"), line
    assert site.snapshot() == before


def test_a_damaged_photo_stops_the_build(site):
    (site.content / "images").mkdir(exist_ok=True)
    (site.content / "images" / "me.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    site.post("story")
    [line] = site.build_fails(AUTHOR_PHOTO="images/me.jpg")
    assert "AUTHOR_PHOTO 'images/me.jpg' is" in line and "cannot be opened as a picture" in line, line


def test_a_photo_moved_to_another_folder_is_found_for_the_fix(site):
    picture(site, "images/people/maya.png")
    site.post("story")
    [line] = site.build_fails(AUTHOR_PHOTO="images/maya.png")
    assert line.endswith("Fix: the picture is now content/images/people/maya.png: write "
                         "'AUTHOR_PHOTO = \"images/people/maya.png\"'"), line


CARD = {"background": "#fbfaf7", "text": "#1f2328", "muted": "#4f5661", "accent": "#8a3b12", "rule": "#d9d4c8"}


@pytest.mark.parametrize("colours, problem", [
    ({**CARD, "text": "black"}, "SOCIAL_CARD_COLORS['text'] is 'black', not a colour"),
    ({key: value for key, value in CARD.items() if key != "accent"}, "SOCIAL_CARD_COLORS has no 'accent' colour"),
    ("#8a3b12", "SOCIAL_CARD_COLORS is '#8a3b12', not a set of colours"),
])
def test_card_colours_must_be_colours(site, colours, problem):
    """The social cards are drawn with them: a wrong one stops the build before anything is read."""
    site.post("story")
    [line] = site.build_fails(SOCIAL_CARD_COLORS=colours)
    assert line.startswith(f"pelicanconf.py: {problem}. Fix: "), line


def test_copyright_years_run_from_the_first_to_the_last_published_post(site):
    site.post("old", Date="2024-03-01")
    site.post("new", Date="2026-01-15")
    site.post("draft", Date="2027-01-01", Status="draft")
    site.build(FOOTER_LINE="Written by a person.")
    footer = site.soup("index.html").select_one("footer.site-footer p:last-child").get_text()
    assert footer == "\u00a9 2024\u20132026 Maya Okafor. Written by a person."
    site.write("posts/old.md", "Title: Old\nDate: 2026-01-01\n\nWords.\n")
    site.build(FOOTER_LINE="")
    assert site.soup("index.html").select_one("footer.site-footer p:last-child").get_text() == "\u00a9 2026 Maya Okafor."
