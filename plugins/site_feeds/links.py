"""Where each feed lives: its file, its absolute URL and how templates announce it."""

from dataclasses import dataclass

from .settings import setting

ATOM = "application/atom+xml"
RSS = "application/rss+xml"
JSON = "application/feed+json"


@dataclass(frozen=True)
class FeedLink:
    """One feed as templates see it (`<link rel="alternate">`, the Subscribe page)."""

    url: str
    title: str
    media_type: str
    save_as: str


def site_url(settings):
    return settings["SITEURL"].rstrip("/")


def absolute(settings, relpath):
    return f"{site_url(settings)}/{relpath.lstrip('/')}"


def _link(settings, save_as, title, media_type):
    return FeedLink(url=absolute(settings, save_as), title=title, media_type=media_type, save_as=save_as)


def site_feeds(settings):
    """The feeds of every post, Atom first (the richer format), then RSS and JSON Feed."""
    name = settings["SITENAME"]
    feeds = []
    if setting(settings, "FEED_ATOM_SAVE_AS"):
        feeds.append(_link(settings, setting(settings, "FEED_ATOM_SAVE_AS"), f"{name} (Atom)", ATOM))
    if setting(settings, "FEED_RSS_SAVE_AS"):
        feeds.append(_link(settings, setting(settings, "FEED_RSS_SAVE_AS"), f"{name} (RSS)", RSS))
    if setting(settings, "FEED_JSON_SAVE_AS"):
        feeds.append(_link(settings, setting(settings, "FEED_JSON_SAVE_AS"), f"{name} (JSON Feed)", JSON))
    return feeds


def category_feeds(settings, category):
    """The feeds of one category's posts."""
    title = f"{settings['SITENAME']}: {category.name}"
    feeds = []
    for key, label, media_type in (
        ("FEED_CATEGORY_ATOM_SAVE_AS", "Atom", ATOM),
        ("FEED_CATEGORY_RSS_SAVE_AS", "RSS", RSS),
        ("FEED_CATEGORY_JSON_SAVE_AS", "JSON Feed", JSON),
    ):
        pattern = setting(settings, key)
        if pattern:
            feeds.append(_link(settings, pattern.format(slug=category.slug), f"{title} ({label})", media_type))
    return feeds
