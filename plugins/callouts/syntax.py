"""The callout syntax, read by pymdown-extensions, and checked here for the coach.

    !!! lesson "Optional title"        > [!TIP] Optional title       ??? warning "Folded"
        Body, indented four spaces.    > Body, each line with ">".       Body.

    > [!WARNING]- Folded, closed        > [!WARNING]+ Folded, open     ???+ note "Folded, open"

Python-Markdown's `admonition` reads `!!!`, `pymdownx.details` reads `???`/`???+` and
`pymdownx.quotes` (with callouts) reads `> [!TYPE]`; `pymdownx.superfences` lets fenced code
sit inside their bodies. Two small block processors run in front of them and stop the build
on a header they would read wrongly or not at all (an unknown type, a title in curly quotes,
no body, `!! tip`, `> [TIP]`...) with the line and its fix, and otherwise step aside. Once the
text is parsed, `CalloutBlocks` turns what those extensions made into `<block type="callout">`.
"""

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor

from blocks.registry import new_block
from writing_checks.errors import AuthorError

from .types import unknown_type_error

TYPE_NAME = re.compile(r"^[A-Za-z][\w-]*$")
# Quotes around a title that are not the straight double quote the syntax needs.
QUOTE_KINDS = {
    "\u201c": "curly", "\u201d": "curly", "\u201e": "curly", "\u201f": "curly",
    "\u2018": "curly", "\u2019": "curly", "\u201a": "curly", "\u201b": "curly",
    "'": "single", "\u00ab": "angle", "\u00bb": "angle", "\u2039": "angle", "\u203a": "angle",
}
# `!!! type "title"` and `??? type "title"` (`???+` open), with any number of marks.
INDENTED_HEADER = re.compile(r'^(?P<marks>!{2,}|\?{3}\+?)[ \t]*(?P<type>[^\s"]*)(?P<rest>.*)$')
INDENTED_START = re.compile(r"(?:^|\n)(?:!!!|\?\?\?)")
# `> [!TYPE]± title`
QUOTE_LINE = re.compile(r"^[ ]{0,3}>")
QUOTED_START = re.compile(r"^[ ]{0,3}>[ \t]*\[!")
QUOTED_HEADER = re.compile(r"^[ ]{0,3}>[ \t]*\[!(?P<type>[^\]]*)\](?P<fold>[+-]?)(?P<title>.*)$")
# `> [TIP] title`: a type in brackets without its "!" (only a known type's name counts: a
# real quote may start with a bracketed word).
UNMARKED_QUOTED = re.compile(r"^[ ]{0,3}>[ \t]*\[[ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*\](?![(:\[])(?P<rest>.*)$")
# `> [!NOTE] - title`: the fold sign after a space, read as the start of the title.
SPACED_FOLD = re.compile(r"^[+-](?:\s|$)")
# `!! lesson "title"` (a sentence "!! Note that..." is text) and `[!TIP]` without ">".
TWO_MARKS = re.compile(r"^!!(?!!)[ \t]*(?P<type>[A-Za-z][\w-]*)(?:[ \t]*$|[ \t]+[\"\u201c\u201d\u201e'].*$)", re.MULTILINE)
NO_QUOTE_MARK = re.compile(r"^[ ]{0,3}\[![ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*\](?![(:\[]).*$", re.MULTILINE)
# `[! TIP]`, `[!TIP ]`: the brackets of a callout line as they should be written, `[!TIP]`.
SPACED_BRACKETS = re.compile(r"\[![ \t]*(?P<type>[A-Za-z][\w-]*)[ \t]*\]")
# `> [!TIP]: title`: a colon after the brackets (the label already ends with one).
TITLE_COLON = re.compile(r"^:(?=\s|$)\s*")


def tight_brackets(line):
    """`line` with its callout brackets written without spaces: `[! TIP]` as `[!TIP]`."""
    return SPACED_BRACKETS.sub(lambda match: f"[!{match.group('type')}]", line, count=1)


def find_type(types, name, needle):
    try:
        return types[name.lower()]
    except KeyError:
        raise unknown_type_error(name, types, needle) from None


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


def indented_header(header, needle, types):
    """Check `!!! type "title"` (or `??? ...`); AuthorError when malformed."""
    match = INDENTED_HEADER.match(header)
    marks, name, rest = match.group("marks"), match.group("type"), match.group("rest").strip()
    if marks[0] == "!" and len(marks) != 3:
        raise miscounted_marks(needle, len(marks), types)
    mark = marks.rstrip("+")
    if not name:
        raise AuthorError(
            f"the callout line '{needle}' has no type",
            f"write the type right after '{mark}', for example '{mark} tip \"Optional title\"'",
            needle=needle,
        )
    if name.endswith(":") and name[:-1].lower() not in types and TYPE_NAME.match(name[:-1]):
        raise unknown_type_error(name[:-1], types, needle)  # the type first; its ':' after
    if name.endswith(":") and name[:-1].lower() in types:
        fixed = f"{marks} {name[:-1]}{' ' + rest if rest else ''}"
        raise AuthorError(
            f"the callout line '{needle}' has a ':' after the type '{name[:-1]}'",
            f"write it without the ':': '{fixed}'",
            needle=needle,
        )
    if not TYPE_NAME.match(name):
        raise unknown_type_error(name, types, needle)
    find_type(types, name, needle)
    if rest:
        check_title(rest, f"{marks} {name}", needle)


