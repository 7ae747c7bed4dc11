"""The callout syntax as a Python-Markdown extension: two ways to write the same box.

    !!! lesson "Optional title"          > [!TIP] Optional title
        Body, indented four spaces.      > Body, each line starting with ">".

    > [!WARNING]- Folded, closed          > [!WARNING]+ Folded, open

Both build the same ElementTree nodes (web form):

    <aside class="callout callout-TYPE" role="note">
      <p class="callout-title"><span class="callout-icon" aria-hidden="true">…</span>
        <span class="callout-label">Tip:</span> <strong>Title</strong></p>
      …body…
    </aside>

folded: the title is a <summary class="callout-title"> inside <details> (open for "+");
form "quote": <figure class="callout callout-quote"><blockquote>…</blockquote>
<figcaption class="callout-title">attribution</figcaption></figure>.

The indented syntax follows Python-Markdown's `admonition` processor (header line,
then the indented blocks under it), but takes the whole body at once so it can be
checked for emptiness and so fenced code inside it works; the quoted syntax follows
`markdown-callouts`' GitHub processor (a BlockQuoteProcessor that claims blockquotes
whose first line is `[!TYPE]`). Titles are AtomicStrings: they show exactly as typed.
Mistakes raise AuthorError with the header line as `needle`, so the reader adds file:line;
so do a known type's header written almost right, which Markdown would publish as a plain
paragraph or quote: `!! lesson`, `!!!! lesson`, `> [TIP]`, `[!TIP]` without ">", and
`> [!NOTE] -` (the fold sign after a space).
"""

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.blockprocessors import BlockProcessor, BlockQuoteProcessor
from markdown.extensions import Extension

from build_guard.errors import AuthorError

from .types import resolve_types, unknown_type_error

# Quotes around a title that are not the straight double quote the syntax needs.
QUOTE_KINDS = {
    "\u201c": "curly", "\u201d": "curly", "\u201e": "curly", "\u201f": "curly",
    "\u2018": "curly", "\u2019": "curly", "\u201a": "curly", "\u201b": "curly",
    "'": "single", "\u00ab": "angle", "\u00bb": "angle", "\u2039": "angle", "\u203a": "angle",
}

# The parser state while a callout body is parsed: keeps paragraphs as <p> inside
# tight lists, as Python-Markdown's blockquote processor does with its own state.
PARSER_STATE = "callout"


def find_type(types, name, needle):
    try:
        return types[name.lower()]
    except KeyError:
        raise unknown_type_error(name, types, needle) from None


def character_references(text):
    """Non-ASCII symbols as `&#x...;`: the page shows the same icon, and a post whose text
    is all Latin-1 keeps its HTML in a Latin-1 Python string, half the memory of one
    that holds a single "★" (Python-Markdown's serializer leaves such references as they are)."""
    return "".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in text)


def fill_title(heading, callout_type, title):
    """The visible title: optional icon (hidden from screen readers), label, title."""
    if callout_type.icon:
        icon = etree.SubElement(heading, "span", {"class": "callout-icon", "aria-hidden": "true"})
        icon.text = util.AtomicString(character_references(callout_type.icon))
    label = etree.SubElement(heading, "span", {"class": "callout-label"})
    label.text = util.AtomicString(callout_type.label + (":" if title else ""))
    if title:
        label.tail = " "
        strong = etree.SubElement(heading, "strong")
        strong.text = util.AtomicString(title)


def build_callout(parent, callout_type, title, fold):
    """Append the callout's web markup to `parent`; return the element its body goes in.

    `title` None means "the type's default title"; "" means none. `fold` is "", "-" or "+".
    """
    if title is None:
        title = callout_type.title
    css_class = f"callout callout-{callout_type.name}"
    if callout_type.form == "quote":
        figure = etree.SubElement(parent, "figure", {"class": css_class})
        body = etree.SubElement(figure, "blockquote")
        if title:
            caption = etree.SubElement(figure, "figcaption", {"class": "callout-title"})
            caption.text = util.AtomicString(title)
        return body
    aside = etree.SubElement(parent, "aside", {"class": css_class, "role": "note"})
    if fold:
        details = etree.SubElement(aside, "details")
        if fold == "+":
            details.set("open", "open")
        fill_title(etree.SubElement(details, "summary", {"class": "callout-title"}), callout_type, title)
        return details
    fill_title(etree.SubElement(aside, "p", {"class": "callout-title"}), callout_type, title)
    return aside


