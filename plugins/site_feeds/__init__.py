"""Site feeds: full-content Atom and RSS feeds written with feedgen, and JSON Feed 1.1.

Pelican's own feeds are summary-only, use non-permalink guids and relative URLs, and
fail the W3C validator; its FEED_* settings stay None and this plugin writes ours:

    feeds/atom.xml, feeds/rss.xml, feeds/feed.json    every published post
    feeds/category/<slug>.atom.xml / .rss.xml / .json one set per category
    feeds/feed.css                                    how a browser shows an Atom or RSS feed

    entries.py    one post as a feed entry
    writer.py     Atom and RSS with feedgen (the stylesheet, the WebSub hub)
    json_feed.py  JSON Feed 1.1, the same entries

Entries carry the feed form of the post (blocks.forms.feed_html: its disclaimer and
end-of-post CTA are blocks of it, as on the page); the trees of the posts a feed may
carry are kept while the posts are read. Templates get `SITE_FEEDS` (site-wide feeds) and `CATEGORY_FEEDS` (per category
slug), items with `.url` (absolute), `.title` and `.media_type`.
"""

import datetime

from blocks import state_of
from blocks.state import published
from pelican import signals
from writing_checks.errors import AuthorError

from .generator import SiteFeedsGenerator
from .links import site_feeds
from .settings import DEFAULTS, setting

__all__ = ["DEFAULTS", "SiteFeedsGenerator", "register"]


def expose_site_feeds(pelican):
    """`initialized`: put SITE_FEEDS in the settings, which Pelican copies into every context,
    and keep the trees of the posts the feeds may carry while the posts are read."""
    settings = pelican.settings
    settings["SITE_FEEDS"] = site_feeds(settings)
    settings.setdefault("CATEGORY_FEEDS", {})
    limit = setting(settings, "FEED_MAX_ITEMS")
    check_max_items(limit)
    now = datetime.datetime.now(datetime.timezone.utc)
    retention = state_of(settings).retention
    retention.want("feeds", limit, lambda metadata: "all" if published(metadata, now) else None)
    if any(setting(settings, f"FEED_CATEGORY_{kind}_SAVE_AS") for kind in ("ATOM", "RSS", "JSON")):
        retention.want("category feeds", limit,
                       lambda metadata: str(metadata.get("category") or "") if published(metadata, now) else None)


def check_max_items(value):
    """Fail early, with a clear message, on an item count the writer could not use."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AuthorError(
            f"FEED_MAX_ITEMS is {value!r}, not a whole number of posts",
            "set it to how many of the newest posts each feed holds, for example FEED_MAX_ITEMS = 20",
            path="pelicanconf.py",
        )


def add_generator(pelican):
    """`get_generators`: the feeds are written by their own generator, after the pages."""
    return SiteFeedsGenerator


def register():
    signals.initialized.connect(expose_site_feeds)
    signals.get_generators.connect(add_generator)
