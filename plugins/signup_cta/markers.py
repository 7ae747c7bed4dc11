"""The `[[cta:NAME]]` / `[[cta]]` paragraph: a `<block type="cta" name="NAME">` in the tree.

A marker anywhere else in the text (inside a sentence), or one written with other brackets
(`[cta]`, `{{cta:NAME}}`), stops the build, except in code (StrayMarkerTreeprocessor). In a
CTA's own file (its text or its `Email:` line) a marker stops the build: a CTA cannot place
another.
"""

import re

from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor

from blocks.registry import BLOCK, is_block, new_block
from writing_checks.errors import AuthorError

MARKER_LINE = re.compile(r"^[ ]{0,3}\[\[\s*cta\b", re.IGNORECASE | re.MULTILINE)
MARKER = re.compile(r"^\[\[\s*cta\s*(?P<colon>:\s*(?P<name>[^\]\s]*)\s*)?\]\]$", re.IGNORECASE)
PRIORITY = 25  # after code blocks, headers and lists; before quotes and paragraphs
# `[[cta` anywhere in a text, for markers the block processor did not take (inside a sentence).
MARKER_IN_TEXT = re.compile(r"\[\[\s*cta\b", re.IGNORECASE)
# A marker written with other brackets, or one bracket: `[cta]`, `{{cta:newsletter}}`, `{cta]]`
# (Markdown would publish it as text); see `near_markers`. A Markdown link `[cta](...)` has
# become an <a> by then; an escaped `\[[cta]]` is the escape's placeholder (ending in \x03)
# then `[cta]]`, and shows as written.
NEAR_MARKER = re.compile(r"[\[{]{1,2}[ \t]*cta[ \t]*(?::[ \t]*[^\]}\s]*[ \t]*)?[\]}]{1,2}", re.IGNORECASE)
NEAR_MARKER_START = re.compile(r"[\[{][ \t]*cta", re.IGNORECASE)  # quick to look for in a whole post


def near_markers(text):
    """Yield each marker written with other brackets in `text` (not `[[cta...]]`)."""
    for found in NEAR_MARKER_START.finditer(text):
        start = found.start()
        if start and text[start - 1] in "[{":
            start -= 1
        if start and text[start - 1] in "[{\x03":
            continue
        match = NEAR_MARKER.match(text, start)
        if match and not MARKER.match(match.group(0)):
            yield match.group(0)


# Code shows a marker as the text it is (inline `code`, indented and fenced blocks).
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
# After the inline patterns (20), so inline code is a <code> element, and before the
# backslash escapes are put back (0): `\[[cta]]` stays text, as Markdown's escapes promise.
STRAY_PRIORITY = 15


