"""The last step of every Markdown conversion: the tree is made plain, blocks are attached,
the tree is kept, and the web page's form is what Python-Markdown serializes.

Python-Markdown leaves placeholders in its tree for what it stashed: code blocks (the
highlighter's HTML) and entities (`&mdash;`). They are put back here, once: a code block as
elements, an entity as the reference it is (the tree's text follows Python-Markdown's
convention that `&...;` in text is a character reference). The tree is then what every
target is rendered from (blocks.render), which only reads it; the one later change is a
newsletter issue's post cards, put in its tree once the posts are known (newsletters.with_cards).

`md.blocks_document` (set by the reader around the main conversion of a post, page or block
file) says what is being converted; other conversions (a summary) are rendered as well,
but get no attached blocks.
"""

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown.extensions import Extension
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER, FootnoteExtension
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
    """Put back what Python-Markdown stashed: a code block as elements (a paragraph it sits
    in is split around it), an entity as text, the footnotes' marks as what their extension
    writes; a placeholder mark the converter lost (an unclosed link around a footnote mark)
    is dropped, never published as a control character."""
    stash = md.htmlStash.rawHtmlBlocks
    marks = _footnote_marks(md)
    for parent in list(root.iter()):
        for index in reversed(range(len(parent))):
            child = parent[index]
            if child.tag == "p" and _holds_block(child, stash):
                parent[index:index + 1] = _split_paragraph(child, stash)
            elif _holds_block(child, stash):
                _place_blocks(child, stash)
    for element in root.iter():
        element.text = _inline(element.text, stash, marks)
        element.tail = _inline(element.tail, stash, marks)
        for name, value in element.items():
            if STX in value or ETX in value:  # an address Markdown hid in entities (<me@example.com>),
                value = value.replace(AMP_SUBSTITUTE, "&")  # or a marker it lost in a link
                element.set(name, value.replace(STX, "").replace(ETX, ""))


def _footnote_marks(md):
    """{placeholder: text} of the footnotes extension's marks, which its postprocessor would
    have put in: a no-break space before a note's back link, and the back link's text."""
    for extension in md.registeredExtensions:
        if isinstance(extension, FootnoteExtension):
            return {NBSP_PLACEHOLDER: "&#160;", FN_BACKLINK_TEXT: extension.getConfig("BACKLINK_TEXT")}
    return {}


def _is_block(value):
    return isinstance(value, str) and value.lstrip().startswith("<")


def _block_parts(text, stash):
    """`text` cut at the placeholders of stashed blocks: [text, nodes, text, nodes, ..., text]."""
    parts, start = [], 0
    for match in HTML_PLACEHOLDER_RE.finditer(text or ""):
        value = stash[int(match.group(1))]
        if _is_block(value):
            parts += [text[start:match.start()], parse_fragment(value)]
            start = match.end()
    return parts + [(text or "")[start:]]


def _holds_block(element, stash):
    texts = [element.text] + [child.tail for child in element]
    return any(text and len(_block_parts(text, stash)) > 1 for text in texts)


def _split_paragraph(paragraph, stash):
    """A paragraph holding a code block (written right under a line of text): the text before
    it, the block, the text after it, as paragraphs and the block's own elements."""
    made, current = [], etree.Element("p")

    def flush():
        nonlocal current
        if (current.text or "").strip() or len(current):
            current.text = (current.text or "").strip("\n") or None
            made.append(current)
        current = etree.Element("p")

    for index, part in enumerate(_block_parts(paragraph.text, stash)):
        if index % 2:
            flush()
            made.extend(part)
        else:
            current.text = part
    for child in list(paragraph):
        tail, child.tail = child.tail, None
        current.append(child)
        for index, part in enumerate(_block_parts(tail, stash)):
            if index % 2:
                flush()
                made.extend(part)
            elif part:
                _append_text(current, part)
    flush()
    if made:
        made[-1].tail = paragraph.tail
    return made


def _place_blocks(element, stash):
    """The stashed blocks in the text of a list item, a quote...: their elements in place."""
    parts = _block_parts(element.text, stash)
    element.text, at = parts[0], 0
    for index in range(1, len(parts), 2):
        element[at:at] = parts[index]
        at += len(parts[index])
        element[at - 1].tail = parts[index + 1]
    for child in list(element):
        if child.tail and len(_block_parts(child.tail, stash)) > 1:
            parts = _block_parts(child.tail, stash)
            child.tail, at = parts[0], list(element).index(child) + 1
            for index in range(1, len(parts), 2):
                element[at:at] = parts[index]
                at += len(parts[index])
                element[at - 1].tail = parts[index + 1]


def _append_text(element, text):
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _inline(text, stash, marks):
    if not text or (STX not in text and ETX not in text):
        return text
    text = text.replace(AMP_SUBSTITUTE, "&")  # "&" of a character reference Markdown made
    for mark, written in marks.items():
        text = text.replace(mark, written)
    text = HTML_PLACEHOLDER_RE.sub(lambda match: _stashed_text(stash[int(match.group(1))]), text)
    return text.replace(STX, "").replace(ETX, "")


def _stashed_text(value):
    """An inline stash entry as tree text: entities stay references (smarty stashes `'"` as
    two); anything else (no raw HTML is let in) as the characters it is."""
    value = value if isinstance(value, str) else etree.tostring(value, encoding="unicode")
    return value if re.fullmatch(r"(?:&#?\w+;)+", value) else html.escape(value, quote=False)


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
