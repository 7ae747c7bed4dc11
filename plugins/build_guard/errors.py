"""Author mistakes as one clear line: file, line where known, what is wrong, and the fix.

Any plugin raises `AuthorError`; the build runner prints it and stops the build.
Pelican catches exceptions raised while it reads a file and only logs them, so
`report()` also logs the error with a marker the runner looks for.
"""

import logging
import os

logger = logging.getLogger("build_guard")


class AuthorError(Exception):
    """Something the coach wrote that the build cannot use.

    `needle` is text from the source that lets a caller who knows the file
    (the reader) find the line when the raiser (a Markdown extension) does not.
    """

    def __init__(self, problem, fix, path=None, line=None, needle=None):
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
        self.path = path
        self.line = line
        self.needle = needle

    def __reduce__(self):
        # Exceptions pickle as type(*args); this one needs all its fields (parallel builds).
        return (AuthorError, (self.problem, self.fix, self.path, self.line, self.needle), vars(self))

    def locate(self, path, text=None):
        """Fill in the file and, from `needle`, the line, unless already known."""
        if self.path is None:
            self.path = path
        if self.line is None and self.needle and text is not None:
            self.line = line_of(text, self.needle)
        return self

    def __str__(self):
        where = display_path(self.path) if self.path else "<unknown file>"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.problem}. Fix: {self.fix}"


def display_path(path):
    """The path as the coach would type it: relative to the project when inside it."""
    path = os.fspath(path)
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


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