# `> [TIP] title`: a callout type in brackets without its "!" (a real quote may start with
# a bracketed word, so only a known type's name counts).
UNMARKED_QUOTED = re.compile(r"^[ ]{0,3}>[ \t]*\[[ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*\](?P<rest>.*)$")
# `> [!NOTE] - title`: the fold sign after a space, read as the start of the title.
SPACED_FOLD = re.compile(r"^[+-](?:\s|$)")
# `!! lesson "title"`: two "!", then a known type and the end of the line or a quoted title
# (a sentence such as "!! Note that..." is text).
TWO_MARKS = re.compile(r"^!!(?!!)[ \t]*(?P<type>[A-Za-z][\w-]*)(?:[ \t]*$|[ \t]+[\"\u201c\u201d\u201e'].*$)", re.MULTILINE)
# `[!TIP] title` without the ">" in front (not a link `[!TIP](...)` or `[!TIP]: ...`).
NO_QUOTE_MARK = re.compile(r"^[ ]{0,3}\[![ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*\](?![(:\[]).*$", re.MULTILINE)
TYPE_NAME = re.compile(r"^[A-Za-z][\w-]*$")


def known_type_without_mark(line, types):
    """The AuthorError for `> [TIP] title` (a known type in brackets, no "!"), or None."""
    match = UNMARKED_QUOTED.match(line)
    if match is None or match.group("type").lower() not in types:
        return None
    needle = line.strip()
    name, rest = match.group("type"), match.group("rest")
    return AuthorError(
        f"'{needle}' is not a callout: the type is written without '!', so it would be shown as a quote",
        f"write '> [!{name}]{rest.rstrip()}'",
        needle=needle,
    )


def miscounted_marks(needle, marks, types):
    """The AuthorError for a `!!!` line written with another number of "!"."""
    rest = needle.lstrip("!").strip()
    name = rest.split(None, 1)[0] if rest else ""
    if name and name.lower() not in types and TYPE_NAME.match(name):
        return unknown_type_error(name, types, needle)
    count = {2: "two", 4: "four", 5: "five"}.get(marks, str(marks))
    return AuthorError(
        f"the callout line '{needle}' starts with {count} '!', not three",
        f"write it with three: '!!! {rest}'" if rest else "write the type after three '!': '!!! tip'",
        needle=needle,
    )


class MiscountedCalloutProcessor(BlockProcessor):
    """A callout line with two "!" (`!! lesson "title"`) or a `[!TIP]` line without the ">":
    Markdown would publish it as a paragraph of text. Only a known type counts."""

    def __init__(self, parser, types):
        super().__init__(parser)
        self.types = types

    def slip(self, block):
        """(pattern that found it, match) of the first such line in `block`, or None."""
        for pattern in (TWO_MARKS, NO_QUOTE_MARK):
            for match in pattern.finditer(block):
                if match.group("type").lower() in self.types:
                    return pattern, match
        return None

    def test(self, parent, block):
        return ("!" in block) and self.slip(block) is not None

    def run(self, parent, blocks):
        pattern, match = self.slip(blocks[0])
        needle = match.group(0).strip()
        if pattern is TWO_MARKS:
            raise miscounted_marks(needle, 2, self.types)
        raise AuthorError(
            f"the callout line '{needle}' has no '>' in front, so it would be shown as text",
            f"start it and every line under it with '>': '> {needle}'",
            needle=needle,
        )


class CalloutBodyMixin:
    """Shared by both syntaxes: check and parse a body as full Markdown."""

    def __init__(self, parser, md, types):
        super().__init__(parser)
        self.md = md
        self.types = types

    def parse_body(self, container, body, needle, fix):
        if not body.strip():
            raise AuthorError(f"the callout '{needle}' is empty", fix, needle=needle)
        lines = body.split("\n")
        # Fences under a callout are indented or quoted, so the document-wide fenced
        # code pass did not see them; run it on the body, now at column 0.
        if "fenced_code_block" in self.md.preprocessors:
            lines = self.md.preprocessors["fenced_code_block"].run(lines)
        self.parser.state.set(PARSER_STATE)
        try:
            self.parser.parseChunk(container, "\n".join(lines))
        finally:
            self.parser.state.reset()


