"""Embeds: a video or podcast address alone on its line, shown as a private link card.

The syntax (syntax.py) makes `<block type="embed" provider="youtube" kind="video" url="..."
title="...">` of a YouTube, Vimeo, Spotify, Apple Podcasts or SoundCloud address alone on its
line (providers.py says which addresses), and turns any other bare `https://` address in a
sentence into a link. A build has no network, so the card shows what the coach wrote: the
optional title after the address, the kind and the provider. It loads nothing from the
provider (no frame, no thumbnail, no script): the reader's browser asks the provider for
nothing until the reader follows the link, which sends no Referer (rel="noreferrer").

    web    <div class="embed embed-youtube"><a class="embed-card" href="URL" rel="noopener noreferrer">
             <span class="embed-icon" aria-hidden="true">▶</span><span class="embed-text">
             <span class="embed-kind">Video</span><span class="embed-title">Title</span>
             <span class="embed-play">Watch on YouTube</span></span></a></div>
           (looks: theme/static/css/blocks.css)
    feed   <p class="embed embed-youtube"><a href="URL">Title</a> (video on YouTube)</p>;
           without a title the link reads "Video on YouTube"
    email  <table role="presentation" class="embed embed-youtube"><tr><td class="embed-cell">
             <p class="embed-kind">Video</p><p class="embed-title"><a href="URL">Title</a></p>
             <p class="embed-play"><a class="embed-play-link" href="URL">Watch on YouTube</a></p>
           </td></tr></table>   (looks: theme/templates/email/email.css)
    text   the feed's words and a colon, then the address on a line of its own
"""

import html

from blocks.registry import BlockType, block_type

from . import syntax
from .providers import PROVIDERS

__all__ = ["Embed", "register"]

PLAY_ICON = "&#x25b6;&#xfe0e;"  # ▶ as text, not an emoji (tree text holds character references)
LINK_REL = "noopener noreferrer"


@block_type
class Embed(BlockType):
    name = "embed"

    def extend(self, md):
        syntax.extend(md)

    @staticmethod
    def parts(element):
        """(provider, kind, address, title or "") of an embed block."""
        provider = PROVIDERS[element.get("provider")]
        return provider, element.get("kind"), element.get("url"), element.get("title", "")

    def described(self, element):
        """The words of the feed's link and the text part: "Title (video on YouTube)", or
        "Video on YouTube" without a title."""
        provider, kind, _, title = self.parts(element)
        where = f"{kind} on {provider.label}"
        return f"{title} ({where})" if title else where[:1].upper() + where[1:]

    def web(self, element, out):
        provider, kind, url, title = self.parts(element)
        card = out.new("div", {"class": f"embed embed-{provider.name}"})
        link = out.new("a", {"class": "embed-card", "href": out.url(url), "rel": LINK_REL}, parent=card)
        out.new("span", {"class": "embed-icon", "aria-hidden": "true"}, PLAY_ICON, link)
        words = out.new("span", {"class": "embed-text"}, parent=link)
        parts = [out.new("span", {"class": "embed-kind"}, _escaped(kind[:1].upper() + kind[1:]), words)]
        if title:
            parts.append(out.new("span", {"class": "embed-title"}, _escaped(title), words))
        out.new("span", {"class": "embed-play"}, _escaped(provider.play), words)
        for part in parts:
            part.tail = " "  # the link's name, read aloud or copied, has its words apart
        return card

    def feed(self, element, out):
        provider, kind, url, title = self.parts(element)
        paragraph = out.new("p", {"class": f"embed embed-{provider.name}"})
        link = out.new("a", {"href": out.url(url)}, parent=paragraph)
        if title:
            link.text = _escaped(title)
            link.tail = _escaped(f" ({kind} on {provider.label})")
        else:
            link.text = _escaped(self.described(element))
        return paragraph

    def email(self, element, out):
        provider, kind, url, title = self.parts(element)
        href = out.url(url)
        table = out.new("table", {"role": "presentation", "class": f"embed embed-{provider.name}", "width": "100%",
                                  "cellpadding": "0", "cellspacing": "0", "border": "0"})
        cell = out.new("td", {"class": "embed-cell"}, parent=out.new("tr", parent=table))
        out.new("p", {"class": "embed-kind"}, _escaped(kind[:1].upper() + kind[1:]), cell)
        if title:
            out.new("a", {"href": href}, _escaped(title), out.new("p", {"class": "embed-title"}, parent=cell))
        play = out.new("p", {"class": "embed-play"}, parent=cell)
        out.new("a", {"class": "embed-play-link", "href": href}, _escaped(provider.play), play)
        return table

    def text(self, element, out):
        _, _, url, _ = self.parts(element)
        return f"{out.wrapped(self.described(element) + ':')}\n{out.indent}{out.url(url)}"


def _escaped(text):
    """Plain words as tree text (Python-Markdown's convention: `&...;` is a character reference)."""
    return html.escape(text, quote=False)


def register():
    """Nothing to connect: the block type is registered (`@block_type`) when imported."""
