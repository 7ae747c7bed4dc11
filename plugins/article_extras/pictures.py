"""Pictures named in metadata and settings: a post's `Image:` (its picture in lists of
posts, and its social card), and the site's photo, logo and icon (pelicanconf.py).

Each must be a picture file of this site, under content/ (a picture from another site would
make every reader's browser ask that site for it): written as in a post, with `{static}`
(`Image: {static}/images/chart.png`) or as its address (`Image: /images/chart.png`); in
pelicanconf.py as a path under content/ (`AUTHOR_PHOTO = "images/maya.jpg"`). A picture that
is not there, cannot be opened or is not a picture stops the build at its line.
"""

import os
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from PIL import Image

from writing_checks.errors import AuthorError
from writing_checks.links import missing_problem, nearest_files, static_address
from writing_checks.metadata import metadata_line
from writing_checks.pictures import FIX as DAMAGED_FIX
from writing_checks.pictures import PICTURE_SUFFIXES, damage

# What a picture in metadata or a setting may be: Pillow's kinds, and SVG for a logo or icon.
SUFFIXES = (*PICTURE_SUFFIXES, ".svg")
STATIC_PREFIXES = ("{static}", "|static|", "{attach}", "|attach|")


@dataclass(frozen=True)
class Picture:
    """A picture of the site: its address from the site's root (`images/chart.png`), its
    absolute address, its file, and its size in pixels (None for SVG)."""

    url: str
    absolute_url: str
    source: str
    width: int | None
    height: int | None


class NotAPicture(Exception):
    """Why a written picture cannot be used: `problem` and `fix`, for an AuthorError."""

    def __init__(self, problem, fix, missing=False):
        super().__init__(problem)
        self.problem, self.fix, self.missing = problem, fix, missing


def content_path(written, folder=""):
    """The path under content/ a picture is written as (`{static}/images/x.png`,
    `images/x.png` in a setting), `folder` being where a relative {static} path starts."""
    value = written.strip()
    for prefix in STATIC_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix):]
            break
    path = unquote(urlparse(value).path)
    joined = path[1:] if path.startswith("/") else posixpath.join(folder, path)
    return posixpath.normpath(joined)


def picture(relpath, context, settings, written, spelled):
    """The Picture of the static file at `relpath` under content/; NotAPicture if there is
    none. `spelled(path)` is how the coach writes a picture at `path` (for the fix)."""
    if not relpath.lower().endswith(SUFFIXES):
        raise NotAPicture(f"'{written}' is not a picture (PNG, JPEG, GIF, WebP or SVG)",
                          f"name a picture file in content/images/, for example '{spelled('images/photo.jpg')}'")
    static = context.get("static_content", {}).get(relpath)
    source = getattr(static, "source_path", None)
    if source is None and os.path.isfile(os.path.join(settings["PATH"], relpath)):
        raise NotAPicture(f"'{written}' is content/{relpath}, outside the folders of pictures the site publishes "
                          f"({', '.join(settings.get('STATIC_PATHS') or ())})",
                          f"move it into content/images/ and write '{spelled('images/' + posixpath.basename(relpath))}'")
    if source is None or not os.path.isfile(source):
        raise NotAPicture(f"the picture '{written}' {missing_problem(relpath, context)}",
                          fix_for_missing(relpath, context, spelled, nearest_files(relpath, context)), missing=True)
    if not relpath.lower().endswith(".svg") and damage(source):
        raise NotAPicture(f"'{written}' is content/{relpath}, which cannot be opened as a picture (the file "
                          "is damaged, or is not a picture at all)", DAMAGED_FIX)
    url = static_address(static).lstrip("/")
    width = height = None
    if not relpath.lower().endswith(".svg"):
        with Image.open(source) as opened:
            width, height = opened.size
    return Picture(url=url, absolute_url=f"{settings['SITEURL'].rstrip('/')}/{url}", source=source,
                   width=width, height=height)


