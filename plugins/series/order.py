"""The series of one build: which posts are parts of which series, in which order.

A post joins a series with `Series: NAME`; posts whose names give the same address are one
series (`Interview stories` and `interview stories`), shown as its first part writes it.
Parts are in date order; `Series-Part: N` puts a post at place N instead, the others keeping
their date order around it (a number past the last part puts the post at the end: the
place is always the part's number among the parts published, "Part 3 of 3"). Two posts
claiming one place stop the build, naming both.

The parts are the published posts. A draft, a hidden post or a translation with a
`Series:` line gets the box as it will be: the published parts and itself in its place.
"""

from dataclasses import dataclass, field

from pelican.utils import slugify

from build.settings import setting
from writing_checks.errors import AuthorError, display_path
from writing_checks.metadata import metadata_line


@dataclass
class Series:
    """One series: its name as shown, its address, its parts in order."""

    name: str
    slug: str
    url: str
    save_as: str
    parts: list = field(default_factory=list)

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class Place:
    """One post's place in its series, and the parts its box lists (itself included)."""

    series: Series
    post: object
    parts: tuple

    @property
    def number(self):
        return self.parts.index(self.post) + 1

    @property
    def total(self):
        return len(self.parts)

    @property
    def heading(self):
        """"Part 2 of 5" (the words every form starts its box with)."""
        return f"Part {self.number} of {self.total}"


def name_of(post):
    """The series a post names, as written, or None."""
    value = post.metadata.get("series")
    value = " ".join(str(value).split()) if value is not None else ""
    return value or None


def part_of(post):
    """The number a post's `Series-Part:` line gives (checked when the post was read), or None."""
    value = post.metadata.get("series-part")
    return int(str(value).strip()) if value is not None and str(value).strip() else None


def series_slug(name, settings):
    return slugify(
        name,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def ordered(posts):
    """`posts` in series order (see the module's docstring); AuthorError for one place claimed twice."""
    check_one_post_per_part(posts)
    numbered = sorted((post for post in posts if part_of(post)), key=lambda post: (part_of(post), post.date))
    by_date = sorted((post for post in posts if not part_of(post)), key=lambda post: (post.date, post.source_path))
    places = [None] * len(posts)
    later = []
    for post in numbered:
        number = part_of(post)
        if number <= len(places) and places[number - 1] is None:
            places[number - 1] = post
        else:
            later.append(post)
    rest = iter(by_date + later)
    return [post if post is not None else next(rest) for post in places]


def check_one_post_per_part(posts):
    claimed = {}
    for post in sorted(posts, key=lambda post: (post.date, post.source_path)):
        number = part_of(post)
        if number is None:
            continue
        other = claimed.setdefault(number, post)
        if other is not post:
            raise AuthorError(
                f"this post and {display_path(other.source_path)} (line "
                f"{metadata_line(other.source_path, 'series-part')}) both say 'Series-Part: {number}' "
                f"in the series '{name_of(post)}'",
                "give each part its own number, or remove the Series-Part: line of one of them to place "
                "it by its date",
                path=post.source_path,
                line=metadata_line(post.source_path, "series-part"),
            )


def no_address(post, name):
    return AuthorError(
        f"the series name '{name}' gives its page no address (it has no letters or digits)",
        "name the series with words, for example 'Series: Interview stories'",
        path=post.source_path,
        line=metadata_line(post.source_path, "series"),
    )


def collect(published, others, settings):
    """(series by slug, Place of every post with a `Series:` line) for a build's posts:
    `published` are the parts, `others` (drafts the build writes, hidden posts, translations)
    are shown as they will be."""
    series = {}
    for post in sorted(published, key=lambda post: (post.date, post.source_path)):
        name = name_of(post)
        if name is None:
            continue
        slug = series_slug(name, settings)
        if not slug:
            raise no_address(post, name)
        if slug not in series:
            series[slug] = Series(
                name=name, slug=slug,
                url=setting(settings, "SERIES_URL").format(slug=slug),
                save_as=setting(settings, "SERIES_SAVE_AS").format(slug=slug),
            )
        series[slug].parts.append(post)
    places = {}
    for one in series.values():
        one.parts = ordered(one.parts)
        for post in one.parts:
            places[post.source_path] = Place(one, post, tuple(one.parts))
    for post in others:
        name = name_of(post)
        if name is None or post.source_path in places:
            continue
        slug = series_slug(name, settings)
        if not slug:
            raise no_address(post, name)
        one = series.get(slug) or Series(name=name, slug=slug, url="", save_as="")
        places[post.source_path] = Place(one, post, tuple(ordered([*one.parts, post])))
    return series, places
