"""Series: posts that belong together, numbered, each linking the others.

`Series: Interview stories` in a post makes it a part of that series; `Series-Part: 2`
(optional) gives its place, else the parts are in date order (order.py). Each part shows
"Part 2 of 5" and the list of parts: on its web page under the byline (the theme's
includes/series_box.html, from `article.series_place`), and in its feed entry, email and
text part after the story (block.py: the `series` block). Each series has a page,
series/<slug>/ (SERIES_URL, SERIES_SAVE_AS), listing its parts with their summaries
(pages.py, the theme's series.html).

Two posts claiming one part, a Series-Part: that is not a number from 1, a Series-Part:
without a Series:, a series name that makes no address, or one spelt nearly like another
series (`Job hnut` next to `Job hunt`: writing_checks.near_twins) stop the build at that line.
"""

from pelican import signals

from blocks import state_of
from build.settings import defaults
from writing_checks.contents import every_article
from writing_checks.errors import report
from writing_checks.near_twins import SERIES, near_twin_errors

from .block import Box
from .order import Place, Series, collect, name_of, series_slug
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
    check_spellings(every, settings)
    others = [post for post in every if id(post) not in listed and post.save_as]
    series, places = collect(published, others, settings)
    for post in every:
        post.series_place = places.get(post.source_path)
    box = state_of(settings).types[Box.name]
    box.series, box.places = series, places
    generator.context["series_list"] = sorted(series.values(), key=lambda one: one.name.lower())


def check_spellings(posts, settings):
    """A series name one or two letters from another's (`Job hnut`, `Job hunt`) would start a
    second series: one line at each post that spells it as fewer posts do."""
    named = {}
    for post in posts:
        name = name_of(post)
        if name is not None:
            named.setdefault(series_slug(name, settings), []).append((post, name))
    errors = near_twin_errors(SERIES, named, settings)
    if errors:
        for error in errors:
            report(error)
        raise errors[0]


def add_generator(pelican):
    return SeriesPagesGenerator


def register():
    signals.article_generator_finalized.connect(place_posts)
    signals.get_generators.connect(add_generator)


__all__ = ["DEFAULTS", "Place", "Series", "register"]
