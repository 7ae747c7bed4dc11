"""Every build carries the email files of unchanged posts over from the last good output
(plugins/email_export/reuse.py): what it writes is exactly what a build making every email
afresh writes, any change a post's email depends on makes it again, and the last good
output is never written to."""

import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from pelican import signals
from PIL import Image

from build_guard import parallel
from build_guard.content_cache import fingerprint
from conftest import ROOT
from email_export.export import EmailExport

FILES = ("email.html", "email.txt", "message.eml")
KEYS = "email/.reuse-keys.json"


NEWSLETTER = """\
Title: Get the next story by email
Button: Send me the stories
Kind: signup
Email: Get {words} by email.

A story every two weeks.
"""


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


def test_a_replaced_picture_in_a_disclaimer_gets_its_new_size_in_the_email(three_posts):
    site = three_posts
    site.write("disclaimers/default.md", "Names are changed.\n\n![Our logo]({static}/images/logo.png)\n")
    logo = image(site, (300, 100), name="logo.png")
    site.build(mode="publish")

    def sizes():
        return {slug: BeautifulSoup(site.text(f"email/{slug}/email.html"), "lxml").find("img", alt="Our logo")["width"]
                for slug in ("first", "second", "third")}

    assert sizes() == {"first": "300", "second": "300", "third": "300"}
    Image.new("RGB", (500, 100)).save(logo)
    touch_later(logo)
    site.build(mode="publish")
    assert sizes() == {"first": "500", "second": "500", "third": "500"}


def test_a_moved_page_remakes_the_emails_whose_cta_text_links_it(site):
    """An inline CTA's `Email:` text is part of the post's email, not of its HTML: its key
    holds the text with its links worked out."""
    site.write("ctas/call.md", "Title: Call\nButton: Book\nURL: https://cal.example.com/x\n"
               "Email: Read [how I work]({filename}/pages/about.md) first.\n\nA call helps.\n")
    site.page("about")
    site.post("inline", "Before.\n\n[[cta:call]]\n\nAfter.", CTA="none")
    site.post("plain", "No call here.", CTA="none")
    site.build(mode="publish", CTA_DEFAULT=None)
    plain = inodes(site, "plain")
    site.page("about", Slug="how-i-work")
    site.build(mode="publish", CTA_DEFAULT=None)
    assert "/how-i-work/" in site.text("email/inline/email.html")
    assert "/about/" not in site.text("email/inline/email.txt")
    assert inodes(site, "plain") == plain  # carried over: nothing it shows changed


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


def test_an_email_edited_by_hand_in_the_output_is_made_again(three_posts):
    """A build's output depends on the content only: a tweak made to an exported email
    (to try something before pasting it into a newsletter service) is not carried over."""
    site = three_posts
    site.build(mode="publish")
    made = {name: site.path(f"email/first/{name}").read_bytes() for name in FILES}
    edited = site.path("email/first/email.html")
    edited.write_text(edited.read_text().replace("A story about", "A tweaked story about"))
    touch_later(edited)
    site.build(mode="publish")
    assert {name: site.path(f"email/first/{name}").read_bytes() for name in FILES} == made
    same_size = site.path("email/first/message.eml")  # an edit that keeps the size
    same_size.write_bytes(same_size.read_bytes().replace(b"Subject: First", b"Subject: Fir5t"))
    assert b"Subject: Fir5t" in same_size.read_bytes()
    touch_later(same_size)
    site.build(mode="publish")
    assert {name: site.path(f"email/first/{name}").read_bytes() for name in FILES} == made
    kept = json.loads(site.text(KEYS))["posts"]["first"]
    assert sorted(kept["files"]) == sorted(FILES)


def test_the_last_good_output_is_never_written_to(three_posts, tmp_path):
    """Carried-over files are links to the last output's: making a post's email again must
    write a new file, never through such a link, and a build that fails in the email export
    itself, after carrying emails over and making one again, changes nothing."""
    site = three_posts
    site.build(mode="publish")
    site.build(mode="publish")  # every email now a link to the first build's files
    outside = {slug: tmp_path / f"kept-{slug}.txt" for slug in ("first", "second")}
    for slug, path in outside.items():
        os.link(site.path(f"email/{slug}/email.txt"), path)
    before = {slug: path.read_bytes() for slug, path in outside.items()}
    site.post("second", "Another story, rewritten.", date="2026-01-11")
    site.build(mode="publish")
    assert {slug: path.read_bytes() for slug, path in outside.items()} == before
    assert "Another story, rewritten." in site.text("email/second/email.txt")
    snapshot = site.snapshot()
    site.post("second", "A long story. " * 9000, date="2026-01-11")  # over Gmail's 102 KB
    [line] = site.build_fails(mode="publish")
    assert line.startswith("content/posts/second.md") or "posts/second.md:" in line
    assert "102 KB" in line
    assert site.snapshot() == snapshot
    assert {slug: path.read_bytes() for slug, path in outside.items()} == before


