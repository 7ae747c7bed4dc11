"""The email form's own rewrites: what mail clients need that feeds do not.

Callouts and CTAs are rewritten by their own plugins' `email_form` receivers; this
one handles everything else: image sizes (Outlook ignores CSS sizes and needs
width/height attributes), markup mail clients drop or refuse, and inline CSS they
do not support.
"""

import os
import re
import weakref
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml import etree
from PIL import Image

from build_guard.content_cache import file_stamp
from content_forms import parse_fragment, serialize_children

from .settings import setting

# Elements with no place in an email; forms, scripts and iframes are already gone.
DROPPED_ELEMENTS = ("svg", "math", "video", "audio", "canvas", "source", "track", "input", "button",
                    "select", "textarea", "link", "meta", "base")
# Attributes mail clients ignore or that only matter on the web.
DROPPED_ATTRIBUTES = ("srcset", "sizes", "loading", "decoding", "fetchpriority", "tabindex",
                      "contenteditable", "draggable")
# The elements the attribute loop has work on: few of a post's, found in C (lxml).
ATTRIBUTE_HOLDERS = etree.XPath(
    "descendant-or-self::*[" + " or ".join(f"@{name}" for name in (*DROPPED_ATTRIBUTES, "style")) + "]"
)
# CSS mail clients drop or misrender (Outlook, Gmail): such declarations are removed.
UNSUPPORTED_PROPERTIES = re.compile(r"^(position|float|inset|z-index|grid.*|flex.*|place-.*)$")
UNSUPPORTED_DISPLAY = re.compile(r"\b(inline-)?(flex|grid)\b")
# The image files each post's email form looked for, with their stamps (None: not there):
# reuse.py carries a post's email over to the next build only while they are unchanged.
_IMAGES_READ = weakref.WeakKeyDictionary()


def prepare_for_mail(article, root):
    """`content_forms.email_form` receiver: size images, drop what mail clients refuse."""
    for element in list(root.iter(*DROPPED_ELEMENTS)):
        element.drop_tree()
    for details in list(root.iter("details")):  # a folded block no plugin claimed: show it open
        details.tag = "div"
        for summary in details.iter("summary"):
            summary.tag = "p"
    for picture in list(root.iter("picture")):
        picture.drop_tag()
    for element in ATTRIBUTE_HOLDERS(root):
        for name in DROPPED_ATTRIBUTES:
            element.attrib.pop(name, None)
        if element.get("style"):
            _clean_style(element)
    for table in root.iter("table"):  # Markdown tables: styled apart from layout tables
        if not table.get("class"):
            table.set("class", "data-table")
    _size_images(article, root)


def sized_block(article, html):
    """A CTA's or disclaimer's email HTML (`article` shows it) with its pictures sized as
    the post's own are: Outlook shows a picture with no width attribute at its full size,
    however wide the 600px column. The files looked at count as the post's (images_read)."""
    if "<img" not in html:
        return html
    root = parse_fragment(html)
    _size_images(article, root)
    return serialize_children(root)


def _size_images(article, root):
    """Size every picture in `root` for the email column; the files looked at are the post's."""
    stamps = _IMAGES_READ.setdefault(article, {})
    max_width = int(setting(article.settings, "EMAIL_WIDTH"))
    for image in root.iter("img"):
        _size_image(image, article.settings, max_width, stamps)


def images_read(article):
    """{path: stamp} of the local image files the post's email form looked for, found or
    not (and forgets them)."""
    return _IMAGES_READ.pop(article, {})


def supported_declaration(declaration):
    """False for CSS a mail client drops: flex, grid, position, custom properties."""
    name, _, value = declaration.partition(":")
    name, value = name.strip().lower(), value.strip().lower()
    if not name or not value or name.startswith("--") or "var(" in value:
        return False
    if UNSUPPORTED_PROPERTIES.match(name):
        return False
    return not (name == "display" and UNSUPPORTED_DISPLAY.search(value))


def _clean_style(element):
    kept = [d.strip() for d in element.get("style").split(";") if supported_declaration(d)]
    if kept:
        element.set("style", "; ".join(kept))
    else:
        del element.attrib["style"]


def _size_image(image, settings, max_width, stamps):
    """width/height attributes from the image file, scaled to fit the column; alt kept."""
    image.set("alt", image.get("alt", ""))
    path = local_file(image.get("src", ""), settings, stamps)
    size = intrinsic_size(path)
    if size is None:
        return
    width, height = size
    if width > max_width:
        width, height = max_width, round(height * max_width / width)
    image.set("width", str(width))
    image.set("height", str(height))


def local_file(url, settings, stamps=None):
    """The source file behind an image URL on this site, or None (another site, or missing).
    Every place looked in goes into `stamps` with its stamp, taken before the file is read,
    so an image added, replaced or removed later makes the email again (reuse.py)."""
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
    for path in candidates:
        if stamps is not None:
            stamps[path] = file_stamp(path)
        if os.path.isfile(path):
            return path
    return None


@lru_cache(maxsize=512)
def _cached_size(path, mtime):
    try:
        with Image.open(path) as picture:
            return picture.size
    except (OSError, ValueError):
        return None


def intrinsic_size(path):
    if path is None:
        return None
    return _cached_size(path, os.path.getmtime(path))
