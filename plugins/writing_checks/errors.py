"""Author mistakes as one clear line: file, line where known, what is wrong, and the fix.

Any plugin raises `AuthorError`; the build runner prints it and stops the build.
Pelican catches exceptions raised while it reads a file and only logs them, so
`report()` also logs the error with a marker the runner looks for.
"""

import difflib
import logging
import os
import unicodedata

logger = logging.getLogger("writing_checks")


class AuthorError(Exception):
    """Something the coach wrote that the build cannot use.

    `needle` is text from the source, or `key` the name of a metadata line, that lets a
    caller who knows the file (the reader) find the line when the raiser (a Markdown
    extension) does not.
    """

    def __init__(self, problem, fix, path=None, line=None, needle=None, key=None):
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
        self.path = path
        self.line = line
        self.needle = needle
        self.key = key

    def __reduce__(self):
        # Exceptions pickle as type(*args); this one needs all its fields (parallel builds).
        return (AuthorError, (self.problem, self.fix, self.path, self.line, self.needle, self.key), vars(self))

    def locate(self, path, text=None):
        """Fill in the file and, from `key` or `needle`, the line, unless already known."""
        if self.path is None:
            self.path = path
        if self.line is None and self.key and text is not None:
            self.line = metadata_line_of(text, self.key)
        if self.line is None and self.needle and text is not None:
            self.line = line_of(text, self.needle)
        return self

    def __str__(self):
        where = display_path(self.path) if self.path else "<unknown file>"
        if self.line:
            where += f":{self.line}"
        return one_line(f"{where}: {self.problem}. Fix: {self.fix}")


# Characters that would break a message's one line, or hide in it: line breaks (\n, \r,
# U+2028...), tabs and other control characters (a file name may hold any of them).
BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def breaking_characters(text):
    """The characters of `text` that `one_line` escapes, in order, each once."""
    return list(dict.fromkeys(c for c in text if unicodedata.category(c) in BREAKING_CATEGORIES))


def one_line(text):
    """`text` with line breaks and control characters written as Python writes them in a
    string (`\n`, `\t`, `\x1b`), so a message stays one line and shows what is there."""
    if not breaking_characters(text):
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in BREAKING_CATEGORIES else c for c in text)


def display_path(path):
    """The path as the coach would type it: relative to the project when inside it, with
    a line break or control character in a name escaped (`one_line`)."""
    path = os.fspath(path)
    relative = os.path.relpath(path)
    return one_line(path if relative.startswith("..") else relative)


def closest(written, names, n=3, cutoff=0.6):
    """The names among `names` nearest to `written` (the did-you-mean of a message), best
    first; capitals do not count, and a name differing only in them is the one meant."""
    lowered = {}
    for name in names:
        lowered.setdefault(str(name).lower(), name)
    if str(written).lower() in lowered:
        return [lowered[str(written).lower()]]
    return [lowered[name] for name in difflib.get_close_matches(str(written).lower(), list(lowered), n, cutoff)]


def either(names):
    """'a', 'a' or 'b', 'a', 'b' or 'c': names as a message lists them."""
    quoted = [f"'{name}'" for name in names]
    return " or ".join(filter(None, [", ".join(quoted[:-1]), quoted[-1]])) if quoted else ""


def not_utf8(path, error):
    """The error for a file saved in another encoding than UTF-8 (Notepad's "ANSI" or
    "Unicode"), at the line of its first character that is not UTF-8."""
    with open(path, "rb") as handle:
        line = handle.read(error.start).count(b"\n") + 1
    return AuthorError(
        "the file is not saved as UTF-8 text, so some of its characters cannot be read",
        "open it in your editor and save it again with the encoding 'UTF-8' "
        "(Notepad: File, Save as, Encoding: UTF-8)",
        path=path,
        line=line,
    )


def read_text_file(path):
    """A file the coach wrote (a CTA, a disclaimer), as text: "utf-8-sig" drops the
    byte-order mark Windows Notepad may save; another encoding stops the build at its line."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        raise not_utf8(path, error) from None


def metadata_line_of(text, key):
    """1-based line of the metadata line `Key:` at the top of `text`, or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            return None
        name, colon, _ = line.partition(":")
        if colon and name.strip().lower() == key.lower():
            return number
    return None


def line_of(text, needle):
    """1-based line of the first occurrence of `needle` in `text`, or None."""
    index = text.find(needle)
    if index < 0:
        return None
    return text.count("\n", 0, index) + 1


def report(error):
    """Log an AuthorError so the runner shows it even where Pelican swallows it."""
    logger.error("%s", error, extra={"author_error": error})
    return error