def test_two_posts_with_one_slug_stop_the_build_naming_both(site):
    """Pelican allows it (different years, different pages), but the two emails would
    overwrite each other in email/<slug>/ and carry each other's keys over."""
    site.write("posts/review-2025.md", "Title: My year\nDate: 2025-12-20\nSlug: year-in-review\n\nOld year.\n")
    site.write("posts/review-2026.md", "Title: My year\nDate: 2026-01-20\nSlug: year-in-review\n\nNew year.\n")
    [line] = site.build_fails(mode="publish")
    assert "review-2025.md:3: " in line and "review-2026.md" in line
    assert "'year-in-review'" in line and "Fix: give one of the two posts a slug of its own" in line
    assert not site.output.exists()


def test_an_image_in_another_place_than_before_gets_its_size(site):
    """Every place an image was looked for is stamped, found or not: a picture that now
    stands where it was looked for first makes the email again with its size."""
    site.settings["EXTRA_PATH_METADATA"] = {"extra/chart.png": {"path": "images/chart.png"}}
    site.settings["STATIC_PATHS"] = ["images", "extra"]
    (site.content / "extra").mkdir()
    Image.new("RGB", (300, 200)).save(site.content / "extra" / "chart.png")
    site.post("chart", "A chart.\n\n![A chart](/images/chart.png)")
    site.build(mode="publish")
    assert email_image(site, "chart") == ("300", "200")
    image(site, (400, 300), name="chart.png")  # content/images/chart.png: looked in first
    site.build(mode="publish")
    assert email_image(site, "chart") == ("400", "300")


def test_a_cta_edited_while_a_build_runs_is_seen_by_the_next_build(site):
    """The shared inputs are fingerprinted when the build starts, before the CTA files are
    read: a CTA saved mid-build makes the next build remake the emails that show it."""
    cta = site.write("ctas/newsletter.md", NEWSLETTER.format(words="the next story"))
    site.post("letter", "Before.\n\n[[cta:newsletter]]\n\nAfter.")
    site.build(mode="publish")
    assert "Get the next story by email" in site.text("email/letter/email.txt")

    def save_mid_build(generator):
        site.write("ctas/newsletter.md", NEWSLETTER.format(words="every new story"))
        touch_later(cta)

    signals.article_generator_preread.connect(save_mid_build)
    try:
        site.build(mode="publish")  # read the CTA before the save: still the old words
    finally:
        signals.article_generator_preread.disconnect(save_mid_build)
    site.build(mode="publish")
    assert "Get every new story by email" in site.text("email/letter/email.txt")
    assert "Get every new story by email" in site.text("email/letter/email.html")


def test_plugin_code_is_fingerprinted_as_this_process_loaded_it(tmp_path):
    """`invoke serve` keeps running the plugin code it imported: a build after an edit must
    not record the edited files as what made its emails; a fresh process sees the edit."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    code = plugins / "extra.py"
    code.write_text("WORDS = 1\n")
    settings = {"PATH": str(tmp_path / "content"), "PLUGIN_PATHS": [str(plugins)]}
    (tmp_path / "content").mkdir()
    before = fingerprint(settings)
    code.write_text("WORDS = 22\n")
    touch_later(code)
    assert fingerprint(settings) == before
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "from build_guard.content_cache import fingerprint;"
        "print(fingerprint(json.loads(sys.argv[2])))"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "plugins"), json.dumps(settings)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    assert len(fresh) == 64 and fresh != before


def test_email_reuse_off_makes_every_email_afresh(three_posts):
    site = three_posts
    site.build(mode="publish", EMAIL_REUSE=False)
    assert not site.path(KEYS).exists()
    before = inodes(site, "first")
    site.build(mode="publish", EMAIL_REUSE=False)
    assert set(inodes(site, "first")).isdisjoint(before)


@pytest.mark.skipif(not parallel.worth_sharing({"BUILD_PARALLEL_MIN_ITEMS": 1}, 2), reason="one core")
def test_emails_made_by_the_second_process_are_carried_over_next_time(three_posts, monkeypatch, tmp_path):
    """The worker's posts get keys and image stamps too: the next build carries them over,
    and still notices a replaced image."""
    site = three_posts
    makers = tmp_path / "made-by.txt"
    render = EmailExport.render

    def render_and_note(self, article, url):
        with open(makers, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {article.slug}\n")
        return render(self, article, url)

    monkeypatch.setattr(EmailExport, "render", render_and_note)
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    made = dict(line.split()[::-1] for line in makers.read_text().splitlines())
    assert sorted(made) == ["first", "second", "third"]
    by_worker = sorted(slug for slug, pid in made.items() if pid != str(os.getpid()))
    assert by_worker, "the worker starts before the pages are written and takes posts from the back"
    before = {slug: inodes(site, slug) for slug in ("first", "second", "third")}
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert {slug: inodes(site, slug) for slug in before} == before
    touch_later(image(site, (200, 100)))
    site.build(mode="publish", BUILD_PARALLEL_MIN_ITEMS=2)
    assert email_image(site, "third") == ("200", "100")
    assert inodes(site, "first") == before["first"]
