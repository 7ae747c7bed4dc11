"""The metadata block at the top of a Markdown file (`Key: value` lines up to the
first blank line): one pattern and one line finder for every plugin's error messages."""

import re

from .errors import AuthorError

HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9][A-Za-z0-9_-]*):[ \t]*(?P<value>.*?)\s*$")

# The names a post's or page's metadata may use: Pelican's own, then our plugins'.
# Pelican keeps any other name without a word, so `Staus: draft` would publish a draft;
# BUILD_EXTRA_METADATA (a list of names) allows more, for a theme that reads them.
PELICAN_KEYS = ("title", "date", "modified", "category", "tags", "slug", "summary", "status", "author",
                "authors", "lang", "translation", "template", "save_as", "url", "timezone", "date_format")
# The names plugins read (a block type's `CTA:`, the email's `Preheader:`...), each added by
# the plugin that reads it (`allow_metadata`), so nothing here names a plugin. A build allows
# only the names of the plugins in its PLUGINS (the tests build sites with fewer).
PLUGIN_KEYS = {}  # kind of file ("post", "page", "newsletter") -> {name: plugins that read it}
# The names that may take several lines (`Redirect-From:` twice, or an indented line under
# it): Pelican then gives the plugin a list of the values.
SEVERAL_LINES = set()


def allow_metadata(plugin, *names, kinds=("post", "page"), several_lines=False):
    """Let these kinds of file use these metadata names (lower case), which `plugin` (a
    module's __name__: its top-level package counts) reads.
    `several_lines`: each may be written on more than one line (the plugin gets a list)."""
    plugin = plugin.split(".")[0]
    for kind in kinds:
        for name in names:
            PLUGIN_KEYS.setdefault(kind, {}).setdefault(name.lower(), set()).add(plugin)
    if several_lines:
        SEVERAL_LINES.update(name.lower() for name in names)


# What `Status:` may say (Pelican's "skip" leaves a file out of the build).
STATUSES = ("published", "draft", "hidden", "skip")


# How a name is written in messages (the rest: capitalised, as Title).
SPELLED = {"cta": "CTA", "url": "URL", "save_as": "Save_as", "email-subject": "Email-Subject",
           "date_format": "Date_format"}


def declared_status(content_or_metadata):
    """The `Status:` the coach wrote (lower case, "" without one). Not Pelican's `status`,
    which also says "draft" for a post only because its date is still to come."""
    metadata = getattr(content_or_metadata, "metadata", content_or_metadata)
    return str(metadata.get("status", "")).strip().lower()


def renamed_default(kind, name, paths):
    """The error when the default `name` is there only with other capitals (newsletter.md
    saved as Newsletter.md: every post would silently lose it); `paths` maps the names
    there to their files. None when there is no such file."""
    renamed = [other for other in paths if other.lower() == str(name).strip().lower()]
    if not renamed:
        return None
    return AuthorError(
        f"the default {kind} is {name}.md, but this file is called {renamed[0]}.md (names count capital letters)",
        f"rename it to {name}.md",
        path=paths[renamed[0]],
    )


def spelled(key):
    return SPELLED.get(key, key.title())


def known_keys(settings, kind="post"):
    """The metadata names a kind of file (a post, a page...) may use, lower-case."""
    extra = settings.get("BUILD_EXTRA_METADATA") or ()
    if isinstance(extra, str):  # one name written without the list around it
        extra = [extra]
    enabled = {str(name).split(".")[0] for name in settings.get("PLUGINS") or ()}
    plugins = [name for name, readers in PLUGIN_KEYS.get(kind, {}).items() if readers & enabled]
    return frozenset((*PELICAN_KEYS, *plugins, *(str(name).strip().lower() for name in extra)))


def metadata_line(source_path, key):
    """1-based line of `Key:` in the metadata block of a post or page, or None."""
    try:
        with open(source_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    return None
                match = HEADER_LINE.match(line)
                if match and match.group("key").lower() == key.lower():
                    return number
    except OSError:
        return None
    return None


YES, NO = ("yes", "true"), ("no", "false")


def said_yes(value):
    """Whether a metadata value is yes (or true), in any capitals."""
    return str(value or "").strip().lower() in YES


def yes_or_no(content, key, default):
    """A post's or issue's `Key: yes` or `no` (true/false, any capitals), else `default`;
    another word stops the build: a typo must not silently mean no."""
    value = str(content.metadata.get(key, "")).strip().lower()
    if not value:
        return default
    if value in YES + NO:
        return said_yes(value)
    raise AuthorError(f"'{key.title()}: {value}' is neither yes nor no", f"write '{key.title()}: yes' or "
                      f"'{key.title()}: no'", path=content.source_path, line=metadata_line(content.source_path, key))


# What a coach may put around a name that names a file: quotes (straight, curly, angle),
# the folder and the ".md" ending (CTA: and Disclaimer: lines, [[cta:NAME]] markers).
QUOTES = "\"'`\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a"


def intended_name(written):
    """(name, what was around it) for a name written with quotes, a folder or ".md":
    ('coaching-call', "quotes") for '“coaching-call”', ('client-story', "'.md'") for
    'client-story.md'; (name, "") when there was nothing around it."""
    name = written.strip()
    extras = []
    unquoted = name.strip(QUOTES).strip()
    if unquoted != name:
        extras.append("quotes")
    name = unquoted
    if "/" in name or "\\" in name:
        name = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        extras.append("the folder")
    if name.lower().endswith(".md"):
        name = name[: -len(".md")].strip(QUOTES).strip()
        extras.append("'.md'")
    return name, " and ".join(extras)
