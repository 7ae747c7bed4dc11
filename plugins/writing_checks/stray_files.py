"""Writing that no part of the build reads stops the build, instead of vanishing from the site.

Pelican reads a post only from ARTICLE_PATHS (content/posts/), a page only from PAGE_PATHS
(content/pages/), and only when the name ends in a reader's extension, letter case included;
every other file it passes over without a word. So `posts/story.txt`, `posts/story.md.txt`
(Windows Notepad), `posts/STORY.MD`, `content/story.md` or `content/post/story.md` built
"fine" and the story was simply missing. The call-to-action and disclaimer plugins likewise
read only the NAME.md files directly in their folders (CTA_PATH, DISCLAIMER_PATH).

At `all_generators_finalized` every generator has read the content, and Pelican's context
records each file read (`generated_content`: posts and pages, also those that failed or
are drafts; `static_content`: the static files and whatever a post links with {static} or
{attach}). One walk of content/ then finds the text files (.md, .markdown, .txt, .text, in
any case) that nothing read, and each is named on its own line with the fix that fits:
rename it (wrong extension), or move it (wrong folder).

A Markdown file about to be copied into the site as it is (saved in content/images/ or
content/extra/, or linked with {static}) stops the build too (`check_markdown_in_static`):
its source, a draft's too, would be readable by anyone.

Not reported: hidden files and folders (".git", ".DS_Store", editors' ".story.md.swp"),
and what IGNORE_FILES names (as Pelican applies it: to each file's and folder's own name);
other files are not text (Thumbs.db, desktop.ini, story.md~, story.md.bak, #story.md#)
and are never looked at.
"""

import fnmatch
import os
import posixpath

from blocks.registry import types_in
from build.content_cache import under
from build.settings import setting
from .errors import AuthorError, display_path, report
from .metadata import HEADER_LINE

# Names that are writing (compared in lower case): Markdown, and plain text that is often
# Markdown saved by an editor that adds its own extension.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
PLAIN_SUFFIXES = (".txt", ".text")
TEXT_SUFFIXES = MARKDOWN_SUFFIXES + PLAIN_SUFFIXES
# Documents a word processor or another format saves: a story the build cannot read as it is.
DOCUMENT_SUFFIXES = (".docx", ".doc", ".rtf", ".odt", ".pages", ".mdx", ".html", ".htm", ".rst")
# Text files under content/ that a plugin reads itself (relative paths, e.g. "removed.txt"),
# each added by that plugin (`allow_file`): not writing left out of the site.
PLUGIN_FILES = set()


def allow_file(relpath):
    """A plugin reads content/`relpath` itself: the stray-file check passes over it."""
    PLUGIN_FILES.add(relpath)


def check_stray_files(generators):
    """`all_generators_finalized`: stop the build, one line per file, if a text file under
    content/ was read by no generator and no plugin."""
    settings = generators[0].settings
    context = generators[0].context
    layout = Layout(settings, reader_extensions(generators))
    read = (context.get("generated_content", {}), context.get("static_content", {}))
    errors = [
        error
        for relpath, siblings in text_files(settings["PATH"], settings.get("IGNORE_FILES", ()))
        if not any(relpath in found for found in read) and relpath not in PLUGIN_FILES
        and not layout.read_anyway(relpath)
        for error in [layout.error(relpath, siblings)] if error is not None
    ]
    if errors:
        for error in errors:
            report(error)  # one line each; the runner drops the raised one's repeat
        raise errors[0]


def check_markdown_in_static(generators):
    """`all_generators_finalized`: stop the build, one line per file, if a Markdown file is
    about to be copied into the site as it is (saved in content/images/ or content/extra/,
    or linked with {static}): its source, a draft's too, would be readable by anyone."""
    settings = generators[0].settings
    layout = Layout(settings, reader_extensions(generators))
    posts = " or ".join(layout.shown(p) for p in layout.articles) or "the posts folder"
    errors = [
        AuthorError(
            "this Markdown file would be copied into the site as it is, not made into a page: "
            "anyone could read its source",
            f"move it into {posts} (a story) or out of {layout.shown('')}",
            path=static.source_path,
        )
        for static in generators[0].context.get("staticfiles", [])
        if static.source_path.lower().endswith(MARKDOWN_SUFFIXES)
    ]
    if errors:
        for error in errors:
            report(error)
        raise errors[0]


