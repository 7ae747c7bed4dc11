"""Each post's and page's address is worked out once a build (build_guard.addresses):
the site is exactly what it is when Pelican works the address out on every use."""

import pytest
from pelican import signals

import build_guard
from build_guard.addresses import keep_addresses


def varied_site(site):
    site.post("first", "The first story.", date="2026-01-10", Category="Interviews")
    site.post("second", "After [the first]({filename}first.md).", date="2026-01-11", Tags="growth, no")
    site.write("posts/premiere.md", "Title: Premier\nDate: 2026-01-10\nSlug: first\nLang: fr\n\nLa première histoire.\n")
    site.write("posts/moved.md", "Title: Moved\nDate: 2026-01-12\nSlug: moved\nURL: old/moved.html\n"
               "Save_as: old/moved.html\n\nKept at its own address.\n")
    site.post("unfinished", "Not yet. See [the second]({filename}second.md).", date="2026-01-13", Status="draft")
    site.page("about", "About me, and [my first story]({filename}/posts/first.md).")
    return site


@pytest.mark.parametrize("mode", ["dev", "publish"])
def test_keeping_addresses_changes_nothing_in_the_site(site, mode, monkeypatch):
    varied_site(site)
    site.build(mode=mode, EMAIL_REUSE=False, allow_warnings=True)
    kept = site.snapshot()
    # Every build registers the plugins again: connect a stand-in that keeps nothing.
    asked = []
    monkeypatch.setattr(build_guard, "keep_addresses", asked.append)
    signals.all_generators_finalized.disconnect(keep_addresses)
    try:
        site.build(mode=mode, EMAIL_REUSE=False, allow_warnings=True)
    finally:
        signals.all_generators_finalized.disconnect(asked.append)
        signals.all_generators_finalized.connect(keep_addresses)
    [generators] = asked
    posts = [post for generator in generators for post in getattr(generator, "articles", [])]
    assert [post.slug for post in posts if hasattr(post, "override_url")] == ["moved"]
    assert site.snapshot() == kept
    assert "old/moved.html" in kept and "2026/second/index.html" in kept
    assert "2026/first/fr/index.html" in kept, sorted(kept)


def test_every_post_and_page_keeps_the_address_pelican_works_out(site):
    contents = varied_site(site).build_and_keep(EMAIL_REUSE=False, allow_warnings=True)
    assert contents["moved"].url == "old/moved.html"  # its URL: line, as Pelican keeps it
    for content in contents.values():
        kept = content.override_url
        if content.slug != "moved":
            del content.override_url
        assert content.url == kept, content.slug
