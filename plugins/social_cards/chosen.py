"""A picture the coach chose as a post's card: `Card:`, or else the post's `Image:`.

    Card: {static}/images/interview-card.png     a file in content/images/
    Card: /images/interview-card.png             the same, by its address on the site
    Card: https://cdn.example.org/card.jpg       a picture on another site, over https

A `Card:` that names no picture of the site (a typo, a file that is not a picture, a relative
path, an http:// address) stops the build at its line. `Image:` is read the same way, but
quietly: a picture that cannot be used there leaves the post with its made card (the
checks of `Image:` itself say what is wrong with it).
"""

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from PIL import Image

from writing_checks.errors import AuthorError
from writing_checks.links import _Folder, is_picture, missing_problem, nearest_files, static_address
from writing_checks.pictures import damage

# The formats social networks show as a card.
CARD_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
STATIC_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|")


@dataclass(frozen=True)
class Picture:
    """A card as the page's <head> announces it."""

    url: str
    width: int = 0  # 0: unknown (a picture on another site)
    height: int = 0
    alt: str = ""
    media_type: str = ""


MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp"}


class ChosenPictures:
    """The site's static pictures, to find the one a `Card:` or `Image:` line names."""

    def __init__(self, context, settings):
        self.siteurl = settings["SITEURL"].rstrip("/")
        self.by_path = {}
        self.by_address = {}
        for relpath, static in context.get("static_content", {}).items():
            source = getattr(static, "source_path", None)
            if source and os.path.isfile(source):
                self.by_path[relpath] = static
                address = static_address(static)
                if address:
                    self.by_address[unquote(address).lstrip("/")] = static

    def for_content(self, content, alt):
        """The Picture of the post's `Card:` (or `Image:`) line, or None to make a card."""
        written = str(content.metadata.get("card") or "").strip()
        if written:
            return self._picture(content, "card", written, alt, strict=True)
        written = content.metadata.get("image")
        if isinstance(written, str) and written.strip():
            return self._picture(content, "image", written.strip(), alt, strict=False)
        return None

    def _picture(self, content, key, written, alt, strict):
        try:
            return self._resolve(content, written, alt)
        except AuthorError as error:
            if not strict:
                return None
            error.key = key
            raise error.locate(content.source_path, _text_of(content.source_path)) from None

    def _resolve(self, content, written, alt):
        name = f"'{written}'"
        if written.startswith("https://") and not written.startswith(self.siteurl + "/"):
            if not urlparse(written).netloc:
                raise AuthorError(f"Card: {name} is not a complete address", "write the picture's full https:// address")
            suffix = os.path.splitext(urlparse(written).path)[1].lower()
            return Picture(url=written, alt=alt, media_type=MEDIA_TYPES.get(suffix, ""))
        if written.startswith("http://") and not written.startswith(self.siteurl + "/"):
            raise AuthorError(f"Card: {name} is loaded over http://, which social networks and browsers refuse "
                              "on an https site", f"write 'https://{written[len('http://'):]}' if that site offers "
                              "it, or save the picture in content/images/ and write '{static}/images/NAME'")
        static = self._static(content, written)
        source = static.source_path
        suffix = os.path.splitext(source)[1].lower()
        if suffix not in CARD_SUFFIXES:
            raise AuthorError(f"Card: {name} is a {suffix or 'file without an ending'}, which social networks do "
                              "not show", "save the card as PNG or JPEG (1200 x 630 pixels) and name that file")
        if damage(source):
            raise AuthorError(f"Card: {name} cannot be opened as a picture (the file is damaged, or is not a "
                              "picture at all)", "save it again as PNG or JPEG, or copy the original again")
        with Image.open(source) as picture:
            width, height = picture.size
        return Picture(url=f"{self.siteurl}/{static_address(static).lstrip('/')}", width=width, height=height,
                       alt=alt, media_type=MEDIA_TYPES[suffix])

    def _static(self, content, written):
        """The static file a `{static}...` link or a /address names; AuthorError if none."""
        name = f"'{written}'"
        prefix = next((p for p in STATIC_PREFIXES if written.startswith(p)), None)
        relpath = None
        if prefix:
            path = unquote(urlparse(written[len(prefix):]).path)
            relpath = _Folder(content).content_path(path)
            static = self.by_path.get(relpath)
        elif written.startswith(("/", self.siteurl + "/")):
            address = written[len(self.siteurl):] if written.startswith(self.siteurl + "/") else written
            static = self.by_address.get(unquote(urlparse(address).path).lstrip("/"))
        else:
            raise AuthorError(f"Card: {name} is neither a picture of the site nor an https:// address",
                              "write '{static}/images/NAME.png' for a picture in content/images/, or the "
                              "picture's full https:// address")
        if static is None:
            if relpath and is_picture(relpath):
                files = {"static_content": self.by_path}
                near = nearest_files(relpath, files)
                raise AuthorError(f"the picture {name} {missing_problem(relpath, files)}",
                                  f"write 'Card: {{static}}/{near[0]}'" if near else
                                  "check the file's name (capital letters count) and that it is in content/images/, "
                                  "or remove the Card: line to use the card the build makes")
            raise AuthorError(f"Card: {name} names no picture of the site (no such file in content/images/)",
                              "check the file's name (capital letters count) and that it is in content/images/, "
                              "or remove the Card: line to use the card the build makes")
        return static


def _text_of(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return None
