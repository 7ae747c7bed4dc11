"""The social cards' settings and their defaults, in one place."""

from build.settings import defaults

DEFAULTS = defaults({
    # Make a card (a 1200x630 PNG) for every post and page; False uses SOCIAL_CARD_FALLBACK.
    "SOCIAL_CARDS": True,
    # The card's colours: the light scheme of theme/static/css/site.css.
    "SOCIAL_CARD_COLORS": {
        "background": "#fbfaf7",
        "text": "#1f2328",
        "muted": "#4f5661",
        "accent": "#8a3b12",
        "rule": "#d9d4c8",
    },
    # The fonts, in the theme's cards/fonts/ folder: for each part of the card, the first
    # font that has a character draws it (theme/cards/fonts/README.md says where they come from).
    "SOCIAL_CARD_FONTS": {
        "title": ["DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf"],
        "site": ["DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf"],
        "author": ["DejaVuSans.ttf", "DroidSansFallbackFull.ttf"],
    },
    # The picture pages without a card of their own show (home, archives, categories...)
    # when SOCIAL_CARDS is False, relative to SITEURL, with its size.
    "SOCIAL_CARD_FALLBACK": ("theme/images/card.png", 1200, 630),
})
