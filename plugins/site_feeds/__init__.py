"""Site feeds: full-content RSS and Atom feeds written with feedgen.

Pelican's own feeds are summary-only, use non-permalink guids and relative URLs, and
fail the W3C validator; its FEED_* settings stay None and this plugin writes ours:

    feeds/atom.xml, feeds/rss.xml                     every published post
    feeds/category/<slug>.atom.xml / .rss.xml         one pair per category
    feeds/pretty.xsl                                  how a browser shows a feed

Entries carry the feed form of the post (`content_forms.forms(article).feed`) followed
by the disclaimer's and the end-of-post CTA's `feed_html`, when those plugins attached
them. Templates get `SITE_FEEDS` (site-wide feeds) and `CATEGORY_FEEDS` (per category
slug), items with `.url` (absolute), `.title` and `.media_type`.
"""

from build_guard.errors import AuthorError
from pelican import signals

from .generator import SiteFeedsGenerator
from .links import site_feeds
from .settings import DEFAULTS, setting

__all__ = ["DEFAULTS", "SiteFeedsGenerator", "register"]


def expose_site_feeds(pelican):
    """`initialized`: put SITE_FEEDS in the settings, which Pelican copies into every context."""
    pelican.settings["SITE_FEEDS"] = site_feeds(pelican.settings)
    pelican.settings.setdefault("CATEGORY_FEEDS", {})
    check_max_items(setting(pelican.settings, "FEED_MAX_ITEMS"))


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