class IndentedCalloutProcessor(CalloutBodyMixin, BlockProcessor):
    """`!!! type "Optional title"` and the blocks indented under it."""

    START = re.compile(r"(?:^|\n)!!!")
    HEADER = re.compile(r'^!!![ \t]*(?P<type>[^\s"]*)(?P<rest>.*)$')
    TYPE_NAME = TYPE_NAME

    def test(self, parent, block):
        return bool(self.START.search(block)) and not util.nearing_recursion_limit()

    def run(self, parent, blocks):
        block = blocks.pop(0)
        start = self.START.search(block)
        before = block[: start.start()]
        if before.strip():
            self.parser.parseBlocks(parent, [before])
        header, _, rest = block[start.start() :].lstrip("\n").partition("\n")
        needle = header.strip()
        callout_type, title = self.parse_header(header.rstrip(), needle)

        body, rest = self.detab(rest)
        pieces = [body]
        while not rest:
            # Blank lines split the source into blocks; the body goes on for as
            # long as the next non-blank block is indented.
            gap = 0
            while gap < len(blocks) and not blocks[gap].strip():
                gap += 1
            if gap == len(blocks) or not blocks[gap].startswith(" " * self.tab_length):
                break
            piece, rest = self.detab(blocks[gap])
            pieces.extend([""] * gap + [piece])
            del blocks[: gap + 1]
        if rest:
            blocks.insert(0, rest)

        container = build_callout(parent, callout_type, title, fold="")
        self.parse_body(
            container,
            "\n\n".join(pieces),
            needle,
            f"write the text under the '{needle}' line, indented by four spaces, "
            "or delete the line",
        )

    def parse_header(self, header, needle):
        """(CalloutType, title or None) from `!!! type "title"`; AuthorError if malformed."""
        marks = len(header) - len(header.lstrip("!"))
        if marks > 3:
            raise miscounted_marks(needle, marks, self.types)
        match = self.HEADER.match(header)
        name, rest = match.group("type"), match.group("rest").strip()
        example = '!!! tip "Optional title"'
        if not name:
            raise AuthorError(
                f"the callout line '{needle}' has no type",
                f"write the type right after '!!!', for example '{example}'",
                needle=needle,
            )
        if not self.TYPE_NAME.match(name):
            raise unknown_type_error(name, self.types, needle)
        callout_type = find_type(self.types, name, needle)
        if not rest:
            return callout_type, None
        typographic = [QUOTE_KINDS[c] for c in (rest[0], rest[-1]) if c in QUOTE_KINDS]
        if typographic:
            # Curly quotes (put in by a word processor or a phone) or single ones do not
            # count: suggest the title between straight double quotes.
            text = rest[1:] if rest[0] in QUOTE_KINDS or rest[0] == '"' else rest
            text = text[:-1] if text and (text[-1] in QUOTE_KINDS or text[-1] == '"') else text
            raise AuthorError(
                f"the callout title in '{needle}' is in {typographic[0]} quotes, not straight double quotes",
                f'write the title between straight double quotes: \'!!! {name} "{text.strip()}"\'',
                needle=needle,
            )
        if not rest.startswith('"'):
            raise AuthorError(
                f"the callout title in '{needle}' is not in double quotes",
                f'write the title in double quotes: \'!!! {name} "{rest}"\'',
                needle=needle,
            )
        if len(rest) < 2 or not rest.endswith('"'):
            if rest.count('"') > 1:
                problem = f"there is text after the closing quote of the callout title in '{needle}'"
                fix = 'end the line with the title\'s closing quote (")'
            else:
                problem = f"the callout title in '{needle}' has no closing quote"
                fix = 'end the title with a double quote (")'
            raise AuthorError(problem, fix, needle=needle)
        # The outer quotes delimit the title; inner quotes need no escaping, but a coach
        # who writes \" (as in many languages) means a plain quote.
        return callout_type, rest[1:-1].replace('\\"', '"')


