"""A Markdown reader that refuses what stock Pelican only logs: empty files, broken
metadata, bad dates and missing titles, each with its file and line."""

import datetime
import difflib
import html
import itertools
import os
import re
import zoneinfo

from blocks import Document, markdown_for, state_of
from blocks.sanitize import sanitize
from blocks.state import Parsed
from blocks.text import plain_text
from pelican.readers import MarkdownReader
from pelican.utils import file_suffix, get_date, pelican_open

from build import parallel
from build.settings import setting
from build.content_cache import under
from .errors import AuthorError, not_utf8, report
from .metadata import HEADER_LINE, SEVERAL_LINES, STATUSES, declared_status, known_keys, spelled
from .new_post import check_placeholders

META_PRIORITY = 27  # the metadata step's place among Python-Markdown's preprocessors (its docs)
CONTINUATION_LINE = re.compile(r"^[ ]{4,}|^\t")
# A line with a colon that is not `Name: value`: `Note to self: ...`, `P.S. note: ...`, `Title : ...`.
LINE_WITH_COLON = re.compile(r"^[ ]{0,3}(?P<key>[^:]*?)[ \t]*:")
NOT_SHARED = frozenset()  # shared_reads when the posts are too few to share


# A picture whose alt text is empty (Markdown's ![](...)), and its address.
EMPTY_ALT = re.compile(r"""<img\b[^>]*?\salt=(["'])\s*\1[^>]*>""")
IMAGE_SOURCE = re.compile(r"""\ssrc=(["'])(?P<value>.*?)\1""")
# How a date must be written: year first, as the README and every message say. Pelican
# would also take 11/12/2026 (and read it month first, on a British site).
ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T_]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?$")


def check_metadata_block(text, known=None, kind="post", joined=("summary",)):
    """Raise AuthorError for the first problem in the metadata block at the top: a line
    that is not `Name: value`, a name no one reads (`known`) or written twice, a bad date
    or status. `kind` ("post", "page") is what the file is called in messages; `joined`
    names the values that may go on over indented lines (FORMATTED_FIELDS: Pelican joins
    their lines; any other's become a list, as for a name written twice)."""
    lines = _lines(text)  # the metadata block only, not the whole story
    first = next(lines)
    if not HEADER_LINE.match(first):
        named = LINE_WITH_COLON.match(first)
        if named and known is not None and mistyped_name(named.group("key").strip(), known):
            raise not_a_name(named.group("key").strip(), first.strip(), known, 1)
        raise AuthorError(
            "the file does not start with metadata",
            "make the first line 'Title: Your title', then 'Date: YYYY-MM-DD', "
            "then a blank line before the text",
            line=1,
        )
    seen = {}  # name -> its line
    key = None
    for number, line in enumerate(itertools.chain([first], lines), start=1):
        if not line.strip():
            return
        key = check_metadata_line(line, number, key, seen, known, kind, joined)


def check_metadata_line(line, number, key, seen, known, kind, joined):
    """Check one line of the metadata block; return the name the next indented line continues."""
    match = HEADER_LINE.match(line)
    if match:
        key = match.group("key").lower()
        if known is not None and key not in known:
            raise unknown_key(match.group("key"), known, number)
        if key in seen and key not in SEVERAL_LINES:
            raise written_twice(key, kind, seen[key], number)
        seen[key] = number
        check_value(key, match.group("value"), number)
        return key
    if CONTINUATION_LINE.match(line):
        if key is not None and key not in joined and key not in SEVERAL_LINES:
            raise AuthorError(
                f"the {spelled(key)}: line goes on over line {number} (an indented line continues "
                f"the line above it), which only {' and '.join(spelled(name) + ':' for name in joined)} may do",
                f"write the {spelled(key)}: value on one line",
                line=number,
            )
        return key
    named = LINE_WITH_COLON.match(line)
    if named:
        raise not_a_name(named.group("key").strip(), line.strip(), known, number)
    raise AuthorError(
        f"metadata line without a colon: '{line.strip()}'",
        "write it as 'Name: value' (for example 'Tags: interviews, confidence'), "
        "or leave a blank line between the metadata and the text",
        line=number,
    )


def check_value(key, value, line):
    """The values Pelican reads in its own way: dates, the status, a time zone."""
    if key in ("date", "modified"):
        check_date(value, line)
    elif key == "status":
        check_status(value, line)
    elif key == "timezone":
        check_timezone(value, line)


