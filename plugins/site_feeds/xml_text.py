"""Text a feed cannot carry: characters XML 1.0 forbids, reported as the coach's mistake.

The reader stops a post or page holding one (writing_checks.reader.check_characters); this
last check covers what reaches an entry from elsewhere (a CTA's or disclaimer's text), since
lxml refuses such text with a bare ValueError.
"""

from writing_checks.errors import AuthorError
from writing_checks.reader import NOT_XML, describe_character as describe


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