def reader_extensions(generators):
    """The extensions Pelican's readers take (as Pelican compares them: case-sensitively)."""
    for generator in generators:
        readers = getattr(generator, "readers", None)
        if readers is not None:
            return frozenset(readers.extensions)
    return frozenset(ext.lstrip(".") for ext in MARKDOWN_SUFFIXES)


def skipped(name, ignores):
    """Hidden files, Office's lock files (~$story.docx) and what IGNORE_FILES names."""
    return name.startswith((".", "~$")) or any(fnmatch.fnmatch(name, pattern) for pattern in ignores)


def text_files(root, ignores):
    """(path relative to `root` with "/", names beside it) of each text file under `root`:
    one walk, following links as Pelican does."""
    for directory, subdirs, names in os.walk(root, followlinks=True):
        subdirs[:] = sorted(d for d in subdirs if not skipped(d, ignores))
        relative = os.path.relpath(directory, root).replace(os.sep, "/")
        for name in sorted(names):
            if _looks_written(name) and not skipped(name, ignores):
                yield (name if relative == "." else f"{relative}/{name}"), names


def _starts_like_writing(path):
    """Whether a file without an ending starts as a post does: UTF-8 text, `Name: value`."""
    try:
        with open(path, "rb") as handle:
            first = handle.read(200).split(b"\n", 1)[0].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return HEADER_LINE.match(first) is not None


def _looks_written(name):
    """A text file, a document, or a file with no extension at all (a story saved without one)."""
    return name.lower().endswith(TEXT_SUFFIXES + DOCUMENT_SUFFIXES) or "." not in name


def plugin_folders(settings):
    """{folder under PATH: what one file in it is called} for the block types that read NAME.md
    files (each names its folders' settings: blocks.registry.BlockType.folders)."""
    folders = {}
    for block_type in types_in(settings).values():
        for key, kind in block_type.folders.items():
            folder = setting(settings, key)
            if folder:
                folders[folder.strip("/")] = kind
    return folders


def strip_text_suffix(name):
    """`name` without its text extension(s): 'story.md.txt' -> 'story'."""
    lower = name.lower()
    for suffixes in (PLAIN_SUFFIXES, MARKDOWN_SUFFIXES):
        for suffix in suffixes:
            if lower.endswith(suffix) and len(name) > len(suffix):
                name, lower = name[: -len(suffix)], lower[: -len(suffix)]
                break
    return name


def proper_name(name, extensions):
    """The name the build reads: its own Markdown extension in small letters when the build
    takes that one ('STORY.Markdown' -> 'STORY.markdown'), else '.md' ('story.md.txt' -> 'story.md')."""
    stem = strip_text_suffix(name)
    inner = name[len(stem):].lower()
    for suffix in MARKDOWN_SUFFIXES:
        if (inner == suffix or inner.startswith(suffix + ".")) and suffix.lstrip(".") in extensions:
            return stem + suffix
    return stem + ".md"