def _lines(text):
    """The lines of `text`, one at a time."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def written_twice(key, kind, first, line):
    """The error for a metadata name on two lines: Pelican keeps the first of some (Tags,
    Date, Status...) and makes a list of the others (two titles), which no page can show."""
    name = spelled(key)
    if key in ("tags", "authors"):
        fix = f"put them all on one line, separated by commas ('{name}: first, second'), and delete the other"
    else:
        fix = f"keep one '{name}:' line and delete the other (line {first} or {line})"
    return AuthorError(f"the {kind} has two {name}: lines (lines {first} and {line})", fix, line=line)


def mistyped_name(key, known):
    """The known name `key` means, written with a space before the colon or inside, or None."""
    for name in (key.lower(), re.sub(r"\s+", "-", key.lower())):
        if name in known:
            return name
    return None


def not_a_name(key, line_text, known, line):
    """The error for a line with a colon in the metadata block that is not `Name: value`:
    the first line of the text, written without the blank line that ends the metadata
    (`Note to self: ...`), or a name written with spaces (`Email Subject:`, `Title :`)."""
    meant = mistyped_name(key, known) if known is not None else None
    if meant == key.lower():
        return AuthorError(
            f"there is a space between '{key}' and its colon",
            f"write '{spelled(meant)}:' with the colon right after the name",
            line=line,
        )
    if meant:
        return AuthorError(
            f"the metadata name '{key}' has spaces in it",
            f"write '{spelled(meant)}:' (with hyphens)",
            line=line,
        )
    return AuthorError(
        f"the line '{line_text}' is read as metadata, because there is no blank line between the "
        "metadata and it (and it is no 'Name: value' line)",
        "leave a blank line above it: the text starts after the first blank line",
        line=line,
    )


def unknown_key(key, known, line):
    """The error for a metadata name nothing reads (a misspelt one is silently ignored)."""
    close = difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.6)
    problem = f"unknown metadata '{key}'" + (f" (did you mean '{spelled(close[0])}'?)" if close else "")
    names = ", ".join(spelled(name) for name in sorted(known)) if len(known) <= 8 else (
        "Title, Date, Category, Tags, Summary, Status, Slug, CTA, Disclaimer, Preheader, Email-Subject...")
    fix = f"write '{spelled(close[0])}:'" if close else f"correct the name ({names})"
    return AuthorError(
        problem,
        f"{fix}; if this line is the start of your text, leave a blank line after the metadata",
        line=line,
    )


def check_date(value, line):
    text = value.strip()
    try:
        if not ISO_DATE.match(text):
            raise ValueError(text)
        try:
            datetime.datetime.fromisoformat(text.replace("_", " "))
        except ValueError:  # 2026-3-1, a zone without its colon...: Pelican's own, slower parser
            get_date(text.replace("_", " "))
    except (ValueError, OverflowError):
        raise AuthorError(
            f"'{text}' is not a valid date",
            "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, for example 'Date: 2026-03-14'",
            line=line,
        ) from None


def check_timezone(value, line):
    try:
        zoneinfo.ZoneInfo(value.strip())
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise AuthorError(
            f"unknown time zone '{value.strip()}'",
            "write a zone name such as 'Europe/London' or 'America/New_York' (capitals count), "
            "or remove the line to use the site's TIMEZONE",
            line=line,
        ) from None


def check_status(value, line):
    status = value.strip().lower()
    if status in STATUSES:
        return
    close = difflib.get_close_matches(status, STATUSES[:3], n=1, cutoff=0.5)
    raise AuthorError(
        f"unknown status '{value.strip()}'" + (f" (did you mean '{close[0]}'?)" if close else ""),
        "write 'Status: draft' (not published yet) or 'Status: hidden' (published, but not "
        "listed), or remove the line to publish the post",
        line=line,
    )


class StrictMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with the author checks in front of it.

    `shared_reads` (set by `share_reading`) holds the posts read by two processes.
    """

    shared_reads = None

    # Folders of other kinds of file a plugin reads with this reader (its setting: its kind),
    # e.g. the newsletters plugin's NEWSLETTER_PATH: "newsletter".
    KINDS = {}

    def kind_of(self, source_path):
        """"post" in ARTICLE_PATHS, a plugin's kind in its folder (KINDS), else "page"."""
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        if under(relative, [folder.strip("/") for folder in self.settings.get("ARTICLE_PATHS") or ()]):
            return "post"
        for key, kind in self.KINDS.items():
            folder = setting(self.settings, key)
            if folder and under(relative, [folder.strip("/")]):
                return kind
        return "page"

    def read(self, source_path):
        if self.shared_reads is not None and source_path in self.shared_reads:
            content, metadata = self.shared_reads.result(source_path)
            self.offer(source_path, metadata)  # kept by the worker: kept here if still needed
            return content, metadata
        return self.offer(source_path, *self.read_here(source_path))

    def offer(self, source_path, content, metadata=None):
        """Keep a post's tree only if another form may need it (blocks.state.Retention); the
        few pages and newsletters keep theirs."""
        if metadata is None:  # (content, metadata) of a shared read: only the metadata
            content, metadata = None, content
        parsed = metadata.get("parsed")
        if parsed is not None and self.kind_of(source_path) == "post":
            state_of(self.settings).retention.offer(source_path, metadata, parsed)
        return content, metadata

    def convert(self, raw, document):
        """Pelican's MarkdownReader.read, on the text already read and checked, keeping what
        the blocks' capture made of it (its tree, its words)."""
        self._source_path = document.path
        self._md = self.converter()
        self._md.blocks_document = document
        content = self._md.convert(raw)
        tree = self._md.blocks_tree
        del self._md.blocks_document
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        summary = self._md.blocks_tree if metadata.get("summary") else None
        metadata["parsed"] = parsed = parsed_facts(tree, summary, self.settings)
        parsed.files = state_of(self.settings).files_shown(tree)
        parsed.attaches = "{attach}" in content or "|attach|" in content
        return content, metadata

    def converter(self):
        """This reader's Markdown converter, reset: made once, not once a post (with every
        extension that took 2-3 ms a post, a third of reading one). Pelican's reader resets and
        reuses its converter for the summary, after taking its metadata step out: put back."""
        md = getattr(self, "_converter", None)
        if md is None:
            md = self._converter = markdown_for(self.settings)
            self._meta_step = md.preprocessors["meta"]
        elif "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta_step, "meta", META_PRIORITY)
        md.reset()
        return md

    def read_here(self, source_path):
        try:
            with pelican_open(source_path) as text:
                raw = str(text)
        except UnicodeDecodeError as error:
            raise report(not_utf8(source_path, error)) from None
        try:
            if not raw.strip():
                raise AuthorError(
                    "the file is empty",
                    "add 'Title: ...' and 'Date: ...' lines and some text, or delete the file",
                )
            kind = self.kind_of(source_path)
            check_metadata_block(
                raw,
                known_keys(self.settings, kind),
                kind,
                [name.lower() for name in self.settings.get("FORMATTED_FIELDS", ("summary",))],
            )
            check_characters(raw)
            content, metadata = self.convert(raw, Document(kind, source_path))
            content, metadata = web_safe(content, metadata, self.settings)
            if not metadata.get("title"):
                raise AuthorError(
                    "the post has no title",
                    "add a line 'Title: Your title' at the top of the file",
                    line=1,
                )
            check_pictures(content, raw)
            if kind != "page":
                check_post(content, metadata)
                check_placeholders(raw, metadata, kind)
        except AuthorError as error:
            raise report(error.locate(source_path, raw)) from None
        return content, metadata


