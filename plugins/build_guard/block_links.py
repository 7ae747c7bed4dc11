"""`{static}` and `{filename}` links in CTA and disclaimer files, worked out as in a post.

A disclaimer or end-of-post CTA is rendered once from its own file and shown under many
posts (a CTA's `Email:` text goes into feeds and emails the same way), so Pelican, which
works out the links in each post's own HTML, never sees theirs. Two steps do it for them,
with Pelican's own code and a stand-in page whose file is the block's (a path starting
with "/" is from content/, any other from the block's own folder):

- `note_static_links`: while the posts are read, a block's `{static}` files are added to
  the files Pelican publishes (as a post's are), so a picture kept beside the disclaimer
  or outside STATIC_PATHS is copied too;
- `resolve`: once every file is read (`all_generators_finalized`), the block's HTML has
  its links worked out, before its feed and email forms are made from it (lxml would
  percent-encode a `{category}Career stories` link, which Pelican then cannot find). A
  link to a file that does not exist, or `{attach}` (which moves a picture next to the one
  page that uses it), stops the build naming the block's file and line.

`resolve_block_links` asks every attached block for a copy made from its resolved HTML
(each block's `with_links(settings)`) and points the posts and pages showing it at it.
"""

import functools
import html as html_text
import os
from types import SimpleNamespace

from pelican.contents import Page

from .contents import CONTENT_LISTS
from .errors import AuthorError, line_of
from .links import (ATTACHED_BLOCK_LISTS, ATTACHED_BLOCKS, BLOCK_ORIGINS, BLOCK_UNPUBLISHED, LINK_ATTRIBUTE,
                    fix_for_missing, missing_links, unpublished_links, unwritten_contents)

# (settings, context, ids of the contents it does not write) of this process's build, once
# every file is read
_context = (None, None, set())
_done = {}  # (file, html) -> resolved html, this build


@functools.lru_cache(maxsize=8)
def _link_pattern(intrasite_link_regex):
    """Pelican's own pattern for a link attribute holding `{what}value`, as every page of a
    build with this INTRASITE_LINK_REGEX compiles it (Content._get_intrasite_link_regex)."""
    holder = SimpleNamespace(settings={"INTRASITE_LINK_REGEX": intrasite_link_regex})
    return Page._get_intrasite_link_regex(holder)


def has_links(html, settings):
    """Whether `html` has any `{static}`, `{filename}`... link for Pelican to work out."""
    return bool(html) and _link_pattern(settings["INTRASITE_LINK_REGEX"]).search(html) is not None


def _stand_in(html, path, settings, context):
    return Page(html, metadata={"title": os.path.basename(path)}, settings=settings, source_path=path,
                context=context)


def note_static_links(html, path, settings, context):
    """Add the files `html`'s `{static}` links name to those Pelican publishes (call while the
    posts and pages are read, before the static files are)."""
    if has_links(html, settings):
        context["static_links"] |= _stand_in(html, path, settings, context).get_static_links()


def resolve(html, path, settings):
    """`html` (a block rendered from the file `path`) with its links worked out, once every
    file of the build is read; before then, `html` as it is."""
    noted_for, context, unwritten = _context
    if noted_for is not settings or not has_links(html, settings):
        return html
    if (path, html) not in _done:
        _done[(path, html)] = _resolved(html, path, settings, context, unwritten)
    return _done[(path, html)]


def _resolved(html, path, settings, context, unwritten):
    stand_in = _stand_in(html, path, settings, context)
    try:  # only to give an error its line: a file deleted since it was read has none
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        text = ""
    matches = list(_link_pattern(settings["INTRASITE_LINK_REGEX"]).finditer(html))
    for match in matches:
        if match.group("what") == "attach":
            raise AuthorError(
                f"{match.group('path')!r}: {{attach}} cannot be used in a file shown under many posts",
                "write {static} instead, e.g. '{static}/images/picture.png'",
                path=path,
                line=line_of(text, match.group("path")),
            )
    for link, target in missing_links(stand_in, context):
        raise AuthorError(
            f"the link {link!r} points to {target!r}, which does not exist",
            fix_for_missing(link),
            path=path,
            line=line_of(text, link),
        )
    siteurl = settings.get("SITEURL", "")
    for match in matches:  # where each address came from, should the address check fail
        one_link = stand_in._update_content(match.group(0), siteurl)  # `<a href="{what}value"`
        address = LINK_ATTRIBUTE.search(one_link)
        if address:
            written = match.group("path")
            where = (path, line_of(text, written), written)
            BLOCK_ORIGINS.setdefault(html_text.unescape(address.group("value")), where)
    resolved = stand_in._update_content(html, siteurl)
    unpublished = [(path, line_of(text, link), link, target)
                   for link, target in unpublished_links(stand_in, context, unwritten)]
    if unpublished:  # an error once a page the build writes shows the block (links.check_links)
        BLOCK_UNPUBLISHED[resolved] = unpublished
    return resolved


def resolve_block_links(generators):
    """`all_generators_finalized`: every post's and page's CTA and disclaimer blocks get their
    links worked out (each block once: many posts share one)."""
    global _context
    settings = generators[0].settings
    context = generators[0].context
    _context = (settings, context, unwritten_contents(context))
    BLOCK_ORIGINS.clear()
    BLOCK_UNPUBLISHED.clear()
    _done.clear()
    made = {}  # id(block) -> the block with its links worked out

    def with_links(block):
        if id(block) not in made:
            made[id(block)] = block.with_links(settings) if hasattr(block, "with_links") else block
        return made[id(block)]

    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                for attribute in ATTACHED_BLOCKS:
                    block = getattr(content, attribute, None)
                    if block is not None:
                        setattr(content, attribute, with_links(block))
                for attribute in ATTACHED_BLOCK_LISTS:
                    blocks = getattr(content, attribute, None)
                    if blocks:
                        setattr(content, attribute, tuple(with_links(block) for block in blocks))


def forget_build(pelican=None):
    """`initialized`: let the last build's context go before this one reads its files (kept
    until then: the email export and the address check use it after Pelican's last signal)."""
    global _context
    _context = (None, None, set())
    BLOCK_ORIGINS.clear()
    BLOCK_UNPUBLISHED.clear()
    _done.clear()

