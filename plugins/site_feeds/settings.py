"""The plugin's settings and their defaults, in one place.

All names share the FEED_ prefix. FEED_MAX_ITEMS is also a Pelican setting (its
default is 100, for Pelican's own feeds, which this site turns off): Pelican always
puts its value in the settings, so pelicanconf.py sets it to 20 explicitly; the
default below only applies where Pelican's defaults are not loaded.
"""

DEFAULTS = {
    # Where the feeds are written, relative to the output folder. {slug} is the
    # category's slug. Set a category path to None to write no category feeds.
    "FEED_ATOM_SAVE_AS": "feeds/atom.xml",
    "FEED_RSS_SAVE_AS": "feeds/rss.xml",
    "FEED_CATEGORY_ATOM_SAVE_AS": "feeds/category/{slug}.atom.xml",
    "FEED_CATEGORY_RSS_SAVE_AS": "feeds/category/{slug}.rss.xml",
    # The stylesheet browsers use to show a feed as a page; None for none.
    "FEED_STYLESHEET_SAVE_AS": "feeds/pretty.xsl",
    # How many of the newest posts each feed holds.
    "FEED_MAX_ITEMS": 20,
    # Images for feed readers, relative to SITEURL: a wide logo and a square icon.
    "FEED_LOGO": "theme/images/card.png",
    "FEED_ICON": "theme/images/apple-touch-icon.png",
}


def setting(settings, name):
    """The value of one of this plugin's settings, or its default."""
    return settings.get(name, DEFAULTS[name])
