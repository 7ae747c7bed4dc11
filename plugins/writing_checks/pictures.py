"""The picture files that posts and pages show, opened once per build: a damaged one stops
the build at the line that shows it, a heavy one is named in a warning.

A picture saved half-way (a copy interrupted, a download that failed, a file renamed to
.png from another format) was published as a broken image on the page, in the feed and in
the email. A photo straight from a phone (3-8 MB) makes the page slow and costly on a
mobile connection: the build warns past IMAGE_WARN_KB, with the picture's size and the
files that show it; it still builds (the coach may mean it, for a photo to download).

Pictures are found where a post, page or summary links a file of the build's static
content (the calls-to-action and disclaimers a page shows are part of its HTML): with `{static}`, `{attach}` or `{filename}`, or by its
address (`/images/chart.png`, or with SITEURL).
"""

import functools
import html
import logging
import os
import re
from urllib.parse import unquote, urlparse

from PIL import Image

from build.settings import defaults, setting

from .contents import CONTENT_LISTS
from .errors import display_path, report
from .links import PICTURE_SUFFIXES, SiteAddresses, _Folder, _link_error, once_each, static_address

logger = logging.getLogger(__name__)

DEFAULTS = defaults({
    # A picture heavier than this (in KB) is named in a warning: too much for a phone.
    "IMAGE_WARN_KB": 1000,
})
STATIC_KEYS = ("static", "attach", "filename")
QUERY = re.compile(r"[?#]")


@functools.lru_cache(maxsize=1024)
def _damage(path, stamp):
    """Why Pillow cannot open the picture at `path` (`stamp`: its mtime and size), or None."""
    try:
        with Image.open(path) as picture:
            picture.verify()
    except Exception as error:  # Pillow raises many kinds for a damaged file
        return str(error) or type(error).__name__
    return None


def damage(path):
    stat = os.stat(path)
    return _damage(path, (stat.st_mtime_ns, stat.st_size))


class StaticPictures:
    """The build's static picture files, by their path under content/ and by their address."""

    def __init__(self, context, settings):
        self.by_path = {}
        self.by_address = {}
        for relpath, static in context.get("static_content", {}).items():
            source = getattr(static, "source_path", None)
            if source and relpath.lower().endswith(PICTURE_SUFFIXES) and os.path.isfile(source):
                self.by_path[relpath] = source
                address = static_address(static)
                if address:
                    self.by_address[unquote(address).lstrip("/")] = source
        self.addresses = SiteAddresses(settings.get("SITEURL"))

    def linked(self, content, text):
        """Yield (link as written, picture file) for each picture `text` links (a post's HTML)."""
        if not text or not self.by_path:
            return
        folder = _Folder(content)
        marked = any(key + end in text for key in STATIC_KEYS for end in ("}", "|"))
        for match in content._get_intrasite_link_regex().finditer(text) if marked else ():
            value = match.group("value")
            if match.group("what") in STATIC_KEYS and QUERY.split(value, 1)[0].lower().endswith(PICTURE_SUFFIXES):
                path = unquote(urlparse(html.unescape(value)).path)
                source = self.by_path.get(folder.content_path(path)) if path else None
                if source:
                    yield html.unescape(match.group("path")), source
        for link, path in self.addresses.links(text):
            source = self.by_address.get(unquote(path or "").lstrip("/"))
            if source:
                yield link, source


def check_pictures(generators):
    """`all_generators_finalized`: a damaged picture stops the build at each line that shows
    it; one over IMAGE_WARN_KB is named in a warning (once, with the files that show it)."""
    settings, context = generators[0].settings, generators[0].context
    pictures = StaticPictures(context, settings)
    if not pictures.by_path:
        return
    errors, shown_by = [], {}
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                for text in (content._content, content.metadata.get("summary")):
                    for link, source in pictures.linked(content, text):
                        shown_by.setdefault(source, {})[content.source_path] = None
                        if damage(source):
                            errors.append(_link_error(content, link, damaged(source), FIX, settings))
    if errors:
        errors = once_each(errors)
        for error in errors:
            report(error)
        raise errors[0]
    warn_bytes = setting(settings, "IMAGE_WARN_KB") * 1000
    for source, files in sorted(shown_by.items()):
        size = os.path.getsize(source)
        if warn_bytes and size > warn_bytes:
            logger.warning(
                "%s: this picture is %s, more than a reader on a phone should download for one picture "
                "(IMAGE_WARN_KB in pelicanconf.py: %g); shown by %s. Fix: make it smaller (about 1600 pixels wide is plenty) "
                "or save it as JPEG or WebP",
                display_path(source), weight(size), setting(settings, "IMAGE_WARN_KB"),
                ", ".join(display_path(path) for path in files),
            )


def weight(size):
    """A file size as a coach reads it: 640 KB, 4.8 MB."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"


FIX = "open it in an image editor and save it again as PNG or JPEG, or copy the original again"


def damaged(source):
    return (f"shows {display_path(source)}, which cannot be opened as a picture (the file is damaged, or is "
            "not a picture at all)")
