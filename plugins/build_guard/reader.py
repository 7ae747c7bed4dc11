"""A Markdown reader that refuses what stock Pelican only logs: empty files, broken
metadata, bad dates and missing titles, each with its file and line."""

import os
import re

from pelican.readers import MarkdownReader
from pelican.utils import file_suffix, get_date, pelican_open

from . import parallel
from .errors import AuthorError, report
from .metadata import HEADER_LINE

CONTINUATION_LINE = re.compile(r"^[ ]{4,}|^\t")
NOT_SHARED = frozenset()  # shared_reads when the posts are too few to share


def check_metadata_block(text):
    """Raise AuthorError for the first problem in the metadata block at the top."""
    lines = text.split("\n")
    if not HEADER_LINE.match(lines[0]):
        raise AuthorError(
            "the file does not start with metadata",
            "make the first line 'Title: Your title', then 'Date: YYYY-MM-DD', "
            "then a blank line before the text",
            line=1,
        )
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return
        match = HEADER_LINE.match(line)
        if match:
            if match.group("key").lower() == "date":
                check_date(match.group("value"), number)
            continue
        if CONTINUATION_LINE.match(line):
            continue
        raise AuthorError(
            f"metadata line without a colon: {line.strip()!r}",
            "write it as 'Name: value' (for example 'Tags: interviews, confidence'), "
            "or leave a blank line between the metadata and the text",
            line=number,
        )


def check_date(value, line):
    try:
        get_date(value.replace("_", " "))
    except (ValueError, OverflowError):
        raise AuthorError(
            f"{value.strip()!r} is not a valid date",
            "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, for example 'Date: 2026-03-14'",
            line=line,
        ) from None


class StrictMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with the author checks in front of it.

    `shared_reads` (set by `share_reading`) holds the posts read by two processes.
    """

    shared_reads = None

    def read(self, source_path):
        if self.shared_reads is not None and source_path in self.shared_reads:
            return self.shared_reads.result(source_path)
        return self.read_here(source_path)

    def read_here(self, source_path):
        with pelican_open(source_path) as text:
            raw = str(text)
        try:
            if not raw.strip():
                raise AuthorError(
                    "the file is empty",
                    "add 'Title: ...' and 'Date: ...' lines and some text, or delete the file",
                )
            check_metadata_block(raw)
            content, metadata = super().read(source_path)
            if not metadata.get("title"):
                raise AuthorError(
                    "the post has no title",
                    "add a line 'Title: Your title' at the top of the file",
                    line=1,
                )
        except AuthorError as error:
            raise report(error.locate(source_path, raw)) from None
        return content, metadata


def share_reading(generator):
    """`article_generator_preread`, sent before each post: before the first, start a
    second process reading the posts from the end of the list (build_guard.parallel)."""
    reader = generator.readers.readers.get("md")
    settings = generator.settings
    if (
        not isinstance(reader, StrictMarkdownReader)
        or reader.shared_reads is not None
        or settings.get("LOAD_CONTENT_CACHE")  # cached posts are not read at all
    ):
        return
    paths = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
        if file_suffix(name) in StrictMarkdownReader.file_extensions
    ]
    if parallel.worth_sharing(settings, len(paths)):
        reader.shared_reads = parallel.SharedWork(
            paths, reader.read_here, shared={"settings": reader.settings}
        )
    else:
        reader.shared_reads = NOT_SHARED


def finish_reading(generator):
    """`article_generator_finalized`: every post is read; collect the second process."""
    reader = generator.readers.readers.get("md")
    shares = getattr(reader, "shared_reads", None)
    if isinstance(shares, parallel.SharedWork):
        shares.close()
