"""Two stories to read next at the end of each post: the nearest parts of its series first
(the next part, then the one before...), then the posts sharing the most tags with it, then
the newest. Only published posts are suggested; the theme lists them by title
(includes/related.html). Web page only: feeds and emails end with the post's own blocks.

Worked out for every post at once from an index of tags (a post is compared only with the
posts that share a tag with it), so that a site of thousands of posts pays little for it.
"""

import heapq
from collections import Counter

RELATED_COUNT = 2


class Suggestions:
    """The published posts, newest first, and which of them carry each tag."""

    def __init__(self, published):
        self.newest_first = sorted(published, key=lambda post: (post.date, post.source_path), reverse=True)
        self.rank = {id(post): rank for rank, post in enumerate(self.newest_first)}
        self.by_tag = {}
        for rank, post in enumerate(self.newest_first):
            for slug in tag_slugs(post):
                self.by_tag.setdefault(slug, []).append(rank)

    def for_post(self, post, count=RELATED_COUNT):
        """Up to `count` posts for `post`, in the order of the module's docstring."""
        left_out = {id(post), *(id(other) for other in getattr(post, "translations", ()))}
        chosen = []

        def take(candidates):
            for other in candidates:
                if len(chosen) == count:
                    return
                if id(other) not in left_out:
                    left_out.add(id(other))
                    chosen.append(other)

        take(series_neighbours(post))
        if len(chosen) < count:
            shared = Counter()
            for slug in tag_slugs(post):
                shared.update(self.by_tag.get(slug, ()))
            # Most tags shared, then newest: one number per candidate, compared in C.
            size = len(self.newest_first)
            best = heapq.nlargest(count + len(left_out),
                                  (tags * size + size - 1 - rank for rank, tags in shared.items()))
            take(self.newest_first[size - 1 - score % size] for score in best)
        if len(chosen) < count:
            take(self.newest_first[: count + len(left_out)])
        return chosen


def tag_slugs(post):
    return {tag.slug for tag in getattr(post, "tags", None) or ()}


def series_neighbours(post):
    """The other parts of the post's series, nearest first, the next before the previous."""
    place = getattr(post, "series_place", None)
    if place is None or post not in place.parts:
        return []
    parts, here = list(place.parts), place.parts.index(post)
    others = [other for other in parts if other is not post]
    return sorted(others, key=lambda other: (abs(parts.index(other) - here), parts.index(other) < here))


def add_related(articles, published, count=RELATED_COUNT):
    """Set `related` (a list of up to `count` published posts) on each of `articles`."""
    suggestions = Suggestions(published)
    for post in articles:
        post.related = suggestions.for_post(post, count)