class QuotedCalloutProcessor(CalloutBodyMixin, BlockQuoteProcessor):
    """A blockquote whose first line is `[!TYPE]`, `[!TYPE]-` or `[!TYPE]+` and a title."""

    QUOTE_LINE = re.compile(r"^[ ]{0,3}>")
    HEADER_START = re.compile(r"^[ ]{0,3}>[ \t]*\[!")
    HEADER = re.compile(r"^[ ]{0,3}>[ \t]*\[!(?P<type>[^\]]*)\](?P<fold>[+-]?)(?P<title>.*)$")
    TYPE_NAME = TYPE_NAME

    def first_quote_line(self, lines):
        """Index of the line where the blockquote starts (as BlockQuoteProcessor finds it)."""
        return next((i for i, line in enumerate(lines) if self.QUOTE_LINE.match(line)), None)

    def test(self, parent, block):
        lines = block.split("\n")
        index = self.first_quote_line(lines)
        return (
            index is not None
            and (bool(self.HEADER_START.match(lines[index]))
                 or known_type_without_mark(lines[index], self.types) is not None)
            and not util.nearing_recursion_limit()
        )

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")
        index = self.first_quote_line(lines)
        if index:
            self.parser.parseBlocks(parent, ["\n".join(lines[:index])])
        header = lines[index].rstrip()
        needle = header.strip()
        callout_type, title, fold = self.parse_header(header, needle)
        body = "\n".join(self.clean(line) for line in lines[index + 1 :])
        container = build_callout(parent, callout_type, title, fold)
        self.parse_body(
            container,
            body,
            needle,
            f"write the text on the lines right under '{needle}', each starting with '>' "
            "(no blank line in between), or delete the callout",
        )

    def parse_header(self, header, needle):
        """(CalloutType, title or None, fold) from `> [!TYPE]± title`; AuthorError if malformed."""
        without_mark = known_type_without_mark(header, self.types)
        if without_mark:
            raise without_mark
        match = self.HEADER.match(header)
        if not match:
            raise AuthorError(
                f"the callout line '{needle}' has no closing ']' after the type",
                "write it as '> [!TIP] Optional title'",
                needle=needle,
            )
        name = match.group("type").strip()
        if not name:
            raise AuthorError(
                f"the callout line '{needle}' has no type",
                "write the type inside the brackets, for example '> [!TIP] Optional title'",
                needle=needle,
            )
        if not self.TYPE_NAME.match(name):
            raise unknown_type_error(name, self.types, needle)
        callout_type = find_type(self.types, name, needle)
        fold = match.group("fold")
        if fold and callout_type.form == "quote":
            raise AuthorError(
                f"the quote in '{needle}' is marked '{fold}' (folded), but a quote cannot be folded",
                f"remove the '{fold}' after ']'",
                needle=needle,
            )
        title = match.group("title").strip()
        if not fold and SPACED_FOLD.match(title):
            sign, rest = title[0], title[1:].strip()
            raise AuthorError(
                f"the fold sign '{sign}' in '{needle}' is after a space, so it would be shown as the "
                "start of the title and the callout not folded",
                f"write it right after ']': '> [!{name}]{sign}{' ' + rest if rest else ''}'",
                needle=needle,
            )
        return callout_type, (title or None), fold


class CalloutExtension(Extension):
    """Callouts in both syntaxes; `types` adds or overrides types (the CALLOUT_TYPES setting)."""

    def __init__(self, **kwargs):
        self.config = {
            "types": [{}, "Extra or changed callout types: name -> dict (see callouts.types)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        types = resolve_types(self.getConfig("types"))
        parser = md.parser
        # Before Python-Markdown's own processors: 105 is where `admonition` sits
        # (ahead of indented code), 21 just ahead of the blockquote processor (20).
        parser.blockprocessors.register(MiscountedCalloutProcessor(parser, types), "callout_miscounted", 106)
        parser.blockprocessors.register(IndentedCalloutProcessor(parser, md, types), "callout", 105)
        parser.blockprocessors.register(
            QuotedCalloutProcessor(parser, md, types), "callout_quoted", 21
        )


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return CalloutExtension(**kwargs)
