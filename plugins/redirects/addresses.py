"""An old address as the coach writes it (`Redirect-From: /2026/old-slug/`, a line of
content/removed.txt), read into the file a static host answers it with.

Only what a host that serves files can answer is taken: an address from the site's root,
ending in `/` (its folder's index.html; `/2026/old-slug` is the same address, as hosts add
the `/`) or in `.html`. Everything else is refused with what to write instead.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# Commas or spaces (or line breaks) between addresses: an address never holds a space (it
# would be written %20).
SEPARATORS = re.compile(r"[,\s]+")
PAGE_SUFFIXES = (".html", ".htm")


class AddressProblem(Exception):
    """An address that cannot be answered; `problem` and `fix` make the coach's line."""

    def __init__(self, problem, fix):
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class OldAddress:
    written: str  # as the coach wrote it
    shown: str  # as a reader's address bar shows it after the domain: /2026/old-slug/
    file: str  # the file that answers it, relative to the site's folder: 2026/old-slug/index.html


def written_addresses(value):
    """The addresses in a metadata value: one string, or a list (several lines), each
    holding one or more addresses separated by commas or spaces."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return [address for text in values for address in SEPARATORS.split(str(text or "")) if address]


def site_folder(siteurl):
    """The folder the site lives in on its domain: "" for https://example.org, "/blog" for
    https://example.org/blog."""
    siteurl = str(siteurl or "").rstrip("/")
    return urlsplit(siteurl).path.rstrip("/") if "://" in siteurl else ""


def old_address(written, folder=""):
    """The OldAddress for `written`, or AddressProblem saying what to write instead.
    `folder` is site_folder(SITEURL): `/blog/2026/x/` and `/2026/x/` are then one address."""
    example = f"{folder}/2026/old-slug/"
    check_written(written, example)
    path = unquote(written)
    if "\\" in path or any(unicodedata.category(c) == "Cc" for c in path):
        raise AddressProblem(f"'{written}' holds a backslash or an invisible character",
                             f"write it as the address bar shows it, such as '{example}'")
    if folder and (path == folder or path.startswith(folder + "/")):
        path = path[len(folder):] or "/"
    parts = checked_parts(written, path, example)
    last = parts[-1]
    if not path.endswith("/") and last.lower().endswith(PAGE_SUFFIXES):
        return OldAddress(written, folder + "/" + "/".join(parts), "/".join(parts))
    if not path.endswith("/") and "." in last:
        raise AddressProblem(
            f"'{written}' ends in '{'.' + last.rsplit('.', 1)[1]}': a site made of files can send "
            "readers on only from an address ending in / or .html",
            "remove it (a host serves such an address as a download, not a page)")
    return OldAddress(written, folder + "/" + "/".join(parts) + "/", "/".join([*parts, "index.html"]))


def check_written(written, example):
    """AddressProblem for an address not written from the site's root, or with a ? or # part."""
    if "://" in written or written.startswith("//"):
        path = urlsplit(written if "://" in written else "https:" + written).path or "/"
        raise AddressProblem(f"'{written}' is a full address",
                             f"write only what follows the domain, from its first /: '{path}'")
    if not written.startswith("/"):
        raise AddressProblem(f"'{written}' does not start with /",
                             f"write the address from the site's root, as '/{written}' (a post's "
                             f"old address is {example})")
    if "?" in written or "#" in written:
        cut = re.split(r"[?#]", written)[0]
        raise AddressProblem(f"'{written}' has a ? or # part, which a site made of files cannot "
                             "give a page of its own", f"write it without that part: '{cut}'")


def checked_parts(written, path, example):
    """The folders and file of `path` (from the site's folder), or AddressProblem for the home
    page or an empty, '.' or '..' part."""
    parts = path.strip("/").split("/")
    if path.strip("/") == "":
        raise AddressProblem(f"'{written}' is the home page, which is always there",
                             "remove it, and write the old address of this post or page instead")
    if any(part in ("", ".", "..") for part in parts):
        raise AddressProblem(f"'{written}' has an empty, '.' or '..' part",
                             f"write the address as the address bar shows it, such as '{example}'")
    return parts
