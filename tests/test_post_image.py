"""A post's picture (`Image:`): shown in the lists of posts and used for its card. It must
be a picture of the site, like any picture a post shows: one that is not there, cannot be
opened, or comes from another site stops the build at the Image: line with the fix."""

import pytest
from PIL import Image

from conftest import SITEURL


@pytest.fixture
def pictured(site):
    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (320, 180), "#336699").save(site.content / "images" / "chart.png")
    return site


@pytest.mark.parametrize("written", ["{static}/images/chart.png", "{static}../images/chart.png", "/images/chart.png",
                                     f"{SITEURL}/images/chart.png"])
def test_the_ways_a_post_names_its_picture(pictured, written):
    pictured.post("story", Image=written)
    kept = pictured.build_and_keep()
    picture = kept["story"].picture
    assert (picture.url, picture.absolute_url) == ("images/chart.png", f"{SITEURL}/images/chart.png")
    assert (picture.width, picture.height) == (320, 180)
    assert pictured.soup("index.html").select_one("img.post-card-picture")["src"] == f"{SITEURL}/images/chart.png"


@pytest.mark.parametrize("written, problem, fix", [
    ("{static}/images/chart.jpg", "the picture '{static}/images/chart.jpg' is not in content/images/ (did you mean "
     "'chart.png'?)", "write 'Image: {static}/images/chart.png'"),
    ("{static}/images/photo.jpg", "the picture '{static}/images/photo.jpg' is not in content/images/",
     "save the picture as content/images/photo.jpg, or correct the name"),
    ("images/chart.png", "Image: 'images/chart.png' is not a complete address",
     "write 'Image: {static}/images/chart.png' (the picture in content/images/)"),
    ("https://cdn.example/photo.jpg", "Image: 'https://cdn.example/photo.jpg' is on another site",
     "save the picture in content/images/ and write 'Image: {static}/images/photo.jpg'"),
    ("/images/notes.pdf", "the Image: '/images/notes.pdf' is not a picture (PNG, JPEG, GIF, WebP or SVG)",
     "name a picture file in content/images/, for example 'Image: {static}/images/photo.jpg'"),
])
def test_an_image_line_that_names_no_picture_of_the_site_stops_the_build(pictured, written, problem, fix):
    pictured.post("good")
    pictured.build()
    before = pictured.snapshot()
    bad = pictured.post("bad", Image=written)
    [line] = pictured.build_fails()
    assert line.startswith(f"{bad}:4: {problem}"), line
    assert line.endswith(f"Fix: {fix}"), line
    assert pictured.snapshot() == before


def test_a_damaged_picture_stops_the_build(pictured):
    (pictured.content / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    bad = pictured.post("bad", Image="{static}/images/broken.png")
    [line] = pictured.build_fails()
    assert line.startswith(f"{bad}:4: the Image: '{{static}}/images/broken.png' is content/images/broken.png, "
                           "which cannot be opened as a picture"), line


def test_a_picture_outside_the_picture_folders_stops_the_build(pictured):
    Image.new("RGB", (10, 10)).save(pictured.content / "posts" / "beside.png")
    bad = pictured.post("bad", Image="{static}beside.png")
    [line] = pictured.build_fails()
    assert line.startswith(f"{bad}:4: the Image: '{{static}}beside.png' is content/posts/beside.png, outside the "
                           "folders of pictures the site publishes"), line
    assert line.endswith("Fix: move it into content/images/ and write 'Image: {static}/images/beside.png'"), line


def test_every_post_with_a_wrong_image_is_named(pictured):
    one = pictured.post("one", Image="{static}/images/nope.png")
    two = pictured.post("two", Image="{static}/images/gone.png")
    lines = pictured.build_fails()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{one}:4", f"{two}:4"]
