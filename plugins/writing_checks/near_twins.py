"""A category, tag or series spelt nearly like another one stops the build: `Category:
Interveiws` next to posts filed under `Interviews` would make a category page and feed of its
own, with one post in it, and take the post out of the one its readers follow; `Series: Job
hnut` would start a second series, "Part 1 of 1".

Names that give one address are already one category, tag or series (Pelican and the series
plugin group them by address: `Job hunt`, `job Hunt` and `Job-hunt`), named in messages as
most of their posts write them (on a tie, as the oldest does). The others are compared in small
letters, spaces and punctuation as one space (`salary-talk`, `Salary tlak`), with difflib's ratio: SIMILARITY (0.85) is one letter in 7, two in 14 or so,
and names shorter than MIN_LENGTH are never compared ("Pay" and "Play" are two topics), nor two
tags of one post. The post named is the one whose spelling fewer posts use, at its metadata
line; when two spellings have as many posts each, neither is the better guess, so one line, at
the newest post, names both. Names alike on purpose (`Careers` and `Carers`) go in
DISTINCT_CATEGORIES, one list for categories, tags and series (the coach's guide documents it).
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from build.settings import defaults, setting

from .contents import every_article
from .errors import AuthorError, display_path, report
from .metadata import metadata_line

SIMILARITY = 0.85
MIN_LENGTH = 5
DEFAULTS = defaults({
    # Categories, tags and series spelt nearly alike on purpose (`Careers` and `Carers`): never
    # taken for a typo.
    "DISTINCT_CATEGORIES": (),
})


@dataclass(frozen=True)
class Kind:
    """What is compared: its word in messages, its metadata line, its setting for names alike
    on purpose, and what a second spelling makes."""

    word: str
    key: str
    setting: str
    own: str

    def write(self, name):
        """What to write to use `name`."""
        if self.key == "tags":
            return f"'{name}' in the Tags: line"
        return f"'{self.key.title()}: {name}'"


CATEGORY = Kind("category", "category", "DISTINCT_CATEGORIES", "each category has its own page and feed")
TAG = Kind("tag", "tags", "DISTINCT_CATEGORIES", "each tag has its own page")
SERIES = Kind("series", "series", "DISTINCT_CATEGORIES", "each series has its own page and numbers its own parts")


def check_categories(generators):
    """`all_generators_finalized`: one line for each post filed under a near-twin category or
    tag."""
    settings = generators[0].settings
    posts = [post for generator in generators if hasattr(generator, "drafts")  # the article generator
             for post in every_article(generator)]
    categories, tags = {}, {}
    for post in posts:
        if getattr(post, "category", None) is not None:
            categories.setdefault(post.category.slug, []).append((post, post.category.name))
        for tag in getattr(post, "tags", None) or ():
            tags.setdefault(tag.slug, []).append((post, tag.name))
    errors = [*near_twin_errors(CATEGORY, categories, settings), *near_twin_errors(TAG, tags, settings)]
    if errors:
        for error in errors:
            report(error)
        raise errors[0]


def near_twin_errors(kind, named, settings):
    """The errors for `named` ({address: [(post, its name as written)...]}): one for each post
    whose name is a near twin of a name more posts use, one for each pair of near twins with
    as many posts each."""
    distinct = {compared(name) for name in setting(settings, kind.setting) or ()}
    posts = {spelling(pairs): [post for post, _ in pairs] for pairs in named.values()}
    names = sorted(posts, key=str.lower)
    twins = twins_of(names, posts, distinct)
    errors, paired = [], set()
    for name in names:
        bigger = [other for other in twins[name] if len(posts[other]) > len(posts[name])]
        if bigger:
            likely = max(bigger, key=lambda other: len(posts[other]))
            errors.extend(near_twin_error(kind, post, name, likely, posts[likely]) for post in written(kind, posts[name]))
        else:
            errors.extend(same_count_errors(kind, name, twins, posts, paired))
    return errors


def twins_of(names, posts, distinct):
    """{name: its near twins}; two names of one post (two tags) are never twins."""
    return {name: [other for other in names if other != name and near_twins(name, other, distinct)
                   and not {id(post) for post in posts[name]} & {id(post) for post in posts[other]}]
            for name in names}


def same_count_errors(kind, name, twins, posts, paired):
    """One error for each near twin of `name` with as many posts (and none bigger)."""
    for other in twins[name]:
        same = len(posts[other]) == len(posts[name])
        if same and other not in paired and not any(len(posts[o]) > len(posts[other]) for o in twins[other]):
            paired.add(name)
            if written(kind, posts[name] + posts[other]):
                yield same_count_error(kind, name, other, posts)


def spelling(pairs):
    """The name most posts write (on a tie, the oldest post's), from [(post, name)...]."""
    pairs = sorted(pairs, key=lambda pair: (str(getattr(pair[0], "date", "")), pair[0].source_path))
    counts = Counter(" ".join(str(name).split()) for _, name in pairs)
    return max(counts, key=counts.get)  # the first of the most used: the oldest post's


def compared(name):
    """A name as compared: small letters, spaces and punctuation as one space."""
    return " ".join(re.split(r"[\W_]+", str(name).lower())).strip()


def near_twins(one, other, distinct):
    one, other = compared(one), compared(other)
    if min(len(one), len(other)) < MIN_LENGTH or one in distinct or other in distinct:
        return False
    return difflib.SequenceMatcher(None, one, other).ratio() >= SIMILARITY


def written(kind, posts):
    """The posts among `posts` whose file has the metadata line (a category may be the default)."""
    return [post for post in posts if metadata_line(post.source_path, kind.key)]


def _others(posts):
    count = len(posts)
    example = display_path(sorted(post.source_path for post in posts)[0])
    return f"{count} post{'s' if count > 1 else ''}" + (f", such as {example}" if count > 1 else f", {example}")


def near_twin_error(kind, post, fewer, more, more_posts):
    return AuthorError(
        f"the {kind.word} '{fewer}' is nearly the same as '{more}', the {kind.word} of {_others(more_posts)} "
        f"(did you mean '{more}'?)",
        f"write {kind.write(more)}; if '{fewer}' is a {kind.word} of its own, add it to {kind.setting} "
        "in pelicanconf.py",
        path=post.source_path,
        line=metadata_line(post.source_path, kind.key),
    )


def same_count_error(kind, one, other, posts):
    """One line for two near-twin names with as many posts each: at the newest post that has
    the metadata line, naming the other name's post."""
    newest = max(written(kind, posts[one] + posts[other]),
                 key=lambda post: (str(getattr(post, "date", "")), post.source_path))
    here, there = (one, other) if any(post is newest for post in posts[one]) else (other, one)
    count = len(posts[here])
    example = display_path(sorted(post.source_path for post in posts[there])[0])
    line = "in the Tags: lines" if kind.key == "tags" else f"in every {kind.key.title()}: line"
    return AuthorError(
        f"the {kind.word} '{here}' is nearly the same as '{there}' ({example}), and each has "
        f"{count} post{'s' if count > 1 else ''}: one of them may be a typo",
        f"if they are one topic, write it the same way {line} ({kind.own}); if not, add one of them "
        f"to {kind.setting} in pelicanconf.py",
        path=newest.source_path,
        line=metadata_line(newest.source_path, kind.key),
    )