# Everything outside XML 1.0's Char production: no feed can carry it, and the HTML parsers
# turn NUL into U+FFFD without a word.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CHARACTER_NAMES = {
    "\x00": "a NUL character",
    "\x08": "a backspace character",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\x1b": "an escape character",
    "\ufffe": "the non-character U+FFFE",
    "\uffff": "the non-character U+FFFF",
}


def describe_character(char):
    return f"{CHARACTER_NAMES.get(char, 'a control character')} (U+{ord(char):04X})"


def check_characters(raw):
    """An invisible control character (pasted from a PDF, Word or a terminal) stops the build
    at its line, naming the metadata line or the text it is in."""
    match = NOT_XML.search(raw)
    if match is None:
        return
    lines = raw[:match.end()].split("\n")
    line = len(lines)
    header = HEADER_LINE.match(lines[-1]) if all(text.strip() for text in lines[:-1]) else None
    key = header.group("key").lower() if header else ""
    field = key if key in ("title", "summary") else f"{spelled(key)}: line" if key else "post's text"
    raise AuthorError(
        f"the {field} contains {describe_character(match.group())}, which cannot be put in a feed "
        "(RSS and Atom are XML)",
        "delete the invisible character: retype the words around it "
        "(it usually comes from text pasted out of a PDF, Word or a terminal)",
        line=line,
    )