class Layout:
    """Which folder of content/ reads what, from the settings of this build."""

    def __init__(self, settings, extensions):
        self.root = settings["PATH"]
        self.extensions = extensions
        self.articles = [p.strip("/") for p in settings.get("ARTICLE_PATHS", [])]
        self.article_excludes = [p.strip("/") for p in settings.get("ARTICLE_EXCLUDES", [])]
        self.pages = [p.strip("/") for p in settings.get("PAGE_PATHS", [])]
        self.page_excludes = [p.strip("/") for p in settings.get("PAGE_EXCLUDES", [])]
        self.plugins = plugin_folders(settings)

    def kind(self, relpath):
        """'post' or 'page' when the article or page generator looks at this path."""
        if under(relpath, self.articles) and not under(relpath, self.article_excludes):
            return "post"
        if under(relpath, self.pages) and not under(relpath, self.page_excludes):
            return "page"
        return None

    def plugin_folder(self, relpath):
        for folder, kind in self.plugins.items():
            if under(relpath, [folder]):
                return folder, kind
        return None, None

    def read_anyway(self, relpath):
        """Read, though Pelican's context does not list it: a CTA or disclaimer file, or a
        post or page that Pelican found and left out on purpose (`Status: skip`)."""
        folder, _ = self.plugin_folder(relpath)
        if folder is not None:
            return posixpath.dirname(relpath) == folder and relpath.endswith(".md")
        return self.kind(relpath) is not None and relpath.rpartition(".")[2] in self.extensions

    def shown(self, folder):
        return display_path(os.path.join(self.root, folder)).rstrip("/\\") + "/"

    def error(self, relpath, siblings):
        folder, name = posixpath.split(relpath)
        path = os.path.join(self.root, relpath)
        if "." not in name and not _starts_like_writing(path):
            return None  # LICENSE, a picture saved without an ending, macOS's "Icon\r"
        plugin_folder, plugin_kind = self.plugin_folder(relpath)
        if plugin_folder is not None:
            return self._plugin_error(path, folder, name, plugin_folder, plugin_kind, siblings)
        kind = self.kind(relpath)
        if kind is not None and name.lower().endswith(DOCUMENT_SUFFIXES):
            return self._document_error(path, name, kind)
        if kind is not None:
            return self._rename_error(path, name, kind, self.extensions, siblings)
        if "." not in name or name.lower().endswith(DOCUMENT_SUFFIXES):
            return None  # outside posts/ and pages/: a download or a note, not a story
        posts = " or ".join(self.shown(p) for p in self.articles) or "the posts folder"
        pages = " or ".join(self.shown(p) for p in self.pages) or "the pages folder"
        fix = f"move it into {posts} (a story) or {pages} (a page)"
        proper = proper_name(name, self.extensions)
        if proper != name:
            fix += f" and rename it to {proper}"
        return AuthorError(
            f"this file is left out of the site: posts are read only from {posts} "
            f"and pages only from {pages}",
            fix + f", or move it out of {self.shown('')} if it is not for the site",
            path=path,
        )

    def _rename_error(self, path, name, kind, extensions, siblings, left_out="is left out of the site"):
        proper = proper_name(name, extensions)
        ending = name[len(strip_text_suffix(name)):]
        proper_ending = proper[len(strip_text_suffix(proper)):]
        if not ending:
            problem = f"its name has no ending: the build reads only names ending in {proper_ending}"
        elif ending.lower() == proper_ending:
            problem = f"the build reads {proper_ending} only in small letters"
        elif ending.lower().endswith(PLAIN_SUFFIXES) and ending.count(".") > 1:
            added = ending[ending.rindex("."):]  # story.md.txt: Notepad added .txt
            problem = f"its name ends in {ending} (the editor added {added})"
        else:
            problem = f"the build reads only names ending in {proper_ending}, not {ending}"
        if proper in siblings:
            fix = (f"{display_path(os.path.join(os.path.dirname(path), proper))} exists already: keep "
                   f"the one you want and delete the other (or move it out of {self.shown('')})")
        else:
            fix = f"rename it to {proper}"
            if ending.lower() in PLAIN_SUFFIXES:
                fix += f", or move it out of {self.shown('')} if it is only a note"
        return AuthorError(f"this {kind} {left_out}: {problem}", fix, path=path)

    def _document_error(self, path, name, kind):
        stem, ending = name.rsplit(".", 1)
        return AuthorError(
            f"this {kind} is left out of the site: the build reads text written in Markdown, "
            f"saved with a name ending in .md, not a .{ending} document",
            f"save it as plain text named {stem}.md (in Word: File, Save as, Plain Text; then "
            f"rename it), or move it out of {self.shown('')}",
            path=path,
        )

    def _plugin_error(self, path, folder, name, plugin_folder, kind, siblings):
        shown = self.shown(plugin_folder)
        if name.lower().endswith(DOCUMENT_SUFFIXES):
            return self._document_error(path, name, kind)
        if folder == plugin_folder:
            return self._rename_error(path, name, kind, {"md"}, siblings, left_out="is never read")
        proper = proper_name(name, {"md"})
        return AuthorError(
            f"this {kind} is never read: only the NAME.md files directly in {shown} are, "
            "not those in folders inside it",
            f"move it into {shown}" + (f" and rename it to {proper}" if proper != name else ""),
            path=path,
        )
