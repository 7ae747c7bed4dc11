"""Every post and page gets a file of its own, checked before anything is written.

A title with no letters or digits (an emoji) makes an empty slug (the post would be
written as 2026/index.html, the email as email/email.html); a very long title makes a file
name the disk refuses; two posts or drafts with one title get the same address, and a page
called "Archives" or "Email" that of a page the site writes itself. Pelican would stop
half-way through writing with an error that names no file of the coach's, or write one
over the other.
"""

import os

from .contents import CONTENT_LISTS
from .errors import AuthorError, display_path
from .metadata import metadata_line

# File names stop at 255 bytes on most disks; the slug is one (and the email's folder).
MAX_SLUG_BYTES = 200
# Files the site writes for itself, besides the direct templates' (archives, tags...): a
# page called "Email" would be written over by the email previews' index.
SITE_FILES = {"email/index.html": "the email previews' page", "email/index.json": "the emails' index"}


def site_files(settings):
    """{file: what it is} for the pages the site writes itself (lower case)."""
    files = {name.lower(): what for name, what in SITE_FILES.items()}
    for template in settings.get("DIRECT_TEMPLATES") or ():
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            files[os.path.normpath(save_as).lower()] = f"the site's {template} page"
    return files


def check_saved_paths(generators):
    """`all_generators_finalized`: each written post and page has a usable slug and a file
    no other content is written to."""
    seen = {}
    reserved = site_files(generators[0].settings)
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                save_as = content.save_as  # worked out anew on every use
                _check_slug(content)
                if not save_as:  # a draft `invoke publish` does not write: its would-be address
                    other = seen.setdefault(("unwritten", _kind(content), content.slug, content.lang), content)
                    if other is not content:
                        raise _same_file(content, other, "would share an address once published")
                    continue
                # Lower case: on macOS and Windows "About" and "about" are one file.
                key = os.path.normpath(save_as).lower()
                # A Save_as: line puts a page there on purpose (a home page over index.html).
                if key in reserved and not hasattr(content, "override_save_as"):
                    raise _site_file(content, save_as, reserved[key])
                other = seen.setdefault(key, content)
                if other is not content:
                    raise _same_file(content, other)


def _check_slug(content):
    slug = content.slug or ""
    if not slug.strip("-_. "):
        raise AuthorError(
            f"the title '{content.title}' gives this {_kind(content)} no address (it has no letters or digits)",
            "add a line such as 'Slug: my-story' (letters, digits and dashes) at the top of the file",
            path=content.source_path,
            line=_slug_line(content),
        )
    size = len(slug.encode("utf-8"))
    if size > MAX_SLUG_BYTES:
        raise AuthorError(
            f"the address made from the title is too long for a file name ({size} bytes, at most {MAX_SLUG_BYTES})",
            "add a shorter line such as 'Slug: a-few-words' at the top of the file",
            path=content.source_path,
            line=_slug_line(content),
        )


def _slug_line(content):
    """The line the slug comes from: its Slug: line, else its Title: (read only for an error)."""
    return metadata_line(content.source_path, "slug") or metadata_line(content.source_path, "title")


def _site_file(content, save_as, what):
    return AuthorError(
        f"this {_kind(content)} would be written to {save_as}, where {what} goes",
        f"give it a slug of its own, with a line such as 'Slug: my-{content.slug}' at its top",
        path=content.source_path,
        line=_slug_line(content),
    )


def _same_file(content, other, problem=None):
    problem = problem or f"would be written to {content.save_as}"
    return AuthorError(
        f"this {_kind(content)} {problem}, like {display_path(other.source_path)}{_why_same(content, other)}",
        f"give one of the two a slug of its own, with a line such as 'Slug: {content.slug}-2' at its top",
        path=content.source_path,
        line=_slug_line(content),
    )


def _why_same(content, other):
    """Why two files get one address, as the coach would see it: the Slug: lines, the titles."""
    slugs = [metadata_line(one.source_path, "slug") is not None for one in (content, other)]
    if all(slugs):
        return f" (both have 'Slug: {content.slug}')"
    if slugs[0]:
        return f" (its Slug: line and the other's title both give '{content.slug}')"
    if slugs[1]:
        return f" (its title and the other's Slug: line both give '{content.slug}')"
    if content.title == other.title:
        return " (they have the same title)"
    return f" (their titles both give the address '{content.slug}')"


def _kind(content):
    return {"Page": "page", "Article": "post"}.get(type(content).__name__, type(content).__name__.lower())