# Blocks that are not the story's own prose: they never start a summary.
PROSE = ("p", "ul", "ol", "blockquote")


def parsed_facts(tree, summary, settings):
    """The post's tree and what the theme and the emails read from it: its word count and a
    plain-text summary (the Summary: line as text, else the first SUMMARY_MAX_LENGTH words of
    its own paragraphs, callouts and calls-to-action left out)."""
    words = len(plain_text(tree).split())
    if summary is not None:
        return Parsed(tree, words, " ".join(plain_text(summary).split()))
    limit = settings.get("SUMMARY_MAX_LENGTH") or 50
    prose = []
    for element in tree:
        if element.tag in PROSE:
            prose.extend(plain_text(element).split())
            if len(prose) > limit:
                return Parsed(tree, words, " ".join(prose[:limit]) + "\u2026")
    return Parsed(tree, words, " ".join(prose))


def web_safe(content, metadata, settings):
    """The post's HTML and its summary's through the web allowlist (blocks.sanitize): no
    script, event handler or script-capable address reaches the page, whatever was pasted."""
    siteurl = settings.get("SITEURL", "")
    if metadata.get("summary"):
        metadata["summary"] = sanitize(without_markers(metadata["summary"]), "web", siteurl)
    return sanitize(without_markers(content), "web", siteurl), metadata


def without_markers(html):
    """`html` without the start and end marks Python-Markdown uses for its placeholders: the
    source has no control character (check_characters), so any left is one the converter lost
    (a footnote's back link inside a link with an unclosed parenthesis) and no reader's text."""
    return html.replace("\x02", "").replace("\x03", "") if "\x02" in html or "\x03" in html else html


def check_pictures(content, raw):
    """Every picture says what it shows (its alt text): screen readers, mail clients that
    block images and search engines read it. Pelican only logs a line without the file's line."""
    for tag in EMPTY_ALT.finditer(content):
        src = IMAGE_SOURCE.search(tag.group(0))
        where = html.unescape(src.group("value")) if src else ""
        # `![](address)`, or a reference `![][name]` whose `[name]: address` line is found
        needle = f"]({where}" if f"]({where}" in raw else "![]" if "![]" in raw else where
        raise AuthorError(
            f"the picture '{where or tag.group(0)}' has no description (alt text)",
            f"describe what it shows between the brackets, e.g. '![A chart of my applications]({where})'",
            needle=needle or None,
        )


def check_post(content, metadata):
    """What a published post needs beyond a page: a date (Pelican would skip the file with a
    bare log line) and some text. A draft may have neither yet (a title idea)."""
    if declared_status(metadata) in ("draft", "skip"):
        return
    if not metadata.get("date"):
        raise AuthorError(
            "the post has no date",
            f"add a line such as 'Date: {datetime.date.today():%Y-%m-%d}' under its title",
            line=1,
        )
    if not content.strip():
        raise AuthorError(
            "the post has no text under its metadata",
            "write the story below the metadata lines, after one blank line",
        )


def share_reading(generator):
    """`article_generator_preread`, sent before each post: before the first, start a second
    process reading the posts from the end of the list (build.parallel). Posts Pelican's
    content cache holds (`invoke serve`) are not read at all: only the others are shared."""
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, StrictMarkdownReader) or reader.shared_reads is not None:
        return
    settings = generator.settings
    paths = [
        path for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
        if file_suffix(name) in StrictMarkdownReader.file_extensions
        for path in [os.path.abspath(os.path.join(generator.path, name))]
        if generator.readers.get_cached_data(path, None) is None
    ]
    if parallel.worth_sharing(settings, len(paths)):
        # Each side keeps only the trees that may be needed (the worker sends the others without).
        reader.shared_reads = parallel.SharedItems(
            paths, lambda path: reader.offer(path, *reader.read_here(path)), shared={"settings": reader.settings}
        )
    else:
        reader.shared_reads = NOT_SHARED


def finish_reading(generator):
    """`article_generator_finalized`: every post is read; end the second process."""
    reader = generator.readers.readers.get("md")
    shares = getattr(reader, "shared_reads", None)
    if isinstance(shares, parallel.SharedItems):
        shares.close()
        reader.shared_reads = NOT_SHARED  # what it held is let go
