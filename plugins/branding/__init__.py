"""The site's branding and home page, from the top block of pelicanconf.py.

    AUTHOR_PHOTO    the coach's photo (a path under content/): on the home page and in each byline
    SITE_LOGO       a logo shown before the site's name in the header (None: the name alone)
    FAVICON         the browser tab's icon (None: the theme's)
    SOCIAL_CARD_COLORS  the social cards' colours (plugins/social_cards): checked here, with
                    the other settings of the block, before anything is read
    FOOTER_LINE     the sentence after the copyright in every page's footer
    HOME_PAGE       the page whose title and text introduce the home page (content/pages/home.md)
    HOME_CTA        the call-to-action (a sign-up box) under the introduction: "default" for
                    CTA_DEFAULT's, a name from content/ctas/, or None for none

Templates get `author_photo`, `site_logo`, `site_icon` (article_extras.pictures.Picture, or
None), `home_page` (the introduction, or None), `home_signup` (the box's HTML) and
`COPYRIGHT_YEARS` ("2024–2026", from the first and the last published post).
"""

import datetime

from pelican import signals

from article_extras.pictures import setting_picture
from build.settings import defaults, setting

from .colours import check_colours
from .home import home_signup, take_home_page

DEFAULTS = defaults({
    "AUTHOR_PHOTO": None,
    "SITE_LOGO": None,
    "FAVICON": None,
    "FOOTER_LINE": "",
    "HOME_PAGE": "pages/home.md",
    "HOME_CTA": "default",
})


def check_settings(pelican):
    """`initialized`: a colour that is no colour stops the build before anything is read."""
    colours = pelican.settings.get("SOCIAL_CARD_COLORS")
    if colours is not None:  # the social cards' own default otherwise
        check_colours(colours, "SOCIAL_CARD_COLORS")


def copyright_years(generator):
    """`article_generator_finalized`: "2024–2026" from the first and last published post
    (one year when they share it; this year on a site with no post yet)."""
    years = sorted({post.date.year for post in generator.articles})
    this_year = datetime.date.today().year
    first, last = (years[0], years[-1]) if years else (this_year, this_year)
    generator.context["COPYRIGHT_YEARS"] = str(first) if first == last else f"{first}\u2013{last}"


def add_pictures_and_signup(generators):
    """`all_generators_finalized`: the pictures are known; check the settings' pictures and
    make the home page's sign-up box."""
    context, settings = generators[0].context, generators[0].settings
    context["author_photo"] = setting_picture("AUTHOR_PHOTO", settings, context)
    context["site_logo"] = setting_picture("SITE_LOGO", settings, context)
    context["site_icon"] = setting_picture("FAVICON", settings, context)
    context["home_signup"] = home_signup(settings, context)


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(copyright_years)
    signals.page_generator_finalized.connect(take_home_page)
    signals.all_generators_finalized.connect(add_pictures_and_signup)


__all__ = ["DEFAULTS", "register"]
