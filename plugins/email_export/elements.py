"""What an email needs of Markdown's own elements: pictures sized for the column they are in,
Markdown's tables told apart from the layout's, and folded text shown open (mail clients
have no <details>).

Outlook (Word) ignores CSS sizes: a picture needs `width` and `height` attributes, no wider
than its column, or it is shown at its full size. The column is EMAIL_WIDTH less the
content's padding (theme/templates/email/email.css: 16 px each side), and 36 px narrower
inside a box (a callout or a call-to-action: a 4 px bar and padding). The CSS keeps a picture,
or the box a blocked picture leaves, within the column on a phone (max-width: 100%).
"""

import os
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from PIL import Image

from blocks.render import element_hook
from build.settings import setting

CONTENT_PADDING = 16  # each side of the email's text column (email.css: .content)
BOX_INSET = 18  # each side, on average, inside a callout or call-to-action box (email.css)
BOXES = ("callout", "cta")


@element_hook("email", "img")
def size_picture(image, out):
    """`width`/`height` from the picture's file, scaled to fit its column."""
    settings = out.build.settings
    column = int(setting(settings, "EMAIL_WIDTH")) - 2 * CONTENT_PADDING
    column -= 2 * BOX_INSET * sum(1 for kind in out.inside if kind in BOXES)
    size = intrinsic_size(local_file(image.get("src", ""), settings))
    image.set("alt", image.get("alt", ""))
    if size is None:
        return
    width, height = size
    if width > column:
        width, height = column, round(height * column / width)
    image.set("width", str(width))
    image.set("height", str(height))


@element_hook("email", "table")
def data_table(table, out):
    """A table written in Markdown (the layout's own tables carry a class)."""
    if not table.get("class"):
        table.set("class", "data-table")


@element_hook("email", "details")
def unfolded(details, out):
    details.tag = "div"
    details.attrib.pop("open", None)


@element_hook("email", "summary")
def summary_as_paragraph(summary, out):
    summary.tag = "p"


def local_file(url, settings):
    """The source file behind a picture's address on this site, or None (another site, or missing)."""
    siteurl = settings["SITEURL"].rstrip("/") + "/"
    if not url.startswith(siteurl):
        return None
    relative = unquote(urlsplit(url[len(siteurl):]).path)
    theme_static = settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"
    candidates = [os.path.join(settings["PATH"], relative)]
    if relative.startswith(theme_static):
        candidates.append(os.path.join(settings["THEME"], "static", relative[len(theme_static):]))
    for source, metadata in settings.get("EXTRA_PATH_METADATA", {}).items():
        if metadata.get("path") == relative:
            candidates.append(os.path.join(settings["PATH"], source))
    return next((path for path in candidates if os.path.isfile(path)), None)


@lru_cache(maxsize=512)
def _cached_size(path, _mtime):  # the file's time: a changed picture is measured again
    try:
        with Image.open(path) as picture:
            return picture.size
    except (OSError, ValueError):
        return None


def intrinsic_size(path):
    if path is None:
        return None
    return _cached_size(path, os.path.getmtime(path))
