"""`invoke serve` rebuilds with Pelican's content cache: an edit shows, a change to what
cached HTML or emails depend on (a CTA file, a setting) is never hidden, and the result
equals a build without any cache."""

import os

import pytest
from PIL import Image

CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "GZIP_CACHE": False}
CTA = """\
Title: Talk to me
Button: Book a call
URL: https://cal.example.com/intro

{text}
"""


@pytest.fixture
def cached_site(site):
    site.write("ctas/call.md", CTA.format(text="Twenty minutes can help."))
    site.post("first", "Words before.\n\n[[cta:call]]\n\nWords after.", cta="none")
    site.post("second", "Another story.", cta="none")
    site.settings.update(CACHED, CTA_DEFAULT=None)
    return site


def touch_later(path):
    """A new modification time even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def article_text(site, slug):
    return site.soup(f"2026/{slug}/index.html").find("article").get_text(" ", strip=True)


def test_an_edited_post_is_read_again(cached_site):
    cached_site.build()
    assert os.listdir(cached_site.root / "cache")
    path = cached_site.post("second", "A rewritten story.", cta="none")
    touch_later(path)
    cached_site.build()
    assert "A rewritten story." in article_text(cached_site, "second")


def test_editing_a_cta_file_updates_posts_read_from_the_cache(cached_site):
    cached_site.build()
    assert "Twenty minutes can help." in article_text(cached_site, "first")
    path = cached_site.write("ctas/call.md", CTA.format(text="Half an hour, free of charge."))
    touch_later(path)
    cached_site.build()
    text = article_text(cached_site, "first")
    assert "Half an hour, free of charge." in text
    assert "Twenty minutes" not in text


def test_a_changed_setting_drops_the_cache(cached_site):
    cached_site.write("ctas/letter.md", "Title: Stories by email\nButton: Subscribe\nKind: signup\n\nNew stories.\n")
    cached_site.post("third", "A story.\n\n[[cta:letter]]", cta="none")
    cached_site.build(NEWSLETTER_SIGNUP_ACTION="https://first.example/subscribe")
    cached_site.build(NEWSLETTER_SIGNUP_ACTION="https://second.example/subscribe")
    form = cached_site.soup("2026/third/index.html").select_one("article form")
    assert form["action"] == "https://second.example/subscribe"


def test_a_cached_rebuild_writes_the_same_site_as_a_cold_build(cached_site):
    cached_site.page("about")
    cached_site.build()
    cached_site.build()
    path = cached_site.post("second", "A rewritten story, with [a link](/about/).", cta="none")
    touch_later(path)
    cached_site.build()
    rebuilt = cached_site.snapshot()
    assert "A rewritten story" in cached_site.text("email/second/email.txt")
    cached_site.build(CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert cached_site.snapshot() == rebuilt


def test_emails_follow_a_changed_cta_file(cached_site):
    cached_site.build()
    path = cached_site.write("ctas/call.md", CTA.format(text="Half an hour, free of charge."))
    touch_later(path)
    cached_site.build()
    assert "Half an hour, free of charge." in cached_site.text("email/first/email.txt")


def test_emails_follow_a_changed_setting(cached_site):
    cached_site.build(NEWSLETTER_ADDRESS="1 Old Road, London")
    cached_site.build(NEWSLETTER_ADDRESS="2 New Street, Leeds")
    assert "2 New Street, Leeds" in cached_site.text("email/second/email.txt")
    assert "2 New Street, Leeds" in cached_site.text("email/second/email.html")


def test_a_cached_build_places_attached_files_as_a_build_without_cache(site):
    """Links are resolved in Pelican's own order, cache or not: an {attach} link in a translation
    places the file where it would without any cache, and nothing is warned about."""
    site.post("newer", "In English ![A chart]({static}/images/chart.png)", Title="Newer", Date="2026-02-01")
    site.post("newer-fr", "En français ![Un graphique]({attach}/images/chart.png)", Title="Plus récent",
              Date="2026-02-01", Lang="fr", Slug="newer", Translation="true")
    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (60, 30)).save(site.content / "images" / "chart.png")

    def placed():
        return sorted(str(path.relative_to(site.output)) for path in site.output.rglob("chart.png"))

    site.build()
    without_cache = placed()
    site.build(**CACHED)
    assert without_cache and placed() == without_cache
    site.build(**CACHED)  # and a second rebuild
    assert placed() == without_cache