def check_title(rest, head, needle):
    """A title after `head` (`!!! tip`) must be in straight double quotes, and end the line."""
    typographic = [QUOTE_KINDS[c] for c in (rest[0], rest[-1]) if c in QUOTE_KINDS]
    if typographic:  # quotes put in by a word processor or a phone, or single ones
        text = rest[1:] if rest[0] in QUOTE_KINDS or rest[0] == '"' else rest
        text = text[:-1] if text and (text[-1] in QUOTE_KINDS or text[-1] == '"') else text
        raise AuthorError(
            f"the callout title in '{needle}' is in {typographic[0]} quotes, not straight double quotes",
            f'write the title between straight double quotes: \'{head} "{text.strip()}"\'',
            needle=needle,
        )
    if not rest.startswith('"'):
        raise AuthorError(
            f"the callout title in '{needle}' is not in double quotes",
            f'write the title in double quotes: \'{head} "{rest}"\'',
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


def quoted_header(header, needle, types):
    """Check `> [!TYPE]± title`; AuthorError when malformed."""
    unmarked = UNMARKED_QUOTED.match(header)
    if unmarked is not None and unmarked.group("type").lower() in types:
        raise AuthorError(
            f"'{needle}' is not a callout: the type is written without '!', so it would be shown as a quote",
            f"write '> [!{unmarked.group('type')}]{unmarked.group('rest').rstrip()}'",
            needle=needle,
        )
    match = QUOTED_HEADER.match(header)
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
    if not TYPE_NAME.match(name):
        raise unknown_type_error(name, types, needle)
    if name != match.group("type"):  # `[! TIP]`, `[!TIP ]`: pymdownx.quotes reads a plain quote
        find_type(types, name, needle)
        raise AuthorError(
            f"the callout line '{needle}' has a space inside the brackets, so it would be shown "
            "as a quote, not a callout",
            f"write the type right after '!', with no space: '{tight_brackets(needle)}'",
            needle=needle,
        )
    fold, title = match.group("fold"), match.group("title").strip()
    if fold and find_type(types, name, needle).form == "quote":
        raise AuthorError(
            f"the quote in '{needle}' is marked '{fold}' (folded), but a quote cannot be folded",
            f"remove the '{fold}' after ']'",
            needle=needle,
        )
    find_type(types, name, needle)
    if not fold and SPACED_FOLD.match(title):
        sign, rest = title[0], title[1:].strip()
        raise AuthorError(
            f"the fold sign '{sign}' in '{needle}' is after a space, so it would be shown as the "
            "start of the title and the callout not folded",
            f"write it right after ']': '> [!{name}]{sign}{' ' + rest if rest else ''}'",
            needle=needle,
        )


def empty(needle, fix):
    return AuthorError(f"the callout '{needle}' is empty", fix, needle=needle)


class IndentedHeaderCheck(BlockProcessor):
    """In front of `admonition` and `pymdownx.details`: a `!!!`/`???` header they would read
    wrongly, or one with nothing indented under it, stops the build; `!! tip` and `[!TIP]`
    without ">" (Markdown would show them as text) too. A good header is left to them."""

    def __init__(self, parser, types):
        super().__init__(parser)
        self.types = types

    def test(self, parent, block):
        return ("!" in block or "?" in block) and (INDENTED_START.search(block) is not None or self.slip(block))

    def slip(self, block):
        """The first `!! type` or `[!TYPE]` (no ">") line of a known type in `block`, or None."""
        for pattern in (TWO_MARKS, NO_QUOTE_MARK):
            for match in pattern.finditer(block):
                if match.group("type").lower() in self.types:
                    return pattern, match
        return None

    def run(self, parent, blocks):
        slip = self.slip(blocks[0])
        if slip is not None:
            pattern, match = slip
            needle = match.group(0).strip()
            if pattern is TWO_MARKS:
                raise miscounted_marks(needle, 2, self.types)
            if "blockquote" in self.parser.state:
                # The line has its '>': it is inside a quote begun on a line above it.
                raise AuthorError(
                    f"the callout line '{needle}' is inside a quote that starts on a line above it, "
                    "so it would be shown as text in that quote",
                    "to make it a callout of its own, leave an empty line with no '>' above it",
                    needle=needle,
                )
            raise AuthorError(
                f"the callout line '{needle}' has no '>' in front, so it would be shown as text",
                f"start it and every line under it with '>': '> {tight_brackets(needle)}'",
                needle=needle,
            )
        start = INDENTED_START.search(blocks[0])
        header, _, rest = blocks[0][start.start():].lstrip("\n").partition("\n")
        needle = header.strip()
        indented_header(header.rstrip(), needle, self.types)
        following = next((block for block in blocks[1:] if block.strip()), "")
        if not any(line.strip() and line.startswith("    ") for line in rest.split("\n")) \
                and not following.startswith("    "):
            raise empty(needle, f"write the text under the '{needle}' line, indented by four spaces, "
                                "or delete the line")
        return False  # the header is right: admonition or details reads it


class QuotedHeaderCheck(BlockProcessor):
    """In front of `pymdownx.quotes`: a `> [!TYPE]` header it would read wrongly (or not as a
    callout), or one with no text under it, stops the build; a good one is left to it."""

    def __init__(self, parser, types):
        super().__init__(parser)
        self.types = types

    def first_quote_line(self, lines):
        return next((i for i, line in enumerate(lines) if QUOTE_LINE.match(line)), None)

    def test(self, parent, block):
        if ">" not in block:
            return False
        lines = block.split("\n")
        index = self.first_quote_line(lines)
        if index is None:
            return False
        unmarked = UNMARKED_QUOTED.match(lines[index])
        return bool(QUOTED_START.match(lines[index])) or (
            unmarked is not None and unmarked.group("type").lower() in self.types)

    def run(self, parent, blocks):
        lines = blocks[0].split("\n")
        index = self.first_quote_line(lines)
        header = lines[index].rstrip()
        needle = header.strip()
        quoted_header(header, needle, self.types)
        body = [QUOTE_LINE.sub("", line, count=1).strip() for line in lines[index + 1:]]
        if not any(body):
            raise empty(needle, f"write the text on the lines right under '{needle}', each starting with '>' "
                                "(no blank line in between), or delete the callout")
        return False  # the header is right: pymdownx.quotes reads it


class CalloutBlocks(Treeprocessor):
    """What admonition, details and quotes made, as `<block type="callout" name="TYPE"
    fold="...">`: its first child a `<title>` when the coach gave one, then the body. Runs
    after the inline patterns (titles keep their emphasis) and before quotes' own step."""

    PRIORITY = 19.995

    def run(self, root):
        self.walk(root)

    def walk(self, parent):
        for index, child in enumerate(parent):
            made = self.callout(child)
            if made is not None:
                made.tail = child.tail
                parent[index] = made
                child = made
            self.walk(child)

    def callout(self, element):
        """The callout block for `element`, or None when it is no callout."""
        found = _made_by(element)
        if found is None:
            return None
        name, fold, heading, default = found
        block = new_block(None, "callout", name=name.lower(), fold=fold)
        if heading is not None and element.tag == "blockquote" and heading.text:
            # `> [!TIP]: Title` means the title "Title": the label brings its own ':'.
            heading.text = TITLE_COLON.sub("", heading.text, count=1)
        if heading is not None and _text(heading).strip() not in ("", default):
            title = etree.SubElement(block, "title")
            title.text, title[:] = heading.text, list(heading)
            unescape_quotes(title)
        block.text = element.text if heading is None else heading.tail
        block.extend(child for child in element if child is not heading)
        return block


def _made_by(element):
    """(type, fold, title element or None, the title given when none is written) of what
    admonition, details or quotes made of a callout, or None for any other element."""
    classes = (element.get("class") or "").split()
    if element.tag == "div" and classes[:1] == ["admonition"] and len(classes) > 1:
        return classes[1], "", _first(element, "p", "admonition-title"), classes[1].capitalize()
    if element.tag == "details" and classes:
        fold = "open" if element.get("open") is not None else "closed"
        return classes[0], fold, _first(element, "summary"), classes[0].capitalize()
    if element.tag == "blockquote" and element.get("data-alert"):
        name = element.get("data-alert").split()[0]
        return name, element.get("data-alert-collapse") or "", _first(element, "p"), name.title()
    return None


def unescape_quotes(title):
    """A coach who writes \\" in a title (as in many languages) means a plain quote."""
    for part in title.iter():
        if part.text:
            part.text = part.text.replace('\\"', '"')
        if part is not title and part.tail:
            part.tail = part.tail.replace('\\"', '"')


def _first(element, tag, css_class=None):
    """`element`'s first child when it is a `tag` (with `css_class`), else None."""
    first = element[0] if len(element) else None
    if first is None or first.tag != tag or (css_class and css_class not in (first.get("class") or "").split()):
        return None
    return first


def _text(element):
    return "".join(element.itertext())


def extend(md, types):
    """Add the callout syntax to a Markdown instance: the extensions that read it, and ours."""
    md.registerExtensions(["admonition", "pymdownx.details", "pymdownx.quotes"],
                          {"pymdownx.quotes": {"callouts": True}})
    parser = md.parser
    # Before admonition (105) and details, and just before the blockquote processor (20).
    parser.blockprocessors.register(IndentedHeaderCheck(parser, types), "callout_header", 106)
    parser.blockprocessors.register(QuotedHeaderCheck(parser, types), "callout_quoted_header", 21)
    md.treeprocessors.register(CalloutBlocks(md), "callout_blocks", CalloutBlocks.PRIORITY)
