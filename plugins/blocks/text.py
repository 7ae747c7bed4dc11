"""The text target: a post's tree as plain text, readable in any mail client.

Headings marked, paragraphs wrapped at 72 columns, lists kept, links as numbered references
listed at the end, code indented; each block writes its own text (`BlockType.text`), with
the helpers here (a labelled, barred box for callouts). The tree's text follows
Python-Markdown's convention (character references in text, code escaped): it is unescaped
here, so the result has no tags and no entities.
"""

import html
import re
import textwrap

from wcwidth import wcswidth

from .registry import BLOCK
from .sanitize import safe_url

WIDTH = 72
BLOCKS = {"p", "div", "section", "article", "aside", "header", "footer", "figure", "figcaption",
          "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
          "tr", "td", "th", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "nav",
          "main", "center", BLOCK}
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

    def block(self):
        if not self.urls:
            return ""
        return "Links:\n" + "\n".join(f"[{index}] {url}" for index, url in enumerate(self.urls, start=1))


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
    """textwrap.wrap's result for words joined by single spaces, without its regex work
    (tests compare both): each line cut at the last space that fits, or after a longer word."""
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


def plain_text(element):
    """All the text of `element`, unescaped, as one string (no layout)."""
    return html.unescape("".join(element.itertext()))


class TextOut:
    """One rendering for the text target, sharing one list of references."""

    target = "text"

    def __init__(self, build, document=None, resolve=None, base_url=None, references=None):
        from .render import Out  # the same address rules as the element targets

        self.build = build
        self.document = document
        self.references = references or References()
        # The feed's rendering: the same addresses, and elements for a block that writes its
        # text from its feed form (a CTA's `Email:` text with links).
        self.feed_out = Out(build, "feed", document, resolve, base_url)

    def url(self, value):
        return self.feed_out.url(value)

    def render(self, root, indent=""):
        separator = "\n" + indent.rstrip() + "\n"  # a quote's or callout's bar continues
        return separator.join(self.blocks(root, indent)).rstrip()

    def block_text(self, element, indent=""):
        """A block's children as text (what a block type without a text form of its own gives)."""
        return self.render(element, indent)

    def boxed(self, label, body_element, indent="", skip=(), attribution=""):
        """A labelled box: its label, then its content, each line marked with a bar; a pull
        quote has no label and ends with its attribution."""
        bar = indent + "  | "
        body = self.render_without(body_element, bar, skip)
        if attribution or not label:
            closing = "\n".join(wrap(attribution, bar))
            return "\n".join(filter(None, [body, bar.rstrip() if body and closing else "", closing]))
        return f"{bar}{label}\n{bar.rstrip()}\n{body}" if body else f"{bar}{label}"

    def render_without(self, element, indent, skip):
        separator = "\n" + indent.rstrip() + "\n"
        return separator.join(self.blocks(element, indent, skip)).rstrip()

    # -- blocks -----------------------------------------------------------------------

    def blocks(self, element, indent, skip=()):
        """The text blocks of element's children; loose inline content becomes a paragraph."""
        out, inline = [], []

        def flush():
            text = "".join(inline)
            inline.clear()
            lines = self._wrap_inline(text, indent) if text and not text.isspace() else []
            if lines:  # none when the text is only spaces (or invisible characters)
                out.append("\n".join(lines))

        if element.text:
            inline.append(_unescaped(element.text))
        for child in element:
            if child in skip:
                pass
            elif child.tag in BLOCKS:
                flush()
                block = self.block(child, indent)
                if block and block.strip():
                    out.append(block)
            else:
                inline.append(self.inline(child))
            if child.tail:
                inline.append(_unescaped(child.tail))
        flush()
        return out

    def _wrap_inline(self, text, indent):
        lines = []
        for part in text.split(LINE_BREAK):
            lines.extend(wrap(part, indent))
        return lines

    def block(self, element, indent):
        tag = element.tag
        if tag == BLOCK:
            return self.build.types[element.get("type")].text(element, _Indented(self, indent))
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
            code = plain_text(element).rstrip("\n")
            return "\n".join(indent + "    " + line for line in code.split("\n"))
        if tag == "hr":
            return indent + "* * *"
        if tag == "table":
            return self.table(element, indent)
        if tag == "dl":
            lines = []
            for item in element:
                lines.extend(wrap(self.inline_children(item), indent if item.tag == "dt" else indent + "    "))
            return "\n".join(lines)
        return self.render(element, indent)

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
        loose = any(item.find("p") is not None for item in element)
        return ("\n\n" if loose else "\n").join(items)

    def table(self, element, indent):
        rows = []
        for row in element.iter("tr"):
            cells = [clean(self.inline_children(cell)).strip() for cell in row if cell.tag in ("td", "th")]
            rows.append("\n".join(wrap(" | ".join(cells), indent)))
        return "\n".join(rows)

    # -- inline -----------------------------------------------------------------------

    def inline_children(self, element):
        parts = [_unescaped(element.text)]
        for child in element:
            parts.append(self.inline(child))
            parts.append(_unescaped(child.tail))
        return "".join(parts)

    def link(self, element, text):
        """A link as text: its words and the number of its address in the list at the end; a
        link within the page (a footnote's mark: "(1)") or shown as its own address, the words."""
        classes = (element.get("class") or "").split()
        if "footnote-backref" in classes:
            return ""
        raw = element.get("href").strip()
        if raw.startswith("#"):
            return f"({text})" if "footnote-ref" in classes else text
        href = self.url(raw)
        if not safe_url("a", "href", href, "") or text.strip() in (href, href.removeprefix("mailto:")):
            return text
        return f"{text} [{self.references.number(href)}]"

    def inline(self, element):
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return ""
        if tag == "br":
            return LINE_BREAK
        if tag == "img":
            alt = clean(html.unescape(element.get("alt", ""))).strip()
            return f"[Image: {alt}]" if alt else ""
        text = self.inline_children(element)
        if tag == "a" and element.get("href"):
            return self.link(element, text)
        if tag in BLOCKS:  # a block inside inline content (rare): keep it on its own line
            return LINE_BREAK + text + LINE_BREAK
        return text


class _Indented:
    """The text renderer as a block type sees it: at the block's indent."""

    target = "text"

    def __init__(self, out, indent):
        self._out = out
        self.indent = indent

    def __getattr__(self, name):
        return getattr(self._out, name)

    def block_text(self, element, indent=None):
        return self._out.render(element, self.indent if indent is None else indent)

    def boxed(self, label, body_element, skip=(), attribution=""):
        return self._out.boxed(label, body_element, self.indent, skip, attribution)

    def wrapped(self, text):
        """`text` wrapped at the block's indent."""
        return "\n".join(wrap(text, self.indent))


def _unescaped(text):
    return html.unescape(text) if text and "&" in text else (text or "")


def render_text(build, root, document=None, resolve=None, base_url=None, references=None):
    """(text, references) of `root`'s content."""
    out = TextOut(build, document, resolve, base_url, references)
    return out.render(root), out.references
