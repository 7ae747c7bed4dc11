"""Social cards: the picture a link to a post shows on social networks and in chat apps.

Every post and page gets its own 1200x630 PNG, made by the build with Pillow (its title,
the site's name and the author, in the site's colours, with fonts shipped in the theme's
cards/fonts/), announced in its <head> as og:image and twitter:card summary_large_image
with its size and a description. Pages of the site itself (home, archives, categories)
show the site's card. A `Card:` line (or the post's `Image:`) uses that picture instead.

    settings.py   the settings and their defaults (colours, fonts)
    fonts.py      which shipped font draws each character (Latin, Greek, Cyrillic, CJK...)
    layout.py     the title wrapped, made smaller, cut with an ellipsis last
    draw.py       one card as a PNG
    made.py       the cards kept in the cache, drawn again only when their inputs change
    chosen.py     the picture of a `Card:` or `Image:` line

Templates get `content.social_card` for each post and page, and SOCIAL_CARD (the site's)
for every other page: a Picture with url, width, height, alt and media_type.
"""

import os

from pelican import signals

from build.settings import setting
from writing_checks.contents import CONTENT_LISTS
from writing_checks.metadata import allow_metadata

from .chosen import ChosenPictures, Picture
from .draw import HEIGHT, WIDTH
from .fonts import Chain
from .made import CardMaker
from .settings import DEFAULTS

__all__ = ["DEFAULTS", "Picture", "register"]

allow_metadata(__name__, "card")


def font_chains(settings):
    """{part: Chain} of the fonts in the theme's cards/fonts/ folder."""
    folder = os.path.join(settings["THEME"], "cards", "fonts")
    return {part: Chain([os.path.join(folder, name) for name in names])
            for part, names in setting(settings, "SOCIAL_CARD_FONTS").items()}


def _folder(save_as):
    return os.path.dirname(save_as).replace(os.sep, "/")


def _alt(title, site, author):
    """What the card shows, for those who cannot see it: the title, the site, the author."""
    return f"“{title}”, {site}, by {author}" if author else f"“{title}”, {site}"


def _site_alt(site, subtitle, author):
    said = f"{site}: {subtitle}" if subtitle else site
    return f"{said}, by {author}" if author else said


def _contents(generators):
    """Every post and page the build writes (drafts only in previews, which write them)."""
    seen = {}
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                if getattr(content, "save_as", "") and id(content) not in seen:
                    seen[id(content)] = content
    return list(seen.values())


def make_cards(generators):
    """`all_generators_finalized`: each post's and page's card, and the site's, in the new site."""
    settings, context = generators[0].settings, generators[0].context
    siteurl = settings["SITEURL"].rstrip("/")
    site, owner = str(settings.get("SITENAME") or ""), str(settings.get("AUTHOR") or "")
    subtitle = str(settings.get("SITESUBTITLE") or "")
    if not setting(settings, "SOCIAL_CARDS"):
        path, width, height = setting(settings, "SOCIAL_CARD_FALLBACK")
        card = Picture(f"{siteurl}/{path.lstrip('/')}", width, height, _site_alt(site, subtitle, owner), "image/png")
        context["SOCIAL_CARD"] = card
        for content in _contents(generators):
            content.social_card = card
        return
    maker = CardMaker(settings["CACHE_PATH"], settings["OUTPUT_PATH"],
                      setting(settings, "SOCIAL_CARD_COLORS"), font_chains(settings))
    chosen = ChosenPictures(context, settings)
    for content in _contents(generators):
        author = str(getattr(content, "author", "") or owner)
        alt = _alt(content.title, site, author)
        content.social_card = chosen.for_content(content, alt) or Picture(
            f"{siteurl}/{maker.card(content.title, site, author, _folder(content.save_as))}",
            WIDTH, HEIGHT, alt, "image/png")
    context["SOCIAL_CARD"] = Picture(f"{siteurl}/{maker.card(subtitle or site, site, owner, '')}", WIDTH, HEIGHT,
                                     _site_alt(site, subtitle, owner), "image/png")
    maker.prune()


def register():
    signals.all_generators_finalized.connect(make_cards)
