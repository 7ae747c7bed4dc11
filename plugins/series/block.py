"""The series box as a block: attached to each post with a `Series:` line, after its text
(before the disclaimer and the end-of-post CTA). Its forms outside the web page list the
other parts, so they are made when the feeds and emails are written, from the places worked
out once every post is read (`Box.places`, per build). The web page shows the box from the
template (theme/templates/includes/series_box.html), where the same places are known.

    web    nothing here (the template's box, under the byline)
    feed   <div class="series"><p><strong>Part 2 of 3</strong> in the series <a>NAME</a></p>
             <ol><li><a href="…">Part 1's title</a></li><li><strong>This title</strong> (this story)</li>…</ol></div>
    email  the feed form in a panel (table.series, td.series-cell)
    text   the feed form as text (its links numbered with the post's)
"""

import html
import xml.etree.ElementTree as etree

from blocks.registry import BlockType, block_type, new_block
from writing_checks.errors import AuthorError


@block_type
class Box(BlockType):
    name = "series"
    metadata = ("series", "series-part")
    attach_order = 5  # after the text, before the disclaimer (10) and the end CTA (20)

    def __init__(self, build):
        super().__init__(build)
        self.places = {}  # source path -> order.Place, set once every post is read
        self.series = {}  # slug -> order.Series

    def attach(self, document, root):
        name, part = document.value("series"), document.value("series-part")
        if name is None and part is None:
            return
        if document.kind != "post":
            raise AuthorError(
                "a page cannot be part of a series (only posts are)", "remove the Series: line, "
                "or move the file into content/posts/ to make it a post", key="series" if name is not None else "series-part")
        if part is not None:
            check_part(part)
            if not name:
                raise AuthorError(
                    "this post has a Series-Part: line but no Series: line, so it is part of no series",
                    "add a line such as 'Series: Interview stories' (the series' name), or remove the "
                    "Series-Part: line", key="series-part")
        if not name:
            raise AuthorError("the Series: line has no name", "write the series' name, for example "
                              "'Series: Interview stories', or remove the line", key="series")
        new_block(root, "series")

    def place_of(self, out):
        """The Place of the post being rendered, or None (not worked out yet)."""
        post = out.document
        return self.places.get(getattr(post, "source_path", None))

    def feed(self, element, out):
        place = self.place_of(out)
        if place is None:
            return None
        box = out.new("div", {"class": "series"})
        intro = out.new("p", {"class": "series-title"}, parent=box)
        out.new("strong", text=place.heading, parent=intro)
        series = place.series
        if series.url:
            intro[-1].tail = " in the series "
            out.new("a", {"href": self.address(series.url, out)}, as_text(series.name), intro)
        else:
            intro[-1].tail = " in the series " + as_text(series.name)
        parts = out.new("ol", {"class": "series-parts"}, parent=box)
        for post in place.parts:
            item = out.new("li", parent=parts)
            if post is place.post:
                out.new("strong", text=as_text(post.title), parent=item).tail = " (this story)"
            else:
                out.new("a", {"href": self.address(post.url, out)}, as_text(post.title), item)
        return box

    def address(self, url, out):
        """A page's absolute address (feeds and emails have no page to start from)."""
        return out.url(f"{self.settings['SITEURL'].rstrip('/')}/{url}")

    def email(self, element, out):
        box = self.feed(element, out)
        if box is None:
            return None
        table = out.new("table", {"role": "presentation", "class": "series", "width": "100%",
                                  "cellpadding": "0", "cellspacing": "0", "border": "0"})
        cell = out.new("td", {"class": "series-cell"}, parent=out.new("tr", parent=table))
        cell[:] = list(box)
        return table

    def text(self, element, out):
        box = self.feed(element, out.feed_out)
        if box is None:
            return ""
        container = etree.Element(None)
        container.append(box)
        return out.block_text(container)


def as_text(value):
    """Plain text as the tree holds text (a character reference for `&`, as Markdown's)."""
    return html.escape(str(value), quote=False)


def check_part(value):
    """A `Series-Part:` is a whole number from 1 (AuthorError at its line)."""
    text = value.strip()
    if not text.isdigit() or int(text) < 1:
        raise AuthorError(
            f"'Series-Part: {text}' is not a part number",
            "write the part's number as digits, from 1 ('Series-Part: 2'), or remove the line to "
            "order the parts by their dates", key="series-part")
