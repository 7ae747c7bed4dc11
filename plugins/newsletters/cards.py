"""A post in a newsletter issue, as a block: a card (`post-card`) or the whole story (`post-full`).

    web    <article class="post-card"><h2><a href="URL">Title</a></h2><p class="post-card-date">date</p>
             <p>summary</p><p class="post-card-link"><a href="URL">Read the story</a></p></article>
    email  the same in a one-cell table (table.post-card), the link as a button (cta-button)
    text   the title, the date, the summary and the address
    feed   as the web page
The full story (`Posts-Full: yes`): its title as a linked heading, its date, then the post's
own tree (without its disclaimer and end-of-post CTA: the issue has its own), in that target.
"""

import xml.etree.ElementTree as etree

from blocks import state_of
from blocks.forms import post_url, tree_of
from blocks.links import resolver
from blocks.registry import BlockType, block_type, is_block
from blocks.render import Out
from blocks.text import TextOut, wrap

READ_ON = "Read the story"


class _PostBlock(BlockType):
    def post(self, element):
        return state_of(self.settings).newsletter_posts[element.get("slug")]

    def heading(self, post, out, parent, tag):
        """The post's title linked to it, and its date."""
        title = out.new(tag, {"class": "post-card-title"}, parent=parent)
        out.new("a", {"href": post_url(post)}, post.title, title)
        out.new("p", {"class": "post-card-date"}, post.locale_date, parent)


@block_type
class PostCard(_PostBlock):
    name = "post-card"

    def web(self, element, out):
        post = self.post(element)
        card = out.new("article", {"class": "post-card"})
        self.heading(post, out, card, "h2")
        out.new("p", {"class": "post-card-summary"}, post.metadata["parsed"].plain_summary, card)
        link = out.new("p", {"class": "post-card-link"}, parent=card)
        out.new("a", {"href": post_url(post)}, READ_ON, link)
        return card

    def email(self, element, out):
        post = self.post(element)
        table = out.new("table", {"role": "presentation", "class": "post-card", "width": "100%",
                                  "cellpadding": "0", "cellspacing": "0", "border": "0"})
        cell = out.new("td", {"class": "post-card-cell"}, parent=out.new("tr", parent=table))
        self.heading(post, out, cell, "h2")
        out.new("p", {"class": "post-card-summary"}, post.metadata["parsed"].plain_summary, cell)
        button = out.new("table", {"role": "presentation", "class": "cta-button", "cellpadding": "0",
                                   "cellspacing": "0", "border": "0"}, parent=cell)
        button_cell = out.new("td", {"class": "cta-button-cell", "align": "center"}, parent=out.new("tr", parent=button))
        out.new("a", {"href": post_url(post), "class": "cta-button-link"}, READ_ON, button_cell)
        return table

    def text(self, element, out):
        post = self.post(element)
        lines = [*wrap(post.title, out.indent), out.indent + post.locale_date, ""]
        lines += wrap(post.metadata["parsed"].plain_summary, out.indent)
        return "\n".join([*lines, f"{out.indent}{READ_ON}: {post_url(post)}"])


@block_type
class PostFull(_PostBlock):
    name = "post-full"

    def story(self, post):
        """The post's tree without the blocks attached to its end."""
        story = etree.Element("div")
        story.text = tree_of(post).text
        story.extend(child for child in tree_of(post)
                     if not (is_block(child, "disclaimer") or child.get("placement") == "end"))
        return story

    def web(self, element, out):
        post = self.post(element)
        section = out.new("section", {"class": "post-full"})
        self.heading(post, out, section, "h2")
        own = Out(out.build, out.target, post, resolver(post, post.settings["SITEURL"]), post_url(post))
        return own.fill(section, self.story(post))

    def text(self, element, out):
        post = self.post(element)
        heading = "\n".join([*wrap(post.title, out.indent), out.indent + post.locale_date])
        own = TextOut(out.build, post, resolver(post, post.settings["SITEURL"]), post_url(post), out.references)
        return heading + "\n\n" + own.render(self.story(post), out.indent)
