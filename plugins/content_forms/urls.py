"""Absolute URLs, which every feed and email needs (relative ones resolve against nothing there)."""

from urllib.parse import urljoin

from lxml import etree

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "background")
# Only the elements these select can need a change: most of a post's elements (p, em,
# li...) have no attributes, and skipping them in C saves making a Python object for each.
URL_HOLDERS = etree.XPath(
    "descendant-or-self::*[" + " or ".join(f"@{name}" for name in (*URL_ATTRIBUTES, "srcset")) + "]"
)


def absolutize(root, base_url):
    """Make every URL attribute (and each srcset candidate) absolute against base_url."""
    for element in URL_HOLDERS(root):
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                element.set(name, urljoin(base_url, value.strip()))
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", ", ".join(_absolute_candidate(c, base_url) for c in srcset.split(",") if c.strip()))


def _absolute_candidate(candidate, base_url):
    url, _, descriptor = candidate.strip().partition(" ")
    return " ".join(filter(None, [urljoin(base_url, url), descriptor.strip()]))
