"""Stop the build on a `{filename}` / `{static}` link to a file that does not exist.

Pelican only logs "Unable to find ..." without naming the post; this check runs
once every generator has read its content, using Pelican's own link pattern.
"""

import os
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


def check_links(generators):
    """`all_generators_finalized` handler: the first broken link stops the build."""
    context = generators[0].context
    contents = []
    for generator in generators:
        for name in CONTENT_LISTS:
            contents.extend(getattr(generator, name, []))
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
