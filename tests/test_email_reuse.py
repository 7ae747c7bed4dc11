"""Every build carries the email files of unchanged posts over from the last good output
(plugins/email_export/reuse.py): what it writes is exactly what a build making every email
afresh writes, any change a post's email depends on makes it again, and the last good
output is never written to."""

import json
import os

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from build_guard import parallel

FILES = ("email.html", "email.txt", "message.eml")
KEYS = "email/.reuse-keys.json"


def touch_later(path):
    """A new modification time even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def inodes(site, slug):
    return tuple(site.path(f"email/{slug}/{name}").stat().st_ino for name in FILES)


def without_keys(snapshot):
    return {name: digest for name, digest in snapshot.items() if name != KEYS}


def image(site, size, name="photo.png"):
    path = site.content / "images" / name
    Image.new("RGB", size, (90, 120, 150)).save(path)
    return path


def email_image(site, slug):
    tag = BeautifulSoup(site.text(f"email/{slug}/email.html"), "lxml").find("img")
    return tag["width"], tag["height"]


@pytest.fixture
def three_posts(site):
    site.post("first", "A story about [the second one]({filename}second.md).", date="2026-01-10")
    site.post("second", "Another story.", date="2026-01-11")
    site.post("third", "A third story.\n\n![A desk]({static}/images/photo.png)", date="2026-01-12")
    image(site, (400, 300))
    return site


def test_unchanged_posts_are_carried_over_and_an_edited_one_is_made_again(three_posts):
    site = three_posts
    site.build(mode="publish")
    before = {slug: inodes(site, slug) for slug in ("first", "second", "third")}
    site.post("second", "Another story, rewritten.", date="2026-01-11")
    site.build(mode="publish")
    assert inodes(site, "first") == before["first"]  # the same files, linked
    assert inodes(site, "third") == before["third"]
    assert set(inodes(site, "second")).isdisjoint(before["second"])
    assert "Another story, rewritten." in site.text("email/second/email.txt")
    kept = json.loads(site.text(KEYS))
    assert sorted(kept["posts"]) == ["first", "second", "third"]


def test_a_build_carrying_emails_over_writes_what_a_fresh_build_writes(three_posts):
    site = three_posts
    site.build(mode="publish")
    site.post("second", "Another story.", date="2026-01-11", Slug="second-renamed")  # first's link moves
    site.build(mode="publish")
    assert "/2026/second-renamed/" in site.text("email/first/email.html")
    carried = site.snapshot()
    site.build(mode="publish", EMAIL_REUSE=False)
    fresh = site.snapshot()
    assert KEYS in carried and KEYS not in fresh
    assert without_keys(carried) == fresh
    assert "email/second/email.html" not in fresh  # the old slug's email is gone


def test_a_replaced_image_gets_its_new_size_in_the_email(three_posts):
    site = three_posts
    site.build(mode="publish")
    assert email_image(site, "third") == ("400", "300")
    touch_later(image(site, (300, 500)))
    site.build(mode="publish")
    assert email_image(site, "third") == ("300", "500")


def test_a_changed_setting_makes_every_email_again(three_posts):
    site = three_posts
    site.build(mode="publish", NEWSLETTER_ADDRESS="1 Old Road, London")
    site.build(mode="publish", NEWSLETTER_ADDRESS="2 New Street, Leeds")
    for slug in ("first", "second", "third"):
        assert "2 New Street, Leeds" in site.text(f"email/{slug}/email.txt")
        assert "2 New Street, Leeds" in site.text(f"email/{slug}/email.html")


def test_a_file_missing_from_the_last_output_is_made_again(three_posts):
    site = three_posts
    site.build(mode="publish")
    expected = site.path("email/first/message.eml").read_bytes()
    site.path("email/first/message.eml").unlink()
    site.build(mode="publish")
    assert site.path("email/first/message.eml").read_bytes() == expected


def test_the_last_good_output_is_never_written_to(three_posts, tmp_path):
    """Carried-over files are links to the last output's: making a post's email again must
    write a new file, never through such a link, and a failed build changes nothing."""
    site = three_posts
    site.build(mode="publish")
    site.build(mode="publish")  # every email now a link to the first build's files
    outside = tmp_path / "kept-link.txt"
    os.link(site.path("email/second/email.txt"), outside)
    before = outside.read_bytes()
    site.post("second", "Another story, rewritten.", date="2026-01-11")
    site.build(mode="publish")
    assert outside.read_bytes() == before
    snapshot = site.snapshot()
    site.post("second", "Broken.", date="not a date")
    site.build_fails(mode="publish")
    assert site.snapshot() == snapshot


def test_email_reuse_off_makes_every_email_afresh(three_posts):
    site = three_posts
    site.build(mode="publish", EMAIL_REUSE=False)
    assert not site.path(KEYS).exists()
    before = inodes(site, "first")
    site.build(mode="publish", EMAIL_REUSE=False)
    assert set(inodes(site, "first")).isdisjoint(before)


@pytest.mark.skipif(not parallel.worth_sharing({"BUILD_PARALLEL_MIN_ITEMS": 1}, 2), reason="one core")
def test_emails_made_by_the_second_process_are_carried_over_next_time(three_posts):
    """The worker's posts get keys and image stamps too: the next build carries them over,
    and still notices a replaced image."""
    site = three_posts
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    before = {slug: inodes(site, slug) for slug in ("first", "second", "third")}
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert {slug: inodes(site, slug) for slug in before} == before
    touch_later(image(site, (200, 100)))
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert email_image(site, "third") == ("200", "100")
    assert inodes(site, "first") == before["first"]
