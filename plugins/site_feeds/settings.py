"""The plugin's settings and their defaults, in one place.

All names share the FEED_ prefix. FEED_MAX_ITEMS is also a Pelican setting (its
default is 100, for Pelican's own feeds, which this site turns off): Pelican always
puts its value in the settings, so pelicanconf.py sets it to 20 explicitly; the
default below only applies where Pelican's defaults are not loaded.
"""

from build.settings import defaults, setting  # noqa: F401 (setting: for the plugin's modules)

DEFAULTS = defaults({
    # Where the feeds are written, relative to the output folder. {slug} is the
    # category's slug. Set a category path to None to write no category feeds.
    "FEED_ATOM_SAVE_AS": "feeds/atom.xml",
    "FEED_RSS_SAVE_AS": "feeds/rss.xml",
    "FEED_CATEGORY_ATOM_SAVE_AS": "feeds/category/{slug}.atom.xml",
    "FEED_CATEGORY_RSS_SAVE_AS": "feeds/category/{slug}.rss.xml",
    # JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same entries, for readers and
    # tools that prefer JSON; None for none.
    "FEED_JSON_SAVE_AS": "feeds/feed.json",
    "FEED_CATEGORY_JSON_SAVE_AS": "feeds/category/{slug}.json",
    # The CSS stylesheet browsers use to show an Atom or RSS feed as a page; None for none.
    "FEED_STYLESHEET_SAVE_AS": "feeds/feed.css",
    # How many of the newest posts each feed holds.
    "FEED_MAX_ITEMS": 20,
    # Images for feed readers, relative to SITEURL: a wide logo and a square icon.
    "FEED_LOGO": "theme/images/card.png",
    "FEED_ICON": "theme/images/apple-touch-icon.png",
    # A WebSub hub (https://www.w3.org/TR/websub/) that tells feed readers at once when a feed
    # changes, such as "https://pubsubhubbub.appspot.com/": named in every feed. None: no hub.
    "FEED_WEBSUB_HUB": None,
})
