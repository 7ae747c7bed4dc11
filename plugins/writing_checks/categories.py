"""A category spelt nearly like another one stops the build: `Category: Interveiws` next to
posts filed under `Interviews` would make a category page and feed of its own, with one post
in it, and take the post out of the one its readers follow.

Names are compared in small letters (Pelican already makes `interviews` and `Interviews` one
category) with difflib's ratio: SIMILARITY (0.85) is one letter in 7, two in 14 or so, and
names shorter than MIN_LENGTH are never compared ("Pay" and "Play" are two topics). The post
named is the one whose category fewer posts use, at its `Category:` line; when two
categories have as many posts each, neither is the better guess, so one line names both.
A coach with two such categories on purpose (`Careers` and `Carers`) names either in
DISTINCT_CATEGORIES.
"""

import difflib

from build.settings import defaults, setting

from .contents import every_article
from .errors import AuthorError, display_path, report
from .metadata import metadata_line

SIMILARITY = 0.85
MIN_LENGTH = 5
DEFAULTS = defaults({
    # Categories spelt nearly alike on purpose (`Careers` and `Carers`): never taken for a typo.
    "DISTINCT_CATEGORIES": (),
})


def check_categories(generators):
    """`all_generators_finalized`: one line for each post filed under a near-twin category."""
    settings = generators[0].settings
    distinct = {str(name).strip().lower() for name in setting(settings, "DISTINCT_CATEGORIES") or ()}
    posts = posts_by_category(generators)
    names = sorted(posts, key=lambda category: category.name.lower())
    twins = {category: [other for other in names if other is not category
                        and near_twins(category.name, other.name, distinct)] for category in names}
    errors, paired = [], set()
    for category in names:
        bigger = [other for other in twins[category] if len(posts[other]) > len(posts[category])]
        if bigger:
            likely = max(bigger, key=lambda other: len(posts[other]))
            errors.extend(near_twin_error(post, category, likely, posts[likely]) for post in written(posts[category]))
        else:
            errors.extend(same_count_errors(category, twins, posts, paired))
    if errors:
        for error in errors:
            report(error)
        raise errors[0]


def posts_by_category(generators):
    """{category: its posts}, every post the article generator read."""
    posts = {}
    for generator in generators:
        if hasattr(generator, "drafts"):  # the article generator
            for post in every_article(generator):
                if getattr(post, "category", None) is not None:
                    posts.setdefault(post.category, []).append(post)
    return posts


def same_count_errors(category, twins, posts, paired):
    """One error for each near twin of `category` with as many posts (and none bigger)."""
    for other in twins[category]:
        same = len(posts[other]) == len(posts[category])
        if same and other not in paired and not any(len(posts[o]) > len(posts[other]) for o in twins[other]):
            paired.add(category)
            if written(posts[category] + posts[other]):
                yield same_count_error(category, other, posts)


def near_twins(one, other, distinct):
    one, other = one.strip().lower(), other.strip().lower()
    if min(len(one), len(other)) < MIN_LENGTH or one in distinct or other in distinct:
        return False
    return difflib.SequenceMatcher(None, one, other).ratio() >= SIMILARITY


def written(posts):
    """The posts among `posts` whose file has a `Category:` line (the others took the default)."""
    return [post for post in posts if metadata_line(post.source_path, "category")]


def _others(posts):
    count = len(posts)
    example = display_path(sorted(post.source_path for post in posts)[0])
    return f"{count} post{'s' if count > 1 else ''}" + (f", such as {example}" if count > 1 else f", {example}")


def near_twin_error(post, fewer, more, more_posts):
    return AuthorError(
        f"the category {fewer.name!r} is nearly the same as {more.name!r}, the category of {_others(more_posts)} "
        f"(did you mean {more.name!r}?)",
        f"write 'Category: {more.name}'; if {fewer.name!r} is a category of its own, add it to "
        "DISTINCT_CATEGORIES in pelicanconf.py",
        path=post.source_path,
        line=metadata_line(post.source_path, "category"),
    )


def same_count_error(one, other, posts):
    """One line for two near-twin categories with as many posts each: at the newest post that
    has a `Category:` line, naming the other category's post."""
    newest = max(written(posts[one] + posts[other]), key=lambda post: (str(getattr(post, "date", "")), post.source_path))
    here, there = (one, other) if newest in posts[one] else (other, one)
    count = len(posts[here])
    example = display_path(sorted(post.source_path for post in posts[there])[0])
    return AuthorError(
        f"the category {here.name!r} is nearly the same as {there.name!r} ({example}), and each has "
        f"{count} post{'s' if count > 1 else ''}: one of them may be a typo",
        "if they are one topic, write it the same way in every Category: line (each category has its own "
        "page and feed); if not, add one of them to DISTINCT_CATEGORIES in pelicanconf.py",
        path=newest.source_path,
        line=metadata_line(newest.source_path, "category"),
    )
