"""Series: posts that belong together, numbered, each linking the others.

`Series: Interview stories` in a post makes it a part of that series; `Series-Part: 2`
(optional) gives its place, else the parts are in date order (order.py). Each part shows
"Part 2 of 5" and the list of parts: on its web page under the byline (the theme's
includes/series_box.html, from `article.series_place`), and in its feed entry, email and
text part after the story (block.py: the `series` block). Each series has a page,
series/<slug>/ (SERIES_URL, SERIES_SAVE_AS), listing its parts with their summaries
(pages.py, the theme's series.html).

Two posts claiming one part, a Series-Part: that is not a number from 1, a Series-Part:
without a Series:, or a series name that makes no address stop the build at that line.
"""

from pelican import signals

from blocks import state_of
from build.settings import defaults
from writing_checks.contents import every_article

from .block import Box
from .order import Place, Series, collect
from .pages import SeriesPagesGenerator

DEFAULTS = defaults({
    # The address and file of each series' page ({slug}: made from the series' name).
    "SERIES_URL": "series/{slug}/",
    "SERIES_SAVE_AS": "series/{slug}/index.html",
})


def place_posts(generator):
    """`article_generator_finalized`: every post is read; give each part its place, and the
    series block (for the feeds and emails written later) the places of this build."""
    settings = generator.settings
    published = list(generator.articles)
    listed = {id(post) for post in published}
    every = every_article(generator)
    others = [post for post in every if id(post) not in listed and post.save_as]
    series, places = collect(published, others, settings)
    for post in every:
        post.series_place = places.get(post.source_path)
    box = state_of(settings).types[Box.name]
    box.series, box.places = series, places
    generator.context["series_list"] = sorted(series.values(), key=lambda one: one.name.lower())


def add_generator(pelican):
    return SeriesPagesGenerator


def register():
    signals.article_generator_finalized.connect(place_posts)
    signals.get_generators.connect(add_generator)


__all__ = ["DEFAULTS", "Place", "Series", "register"]