class CtaBlockProcessor(BlockProcessor):
    """A paragraph that is exactly `[[cta:NAME]]` or `[[cta]]` becomes that CTA."""

    def __init__(self, parser, cta_type):
        super().__init__(parser)
        self.cta_type = cta_type

    @property
    def catalog(self):
        return self.cta_type.catalog

    def test(self, parent, block):
        return bool(MARKER_LINE.search(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        marker_line = MARKER_LINE.search(block)
        needle = block[marker_line.start() :].split("\n", 1)[0].strip()
        in_cta_file(self.parser.md, needle)
        match = MARKER.match(block.strip())
        if not match:
            raise malformed_marker(needle)
        cta = self.chosen(match, needle)
        root = getattr(self.parser, "root", parent)
        if any(is_block(element, "cta") and element.get("name") == cta.name for element in root.iter(BLOCK)):
            raise AuthorError(
                f"the CTA '{cta.name}' is placed twice in this post",
                "keep one [[cta...]] line for it; a reader sees each CTA once",
                needle=needle,
            )
        new_block(parent, "cta", name=cta.name)

    def chosen(self, match, needle):
        """The CTA the marker names, or the default for a bare `[[cta]]`."""
        catalog = self.catalog
        if match.group("colon") is None:
            if catalog.default:
                return catalog.ctas[catalog.default]
            why = (
                f"its file ctas/{catalog.missing_default}.md (CTA_DEFAULT) does not exist"
                if catalog.missing_default
                else "CTA_DEFAULT is not set"
            )
            raise AuthorError(
                f"[[cta]] places the default CTA, but {why} (CTAs: {catalog.names()})",
                "name one, as in [[cta:NAME]], or set CTA_DEFAULT in pelicanconf.py",
                needle=needle,
            )
        if not match.group("name"):
            raise AuthorError(
                "[[cta:]] names no CTA",
                f"write [[cta:NAME]] with one of: {catalog.names()}; or [[cta]] for the default",
                needle=needle,
            )
        return catalog.get(match.group("name"), needle=needle, written_as="[[cta:{}]]")

def malformed_marker(needle):
    """The AuthorError for a marker that is not a paragraph of its own (or not closed)."""
    if "]]" not in needle:
        return AuthorError(
            f"the CTA marker '{needle}' is not closed",
            "end it with ']]', for example [[cta:newsletter]] (or [[cta]] for the default CTA)",
            needle=needle,
        )
    return AuthorError(
        f"'{needle}' must be a paragraph of its own, written [[cta:NAME]] or [[cta]]",
        "put it on its own line with a blank line before and after, and nothing else on the line",
        needle=needle,
    )


def in_cta_file(md, needle):
    """A marker in a CTA's own file stops the build there: a CTA cannot place another."""
    document = getattr(md, "blocks_document", None)
    if document is not None and document.kind == "cta-email":
        raise AuthorError(
            "the Email: text of a CTA cannot contain a [[cta]] marker: feeds and emails would show it as text",
            "remove the [[cta...]] from the Email: line",
            needle=needle,
        )
    if document is not None and document.kind == "call-to-action":
        raise AuthorError("a CTA's text cannot contain another [[cta]]", "remove the [[cta...]] from the CTA file",
                          needle=needle)


class StrayMarkerTreeprocessor(Treeprocessor):
    """A `[[cta...]]` still in the text once the blocks are parsed (inside a sentence, a
    heading, a table cell) stops the build, as one on a line of a paragraph does: it would
    be published as text, on the page, in feeds and in emails. In code it is text, as written.

    One in a CTA's own file stops the build there: a CTA cannot place another.
    """

    near_possible = True  # whether the source may hold a marker with other brackets

    def run(self, root):
        lines = getattr(self.md, "lines", None)  # the source, code blocks already set aside
        if lines is not None:
            text = "\n".join(lines)
            self.near_possible = next(near_markers(text), None) is not None
            if "[[" not in text and not self.near_possible:
                return  # nearly every post: no walk over its tree
        self.check(root)

    def check(self, element):
        if element.tag in CODE_TAGS:
            return
        self.look(element.text)
        for child in element:
            self.check(child)
            self.look(child.tail)

    def look(self, text):
        found = MARKER_IN_TEXT.search(text) if text else None
        if found is None:
            near = next(near_markers(text), None) if text and self.near_possible else None
            if near is not None:
                in_cta_file(self.md, near)
                raise misbracketed_marker(near)
            return
        rest = text[found.start() :].split("\n", 1)[0]
        end = rest.find("]]")
        needle = (rest[: end + 2] if end >= 0 else rest).strip()
        in_cta_file(self.md, needle)
        raise malformed_marker(needle)


def misbracketed_marker(needle):
    """The AuthorError for `[cta]`, `{{cta:NAME}}`...: a marker with other brackets."""
    name = re.sub(r"^[\[{\s]*cta\s*:?\s*|[\]}\s]*$", "", needle, flags=re.IGNORECASE)
    marker = f"[[cta:{name}]]" if name else "[[cta]]"
    return AuthorError(
        f"'{needle}' is not a CTA marker, so it would be published as text",
        f"write {marker} (two square brackets on each side) on a line of its own"
        + ("" if name else "; [[cta:NAME]] places another CTA than the default"),
        needle=needle,
    )


def extend(md, cta_type):
    """Add `[[cta]]` (and the check of markers elsewhere) to a Markdown instance."""
    md.parser.blockprocessors.register(CtaBlockProcessor(md.parser, cta_type), "cta", PRIORITY)
    md.treeprocessors.register(StrayMarkerTreeprocessor(md), "cta_stray", STRAY_PRIORITY)
