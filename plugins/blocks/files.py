"""The coach's block files (content/ctas/NAME.md, content/disclaimers/NAME.md), read by one
reader: Pelican's own Markdown reader, with the build's extensions, checks and capture.

A block file is shown under many posts, so its `{static}` and `{filename}` links are
written from content/ (`{static}/images/x.png`) once read: Pelican then works them out in
each post that shows the block, from wherever that post is, as its own links.
"""

import difflib
import os
import posixpath
import re

from pelican.readers import MarkdownReader

from writing_checks.errors import AuthorError, read_text_file
from writing_checks.metadata import HEADER_LINE
from writing_checks.reader import check_characters, check_metadata_block

from . import markdown_for
from .capture import Document

# Pelican's link syntax ({static}path, |filename|path) with a path relative to the file.
RELATIVE_LINK = re.compile(r"^(?P<what>[{|](?:static|filename|attach)[}|])(?P<path>[^/].*)$")
LINK_ATTRIBUTES = ("href", "src")


class BlockFile:
    """One block file: its name, path, metadata (lower-case names) and parsed text."""

    def __init__(self, name, path, metadata, tree, text):
        self.name = name
        self.path = path
        self.metadata = metadata
        self.tree = tree
        self.text = text  # the file's text, to find a line for a later message


class BlockFileReader(MarkdownReader):
    """Reads one kind of block file: `kind` names it in messages ("call-to-action"),
    `known` are the metadata names it may have."""

    def __init__(self, settings, kind, known, header_optional=False):
        super().__init__(settings)
        self.kind = kind
        self.known = frozenset(known)
        # A file whose first lines are not all `Known: value` has no header: its text that
        # opens like one ("Important: ...") stays text.
        self.header_optional = header_optional

    def read_folder(self, folder):
        """{name: BlockFile} for each NAME.md directly in `folder` (none if it is missing)."""
        files = {}
        if os.path.isdir(folder):
            for filename in sorted(os.listdir(folder)):
                if filename.endswith(".md") and not filename.startswith("."):
                    block_file = self.read_block(os.path.join(folder, filename))
                    files[block_file.name] = block_file
        return files

    def read_block(self, path):
        raw = read_text_file(path)
        try:
            check_characters(raw)
            header = not self.header_optional or self.has_header(raw)
            if not header:
                self.check_near_miss(raw)
            elif raw.strip() and HEADER_LINE.match(raw.split("\n", 1)[0]):
                check_metadata_block(raw, self.known, self.kind, ())
            tree, metadata = self.convert(raw, Document(self.kind, path), header)
            written_from_content(tree, path, self.settings["PATH"])
        except AuthorError as error:
            raise error.locate(path, raw) from None
        return BlockFile(os.path.basename(path)[: -len(".md")], path, metadata, tree, raw)

    def convert(self, text, document, metadata=True):
        """(tree, metadata as written) of a block file's text or of a line of it (a CTA's Email:);
        without `metadata`, a first line like `Important: ...` is text."""
        self._source_path = document.path
        self._md = markdown_for(self.settings)
        self._md.blocks_document = document
        if not metadata:
            self._md.preprocessors.deregister("meta")
        self._md.convert(text)
        metadata = {key: " ".join(values).strip() for key, values in getattr(self._md, "Meta", {}).items()}
        return self._md.blocks_tree, metadata

    def check_near_miss(self, raw):
        """A first block of `Name: value` lines with a name close to a known one ("Titel") is a
        header with a typo, not text shown under every post: stop at that line."""
        block = raw.split("\n\n", 1)[0].split("\n")
        matches = [HEADER_LINE.match(line) for line in block]
        if not all(matches):
            return
        for number, match in enumerate(matches, start=1):
            key = match.group("key").lower()
            close = difflib.get_close_matches(key, sorted(self.known), n=1, cutoff=0.75)
            if key not in self.known and close:
                known = ", ".join(name.title() for name in sorted(self.known))
                raise AuthorError(
                    f"unknown {self.kind} metadata '{match.group('key')}' (known: {known})",
                    f"write '{close[0].title()}:' if that line is the {self.kind}'s title; if it is the "
                    "text, begin the text with other words",
                    line=number,
                )

    def has_header(self, raw):
        for line in raw.split("\n"):
            if not line.strip():
                return True
            match = HEADER_LINE.match(line)
            if match is None or match.group("key").lower() not in self.known:
                return False
        return True


def written_from_content(tree, path, content_root):
    """Make the relative `{static}`/`{filename}` links of a block file's tree start from
    content/; `{attach}` (which moves a picture next to the one page that uses it) is refused."""
    folder = posixpath.dirname(os.path.relpath(path, content_root).replace(os.sep, "/"))
    for element in tree.iter():
        for name in LINK_ATTRIBUTES:
            value = element.get(name)
            match = RELATIVE_LINK.match(value) if value else None
            if match is None:
                if value and "attach" in value[:8]:
                    raise attach_refused(value)
                continue
            if "attach" in match.group("what"):
                raise attach_refused(value)
            joined = posixpath.normpath(posixpath.join(folder, match.group("path")))
            element.set(name, f"{match.group('what')}/{joined}")


def attach_refused(value):
    return AuthorError(
        f"'{value}': {{attach}} cannot be used in a file shown under many posts",
        "write {static} instead, e.g. '{static}/images/picture.png'",
        needle=value,
    )
