"""The embed syntax: an address alone on its line, and bare addresses in sentences as links.

    https://youtu.be/aBcDeFgHiJk
    https://youtu.be/aBcDeFgHiJk "My talk at the conference"      (an optional title)

A paragraph whose every line is a YouTube, Vimeo, Spotify, Apple Podcasts or SoundCloud
address (providers.py), each with an optional title in double quotes ("..." or “...”), becomes
one `<block type="embed" provider=... kind=... url=... title=...>` per line. In a list item
(a list of links) or any other paragraph such an address stays a link. A title begun with a
quote but not closed at the end of the line, with text after its closing quote, or empty,
stops the build: the line would be shown as text.

Any other `https://` or `http://` address written in a sentence becomes a link
(pymdownx.magiclink, with its own pattern narrowed to those two schemes: no `ftp://`, and no
`www.example.com` made into an `http://` address the coach did not write). Code, and the
text of a link already written as one, stay as they are. Email addresses stay text (write
`<maya@example.com>` for a link): magiclink's email links hide the address in character
references that the block tree does not carry.
"""

import re

from markdown.blockprocessors import BlockProcessor
from pymdownx.magiclink import MagiclinkPattern

from blocks.registry import new_block
from writing_checks.errors import AuthorError

from .providers import recognise

PRIORITY = 24  # after code blocks, headers, rules and lists; before quotes (20) and paragraphs (10)
OPENING_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c"}  # straight, English, German
CLOSING_QUOTES = {'"', "\u201d", "\u201c"}
# magiclink's bare-address pattern (RE_LINK) for http:// and https:// only; its `www` group
# never takes part, so its "www.x -> http://www.x" rule never runs.
WEB_ADDRESS = r"""(?xi)(?<![^\s*_~^[('"\x03])(?:https?://)(?P<www>(?!))?"""
NOT_IN_ADDRESS = re.compile(r'["<>\s]')  # where an address written in text ends at the latest
MAGICLINK = "pymdownx.magiclink"
MAGICLINK_CONFIG = {
    "hide_protocol": False,  # the address is shown as written
    "repo_url_shortener": False, "social_url_shortener": False,
    "repo_url_shorthand": False, "social_url_shorthand": False,
}


def split_line(line):
    """(address, rest) of a line that starts with an address (`<...>` around it allowed)."""
    line = line.strip()
    address, _, rest = line.partition(" ")
    if address.startswith("<") and address.endswith(">"):
        address = address[1:-1]
    return address, rest.strip()


def embed_line(line):
    """(Embed, rest of the line) when `line` is an embeddable address alone or followed by
    a quoted title, else None (a sentence that starts with an address is a sentence)."""
    address, rest = split_line(line.replace("\t", " "))
    if "://" not in address or NOT_IN_ADDRESS.search(address):
        return None
    embed = recognise(address)
    if embed is None or (rest and rest[0] not in OPENING_QUOTES):
        return None
    return embed, rest


def title_of(rest, line):
    """The title written after the address ("" for none); AuthorError when malformed."""
    if not rest:
        return ""
    needle = line.strip()
    if len(rest) < 2 or rest[-1] not in CLOSING_QUOTES:
        closing = OPENING_QUOTES[rest[0]]
        if closing in rest[1:]:
            problem = f"there is text after the closing quote of the title in '{needle}'"
            fix = "end the line with the title's closing quote, or put the rest in a paragraph of its own"
        else:
            problem = f"the title in '{needle}' has no closing quote, so the line would be shown as text"
            fix = f"end the title with {closing}"
        raise AuthorError(problem, fix, needle=needle)
    title = " ".join(rest[1:-1].split())
    if not title:
        raise AuthorError(f"the title in '{needle}' is empty", "write a title between the quotes, or remove them",
                          needle=needle)
    return title


class EmbedBlockProcessor(BlockProcessor):
    """A paragraph whose every line is an embeddable address (with an optional title)."""

    def test(self, parent, block):
        if "://" not in block or parent.tag == "li":
            return False
        return all(embed_line(line) is not None for line in block.split("\n"))

    def run(self, parent, blocks):
        for line in blocks.pop(0).split("\n"):
            embed, rest = embed_line(line)
            title = title_of(rest, line)
            attributes = {"provider": embed.provider.name, "kind": embed.kind, "url": embed.url}
            if title:
                attributes["title"] = title  # as written; put in a form's text escaped
            new_block(parent, "embed", **attributes)


class WebAddressPattern(MagiclinkPattern):
    """magiclink's bare address, for http:// and https:// only, ending before a `"` or `>`:
    neither can be in an address, and HTML pasted as text (`<a href="https://...">`, shown
    as written) must not make one link of the address and the tag's rest."""

    def __init__(self, md):
        super().__init__(WEB_ADDRESS, md)
        self.config = dict(MAGICLINK_CONFIG)

    def handleMatch(self, m, data):
        stop = NOT_IN_ADDRESS.search(data, m.end(0))
        return super().handleMatch(m, data[:stop.start()] if stop else data)


def extend(md):
    """Add the embed paragraph and the bare-address links to a Markdown instance."""
    md.registerExtensions([MAGICLINK], {MAGICLINK: dict(MAGICLINK_CONFIG)})
    md.inlinePatterns.register(WebAddressPattern(md), "magic-link", 85)  # in place of magiclink's own
    md.inlinePatterns.deregister("magic-mail", strict=False)  # see the module's docstring
    md.parser.blockprocessors.register(EmbedBlockProcessor(md.parser), "embed", PRIORITY)


__all__ = ["EmbedBlockProcessor", "WebAddressPattern", "embed_line", "extend"]
