"""The last step of every Markdown conversion: the tree is made plain, blocks are attached,
the tree is kept, and the web page's form is what Python-Markdown serializes.

Python-Markdown leaves placeholders in its tree for what it stashed: code blocks (the
highlighter's HTML) and entities (`&mdash;`). They are put back here, once: a code block as
elements, an entity as the reference it is (the tree's text follows Python-Markdown's
convention that `&...;` in text is a character reference). The tree is then what every
target is rendered from (blocks.render), and is never changed again.

`md.blocks_document` (set by the reader around the main conversion of a post, page or block
file) says what is being converted; other conversions (a summary) are rendered as well,
but get no attached blocks.
"""

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, HTML_PLACEHOLDER_RE, STX

from .registry import BLOCK
from .render import render
from .state import state_of

PRIORITY = -10  # after every other treeprocessor (unescape is 0)


class Document:
    """What the reader converts: a post, a page or a block file, and its raw metadata."""

    def __init__(self, kind, path, meta=None):
        self.kind = kind  # "post", "page" or a block file's kind ("cta", "disclaimer")
        self.path = path
        self.meta = meta or {}

    def value(self, key):
        """The metadata value of `key` (lower case) as written, or None."""
        values = self.meta.get(key)
        return " ".join(values).strip() if values else None


class Capture(Treeprocessor):
    def __init__(self, md, build):
        super().__init__(md)
        self.build = build

    def run(self, root):
        plain(root, self.md)
        document = getattr(self.md, "blocks_document", None)
        if document is not None:
            document.meta = getattr(self.md, "Meta", {}) or {}
            for block_type in sorted(self.build.block_types(), key=lambda kind: kind.attach_order):
                block_type.attach(document, root)
        self.md.blocks_tree = root
        web = render(self.build, root, "web", document)
        web.tag = self.md.doc_tag  # Python-Markdown takes the content out of its <div>
        return web


class CaptureExtension(Extension):
    """Added to the build's Markdown settings at `initialized`, after every other extension."""

    def __init__(self, build, **kwargs):
        self.build = build
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        if BLOCK not in md.block_level_elements:  # laid out on lines of their own, as <div>s
            md.block_level_elements.append(BLOCK)
        for block_type in self.build.block_types():
            block_type.extend(md)
        md.treeprocessors.register(Capture(md, self.build), "blocks_capture", PRIORITY)


def plain(root, md):
    """Put back what Python-Markdown stashed: a code block as elements, an entity as text;
    its placeholder markers lost by the converter (an unclosed link around a footnote mark)
    are dropped, never published as control characters."""
    stash = md.htmlStash.rawHtmlBlocks
    for parent in list(root.iter()):
        for index, child in reversed(list(enumerate(parent))):
            whole = HTML_PLACEHOLDER_RE.fullmatch((child.text or "").strip()) if child.tag == "p" and len(child) == 0 else None
            if whole is not None and _is_block(stash[int(whole.group(1))]):
                nodes = parse_fragment(stash[int(whole.group(1))])
                if nodes:
                    nodes[-1].tail = child.tail
                parent[index:index + 1] = nodes
    for element in root.iter():
        element.text = _inline(element.text, stash)
        element.tail = _inline(element.tail, stash)
        for name, value in element.items():
            if AMP_SUBSTITUTE in value:  # an address Markdown hid in entities (<me@example.com>)
                element.set(name, value.replace(AMP_SUBSTITUTE, "&"))


def _is_block(value):
    return isinstance(value, str) and value.lstrip().startswith("<")


def _inline(text, stash):
    if not text or (STX not in text and ETX not in text):
        return text
    text = text.replace(AMP_SUBSTITUTE, "&")  # "&" of a character reference Markdown made
    text = HTML_PLACEHOLDER_RE.sub(lambda match: _stashed_text(stash[int(match.group(1))]), text)
    return text.replace(STX, "").replace(ETX, "")


def _stashed_text(value):
    """An inline stash entry as tree text: an entity stays a reference; anything else (no
    raw HTML is let in) as the characters it is."""
    value = value if isinstance(value, str) else etree.tostring(value, encoding="unicode")
    return value if re.fullmatch(r"&#?\w+;", value) else html.escape(value, quote=False)


class _Builder(HTMLParser):
    """A stashed HTML fragment (a highlighted code block) as ElementTree nodes whose text
    follows the tree's convention (escaped)."""

    VOID = {"br", "hr", "img", "input", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = etree.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        data = html.escape(data, quote=False)
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse_fragment(fragment):
    builder = _Builder()
    builder.feed(fragment)
    builder.close()
    return list(builder.root)
