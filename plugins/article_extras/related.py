"""Two stories to read next at the end of each post: the nearest parts of its series first
(the next part, then the one before...), then the posts sharing the most tags with it, then
the newest. Only published posts are suggested; the theme lists them by title
(includes/related.html). Web page only: feeds and emails end with the post's own blocks.

Worked out for every post at once from the tags' sets of posts, as bit masks (bit r: the
r-th newest post), counted for each post with a few operations on whole masks: a site of
thousands of posts pays little for it.
"""

RELATED_COUNT = 2


class Suggestions:
    """The published posts, newest first, and which of them carry each tag."""

    def __init__(self, published):
        self.newest_first = sorted(published, key=lambda post: (post.date, post.source_path), reverse=True)
        self.by_tag = {}  # tag slug -> mask of the posts that carry it
        for rank, post in enumerate(self.newest_first):
            for slug in tag_slugs(post):
                self.by_tag[slug] = self.by_tag.get(slug, 0) | 1 << rank

    def for_post(self, post, count=RELATED_COUNT):
        """Up to `count` posts for `post`, in the order of the module's docstring."""
        left_out = {id(post), *(id(other) for other in getattr(post, "translations", ()))}
        chosen = []
        for suggested in (series_neighbours(post), self.sharing_tags(post), self.newest_first):
            for other in suggested:
                if len(chosen) == count:
                    return chosen
                if id(other) not in left_out:
                    left_out.add(id(other))
                    chosen.append(other)
        return chosen

    def sharing_tags(self, post):
        """The posts sharing a tag with `post`: the most tags shared first, then the newest."""
        planes = []  # the count of shared tags of each post, in binary: planes[j] is bit j
        for slug in tag_slugs(post):
            carry = self.by_tag.get(slug, 0)
            for bit, plane in enumerate(planes):
                planes[bit], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        for shared in range((1 << len(planes)) - 1, 0, -1):
            mask = -1
            for bit, plane in enumerate(planes):
                mask &= plane if shared >> bit & 1 else ~plane
            while mask > 0:
                lowest = mask & -mask
                yield self.newest_first[lowest.bit_length() - 1]
                mask ^= lowest


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
