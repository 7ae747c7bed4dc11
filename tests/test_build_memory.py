"""A build does not keep every post's finished HTML until it ends (build_guard.memory):
Pelican memoises each post's HTML with its links resolved; once the post's page is
written that copy is let go, and the feeds and the email still get the whole post.
(The feeds' newest posts keep theirs again, through Pelican's summary: a bounded few.)"""

import email
from email import policy

import feedparser
import pytest
from pelican import signals
from pelican.contents import Article

from build_guard.memory import content_once, forget_content
from tasks import SERVE_OVERRIDES as SERVE


def pelican_memo():
    """Where Pelican keeps `get_content` results. If this stops being a dict keyed by the
    call's arguments, build_guard.memory frees nothing and must be looked at again."""
    cache = Article.get_content.cache
    assert isinstance(cache, dict)
    return cache


def kept_posts(posts):
    return [key for key in pelican_memo() if key and key[0] in posts]


@pytest.mark.parametrize("settings", [{}, SERVE], ids=["build", "serve"])
def test_no_post_keeps_its_finished_html_once_the_posts_pages_are_written(site, settings):
    site.post("older", "An [earlier story]({filename}/posts/newer.md) first.", Title="Older", Date="2026-01-01")
    site.post("middle", "In between.", Title="Middle", Date="2026-01-15")
    site.post("newer", "!!! lesson \"Kept\"\n    The lesson.\n\nThe newest story.", Title="Newer", Date="2026-02-01")
    held_before_each_page, held_after_pages = [], []

    def before_page(generator, content):
        held_before_each_page.append(len(kept_posts(generator.articles)))

    def after_pages(generator, writer):
        held_after_pages.append(len(kept_posts(generator.articles)))

    signals.article_generator_write_article.connect(before_page)
    signals.article_writer_finalized.connect(after_pages)
    try:
        site.build("publish", **settings)
        site.build("publish", **settings)  # with `invoke serve`'s cache: emails reused
    finally:
        signals.article_generator_write_article.disconnect(before_page)
        signals.article_writer_finalized.disconnect(after_pages)
    assert len(held_before_each_page) == 6 and max(held_before_each_page) <= 1  # at most the one being written
    assert held_after_pages == [0, 0]
    # ... and every target still got the whole post, with its links resolved.
    assert "The lesson." in site.text("2026/newer/index.html")
    older_page = site.soup("2026/older/index.html")
    assert older_page.select_one('a[href$="/2026/newer/"]') is not None
    feed = feedparser.parse(site.text("feeds/atom.xml"))
    contents = {entry.title: entry.content[0].value for entry in feed.entries}
    assert "The lesson." in contents["Newer"] and "/2026/newer/" in contents["Older"]
    eml = email.message_from_bytes(site.path("email/older/message.eml").read_bytes(), policy=policy.default)
    assert "/2026/newer/" in eml.get_body(("html",)).get_content()


def test_content_once_leaves_pelicans_memo_as_it_was(site):
    site.post("one", "A [link]({filename}/posts/two.md).", Title="One")
    site.post("two", "Two.", Title="Two")
    post = site.build_and_keep(mode="publish")["one"]
    siteurl = post.settings["SITEURL"]
    forget_content(post)  # the feeds kept it again (Pelican's summary of a post without one)
    assert not kept_posts([post])

    html = content_once(post, siteurl)
    assert "/2026/two/" in html and not kept_posts([post])  # worked out, not kept
    assert post.get_content(siteurl) == html and kept_posts([post])  # Pelican's own call keeps it
    assert content_once(post, siteurl) == html and kept_posts([post])  # a kept copy stays kept
    forget_content(post)
    assert not kept_posts([post])
