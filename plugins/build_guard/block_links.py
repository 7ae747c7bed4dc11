"""`{static}` and `{filename}` links in CTA and disclaimer files, worked out as in a post.

A disclaimer or end-of-post CTA is rendered once from its own file and shown under many
posts, so Pelican, which resolves the links of each post's own HTML, never sees its links:
`![Logo]({static}/images/logo.png)` in a disclaimer was published as it stood, a broken
picture on every page, feed entry and email. Once every generator has read its files
(`all_generators_finalized`: every post, page and static file is known), each attached
block's three forms (web, feed, email) go through Pelican's own link replacement, as if the
block's file were a page: a path starting with "/" is from content/, any other from the
block's own folder. A link to a file that does not exist stops the build naming the block's
file and line; `{attach}` (which moves a picture next to the one page that uses it) has no
meaning for a block shown under every post and stops it too.
"""

import dataclasses

from pelican.contents import Page

from .errors import AuthorError, line_of
from .links import ATTACHED_BLOCKS, CONTENT_LISTS, missing_links

FORMS = ("html", "feed_html", "email_html")


def resolve_block_links(generators):
    """`all_generators_finalized`: give every attached block with intrasite links a copy with
    them resolved, and point each post and page showing it at that copy."""
    settings, context = generators[0].settings, generators[0].context
    resolved = {}  # id(block) -> block with its links worked out (or itself)
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                for attribute in ATTACHED_BLOCKS:
                    block = getattr(content, attribute, None)
                    if block is None:
                        continue
                    if id(block) not in resolved:
                        resolved[id(block)] = _resolved(block, settings, context)
                    setattr(content, attribute, resolved[id(block)])


def _resolved(block, settings, context):
    path = getattr(block, "path", None)
    if not path or not any(_has_placeholder(getattr(block, form, None)) for form in FORMS):
        return block
    stand_in = Page(getattr(block, "html", "") or "", metadata={"title": block.name}, settings=settings,
                    source_path=path, context=context)
    pattern = stand_in._get_intrasite_link_regex()
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for form in FORMS:
        for match in pattern.finditer(getattr(block, form, None) or ""):
            if match.group("what") == "attach":
                raise AuthorError(
                    f"{match.group('path')!r}: {{attach}} cannot be used in a file shown under many posts",
                    "write {static} instead, e.g. '{static}/images/picture.png'",
                    path=path,
                    line=line_of(text, match.group("path")),
                )
    for form in FORMS:
        stand_in._content = getattr(block, form, None) or ""
        for link, target in missing_links(stand_in, context):
            raise AuthorError(
                f"the link {link!r} points to {target!r}, which does not exist",
                "check the file name under content/ (for example '{static}/images/picture.png'), or "
                "remove the link",
                path=path,
                line=line_of(text, link),
            )
    siteurl = settings.get("SITEURL", "")
    return dataclasses.replace(block, **{
        form: stand_in._update_content(getattr(block, form), siteurl)
        for form in FORMS if _has_placeholder(getattr(block, form, None))
    })


def _has_placeholder(html):
    return bool(html) and ("{" in html or "|" in html)
