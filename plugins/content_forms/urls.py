"""Rewrites every feed and email needs: absolute URLs, and nothing a reader refuses."""

from urllib.parse import urljoin

from lxml import etree

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "background")
UNSAFE_ELEMENTS = ("script", "style", "iframe", "object", "embed", "form", "noscript", "template")
# Only the elements these select can need a change: most of a post's elements (p, em,
# li...) have no attributes, and skipping them in C saves making a Python object for each.
URL_HOLDERS = etree.XPath(
    "descendant-or-self::*[" + " or ".join(f"@{name}" for name in (*URL_ATTRIBUTES, "srcset")) + "]"
)
WITH_ATTRIBUTES = etree.XPath("descendant-or-self::*[@*]")


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


def strip_unsafe(root):
    """Remove scripts, styles, embeds and forms, and every inline event handler."""
    for element in list(root.iter(*UNSAFE_ELEMENTS)):
        element.drop_tree()
    for element in WITH_ATTRIBUTES(root):
        for name in [n for n in element.attrib if n.lower().startswith("on")]:
            del element.attrib[name]
        href = element.get("href", "")
        if href.strip().lower().startswith("javascript:"):
            del element.attrib["href"]
