"""The plain-text part of an email: readable on its own in any mail client.

Rendered from the feed form of the content (callouts as divs with a title, no
forms): title underlined, headings marked, paragraphs wrapped at 72 columns, lists
kept, links as numbered references listed at the end, callouts as labelled,
indented blocks. The output has no tags and no entities.
"""

import re
import textwrap

import lxml.html
from content_forms import has_class
from lxml import etree
from wcwidth import wcswidth

WIDTH = 72
BLOCKS = {"p", "div", "section", "article", "aside", "header", "footer", "figure", "figcaption",
          "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
          "tr", "td", "th", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "nav",
          "main", "center"}
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u034f]")
LINE_BREAK = "\u2028"  # a <br>: kept through clean(), split on when wrapping
# Runs of spaces, tabs, line ends and no-break spaces: each becomes one space. A lone
# space, by far the commonest, is left as it is (no replacement to make).
SPACES = re.compile(r"[ \t\r\n\u00a0\u2007\u202f]{2,}|[\t\r\n\u00a0\u2007\u202f]")


class References:
    """Links in order of first appearance, each URL numbered once."""

    def __init__(self):
        self.urls = []

    def number(self, url):
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1

    def lines(self):
        return [f"[{index}] {url}" for index, url in enumerate(self.urls, start=1)]


def clean(text):
    text = text or ""
    if not text.isascii():  # a constant-time check; the invisible characters are not ASCII
        text = INVISIBLE.sub("", text)
    return SPACES.sub(" ", text)


def wrap(text, indent="", width=WIDTH):
    """Wrap at `width`; a word longer than the line (a URL) stays whole on its own line."""
    text = clean(text).strip()
    if not text:
        return []
    if width > len(indent) and " ".join(text.split()) == text:
        return _greedy_lines(text, indent, width)
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def _greedy_lines(text, indent, width):
    """textwrap.wrap's result for words joined by single spaces, without its regex work.

    The email export wraps every paragraph of every post: textwrap was a third of its
    time. For text whose only whitespace is single spaces (what clean() leaves, checked
    by the caller) textwrap's greedy filling reduces to cutting each line at the last
    space that fits (str.rfind), or after a longer word; tests compare both.
    """
    room = width - len(indent)
    lines, start = [], 0
    while len(text) - start > room:
        cut = text.rfind(" ", start, start + room + 1)
        if cut < 0:  # a word longer than the line stays whole on its own line
            cut = text.find(" ", start)
            if cut < 0:
                break
        lines.append(indent + text[start:cut])
        start = cut + 1
    lines.append(indent + text[start:])
    return lines


def underlined(text, rule="=", indent=""):
    """A heading: wrapped, with a line of `rule` as wide on screen as its widest line under
    it (a CJK character or an emoji takes two columns, an accent on its letter none)."""
    lines = wrap(text, indent) or [indent]
    return "\n".join(lines + [indent + rule * max(columns(line[len(indent):]) for line in lines)])


def columns(text):
    """How many columns `text` takes in a fixed-width font (wcwidth), or its length if it
    holds a character with no width of its own to measure (a control character)."""
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def wrap_paragraphs(text, indent=""):
    """Wrap each blank-line-separated paragraph of `text` (line breaks inside kept)."""
    out = []
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line for part in paragraph.split("\n") for line in (wrap(part, indent) or [""])]
        out.append("\n".join(lines).rstrip())
    return "\n\n".join(p for p in out if p.strip())


