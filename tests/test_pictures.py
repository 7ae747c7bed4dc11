"""Picture files the site shows: a damaged one stops the build at the line that shows it, a
heavy one (IMAGE_WARN_KB) is named in a warning with its size."""

import pytest
from PIL import Image

DAMAGED = ("which cannot be opened as a picture (the file is damaged, or is not a picture at all). Fix: open it "
           "in an image editor and save it again as PNG or JPEG, or copy the original again")


def picture(site, name, size=(120, 80), noise=False):
    path = site.content / "images" / name
    image = Image.effect_noise(size, 120).convert("RGB") if noise else Image.new("RGB", size, "teal")
    image.save(path, "PNG")
    return path


@pytest.mark.parametrize("link, line", [("{static}/images/chart.png", 7), ("/images/chart.png", 7)])
def test_a_damaged_picture_a_post_shows_stops_the_build_at_its_line(site, link, line):
    """A copy cut short, or a file renamed to .png: a broken image on the page, in the feed and the email."""
    picture(site, "chart.png")
    site.post("story", f"First.\n\n![A chart]({link})")
    site.build()
    before = site.snapshot()
    (site.content / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n cut short")
    chart = site.content / "images" / "chart.png"
    for mode in ("dev", "publish"):
        assert site.build_fails(mode) == [
            f"{site.content / 'posts' / 'story.md'}:{line}: the link '{link}' shows {chart}, {DAMAGED}"
        ]
        assert site.snapshot() == before


def test_a_damaged_picture_in_a_disclaimer_names_the_disclaimer(site):
    (site.content / "images" / "logo.jpg").write_text("not a picture")
    disclaimer = site.write("disclaimers/default.md", "Not advice.\n\n![My logo]({static}/images/logo.jpg)\n")
    story = site.post("story")
    assert site.build_fails() == [
        f"{disclaimer}:3: the link '{{static}}/images/logo.jpg' (on the page of {story}) shows "
        f"{site.content / 'images' / 'logo.jpg'}, {DAMAGED}"
    ]


def test_a_damaged_picture_no_post_shows_builds(site):
    (site.content / "images" / "old.png").write_text("not a picture")
    site.post("story")
    site.build()


def test_a_heavy_picture_is_named_with_its_size_in_a_warning(site):
    photo = picture(site, "photo.png", size=(1200, 1000), noise=True)
    site.post("story", "![Me at work]({static}/images/photo.png)")
    megabytes = photo.stat().st_size / 1_000_000
    assert megabytes > 1
    for mode in ("dev", "publish"):
        result = site.build(mode, allow_warnings=True)
        assert result.warnings == [
            f"{photo}: this picture is {megabytes:.1f} MB, more than a reader on a phone should download for one "
            f"picture (IMAGE_WARN_KB in pelicanconf.py: 1000); shown by {site.content / 'posts' / 'story.md'}. "
            "Fix: make it smaller (about 1600 pixels wide is plenty) or save it as JPEG or WebP"
        ]
    assert site.path("images/photo.png").is_file()
    site.build(IMAGE_WARN_KB=5000)  # the threshold is a setting


def test_light_pictures_build_without_a_word(site):
    picture(site, "chart.png")
    site.post("story", "![A chart]({static}/images/chart.png)")
    site.build()
    [small] = site.build(IMAGE_WARN_KB=0.1, allow_warnings=True).warnings
    assert "chart.png: this picture is 1 KB, more than a reader on a phone should download" in small
