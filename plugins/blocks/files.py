"""The coach's block files (content/ctas/NAME.md, content/disclaimers/NAME.md), read by one
reader: Pelican's own Markdown reader, with the build's extensions, checks and capture.

A block file is shown under many posts, so its `{static}` and `{filename}` links are
written from content/ (`{static}/images/x.png`) once read: Pelican then works them out in
each post that shows the block, from wherever that post is, as its own links.
"""

import os
import posixpath
import re

from pelican.readers import MarkdownReader

from build_guard.errors import AuthorError, read_text_file
from build_guard.metadata import HEADER_LINE
from build_guard.reader import check_characters, check_metadata_block

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
            if self.header_optional and not self.has_header(raw):
                raw = "\n" + raw  # no metadata: the first line is text
            elif raw.strip():
                check_metadata_block(raw, self.known, self.kind, ())
            tree, metadata = self.convert(raw, Document(self.kind, path))
            written_from_content(tree, path, self.settings["PATH"])
        except AuthorError as error:
            raise error.locate(path, raw) from None
        return BlockFile(os.path.basename(path)[: -len(".md")], path, metadata, tree, raw)

    def convert(self, text, document):
        """(tree, metadata as written) of a block file's text or of a line of it (a CTA's Email:)."""
        self._source_path = document.path
        self._md = markdown_for(self.settings)
        self._md.blocks_document = document
        self._md.convert(text)
        metadata = {key: " ".join(values).strip() for key, values in getattr(self._md, "Meta", {}).items()}
        return self._md.blocks_tree, metadata

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
        f"{value!r}: {{attach}} cannot be used in a file shown under many posts",
        "write {static} instead, e.g. '{static}/images/picture.png'",
        needle=value,
    )