class TextRenderer:
    """Walks an lxml tree and writes blocks of text, sharing one list of references.

    The tree is only read, never changed (callout titles are skipped, not removed), so
    the feed form's own tree (content_forms) can be rendered without a copy or a re-parse.
    """

    def __init__(self, references=None):
        self.references = references or References()
        self._skipped = set()  # callout title elements, written as the callout's label

    def render_html(self, html):
        root = lxml.html.fragment_fromstring(html or "", create_parent="div")
        return self.render(root)

    def render(self, root, indent=""):
        separator = "\n" + indent.rstrip() + "\n"  # a quote's or callout's bar continues
        return separator.join(self.blocks(root, indent)).rstrip()

    # -- blocks -----------------------------------------------------------------------

    def blocks(self, element, indent):
        """The text blocks of element's children; loose inline content becomes a paragraph."""
        out, inline = [], []

        def flush():
            text = "".join(inline)
            inline.clear()
            lines = self._wrap_inline(text, indent) if text and not text.isspace() else []
            if lines:  # none when the text is only spaces (or invisible characters)
                out.append("\n".join(lines))

        if element.text:
            inline.append(element.text)
        for child in element:
            if child in self._skipped:
                pass
            elif isinstance(child.tag, str) and child.tag in BLOCKS:
                flush()
                block = self.block(child, indent)
                if block and block.strip():
                    out.append(block)
            else:
                inline.append(self.inline(child))
            if child.tail:
                inline.append(child.tail)
        flush()
        return out

    def _wrap_inline(self, text, indent):
        lines = []
        for part in text.split(LINE_BREAK):
            lines.extend(wrap(part, indent))
        return lines

    def block(self, element, indent):
        tag = element.tag
        classes = element.get("class", "").split()
        if "callout" in classes:
            return self.callout(element, indent)
        if tag in ("h1", "h2"):
            return underlined(self.inline_children(element), "-", indent)
        if tag in ("h3", "h4", "h5", "h6"):
            return "\n".join(wrap("#" * int(tag[1]) + " " + self.inline_children(element), indent))
        if tag == "p":
            return "\n".join(self._wrap_inline(self.inline_children(element), indent))
        if tag in ("ul", "ol"):
            return self.listing(element, indent)
        if tag == "blockquote":
            return self.render(element, indent + "> ")
        if tag == "pre":
            code = element.text_content().rstrip("\n")
            return "\n".join(indent + "    " + line for line in code.split("\n"))
        if tag == "hr":
            return indent + "* * *"
        if tag == "table":
            return self.table(element, indent)
        if tag == "dl":
            lines = []
            for item in element:
                if isinstance(item.tag, str):
                    lines.extend(wrap(self.inline_children(item), indent if item.tag == "dt" else indent + "    "))
            return "\n".join(lines)
        return self.render(element, indent)

    def callout(self, element, indent):
        """A labelled block: its title, then its content, each line marked with a bar. A pull
        quote (a blockquote in the feed form) ends with its attribution, as on the web page
        and in the HTML email, and has no label without one."""
        title_element = next((e for e in element.iter(etree.Element) if has_class(e, "callout-title")), None)
        label = clean(title_element.text_content()).strip() if title_element is not None else ""
        if title_element is not None:
            self._skipped.add(title_element)
        bar = indent + "  | "
        body = self.render(element, bar)
        if element.tag == "blockquote":
            attribution = "\n".join(wrap(label, bar))
            return "\n".join(filter(None, [body, bar.rstrip() if body and attribution else "", attribution]))
        if not label:
            kinds = [c for c in element.get("class", "").split() if c.startswith("callout-")]
            label = kinds[0].removeprefix("callout-").replace("-", " ").capitalize() if kinds else "Note"
        return f"{bar}{label}\n{bar.rstrip()}\n{body}" if body else f"{bar}{label}"

    def listing(self, element, indent):
        items = []
        ordered = element.tag == "ol"
        start = int(element.get("start", "1") or 1) if ordered else 1
        for number, item in enumerate((i for i in element if i.tag == "li"), start=start):
            marker = f"{number}. " if ordered else "- "
            hanging = indent + " " * len(marker)
            text = self.render(item, hanging)
            text = text[len(hanging):] if text.startswith(hanging) else text.lstrip()
            items.append(indent + marker + text)
        loose = any(item.find("p") is not None for item in element if isinstance(item.tag, str))
        return ("\n\n" if loose else "\n").join(items)

    def table(self, element, indent):
        rows = []
        for row in element.iter("tr"):
            cells = [clean(self.inline_children(cell)).strip() for cell in row if cell.tag in ("td", "th")]
            rows.append("\n".join(wrap(" | ".join(cells), indent)))
        return "\n".join(rows)

    # -- inline -----------------------------------------------------------------------

    def inline_children(self, element):
        parts = [element.text or ""]
        for child in element:
            if child not in self._skipped:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def inline(self, element):
        if not isinstance(element.tag, str):  # comments, processing instructions
            return ""
        tag = element.tag
        if tag == "br":
            return LINE_BREAK
        if tag == "img":
            alt = clean(element.get("alt", "")).strip()
            return f"[Image: {alt}]" if alt else ""
        text = self.inline_children(element)
        if tag == "a" and element.get("href"):
            href = element.get("href").strip()
            if href.startswith("#"):
                return text
            return f"{text} [{self.references.number(href)}]"
        if tag in BLOCKS:  # a block inside inline content (rare): keep it on its own line
            return LINE_BREAK + text + LINE_BREAK
        return text


def references_block(references):
    if not references.urls:
        return ""
    return "Links:\n" + "\n".join(references.lines())
