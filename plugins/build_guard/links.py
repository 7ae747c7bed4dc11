"""Stop the build on a link in a post or page to something the site does not have.

- `{filename}` / `{static}` links to a file that does not exist: Pelican only logs
  "Unable to find ..." without naming the post; checked once every generator has read
  its content, using Pelican's own link pattern.
- Links written as an address on this site (`/2026/my-story/`, `/images/chart.png`, or
  the full address starting with SITEURL): noted when the content is read, checked
  against the files the build wrote once it has written them all (the runner calls
  `check_written_links` before the new site replaces the old one), so a mistyped address
  or a post renamed or still a draft stops the build instead of publishing a dead link.
"""

import html
import os
import posixpath
import re
from urllib.parse import unquote, urlparse

from .errors import AuthorError

# Every list of contents the article and page generators keep, each named once.
CONTENT_LISTS = (
    "articles", "drafts", "hidden_articles", "translations", "drafts_translations",
    "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
)
TARGET_KEYS = {"filename": "generated_content", "static": "static_content", "attach": "static_content"}


def missing_links(content, context):
    """Yield (link text, resolved path) for each intrasite link with no target."""
    pattern = content._get_intrasite_link_regex()
    for match in pattern.finditer(content._content or ""):
        what = match.group("what")
        if what not in TARGET_KEYS:
            continue
        path = unquote(urlparse(match.group("value")).path)
        if not path:
            continue
        if path.startswith("/"):
            resolved = path[1:]
        else:
            resolved = os.path.normpath(os.path.join(content.relative_dir, path)).replace(os.sep, "/")
        known = context[TARGET_KEYS[what]]
        if resolved in known or (what == "filename" and resolved in context["static_content"]):
            continue
        yield match.group("path"), resolved


# The value of an href or src attribute, in the HTML a post's Markdown became.
LINK_ATTRIBUTE = re.compile(r"""<[^>]+?\s(?:href|src)\s*=\s*(?P<quote>["'])(?P<value>.*?)(?P=quote)""")

_noted = (None, [])  # (settings, [(source path, link as written, path on the site)]) of this build


def site_links(content, siteurl):
    """Yield (link as written, path on the site) for each link to an address on this site."""
    raw = content._content or ""
    if '="/' not in raw and "='/" not in raw and (not siteurl or siteurl not in raw):
        return  # most posts: nothing to parse
    for match in LINK_ATTRIBUTE.finditer(raw):
        link = html.unescape(match.group("value"))
        if link.startswith("/") and not link.startswith("//"):
            path = link
        elif siteurl and link.startswith(siteurl + "/"):
            path = link[len(siteurl):]
        else:
            continue
        yield link, urlparse(path).path


def written(output, path):
    """Whether the site in `output` answers `path` (a file, or a folder's index.html)."""
    relative = posixpath.normpath(unquote(path)).lstrip("/")
    if relative.startswith(".."):
        return False
    target = os.path.join(output, relative) if relative not in ("", ".") else output
    index = os.path.join(target, "index.html")
    return os.path.isfile(index) if path.endswith("/") else os.path.isfile(target) or os.path.isfile(index)


def check_written_links(settings, output):
    """Called by the runner once Pelican has written everything: the first link to an
    address on this site that the build did not write stops it."""
    noted_for, links = _noted
    if noted_for is not settings:
        return
    for source_path, link, path in links:
        if written(output, path):
            continue
        with open(source_path, encoding="utf-8") as source:
            text = source.read()
        raise AuthorError(
            f"the link {link!r} goes to an address this build does not write"
            + (f" ({path})" if path != link else ""),
            "check the address (a post's is /<year>/<slug>/, a picture's /images/<file>); if it is "
            "a draft or dated in the future, publish it first; or link to the post with "
            "'{filename}its-file.md', which follows it when its address changes",
            needle=link,
        ).locate(source_path, text)


def check_links(generators):
    """`all_generators_finalized` handler: the first broken link stops the build; links
    written as addresses on this site are noted for `check_written_links`."""
    global _noted
    context = generators[0].context
    settings = generators[0].settings
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    contents = []
    for generator in generators:
        for name in CONTENT_LISTS:
            contents.extend(getattr(generator, name, []))
    _noted = (settings, [
        (content.source_path, link, path)
        for content in contents
        for link, path in site_links(content, siteurl)
    ])
    for content in contents:
        for link, resolved in missing_links(content, context):
            with open(content.source_path, encoding="utf-8") as source:
                text = source.read()
            raise AuthorError(
                f"the link {link!r} points to {resolved!r}, which does not exist",
                "check the file name under content/ (for example "
                "'{filename}/posts/my-post.md'), or remove the link",
                needle=link,
            ).locate(content.source_path, text)
