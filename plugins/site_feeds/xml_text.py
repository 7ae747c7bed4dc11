"""Text a feed cannot carry: characters XML 1.0 forbids, reported as the coach's mistake.

lxml refuses such text with a bare ValueError (and its HTML parser silently turns
NUL into U+FFFD), so every string of an entry is checked first, and the first bad
character stops the build with the post's file, the line and what to do.
"""

import re

from build_guard.errors import AuthorError

# Everything outside XML 1.0's Char production.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

NAMES = {
    "\x00": "a NUL character",
    "\x08": "a backspace character",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\x1b": "an escape character",
    "\ufffe": "the non-character U+FFFE",
    "\uffff": "the non-character U+FFFF",
}


def describe(char):
    name = NAMES.get(char, "a control character")
    return f"{name} (U+{ord(char):04X})"


def check_xml_text(article, field, text):
    """Raise AuthorError if `text` (part of `article`'s feed entry) holds a character XML forbids."""
    match = NOT_XML.search(text or "")
    if match is None:
        return text
    char = match.group()
    error = AuthorError(
        f"the {field} contains {describe(char)}, which cannot be put in a feed (RSS and Atom are XML)",
        "delete the invisible character: retype the words around it "
        "(it usually comes from text pasted out of a PDF, Word or a terminal)",
        needle=char,
    )
    source = getattr(article, "source_path", None)
    text_of_source = None
    if source:
        try:
            with open(source, encoding="utf-8", errors="replace") as handle:
                text_of_source = handle.read()
        except OSError:
            pass
    raise error.locate(source, text_of_source)