def fix_for_missing(relpath, context, spelled, near):
    """Where the picture is when a file of that name is elsewhere under content/ (moved), else
    the nearest picture's name (`near`), else where to save it."""
    name = posixpath.basename(relpath)
    found = sorted(path for path in context.get("static_content", {})
                   if posixpath.basename(path) == name and path != relpath)
    if len(found) == 1:
        return f"the picture is now content/{found[0]}: write '{spelled(found[0])}'"
    if near:
        return f"write '{spelled(near[0])}'"
    return f"save the picture as content/{relpath}, or correct the name"


def from_address(written, context, settings):
    """The path under content/ of the static file at a site address (`/images/x.png`)."""
    siteurl = settings.get("SITEURL", "").rstrip("/")
    path = written[len(siteurl):] if siteurl and written.startswith(siteurl + "/") else written
    wanted = unquote(urlparse(path).path).strip("/")
    for relpath, static in context.get("static_content", {}).items():
        if static_address(static).strip("/") == wanted:
            return relpath
    return wanted  # no such address: named as the path it would be


def post_picture(content, context, settings):
    """The Picture a post's or page's `Image:` names, or None; AuthorError at that line."""
    written = str(content.metadata.get("image") or "").strip()
    if not written:
        return None
    siteurl = settings.get("SITEURL", "").rstrip("/")
    try:
        if written.startswith(STATIC_PREFIXES):
            relpath = content_path(written, posixpath.dirname(content.relative_source_path.replace(os.sep, "/")))
        elif written.startswith("/") and not written.startswith("//") or (siteurl and written.startswith(siteurl + "/")):
            relpath = from_address(written, context, settings)
        elif written.startswith(("https://", "http://", "//")):
            name = posixpath.basename(urlparse(written).path) or "picture.jpg"
            raise NotAPicture(
                f"Image: '{written}' is on another site: every reader's browser would ask that site for it",
                f"save the picture in content/images/ and write 'Image: {{static}}/images/{name}'")
        else:
            raise NotAPicture(f"Image: '{written}' is not a complete address",
                              f"write 'Image: {{static}}/images/{posixpath.basename(written)}' (the picture in "
                              "content/images/)")
        return picture(relpath, context, settings, written, lambda path: f"Image: {{static}}/{path}")
    except NotAPicture as problem:
        text = problem.problem if problem.problem.startswith(("Image:", "the picture")) else \
            f"the Image: {problem.problem}"
        raise AuthorError(text, problem.fix, path=content.source_path,
                          line=metadata_line(content.source_path, "image")) from None


def setting_picture(name, settings, context):
    """The Picture a setting names (a path under content/), or None when it is unset;
    AuthorError naming pelicanconf.py.

    As for CTA_DEFAULT: a picture missing from a folder that holds others (a typo, a renamed
    file), or moved elsewhere, stops the build; with no file there at all (a new site, or the
    content/ of a test) the site simply goes without."""
    written = settings.get(name)
    if not written:
        return None
    relpath = content_path(str(written))
    try:
        return picture(relpath, context, settings, str(written), lambda path: f'{name} = "{path}"')
    except NotAPicture as problem:
        folder, filename = posixpath.dirname(relpath) + "/", posixpath.basename(relpath)
        others = [path for path in context.get("static_content", {})
                  if path.startswith(folder) or posixpath.basename(path) == filename]
        if problem.missing and not others:
            return None
        text = problem.problem.replace(f"'{written}'", f"'{written}' ({name})", 1) if problem.missing else \
            f"{name} {problem.problem}"
        raise AuthorError(text, problem.fix, path="pelicanconf.py",
                          line=_setting_line(name)) from None


def _setting_line(name):
    """The line of pelicanconf.py (in the folder the build runs from) that sets `name`."""
    try:
        with open("pelicanconf.py", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.startswith(f"{name} ") or line.startswith(f"{name}="):
                    return number
    except OSError:
        return None
    return None


__all__ = ["Picture", "post_picture", "setting_picture"]
